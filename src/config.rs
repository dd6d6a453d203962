//! `site.toml` → a validated [`Config`].
//!
//! Every problem (syntax, unknown keys, wrong types, bad values) becomes a diagnostic
//! at its line and column; the config still comes back with defaults where it could,
//! so later stages can report their own problems in the same run.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::brand::Brand;
use crate::diagnostics::{Diagnostic, Diagnostics, Position, Severity};
use crate::locale::Locale;
use crate::messages::{Lang, Msg, suggest};
use crate::model::Kind;

pub const CONFIG_FILE: &str = "site.toml";

/// `security.txt` (RFC 9116) contents, when configured.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecurityTxt {
    pub contact: Vec<String>,
    /// RFC 3339 date-time, e.g. `2027-06-30T00:00:00Z`.
    pub expires: String,
    pub preferred_languages: Option<String>,
    pub policy: Option<String>,
}

/// The validated site configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path of `base_url`: starts and ends with `/`.
    pub base_path: String,
    /// The language of messages to editors.
    pub language: Lang,
    /// The language of the site: its UI strings, dates, labels and search.
    pub locale: Locale,
    /// The template theme under `themes/`.
    pub theme: String,
    pub municipality: String,
    pub brand: Brand,
    /// Folder under `content/` per kind (the URL segment follows it).
    pub folders: BTreeMap<Kind, String>,
    pub output_dir: PathBuf,
    pub page_size: usize,
    pub drafts: bool,
    /// How many related stories a story shows.
    pub related_count: usize,
    pub security_txt: Option<SecurityTxt>,
    /// URL prefixes the privacy check permits.
    pub privacy_allow: Vec<String>,
    /// Preview build for staging: `noindex` everywhere, robots.txt disallows all.
    pub preview: bool,
    /// Full-text search (`[search] enabled`, default true).
    pub search: bool,
    /// Raw HTML in Markdown passes unchecked (`[markdown] raw_html`, default false).
    pub raw_html: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Verhaal".into(),
            description: None,
            base_url: "/".into(),
            base_path: "/".into(),
            language: Lang::Nl,
            locale: Locale::Nl,
            theme: "gemeente".into(),
            municipality: "Gemeente".into(),
            brand: Brand::default(),
            folders: Kind::FOLDER_KINDS
                .iter()
                .map(|k| (*k, k.default_folder().to_string()))
                .collect(),
            output_dir: PathBuf::from("public"),
            page_size: 20,
            drafts: false,
            related_count: 5,
            security_txt: None,
            privacy_allow: Vec::new(),
            preview: false,
            search: true,
            raw_html: false,
        }
    }
}

impl Config {
    pub fn folder(&self, kind: Kind) -> &str {
        self.folders.get(&kind).map_or("", String::as_str)
    }

    /// The kind whose folder is `first` (the first path segment under `content/`).
    pub fn kind_of_folder(&self, first: &str) -> Option<Kind> {
        self.folders
            .iter()
            .find(|(_, f)| f.as_str() == first)
            .map(|(k, _)| *k)
    }

    /// Replaces the base URL (from `--base-url` or serve), keeping the rest.
    pub fn set_base_url(&mut self, url: &str) -> bool {
        match split_base_url(url) {
            Some((base_url, base_path)) => {
                self.base_url = base_url;
                self.base_path = base_path;
                true
            }
            None => false,
        }
    }

    /// Absolute URL of a site-relative path (`verhalen/x/`).
    pub fn absolute_url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path)
    }
}

/// One top-level key of site.toml as read: its value, where it is, the file's text (for
/// the positions of nested keys) and the language of messages.
struct Entry<'a> {
    key: &'a str,
    value: &'a toml::Value,
    pos: Position,
    text: &'a str,
    lang: Lang,
}

impl Entry<'_> {
    fn report(&self, diags: &mut Diagnostics, msg: Msg) {
        push(diags, self.lang, self.pos, msg);
    }

    fn wrong_type(&self, diags: &mut Diagnostics, expected: &'static str) {
        let key = self.key.to_string();
        self.report(diags, Msg::WrongType { key, expected });
    }

    fn text(&self, diags: &mut Diagnostics) -> Option<String> {
        let text = self.value.as_str().map(str::to_string);
        if text.is_none() {
            self.wrong_type(diags, "text");
        }
        text
    }

    fn table(&self, diags: &mut Diagnostics) -> Option<&toml::Table> {
        let table = self.value.as_table();
        if table.is_none() {
            self.wrong_type(diags, "a mapping");
        }
        table
    }

    /// A whole number from 1 to 10,000.
    fn count(&self, diags: &mut Diagnostics) -> Option<usize> {
        match self.value.as_integer() {
            Some(n) if (1..=10_000).contains(&n) => usize::try_from(n).ok(),
            Some(n) => {
                let msg = Msg::InvalidValue {
                    key: self.key.to_string(),
                    value: n.to_string(),
                    allowed: vec!["1 … 10000".into()],
                };
                self.report(diags, msg);
                None
            }
            None => {
                self.wrong_type(diags, "a whole number");
                None
            }
        }
    }

    /// A `[section]` with one boolean key (`[build] preview`, `[search] enabled`, …).
    fn one_bool(&self, key: &'static str, diags: &mut Diagnostics) -> Option<bool> {
        one_bool_table(self.value, self.text, self.key, key, self.lang, diags)
    }
}

/// How one top-level key is read into the config.
type Read = fn(&mut Config, &Entry<'_>, &mut Diagnostics);

/// The top level of site.toml: every key and how it is read. A key not in this table is
/// unknown (with a suggestion from it); docs/configuration.md documents each (held to
/// this table by `tests/testsuite/docs_contract.rs` through `check`'s hints).
const TOP_LEVEL: &[(&str, Read)] = &[
    ("search", |c, e, d| {
        if let Some(b) = e.one_bool("enabled", d) {
            c.search = b;
        }
    }),
    ("markdown", |c, e, d| {
        if let Some(b) = e.one_bool("raw_html", d) {
            c.raw_html = b;
        }
    }),
    ("build", |c, e, d| {
        if let Some(b) = e.one_bool("preview", d) {
            c.preview = b;
        }
    }),
    ("security_txt", |c, e, d| {
        if let Some(table) = e.table(d) {
            c.security_txt = parse_security_txt(table, e.text, e.lang, d);
        }
    }),
    ("privacy", |c, e, d| {
        if let Some(table) = e.table(d) {
            c.privacy_allow = parse_privacy(table, e.text, e.lang, d);
        }
    }),
    ("title", |c, e, d| {
        if let Some(v) = e.text(d) {
            c.title = v;
        }
    }),
    ("description", |c, e, d| c.description = e.text(d)),
    ("base_url", |c, e, d| {
        if let Some(v) = e.text(d)
            && !c.set_base_url(&v)
        {
            e.report(d, Msg::InvalidBaseUrl { value: v });
        }
    }),
    ("language", |c, e, d| {
        if let Some(v) = e.text(d) {
            // One key sets both for now: a site in English speaks English to its
            // editors too.
            match v.as_str() {
                "nl" => (c.language, c.locale) = (Lang::Nl, Locale::Nl),
                "en" => (c.language, c.locale) = (Lang::En, Locale::En),
                _ => {
                    let key = e.key.to_string();
                    let allowed = vec!["nl".into(), "en".into()];
                    e.report(
                        d,
                        Msg::InvalidValue {
                            key,
                            value: v,
                            allowed,
                        },
                    );
                }
            }
        }
    }),
    ("theme", |c, e, d| {
        if let Some(v) = e.text(d) {
            c.theme = v;
        }
    }),
    ("municipality", |c, e, d| {
        if let Some(v) = e.text(d) {
            c.municipality = v;
        }
    }),
    ("brand", |c, e, d| {
        if let Some(brand) = e.table(d) {
            parse_brand(brand, &mut c.brand, e.text, e.lang, d);
        }
    }),
    ("folders", |c, e, d| {
        if let Some(folders) = e.table(d) {
            parse_folders(folders, &mut c.folders, e.text, e.lang, d);
        }
    }),
    ("output_dir", |c, e, d| {
        if let Some(v) = e.text(d) {
            if output_dir_inside(&v) {
                c.output_dir = PathBuf::from(v);
            } else {
                e.report(d, Msg::OutputDirOutsideSite { value: v });
            }
        }
    }),
    ("page_size", |c, e, d| {
        if let Some(n) = e.count(d) {
            c.page_size = n;
        }
    }),
    ("drafts", |c, e, d| match e.value.as_bool() {
        Some(b) => c.drafts = b,
        None => e.wrong_type(d, "true or false"),
    }),
    ("related_count", |c, e, d| {
        if let Some(n) = e.count(d) {
            c.related_count = n;
        }
    }),
];

const BRAND_KEYS: [&str; 5] = ["primary", "text", "background", "logo", "font_family"];
const FOLDER_KEYS: [&str; 6] = [
    "chapter",
    "story",
    "agenda",
    "agenda_theme",
    "quadrant",
    "role",
];

/// Parses `site.toml` text. Problems go to `diags`; defaults fill the gaps.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Config {
    let mut config = Config::default();
    let lang = config_lang_guess(text);
    let report =
        |position: Position, msg: Msg, diags: &mut Diagnostics| push(diags, lang, position, msg);
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            let e: toml::de::Error = e;
            let position = e
                .span()
                .map_or(Position::START, |s| Position::of_offset(text, s.start));
            let detail = e.message().trim().to_string();
            report(position, Msg::TomlSyntax { detail }, diags);
            return config;
        }
    };
    let locate = |section: Option<&str>, key: &str| locate_key(text, section, key);

    let top_keys: Vec<&'static str> = TOP_LEVEL.iter().map(|(k, _)| *k).collect();
    for (key, value) in &table {
        let entry = Entry {
            key,
            value,
            pos: locate(None, key),
            text,
            lang,
        };
        match TOP_LEVEL.iter().find(|(k, _)| *k == key.as_str()) {
            Some((_, read)) => read(&mut config, &entry, diags),
            None => report(entry.pos, unknown(key, &top_keys), diags),
        }
    }
    for low in crate::brand::check(&config.brand) {
        let position = locate_key(text, Some("brand"), low.key);
        let pair = lang.pick(low.pair.0, low.pair.1).to_string();
        report(
            position,
            Msg::LowContrast {
                pair,
                ratio: format!("{:.2}", low.ratio),
            },
            diags,
        );
    }
    config
}

/// Whether `output_dir` from site.toml names a folder inside the site root that is not
/// hidden: relative, no `..`, no part starting with `.` (a branch's site.toml must not
/// make a plain `verteller build` write into `~/.ssh`). Symbolic links on the way are
/// checked when the build opens the folder (`output::check_output_dir`).
pub fn output_dir_inside(value: &str) -> bool {
    let path = std::path::Path::new(value);
    !value.trim().is_empty()
        && !value.contains('\\')
        && path.components().all(|c| match c {
            std::path::Component::Normal(part) => !part.to_string_lossy().starts_with('.'),
            _ => false,
        })
}

/// A `[section]` with one boolean key (`[build] preview`, `[search] enabled`).
fn one_bool_table(
    value: &toml::Value,
    text: &str,
    section: &str,
    key: &'static str,
    lang: Lang,
    diags: &mut Diagnostics,
) -> Option<bool> {
    let Some(table) = value.as_table() else {
        let msg = Msg::WrongType {
            key: section.to_string(),
            expected: "a mapping",
        };
        push(diags, lang, locate_key(text, None, section), msg);
        return None;
    };
    let mut found = None;
    for (k, v) in table {
        let pos = locate_key(text, Some(section), k);
        match (k == key, v.as_bool()) {
            (true, Some(b)) => found = Some(b),
            (true, None) => {
                let msg = Msg::WrongType {
                    key: format!("{section}.{key}"),
                    expected: "true or false",
                };
                push(diags, lang, pos, msg);
            }
            (false, _) => push(diags, lang, pos, unknown(k, &[key])),
        }
    }
    found
}

const SECURITY_KEYS: [&str; 4] = ["contact", "expires", "preferred_languages", "policy"];

fn parse_security_txt(
    table: &toml::Table,
    text: &str,
    lang: Lang,
    diags: &mut Diagnostics,
) -> Option<SecurityTxt> {
    let mut out = SecurityTxt::default();
    let mut ok = true;
    for (key, value) in table {
        let pos = locate_key(text, Some("security_txt"), key);
        let mut fail = |msg: Msg, diags: &mut Diagnostics| {
            ok = false;
            push(diags, lang, pos, msg);
        };
        match key.as_str() {
            "contact" => match value {
                toml::Value::String(s) => out.contact = vec![s.clone()],
                toml::Value::Array(items) if items.iter().all(toml::Value::is_str) => {
                    out.contact = items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                }
                _ => fail(
                    Msg::WrongType {
                        key: "security_txt.contact".into(),
                        expected: "a list of texts",
                    },
                    diags,
                ),
            },
            "expires" => match value.as_str() {
                Some(s)
                    if crate::model::Date::parse(s.get(..10).unwrap_or("")).is_some()
                        && s.len() >= 20 =>
                {
                    out.expires = s.to_string();
                }
                _ => fail(
                    Msg::InvalidValue {
                        key: "security_txt.expires".into(),
                        value: value
                            .as_str()
                            .map_or_else(|| format!("{value:?}"), str::to_string),
                        allowed: vec!["2027-06-30T00:00:00Z".into()],
                    },
                    diags,
                ),
            },
            "preferred_languages" | "policy" => match value.as_str() {
                Some(v) if key == "policy" => out.policy = Some(v.to_string()),
                Some(v) => out.preferred_languages = Some(v.to_string()),
                // Not dropped in silence: the line would be missing from security.txt.
                None => fail(
                    Msg::WrongType {
                        key: format!("security_txt.{key}"),
                        expected: "text",
                    },
                    diags,
                ),
            },
            _ => fail(unknown(key, &SECURITY_KEYS), diags),
        }
    }
    for required in ["contact", "expires"] {
        if !table.contains_key(required) {
            ok = false;
            push(
                diags,
                lang,
                locate_section(text, "security_txt"),
                Msg::MissingField {
                    key: format!("security_txt.{required}"),
                },
            );
        }
    }
    ok.then_some(out)
}

fn parse_privacy(
    table: &toml::Table,
    text: &str,
    lang: Lang,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut allow = Vec::new();
    for (key, value) in table {
        let pos = locate_key(text, Some("privacy"), key);
        match (key.as_str(), value.as_array()) {
            ("allow", Some(items)) if items.iter().all(toml::Value::is_str) => {
                allow = items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
            }
            ("allow", _) => push(
                diags,
                lang,
                pos,
                Msg::WrongType {
                    key: "privacy.allow".into(),
                    expected: "a list of texts",
                },
            ),
            _ => push(diags, lang, pos, unknown(key, &["allow"])),
        }
    }
    allow
}

/// Position of a `[section]` header.
fn locate_section(text: &str, section: &str) -> Position {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with(&format!("[{section}]")) {
            return Position::of_offset(text, offset);
        }
        offset += line.len();
    }
    Position::START
}

fn push(diags: &mut Diagnostics, lang: Lang, position: Position, msg: Msg) {
    let (message, hint) = msg.text(lang);
    diags.push(Diagnostic {
        severity: Severity::Error,
        code: msg.code(),
        file: PathBuf::from(CONFIG_FILE),
        position,
        message,
        hint,
    });
}

fn parse_brand(
    table: &toml::Table,
    brand: &mut Brand,
    text: &str,
    lang: Lang,
    diags: &mut Diagnostics,
) {
    let report =
        |position: Position, msg: Msg, diags: &mut Diagnostics| push(diags, lang, position, msg);
    for (key, value) in table {
        let pos = locate_key(text, Some("brand"), key);
        if !BRAND_KEYS.contains(&key.as_str()) {
            report(pos, unknown(key, &BRAND_KEYS), diags);
            continue;
        }
        let Some(v) = value.as_str() else {
            report(
                pos,
                Msg::WrongType {
                    key: format!("brand.{key}"),
                    expected: "text",
                },
                diags,
            );
            continue;
        };
        let is_colour = matches!(key.as_str(), "primary" | "text" | "background");
        if is_colour && !is_hex_colour(v) {
            report(
                pos,
                Msg::InvalidValue {
                    key: format!("brand.{key}"),
                    value: v.into(),
                    allowed: vec!["#rrggbb".into()],
                },
                diags,
            );
            continue;
        }
        match key.as_str() {
            "primary" => brand.primary = v.into(),
            "text" => brand.text = v.into(),
            "background" => brand.background = v.into(),
            "logo" => brand.logo = Some(v.into()),
            _ => brand.font_family = v.into(),
        }
    }
}

fn parse_folders(
    table: &toml::Table,
    folders: &mut BTreeMap<Kind, String>,
    text: &str,
    lang: Lang,
    diags: &mut Diagnostics,
) {
    let report =
        |position: Position, msg: Msg, diags: &mut Diagnostics| push(diags, lang, position, msg);
    for (key, value) in table {
        let pos = locate_key(text, Some("folders"), key);
        let Some(index) = FOLDER_KEYS.iter().position(|k| k == key) else {
            report(pos, unknown(key, &FOLDER_KEYS), diags);
            continue;
        };
        match value.as_str() {
            Some(v) if !v.is_empty() && crate::model::slugify(v) == v => {
                folders.insert(Kind::FOLDER_KINDS[index], v.to_string());
            }
            Some(v) => report(
                pos,
                Msg::InvalidValue {
                    key: format!("folders.{key}"),
                    value: v.into(),
                    allowed: vec!["kleine-letters-en-streepjes".into()],
                },
                diags,
            ),
            None => report(
                pos,
                Msg::WrongType {
                    key: format!("folders.{key}"),
                    expected: "text",
                },
                diags,
            ),
        }
    }
    // Each kind its own folder, and none that verteller writes itself: two kinds in one
    // folder would parse one's documents as the other's, and `zoeken` would put the
    // stories' list where the search page is.
    let mut used: BTreeMap<&str, &str> = BTreeMap::new();
    for (kind, key) in Kind::FOLDER_KINDS.iter().zip(FOLDER_KEYS) {
        let Some(folder) = folders.get(kind) else {
            continue;
        };
        let taken_by = if RESERVED_FOLDERS.contains(&folder.as_str()) {
            Some("verteller")
        } else {
            used.insert(folder.as_str(), key)
        };
        if let Some(other) = taken_by {
            // At the key that was set (a default folder has no line).
            let at = if table.contains_key(key) { key } else { other };
            report(
                locate_key(text, Some("folders"), at),
                Msg::FolderTaken {
                    folder: folder.clone(),
                    other: other.to_string(),
                },
                diags,
            );
        }
    }
}

/// Folders under the output that verteller fills itself: no kind may have them.
const RESERVED_FOLDERS: [&str; 3] = ["zoeken", "pagefind", ".well-known"];

fn unknown(key: &str, allowed: &[&'static str]) -> Msg {
    Msg::UnknownKey {
        key: key.to_string(),
        suggestion: suggest(key, allowed.iter().copied()),
        allowed: allowed.to_vec(),
    }
}

fn is_hex_colour(v: &str) -> bool {
    v.len() == 7 && v.starts_with('#') && v[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// `(base_url ending in '/', base path)` of an http(s) URL or a bare path.
fn split_base_url(url: &str) -> Option<(String, String)> {
    if url.starts_with('/') {
        let path = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        return Some((path.clone(), path));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(char::is_whitespace) || path.contains(['?', '#', ' ']) {
        return None;
    }
    let path = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    let scheme_len = url.len() - rest.len();
    Some((format!("{}{}{}", &url[..scheme_len], host, path), path))
}

/// Messages in site.toml use the language it asks for, when that is readable.
fn config_lang_guess(text: &str) -> Lang {
    let english = text
        .lines()
        .any(|l| l.trim_start().starts_with("language") && l.contains("\"en\""));
    if english { Lang::En } else { Lang::Nl }
}

/// Line and column of `key` in `section` (`None` = top level) of a TOML text.
fn locate_key(text: &str, section: Option<&str>, key: &str) -> Position {
    let mut current: Option<String> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('[') {
            current = Some(rest.split(']').next().unwrap_or("").trim().to_string());
        } else if current.as_deref() == section {
            let bare = trimmed.trim_start_matches('"');
            if let Some(after) = bare.strip_prefix(key) {
                let after = after.trim_start_matches('"').trim_start();
                if after.starts_with('=') {
                    let col = line.len() - trimmed.len();
                    return Position::of_offset(text, offset + col);
                }
            }
        }
        offset += line.len();
    }
    Position::START
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Config {
        let mut d = Diagnostics::default();
        let c = parse(text, &mut d);
        assert!(d.is_empty(), "{d:?}");
        c
    }

    #[test]
    fn base_path_comes_from_base_url() {
        let c = parse_ok("base_url = \"https://example.org/verhaal\"\n");
        assert_eq!(c.base_url, "https://example.org/verhaal/");
        assert_eq!(c.base_path, "/verhaal/");
        let c = parse_ok("base_url = \"https://example.org\"\n");
        assert_eq!(c.base_path, "/");
    }

    #[test]
    fn every_unknown_key_is_reported_at_its_line() {
        let mut d = Diagnostics::default();
        parse(
            "titel = \"x\"\n[brand]\nprimary = \"#000000\"\ncolour = \"#fff\"\n",
            &mut d,
        );
        let items = d.into_sorted();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].position, Position { line: 1, column: 1 });
        assert_eq!(items[0].hint.as_deref(), Some("bedoelde je `title`?"));
        assert_eq!(items[1].position.line, 4);
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let mut d = Diagnostics::default();
        parse("title = \"x\"\nbase_url = \n", &mut d);
        let items = d.into_sorted();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].position.line, 2);
    }

    #[test]
    fn output_dir_stays_inside_the_site_and_visible() {
        for ok in ["public", "uit/site", "_site", "public/"] {
            assert!(output_dir_inside(ok), "{ok}");
        }
        for refused in [
            "",
            " ",
            "../fakehome/.ssh",
            "/tmp/x",
            ".ssh",
            "public/../..",
            "a/.git/hooks",
            ".",
            "..\\x",
        ] {
            assert!(!output_dir_inside(refused), "{refused}");
        }
        let mut d = Diagnostics::default();
        let c = parse("title = \"x\"\noutput_dir = \"../fakehome/.ssh\"\n", &mut d);
        let items = d.into_sorted();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].code, "output-dir-outside-site");
        assert_eq!(items[0].position, Position { line: 2, column: 1 });
        assert_eq!(c.output_dir, PathBuf::from("public"));
    }

    #[test]
    fn raw_html_is_an_explicit_opt_in() {
        assert!(!parse_ok("title = \"x\"\n").raw_html);
        assert!(parse_ok("[markdown]\nraw_html = true\n").raw_html);
    }

    #[test]
    fn every_top_level_key_is_read_once() {
        let mut seen = std::collections::BTreeSet::new();
        for (key, _) in TOP_LEVEL {
            assert!(seen.insert(*key), "`{key}` twice in TOP_LEVEL");
        }
        // Each is read: a wrong type for every key is reported at that key, not as
        // unknown.
        for (key, _) in TOP_LEVEL {
            let mut d = Diagnostics::default();
            parse(&format!("{key} = [[1]]\n"), &mut d);
            let items = d.into_sorted();
            assert!(
                items.iter().all(|i| i.code != "unknown-key"),
                "{key}: {items:?}"
            );
        }
    }

    #[test]
    fn each_kind_gets_a_folder_of_its_own_and_none_of_verteller_s() {
        for (toml_text, line) in [
            ("[folders]\nstory = \"agenda\"\n", 2),
            ("[folders]\nstory = \"zoeken\"\n", 2),
            ("[folders]\nchapter = \"x\"\nrole = \"x\"\n", 3),
        ] {
            let mut d = Diagnostics::default();
            parse(toml_text, &mut d);
            let items = d.into_sorted();
            assert_eq!(items.len(), 1, "{toml_text}: {items:?}");
            assert_eq!(items[0].code, "folder-taken");
            assert_eq!(items[0].position.line, line, "{toml_text}");
        }
        parse_ok("[folders]\nstory = \"praktijk\"\nchapter = \"hoofdstukken\"\n");
    }

    #[test]
    fn security_txt_values_of_the_wrong_type_are_reported() {
        let mut d = Diagnostics::default();
        parse(
            "[security_txt]\ncontact = \"mailto:a@b.nl\"\nexpires = \"2027-06-30T00:00:00Z\"\npreferred_languages = 1\n",
            &mut d,
        );
        let items = d.into_sorted();
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!(items[0].code, "wrong-type");
        assert_eq!(items[0].position.line, 4);
    }
}
