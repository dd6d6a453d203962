//! Attributes, links and anchors in generated HTML and CSS, and where a link
//! goes: good enough for the HTML verteller writes (not for arbitrary HTML).
//! [`resolve`] tells internal links (a path on this host) from external ones
//! and `javascript:` URLs.

use std::collections::BTreeSet;

/// Every `name="value"` (or `'value'`) attribute in `html`, names lowercased,
/// values with character references decoded. Good enough for generated HTML:
/// text never holds a raw `="` because `"` is escaped in text.
pub fn attributes(html: &str) -> Vec<(String, String)> {
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
pub fn tags(html: &str, tag: &str) -> Vec<Vec<(String, String)>> {
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
pub fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
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
pub fn html_links(html: &str) -> Vec<String> {
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
pub fn css_links(css: &str) -> Vec<String> {
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
pub fn anchors(html: &str) -> BTreeSet<String> {
    attributes(html)
        .into_iter()
        .filter(|(n, _)| n == "id" || n == "name")
        .map(|(_, v)| v)
        .collect()
}

/// Where a link goes, seen from a page of this site.
#[derive(Debug, PartialEq)]
pub enum Target {
    /// A path on this host (query kept), and its fragment.
    Internal(String, Option<String>),
    /// Another host or scheme (`mailto:`…).
    External(String),
    /// `javascript:` — blocked by the CSP and never right.
    Script(String),
}

/// Resolves `link`, found on the page at `page` (a path), against `origin`.
pub fn resolve(origin: &str, page: &str, link: &str) -> Target {
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
