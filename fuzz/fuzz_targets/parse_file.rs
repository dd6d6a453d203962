//! One content file → document (`parse::parse_file`), for every kind of content folder,
//! `_index.md` sections and plain pages, in Dutch and English: never panics, the same
//! answer twice, every diagnostic at a 1-based position inside the file.
//!
//! Input: byte 0 picks the path (low 4 bits) and the language (bit 4); the rest is the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use verteller::config::Config;
use verteller::diagnostics::Position;
use verteller::messages::Lang;
use verteller::model::{Kind, slugify};
use verteller::parse::{self, Parsed};

const PATHS: [&str; 16] = [
    "content/verhalen/buurt.md",
    "content/verhaal/01-begin.md",
    "content/agenda/toets.md",
    "content/themas/driehoek.md",
    "content/kwadranten/rechtmatig.md",
    "content/rollen/burger.md",
    "content/over.md",
    "content/hulp/zo-schrijf-je.md",
    "content/verhalen/_index.md",
    "content/_index.md",
    "content/verhalen/---.md",
    "content/verhalen/Caf\u{e9} \u{e9}\u{301}n.md",
    "content/hoofdstukken/x.md",
    "content/kwadranten/_index.md",
    "content/verhaal/_index.md",
    "content/agenda/a b%20c.md",
];

fn within(text: Option<&str>, p: Position, what: &str) {
    assert!(
        p.line >= 1 && p.column >= 1,
        "{what}: position {p:?} is not 1-based"
    );
    if let Some(text) = text {
        let lines = text.split('\n').count();
        assert!(
            p.line <= lines,
            "{what}: line {} of a {lines}-line file",
            p.line
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let path = Path::new(PATHS[usize::from(selector & 0x0f)]);
    let config = Config {
        language: if selector & 0x10 == 0 {
            Lang::Nl
        } else {
            Lang::En
        },
        ..Config::default()
    };

    let a = parse::parse_file(path, bytes, &config);
    let b = parse::parse_file(path, bytes, &config);
    assert_eq!(a.parsed, b.parsed, "parse is not deterministic");
    assert_eq!(
        a.diagnostics, b.diagnostics,
        "diagnostics are not deterministic"
    );
    assert_eq!(a.text, b.text);

    let text = a.text.as_deref();
    for d in a.diagnostics.iter() {
        assert_eq!(d.file, path);
        within(text, d.position, d.code);
    }
    let content_path = parse::content_relative(path);
    let (kind, is_index) = parse::classify(&content_path, &config);
    let body = match &a.parsed {
        Parsed::Document(doc) => {
            assert!(!is_index, "an _index.md became a document");
            assert_eq!(doc.kind, kind);
            assert!(!doc.id.is_empty());
            assert_eq!(slugify(&doc.id), doc.id, "id is not a slug");
            assert!(doc.url_path.ends_with('/') && !doc.url_path.starts_with('/'));
            if kind != Kind::Page {
                assert!(doc.url_path.starts_with(config.folder(kind)));
            }
            for r in doc.fields.references() {
                within(text, r.1.position, r.0.key());
            }
            for alias in &doc.common.aliases {
                within(text, alias.position, "alias");
            }
            &doc.body
        }
        Parsed::Section(section) => {
            assert!(is_index, "a section that is no _index.md");
            &section.body
        }
        Parsed::Nothing => {
            assert!(
                a.diagnostics.has_errors(),
                "nothing parsed, and no error says why"
            );
            return;
        }
    };
    for link in &body.links {
        within(text, link.position, "body link");
    }
    for image in &body.images {
        within(text, image.position, "body image");
    }
});
