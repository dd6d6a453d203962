//! The output link check: every local URL that an HTML file of the output links
//! (`href`, `src`, `srcset`, `poster`, `action`) must land on a file of the output (or
//! a folder with `index.html`), and its `#fragment` on an id of that page.
//!
//! Why after rendering: content links are resolved and checked against the site before
//! (`resolve`), but what templates and static HTML write is known only in the output —
//! a footer link to `/privacy/` on a site without that page, `url(path="css/x.css")` of
//! a file that is not there. Each page is read once, by the privacy check's tokenizer
//! (this module listens to its events, see [`Collector`]), and keeps only its local
//! links and its ids, compactly; the links are checked when the whole output is known
//! ([`check`]). Nothing is copied for links that leave the site.

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;

use crate::fingerprint::{FastMap, FastSet};
use crate::html_policy::{Ev, Listener, percent_decode};

/// Which URLs are the site's own.
#[derive(Debug, Clone)]
pub struct Scope {
    /// `https://example.org` (no trailing slash; empty for a bare path).
    origin: String,
    /// `/` or `/verhaal/`.
    base_path: String,
}

impl Scope {
    pub fn new(base_url: &str, base_path: &str) -> Scope {
        let origin = match base_url.find("://") {
            Some(end) => {
                let rest = &base_url[end + 3..];
                let host_end = rest.find('/').unwrap_or(rest.len());
                base_url[..end + 3 + host_end].to_ascii_lowercase()
            }
            None => String::new(),
        };
        Scope {
            origin,
            base_path: base_path.to_string(),
        }
    }

    /// The site path (below the base path, `%`-escapes decoded, dot segments folded) and
    /// the fragment a URL written on the page in folder `dir` (a site path, `""` or
    /// ending in `/`) points to; `None` for URLs outside the site (other hosts, other
    /// schemes, paths outside the base path) and same-page URLs without a fragment.
    /// Borrowed from `url` for the common case (a path without escapes or dots).
    fn local<'u>(&self, url: &'u str, dir: &str) -> Option<(Cow<'u, str>, Option<Cow<'u, str>>)> {
        let (rest, fragment) = match memchr::memchr(b'#', url.as_bytes()) {
            Some(i) => (&url[..i], Some(percent_decode(&url[i + 1..]))),
            None => (url, None),
        };
        let rest = memchr::memchr(b'?', rest.as_bytes()).map_or(rest, |i| &rest[..i]);
        let path: Cow<'u, str> = if let Some(colon) = scheme_end(rest) {
            let scheme = &rest[..colon];
            let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
            if !web || self.origin.is_empty() {
                return None;
            }
            let head = rest.get(..self.origin.len())?;
            if !head.eq_ignore_ascii_case(&self.origin) {
                return None;
            }
            Cow::Borrowed(path_after_host(&rest[self.origin.len()..])?)
        } else if let Some(host_and_path) = rest.strip_prefix("//") {
            let host = self.origin.split_once("//").map_or("", |(_, h)| h);
            let head = host_and_path.get(..host.len())?;
            if host.is_empty() || !head.eq_ignore_ascii_case(host) {
                return None;
            }
            Cow::Borrowed(path_after_host(&host_and_path[host.len()..])?)
        } else if rest.starts_with('/') {
            Cow::Borrowed(rest)
        } else if rest.is_empty() {
            // `#x` points into this page; `?q` alone is this page.
            return fragment.map(|f| (Cow::Owned(dir.to_string()), Some(f)));
        } else {
            Cow::Owned(format!("{}{dir}{rest}", self.base_path))
        };
        let path = match percent_decode(&path) {
            Cow::Borrowed(_) => path,
            Cow::Owned(decoded) => Cow::Owned(decoded),
        };
        let path = match fold_dots(&path) {
            Some(folded) => Cow::Owned(folded),
            None => path,
        };
        let site_path = match path {
            Cow::Borrowed(p) => Cow::Borrowed(self.site_path(p)?),
            Cow::Owned(p) => Cow::Owned(self.site_path(&p)?.to_string()),
        };
        Some((site_path, fragment))
    }

    /// Whether a URL leaves the site: another host, or a path outside the base path
    /// (what `check --extern` asks the network about; the rest is this check's).
    pub fn leaves_site(&self, url: &str) -> bool {
        self.local(url, "").is_none()
    }

    /// `/verhaal/a/b/` → `a/b/` under base path `/verhaal/`; `None` outside it.
    fn site_path<'p>(&self, path: &'p str) -> Option<&'p str> {
        if let Some(rest) = path.strip_prefix(self.base_path.as_str()) {
            return Some(rest);
        }
        // The base path without its slash is the home page.
        (path == self.base_path.trim_end_matches('/')).then_some("")
    }
}

/// The path after an origin: `""` is `/`; anything but a path (`.evil.example/`) is
/// another host.
fn path_after_host(rest: &str) -> Option<&str> {
    if rest.is_empty() {
        Some("/")
    } else {
        rest.starts_with('/').then_some(rest)
    }
}

/// Where a URL's scheme ends (the `:`), when it has one.
fn scheme_end(url: &str) -> Option<usize> {
    let colon = memchr::memchr(b':', url.as_bytes())?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(colon)
}

/// `/a/./b/../c/` → `/a/c/` (never above the root); `None` when there is nothing to fold.
fn fold_dots(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    // (`memchr`, not a substring search: building its searcher cost more than the rest.)
    if !memchr::memchr_iter(b'.', bytes).any(|i| i > 0 && bytes[i - 1] == b'/') {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {
                if last {
                    parts.push("");
                }
            }
            ".." => {
                parts.pop();
                if last {
                    parts.push("");
                }
            }
            s => parts.push(s),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

/// One local link kept for the check: ranges into [`PageLinks::text`], its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kept {
    /// The URL as written.
    url: (u32, u32),
    /// The site path it points to.
    target: (u32, u32),
    /// Its fragment (empty range: none).
    fragment: Option<(u32, u32)>,
    /// Byte offset of its attribute in the page.
    at: u32,
}

/// What the check keeps of one HTML page: its local links (as written, where they
/// point, where they are) and its ids. A handful of allocations per page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    text: String,
    links: Vec<Kept>,
    /// Line and column of each link, in the order of `links`.
    positions: Vec<(u32, u32)>,
    /// Every `id` (and `<a name>`) of the page, each followed by `\n`.
    ids: String,
}

impl PageLinks {
    fn slice(&self, (start, end): (u32, u32)) -> &str {
        &self.text[start as usize..end as usize]
    }

    fn has_id(&self, id: &str) -> bool {
        self.ids.split('\n').any(|i| i == id)
    }

    /// How many local links the page has.
    pub fn len(&self) -> usize {
        self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

/// Attributes that hold a URL the check follows.
fn is_link_attribute(attribute: &str) -> bool {
    matches!(attribute, "href" | "src" | "srcset" | "poster" | "action")
}

/// Collects one page's links and ids while another reader (the privacy check) runs the
/// tokenizer over it.
pub struct Collector<'a> {
    scope: &'a Scope,
    /// The page's folder below the base path (`verhalen/x/`, `""`).
    dir: String,
    page: PageLinks,
}

impl<'a> Collector<'a> {
    /// A collector for the output file `page` (`verhalen/x/index.html`).
    pub fn new(scope: &'a Scope, page: &str) -> Collector<'a> {
        let dir = page.rfind('/').map_or("", |i| &page[..=i]).to_string();
        Collector {
            scope,
            dir,
            page: PageLinks::default(),
        }
    }

    fn keep(&mut self, written: &str, at: usize) {
        // As a browser reads it: spaces around it, tabs and newlines in it, and
        // backslashes do not count.
        // (Byte searches with memchr: this runs for every link of every page.)
        let bytes = written.as_bytes();
        let plain = memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_none()
            && memchr::memchr(b'\\', bytes).is_none();
        let normal;
        let url = if !plain {
            normal = crate::html_policy::normalise_url(written);
            normal.as_str()
        } else if bytes.first().is_some_and(|&b| b <= b' ')
            || bytes.last().is_some_and(|&b| b <= b' ')
        {
            written.trim_matches(|c: char| c <= ' ')
        } else {
            written
        };
        if url.is_empty() {
            return;
        }
        let Some((target, fragment)) = self.scope.local(url, &self.dir) else {
            return;
        };
        let text = &mut self.page.text;
        let url_start = text.len();
        text.push_str(url);
        // The target and fragment are most often parts of the URL as written: then they
        // are ranges of it, not copies.
        let mut place = |part: &str| {
            let offset = (part.as_ptr() as usize).wrapping_sub(url.as_ptr() as usize);
            if offset <= url.len() && offset + part.len() <= url.len() {
                let start = url_start + offset;
                return (start as u32, (start + part.len()) as u32);
            }
            let start = text.len() as u32;
            text.push_str(part);
            (start, text.len() as u32)
        };
        let target = place(&target);
        let fragment = fragment.as_deref().map(&mut place);
        let url = (url_start as u32, (url_start + url.len()) as u32);
        self.page.links.push(Kept {
            url,
            target,
            fragment,
            at: at as u32,
        });
    }

    /// The page's links and ids, with each link's line and column in `text` (the page).
    pub fn finish(mut self, text: &str) -> PageLinks {
        let mut positions = crate::diagnostics::Positions::new(text);
        self.page.positions = self
            .page
            .links
            .iter()
            .map(|k| {
                let p = positions.at(k.at as usize);
                (p.line as u32, p.column as u32)
            })
            .collect();
        self.page
    }
}

/// The attributes the check reads: links, ids and `<a name>`.
fn wanted(tag: &str, attribute: &str) -> bool {
    is_link_attribute(attribute) || attribute == "id" || (tag == "a" && attribute == "name")
}

impl Listener for Collector<'_> {
    fn wanted(&self) -> fn(&str, &str) -> bool {
        wanted
    }

    fn event(&mut self, event: &Ev<'_>) {
        // Which element an attribute is on does not matter here (`wanted` takes only
        // `<a name>`): links and ids are the same on every element.
        if let Ev::Attribute { name, value, at } = *event {
            match name {
                "id" | "name" if !value.is_empty() => {
                    self.page.ids.push_str(value);
                    self.page.ids.push('\n');
                }
                "srcset" => {
                    for candidate in value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            self.keep(url, at);
                        }
                    }
                }
                _ if is_link_attribute(name) => self.keep(value, at),
                _ => {}
            }
        }
    }
}

/// One link that goes nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dead {
    /// The output file the link is in (`verhalen/x/index.html`).
    pub page: String,
    /// The URL as written.
    pub url: String,
    /// `Some(id)`: the file exists but has no element with this id.
    pub missing_id: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// The files of the output, for looking links up: every file, and a folder's
/// `index.html` under the folder's own path (`verhalen/x/` and `verhalen/x`).
pub struct Files<'a> {
    by_path: FastMap<&'a str, &'a str>,
    /// A folder written after the check (the search index), whose files all count.
    later: Option<&'a str>,
    /// Fingerprint of every file, for [`LinkMemo`].
    key: u64,
}

impl<'a> Files<'a> {
    pub fn new(files: impl Iterator<Item = &'a str>, later: Option<&'a str>) -> Files<'a> {
        use std::hash::{Hash as _, Hasher as _};
        let mut by_path = FastMap::default();
        let mut key = crate::fingerprint::hasher();
        later.hash(&mut key);
        for file in files {
            file.hash(&mut key);
            by_path.insert(file, file);
            if let Some(dir) = file.strip_suffix("index.html")
                && (dir.is_empty() || dir.ends_with('/'))
            {
                by_path.insert(dir, file);
                by_path.insert(dir.trim_end_matches('/'), file);
            }
        }
        Files {
            by_path,
            later,
            key: key.finish(),
        }
    }

    /// The output file a site path lands on.
    fn file(&self, target: &str) -> Option<&'a str> {
        if let Some(file) = self.by_path.get(target) {
            return Some(file);
        }
        self.later.filter(|later| {
            target
                .strip_prefix(later)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }
}

/// A page's links, shared between serve's memo and the build that checks them.
pub type SharedLinks = Arc<PageLinks>;

/// What serve's rebuilds keep of the last check: each page's dead links, with the links
/// and the fragment targets they were found with. A page is checked again when its
/// links, the output's files or a page its fragments point into changed — after a story
/// edit, that page and its neighbours, not the whole site.
#[derive(Debug, Default)]
pub struct LinkMemo {
    files: u64,
    pages: FastMap<String, Checked>,
}

#[derive(Debug)]
struct Checked {
    links: SharedLinks,
    /// The pages its fragment links point into, as they were.
    targets: Vec<SharedLinks>,
    dead: Vec<Dead>,
}

/// Every dead link of `pages` (output file → its links) against `files`, in page order
/// (pages are looked at in parallel). With a memo (serve), a page whose inputs did not
/// change keeps its last result.
pub fn check(
    pages: &[(&str, &SharedLinks)],
    files: &Files<'_>,
    memo: Option<&mut LinkMemo>,
) -> Vec<Dead> {
    let by_file: FastMap<&str, &SharedLinks> = pages.iter().copied().collect();
    let Some(memo) = memo else {
        return pages
            .par_iter()
            .flat_map_iter(|&(page, links)| dead_on(page, links, files, &by_file).0)
            .collect();
    };
    if memo.files != files.key {
        memo.pages.clear();
        memo.files = files.key;
    }
    let last = std::mem::take(&mut memo.pages);
    // The pages as they are now, by allocation (the memo holds the old ones, so an
    // address cannot have been reused).
    let current: FastSet<usize> = pages
        .iter()
        .map(|(_, links)| Arc::as_ptr(links) as usize)
        .collect();
    let checked: Vec<(String, Checked)> = pages
        .par_iter()
        .map(|&(page, links)| {
            let kept = last.get(page).filter(|c| {
                Arc::ptr_eq(&c.links, links)
                    && c.targets
                        .iter()
                        .all(|t| current.contains(&(Arc::as_ptr(t) as usize)))
            });
            let checked = match kept {
                Some(c) => Checked {
                    links: c.links.clone(),
                    targets: c.targets.clone(),
                    dead: c.dead.clone(),
                },
                None => {
                    let (dead, targets) = dead_on(page, links, files, &by_file);
                    Checked {
                        links: links.clone(),
                        targets,
                        dead,
                    }
                }
            };
            (page.to_string(), checked)
        })
        .collect();
    let dead = checked.iter().flat_map(|(_, c)| c.dead.clone()).collect();
    memo.pages = checked.into_iter().collect();
    dead
}

/// The dead links of one page (one URL it writes many times is told once), and the pages
/// its fragments point into.
fn dead_on(
    page: &str,
    links: &PageLinks,
    files: &Files<'_>,
    by_file: &FastMap<&str, &SharedLinks>,
) -> (Vec<Dead>, Vec<SharedLinks>) {
    let mut dead = Vec::new();
    let mut targets: Vec<SharedLinks> = Vec::new();
    let mut seen: FastSet<(&str, &str)> = FastSet::default();
    for (n, kept) in links.links.iter().enumerate() {
        let target = links.slice(kept.target);
        let fragment = kept.fragment.map(|f| links.slice(f));
        let missing_id = match files.file(target) {
            None => None,
            Some(file) => match (fragment, by_file.get(file)) {
                (Some(id), Some(&target_page)) => {
                    if !targets.iter().any(|t| Arc::ptr_eq(t, target_page)) {
                        targets.push(target_page.clone());
                    }
                    if lands(id, target_page) {
                        continue;
                    }
                    Some(id)
                }
                _ => continue,
            },
        };
        let url = links.slice(kept.url);
        if !seen.insert((url, missing_id.unwrap_or(""))) {
            continue;
        }
        let (line, column) = links.positions.get(n).copied().unwrap_or((1, 1));
        dead.push(Dead {
            page: page.to_string(),
            url: url.to_string(),
            missing_id: missing_id.map(str::to_string),
            line: line as usize,
            column: column as usize,
        });
    }
    (dead, targets)
}

/// Whether `#id` lands on the page: an element with that id, or what browsers take
/// without one (an empty fragment and `top` go to the top, `:~:` is a text fragment).
fn lands(id: &str, page: &PageLinks) -> bool {
    id.is_empty() || id.eq_ignore_ascii_case("top") || id.starts_with(":~:") || page.has_id(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(scope: &Scope, page: &str, html: &str) -> PageLinks {
        let mut collector = Collector::new(scope, page);
        crate::html_policy::scan_listening(html, &mut collector);
        collector.finish(html)
    }

    #[test]
    fn local_urls_are_read_as_browsers_read_them() {
        let scope = Scope::new("https://example.org/verhaal/", "/verhaal/");
        let local = |url: &str| {
            scope
                .local(url, "verhalen/x/")
                .map(|(p, f)| (p.into_owned(), f.map(Cow::into_owned)))
        };
        assert_eq!(local("/verhaal/privacy/"), Some(("privacy/".into(), None)));
        assert_eq!(local("/verhaal"), Some((String::new(), None)));
        assert_eq!(local("/elders/"), None);
        assert_eq!(
            local("https://EXAMPLE.org/verhaal/a/?q=1#kop"),
            Some(("a/".into(), Some("kop".into())))
        );
        assert_eq!(local("https://example.org.evil/verhaal/"), None);
        assert_eq!(local("//example.org/verhaal/b/"), Some(("b/".into(), None)));
        assert_eq!(local("mailto:a@b.nl"), None);
        assert_eq!(
            local("../y/#aanpak"),
            Some(("verhalen/y/".into(), Some("aanpak".into())))
        );
        assert_eq!(
            local("foto%20een.png"),
            Some(("verhalen/x/foto een.png".into(), None))
        );
        assert_eq!(
            local("#inhoud"),
            Some(("verhalen/x/".into(), Some("inhoud".into())))
        );
        assert_eq!(local("?q=1"), None);
    }

    #[test]
    fn dead_links_and_missing_ids_are_found_once_per_page() {
        let scope = Scope::new("https://example.org/", "/");
        let home = scan(
            &scope,
            "index.html",
            "<a href=\"#inhoud\">x</a><main id=\"inhoud\"><a href=\"/privacy/\">p</a>\
             <a href=\"/privacy/\">p</a><img srcset=\"/img/a.png 1x, /img/b.png 2x\">\
             <a href=\"/verhalen/x/#aanpak\">a</a><a href=\"/verhalen/x/#weg\">w</a>\
             <a href=\"https://elders.example/\">e</a><link rel=\"icon\" href=\"/favicon.svg\">",
        );
        let story = scan(
            &scope,
            "verhalen/x/index.html",
            "<h2 id=aanpak>A</h2><a href=\"../../#top\">t</a><a href=\"#nergens\">n</a>",
        );
        let files = Files::new(
            [
                "index.html",
                "verhalen/x/index.html",
                "img/a.png",
                "favicon.svg",
            ]
            .into_iter(),
            None,
        );
        let (home, story) = (Arc::new(home), Arc::new(story));
        let pages = [("index.html", &home), ("verhalen/x/index.html", &story)];
        let dead = check(&pages, &files, None);
        // Serve's memo gives the same, the first time and when nothing changed.
        let mut memo = LinkMemo::default();
        assert_eq!(check(&pages, &files, Some(&mut memo)), dead);
        assert_eq!(check(&pages, &files, Some(&mut memo)), dead);
        // A changed target page (its ids) is looked at again.
        let fixed = Arc::new(scan(
            &scope,
            "verhalen/x/index.html",
            "<h2 id=aanpak>A</h2><h2 id=weg>W</h2><a href=\"#nergens\">n</a>",
        ));
        let pages_after = [("index.html", &home), ("verhalen/x/index.html", &fixed)];
        let after = check(&pages_after, &files, Some(&mut memo));
        assert!(
            !after.iter().any(|d| d.url == "/verhalen/x/#weg"),
            "{after:?}"
        );
        assert_eq!(after, check(&pages_after, &files, None));
        let found: Vec<(&str, &str, Option<&str>)> = dead
            .iter()
            .map(|d| (d.page.as_str(), d.url.as_str(), d.missing_id.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                ("index.html", "/privacy/", None),
                ("index.html", "/img/b.png", None),
                ("index.html", "/verhalen/x/#weg", Some("weg")),
                ("verhalen/x/index.html", "#nergens", Some("nergens")),
            ]
        );
        assert_eq!((dead[0].line, dead[0].column), (1, 45));
    }
}
