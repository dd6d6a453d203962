//! Template problems as a web team needs to read them: every Tera error at its
//! template's file, line and column; a `base.html` that lacks blocks the other templates
//! fill as one error that lists them (instead of Tera's error for every block of every
//! child template); an unclosed `{% if %}` at its own line (Tera points at the
//! `{% endblock %}` after it).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use tera::Tera;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Position, Severity, diagnostic as make};
use crate::messages::Msg;

use super::tags::{self, TemplateFile};

/// The templates that can be loaded together, as `(name, text)`: each is checked alone
/// first (so every syntax error is reported), then the blocks each child fills against
/// those its parents define. What cannot load is reported and left out.
pub(super) fn loadable(
    config: &Config,
    templates: &HashMap<String, TemplateFile>,
    setup: &dyn Fn(&mut Tera),
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut names: Vec<&String> = templates.keys().collect();
    names.sort();
    let mut parsed = Vec::new();
    for name in names {
        let t = &templates[name];
        let mut scratch = Tera::new();
        setup(&mut scratch);
        match scratch.add_raw_template(&t.name, &t.text) {
            Err(e) if !matches!(e.kind(), tera::ErrorKind::MissingParent { .. }) => {
                diags.push(diagnostic(config, templates, &t.name, &e));
            }
            _ => parsed.push(t),
        }
    }
    let missing = missing_blocks(&parsed);
    for (root, blocks) in &missing {
        let file = templates
            .get(root)
            .map_or_else(|| Path::new(root).to_path_buf(), |t| t.path.clone());
        diags.push(make(
            config.language,
            Severity::Error,
            &file,
            Position::START,
            Msg::TemplateBlocksMissing {
                base: root.clone(),
                missing: blocks
                    .iter()
                    .map(|(block, users)| (block.clone(), users.clone()))
                    .collect(),
            },
        ));
    }
    let left_out: Vec<&String> = missing
        .values()
        .flat_map(|blocks| blocks.values().flatten())
        .collect();
    parsed
        .into_iter()
        .filter(|t| !left_out.contains(&&t.name))
        .map(|t| (t.name.clone(), t.text.clone()))
        .collect()
}

/// Blocks that templates fill but none of their parents defines, per template at the
/// top of the chain (`base.html`): block → the templates that fill it.
type Missing = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn missing_blocks(templates: &[&TemplateFile]) -> Missing {
    let by_name: HashMap<&str, &TemplateFile> =
        templates.iter().map(|t| (t.name.as_str(), *t)).collect();
    let mut missing = Missing::new();
    for t in templates {
        let mut defined: Vec<&str> = Vec::new();
        let mut root = None;
        let mut parent = tags::extends(&t.text);
        // At most one step per template: a circle of `extends` ends (Tera reports it).
        for _ in 0..templates.len() {
            let Some(p) = parent.and_then(|p| by_name.get(p)) else {
                break;
            };
            defined.extend(tags::blocks(&p.text).into_iter().map(|(b, _)| b));
            root = Some(p.name.as_str());
            parent = tags::extends(&p.text);
        }
        let Some(root) = root else { continue };
        for (block, _) in tags::blocks(&t.text) {
            if !defined.contains(&block) {
                let users = missing
                    .entry(root.to_string())
                    .or_default()
                    .entry(block.to_string())
                    .or_default();
                if !users.contains(&t.name) {
                    users.push(t.name.clone());
                }
            }
        }
    }
    missing
}

/// A Tera error as a diagnostic at the template's file, line and column (`fallback`
/// names the template when the error does not). A syntax error after an unclosed tag
/// is reported at that tag.
pub(super) fn diagnostic(
    config: &Config,
    templates: &HashMap<String, TemplateFile>,
    fallback: &str,
    e: &tera::Error,
) -> Diagnostic {
    let (name, position, detail) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let name = if r.filename().is_empty() {
                fallback
            } else {
                r.filename()
            };
            (
                name.to_string(),
                Position {
                    line: span.start_line.max(1),
                    column: span.start_col + 1,
                },
                r.message().to_string(),
            )
        }
        other => (fallback.to_string(), Position::START, other.to_string()),
    };
    let template = templates.get(&name);
    let file = template.map_or_else(|| Path::new(&name).to_path_buf(), |t| t.path.clone());
    if let (tera::ErrorKind::SyntaxError(_), Some(t)) = (e.kind(), template)
        && let Some((opener, closer)) = tags::unclosed(&t.text)
    {
        let at = Position::of_offset(&t.text, opener.offset);
        if (at.line, at.column) <= (position.line, position.column) {
            let tag = if opener.args.is_empty() {
                format!("{{% {} %}}", opener.name)
            } else {
                format!("{{% {} {} %}}", opener.name, opener.args)
            };
            return make(
                config.language,
                Severity::Error,
                &file,
                at,
                Msg::TemplateUnclosedTag {
                    tag,
                    closer: closer.to_string(),
                    reported: format!("{}:{}", position.line, position.column),
                    detail,
                },
            );
        }
    }
    make(
        config.language,
        Severity::Error,
        &file,
        position,
        Msg::TemplateError { detail },
    )
}

/// One template error on many pages, as one diagnostic: the same file and position
/// failing on every page of a kind is one mistake (it used to be counted once per
/// page, and shown once).
pub(super) fn group(failures: Vec<Failure>, config: &Config) -> Vec<Diagnostic> {
    let mut groups: Vec<(Failure, usize)> = Vec::new();
    let mut index: HashMap<(std::path::PathBuf, Position), usize> = HashMap::new();
    for f in failures {
        let key = (f.diagnostic.file.clone(), f.diagnostic.position);
        match index.get(&key) {
            Some(&i) => groups[i].1 += 1,
            None => {
                index.insert(key, groups.len());
                groups.push((f, 1));
            }
        }
    }
    groups
        .into_iter()
        .map(|(f, pages)| {
            if pages == 1 || f.diagnostic.code != "template" {
                return f.diagnostic;
            }
            make(
                config.language,
                Severity::Error,
                &f.diagnostic.file,
                f.diagnostic.position,
                Msg::TemplateErrorOnPages {
                    detail: f.detail,
                    pages,
                    first: f.page,
                },
            )
        })
        .collect()
}

/// A page that could not be rendered: its diagnostic, Tera's words, and the page.
pub struct Failure {
    pub diagnostic: Diagnostic,
    pub detail: String,
    /// The page's site path.
    pub page: String,
}

impl Failure {
    pub(super) fn new(
        config: &Config,
        templates: &HashMap<String, TemplateFile>,
        template: &str,
        e: &tera::Error,
        page: String,
    ) -> Box<Failure> {
        let detail = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                r.message().to_string()
            }
            other => other.to_string(),
        };
        Box::new(Failure {
            diagnostic: diagnostic(config, templates, template, e),
            detail,
            page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> TemplateFile {
        TemplateFile {
            name: name.to_string(),
            path: Path::new("templates").join(name),
            text: text.to_string(),
        }
    }

    #[test]
    fn blocks_a_base_lacks_are_listed_per_block_with_their_templates() {
        let base = file(
            "base.html",
            "<main>{% block main %}{% endblock main %}</main>",
        );
        let story = file(
            "story.html",
            "{% extends \"base.html\" %}{% block title %}x{% endblock title %}{% block og_title %}{% endblock %}{% block main %}{% endblock %}",
        );
        let page = file(
            "page.html",
            "{% extends \"base.html\" %}{% block title %}y{% endblock title %}",
        );
        let missing = missing_blocks(&[&base, &story, &page]);
        let base_missing = &missing["base.html"];
        assert_eq!(
            base_missing.keys().collect::<Vec<_>>(),
            ["og_title", "title"]
        );
        assert_eq!(base_missing["title"], ["story.html", "page.html"]);
    }
}
