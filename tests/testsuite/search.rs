//! Search in a real browser: the repository's default site, copied to a temp dir
//! and built with the real binary, served on loopback, searched through
//! Pagefind's UI on `/zoeken/` in headless Chromium. A distinctive word finds its
//! story; a Dutch plural that occurs nowhere in the content finds the story
//! with the singular in its title (Dutch stemming, with a control showing that
//! Pagefind's prefix back-off alone would not); the agenda-theme
//! filter keeps only pages of that theme; axe-core passes with results and the
//! filter panel shown; the header field works with the keyboard alone; a live
//! region announces the result count; without JavaScript the page says so.
//!
//! Skipped loudly without Chromium/chromedriver (or axe-core for the axe part);
//! under `CI=true` that is a failure.

use std::fs;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::Fixture;
use crate::support::browser::{
    AXE_TAGS, Browser, KEY_ENTER, KEY_TAB, StaticServer, axe_violations, describe_violations,
    require_axe, require_browser,
};
use crate::support::site::{built_default_site, read_page, repo};

/// Pagefind UI's search field on `/zoeken/`.
const INPUT: &str = "#zoeken .pagefind-ui__search-input";
/// How long one search may take to show its results (loading the WebAssembly
/// and the index included).
const RESULTS_WITHIN: Duration = Duration::from_secs(15);
/// A word that occurs in the text of exactly one default story, and that story.
const WORD: (&str, &str) = ("moestuin", "een-moestuin-aan-de-dijk");
/// `(query, word in the story's title, story, control)`: Dutch plurals that
/// occur nowhere in the content, of a word in a story's title. Pagefind
/// matches prefixes and, when a word is not in the index, backs off to the
/// longest prefix that is (unbounded: pagefind#599, #780), so `wachtlijsten`
/// would find `wachtlijst` even without stemming. `doorbraken` → `doorbraak`
/// cannot be reached that way (the vowel doubles back): only the Dutch stemmer
/// connects them, which its `control` (same start, no Dutch ending, backing
/// off to `doorbrak`) shows by not finding the story.
const INFLECTED: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "doorbraken",
        "doorbraak",
        "doorbraak-voor-sanne",
        Some("doorbrakxx"),
    ),
    (
        "wachtlijsten",
        "wachtlijst",
        "een-wachtlijst-in-de-regio",
        None,
    ),
];
/// A word that nothing in the index starts with, not even its first letter:
/// no results, and the page says so.
const NONSENSE: &str = "xyzzyq";
/// A query with results across agenda themes, and the agenda theme to filter on.
const FILTER_QUERY: &str = "regels";
const FILTER_THEME: &str = "gemoedsrust-en-leren";

// ---------------------------------------------------------------------------
// Content: the chosen words still mean what the tests assume
// ---------------------------------------------------------------------------

/// The `title:` of a content file's front matter.
fn title_of(rel: &str) -> String {
    let text = fs::read_to_string(repo().join("content").join(rel))
        .unwrap_or_else(|e| panic!("content/{rel}: {e}"));
    text.lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .find_map(|l| l.strip_prefix("title:"))
        .map(|t| t.trim().trim_matches('"').to_string())
        .unwrap_or_else(|| panic!("content/{rel} has no title"))
}

/// Every Markdown file under `content/<dir>` (all of `content/` for `""`), lowercased.
fn content_texts(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![repo().join("content").join(dir)];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read_dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "md") {
                let text = fs::read_to_string(&p).expect("read").to_lowercase();
                out.push((p.display().to_string(), text));
            }
        }
    }
    out
}

/// Fails early, with a clear message, when the default content no longer fits
/// the words the tests search for.
fn check_content_still_fits() {
    let (word, story) = WORD;
    let with_word: Vec<String> = content_texts("verhalen")
        .into_iter()
        .filter(|(_, text)| text.contains(word))
        .map(|(path, _)| path)
        .collect();
    assert!(
        with_word.len() == 1 && with_word[0].ends_with(&format!("/{story}.md")),
        "{word:?} should occur in exactly one default story, {story}.md; it is in {with_word:?} \
         (pick another distinctive word in tests/testsuite/search.rs)"
    );
    let all = content_texts("");
    for (query, base, story, control) in INFLECTED {
        let title = title_of(&format!("verhalen/{story}.md")).to_lowercase();
        assert!(
            title.split_whitespace().any(|w| w == *base),
            "the title of {story} ({title:?}) should contain the word {base:?}"
        );
        let literal: Vec<&str> = all
            .iter()
            .filter(|(_, text)| text.contains(query) || control.is_some_and(|c| text.contains(c)))
            .map(|(path, _)| path.as_str())
            .collect();
        assert!(
            literal.is_empty(),
            "{query:?} should occur nowhere in the content (so only stemming finds {story}), \
             but it is in {literal:?}"
        );
    }
    let first = &NONSENSE[..1];
    let starting: Vec<&str> = all
        .iter()
        .filter(|(_, text)| {
            text.split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with(first))
        })
        .map(|(path, _)| path.as_str())
        .collect();
    assert!(
        starting.is_empty(),
        "words starting with {first:?} in {starting:?}: pick another {NONSENSE:?}"
    );
}

// ---------------------------------------------------------------------------
// Driving Pagefind's UI
// ---------------------------------------------------------------------------

/// What the search page shows for one query once its results are in.
#[derive(Debug)]
struct Shown {
    /// Pagefind's message, such as `11 resultaten voor moestuin`.
    message: String,
    /// The count in that message (0 for `Geen resultaten …`).
    count: usize,
    /// The result links shown so far, in order.
    links: Vec<String>,
    /// A "Meer resultaten laden" button is shown.
    more: bool,
}

/// The settled outcome of the search for `term`, or `null` while it is still
/// loading (its message says something else, or results are still placeholders).
const SHOWN: &str = r#"
const term = arguments[0];
const root = document.getElementById('zoeken');
const m = root && root.querySelector('.pagefind-ui__message');
if (!m) return null;
const message = m.textContent.replace(/\s+/g, ' ').trim();
if (!message.endsWith(' voor ' + term)) return null;
if (root.querySelector('.pagefind-ui__results .pagefind-ui__loading')) return null;
const links = [...root.querySelectorAll('.pagefind-ui__result-link')].map((a) => a.getAttribute('href'));
const n = /^(\d+)\s/.exec(message);
const count = n ? Number(n[1]) : 0;
if (links.length < Math.min(count, 1)) return null;
return { message, count, links, more: !!root.querySelector('button.pagefind-ui__button') };
"#;

fn parse_shown(v: &Value) -> Shown {
    Shown {
        message: v["message"].as_str().unwrap_or_default().to_string(),
        count: v["count"].as_u64().unwrap_or(0) as usize,
        links: v["links"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| l.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        more: v["more"] == json!(true),
    }
}

/// Waits until the results for `term` are shown and `accept` agrees with them.
fn wait_for_results(browser: &Browser, term: &str, accept: impl Fn(&Shown) -> bool) -> Shown {
    let deadline = Instant::now() + RESULTS_WITHIN;
    loop {
        let v = browser.execute(SHOWN, &[json!(term)]);
        if !v.is_null() {
            let shown = parse_shown(&v);
            if accept(&shown) {
                return shown;
            }
        }
        let last = if v.is_null() {
            browser.execute(
                "const m = document.querySelector('#zoeken .pagefind-ui__message');
                 return m ? m.textContent : '(no message)';",
                &[],
            )
        } else {
            v
        };
        assert!(
            Instant::now() < deadline,
            "no (expected) results for {term:?} within {RESULTS_WITHIN:?} on {}; last seen: {last}",
            browser.current_url()
        );
        thread::sleep(Duration::from_millis(50));
    }
}

/// Clicks "Meer resultaten laden" until every result of `term` is shown.
fn load_all(browser: &Browser, term: &str, mut shown: Shown) -> Shown {
    for _ in 0..=shown.count {
        if !shown.more {
            break;
        }
        let before = shown.links.len();
        browser.click("#zoeken button.pagefind-ui__button");
        shown = wait_for_results(browser, term, |s| s.links.len() > before);
    }
    assert!(
        !shown.more && shown.links.len() == shown.count,
        "{term:?}: {} results said, {} shown: {shown:?}",
        shown.count,
        shown.links.len()
    );
    shown
}

/// Types `term` into the search page's field (replacing what was there) and
/// returns the results once they are in, with the time they took.
fn search(browser: &Browser, term: &str) -> (Shown, Duration) {
    browser.clear(INPUT);
    let started = Instant::now();
    browser.send_keys(INPUT, term);
    let shown = wait_for_results(browser, term, |_| true);
    (shown, started.elapsed())
}

/// Marks the first element matching `css` whose trimmed text (or `value`) is
/// `text` with `data-test-target`, so a real WebDriver click can find it.
fn mark(browser: &Browser, css: &str, text: &str) -> String {
    let found = browser.execute(
        "document.querySelectorAll('[data-test-target]').forEach((e) => e.removeAttribute('data-test-target'));
         const e = [...document.querySelectorAll(arguments[0])]
           .find((e) => (e.value || e.textContent).trim() === arguments[1]);
         if (e) e.setAttribute('data-test-target', '');
         return !!e;",
        &[json!(css), json!(text)],
    );
    assert_eq!(found, json!(true), "no `{css}` with text {text:?}");
    "[data-test-target]".to_string()
}

/// The text of the page's live regions (`aria-live` other than `off`, or role
/// `status`/`alert`/`log`), which screen readers announce when it changes.
fn live_regions(browser: &Browser) -> Vec<String> {
    let v = browser.execute(
        "return [...document.querySelectorAll('[aria-live], [role=status], [role=alert], [role=log]')]
           .filter((e) => e.getAttribute('aria-live') !== 'off')
           .map((e) => e.textContent.replace(/\\s+/g, ' ').trim());",
        &[],
    );
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits (bounded) until a live region says exactly `message`.
fn wait_for_announcement(browser: &Browser, message: &str) -> Duration {
    let started = Instant::now();
    loop {
        let regions = live_regions(browser);
        if regions.iter().any(|r| r == message) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "no live region announces {message:?}; live regions: {regions:?}"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

/// axe-core on the current page; panics with the violations.
fn assert_axe_clean(browser: &Browser, axe: &str, label: &str) -> Duration {
    let started = Instant::now();
    let violations = axe_violations(browser, axe);
    assert!(
        violations.is_empty(),
        "axe-core ({}) on {label}: {} violation(s)\n{}",
        AXE_TAGS.join(", "),
        violations.len(),
        describe_violations(label, &violations)
    );
    started.elapsed()
}

fn url_of_story(id: &str) -> String {
    format!("/verhalen/{id}/")
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// The search page finds a distinctive word, Dutch plurals of title words
/// through stemming, nothing for nonsense; the agenda-theme filter narrows the results
/// to pages of that theme; axe-core finds nothing with results and filters
/// shown; the live region announces each count.
#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn search_finds_words_inflections_and_filters_by_agenda_theme() {
    check_content_still_fits();
    let Some(browser) = require_browser() else {
        return;
    };
    let axe = require_axe();
    let started = Instant::now();
    let site = built_default_site();
    let out = site.path("public");
    let built = started.elapsed();
    let entry = fs::read_to_string(out.join("pagefind/pagefind-entry.json"))
        .expect("the build wrote pagefind/pagefind-entry.json");
    let entry: Value = serde_json::from_str(&entry).expect("pagefind-entry.json is JSON");
    assert!(
        entry["languages"]["nl"].is_object(),
        "the index should be Dutch (stemming): {entry}"
    );

    let server = StaticServer::start(&out);
    browser.set_viewport_size(1280, 900);
    let t = Instant::now();
    browser.goto(&server.url("/zoeken/"));
    browser.wait_for(
        "return !!document.querySelector(arguments[0]);",
        &[json!(INPUT)],
        Duration::from_secs(10),
    );
    let ui_ready = t.elapsed();
    let mut timings = vec![format!("build {built:?}"), format!("UI ready {ui_ready:?}")];

    // A distinctive word: its story is among the results, on the first page.
    let (word, story) = WORD;
    let (shown, took) = search(&browser, word);
    timings.push(format!("{word:?} {took:?}"));
    let first_page = shown.links.clone();
    let all = load_all(&browser, word, shown);
    let rank = all.links.iter().position(|l| *l == url_of_story(story));
    assert!(
        rank.is_some_and(|r| r < first_page.len()),
        "{word:?} should show {} on the first page of results: {all:?}",
        url_of_story(story)
    );
    eprintln!(
        "search {word:?}: {} (story at rank {})",
        all.message,
        rank.map_or(0, |r| r + 1)
    );
    wait_for_announcement(&browser, &all.message);

    // Dutch plurals of title words find the story, on the first page; the
    // control shows that stemming, not prefix back-off, did it.
    for (query, base, story, control) in INFLECTED {
        let url = url_of_story(story);
        let (shown, took) = search(&browser, query);
        timings.push(format!("{query:?} {took:?}"));
        let rank = shown.links.iter().position(|l| *l == url);
        assert!(
            rank.is_some(),
            "{query:?} (Dutch plural of {base:?}) should find {url} on the first page: {shown:?}"
        );
        let mut note = String::new();
        if let Some(control) = control {
            let (shown, took) = search(&browser, control);
            timings.push(format!("{control:?} {took:?}"));
            let all = load_all(&browser, control, shown);
            assert!(
                !all.links.contains(&url),
                "the control {control:?} should not find {url} (else prefix back-off, not \
                 stemming, may explain {query:?}): {all:?}"
            );
            note = format!("; control {control:?}: {} without it", all.message);
        }
        eprintln!(
            "search {query:?} (title word {base:?}): {} ({story} at rank {}){note}",
            shown.message,
            rank.map_or(0, |r| r + 1)
        );
    }

    // Nothing found: the page says so, and the live region too.
    let (none, took) = search(&browser, NONSENSE);
    timings.push(format!("{NONSENSE:?} {took:?}"));
    assert!(
        none.count == 0 && none.links.is_empty() && none.message.starts_with("Geen resultaten"),
        "{NONSENSE:?} should find nothing: {none:?}"
    );
    wait_for_announcement(&browser, &none.message);

    // Results shown, with the "load more" button: axe-core.
    let (unfiltered, took) = search(&browser, FILTER_QUERY);
    timings.push(format!("{FILTER_QUERY:?} {took:?}"));
    assert!(
        unfiltered.more,
        "{FILTER_QUERY:?} should need more than one page: {unfiltered:?}"
    );
    if let Some(axe) = &axe {
        let took = assert_axe_clean(&browser, axe, "/zoeken/ with results");
        timings.push(format!("axe with results {took:?}"));
    }

    // Filter by agenda theme through the filter panel, as a user would: open
    // "Thema", tick the theme.
    let theme = title_of(&format!("themas/{FILTER_THEME}.md"));
    let summary = mark(
        &browser,
        "#zoeken summary.pagefind-ui__filter-name",
        "Thema",
    );
    browser.click(&summary);
    let checkbox = mark(
        &browser,
        "#zoeken input.pagefind-ui__filter-checkbox[name=thema]",
        &theme,
    );
    let t = Instant::now();
    browser.click(&checkbox);
    let filtered = wait_for_results(&browser, FILTER_QUERY, |s| s.count != unfiltered.count);
    timings.push(format!("filter {:?}", t.elapsed()));
    let filtered = load_all(&browser, FILTER_QUERY, filtered);
    assert!(
        filtered.count > 0 && filtered.count < unfiltered.count,
        "the filter on {theme:?} should keep some but not all of {} results: {filtered:?}",
        unfiltered.count
    );
    let marker = format!("data-pagefind-filter=\"thema\">{theme}</a>");
    let wrong: Vec<&String> = filtered
        .links
        .iter()
        .filter(|l| !read_page(&out, l).contains(&marker))
        .collect();
    assert!(
        wrong.is_empty(),
        "filtered on agenda theme {theme:?}, yet these results are not of that theme: {wrong:?}"
    );
    eprintln!(
        "search {FILTER_QUERY:?}: {} unfiltered, {} with agenda theme {theme:?}: {:?}",
        unfiltered.count, filtered.count, filtered.links
    );
    wait_for_announcement(&browser, &filtered.message);

    // Results and the open filter panel: axe-core again.
    if let Some(axe) = &axe {
        let took = assert_axe_clean(&browser, axe, "/zoeken/ with a filter ticked");
        timings.push(format!("axe with filters {took:?}"));
    }

    eprintln!(
        "search test: {} in {:?}",
        timings.join(", "),
        started.elapsed()
    );
    assert!(
        started.elapsed() < Duration::from_secs(45),
        "the search test took {:?}; keep it well under a minute",
        started.elapsed()
    );
}

/// Keyboard only: Tab to the header's search field, type, Enter: `/zoeken/?q=…`
/// shows the results, a live region announces the count, and Tab reaches the
/// first result, which Enter opens.
#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn search_from_the_header_with_the_keyboard_alone() {
    let Some(browser) = require_browser() else {
        return;
    };
    let started = Instant::now();
    let site = built_default_site();
    let out = site.path("public");
    let html = read_page(&out, "zoeken/");
    assert!(
        html.contains("aria-live=\"polite\""),
        "/zoeken/ should have its live region in the HTML from the start (a region \
         added later is not announced reliably)"
    );
    let server = StaticServer::start(&out);
    browser.set_viewport_size(1280, 900);
    browser.goto(&server.url("/"));

    // Tab from the top of the page to the header's search field.
    let mut tabs = 0;
    while browser.execute("return document.activeElement.id;", &[]) != "zoekveld" {
        assert!(
            tabs < 10,
            "10 Tabs from the top never reach the header's search field"
        );
        browser.press_key(KEY_TAB);
        tabs += 1;
    }
    let (word, story) = WORD;
    let t = Instant::now();
    browser.type_keys(word);
    browser.press_key(KEY_ENTER);
    let want_url = server.url(&format!("/zoeken/?q={word}"));
    browser.wait_for(
        "return location.href === arguments[0] && document.readyState === 'complete';",
        &[json!(want_url)],
        Duration::from_secs(10),
    );
    let shown = wait_for_results(&browser, word, |_| true);
    let to_results = t.elapsed();
    assert!(
        shown.links.contains(&url_of_story(story)),
        "{word:?} from the header should show {}: {shown:?}",
        url_of_story(story)
    );
    assert_eq!(
        browser.execute(
            "return document.querySelector(arguments[0]).value;",
            &[json!(INPUT)]
        ),
        json!(word),
        "the search page's field should hold the query"
    );
    let announced = wait_for_announcement(&browser, &shown.message);

    // On to the results with Tab, open the first with Enter.
    let mut tabs_to_result = 0;
    loop {
        browser.press_key(KEY_TAB);
        tabs_to_result += 1;
        let focused = browser.execute(
            "const a = document.activeElement;
             return a.matches('.pagefind-ui__result-link') ? a.getAttribute('href') : null;",
            &[],
        );
        if let Some(href) = focused.as_str() {
            assert_eq!(
                href, shown.links[0],
                "Tab should reach the first result first"
            );
            break;
        }
        assert!(
            tabs_to_result < 40,
            "40 Tabs from the header field never reach a search result"
        );
    }
    browser.press_key(KEY_ENTER);
    let target = server.url(&shown.links[0]);
    browser.wait_for(
        "return location.href === arguments[0];",
        &[json!(target)],
        Duration::from_secs(10),
    );

    eprintln!(
        "keyboard search: {tabs} Tabs to the header field, {to_results:?} from typing to {:?}, \
         announced {announced:?} after the results, {tabs_to_result} more Tabs to the first \
         result; {:?} in all",
        shown.message,
        started.elapsed()
    );
    assert!(
        started.elapsed() < Duration::from_secs(45),
        "the keyboard search test took {:?}",
        started.elapsed()
    );
}

/// Without JavaScript, `/zoeken/` says that search needs it and links to the
/// overviews: in the HTML, and as Chromium shows it with scripting disabled.
#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "needs Debian's chromium and chromium-driver (Linux packages; .ci/run installs them)"
)]
fn search_page_without_javascript_says_it_needs_javascript() {
    let site: Fixture = built_default_site();
    let out = site.path("public");
    let html = read_page(&out, "zoeken/");
    let noscript = html
        .split_once("<noscript>")
        .and_then(|(_, rest)| rest.split_once("</noscript>"))
        .map(|(inside, _)| inside)
        .expect("/zoeken/ has a <noscript>");
    const NEEDS_JS: &str = "Zoeken werkt alleen met JavaScript";
    assert!(
        noscript.contains(NEEDS_JS) && noscript.contains("href=\"/verhalen/\""),
        "the <noscript> should say {NEEDS_JS:?} and link to the overviews: {noscript}"
    );

    let Some(browser) = require_browser() else {
        return;
    };
    let started = Instant::now();
    let server = StaticServer::start(&out);
    browser.cdp(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    );
    browser.goto(&server.url("/zoeken/"));
    // WebDriver's own scripts still run; the page's do not.
    let seen = browser.execute(
        "return {
           text: document.querySelector('main').innerText,
           ui: document.getElementById('zoeken').childElementCount,
           pagefind: typeof PagefindUI,
         };",
        &[],
    );
    assert!(
        seen["text"].as_str().is_some_and(|t| t.contains(NEEDS_JS))
            && seen["ui"] == json!(0)
            && seen["pagefind"] == "undefined",
        "with scripting off, /zoeken/ should show {NEEDS_JS:?} and no search UI: {seen}"
    );
    eprintln!("search page without JavaScript: {:?}", started.elapsed());
}
