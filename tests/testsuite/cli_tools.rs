//! Tools for editors: `init`, `new`, `schema`, and `check`'s lints.

use std::path::Path;

use assert_cmd::Command;

use crate::support::{Fixture, Output};

fn verteller(dir: &Path, args: &[&str]) -> Output {
    let out = Command::cargo_bin("verteller")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn init_new_build_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let out = verteller(tmp.path(), &["init", "site", "--name", "Gemeente Zuidwold"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let site = tmp.path().join("site");
    let config = std::fs::read_to_string(site.join("site.toml")).unwrap();
    assert!(
        config.contains("municipality = \"Gemeente Zuidwold\""),
        "{config}"
    );
    assert!(!site.join("themes").exists(), "the theme is not copied");

    let check = verteller(&site, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("0 fouten, 0 waarschuwingen"),
        "{}",
        check.stderr
    );

    let new = verteller(&site, &["new", "story", "Buurtkamer in Zuid"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert_eq!(new.stdout.trim(), "content/verhalen/buurtkamer-in-zuid.md");
    // With `/` on every platform (Windows joins the root `.` with `\`).
    assert!(
        new.stderr
            .contains("./content/verhalen/buurtkamer-in-zuid.md"),
        "{}",
        new.stderr
    );
    assert!(
        new.stderr.contains("/verhalen/buurtkamer-in-zuid/"),
        "{}",
        new.stderr
    );

    let build = verteller(&site, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = std::fs::read_to_string(site.join("public/verhalen/buurtkamer-in-zuid/index.html"))
        .unwrap();
    assert!(page.contains("<h1>Buurtkamer in Zuid</h1>"));
    assert!(page.contains("Gemeente Zuidwold"));

    // init refuses a non-empty directory.
    let again = verteller(tmp.path(), &["init", "site"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("niet leeg"), "{}", again.stderr);
}

#[test]
fn new_writes_valid_front_matter_for_every_kind() {
    let fixture = Fixture::minimal();
    for (token, title, path) in [
        (
            "story",
            "Een nieuw verhaal",
            "content/verhalen/een-nieuw-verhaal.md",
        ),
        (
            "chapter",
            "Een nieuw hoofdstuk",
            "content/verhaal/een-nieuw-hoofdstuk.md",
        ),
        (
            "agenda-theme",
            "Eén nieuw thema",
            "content/themas/een-nieuw-thema.md",
        ),
        ("quadrant", "Presterend", "content/kwadranten/presterend.md"),
        ("page", "Contact: zo", "content/contact-zo.md"),
    ] {
        let out = fixture.run(&["new", token, title, "--date", "2025-05-05"]);
        assert_eq!(out.code, 0, "{token}: {}", out.stderr);
        assert_eq!(out.stdout.trim(), path);
        assert!(fixture.path(path).is_file());
    }
    let out = fixture.run(&["new", "agenda", "Nieuw punt", "--theme", "driehoek"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = fixture.read("content/agenda/nieuw-punt.md");
    assert!(
        text.contains("theme: driehoek\n# theme: kies uit driehoek"),
        "{text}"
    );
    let story = fixture.read("content/verhalen/een-nieuw-verhaal.md");
    assert!(story.contains("date: 2025-05-05"));
    assert!(story.contains("# themes: kies uit driehoek"), "{story}");
    // A site's own role replaces the three built-in ones (DESIGN §2).
    let roles = Fixture::with(&[(
        "content/verhalen/buurt.md",
        "---\ntitle: Buurt\ndate: 2025-01-02\nroles: [inwoner]\n---\n",
    )]);
    let out = roles.run(&["new", "role", "Inwoner"]);
    assert_eq!(
        out.stdout.trim(),
        "content/rollen/inwoner.md",
        "{}",
        out.stderr
    );
    assert_eq!(roles.run(&["build"]).code, 0);
    assert!(roles.path("public/rollen/inwoner/index.html").is_file());
    assert!(!roles.path("public/rollen/burger").exists());
    // Everything written is valid: the site still builds without errors.
    let check = fixture.run(&["check"]);
    assert!(!check.stderr.contains("fout["), "{}", check.stderr);
    assert_eq!(fixture.run(&["build"]).code, 0);
}

#[test]
fn new_refuses_to_overwrite_and_lists_agenda_themes() {
    let fixture = Fixture::minimal();
    let out = fixture.run(&["new", "story", "Buurt"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("bestaat het al"), "{}", out.stderr);
    assert!(
        fixture
            .read("content/verhalen/buurt.md")
            .contains("title: Buurt"),
        "untouched"
    );

    let out = fixture.run(&["new", "agenda", "Zonder thema"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--theme, een van: driehoek"),
        "{}",
        out.stderr
    );
    let out = fixture.run(&["new", "agenda", "Fout thema", "--theme", "drie"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`drie` is geen agendathema"),
        "{}",
        out.stderr
    );
    let out = fixture.run(&["new", "gedicht", "X"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("kies uit: story (verhaal), chapter (hoofdstuk)"),
        "{}",
        out.stderr
    );
}

/// Front matter of a Markdown file as JSON.
fn front_matter_json(text: &str) -> serde_json::Value {
    let text = text.replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---").expect("closing ---");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).expect("yaml");
    serde_json::to_value(yaml).expect("json")
}

#[test]
fn the_schema_accepts_the_default_site_and_rejects_mistakes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = verteller(root, &["schema"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let schema: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");

    let mut checked = 0;
    let mut stack = vec![root.join("content")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") && !path.ends_with("_index.md") {
                let fm = front_matter_json(&std::fs::read_to_string(&path).unwrap());
                let errors: Vec<String> =
                    validator.iter_errors(&fm).map(|e| e.to_string()).collect();
                assert!(errors.is_empty(), "{}: {errors:?}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "checked {checked}");

    let story = verteller(root, &["schema", "--kind", "story"]);
    let story: serde_json::Value = serde_json::from_str(&story.stdout).unwrap();
    let validator = jsonschema::validator_for(&story).unwrap();
    for broken in [
        "title: X\n",                                               // no date
        "title: X\ndate: 2025-01-01\nthemes: [bestaat-niet]\n",     // unknown id
        "title: X\ndate: 2025-01-01\nthema: [een-overheid]\n",      // unknown key
        "title: X\ndate: 2025-01-01\ndraft: ja\n",                  // wrong type
        "title: X\ndate: 2025-01-01\nroles: [burger, ambtenaar]\n", // unknown role
    ] {
        let fm = front_matter_json(&format!("---\n{broken}---\n"));
        assert!(!validator.is_valid(&fm), "accepted: {broken}");
    }
    let good = front_matter_json(
        "---\ntitle: X\ndate: 2025-01-01\nthemes: [een-overheid]\nroles: [burger]\n---\n",
    );
    assert!(validator.is_valid(&good));
}

#[test]
fn check_lints_each_problem_with_its_line() {
    let fixture = Fixture::with(&[
        (
            "content/verhalen/lastig.md",
            "---\ntitle: Lastig\ndate: 2025-01-01\n---\n# Dubbele kop\n\n#### Te diep\n\n[Klik hier](buurt.md) of <https://example.org>.\n\n\
             ![Kaart](https://kaarten.example/k.png)\n\n| | |\n|---|---|\n| a | b |\n\n\
             Dit is een hele lange zin met veel te veel woorden erin die maar doorgaat en doorgaat zodat niemand hem nog in een keer kan lezen of begrijpen.\n",
        ),
        (
            "content/agenda/leeg.md",
            "---\ntitle: Leeg\ntheme: driehoek\n---\nGeen verhaal.\n",
        ),
        (
            "content/verhalen/concept.md",
            "---\ntitle: Concept\ndate: 2025-01-01\ndraft: true\n---\nLater.\n",
        ),
    ]);
    let out = fixture.run(&["check"]);
    assert_eq!(
        out.code, 1,
        "the external image is an error: {}",
        out.stderr
    );
    for (at, words) in [
        (
            "content/verhalen/lastig.md:5:1",
            "de titel is al de hoofdkop",
        ),
        (
            "content/verhalen/lastig.md:7:1",
            "kopniveau springt van 1 naar 4",
        ),
        ("content/verhalen/lastig.md:9:1", "linktekst `Klik hier`"),
        ("content/verhalen/lastig.md:9:", "kale URL als linktekst"),
        (
            "content/verhalen/lastig.md:11:1",
            "van een andere website geladen",
        ),
        ("content/verhalen/lastig.md:13:1", "tabel zonder kopregel"),
        (
            "content/verhalen/lastig.md:17:1",
            "lange zin (28 woorden): \"Dit is een hele lange zin",
        ),
        (
            "content/verhalen/lastig.md:1:1",
            "verhaal zonder agendathema, kwadrant of verwijzing",
        ),
        ("content/agenda/leeg.md:1:1", "agendapunt zonder verhaal"),
        (
            "content/verhalen/concept.md:1:1",
            "concept: wordt niet gepubliceerd",
        ),
    ] {
        assert!(out.stderr.contains(at), "expected {at} in:\n{}", out.stderr);
        assert!(
            out.stderr.contains(words),
            "expected `{words}` in:\n{}",
            out.stderr
        );
    }
}

#[test]
fn warnings_alone_exit_zero_unless_denied() {
    let fixture = Fixture::with(&[(
        "content/verhalen/buurt.md",
        "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek]\n---\n## Aanpak\n\n[Lees meer](../verhaal/begin.md).\n",
    )]);
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("linktekst `Lees meer`"),
        "{}",
        out.stderr
    );
    assert_eq!(fixture.run(&["check", "--deny-warnings"]).code, 1);
    // Lints are check's: build does not print them.
    let build = fixture.run(&["build"]);
    assert!(!build.stderr.contains("Lees meer"), "{}", build.stderr);
}

/// `--version` names the version and the commit the binary was built from: what
/// `git rev-parse` says of this checkout. Where the test cannot run git (under wine),
/// the line has the commit's shape.
#[test]
fn version_names_the_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let out = verteller(tmp.path(), &["--version"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let head = std::process::Command::new("git")
        .arg("-C")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let line = out.stdout.trim();
    let prefix = format!("verteller {} (commit ", env!("CARGO_PKG_VERSION"));
    let commit = line
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{line:?} is not `{prefix}…)`"));
    match head {
        Some(head) => assert_eq!(commit, head),
        None => assert!(
            commit == "onbekend"
                || (commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
            "{commit:?}"
        ),
    }
}
