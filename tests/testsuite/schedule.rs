//! Publication dates (`publish_date`, `expires`), the as-of date (`--as-of`),
//! `check --next-change`, serve's preview banner, and the site's own `extra` fields.

use crate::support::{Fixture, main_of, snapshot_tree};

/// A story published from 1 February 2027 until (not on) 1 June 2027, linked from
/// nowhere, so a build without it differs only by it.
const SCHEDULED: &str = "---\ntitle: Raadsbesluit over de buurtkamer\ndate: 2025-03-01\npublish_date: 2027-02-01\nexpires: 2027-06-01\nthemes: [driehoek]\nquadrants: [rechtmatig]\n---\nHet besluit.\n";

fn build(site: &Fixture, as_of: &str) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let out = site.run(&["build", "--as-of", as_of]);
    assert_eq!(out.code, 0, "build --as-of {as_of}: {}", out.stderr);
    snapshot_tree(&site.path("public"))
}

#[test]
fn outside_its_dates_a_document_builds_as_if_it_did_not_exist() {
    let with = Fixture::with(&[("content/verhalen/besluit.md", SCHEDULED)]);
    let without = Fixture::minimal();
    // The day before publication, the day of expiry, and long after.
    for as_of in ["2027-01-31", "2027-06-01", "2030-01-01"] {
        let (a, b) = (build(&with, as_of), build(&without, as_of));
        assert!(
            a == b,
            "as of {as_of}, the output with the scheduled story differs from the one without it: {:?}",
            a.iter().zip(&b).find(|(x, y)| x != y).map(|(x, _)| &x.0)
        );
    }
    // From its publication date until the day before it expires, it is on the site:
    // its page, its agenda theme's list, the sitemap and the feed.
    for as_of in ["2027-02-01", "2027-05-31"] {
        build(&with, as_of);
        let page = with.read("public/verhalen/besluit/index.html");
        assert!(page.contains("Raadsbesluit over de buurtkamer"));
        assert!(
            !page.contains("withheld-banner"),
            "a published page has no banner"
        );
        let theme = with.read("public/themas/driehoek/index.html");
        assert!(
            theme.contains("/verhalen/besluit/"),
            "listed on its agenda theme"
        );
        assert!(
            with.read("public/sitemap.xml")
                .contains("/verhalen/besluit/")
        );
        assert!(with.read("public/atom.xml").contains("/verhalen/besluit/"));
    }
}

#[test]
fn a_link_to_a_scheduled_document_is_plain_text_with_a_warning_until_its_date() {
    let linking = "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger]\n---\nLees [het besluit](besluit.md).\n";
    let site = Fixture::with(&[
        ("content/verhalen/besluit.md", SCHEDULED),
        ("content/verhalen/buurt.md", linking),
    ]);
    let out = site.run(&["build", "--as-of", "2027-01-15"]);
    assert_eq!(
        out.code, 0,
        "a warning does not fail the build: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("waarschuwing[link-to-scheduled]")
            && out.stderr.contains("content/verhalen/buurt.md:8:6")
            && out.stderr.contains("2027-02-01"),
        "{}",
        out.stderr
    );
    let page = site.read("public/verhalen/buurt/index.html");
    assert!(main_of(&page).contains("het besluit") || main_of(&page).contains("Raadsbesluit"));
    assert!(
        !page.contains("/verhalen/besluit/"),
        "no dead link to the scheduled story"
    );

    let out = site.run(&["build", "--as-of", "2027-02-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("link-to-scheduled"), "{}", out.stderr);
    assert!(
        site.read("public/verhalen/buurt/index.html")
            .contains("/verhalen/besluit/")
    );

    let out = site.run(&["check", "--as-of", "2027-06-01"]);
    assert!(
        out.stderr.contains("waarschuwing[link-to-expired]")
            && out.stderr.contains("content/verhalen/buurt.md:8:6"),
        "{}",
        out.stderr
    );
}

#[test]
fn next_change_names_the_next_publication_or_expiry() {
    let site = Fixture::with(&[("content/verhalen/besluit.md", SCHEDULED)]);
    let out = site.run(&["check", "--next-change", "--as-of", "2027-01-01"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.trim(), "2027-02-01", "the date alone on stdout");
    assert!(
        out.stderr.contains("verhalen/besluit.md verschijnt"),
        "{}",
        out.stderr
    );

    let out = site.run(&[
        "check",
        "--next-change",
        "--as-of",
        "2027-02-01",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON document");
    assert_eq!(json["as_of"], "2027-02-01");
    assert_eq!(json["next_change"]["date"], "2027-06-01");
    let change = &json["next_change"]["changes"][0];
    assert_eq!(change["change"], "disappears");
    assert_eq!(change["file"], "verhalen/besluit.md");
    assert_eq!(change["url"], "https://example.org/verhalen/besluit/");
    assert!(json["diagnostics"].is_array());

    let out = site.run(&["check", "--next-change", "--as-of", "2027-06-01"]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "", "nothing scheduled: nothing on stdout");
    assert!(
        out.stderr.contains("geen wijziging gepland"),
        "{}",
        out.stderr
    );
}

#[test]
fn expiry_on_or_before_publication_is_an_error_at_expires() {
    let story = "---\ntitle: Besluit\ndate: 2025-03-01\npublish_date: 2027-02-01\nexpires: 2027-02-01\n---\nTekst.\n";
    let site = Fixture::with(&[("content/verhalen/besluit.md", story)]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("fout[expires-before-publish]")
            && out.stderr.contains("content/verhalen/besluit.md:5:10"),
        "{}",
        out.stderr
    );
    let site = Fixture::with(&[(
        "content/verhalen/besluit.md",
        "---\ntitle: Besluit\ndate: 2025-03-01\npublish_date: 1 februari\n---\nTekst.\n",
    )]);
    let out = site.run(&["check"]);
    assert!(
        out.stderr.contains("fout[invalid-date]") && out.stderr.contains("besluit.md:4:"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_wrong_as_of_date_is_a_usage_error() {
    let site = Fixture::minimal();
    let out = site.run(&["build", "--as-of", "15-01-2027"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("JJJJ-MM-DD"), "{}", out.stderr);
}

#[test]
fn serve_previews_scheduled_and_expired_documents_with_a_banner() {
    use verteller::pipeline::{self, BuildOptions};
    let site = Fixture::with(&[("content/verhalen/besluit.md", SCHEDULED)]);
    let preview = |as_of: &str, scheduled: bool| {
        let built = pipeline::build(&BuildOptions {
            root: site.root().to_path_buf(),
            as_of: verteller::model::Date::parse(as_of),
            scheduled,
            ..BuildOptions::default()
        })
        .expect("build");
        built
            .output
            .get("verhalen/besluit/index.html")
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
    };
    let page = preview("2027-01-15", true).expect("serve previews the scheduled story");
    assert!(
        page.contains(r#"<p class="withheld-banner withheld-scheduled" role="note">Gepland: deze pagina verschijnt op 1 februari 2027.</p>"#),
        "{}",
        main_of(&page)
    );
    let page = preview("2027-07-01", true).expect("and the expired one");
    assert!(page.contains("Verlopen: deze pagina staat sinds 1 juni 2027 niet meer op de site."));
    let page = preview("2027-03-01", true).expect("published");
    assert!(!page.contains("withheld-banner"));
    assert_eq!(preview("2027-01-15", false), None, "a build leaves it out");
}

#[test]
fn a_draft_built_with_drafts_says_so_on_its_page() {
    let site = Fixture::with(&[(
        "content/verhalen/concept.md",
        "---\ntitle: Concept\ndate: 2025-03-01\ndraft: true\n---\nTekst.\n",
    )]);
    let out = site.run(&["build", "--drafts"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read("public/verhalen/concept/index.html");
    assert!(page.contains("withheld-draft") && page.contains("Concept: deze pagina"));
}

#[test]
fn extra_fields_reach_the_templates_unchecked() {
    let story = "---\ntitle: Buurt\ndate: 2025-01-02\nextra:\n  wijk: Oost\n  bewoners: 1250\n  aandeel: 0.4\n  partners: [bibliotheek, woningcorporatie]\n  contact: {naam: Fatima, rol: wijkcoach}\n---\nTekst.\n";
    let template = "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1><p id=\"wijk\">{{ page.extra.wijk }} {{ page.extra.bewoners + 1 }} {{ page.extra.aandeel * 10 }}</p><ul>{% for p in page.extra.partners %}<li>{{ p }}</li>{% endfor %}</ul><p id=\"contact\">{{ page.extra.contact.naam }}, {{ page.extra.contact.rol }}</p>{% endblock main %}";
    let site = Fixture::with(&[
        ("content/verhalen/buurt.md", story),
        ("templates/story.html", template),
    ]);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read("public/verhalen/buurt/index.html");
    assert!(
        page.contains(r#"<p id="wijk">Oost 1251 4"#),
        "{}",
        main_of(&page)
    );
    assert!(page.contains("<li>bibliotheek</li><li>woningcorporatie</li>"));
    assert!(page.contains(r#"<p id="contact">Fatima, wijkcoach</p>"#));

    let site = Fixture::with(&[(
        "content/verhalen/buurt.md",
        "---\ntitle: Buurt\ndate: 2025-01-02\nextra: Oost\n---\nTekst.\n",
    )]);
    let out = site.run(&["check"]);
    assert!(
        out.stderr.contains("fout[wrong-type]") && out.stderr.contains("buurt.md:4:1"),
        "{}",
        out.stderr
    );
}
