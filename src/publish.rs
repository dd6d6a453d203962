//! The checks on what a build publishes, after rendering: every output path once (no
//! two files at one path, no file where a folder must be), no resource loaded from
//! another origin (the privacy check, with serve's memo of findings), every local link
//! landing (the output link check, read in the privacy check's run over each page), and
//! `security.txt` (RFC 9116) with its warnings. For `check --extern`, the external links
//! of the output with where each is written (`publish/extern_links`).

mod dead_links;
mod extern_links;

pub use crate::link_check::{LinkMemo, Scope};
pub use dead_links::Origins;
pub use extern_links::collect as extern_links;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostics, Position, Severity, diagnostic};
use crate::link_check::{self, PageLinks};
use crate::messages::Msg;
use crate::mode::Mode;
use crate::model::Date;
use crate::output::{FileBytes, OutputMap};
use crate::render::Theme;
use crate::resolve;

/// Every path of the output and who puts it there.
pub struct Paths<'a, I: Iterator<Item = &'a String>> {
    /// The output map: pages kept in memory (and robots.txt).
    pub output: &'a OutputMap,
    /// Pages already written (not kept in the map).
    pub sunk: &'a [String],
    pub site: &'a resolve::Site,
    /// The theme and its name (for the source path of its static files).
    pub theme: (&'a Theme, &'a str),
    /// The site's static files (read or to be copied).
    pub static_files: I,
}

/// Reports every collision among the output paths (see `output_paths`).
pub fn check_collisions<'a, I: Iterator<Item = &'a String>>(
    paths: Paths<'a, I>,
    config: &Config,
    diags: &mut Diagnostics,
) {
    let owners = output_owners(
        paths.output,
        paths.sunk,
        paths.site,
        paths.theme,
        paths.static_files,
    );
    for found in
        crate::output_paths::collisions(owners, config.language == crate::messages::Lang::Nl)
    {
        diags.push(diagnostic(
            config.language,
            Severity::Error,
            &found.file,
            found.position,
            Msg::OutputCollision {
                path: found.path,
                other: found.other,
            },
        ));
    }
}

/// Every path the output will hold, with who puts it there: the rendered pages (kept in
/// `output` or already written), aliases, and the theme's and the site's static files.
fn output_owners<'a>(
    output: &OutputMap,
    sunk: &[String],
    site: &resolve::Site,
    (theme, theme_name): (&Theme, &str),
    static_files: impl Iterator<Item = &'a String>,
) -> Vec<(String, crate::output_paths::Owner)> {
    use crate::output_paths::Owner;
    let aliases: BTreeMap<String, Owner> = site
        .aliases
        .iter()
        .map(|(key, &doc)| {
            let d = &site.docs[doc];
            let position = d
                .common
                .aliases
                .iter()
                .find(|a| a.id.trim_matches('/') == key.trim_matches('/'))
                .map_or(Position::START, |a| a.position);
            let owner = Owner::Alias {
                file: d.source_path.clone(),
                position,
            };
            (crate::output::file_of(key), owner)
        })
        .collect();
    let generated = |path: String| {
        let owner = aliases.get(&path).cloned().unwrap_or(Owner::Generated);
        (path, owner)
    };
    let mut files: Vec<(String, Owner)> = output.keys().cloned().map(generated).collect();
    files.extend(sunk.iter().cloned().map(generated));
    let theme_static = Path::new("themes").join(theme_name).join("static");
    files.extend(
        theme
            .static_files
            .keys()
            .map(|p| (p.clone(), Owner::Static(theme_static.join(p)))),
    );
    files.extend(static_files.map(|p| (p.clone(), Owner::Static(Path::new("static").join(p)))));
    files
}

/// What serve's privacy check keeps for the next rebuild.
#[derive(Default)]
pub struct PrivacyMemo {
    /// Findings per output file, sorted by path, with the bytes they were found in
    /// (reused while a file is the same allocation, i.e. a page the page memo kept).
    checked: Vec<Checked>,
    /// Copied from the pipeline's memo before each build.
    pub mode: Mode,
    /// Serve: each page's dead links, kept while their inputs are the same.
    links: LinkMemo,
}

/// One output file read once: its external resources and, for an HTML page, its local
/// links and ids (the privacy check and the link check share the tokenizer's run).
pub fn scan_file(
    path: &str,
    bytes: &[u8],
    (origin, allow): (&str, &[String]),
    scope: &Scope,
) -> (Vec<crate::privacy::External>, Option<PageLinks>) {
    if !path.ends_with(".html") {
        return (crate::privacy::check_file(path, bytes, origin, allow), None);
    }
    let mut links = link_check::Collector::new(scope, path);
    let found = crate::privacy::check_file_with(path, bytes, origin, allow, Some(&mut links));
    // std's check first: the lossy reader walks valid text slowly.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    (found, Some(links.finish(&text)))
}

/// The privacy check's inputs besides the output map.
pub struct Privacy<'a> {
    /// Findings of pages checked as they were written (in any order).
    pub streamed: Vec<crate::privacy::External>,
    pub output: &'a OutputMap,
    /// The site's own origin (`https://example.org/`).
    pub origin: &'a str,
    /// How the output folder is named in diagnostics.
    pub label: &'a Path,
    /// Whether an output path is one of the site's static files (named at its source).
    pub is_static: &'a dyn Fn(&str) -> bool,
}

/// Reports every resource the output loads from another origin, at the static file it
/// comes from or at the output file. Returns the links of the HTML files of the output
/// map, read in the same run (see [`scan_file`]).
pub fn check_privacy(
    privacy: Privacy<'_>,
    config: &Config,
    memo: &mut PrivacyMemo,
    diags: &mut Diagnostics,
) -> Vec<(String, SharedLinks)> {
    let mut found = privacy.streamed;
    // Streamed pages were checked in any order.
    found.sort_by(|a, b| (&a.page, a.line, a.column).cmp(&(&b.page, b.line, b.column)));
    let (external, links) = privacy_check(privacy.output, privacy.origin, config, memo);
    found.extend(external);
    for found in found {
        // A static file is named where the web team can change it; the rest (pages from
        // templates and content) where the output has it.
        let file: PathBuf = if (privacy.is_static)(&found.page) {
            Path::new("static").join(&found.page)
        } else {
            privacy.label.join(&found.page)
        };
        diags.push(diagnostic(
            config.language,
            Severity::Error,
            &file,
            Position {
                line: found.line,
                column: found.column,
            },
            Msg::ExternalResource {
                page: found.page,
                url: found.url,
            },
        ));
    }
    links
}

/// What the output link check needs besides the pages' links.
pub struct Links<'a> {
    /// Every HTML page's links: pages written as they rendered, then the output map's.
    pub pages: Vec<(String, SharedLinks)>,
    /// Every file of the output: the output map's, the pages written as they rendered
    /// and the large static files copied at the end.
    pub files: Vec<&'a str>,
    pub origins: Origins<'a>,
}

impl PrivacyMemo {
    /// The link check's part, when this memo remembers (serve).
    pub fn links(&mut self) -> Option<&mut LinkMemo> {
        self.mode.remembers().then_some(&mut self.links)
    }
}

/// Reports every local link of the output that lands on no file, or on no id: at the
/// template that wrote it, the content file or the static file (see
/// `publish::dead_links`).
pub fn check_links(links: Links<'_>, memo: Option<&mut LinkMemo>, diags: &mut Diagnostics) {
    let later = links
        .origins
        .config
        .search
        .then_some(crate::search::BUNDLE_DIR);
    let files = link_check::Files::new(links.files.iter().copied(), later);
    let mut pages: Vec<(&str, &SharedLinks)> =
        links.pages.iter().map(|(p, l)| (p.as_str(), l)).collect();
    // Pages written as they rendered came in any order.
    pages.sort_by(|a, b| a.0.cmp(b.0));
    let dead = link_check::check(&pages, &files, memo);
    for d in dead_links::diagnostics(dead, &links.origins) {
        diags.push(d);
    }
}

/// One output file's privacy findings and links, with what they were found under.
struct Checked {
    path: String,
    /// Fingerprint of the origin, the allow list and the base path.
    key: u64,
    bytes: FileBytes,
    found: Vec<crate::privacy::External>,
    links: Option<SharedLinks>,
}

pub use crate::link_check::SharedLinks;

/// The privacy check of the output, in parallel. With a remembering memo, a file whose
/// bytes are the very allocation checked last time (a page the page memo reused) keeps
/// its findings; the memo holds those bytes, so the address cannot be reused meanwhile.
/// Output and memo are both sorted by path, so they are paired by one merge, not by
/// a lookup per file.
fn privacy_check(
    output: &OutputMap,
    origin: &str,
    config: &Config,
    memo: &mut PrivacyMemo,
) -> (Vec<crate::privacy::External>, Vec<(String, SharedLinks)>) {
    let allow = &config.privacy_allow;
    let scope = Scope::new(&config.base_url, &config.base_path);
    let key = crate::fingerprint::of((origin, allow, &config.base_url));
    let mut previous = std::mem::take(&mut memo.checked).into_iter().peekable();
    let mut files: Vec<(&String, &FileBytes, Option<Checked>)> = Vec::new();
    for (path, bytes) in output {
        if !crate::privacy::is_checked(path) {
            continue;
        }
        while previous.next_if(|c| c.path < *path).is_some() {}
        let kept = previous.next_if(|c| {
            c.path == *path && c.key == key && std::sync::Arc::ptr_eq(&c.bytes, bytes)
        });
        files.push((path, bytes, kept));
    }
    drop(previous);
    let checked: Vec<Checked> = files
        .into_par_iter()
        .map(|(path, bytes, kept)| {
            kept.unwrap_or_else(|| {
                let (found, links) = scan_file(path, bytes, (origin, allow), &scope);
                Checked {
                    path: path.clone(),
                    key,
                    bytes: bytes.clone(),
                    found,
                    links: links.map(SharedLinks::new),
                }
            })
        })
        .collect();
    let all = checked
        .iter()
        .flat_map(|c| c.found.iter().cloned())
        .collect();
    let links = if memo.mode.remembers() {
        let links = checked
            .iter()
            .filter_map(|c| Some((c.path.clone(), c.links.clone()?)))
            .collect();
        memo.checked = checked;
        links
    } else {
        checked
            .into_iter()
            .filter_map(|c| Some((c.path, c.links?)))
            .collect()
    };
    (all, links)
}

/// RFC 9116 location.
pub const SECURITY_TXT: &str = ".well-known/security.txt";

fn security_txt(config: &Config, s: &config::SecurityTxt) -> String {
    let mut out = String::new();
    for contact in &s.contact {
        out.push_str(&format!("Contact: {contact}\n"));
    }
    out.push_str(&format!("Expires: {}\n", s.expires));
    if let Some(langs) = &s.preferred_languages {
        out.push_str(&format!("Preferred-Languages: {langs}\n"));
    }
    if let Some(policy) = &s.policy {
        out.push_str(&format!("Policy: {policy}\n"));
    }
    out.push_str(&format!(
        "Canonical: {}\n",
        config.absolute_url(SECURITY_TXT)
    ));
    out
}

/// Adds `security.txt` to the output when configured, with a warning when it cannot be
/// found at the host's root (a sub-path site) or has expired.
pub fn add_security_txt(
    config: &Config,
    today: Option<Date>,
    texts: &HashMap<PathBuf, String>,
    output: &mut OutputMap,
    diags: &mut Diagnostics,
) {
    let Some(security) = &config.security_txt else {
        return;
    };
    output.insert(
        SECURITY_TXT.to_string(),
        security_txt(config, security).into_bytes().into(),
    );
    if config.base_path != "/" {
        diags.push(diagnostic(
            config.language,
            Severity::Warning,
            Path::new(config::CONFIG_FILE),
            Position::START,
            Msg::SecurityTxtSubPath {
                path: format!("{}{SECURITY_TXT}", config.base_path),
            },
        ));
    }
    let expires = Date::parse(security.expires.get(..10).unwrap_or(""));
    if let (Some(today), Some(expires)) = (today, expires)
        && expires < today
    {
        let text = texts
            .get(Path::new(config::CONFIG_FILE))
            .map_or("", String::as_str);
        diags.push(diagnostic(
            config.language,
            Severity::Warning,
            Path::new(config::CONFIG_FILE),
            config::locate_key(text, Some("security_txt"), "expires"),
            Msg::SecurityTxtExpired {
                expires: security.expires.clone(),
            },
        ));
    }
}

/// `https://example.org/` of a base URL (empty for a bare path).
pub fn origin_of(base_url: &str) -> String {
    let Some(scheme_end) = base_url.find("://") else {
        return String::new();
    };
    let rest = &base_url[scheme_end + 3..];
    let host_end = rest.find('/').unwrap_or(rest.len());
    format!("{}{}/", &base_url[..scheme_end + 3], &rest[..host_end])
}
