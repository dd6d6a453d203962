//! Markdown rendering with link resolution (`markdown::analyse` + `markdown::fill_links`):
//! bodies with relative `.md` links, `[[wiki links]]`, `/site/paths`, `#anchors` and
//! images. Never panics, the same body twice, positions inside the file, heading ids
//! unique, and every placeholder filled.
//!
//! Input: byte 0 picks the file's path under `content/` (low 3 bits) and whether the
//! body follows a front matter (bit 3); the rest is the body.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use verteller::diagnostics::Position;
use verteller::markdown::{self, ImageFill, LinkFill};
use verteller::model::LinkTarget;

const CONTENT_PATHS: [&str; 8] = [
    "verhalen/a.md",
    "verhaal/01-begin.md",
    "over.md",
    "hulp/diep/x.md",
    "verhalen/_index.md",
    "_index.md",
    "agenda/a b.md",
    "",
];
const MARKERS: [char; 3] = ['\u{1A}', '\u{1B}', '\u{1C}'];

fn within(text: &str, p: Position, what: &str) {
    assert!(p.line >= 1 && p.column >= 1, "{what}: {p:?} is not 1-based");
    let lines = text.split('\n').count();
    assert!(p.line <= lines, "{what}: line {} of {lines}", p.line);
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let content_path = CONTENT_PATHS[usize::from(selector & 0x07)];
    let body = String::from_utf8_lossy(rest);
    let prefix = if selector & 0x08 == 0 {
        ""
    } else {
        "---\ntitle: T\n---\n"
    };
    let text = format!("{prefix}{body}");
    let offset = prefix.len();

    let options = markdown::AnalyseOptions {
        raw_html: selector & 0x10 != 0,
        ..markdown::AnalyseOptions::default()
    };
    let first = markdown::analyse(&body, &text, offset, content_path, options);
    let again = markdown::analyse(&body, &text, offset, content_path, options);
    assert_eq!(first, again, "analyse is not deterministic");
    let analysed = first.body;

    for (position, _) in &first.findings {
        within(&text, *position, "finding");
    }
    for link in &analysed.links {
        within(&text, link.position, "link");
        match &link.target {
            LinkTarget::Source { content_path, .. } => {
                assert!(!content_path.starts_with('/'), "{content_path:?}");
            }
            LinkTarget::SitePath { path } => assert!(path.starts_with('/')),
            LinkTarget::Wiki { anchor, .. } => {
                assert!(anchor.as_ref().is_none_or(|a| !a.is_empty()));
            }
            LinkTarget::SelfAnchor { .. } => {}
            // A component's file: a path under `static/`, never another origin.
            LinkTarget::File { path } => {
                assert!(!path.starts_with('/') && !path.contains("://"), "{path:?}");
            }
        }
    }
    for image in &analysed.images {
        within(&text, image.position, "image");
    }
    let mut ids = HashSet::new();
    for heading in &analysed.headings {
        assert!(!heading.id.is_empty(), "empty heading id");
        assert!((1..=6).contains(&heading.level));
        assert!(
            ids.insert(heading.id.as_str()),
            "heading id {:?} used twice: {:?}",
            heading.id,
            analysed.headings
        );
    }

    // Resolution's three outcomes, with text that needs escaping.
    let fills: Vec<LinkFill> = (0..analysed.links.len())
        .map(|i| match i % 3 {
            0 => LinkFill::Href {
                href: format!("/x/{i}/?a=1&b=\"2\""),
                title: "<T & 'u'>".into(),
            },
            1 => LinkFill::Broken {
                written: analysed.links[i].written.clone(),
            },
            _ => LinkFill::Plain { title: "P".into() },
        })
        .collect();
    let images: Vec<ImageFill> = analysed
        .images
        .iter()
        .enumerate()
        .map(|(i, img)| ImageFill {
            src: img.src.clone(),
            alt: img.alt.clone(),
            title: img.title.clone(),
            size: (i % 2 == 0).then_some((640, 480)),
            picture: None,
            figure: img.figure,
        })
        .collect();
    let html = markdown::fill_links(&analysed.html, &fills, &images);
    assert_eq!(html, markdown::fill_links(&analysed.html, &fills, &images));
    if !body.contains(MARKERS) {
        assert!(!html.contains(MARKERS), "a placeholder is left: {html:?}");
    }
    // Missing fills (fewer than links) must not panic either.
    let _ = markdown::fill_links(&analysed.html, &fills[..fills.len() / 2], &[]);

    let escaped = markdown::escape(&body);
    assert!(!escaped.contains(['<', '>', '"', '\'']));
    assert_eq!(
        verteller::html_policy::percent_decode(&body),
        verteller::html_policy::percent_decode(&body)
    );
});
