//! The privacy check on the output: no script, stylesheet, image, frame, font or `url()`
//! may load from another origin (no third-party requests, no trackers). Links (`<a href>`)
//! to other sites are fine. An explicit allow-list in `site.toml [privacy]` can permit one.

use crate::render::OutputMap;

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

/// Whether `check_file` looks into a file at this output path (HTML and CSS only).
pub fn is_checked(page: &str) -> bool {
    page.ends_with(".html") || page.ends_with(".css")
}

/// The external resources of one output file (see [`check`]).
pub fn check_file(page: &str, bytes: &[u8], own_origin: &str, allow: &[String]) -> Vec<External> {
    let mut found = Vec::new();
    // An HTML page is read tag by tag, each checked for UTF-8 on its own (validating
    // whole pages was a tenth of the check); a style sheet as a whole.
    let urls = if page.ends_with(".html") {
        html_resources(bytes)
    } else if page.ends_with(".css")
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        css_resources(text)
    } else {
        return found;
    };
    for (offset, url) in urls {
        if reported(url, own_origin, allow) {
            let before = String::from_utf8_lossy(&bytes[..offset]);
            let position = crate::diagnostics::Position::of_offset(&before, before.len());
            found.push(External {
                page: page.to_string(),
                url: url.to_string(),
                line: position.line,
                column: position.column,
            });
        }
    }
    found
}

/// Whether `url` is a finding: external, not on the site's own origin (scheme and host
/// compared without regard to case, as browsers do) and not allowed.
fn reported(url: &str, own_origin: &str, allow: &[String]) -> bool {
    let own = !own_origin.is_empty()
        && url
            .get(..own_origin.len())
            .is_some_and(|u| u.eq_ignore_ascii_case(own_origin));
    is_external(url) && !own && !allow.iter().any(|a| url.starts_with(a.as_str()))
}

/// Whether a browser loads `url` from another host: `//host/…` or `http(s)://host/…`,
/// the scheme in any case and `\` for any of the slashes (browsers read it as `/`).
fn is_external(url: &str) -> bool {
    let bytes = url.as_bytes();
    let scheme = [&b"http:"[..], b"https:"]
        .iter()
        .find(|s| {
            bytes
                .get(..s.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(s))
        })
        .map_or(0, |s| s.len());
    let slash = |i: usize| matches!(bytes.get(i), Some(b'/' | b'\\'));
    slash(scheme) && slash(scheme + 1)
}

/// Tags whose `src`, `srcset`, `poster` or `data` loads something.
const LOADING_SOURCES: [&str; 10] = [
    "script", "img", "iframe", "source", "video", "audio", "embed", "track", "input", "frame",
];

/// `(offset, url)` of the resources an HTML page loads that can be external: those in
/// the tags around a `//` or a backslash (browsers read `\` as `/` in a web address),
/// which every URL [`is_external`] accepts has. Most pages have a handful of them, so
/// only a handful of their hundreds of tags are read. A page with a `<style` block is
/// read whole ([`all_html_resources`]), as its CSS is text between tags.
fn html_resources(bytes: &[u8]) -> Vec<(usize, &str)> {
    // Found by its `y`: a page has about seven times fewer of those than of `<`.
    let has_style_block = memchr::memchr2_iter(b'y', b'Y', bytes).any(|i| {
        i >= 3
            && bytes
                .get(i - 3..i + 3)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"<style"))
    });
    if has_style_block {
        return all_html_resources(bytes);
    }
    let mut hits: Vec<usize> = memchr::memmem::find_iter(bytes, b"//").collect();
    let slashes = hits.len();
    hits.extend(memchr::memchr_iter(b'\\', bytes));
    if hits.len() > slashes {
        hits.sort_unstable();
    }
    let mut out = Vec::new();
    let mut last_tag = None;
    for hit in hits {
        if let Some((start, end)) = tag_around(bytes, hit)
            && last_tag != Some(start)
        {
            last_tag = Some(start);
            tag_resources(bytes, start, end, &mut out);
        }
    }
    out
}

/// The tag (`<` to its first `>`, as [`all_html_resources`] cuts them) that holds byte
/// `at`, if any. It starts at the first `<` after the last `>` before `at`: a tag
/// ending at or before that `>` cannot reach `at`, and the tag read from the first `<`
/// after it ends at a `>`, which is at or after `at`.
fn tag_around(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let from = memchr::memrchr(b'>', &bytes[..at]).map_or(0, |g| g + 1);
    let start = from + memchr::memchr(b'<', &bytes[from..at])?;
    let end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e);
    Some((start, end))
}

/// `(offset, url)` of every resource an HTML page loads, read tag by tag.
fn all_html_resources(bytes: &[u8]) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', &bytes[from..]) {
        let start = from + i;
        let end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        from = end.max(start + 1);
        tag_resources(bytes, start, end, &mut out);
    }
    out
}

/// Adds the resources of the tag `bytes[start..end]` (and of the CSS after it, for a
/// `<style>` tag) to `out`.
///
/// Tag and attribute names are matched without regard to case; only the few tags that
/// can load something are lowercased (the page as a whole is not copied). A tag or style
/// block that is not UTF-8 is skipped.
fn tag_resources<'a>(bytes: &'a [u8], start: usize, end: usize, out: &mut Vec<(usize, &'a str)>) {
    let tag = &bytes[start..end];
    let name_len = tag[1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = &tag[1..1 + name_len];
    let is_style = name.eq_ignore_ascii_case(b"style");
    // Closing tags and tags without attributes load nothing (most tags of a page).
    if tag.get(1) == Some(&b'/') || memchr::memchr(b'=', tag).is_none() && !is_style {
        return;
    }
    let is = |wanted: &str| name.eq_ignore_ascii_case(wanted.as_bytes());
    let attrs: &[&str] = if LOADING_SOURCES.iter().any(|&t| is(t)) {
        &["src", "srcset", "poster", "data"]
    } else if is("object") {
        &["data"]
    } else if is("link") {
        &["href"]
    } else {
        &[]
    };
    let styled = memchr::memchr2_iter(b's', b'S', tag).any(|i| {
        tag[i..]
            .get(..5)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"style"))
    });
    if attrs.is_empty() && !styled && !is_style {
        return;
    }
    let Ok(text_tag) = std::str::from_utf8(tag) else {
        return;
    };
    let lower = text_tag.to_ascii_lowercase();
    // Feeds and canonical URLs are links, not resources.
    let not_loaded = is("link") && (lower.contains("alternate") || lower.contains("canonical"));
    for attr in attrs.iter().filter(|_| !not_loaded) {
        if let Some((offset, value)) = attribute(&lower, text_tag, start, attr) {
            for part in value.split(',') {
                let url = part.split_whitespace().next().unwrap_or("");
                if !url.is_empty() {
                    out.push((offset, url));
                }
            }
        }
    }
    if let Some((offset, style)) = styled
        .then(|| attribute(&lower, text_tag, start, "style"))
        .flatten()
    {
        out.extend(
            css_resources(style)
                .into_iter()
                .map(|(o, u)| (offset + o, u)),
        );
    }
    if is_style {
        let close = closing_style(bytes, end).unwrap_or(bytes.len());
        if let Ok(css) = std::str::from_utf8(&bytes[end..close]) {
            out.extend(css_resources(css).into_iter().map(|(o, u)| (end + o, u)));
        }
    }
}

/// Where `</style` (any case) starts at or after `from`.
fn closing_style(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(i) = memchr::memchr(b'<', &bytes[from..]) {
        let at = from + i;
        if bytes
            .get(at + 1..at + 7)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"/style"))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Value of `name="…"` inside `text` (a tag that starts at byte `start` of its page),
/// whose lowercase is `tag` (case-insensitive name; the value keeps its case), with its
/// offset in the page.
fn attribute<'a>(tag: &str, text: &'a str, start: usize, name: &str) -> Option<(usize, &'a str)> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        let before = tag[..at].chars().next_back();
        let rest = tag[at + name.len()..].trim_start();
        if before.is_some_and(char::is_whitespace) && rest.starts_with('=') {
            let value_start = at + name.len() + (tag[at + name.len()..].len() - rest.len()) + 1;
            let value = &text[value_start..];
            let trimmed = value.trim_start();
            let offset = value_start + (value.len() - trimmed.len());
            let (quote, body) = match trimmed.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &trimmed[1..]),
                _ => (None, trimmed),
            };
            let len = match quote {
                Some(q) => body.find(q).unwrap_or(body.len()),
                None => body.find(char::is_whitespace).unwrap_or(body.len()),
            };
            return Some((start + offset + usize::from(quote.is_some()), &body[..len]));
        }
        from = at + name.len();
    }
    None
}

/// `(offset, url)` of `url(…)` and `@import` in CSS.
fn css_resources(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for pattern in ["url(", "@import"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(pattern) {
            let at = from + i + pattern.len();
            let rest = &text[at..];
            let trimmed = rest.trim_start_matches([' ', '"', '\'']);
            let offset = at + (rest.len() - trimmed.len());
            let len = trimmed
                .find(['"', '\'', ')', ';', ' '])
                .unwrap_or(trimmed.len());
            if len > 0 {
                out.push((offset, &trimmed[..len]));
            }
            from = at;
        }
    }
    out
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
        assert_eq!((found[0].line, found[0].column), (2, 14));
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
        // The second tag is not UTF-8 itself and is skipped.
        assert_eq!(urls, ["https://t.example/p.gif"]);
        assert_eq!((found[0].line, found[0].column), (2, 11));
    }

    /// Page pieces that matter to the check: quotes, `<` and `>` inside values, style
    /// attributes, canonical links, URLs in any case, backslashes, non-ASCII text.
    const PIECES: [&str; 38] = [
        "<",
        ">",
        "</",
        "<img ",
        "<a ",
        "<link ",
        "<script ",
        "<div ",
        "<source ",
        "src=",
        "href=",
        "srcset=",
        "style=",
        "rel=\"canonical\" ",
        "\"",
        "'",
        " ",
        "\n",
        "//",
        "https://",
        "HTTP://",
        "HTTPS:",
        "/",
        "\\",
        "\\\\",
        "t.example/x.png",
        "example.org/",
        "url(",
        ")",
        ", ",
        "=",
        "x",
        "é",
        "<p>",
        "data=",
        "<style>",
        "</STYLE>",
        "y",
    ];

    fn findings(urls: Vec<(usize, &str)>) -> Vec<(usize, String)> {
        let allow = ["https://toegestaan.example/".to_string()];
        urls.into_iter()
            .filter(|(_, url)| reported(url, "https://example.org/", &allow))
            .map(|(offset, url)| (offset, url.to_string()))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000, failure_persistence: None, ..Default::default()
        })]
        /// Reading only the tags around `//` and backslashes finds what reading every
        /// tag finds.
        #[test]
        fn the_tags_around_slashes_hold_every_finding(
            picks in proptest::collection::vec(0..PIECES.len(), 0..60)
        ) {
            let page: String = picks.iter().map(|&i| PIECES[i]).collect();
            proptest::prop_assert_eq!(
                findings(html_resources(page.as_bytes())),
                findings(all_html_resources(page.as_bytes())),
                "{:?}", page
            );
        }
    }
}
