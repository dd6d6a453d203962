//! Every page kind in headless Chromium through nginx, under the documented
//! Content-Security-Policy: no violations (in pages or in Pagefind's worker),
//! no failed requests, and a real search that works under the policy.

use std::fs;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::served::Served;
use super::{ALIAS, CSP, MISSING, NOT_FOUND, SUB, html_page_kinds};
use crate::support::browser::{Browser, StaticServer, require_browser};
use crate::support::nginx::require_nginx;
use crate::support::site;

/// Runs before any script of every document (through CDP), so it sees every
/// Content-Security-Policy violation of the page load.
const CSP_LISTENER: &str = r#"
window.__cspViolations = [];
window.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({
    directive: e.effectiveDirective,
    blocked: e.blockedURI,
    source: e.sourceFile,
    line: e.lineNumber,
    sample: e.sample,
  });
}, true);
"#;

/// After the load: the violations seen, plus what a strict CSP would block
/// on a page that reported nothing (belt and braces), and what did not load.
const PAGE_REPORT: &str = r#"
const done = arguments[arguments.length - 1];
// Lazy images below the fold load now (they must load too, under the same policy);
// then violation events, queued tasks, get a moment after the last image.
for (const i of document.querySelectorAll('img[loading=lazy]')) i.loading = 'eager';
const loaded = Promise.all([...document.images].map((i) => i.decode().catch(() => null)));
const waited = new Promise((resolve) => setTimeout(resolve, 5000));
Promise.race([loaded, waited]).then(() => setTimeout(() => {
  const origin = location.origin;
  const out = {
    listener: Array.isArray(window.__cspViolations),
    violations: window.__cspViolations || [],
    inlineScripts: [...document.scripts]
      .filter((s) => !s.src && s.type !== 'application/ld+json')
      .map((s) => s.outerHTML.slice(0, 120)),
    styleAttributes: [...document.querySelectorAll('[style]')].map((e) => e.outerHTML.slice(0, 120)),
    styleElements: document.querySelectorAll('style').length,
    handlers: [...document.querySelectorAll('*')].flatMap((e) =>
      [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => e.tagName + ' ' + a.name)),
    foreign: performance.getEntriesByType('resource')
      .map((r) => r.name).filter((u) => !u.startsWith(origin + '/')),
    failed: performance.getEntriesByType('resource')
      .filter((r) => r.responseStatus >= 400).map((r) => r.name + ' ' + r.responseStatus),
    unloadedStylesheets: [...document.querySelectorAll('link[rel=stylesheet]')]
      .filter((l) => !l.sheet).map((l) => l.href),
    brokenImages: [...document.images]
      .filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src),
    h1: (document.querySelector('h1') || {}).textContent || null,
  };
  done(out);
}, 100));
"#;

/// Problems in one page's [`PAGE_REPORT`] (the violations are counted apart).
fn report_problems(report: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if report["listener"] != json!(true) {
        problems.push("the CSP listener was not installed".to_string());
    }
    for key in [
        "inlineScripts",
        "styleAttributes",
        "handlers",
        "foreign",
        "failed",
        "unloadedStylesheets",
        "brokenImages",
    ] {
        if report[key].as_array().is_some_and(|a| !a.is_empty()) {
            problems.push(format!("{key}: {}", report[key]));
        }
    }
    if report["styleElements"] != json!(0) {
        problems.push(format!("<style> elements: {}", report["styleElements"]));
    }
    if report["h1"].is_null() {
        problems.push("no <h1>".to_string());
    }
    problems
}

/// The word searched for on the search page (it occurs in the default content).
const SEARCH_WORD: &str = "moestuin";

/// What [`search_under_csp`] found.
struct Searched {
    violations: usize,
    problems: Vec<String>,
    results: usize,
    took: Duration,
}

/// Console messages about the Content-Security-Policy since the last call,
/// from the page and from its workers.
fn csp_console_errors(browser: &Browser) -> Vec<String> {
    browser
        .browser_log()
        .into_iter()
        .filter(|(_, _, message)| message.contains("Content Security Policy"))
        .map(|(level, source, message)| format!("{level} {source}: {message}"))
        .collect()
}

/// Opens the search page at `url`, types [`SEARCH_WORD`] into Pagefind's field
/// and waits up to `within` for the results: their links, or `None` when none
/// came or the console reported the Content-Security-Policy blocking something
/// (returned too, with the time taken).
fn search_on(
    browser: &Browser,
    url: &str,
    within: Duration,
) -> (Option<Vec<Value>>, Vec<String>, Duration) {
    const INPUT: &str = "#zoeken .pagefind-ui__search-input";
    // What earlier pages logged is theirs, not this search's.
    let _ = csp_console_errors(browser);
    let mut refused = Vec::new();
    browser.goto(url);
    browser.wait_for(
        "return !!document.querySelector(arguments[0]);",
        &[json!(INPUT)],
        Duration::from_secs(10),
    );
    let started = Instant::now();
    browser.send_keys(INPUT, SEARCH_WORD);
    loop {
        let v = browser.execute(
            "const m = document.querySelector('#zoeken .pagefind-ui__message');
             const links = [...document.querySelectorAll('#zoeken .pagefind-ui__result-link')]
               .map((a) => a.getAttribute('href'));
             return m && m.textContent.trim().endsWith(' voor ' + arguments[0]) && links.length
               && !document.querySelector('#zoeken .pagefind-ui__loading') ? links : null;",
            &[json!(SEARCH_WORD)],
        );
        refused.extend(csp_console_errors(browser));
        if let Some(links) = v.as_array() {
            return (Some(links.clone()), refused, started.elapsed());
        }
        if !refused.is_empty() || started.elapsed() > within {
            return (None, refused, started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Searches [`SEARCH_WORD`] on the search page through nginx and reports the
/// CSP violations and problems of the page since its load. Pagefind runs its
/// WebAssembly in a Web Worker, where the page's `securitypolicyviolation`
/// listener sees nothing: the console log (workers included) is checked too,
/// and results must appear. Style attributes are not counted: Pagefind sets
/// the field's padding through the CSSOM, which a CSP without 'unsafe-inline'
/// allows.
fn search_under_csp(served: &Served, browser: &Browser) -> Searched {
    let rel = site::SEARCH_PAGE;
    let mut problems = Vec::new();
    let (links, refused, took) = search_on(browser, &served.url(rel), Duration::from_secs(15));
    let Some(links) = links else {
        let report = browser.execute_async(PAGE_REPORT, &[]);
        panic!(
            "searching {SEARCH_WORD:?} on {SUB}{rel} under the CSP showed no results within \
             {took:?}; console: {refused:#?}; page report: {report}"
        );
    };
    for message in &refused {
        problems.push(format!("search page {SUB}{rel}: console: {message}"));
    }
    for link in &links {
        if !link.as_str().is_some_and(|l| l.starts_with(SUB)) {
            problems.push(format!(
                "search result {link} on {SUB}{rel} is not below the base path {SUB}"
            ));
        }
    }
    let report = browser.execute_async(PAGE_REPORT, &[]);
    let v = report["violations"].as_array().cloned().unwrap_or_default();
    for item in &v {
        problems.push(format!(
            "search page {SUB}{rel} after a search: CSP violation {item}"
        ));
    }
    for p in report_problems(&report) {
        if !p.starts_with("styleAttributes:") {
            problems.push(format!("search page {SUB}{rel} after a search: {p}"));
        }
    }
    // The index really loaded through nginx: the entry file and Dutch WebAssembly.
    let log = served.nginx.access_log();
    for file in ["pagefind-entry.json", "wasm.nl.pagefind"] {
        let want = format!("200 GET {SUB}pagefind/{file}");
        if !log.iter().any(|l| l.starts_with(&want)) {
            problems.push(format!(
                "the search did not load {SUB}pagefind/{file} (want `{want}`)"
            ));
        }
    }
    Searched {
        violations: v.len() + refused.len(),
        problems,
        results: links.len(),
        took,
    }
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's nginx, chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn chromium_loads_every_page_kind_through_nginx_without_csp_violations() {
    let started = Instant::now();
    if require_nginx().is_none() {
        return;
    }
    let Some(browser) = require_browser() else {
        return;
    };
    let Some(served) = Served::start() else {
        return;
    };
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": CSP_LISTENER }),
    );

    // The check can fail: a page with an inline script, a style attribute and a
    // <style> element (written beside the build, test-only) must report violations.
    fs::write(
        served.out().join("csp-probe.html"),
        "<!DOCTYPE html><html lang=\"nl\"><head><title>probe</title>\
         <style>p { color: red; }</style></head><body><h1>probe</h1>\
         <p style=\"color: blue\">x</p><script>document.title = 'ran';</script></body></html>",
    )
    .expect("write probe");
    browser.goto(&served.url("csp-probe.html"));
    let probe = browser.execute_async(PAGE_REPORT, &[]);
    let probe_violations = probe["violations"].as_array().map_or(0, Vec::len);
    assert!(
        probe_violations >= 3 && browser.title() == "probe",
        "the CSP check is blind: the probe page reported {probe_violations} violations \
         (want 3: script, style element, style attribute), title {:?}: {probe}",
        browser.title()
    );
    let probe_requests = served.nginx.access_log().len();

    // The search check can fail too: without 'wasm-unsafe-eval' (same site, same
    // policy otherwise, served by the test's own server) the WebAssembly is
    // refused inside Pagefind's worker, and the console log must say so.
    let without_wasm = CSP.replace(" 'wasm-unsafe-eval'", "");
    assert_ne!(without_wasm, CSP, "the CSP should allow 'wasm-unsafe-eval'");
    let strict = StaticServer::start_with_headers(
        served.www.path(),
        &[("Content-Security-Policy", &without_wasm)],
    );
    let (links, refused, took) = search_on(
        &browser,
        &strict.url(&format!("{SUB}{}", site::SEARCH_PAGE)),
        Duration::from_secs(10),
    );
    assert!(
        links.is_none() && refused.iter().any(|m| m.contains("WebAssembly")),
        "the search check is blind: without 'wasm-unsafe-eval' the search gave {links:?} and \
         the console {refused:?} after {took:?}"
    );
    drop(strict);
    browser.goto("about:blank");
    let _ = csp_console_errors(&browser);

    let out = served.out();
    let mut pages: Vec<(&str, String)> = html_page_kinds(&out);
    pages.push(("404 page (unknown URL)", MISSING.to_string()));
    pages.push(("alias redirect", ALIAS.to_string()));
    let story = served.url(&format!("verhalen/{}/", served.alias_target));

    let mut violations = 0;
    let mut problems = Vec::new();
    for (kind, rel) in &pages {
        browser.goto(&served.url(rel));
        if rel == ALIAS {
            // The meta refresh moves on to the story (scripts may fail mid-navigation).
            let deadline = Instant::now() + Duration::from_secs(10);
            while browser
                .try_execute(
                    "return location.href === arguments[0] && document.readyState === 'complete';",
                    &[json!(story)],
                )
                .ok()
                != Some(json!(true))
            {
                assert!(
                    Instant::now() < deadline,
                    "the alias {SUB}{ALIAS} did not redirect to {story}: at {}",
                    browser.current_url()
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let report = browser.execute_async(PAGE_REPORT, &[]);
        let v = report["violations"].as_array().cloned().unwrap_or_default();
        violations += v.len();
        for item in &v {
            problems.push(format!("{kind} {SUB}{rel}: CSP violation {item}"));
        }
        for p in report_problems(&report) {
            problems.push(format!("{kind} {SUB}{rel}: {p}"));
        }
        // Also what the page's listener cannot see (workers): the console log.
        for message in csp_console_errors(&browser) {
            violations += 1;
            problems.push(format!("{kind} {SUB}{rel}: console: {message}"));
        }
        if rel == MISSING && report["h1"].as_str().map(str::trim) != Some(NOT_FOUND) {
            problems.push(format!("404 page shows h1 {}", report["h1"]));
        }
    }

    // A real search on the search page: Pagefind's WebAssembly (allowed by
    // 'wasm-unsafe-eval'), its worker and index load under the policy, and the
    // results link below the base path.
    let searched = search_under_csp(&served, &browser);
    violations += searched.violations;
    problems.extend(searched.problems);

    // Every request the browser made, as nginx saw it. Only the unknown URL may
    // fail; /favicon.ico at the host root belongs to the host's own site.
    let log = served.nginx.access_log();
    let requests = &log[probe_requests..];
    let missing = format!("404 GET {SUB}{MISSING}");
    let favicon = requests
        .iter()
        .filter(|l| l.ends_with(" /favicon.ico"))
        .count();
    let failed: Vec<&String> = requests
        .iter()
        .filter(|l| !l.starts_with('2') && !l.starts_with('3') && **l != missing)
        .filter(|l| !l.ends_with(" /favicon.ico"))
        .collect();
    problems.extend(failed.iter().map(|l| format!("failed request: {l}")));

    eprintln!(
        "publishing/chromium: {} pages through nginx with its CSP and a search for {SEARCH_WORD:?} \
         ({} results shown after {:?}), {violations} CSP violations, {} failed requests ({} requests in \
         all, {favicon} for /favicon.ico at the host root); probe page: {probe_violations} \
         violations caught, and without 'wasm-unsafe-eval' the search is refused; {:?}",
        pages.len(),
        searched.results,
        searched.took,
        failed.len(),
        requests.len(),
        started.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
