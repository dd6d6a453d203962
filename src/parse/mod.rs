//! Content files → typed documents.
//!
//! [`parse_file`] is pure (bytes in, document and diagnostics out), so tests, fuzzers
//! and serve's memoisation call it directly. The kind comes from the file's folder.

pub mod fields;
pub mod frontmatter;
pub mod slips;
pub mod terms;
pub mod yaml;

use crate::fingerprint::FastMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Position, Severity};
use crate::markdown;
use crate::messages::Msg;
use crate::model::{Common, DateAt, Document, Fields, IdRef, Kind, SectionIndex, slugify};
use fields::{Locator, Value};
use frontmatter::SplitError;

/// What one content file turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// Shared: serve's parse memo and every rebuild's site hold the same document.
    Document(std::sync::Arc<Document>),
    Section(Box<SectionIndex>),
    /// Nothing usable (the diagnostics say why).
    Nothing,
}

/// The result of parsing one file: what it is, its problems, and its normalised text
/// (kept for diagnostics' snippets).
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub parsed: Parsed,
    pub diagnostics: Diagnostics,
    /// The file's text (shared with serve's parse memo).
    pub text: Option<std::sync::Arc<str>>,
}

/// The kind and id a path under `content/` gives.
pub fn classify(content_path: &str, config: &Config) -> (Kind, bool) {
    let mut parts = content_path.split('/');
    let first = parts.next().unwrap_or("");
    let is_index = content_path.rsplit('/').next() == Some("_index.md");
    let in_folder = content_path.contains('/');
    match config.kind_of_folder(first) {
        Some(kind) if in_folder => (kind, is_index),
        _ => (Kind::Page, is_index),
    }
}

/// Parses one file. `path` is relative to the site root (`content/…`).
pub fn parse_file(path: &Path, bytes: &[u8], config: &Config) -> ParsedFile {
    let mut report = Report {
        lang: config.language,
        path,
        diags: Diagnostics::default(),
    };
    let Ok(raw) = std::str::from_utf8(bytes) else {
        report.push(Severity::Error, Position::START, Msg::NotUtf8);
        return report.nothing(None);
    };
    let mut text = frontmatter::normalise(raw);
    if let Some(replaced) = replace_controls(&text, &mut |position, code| {
        report.push(Severity::Error, position, Msg::ControlCharacter { code });
    }) {
        text = replaced.into();
    }
    let FrontMatter {
        split,
        mut entries,
        locator,
        syntax,
        lost_keys,
    } = match front_matter(&text) {
        Ok(read) => read,
        Err((position, msg)) => {
            report.push(Severity::Error, position, msg);
            return report.nothing(Some(text.into()));
        }
    };

    let content_path = content_relative(path);
    let (kind, is_index) = classify(&content_path, config);
    let mut problems = Vec::new();
    // A folder's `_index.md` is its list page's intro: common keys only.
    let contract = if is_index { Kind::Page } else { kind };
    let taxonomies = terms::of_kind(config, contract, is_index);
    let term_entries = terms::split_off(&mut entries, &taxonomies);
    let names: Vec<&str> = taxonomies.iter().map(|t| t.name.as_str()).collect();
    let options = fields::CheckOptions {
        title_required: !is_index,
        taxonomies: &names,
    };
    let mut values = fields::check(contract, entries, &locator, options, &mut problems);
    let terms = terms::check(term_entries, &taxonomies, &locator, &mut problems);

    let analysis = markdown::analyse(
        split.body,
        &text,
        split.body_offset,
        &content_path,
        markdown::AnalyseOptions {
            raw_html: config.raw_html,
            components: &config.components,
        },
    );
    for (position, finding) in analysis.findings {
        let (severity, msg) = finding_message(finding);
        report.push(severity, position, msg);
    }
    let body = analysis.body;
    let common = Common {
        terms,
        ..take_common(&mut values, &locator)
    };
    if let (Some(publish), Some(expires)) = (common.publish_date, common.expires)
        && expires.date <= publish.date
    {
        report.push(
            Severity::Error,
            expires.position,
            Msg::ExpiresBeforePublish {
                publish: publish.date.to_string(),
                expires: expires.date.to_string(),
            },
        );
    }
    // Front matter the parser refused still had its other entries checked; a key whose
    // entry was lost is not reported missing too.
    let syntax_failed = !syntax.is_empty();
    report.errors(syntax);
    let length = common.title.chars().count();
    if length > crate::messages::MAX_TITLE {
        report.push(
            Severity::Warning,
            common.title_position,
            Msg::LongTitle { length },
        );
    }

    if is_index {
        report.errors(without_lost(problems, &lost_keys));
        if syntax_failed {
            return report.nothing(Some(text.into()));
        }
        let folder = content_path.rsplit_once('/').map_or("", |(f, _)| f);
        let section = SectionIndex {
            folder: folder.to_string(),
            source_path: path.to_path_buf(),
            common,
            body,
        };
        return report.parsed(Parsed::Section(Box::new(section)), text.into());
    }

    let fields = take_fields(kind, &mut values, &locator, &mut problems);
    let has_errors = !problems.is_empty();
    report.errors(without_lost(problems, &lost_keys));
    if syntax_failed {
        return report.nothing(Some(text.into()));
    }
    let stem = content_path.rsplit('/').next().unwrap_or("");
    let id = slugify(stem.trim_end_matches(".md"));
    if id.is_empty() {
        report.push(Severity::Error, Position::START, Msg::EmptyId);
        return report.nothing(Some(text.into()));
    }
    let Some(fields) = fields.filter(|_| !has_errors || kind != Kind::Quadrant) else {
        return report.nothing(Some(text.into()));
    };
    let document = Document {
        kind,
        url_path: url_path(kind, &content_path, &id, config),
        id,
        source_path: path.to_path_buf(),
        content_path,
        common,
        fields,
        body,
    };
    let parsed = Parsed::Document(std::sync::Arc::new(document));
    report.parsed(parsed, text.into())
}

/// The diagnostics of the file being parsed.
struct Report<'a> {
    lang: crate::messages::Lang,
    path: &'a Path,
    diags: Diagnostics,
}

impl Report<'_> {
    fn push(&mut self, severity: Severity, position: Position, msg: Msg) {
        let (message, hint) = msg.text(self.lang);
        self.diags.push(Diagnostic {
            severity,
            code: msg.code(),
            file: self.path.to_path_buf(),
            position,
            message,
            hint,
        });
    }

    /// The front-matter checker's problems, each an error.
    fn errors(&mut self, problems: Vec<(Position, Msg)>) {
        for (position, msg) in problems {
            self.push(Severity::Error, position, msg);
        }
    }

    /// A file that gave something usable.
    fn parsed(self, parsed: Parsed, text: std::sync::Arc<str>) -> ParsedFile {
        ParsedFile {
            parsed,
            diagnostics: self.diags,
            text: Some(text),
        }
    }

    /// A file that gave nothing usable (the diagnostics say why).
    fn nothing(self, text: Option<std::sync::Arc<str>>) -> ParsedFile {
        ParsedFile {
            parsed: Parsed::Nothing,
            diagnostics: self.diags,
            text,
        }
    }
}

/// A file's front matter, read: the split, the top-level entries that could be read, a
/// locator for their positions, and — when the YAML parser refused it — every entry's
/// syntax problem with the keys of the entries it lost.
struct FrontMatter<'t> {
    split: frontmatter::Split<'t>,
    entries: Vec<(String, yaml::Yaml)>,
    locator: Locator<'t>,
    syntax: Vec<(Position, Msg)>,
    lost_keys: Vec<String>,
}

/// The front matter split off and read as a YAML mapping, with a locator for its keys;
/// or the one problem that stops reading the file.
fn front_matter(text: &str) -> Result<FrontMatter<'_>, (Position, Msg)> {
    let split = frontmatter::split(text).map_err(|e| {
        let msg = match e {
            SplitError::Empty => Msg::EmptyFile,
            SplitError::Missing => Msg::MissingFrontMatter,
            SplitError::Unterminated => Msg::UnterminatedFrontMatter,
        };
        (Position::START, msg)
    })?;
    let locator = Locator::new(text, split.front_matter_offset, split.front_matter.len());
    let (entries, syntax, lost_keys) = match yaml::parse_mapping(split.front_matter) {
        Ok(Some(entries)) => (entries, Vec::new(), Vec::new()),
        Ok(None) => return Err((locator.start(), Msg::FrontMatterNotMapping)),
        Err(e) => {
            let at_offset = Position::of_offset(text, split.front_matter_offset + e.offset);
            if let Some(key) = e.repeated_key {
                // serde_yaml has no position for it: the repeat when it is a top-level key.
                let at = locator.repeated_key(&key).unwrap_or(at_offset);
                return Err((at, Msg::RepeatedKey { key }));
            }
            let (entries, mut syntax, lost) = entry_by_entry(text, &split);
            if syntax.is_empty() {
                // Every entry reads on its own: the problem is between them.
                let (at, msg) = slips::explain(split.front_matter, e.offset, &e.detail);
                let at = Position::of_offset(text, split.front_matter_offset + at);
                syntax.push((at, msg));
            }
            (entries, syntax, lost)
        }
    };
    Ok(FrontMatter {
        split,
        entries,
        locator,
        syntax,
        lost_keys,
    })
}

/// The front-matter problems, without "missing" for keys whose entry did not read.
fn without_lost(mut problems: Vec<(Position, Msg)>, lost_keys: &[String]) -> Vec<(Position, Msg)> {
    if !lost_keys.is_empty() {
        problems
            .retain(|(_, m)| !matches!(m, Msg::MissingField { key } if lost_keys.contains(key)));
    }
    problems
}

/// What reading front matter entry by entry gives: the entries that read, the other
/// entries' problems, and the keys of the entries lost.
type EntryByEntry = (Vec<(String, yaml::Yaml)>, Vec<(Position, Msg)>, Vec<String>);

/// Front matter the parser refused, read one top-level entry at a time: the entries
/// that read, each other entry's problem (explained where it is a common slip), and the
/// keys of the entries lost.
fn entry_by_entry(text: &str, split: &frontmatter::Split<'_>) -> EntryByEntry {
    let mut entries = Vec::new();
    let mut syntax = Vec::new();
    let mut lost = Vec::new();
    for entry in slips::entries(split.front_matter) {
        let at = |offset: usize| {
            Position::of_offset(text, split.front_matter_offset + entry.offset + offset)
        };
        match yaml::parse_mapping(entry.text) {
            Ok(Some(read)) => entries.extend(read),
            Ok(None) => {
                syntax.push((at(0), Msg::FrontMatterNotMapping));
            }
            Err(e) => {
                let (offset, msg) = slips::explain(entry.text, e.offset, &e.detail);
                syntax.push((at(offset), msg));
                lost.extend(entry.keys().map(str::to_string));
            }
        }
    }
    (entries, syntax, lost)
}

/// A document's URL path: a page's from its folders, every other kind's from its
/// kind's folder.
pub fn url_path(kind: Kind, content_path: &str, id: &str, config: &Config) -> String {
    match kind {
        Kind::Page => {
            let dir = content_path.rsplit_once('/').map_or("", |(d, _)| d);
            let dir: Vec<String> = dir
                .split('/')
                .filter(|s| !s.is_empty())
                .map(slugify)
                .collect();
            let mut url = dir.join("/");
            if !url.is_empty() {
                url.push('/');
            }
            format!("{url}{id}/")
        }
        Kind::Chapter
        | Kind::Story
        | Kind::Agenda
        | Kind::AgendaTheme
        | Kind::Quadrant
        | Kind::Role => format!("{}/{id}/", config.folder(kind)),
    }
}

/// Reports each control character of a file (U+0000–U+001F but tab, newline, carriage
/// return) and returns the text with them replaced by U+FFFD, so that a preview of the
/// file (serve renders files with errors) cannot forge the placeholders `markdown`
/// writes for links. `None` when there are none (most files).
fn replace_controls(text: &str, report: &mut dyn FnMut(Position, u32)) -> Option<String> {
    let controls = crate::html_policy::control_characters(text);
    if controls.is_empty() {
        return None;
    }
    let mut positions = crate::diagnostics::Positions::new(text);
    for &(offset, c) in &controls {
        report(positions.at(offset), u32::from(c));
    }
    Some(
        text.chars()
            .map(|c| {
                if c < ' ' && !matches!(c, '\t' | '\n' | '\r') {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// The severity and message of something `markdown` found in a body.
fn finding_message(finding: markdown::Finding) -> (Severity, Msg) {
    use crate::html_policy::HtmlProblem;
    use markdown::Finding;
    match finding {
        Finding::ImageWithoutAlt { src } => (Severity::Warning, Msg::BodyImageWithoutAlt { src }),
        Finding::Html(HtmlProblem::Element { name }) => {
            (Severity::Error, Msg::RawHtml { element: name })
        }
        Finding::Html(HtmlProblem::Attribute { element, name }) => (
            Severity::Error,
            Msg::RawHtmlAttribute {
                element,
                attribute: name,
            },
        ),
        Finding::UnsafeLink { url, scheme } => (
            Severity::Error,
            Msg::UnsafeUrl {
                url,
                scheme,
                image: false,
            },
        ),
        Finding::UnsafeImage { url, scheme } => (
            Severity::Error,
            Msg::UnsafeUrl {
                url,
                scheme,
                image: true,
            },
        ),
        Finding::HeadingAttribute { name } => (Severity::Error, Msg::HeadingAttribute { name }),
        Finding::Component(msg) => (Severity::Error, msg),
    }
}

/// `content/verhalen/x.md` → `verhalen/x.md`.
pub fn content_relative(path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix("content").unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn take_common(values: &mut FastMap<&'static str, Value>, locator: &Locator<'_>) -> Common {
    Common {
        title: text(values, "title").unwrap_or_default(),
        title_position: locator.key("title"),
        summary: text(values, "summary"),
        description: text(values, "description"),
        draft: matches!(values.remove("draft"), Some(Value::Bool(true))),
        sample: matches!(values.remove("sample"), Some(Value::Bool(true)))
            .then(|| locator.key("sample")),
        weight: match values.remove("weight") {
            Some(Value::Int(i)) => Some(i),
            _ => None,
        },
        aliases: match values.remove("aliases") {
            Some(Value::TextList(list)) => {
                let positions = locator.tokens("aliases", list.iter().map(String::as_str));
                list.into_iter()
                    .zip(positions)
                    .map(|(id, position)| IdRef { position, id })
                    .collect()
            }
            _ => Vec::new(),
        },
        publish_date: date(values, "publish_date").map(|date| DateAt {
            date,
            position: locator.token("publish_date", &date.to_string()),
        }),
        expires: date(values, "expires").map(|date| DateAt {
            date,
            position: locator.token("expires", &date.to_string()),
        }),
        extra: match values.remove("extra") {
            Some(Value::Extra(entries)) => entries,
            _ => Vec::new(),
        },
        terms: Vec::new(),
    }
}

fn text(values: &mut FastMap<&'static str, Value>, key: &str) -> Option<String> {
    match values.remove(key) {
        Some(Value::Text(s)) => Some(s),
        _ => None,
    }
}

fn texts(values: &mut FastMap<&'static str, Value>, key: &str) -> Vec<String> {
    match values.remove(key) {
        Some(Value::TextList(s)) => s,
        _ => Vec::new(),
    }
}

fn ids(values: &mut FastMap<&'static str, Value>, key: &str) -> Vec<IdRef> {
    match values.remove(key) {
        Some(Value::Ids(ids)) => ids,
        _ => Vec::new(),
    }
}

fn date(values: &mut FastMap<&'static str, Value>, key: &str) -> Option<crate::model::Date> {
    match values.remove(key) {
        Some(Value::Date(d)) => Some(d),
        _ => None,
    }
}

/// Typed fields of `kind`. `None` when a required field that has no sensible stand-in
/// (a story's date, an agenda item's theme, a quadrant's axes) is missing.
fn take_fields(
    kind: Kind,
    values: &mut FastMap<&'static str, Value>,
    locator: &Locator<'_>,
    problems: &mut Vec<fields::Problem>,
) -> Option<Fields> {
    Some(match kind {
        Kind::Chapter => Fields::Chapter {
            date: date(values, "date"),
            updated: date(values, "updated"),
            authors: texts(values, "authors"),
            themes: ids(values, "themes"),
            quadrants: ids(values, "quadrants"),
            stories: ids(values, "stories"),
        },
        Kind::Story => {
            let image = text(values, "image");
            let image_alt = text(values, "image_alt");
            if image.is_some() && image_alt.is_none() {
                problems.push((locator.key("image"), Msg::ImageWithoutAlt));
            }
            Fields::Story {
                // A stand-in keeps the story (and its links) in the run; the error is reported.
                date: date(values, "date").unwrap_or(crate::model::Date {
                    year: 1970,
                    month: 1,
                    day: 1,
                }),
                updated: date(values, "updated"),
                themes: ids(values, "themes"),
                quadrants: ids(values, "quadrants"),
                roles: ids(values, "roles"),
                related: ids(values, "related"),
                place: text(values, "place"),
                authors: texts(values, "authors"),
                image,
                image_position: locator.key("image"),
                image_alt,
                date_position: locator.key("date"),
            }
        }
        Kind::Agenda => Fields::Agenda {
            theme: ids(values, "theme").into_iter().next().unwrap_or(IdRef {
                id: String::new(),
                position: Position::START,
            }),
            status: match values.remove("status") {
                Some(Value::Status(s)) => Some(s),
                _ => None,
            },
            owner: text(values, "owner"),
            due: date(values, "due"),
            quadrants: ids(values, "quadrants"),
            stories: ids(values, "stories"),
        },
        Kind::Quadrant => match values.remove("axes") {
            Some(Value::Axes(axes, axes_position)) => Fields::Quadrant {
                axes,
                axes_position,
                aka: texts(values, "aka"),
            },
            _ => return None,
        },
        Kind::AgendaTheme => Fields::AgendaTheme,
        Kind::Role => Fields::Role,
        Kind::Page => Fields::Page,
    })
}
