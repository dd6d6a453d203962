//! The tips editors get for their usual mistakes, on a freshly `init`ed site: each tip
//! is right the first time (applying it fixes the problem), a file with an error is
//! reported once (not again by every link to it), YAML slips are explained in Dutch at
//! their column, every problem of a file is reported in one run, and the command line
//! speaks Dutch.

use std::path::{Path, PathBuf};

use verteller::pipeline::{self, BuildOptions, Memo};

/// A site made by `verteller init --name "Gemeente Zuidwold"`.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

/// What a run printed and returned.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn verteller(cwd: &Path, args: &[&str]) -> Run {
    let out = assert_cmd::Command::cargo_bin("verteller")
        .unwrap()
        .current_dir(cwd)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let init = verteller(dir.path(), &["init", "site", "--name", "Gemeente Zuidwold"]);
        assert_eq!(init.code, 0, "{}", init.stderr);
        let root = dir.path().join("site");
        Site { _dir: dir, root }
    }

    fn run(&self, args: &[&str]) -> Run {
        verteller(&self.root, args)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Replaces `from` by `to` in one file (which must contain it).
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// `check --format json`: the diagnostics as `(code, file:line:column, hint)`.
    fn diagnostics(&self) -> Vec<(String, String, String)> {
        let out = self.run(&["check", "--format", "json"]);
        let items: Vec<serde_json::Value> = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stdout, out.stderr));
        items
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    format!(
                        "{}:{}:{}",
                        d["file"].as_str().unwrap_or(""),
                        d["line"],
                        d["column"]
                    ),
                    d["hint"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }
}

const STORY: &str = "content/verhalen/buurtkamer-oost.md";

#[test]
fn a_broken_relative_link_gets_a_tip_that_works_from_its_file() {
    let site = Site::new();
    site.edit(
        STORY,
        "(ruimte-voor-de-wijkcoach.md)",
        "(buurtkamer-west.md)",
    );
    let found = site.diagnostics();
    let (code, _, hint) = &found[0];
    assert_eq!(code, "broken-link", "{found:?}");
    assert!(hint.contains("`buurtkamer-oost.md`"), "{hint}");
    assert!(
        !hint.contains("verhalen/"),
        "the tip is written from the file's folder: {hint}"
    );
    // Applying the tip fixes it.
    site.edit(STORY, "(buurtkamer-west.md)", "(buurtkamer-oost.md)");
    assert_eq!(site.diagnostics(), vec![]);
    // From another folder the tip climbs out of it.
    site.edit(
        "content/verhaal/01-samenleving-verandert.md",
        "(../verhalen/buurtkamer-oost.md)",
        "(../verhalen/buurtkamer-olst.md)",
    );
    let found = site.diagnostics();
    assert!(
        found[0].2.contains("`../verhalen/buurtkamer-oost.md`"),
        "{found:?}"
    );
}

#[test]
fn a_story_that_does_not_parse_is_reported_once_not_by_every_link_to_it() {
    let site = Site::new();
    site.edit(
        STORY,
        "title: Een buurtkamer in Oost",
        "title: Een buurtkamer: Oost",
    );
    let found = site.diagnostics();
    assert_eq!(found.len(), 1, "only the file's own error: {found:?}");
    assert_eq!(found[0].0, "yaml-colon");
    assert_eq!(found[0].1, format!("{STORY}:5:22"));
    // The same for a file named `.MD`: one error, saying to rename it.
    let site = Site::new();
    std::fs::rename(
        site.root.join(STORY),
        site.root.join("content/verhalen/buurtkamer-oost.MD"),
    )
    .unwrap();
    let found = site.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "markdown-extension");
    assert!(
        found[0].2.contains("hernoem het naar `buurtkamer-oost.md`"),
        "{found:?}"
    );
}

#[test]
fn markdown_under_another_extension_is_an_error_not_a_missing_story() {
    for extension in ["MD", "markdown", "mdown"] {
        let site = Site::new();
        let renamed = format!("content/verhalen/buurtkamer-oost.{extension}");
        std::fs::rename(site.root.join(STORY), site.root.join(&renamed)).unwrap();
        let out = site.run(&["build"]);
        assert_eq!(out.code, 1, "{extension}: {}", out.stderr);
        assert!(
            out.stderr.contains("hernoem het naar `buurtkamer-oost.md`"),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains(&format!("{renamed}:1:1")),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn yaml_slips_are_explained_in_dutch_at_their_column() {
    // (what is written instead of `place: Oost`, code, column, words of the tip)
    let cases = [
        (
            "place:\n\t- Oost",
            "yaml-tab",
            "14:1",
            "gebruik spaties, geen tab",
        ),
        (
            "place: Oost: wijk",
            "yaml-colon",
            "13:12",
            "`place: \"Oost: wijk\"`",
        ),
        (
            "place: “Oost: wijk”",
            "yaml-curly-quotes",
            "13:8",
            "`place: \"Oost: wijk\"`",
        ),
        (
            "place: [Oost, West",
            "yaml-unclosed-list",
            "13:8",
            "sluit de lijst met `]`",
        ),
        (
            "place: \"Oost",
            "yaml-unclosed-quote",
            "13:8",
            "ook een `\"`",
        ),
    ];
    for (written, code, at, words) in cases {
        let site = Site::new();
        site.edit(STORY, "place: Oost", written);
        let found = site.diagnostics();
        assert_eq!(found.len(), 1, "{written:?}: {found:?}");
        let (got, place, hint) = &found[0];
        assert_eq!(got, code, "{written:?}");
        assert_eq!(place, &format!("{STORY}:{at}"), "{written:?}");
        assert!(hint.contains(words), "{written:?}: {hint}");
        assert!(
            hint.contains("de YAML-lezer zegt:"),
            "the parser's words stay: {hint}"
        );
    }
}

#[test]
fn every_front_matter_mistake_of_a_file_is_reported_in_one_run() {
    let site = Site::new();
    site.edit(
        STORY,
        "title: Een buurtkamer in Oost",
        "title: Een buurtkamer: Oost",
    );
    site.edit(STORY, "place: Oost", "place: Oost: wijk");
    site.edit(STORY, "date: 2025-05-12", "date: 12-05-2025");
    let codes: Vec<String> = site.diagnostics().into_iter().map(|d| d.0).collect();
    assert_eq!(codes, ["yaml-colon", "invalid-date", "yaml-colon"]);
}

#[test]
fn a_date_in_another_form_gets_the_date_meant() {
    for (written, meant) in [
        ("12-05-2025", "2025-05-12"),
        ("12 mei 2025", "2025-05-12"),
        ("3/2/2025", "2025-02-03"),
        ("2025/5/12", "2025-05-12"),
    ] {
        let site = Site::new();
        site.edit(STORY, "date: 2025-05-12", &format!("date: {written}"));
        let found = site.diagnostics();
        assert_eq!(found[0].0, "invalid-date");
        assert!(
            found[0].2.contains(&format!("`date: {meant}`")),
            "{written}: {found:?}"
        );
    }
    // The whole value is underlined, not its first word.
    let site = Site::new();
    site.edit(STORY, "date: 2025-05-12", "date: 12 mei 2025");
    let out = site.run(&["check"]);
    let caret = out.stderr.lines().find(|l| l.contains('^')).unwrap_or("");
    assert_eq!(
        caret.matches('^').count(),
        "12 mei 2025".len(),
        "{}",
        out.stderr
    );
}

#[test]
fn a_key_under_the_last_table_of_site_toml_names_the_table() {
    let site = Site::new();
    let toml = site.read("site.toml").replace("page_size = 20\n", "");
    site.write("site.toml", &format!("{toml}page_size = 10\n"));
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("staat onder het kopje `[search]`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("boven het eerste kopje"),
        "{}",
        out.stderr
    );
}

#[test]
fn kinds_have_dutch_names_and_one_spelling_works_everywhere() {
    let site = Site::new();
    for (word, folder) in [
        ("verhaal", "content/verhalen/"),
        ("thema", "content/themas/"),
        ("rol", "content/rollen/"),
        ("hoofdstuk", "content/verhaal/"),
        ("Agenda_Theme", "content/themas/"),
    ] {
        let out = site.run(&["new", word, &format!("Nieuw {word}")]);
        assert_eq!(out.code, 0, "{word}: {}", out.stderr);
        assert!(out.stdout.starts_with(folder), "{word}: {}", out.stdout);
    }
    for kind in ["agenda_theme", "agenda-theme", "thema"] {
        let out = site.run(&["schema", "--kind", kind]);
        assert_eq!(out.code, 0, "{kind}: {}", out.stderr);
    }
    let out = site.run(&["new", "verhal", "X"]);
    assert!(
        out.stderr.contains("bedoelde je `verhaal`?"),
        "{}",
        out.stderr
    );
    let out = site.run(&["new", "agenda", "Nieuw punt", "--theme", "een-overhied"]);
    assert!(
        out.stderr.contains("bedoelde je `een-overheid`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn twin_and_overlong_titles_are_warned_about_and_new_keeps_ids_short() {
    let site = Site::new();
    let west = "content/verhalen/wijkaanpak-west.md";
    let text = site.read(west);
    let title = text
        .lines()
        .find(|l| l.starts_with("title: "))
        .unwrap()
        .to_string();
    site.edit(west, &title, "title: Een buurtkamer in Oost");
    let found = site.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "duplicate-title");
    assert!(
        found[0]
            .1
            .starts_with("content/verhalen/wijkaanpak-west.md:"),
        "{found:?}"
    );

    let long = "Een buurtkamer in Oost waar bewoners zelf de sleutel hebben en de gemeente alleen meedenkt als de bewoners daar om vragen";
    let out = site.run(&["new", "story", long]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = out.stdout.trim();
    let id = path.rsplit('/').next().unwrap().trim_end_matches(".md");
    assert!(id.len() <= 48, "{id}");
    assert!(site.read(path).contains(long), "the title is kept whole");
    let codes: Vec<String> = site.diagnostics().into_iter().map(|d| d.0).collect();
    assert!(codes.contains(&"long-title".to_string()), "{codes:?}");
}

#[test]
fn help_and_usage_errors_are_dutch() {
    let site = Site::new();
    for args in [&["--help"][..], &["build", "--help"], &["help"]] {
        let out = site.run(args);
        assert_eq!(out.code, 0);
        for english in ["Usage:", "Options:", "Commands:", "Print help", "[default:"] {
            assert!(!out.stdout.contains(english), "{args:?}: {}", out.stdout);
        }
        assert!(out.stdout.contains("Gebruik:"), "{}", out.stdout);
    }
    let out = site.run(&["biuld"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("onbekende opdracht `biuld`. Bedoelde je `build`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn build_names_the_placeholders_of_a_new_site_and_is_quiet_once_they_are_replaced() {
    let site = Site::new();
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("placeholder-base-url"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("sample-document"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("content/verhalen/buurtkamer-oost.md:4:1"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("Gemeente Zuidwold bestaat niet"));
    let home = site.read("public/index.html");
    assert!(
        !home.contains("bestaat niet echt"),
        "no false sentence about the municipality"
    );

    // The web team sets the address and makes the samples its own.
    site.edit(
        "site.toml",
        "https://verhaal.voorbeeld.nl/",
        "https://verhaal.zuidwold.nl/",
    );
    for entry in walkdir(&site.root.join("content")) {
        if entry.extension().is_none_or(|e| e != "md") {
            continue; // a photo beside its story
        }
        let text = std::fs::read_to_string(&entry).unwrap();
        if text.contains("\nsample: true\n") {
            std::fs::write(&entry, text.replace("\nsample: true\n", "\n")).unwrap();
        }
    }
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("0 fouten, 0 waarschuwingen"),
        "{}",
        out.stderr
    );
}

/// Every file under `dir`.
fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn serve_reports_a_file_that_stops_parsing_once() {
    let site = Site::new();
    let options = BuildOptions {
        root: site.root.clone(),
        ..BuildOptions::default()
    };
    let mut memo = Memo::for_serve();
    let first = pipeline::build_with(&options, &mut memo).unwrap();
    assert_eq!(first.diagnostics.iter().count(), 0);
    site.edit(
        STORY,
        "title: Een buurtkamer in Oost",
        "title: Een buurtkamer: Oost",
    );
    let second = pipeline::build_with(&options, &mut memo).unwrap();
    let codes: Vec<&str> = second.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["yaml-colon"],
        "the overlay shows the file's own error only"
    );
}

#[test]
fn a_story_in_the_future_is_pointed_at_its_date() {
    let site = Site::new();
    site.edit(STORY, "date: 2025-05-12", "date: 2099-05-12");
    let found = site.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "future-story");
    assert_eq!(
        found[0].1,
        format!("{STORY}:7:1"),
        "at `date`, not at the file's first line"
    );
    assert!(found[0].2.contains("draft: true"), "{found:?}");
}
