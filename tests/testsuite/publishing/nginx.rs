//! nginx with the documented configuration serves the sub-path build: every
//! page kind and file with the right type and headers, redirects, the alias
//! page, caching and compression, and a crawl in which every link answers 200;
//! and docs/publishing.md shows that very configuration.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::Path;
use std::time::Instant;

use super::served::Served;
use super::{ALIAS, CSP, MISSING, NOT_FOUND, SUB, html_page_kinds};
use crate::support::feeds::sitemap_locs;
use crate::support::links::{Target, anchors, attr, css_links, html_links, resolve, tags};
use crate::support::nginx::Response;
use crate::support::site::{first_doc, html_pages, repo};

/// Upper bound on URLs fetched by the crawl (the default site has about a hundred).
const CRAWL_LIMIT: usize = 5_000;

/// The non-HTML files every build has, as `(kind, path below the base path)`.
fn file_kinds(out: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("site feed", "atom.xml".into()),
        (
            "agenda theme feed",
            format!("themas/{}/atom.xml", first_doc(out, "themas")),
        ),
        (
            "quadrant feed",
            format!("kwadranten/{}/atom.xml", first_doc(out, "kwadranten")),
        ),
        ("sitemap", "sitemap.xml".into()),
        ("robots.txt", "robots.txt".into()),
    ]
}

/// The security and caching headers every response from docs/nginx.conf carries.
fn header_problems(r: &Response, cache: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut expect = |name: &str, ok: &dyn Fn(&str) -> bool, want: &str| match r.header(name) {
        Some(v) if ok(v) => {}
        other => problems.push(format!("{name}: {other:?}, want {want}")),
    };
    expect("content-security-policy", &|v| v == CSP, CSP);
    expect(
        "strict-transport-security",
        &|v| v.starts_with("max-age=31536000"),
        "max-age=31536000",
    );
    expect("x-content-type-options", &|v| v == "nosniff", "nosniff");
    expect(
        "referrer-policy",
        &|v| v == "strict-origin-when-cross-origin",
        "strict-origin-when-cross-origin",
    );
    expect("cache-control", &|v| v == cache, cache);
    problems
}

#[derive(Debug, Default)]
struct Crawl {
    /// HTML pages fetched and parsed.
    pages: usize,
    /// Stylesheets fetched and parsed.
    stylesheets: usize,
    /// Link occurrences found (HTML and CSS).
    links: usize,
    /// Distinct internal URLs fetched.
    urls: usize,
    /// Links with a fragment whose target id was checked.
    fragments: usize,
    external: BTreeSet<String>,
    /// Every problem: a non-200 URL, a missing anchor, a link outside the sub-path.
    broken: Vec<String>,
    /// Paths (below the base path) of the HTML pages reached.
    reached: BTreeSet<String>,
}

/// Fetches everything reachable from the sub-path root through internal
/// `href`/`src`/… in HTML and `url()` in CSS; every URL must answer 200 and
/// every fragment must name an id on its page.
fn crawl(served: &Served) -> Crawl {
    let origin = served.origin();
    let mut c = Crawl::default();
    let mut queue = VecDeque::from([SUB.to_string()]);
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut referrer: BTreeMap<String, String> = BTreeMap::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut fragments: Vec<(String, String, String)> = Vec::new();

    while let Some(path) = queue.pop_front() {
        assert!(c.urls < CRAWL_LIMIT, "crawl exceeded {CRAWL_LIMIT} URLs");
        c.urls += 1;
        let from = referrer.get(&path).cloned().unwrap_or_default();
        let resp = served.http.get(&format!("{origin}{path}"), &[]);
        if resp.status != 200 {
            c.broken.push(format!(
                "{path} answers {} (linked from {from})",
                resp.status
            ));
            continue;
        }
        if !path.starts_with(SUB) {
            c.broken
                .push(format!("{path} is outside {SUB} (linked from {from})"));
        }
        let ctype = resp.header("content-type").unwrap_or_default().to_string();
        let body = resp.text();
        let links = if ctype.starts_with("text/html") {
            c.pages += 1;
            let rel = path.strip_prefix(SUB).unwrap_or(&path);
            c.reached
                .insert(rel.strip_suffix("index.html").unwrap_or(rel).to_string());
            ids.insert(path.clone(), anchors(&body));
            html_links(&body)
        } else if ctype.starts_with("text/css") {
            c.stylesheets += 1;
            css_links(&body)
        } else {
            Vec::new()
        };
        for link in links {
            c.links += 1;
            match resolve(&origin, &path, &link) {
                Target::Internal(target, fragment) => {
                    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                        fragments.push((path.clone(), target.clone(), f));
                    }
                    if seen.insert(target.clone()) {
                        referrer.insert(target.clone(), path.clone());
                        queue.push_back(target);
                    }
                }
                Target::External(url) => {
                    c.external.insert(url);
                }
                Target::Script(url) => c.broken.push(format!("{url} on {path}")),
            }
        }
    }

    for (from, target, fragment) in fragments {
        // Only HTML pages have anchors; a fragment on anything else is not checked.
        if let Some(page_ids) = ids.get(&target) {
            c.fragments += 1;
            if !page_ids.contains(&fragment) {
                c.broken.push(format!(
                    "{target}#{fragment}: no such id (linked from {from})"
                ));
            }
        }
    }
    c
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's nginx (a Linux package; .ci/run installs it)"
)]
fn nginx_with_the_documented_config_serves_every_page_and_link_under_a_sub_path() {
    let started = Instant::now();
    let Some(served) = Served::start() else {
        return;
    };
    let out = served.out();
    let mut problems: Vec<String> = Vec::new();

    // Every page kind answers 200, with the right type and the documented headers.
    let html_kinds = html_page_kinds(&out);
    for (kind, rel) in &html_kinds {
        let r = served.get(rel);
        let ctype = r.header("content-type").unwrap_or_default();
        if r.status != 200 || ctype != "text/html; charset=utf-8" {
            problems.push(format!("{kind} {SUB}{rel}: {} {ctype}", r.status));
        }
        for p in header_problems(&r, "no-cache") {
            problems.push(format!("{kind} {SUB}{rel}: {p}"));
        }
    }
    for (kind, rel) in file_kinds(&out) {
        let r = served.get(&rel);
        let ctype = r.header("content-type").unwrap_or_default();
        let want = match rel.rsplit('/').next() {
            Some("atom.xml") => "application/atom+xml; charset=utf-8",
            Some("sitemap.xml") => "text/xml; charset=utf-8",
            _ => "text/plain; charset=utf-8",
        };
        if r.status != 200 || ctype != want {
            problems.push(format!(
                "{kind} {SUB}{rel}: {} {ctype:?}, want 200 {want:?}",
                r.status
            ));
        }
    }

    // An unknown URL: 404 with the theme's page, its stylesheets and the same headers.
    let r = served.get(MISSING);
    if r.status != 404 || !r.text().contains(NOT_FOUND) {
        problems.push(format!(
            "{SUB}{MISSING}: {} without {NOT_FOUND:?}:\n{}",
            r.status,
            r.text()
        ));
    }
    for p in header_problems(&r, "no-cache") {
        problems.push(format!("404 page: {p}"));
    }
    // Outside the sub-path too (the host's other URLs are not this file's business,
    // but a 404 there must not leak a directory listing or the Debian welcome page).
    let r = served.http.get(&served.nginx.url("/bestaat-niet"), &[]);
    if r.status != 404 {
        problems.push(format!("/bestaat-niet: {}", r.status));
    }
    // verteller's marker file stays private.
    let r = served.get(".verteller-output");
    if r.status != 404 {
        problems.push(format!(".verteller-output: {}", r.status));
    }

    // Pretty URLs: the sub-path and folders without their slash redirect to it.
    for (from, to) in [
        (SUB.trim_end_matches('/').to_string(), SUB.to_string()),
        (format!("{SUB}verhalen"), format!("{SUB}verhalen/")),
    ] {
        let r = served.http.get(&served.nginx.url(&from), &[]);
        if r.status != 301 || r.header("location") != Some(to.as_str()) {
            problems.push(format!(
                "{from}: {} to {:?}, want 301 to {to}",
                r.status,
                r.header("location")
            ));
        }
    }

    // The alias page: meta refresh, canonical and a plain link to the story.
    let story = format!("{SUB}verhalen/{}/", served.alias_target);
    let r = served.get(ALIAS);
    let body = r.text();
    let metas = tags(&body, "meta");
    let refresh = metas
        .iter()
        .find(|a| attr(a, "http-equiv") == Some("refresh"))
        .and_then(|a| attr(a, "content"));
    let links = tags(&body, "link");
    let canonical = links
        .iter()
        .find(|a| attr(a, "rel") == Some("canonical"))
        .and_then(|a| attr(a, "href"));
    let linked = tags(&body, "a")
        .iter()
        .any(|a| attr(a, "href") == Some(story.as_str()));
    if r.status != 200
        || refresh != Some(format!("0; url={story}").as_str())
        || canonical != Some(served.nginx.url(&story).as_str())
        || !linked
    {
        problems.push(format!(
            "alias {SUB}{ALIAS}: {} refresh {refresh:?} canonical {canonical:?}:\n{}",
            r.status,
            r.text()
        ));
    }

    // Fingerprinted stylesheets are cached for a year; HTML is revalidated.
    let home = served.get("").text();
    let fingerprinted: Vec<String> = tags(&home, "link")
        .iter()
        .filter(|a| attr(a, "rel") == Some("stylesheet"))
        .filter_map(|a| attr(a, "href").map(str::to_string))
        .filter(|v| {
            let name = v.rsplit('/').next().unwrap_or_default();
            let parts: Vec<&str> = name.split('.').collect();
            parts.len() == 3
                && parts[1].len() == 10
                && parts[1]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
        .collect();
    if fingerprinted.is_empty() {
        problems.push("no fingerprinted stylesheet (name.0123456789.css) on the home page".into());
    }
    for css in &fingerprinted {
        let r = served
            .http
            .get(&served.nginx.url(css), &[("Accept-Encoding", "gzip")]);
        if r.status != 200 {
            problems.push(format!("{css}: {}", r.status));
        }
        for p in header_problems(&r, "public, max-age=31536000, immutable") {
            problems.push(format!("{css}: {p}"));
        }
        // docs/nginx.conf compresses from 512 bytes on (smaller files gain nothing).
        if r.header("content-encoding") != Some("gzip") && r.body.len() >= 512 {
            problems.push(format!("{css}: {} bytes, not gzipped", r.body.len()));
        }
    }
    // gzip for HTML, with Vary so caches keep both.
    let r = served
        .http
        .get(&served.url(""), &[("Accept-Encoding", "gzip")]);
    if r.header("content-encoding") != Some("gzip") || r.header("vary") != Some("Accept-Encoding") {
        problems.push(format!("home page not gzipped: {:?}", r.headers));
    }

    // The crawl.
    let crawl_started = Instant::now();
    let c = crawl(&served);
    problems.extend(c.broken.iter().map(|b| format!("broken: {b}")));
    // Every generated page is reachable from the home page, except the 404 page
    // and redirect pages, which nothing links to by design.
    let unreached: Vec<String> = html_pages(&out)
        .difference(&c.reached)
        .filter(|p| *p != "404.html" && *p != ALIAS)
        .cloned()
        .collect();
    if !unreached.is_empty() {
        problems.push(format!("pages no link leads to: {unreached:?}"));
    }
    // Every sitemap URL answers 200 as well.
    let sitemap = served.get("sitemap.xml").text();
    let locs = sitemap_locs(&sitemap).unwrap_or_else(|e| panic!("sitemap.xml: {e}"));
    for loc in &locs {
        let r = served.http.get(loc, &[]);
        if r.status != 200 {
            problems.push(format!("sitemap <loc> {loc}: {}", r.status));
        }
    }

    eprintln!(
        "publishing/nginx: {} page kinds + {} files answer 200; crawl from {SUB}: {} pages, \
         {} stylesheets, {} links checked ({} distinct URLs, {} fragments), {} broken, \
         {} external; {} sitemap URLs answer 200; crawl {:?}, test {:?}",
        html_kinds.len(),
        file_kinds(&out).len(),
        c.pages,
        c.stylesheets,
        c.links,
        c.urls,
        c.fragments,
        c.broken.len(),
        c.external.len(),
        locs.len(),
        crawl_started.elapsed(),
        started.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}\nnginx error log:\n{}",
        problems.len(),
        problems.join("\n"),
        served.nginx.error_log()
    );
    assert!(c.pages > 40, "the crawl found only {} pages", c.pages);
}

#[test]
fn publishing_doc_shows_the_tested_nginx_config() {
    let conf = fs::read_to_string(repo().join("docs/nginx.conf")).expect("docs/nginx.conf");
    let doc = fs::read_to_string(repo().join("docs/publishing.md")).expect("docs/publishing.md");
    assert!(
        doc.contains(&format!("```nginx\n{conf}```\n")),
        "docs/publishing.md must show docs/nginx.conf verbatim in an ```nginx block"
    );
    let csp = format!("add_header Content-Security-Policy \"{CSP}\" always;");
    assert!(conf.contains(&csp), "docs/nginx.conf should send {CSP}");
}
