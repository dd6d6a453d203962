//! Preview builds (`--preview`) keep search engines out.

use std::fs;

use super::{build, default_site_copy};
use crate::support::feeds::file_for;
use crate::support::links::{attr, tags};
use crate::support::site::html_pages;

#[test]
fn preview_builds_are_noindex_everywhere_and_robots_disallows_all() {
    let (site, _) = default_site_copy(true);
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("public");
    build(
        &site,
        &out,
        "https://test.voorbeeld.nl/ons-verhaal/",
        &["--preview"],
    );
    let robots = fs::read_to_string(out.join("robots.txt")).expect("robots.txt");
    assert_eq!(robots, "User-agent: *\nDisallow: /\n");
    let pages = html_pages(&out);
    let indexable: Vec<&String> = pages
        .iter()
        .filter(|p| {
            let html = fs::read_to_string(file_for(&out, p)).expect("page");
            !tags(&html, "meta").iter().any(|a| {
                attr(a, "name") == Some("robots")
                    && attr(a, "content").is_some_and(|c| c.contains("noindex"))
            })
        })
        .collect();
    assert!(
        indexable.is_empty(),
        "{} of {} pages of a preview build lack noindex: {indexable:?}",
        indexable.len(),
        pages.len()
    );
}
