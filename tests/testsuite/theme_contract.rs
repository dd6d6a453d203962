//! The template contract holds (issue 20): what `src/template_contract.rs` says is what
//! templates see, define and use; web teams customising the theme get one clear error
//! instead of a cascade; links templates write land; every id on a page is unique; every
//! page has a favicon; `theme eject` copies the built-in templates and never overwrites.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use verteller::render::tags;
use verteller::render::theme::embedded;
use verteller::template_contract as contract;

use crate::support::links::{self, Target};
use crate::support::site::{built_generated_site, copy_tree, default_site, repo};
use crate::support::{Fixture, snapshot_tree};

// ---------------------------------------------------------------------------------------
// The contract against the code.

/// A template that prints its own name and the names of what it sees.
fn dump_template(name: &str) -> String {
    let mut text = format!("TEMPLATE={name}\n");
    text.push_str("{% for k, v in __tera_context %}top.{{ k }}\n{% endfor %}");
    text.push_str("{% for k, v in site %}site.{{ k }}\n{% endfor %}");
    if contract::variables_of(name).contains(&"page") {
        text.push_str("{% for k, v in page %}page.{{ k }}\n{% endfor %}");
    }
    if contract::variables_of(name).contains(&"items") {
        text.push_str("{% for k, v in items | first %}link.{{ k }}\n{% endfor %}");
    }
    text
}

/// Every page template of the contract, in its groups.
fn contract_templates() -> Vec<&'static str> {
    contract::PAGES
        .iter()
        .flat_map(|g| g.templates.iter().copied())
        .collect()
}

/// Every file under `dir`, relative, with its text (binary files left out).
fn texts(dir: &Path) -> Vec<(PathBuf, String)> {
    snapshot_tree(dir)
        .into_iter()
        .filter_map(|(p, b)| Some((p, String::from_utf8(b).ok()?)))
        .collect()
}

#[test]
fn every_template_sees_exactly_what_the_contract_says() {
    let site = default_site();
    // An alias and a story image, so that `alias.html` renders and `image` is set.
    site.write(
        "content/verhalen/met-foto.md",
        "---\ntitle: Met foto\ndate: 2025-02-03\nwijken: [Oost]\naliases: [/oude-foto/]\nimage: /img/foto.svg\nimage_alt: Een foto\n---\nTekst.\n"
            .as_bytes(),
    );
    site.write(
        "static/img/foto.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"></svg>",
    );
    // A taxonomy of the site's own, so that `taxonomy.html` and `taxonomy_term.html`
    // render.
    let toml = std::fs::read_to_string(site.path("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        format!("{toml}\n[[taxonomies]]\nname = \"wijken\"\nlabel = \"Wijken\"\n").as_bytes(),
    );
    for name in contract_templates() {
        site.write(&format!("templates/{name}"), dump_template(name).as_bytes());
    }
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, text) in texts(&site.path("public")) {
        let Some(rest) = text.strip_prefix("TEMPLATE=") else {
            continue;
        };
        let mut lines = rest.lines();
        let name = lines.next().unwrap_or_default().to_string();
        seen.entry(name)
            .or_default()
            .extend(lines.map(str::to_string));
    }
    let everywhere: Vec<&str> = contract::EVERYWHERE
        .variables
        .iter()
        .map(|v| v.name)
        .collect();
    for name in contract_templates() {
        let got = seen
            .get(name)
            .unwrap_or_else(|| panic!("no page was rendered with {name}"));
        let mut want: BTreeSet<String> = everywhere
            .iter()
            .map(|v| match v.split_once('.') {
                Some(_) => v.to_string(),
                None => format!("top.{v}"),
            })
            .collect();
        want.extend(
            contract::variables_of(name)
                .into_iter()
                .map(|v| format!("top.{v}")),
        );
        let fields = |group: &contract::Group, prefix: &str| -> Vec<String> {
            group
                .variables
                .iter()
                .map(|v| format!("{prefix}.{}", v.name))
                .collect()
        };
        if contract::variables_of(name).contains(&"page") {
            want.extend(fields(&contract::LINK, "page"));
            want.extend(fields(&contract::PAGE, "page"));
        }
        if contract::variables_of(name).contains(&"items") {
            want.extend(fields(&contract::LINK, "link"));
        }
        let missing: Vec<&String> = want.difference(got).collect();
        let undocumented: Vec<&String> = got.difference(&want).collect();
        assert!(
            missing.is_empty() && undocumented.is_empty(),
            "{name}: src/template_contract.rs and what the template sees differ\n  \
             in the contract, not seen: {missing:?}\n  seen, not in the contract: {undocumented:?}"
        );
    }
}

#[test]
fn every_built_in_template_is_in_the_contract() {
    let partials: Vec<&str> = contract::PARTIALS.iter().map(|(n, _)| *n).collect();
    let known: Vec<&str> = contract_templates()
        .into_iter()
        .chain(partials.iter().copied())
        .chain(contract::COMPONENT_TEMPLATES.iter().copied())
        .collect();
    for (name, _) in embedded::TEMPLATES {
        if *name == "base.html" {
            continue;
        }
        assert!(
            known.contains(name),
            "{name} is neither a page template of a group nor a partial in src/template_contract.rs"
        );
    }
    for name in known {
        assert!(
            embedded::TEMPLATES.iter().any(|(n, _)| *n == name),
            "src/template_contract.rs names {name}, which the built-in theme does not have"
        );
    }
}

#[test]
fn base_html_defines_the_contract_s_blocks_and_the_children_fill_only_those() {
    let base = embedded::TEMPLATES
        .iter()
        .find(|(n, _)| *n == "base.html")
        .expect("base.html")
        .1;
    let defined: Vec<&str> = tags::blocks(base).into_iter().map(|(b, _)| b).collect();
    let contract_blocks: Vec<&str> = contract::BLOCKS.iter().map(|b| b.name).collect();
    assert_eq!(
        defined, contract_blocks,
        "base.html's blocks and src/template_contract.rs's BLOCKS differ"
    );
    for (name, text) in embedded::TEMPLATES {
        if tags::extends(text) == Some("base.html") {
            for (block, _) in tags::blocks(text) {
                assert!(
                    contract_blocks.contains(&block),
                    "{name} fills block `{block}`, which is not in the contract"
                );
            }
        }
    }
}

/// `id="…"` values of a template's text: literal ones, and those made with `{{ … }}`.
fn template_ids(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut literal, mut made) = (Vec::new(), Vec::new());
    for (i, _) in text.match_indices(" id=\"") {
        let value = &text[i + 5..];
        let value = &value[..value.find('"').unwrap_or(value.len())];
        if value.contains("{{") || value.contains("{%") {
            made.push(value.to_string());
        } else {
            literal.push(value.to_string());
        }
    }
    (literal, made)
}

#[test]
fn the_reserved_ids_are_exactly_the_ids_the_templates_use() {
    let mut literal = BTreeSet::new();
    for (name, text) in embedded::TEMPLATES {
        let (ids, made) = template_ids(text);
        literal.extend(ids);
        for id in made {
            assert!(
                contract::RESERVED_PREFIXES
                    .iter()
                    .any(|p| id.starts_with(p)),
                "{name}: id=\"{id}\" is made from a variable but starts with none of RESERVED_PREFIXES"
            );
        }
    }
    let reserved: BTreeSet<String> = contract::RESERVED_IDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        literal, reserved,
        "the ids of the built-in templates and RESERVED_IDS in src/template_contract.rs differ"
    );
    // The check itself finds what it should.
    let (ids, made) = template_ids("<main id=\"inhoud\"><h2 id=\"thema-{{ x }}\">");
    assert_eq!(
        (ids, made),
        (
            vec!["inhoud".to_string()],
            vec!["thema-{{ x }}".to_string()]
        )
    );
}

// ---------------------------------------------------------------------------------------
// Web teams customising the theme: one clear error instead of a cascade.

#[test]
fn a_base_html_without_the_blocks_is_one_error_that_lists_them() {
    let site = Fixture::with(&[(
        "templates/base.html",
        "<!DOCTYPE html>\n<html><body><main>{% block main %}{% endblock main %}</main></body></html>\n",
    )]);
    fs::create_dir_all(site.path("public")).unwrap();
    fs::write(site.path("public/.verteller-output"), "").unwrap();
    fs::write(site.path("public/oud.html"), "vorige").unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let errors: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("fout"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", out.stderr);
    for want in [
        "templates/base.html:1:1",
        "`og_title` (",
        "story.html",
        "`title` (",
        "{% block og_title %}{% endblock og_title %}",
        "Niet gebouwd: 1 fout",
    ] {
        assert!(
            out.stderr.contains(want),
            "missing {want:?} in:\n{}",
            out.stderr
        );
    }
    assert!(!out.stderr.contains("is not defined in any parent template"));
    assert_eq!(site.read("public/oud.html"), "vorige");
}

#[test]
fn an_unclosed_if_is_reported_at_the_if() {
    let site = Fixture::with(&[(
        "templates/story.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<article>\n  {% if page.title %}\n<h1>{{ page.title }}</h1>\n</article>\n{% endblock main %}\n",
    )]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("templates/story.html:4:3"),
        "not at the if:\n{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("`{% if page.title %}` wordt niet gesloten met `{% endif %}`"),
        "{}",
        out.stderr
    );
    // Where Tera noticed it is the hint.
    assert!(out.stderr.contains("(7:"), "{}", out.stderr);
}

#[test]
fn a_template_error_on_every_page_is_counted_as_shown() {
    let base = fs::read_to_string(repo().join("themes/gemeente/templates/base.html")).unwrap();
    let broken = base.replace("</main>", "</main>{{ ontbreekt.veld }}");
    let site = Fixture::with(&[("templates/base.html", &broken)]);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let shown = out.stderr.lines().filter(|l| l.starts_with("fout")).count();
    assert_eq!(shown, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("Niet gebouwd: 1 fout,"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("dezelfde fout op ") && out.stderr.contains("pagina's"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Links in the output.

#[test]
fn dead_links_a_template_writes_fail_the_build_at_the_template() {
    let base = fs::read_to_string(repo().join("themes/gemeente/templates/base.html")).unwrap();
    let broken = base.replace(
        "</footer>",
        "<a href=\"{{ url(path='privacy/') }}\">Privacy</a>\n<link rel=\"stylesheet\" href=\"{{ url(path='css/nope.css') }}\">\n</footer>",
    );
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let site = Fixture::with(&[("templates/base.html", &broken)]);
    fs::create_dir_all(site.path("public")).unwrap();
    fs::write(site.path("public/.verteller-output"), "").unwrap();
    fs::write(site.path("public/oud.html"), "vorige").unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for want in [
        format!("templates/base.html:{}:", line_of("path='privacy/'")),
        format!("templates/base.html:{}:", line_of("css/nope.css")),
        "link `/privacy/` op pagina `/404.html` (en ".to_string(),
        "link `/css/nope.css`".to_string(),
        "de link staat in sjabloon `base.html`".to_string(),
        "Niet gebouwd: 2 fouten".to_string(),
    ] {
        assert!(
            out.stderr.contains(&want),
            "missing {want:?} in:\n{}",
            out.stderr
        );
    }
    assert_eq!(site.read("public/oud.html"), "vorige");
    // `check` finds the same.
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("dead-link"), "{}", out.stderr);
}

#[test]
fn a_dead_anchor_and_a_dead_link_in_static_html_are_found() {
    let site = Fixture::with(&[
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<a href=\"#nergens\">x</a>{{ page.content | safe }}{% endblock main %}",
        ),
        ("content/over.md", "---\ntitle: Over\n---\n## Wie\n\nWij.\n"),
        (
            "static/oud/kaart.html",
            "<!DOCTYPE html>\n<p><a href=\"/verhalen/buurt/#aanpak\">goed</a>\n<a href=\"../weg.pdf\">weg</a></p>\n",
        ),
    ]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("link `#nergens` op pagina `/over/` wijst naar `#nergens`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("static/oud/kaart.html:3:4"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("`../weg.pdf`"), "{}", out.stderr);
    assert!(!out.stderr.contains("#aanpak"), "{}", out.stderr);
}

#[test]
fn content_links_are_not_reported_twice() {
    // A missing image and a broken link in a body: reported once each, by the content
    // checks, not again by the output link check.
    let site = Fixture::with(&[(
        "content/verhalen/buurt.md",
        "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger]\n---\n## Aanpak\n\n![Foto](/img/weg.png) en [weg](/nergens/).\n",
    )]);
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let items: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let codes: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["image-missing", "broken-link"], "{}", out.stdout);
}

/// The `href` of the `<link>` with `id` on `page`.
fn href(page: &str, id: &str) -> String {
    links::tags(page, "link")
        .into_iter()
        .find(|a| links::attr(a, "id") == Some(id))
        .and_then(|a| links::attr(&a, "href").map(str::to_string))
        .unwrap_or_else(|| panic!("no <link id={id}> in {page}"))
}

#[test]
fn url_of_a_theme_asset_links_the_file_build_writes() {
    let site = Fixture::with(&[(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<link rel=\"stylesheet\" href=\"{{ url(path='css/gemeente.css') }}\" id=\"via-url\"><link rel=\"stylesheet\" href=\"{{ asset(path='css/gemeente.css') }}\" id=\"via-asset\">{% endblock main %}",
    )]);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = site.read("public/404.html");
    let (via_url, via_asset) = (href(&page, "via-url"), href(&page, "via-asset"));
    assert_eq!(via_url, via_asset);
    assert_ne!(via_url, "/css/gemeente.css", "build fingerprints theme CSS");
    assert!(
        site.path("public")
            .join(via_url.trim_start_matches('/'))
            .is_file()
    );
    // `check` (like `serve`) does not fingerprint: both give the plain name.
    let built = verteller::pipeline::build(&verteller::pipeline::BuildOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    let page = String::from_utf8(built.output["404.html"].to_vec()).unwrap();
    assert_eq!(href(&page, "via-url"), "/css/gemeente.css");
    assert_eq!(href(&page, "via-asset"), "/css/gemeente.css");
    assert!(built.output.contains_key("css/gemeente.css"));
}

#[test]
fn the_default_site_has_no_dead_links_and_every_page_a_favicon() {
    let site = default_site();
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("0 fouten"), "{}", out.stderr);
    let public = site.path("public");
    let mut pages = 0;
    for (path, text) in texts(&public) {
        if path.extension().is_none_or(|e| e != "html") || path.starts_with("pagefind") {
            continue;
        }
        pages += 1;
        let icon = links::tags(&text, "link")
            .into_iter()
            .find(|a| links::attr(a, "rel") == Some("icon"))
            .unwrap_or_else(|| panic!("{}: no <link rel=\"icon\">", path.display()));
        let href = links::attr(&icon, "href").unwrap();
        assert!(
            public.join(href.trim_start_matches('/')).is_file(),
            "{}: the icon {href} is not in the output",
            path.display()
        );
        assert_eq!(links::attr(&icon, "type"), Some("image/svg+xml"));
    }
    assert!(pages > 40, "{pages} pages");
    assert!(!public.join("favicon.ico").exists());
}

#[test]
fn the_brand_logo_is_the_favicon_when_it_is_an_svg_or_png() {
    let toml = "title = \"Test\"\nbase_url = \"https://example.org/sub/\"\nmunicipality = \"Gemeente Test\"\n\n[brand]\nlogo = \"/img/logo.png\"\n";
    let site = Fixture::with(&[("site.toml", toml)]);
    site.write("static/img/logo.png", b"\x89PNG\r\n\x1a\n");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let home = site.read("public/index.html");
    assert!(
        home.contains("<link rel=\"icon\" href=\"/sub/img/logo.png\" type=\"image/png\">"),
        "{home}"
    );
    // A JPEG logo is no icon: the theme's own is linked.
    let toml = toml.replace("logo.png", "logo.jpg");
    let site = Fixture::with(&[("site.toml", &toml)]);
    site.write("static/img/logo.jpg", b"\xff\xd8\xff");
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let home = site.read("public/index.html");
    assert!(
        home.contains("<link rel=\"icon\" href=\"/sub/favicon."),
        "{home}"
    );
}

// ---------------------------------------------------------------------------------------
// Unique ids on every page, and every fragment landing.

/// Every problem with ids and fragments in the built site `out` (served at `/`): an id
/// twice on a page, a `#fragment` link to this site that lands on no id.
fn id_problems(out: &Path) -> Vec<String> {
    let origin = "https://example.org";
    let mut problems = Vec::new();
    let mut anchors: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pages: Vec<(String, String)> = Vec::new();
    for (path, text) in texts(out) {
        if path.extension().is_none_or(|e| e != "html") || path.starts_with("pagefind") {
            continue;
        }
        let rel = path.to_string_lossy().replace('\\', "/");
        let url = format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel));
        let ids: Vec<String> = links::attributes(&text)
            .into_iter()
            .filter(|(n, _)| n == "id")
            .map(|(_, v)| v)
            .collect();
        let mut seen = BTreeSet::new();
        for id in &ids {
            if !seen.insert(id.clone()) {
                problems.push(format!("{url}: id=\"{id}\" twice"));
            }
        }
        anchors.insert(url.clone(), links::anchors(&text));
        pages.push((url, text));
    }
    for (url, text) in &pages {
        for link in links::html_links(text) {
            let Target::Internal(path, Some(fragment)) = links::resolve(origin, url, &link) else {
                continue;
            };
            if fragment.is_empty() || fragment == "top" {
                continue;
            }
            match anchors.get(&path) {
                Some(ids) if ids.contains(&fragment) => {}
                Some(_) => problems.push(format!("{url}: {link} lands on no id")),
                None => {} // not an HTML page of the output (checked by dead-link)
            }
        }
    }
    problems
}

#[test]
fn every_id_is_unique_and_every_fragment_lands_on_the_default_site() {
    let site = default_site();
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let problems = id_problems(&site.path("public"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The print page shows every chapter, each "Verder lezen" with its own id.
    let print = site.read("public/verhaal/print/index.html");
    assert!(print.matches("--verder-lezen\"").count() >= 2, "{print}");
}

#[test]
fn every_id_is_unique_and_every_fragment_lands_on_a_generated_site() {
    let site = built_generated_site(200);
    let problems = id_problems(&site.path("public"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_heading_with_a_theme_id_gets_another_and_links_to_it_still_land() {
    let site = Fixture::with(&[
        (
            "content/verhalen/buurt.md",
            "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger]\n---\n## Inhoud\n\nZie [hier](#inhoud).\n\n## Aanpak\n\nWerk.\n",
        ),
        (
            "content/over.md",
            "---\ntitle: Over\n---\nLees [de inhoud](verhalen/buurt.md#inhoud).\n",
        ),
    ]);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let story = site.read("public/verhalen/buurt/index.html");
    assert_eq!(story.matches("id=\"inhoud\"").count(), 1, "{story}");
    assert!(story.contains("<h2 id=\"inhoud-1\">Inhoud</h2>"), "{story}");
    assert!(story.contains("<a href=\"#inhoud-1\">hier</a>"), "{story}");
    let over = site.read("public/over/index.html");
    assert!(
        over.contains("href=\"/verhalen/buurt/#inhoud-1\""),
        "{over}"
    );
    let problems = id_problems(&site.path("public"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_print_page_namespaces_each_chapter_s_ids() {
    let chapter = |title: &str, weight: u32| {
        format!(
            "---\ntitle: {title}\nweight: {weight}\n---\n## Verder lezen\n\nZie [onder](#verder-lezen).\n"
        )
    };
    let site = Fixture::with(&[
        ("content/verhaal/begin.md", &chapter("Begin", 1)),
        ("content/verhaal/slot.md", &chapter("Slot", 2)),
    ]);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let print = site.read("public/verhaal/print/index.html");
    for id in ["begin--verder-lezen", "slot--verder-lezen"] {
        assert_eq!(print.matches(&format!("id=\"{id}\"")).count(), 1, "{print}");
        assert!(print.contains(&format!("href=\"#{id}\"")), "{print}");
    }
    assert!(!print.contains("id=\"verder-lezen\""), "{print}");
    // The chapter's own page keeps its ids.
    let begin = site.read("public/verhaal/begin/index.html");
    assert!(begin.contains("id=\"verder-lezen\""), "{begin}");
}

// ---------------------------------------------------------------------------------------
// `verteller theme eject`.

#[test]
fn eject_copies_every_template_into_templates_and_the_site_still_builds() {
    let site = Fixture::minimal();
    let out = site.run(&["theme", "eject"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for (name, text) in embedded::TEMPLATES {
        assert_eq!(&site.read(&format!("templates/{name}")), text, "{name}");
    }
    assert!(
        out.stderr.contains("sjablonen gekopieerd naar templates/"),
        "{}",
        out.stderr
    );
    assert_eq!(site.run(&["build"]).code, 0);
}

#[test]
fn eject_copies_only_the_named_templates_and_knows_the_dutch_words() {
    let site = Fixture::minimal();
    let out = site.run(&["sjablonen", "uitpakken", "story.html", "base.html"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut copied: Vec<String> = fs::read_dir(site.path("templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    copied.sort();
    assert_eq!(copied, ["base.html", "story.html"]);
    let out = site.run(&["theme", "eject", "stroy.html"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`stroy.html` (bedoelde je `story.html`?)"),
        "{}",
        out.stderr
    );
}

#[test]
fn eject_with_a_name_makes_a_theme_that_the_site_can_use() {
    let site = Fixture::minimal();
    let out = site.run(&["theme", "eject", "--name", "eigen"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("theme = \"eigen\""), "{}", out.stderr);
    for file in [
        "themes/eigen/templates/base.html",
        "themes/eigen/templates/story.html",
        "themes/eigen/static/css/gemeente.css",
        "themes/eigen/static/favicon.svg",
        "themes/eigen/theme.toml",
    ] {
        assert!(site.path(file).is_file(), "{file}");
    }
    // Used, and changed: the site shows the change.
    let base = site.read("themes/eigen/templates/base.html");
    site.write(
        "themes/eigen/templates/base.html",
        base.replace("<main id=\"inhoud\"", "<main data-eigen id=\"inhoud\"")
            .as_bytes(),
    );
    let toml = format!("{}theme = \"eigen\"\n", site.read("site.toml"));
    site.write("site.toml", toml.as_bytes());
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(site.read("public/index.html").contains("<main data-eigen"));
}

#[test]
fn eject_refuses_to_overwrite_and_says_which_files_are_in_the_way() {
    let site = Fixture::with(&[("templates/story.html", "mijn eigen verhaal")]);
    let out = site.run(&["theme", "eject"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("templates/story.html"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("niets gekopieerd"), "{}", out.stderr);
    assert_eq!(site.read("templates/story.html"), "mijn eigen verhaal");
    assert!(
        !site.path("templates/base.html").exists(),
        "nothing is written"
    );
    // Outside a site it says so.
    let empty = tempfile::tempdir().unwrap();
    let lonely = Fixture { dir: empty };
    let out = lonely.run(&["theme", "eject"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("geen site.toml"), "{}", out.stderr);
    // A theme that exists is not overwritten either.
    let site = Fixture::minimal();
    copy_tree(&repo().join("themes/gemeente"), &site.path("themes/eigen"));
    let out = site.run(&["theme", "eject", "--name", "eigen"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("themes/eigen/templates/base.html"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------
// serve: the link check with its memo reports what a clean build reports.

#[test]
fn serve_reports_dead_links_as_a_clean_build_does() {
    use verteller::pipeline::{self, BuildOptions, Memo};
    let school = "---\ntitle: School\ndate: 2025-03-01\n---\n## Aanpak\n\nLes.\n";
    let site = Fixture::with(&[
        ("content/over.md", "---\ntitle: Over\n---\nOver de site.\n"),
        ("content/verhalen/school.md", school),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<a href=\"/verhalen/school/#aanpak\">school</a>{{ page.content | safe }}{% endblock main %}",
        ),
    ]);
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut memo = Memo::for_serve();
    let dead = |built: &pipeline::Built| -> Vec<String> {
        built
            .diagnostics
            .clone()
            .into_sorted()
            .into_iter()
            .filter(|d| d.code == "dead-link")
            .map(|d| d.message)
            .collect()
    };
    let steps: [(&str, Option<&str>, usize); 5] = [
        ("content/verhalen/school.md", Some(school), 0),
        ("content/verhalen/school.md", None, 1),
        ("content/verhalen/school.md", Some(school), 0),
        (
            "content/verhalen/school.md",
            Some("---\ntitle: School\ndate: 2025-03-01\n---\n## Anders\n\nLes.\n"),
            1,
        ),
        (
            "content/over.md",
            Some("---\ntitle: Over\n---\nAnders.\n"),
            1,
        ),
    ];
    for (path, text, want) in steps {
        match text {
            Some(text) => site.write(path, text.as_bytes()),
            None => fs::remove_file(site.path(path)).unwrap(),
        }
        let incremental = pipeline::build_with(&options, &mut memo).unwrap();
        let clean = pipeline::build(&options).unwrap();
        assert_eq!(dead(&incremental), dead(&clean), "after writing {path}");
        assert_eq!(dead(&clean).len(), want, "{:?}", dead(&clean));
    }
    // A story that no longer parses stands in for itself in serve; the links are then
    // checked by neither (the parse error is the error), so both agree.
    site.write("content/verhalen/school.md", b"---\ntitle: [kapot\n---\n");
    let incremental = pipeline::build_with(&options, &mut memo).unwrap();
    let clean = pipeline::build(&options).unwrap();
    assert_eq!(
        incremental.diagnostics.clone().into_sorted(),
        clean.diagnostics.clone().into_sorted()
    );
}
