//! `verteller serve` in a real browser: an editor opens a story, edits its Markdown on
//! disk, breaks its front matter and fixes it again, and the page follows each step by
//! itself (the injected reload script on the event stream) — the test never navigates
//! after the first page load. Skipped loudly without Chromium (a failure under `CI=true`).

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::Fixture;
use crate::support::browser::{Browser, require_browser};

/// The issue's promise: an edit shows within this time, without a manual reload.
const WITHIN: Duration = Duration::from_secs(2);

/// What the page is now: its `<h1>`, its `<main>` text, the overlay's text (or null),
/// whether the overlay is visible, the document's time origin (a new document has a new
/// one) and how the document was navigated to (`navigate` for `goto`, `reload` for
/// `location.reload()`).
const STATE: &str = r#"
const h1 = document.querySelector("h1");
const main = document.querySelector("main");
const overlay = document.getElementById("verteller-overlay");
const nav = performance.getEntriesByType("navigation")[0];
let visible = false;
if (overlay) {
  const r = overlay.getBoundingClientRect();
  visible = getComputedStyle(overlay).display !== "none" && r.height > 0 && r.width > 0;
}
return {
  ready: document.readyState,
  h1: h1 ? h1.textContent.trim() : null,
  main: main ? main.textContent : "",
  overlay: overlay ? overlay.textContent : null,
  visible: visible,
  origin: performance.timeOrigin,
  nav: nav ? nav.type : null,
};
"#;

/// The page's state, or `None` while the browser is between documents (a script can
/// fail while a reload replaces the page).
fn state(browser: &Browser) -> Option<Value> {
    let v = browser.try_execute(STATE, &[]).ok()?;
    (v["ready"] == "complete").then_some(v)
}

/// Polls the page every 25 ms until `done` holds, for at most 10 s; returns the state
/// and how long it took (the caller asserts the 2 s promise, so a slow machine fails
/// with a measurement rather than a bare timeout).
fn poll(browser: &Browser, what: &str, done: impl Fn(&Value) -> bool) -> (Value, Duration) {
    let started = Instant::now();
    let mut last = Value::Null;
    while started.elapsed() < Duration::from_secs(10) {
        if let Some(s) = state(browser) {
            if done(&s) {
                return (s, started.elapsed());
            }
            last = s;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("timed out after 10 s waiting for: {what}\nlast state: {last:#}");
}

const STORY: &str = "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek]\n---\n## Aanpak\n\nDe buurtkamer opende in januari.\n";
const EDITED: &str = "---\ntitle: Buurt herzien\ndate: 2025-01-02\nthemes: [driehoek]\n---\n## Aanpak\n\nDe buurtkamer is nu elke dag open.\n";
/// An editor's classic: a colon in a plain title (line 2) is not valid YAML.
const BROKEN: &str =
    "---\ntitle: Buurt: herzien\ndate: 2025-01-02\nthemes: [driehoek]\n---\n## Aanpak\n\nKapot.\n";
const FIXED: &str = "---\ntitle: Buurt hersteld\ndate: 2025-01-02\nthemes: [driehoek]\n---\n## Aanpak\n\nDe buurtkamer draait weer.\n";

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn an_edited_story_updates_itself_in_the_browser_and_errors_come_and_go() {
    let started = Instant::now();
    let Some(browser) = require_browser() else {
        return;
    };
    let fixture = Fixture::with(&[("content/verhalen/buurt.md", STORY)]);
    let running = crate::support::serve::start(fixture.root());
    let url = format!("http://127.0.0.1:{}/verhalen/buurt/", running.addr.port());

    // The one and only navigation of this test.
    browser.goto(&url);
    let first = state(&browser).expect("the story page has loaded");
    assert_eq!(first["h1"], "Buurt", "{first:#}");
    assert!(
        first["main"]
            .as_str()
            .unwrap()
            .contains("opende in januari")
    );
    assert!(first["overlay"].is_null(), "no errors yet: {first:#}");
    assert_eq!(first["nav"], "navigate");
    // The reload script's event stream is open before anything is edited (an edit before
    // it connects is caught by the `hello` version check, but this test is about the live
    // path).
    let version = running.shared.current().version;
    let connected = Instant::now();
    while running.shared.events.receiver_count() == 0 {
        assert!(
            connected.elapsed() < Duration::from_secs(5),
            "the page never opened /__verteller/events"
        );
        std::thread::sleep(Duration::from_millis(10));
    }

    // 1. Edit the Markdown: the new text appears by itself, in a new document that the
    //    page's own script loaded with `location.reload()`.
    fixture.write("content/verhalen/buurt.md", EDITED.as_bytes());
    let (edited, took) = poll(&browser, "the edited text", |s| {
        s["main"]
            .as_str()
            .is_some_and(|m| m.contains("nu elke dag open"))
    });
    eprintln!("edit visible after {took:?}");
    assert!(
        took <= WITHIN,
        "the edit took {took:?} to show (> {WITHIN:?})"
    );
    assert_eq!(edited["h1"], "Buurt herzien", "{edited:#}");
    assert_ne!(edited["origin"], first["origin"], "a new document");
    assert_eq!(edited["nav"], "reload", "reloaded by the page's script");
    assert!(edited["overlay"].is_null(), "{edited:#}");
    assert!(running.shared.current().version > version);
    assert_eq!(browser.current_url(), url, "still the same page");

    // 2. Break the front matter: the overlay names the file and the line; the page keeps
    //    its last good version meanwhile.
    fixture.write("content/verhalen/buurt.md", BROKEN.as_bytes());
    let (broken, took) = poll(&browser, "the error overlay", |s| {
        s["visible"] == true && s["origin"] != edited["origin"]
    });
    eprintln!("overlay visible after {took:?}");
    assert!(
        took <= WITHIN,
        "the overlay took {took:?} to show (> {WITHIN:?})"
    );
    assert_eq!(broken["nav"], "reload");
    let overlay = broken["overlay"].as_str().unwrap();
    let errors = running.shared.current().errors.clone();
    assert!(!errors.is_empty(), "the server knows the error");
    for d in &errors {
        let at = format!(
            "{}:{}:{}",
            d.file.display(),
            d.position.line,
            d.position.column
        );
        assert!(overlay.contains(&at), "overlay lists {at}: {overlay}");
    }
    assert!(
        overlay.contains("content/verhalen/buurt.md:2:"),
        "file and line of the broken value: {overlay}"
    );
    assert_eq!(
        broken["h1"], "Buurt herzien",
        "last good version: {broken:#}"
    );

    // 3. Fix it: the overlay disappears and the page shows the current text.
    fixture.write("content/verhalen/buurt.md", FIXED.as_bytes());
    let (fixed, took) = poll(&browser, "the fixed page without overlay", |s| {
        s["overlay"].is_null()
            && s["main"]
                .as_str()
                .is_some_and(|m| m.contains("draait weer"))
    });
    eprintln!("fix visible after {took:?}");
    assert!(
        took <= WITHIN,
        "the fix took {took:?} to show (> {WITHIN:?})"
    );
    assert_eq!(fixed["h1"], "Buurt hersteld", "{fixed:#}");
    assert_eq!(fixed["nav"], "reload");
    assert_eq!(
        browser.find_text("#verteller-overlay"),
        None,
        "no overlay element at all"
    );
    assert!(running.shared.current().errors.is_empty());
    assert_eq!(browser.current_url(), url);

    eprintln!("browser serve test took {:?}", started.elapsed());
}
