//! The template theme: Tera loaded with the templates of one theme, with per-file
//! overrides, plus its static files.
//!
//! Lookup per file name: site `templates/` → `themes/<name>/templates/` → the default
//! theme `gemeente` embedded in the binary (so a bare `site.toml` + `content/` builds).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Kwargs, State, Tera, TeraResult};

use crate::config::Config;
use crate::diagnostics::diagnostic;
use crate::diagnostics::{Diagnostics, Position, Severity};
use crate::messages::Msg;

/// The default theme, compiled in.
pub mod embedded {
    macro_rules! files {
        ($($name:literal),* $(,)?) => {
            &[$(($name, include_str!(concat!("../../themes/gemeente/templates/", $name)))),*]
        };
    }
    pub const TEMPLATES: &[(&str, &str)] = files![
        "base.html",
        "home.html",
        "chapters.html",
        "chapter.html",
        "print.html",
        "stories.html",
        "story.html",
        "agenda.html",
        "agenda_item.html",
        "agenda_themes.html",
        "agenda_theme.html",
        "quadrants.html",
        "quadrant.html",
        "roles.html",
        "role.html",
        "page.html",
        "404.html",
        "alias.html",
        "atom.xml",
        "sitemap.xml",
        "quadrant_map.html",
        "search.html",
        "triangle.html",
    ];
    pub const STATIC: &[(&str, &[u8])] = &[
        (
            "js/zoeken.js",
            include_bytes!("../../themes/gemeente/static/js/zoeken.js"),
        ),
        (
            "css/gemeente.css",
            include_bytes!("../../themes/gemeente/static/css/gemeente.css"),
        ),
    ];
}

/// A template text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

/// How the theme is loaded for this build.
#[derive(Debug, Clone, Default)]
pub struct ThemeOptions {
    /// Content-hashed names for theme assets (build yes, serve no: a CSS edit must not
    /// re-render every page).
    pub fingerprint: bool,
    /// `noindex` on every page (staging servers).
    pub preview: bool,
    /// Files the build generates into the theme's assets (the brand stylesheet).
    pub generated: BTreeMap<String, Vec<u8>>,
}

/// Extensions that get fingerprinted names.
const FINGERPRINTED: [&str; 9] = [
    "css", "js", "svg", "png", "jpg", "jpeg", "webp", "gif", "woff2",
];

/// `css/gemeente.css` → `css/gemeente.3f9a1c0b2d.css`, from a stable hash (FNV-1a) of the bytes.
pub fn fingerprinted_name(path: &str, bytes: &[u8]) -> Option<String> {
    let (stem, ext) = path.rsplit_once('.')?;
    if !FINGERPRINTED.contains(&ext.to_ascii_lowercase().as_str()) || stem.ends_with('/') {
        return None;
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    Some(format!("{stem}.{:010x}.{ext}", hash >> 24))
}

/// A loaded theme, ready to render.
pub struct Theme {
    tera: Tera,
    sources: HashMap<String, PathBuf>,
    /// Static files of the theme: site path → bytes (site `static/` is added by the pipeline).
    pub static_files: BTreeMap<String, Vec<u8>>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    municipality: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'static str,
    logo: Option<String>,
    nav: Vec<NavItem>,
}

#[derive(Serialize)]
struct NavItem {
    title: &'static str,
    url: String,
}

impl Theme {
    /// Builds the theme from override layers (later layers win: theme dir, then site
    /// `templates/`) on top of the embedded default. Syntax errors become diagnostics.
    pub fn load(
        config: &Config,
        layers: Vec<Vec<TemplateFile>>,
        static_layers: Vec<BTreeMap<String, Vec<u8>>>,
        options: &ThemeOptions,
        diags: &mut Diagnostics,
    ) -> Theme {
        // Static files first: `asset()` needs their fingerprinted names.
        let mut static_files: BTreeMap<String, Vec<u8>> = embedded::STATIC
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        for layer in static_layers {
            static_files.extend(layer);
        }
        static_files.extend(options.generated.clone());
        let assets: BTreeMap<String, String> = if options.fingerprint {
            static_files
                .keys()
                .filter_map(|p| fingerprinted_name(p, &static_files[p]).map(|n| (p.clone(), n)))
                .collect()
        } else {
            BTreeMap::new()
        };
        let static_files: BTreeMap<String, Vec<u8>> = static_files
            .into_iter()
            .map(|(p, b)| (assets.get(&p).cloned().unwrap_or(p), b))
            .collect();

        let mut chosen: BTreeMap<String, TemplateFile> = embedded::TEMPLATES
            .iter()
            .map(|(name, text)| {
                let t = TemplateFile {
                    name: name.to_string(),
                    path: PathBuf::from(format!("<verteller>/themes/gemeente/templates/{name}")),
                    text: text.to_string(),
                };
                (name.to_string(), t)
            })
            .collect();
        for layer in layers {
            for t in layer {
                chosen.insert(t.name.clone(), t);
            }
        }
        let sources: HashMap<String, PathBuf> = chosen
            .values()
            .map(|t| (t.name.clone(), t.path.clone()))
            .collect();

        // Check each template alone first, so every syntax error is reported.
        let mut good = Vec::new();
        for t in chosen.values() {
            let mut scratch = Tera::new();
            register(&mut scratch, config, &assets, options.preview);
            match scratch.add_raw_template(&t.name, &t.text) {
                Err(e) if !matches!(e.kind(), tera::ErrorKind::MissingParent { .. }) => {
                    diags.push(to_diagnostic(config, &sources, &t.name, &e));
                }
                _ => good.push((t.name.clone(), t.text.clone())),
            }
        }
        let mut tera = Tera::new();
        register(&mut tera, config, &assets, options.preview);
        if let Err(e) = tera.add_raw_templates(good) {
            diags.push(to_diagnostic(config, &sources, "", &e));
        }

        Theme {
            tera,
            sources,
            static_files,
        }
    }

    /// Whether a template loaded (one with a syntax error did not, and is reported already).
    pub fn has(&self, template: &str) -> bool {
        self.tera.contains_template(template)
    }

    /// Renders into bytes: Tera's `render` checks its own output for UTF-8 once more to
    /// make a `String`, and starts from a small buffer.
    pub fn render(&self, template: &str, ctx: &tera::Context) -> TeraResult<Vec<u8>> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera.render_to(template, ctx, &mut out)?;
        Ok(out)
    }

    /// The file a template came from, for diagnostics.
    pub fn source_of(&self, name: &str) -> Option<PathBuf> {
        self.sources.get(name).cloned()
    }
}

fn register(tera: &mut Tera, config: &Config, assets: &BTreeMap<String, String>, preview: bool) {
    let base = config.base_path.clone();
    let asset_base = config.base_path.clone();
    let assets = assets.clone();
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            // `Cow`: a string argument is borrowed, not formatted into a new `String`.
            let path: std::borrow::Cow<str> = kwargs.must_get("path")?;
            let path = path.trim_start_matches('/');
            Ok([
                asset_base.as_str(),
                assets.get(path).map_or(path, String::as_str),
            ]
            .concat())
        },
    );
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: std::borrow::Cow<str> = kwargs.must_get("path")?;
            Ok([base.as_str(), path.trim_start_matches('/')].concat())
        },
    );
    let locale = config.locale;
    let nav: Vec<NavItem> = [
        (crate::model::Kind::Chapter, "nav.chapter"),
        (crate::model::Kind::Story, "nav.story"),
        (crate::model::Kind::Agenda, "nav.agenda"),
        (crate::model::Kind::AgendaTheme, "nav.agenda_theme"),
        (crate::model::Kind::Quadrant, "nav.quadrant"),
    ]
    .iter()
    .map(|(kind, key)| NavItem {
        title: locale.text(key),
        url: format!("{}{}/", config.base_path, config.folder(*kind)),
    })
    .collect();
    let site = SiteView {
        title: &config.title,
        description: config.description.as_deref().unwrap_or(""),
        municipality: &config.municipality,
        base_url: &config.base_url,
        base_path: &config.base_path,
        language: locale.code(),
        logo: config
            .brand
            .logo
            .as_ref()
            .map(|l| format!("{}{}", config.base_path, l.trim_start_matches('/'))),
        nav,
    };
    tera.global_context().insert("site", &site);
    tera.global_context().insert("preview", &preview);
    tera.global_context().insert("search", &config.search);
    tera.global_context()
        .insert("t", &super::strings::ui(locale));
}

fn to_diagnostic(
    config: &Config,
    sources: &HashMap<String, PathBuf>,
    fallback: &str,
    e: &tera::Error,
) -> crate::diagnostics::Diagnostic {
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
    let file = sources
        .get(&name)
        .cloned()
        .unwrap_or_else(|| Path::new(&name).to_path_buf());
    diagnostic(
        config.language,
        Severity::Error,
        &file,
        position,
        Msg::TemplateError { detail },
    )
}

/// Used by `render` for errors at render time.
pub fn error_diagnostic(
    theme: &Theme,
    config: &Config,
    template: &str,
    e: &tera::Error,
) -> crate::diagnostics::Diagnostic {
    to_diagnostic(config, &theme.sources, template, e)
}
