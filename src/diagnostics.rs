//! Problems in the user's site, collected across a whole run.
//!
//! Every stage pushes [`Diagnostic`]s instead of returning early, so one run reports
//! all problems. Operational failures (disk, ports) are `anyhow` errors instead.
//! Rendering to text (with a source snippet and caret) and to JSON lives here too.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::messages::{Lang, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };

    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        Positions::new(text).at(offset)
    }
}

/// Positions of offsets in one text asked for mostly in increasing order (the links of a
/// body as the parser meets them): each is counted on from the last, not from the start
/// (which made collecting a long page's link positions quadratic) — the column too,
/// when the offset is on the line of the last one (a theme page lists thousands of
/// links on one line).
pub struct Positions<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    line_start: usize,
    /// The column (0-based, in characters) of `offset`.
    column: usize,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str) -> Positions<'a> {
        Positions {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
            column: 0,
        }
    }

    /// The position of byte `offset` (as [`Position::of_offset`]).
    pub fn at(&mut self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        if offset < self.offset {
            *self = Positions::new(self.text);
        }
        // memchr's count, not `matches('\n')`: positions are taken for every link and
        // reference as a file is parsed (2 % of a build's instructions).
        let passed = &self.text.as_bytes()[self.offset..offset];
        self.line += memchr::memchr_iter(b'\n', passed).count();
        self.column = match memchr::memrchr(b'\n', passed) {
            Some(i) => {
                self.line_start = self.offset + i + 1;
                self.text[self.line_start..offset].chars().count()
            }
            None => self.column + self.text[self.offset..offset].chars().count(),
        };
        self.offset = offset;
        Position {
            line: self.line,
            column: self.column + 1,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem, at one place, with a plain-words message and (where one exists) a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable code, such as `unknown-key`.
    pub code: &'static str,
    /// Path relative to the site root, with `/` separators.
    pub file: PathBuf,
    pub position: Position,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    fn sort_key(&self) -> (&Path, Position, Severity, &str, &str) {
        (
            &self.file,
            self.position,
            self.severity,
            self.code,
            &self.message,
        )
    }
}

/// The diagnostics of one run. Always sorted and deduplicated before it is shown.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many diagnostics of `severity` are shown: exact duplicates count once, as
    /// [`Diagnostics::into_sorted`] shows them once (a summary of "14 errors" under one
    /// shown error was the result).
    pub fn count(&self, severity: Severity) -> usize {
        let mut items: Vec<&Diagnostic> = self
            .items
            .iter()
            .filter(|d| d.severity == severity)
            .collect();
        items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        items.dedup();
        items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, position and severity; exact duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    /// How many diagnostics there are (for [`Diagnostics::retain_after`]).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Keeps the first `start` diagnostics and those after them that `keep` accepts.
    pub fn retain_after(&mut self, start: usize, keep: impl Fn(&Diagnostic) -> bool) {
        let mut n = 0;
        self.items.retain(|d| {
            n += 1;
            n <= start || keep(d)
        });
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Renders diagnostics for a terminal: `file:line:column`, message, snippet with caret, hint.
///
/// `source_of` gives the text of a file (for the snippet) when it is available.
pub fn render_human<'a>(
    diagnostics: &[Diagnostic],
    lang: Lang,
    color: bool,
    source_of: impl Fn(&Path) -> Option<&'a str>,
) -> String {
    use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR.with_name(lang.pick("fout", "error")),
            Severity::Warning => Level::WARNING.with_name(lang.pick("waarschuwing", "warning")),
        };
        let file = shown(&d.file);
        let mut group = annotate_snippets::Group::with_title(
            level.primary_title(d.message.as_str()).id(d.code),
        );
        match source_of(&d.file).and_then(|text| line_span(text, d.position)) {
            Some((line_text, span)) => {
                group = group.element(
                    Snippet::source(line_text)
                        .line_start(d.position.line)
                        .path(file.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                );
            }
            None => {
                group = group.element(
                    annotate_snippets::Origin::path(file.as_str())
                        .line(d.position.line)
                        .char_column(d.position.column),
                );
            }
        }
        if let Some(hint) = &d.hint {
            group = group.element(
                Level::HELP
                    .with_name(lang.pick("tip", "help"))
                    .message(hint.as_str()),
            );
        }
        let _ = writeln!(out, "{}", renderer.render(&[group]));
        out.push('\n');
    }
    out
}

/// The text of the line holding `position`, and the byte span of the caret in it.
fn line_span(text: &str, position: Position) -> Option<(&str, std::ops::Range<usize>)> {
    let line = text.split('\n').nth(position.line.checked_sub(1)?)?;
    let line = line.strip_suffix('\r').unwrap_or(line);
    let start: usize = line
        .char_indices()
        .nth(position.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    // A Markdown link: underline all of it, up to `)` or `]]`.
    let rest = &line[start..];
    if rest.starts_with('[') || rest.starts_with("![") {
        let close = if rest.starts_with("[[") {
            rest.find("]]").map(|i| i + 2)
        } else {
            rest.find(')').map(|i| i + 1)
        };
        if let Some(len) = close {
            return Some((line, start..start + len));
        }
    }
    // A front-matter value (`date: 12 maart 2025`): underline all of it.
    if in_front_matter(text, position.line) && is_key_prefix(&line[..start]) {
        let value = rest.split(" #").next().unwrap_or(rest).trim_end();
        if !value.is_empty() {
            return Some((line, start..start + value.len()));
        }
    }
    let end = line[start..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ',' | ']' | ')' | ':'))
        .map_or(line.len(), |(i, _)| start + i)
        .max((start + 1).min(line.len()));
    Some((line, start..end))
}

/// Whether line `line` (1-based) of `text` is inside its front matter.
fn in_front_matter(text: &str, line: usize) -> bool {
    let mut lines = text.split('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    lines
        .take(line.saturating_sub(1))
        .all(|l| l.trim_end() != "---")
        && line > 1
}

/// Whether `before` is a front-matter key and its colon (`date: `), so what follows is
/// the key's whole value.
fn is_key_prefix(before: &str) -> bool {
    let Some(key) = before.trim_end().strip_suffix(':') else {
        return false;
    };
    let key = key.trim_start();
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// One JSON object per diagnostic, as an array, for CI pipelines.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(&json_value(diagnostics)).unwrap_or_else(|_| "[]".to_string())
}

/// The diagnostics as the JSON array `render_json` prints, for output that holds them
/// inside a larger object (`check --next-change --format json`).
pub fn json_value(diagnostics: &[Diagnostic]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "code": d.code,
                "file": shown(&d.file),
                "line": d.position.line,
                "column": d.position.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::Value::Array(items)
}

/// A path as editors see it: with `/` on every platform (`path_text`).
pub use crate::path_text::shown;

/// A diagnostic from a message, in one call.
pub fn diagnostic(
    lang: Lang,
    severity: Severity,
    file: &Path,
    position: Position,
    msg: Msg,
) -> Diagnostic {
    let (message, hint) = msg.text(lang);
    Diagnostic {
        severity,
        code: msg.code(),
        file: file.to_path_buf(),
        position,
        message,
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_counted_on_equal_positions_counted_from_the_start() {
        let text = "ab\néé\n\nx – y\nlaatste";
        let mut positions = Positions::new(text);
        // Forwards, repeated, backwards, past the end, inside a character.
        for offset in [0, 1, 3, 5, 5, 9, 2, 12, 13, 15, 100, 4, 0, 20] {
            assert_eq!(
                positions.at(offset),
                Position::of_offset(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn the_count_is_what_is_shown() {
        let mut diags = Diagnostics::default();
        let one = Diagnostic {
            severity: Severity::Error,
            code: "template",
            file: PathBuf::from("templates/base.html"),
            position: Position { line: 3, column: 1 },
            message: "fout".into(),
            hint: None,
        };
        for _ in 0..3 {
            diags.push(one.clone());
        }
        diags.push(Diagnostic {
            position: Position { line: 4, column: 1 },
            ..one
        });
        assert_eq!(diags.count(Severity::Error), 2);
        assert_eq!(diags.clone().into_sorted().len(), 2);
        assert_eq!(diags.count(Severity::Warning), 0);
    }

    #[test]
    fn position_of_offset_counts_lines_and_characters() {
        let text = "ab\nçd\nef";
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
        assert_eq!(
            Position::of_offset(text, 3),
            Position { line: 2, column: 1 }
        );
        // 'd' is after a two-byte character: column 2, not 3.
        assert_eq!(
            Position::of_offset(text, 5),
            Position { line: 2, column: 2 }
        );
        assert_eq!(
            Position::of_offset(text, 100),
            Position { line: 3, column: 3 }
        );
    }

    #[test]
    fn line_span_points_at_the_token() {
        let (line, span) = line_span(
            "a: 1\nthemes: [foo, bar]\n",
            Position {
                line: 2,
                column: 10,
            },
        )
        .unwrap();
        assert_eq!(&line[span], "foo");
        let (line, span) = line_span(
            "Zie [het begin](a.md#b) nu.",
            Position { line: 1, column: 5 },
        )
        .unwrap();
        assert_eq!(&line[span], "[het begin](a.md#b)");
    }
}
