//! In real Chromium, with no Content-Security-Policy at all: a site built from every
//! payload of the hostile-HTML catalogue runs no script, opens no dialog, goes nowhere
//! and loads nothing from another origin. The pages are those serve would show (a
//! build with errors still renders every document), so an editor previewing a
//! hostile branch is safe too.

use std::time::Duration;

use serde_json::{Value, json};
use verteller::pipeline::{self, BuildOptions};

use crate::support::Fixture;
use crate::support::browser::{StaticServer, require_browser};
use crate::support::hostile_html::{PAYLOADS, story};

/// Runs in every document before its own scripts: dialogs and the sentinel recorded.
const WATCH: &str = "window.__dialogs = 0;\
    for (const f of ['alert', 'confirm', 'prompt', 'print']) {\
      window[f] = function () { window.__dialogs += 1; };\
    }";

/// After load: every handler a payload might have smuggled in gets its event, and the
/// page reports the sentinel, dialogs, its own origin and every resource it fetched.
const PROBE: &str = "const main = document.querySelector('main') || document.body;\
    for (const el of main.querySelectorAll('*')) {\
      for (const t of ['mouseover', 'focus', 'toggle', 'load', 'error', 'start', 'click']) {\
        if (t === 'click' && el.closest('a[href], button, summary, form')) continue;\
        el.dispatchEvent(new Event(t));\
      }\
    }\
    return {\
      pwned: window.__pwned === undefined ? null : String(window.__pwned),\
      parentPwned: (window.parent.__pwned === undefined) ? null : 'parent',\
      dialogs: window.__dialogs,\
      origin: location.origin,\
      path: location.pathname,\
      scriptLinks: document.querySelectorAll('[href^=\"javascript\" i], [src^=\"javascript\" i]').length,\
      resources: performance.getEntriesByType('resource').map(e => e.name)\
    };";

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn no_payload_runs_or_loads_from_another_origin_in_chromium() {
    let Some(browser) = require_browser() else {
        return;
    };
    // The other origin: every request it gets is a failure.
    let evil_root = tempfile::tempdir().expect("temp dir");
    let evil = StaticServer::start(evil_root.path());
    let evil_origin = format!("http://{}", evil.addr());

    // The site, served by a plain static server without any security header.
    let out = tempfile::tempdir().expect("temp dir");
    let site = StaticServer::start(out.path());
    let fixture = Fixture::minimal();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let (path, text) = story(n, payload, &evil_origin);
        fixture.write(&path, text.as_bytes());
    }
    fixture.write("static/evil.js", b"window.__pwned = 'static';\n");
    let built = pipeline::build(&BuildOptions {
        root: fixture.root().to_path_buf(),
        base_url: Some(site.url("/")),
        ..BuildOptions::default()
    })
    .expect("build runs");
    assert!(
        built.diagnostics.has_errors(),
        "the payloads must be errors, and the pages rendered all the same"
    );
    for (path, bytes) in &built.output {
        let file = out.path().join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, bytes).expect("write");
    }

    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": WATCH }),
    );
    let own_origin = site.url("/").trim_end_matches('/').to_string();
    let mut failures = Vec::new();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let path = format!("/verhalen/p{n:02}/");
        browser.goto(&site.url(&path));
        // A refresh, a lazy load or a timer would act within this time.
        std::thread::sleep(Duration::from_millis(150));
        let report = match browser.try_execute(PROBE, &[]) {
            Ok(report) => report,
            Err(e) => {
                failures.push(format!(
                    "{}: the page could not be probed: {e}",
                    payload.name
                ));
                continue;
            }
        };
        let mut problems = Vec::new();
        if report["pwned"] != Value::Null || report["parentPwned"] != Value::Null {
            problems.push(format!("script ran ({})", report["pwned"]));
        }
        if report["dialogs"] != json!(0) {
            problems.push(format!("{} dialog(s)", report["dialogs"]));
        }
        if report["origin"] != json!(own_origin) || report["path"] != json!(path) {
            problems.push(format!("went to {}{}", report["origin"], report["path"]));
        }
        if report["scriptLinks"] != json!(0) {
            problems.push("a javascript: URL in the page".to_string());
        }
        let elsewhere: Vec<&str> = report["resources"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter(|url| !url.starts_with(&own_origin))
            .collect();
        if !elsewhere.is_empty() {
            problems.push(format!("loaded {elsewhere:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", payload.name, problems.join("; ")));
        }
    }
    assert!(
        evil.requests().is_empty(),
        "the other origin was asked: {:?}",
        evil.requests()
    );
    assert!(
        !site
            .requests()
            .iter()
            .any(|r| r.starts_with("GET /evil.js")),
        "the script in static/ was loaded: {:?}",
        site.requests()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        PAYLOADS.len() >= 60,
        "the catalogue shrank to {}",
        PAYLOADS.len()
    );
}
