//! No panic on any input, and always the same answer: property tests over the pure entry
//! points (front-matter split, parse, Markdown with link resolution, ids) and the whole
//! pipeline on random small sites.

use std::path::Path;

use proptest::prelude::*;
use verteller::config::Config;
use verteller::markdown::{self, ImageFill, LinkFill};
use verteller::model::slugify;
use verteller::parse::{self, frontmatter};
use verteller::pipeline::{self, BuildOptions};

use crate::support::Fixture;

/// Text that looks like content files: front-matter fences, YAML, Markdown syntax, Unicode.
fn contentish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---\n".to_string()),
        Just("title: Buurt\n".to_string()),
        Just("date: 2025-02-30\n".to_string()),
        Just("themes: [a, b\n".to_string()),
        Just("axes: {sturing: waarde}\n".to_string()),
        Just("[[buurt#aanpak|x]]".to_string()),
        Just("[a](../verhalen/b.md#c)".to_string()),
        Just("![](/img/x.png)".to_string()),
        Just("## Kop {#id}\n".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("> ".to_string()),
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("\u{1A}0\u{1A}".to_string()),
        "[ -~éëïÉ\u{301}\n]{0,20}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn splitting_is_total(text in contentish()) {
        let normal = frontmatter::normalise(&text);
        if let Ok(split) = frontmatter::split(&normal) {
            prop_assert_eq!(&normal[split.body_offset..], split.body);
            prop_assert!(split.front_matter_offset <= split.body_offset);
        }
    }

    #[test]
    fn parsing_never_panics_and_is_deterministic(text in contentish(), bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let config = Config::default();
        for path in ["content/verhalen/a.md", "content/kwadranten/q.md", "content/agenda/x.md", "content/over.md", "content/verhaal/_index.md"] {
            let a = parse::parse_file(Path::new(path), text.as_bytes(), &config);
            let b = parse::parse_file(Path::new(path), text.as_bytes(), &config);
            prop_assert_eq!(a.parsed, b.parsed);
            prop_assert_eq!(a.diagnostics, b.diagnostics);
            let _ = parse::parse_file(Path::new(path), &bytes, &config);
        }
    }

    #[test]
    fn markdown_and_link_filling_never_panic(body in contentish()) {
        let analysed = markdown::analyse(&body, &body, 0, "verhalen/a.md", markdown::AnalyseOptions::default()).body;
        let fills: Vec<LinkFill> = (0..analysed.links.len())
            .map(|i| match i % 3 {
                0 => LinkFill::Href { href: format!("/x/{i}/"), title: "T".into() },
                1 => LinkFill::Broken { written: "w".into() },
                _ => LinkFill::Plain { title: "P".into() },
            })
            .collect();
        let images: Vec<ImageFill> = analysed.images.iter().map(|i| ImageFill { src: i.src.clone(), alt: i.alt.clone(), title: String::new(), size: Some((1, 1)), picture: None, figure: false }).collect();
        let html = markdown::fill_links(&analysed.html, &fills, &images);
        let marker = '\u{1A}';
        prop_assert!(!html.contains(marker) || body.contains(marker), "placeholders are all filled");
        let again = markdown::analyse(&body, &body, 0, "verhalen/a.md", markdown::AnalyseOptions::default()).body;
        prop_assert_eq!(analysed, again);
    }

    #[test]
    fn ids_are_clean_and_stable(text in "\\PC{0,30}") {
        let id = slugify(&text);
        prop_assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        prop_assert!(!id.starts_with('-') && !id.ends_with('-') && !id.contains("--"));
        prop_assert_eq!(slugify(&id), id.clone());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_small_sites_build_deterministically(files in proptest::collection::vec((0usize..6, contentish()), 1..6)) {
        let folders = ["verhalen", "verhaal", "agenda", "themas", "kwadranten", "hulp"];
        let changes: Vec<(String, String)> = files
            .iter()
            .enumerate()
            .map(|(n, (f, text))| (format!("content/{}/r{n}.md", folders[*f]), text.clone()))
            .collect();
        let fixture = Fixture::with(&changes);
        let options = BuildOptions { root: fixture.root().to_path_buf(), lints: true, ..BuildOptions::default() };
        let a = pipeline::build(&options).unwrap();
        let b = pipeline::build(&options).unwrap();
        prop_assert_eq!(a.output, b.output);
        prop_assert_eq!(a.diagnostics.into_sorted(), b.diagnostics.into_sorted());
    }
}

#[test]
fn hostile_content_gives_a_diagnostic_or_a_site() {
    let fixture = Fixture::minimal();
    let deep_quote = format!(
        "---\ntitle: Diep\ndate: 2025-01-01\n---\n{}diep\n",
        "> ".repeat(10_000)
    );
    let deep_list: String = (0..2_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let long_line = format!(
        "---\ntitle: Lang\ndate: 2025-01-01\n---\n{}\n",
        "woord ".repeat(170_000)
    );
    fixture.write("content/verhalen/diep.md", deep_quote.as_bytes());
    fixture.write(
        "content/verhalen/lijst.md",
        format!("---\ntitle: Lijst\ndate: 2025-01-01\n---\n{deep_list}").as_bytes(),
    );
    fixture.write("content/verhalen/lang.md", long_line.as_bytes());
    fixture.write(
        "content/verhalen/met spatie.md",
        b"---\ntitle: Spatie\ndate: 2025-01-01\n---\nx\n",
    );
    fixture.write(
        "content/verhalen/Caf\u{e9}.md",
        b"---\ntitle: NFC\ndate: 2025-01-01\n---\nx\n",
    );
    fixture.write(
        "content/verhalen/Cafe\u{301}.md",
        b"---\ntitle: NFD\ndate: 2025-01-01\n---\nx\n",
    );
    std::fs::create_dir_all(fixture.path("content/verhalen/map.md")).unwrap();
    crate::support::hostile_cases::symlink("..", &fixture.path("content/verhalen/lus"), true)
        .unwrap();
    let started = std::time::Instant::now();
    let out = fixture.run(&["check"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "no hang"
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    // NFC and NFD forms of one name are the same id: reported, not silently merged.
    assert!(
        out.stderr.contains("id `cafe` bestaat al"),
        "{}",
        out.stderr
    );
    // A link to a folder (here a loop) is never followed, and says so.
    assert!(
        out.stderr.contains("content/verhalen/lus:1:1")
            && out.stderr.contains("symbolische link naar een map"),
        "{}",
        out.stderr
    );
    assert_eq!(out.code, 1);
    std::fs::remove_file(fixture.path("content/verhalen/Cafe\u{301}.md")).unwrap();
    std::fs::remove_file(fixture.path("content/verhalen/lus")).unwrap();
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        fixture
            .path("public/verhalen/met-spatie/index.html")
            .is_file()
    );
    assert!(fixture.path("public/verhalen/diep/index.html").is_file());
}

#[test]
fn an_unreadable_file_is_reported_not_skipped() {
    // As root, chmod 000 does not stop reads: the failure is injected in `source`.
    let fixture = Fixture::minimal();
    let mut options = BuildOptions {
        root: fixture.root().to_path_buf(),
        ..BuildOptions::default()
    };
    options
        .source
        .fail_reads
        .insert("content/verhalen/buurt.md".into());
    let built = pipeline::build(&options).unwrap();
    let items = built.diagnostics.into_sorted();
    assert!(
        items
            .iter()
            .any(|d| d.code == "unreadable" && d.file == Path::new("content/verhalen/buurt.md")),
        "{items:?}"
    );
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site() {
    use crate::support::snapshot_tree;
    let mut changes: Vec<(String, String)> = Vec::new();
    for n in 0..300 {
        changes.push((
            format!("content/verhalen/v{n:03}.md"),
            format!(
                "---\ntitle: Verhaal {n}\ndate: 2025-01-01\nthemes: [driehoek]\n---\n{}\n",
                "Tekst. ".repeat(200)
            ),
        ));
    }
    let fixture = Fixture::with(&changes);
    let public = fixture.path("public");
    assert_eq!(fixture.run(&["build"]).code, 0);
    let old = snapshot_tree(&public);
    // The new version: every page changes.
    fixture.write(
        "site.toml",
        b"title = \"Nieuw\"\nbase_url = \"https://example.org/\"\n",
    );
    let new_dir = fixture.path("nieuw");
    let started = std::time::Instant::now();
    assert_eq!(
        fixture
            .run(&["build", "--output", new_dir.to_str().unwrap()])
            .code,
        0
    );
    let full = started.elapsed().as_millis() as u64;
    let mut new = snapshot_tree(&new_dir);
    std::fs::remove_dir_all(&new_dir).unwrap();
    new.sort();
    assert_ne!(old, new);

    let binary = assert_cmd::cargo::cargo_bin("verteller");
    let mut outcomes = (0, 0);
    // Kill moments spread over the whole build (parse, render, write, swap, clean-up);
    // builds after a kill also clear the killed one's staging, so they take longer.
    for quarter in 0..14u64 {
        let delay_ms = full * quarter / 4;
        let mut child = std::process::Command::new(&binary)
            .arg("--root")
            .arg(fixture.root())
            .arg("build")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = snapshot_tree(&public);
        if now == old {
            outcomes.0 += 1;
        } else if now == new {
            outcomes.1 += 1;
        } else {
            panic!("killed after {delay_ms} ms: the output is neither the old nor the new site");
        }
    }
    eprintln!(
        "SIGKILL at 14 moments over a {full} ms build: {} × old site, {} × new site, never a mix",
        outcomes.0, outcomes.1
    );
    assert!(outcomes.0 > 0, "a kill landed before the swap");
    // A later build cleans up what a killed one left beside the output.
    assert_eq!(fixture.run(&["build"]).code, 0);
    assert_eq!(snapshot_tree(&public), new);
    let leftovers: Vec<_> = std::fs::read_dir(fixture.root())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains("verteller-staging")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn every_hostile_case_gives_its_diagnostic_or_its_page() {
    use crate::support::hostile_cases;
    for case in hostile_cases::cases() {
        let outcome = std::panic::catch_unwind(|| hostile_cases::run(&case))
            .unwrap_or_else(|_| panic!("{}: the build panicked", case.name));
        assert!(
            outcome.took < std::time::Duration::from_secs(120),
            "{}: {:?}",
            case.name,
            outcome.took
        );
        if let Err(wrong) = outcome.verdict {
            panic!("{}: {wrong}", case.name);
        }
    }
}

/// Files created, rewritten and deleted while builds run: every build finishes without a
/// panic, a file caught half-written or gone between listing and reading is reported at
/// that file only, and the next quiet build is clean.
#[test]
fn files_changing_during_builds() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let fixture = Fixture::minimal();
    let root = fixture.root().to_path_buf();
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let churn = {
        let (root, stop) = (root.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let path = root.join(format!("content/verhalen/wissel{}.md", n % 7));
                if n % 3 == 2 {
                    let _ = std::fs::remove_file(&path);
                } else {
                    let _ = std::fs::write(
                        &path,
                        format!(
                            "---\ntitle: Wissel {n}\ndate: 2025-01-01\n---\n{}\n",
                            "Tekst. ".repeat((n % 50) as usize * 40)
                        ),
                    );
                }
                n += 1;
            }
        })
    };
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    for _ in 0..40 {
        let built = pipeline::build(&options).expect("the build runs");
        for d in built.diagnostics.iter() {
            if d.severity == verteller::diagnostics::Severity::Error {
                // A file caught half-written or gone is reported at that file only.
                assert!(
                    d.file.to_string_lossy().contains("wissel"),
                    "unexpected error during churn: {d:?}"
                );
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    churn.join().unwrap();
    let built = pipeline::build(&options).unwrap();
    assert_eq!(
        built
            .diagnostics
            .count(verteller::diagnostics::Severity::Error),
        0
    );
}
