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
