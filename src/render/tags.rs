//! A light reading of the Tera tags in a template's text, for what Tera's own errors do
//! not say the way a web team needs it: the blocks a template defines, the template it
//! extends and those it includes (the template contract's checks, and where a link
//! came from), and the opening tag that a syntax error left unclosed (Tera reports an
//! unclosed `{% if %}` at the `{% endblock %}` after it).
//!
//! Not a parser: tags are `{% name … %}` (with `-` for whitespace control), comments
//! `{# … #}` and `{% raw %}` bodies are skipped. That is all these questions need.

/// A template text and where it came from (read by `load`, checked by `problems`, loaded
/// by `theme`; it lives here, below all three, so they do not import each other).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub path: std::path::PathBuf,
    pub text: String,
}

/// One `{% … %}` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The first word: `if`, `endfor`, `block`, `extends`.
    pub name: &'a str,
    /// The rest, trimmed: `main`, `"base.html"`, `page.toc | length > 1`.
    pub args: &'a str,
    /// Byte offset of the `{%` in the text.
    pub offset: usize,
}

/// Every tag of a template, in order (those inside `{% raw %}` and comments left out).
pub fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut raw = false;
    while let Some(open) = text[at..].find('{').map(|i| at + i) {
        let rest = &text[open..];
        if rest.starts_with("{#") {
            at = rest.find("#}").map_or(text.len(), |end| open + end + 2);
            continue;
        }
        if !rest.starts_with("{%") {
            at = open + 1;
            continue;
        }
        let Some(close) = rest.find("%}") else {
            break;
        };
        let inner = rest[2..close].trim_start_matches('-').trim_end_matches('-');
        let inner = inner.trim();
        let name_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let (name, args) = inner.split_at(name_len);
        at = open + close + 2;
        if raw && name != "endraw" {
            continue;
        }
        raw = name == "raw";
        out.push(Tag {
            name,
            args: args.trim(),
            offset: open,
        });
    }
    out
}

/// The first word of a tag's arguments (a block's name), without quotes.
fn first_word(args: &str) -> &str {
    let word = args.split_whitespace().next().unwrap_or("");
    word.trim_matches(|c| c == '"' || c == '\'')
}

/// The blocks a template defines, with the offset of each `{% block %}`.
pub fn blocks(text: &str) -> Vec<(&str, usize)> {
    tags(text)
        .into_iter()
        .filter(|t| t.name == "block")
        .map(|t| (first_word(t.args), t.offset))
        .collect()
}

/// The template this one extends, if any.
pub fn extends(text: &str) -> Option<&str> {
    tags(text)
        .into_iter()
        .find(|t| t.name == "extends")
        .map(|t| first_word(t.args))
}

/// The templates this one includes.
pub fn includes(text: &str) -> Vec<&str> {
    tags(text)
        .into_iter()
        .filter(|t| t.name == "include")
        .map(|t| first_word(t.args))
        .collect()
}

/// The tag that closes `opener`, for tags that have one.
fn closer_of(tag: &Tag<'_>) -> Option<&'static str> {
    Some(match tag.name {
        "if" => "endif",
        "for" => "endfor",
        "block" => "endblock",
        "filter" => "endfilter",
        "component" => "endcomponent",
        "raw" => "endraw",
        // `{% set x %}…{% endset %}` captures; `{% set x = … %}` does not.
        "set" | "set_global" if !tag.args.contains('=') => "endset",
        _ => return None,
    })
}

/// The opening tag left unclosed: the innermost one still open when a closing tag of
/// another kind (or the end of the text) comes. `None` when every tag is closed.
pub fn unclosed<'a>(text: &'a str) -> Option<(Tag<'a>, &'static str)> {
    let mut open: Vec<(Tag<'a>, &'static str)> = Vec::new();
    for tag in tags(text) {
        if let Some(closer) = closer_of(&tag) {
            open.push((tag, closer));
            continue;
        }
        if tag.name.starts_with("end") {
            match open.last() {
                Some((_, closer)) if *closer == tag.name => {
                    open.pop();
                }
                Some(_) => return open.pop(),
                None => {}
            }
        }
    }
    open.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_extends_and_includes() {
        let text = "{% extends \"base.html\" %}\n{#- {% block nee %} -#}\n{%- block title -%}x{% endblock title %}\n\
                    {% block main %}{% include \"kaart.html\" %}{% raw %}{% block ook_niet %}{% endraw %}{% endblock %}";
        let names: Vec<&str> = blocks(text).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["title", "main"]);
        assert_eq!(extends(text), Some("base.html"));
        assert_eq!(includes(text), ["kaart.html"]);
    }

    #[test]
    fn the_unclosed_tag_is_the_opener_not_the_end_tag() {
        let text = "{% extends \"base.html\" %}\n{% block main %}\n{% if page.title %}\n<h1>x</h1>\n{% endblock main %}\n";
        let (tag, closer) = unclosed(text).expect("an unclosed tag");
        assert_eq!((tag.name, closer), ("if", "endif"));
        assert_eq!(&text[tag.offset..tag.offset + 19], "{% if page.title %}");
        // Nested and closed: nothing open.
        assert_eq!(
            unclosed("{% for x in y %}{% if x %}{% set a = 1 %}{% endif %}{% endfor %}"),
            None
        );
        // Open at the end.
        let (tag, _) = unclosed("{% for x in y %}{% set t %}a").expect("open");
        assert_eq!(tag.name, "set");
    }
}
