//! `verteller check`'s editorial lints, as warnings: accessibility and privacy in
//! Markdown, B1 language hints (Dutch), orphans and drafts.
//!
//! A separate pass over the Markdown (only `check` pays for it), so the build's one
//! Markdown pass stays lean.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::diagnostic;
use crate::diagnostics::{Diagnostic, Position, Severity};
use crate::messages::{Lang, Msg};
use crate::model::{Document, Kind};
use crate::resolve::Site;

/// B1: the longest sentence, in words.
pub const MAX_SENTENCE_WORDS: usize = 25;
/// B1: the longest paragraph, in words.
pub const MAX_PARAGRAPH_WORDS: usize = 150;
/// A word this long (in letters) counts as long.
pub const LONG_WORD: usize = 16;
/// A sentence with this many long words is hard to read.
pub const MAX_LONG_WORDS: usize = 3;

const VAGUE_LINK_TEXTS: [&str; 12] = [
    "klik hier",
    "hier",
    "lees meer",
    "meer",
    "lees verder",
    "deze link",
    "link",
    "click here",
    "here",
    "read more",
    "more",
    "this link",
];

/// The Markdown extensions the lints read: those of `markdown`, without smart punctuation.
const PARSER_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_WIKILINKS);

/// Lints one Markdown body. `text` is the whole file, `body_offset` where the body starts.
pub fn lint_markdown(
    path: &std::path::Path,
    text: &str,
    body_offset: usize,
    lang: Lang,
) -> Vec<Diagnostic> {
    let body = &text[body_offset.min(text.len())..];
    // Components' syntax is not prose: the lints read the words around it.
    let blanked = crate::components::syntax::blank(body, PARSER_OPTIONS);
    let body = blanked.as_deref().unwrap_or(body);
    let position = |range: &Range<usize>| Position::of_offset(text, body_offset + range.start);
    let mut out = Vec::new();
    let mut warn = |position: Position, msg: Msg| {
        out.push(diagnostic(lang, Severity::Warning, path, position, msg))
    };

    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, PARSER_OPTIONS)
        .into_offset_iter()
        .collect();
    let mut previous_level = 1u8;
    let mut paragraph: Option<(String, Position)> = None;
    let mut link: Option<(String, Position, LinkType, String)> = None;
    let mut table_head: Option<(String, Position)> = None;
    let mut in_image = false;

    for (event, range) in &events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_number(*level);
                if let Some(msg) = heading_lint(level, previous_level) {
                    warn(position(range), msg);
                }
                previous_level = level;
            }
            Event::Start(Tag::Paragraph) => paragraph = Some((String::new(), position(range))),
            Event::End(TagEnd::Paragraph) => {
                if let Some((text, at)) = paragraph.take() {
                    lint_language(&text, at, &mut warn);
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                link = Some((
                    String::new(),
                    position(range),
                    *link_type,
                    dest_url.to_string(),
                ))
            }
            Event::End(TagEnd::Link) => {
                if let Some((text, at, link_type, dest)) = link.take()
                    && let Some(msg) = link_lint(&text, link_type, dest)
                {
                    warn(at, msg);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                in_image = true;
                if is_external(dest_url) {
                    let url = dest_url.to_string();
                    warn(position(range), Msg::LintExternalMedia { url });
                }
            }
            Event::End(TagEnd::Image) => in_image = false,
            Event::Start(Tag::TableHead) => table_head = Some((String::new(), position(range))),
            Event::End(TagEnd::TableHead) => {
                if let Some((text, at)) = table_head.take()
                    && text.trim().is_empty()
                {
                    warn(at, Msg::LintTableHeader);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(url) = external_embed(html) {
                    warn(position(range), Msg::LintExternalMedia { url });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                let buffers = [paragraph.as_mut(), table_head.as_mut()];
                for (buffer, _) in buffers.into_iter().flatten() {
                    buffer.push_str(t);
                }
                if let Some(l) = link.as_mut().filter(|_| !in_image) {
                    l.0.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = paragraph.as_mut() {
                    p.0.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// A heading's level: no `#` (the page's title is its only h1), and no level skipped.
fn heading_lint(level: u8, previous_level: u8) -> Option<Msg> {
    if level == 1 {
        Some(Msg::LintHeadingH1)
    } else if level > previous_level + 1 {
        Some(Msg::LintHeadingSkip {
            from: previous_level,
            to: level,
        })
    } else {
        None
    }
}

/// A link's text: not a bare URL, not empty, not vague ("klik hier"). A wiki link
/// without text shows its target's title, so its text is not judged.
fn link_lint(text: &str, link_type: LinkType, dest: String) -> Option<Msg> {
    let bare_wiki = matches!(link_type, LinkType::WikiLink { has_pothole: false });
    let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
    let shown = text.trim().to_lowercase();
    let looks_like_url =
        shown.starts_with("http://") || shown.starts_with("https://") || shown.starts_with("www.");
    if autolink || (!bare_wiki && looks_like_url) {
        Some(Msg::LintBareUrl { url: dest })
    } else if !bare_wiki && shown.is_empty() {
        Some(Msg::LintEmptyLink { target: dest })
    } else if !bare_wiki
        && VAGUE_LINK_TEXTS.contains(&shown.trim_end_matches(['.', '!', ':']).trim())
    {
        Some(Msg::LintVagueLink {
            text: text.trim().to_string(),
        })
    } else {
        None
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
}

/// The external `src` of an `<iframe>`, `<script>`, `<img>`, `<video>` or `<audio>` in raw HTML.
fn external_embed(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    if ![
        "<iframe", "<script", "<img", "<video", "<audio", "<embed", "<object",
    ]
    .iter()
    .any(|t| lower.contains(t))
    {
        return None;
    }
    for attr in ["src=", "data="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(attr) {
            let start = from + i + attr.len();
            let rest = html[start..].trim_start_matches(['"', '\'']);
            let end = rest.find(['"', '\'', ' ', '>']).unwrap_or(rest.len());
            if is_external(&rest[..end]) {
                return Some(rest[..end].to_string());
            }
            from = start;
        }
    }
    None
}

/// B1 hints for one paragraph: long paragraph, long sentences, many long words.
fn lint_language(text: &str, at: Position, warn: &mut impl FnMut(Position, Msg)) {
    let words = text.split_whitespace().count();
    if words > MAX_PARAGRAPH_WORDS {
        warn(at, Msg::LintLongParagraph { words });
    }
    for sentence in sentences(text) {
        let count = sentence.split_whitespace().count();
        if count > MAX_SENTENCE_WORDS {
            warn(
                at,
                Msg::LintLongSentence {
                    words: count,
                    sentence: quote(sentence),
                },
            );
        }
        let long = sentence
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= LONG_WORD)
            .count();
        if long >= MAX_LONG_WORDS {
            warn(
                at,
                Msg::LintLongWords {
                    count: long,
                    sentence: quote(sentence),
                },
            );
        }
    }
}

/// Sentences: split after `.`, `!` or `?` followed by a space and a capital or digit.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?') {
            let next = chars.get(n + 1).map(|x| x.1);
            let after = chars.get(n + 2).map(|x| x.1);
            if next.is_none()
                || (next == Some(' ')
                    && after.is_some_and(|a| a.is_uppercase() || a.is_ascii_digit()))
            {
                let s = text[start..=i].trim();
                if !s.is_empty() {
                    out.push(s);
                }
                start = i + c.len_utf8();
            }
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

fn quote(sentence: &str) -> String {
    const MAX: usize = 90;
    if sentence.chars().count() <= MAX {
        sentence.to_string()
    } else {
        let cut: String = sentence.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Orphans and drafts, from the resolved site.
pub fn lint_site(site: &Site, drafts: &[&Document], lang: Lang) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, d) in site.docs.iter().enumerate() {
        if d.source_path.starts_with("<verteller>") {
            continue;
        }
        let refs = &site.refs[i];
        match d.kind {
            Kind::Story
                if refs.themes.is_empty()
                    && refs.quadrants.is_empty()
                    && site.incoming[i].backlinks.is_empty() =>
            {
                out.push(diagnostic(
                    lang,
                    Severity::Warning,
                    &d.source_path,
                    Position::START,
                    Msg::LintOrphanStory,
                ));
            }
            Kind::Agenda
                if refs.stories.is_empty()
                    && !site.incoming[i]
                        .backlinks
                        .iter()
                        .any(|&b| site.docs[b].kind == Kind::Story) =>
            {
                out.push(diagnostic(
                    lang,
                    Severity::Warning,
                    &d.source_path,
                    Position::START,
                    Msg::LintAgendaWithoutStory,
                ));
            }
            Kind::Story
            | Kind::Agenda
            | Kind::Chapter
            | Kind::AgendaTheme
            | Kind::Quadrant
            | Kind::Role
            | Kind::Page => {}
        }
    }
    for d in drafts {
        out.push(diagnostic(
            lang,
            Severity::Warning,
            &d.source_path,
            Position::START,
            Msg::LintDraft,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(body: &str) -> Vec<&'static str> {
        lint_markdown(std::path::Path::new("a.md"), body, 0, Lang::Nl)
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn headings() {
        assert_eq!(codes("# Titel\n"), ["lint-heading-h1"]);
        assert_eq!(codes("## A\n\n#### B\n"), ["lint-heading-skip"]);
        assert_eq!(codes("### A\n"), ["lint-heading-skip"]);
        assert!(codes("## A\n\n### B\n\n## C\n").is_empty());
    }

    #[test]
    fn links() {
        assert_eq!(
            codes("[Klik hier](a.md) en [lees meer](b.md).\n"),
            ["lint-vague-link", "lint-vague-link"]
        );
        assert_eq!(codes("Zie <https://example.org>.\n"), ["lint-bare-url"]);
        assert_eq!(codes("[](a.md)\n"), ["lint-empty-link"]);
        assert!(codes("[De buurtkamer](a.md) en [[buurt]].\n").is_empty());
    }

    #[test]
    fn privacy_and_tables() {
        assert_eq!(
            codes("![Kaart](https://maps.example/x.png)\n"),
            ["lint-external-media"]
        );
        assert_eq!(
            codes("<iframe src=\"https://video.example/1\"></iframe>\n"),
            ["lint-external-media"]
        );
        assert_eq!(
            codes("| | |\n|---|---|\n| a | b |\n"),
            ["lint-table-header"]
        );
        assert!(codes("| Naam | Rol |\n|---|---|\n| a | b |\n").is_empty());
    }

    #[test]
    fn language() {
        let long = vec!["woord"; 30].join(" ");
        assert_eq!(codes(&format!("{long}.\n")), ["lint-long-sentence"]);
        let para = vec!["Dit is kort."; 60].join(" ");
        assert_eq!(codes(&format!("{para}\n")), ["lint-long-paragraph"]);
        assert_eq!(
            codes(
                "De gemeentesecretarissen bespreken uitvoeringsdriehoeken en sturingskwadranten.\n"
            ),
            ["lint-long-words"]
        );
        assert_eq!(
            sentences("Eén. Twee zinnen! Drie? 4 is ook goed."),
            ["Eén.", "Twee zinnen!", "Drie?", "4 is ook goed."]
        );
    }
}
