//! Unique ids on a page that shows several bodies: the print page puts every chapter on
//! one page, and two chapters with a "Verder lezen" heading each had
//! `id="verder-lezen"`. There every body's ids get its chapter's id in front
//! (`samenleving-verandert--verder-lezen`), and the body's own `#fragment` links and
//! its table of contents follow.

use crate::html_policy::{self, Ev};
use crate::template_contract::NAMESPACE_SEPARATOR;

use super::view::TocEntry;

/// `html` with every `id` and every same-page `href="#…"` prefixed with `namespace` and
/// the separator. Values are changed where the text has them (after their opening
/// quote), so entities and quoting stay as they were.
pub fn namespace_body(html: &str, namespace: &str) -> String {
    let prefix = format!("{namespace}{NAMESPACE_SEPARATOR}");
    let mut inserts: Vec<usize> = Vec::new();
    let wanted = |_: &str, attribute: &str| matches!(attribute, "id" | "href");
    html_policy::scan_attributes(html, &wanted, |event| {
        if let Ev::Attribute { name, value, at } = event {
            let value_start = value_offset(html, at, name.len());
            match (name, value_start) {
                ("id", Some(start)) if !value.is_empty() => inserts.push(start),
                ("href", Some(start))
                    if value.starts_with('#')
                        && value.len() > 1
                        && html[start..].starts_with('#') =>
                {
                    inserts.push(start + 1);
                }
                _ => {}
            }
        }
    });
    if inserts.is_empty() {
        return html.to_string();
    }
    inserts.sort_unstable();
    let mut out = String::with_capacity(html.len() + inserts.len() * prefix.len());
    let mut from = 0;
    for at in inserts {
        out.push_str(&html[from..at]);
        out.push_str(&prefix);
        from = at;
    }
    out.push_str(&html[from..]);
    out
}

/// A table of contents with the same prefix as its body.
pub fn namespace_toc(toc: &mut [TocEntry], namespace: &str) {
    for entry in toc {
        entry.id = format!("{namespace}{NAMESPACE_SEPARATOR}{}", entry.id);
    }
}

/// Where the value of the attribute whose name starts at `at` begins in `html`: after
/// the name, the `=`, spaces and an opening quote. `None` for an attribute without value.
fn value_offset(html: &str, at: usize, name_len: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = at + name_len;
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if matches!(bytes.get(i), Some(b'"' | b'\'')) {
        i += 1;
    }
    (i <= html.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_their_same_page_links_get_the_namespace() {
        let html = "<h2 id=\"verder-lezen\">Verder</h2>\n<p><a href=\"#verder-lezen\">hier</a>, \
                    <a href=\"/verhaal/b/#aanpak\">elders</a>, <a href=\"#\">top</a></p>\
                    <div class='footnote-definition' id='1'>x</div><sup><a href=#1>1</a></sup>";
        let out = namespace_body(html, "kalmte");
        assert!(out.contains("<h2 id=\"kalmte--verder-lezen\">"), "{out}");
        assert!(out.contains("href=\"#kalmte--verder-lezen\""), "{out}");
        assert!(out.contains("href=\"/verhaal/b/#aanpak\""), "{out}");
        assert!(out.contains("href=\"#\""), "{out}");
        assert!(
            out.contains("id='kalmte--1'") && out.contains("href=#kalmte--1"),
            "{out}"
        );
        assert_eq!(namespace_body("<p>geen</p>", "x"), "<p>geen</p>");
    }
}
