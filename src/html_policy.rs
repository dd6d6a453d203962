//! The raw-HTML policy of content, and how a browser reads a URL.
//!
//! Content comes from many editors and is reviewed in rendered form, so by default a
//! Markdown body may carry only a small allow-list of harmless inline HTML
//! ([`ALLOWED_TAGS`]) with a few attributes, and links only with safe schemes. This
//! module is the one place that says what is allowed; `markdown` asks it for every
//! HTML fragment and URL of a body, and `privacy` asks it whether a URL in the output
//! loads from another origin. HTML is read with a WHATWG tokenizer (html5gum: entities
//! decoded, attribute values and tag names as a browser sees them), never by matching.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};

/// Elements a body may contain as raw HTML, each for a reason Markdown has no syntax for:
/// `abbr` (explained abbreviations, WCAG 3.1.4), `span`/`q`/`cite`/`dfn` with `lang`
/// (a part in another language, WCAG 3.1.2), `sub`/`sup` (m², footnote-like marks),
/// `kbd`/`samp`/`var` (the editors' guide), `br`/`wbr` (addresses; where a long Dutch
/// compound may break), `details`/`summary` (an expandable section), `mark`, `small`,
/// `s`/`del`/`ins`/`time` (corrections, dates), and the emphasis tags editors paste.
/// None of them loads anything, runs anything or takes a URL.
pub const ALLOWED_TAGS: [&str; 24] = [
    "abbr", "b", "br", "cite", "del", "details", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "time", "var", "wbr",
];

/// Attributes any allowed element may have.
pub const GLOBAL_ATTRIBUTES: [&str; 3] = ["title", "lang", "dir"];

/// Attributes only some allowed elements may have.
fn tag_attribute(tag: &str, attribute: &str) -> bool {
    matches!(
        (tag, attribute),
        ("details", "open") | ("time" | "del" | "ins", "datetime")
    )
}

/// Schemes a link in content may use (besides relative and fragment links).
pub const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];
/// Schemes an image in content may use (besides relative paths).
pub const IMAGE_SCHEMES: [&str; 2] = ["http", "https"];

/// What is wrong with one piece of raw HTML in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlProblem {
    /// An element outside [`ALLOWED_TAGS`] (or a doctype, `<?…>`, CDATA: `what` says).
    Element { name: String },
    /// An attribute the element may not have (event handlers, `style`, URLs, ids).
    Attribute { element: String, name: String },
}

/// One problem and its byte offset in the fragment that was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlFinding {
    pub offset: usize,
    pub problem: HtmlProblem,
}

/// The problems of an HTML fragment from a body (an HTML block or an inline tag), in
/// order. End tags of elements that are not allowed are reported unless their start
/// tag was (`reported` holds the names already reported in this body).
pub fn check_fragment(fragment: &str, reported: &mut Vec<String>) -> Vec<HtmlFinding> {
    let mut findings = Vec::new();
    let mut tag = String::new();
    let mut tag_start = 0;
    let mut tag_bad = false;
    let element = |name: &str, at: usize, findings: &mut Vec<HtmlFinding>| {
        findings.push(HtmlFinding {
            offset: at,
            problem: HtmlProblem::Element {
                name: name.to_string(),
            },
        });
    };
    scan(fragment, |event| match event {
        Ev::Open { name, at } => {
            tag.clear();
            tag.push_str(name);
            tag_start = at;
            tag_bad = !ALLOWED_TAGS.contains(&name);
            if tag_bad {
                if !reported.iter().any(|r| r == name) {
                    reported.push(name.to_string());
                }
                element(name, at, &mut findings);
            }
        }
        Ev::Attribute { name, at, .. }
            if !tag_bad && !GLOBAL_ATTRIBUTES.contains(&name) && !tag_attribute(&tag, name) =>
        {
            findings.push(HtmlFinding {
                offset: at.max(tag_start),
                problem: HtmlProblem::Attribute {
                    element: tag.clone(),
                    name: name.to_string(),
                },
            });
        }
        Ev::Close { name, at }
            if !ALLOWED_TAGS.contains(&name) && !reported.iter().any(|r| r == name) =>
        {
            reported.push(name.to_string());
            element(name, at, &mut findings);
        }
        Ev::Doctype { at } => element("!DOCTYPE", at, &mut findings),
        Ev::Bogus { what, at } => element(what, at, &mut findings),
        _ => {}
    });
    findings
}

/// An event of the tokenizer, with byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ev<'a> {
    /// A start tag opens (its name lowercased, as the tokenizer does).
    Open {
        name: &'a str,
        at: usize,
    },
    /// One attribute of the open tag (name lowercased), its value with entities decoded.
    Attribute {
        name: &'a str,
        value: &'a str,
        at: usize,
    },
    /// The start tag is complete.
    CloseStart,
    /// An end tag.
    Close {
        name: &'a str,
        at: usize,
    },
    /// A piece of text (inside `<style>` or `<script>`, of their raw contents), as bytes:
    /// most readers skip text, and checking it as UTF-8 was a tenth of a page's scan.
    Text {
        text: &'a [u8],
        at: usize,
    },
    Doctype {
        at: usize,
    },
    /// `<?…>` or `<![CDATA[…]]>`, which HTML reads as a bogus comment (so do we), but
    /// which mean something else to XML readers and editors.
    Bogus {
        what: &'static str,
        at: usize,
    },
}

/// Calls `f` with every event of an HTML text, as a browser's tokenizer sees it (the
/// raw-text elements `script`, `style`, `textarea`, `title`, `iframe`, … switch states
/// as in a browser). Nothing is copied but attribute values with entities in them.
pub fn scan(html: &str, f: impl FnMut(Ev<'_>)) {
    scan_attributes(html, &|_, _| true, f);
}

/// [`scan`], giving only the attributes for which `wanted(tag, attribute)` holds: the
/// others' values are not even copied (most of a page's attributes, for the privacy
/// check).
pub fn scan_attributes(html: &str, wanted: &dyn Fn(&str, &str) -> bool, mut f: impl FnMut(Ev<'_>)) {
    /// The attribute being read: name, value (decoded), offset.
    #[derive(Default)]
    struct Attribute {
        open: bool,
        name: String,
        value: String,
        at: usize,
    }
    // std's check first: the lossy reader is several times slower on valid text.
    fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
        match std::str::from_utf8(bytes) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        }
    }
    let mut attribute = Attribute::default();
    let mut tag = String::new();
    let flush = |attribute: &mut Attribute, f: &mut dyn FnMut(Ev<'_>)| {
        if attribute.open {
            attribute.open = false;
            f(Ev::Attribute {
                name: &attribute.name,
                value: &attribute.value,
                at: attribute.at,
            });
        }
    };
    let mut emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, span: Span<usize>| -> Option<std::convert::Infallible> {
            let f: &mut dyn FnMut(Ev<'_>) = &mut f;
            match event {
                CallbackEvent::OpenStartTag { name } => {
                    flush(&mut attribute, f);
                    tag.clear();
                    tag.push_str(&text(name));
                    f(Ev::Open {
                        name: &tag,
                        at: span.start,
                    });
                }
                CallbackEvent::AttributeName { name } => {
                    flush(&mut attribute, f);
                    let name = text(name);
                    attribute.open = wanted(&tag, &name);
                    if !attribute.open {
                        return None;
                    }
                    attribute.name.clear();
                    attribute.name.push_str(&name);
                    attribute.value.clear();
                    attribute.at = span.start;
                }
                CallbackEvent::AttributeValue { value } => {
                    if attribute.open {
                        attribute.value.push_str(&text(value));
                    }
                }
                CallbackEvent::CloseStartTag { .. } => {
                    flush(&mut attribute, f);
                    f(Ev::CloseStart);
                }
                CallbackEvent::EndTag { name } => {
                    flush(&mut attribute, f);
                    f(Ev::Close {
                        name: &text(name),
                        at: span.start,
                    });
                }
                CallbackEvent::String { value } => {
                    flush(&mut attribute, f);
                    f(Ev::Text {
                        text: value,
                        at: span.start,
                    });
                }
                CallbackEvent::Comment { .. } => {
                    flush(&mut attribute, f);
                    let raw = html.get(span.start..).unwrap_or("");
                    if raw.starts_with("<?") {
                        f(Ev::Bogus {
                            what: "<?…?>",
                            at: span.start,
                        });
                    } else if raw.starts_with("<![") {
                        f(Ev::Bogus {
                            what: "<![CDATA[…]]>",
                            at: span.start,
                        });
                    }
                }
                CallbackEvent::Doctype { .. } => {
                    flush(&mut attribute, f);
                    f(Ev::Doctype { at: span.start });
                }
                CallbackEvent::Error(_) => {}
            }
            None
        },
    );
    emitter.naively_switch_states(true);
    let emitter = Quiet(emitter);
    // The callback yields no tokens (and the string reader cannot fail): running the
    // tokenizer to its end is all there is to do.
    Tokenizer::new_with_emitter(html, emitter).for_each(drop);
}

/// A second reader of one tokenizer run (the output link check listens while the
/// privacy check reads a page, so a page is tokenized once).
pub trait Listener {
    /// The attributes it reads, as a plain function: it is asked while the events flow
    /// to [`Listener::event`].
    fn wanted(&self) -> fn(&str, &str) -> bool;
    /// Every event of the text, in order.
    fn event(&mut self, event: &Ev<'_>);
}

/// [`scan`] for a listener alone.
pub fn scan_listening(html: &str, listener: &mut dyn Listener) {
    let wanted = listener.wanted();
    scan_attributes(html, &wanted, |event| listener.event(&event));
}

/// An emitter that asks the tokenizer for no parse errors: it then skips validating every
/// character for them (a quarter of a page's scan), which no reader here uses.
struct Quiet<E>(E);

impl<E: Emitter> ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// A URL as a browser's URL parser reads it before looking at its scheme: leading and
/// trailing spaces and control characters dropped, tabs and newlines anywhere removed,
/// backslashes read as slashes.
pub fn normalise_url(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect()
}

/// The scheme of a (normalised) URL, lowercased; `None` for a relative URL.
pub fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| candidate.to_ascii_lowercase())
}

/// Whether a link or image URL written in content has a scheme it may use: none
/// (relative, `/path`, `#anchor`, `?query`) or one of `allowed`. Returns the scheme
/// that is refused.
pub fn refused_scheme(url: &str, allowed: &[&str]) -> Option<String> {
    let url = normalise_url(url);
    scheme(&url).filter(|s| !allowed.contains(&s.as_str()))
}

/// Whether a browser that loads `url` would go to another host: `//host/…`, or a
/// network scheme (`http:`, `https:`, `ftp:`, `ws:`, `wss:`; `http:host/…` needs no
/// slashes on a page served over the other scheme). Spaces, tabs and newlines inside,
/// and backslashes for slashes, are read as browsers read them.
pub fn is_network_url(url: &str) -> bool {
    loads_from_network(&normalise_url(url))
}

/// [`is_network_url`] of a URL already read by [`normalise_url`].
pub fn loads_from_network(normal: &str) -> bool {
    normal.starts_with("//")
        || scheme(normal)
            .is_some_and(|s| matches!(s.as_str(), "http" | "https" | "ftp" | "ws" | "wss"))
}

/// The URLs in CSS text that a browser may load: the argument of every `url(…)` and
/// every quoted string (`image-set("…")`, `@import "…"`), after comments are removed
/// and CSS escapes decoded (`u\72l(` is `url(`). Offsets are into `css`, approximate
/// after an escape.
pub fn css_urls(css: &str) -> Vec<(usize, String)> {
    let (text, origins) = css_decoded(css);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let lower_at = |i: usize, word: &str| {
        word.chars().enumerate().all(|(k, w)| {
            chars
                .get(i + k)
                .is_some_and(|c| c.to_ascii_lowercase() == w)
        })
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' {
            let start = i;
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != c {
                s.push(chars[i]);
                i += 1;
            }
            out.push((origins[start], s));
            i += 1;
            continue;
        }
        if lower_at(i, "url(") {
            let start = i;
            i += 4;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                continue; // a quoted argument is read as a string
            }
            let mut s = String::new();
            while i < chars.len() && chars[i] != ')' {
                s.push(chars[i]);
                i += 1;
            }
            out.push((origins[start], s.trim().to_string()));
            continue;
        }
        i += 1;
    }
    out
}

/// CSS text without comments and with escapes decoded, and for each character of the
/// result its byte offset in the original.
fn css_decoded(css: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(css.len());
    let mut origins = Vec::with_capacity(css.len());
    let bytes = css.as_bytes();
    let mut i = 0;
    while i < css.len() {
        if css[i..].starts_with("/*") {
            // A comment separates tokens: `u/**/rl(` is not `url(`.
            out.push(' ');
            origins.push(i);
            i = css[i + 2..].find("*/").map_or(css.len(), |e| i + 2 + e + 2);
            continue;
        }
        let Some(c) = css[i..].chars().next() else {
            break;
        };
        if c == '\\' {
            let hex: String = css[i + 1..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .take(6)
                .collect();
            if !hex.is_empty() {
                let mut end = i + 1 + hex.len();
                if bytes.get(end).is_some_and(|b| b.is_ascii_whitespace()) {
                    end += 1;
                }
                let decoded = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                out.push(decoded);
                origins.push(i);
                i = end;
                continue;
            }
            if let Some(next) = css[i + 1..].chars().next() {
                if next != '\n' {
                    out.push(next);
                    origins.push(i);
                }
                i += 1 + next.len_utf8();
                continue;
            }
        }
        out.push(c);
        origins.push(i);
        i += c.len_utf8();
    }
    // `css_urls` indexes `origins` by character.
    (out, origins)
}

/// Control characters (U+0000–U+001F but tab, newline and carriage return) in a text,
/// with their byte offsets: invisible, and in a body able to forge verteller's own link
/// placeholders.
pub fn control_characters(text: &str) -> Vec<(usize, char)> {
    // Bytes below 0x20 are whole characters in UTF-8: a byte scan finds them all.
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r'))
        .map(|(i, b)| (i, char::from(b)))
        .collect()
}

/// Joins a relative path (as written in a link or an image, percent-encoded) to a folder
/// (`/`-separated), folding `.` and `..` as a browser does, and decodes it. Going above
/// the folder's root keeps a leading `..`, so a caller can tell (a link stays broken, an
/// image is not looked for).
pub fn join_path(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            // Above `content/` stays above it, however many `..` follow.
            ".." if parts.last().is_none_or(|p| *p == "..") => parts.push(".."),
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    percent_decode(&joined).into_owned()
}

/// `%20` → ` `, as a browser reads a URL's path (invalid escapes and non-UTF-8 results
/// stay as written). Editors (and GitHub) write spaces in links as `%20`.
pub fn percent_decode(s: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if memchr::memchr(b'%', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map_or(Cow::Borrowed(s), Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(html: &str) -> Vec<HtmlProblem> {
        check_fragment(html, &mut Vec::new())
            .into_iter()
            .map(|f| f.problem)
            .collect()
    }

    #[test]
    fn allowed_html_passes() {
        for html in [
            "<abbr title=\"Wet maatschappelijke ondersteuning\">Wmo</abbr>",
            "<span lang=\"fy\">Goeie</span>",
            "<details open><summary>Meer</summary>",
            "m<sup>2</sup>",
            "<br>",
            "<br/>",
            "<!-- notitie voor de redactie -->",
            "<KBD>Ctrl</KBD>",
            "</details>",
        ] {
            assert_eq!(problems(html), [], "{html}");
        }
    }

    #[test]
    fn elements_and_attributes_outside_the_list_are_found() {
        assert_eq!(
            problems("<script>alert(1)</script>"),
            [HtmlProblem::Element {
                name: "script".into()
            }]
        );
        assert_eq!(
            problems("<abbr title=x onmouseover=alert(1)>"),
            [HtmlProblem::Attribute {
                element: "abbr".into(),
                name: "onmouseover".into()
            }]
        );
        assert_eq!(
            problems("<span style=\"color:red\" class=x>"),
            [
                HtmlProblem::Attribute {
                    element: "span".into(),
                    name: "style".into()
                },
                HtmlProblem::Attribute {
                    element: "span".into(),
                    name: "class".into()
                }
            ]
        );
        // The tokenizer reads `<img/src=x>` as a browser does.
        assert_eq!(
            problems("<img/src=x onerror=alert(1)>"),
            [HtmlProblem::Element { name: "img".into() }]
        );
        // A lone end tag of an element that is not allowed is reported too, once.
        assert_eq!(
            problems("</div></div>"),
            [HtmlProblem::Element { name: "div".into() }]
        );
        assert_eq!(
            problems("<?php echo 1 ?>"),
            [HtmlProblem::Element {
                name: "<?…?>".into()
            }]
        );
    }

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " \tjava\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
        ] {
            assert!(refused_scheme(url, &LINK_SCHEMES).is_some(), "{url:?}");
        }
        for url in [
            "https://wetten.overheid.nl/",
            "HTTPS://x.nl",
            "mailto:a@b.nl",
            "tel:+31201234567",
            "/verhalen/x/",
            "../x.md#kop",
            "#kop",
            "?q=1",
            "x.md",
            "pad/met:dubbelepunt",
        ] {
            assert_eq!(refused_scheme(url, &LINK_SCHEMES), None, "{url:?}");
        }
    }

    #[test]
    fn network_urls_as_browsers_read_them() {
        for url in [
            "//evil.example/x.png",
            "\\\\evil.example/x.png",
            "/\\evil.example/x.png",
            "http:evil.example/x.png",
            "HtTpS://evil.example",
            "ht\ttps://evil.example",
            " https://evil.example",
            "wss://evil.example",
        ] {
            assert!(is_network_url(url), "{url:?}");
        }
        for url in [
            "/img/a.png",
            "img/a.png",
            "data:image/png;base64,AA",
            "#x",
            "",
        ] {
            assert!(!is_network_url(url), "{url:?}");
        }
    }

    #[test]
    fn css_urls_are_found_through_escapes_and_comments() {
        let urls =
            |css: &str| -> Vec<String> { css_urls(css).into_iter().map(|(_, u)| u).collect() };
        assert_eq!(urls("a{background:url(//x/a.png)}"), ["//x/a.png"]);
        assert_eq!(
            urls("a{background:URL( \"https://x/a\" )}"),
            ["https://x/a"]
        );
        assert_eq!(urls("a{background:u\\72l(//x/b)}"), ["//x/b"]);
        assert_eq!(urls("a{background:u/**/rl(//x/c)}"), [] as [&str; 0]);
        assert_eq!(
            urls("a{background-image:image-set('//x/1.png' 1x)}"),
            ["//x/1.png"]
        );
        assert_eq!(urls("@import '//x/s.css';"), ["//x/s.css"]);
    }

    #[test]
    fn control_characters_are_found() {
        assert_eq!(
            control_characters("a\tb\nc\u{1a}d\u{0}"),
            [(5, '\u{1a}'), (7, '\u{0}')]
        );
    }
}
