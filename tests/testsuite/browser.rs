//! Browser tests: the built site in headless Chromium, served on loopback.
//! Skipped loudly without Chromium/chromedriver (or without axe-core from
//! `tests/browser-deps`); under `CI=true` that is a failure.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::Fixture;
use crate::support::browser::{
    AXE_TAGS, Browser, KEY_ENTER, KEY_TAB, StaticServer, axe_violations, describe_violations,
    require_axe, require_browser,
};
use crate::support::site::{built_default_site, html_page_kinds};

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn home_page_has_its_h1_in_a_real_browser() {
    let started = Instant::now();
    let Some(browser) = require_browser() else {
        return;
    };

    let fixture = Fixture::minimal();
    let public = fixture.path("public");
    let out = fixture.run(&[
        "build",
        "--output",
        public.to_str().expect("utf-8 temp path"),
    ]);
    assert_eq!(
        out.code, 0,
        "build failed\nstdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(
        public.join("index.html").is_file(),
        "build wrote no public/index.html"
    );

    let server = StaticServer::start(&public);
    browser.goto(&server.url("/"));

    assert_eq!(
        browser.find_text("h1").as_deref().map(str::trim),
        Some("Welkom"),
        "requests: {:?}",
        server.requests()
    );
    assert_eq!(
        browser.execute("return document.documentElement.lang;", &[]),
        "nl"
    );
    assert!(
        server.requests().iter().any(|r| r == "GET / 200"),
        "requests: {:?}",
        server.requests()
    );

    eprintln!("browser test took {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------
// Accessibility: axe-core, the skip link, screenshots and reflow
// ---------------------------------------------------------------------------

/// A path that does not exist: the server answers 404 with the site's `404.html`.
const MISSING: &str = "/bestaat-niet/";

/// One page of every kind the default theme renders (the fixture site plus a plain page).
const PAGES: &[&str] = &[
    "/",
    "/verhaal/",
    "/verhaal/begin/",
    "/verhaal/print/",
    "/verhalen/",
    "/verhalen/buurt/",
    "/agenda/",
    "/agenda/toets/",
    "/themas/",
    "/themas/driehoek/",
    "/kwadranten/",
    "/kwadranten/rechtmatig/",
    "/rollen/",
    "/rollen/burger/",
    "/over/",
    MISSING,
];

/// Pages photographed at every width in [`SCREENSHOT_WIDTHS`], as `(name, path)`.
const SCREENSHOTS: &[(&str, &str)] = &[
    ("home", "/"),
    ("story", "/verhalen/buurt/"),
    ("quadrant", "/kwadranten/rechtmatig/"),
    ("agenda", "/agenda/"),
];
const SCREENSHOT_WIDTHS: &[u32] = &[1280, 375];
/// Full-page screenshots are cut off at this height (CSS pixels).
const MAX_SCREENSHOT_HEIGHT: u32 = 8000;

/// The fixture site with a plain page and all four quadrants, built into
/// `<fixture>/public`. Titles and story metadata are as long as the real
/// site's, so narrow layouts (the quadrant matrix, story metadata) are tested.
fn built_fixture_site() -> Fixture {
    let fixture = Fixture::with(&[
        (
            "content/over.md",
            "---\ntitle: Over deze site\ndescription: Wie dit verhaal vertelt.\n---\n\
             ## Wie\n\nDe gemeentesecretaris, met [het verhaal](verhaal/begin.md).\n\n\
             ## Waarom\n\nOm te laten zien hoe de gemeente werkt.\n",
        ),
        (
            "content/themas/driehoek.md",
            "---\ntitle: De uitvoeringsdriehoek als leidraad\n---\nOver de driehoek.\n",
        ),
        (
            "content/kwadranten/rechtmatig.md",
            "---\ntitle: Rechtmatige overheid\naxes: {sturing: waarde, richting: binnen-buiten}\n---\nRegels.\n",
        ),
        (
            "content/kwadranten/presterend.md",
            "---\ntitle: Presterende overheid\naxes: {sturing: resultaat, richting: binnen-buiten}\n---\nDoelen.\n",
        ),
        (
            "content/kwadranten/netwerkend.md",
            "---\ntitle: Netwerkende overheid\naxes: {sturing: resultaat, richting: buiten-binnen}\n---\nSamen.\n",
        ),
        (
            "content/kwadranten/responsief.md",
            "---\ntitle: Responsieve overheid\naxes: {sturing: waarde, richting: buiten-binnen}\n---\nRuimte.\n",
        ),
        (
            "content/verhalen/buurt.md",
            "---\ntitle: Een buurtkamer in de wijk Oost\ndate: 2025-01-02\nupdated: 2025-11-03\n\
             summary: Bewoners openen zelf een buurtkamer; de gemeente helpt.\n\
             place: Oost\nauthors: [Redactie Gemeente Voorbeeld]\n\
             themes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger, beleidmaker]\n---\n\
             ## Aanpak\n\nZie [[begin]].\n",
        ),
    ]);
    let out = fixture.run(&["build"]);
    assert_eq!(
        out.code, 0,
        "build failed\nstdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(
        fixture.path("public/index.html").is_file(),
        "build wrote no public/index.html"
    );
    fixture
}

/// Opens `path` and asserts the server answered it as expected (200, or 404
/// for [`MISSING`]), so no check silently runs against the 404 page.
fn open(browser: &Browser, server: &StaticServer, path: &str) {
    browser.goto(&server.url(path));
    let status = if path == MISSING { 404 } else { 200 };
    let expected = format!("GET {path} {status}");
    assert!(
        server.requests().contains(&expected),
        "expected `{expected}`; requests: {:?}",
        server.requests()
    );
}

/// Checks the skip link on the current page, as a keyboard user meets it:
/// it is first in tab order, the first Tab focuses it and shows it, and
/// following it moves the focus navigation into `<main id="inhoud">`.
/// Returns the problems found (empty when all is well).
fn skip_link_problems(browser: &Browser) -> Vec<String> {
    let mut problems = Vec::new();

    // Document order: the first element a Tab can reach (tabindex ≥ 0), and no positive tabindex.
    let order = browser.execute(
        "const sel = 'a[href], area[href], button, input, select, textarea, iframe, summary, '
                   + '[tabindex], [contenteditable=\"\"], [contenteditable=\"true\"]';
         const focusable = [...document.querySelectorAll(sel)].filter(e =>
           e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0);
         const first = focusable[0];
         const main = document.getElementById('inhoud');
         return {
           first: first ? first.outerHTML.slice(0, 160) : null,
           firstIsSkip: !!first && first.matches('a.skip-link')
             && first.getAttribute('href') === '#inhoud',
           positive: focusable.filter(e => e.tabIndex > 0).map(e => e.outerHTML.slice(0, 80)),
           target: main ? main.localName : null,
           mains: document.querySelectorAll('main').length,
         };",
        &[],
    );
    if order["firstIsSkip"] != true {
        problems.push(format!(
            "first focusable element is not `a.skip-link[href=\"#inhoud\"]` but {}",
            order["first"]
        ));
    }
    if order["positive"].as_array().is_some_and(|a| !a.is_empty()) {
        problems.push(format!("positive tabindex: {}", order["positive"]));
    }
    if order["target"] != "main" || order["mains"] != 1 {
        problems.push(format!(
            "#inhoud should be the page's one <main>, is <{}> ({} <main> elements)",
            order["target"], order["mains"]
        ));
    }

    // The keyboard: Tab from the top of a freshly loaded page.
    browser.press_key(KEY_TAB);
    let focused = browser.execute(
        "const a = document.activeElement;
         const r = a.getBoundingClientRect();
         return {
           skip: a.matches('a.skip-link'),
           html: a.outerHTML.slice(0, 160),
           visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0
             && r.right <= window.innerWidth && r.bottom <= window.innerHeight,
           outline: getComputedStyle(a).outlineStyle,
         };",
        &[],
    );
    if focused["skip"] != true {
        problems.push(format!(
            "the first Tab focuses {} instead of the skip link",
            focused["html"]
        ));
        return problems;
    }
    if focused["visible"] != true {
        problems.push("the focused skip link is not visible in the viewport".into());
    }
    if focused["outline"] == "none" {
        problems.push("the focused skip link has no focus outline".into());
    }

    // Following it: the next Tab lands inside <main> or after it, never before.
    browser.press_key(KEY_ENTER);
    browser.press_key(KEY_TAB);
    let after = browser.execute(
        "const a = document.activeElement, main = document.getElementById('inhoud');
         return {
           hash: location.hash,
           ok: !!main && a !== document.body
             && (main.contains(a) || !!(main.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)),
           html: a.outerHTML.slice(0, 160),
         };",
        &[],
    );
    if after["hash"] != "#inhoud" {
        problems.push(format!(
            "following the skip link gives location.hash {}",
            after["hash"]
        ));
    }
    if after["ok"] != true {
        problems.push(format!(
            "after the skip link, Tab focuses {} (not in or after <main>)",
            after["html"]
        ));
    }
    problems
}

/// axe-core and the skip-link checks over `pages` (paths on `server`, each
/// with a label for messages); panics with every problem found. `what` names
/// the site in the summary line.
fn check_pages_for_accessibility(
    browser: &Browser,
    axe: &str,
    server: &StaticServer,
    what: &str,
    pages: &[(String, String)],
) {
    let started = Instant::now();
    let mut report = String::new();
    let mut violation_count = 0;
    let mut skip_report = String::new();
    for (label, page) in pages {
        open(browser, server, page);
        let h1 = browser.find_text("h1").unwrap_or_default();
        assert!(!h1.trim().is_empty(), "{label} {page}: no <h1>");

        // The matrix scrolls in its own box (`display: block`): still a table to assistive technology.
        if let Some(role) = browser.computed_role("table") {
            assert_eq!(role, "table", "{label} {page}: computed role of <table>");
        }

        let violations = axe_violations(browser, axe);
        violation_count += violations.len();
        report.push_str(&describe_violations(
            &format!("{label} {page}"),
            &violations,
        ));

        for p in skip_link_problems(browser) {
            let _ = writeln!(skip_report, "  {label} {page}: {p}");
        }
    }
    eprintln!(
        "axe-core ({}) over {} pages of the {what}: {violation_count} violation(s) in {:?}",
        AXE_TAGS.join(", "),
        pages.len(),
        started.elapsed()
    );
    assert!(
        report.is_empty() && skip_report.is_empty(),
        "accessibility problems in the default theme ({what}):\n\
         axe-core ({}): {violation_count} violation(s)\n{report}skip link:\n{skip_report}",
        AXE_TAGS.join(", ")
    );
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn every_page_kind_passes_axe_and_starts_with_the_skip_link() {
    let Some(axe) = require_axe() else {
        return;
    };
    let Some(browser) = require_browser() else {
        return;
    };
    // From here: not counting the wait for another test's browser.
    let started = Instant::now();
    let fixture = built_fixture_site();
    let server = StaticServer::start(&fixture.path("public"));
    browser.set_viewport_size(1280, 900);

    let pages: Vec<(String, String)> = PAGES
        .iter()
        .map(|p| (String::from("fixture"), p.to_string()))
        .collect();
    check_pages_for_accessibility(&browser, &axe, &server, "fixture site", &pages);
    assert!(
        started.elapsed() < Duration::from_secs(50),
        "the axe test took {:?}; keep it well under a minute",
        started.elapsed()
    );
}

/// Paginated lists on a generated site: 130 stories in one agenda theme, quadrant and
/// role make seven pages of each list, so the page numbers, the gap and the previous
/// and next links all show — the links axe-core's `target-size` rule (WCAG 2.2, 2.5.8)
/// measures, which the default site with one page of stories never shows.
#[test]
fn paginated_lists_pass_axe_with_their_page_numbers_at_desktop_and_phone_width() {
    let Some(axe) = require_axe() else {
        return;
    };
    let Some(browser) = require_browser() else {
        return;
    };
    let stories: Vec<(String, String)> = (0..130)
        .map(|n| {
            (
                format!("content/verhalen/v{n:03}.md"),
                format!(
                    "---\ntitle: Verhaal nummer {n} uit de wijk\ndate: 2024-{:02}-{:02}\n\
                     summary: Een verhaal uit de praktijk.\nthemes: [driehoek]\n\
                     quadrants: [rechtmatig]\nroles: [burger]\n---\nTekst.\n",
                    n % 12 + 1,
                    n % 28 + 1
                ),
            )
        })
        .collect();
    let fixture = Fixture::with(&stories);
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let server = StaticServer::start(&fixture.path("public"));
    let pages: Vec<(String, String)> = [
        "/verhalen/",
        "/verhalen/pagina/2/",
        "/verhalen/pagina/4/",
        "/themas/driehoek/pagina/2/",
        "/kwadranten/rechtmatig/",
        "/rollen/burger/pagina/7/",
    ]
    .iter()
    .map(|p| (String::from("paginated"), p.to_string()))
    .collect();
    for width in [1280, 375] {
        browser.set_viewport_size(width, 900);
        check_pages_for_accessibility(&browser, &axe, &server, "generated site", &pages);
    }
    // The numbers really are there to measure: 1, 2, 3, 4, 5, 6, 7 around page 4.
    open(&browser, &server, "/verhalen/pagina/4/");
    let numbers = browser.execute(
        "return [...document.querySelectorAll('.pagination a')].map(a => a.textContent.trim());",
        &[],
    );
    assert_eq!(
        numbers,
        serde_json::json!(["Vorige", "1", "2", "3", "4", "5", "6", "7", "Volgende"])
    );
}

/// The same checks over one page of every kind of the repository's own default
/// site (copied to a temp dir and built): real content, real lengths, the
/// search page (before any search; `search.rs` checks it with results), a
/// plain page in a folder and the 404 page.
#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn every_page_kind_of_the_default_site_passes_axe_and_starts_with_the_skip_link() {
    let Some(axe) = require_axe() else {
        return;
    };
    let Some(browser) = require_browser() else {
        return;
    };
    let started = Instant::now();
    let site = built_default_site();
    let out = site.path("public");
    let server = StaticServer::start(&out);
    browser.set_viewport_size(1280, 900);

    let mut pages: Vec<(String, String)> = html_page_kinds(&out, &[])
        .into_iter()
        .map(|(kind, rel)| (kind.to_string(), format!("/{rel}")))
        .collect();
    pages.push(("404 page".into(), MISSING.into()));
    let kinds: Vec<&str> = pages.iter().map(|(k, _)| k.as_str()).collect();
    for want in [
        "story",
        "agenda theme",
        "quadrant",
        "role",
        "search page",
        "plain page",
    ] {
        assert!(
            kinds.contains(&want),
            "no {want} in the default site: {pages:?}"
        );
    }
    check_pages_for_accessibility(&browser, &axe, &server, "default site", &pages);
    assert!(
        started.elapsed() < Duration::from_secs(50),
        "the axe test over the default site took {:?}; keep it well under a minute",
        started.elapsed()
    );
}

/// `target/screenshots/` of this checkout.
fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots")
}

/// Reflow (WCAG 1.4.10): `None` when nothing on the current page is wider
/// than the viewport, else what sticks out.
fn horizontal_overflow(browser: &Browser) -> Option<String> {
    let v = browser.execute(
        "const w = document.documentElement.clientWidth;
         const wide = [...document.querySelectorAll('body *')]
           .filter(e => e.getBoundingClientRect().right > w + 1)
           .map(e => e.localName
             + (typeof e.className === 'string' && e.className.trim()
                 ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
         return { scroll: document.documentElement.scrollWidth, width: w, wide: wide.slice(0, 6) };",
        &[],
    );
    (v["scroll"].as_u64() > v["width"].as_u64()).then(|| {
        format!(
            "scrollWidth {} > {} px; sticking out: {}",
            v["scroll"], v["width"], v["wide"]
        )
    })
}

/// Grows the viewport to the document's full height (bounded), for a
/// full-page screenshot; repeats while the height still changes.
fn fit_viewport_to_page(browser: &Browser, width: u32) {
    for _ in 0..3 {
        let height = browser
            .execute("return document.documentElement.scrollHeight;", &[])
            .as_u64()
            .unwrap_or(900) as u32;
        let height = height.clamp(300, MAX_SCREENSHOT_HEIGHT);
        if browser.viewport_size() == (width, height) {
            return;
        }
        browser.set_viewport_size(width, height);
    }
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn screenshots_at_desktop_and_phone_width_without_horizontal_scrolling() {
    let Some(browser) = require_browser() else {
        return;
    };
    let started = Instant::now();
    let fixture = built_fixture_site();
    let server = StaticServer::start(&fixture.path("public"));
    let dir = screenshot_dir();

    let mut overflow = Vec::new();
    for &width in SCREENSHOT_WIDTHS {
        for &(name, path) in SCREENSHOTS {
            browser.set_viewport_size(width, 900);
            open(&browser, &server, path);
            if let Some(why) = horizontal_overflow(&browser) {
                overflow.push(format!("{path} at {width} px: {why}"));
            }
            fit_viewport_to_page(&browser, width);
            let file = dir.join(format!("{name}-{width}.png"));
            browser.screenshot_png(&file);
            let png = std::fs::read(&file).expect("screenshot written");
            assert!(
                png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 24,
                "{}: not a PNG",
                file.display()
            );
            let png_width = u32::from_be_bytes(png[16..20].try_into().expect("4 bytes"));
            assert_eq!(png_width, width, "{}: width", file.display());
        }
    }

    // Every page kind at 320 CSS px, the width WCAG 1.4.10 names.
    browser.set_viewport_size(320, 900);
    for path in PAGES {
        open(&browser, &server, path);
        if let Some(why) = horizontal_overflow(&browser) {
            overflow.push(format!("{path} at 320 px: {why}"));
        }
    }

    eprintln!(
        "{} screenshots in {}, {} pages checked for reflow at 320 px, in {:?}",
        SCREENSHOTS.len() * SCREENSHOT_WIDTHS.len(),
        dir.display(),
        PAGES.len(),
        started.elapsed()
    );
    assert!(
        overflow.is_empty(),
        "pages scroll sideways:\n  {}",
        overflow.join("\n  ")
    );
}
