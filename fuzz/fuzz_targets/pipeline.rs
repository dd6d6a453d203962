//! The whole pipeline (`pipeline::build` / `build_with`) on a small random site: never
//! panics, and the same output map and diagnostics from two clean builds and from a
//! rebuild that reuses a serve `Memo`. The output stays in memory (nothing is written
//! but the sources in a temp dir).
//!
//! Input: up to five files separated by `0xFF` bytes (never in UTF-8). Each file's first
//! byte picks its folder (bits 0–2) and name (bits 3–5); the first file's bits 6–7 also
//! pick one of four `site.toml` variants. The rest of the chunk is the file's bytes. A
//! small valid site (a theme, a quadrant, a chapter, a story) is written first, so random
//! files can link to, collide with or replace real documents.
#![no_main]

use std::fs;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use verteller::model::Date;
use verteller::output::OutputMap;
use verteller::pipeline::{self, BuildOptions, Memo};

const FOLDERS: [&str; 8] = [
    "verhalen",
    "verhaal",
    "hoofdstukken",
    "themas",
    "agenda",
    "kwadranten",
    "rollen",
    "",
];
const NAMES: [&str; 8] = [
    "a.md",
    "b.md",
    "_index.md",
    "buurt.md",
    "begin.md",
    "driehoek.md",
    "Caf\u{e9}.md",
    "x.txt",
];
const BASE: &str =
    "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\nmunicipality = \"Gemeente Fuzz\"\n";
/// `site.toml` variants: plain; English with one story per page; a sub-path and chapters
/// in `hoofdstukken/`; drafts on, one related story, a low-contrast brand colour.
const CONFIGS: [&str; 4] = [
    "",
    "language = \"en\"\npage_size = 1\n",
    "[folders]\nchapter = \"hoofdstukken\"\n",
    "drafts = true\nrelated_count = 1\n[brand]\nprimary = \"#ffff66\"\n",
];

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("create dir");
    }
    fs::write(&path, bytes).expect("write file");
}

/// The output paths whose bytes differ (or exist on one side only).
fn differing(a: &OutputMap, b: &OutputMap) -> String {
    let mut paths: Vec<&str> = a.keys().chain(b.keys()).map(String::as_str).collect();
    paths.sort_unstable();
    paths.dedup();
    paths.retain(|p| a.get(*p) != b.get(*p));
    paths.join(", ")
}

fuzz_target!(|data: &[u8]| {
    let chunks: Vec<&[u8]> = data.split(|b| *b == 0xFF).take(5).collect();
    let variant = usize::from(chunks[0].first().copied().unwrap_or(0) >> 6);
    let dir = tempfile::Builder::new()
        .prefix("verteller-fuzz-")
        .tempdir()
        .expect("temp dir");
    let root = dir.path();

    let mut toml = BASE.to_string();
    if variant == 2 {
        toml = toml.replace("https://example.org/", "https://example.org/sub/");
    }
    toml.push_str(CONFIGS[variant]);
    write(root, "site.toml", toml.as_bytes());
    let chapters = if variant == 2 {
        "hoofdstukken"
    } else {
        "verhaal"
    };
    write(
        root,
        "content/themas/driehoek.md",
        b"---\ntitle: Driehoek\n---\nOver de driehoek.\n",
    );
    write(
        root,
        "content/kwadranten/rechtmatig.md",
        b"---\ntitle: Rechtmatig\naxes: {sturing: waarde, richting: binnen-buiten}\n---\nRegels.\n",
    );
    write(
        root,
        &format!("content/{chapters}/begin.md"),
        b"---\ntitle: Begin\nweight: 1\n---\n## Start\n\nHet begin.\n",
    );
    write(
        root,
        "content/verhalen/buurt.md",
        b"---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek]\nquadrants: [rechtmatig]\n---\n## Aanpak\n\nZie [[begin]] en [de regels](../kwadranten/rechtmatig.md#top).\n",
    );
    for chunk in &chunks {
        let (selector, bytes) = chunk.split_first().map_or((0, &[][..]), |(s, b)| (*s, b));
        let folder = FOLDERS[usize::from(selector & 0x07)];
        let name = NAMES[usize::from((selector >> 3) & 0x07)];
        let rel = if folder.is_empty() {
            format!("content/{name}")
        } else {
            format!("content/{folder}/{name}")
        };
        write(root, &rel, bytes);
    }

    let options = BuildOptions {
        root: root.to_path_buf(),
        lints: true,
        fingerprint: true,
        as_of: Some(Date {
            year: 2025,
            month: 6,
            day: 1,
        }),
        ..BuildOptions::default()
    };
    let a = pipeline::build(&options).expect("a site with site.toml builds");
    let mut memo = Memo::for_serve();
    let b = pipeline::build_with(&options, &mut memo).expect("second build");
    let c = pipeline::build_with(&options, &mut memo).expect("rebuild from the memo");
    assert_eq!(a.documents, b.documents);
    assert!(
        a.output == b.output,
        "two clean builds differ: {}",
        differing(&a.output, &b.output)
    );
    assert!(
        a.output == c.output,
        "memo rebuild differs: {}",
        differing(&a.output, &c.output)
    );
    let a = a.diagnostics.into_sorted();
    assert_eq!(
        a,
        b.diagnostics.into_sorted(),
        "two clean builds differ in diagnostics"
    );
    assert_eq!(
        a,
        c.diagnostics.into_sorted(),
        "a memo rebuild differs in diagnostics"
    );
});
