//! The Atom feeds (the site's, and one per agenda theme and quadrant) and the
//! sitemap of a sub-path build, checked as XML and against their specs, with
//! absolute URLs that are pages of the site.

use std::collections::BTreeSet;
use std::fs;
use std::time::Instant;

use super::{SUB, build, default_site_copy};
use crate::support::feeds::{atom_problems, below, file_for, sitemap_locs};
use crate::support::links::{attr, tags};
use crate::support::site::{first_doc, html_pages};
use crate::support::xml::parse_xml;

#[test]
fn atom_feeds_and_the_sitemap_are_valid_with_absolute_urls_under_the_sub_path() {
    let started = Instant::now();
    let (site, _) = default_site_copy(false);
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("public");
    let base = "https://www.voorbeeld.nl/ons-verhaal/";
    build(&site, &out, base, &[]);
    let mut problems = Vec::new();

    // The site feed, and one per agenda theme and per quadrant.
    let mut feeds = vec![("site".to_string(), "atom.xml".to_string(), None)];
    for folder in ["themas", "kwadranten"] {
        let mut ids: Vec<String> = fs::read_dir(out.join(folder))
            .expect("read_dir")
            .flatten()
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        ids.sort();
        assert!(!ids.is_empty(), "no pages in {folder}/");
        for id in ids {
            let page = format!("{folder}/{id}/");
            feeds.push((page.clone(), format!("{page}atom.xml"), Some(page)));
        }
    }
    let mut entries = 0;
    for (name, rel, term_page) in &feeds {
        let text = match fs::read_to_string(out.join(rel)) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{name}: no {rel}: {e}"));
                continue;
            }
        };
        let feed_url = format!("{base}{rel}");
        let (p, alternates) = atom_problems(&text, &feed_url, base, &out);
        problems.extend(p.into_iter().map(|p| format!("{rel}: {p}")));
        entries += alternates.len();
        if let Some(page) = term_page {
            // The page advertises its feed, and every entry is a story that names it.
            let html = fs::read_to_string(out.join(page).join("index.html")).expect("term page");
            let advertised = tags(&html, "link").iter().any(|a| {
                attr(a, "rel") == Some("alternate")
                    && attr(a, "type") == Some("application/atom+xml")
                    && attr(a, "href") == Some(feed_url.as_str())
            });
            if !advertised {
                problems.push(format!("{page} has no <link rel=alternate> to {feed_url}"));
            }
            let term_path = format!("{}{page}", SUB);
            for story in &alternates {
                let story_rel = below(base, story).unwrap_or_default();
                let html = fs::read_to_string(file_for(&out, story_rel)).unwrap_or_default();
                let links_back = tags(&html, "a")
                    .iter()
                    .any(|a| attr(a, "href") == Some(term_path.as_str()));
                if !story_rel.starts_with("verhalen/") || !links_back {
                    problems.push(format!(
                        "{rel}: entry {story} is not a story that links to {term_path}"
                    ));
                }
            }
        }
    }
    let non_empty = feeds
        .iter()
        .filter(|(_, rel, _)| {
            fs::read_to_string(out.join(rel)).is_ok_and(|t| t.contains("<entry>"))
        })
        .count();
    assert!(non_empty >= 3, "only {non_empty} feeds have entries");

    // The sitemap: absolute URLs under the sub-path, each a page of the site.
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    let locs = match sitemap_locs(&sitemap) {
        Ok(l) => l,
        Err(e) => panic!("sitemap.xml: {e}"),
    };
    let mut unique = BTreeSet::new();
    for loc in &locs {
        match below(base, loc) {
            Some(rel) if file_for(&out, rel).is_file() => {}
            Some(_) => problems.push(format!("sitemap: {loc} is not a page of the site")),
            None => problems.push(format!(
                "sitemap: {loc} is not an absolute URL under {base}"
            )),
        }
        if !unique.insert(loc) {
            problems.push(format!("sitemap: {loc} twice"));
        }
    }
    // Every page is listed, except the 404 page, the print view, list pages 2…
    // and the search page (a tool, not content; not part of these tests).
    let listed: BTreeSet<String> = locs
        .iter()
        .filter_map(|l| below(base, l))
        .map(str::to_string)
        .collect();
    let unlisted: Vec<String> = html_pages(&out)
        .difference(&listed)
        .filter(|p| {
            !matches!(p.as_str(), "404.html" | "zoeken/")
                && !p.ends_with("/print/")
                && !p.contains("/pagina/")
        })
        .cloned()
        .collect();
    if !unlisted.is_empty() {
        problems.push(format!("pages missing from the sitemap: {unlisted:?}"));
    }
    let robots = fs::read_to_string(out.join("robots.txt")).expect("robots.txt");
    if !robots
        .lines()
        .any(|l| l == format!("Sitemap: {base}sitemap.xml"))
    {
        problems.push(format!("robots.txt does not name the sitemap:\n{robots}"));
    }

    eprintln!(
        "publishing/feeds: {} Atom feeds ({entries} entries) valid, sitemap {} URLs under {base}; {:?}",
        feeds.len(),
        locs.len(),
        started.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Regression tests: bugs once found in the feeds (fixed; see the notes on each).
// ---------------------------------------------------------------------------

/// The `<updated>` of every feed is the newest `<updated>` of its entries.
#[test]
fn every_feed_is_as_new_as_its_newest_entry() {
    let (site, _) = default_site_copy(false);
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("public");
    build(&site, &out, "https://www.voorbeeld.nl/", &[]);
    let text = fs::read_to_string(out.join("atom.xml")).expect("atom.xml");
    let root = parse_xml(&text).expect("well-formed");
    let feed = root
        .one("updated")
        .map(|u| u.text.clone())
        .unwrap_or_default();
    let newest = root
        .all("entry")
        .filter_map(|e| e.one("updated").map(|u| u.text.clone()))
        .max()
        .unwrap_or_default();
    assert!(
        feed >= newest,
        "feed <updated> {feed} is older than an entry's {newest}"
    );
}

/// An agenda theme's or quadrant's feed names that page as its alternate.
#[test]
fn term_feeds_link_to_their_own_page() {
    let (site, _) = default_site_copy(false);
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = out_dir.path().join("public");
    let base = "https://www.voorbeeld.nl/";
    build(&site, &out, base, &[]);
    let id = first_doc(&out, "themas");
    let text = fs::read_to_string(out.join(format!("themas/{id}/atom.xml"))).expect("feed");
    let root = parse_xml(&text).expect("well-formed");
    let alternate: Vec<&str> = root
        .all("link")
        .filter(|l| l.attr("rel") == Some("alternate"))
        .filter_map(|l| l.attr("href"))
        .collect();
    assert_eq!(alternate, [format!("{base}themas/{id}/")]);
}
