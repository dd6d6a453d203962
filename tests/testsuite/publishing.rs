//! Publishing: the repository's default site built with `--base-url` under a
//! sub-path and served by a real nginx with the documented configuration
//! (`docs/nginx.conf`), crawled link by link; every page kind in headless
//! Chromium under the documented Content-Security-Policy; the Atom feeds and
//! the sitemap as XML; preview builds.
//!
//! Without nginx (or Chromium) the tests that need it are skipped loudly; under
//! `CI=true` that absence is a failure.
//!
//! This file holds what the tests share: the copy of the default site and its
//! build. The tests, by concern: [`nginx`] (docs/nginx.conf and a crawl of
//! every link), [`csp`] (Chromium under the Content-Security-Policy),
//! [`feeds`] (Atom feeds and the sitemap), [`preview`] (preview builds) and
//! [`checkers`] (the checkers reject what they must catch). [`served`] is the
//! build behind nginx. The checkers themselves are in `support::xml`,
//! `support::feeds` and `support::links`.

mod checkers;
mod csp;
mod feeds;
mod nginx;
mod preview;
mod served;

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::Fixture;
use crate::support::site::{self, default_site_with_config, repo};

/// The URL path the site is served under.
const SUB: &str = "/ons-verhaal/";
/// What nginx must send with every response (docs/nginx.conf, docs/publishing.md).
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
                   img-src 'self' data:; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/// The old URL that the temp copy of the site gives one story (`aliases:`).
const ALIAS: &str = "oud-verhaal/";
/// A path under [`SUB`] that does not exist.
const MISSING: &str = "bestaat-niet/";
/// The theme's 404 heading.
const NOT_FOUND: &str = "Pagina niet gevonden";

/// The repository's `site.toml`, `content/` and `static/` (if present) in a temp
/// dir, with `page_size = 5` (so stories paginate) and, when `alias` is set, an
/// `aliases: [/oud-verhaal/]` on the first story. Returns the site and that
/// story's id.
fn default_site_copy(alias: bool) -> (Fixture, String) {
    let toml = fs::read_to_string(repo().join("site.toml")).expect("repo site.toml");
    let toml: String = toml
        .lines()
        .filter(|l| !l.trim_start().starts_with("page_size"))
        .map(|l| format!("{l}\n"))
        .collect();
    // Top-level keys must come before the first [table].
    let site = default_site_with_config(&format!("page_size = 5\n{toml}"));

    let mut stories: Vec<PathBuf> = fs::read_dir(site.path("content/verhalen"))
        .expect("content/verhalen")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "_index.md")
                && !fs::read_to_string(p)
                    .unwrap_or_default()
                    .contains("\naliases:")
        })
        .collect();
    stories.sort();
    let story = stories
        .first()
        .expect("a story without aliases in content/verhalen");
    let id = story
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("utf-8 story name")
        .to_string();
    if alias {
        let text = fs::read_to_string(story).expect("story");
        let rest = text
            .strip_prefix("---\n")
            .expect("story starts with front matter");
        fs::write(story, format!("---\naliases: [/{ALIAS}]\n{rest}")).expect("write story");
    }
    (site, id)
}

/// `verteller --root <site> [--drafts…] build --output <out> --base-url <base> extra…`.
fn build(site: &Fixture, out: &Path, base_url: &str, extra: &[&str]) {
    let mut args = vec![
        "build",
        "--output",
        out.to_str().expect("utf-8 temp path"),
        "--base-url",
        base_url,
    ];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    assert_eq!(
        run.code, 0,
        "build failed\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

/// One page of every HTML page kind (the alias redirect is not a plain page).
fn html_page_kinds(out: &Path) -> Vec<(&'static str, String)> {
    let kinds = site::html_page_kinds(out, &[ALIAS]);
    assert!(
        kinds.iter().any(|(_, rel)| rel == "verhalen/pagina/2/"),
        "with page_size = 5 the stories should have a page 2: {kinds:?}"
    );
    kinds
}
