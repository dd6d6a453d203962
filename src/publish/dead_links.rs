//! Dead links of the output as editors and web teams need them: at the template that
//! wrote the link (file, line and column of the path in its text), at the content file
//! whose body holds it, or at the static file; else at the output file. Only a build
//! with dead links pays for this (the pages' jobs are listed once, templates searched).

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Position, Severity, diagnostic};
use crate::fingerprint::FastMap;
use crate::link_check::Dead;
use crate::messages::Msg;
use crate::render::{self, Job, Theme, tags};
use crate::resolve::Site;

/// Where the output's files come from.
pub struct Origins<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    /// The theme's name (for the source path of its static files).
    pub theme_name: &'a str,
    pub config: &'a Config,
    /// The output folder as editors are shown it.
    pub label: &'a Path,
    /// Whether an output path is one of the site's static files.
    pub is_static: &'a dyn Fn(&str) -> bool,
}

/// One diagnostic per dead link, at its origin. A link from a body to an image `resolve`
/// already reported missing is not reported again.
pub fn diagnostics(dead: Vec<Dead>, origins: &Origins<'_>) -> Vec<Diagnostic> {
    if dead.is_empty() {
        return Vec::new();
    }
    let (site, config) = (origins.site, origins.config);
    let jobs: FastMap<String, Job> = render::jobs(site, config)
        .into_iter()
        .map(|job| {
            let file = crate::output::file_of(&render::path_of(site, config, &job));
            (file, job)
        })
        .collect();
    // One template line writing one dead URL on every page is one mistake: grouped by
    // where it is reported and what it says, with the first page named.
    let mut groups: Vec<(PathBuf, Position, Option<String>, Dead, usize)> = Vec::new();
    let mut index: FastMap<(PathBuf, Position, String, Option<String>), usize> = FastMap::default();
    let mut searched = FastMap::default();
    for d in dead {
        let Some((file, position, template)) =
            origin(&d, origins, jobs.get(&d.page), &mut searched)
        else {
            continue;
        };
        let key = (file, position, d.url.clone(), d.missing_id.clone());
        match index.get(&key) {
            Some(&i) => groups[i].4 += 1,
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key.0, key.1, template, d, 0));
            }
        }
    }
    groups
        .into_iter()
        .map(|(file, position, template, d, others)| {
            let page = page_url(config, &d.page);
            let msg = match d.missing_id {
                Some(id) => Msg::DeadAnchor {
                    url: d.url,
                    page,
                    others,
                    id,
                    template,
                },
                None => Msg::DeadLink {
                    url: d.url,
                    page,
                    others,
                    template,
                },
            };
            diagnostic(config.language, Severity::Error, &file, position, msg)
        })
        .collect()
}

/// `verhalen/x/index.html` → `/verhalen/x/` (base path included), as visitors see it.
pub(super) fn page_url(config: &Config, file: &str) -> String {
    let path = file.strip_suffix("index.html").unwrap_or(file);
    format!("{}{path}", config.base_path)
}

/// The file, position and template (when a template wrote it) a dead link is reported
/// at; `None` when it is not reported (already reported by `resolve`).
/// Templates already searched: (page template, URL) → what was found.
type Searched = FastMap<(&'static str, String), Option<(String, PathBuf, Position)>>;

fn origin(
    d: &Dead,
    origins: &Origins<'_>,
    job: Option<&Job>,
    searched: &mut Searched,
) -> Option<(PathBuf, Position, Option<String>)> {
    let in_output = Position {
        line: d.line,
        column: d.column,
    };
    if (origins.is_static)(&d.page) {
        return Some((Path::new("static").join(&d.page), in_output, None));
    }
    if origins.theme.static_files.contains_key(&d.page) {
        let file = Path::new("themes")
            .join(origins.theme_name)
            .join("static")
            .join(&d.page);
        return Some((file, in_output, None));
    }
    // A link of the site's own menu: at its `url` in site.toml.
    let menus = &origins.config.menus;
    let menu_items = menus.main.iter().chain(&menus.footer).flatten();
    if d.missing_id.is_none()
        && let Some(item) = menu_items
            .into_iter()
            .find(|item| item.href(&origins.config.base_path) == d.url)
    {
        let file = PathBuf::from(crate::config::CONFIG_FILE);
        return Some((file, item.position, None));
    }
    let output_file = origins.label.join(&d.page);
    let Some(job) = job else {
        return Some((output_file, in_output, None));
    };
    let template = render::template_of(origins.site, job);
    let found = searched
        .entry((template, d.url.clone()))
        .or_insert_with(|| in_templates(origins.theme, template, &needles(origins.config, d)));
    if let Some((name, file, position)) = found.clone() {
        return Some((file, position, Some(name)));
    }
    match in_bodies(origins, job, &d.url) {
        Some(Body::Reported) => None,
        Some(Body::In(file)) => Some((file, Position::START, None)),
        None => Some((output_file, in_output, Some(template.to_string()))),
    }
}

/// What a template may have written of a dead URL, longest first: `#id` of a dead
/// anchor; else the path below the base path (`css/nope.css`) and its shorter tails
/// (`nope.css`), as templates write a path after a variable (`{{ section.url }}print/`).
fn needles(config: &Config, d: &Dead) -> Vec<String> {
    if let Some(id) = &d.missing_id {
        return vec![format!("#{id}")];
    }
    let url = d.url.split(['#', '?']).next().unwrap_or("");
    let path = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("", |p| &url[i + 3 + p..]),
        None => url,
    };
    let rel = path
        .strip_prefix(config.base_path.as_str())
        .unwrap_or(path.trim_start_matches('/'));
    let trailing = if rel.ends_with('/') { "/" } else { "" };
    let segments: Vec<&str> = rel.trim_end_matches('/').split('/').collect();
    let mut out: Vec<String> = (0..segments.len())
        .map(|k| format!("{}{trailing}", segments[k..].join("/")))
        .enumerate()
        .filter(|(k, tail)| *k == 0 || tail.len() >= 3)
        .map(|(_, tail)| tail)
        .collect();
    out.retain(|n| !n.is_empty());
    out
}

/// The first needle found in the template of a page, the templates it includes and
/// those it extends: the template's name, file and the needle's position.
pub(super) fn in_templates(
    theme: &Theme,
    template: &str,
    needles: &[String],
) -> Option<(String, PathBuf, Position)> {
    let chain = chain(theme, template);
    for needle in needles {
        for name in &chain {
            let Some(t) = theme.template(name) else {
                continue;
            };
            if let Some(at) = t.text.find(needle.as_str()) {
                return Some((
                    name.clone(),
                    t.path.clone(),
                    Position::of_offset(&t.text, at),
                ));
            }
        }
    }
    None
}

/// A page's template, then what it includes, then its parents (and theirs).
fn chain(theme: &Theme, template: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![template.to_string()];
    let mut i = 0;
    // Bounded: a circle of includes or extends adds nothing new.
    while i < out.len() && out.len() < 64 {
        if let Some(t) = theme.template(&out[i]) {
            let text = &t.text;
            for next in tags::includes(text).into_iter().chain(tags::extends(text)) {
                if !out.iter().any(|n| n == next) {
                    out.push(next.to_string());
                }
            }
        }
        i += 1;
    }
    out
}

/// The documents whose text a page shows: its own, the chapters on the print page, the
/// folder's `_index.md` on the home and list pages (`check --extern` looks for a URL in
/// their source).
pub(super) fn shown_sources<'s>(site: &'s Site, config: &Config, job: &Job) -> Vec<&'s Path> {
    let mut out: Vec<&Path> = match job {
        Job::Document(i) => vec![site.docs[*i].source_path.as_path()],
        Job::Print => site
            .of_kind(crate::model::Kind::Chapter)
            .iter()
            .map(|&i| site.docs[i].source_path.as_path())
            .collect(),
        _ => Vec::new(),
    };
    let folder = match job {
        Job::Home => Some(""),
        Job::List { kind, page: 1 } => Some(config.folder(*kind)),
        Job::Print => Some(config.folder(crate::model::Kind::Chapter)),
        _ => None,
    };
    if let Some((section, _)) = folder.and_then(|f| site.sections.get(f)) {
        out.push(section.source_path.as_path());
    }
    out
}

/// Whether a body shown on the page holds the link.
enum Body {
    /// In the body of this content file.
    In(PathBuf),
    /// A body's image `resolve` reported missing already.
    Reported,
}

fn in_bodies(origins: &Origins<'_>, job: &Job, url: &str) -> Option<Body> {
    let site = origins.site;
    let config = origins.config;
    let written = format!("\"{}\"", escape(url));
    let docs: Vec<usize> = match job {
        Job::Document(i) => vec![*i],
        Job::Print => site.of_kind(crate::model::Kind::Chapter).to_vec(),
        _ => Vec::new(),
    };
    for i in docs {
        let d = &site.docs[i];
        if site.content(i).contains(&written) {
            if d.body.images.iter().any(|img| img.src == url) {
                return Some(Body::Reported);
            }
            return Some(Body::In(d.source_path.clone()));
        }
    }
    let folder = match job {
        Job::Home => Some(""),
        Job::List { kind, page: 1 } => Some(config.folder(*kind)),
        Job::Print => Some(config.folder(crate::model::Kind::Chapter)),
        _ => None,
    };
    let (section, html) = site.sections.get(folder?)?;
    if !html.contains(&written) {
        return None;
    }
    if section.body.images.iter().any(|img| img.src == url) {
        return Some(Body::Reported);
    }
    Some(Body::In(section.source_path.clone()))
}

/// A URL as a body's HTML writes it in an attribute.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_run_from_the_whole_path_to_its_tails() {
        let config = Config::default();
        let dead = |url: &str, id: Option<&str>| Dead {
            page: "index.html".into(),
            url: url.into(),
            missing_id: id.map(str::to_string),
            line: 1,
            column: 1,
        };
        assert_eq!(
            needles(&config, &dead("/css/nope.css", None)),
            ["css/nope.css", "nope.css"]
        );
        assert_eq!(
            needles(&config, &dead("/verhaal/print/", None)),
            ["verhaal/print/", "print/"]
        );
        assert_eq!(needles(&config, &dead("/privacy/", None)), ["privacy/"]);
        assert_eq!(
            needles(&config, &dead("/verhalen/x/#weg", Some("weg"))),
            ["#weg"]
        );
    }
}
