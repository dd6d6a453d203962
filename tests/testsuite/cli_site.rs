//! Good input: what a build writes, page by page, and that it is deterministic.

use std::path::Path;

use crate::support::{Fixture, main_of, snapshot_tree};

/// The repository's own default site.
fn default_site() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build_default_into(out: &Path) {
    let status = assert_cmd::Command::cargo_bin("verteller")
        .unwrap()
        .arg("--root")
        .arg(default_site())
        .args(["build", "--output"])
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn the_default_site_builds_every_url_this_issue_owns() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_default_into(&out);
    for path in [
        "index.html",
        "verhaal/index.html",
        "verhaal/01-samenleving-verandert/index.html",
        "verhaal/print/index.html",
        "verhalen/index.html",
        "verhalen/buurtkamer-oost/index.html",
        "agenda/index.html",
        "agenda/uitvoeringstoets/index.html",
        "themas/index.html",
        "themas/uitvoeringsdriehoek/index.html",
        "kwadranten/index.html",
        "kwadranten/responsieve-overheid/index.html",
        "rollen/index.html",
        "rollen/burger/index.html",
        "over/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "themas/uitvoeringsdriehoek/atom.xml",
        "kwadranten/responsieve-overheid/atom.xml",
    ] {
        assert!(out.join(path).is_file(), "missing {path}");
    }
    let story =
        std::fs::read_to_string(out.join("verhalen/een-loket-voor-gezinnen/index.html")).unwrap();
    assert!(story.contains("<html lang=\"nl\">"));
    assert!(story.contains("<time datetime=\"2025-09-22\""));
    assert!(story.contains(">22 september 2025</time>"));
    assert!(!story.contains("style="), "no inline styles");
    assert_eq!(
        story.matches("<script").count(),
        story
            .matches("<script type=\"application/ld+json\">")
            .count(),
        "no scripts but JSON-LD data"
    );
    assert!(
        story.contains("\"@type\":\"Article\""),
        "schema.org Article"
    );
    assert!(story.contains("<link rel=\"canonical\" href=\"https://verhaal.voorbeeld.nl/verhalen/een-loket-voor-gezinnen/\">"));
}

#[test]
fn the_default_site_checks_clean() {
    let out = assert_cmd::Command::cargo_bin("verteller")
        .unwrap()
        .arg("--root")
        .arg(default_site())
        .arg("check")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("0 fouten, 0 waarschuwingen"), "{stderr}");
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    build_default_into(&tmp.path().join("a"));
    build_default_into(&tmp.path().join("b"));
    let a = snapshot_tree(&tmp.path().join("a"));
    let b = snapshot_tree(&tmp.path().join("b"));
    assert!(a.len() > 30);
    // The search index is part of the output, with Dutch stemming, and deterministic too.
    for file in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-ui.js",
        "pagefind/wasm.nl.pagefind",
        "zoeken/index.html",
    ] {
        assert!(a.iter().any(|(p, _)| p.ends_with(file)), "missing {file}");
    }
    assert!(
        a.iter()
            .filter(|(p, _)| p.starts_with("pagefind/fragment/"))
            .count()
            > 40,
        "one fragment per indexed page"
    );
    assert_eq!(a, b);
}

/// A fixture with every page kind and its cross-references.
fn rich_fixture() -> Fixture {
    Fixture::with(&[
        (
            "content/over.md",
            "---\ntitle: Over\n---\nDeze site gaat over [[buurt|de buurt]].\n",
        ),
        (
            "content/hulp/vragen.md",
            "---\ntitle: Vragen\n---\nVraag en antwoord.\n",
        ),
        (
            "content/verhalen/school.md",
            "---\ntitle: School\ndate: 2025-03-01\nthemes: [driehoek]\nroles: [uitvoerder]\nplace: Noord\n---\nZie [de buurt](buurt.md#aanpak).\n",
        ),
        (
            "content/verhaal/slot.md",
            "---\ntitle: Slot\nweight: 2\nstories: [school]\n---\nTerug naar [[begin]].\n",
        ),
    ])
}

#[test]
fn snapshots_of_each_page_kind() {
    let fixture = rich_fixture();
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for (name, page) in [
        ("home", "public/index.html"),
        ("chapters", "public/verhaal/index.html"),
        ("chapter", "public/verhaal/begin/index.html"),
        ("print", "public/verhaal/print/index.html"),
        ("stories", "public/verhalen/index.html"),
        ("story", "public/verhalen/buurt/index.html"),
        ("agenda", "public/agenda/index.html"),
        ("agenda_item", "public/agenda/toets/index.html"),
        ("agenda_themes", "public/themas/index.html"),
        ("agenda_theme", "public/themas/driehoek/index.html"),
        ("quadrants", "public/kwadranten/index.html"),
        ("quadrant", "public/kwadranten/rechtmatig/index.html"),
        ("roles", "public/rollen/index.html"),
        ("role", "public/rollen/uitvoerder/index.html"),
        ("page", "public/hulp/vragen/index.html"),
        ("not_found", "public/404.html"),
    ] {
        let html = fixture.read(page);
        insta::assert_snapshot!(name, main_of(&html));
    }
}

#[test]
fn links_backlinks_and_related_are_resolved() {
    let fixture = rich_fixture();
    assert_eq!(fixture.run(&["build"]).code, 0);
    let buurt = fixture.read("public/verhalen/buurt/index.html");
    // Backlinks: the story `school` and the page `over` link here.
    let backlinks = &buurt[buurt.find("Hier wordt naar verwezen").expect("backlinks")..];
    assert!(backlinks.contains("/verhalen/school/"), "{backlinks}");
    assert!(backlinks.contains("/over/"), "{backlinks}");
    // Related: `school` shares the agenda theme.
    let related = &buurt[buurt.find("Verwante verhalen").expect("related")..];
    assert!(related.contains("/verhalen/school/"));
    let school = fixture.read("public/verhalen/school/index.html");
    assert!(
        school.contains("<a href=\"/verhalen/buurt/#aanpak\">de buurt</a>"),
        "{school}"
    );
    // Chapters: previous/next in weight order.
    let begin = fixture.read("public/verhaal/begin/index.html");
    assert!(
        begin.contains("rel=\"next\" href=\"/verhaal/slot/\""),
        "{begin}"
    );
    let slot = fixture.read("public/verhaal/slot/index.html");
    assert!(
        slot.contains("rel=\"prev\" href=\"/verhaal/begin/\""),
        "{slot}"
    );
    // Role pages list the stories per role.
    let role = fixture.read("public/rollen/uitvoerder/index.html");
    assert!(role.contains("/verhalen/school/") && !role.contains("/verhalen/buurt/"));
}

#[test]
fn a_sub_path_base_url_reaches_every_link() {
    let fixture = rich_fixture();
    let out = fixture.run(&["build", "--base-url", "https://example.org/ons-verhaal/"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let story = fixture.read("public/verhalen/school/index.html");
    assert!(
        story.contains("href=\"/ons-verhaal/css/gemeente."),
        "fingerprinted CSS under the sub-path"
    );
    assert!(story.contains("href=\"/ons-verhaal/verhalen/buurt/#aanpak\""));
    for href in story.split("href=\"").skip(1) {
        let href = &href[..href.find('"').unwrap()];
        assert!(
            href.starts_with("/ons-verhaal/")
                || href.starts_with('#')
                || href.starts_with("https://example.org/ons-verhaal/"),
            "{href}"
        );
    }
    let sitemap = fixture.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/ons-verhaal/verhalen/school/</loc>"));
}

#[test]
fn long_lists_are_paginated() {
    let mut changes: Vec<(String, String)> = Vec::new();
    for n in 0..45 {
        changes.push((
            format!("content/verhalen/v{n:02}.md"),
            format!(
                "---\ntitle: Verhaal {n}\ndate: 2024-01-{:02}\n---\nTekst.\n",
                n % 28 + 1
            ),
        ));
    }
    let fixture = Fixture::with(&changes);
    assert_eq!(fixture.run(&["build"]).code, 0);
    // 46 stories at 20 a page: 3 pages.
    assert!(
        fixture
            .path("public/verhalen/pagina/2/index.html")
            .is_file()
    );
    assert!(
        fixture
            .path("public/verhalen/pagina/3/index.html")
            .is_file()
    );
    assert!(!fixture.path("public/verhalen/pagina/4").exists());
    let page3 = fixture.read("public/verhalen/pagina/3/index.html");
    assert_eq!(page3.matches("class=\"card\"").count(), 6);
}

#[test]
fn agenda_theme_quadrant_and_role_pages_are_paginated_like_the_story_list() {
    // 45 stories (and the minimal site's own) in one agenda theme, quadrant and role, at
    // 20 a page: three pages each, the newest first, linked with rel=prev/next.
    let mut changes: Vec<(String, String)> = Vec::new();
    for n in 0..45 {
        changes.push((
            format!("content/verhalen/v{n:02}.md"),
            format!(
                "---\ntitle: Verhaal {n}\ndate: 2024-{:02}-{:02}\nthemes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger]\n---\nTekst.\n",
                n / 28 + 1,
                n % 28 + 1
            ),
        ));
    }
    let fixture = Fixture::with(&changes);
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for term in ["themas/driehoek", "kwadranten/rechtmatig", "rollen/burger"] {
        let first = fixture.read(&format!("public/{term}/index.html"));
        let second = fixture.read(&format!("public/{term}/pagina/2/index.html"));
        let third = fixture.read(&format!("public/{term}/pagina/3/index.html"));
        assert!(!fixture.path(&format!("public/{term}/pagina/4")).exists());
        assert!(!fixture.path(&format!("public/{term}/pagina/1")).exists());
        let stories = |page: &str| {
            main_of(page).matches("href=\"/verhalen/v").count()
                + main_of(page).matches("href=\"/verhalen/buurt/").count()
        };
        assert_eq!(
            (stories(&first), stories(&second), stories(&third)),
            (20, 20, 6),
            "{term}"
        );
        // The newest story on page 1, the oldest on page 3.
        assert!(first.contains("Verhaal 44<"), "{term}");
        assert!(third.contains("Verhaal 0<"), "{term}");
        assert!(
            second.contains(&format!(r#"<a rel="prev" href="/{term}/">"#))
                && second.contains(&format!(r#"<a rel="next" href="/{term}/pagina/3/">"#)),
            "{term}: {}",
            main_of(&second)
        );
        assert!(second.contains(r#"aria-current="page">2</a>"#));
        assert!(
            second.contains(&format!(
                r#"<link rel="canonical" href="https://example.org/{term}/pagina/2/">"#
            )),
            "page 2 is its own canonical page"
        );
        // The body and search indexing belong to page 1.
        assert!(!second.contains("data-pagefind-body"), "{term}");
        assert!(!main_of(&third).contains("<p>Over de driehoek.</p>"));
    }
    assert!(
        fixture
            .read("public/themas/driehoek/index.html")
            .contains("<p>Over de driehoek.</p>")
    );
}

#[test]
fn a_new_build_replaces_the_old_output_whole() {
    let fixture = rich_fixture();
    assert_eq!(fixture.run(&["build"]).code, 0);
    assert!(fixture.path("public/hulp/vragen/index.html").is_file());
    std::fs::remove_file(fixture.path("content/hulp/vragen.md")).unwrap();
    assert_eq!(fixture.run(&["build"]).code, 0);
    assert!(
        !fixture.path("public/hulp").exists(),
        "stale pages are gone"
    );
    let before = snapshot_tree(&fixture.path("public"));
    assert!(before.iter().any(|(p, _)| p.ends_with(".verteller-output")));
}

#[test]
fn a_kind_folders_index_is_its_list_intro_not_a_document() {
    // Regression: `_index.md` in `verhalen/` was checked as a story (date required).
    let fixture = Fixture::with(&[(
        "content/verhalen/_index.md",
        "---\ntitle: Alle verhalen\n---\nVerhalen uit de [[begin|praktijk]].\n",
    )]);
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let list = fixture.read("public/verhalen/index.html");
    assert!(list.contains("<h1>Alle verhalen</h1>"), "{list}");
    assert!(
        list.contains("<a href=\"/verhaal/begin/\">praktijk</a>"),
        "{list}"
    );
}

/// Without a search index, `build` writes each page as soon as it is rendered and keeps
/// none: what lands on disk is still exactly the pipeline's output map, file for file.
#[test]
fn a_streamed_build_writes_exactly_the_output_map() {
    let toml = std::fs::read_to_string(default_site().join("site.toml")).unwrap();
    assert!(toml.contains("[search]\nenabled = true"));
    let fixture = crate::support::site::default_site_with_config(
        &toml.replace("[search]\nenabled = true", "[search]\nenabled = false"),
    );
    let site = fixture.root().to_path_buf();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("uit");
    let run = assert_cmd::Command::cargo_bin("verteller")
        .unwrap()
        .arg("--root")
        .arg(&site)
        .args(["build", "--timings", "--output"])
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    // The stage table shows that pages were written while rendering.
    assert!(stderr.contains("pagina's maken en schrijven"), "{stderr}");

    let built = verteller::pipeline::build(&verteller::pipeline::BuildOptions {
        root: site.clone(),
        as_of: verteller::schedule::today(),
        fingerprint: true,
        ..Default::default()
    })
    .unwrap();
    assert!(!built.diagnostics.has_errors());
    // In the order of paths (`a/b` before `a-1`), as the tree is listed.
    let mut expected: Vec<(std::path::PathBuf, Vec<u8>)> = built
        .output
        .iter()
        .map(|(path, bytes)| (std::path::PathBuf::from(path), bytes.to_vec()))
        .collect();
    expected.sort();
    let written: Vec<_> = snapshot_tree(&out)
        .into_iter()
        .filter(|(path, _)| path != Path::new(verteller::output::MARKER))
        .collect();
    assert!(expected.len() > 30, "{}", expected.len());
    assert_eq!(
        written.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        expected.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    assert!(written == expected, "same paths, different bytes");
    // Nothing left beside the output.
    let beside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(beside, ["uit"], "{beside:?}");
}
