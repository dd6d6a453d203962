//! Components (issue 24): every built-in one rendered (snapshots), every misuse an error
//! at its own line and column with the previous output untouched, a site's own component
//! end to end, nothing inside code read as one, the template contract of component
//! templates, serve re-rendering a component's users when its template changes, and the
//! page with every component in Chromium (axe-core, no request to another origin).

use std::time::Instant;

use verteller::pipeline::{self, BuildOptions, Memo};

use crate::support::browser::{
    StaticServer, axe_violations, describe_violations, require_axe, require_browser,
};
use crate::support::{Fixture, main_of, snapshot_tree};

/// A PDF of 1,240,000 bytes (above the size from which `build` copies a static file
/// without reading it), a video, its captions and a poster.
fn with_media(fixture: &Fixture) {
    fixture.write("static/documenten/jaarverslag.pdf", &vec![b'%'; 1_240_000]);
    fixture.write("static/documenten/notitie.docx", &[b'x'; 830]);
    fixture.write("static/media/buurtkamer.mp4", &[0u8; 3_000]);
    fixture.write(
        "static/media/buurtkamer.vtt",
        b"WEBVTT\n\n00:00.000 --> 00:02.000\nWelkom in de buurtkamer.\n",
    );
    fixture.write(
        "static/media/buurtkamer.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"9\"></svg>",
    );
}

/// One plain page per built-in component, and one with all of them nested and inline.
const PAGES: &[(&str, &str)] = &[
    (
        "callout",
        ":::callout{type=waarschuwing title=\"Let op\"}\nDe inloop is **alleen** op dinsdag. Zie [[buurt]].\n:::\n\n:::callout\nZonder titel en soort.\n:::\n",
    ),
    (
        "quote",
        ":::quote{speaker=\"Marloes\" role=\"bewoner van Oost\"}\nEindelijk vroeg iemand wat wíj nodig hadden.\n:::\n",
    ),
    (
        "expandable",
        ":::expandable{title=\"Hoe werkt het?\" open}\n## Stap voor stap\n\n1. Aanmelden\n2. Meedoen\n:::\n",
    ),
    (
        "key-figure",
        "::key_figure{value=\"1.240\" label=\"bewoners deden mee\" source=\"Wijkmonitor 2025\"}\n",
    ),
    (
        "video",
        "::video{src=/media/buurtkamer.mp4 captions=../static/media/buurtkamer.vtt title=\"De buurtkamer in Oost\" poster=/media/buurtkamer.svg}\n",
    ),
    (
        "download",
        "::download{src=/documenten/jaarverslag.pdf title=\"Jaarverslag 2025\"}\n\nOf lees :download{src=/documenten/notitie.docx title=\"de notitie\"} eerst.\n",
    ),
    (
        "samen",
        "Vooraf.\n\n::::expandable{title=\"Meer weten\"}\n:::callout{type=succes title=\"Gelukt\"}\nHet plan staat in :download{src=/documenten/jaarverslag.pdf title='het jaarverslag'}.\n:::\n\n:::quote{speaker=“Ahmed” role=buurtvader}\nWe doen het samen.\n:::\n::::\n\nAchteraf.\n",
    ),
];

fn components_site() -> Fixture {
    let fixture = Fixture::minimal();
    with_media(&fixture);
    for (name, body) in PAGES {
        fixture.write(
            &format!("content/componenten/{name}.md"),
            format!("---\ntitle: Component {name}\n---\n{body}").as_bytes(),
        );
    }
    fixture
}

fn build(fixture: &Fixture) {
    let out = fixture.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("fout["), "{}", out.stderr);
}

#[test]
fn every_built_in_component_renders() {
    let fixture = components_site();
    build(&fixture);
    for (name, _) in PAGES {
        let html = fixture.read(&format!("public/componenten/{name}/index.html"));
        assert!(
            !html.contains(['\u{1A}', '\u{1D}', '\u{1E}', '\u{1F}', '\u{0E}']),
            "{name}: a marker is left"
        );
        insta::assert_snapshot!(format!("component_{name}"), main_of(&html));
    }
    let download = fixture.read("public/componenten/download/index.html");
    assert!(
        download.contains("(PDF, 1,2 MB)") && download.contains("(DOCX, 830 bytes)"),
        "{download}"
    );
    // The large file is copied, not left out.
    assert_eq!(
        std::fs::metadata(fixture.path("public/documenten/jaarverslag.pdf"))
            .unwrap()
            .len(),
        1_240_000
    );
}

#[test]
fn components_render_in_english_too() {
    let fixture = components_site();
    fixture.write(
        "site.toml",
        b"title = \"Test\"\nbase_url = \"https://example.org/sub/\"\nlanguage = \"en\"\n",
    );
    build(&fixture);
    let html = fixture.read("public/componenten/download/index.html");
    assert!(
        html.contains("href=\"/sub/documenten/jaarverslag.pdf\""),
        "{html}"
    );
    assert!(html.contains("(PDF, 1.2 MB)"), "{html}");
    let video = fixture.read("public/componenten/video/index.html");
    assert!(video.contains("srclang=\"en\""), "{video}");
}

// ---------------------------------------------------------------------------------------
// Misuse: each an error at its own place.

struct Case {
    name: &'static str,
    body: &'static str,
    /// `line:column` in `content/verhalen/samen.md` (the front matter takes 4 lines).
    at: &'static str,
    code: &'static str,
    words: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "unknown component",
        body: ":::kader{title=x}\ntekst\n:::\n",
        at: "5:4",
        code: "unknown-component",
        words: &["onbekend component `kader`"],
    },
    Case {
        name: "unknown component with a suggestion",
        body: "::keyfigure{value=1 label=x}\n",
        at: "5:3",
        code: "unknown-component",
        words: &["bedoelde je `key_figure`?"],
    },
    Case {
        name: "unknown argument",
        body: ":::callout{titel=\"Let op\"}\ntekst\n:::\n",
        at: "5:12",
        code: "unknown-component-argument",
        words: &["geen argument `titel`", "bedoelde je `title`?"],
    },
    Case {
        name: "missing argument",
        body: "Intro.\n\n:::quote{role=bewoner}\ntekst\n:::\n",
        at: "7:4",
        code: "missing-component-argument",
        words: &["verplichte argument `speaker`"],
    },
    Case {
        name: "token not allowed",
        body: ":::callout{type=waarschuwng}\ntekst\n:::\n",
        at: "5:17",
        code: "invalid-component-argument",
        words: &["`waarschuwng`", "bedoelde je `waarschuwing`?"],
    },
    Case {
        name: "not true or false",
        body: ":::expandable{title=x open=ja}\ntekst\n:::\n",
        at: "5:28",
        code: "invalid-component-argument",
        words: &["`true` of `false`"],
    },
    Case {
        name: "video from another origin",
        body: "::video{src=https://cdn.example.net/v.mp4 captions=/media/buurtkamer.vtt title=x}\n",
        at: "5:13",
        code: "invalid-component-argument",
        words: &["geen bestand van deze site"],
    },
    Case {
        name: "captions of the wrong type",
        body: "::video{src=/media/buurtkamer.mp4 captions=/media/buurtkamer.srt title=x}\n",
        at: "5:44",
        code: "invalid-component-argument",
        words: &[".vtt"],
    },
    Case {
        name: "video without captions",
        body: "::video{src=/media/buurtkamer.mp4 title=x}\n",
        at: "5:3",
        code: "video-without-captions",
        words: &["ondertiteling", "WCAG 1.2.2"],
    },
    Case {
        name: "missing download",
        body: "Lees :download{src=/documenten/jaarverslg.pdf title=x}.\n",
        at: "5:20",
        code: "broken-link",
        words: &["bedoelde je `/documenten/jaarverslag.pdf`?"],
    },
    Case {
        name: "link argument to a missing page",
        body: "::wijkcijfer{wijk=Oost cijfer=3 bron=../verhalen/nergens.md}\n",
        at: "5:38",
        code: "broken-link",
        words: &["`../verhalen/nergens.md`"],
    },
    Case {
        name: "unsafe link argument",
        body: "::wijkcijfer{wijk=Oost cijfer=3 bron=javascript:alert(1)}\n",
        at: "5:38",
        code: "unsafe-url",
        words: &["javascript"],
    },
    Case {
        name: "number argument",
        body: "::wijkcijfer{wijk=Oost cijfer=veel}\n",
        at: "5:31",
        code: "invalid-component-argument",
        words: &["een getal"],
    },
    Case {
        name: "unclosed block",
        body: "Intro.\n\n:::callout{title=x}\ntekst\n\nMeer tekst.\n",
        at: "7:1",
        code: "unclosed-component",
        words: &["`:::callout` wordt niet gesloten"],
    },
    Case {
        name: "stray closing line",
        body: "Tekst.\n\n:::\n",
        at: "7:1",
        code: "stray-component-close",
        words: &["sluit geen component"],
    },
    Case {
        name: "unclosed quote",
        body: "::key_figure{value=\"1.240 label=x}\n",
        at: "5:20",
        code: "component-syntax",
        words: &["begint met `\"` maar sluit niet"],
    },
    Case {
        name: "arguments without braces",
        body: ":::callout Let op\ntekst\n:::\n",
        at: "5:12",
        code: "component-syntax",
        words: &["tussen `{ }`", "{title=\"Let op\"}"],
    },
    Case {
        name: "block written on one line",
        body: "::callout{title=x}\n",
        at: "5:3",
        code: "component-form",
        words: &["staat om tekst heen"],
    },
    Case {
        name: "line component written inline",
        body: "Zie :video{src=/media/buurtkamer.mp4 captions=/media/buurtkamer.vtt title=x} hier.\n",
        at: "5:6",
        code: "component-form",
        words: &["op een eigen regel"],
    },
    Case {
        name: "component in a list",
        body: "- een\n- twee\n  :::callout\n  tekst\n  :::\n",
        at: "7:3",
        code: "component-placement",
        words: &["in een lijst"],
    },
    Case {
        name: "component in a link",
        body: "Zie [het :download{src=/documenten/jaarverslag.pdf title=x}](../over.md).\n",
        at: "5:10",
        code: "component-placement",
        words: &["in een link"],
    },
];

/// The site of the misuse cases: the media, a page to link to, and a component of the
/// site's own with a number and a link argument.
fn misuse_site(body: &str) -> Fixture {
    let fixture = Fixture::with(&[
        (
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org/\"\n\n[components.wijkcijfer]\nform = \"line\"\nrequired = [\"wijk\", \"cijfer\"]\n\n[components.wijkcijfer.arguments]\nwijk = \"text\"\ncijfer = \"number\"\nbron = \"link\"\n",
        ),
        (
            "templates/components/wijkcijfer.html",
            "<p class=\"wijkcijfer\">{{ wijk }}: {{ cijfer }}{% if bron %} (<a href=\"{{ bron }}\">bron</a>){% endif %}</p>",
        ),
        ("content/over.md", "---\ntitle: Over\n---\nOver de site.\n"),
    ]);
    with_media(&fixture);
    fixture.write(
        "content/verhalen/samen.md",
        format!("---\ntitle: Samen\ndate: 2025-03-12\n---\n{body}").as_bytes(),
    );
    fixture
}

fn check_case(case: &Case) -> Result<(), String> {
    let fixture = misuse_site(case.body);
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
    let header = format!("fout[{}]", case.code);
    let at = format!("content/verhalen/samen.md:{}", case.at);
    // The code and the position belong to the same message.
    let found = out
        .stderr
        .split("\n\n")
        .any(|message| message.contains(&header) && message.contains(&at));
    if !found {
        return fail(format!("expected `{header}` at `{at}`"));
    }
    for word in case.words {
        if !out.stderr.contains(word) {
            return fail(format!("expected words `{word}`"));
        }
    }
    if out.stderr.contains("panicked") || out.stderr.contains("fout[template]") {
        return fail("a panic or a template error".into());
    }
    if snapshot_tree(&fixture.path("public")) != before {
        return fail("previous output changed".into());
    }
    Ok(())
}

#[test]
fn every_misuse_is_an_error_at_its_place() {
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
fn the_misuse_site_is_valid_without_the_misuse() {
    // So every case's error comes from its own body.
    let fixture = misuse_site(
        "::wijkcijfer{wijk=Oost cijfer=3,5 bron=../over.md}\n\n:::callout{title=x}\ntekst\n:::\n",
    );
    build(&fixture);
    let html = fixture.read("public/verhalen/samen/index.html");
    assert!(
        html.contains("<p class=\"wijkcijfer\">Oost: 3.5 (<a href=\"/over/\">bron</a>)</p>"),
        "{}",
        main_of(&html)
    );
}

#[test]
fn all_component_problems_of_a_file_are_reported_in_one_run() {
    let fixture = misuse_site(
        ":::kader\nx\n:::\n\n::video{src=/media/buurtkamer.mp4 title=x}\n\n:::callout{type=rood}\ny\n",
    );
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 1);
    for at in [
        "samen.md:5:4",
        "samen.md:9:3",
        "samen.md:11:1",
        "samen.md:11:17",
    ] {
        assert!(out.stderr.contains(at), "expected {at} in:\n{}", out.stderr);
    }
}

// ---------------------------------------------------------------------------------------
// A site's own component.

#[test]
fn a_sites_own_component_end_to_end() {
    let fixture = Fixture::with(&[
        (
            "site.toml",
            "title = \"Test\"\nbase_url = \"https://example.org/\"\n\n[components.wijk]\nform = \"block\"\ndescription = \"Een wijk met haar cijfer\"\nrequired = [\"naam\"]\n[components.wijk.arguments]\nnaam = \"text\"\ninwoners = \"number\"\nkaart = \"file\"\nverhaal = \"link\"\nactief = \"bool\"\n",
        ),
        (
            "templates/components/wijk.html",
            "<section class=\"wijk\" aria-label=\"{{ naam }}\"><h2>{{ naam }}</h2>{% if inwoners %}<p>{{ inwoners }} inwoners</p>{% endif %}{% if kaart %}<a href=\"{{ kaart.url }}\">kaart ({{ kaart.format }}, {{ kaart.size }})</a>{% endif %}{% if verhaal %}<a href=\"{{ verhaal }}\">verhaal</a>{% endif %}{% if actief %}<p>actief</p>{% endif %}{{ content | safe }}</section>",
        ),
        (
            "content/over.md",
            "---\ntitle: Over\n---\n:::wijk{naam='Oost <script> \"x\"' inwoners=12400 kaart=/kaarten/oost.pdf verhaal=verhalen/buurt.md#aanpak actief}\nDe wijk **Oost** met [[begin]].\n:::\n",
        ),
    ]);
    fixture.write("static/kaarten/oost.pdf", &[b'%'; 2_500]);
    build(&fixture);
    let html = fixture.read("public/over/index.html");
    let main = main_of(&html);
    // Arguments are text: escaped in content and in attributes.
    assert!(
        main.contains("<section class=\"wijk\" aria-label=\"Oost &lt;script&gt; &quot;x&quot;\">"),
        "{main}"
    );
    assert!(
        main.contains("<h2>Oost &lt;script&gt; &quot;x&quot;</h2>"),
        "{main}"
    );
    assert!(main.contains("<p>12400 inwoners</p>"), "{main}");
    assert!(
        main.contains("<a href=\"/kaarten/oost.pdf\">kaart (PDF, 2,5 kB)</a>"),
        "{main}"
    );
    assert!(main.contains("<p>actief</p>"), "{main}");
    assert!(
        main.contains("<strong>Oost</strong> met <a href=\"/verhaal/begin/\">Begin</a>"),
        "{main}"
    );
    assert!(
        main.contains("<a href=\"/verhalen/buurt/#aanpak\">verhaal</a>"),
        "{main}"
    );

    // Its arguments are checked like the built-in ones'.
    fixture.write(
        "content/over.md",
        b"---\ntitle: Over\n---\n:::wijk{inwonrs=3}\nx\n:::\n",
    );
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("content/over.md:4:9")
            && out.stderr.contains("bedoelde je `inwoners`?"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("content/over.md:4:4")
            && out.stderr.contains("verplichte argument `naam`"),
        "{}",
        out.stderr
    );

    // `schema` lists it with its arguments; `new` shows it.
    let schema: serde_json::Value = serde_json::from_str(&fixture.run(&["schema"]).stdout).unwrap();
    let wijk = &schema["x-verteller-components"]["wijk"];
    assert_eq!(wijk["required"], serde_json::json!(["naam"]));
    assert_eq!(wijk["properties"]["inwoners"]["type"], "number");
    assert_eq!(wijk["properties"]["kaart"]["x-type"], "file");
    assert_eq!(wijk["description"], "Een wijk met haar cijfer");
    let out = fixture.run(&["new", "pagina", "Nieuw"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let new = fixture.read("content/nieuw.md");
    assert!(new.contains(":::wijk{naam=… actief=… inwoners=…"), "{new}");
    assert!(new.contains("::video{"), "{new}");

    // Without its template, the declaration is the error.
    std::fs::remove_file(fixture.path("templates/components/wijk.html")).unwrap();
    let out = fixture.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("fout[component-template-missing]")
            && out.stderr.contains("site.toml:4:1"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_site_overrides_a_built_in_components_template() {
    let fixture = Fixture::with(&[
        (
            "templates/components/callout.html",
            "<div class=\"eigen-kader\">{{ title }}|{{ type }}|{{ content | safe }}</div>",
        ),
        (
            "content/over.md",
            "---\ntitle: Over\n---\n:::callout{title=\"Let op\"}\nTekst.\n:::\n",
        ),
    ]);
    build(&fixture);
    let html = fixture.read("public/over/index.html");
    assert!(
        html.contains("<div class=\"eigen-kader\">Let op|info|\n<p>Tekst.</p>\n</div>"),
        "{}",
        main_of(&html)
    );
}

// ---------------------------------------------------------------------------------------
// Code.

#[test]
fn components_inside_code_are_left_alone() {
    let fixture = Fixture::with(&[(
        "content/over.md",
        "---\ntitle: Over\n---\nSchrijf `:download{src=/a.pdf title=x}` in een zin.\n\n```markdown\n:::callout{title=\"Let op\"}\nTekst.\n:::\n```\n\nIngesprongen:\n\n    ::video{src=/v.mp4}\n",
    )]);
    build(&fixture);
    let html = fixture.read("public/over/index.html");
    let main = main_of(&html);
    assert!(
        main.contains("<code>:download{src=/a.pdf title=x}</code>"),
        "{main}"
    );
    assert!(
        main.contains(":::callout{title=\"Let op\"}\nTekst.\n:::\n</code></pre>"),
        "{main}"
    );
    assert!(
        main.contains("<code>::video{src=/v.mp4}\n</code>"),
        "{main}"
    );
    assert!(!main.contains("class=\"callout"), "{main}");
}

// ---------------------------------------------------------------------------------------
// The template contract of component templates.

#[test]
fn a_component_template_sees_its_arguments_content_and_inline() {
    let fixture = components_site();
    fixture.write(
        "templates/components/download.html",
        b"[{% for k, v in __tera_context %}{{ k }} {% endfor %}|{{ src.url }} {{ src.bytes }} {{ src.size }} {{ src.format }}|{{ inline }}]",
    );
    build(&fixture);
    let html = fixture.read("public/componenten/download/index.html");
    // `[names |file|inline]`, once on its own line and once inline.
    let seen: Vec<(Vec<&str>, &str)> = html
        .split('[')
        .skip(1)
        .filter_map(|s| s.split_once(']'))
        .filter_map(|(inside, _)| inside.split_once(" |"))
        .map(|(names, rest)| {
            let mut names: Vec<&str> = names.split_whitespace().collect();
            names.sort_unstable();
            (names, rest)
        })
        .collect();
    let names = vec![
        "content", "inline", "preview", "search", "site", "src", "t", "title",
    ];
    assert_eq!(
        seen,
        [
            (
                names.clone(),
                "/documenten/jaarverslag.pdf 1240000 1,2 MB PDF|false"
            ),
            (names, "/documenten/notitie.docx 830 830 bytes DOCX|true"),
        ],
        "{}",
        main_of(&html)
    );
    // Every name but the arguments is in the contract (`EVERYWHERE` and `COMPONENT`).
    let contract: Vec<&str> = verteller::template_contract::EVERYWHERE
        .variables
        .iter()
        .chain(verteller::template_contract::COMPONENT.variables)
        .map(|v| v.name)
        .filter(|n| !n.contains('.') && *n != "NAME")
        .collect();
    for name in ["content", "inline", "preview", "search", "site", "t"] {
        assert!(contract.contains(&name), "{name} is not in the contract");
    }
}

// ---------------------------------------------------------------------------------------
// Serve: a component template's users are rendered again.

#[test]
fn editing_a_component_template_re_renders_its_users() {
    let fixture = components_site();
    let options = BuildOptions {
        root: fixture.root().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut memo = Memo::for_serve();
    pipeline::build_with(&options, &mut memo).unwrap();
    fixture.write(
        "templates/components/quote.html",
        b"<blockquote class=\"eigen\">{{ content | safe }}<p>{{ speaker }}</p></blockquote>",
    );
    let incremental = pipeline::build_with(&options, &mut memo).unwrap();
    let clean = pipeline::build(&options).unwrap();
    assert!(incremental.output == clean.output);
    for page in [
        "componenten/quote/index.html",
        "componenten/samen/index.html",
    ] {
        let html = String::from_utf8(incremental.output[page].to_vec()).unwrap();
        assert!(html.contains("<blockquote class=\"eigen\">"), "{page}");
    }
    // And a page without it did not change.
    let before = pipeline::build_with(&options, &mut memo).unwrap();
    assert_eq!(memo.rendered_count(), 0);
    assert!(before.output == clean.output);
}

// ---------------------------------------------------------------------------------------
// In a real browser.

#[test]
fn every_component_passes_axe_and_loads_nothing_from_elsewhere() {
    let Some(axe) = require_axe() else {
        return;
    };
    let Some(browser) = require_browser() else {
        return;
    };
    let started = Instant::now();
    let fixture = components_site();
    build(&fixture);
    let server = StaticServer::start(&fixture.path("public"));
    browser.set_viewport_size(1280, 900);
    let mut report = String::new();
    for (name, _) in PAGES {
        let page = format!("/componenten/{name}/");
        browser.goto(&server.url(&page));
        // Open every expandable, so axe reads what it holds too.
        browser.execute(
            "document.querySelectorAll('details').forEach(d => d.open = true); return 1;",
            &[],
        );
        report.push_str(&describe_violations(&page, &axe_violations(&browser, &axe)));
        let foreign = browser.execute(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(u => !u.startsWith(location.origin));",
            &[],
        );
        assert_eq!(foreign, serde_json::json!([]), "{page}");
    }
    // The default narrative's pages with components.
    let site = crate::support::site::built_default_site();
    let default = StaticServer::start(&site.path("public"));
    for page in [
        "/verhalen/buurtkamer-oost/",
        "/agenda/uitvoeringstoets/",
        "/verhaal/06-uitvoering-op-zn-kop/",
        "/hulp/zo-schrijf-je-een-verhaal/",
    ] {
        browser.goto(&default.url(page));
        let count = browser.execute(
            "document.querySelectorAll('details').forEach(d => d.open = true); return document.querySelectorAll('.callout, .quote, .expandable, .key-figure').length;",
            &[],
        );
        assert!(count.as_u64().unwrap_or(0) > 0, "{page}: no component");
        report.push_str(&describe_violations(page, &axe_violations(&browser, &axe)));
    }
    assert!(report.is_empty(), "axe-core violations:\n{report}");
    let requests = server.requests();
    assert!(
        requests.iter().any(|r| r.contains("/media/buurtkamer.vtt")),
        "the captions were not loaded: {requests:?}"
    );
    eprintln!("components in Chromium: {:?}", started.elapsed());
}
