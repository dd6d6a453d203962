//! `site.toml` → a validated [`Config`].
//!
//! Every problem (syntax, unknown keys, wrong types, bad values) becomes a diagnostic
//! at its line and column; the config still comes back with defaults where it could,
//! so later stages can report their own problems in the same run.

mod components;

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

/// One link of a menu from `[menu]`: its text, its target as written (a site path
/// `/verhalen/`, or `https:`, `http:`, `mailto:`), and where in site.toml.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
    pub position: Position,
}

impl MenuItem {
    /// The `href` the page gets: a site path with the base path, anything else as written.
    pub fn href(&self, base_path: &str) -> String {
        match self.url.strip_prefix('/') {
            Some(path) => format!("{base_path}{path}"),
            None => self.url.clone(),
        }
    }
}

/// A taxonomy of the site's own (`[[taxonomies]]`): stories per *wijk* or per
/// *doelgroep*, used in front matter like `themes`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Taxonomy {
    /// The front-matter key and URL folder (`wijken` → `/wijken/oost/`).
    pub name: String,
    /// How pages name it (`Wijken`).
    pub label: String,
    /// The values it allows, as they are shown (`Oost`); `None`: any value.
    pub values: Option<Vec<String>>,
    /// The kinds whose front matter may use it (stories by default).
    pub kinds: Vec<Kind>,
    /// Where `name` is written in site.toml.
    pub position: Position,
}

/// `[menu]`: the site's own main menu and footer links; `None` keeps the theme's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Menus {
    pub main: Option<Vec<MenuItem>>,
    pub footer: Option<Vec<MenuItem>>,
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
    /// `[images]`: how photos are published.
    pub images: crate::images::Settings,
    /// Full-text search (`[search] enabled`, default true).
    pub search: bool,
    /// Raw HTML in Markdown passes unchecked (`[markdown] raw_html`, default false).
    pub raw_html: bool,
    /// The build's as-of date (`--as-of`, or today in Europe/Amsterdam): a document is
    /// published from its `publish_date` until its `expires`, and a story dated after
    /// it is warned about. Not a site.toml key; `None` publishes every document
    /// whatever its dates and warns of none (tests, `new`, `schema`).
    pub as_of: Option<crate::model::Date>,
    /// `[menu]`: the main menu and footer links, when the site sets them.
    pub menus: Menus,
    /// `[[taxonomies]]`: the site's own ways to group stories.
    pub taxonomies: Vec<Taxonomy>,
    /// Documents outside their publication dates are built too, each with a banner
    /// (serve's preview). Not a site.toml key.
    pub scheduled: bool,
    /// Hosts (`wetten.overheid.nl`) and URL prefixes (`https://x.nl/intranet/`) that
    /// `check --extern` does not request (`[check] extern_skip`).
    pub extern_skip: Vec<String>,
    /// The components editors may write: the built-in ones and the site's own
    /// (`[components.NAME]`, read in `config/components`).
    pub components: crate::components::Catalog,
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
            images: crate::images::Settings::default(),
            raw_html: false,
            as_of: None,
            scheduled: false,
            menus: Menus::default(),
            extern_skip: Vec::new(),
            components: crate::components::Catalog::default(),
            taxonomies: Vec::new(),
        }
    }
}

impl Config {
    /// Why a document is not built, or `None` when it is: a draft (unless drafts are
    /// built), or outside its publication dates on the as-of date (unless serve
    /// previews those).
    pub fn withholds(&self, common: &crate::model::Common) -> Option<crate::model::Withheld> {
        use crate::model::Withheld;
        match self.unpublished(common)? {
            Withheld::Draft if self.drafts => None,
            Withheld::Scheduled(_) | Withheld::Expired(_) if self.scheduled => None,
            why => Some(why),
        }
    }

    /// Why a document would not be published on the as-of date, whether or not this
    /// build shows it anyway (a preview's banner says so).
    pub fn unpublished(&self, common: &crate::model::Common) -> Option<crate::model::Withheld> {
        use crate::model::{Publication, Withheld};
        if common.draft {
            return Some(Withheld::Draft);
        }
        match self.as_of.map(|as_of| common.publication(as_of)) {
            Some(Publication::Scheduled(date)) => Some(Withheld::Scheduled(date)),
            Some(Publication::Expired(date)) => Some(Withheld::Expired(date)),
            Some(Publication::Due) | None => None,
        }
    }

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

/// One key of site.toml as read: its table (`None` at the top level), its value, where
/// it is, the file's text (for the positions of nested keys) and the language of
/// messages.
struct Entry<'a> {
    section: Option<&'a str>,
    key: &'a str,
    value: &'a toml::Value,
    pos: Position,
    text: &'a str,
    lang: Lang,
}

impl Entry<'_> {
    /// The key as editors write it in messages: `title`, `brand.primary`.
    fn name(&self) -> String {
        match self.section {
            Some(section) => format!("{section}.{}", self.key),
            None => self.key.to_string(),
        }
    }

    fn report(&self, diags: &mut Diagnostics, msg: Msg) {
        push(diags, self.lang, self.pos, msg);
    }

    fn wrong_type(&self, diags: &mut Diagnostics, expected: &'static str) {
        let key = self.name();
        self.report(diags, Msg::WrongType { key, expected });
    }

    fn invalid(&self, diags: &mut Diagnostics, value: String, allowed: &[&str]) {
        let key = self.name();
        let allowed = allowed.iter().map(|a| a.to_string()).collect();
        self.report(
            diags,
            Msg::InvalidValue {
                key,
                value,
                allowed,
            },
        );
    }

    fn text(&self, diags: &mut Diagnostics) -> Option<String> {
        let text = self.value.as_str().map(str::to_string);
        if text.is_none() {
            self.wrong_type(diags, "text");
        }
        text
    }

    fn bool(&self, diags: &mut Diagnostics) -> Option<bool> {
        let b = self.value.as_bool();
        if b.is_none() {
            self.wrong_type(diags, "true or false");
        }
        b
    }

    /// A text or a list of texts (a single text is a list of one).
    fn texts(&self, diags: &mut Diagnostics) -> Option<Vec<String>> {
        match self.value {
            toml::Value::String(s) => Some(vec![s.clone()]),
            toml::Value::Array(items) if items.iter().all(toml::Value::is_str) => Some(
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => {
                self.wrong_type(diags, "a list of texts");
                None
            }
        }
    }

    /// A whole number from 1 to 10,000.
    fn count(&self, diags: &mut Diagnostics) -> Option<usize> {
        match self.value.as_integer() {
            Some(n) if (1..=10_000).contains(&n) => usize::try_from(n).ok(),
            Some(n) => {
                self.invalid(diags, n.to_string(), &["1 … 10000"]);
                None
            }
            None => {
                self.wrong_type(diags, "a whole number");
                None
            }
        }
    }

    /// A whole number in `range`.
    fn number_in(
        &self,
        diags: &mut Diagnostics,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<u32> {
        match self.value.as_integer() {
            Some(n) if range.contains(&n) => u32::try_from(n).ok(),
            Some(n) => {
                let allowed = format!("{} … {}", range.start(), range.end());
                self.invalid(diags, n.to_string(), &[allowed.as_str()]);
                None
            }
            None => {
                self.wrong_type(diags, "a whole number");
                None
            }
        }
    }

    /// A `[table]`, each of its keys read through `keys` into `target`.
    fn table_into<T>(&self, target: &mut T, keys: Keys<T>, diags: &mut Diagnostics) -> bool {
        let Some(table) = self.value.as_table() else {
            self.wrong_type(diags, "a table");
            return false;
        };
        read_table(
            target,
            table,
            Some(self.key),
            keys,
            (self.text, self.lang),
            diags,
        );
        true
    }
}

/// How one key is read into `T` (the config, or what one of its tables fills).
type Read<T> = fn(&mut T, &Entry<'_>, &mut Diagnostics);

/// The keys of one table of site.toml and how each is read. A key not in it is unknown
/// (with a suggestion from it); docs/configuration.md documents each (held to these
/// tables by `tests/testsuite/docs_contract.rs` through `check`'s hints).
type Keys<T> = &'static [(&'static str, Read<T>)];

/// Reads every key of `table` (the top level when `section` is `None`) through `keys`.
fn read_table<T>(
    target: &mut T,
    table: &toml::Table,
    section: Option<&str>,
    keys: Keys<T>,
    (text, lang): (&str, Lang),
    diags: &mut Diagnostics,
) {
    for (key, value) in table {
        let entry = Entry {
            section,
            key,
            value,
            pos: locate_key(text, section, key),
            text,
            lang,
        };
        match keys.iter().find(|(k, _)| *k == key.as_str()) {
            Some((_, read)) => read(target, &entry, diags),
            None => {
                let allowed: Vec<&'static str> = keys.iter().map(|(k, _)| *k).collect();
                let msg = match section {
                    Some(table) => Msg::UnknownTableKey {
                        key: key.to_string(),
                        table: table.to_string(),
                        top_level: TOP_LEVEL.iter().any(|(k, _)| k == key),
                        allowed,
                    },
                    None => unknown(key, &allowed),
                };
                entry.report(diags, msg);
            }
        }
    }
}

/// The top level of site.toml: every key and how it is read. A key not in this table is
/// unknown (with a suggestion from it); docs/configuration.md documents each (held to
/// this table by `tests/testsuite/docs_contract.rs` through `check`'s hints).
const TOP_LEVEL: Keys<Config> = &[
    ("search", |c, e, d| {
        e.table_into(c, SEARCH, d);
    }),
    ("markdown", |c, e, d| {
        e.table_into(c, MARKDOWN, d);
    }),
    ("images", |c, e, d| {
        e.table_into(&mut c.images, IMAGES, d);
    }),
    ("components", |c, e, d| {
        c.components.site = components::read(e, d)
    }),
    ("build", |c, e, d| {
        e.table_into(c, BUILD, d);
    }),
    ("security_txt", |c, e, d| {
        c.security_txt = security_txt(e, d)
    }),
    ("privacy", |c, e, d| {
        e.table_into(&mut c.privacy_allow, PRIVACY, d);
    }),
    ("menu", |c, e, d| {
        e.table_into(&mut c.menus, MENU, d);
    }),
    ("check", |c, e, d| {
        e.table_into(&mut c.extern_skip, CHECK, d);
    }),
    ("taxonomies", |c, e, d| {
        c.taxonomies = taxonomies(e, d);
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
                _ => e.invalid(d, v, &["nl", "en"]),
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
        e.table_into(&mut c.brand, BRAND, d);
    }),
    ("folders", |c, e, d| {
        if e.table_into(&mut c.folders, FOLDERS, d)
            && let Some(table) = e.value.as_table()
        {
            check_folders_taken(&c.folders, table, e, d);
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
    ("drafts", |c, e, d| {
        if let Some(b) = e.bool(d) {
            c.drafts = b;
        }
    }),
    ("related_count", |c, e, d| {
        if let Some(n) = e.count(d) {
            c.related_count = n;
        }
    }),
];

/// `[images]`: the widths and qualities photos are published in, and their size limit.
const IMAGES: Keys<crate::images::Settings> = &[
    ("widths", |c, e, d| {
        let Some(list) = e.value.as_array() else {
            e.wrong_type(d, "a list of whole numbers");
            return;
        };
        let widths: Option<Vec<u32>> = list
            .iter()
            .map(|v| v.as_integer().filter(|n| (16..=8192).contains(n)))
            .map(|n| n.and_then(|n| u32::try_from(n).ok()))
            .collect();
        match widths {
            Some(mut widths) if (1..=8).contains(&widths.len()) => {
                widths.sort_unstable();
                widths.dedup();
                c.widths = widths;
            }
            _ => e.invalid(
                d,
                e.value.to_string(),
                &["1 to 8 widths of 16 … 8192 pixels, like [480, 800, 1200, 1600]"],
            ),
        }
    }),
    ("webp_quality", |c, e, d| {
        if let Some(n) = e.number_in(d, 1..=100) {
            c.webp_quality = n as u8;
        }
    }),
    ("jpeg_quality", |c, e, d| {
        if let Some(n) = e.number_in(d, 1..=100) {
            c.jpeg_quality = n as u8;
        }
    }),
    ("max_megapixels", |c, e, d| {
        if let Some(n) = e.number_in(d, 1..=400) {
            c.max_megapixels = n;
        }
    }),
];

/// `[search]`: full-text search on or off.
const SEARCH: Keys<Config> = &[("enabled", |c, e, d| {
    if let Some(b) = e.bool(d) {
        c.search = b;
    }
})];

/// `[markdown]`: the opt-in to raw HTML.
const MARKDOWN: Keys<Config> = &[("raw_html", |c, e, d| {
    if let Some(b) = e.bool(d) {
        c.raw_html = b;
    }
})];

/// `[build]`: preview builds.
const BUILD: Keys<Config> = &[("preview", |c, e, d| {
    if let Some(b) = e.bool(d) {
        c.preview = b;
    }
})];

/// `[privacy]`: origins pages may load from after all.
const PRIVACY: Keys<Vec<String>> = &[("allow", |allow, e, d| {
    // A list even for one origin: `allow = "https://…"` is read as a mistake.
    match e.value.is_array().then(|| e.texts(d)) {
        Some(Some(items)) => *allow = items,
        Some(None) => {}
        None => e.wrong_type(d, "a list of texts"),
    }
})];

/// `[menu]`: `main` and `footer`, each a list of `{ title, url }`.
const MENU: Keys<Menus> = &[
    ("main", |m, e, d| m.main = menu_items(e, d)),
    ("footer", |m, e, d| m.footer = menu_items(e, d)),
];

/// A menu's links: every item a table with a text `title` and a `url` that is a site
/// path or an `https:`, `http:` or `mailto:` address. Problems are reported at the
/// item's `url` (or the menu's key); a menu with a problem keeps the theme's.
fn menu_items(e: &Entry<'_>, d: &mut Diagnostics) -> Option<Vec<MenuItem>> {
    const SHAPE: &str = "a list of tables `{ title = \"…\", url = \"…\" }`";
    let Some(items) = e.value.as_array() else {
        e.wrong_type(d, SHAPE);
        return None;
    };
    let before = d.len();
    let mut from = locate_key_offset(e.text, e.section, e.key).unwrap_or(0);
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(table) = item.as_table() else {
            e.wrong_type(d, SHAPE);
            return None;
        };
        let url = table.get("url").and_then(toml::Value::as_str);
        // The item's `url` in the text, searched on from the last one.
        let position = match url.and_then(|u| e.text[from..].find(&format!("\"{u}\""))) {
            Some(at) => {
                from += at + 1;
                Position::of_offset(e.text, from)
            }
            None => e.pos,
        };
        for key in table.keys() {
            if key != "title" && key != "url" {
                let msg = Msg::UnknownTableKey {
                    key: key.clone(),
                    table: e.name(),
                    top_level: false,
                    allowed: vec!["title", "url"],
                };
                push(d, e.lang, position, msg);
            }
        }
        let title = table.get("title").and_then(toml::Value::as_str);
        for (key, value) in [("title", title), ("url", url)] {
            if value.is_none_or(str::is_empty) {
                let key = format!("{}.{key}", e.name());
                push(d, e.lang, position, Msg::MissingField { key });
            }
        }
        if let (Some(title), Some(url)) = (title, url) {
            if !menu_url_allowed(url) {
                let msg = Msg::InvalidValue {
                    key: format!("{}.url", e.name()),
                    value: url.to_string(),
                    allowed: vec!["/pad/".into(), "https://…".into(), "mailto:…".into()],
                };
                push(d, e.lang, position, msg);
            }
            out.push(MenuItem {
                title: title.to_string(),
                url: url.to_string(),
                position,
            });
        }
    }
    (d.len() == before).then_some(out)
}

/// `[[taxonomies]]`: each with a `name` (lower case and hyphens, not a folder verteller
/// fills, not given twice), a `label`, and optionally the `values` it allows and the
/// `kinds` that may use it. `load` checks the name against kind folders and keys.
fn taxonomies(e: &Entry<'_>, d: &mut Diagnostics) -> Vec<Taxonomy> {
    const SHAPE: &str = "a list of tables `[[taxonomies]]` with `name` and `label`";
    let Some(items) = e.value.as_array() else {
        e.wrong_type(d, SHAPE);
        return Vec::new();
    };
    let mut out: Vec<Taxonomy> = Vec::new();
    let mut from = 0;
    for item in items {
        let Some(table) = item.as_table() else {
            e.wrong_type(d, SHAPE);
            continue;
        };
        let name = table
            .get("name")
            .and_then(toml::Value::as_str)
            .unwrap_or("");
        // The item's `name = "…"` in the text, searched on from the last one.
        let position = match e.text[from..].find(&format!("\"{name}\"")) {
            Some(at) if !name.is_empty() => {
                from += at + 1;
                Position::of_offset(e.text, from)
            }
            _ => e.pos,
        };
        let at = |d: &mut Diagnostics, msg| push(d, e.lang, position, msg);
        let before = d.len();
        let mut taxonomy = Taxonomy {
            name: name.to_string(),
            label: String::new(),
            values: None,
            kinds: vec![Kind::Story],
            position,
        };
        for (key, value) in table {
            let wrong = |d: &mut Diagnostics, expected| {
                let key = format!("taxonomies.{key}");
                at(d, Msg::WrongType { key, expected });
            };
            match key.as_str() {
                "name" => {}
                "label" => match value.as_str() {
                    Some(label) if !label.trim().is_empty() => taxonomy.label = label.to_string(),
                    _ => wrong(d, "text"),
                },
                "values" => match value.as_array().map(|v| {
                    v.iter()
                        .map(toml::Value::as_str)
                        .collect::<Option<Vec<_>>>()
                }) {
                    Some(Some(values)) if !values.is_empty() => {
                        taxonomy.values = Some(values.iter().map(|v| v.to_string()).collect());
                    }
                    _ => wrong(d, "a list of texts"),
                },
                "kinds" => {
                    let tokens: Option<Vec<&str>> = value
                        .as_array()
                        .and_then(|v| v.iter().map(toml::Value::as_str).collect());
                    match tokens {
                        Some(tokens) => {
                            taxonomy.kinds.clear();
                            for token in tokens {
                                match Kind::ALL.iter().find(|k| k.token() == token) {
                                    Some(kind) => taxonomy.kinds.push(*kind),
                                    None => {
                                        let allowed = Kind::ALL
                                            .iter()
                                            .map(|k| k.token().to_string())
                                            .collect();
                                        let key = "taxonomies.kinds".to_string();
                                        at(
                                            d,
                                            Msg::InvalidValue {
                                                key,
                                                value: token.to_string(),
                                                allowed,
                                            },
                                        );
                                    }
                                }
                            }
                        }
                        None => wrong(d, "a list of texts"),
                    }
                }
                _ => {
                    let allowed = vec!["name", "label", "values", "kinds"];
                    let msg = Msg::UnknownTableKey {
                        key: key.clone(),
                        table: "taxonomies".into(),
                        top_level: false,
                        allowed,
                    };
                    at(d, msg);
                }
            }
        }
        for (key, missing) in [
            ("name", name.is_empty()),
            ("label", !table.contains_key("label")),
        ] {
            if missing {
                at(
                    d,
                    Msg::MissingField {
                        key: format!("taxonomies.{key}"),
                    },
                );
            }
        }
        if !name.is_empty() {
            // A kind's folder and a front-matter key are checked once the whole file
            // is read (`load`): `[folders]` may come after this table.
            let taken = RESERVED_FOLDERS
                .contains(&name)
                .then(|| "verteller".to_string())
                .or_else(|| {
                    out.iter()
                        .any(|t| t.name == name)
                        .then(|| "taxonomies".to_string())
                });
            if crate::model::slugify(name) != name {
                let key = "taxonomies.name".to_string();
                let allowed = vec!["kleine-letters-en-streepjes".to_string()];
                at(
                    d,
                    Msg::InvalidValue {
                        key,
                        value: name.to_string(),
                        allowed,
                    },
                );
            } else if let Some(other) = taken {
                at(
                    d,
                    Msg::TaxonomyNameTaken {
                        name: name.to_string(),
                        other,
                    },
                );
            }
        }
        if d.len() == before {
            out.push(taxonomy);
        }
    }
    out
}

/// A menu link goes to a path of the site or to a web or mail address: never to a
/// script (`javascript:`), another scheme or up out of the site.
fn menu_url_allowed(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let local = url.starts_with('/')
        && !url.starts_with("//")
        && !url.split(['/', '?', '#']).any(|s| s == "..")
        && !url.contains('\\');
    let external = ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    (local || external) && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `[check]`: what `check --extern` leaves alone. Each entry is a host (`example.org`,
/// which covers its subdomains too) or a URL prefix (`https://example.org/intranet/`).
const CHECK: Keys<Vec<String>> = &[("extern_skip", |skip, e, d| {
    // A list even for one entry, as `[privacy] allow`.
    let items = match e.value.is_array().then(|| e.texts(d)) {
        Some(Some(items)) => items,
        Some(None) => return,
        None => return e.wrong_type(d, "a list of texts"),
    };
    for item in items {
        if is_skip_entry(&item) {
            skip.push(item);
        } else {
            e.invalid(d, item, &["example.org", "https://example.org/pad/"]);
        }
    }
})];

/// Whether an `extern_skip` entry is a host name or an http(s) URL prefix with a host.
fn is_skip_entry(item: &str) -> bool {
    let host_ok = |host: &str| {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'_'))
    };
    match item
        .strip_prefix("https://")
        .or_else(|| item.strip_prefix("http://"))
    {
        Some(rest) => host_ok(rest.split('/').next().unwrap_or("")) && !rest.contains(' '),
        None => host_ok(item),
    }
}

/// `[security_txt]`: the lines of `/.well-known/security.txt`.
const SECURITY_TXT: Keys<SecurityTxt> = &[
    ("contact", |s, e, d| {
        if let Some(contact) = e.texts(d) {
            s.contact = contact;
        }
    }),
    ("expires", |s, e, d| match e.value.as_str() {
        Some(v)
            if crate::model::Date::parse(v.get(..10).unwrap_or("")).is_some() && v.len() >= 20 =>
        {
            s.expires = v.to_string();
        }
        _ => {
            let value = e
                .value
                .as_str()
                .map_or_else(|| format!("{:?}", e.value), str::to_string);
            e.invalid(d, value, &["2027-06-30T00:00:00Z"]);
        }
    }),
    ("preferred_languages", |s, e, d| {
        // Not dropped in silence: the line would be missing from security.txt.
        if let Some(v) = e.text(d) {
            s.preferred_languages = Some(v);
        }
    }),
    ("policy", |s, e, d| {
        if let Some(v) = e.text(d) {
            s.policy = Some(v);
        }
    }),
];

/// `security.txt` when `[security_txt]` is complete and every line is valid (a partial
/// file would mislead whoever reports a vulnerability).
fn security_txt(e: &Entry<'_>, diags: &mut Diagnostics) -> Option<SecurityTxt> {
    let before = diags.len();
    let mut out = SecurityTxt::default();
    if !e.table_into(&mut out, SECURITY_TXT, diags) {
        return None;
    }
    let table = e.value.as_table()?;
    for required in ["contact", "expires"] {
        if !table.contains_key(required) {
            let key = format!("security_txt.{required}");
            let at = locate_section(e.text, "security_txt");
            push(diags, e.lang, at, Msg::MissingField { key });
        }
    }
    (diags.len() == before).then_some(out)
}

/// `[brand]`: the design tokens of the theme.
const BRAND: Keys<Brand> = &[
    ("primary", |b, e, d| {
        if let Some(v) = colour(e, d) {
            b.primary = v;
        }
    }),
    ("text", |b, e, d| {
        if let Some(v) = colour(e, d) {
            b.text = v;
        }
    }),
    ("background", |b, e, d| {
        if let Some(v) = colour(e, d) {
            b.background = v;
        }
    }),
    ("logo", |b, e, d| {
        if let Some(v) = e.text(d) {
            b.logo = Some(v);
        }
    }),
    ("font_family", |b, e, d| {
        if let Some(v) = e.text(d) {
            b.font_family = v;
        }
    }),
];

/// A colour as `#rrggbb`.
fn colour(e: &Entry<'_>, diags: &mut Diagnostics) -> Option<String> {
    let v = e.text(diags)?;
    if is_hex_colour(&v) {
        Some(v)
    } else {
        e.invalid(diags, v, &["#rrggbb"]);
        None
    }
}

/// `[folders]`: each kind's folder under `content/` (and in URLs). In the order of
/// [`Kind::FOLDER_KINDS`].
const FOLDERS: Keys<BTreeMap<Kind, String>> = &[
    ("chapter", |f, e, d| folder(f, e, d, Kind::Chapter)),
    ("story", |f, e, d| folder(f, e, d, Kind::Story)),
    ("agenda", |f, e, d| folder(f, e, d, Kind::Agenda)),
    ("agenda_theme", |f, e, d| folder(f, e, d, Kind::AgendaTheme)),
    ("quadrant", |f, e, d| folder(f, e, d, Kind::Quadrant)),
    ("role", |f, e, d| folder(f, e, d, Kind::Role)),
];

/// One kind's folder: a single name in lower case and hyphens.
fn folder(folders: &mut BTreeMap<Kind, String>, e: &Entry<'_>, d: &mut Diagnostics, kind: Kind) {
    if let Some(v) = e.text(d) {
        if !v.is_empty() && crate::model::slugify(&v) == v {
            folders.insert(kind, v);
        } else {
            e.invalid(d, v, &["kleine-letters-en-streepjes"]);
        }
    }
}

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

    read_table(&mut config, &table, None, TOP_LEVEL, (text, lang), diags);
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

/// Each kind its own folder, and none that verteller writes itself: two kinds in one
/// folder would parse one's documents as the other's, and `zoeken` would put the
/// stories' list where the search page is.
fn check_folders_taken(
    folders: &BTreeMap<Kind, String>,
    table: &toml::Table,
    e: &Entry<'_>,
    diags: &mut Diagnostics,
) {
    let mut used: BTreeMap<&str, &str> = BTreeMap::new();
    for (kind, (key, _)) in Kind::FOLDER_KINDS.iter().zip(FOLDERS) {
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
            let at = if table.contains_key(*key) { key } else { other };
            let msg = Msg::FolderTaken {
                folder: folder.clone(),
                other: other.to_string(),
            };
            push(diags, e.lang, locate_key(e.text, Some("folders"), at), msg);
        }
    }
}

/// Folders under the output that verteller fills itself: no kind may have them.
const RESERVED_FOLDERS: [&str; 3] = ["zoeken", "pagefind", ".well-known"];

fn unknown(key: &str, allowed: &[&'static str]) -> Msg {
    Msg::UnknownKey {
        key: key.to_string(),
        suggestion: suggest(key, allowed.iter().copied()),
        allowed: allowed.iter().map(|k| k.to_string()).collect(),
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
pub fn locate_key(text: &str, section: Option<&str>, key: &str) -> Position {
    locate_key_offset(text, section, key)
        .map_or(Position::START, |at| Position::of_offset(text, at))
}

/// The byte offset of `key` in `section` (the top level when `None`), if it is there.
fn locate_key_offset(text: &str, section: Option<&str>, key: &str) -> Option<usize> {
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
                    return Some(offset + col);
                }
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_folder_key_sets_the_kind_it_is_listed_with() {
        // `check_folders_taken` pairs FOLDERS with Kind::FOLDER_KINDS by position.
        assert_eq!(FOLDERS.len(), Kind::FOLDER_KINDS.len());
        for ((key, _), kind) in FOLDERS.iter().zip(Kind::FOLDER_KINDS) {
            let text = format!("[folders]\n{key} = \"eigen-map\"\n");
            let c = parse_ok(&text);
            assert_eq!(
                c.folders.get(&kind).map(String::as_str),
                Some("eigen-map"),
                "{key}"
            );
        }
    }

    #[test]
    fn a_table_written_as_a_value_says_how_a_table_is_written() {
        let mut d = Diagnostics::default();
        let c = parse("title = \"x\"\nsearch = false\n", &mut d);
        assert!(c.search, "the default stays");
        let items = d.into_sorted();
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!(items[0].code, "wrong-type");
        assert_eq!((items[0].position.line, items[0].position.column), (2, 1));
        assert!(
            items[0].hint.as_deref().unwrap_or("").contains("[naam]"),
            "{:?}",
            items[0].hint
        );
    }

    #[test]
    fn nested_keys_are_named_with_their_table() {
        let mut d = Diagnostics::default();
        parse(
            "[brand]\nprimary = 3\n[security_txt]\ncontact = \"mailto:a@b.nl\"\nexpires = \"morgen\"\n",
            &mut d,
        );
        let messages: Vec<String> = d.into_sorted().into_iter().map(|d| d.message).collect();
        assert!(
            messages.iter().any(|m| m.contains("`brand.primary`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`security_txt.expires`")),
            "{messages:?}"
        );
    }

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

    #[test]
    fn extern_skip_takes_hosts_and_url_prefixes() {
        let mut d = Diagnostics::default();
        let config = parse(
            "[check]\nextern_skip = [\"wetten.overheid.nl\", \"https://intranet.example/pad/\", \"geen host\", \"ftp://x.nl/\"]\n",
            &mut d,
        );
        assert_eq!(
            config.extern_skip,
            ["wetten.overheid.nl", "https://intranet.example/pad/"]
        );
        let items = d.into_sorted();
        let found: Vec<(&str, usize)> = items.iter().map(|i| (i.code, i.position.line)).collect();
        assert_eq!(
            found,
            [("invalid-value", 2), ("invalid-value", 2)],
            "{items:?}"
        );
        let mut d = Diagnostics::default();
        parse("[check]\nextern_skip = \"x.nl\"\n", &mut d);
        assert_eq!(d.into_sorted()[0].code, "wrong-type");
    }
}
