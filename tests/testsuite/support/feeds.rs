//! Checkers for the machine-readable files of a build: Atom feeds against the
//! rules of RFC 4287 ([`atom_problems`]), sitemaps against the sitemap
//! protocol ([`sitemap_locs`]), and RFC 3339 dates ([`is_rfc3339`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::xml::{El, parse_xml};

/// The Atom namespace (RFC 4287), on a feed's root element.
pub const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
/// The sitemap protocol's namespace, on a sitemap's `<urlset>`.
pub const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` with valid ranges (RFC 3339 §5.6).
pub fn is_rfc3339(s: &str) -> bool {
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
pub fn below<'a>(base: &str, url: &'a str) -> Option<&'a str> {
    url.strip_prefix(base)
}

/// The file in `out` that a URL path below the base path is served from.
pub fn file_for(out: &Path, rel: &str) -> PathBuf {
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

/// RFC 4287 rules for one feed; `feed_url` is where it is published.
/// Returns the problems and the entries' alternate links.
pub fn atom_problems(
    text: &str,
    feed_url: &str,
    base: &str,
    out: &Path,
) -> (Vec<String>, Vec<String>) {
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
        if let Some(id) = el.one("id").map(|e| e.text.trim())
            && !absolute(id)
        {
            p.push(format!("{what}: <id> {id:?} is not an absolute IRI"));
        }
        for name in ["updated", "published"] {
            if let Some(d) = el.one(name).map(|e| e.text.trim())
                && !is_rfc3339(d)
            {
                p.push(format!("{what}: <{name}> {d:?} is not an RFC 3339 date"));
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
        if let Some(id) = e.one("id")
            && !ids.insert(id.text.trim().to_string())
        {
            p.push(format!("{what}: duplicate id {}", id.text.trim()));
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
pub fn sitemap_locs(text: &str) -> Result<Vec<String>, String> {
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
