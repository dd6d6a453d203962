//! Incremental rebuilds (the memo `serve` keeps) give exactly what a clean build gives:
//! the same diagnostics after every edit, and byte-identical output whenever every file
//! parses (a file that does not parse keeps its last good version in serve only).

use proptest::prelude::*;
use verteller::pipeline::{self, BuildOptions, Memo};

use crate::support::Fixture;

/// One editor action on the fixture site.
#[derive(Debug, Clone)]
enum Edit {
    /// Create or overwrite story `n` with a variant of its text.
    WriteStory(u8, u8),
    DeleteStory(u8),
    RenameStory(u8, u8),
    /// Change the only chapter, the agenda theme or the agenda item.
    WriteChapter(u8),
    WriteTheme(u8),
    WriteAgenda(u8),
    /// Override a template (or remove the override); variant 3 links stories that may
    /// be gone (the output link check, and serve's memo of it).
    WriteTemplate(u8),
    WriteStatic(u8),
    /// Override the callout component's template (or remove the override).
    WriteComponent(u8),
    /// A story whose front matter does not parse.
    BreakStory(u8),
    /// Only the title of story `n` changes (its shape stays: serve keeps the graph and
    /// must re-fill the bodies linking to it).
    RetitleStory(u8, u8),
    /// Only the body text of story `n` changes.
    RewriteBody(u8, u8),
}

/// The fixture's site.toml: two stories a page (the story list and the agenda theme's
/// and quadrant's lists are paginated, so their pages' keys, a slice of the list each,
/// are tested too) and a taxonomy of its own that `story_text` uses.
const SITE_TOML: &str = "title = \"Test\"\nbase_url = \"https://example.org/\"\nmunicipality = \"Gemeente Test\"\npage_size = 2\n\n[[taxonomies]]\nname = \"wijken\"\nlabel = \"Wijken\"\n";

fn story_text(n: u8, variant: u8) -> String {
    let themes = if variant.is_multiple_of(2) {
        "[driehoek]"
    } else {
        "[]"
    };
    let quadrants = if variant.is_multiple_of(3) {
        "[rechtmatig]"
    } else {
        "[]"
    };
    // The site's own taxonomy, free values: spellings differ from story to story (the
    // term's title is the spelling most of them use, so one story's edit can retitle it
    // on every page showing it).
    let wijken = ["[Oost]", "[oost, West]", "[]", "[West, Noord]"][variant as usize % 4];
    let link = match variant % 5 {
        0 => format!("Zie [[v{}]].", (n + 1) % 4),
        1 => "Zie [het begin](../verhaal/begin.md#start).".to_string(),
        2 => "Zie [[onbekend]].".to_string(),
        3 => "Zie [[driehoek|het thema]].".to_string(),
        // Components: a download of a static file (its size changes with WriteStatic)
        // and a link, inside a callout (its template changes with WriteComponent).
        4 if variant > 5 => format!(
            ":::callout{{title=\"Let op\"}}\nZie :download{{src=/img/a.svg title=plaatje}} en [[v{}]].\n:::",
            (n + 1) % 4
        ),
        _ => "Geen link.".to_string(),
    };
    format!(
        "---\ntitle: Verhaal {n} versie {variant}\ndate: 2025-0{}-1{}\nthemes: {themes}\nquadrants: {quadrants}\nwijken: {wijken}\n---\n## Aanpak\n\n{link}\n\nVerder: [[v{}]].\n",
        1 + variant % 9,
        n % 10,
        (n + 3) % 4
    )
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0u8..4, 0u8..10).prop_map(|(n, v)| Edit::WriteStory(n, v)),
        (0u8..4).prop_map(Edit::DeleteStory),
        (0u8..4, 0u8..4).prop_map(|(a, b)| Edit::RenameStory(a, b)),
        (0u8..4).prop_map(Edit::WriteChapter),
        (0u8..3).prop_map(Edit::WriteTheme),
        (0u8..3).prop_map(Edit::WriteAgenda),
        (0u8..4).prop_map(Edit::WriteTemplate),
        (0u8..3).prop_map(Edit::WriteStatic),
        (0u8..3).prop_map(Edit::WriteComponent),
        (0u8..4).prop_map(Edit::BreakStory),
        (0u8..4, 0u8..3).prop_map(|(n, v)| Edit::RetitleStory(n, v)),
        (0u8..4, 0u8..3).prop_map(|(n, v)| Edit::RewriteBody(n, v)),
    ]
}

fn apply(fixture: &Fixture, edit: &Edit) {
    let story = |n: u8| fixture.path(&format!("content/verhalen/v{n}.md"));
    match edit {
        Edit::WriteStory(n, v) => fixture.write(&format!("content/verhalen/v{n}.md"), story_text(*n, *v).as_bytes()),
        Edit::DeleteStory(n) => {
            let _ = std::fs::remove_file(story(*n));
        }
        Edit::RenameStory(a, b) => {
            if story(*a).exists() && a != b {
                let _ = std::fs::rename(story(*a), story(*b));
            }
        }
        Edit::WriteChapter(v) => fixture.write(
            "content/verhaal/begin.md",
            format!("---\ntitle: Begin {v}\nweight: {v}\nstories: [{}]\n---\n## Start\n\nTekst {v}.\n", if *v % 2 == 0 { "buurt" } else { "" })
                .as_bytes(),
        ),
        Edit::WriteTheme(v) => fixture.write(
            "content/themas/driehoek.md",
            format!("---\ntitle: Driehoek {v}\nsummary: Samenvatting {v}\n---\nOver de driehoek.\n").as_bytes(),
        ),
        Edit::WriteAgenda(v) => fixture.write(
            "content/agenda/toets.md",
            format!(
                "---\ntitle: Toets {v}\ntheme: driehoek\nstatus: {}\nstories: [buurt]\n---\nDe toets.\n",
                ["lopend", "voornemen", "afgerond"][*v as usize % 3]
            )
            .as_bytes(),
        ),
        Edit::WriteTemplate(v) => match v {
            0 => {
                let _ = std::fs::remove_file(fixture.path("templates/page.html"));
            }
            3 => fixture.write(
                "templates/page.html",
                b"{% extends \"base.html\" %}{% block main %}<a href=\"/verhalen/v1/\">v1</a> <a href=\"/verhalen/v2/#aanpak\">v2</a>{% endblock main %}",
            ),
            _ => fixture.write(
                "templates/page.html",
                format!("{{% extends \"base.html\" %}}{{% block main %}}<h1>{{{{ page.title }}}}</h1><p>variant {v}</p>{{% endblock main %}}").as_bytes(),
            ),
        },
        // Variant 2 has variant 0's width and height but more bytes (a download's size).
        Edit::WriteStatic(2) => fixture.write("static/img/a.svg", b"<svg viewBox=\"0 0 10 10\"><!-- langer --></svg>"),
        Edit::WriteStatic(v) => fixture.write("static/img/a.svg", format!("<svg viewBox=\"0 0 {} 10\"></svg>", 10 + v).as_bytes()),
        Edit::WriteComponent(0) => {
            let _ = std::fs::remove_file(fixture.path("templates/components/callout.html"));
        }
        Edit::WriteComponent(v) => fixture.write(
            "templates/components/callout.html",
            format!("<div class=\"kader-{v}\">{{{{ title }}}}{{{{ content | safe }}}}</div>").as_bytes(),
        ),
        Edit::BreakStory(n) => fixture.write(&format!("content/verhalen/v{n}.md"), b"---\ntitle: [kapot\n---\n"),
        Edit::RetitleStory(n, v) => {
            let Ok(text) = std::fs::read_to_string(story(*n)) else { return };
            let Some(line) = text.lines().find(|l| l.starts_with("title: ")) else { return };
            let text = text.replacen(line, &format!("title: Verhaal {n} herzien {v}"), 1);
            fixture.write(&format!("content/verhalen/v{n}.md"), text.as_bytes());
        }
        Edit::RewriteBody(n, v) => {
            let Ok(text) = std::fs::read_to_string(story(*n)) else { return };
            fixture.write(&format!("content/verhalen/v{n}.md"), format!("{text}\nAlinea {v}.\n").as_bytes());
        }
    }
}

/// The paths under `content/` an edit touches, as serve's watcher reports them.
fn touched(edit: &Edit) -> Vec<std::path::PathBuf> {
    let story = |n: &u8| std::path::PathBuf::from(format!("content/verhalen/v{n}.md"));
    match edit {
        Edit::WriteStory(n, _)
        | Edit::DeleteStory(n)
        | Edit::BreakStory(n)
        | Edit::RetitleStory(n, _)
        | Edit::RewriteBody(n, _) => vec![story(n)],
        Edit::RenameStory(a, b) => vec![story(a), story(b)],
        Edit::WriteChapter(_) => vec!["content/verhaal/begin.md".into()],
        Edit::WriteTheme(_) => vec!["content/themas/driehoek.md".into()],
        Edit::WriteAgenda(_) => vec!["content/agenda/toets.md".into()],
        Edit::WriteTemplate(_) | Edit::WriteStatic(_) | Edit::WriteComponent(_) => Vec::new(),
    }
}

fn options(fixture: &Fixture) -> BuildOptions {
    BuildOptions {
        root: fixture.root().to_path_buf(),
        ..BuildOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn incremental_rebuilds_equal_clean_builds(edits in proptest::collection::vec(edit_strategy(), 1..8)) {
        let fixture = Fixture::with(&[
            ("content/over.md", "---\ntitle: Over\n---\nOver de site.\n"),
            ("site.toml", SITE_TOML),
        ]);
        // One memo walks `content/` on every build; the other is told what changed, as
        // serve's watcher tells it.
        let mut memo = Memo::for_serve();
        let mut told = Memo::for_serve();
        pipeline::build_with(&options(&fixture), &mut memo).unwrap();
        pipeline::build_with(&options(&fixture), &mut told).unwrap();
        for edit in &edits {
            apply(&fixture, edit);
            let incremental = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
            told.expect(Some(touched(edit)));
            let hinted = pipeline::build_with(&options(&fixture), &mut told).unwrap();
            let clean = pipeline::build(&options(&fixture)).unwrap();
            prop_assert_eq!(hinted.diagnostics.clone().into_sorted(), clean.diagnostics.clone().into_sorted(), "told, after {:?}", edit);
            prop_assert!(hinted.output == clean.output || clean.diagnostics.iter().any(|d| d.code.starts_with("yaml-") || d.code == "repeated-key"), "told, after {:?}", edit);
            prop_assert_eq!(incremental.diagnostics.clone().into_sorted(), clean.diagnostics.clone().into_sorted(), "after {:?}", edit);
            let unparsable = clean.diagnostics.iter().any(|d| d.code.starts_with("yaml-") || d.code == "repeated-key");
            if !unparsable {
                let differing: Vec<&String> = clean
                    .output
                    .iter()
                    .filter(|(path, bytes)| incremental.output.get(*path) != Some(*bytes))
                    .map(|(path, _)| path)
                    .collect();
                prop_assert!(differing.is_empty(), "after {:?}: differing pages {:?}", edit, differing);
                prop_assert_eq!(incremental.output.len(), clean.output.len());
            }
        }
    }
}

#[test]
fn an_edit_re_renders_only_what_it_touches() {
    let mut changes: Vec<(String, String)> = vec![("site.toml".into(), SITE_TOML.into())];
    for n in 0..40 {
        changes.push((format!("content/verhalen/v{n:02}.md"), story_text(n, 1)));
    }
    let fixture = Fixture::with(&changes);
    let mut memo = Memo::for_serve();
    let first = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    let all = memo.rendered_count();
    assert!(all > 50, "{all}");
    // Nothing changed: nothing parsed or rendered again.
    pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    assert_eq!((memo.parsed_count(), memo.rendered_count()), (0, 0));
    // A body edit that changes no title: one file parsed, its page (and pages listing its
    // summary) rendered.
    fixture.write(
        "content/verhalen/v07.md",
        format!("{}\nAndere tekst.\n", story_text(7, 1)).as_bytes(),
    );
    let second = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    assert_eq!(memo.parsed_count(), 1);
    // Its shape is the same: the graph is kept and only this story resolved again.
    assert_eq!((memo.graph_reused(), memo.resolved_count()), (true, 1));
    assert!(
        memo.rendered_count() <= 6,
        "rendered {} of {all}",
        memo.rendered_count()
    );
    assert_ne!(
        first.output.get("verhalen/v07/index.html"),
        second.output.get("verhalen/v07/index.html")
    );
}

#[test]
fn retitling_a_story_refreshes_the_page_of_each_list_it_is_on_and_no_other() {
    // Two stories a page: five stories in the agenda theme make three pages of it.
    let mut files: Vec<(String, String)> = vec![(
        "site.toml".into(),
        "title = \"Test\"\nbase_url = \"https://example.org/\"\nmunicipality = \"Gemeente Test\"\npage_size = 2\n".into(),
    )];
    for n in 1..=4 {
        files.push((
            format!("content/verhalen/s{n}.md"),
            format!(
                "---\ntitle: Verhaal {n}\ndate: 2025-01-1{n}\nthemes: [driehoek]\n---\nTekst.\n"
            ),
        ));
    }
    let fixture = Fixture::with(&files);
    let mut memo = Memo::for_serve();
    let first = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    // s1 is the oldest but buurt (2025-01-02): on page 2 of the theme, after s4, s3, s2.
    fixture.write(
        "content/verhalen/s1.md",
        b"---\ntitle: Nieuwe titel\ndate: 2025-01-11\nthemes: [driehoek]\n---\nTekst.\n",
    );
    let incremental = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    let clean = pipeline::build(&options(&fixture)).unwrap();
    let page2 = String::from_utf8_lossy(&incremental.output["themas/driehoek/pagina/2/index.html"])
        .to_string();
    assert!(page2.contains("Nieuwe titel"), "{page2}");
    let differing: Vec<&String> = clean
        .output
        .iter()
        .filter(|(path, bytes)| incremental.output.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(differing.is_empty(), "differing pages {differing:?}");
    // Page 3 (buurt alone) was not rendered again: the same bytes, the same allocation.
    let page3 = "themas/driehoek/pagina/3/index.html";
    assert!(std::sync::Arc::ptr_eq(
        &first.output[page3],
        &incremental.output[page3]
    ));
}

#[test]
fn retitling_a_story_refreshes_the_pages_linking_to_it() {
    let fixture = Fixture::with(&[
        (
            "content/verhalen/a.md",
            "---\ntitle: Verhaal A\ndate: 2025-01-10\n---\nZie [[b]] en [b](b.md).\n",
        ),
        (
            "content/verhalen/b.md",
            "---\ntitle: Oude titel\ndate: 2025-01-11\n---\nTekst.\n",
        ),
    ]);
    let mut memo = Memo::for_serve();
    pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    fixture.write(
        "content/verhalen/b.md",
        b"---\ntitle: Nieuwe titel\ndate: 2025-01-11\n---\nTekst.\n",
    );
    let incremental = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    // A title is not part of a story's shape: the graph is kept, and both stories are
    // resolved again (b itself, and a whose links show b's title).
    assert_eq!((memo.graph_reused(), memo.resolved_count()), (true, 2));
    let page = String::from_utf8_lossy(&incremental.output["verhalen/a/index.html"]).to_string();
    assert!(
        page.contains("Nieuwe titel") && !page.contains("Oude titel"),
        "{page}"
    );
    let clean = pipeline::build(&options(&fixture)).unwrap();
    assert_eq!(incremental.output, clean.output);
}

#[test]
fn a_build_told_what_changed_looks_only_there_and_walks_when_it_cannot_tell() {
    let fixture = Fixture::with(&[
        (
            "content/verhalen/a.md",
            "---\ntitle: Titel A\ndate: 2025-01-10\n---\nTekst.\n",
        ),
        (
            "content/verhalen/b.md",
            "---\ntitle: Titel B\ndate: 2025-01-11\n---\nTekst.\n",
        ),
    ]);
    let mut memo = Memo::for_serve();
    pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    let page = |built: &pipeline::Built, path: &str| {
        String::from_utf8_lossy(&built.output[path]).to_string()
    };
    // Changed but not reported: a told build does not look (serve trusts its watcher).
    fixture.write(
        "content/verhalen/b.md",
        b"---\ntitle: Nieuw B\ndate: 2025-01-11\n---\nTekst.\n",
    );
    memo.expect(Some(Vec::new()));
    let built = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    assert!(page(&built, "verhalen/b/index.html").contains("Titel B"));
    assert_eq!(memo.parsed_count(), 0);
    // Reported: read and parsed, nothing else.
    memo.expect(Some(vec!["content/verhalen/b.md".into()]));
    let built = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    assert!(page(&built, "verhalen/b/index.html").contains("Nieuw B"));
    assert_eq!(memo.parsed_count(), 1);
    // A folder reported: the report cannot say what is inside, so the build walks.
    fixture.write(
        "content/verhalen/map/c.md",
        b"---\ntitle: Titel C\ndate: 2025-01-12\n---\nTekst.\n",
    );
    memo.expect(Some(vec!["content/verhalen/map".into()]));
    let built = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    assert!(built.output.contains_key("verhalen/c/index.html"));
    // A deleted file reported: gone.
    std::fs::remove_file(fixture.path("content/verhalen/a.md")).unwrap();
    memo.expect(Some(vec!["content/verhalen/a.md".into()]));
    let built = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    assert!(!built.output.contains_key("verhalen/a/index.html"));
    // Paths outside `content/`, absolute or through `..` are not content: no effect.
    memo.expect(Some(vec![
        "site.toml".into(),
        "content/../site.toml".into(),
        fixture.path("site.toml"),
    ]));
    let built = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    let clean = pipeline::build(&options(&fixture)).unwrap();
    assert_eq!(
        built.diagnostics.into_sorted(),
        clean.diagnostics.into_sorted()
    );
    assert_eq!(built.output, clean.output);
    // Lost events: unknown, so the build walks and finds an unreported change.
    fixture.write(
        "content/verhalen/b.md",
        b"---\ntitle: Weer B\ndate: 2025-01-11\n---\nTekst.\n",
    );
    memo.expect(None);
    let built = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    assert!(page(&built, "verhalen/b/index.html").contains("Weer B"));
    assert_eq!(
        built.output,
        pipeline::build(&options(&fixture)).unwrap().output
    );
}

#[test]
fn links_to_a_story_that_no_longer_parses_are_reported_as_a_clean_build_reports_them() {
    // Found by the property test: serve keeps the last good version of a story that no
    // longer parses, so links to it resolved in serve but were broken in a clean build.
    let fixture = Fixture::with(&[("content/over.md", "---\ntitle: Over\n---\nOver de site.\n")]);
    let mut memo = Memo::for_serve();
    pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    for edit in [
        Edit::WriteStory(3, 0),
        Edit::BreakStory(3),
        Edit::WriteStory(2, 5),
    ] {
        apply(&fixture, &edit);
        let incremental = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
        let clean = pipeline::build(&options(&fixture)).unwrap();
        assert_eq!(
            incremental.diagnostics.into_sorted(),
            clean.diagnostics.into_sorted(),
            "after {edit:?}"
        );
        // The preview still shows the story that does not parse (its last good version).
        assert!(incremental.output.contains_key("verhalen/v3/index.html"));
    }
}

#[test]
fn term_pages_of_a_site_taxonomy_follow_retitles_and_the_spelling_most_stories_use() {
    let story = |id: &str, title: &str, wijken: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2025-01-1{}\nwijken: {wijken}\n---\nTekst.\n",
            id.len()
        )
    };
    let fixture = Fixture::with(&[
        ("site.toml", SITE_TOML.to_string()),
        ("content/verhalen/a.md", story("a", "Verhaal A", "[Oost]")),
        ("content/verhalen/bb.md", story("bb", "Verhaal B", "[Oost]")),
    ]);
    let mut memo = Memo::for_serve();
    pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    let page = |built: &pipeline::Built, path: &str| {
        String::from_utf8_lossy(&built.output[path]).to_string()
    };
    // A retitle keeps the graph: the term page showing the story renders again.
    fixture.write(
        "content/verhalen/a.md",
        story("a", "Nieuwe titel", "[Oost]").as_bytes(),
    );
    let incremental = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    assert!(memo.graph_reused());
    assert!(page(&incremental, "wijken/oost/index.html").contains("Nieuwe titel"));
    assert_eq!(
        incremental.output,
        pipeline::build(&options(&fixture)).unwrap().output
    );
    // Two stories now spell it `OOST`: that is the term's title, on the page of the
    // story that was not edited too.
    fixture.write(
        "content/verhalen/bb.md",
        story("bb", "Verhaal B", "[OOST]").as_bytes(),
    );
    fixture.write(
        "content/verhalen/ccc.md",
        story("ccc", "Verhaal C", "[OOST]").as_bytes(),
    );
    let incremental = pipeline::build_with(&options(&fixture), &mut memo).unwrap();
    assert!(
        page(&incremental, "verhalen/a/index.html")
            .contains(r#"data-pagefind-filter="wijken">OOST</a>"#),
        "{}",
        page(&incremental, "verhalen/a/index.html")
    );
    assert_eq!(
        incremental.output,
        pipeline::build(&options(&fixture)).unwrap().output
    );
}
