//! Bad input: every case exits 1, names `file:line:column`, says what is wrong (and
//! suggests a fix where one exists), and leaves the previous output untouched.

use crate::support::{Fixture, snapshot_tree};

struct Case {
    name: &'static str,
    changes: &'static [(&'static str, &'static str)],
    /// `file:line:column` that must appear.
    at: &'static str,
    /// Words that must appear in the message.
    words: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "config unknown key",
        changes: &[("site.toml", "title = \"T\"\ntitel = \"x\"\n")],
        at: "site.toml:2:1",
        words: &["onbekende sleutel `titel`", "bedoelde je `title`?"],
    },
    Case {
        name: "config syntax",
        changes: &[("site.toml", "title = \"T\"\nbase_url = \n")],
        at: "site.toml:2:",
        words: &["geen geldige TOML"],
    },
    Case {
        name: "config wrong type",
        changes: &[("site.toml", "title = \"T\"\npage_size = \"tien\"\n")],
        at: "site.toml:2:1",
        words: &["`page_size` heeft het verkeerde type", "heel getal"],
    },
    Case {
        name: "config language",
        changes: &[("site.toml", "title = \"T\"\nlanguage = \"de\"\n")],
        at: "site.toml:2:1",
        words: &["ongeldige waarde `de`", "`nl`"],
    },
    Case {
        name: "config base_url",
        changes: &[("site.toml", "base_url = \"ftp://x\"\n")],
        at: "site.toml:1:1",
        words: &["base_url", "geen geldige"],
    },
    Case {
        name: "config brand colour",
        changes: &[("site.toml", "title = \"T\"\n[brand]\nprimary = \"blauw\"\n")],
        at: "site.toml:3:1",
        words: &["ongeldige waarde `blauw`", "#rrggbb"],
    },
    Case {
        name: "config unknown brand key",
        changes: &[("site.toml", "[brand]\nprimari = \"#000000\"\n")],
        at: "site.toml:2:1",
        words: &["onbekende sleutel `primari`", "`primary`"],
    },
    Case {
        name: "theme not found",
        changes: &[("site.toml", "title = \"T\"\ntheme = \"bestaatniet\"\n")],
        at: "site.toml:2:1",
        words: &["`bestaatniet` bestaat niet"],
    },
    Case {
        name: "empty file",
        changes: &[("content/verhalen/leeg.md", "\n")],
        at: "content/verhalen/leeg.md:1:1",
        words: &["bestand is leeg"],
    },
    Case {
        name: "missing front matter",
        changes: &[("content/verhalen/kaal.md", "Alleen tekst.\n")],
        at: "content/verhalen/kaal.md:1:1",
        words: &["front matter ontbreekt"],
    },
    Case {
        name: "unterminated front matter",
        changes: &[("content/verhalen/open.md", "---\ntitle: Open\n")],
        at: "content/verhalen/open.md:1:1",
        words: &["niet afgesloten"],
    },
    Case {
        name: "yaml syntax",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek\n---\n",
        )],
        at: "content/verhalen/buurt.md:4:9",
        words: &["lijst wordt niet gesloten", "de YAML-lezer zegt"],
    },
    Case {
        name: "front matter not a mapping",
        changes: &[("content/verhalen/lijst.md", "---\n- a\n- b\n---\n")],
        at: "content/verhalen/lijst.md:1:1",
        words: &["sleutel: waarde"],
    },
    Case {
        name: "unknown key with suggestion",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\nthema: [driehoek]\n---\n",
        )],
        at: "content/verhalen/buurt.md:4:1",
        words: &["onbekende sleutel `thema`", "bedoelde je `themes`?"],
    },
    Case {
        name: "missing title",
        changes: &[("content/verhalen/buurt.md", "---\ndate: 2025-01-02\n---\n")],
        at: "content/verhalen/buurt.md:1:1",
        words: &["verplicht veld `title` ontbreekt"],
    },
    Case {
        name: "story without date",
        changes: &[("content/verhalen/buurt.md", "---\ntitle: Buurt\n---\n")],
        at: "content/verhalen/buurt.md:1:1",
        words: &["verplicht veld `date` ontbreekt"],
    },
    Case {
        name: "invalid date",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-02-30\n---\n",
        )],
        at: "content/verhalen/buurt.md:3:7",
        words: &["geen geldige datum: `2025-02-30`", "JJJJ-MM-DD"],
    },
    Case {
        name: "wrong type bool",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\ndraft: ja\n---\n",
        )],
        at: "content/verhalen/buurt.md:4:1",
        words: &["`draft` heeft het verkeerde type", "true of false"],
    },
    Case {
        name: "chapter weight wrong type",
        changes: &[(
            "content/verhaal/begin.md",
            "---\ntitle: Begin\nweight: eerste\n---\n",
        )],
        at: "content/verhaal/begin.md:3:1",
        words: &["`weight` heeft het verkeerde type"],
    },
    Case {
        name: "chapter without weight",
        changes: &[("content/verhaal/begin.md", "---\ntitle: Begin\n---\n")],
        at: "content/verhaal/begin.md:1:1",
        words: &["verplicht veld `weight` ontbreekt"],
    },
    Case {
        name: "agenda without theme",
        changes: &[("content/agenda/toets.md", "---\ntitle: Toets\n---\n")],
        at: "content/agenda/toets.md:1:1",
        words: &["verplicht veld `theme` ontbreekt"],
    },
    Case {
        name: "agenda status",
        changes: &[(
            "content/agenda/toets.md",
            "---\ntitle: Toets\ntheme: driehoek\nstatus: bezig\n---\n",
        )],
        at: "content/agenda/toets.md:4:9",
        words: &["ongeldige waarde `bezig`", "`lopend`"],
    },
    Case {
        name: "quadrant axes value",
        changes: &[(
            "content/kwadranten/rechtmatig.md",
            "---\ntitle: R\naxes: {sturing: geld, richting: binnen-buiten}\n---\n",
        )],
        at: "content/kwadranten/rechtmatig.md:3:17",
        words: &["ongeldige waarde `geld`", "`resultaat`"],
    },
    Case {
        name: "quadrant axes unknown key",
        changes: &[(
            "content/kwadranten/rechtmatig.md",
            "---\ntitle: R\naxes: {sturen: waarde, richting: binnen-buiten}\n---\n",
        )],
        at: "content/kwadranten/rechtmatig.md:3:8",
        words: &["onbekende sleutel `sturen`", "`sturing`"],
    },
    Case {
        name: "duplicate quadrant axes",
        changes: &[(
            "content/kwadranten/ander.md",
            "---\ntitle: Ander\naxes: {sturing: waarde, richting: binnen-buiten}\n---\n",
        )],
        at: "content/kwadranten/rechtmatig.md:3:1",
        words: &["combinatie van `axes`"],
    },
    Case {
        name: "unknown agenda theme",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [drieh0ek]\n---\n",
        )],
        at: "content/verhalen/buurt.md:4:10",
        words: &["geen agendathema met dat id", "bedoelde je `driehoek`?"],
    },
    Case {
        name: "unknown quadrant in chapter",
        changes: &[(
            "content/verhaal/begin.md",
            "---\ntitle: Begin\nweight: 1\nquadrants:\n  - rechtmatige\n---\n",
        )],
        at: "content/verhaal/begin.md:5:5",
        words: &["geen kwadrant met dat id", "`rechtmatig`"],
    },
    Case {
        name: "unknown role",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\nroles: [burger, ambtenaar]\n---\n",
        )],
        at: "content/verhalen/buurt.md:4:17",
        words: &["geen rol met dat id"],
    },
    Case {
        name: "unknown related story",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\nrelated: [elders]\n---\n",
        )],
        at: "content/verhalen/buurt.md:4:11",
        words: &["`related` noemt `elders`"],
    },
    Case {
        name: "broken relative link",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\n---\nZie [de wijk](wijk.md).\n",
        )],
        at: "content/verhalen/buurt.md:5:5",
        words: &["link naar `wijk.md` wijst naar niets"],
    },
    Case {
        name: "broken anchor",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\n---\nZie [begin](../verhaal/begin.md#strat).\n",
        )],
        at: "content/verhalen/buurt.md:5:5",
        words: &["kopje `#strat` bestaat niet", "bedoelde je `#start`?"],
    },
    Case {
        name: "broken wiki link",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\n---\nLees [[begn]].\n",
        )],
        at: "content/verhalen/buurt.md:5:6",
        words: &["`[[begn]]` wijst naar niets", "bedoelde je `begin`?"],
    },
    Case {
        name: "ambiguous wiki link",
        changes: &[(
            "content/verhalen/begin.md",
            "---\ntitle: Begin\ndate: 2025-01-03\n---\nx\n",
        )],
        at: "content/verhalen/buurt.md:10:5",
        words: &[
            "past op meer dan één document",
            "`verhaal/begin`",
            "`verhalen/begin`",
        ],
    },
    Case {
        name: "broken self anchor",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\n---\n## Aanpak\n\nNaar [boven](#aanpk).\n",
        )],
        at: "content/verhalen/buurt.md:7:6",
        words: &["kopje `#aanpk` bestaat niet", "`#aanpak`"],
    },
    Case {
        name: "broken site path",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\n---\nNaar [de agenda](/agendaa/).\n",
        )],
        at: "content/verhalen/buurt.md:5:6",
        words: &["`/agendaa/` wijst naar niets"],
    },
    Case {
        name: "duplicate id in subfolder",
        changes: &[(
            "content/verhalen/2025/buurt.md",
            "---\ntitle: Buurt 2\ndate: 2025-01-02\n---\n",
        )],
        at: "content/verhalen/buurt.md:1:1",
        words: &["id `buurt` bestaat al"],
    },
    // A file system that ignores case (Windows, macOS) cannot hold both names.
    #[cfg(not(any(windows, target_os = "macos")))]
    Case {
        name: "case-only twins",
        changes: &[(
            "content/verhalen/Buurt.md",
            "---\ntitle: Buurt groot\ndate: 2025-01-02\n---\n",
        )],
        at: "content/verhalen/buurt.md:1:1",
        words: &["id `buurt` bestaat al", "content/verhalen/Buurt.md"],
    },
    Case {
        name: "url collision print",
        changes: &[(
            "content/verhaal/print.md",
            "---\ntitle: Print\nweight: 2\n---\n",
        )],
        at: "content/verhaal/print.md:1:1",
        words: &["URL `/verhaal/print/`"],
    },
    Case {
        name: "page collides with a list",
        changes: &[("content/verhalen.md", "---\ntitle: Verhalen\n---\n")],
        at: "content/verhalen.md:1:1",
        words: &["URL `/verhalen/`"],
    },
    Case {
        name: "image without alt",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\nimage: /img/a.png\n---\n",
        )],
        at: "content/verhalen/buurt.md:4:1",
        words: &["`image` zonder `image_alt`"],
    },
    Case {
        name: "invalid alias",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\naliases: [oud]\n---\n",
        )],
        at: "content/verhalen/buurt.md:4:11",
        words: &["alias `oud`"],
    },
    Case {
        name: "template syntax",
        changes: &[(
            "templates/story.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n",
        )],
        at: "templates/story.html:4:1",
        words: &["fout in sjabloon"],
    },
    Case {
        name: "template render error",
        changes: &[(
            "templates/story.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ nergens.x }}</p>\n{% endblock main %}\n",
        )],
        at: "templates/story.html:3:",
        words: &["fout in sjabloon"],
    },
    Case {
        name: "body image missing",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\n---\nFoto: ![De buurt](/img/weg.jpg)\n",
        )],
        at: "content/verhalen/buurt.md:5:7",
        words: &["afbeelding `/img/weg.jpg` bestaat niet"],
    },
    Case {
        name: "front matter image missing",
        changes: &[(
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\nimage: /img/weg.jpg\nimage_alt: De buurt\n---\n",
        )],
        at: "content/verhalen/buurt.md:4:1",
        words: &["afbeelding `/img/weg.jpg` bestaat niet"],
    },
    Case {
        name: "brand contrast",
        changes: &[("site.toml", "title = \"T\"\n[brand]\ntext = \"#999999\"\n")],
        at: "site.toml:3:1",
        words: &["te weinig contrast: tekst op achtergrond", "4,5:1"],
    },
    Case {
        name: "external resource",
        changes: &[(
            "content/over.md",
            "---\ntitle: Over\n---\n![Kaart](https://kaarten.example/x.png)\n",
        )],
        at: "public/over/index.html:",
        words: &[
            "laadt `https://kaarten.example/x.png` van een andere website",
            "[privacy] allow",
        ],
    },
    // Without a search index, pages are written (to the staging folder) and checked
    // while they render: the failed build must still leave no trace.
    Case {
        name: "external resource, pages written while rendering",
        changes: &[
            (
                "content/over.md",
                "---\ntitle: Over\n---\n<script src=\"https://teller.example/t.js\"></script>\n",
            ),
            (
                // Raw HTML on (docs/security.md): the privacy check is what remains.
                "site.toml",
                "title = \"T\"\nbase_url = \"https://example.org/\"\n[search]\nenabled = false\n[markdown]\nraw_html = true\n",
            ),
        ],
        at: "public/over/index.html:",
        words: &["laadt `https://teller.example/t.js` van een andere website"],
    },
    Case {
        name: "front matter key given twice",
        changes: &[(
            "content/over.md",
            "---\ntitle: Over\nplace: Noord\ntitle: Anders\n---\nTekst.\n",
        )],
        at: "content/over.md:4:1",
        words: &[
            "sleutel `title` staat twee keer in de front matter",
            "houd er één over",
        ],
    },
    Case {
        name: "security.txt without expires",
        changes: &[(
            "site.toml",
            "title = \"T\"\n[security_txt]\ncontact = \"mailto:a@b.nl\"\n",
        )],
        at: "site.toml:2:1",
        words: &["`expires` ontbreekt in `[security_txt]`"],
    },
    Case {
        name: "search table unknown key",
        changes: &[("site.toml", "title = \"T\"\n[search]\nenabld = false\n")],
        at: "site.toml:3:1",
        words: &["onbekende sleutel `enabld`", "`enabled`"],
    },
    Case {
        name: "build preview wrong type",
        changes: &[("site.toml", "title = \"T\"\n[build]\npreview = \"ja\"\n")],
        at: "site.toml:3:1",
        words: &["`build.preview` heeft het verkeerde type"],
    },
];

fn check_case(case: &Case) -> Result<(), String> {
    let fixture = Fixture::with(case.changes);
    // A previous output verteller made: it must survive the failed build byte for byte.
    fixture.write("public/.verteller-output", b"marker\n");
    fixture.write("public/index.html", b"<p>vorige versie</p>\n");
    let before = snapshot_tree(&fixture.path("public"));
    let out = fixture.run(&["build"]);
    let fail = |what: String| {
        Err(format!(
            "case `{}`: {what}\n--- stderr ---\n{}",
            case.name, out.stderr
        ))
    };
    if out.code != 1 {
        return fail(format!("exit code {} instead of 1", out.code));
    }
    if !out.stderr.contains(case.at) {
        return fail(format!("expected position `{}`", case.at));
    }
    for word in case.words {
        if !out.stderr.contains(word) {
            return fail(format!("expected words `{word}`"));
        }
    }
    if out.stderr.contains("panicked") {
        return fail("panic".into());
    }
    if snapshot_tree(&fixture.path("public")) != before {
        return fail("previous output changed".into());
    }
    let staging = std::fs::read_dir(fixture.root())
        .map(|entries| {
            entries.flatten().any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .contains("verteller-staging")
            })
        })
        .unwrap_or(false);
    if staging {
        return fail("a staging folder was left beside the output".into());
    }
    Ok(())
}

#[test]
fn every_bad_input_case_is_reported_at_its_place() {
    assert!(
        CASES.len() >= 30,
        "the issue asks for at least 30 distinct cases"
    );
    let failures: Vec<String> = CASES.iter().filter_map(|c| check_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/verhalen/latin1.md",
        b"---\ntitle: Caf\xe9\ndate: 2025-01-01\n---\n",
    );
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("content/verhalen/latin1.md:1:1"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("geen UTF-8"), "{}", out.stderr);
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let fixture = Fixture::with(&[
        (
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-13-01\nthema: x\n---\n[a](nergens.md)\n",
        ),
        (
            "content/agenda/toets.md",
            "---\ntitle: Toets\ntheme: onbekend\n---\n[[nergens]]\n",
        ),
    ]);
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 1);
    for at in [
        "buurt.md:3:7",
        "buurt.md:4:1",
        "buurt.md:6:1",
        "toets.md:3:8",
        "toets.md:5:1",
    ] {
        assert!(out.stderr.contains(at), "expected {at} in:\n{}", out.stderr);
    }
    assert!(out.stderr.contains("5 fouten"), "{}", out.stderr);
}

#[test]
fn english_messages_for_an_english_site() {
    let fixture = Fixture::with(&[
        ("site.toml", "title = \"T\"\nlanguage = \"en\"\n"),
        (
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\nthema: [driehoek]\n---\n",
        ),
    ]);
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("unknown key `thema`"), "{}", out.stderr);
    assert!(
        out.stderr.contains("did you mean `themes`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn refuses_an_output_directory_it_did_not_make() {
    let fixture = Fixture::minimal();
    fixture.write("mijn-map/belangrijk.txt", b"niet weggooien");
    let out = fixture.run(&[
        "build",
        "--output",
        fixture.path("mijn-map").to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("niet door verteller gemaakt"),
        "{}",
        out.stderr
    );
    assert_eq!(fixture.read("mijn-map/belangrijk.txt"), "niet weggooien");

    for bad in ["content", "static/out", "."] {
        let out = fixture.run(&["build", "--output", fixture.path(bad).to_str().unwrap()]);
        assert_eq!(out.code, 2, "{bad}: {}", out.stderr);
    }
}

#[test]
fn a_site_without_site_toml_is_a_usage_error() {
    let fixture = Fixture::with(&[("site.toml", "")]);
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("geen site.toml gevonden"),
        "{}",
        out.stderr
    );
}

#[test]
fn warnings_do_not_fail_unless_denied() {
    let fixture = Fixture::with(&[
        (
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\n---\n![](/img/a.svg)\n\n[[concept]]\n",
        ),
        (
            "static/img/a.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 30\"></svg>",
        ),
        (
            "content/verhalen/concept.md",
            "---\ntitle: Concept\ndate: 2025-01-02\ndraft: true\n---\n",
        ),
    ]);
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("heeft geen alt-tekst"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("link naar concept `concept`"),
        "{}",
        out.stderr
    );
    assert_eq!(fixture.run(&["check", "--deny-warnings"]).code, 1);

    let json = fixture.run(&["check", "--format", "json"]);
    let items: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let items = items.as_array().expect("array");
    assert!(items.iter().all(|i| i["severity"] == "warning"));
    let alt = items
        .iter()
        .find(|i| i["code"] == "body-image-without-alt")
        .expect("alt warning");
    assert_eq!(alt["file"], "content/verhalen/buurt.md");
    assert_eq!(
        (alt["line"].as_u64(), alt["column"].as_u64()),
        (Some(5), Some(1))
    );
    assert!(
        items
            .iter()
            .any(|i| i["code"] == "link-to-draft" && i["line"] == 7)
    );

    // The draft link is plain text in the built page, not a link.
    assert_eq!(fixture.run(&["build"]).code, 0);
    let html = fixture.read("public/verhalen/buurt/index.html");
    assert!(html.contains("<a>Concept</a>"), "{html}");
    // Body images get the base path and their size.
    assert!(
        html.contains("<img src=\"/img/a.svg\" alt=\"\" width=\"40\" height=\"30\""),
        "{html}"
    );
    // Body images get the base path and their size.
    assert!(
        html.contains("<img src=\"/img/a.svg\" alt=\"\" width=\"40\" height=\"30\""),
        "{html}"
    );
    assert!(!fixture.path("public/verhalen/concept").exists());
    assert_eq!(fixture.run(&["--drafts", "build"]).code, 0);
    assert!(fixture.path("public/verhalen/concept/index.html").exists());
}

#[test]
fn a_symlink_out_of_the_site_is_refused() {
    let fixture = Fixture::minimal();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("geheim.md"),
        "---\ntitle: Geheim\n---\n",
    )
    .unwrap();
    crate::support::hostile_cases::symlink(
        outside.path().join("geheim.md"),
        &fixture.path("content/geheim.md"),
        false,
    )
    .unwrap();
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("content/geheim.md"), "{}", out.stderr);
    assert!(
        out.stderr.contains("buiten de map `content/`"),
        "{}",
        out.stderr
    );
}
