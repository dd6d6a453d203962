//! Content cannot run script, load from elsewhere, or make verteller read or write
//! outside the site (issue 18): the hostile-HTML catalogue with each payload's
//! diagnostic and harmless rendering, symbolic links, `output_dir`, and output paths
//! that collide — in `check` as well as `build`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use verteller::diagnostics::Severity;
use verteller::html_policy::{self, Ev};
use verteller::pipeline::{self, BuildOptions};

use crate::support::Fixture;
use crate::support::hostile_html::{PAYLOADS, story};

/// The minimal site with every payload as a story of its own, and a script in `static/`
/// that one payload tries to load.
fn hostile_site(evil: &str) -> Fixture {
    let fixture = Fixture::minimal();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let (path, text) = story(n, payload, evil);
        fixture.write(&path, text.as_bytes());
    }
    fixture.write("static/evil.js", b"window.__pwned = 1;\n");
    fixture
}

#[test]
fn the_catalogue_holds_at_least_sixty_payloads_with_distinct_names() {
    let names: BTreeSet<&str> = PAYLOADS.iter().map(|p| p.name).collect();
    assert!(PAYLOADS.len() >= 60, "{} payloads", PAYLOADS.len());
    assert_eq!(names.len(), PAYLOADS.len(), "two payloads share a name");
}

#[test]
fn every_payload_is_an_error_at_its_line_with_its_code() {
    let fixture = hostile_site("http://127.0.0.1:9");
    let built = pipeline::build(&BuildOptions {
        root: fixture.root().to_path_buf(),
        ..BuildOptions::default()
    })
    .expect("build runs");
    let mut failures = Vec::new();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let file = PathBuf::from(format!("content/verhalen/p{n:02}.md"));
        let hit = built.diagnostics.iter().any(|d| {
            d.file == file
                && d.code == payload.code
                && d.severity == Severity::Error
                && d.position.line == 5
                && d.position.column >= 1
                && d.hint.is_some()
        });
        if !hit {
            let got: Vec<String> = built
                .diagnostics
                .iter()
                .filter(|d| d.file == file)
                .map(|d| {
                    format!(
                        "{}:{}:{} {}",
                        d.code, d.position.line, d.position.column, d.message
                    )
                })
                .collect();
            failures.push(format!(
                "{} ({}): expected `{}` at line 5, got {got:?}",
                payload.name,
                file.display(),
                payload.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What a page holds that could run or load: tag names, `on…` and `style` attributes,
/// and URL attributes with a scheme other than http(s), mailto and tel.
fn dangerous_parts(html: &str) -> (BTreeSet<String>, Vec<String>) {
    let mut tags = BTreeSet::new();
    let mut bad = Vec::new();
    html_policy::scan(html, |event| match event {
        Ev::Open { name, .. } => {
            tags.insert(name.to_string());
        }
        Ev::Attribute { name, value, .. } => {
            if name.starts_with("on") || name == "style" || name == "srcdoc" || name == "ping" {
                bad.push(format!("{name}={value}"));
            }
            let url_attribute = matches!(
                name,
                "href" | "src" | "xlink:href" | "action" | "formaction" | "data" | "poster"
            );
            if url_attribute
                && html_policy::refused_scheme(value, &html_policy::LINK_SCHEMES).is_some()
            {
                bad.push(format!("{name}={value}"));
            }
        }
        _ => {}
    });
    (tags, bad)
}

/// serve renders documents with errors (the editor sees the preview with the overlay):
/// the page of each payload must still hold nothing that runs or loads.
#[test]
fn the_rendered_pages_of_the_payloads_hold_nothing_that_runs() {
    let fixture = hostile_site("http://127.0.0.1:9");
    let built = pipeline::build(&BuildOptions {
        root: fixture.root().to_path_buf(),
        ..BuildOptions::default()
    })
    .expect("build runs");
    let page = |path: &str| {
        let bytes = built
            .output
            .get(path)
            .unwrap_or_else(|| panic!("{path} rendered"));
        String::from_utf8(bytes.to_vec()).expect("UTF-8")
    };
    // The theme's own page for a story, without a payload: its tags are the baseline.
    let (baseline, baseline_bad) = dangerous_parts(&page("verhalen/buurt/index.html"));
    assert!(baseline_bad.is_empty(), "{baseline_bad:?}");
    let mut failures = Vec::new();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let html = page(&format!("verhalen/p{n:02}/index.html"));
        let (tags, bad) = dangerous_parts(&html);
        let extra: Vec<&String> = tags.difference(&baseline).collect();
        if !extra.is_empty() || !bad.is_empty() {
            failures.push(format!(
                "{}: new tags {extra:?}, attributes {bad:?}",
                payload.name
            ));
        }
        for marker in ['\u{1A}', '\u{1B}', '\u{1C}'] {
            if html.contains(marker) {
                failures.push(format!(
                    "{}: placeholder {marker:?} left in the page",
                    payload.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn check_fails_on_hostile_content_with_file_line_and_column() {
    let fixture = hostile_site("http://127.0.0.1:9");
    let out = fixture.run(&["check", "--deny-warnings"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("content/verhalen/p00.md:5:1"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("`<script>`"), "{}", out.stderr);
}

#[test]
fn allowed_html_builds_without_a_word() {
    let fixture = Fixture::with(&[(
        "content/verhalen/toegestaan.md",
        "---\ntitle: Toegestaan\ndate: 2025-01-01\n---\nDe <abbr title=\"Wet maatschappelijke ondersteuning\">Wmo</abbr> \
         in het Fries: <span lang=\"fy\">Goeie</span>. m<sup>2</sup>, <kbd>Ctrl</kbd>.<br>\n\n\
         <details>\n<summary>Meer lezen</summary>\n\nVerborgen tekst.\n\n</details>\n\n\
         [Wetten](https://wetten.overheid.nl/) · [mail](mailto:a@b.nl) · [bel](tel:+31201234567)\n",
    )]);
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for code in [
        "raw-html",
        "unsafe-url",
        "heading-attribute",
        "control-character",
    ] {
        assert!(!out.stderr.contains(code), "{code}: {}", out.stderr);
    }
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = fixture.read("public/verhalen/toegestaan/index.html");
    assert!(page.contains("<span lang=\"fy\">Goeie</span>"), "{page}");
    assert!(page.contains("<summary>Meer lezen</summary>"), "{page}");
}

#[test]
fn raw_html_is_an_explicit_opt_in_that_every_run_announces() {
    let fixture = Fixture::with(&[
        (
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org/\"\n\n[markdown]\nraw_html = true\n",
        ),
        (
            "content/verhalen/eigen.md",
            "---\ntitle: Eigen\ndate: 2025-01-01\n---\n<div class=\"kader\">Eigen HTML</div>\n",
        ),
    ]);
    for command in ["check", "build"] {
        let out = fixture.run(&[command]);
        assert_eq!(out.code, 0, "{command}: {}", out.stderr);
        assert!(
            out.stderr.contains("ruwe HTML"),
            "{command}: {}",
            out.stderr
        );
    }
    let page = fixture.read("public/verhalen/eigen/index.html");
    assert!(page.contains("<div class=\"kader\">Eigen HTML</div>"));
}

// --- Reading: symbolic links stay in their own source folder ---------------------------

#[cfg(unix)]
fn link(fixture: &Fixture, target: &str, at: &str) {
    let path = fixture.path(at);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(target, path).expect("symlink");
}

/// `build` fails with exit 1, naming `file:1:1` and `words`; nothing of the target is
/// published.
#[cfg(unix)]
fn refused(fixture: &Fixture, file: &str, words: &str) {
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 1, "{file}: {}", out.stderr);
    assert!(
        out.stderr.contains(&format!("{file}:1:1")),
        "{file}: {}",
        out.stderr
    );
    assert!(out.stderr.contains(words), "{file}: {}", out.stderr);
    assert!(!fixture.path("public").exists(), "{file}: output written");
    let check = fixture.run(&["check"]);
    assert_eq!(check.code, 1, "check {file}: {}", check.stderr);
}

#[cfg(unix)]
#[test]
fn a_static_link_to_git_config_is_refused() {
    let fixture = Fixture::minimal();
    fixture.write(".git/config", b"[remote]\ntoken = geheim\n");
    link(&fixture, "../.git/config", "static/gitconfig.txt");
    refused(&fixture, "static/gitconfig.txt", "buiten de map `static/`");
}

#[cfg(unix)]
#[test]
fn a_template_link_out_of_templates_is_refused() {
    let fixture = Fixture::minimal();
    fixture.write("geheim.txt", b"token = geheim\n");
    link(&fixture, "../geheim.txt", "templates/page.html");
    refused(
        &fixture,
        "templates/page.html",
        "buiten de map `templates/`",
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_is_an_error_not_a_silent_skip() {
    let fixture = Fixture::minimal();
    link(&fixture, "/etc", "static/etc");
    refused(&fixture, "static/etc", "naar een map");
}

#[cfg(unix)]
#[test]
fn a_static_folder_that_is_a_link_is_refused() {
    let fixture = Fixture::minimal();
    fixture.write("elders/x.txt", b"x");
    link(&fixture, "elders", "static");
    refused(&fixture, "static", "symbolische link");
}

#[cfg(unix)]
#[test]
fn a_link_inside_its_own_folder_is_followed() {
    let fixture = Fixture::minimal();
    fixture.write("static/echt/bestand.txt", b"inhoud\n");
    link(&fixture, "echt/bestand.txt", "static/ook.txt");
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fixture.read("public/ook.txt"), "inhoud\n");
}

// --- Writing: output_dir from site.toml stays inside the site --------------------------

fn site_with_output_dir(value: &str) -> Fixture {
    Fixture::with(&[(
        "site.toml",
        &format!(
            "title = \"Test\"\nbase_url = \"https://example.org/\"\noutput_dir = \"{value}\"\n"
        ),
    )])
}

#[test]
fn output_dir_outside_the_site_is_refused_at_its_line() {
    for value in [
        "../fakehome/.ssh",
        "/tmp/verteller-elders",
        ".verborgen",
        "uit/../../x",
    ] {
        let fixture = site_with_output_dir(value);
        for command in ["build", "check"] {
            let out = fixture.run(&[command]);
            assert_eq!(out.code, 1, "{value} {command}: {}", out.stderr);
            assert!(
                out.stderr.contains("site.toml:3:1"),
                "{value}: {}",
                out.stderr
            );
            assert!(out.stderr.contains("output_dir"), "{value}: {}", out.stderr);
        }
        let outside = fixture.root().join("..").join("fakehome");
        assert!(!outside.exists(), "{value}: wrote {}", outside.display());
        assert!(!Path::new("/tmp/verteller-elders").exists());
    }
}

#[cfg(unix)]
#[test]
fn output_dir_through_a_link_out_of_the_site_is_refused() {
    let home = tempfile::tempdir().expect("temp dir");
    let fixture = Fixture::minimal();
    link(&fixture, &home.path().display().to_string(), "public");
    fixture.write("static/authorized_keys", b"ssh-ed25519 AAAA aanvaller\n");
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("buiten de site"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_dir(home.path()).expect("read").count(),
        0,
        "something was written through the link"
    );
}

#[test]
fn output_on_the_command_line_may_point_anywhere() {
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out_dir = elsewhere.path().join("site");
    let fixture = Fixture::minimal();
    let out = fixture.run(&["build", "--output", &out_dir.display().to_string()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out_dir.join("index.html").is_file());
}

// --- One list of output paths ------------------------------------------------------------

fn collides(changes: &[(&str, &str)], file: &str, path: &str) {
    let fixture = Fixture::with(changes);
    if let Some((dir, _)) = file.rsplit_once('/')
        && changes.iter().all(|(p, _)| *p != file)
    {
        std::fs::create_dir_all(fixture.path(dir)).expect("mkdir");
        std::fs::write(fixture.path(file), b"x").expect("write");
    }
    for command in ["check", "build"] {
        let out = fixture.run(&[command]);
        assert_eq!(out.code, 1, "{file} {command}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!("{file}:")),
            "{file} {command}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains(path),
            "{file} {command}: {}",
            out.stderr
        );
    }
}

#[test]
fn an_alias_over_a_generated_file_fails_check_and_build() {
    collides(
        &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\naliases: [/atom.xml/]\n---\nTekst.\n",
        )],
        "content/verhalen/buurt.md",
        "atom.xml/index.html",
    );
}

#[test]
fn a_static_folder_where_a_file_is_generated_fails_check_and_build() {
    collides(&[], "static/atom.xml/x.txt", "atom.xml/x.txt");
}

#[test]
fn a_static_file_where_a_folder_is_generated_fails_check_and_build() {
    collides(&[], "static/verhalen", "verhalen/");
}

#[test]
fn a_static_index_html_is_not_dropped_in_silence() {
    collides(&[], "static/index.html", "index.html");
}

// --- Large static files are copied, not held ---------------------------------------------

/// Peak resident memory (kB) of `verteller build` on the fixture, read from the kernel's
/// accounting of exactly that child (`wait4`), so other tests' processes do not count.
#[cfg(target_os = "linux")]
fn peak_rss_of_build(fixture: &Fixture) -> i64 {
    let bin = assert_cmd::cargo::cargo_bin("verteller");
    // Reaped below by `wait4`, which also gives its resource usage.
    #[allow(clippy::zombie_processes)]
    let child = std::process::Command::new(bin)
        .arg("--root")
        .arg(fixture.root())
        .arg("build")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn verteller");
    let pid = i32::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value; `wait4` fills it for our own child.
    #[allow(unsafe_code)]
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::wait4(pid, &mut status, 0, &mut usage), pid);
        usage
    };
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "build failed"
    );
    usage.ru_maxrss
}

#[cfg(target_os = "linux")]
#[test]
fn a_large_static_file_is_copied_without_being_held_in_memory() {
    let small = Fixture::minimal();
    let small_peak = peak_rss_of_build(&small);

    let large = Fixture::minimal();
    let file = large.path("static/video/toespraak.mp4");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    let mut bytes = vec![0u8; 1 << 20];
    bytes[..12].copy_from_slice(b"\0\0\0\x18ftypmp42");
    {
        use std::io::Write as _;
        let mut out = std::fs::File::create(&file).expect("create");
        for i in 0..300u32 {
            bytes[100..104].copy_from_slice(&i.to_le_bytes());
            out.write_all(&bytes).expect("write");
        }
    }
    let large_peak = peak_rss_of_build(&large);
    let copied = large.path("public/video/toespraak.mp4");
    assert_eq!(
        std::fs::metadata(&copied).expect("copied").len(),
        300 << 20,
        "the copy is whole"
    );
    // 300 MiB held would show as at least that much; copied, the peak stays near the
    // small site's.
    assert!(
        large_peak < small_peak + 64 * 1024,
        "peak {large_peak} kB with a 300 MiB static file, {small_peak} kB without"
    );
    // And it gets a warning, naming the file.
    let out = large.run(&["check"]);
    assert!(
        out.stderr.contains("static/video/toespraak.mp4:1:1") && out.stderr.contains("300 MB"),
        "{}",
        out.stderr
    );
}
