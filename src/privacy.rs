//! The privacy check on the output: no script, stylesheet, image, frame, font, `url()`,
//! ping or refresh may reach another origin (no third-party requests, no trackers).
//! Links (`<a href>`) to other sites are fine. An explicit allow-list in `site.toml
//! [privacy]` can permit one.
//!
//! Every HTML page (templates and static HTML as much as content) is read with the
//! browser's tokenizer from [`crate::html_policy`], so entities, `<img/src=…>`, `>`
//! inside quoted values and raw-text elements are read as a browser reads them; CSS
//! (style sheets, `<style>` blocks and `style` attributes) with its escapes and
//! comments decoded; URLs with the browser's rules for schemes, tabs and backslashes.

use crate::html_policy::{self, Ev, Listener};
use crate::output::OutputMap;

/// One resource the output loads from another origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct External {
    /// Output path, such as `verhalen/x/index.html`.
    pub page: String,
    pub url: String,
    /// 1-based line and column in the output file.
    pub line: usize,
    pub column: usize,
}

/// Every external resource in the output, except those whose URL starts with an entry
/// of `allow` or with the site's own `base_url` origin.
pub fn check(output: &OutputMap, own_origin: &str, allow: &[String]) -> Vec<External> {
    output
        .iter()
        .flat_map(|(page, bytes)| check_file(page, bytes, own_origin, allow))
        .collect()
}

/// Whether `check_file` looks into a file at this output path (HTML, SVG and CSS).
pub fn is_checked(page: &str) -> bool {
    page.ends_with(".html") || page.ends_with(".css") || page.ends_with(".svg")
}

/// The external resources of one output file (see [`check`]).
pub fn check_file(page: &str, bytes: &[u8], own_origin: &str, allow: &[String]) -> Vec<External> {
    check_file_with(page, bytes, own_origin, allow, None)
}

/// [`check_file`], with `listener` hearing every event of an HTML page's tokenizer run
/// (the output link check reads the page in the same run).
pub fn check_file_with(
    page: &str,
    bytes: &[u8],
    own_origin: &str,
    allow: &[String],
    listener: Option<&mut dyn Listener>,
) -> Vec<External> {
    let mut found = Vec::new();
    if !is_checked(page) {
        return found;
    }
    // Bytes that are not UTF-8 are read as browsers read them: replaced, the rest kept
    // (std's check first: the lossy reader is several times slower on valid pages).
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    let urls = if page.ends_with(".css") {
        html_policy::css_urls(&text)
    } else {
        html_resources(&text, listener)
    };
    let mut positions = crate::diagnostics::Positions::new(&text);
    for (offset, url) in urls {
        if reported(&url, own_origin, allow) {
            let position = positions.at(offset);
            found.push(External {
                page: page.to_string(),
                url,
                line: position.line,
                column: position.column,
            });
        }
    }
    found
}

/// Whether `url` is a finding: it loads from another host ([`html_policy::is_network_url`]),
/// not from the site's own origin (scheme and host compared without regard to case, as
/// browsers do), and is not allowed.
fn reported(url: &str, own_origin: &str, allow: &[String]) -> bool {
    // Read once as a browser reads it (spaces, tabs, backslashes).
    let normal = html_policy::normalise_url(url);
    if !html_policy::loads_from_network(&normal) {
        return false;
    }
    let own = !own_origin.is_empty()
        && normal
            .get(..own_origin.len())
            .is_some_and(|u| u.eq_ignore_ascii_case(own_origin));
    !own && !allow.iter().any(|a| normal.starts_with(a.as_str()))
}

/// `rel` values of `<link>` that only name another page: nothing is fetched for them.
const LINK_ONLY: [&str; 14] = [
    "alternate",
    "author",
    "bookmark",
    "canonical",
    "external",
    "help",
    "license",
    "me",
    "next",
    "nofollow",
    "noopener",
    "noreferrer",
    "prev",
    "search",
];

/// The attributes of the start tag being read that may load something.
#[derive(Default)]
struct Tag {
    name: String,
    /// `(name, value, offset)` of the attributes that matter.
    attributes: Vec<(String, String, usize)>,
}

impl Tag {
    fn get(&self, name: &str) -> Option<(&str, usize)> {
        self.attributes
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, at)| (v.as_str(), *at))
    }
}

/// Attributes that can hold a URL a browser loads, or decide whether one is loaded.
const WATCHED: [&str; 13] = [
    "src",
    "srcset",
    "poster",
    "data",
    "href",
    "xlink:href",
    "background",
    "ping",
    "style",
    "rel",
    "http-equiv",
    "content",
    "srcdoc",
];

/// Whether an attribute can load something or decide whether something is loaded: an
/// `href` only on the elements [`href_loads`] may fetch it for (not the many `<a>`).
fn watched(tag: &str, attribute: &str) -> bool {
    match attribute {
        "href" | "xlink:href" => matches!(
            tag,
            "link" | "base" | "image" | "use" | "feimage" | "script"
        ),
        other => WATCHED.contains(&other),
    }
}

/// `(offset, url)` of every URL an HTML page (or SVG image) may load, read tag by tag;
/// `listener` hears the same events.
fn html_resources(html: &str, mut listener: Option<&mut dyn Listener>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut tag = Tag::default();
    // The text of the `<style>` block being read, and where it starts.
    let mut style: Option<(String, usize)> = None;
    let also = listener.as_ref().map(|l| l.wanted());
    let wanted = |name: &str, attribute: &str| {
        watched(name, attribute) || also.is_some_and(|also| also(name, attribute))
    };
    html_policy::scan_attributes(html, &wanted, |event| {
        if let Some(listener) = listener.as_mut() {
            listener.event(&event);
        }
        resource_event(event, &mut tag, &mut style, &mut out);
    });
    if let Some((css, start)) = style.take() {
        style_resources(&css, start, &mut out);
    }
    out
}

/// One event of [`html_resources`]'s run: the tag being read, a `<style>` block's text,
/// and the URLs found so far.
fn resource_event(
    event: Ev<'_>,
    tag: &mut Tag,
    style: &mut Option<(String, usize)>,
    out: &mut Vec<(usize, String)>,
) {
    match event {
        Ev::Open { name, .. } => {
            tag.name.clear();
            tag.name.push_str(name);
            tag.attributes.clear();
        }
        // Only what this check watches (a listener may want more).
        Ev::Attribute { name, value, at } if watched(&tag.name, name) => {
            tag.attributes
                .push((name.to_string(), value.to_string(), at));
        }
        Ev::CloseStart => {
            tag_resources(tag, out);
            if tag.name == "style" {
                *style = Some((String::new(), 0));
            }
        }
        Ev::Text { text, at } => {
            if let Some((css, start)) = style.as_mut() {
                if css.is_empty() {
                    *start = at;
                }
                css.push_str(&String::from_utf8_lossy(text));
            }
        }
        Ev::Close { name: "style", .. } => {
            if let Some((css, start)) = style.take() {
                style_resources(&css, start, out);
            }
        }
        _ => {}
    }
}

/// The URLs of a `<style>` block: its CSS, and (inside SVG a `<style>` holds markup,
/// not text) the tags in it.
fn style_resources(css: &str, start: usize, out: &mut Vec<(usize, String)>) {
    let from_css = html_policy::css_urls(css);
    if css.contains('<') {
        // A URL both readings find is one finding.
        let markup = html_resources(css, None);
        out.extend(
            markup
                .into_iter()
                .filter(|(_, u)| !from_css.iter().any(|(_, c)| c == u))
                .map(|(o, u)| (start + o, u)),
        );
    }
    out.extend(from_css.into_iter().map(|(o, u)| (start + o, u)));
}

/// The URLs one start tag loads.
fn tag_resources(tag: &Tag, out: &mut Vec<(usize, String)>) {
    for (name, value, at) in &tag.attributes {
        let at = *at;
        match name.as_str() {
            "src" | "poster" | "data" | "background" => out.push((at, value.clone())),
            "srcset" => {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        out.push((at, url.to_string()));
                    }
                }
            }
            "ping" => out.extend(value.split_whitespace().map(|u| (at, u.to_string()))),
            "href" | "xlink:href" if href_loads(tag) => out.push((at, value.clone())),
            "style" => out.extend(
                html_policy::css_urls(value)
                    .into_iter()
                    .map(|(_, u)| (at, u)),
            ),
            "srcdoc" => out.extend(
                html_resources(value, None)
                    .into_iter()
                    .map(|(_, u)| (at, u)),
            ),
            "content" => {
                let refresh = tag
                    .get("http-equiv")
                    .is_some_and(|(v, _)| v.trim().eq_ignore_ascii_case("refresh"));
                if refresh && let Some(url) = refresh_url(value) {
                    out.push((at, url));
                }
            }
            _ => {}
        }
    }
}

/// Whether the `href` of this tag is fetched: `<base>` (every relative URL of the page
/// then loads from there), SVG's `<image>`, `<use>`, `<feImage>` and `<script>`, and a
/// `<link>` unless its `rel` only names another page (a feed, the canonical URL).
fn href_loads(tag: &Tag) -> bool {
    match tag.name.as_str() {
        "base" | "image" | "use" | "feimage" | "script" => true,
        "link" => {
            let rel = tag.get("rel").map_or("", |(v, _)| v).to_ascii_lowercase();
            rel.split_whitespace().any(|r| !LINK_ONLY.contains(&r)) || rel.trim().is_empty()
        }
        _ => false,
    }
}

/// The URL of `<meta http-equiv="refresh" content="5; url=…">` as browsers read it
/// (`url=` may be left out, and the URL may be quoted).
fn refresh_url(content: &str) -> Option<String> {
    let rest = content.trim_start();
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let rest = rest.trim_start();
    let rest = rest.strip_prefix([';', ','])?.trim_start();
    let rest = match rest.get(..3) {
        Some(u) if u.eq_ignore_ascii_case("url") => {
            let after = rest[3..].trim_start();
            after.strip_prefix('=').map_or(rest, str::trim_start)
        }
        _ => rest,
    };
    let url = rest.trim_matches(|c| c == '"' || c == '\'' || c == ' ');
    (!url.is_empty()).then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(files: &[(&str, &str)]) -> OutputMap {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().into()))
            .collect()
    }

    #[test]
    fn finds_external_resources_but_not_links() {
        let out = map(&[
            (
                "a/index.html",
                "<html>\n<script src=\"https://cdn.example/x.js\"></script>\n<a href=\"https://elders.nl/\">x</a>\n\
                 <img SRC='//tracker.example/p.gif'><link rel=\"alternate\" href=\"https://feeds.example/\">\n\
                 <link rel=\"stylesheet\" href=\"/css/a.css\"><img src=\"https://example.org/own.png\"></html>",
            ),
            (
                "css/a.css",
                "body { background: url(\"https://fonts.example/f.woff\"); }\n@import 'https://x.example/y.css';",
            ),
        ]);
        let found = check(&out, "https://example.org/", &[]);
        let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://cdn.example/x.js",
                "//tracker.example/p.gif",
                "https://fonts.example/f.woff",
                "https://x.example/y.css"
            ]
        );
        assert_eq!((found[0].line, found[0].column), (2, 9));
        let allowed = check(
            &out,
            "https://example.org/",
            &["https://cdn.example/".to_string()],
        );
        assert_eq!(allowed.len(), 3);
    }

    #[test]
    fn style_blocks_and_style_attributes_are_checked() {
        let out = map(&[(
            "b/index.html",
            "<p>tekst</p><STYLE>body { background: url(//t.example/b.png) }</STYLE>\n\
             <div class=\"x\" style=\"background: url('https://x.example/a.png')\"></div><br>",
        )]);
        let found = check(&out, "https://example.org/", &[]);
        let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, ["//t.example/b.png", "https://x.example/a.png"]);
    }

    #[test]
    fn names_match_in_any_case_and_values_keep_theirs() {
        let out = map(&[(
            "c/index.html",
            "<Script SRC=\"https://Cdn.example/A.js\"></Script>\
             <LINK REL=\"Canonical\" HREF=\"https://elders.example/\">\
             <Link rel=\"stylesheet\" Href=\"https://fonts.example/F.css\">\
             <style media=\"screen\">p { background: url(https://s.example/x.png) }</STYLE>\
             <p>url(https://tekst.example/niet.png)</p>\
             <Img alt=\"\" srcset=\"https://a.example/1.png 1x, /eigen.png 2x\">",
        )]);
        let found = check(&out, "https://example.org/", &[]);
        let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://Cdn.example/A.js",
                "https://fonts.example/F.css",
                "https://s.example/x.png",
                "https://a.example/1.png"
            ]
        );
    }

    #[test]
    fn schemes_in_any_case_and_backslashes_are_external() {
        let page = "<img src=\"HTTPS://t.example/a.gif\"><script src=\"\\\\u.example/x.js\">\
                    </script><img src=\"https:\\\\v.example/p.gif\"><img src=\"Https://Example.org/eigen.png\">\
                    <img src=\"/pad//met/dubbele/streep.png\"><a href=\"HTTP://elders.example/\">x</a>";
        let found = check_file("e/index.html", page.as_bytes(), "https://example.org/", &[]);
        let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "HTTPS://t.example/a.gif",
                "\\\\u.example/x.js",
                "https:\\\\v.example/p.gif"
            ]
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_do_not_hide_the_rest_of_a_page() {
        let mut page = b"<p>caf\xe9</p>\n<img src=\"https://t.example/p.gif\">".to_vec();
        page.extend_from_slice(b"<img src=\"https://u.example/\xff.gif\">");
        let found = check_file("d/index.html", &page, "https://example.org/", &[]);
        let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
        // Bytes that are not UTF-8 are replaced, as browsers do; nothing is skipped.
        assert_eq!(
            urls,
            ["https://t.example/p.gif", "https://u.example/\u{FFFD}.gif"]
        );
        assert_eq!((found[0].line, found[0].column), (2, 6));
    }

    /// Each way past the earlier byte-matching check, found when it was tried as an
    /// attacker would (issue 18), and a few more.
    #[test]
    fn what_browsers_load_is_found_however_it_is_written() {
        let cases = [
            (
                "<img src=\"https&#58;//t.example/a.png\">",
                "https://t.example/a.png",
            ),
            ("<img src=\"http:t.example/a.png\">", "http:t.example/a.png"),
            (
                "<img alt=\"a src=x>\" src=\"https://t.example/b.png\">",
                "https://t.example/b.png",
            ),
            (
                "<div><img/src=\"//t.example/c.png\"></div>",
                "//t.example/c.png",
            ),
            (
                "<table background=\"//t.example/d.png\"></table>",
                "//t.example/d.png",
            ),
            (
                "<svg><image href=\"https://t.example/e.png\"/></svg>",
                "https://t.example/e.png",
            ),
            (
                "<svg><use xlink:href=\"https://t.example/f.svg#x\"/></svg>",
                "https://t.example/f.svg#x",
            ),
            (
                "<p style=\"background:URL(//t.example/g.png)\">",
                "//t.example/g.png",
            ),
            (
                "<p style=\"background-image:image-set('//t.example/h.png' 1x)\">",
                "//t.example/h.png",
            ),
            (
                "<img src=\"ht\ttps://t.example/i.png\">",
                "ht\ttps://t.example/i.png",
            ),
            (
                "<a href=\"/\" ping=\"https://t.example/j\">x</a>",
                "https://t.example/j",
            ),
            (
                "<meta http-equiv=\"refresh\" content=\"0; url=https://t.example/k\">",
                "https://t.example/k",
            ),
            (
                "<META HTTP-EQUIV=Refresh CONTENT=\"1;'//t.example/l'\">",
                "//t.example/l",
            ),
            ("<base href=\"https://t.example/\">", "https://t.example/"),
            (
                "<iframe srcdoc=\"&lt;img src=//t.example/m.png&gt;\"></iframe>",
                "//t.example/m.png",
            ),
            (
                "<p style=\"background:u\\72l(//t.example/n.png)\">",
                "//t.example/n.png",
            ),
            (
                "<link rel=\"alternate stylesheet\" href=\"//t.example/o.css\">",
                "//t.example/o.css",
            ),
            (
                "<link rel=icon href=\"https://t.example/p.ico\">",
                "https://t.example/p.ico",
            ),
            (
                "<svg><style><img src=\"//t.example/q.png\"></style></svg>",
                "//t.example/q.png",
            ),
            (
                "<video poster=\"&#x2F;&#x2F;t.example/r.png\"></video>",
                "//t.example/r.png",
            ),
        ];
        for (page, url) in cases {
            let found = check_file("x/index.html", page.as_bytes(), "https://example.org/", &[]);
            let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
            assert_eq!(urls, [url], "{page}");
        }
    }

    #[test]
    fn links_text_and_the_own_origin_are_not_findings() {
        for page in [
            "<a href=\"https://elders.example/\">x</a>",
            "<p>https://tekst.example/ en url(//t.example/x)</p>",
            "<link rel=\"canonical\" href=\"https://example.org/x/\">",
            "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"https://feeds.example/\">",
            "<img src=\"https://EXAMPLE.org/eigen.png\">",
            "<img src=\"/pad//met/dubbele/streep.png\">",
            "<script type=\"application/ld+json\">{\"url\": \"https://elders.example/\"}</script>",
            "<img src=\"https://example.org.evil.example/x.png\" hidden>",
        ] {
            let found = check_file("x/index.html", page.as_bytes(), "https://example.org/", &[]);
            let expected = usize::from(page.contains("evil"));
            assert_eq!(found.len(), expected, "{page}: {found:?}");
        }
    }

    #[test]
    fn svg_files_are_checked() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://t.example/a.png\"/></svg>";
        let found = check_file("img/x.svg", svg.as_bytes(), "https://example.org/", &[]);
        assert_eq!(found.len(), 1);
    }
}
