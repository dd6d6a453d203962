//! A site's own structure without code: its main menu and footer links from
//! `[menu]` in site.toml (their targets checked like links), and its own taxonomies.

use crate::support::{Fixture, MINIMAL};

fn site_toml(extra: &str) -> String {
    let base = MINIMAL
        .iter()
        .find(|(p, _)| *p == "site.toml")
        .map(|(_, t)| *t)
        .expect("minimal site.toml");
    format!("{base}{extra}")
}

#[test]
fn the_site_sets_its_own_main_menu_and_footer_links() {
    let toml = site_toml(
        "\n[menu]\nmain = [\n  { title = \"Het verhaal\", url = \"/verhaal/\" },\n  { title = \"Alle verhalen\", url = \"/verhalen/\" },\n  { title = \"Contact\", url = \"https://www.voorbeeld.nl/contact\" },\n]\nfooter = [\n  { title = \"Over ons\", url = \"/over/\" },\n  { title = \"Mail ons\", url = \"mailto:verhaal@voorbeeld.nl\" },\n]\n",
    );
    let site = Fixture::with(&[
        ("site.toml", toml.as_str()),
        ("content/over.md", "---\ntitle: Over\n---\nWie wij zijn.\n"),
    ]);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let home = site.read("public/verhalen/index.html");
    let nav = &home[home.find("class=\"main-nav\"").expect("nav")..];
    let nav = &nav[..nav.find("</nav>").expect("end of nav")];
    assert!(
        nav.contains(r#"<a href="/verhaal/">Het verhaal</a>"#)
            && nav.contains(r#"<a href="/verhalen/" aria-current="page">Alle verhalen</a>"#)
            && nav.contains(r#"<a href="https://www.voorbeeld.nl/contact">Contact</a>"#),
        "{nav}"
    );
    assert!(
        !nav.contains("/kwadranten/"),
        "the theme's menu is replaced: {nav}"
    );
    let footer = &home[home.find("<footer").expect("footer")..];
    assert!(
        footer.contains(r#"<a href="/over/">Over ons</a>"#)
            && footer.contains(r#"<a href="mailto:verhaal@voorbeeld.nl">Mail ons</a>"#),
        "{footer}"
    );
}

#[test]
fn a_menu_link_to_a_page_the_site_does_not_have_fails_the_build_at_site_toml() {
    let toml = site_toml("\n[menu]\nmain = [\n  { title = \"Wijken\", url = \"/wijken/\" },\n]\n");
    let site = Fixture::with(&[("site.toml", toml.as_str())]);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("fout[dead-link]: link `/wijken/`")
            && out.stderr.contains("--> site.toml:7:30"),
        "{}",
        out.stderr
    );
    assert_eq!(
        out.stderr.matches("fout[dead-link]").count(),
        1,
        "one mistake, one error: {}",
        out.stderr
    );
}

#[test]
fn a_menu_refuses_scripts_other_schemes_and_unknown_keys() {
    let toml = site_toml(
        "\n[menu]\nfooter = [\n  { title = \"Klik\", url = \"javascript:alert(1)\" },\n  { title = \"Uit\", url = \"/../etc/\" },\n  { url = \"/verhalen/\", kleur = \"rood\" },\n]\nmain = \"/verhalen/\"\n",
    );
    let site = Fixture::with(&[("site.toml", toml.as_str())]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for expected in [
        "fout[invalid-value]: ongeldige waarde `javascript:alert(1)` voor `menu.footer.url`",
        "--> site.toml:7:28",
        "ongeldige waarde `/../etc/`",
        "fout[unknown-key]: onbekende sleutel `kleur`",
        "fout[missing-field]",
        "menu.footer.title",
        "fout[wrong-type]",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
}

/// Two taxonomies of the site's own: `wijken` with declared values, `doelgroepen` free.
const TAXONOMIES: &str = "page_size = 1\n\n[[taxonomies]]\nname = \"wijken\"\nlabel = \"Wijken\"\nvalues = [\"Oost\", \"West\", \"Centrum\"]\n\n[[taxonomies]]\nname = \"doelgroepen\"\nlabel = \"Doelgroepen\"\n";

fn taxonomy_site(stories: &[(&str, &str)]) -> Fixture {
    let toml = site_toml(TAXONOMIES);
    let mut files: Vec<(String, String)> = vec![("site.toml".into(), toml)];
    for (id, front) in stories {
        files.push((
            format!("content/verhalen/{id}.md"),
            format!("---\ntitle: Verhaal {id}\n{front}---\nTekst over {id}.\n"),
        ));
    }
    Fixture::with(&files)
}

#[test]
fn a_site_taxonomy_gets_term_pages_paginated_feeds_sitemap_entries_and_search_filters() {
    let site = taxonomy_site(&[
        (
            "noord",
            "date: 2025-03-01\nwijken: [oost, West]\ndoelgroepen: [jongeren]\n",
        ),
        (
            "zuid",
            "date: 2025-04-01\nwijken: Oost\ndoelgroepen: [Jongeren, Ouderen]\n",
        ),
        ("los", "date: 2025-05-01\n"),
    ]);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    // The overview: declared values in site.toml's order, even without stories.
    let overview = crate::support::main_of(&site.read("public/wijken/index.html")).to_string();
    let order: Vec<usize> = [
        "/wijken/oost/\">Oost",
        "/wijken/west/\">West",
        "/wijken/centrum/\">Centrum",
    ]
    .iter()
    .map(|needle| {
        overview
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {overview}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{overview}");
    assert!(
        overview.contains("2 teksten") && overview.contains("0 teksten"),
        "{overview}"
    );

    // A term's pages: newest first, one a page, `rel` prev/next between them.
    let first = site.read("public/wijken/oost/index.html");
    let second = site.read("public/wijken/oost/pagina/2/index.html");
    assert!(
        first.contains("<h1>Oost</h1>") && first.contains("/verhalen/zuid/"),
        "{first}"
    );
    assert!(
        !first.contains("/verhalen/noord/"),
        "one story a page: {first}"
    );
    assert!(
        first.contains(r#"rel="next" href="/wijken/oost/pagina/2/""#),
        "{first}"
    );
    assert!(second.contains("/verhalen/noord/"), "{second}");
    assert!(
        second.contains(r#"rel="prev" href="/wijken/oost/""#),
        "{second}"
    );
    assert!(!site.path("public/wijken/oost/pagina/3").exists());
    assert!(
        first.contains(r#"href="https://example.org/wijken/oost/atom.xml""#),
        "the term page names its feed: {first}"
    );

    // Free values: one term for both spellings, titled as written (ties: byte order).
    let jongeren = site.read("public/doelgroepen/jongeren/index.html");
    assert!(jongeren.contains("<h1>Jongeren</h1>"), "{jongeren}");
    assert!(site.path("public/doelgroepen/ouderen/index.html").exists());

    // The feed: the term's stories, newest first.
    let feed = site.read("public/wijken/oost/atom.xml");
    let (zuid, noord) = (
        feed.find("https://example.org/verhalen/zuid/"),
        feed.find("https://example.org/verhalen/noord/"),
    );
    assert!(zuid.is_some() && noord.is_some() && zuid < noord, "{feed}");
    assert!(!feed.contains("/verhalen/los/"), "{feed}");

    let sitemap = site.read("public/sitemap.xml");
    for page in [
        "wijken/",
        "wijken/oost/",
        "wijken/centrum/",
        "doelgroepen/ouderen/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{page}</loc>")),
            "{page}: {sitemap}"
        );
    }

    // The story names its terms, each a search filter named after the taxonomy.
    let story = site.read("public/verhalen/noord/index.html");
    for expected in [
        "<dt>Wijken</dt>",
        r#"<a href="/wijken/oost/" data-pagefind-filter="wijken">Oost</a>"#,
        r#"<a href="/wijken/west/" data-pagefind-filter="wijken">West</a>"#,
        r#"<a href="/doelgroepen/jongeren/" data-pagefind-filter="doelgroepen">Jongeren</a>"#,
    ] {
        assert!(story.contains(expected), "{expected}\n{story}");
    }
    assert!(
        !site
            .read("public/verhalen/los/index.html")
            .contains("<dt>Wijken</dt>")
    );

    // The search index has the filter: Pagefind's own API, in Chromium, filters on it.
    let Some(browser) = crate::support::browser::require_browser() else {
        return;
    };
    let server = crate::support::browser::StaticServer::start(&site.path("public"));
    browser.goto(&server.url("/zoeken/"));
    let found = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         import(arguments[0]).then(async (pagefind) => {
           await pagefind.init();
           const filters = await pagefind.filters();
           const search = await pagefind.search(null, { filters: { wijken: 'Oost' } });
           const pages = await Promise.all(search.results.map((r) => r.data()));
           done({ filters, urls: pages.map((p) => p.url).sort() });
         }).catch((e) => done({ error: String(e) }));",
        &[serde_json::json!(server.url("/pagefind/pagefind.js"))],
    );
    assert_eq!(
        found["filters"]["wijken"],
        serde_json::json!({"Oost": 2, "West": 1}),
        "{found}"
    );
    assert_eq!(
        found["filters"]["doelgroepen"],
        serde_json::json!({"Jongeren": 2, "Ouderen": 1}),
        "{found}"
    );
    assert_eq!(
        found["urls"],
        serde_json::json!(["/verhalen/noord/", "/verhalen/zuid/"]),
        "{found}"
    );
}

#[test]
fn check_names_an_unknown_term_or_taxonomy_key_at_its_place_with_a_suggestion() {
    let site = taxonomy_site(&[
        ("noord", "date: 2025-03-01\nwijken: [Oost, Wets]\n"),
        ("zuid", "date: 2025-04-01\nwijk: [Oost]\n"),
        ("leeg", "date: 2025-04-01\ndoelgroepen: [\"!?\"]\n"),
    ]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for expected in [
        "fout[unknown-term]: `Wets` is geen waarde van `wijken`",
        "--> content/verhalen/noord.md:4:16",
        "bedoelde je `West`?",
        "fout[unknown-key]: onbekende sleutel `wijk`",
        "--> content/verhalen/zuid.md:4:1",
        "bedoelde je `wijken`?",
        "fout[invalid-value]: ongeldige waarde `!?` voor `doelgroepen`",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
    assert_eq!(out.stderr.matches("fout[").count(), 3, "{}", out.stderr);
}

#[test]
fn a_taxonomy_may_not_take_the_name_of_a_folder_a_key_or_another_taxonomy() {
    let toml = site_toml(
        "\n[[taxonomies]]\nname = \"verhalen\"\nlabel = \"Verhalen\"\n\n[[taxonomies]]\nname = \"themes\"\nlabel = \"Thema's\"\n\n[[taxonomies]]\nname = \"wijken\"\nlabel = \"Wijken\"\n\n[[taxonomies]]\nname = \"wijken\"\nlabel = \"Buurten\"\n\n[[taxonomies]]\nname = \"Mijn Wijken\"\nlabel = \"x\"\nkinds = [\"verhaal\"]\n",
    );
    let site = Fixture::with(&[("site.toml", toml.as_str())]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for expected in [
        "fout[taxonomy-name-taken]: taxonomie `verhalen` heeft de naam van de map van `story`",
        "--> site.toml:6:9",
        "taxonomie `themes` heeft de naam van een sleutel die de front matter al kent",
        "taxonomie `wijken` staat er twee keer in",
        "--> site.toml:18:9",
        "ongeldige waarde `Mijn Wijken` voor `taxonomies.name`",
        "ongeldige waarde `verhaal` voor `taxonomies.kinds`",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
}

#[test]
fn a_taxonomy_may_not_take_a_renamed_kind_folder_wherever_folders_stands() {
    // `[[taxonomies]]` before `[folders]`: the name is checked against the folders as
    // the whole file gives them.
    let toml = site_toml(
        "\n[[taxonomies]]\nname = \"buurten\"\nlabel = \"Buurten\"\n\n[folders]\nstory = \"buurten\"\n",
    );
    let site = Fixture::with(&[("site.toml", toml.as_str())]);
    let out = site.run(&["check"]);
    assert!(
        out.stderr.contains(
            "fout[taxonomy-name-taken]: taxonomie `buurten` heeft de naam van de map van `story`"
        ),
        "{}",
        out.stderr
    );
}
