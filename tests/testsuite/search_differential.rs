//! verteller's search index against Pagefind's own indexer, on the same output.
//!
//! verteller writes its index with a patched copy of Pagefind 1.6.0 (`vendor/pagefind`):
//! pages are read in parallel while they render and added in URL order. The reference is
//! the npm release of the same Pagefind version, run through its Node API
//! (`tests/browser-deps/reference-index.mjs`), adding the same built pages one by one in
//! URL order. For the default site and a generated 1,000-story site:
//!
//! - the two bundles hold the same index, fragment, filter and meta files (their names
//!   are hashes of their contents);
//! - in real Chromium, a fixed set of queries (Dutch words, inflected forms, prefixes,
//!   multi-word, diacritics, no-hit, a sort) and a query per filter value (agenda theme,
//!   quadrant, role, kind; with and without a word) run through each bundle's own
//!   `pagefind.js` give the same results: the same pages (fragment ids) with the same
//!   scores in the same order, and the same URLs for the first ten.
//!
//! Any difference fails the test. Skipped loudly without Chromium, Node or the npm
//! packages; under `CI=true` that is a failure.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::json;

use crate::support::Fixture;
use crate::support::browser::{StaticServer, require_browser};
use crate::support::site::{built_default_site, built_generated_site, repo};

/// Queries for every site: `(term, sort)`.
const COMMON: &[&str] = &[
    // Words
    "gemeente",
    "bewoners",
    "regels",
    "loket",
    "formulier",
    "school",
    "ruimte",
    "vertrouwen",
    "praktijk",
    "verhaal",
    "uitvoerder",
    "samen",
    // Inflected forms of words in the content
    "bewoner",
    "regel",
    "formulieren",
    "scholen",
    "verhalen",
    "uitvoerders",
    "leerde",
    "gewerkt",
    "vragen",
    "gesprekken",
    // Prefixes
    "buur",
    "gem",
    "rege",
    "verh",
    "uitvoer",
    "w",
    // Several words
    "samen leren",
    "de gemeente",
    "regels en loket",
    "bewoners van de wijk",
    "ruimte voor vertrouwen",
    // Case, diacritics and punctuation
    "Gemeente",
    "GEMEENTE",
    "één",
    "een",
    "regels?",
    "wijk-coach",
    // No hits
    "xyzzyq",
    "qqqqqqq",
];

/// Queries for the default site only (its own words).
const DEFAULT_SITE: &[&str] = &[
    "buurtkamer",
    "wijkcoach",
    "moestuin",
    "wachtlijst",
    "wachtlijsten",
    "doorbraken",
    "jongeren",
    "raadsleden",
    "corporatie",
    "afvalregels",
    "gemoedsrust",
    "professionele autonomie",
    "uitvoeringsdriehoek",
    "een overheid",
];

/// Queries for the generated site only.
const GENERATED_SITE: &[&str] = &[
    "buurthuis",
    "koffie",
    "afspraak",
    "ambtenaar",
    "college",
    "luisteren",
    "koffie buurthuis",
    "tuin plein straat",
];

/// Runs every query through both bundles in the page; leaves the outcome in
/// `window.__differential` (`{ ok: [...] }` or `{ error }`).
const RUN: &str = r#"
const [terms, filterKeys] = arguments;
window.__differential = null;
(async () => {
  const ours = await import('/pagefind/pagefind.js');
  const reference = await import('/pagefind-ref/pagefind.js');
  const queries = terms.map((term) => ({ term }));
  queries.push({ term: 'gemeente', sort: { datum: 'desc' } });
  queries.push({ term: 'regels', sort: { datum: 'asc' } });
  const filters = await ours.filters();
  const referenceFilters = await reference.filters();
  if (JSON.stringify(filters) !== JSON.stringify(referenceFilters)) {
    throw new Error('the filters differ: ' + JSON.stringify([filters, referenceFilters]));
  }
  for (const key of filterKeys) {
    const values = Object.keys(filters[key] || {}).sort();
    if (values.length === 0) throw new Error('no values for the filter ' + key);
    for (const value of values.slice(0, 4)) {
      queries.push({ term: null, filters: { [key]: value } });
      queries.push({ term: 'gemeente', filters: { [key]: value } });
    }
  }
  queries.push({ term: 'regels', filters: { soort: 'Verhaal', rol: { any: Object.keys(filters.rol || {}) } } });
  const outcome = async (pagefind, query) => {
    const options = {};
    if (query.filters) options.filters = query.filters;
    if (query.sort) options.sort = query.sort;
    const found = await pagefind.search(query.term, options);
    const urls = [];
    for (const result of found.results.slice(0, 10)) urls.push((await result.data()).url);
    return {
      ids: found.results.map((r) => r.id),
      scores: found.results.map((r) => r.score),
      urls,
      unfiltered: found.unfilteredResultCount,
    };
  };
  const rows = [];
  for (const query of queries) {
    rows.push({ query, ours: await outcome(ours, query), reference: await outcome(reference, query) });
  }
  window.__differential = { ok: rows };
})().catch((e) => { window.__differential = { error: String((e && e.stack) || e) }; });
"#;

/// Builds the reference bundle of `site`'s output in `public/pagefind-ref/`.
fn reference_bundle(site: &Fixture) -> bool {
    let deps = repo().join("tests/browser-deps");
    let script = deps.join("reference-index.mjs");
    let installed = deps.join("node_modules/pagefind/package.json");
    let why = if !installed.is_file() {
        Some(format!(
            "{} is missing; run `npm ci --prefix tests/browser-deps --no-audit --no-fund`",
            installed.display()
        ))
    } else if Command::new("node").arg("--version").output().is_err() {
        Some("node is not on PATH (install Debian's nodejs)".to_string())
    } else {
        None
    };
    if let Some(why) = why {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("the search differential test cannot run in CI: {why}");
        }
        eprintln!("\n!!!!!!!! SEARCH DIFFERENTIAL TEST SKIPPED: {why} !!!!!!!!\n");
        return false;
    }
    let public = site.path("public");
    let out = Command::new("node")
        .arg(&script)
        .arg(&public)
        .arg(public.join("pagefind-ref"))
        .args(["/", "nl"])
        .current_dir(&deps)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "the reference indexer failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let pages: usize = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("page count");
    assert!(pages > 0, "the reference indexed no pages");
    true
}

/// The files of a bundle whose names are hashes of their contents.
fn content_named(bundle: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for dir in ["", "index", "fragment", "filter"] {
        let Ok(entries) = fs::read_dir(bundle.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if dir.is_empty() && !name.ends_with(".pf_meta") {
                continue;
            }
            names.insert(format!("{dir}/{name}"));
        }
    }
    names
}

/// Both bundles of `site`, compared file by file and query by query.
fn compare(site: &Fixture, own_terms: &[&str]) {
    if !reference_bundle(site) {
        return;
    }
    let public = site.path("public");
    let ours = content_named(&public.join("pagefind"));
    let reference = content_named(&public.join("pagefind-ref"));
    assert!(
        ours.iter().any(|n| n.starts_with("fragment/")),
        "no fragments in {ours:?}"
    );
    let only_ours: Vec<_> = ours.difference(&reference).collect();
    let only_reference: Vec<_> = reference.difference(&ours).collect();
    assert!(
        only_ours.is_empty() && only_reference.is_empty(),
        "the bundles differ: only verteller's: {only_ours:?}; only the reference's: {only_reference:?}"
    );

    let Some(browser) = require_browser() else {
        return;
    };
    let server = StaticServer::start(&public);
    browser.goto(&server.url("/404.html"));
    let terms: Vec<&str> = COMMON.iter().chain(own_terms).copied().collect();
    browser.execute(
        RUN,
        &[json!(terms), json!(["thema", "kwadrant", "rol", "soort"])],
    );
    let outcome = browser.wait_for(
        "return window.__differential;",
        &[],
        Duration::from_secs(240),
    );
    if let Some(error) = outcome.get("error") {
        panic!("the queries failed in the browser: {error}");
    }
    let rows = outcome["ok"].as_array().expect("rows");
    assert!(rows.len() >= 50, "only {} queries ran", rows.len());
    let mut differences = Vec::new();
    let mut with_results = 0;
    let mut without = 0;
    for row in rows {
        if row["ours"] != row["reference"] {
            differences.push(format!(
                "{}\n  verteller: {}\n  reference: {}",
                row["query"], row["ours"], row["reference"]
            ));
        }
        if row["ours"]["ids"]
            .as_array()
            .is_some_and(|ids| ids.is_empty())
        {
            without += 1;
        } else {
            with_results += 1;
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} queries differ:\n{}",
        differences.len(),
        rows.len(),
        differences.join("\n")
    );
    // The queries test something: most find pages, the no-hit ones find none.
    assert!(
        with_results >= 40 && without >= 2,
        "{with_results} queries with results, {without} without"
    );
}

#[test]
fn the_default_sites_index_answers_as_pagefinds_own() {
    let site = built_default_site();
    compare(&site, DEFAULT_SITE);
}

#[test]
fn a_generated_sites_index_answers_as_pagefinds_own() {
    let site = built_generated_site(1_000);
    compare(&site, GENERATED_SITE);
}
