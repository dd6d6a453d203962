//! The template theme: Tera loaded with the templates of one theme, with per-file
//! overrides, plus its static files.
//!
//! Lookup per file name: site `templates/` → `themes/<name>/templates/` → the default
//! theme `gemeente` embedded in the binary (so a bare `site.toml` + `content/` builds).
//! The functions and global variables templates see are those of
//! [`crate::template_contract`].

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::Serialize;
use tera::{Kwargs, State, Tera, TeraResult};

use crate::config::Config;
use crate::diagnostics::Diagnostics;

use super::problems;

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
        "pagination.html",
        "taxonomy.html",
        "taxonomy_term.html",
        "taxonomy_terms.html",
        "card_picture.html",
        "components/callout.html",
        "components/quote.html",
        "components/expandable.html",
        "components/key_figure.html",
        "components/video.html",
        "components/download.html",
    ];
    pub const STATIC: &[(&str, &[u8])] = &[
        (
            "favicon.svg",
            include_bytes!("../../themes/gemeente/static/favicon.svg"),
        ),
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

pub use super::tags::TemplateFile;

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

/// The site path of the theme's default icon (in its `static/`).
pub const FAVICON: &str = "favicon.svg";

/// A loaded theme, ready to render.
pub struct Theme {
    tera: Tera,
    /// Every template chosen for this site (name → file and text), loaded or not: for
    /// diagnostics and for finding the template that wrote a link.
    templates: HashMap<String, TemplateFile>,
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
    favicon: Favicon,
    nav: Vec<NavItem>,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
}

/// The icon every page links.
#[derive(Serialize)]
struct Favicon {
    url: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// Theme assets: site path → the name it is published under (its fingerprinted name in
/// `build`; empty in `serve` and `check`, where every asset keeps its name).
#[derive(Debug, Clone, Default)]
struct Assets {
    base_path: String,
    names: BTreeMap<String, String>,
}

impl Assets {
    /// The URL of a site path: the base path, then the path (its fingerprinted name when
    /// it is a theme asset), with its query or fragment kept. `url()` and `asset()` both
    /// answer this, so a template that links a theme asset with `url()` gets the file
    /// `build` writes.
    fn url(&self, path: &str) -> String {
        let path = path.trim_start_matches('/');
        let split = path.find(['?', '#']).unwrap_or(path.len());
        let (file, rest) = path.split_at(split);
        let file = self.names.get(file).map_or(file, String::as_str);
        [self.base_path.as_str(), file, rest].concat()
    }
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
        let names: BTreeMap<String, String> = if options.fingerprint {
            static_files
                .keys()
                .filter_map(|p| fingerprinted_name(p, &static_files[p]).map(|n| (p.clone(), n)))
                .collect()
        } else {
            BTreeMap::new()
        };
        let static_files: BTreeMap<String, Vec<u8>> = static_files
            .into_iter()
            .map(|(p, b)| (names.get(&p).cloned().unwrap_or(p), b))
            .collect();
        let assets = Assets {
            base_path: config.base_path.clone(),
            names,
        };

        let templates = chosen_templates(layers);
        let setup = |tera: &mut Tera| register(tera, config, &assets, options.preview);
        let good = problems::loadable(config, &templates, &setup, diags);
        let mut tera = Tera::new();
        setup(&mut tera);
        if let Err(e) = tera.add_raw_templates(good) {
            diags.push(problems::diagnostic(config, &templates, "", &e));
        }

        Theme {
            tera,
            templates,
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
        self.templates.get(name).map(|t| t.path.clone())
    }

    /// A chosen template (loaded or not).
    pub fn template(&self, name: &str) -> Option<&TemplateFile> {
        self.templates.get(name)
    }

    /// Every chosen template, by name.
    pub fn templates(&self) -> &HashMap<String, TemplateFile> {
        &self.templates
    }
}

/// The embedded default templates with the override layers on top (later layers win).
fn chosen_templates(layers: Vec<Vec<TemplateFile>>) -> HashMap<String, TemplateFile> {
    let mut chosen: HashMap<String, TemplateFile> = embedded::TEMPLATES
        .iter()
        .map(|(name, text)| {
            let t = TemplateFile {
                name: name.to_string(),
                path: embedded_path(name),
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
    chosen
}

/// How diagnostics name a template built into the binary.
pub fn embedded_path(name: &str) -> PathBuf {
    PathBuf::from(format!("<verteller>/themes/gemeente/templates/{name}"))
}

fn register(tera: &mut Tera, config: &Config, assets: &Assets, preview: bool) {
    // One function per entry of the contract's table; the match makes a new entry a
    // compile error here until it is registered.
    for function in crate::template_contract::FUNCTIONS {
        let assets = assets.clone();
        match function.name {
            "url" | "asset" => tera.register_function(
                function.name,
                move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
                    // `Cow`: a string argument is borrowed, not formatted into a new `String`.
                    let path: std::borrow::Cow<str> = kwargs.must_get("path")?;
                    Ok(assets.url(&path))
                },
            ),
            other => unreachable!(
                "the template contract names a function `{other}` that theme.rs does not register"
            ),
        }
    }
    let locale = config.locale;
    let nav: Vec<NavItem> = match &config.menus.main {
        Some(items) => items
            .iter()
            .map(|item| NavItem {
                title: item.title.clone(),
                url: item.href(&config.base_path),
            })
            .collect(),
        None => [
            (crate::model::Kind::Chapter, "nav.chapter"),
            (crate::model::Kind::Story, "nav.story"),
            (crate::model::Kind::Agenda, "nav.agenda"),
            (crate::model::Kind::AgendaTheme, "nav.agenda_theme"),
            (crate::model::Kind::Quadrant, "nav.quadrant"),
        ]
        .iter()
        .map(|(kind, key)| NavItem {
            title: locale.text(key).to_string(),
            url: format!("{}{}/", config.base_path, config.folder(*kind)),
        })
        .collect(),
    };
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
        favicon: favicon(config, assets),
        nav,
    };
    tera.global_context().insert("site", &site);
    tera.global_context().insert("preview", &preview);
    tera.global_context().insert("search", &config.search);
    tera.global_context()
        .insert("t", &super::strings::ui(locale));
}

/// The icon every page links: `[brand] logo` when browsers take it as an icon (SVG or
/// PNG), else the theme's `favicon.svg`. Linked from every page, so no browser asks for
/// `/favicon.ico`.
fn favicon(config: &Config, assets: &Assets) -> Favicon {
    let logo = config.brand.logo.as_deref().and_then(|logo| {
        let lower = logo.to_ascii_lowercase();
        let file = lower.split(['?', '#']).next().unwrap_or("");
        let kind = if file.ends_with(".svg") {
            "image/svg+xml"
        } else if file.ends_with(".png") {
            "image/png"
        } else {
            return None;
        };
        let url = format!("{}{}", config.base_path, logo.trim_start_matches('/'));
        Some(Favicon { url, kind })
    });
    logo.unwrap_or_else(|| Favicon {
        url: assets.url(FAVICON),
        kind: "image/svg+xml",
    })
}

/// Used by `render` for errors at render time.
pub fn error_diagnostic(
    theme: &Theme,
    config: &Config,
    template: &str,
    e: &tera::Error,
) -> crate::diagnostics::Diagnostic {
    problems::diagnostic(config, &theme.templates, template, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets(fingerprint: bool) -> Assets {
        let mut names = BTreeMap::new();
        if fingerprint {
            names.insert(
                "css/gemeente.css".to_string(),
                "css/gemeente.0123456789.css".to_string(),
            );
        }
        Assets {
            base_path: "/verhaal/".to_string(),
            names,
        }
    }

    #[test]
    fn url_of_a_theme_asset_is_its_fingerprinted_name_like_asset() {
        let built = assets(true);
        assert_eq!(
            built.url("css/gemeente.css"),
            "/verhaal/css/gemeente.0123456789.css"
        );
        assert_eq!(
            built.url("/css/gemeente.css?v=1"),
            "/verhaal/css/gemeente.0123456789.css?v=1"
        );
        assert_eq!(built.url("zoeken/"), "/verhaal/zoeken/");
        assert_eq!(
            assets(false).url("css/gemeente.css"),
            "/verhaal/css/gemeente.css"
        );
    }

    #[test]
    fn every_contract_function_is_registered() {
        let config = Config::default();
        let mut tera = Tera::new();
        register(&mut tera, &config, &assets(true), false);
        for f in crate::template_contract::FUNCTIONS {
            let text = format!("{{{{ {}(path='css/gemeente.css') }}}}", f.name);
            let out = tera
                .render_str(&text, &tera::Context::new(), false)
                .unwrap_or_else(|e| panic!("{}: {e}", f.name));
            assert_eq!(out, "/verhaal/css/gemeente.0123456789.css");
        }
    }
}
