//! Front matter that the YAML parser refuses, made into advice an editor can act on.
//!
//! The parser stops at its first error and says it in its own English. This module cuts
//! the front matter into its top-level entries (`key: value` with its indented lines), so
//! every entry's problem is found in one run, and recognises the slips editors make most —
//! a tab for indentation, a colon inside an unquoted title, quotes pasted from a word
//! processor, a list or quote left open — to explain each in plain words at the column
//! where it is. Anything else keeps the parser's words, introduced in the site language.

use crate::messages::{Msg, YamlSlip};

/// One top-level entry of the front matter: its text (with the lines that belong to it)
/// and where it starts in the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'t> {
    pub offset: usize,
    pub text: &'t str,
}

impl<'t> Entry<'t> {
    /// The key the entry gives a value to, when its first line reads like `key:`.
    pub fn key(&self) -> Option<&'t str> {
        key_of(self.text)
    }

    /// Every key its lines read like (`key:`, indented ones too): what an entry that
    /// does not read may have been meant to give (a top-level key indented by mistake).
    pub fn keys(&self) -> impl Iterator<Item = &'t str> {
        self.text
            .lines()
            .filter_map(|line| key_of(line.trim_start()))
    }
}

/// The key a line starts with (`key:`), if it reads like one.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim();
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    plain.then_some(key)
}

/// The front matter cut at every line that starts a new top-level entry: a line that
/// starts in the first column with something else than a comment, a list item (`- a`
/// may sit under its key without indentation) or the close of a list or mapping.
pub fn entries(front_matter: &str) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in front_matter.split_inclusive('\n') {
        let starts_entry = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, '#' | '-' | ']' | '}'));
        if starts_entry && offset > start {
            entries.push(Entry {
                offset: start,
                text: &front_matter[start..offset],
            });
            start = offset;
        }
        offset += line.len();
    }
    if offset > start {
        entries.push(Entry {
            offset: start,
            text: &front_matter[start..offset],
        });
    }
    entries
}

/// What went wrong in an entry the parser refused: the byte offset in the entry to point
/// at, and the message. `at` and `detail` are the parser's own offset and words.
pub fn explain(entry: &str, at: usize, detail: &str) -> (usize, Msg) {
    let detail = detail.to_string();
    if let Some(tab) = tab_in_indentation(entry) {
        return (
            tab,
            Msg::Yaml {
                slip: YamlSlip::Tab,
                detail,
            },
        );
    }
    let Some((value_at, value)) = first_value(entry) else {
        return (
            at,
            Msg::Yaml {
                slip: YamlSlip::Other,
                detail,
            },
        );
    };
    let key = entry[..value_at].trim_end().trim_end_matches(':').trim();
    let first = value.chars().next().unwrap_or(' ');
    if is_curly_quote(first) {
        let fixed = format!("{key}: {}", straightened(value));
        return (
            value_at,
            Msg::Yaml {
                slip: YamlSlip::CurlyQuotes { fixed },
                detail,
            },
        );
    }
    if let Some(close) = match first {
        '[' => Some(']'),
        '{' => Some('}'),
        _ => None,
    } && !entry[value_at..].contains(close)
    {
        let slip = YamlSlip::UnclosedList { close };
        return (value_at, Msg::Yaml { slip, detail });
    }
    if matches!(first, '"' | '\'') && !closes_quote(&entry[value_at..], first) {
        let slip = YamlSlip::UnclosedQuote { quote: first };
        return (value_at, Msg::Yaml { slip, detail });
    }
    if !matches!(first, '"' | '\'' | '[' | '{' | '|' | '>' | '&' | '*' | '!') {
        let colon = value
            .find(": ")
            .or_else(|| value.ends_with(':').then(|| value.len() - 1));
        if let Some(colon) = colon {
            let fixed = format!("{key}: {}", quoted(value));
            return (
                value_at + colon,
                Msg::Yaml {
                    slip: YamlSlip::Colon { fixed },
                    detail,
                },
            );
        }
    }
    (
        at,
        Msg::Yaml {
            slip: YamlSlip::Other,
            detail,
        },
    )
}

/// The offset of the first tab in a line's indentation.
fn tab_in_indentation(entry: &str) -> Option<usize> {
    let mut offset = 0;
    for line in entry.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(offset + i);
        }
        offset += line.len();
    }
    None
}

/// The value on the entry's first line (after `key:` and its spaces), with its offset;
/// `None` when the first line has no value (a block below it).
fn first_value(entry: &str) -> Option<(usize, &str)> {
    let line = entry.split('\n').next().unwrap_or("");
    let colon = line.find(':')?;
    let rest = &line[colon + 1..];
    let value = rest.trim_start();
    let value_at = colon + 1 + (rest.len() - value.len());
    let value = value.trim_end();
    (!value.is_empty()).then_some((value_at, value))
}

fn is_curly_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '„' | '‘' | '’' | '‚' | '«' | '»')
}

/// Whether a quoted value (starting with `quote`) is closed in `text`.
fn closes_quote(text: &str, quote: char) -> bool {
    let mut chars = text.chars().skip(1).peekable();
    while let Some(c) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek() == Some(&'\'') {
                chars.next(); // `''` is a quote inside single quotes
            } else {
                return true;
            }
        }
    }
    false
}

/// A value with the word-processor quotes around it made into YAML's straight quotes
/// (quotes inside it stay as they are: they are text).
fn straightened(value: &str) -> String {
    let mut inner = value;
    for _ in 0..2 {
        inner = inner.strip_prefix(is_curly_quote).unwrap_or(inner);
        inner = inner.strip_suffix(is_curly_quote).unwrap_or(inner);
    }
    quoted(inner)
}

/// A text as a double-quoted YAML value.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip_of(entry: &str) -> (usize, YamlSlip) {
        let err = crate::parse::yaml::parse_mapping(entry).expect_err(entry);
        match explain(entry, err.offset, &err.detail) {
            (at, Msg::Yaml { slip, .. }) => (at, slip),
            (_, other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn entries_keep_their_indented_lines_and_list_items() {
        let fm = "# opmerking\ntitle: A\nthemes:\n- a\n  - b\nrelated: [x,\n  y\n]\nplace: B";
        let cut: Vec<&str> = entries(fm).iter().map(|e| e.text).collect();
        assert_eq!(
            cut,
            [
                "# opmerking\n",
                "title: A\n",
                "themes:\n- a\n  - b\n",
                "related: [x,\n  y\n]\n",
                "place: B"
            ]
        );
        assert_eq!(entries(fm)[2].key(), Some("themes"));
        assert_eq!(entries(fm)[2].offset, fm.find("themes").unwrap());
    }

    #[test]
    fn common_slips_are_recognised_where_they_are() {
        assert_eq!(slip_of("themes:\n\t- a\n"), (8, YamlSlip::Tab));
        assert_eq!(
            slip_of("title: Een buurtkamer: Oost\n"),
            (
                21,
                YamlSlip::Colon {
                    fixed: "title: \"Een buurtkamer: Oost\"".into()
                }
            )
        );
        assert_eq!(
            slip_of("title: “Een buurtkamer: Oost”\n"),
            (
                7,
                YamlSlip::CurlyQuotes {
                    fixed: "title: \"Een buurtkamer: Oost\"".into()
                }
            )
        );
        assert_eq!(
            slip_of("roles: [burger, beleidmaker\n"),
            (7, YamlSlip::UnclosedList { close: ']' })
        );
        assert_eq!(
            slip_of("place: \"Oost\n"),
            (7, YamlSlip::UnclosedQuote { quote: '"' })
        );
    }

    #[test]
    fn a_quote_closed_after_an_escape_is_closed() {
        assert!(closes_quote("\"a \\\" b\"", '"'));
        assert!(!closes_quote("\"a \\\"", '"'));
        assert!(closes_quote("'it''s'", '\''));
        assert!(!closes_quote("'it''s", '\''));
    }
}
