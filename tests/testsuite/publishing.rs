//! Publishing: the repository's default site built with `--base-url` under a
//! sub-path and served by a real nginx with the documented configuration
//! (`docs/nginx.conf`), crawled link by link; every page kind in headless
//! Chromium under the documented Content-Security-Policy; the Atom feeds and
//! the sitemap as XML; preview builds.
//!
//! Without nginx (or Chromium) the tests that need it are skipped loudly; under
//! `CI=true` that absence is a failure.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use quick_xml::events::Event;
use serde_json::{Value, json};

use crate::support::Fixture;
use crate::support::browser::{Browser, StaticServer, require_browser};
use crate::support::nginx::{Http, Nginx, Response, free_port, require_nginx};
use crate::support::site::{self, default_site_with_config, first_doc, html_pages, repo};

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
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// Upper bound on URLs fetched by the crawl (the default site has about a hundred).
const CRAWL_LIMIT: usize = 5_000;

// ---------------------------------------------------------------------------
// The site: a copy of the repository's default site, built in a temp dir
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// nginx with docs/nginx.conf
// ---------------------------------------------------------------------------

/// docs/nginx.conf made runnable here: plain HTTP on `127.0.0.1:<port>` (the
/// listen and certificate lines), `root` → `www`, `/verhaal` → `/ons-verhaal`.
/// Nothing else changes; each replaced line must be there exactly once.
fn nginx_conf(port: u16, www: &Path) -> String {
    let mut conf = fs::read_to_string(repo().join("docs/nginx.conf")).expect("docs/nginx.conf");
    let listen = format!("    listen 127.0.0.1:{port};\n");
    let lines: [(&str, &str); 4] = [
        ("    listen 443 ssl http2;\n", &listen),
        ("    listen [::]:443 ssl http2;\n", ""),
        (
            "    ssl_certificate     /etc/ssl/verhaal/fullchain.pem;\n",
            "",
        ),
        (
            "    ssl_certificate_key /etc/ssl/verhaal/privkey.pem;\n",
            "",
        ),
    ];
    for (from, to) in lines {
        assert_eq!(
            conf.matches(from).count(),
            1,
            "docs/nginx.conf should have {from:?} exactly once (the test replaces it)"
        );
        conf = conf.replace(from, to);
    }
    assert!(
        conf.contains("    root /var/www/html;\n") && conf.contains("location /verhaal/"),
        "docs/nginx.conf serves /verhaal/ from /var/www/html (the test replaces both)"
    );
    let www = www.to_str().expect("utf-8 temp path");
    assert!(!www.contains("/verhaal"), "temp path {www}");
    conf.replace("/verhaal", SUB.trim_end_matches('/'))
        .replace("/var/www/html", www)
}

/// The default site built for `http://127.0.0.1:<port>/ons-verhaal/` and served
/// by nginx from `<www>/ons-verhaal/`.
struct Served {
    _site: Fixture,
    www: tempfile::TempDir,
    nginx: Nginx,
    http: Http,
    /// The story that the alias points at.
    alias_target: String,
}

impl Served {
    /// `None` (loudly) without nginx.
    fn start() -> Option<Served> {
        let binary = require_nginx()?;
        let port = free_port();
        let (site, alias_target) = default_site_copy(true);
        let www = tempfile::tempdir().expect("temp dir");
        build(
            &site,
            &www.path().join(SUB.trim_matches('/')),
            &format!("http://127.0.0.1:{port}{SUB}"),
            &[],
        );
        let nginx = Nginx::start(&binary, &nginx_conf(port, www.path()), port);
        Some(Served {
            _site: site,
            www,
            nginx,
            http: Http::new(),
            alias_target,
        })
    }

    /// The build output nginx serves.
    fn out(&self) -> PathBuf {
        self.www.path().join(SUB.trim_matches('/'))
    }

    fn origin(&self) -> String {
        self.nginx.url("")
    }

    /// Absolute URL of `rel`, a path below the base path.
    fn url(&self, rel: &str) -> String {
        self.nginx.url(&format!("{SUB}{rel}"))
    }

    fn get(&self, rel: &str) -> Response {
        self.http.get(&self.url(rel), &[])
    }
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

// ---------------------------------------------------------------------------
// Links in HTML and CSS
// ---------------------------------------------------------------------------

/// Every `name="value"` (or `'value'`) attribute in `html`, names lowercased,
/// values with character references decoded. Good enough for generated HTML:
/// text never holds a raw `="` because `"` is escaped in text.
fn attributes(html: &str) -> Vec<(String, String)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('=') {
        let eq = i + off;
        i = eq + 1;
        let Some(&quote) = bytes.get(eq + 1) else {
            break;
        };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let start = html[..eq]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':' || c == '_'))
            .map_or(0, |p| p + 1);
        let before = html[..start].chars().next_back();
        if start == eq || !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(len) = html[eq + 2..].find(quote as char) else {
            break;
        };
        let value = &html[eq + 2..eq + 2 + len];
        out.push((html[start..eq].to_ascii_lowercase(), decode_entities(value)));
        i = eq + 2 + len + 1;
    }
    out
}

/// The attributes of every `<tag …>` start tag in `html`.
fn tags(html: &str, tag: &str) -> Vec<Vec<(String, String)>> {
    let open = format!("<{tag}");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(p) = rest.find(&open) {
        let after = &rest[p + open.len()..];
        rest = after;
        if !after.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
            continue;
        }
        let end = after.find('>').unwrap_or(after.len());
        out.push(attributes(&after[..end]));
        rest = &after[end..];
    }
    out
}

/// The value of attribute `name` in one tag's attributes.
fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(end) = rest.find(';').filter(|&e| e < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The URLs an HTML page refers to: `href`, `src`, `srcset`, `action`,
/// `poster`, the target of a meta refresh, and absolute URLs in `content`
/// (`og:url`, `og:image`).
fn html_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for (name, value) in attributes(html) {
        match name.as_str() {
            "href" | "xlink:href" | "src" | "action" | "poster" => links.push(value),
            "srcset" => links.extend(
                value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .map(str::to_string),
            ),
            "content" => {
                let lower = value.to_ascii_lowercase();
                if let Some(p) = lower.find("url=") {
                    links.push(value[p + 4..].trim().to_string());
                } else if lower.starts_with("http://") || lower.starts_with("https://") {
                    links.push(value);
                }
            }
            _ => {}
        }
    }
    links
}

/// `url(…)` references in a stylesheet, `data:` URLs left out.
fn css_links(css: &str) -> Vec<String> {
    let mut links = Vec::new();
    let mut rest = css;
    while let Some(p) = rest.find("url(") {
        rest = &rest[p + 4..];
        let Some(end) = rest.find(')') else { break };
        let url = rest[..end].trim().trim_matches(['"', '\'']).to_string();
        if !url.starts_with("data:") {
            links.push(url);
        }
        rest = &rest[end..];
    }
    links
}

/// Every `id` (and `<a name>`) on a page.
fn anchors(html: &str) -> BTreeSet<String> {
    attributes(html)
        .into_iter()
        .filter(|(n, _)| n == "id" || n == "name")
        .map(|(_, v)| v)
        .collect()
}

/// Where a link goes, seen from a page of this site.
#[derive(Debug, PartialEq)]
enum Target {
    /// A path on this host (query kept), and its fragment.
    Internal(String, Option<String>),
    /// Another host or scheme (`mailto:`…).
    External(String),
    /// `javascript:` — blocked by the CSP and never right.
    Script(String),
}

/// Resolves `link`, found on the page at `page` (a path), against `origin`.
fn resolve(origin: &str, page: &str, link: &str) -> Target {
    let link = link.trim();
    let (link, fragment) = match link.split_once('#') {
        Some((l, f)) => (l, Some(f.to_string())),
        None => (link, None),
    };
    let scheme_end = link.find(':').filter(|&c| !link[..c].contains(['/', '?']));
    let path = if let Some(c) = scheme_end {
        let scheme = link[..c].to_ascii_lowercase();
        if scheme == "javascript" {
            return Target::Script(link.to_string());
        }
        match link.strip_prefix(origin) {
            Some("") => "/".to_string(),
            Some(rest) if rest.starts_with('/') => rest.to_string(),
            _ => return Target::External(link.to_string()),
        }
    } else if let Some(rest) = link.strip_prefix("//") {
        let host = origin.split_once("//").map_or(origin, |(_, h)| h);
        match rest.strip_prefix(host) {
            Some(p) if p.starts_with('/') => p.to_string(),
            _ => return Target::External(link.to_string()),
        }
    } else if link.starts_with('/') {
        link.to_string()
    } else if link.is_empty() {
        page.to_string()
    } else {
        let dir = &page[..=page.rfind('/').unwrap_or(0)];
        format!("{dir}{link}")
    };
    Target::Internal(normalize(&path), fragment)
}

/// Removes `.` and `..` segments from an absolute path (query kept as is).
fn normalize(path: &str) -> String {
    let (p, query) = match path.split_once('?') {
        Some((p, q)) => (p, format!("?{q}")),
        None => (path, String::new()),
    };
    let mut segs: Vec<&str> = Vec::new();
    let parts: Vec<&str> = p.split('/').skip(1).collect();
    for (i, seg) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *seg {
            "." => {
                if last {
                    segs.push("");
                }
            }
            ".." => {
                segs.pop();
                if last {
                    segs.push("");
                }
            }
            s => segs.push(s),
        }
    }
    format!("/{}{query}", segs.join("/"))
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

// ---------------------------------------------------------------------------
// Test 1: nginx serves the sub-path build; every link answers 200
// ---------------------------------------------------------------------------

#[test]
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

// ---------------------------------------------------------------------------
// Test 2: every page kind in Chromium under the CSP: no violations, no failed requests
// ---------------------------------------------------------------------------

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
// Violation events are queued tasks: give them a moment after the load event.
setTimeout(() => {
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
}, 100);
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

// ---------------------------------------------------------------------------
// Test 3: feeds and sitemap
// ---------------------------------------------------------------------------

/// An XML element: name as written (prefix included), attributes, children, text.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn count(&self, name: &str) -> usize {
        self.children.iter().filter(|c| c.name == name).count()
    }

    fn one(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Parses `text` strictly: one root element, matching end tags, only the five
/// predefined entities and character references, no DOCTYPE, no text outside
/// the root. Returns the root element.
fn parse_xml(text: &str) -> Result<El, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    let err = |reader: &quick_xml::Reader<&[u8]>, e: &dyn std::fmt::Display| {
        format!("at byte {}: {e}", reader.error_position())
    };
    let decoder = reader.decoder();
    let element = |e: &quick_xml::events::BytesStart<'_>| -> Result<El, String> {
        let mut el = El {
            name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
            ..El::default()
        };
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let value = a
                .decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder)
                .map_err(|e| e.to_string())?;
            el.attrs.push((
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                value.into_owned(),
            ));
        }
        Ok(el)
    };
    fn attach(stack: &mut [El], root: &mut Option<El>, el: El) -> Result<(), String> {
        match stack.last_mut() {
            Some(parent) => parent.children.push(el),
            None if root.is_some() => return Err(format!("a second root element <{}>", el.name)),
            None => *root = Some(el),
        }
        Ok(())
    }
    fn text_outside(s: &str, stack: &mut [El]) -> Result<(), String> {
        match stack.last_mut() {
            Some(el) => {
                el.text.push_str(s);
                Ok(())
            }
            None if s.trim().is_empty() => Ok(()),
            None => Err(format!("text outside the root element: {s:?}")),
        }
    }
    loop {
        match reader.read_event().map_err(|e| err(&reader, &e))? {
            Event::Start(e) => stack.push(element(&e)?),
            Event::Empty(e) => {
                let el = element(&e)?;
                attach(&mut stack, &mut root, el)?;
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("an end tag without a start tag")?;
                attach(&mut stack, &mut root, el)?;
            }
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|e| err(&reader, &e))?;
                text_outside(&s, &mut stack)?;
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t).into_owned();
                text_outside(&s, &mut stack)?;
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().map_err(|e| err(&reader, &e))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| err(&reader, &e))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| format!("undefined entity &{name};"))?
                            .to_string()
                    }
                };
                text_outside(&s, &mut stack)?;
            }
            Event::DocType(_) => return Err("a DOCTYPE".into()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is not closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` with valid ranges (RFC 3339 §5.6).
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return false;
    }
    if b[13] != b':' || b[16] != b':' {
        return false;
    }
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(sec)) = (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    ) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&mo)
        || d == 0
        || d > days[mo as usize - 1]
        || h > 23
        || mi > 59
        || sec > 60
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        "Z" | "z" => true,
        off if off.len() == 6 && (off.starts_with('+') || off.starts_with('-')) => {
            off.as_bytes()[3] == b':'
                && num(s.len() - 5..s.len() - 3).is_some_and(|h| h < 24)
                && num(s.len() - 2..s.len()).is_some_and(|m| m < 60)
        }
        _ => false,
    }
}

/// A path below `base` for an absolute URL under it.
fn below<'a>(base: &str, url: &'a str) -> Option<&'a str> {
    url.strip_prefix(base)
}

/// The file in `out` that a URL path below the base path is served from.
fn file_for(out: &Path, rel: &str) -> PathBuf {
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

/// RFC 4287 rules for one feed; `feed_url` is where it is published.
/// Returns the problems and the entries' alternate links.
fn atom_problems(text: &str, feed_url: &str, base: &str, out: &Path) -> (Vec<String>, Vec<String>) {
    let mut p = Vec::new();
    let mut alternates = Vec::new();

    // The crate's reading of it.
    match atom_syndication::Feed::read_from(text.as_bytes()) {
        Ok(feed) => {
            if feed.id() != feed_url {
                p.push(format!("atom_syndication: id {:?}", feed.id()));
            }
            if feed.title().value.trim().is_empty() {
                p.push("atom_syndication: empty title".into());
            }
        }
        Err(e) => p.push(format!("atom_syndication cannot read it: {e}")),
    }

    // And the rules, on a strict parse of the XML.
    let root = match parse_xml(text) {
        Ok(root) => root,
        Err(e) => {
            p.push(format!("not well-formed XML: {e}"));
            return (p, alternates);
        }
    };
    if root.name != "feed" || root.attr("xmlns") != Some(ATOM_NS) {
        p.push(format!(
            "root <{}> xmlns={:?}, want <feed xmlns=\"{ATOM_NS}\">",
            root.name,
            root.attr("xmlns")
        ));
    }
    let absolute = |s: &str| s.starts_with("http://") || s.starts_with("https://");
    let common = |el: &El, what: &str, p: &mut Vec<String>| {
        for (name, max, min) in [
            ("id", 1, 1),
            ("title", 1, 1),
            ("updated", 1, 1),
            ("subtitle", 1, 0),
            ("summary", 1, 0),
            ("content", 1, 0),
            ("published", 1, 0),
            ("rights", 1, 0),
        ] {
            let n = el.count(name);
            if n < min || n > max {
                p.push(format!("{what}: {n} <{name}>"));
            }
        }
        if let Some(id) = el.one("id").map(|e| e.text.trim()) {
            if !absolute(id) {
                p.push(format!("{what}: <id> {id:?} is not an absolute IRI"));
            }
        }
        for name in ["updated", "published"] {
            if let Some(d) = el.one(name).map(|e| e.text.trim()) {
                if !is_rfc3339(d) {
                    p.push(format!("{what}: <{name}> {d:?} is not an RFC 3339 date"));
                }
            }
        }
        for name in ["title", "subtitle", "summary", "rights"] {
            for t in el.all(name) {
                if !matches!(t.attr("type"), None | Some("text" | "html" | "xhtml")) {
                    p.push(format!("{what}: <{name} type={:?}>", t.attr("type")));
                }
            }
        }
        for a in el.all("author") {
            if a.count("name") != 1 {
                p.push(format!("{what}: <author> without exactly one <name>"));
            }
        }
        let mut alternate_kinds = BTreeSet::new();
        for l in el.all("link") {
            let Some(href) = l.attr("href") else {
                p.push(format!("{what}: <link> without href"));
                continue;
            };
            if !href.starts_with(base) {
                p.push(format!("{what}: link {href} is not under {base}"));
            }
            if l.attr("rel").unwrap_or("alternate") == "alternate" {
                let key = (
                    l.attr("type").map(str::to_string),
                    l.attr("hreflang").map(str::to_string),
                );
                if !alternate_kinds.insert(key) {
                    p.push(format!(
                        "{what}: two alternate links of one type and language"
                    ));
                }
                match below(base, href) {
                    Some(rel) if file_for(out, rel).is_file() => {}
                    _ => p.push(format!(
                        "{what}: alternate {href} is not a page of the site"
                    )),
                }
            }
        }
        alternate_kinds.len()
    };

    common(&root, "feed", &mut p);
    let selfs: Vec<&str> = root
        .all("link")
        .filter(|l| l.attr("rel") == Some("self"))
        .filter_map(|l| l.attr("href"))
        .collect();
    if selfs != [feed_url] {
        p.push(format!("rel=self links {selfs:?}, want [{feed_url}]"));
    }
    let entries: Vec<&El> = root.all("entry").collect();
    if root.count("author") == 0 && entries.iter().any(|e| e.count("author") == 0) {
        p.push("no <author> on the feed nor on every entry".into());
    }
    let mut ids = BTreeSet::new();
    for (i, e) in entries.iter().enumerate() {
        let what = format!("entry {}", i + 1);
        let alternates_here = common(e, &what, &mut p);
        if e.count("content") == 0 && alternates_here == 0 {
            p.push(format!("{what}: neither <content> nor an alternate link"));
        }
        if let Some(id) = e.one("id") {
            if !ids.insert(id.text.trim().to_string()) {
                p.push(format!("{what}: duplicate id {}", id.text.trim()));
            }
        }
        alternates.extend(
            e.all("link")
                .filter(|l| l.attr("rel").unwrap_or("alternate") == "alternate")
                .filter_map(|l| l.attr("href"))
                .map(str::to_string),
        );
    }
    (p, alternates)
}

/// The `<loc>`s of a sitemap, after checking its form: well-formed, `<urlset>`
/// in the sitemap namespace, one `<loc>` per `<url>`, `lastmod` a W3C date.
fn sitemap_locs(text: &str) -> Result<Vec<String>, String> {
    let root = parse_xml(text)?;
    if root.name != "urlset" || root.attr("xmlns") != Some(SITEMAP_NS) {
        return Err(format!(
            "root <{}> xmlns={:?}",
            root.name,
            root.attr("xmlns")
        ));
    }
    let mut locs = Vec::new();
    for url in &root.children {
        if url.name != "url" || url.count("loc") != 1 || url.count("lastmod") > 1 {
            return Err(format!("malformed entry <{}> {:?}", url.name, url.children));
        }
        if let Some(m) = url.one("lastmod") {
            let date = m.text.trim();
            let day = date.len() == 10 && is_rfc3339(&format!("{date}T00:00:00Z"));
            if !(day || is_rfc3339(date)) {
                return Err(format!("lastmod {date:?} is not a W3C date"));
            }
        }
        locs.push(
            url.one("loc")
                .map(|l| l.text.trim().to_string())
                .unwrap_or_default(),
        );
    }
    if locs.len() > 50_000 || text.len() > 50 * 1024 * 1024 {
        return Err("over the sitemap limits (50,000 URLs, 50 MB)".into());
    }
    Ok(locs)
}

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

// ---------------------------------------------------------------------------
// Known bugs in src/render (see the notes on each); un-ignore when fixed.
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

// ---------------------------------------------------------------------------
// The checkers themselves: they must reject what they are there to catch
// ---------------------------------------------------------------------------

#[test]
fn the_checkers_reject_broken_xml_feeds_dates_and_links() {
    // XML well-formedness.
    for bad in [
        "<a><b></a></b>",
        "<a>&nbsp;</a>",
        "<a/><b/>",
        "<a>",
        "text<a/>",
        "<!DOCTYPE a><a/>",
    ] {
        assert!(parse_xml(bad).is_err(), "accepted {bad:?}");
    }
    let el = parse_xml("<a x=\"1 &amp; 2\">t&#233;&lt;<b/></a>").expect("well-formed");
    assert_eq!((el.attr("x"), el.text.as_str()), (Some("1 & 2"), "té<"));

    // RFC 3339.
    for good in ["2026-10-05T00:00:00Z", "2024-02-29T23:59:60.5+01:00"] {
        assert!(is_rfc3339(good), "{good}");
    }
    for bad in [
        "2026-10-05",
        "2026-10-05T00:00:00",
        "2025-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-10-05 00:00:00Z",
        "2026-10-05T00:00:00+0100",
    ] {
        assert!(!is_rfc3339(bad), "{bad}");
    }

    // Atom: a feed that breaks several RFC 4287 rules.
    let out = tempfile::tempdir().expect("temp dir");
    fs::write(out.path().join("index.html"), "<h1>x</h1>").expect("write");
    let base = "https://example.org/";
    let feed = format!(
        "<feed xmlns=\"{ATOM_NS}\"><title>t</title><id>feed</id>\
         <updated>2026-10-05</updated>\
         <entry><title>a</title><id>{base}a/</id><updated>2026-10-05T00:00:00Z</updated></entry>\
         <entry><title>b</title><title>c</title><id>{base}a/</id>\
         <link href=\"{base}gone/\"/><updated>2026-10-05T00:00:00Z</updated></entry></feed>"
    );
    let (problems, _) = atom_problems(&feed, &format!("{base}atom.xml"), base, out.path());
    let text = problems.join("\n");
    for want in [
        "not an absolute IRI",
        "not an RFC 3339 date",
        "rel=self",
        "no <author>",
        "neither <content> nor an alternate link",
        "2 <title>",
        "duplicate id",
        "is not a page of the site",
    ] {
        assert!(text.contains(want), "missed {want:?} in:\n{text}");
    }
    assert!(
        sitemap_locs("<urlset xmlns=\"x\"/>").is_err()
            && sitemap_locs(&format!(
                "<urlset xmlns=\"{SITEMAP_NS}\"><url><loc>a</loc><lastmod>5 mei</lastmod></url></urlset>"
            ))
            .is_err()
    );

    // Links.
    let origin = "http://127.0.0.1:8080";
    let page = "/ons-verhaal/verhalen/x/";
    let internal = |p: &str, f: Option<&str>| Target::Internal(p.into(), f.map(str::to_string));
    for (link, want) in [
        (
            "../y/#aanpak",
            internal("/ons-verhaal/verhalen/y/", Some("aanpak")),
        ),
        ("#inhoud", internal(page, Some("inhoud"))),
        ("/ons-verhaal/", internal("/ons-verhaal/", None)),
        (
            "http://127.0.0.1:8080/ons-verhaal/a/",
            internal("/ons-verhaal/a/", None),
        ),
        ("http://127.0.0.1:8080", internal("/", None)),
        (
            "http://127.0.0.1:80801/",
            Target::External("http://127.0.0.1:80801/".into()),
        ),
        ("//127.0.0.1:8080/b", internal("/b", None)),
        ("mailto:a@b.nl", Target::External("mailto:a@b.nl".into())),
        (
            "javascript:void(0)",
            Target::Script("javascript:void(0)".into()),
        ),
        (
            "./../../css/x.css",
            internal("/ons-verhaal/css/x.css", None),
        ),
    ] {
        assert_eq!(resolve(origin, page, link), want, "{link}");
    }
    let html = "<a href=\"/a/?x=1&amp;y=2\" class=\"k\">x = \"y\"</a>\
                <img src='/i.png' alt=\"\"><meta http-equiv=\"refresh\" content=\"0; url=/r/\">\
                <meta property=\"og:url\" content=\"http://h/p/\"><p data-x=\"href\">";
    assert_eq!(
        html_links(html),
        ["/a/?x=1&y=2", "/i.png", "/r/", "http://h/p/"]
    );
}
