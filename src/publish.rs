//! The checks on what a build publishes, after rendering: every output path once (no
//! two files at one path, no file where a folder must be), no resource loaded from
//! another origin (the privacy check, with serve's memo of findings), and
//! `security.txt` (RFC 9116) with its warnings.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostics, Position, Severity, diagnostic};
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
    pub sunk: Vec<String>,
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
    sunk: Vec<String>,
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
    files.extend(sunk.into_iter().map(generated));
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
/// comes from or at the output file.
pub fn check_privacy(
    privacy: Privacy<'_>,
    config: &Config,
    memo: &mut PrivacyMemo,
    diags: &mut Diagnostics,
) {
    let mut found = privacy.streamed;
    // Streamed pages were checked in any order.
    found.sort_by(|a, b| (&a.page, a.line, a.column).cmp(&(&b.page, b.line, b.column)));
    found.extend(privacy_check(privacy.output, privacy.origin, config, memo));
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
}

/// One output file's privacy findings, with what they were found under.
struct Checked {
    path: String,
    /// Fingerprint of the origin and the allow list.
    key: u64,
    bytes: FileBytes,
    found: Vec<crate::privacy::External>,
}

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
) -> Vec<crate::privacy::External> {
    let allow = &config.privacy_allow;
    let key = crate::fingerprint::of((origin, allow));
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
            kept.unwrap_or_else(|| Checked {
                path: path.clone(),
                key,
                bytes: bytes.clone(),
                found: crate::privacy::check_file(path, bytes, origin, allow),
            })
        })
        .collect();
    let all = checked
        .iter()
        .flat_map(|c| c.found.iter().cloned())
        .collect();
    if memo.mode.remembers() {
        memo.checked = checked;
    }
    all
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
