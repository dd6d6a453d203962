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
    let Ok(text) = std::str::from_utf8(bytes) else {
        return found;
    };
    let urls = if page.ends_with(".html") {
        html_resources(text)
    } else if page.ends_with(".css") {
        css_resources(text)
    } else {
        return found;
    };
    for (offset, url) in urls {
        let external =
            url.starts_with("//") || url.starts_with("http://") || url.starts_with("https://");
        let own = !own_origin.is_empty() && url.starts_with(own_origin);
        if external && !own && !allow.iter().any(|a| url.starts_with(a.as_str())) {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            found.push(External {
                page: page.to_string(),
                url: url.to_string(),
                line,
                column,
            });
        }
    }
    found
}

/// `(offset, url)` of every resource an HTML page loads.
fn html_resources(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find('<') {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        // Closing tags and tags without attributes load nothing (most tags of a page).
        if tag.starts_with("</") || !tag.as_bytes().contains(&b'=') && !tag.starts_with("<style") {
            from = end.max(start + 1);
            continue;
        }
        let name_len = tag[1..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        let name = &tag[1..1 + name_len];
        let attrs: &[&str] = match name {
            "script" | "img" | "iframe" | "source" | "video" | "audio" | "embed" | "track"
            | "input" | "frame" => &["src", "srcset", "poster", "data"],
            "object" => &["data"],
            "link" if !(tag.contains("alternate") || tag.contains("canonical")) => &["href"],
            _ => &[],
        };
        for attr in attrs {
            if let Some((offset, value)) = attribute(&lower, text, start, end, attr) {
                for part in value.split(',') {
                    let url = part.split_whitespace().next().unwrap_or("");
                    if !url.is_empty() {
                        out.push((offset, url));
                    }
                }
            }
        }
        let styled = tag.as_bytes().windows(5).any(|w| w == b"style");
        if let Some((offset, style)) = styled
            .then(|| attribute(&lower, text, start, end, "style"))
            .flatten()
        {
            out.extend(
                css_resources(style)
                    .into_iter()
                    .map(|(o, u)| (offset + o, u)),
            );
        }
        if name == "style" {
            let close = lower[end..]
                .find("</style")
                .map_or(lower.len(), |c| end + c);
            out.extend(
                css_resources(&text[end..close])
                    .into_iter()
                    .map(|(o, u)| (end + o, u)),
            );
        }
        from = end.max(start + 1);
    }
    out
}

/// Value of `name="…"` inside the tag `lower[start..end]` (case-insensitive name).
fn attribute<'a>(
    lower: &str,
    text: &'a str,
    start: usize,
    end: usize,
    name: &str,
) -> Option<(usize, &'a str)> {
    let tag = &lower[start..end];
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        let before = tag[..at].chars().next_back();
        let rest = tag[at + name.len()..].trim_start();
        if before.is_some_and(char::is_whitespace) && rest.starts_with('=') {
            let value_start =
                start + at + name.len() + (tag[at + name.len()..].len() - rest.len()) + 1;
            let value = &text[value_start..end];
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
            return Some((offset + usize::from(quote.is_some()), &body[..len]));
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
}
