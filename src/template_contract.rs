//! The template contract in one place: the blocks a `base.html` defines, the variables
//! each template sees, the functions it may call and the element ids the theme keeps
//! for itself.
//!
//! Why a table: a web team customising the theme needs to know all of this, and it used
//! to live only in prose next to the code (`docs/templates.md`), where it drifted. Now
//! the code reads it (`render::theme` registers [`FUNCTIONS`] and names missing
//! [`BLOCKS`]; `markdown` keeps body heading ids off [`RESERVED_IDS`]), and tests hold
//! it to the rendered contexts, to the built-in templates and to `docs/templates.md`,
//! whose tables are generated from it ([`markdown_tables`]).

/// One block that the built-in `base.html` defines and child templates fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub name: &'static str,
    pub meaning: &'static str,
}

/// The blocks of the built-in `base.html`, in the order it defines them. A site's own
/// `base.html` must define every block the child templates it keeps use.
pub const BLOCKS: &[Block] = &[
    Block {
        name: "title",
        meaning: "the `<title>` (default: the site title)",
    },
    Block {
        name: "og_title",
        meaning: "`og:title` (default: the site title)",
    },
    Block {
        name: "feed_title",
        meaning: "the title of the page's own feed link (agenda themes, quadrants)",
    },
    Block {
        name: "head_extra",
        meaning: "more elements at the end of `<head>` (the search page's stylesheet)",
    },
    Block {
        name: "main_attrs",
        meaning: "attributes of `<main>` (` data-pagefind-body` on indexed pages)",
    },
    Block {
        name: "main",
        meaning: "the content of `<main>`",
    },
];

/// A function templates may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Function {
    /// The call as templates write it.
    pub call: &'static str,
    pub name: &'static str,
    pub meaning: &'static str,
}

/// The functions verteller registers with Tera.
pub const FUNCTIONS: &[Function] = &[
    Function {
        call: "url(path=\"zoeken/\")",
        name: "url",
        meaning: "the URL of a path of the site: the base path plus `path`. A path that is a fingerprinted theme asset (`css/gemeente.css`) gives its fingerprinted name, exactly like `asset()`, so `build` and `serve` link the same file",
    },
    Function {
        call: "asset(path=\"css/gemeente.css\")",
        name: "asset",
        meaning: "the URL of a theme asset (CSS, JS, images, fonts from the theme's `static/`, and the generated `css/brand.css`): with its content hash in the name in `build` (`css/gemeente.3f9a1c0b2d.css`), plain in `serve` and `check`. Use it for every theme asset",
    },
];

/// A variable (or a field of one) that a template sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    /// `site.title`, `page`, `paginator`: a top-level variable or a field of one.
    pub name: &'static str,
    pub kind: &'static str,
    pub meaning: &'static str,
}

/// The variables of a group of templates, as `docs/templates.md` shows them in one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    /// The heading of its section in `docs/templates.md`.
    pub heading: &'static str,
    /// The templates that see these variables (empty: every template).
    pub templates: &'static [&'static str],
    pub variables: &'static [Variable],
}

const fn var(name: &'static str, kind: &'static str, meaning: &'static str) -> Variable {
    Variable {
        name,
        kind,
        meaning,
    }
}

/// Every template renders with these.
pub const EVERYWHERE: Group = Group {
    heading: "Everywhere",
    templates: &[],
    variables: &[
        var("site", "map", "the site, from `site.toml` (fields below)"),
        var("site.title", "text", "`title`"),
        var(
            "site.description",
            "text",
            "`description` (empty when not set)",
        ),
        var("site.municipality", "text", "`municipality`"),
        var("site.base_url", "text", "absolute, ends with `/`"),
        var(
            "site.base_path",
            "text",
            "path of `base_url`, starts and ends with `/`",
        ),
        var("site.language", "`nl` \\| `en`", "`language`"),
        var(
            "site.logo",
            "text or null",
            "URL of `[brand] logo`, base path included",
        ),
        var(
            "site.favicon",
            "`{url, type}`",
            "the icon every page links (`<link rel=\"icon\">`): `[brand] logo` when it is an SVG or PNG, else the theme's `favicon.svg`",
        ),
        var(
            "site.nav",
            "list of `{title, url}`",
            "the main menu: `[menu] main` from site.toml, else the storyline, stories, agenda, agenda themes and quadrants",
        ),
        var(
            "t",
            "map",
            "UI strings in the site language (`t.skip_link`, `t.backlinks`, … see `src/locale.rs`)",
        ),
        var(
            "preview",
            "true or false",
            "`build --preview` or `[build] preview`: `noindex` everywhere",
        ),
        var("search", "true or false", "`[search] enabled`"),
        var(
            "current_url",
            "text",
            "URL of the page being rendered, base path included",
        ),
        var(
            "meta",
            "map",
            "what the `<head>` says about the page: `description`, `url` (absolute canonical URL; empty on the 404 page), `og_type` (`article` or `website`), `image` (absolute; a story photo's 1200×630 crop), `image_width`, `image_height`, `image_alt`, `jsonld` (JSON-LD, print with `\\| safe`), `feed` (the page's own Atom feed)",
        ),
        var(
            "breadcrumbs",
            "list of `{title, url}`",
            "home › list › page (empty on the home page)",
        ),
        var(
            "withheld",
            "`{state, text}` or null",
            "on a document page built although it is not published on the as-of date (a draft under `--drafts`; scheduled or expired in `serve`'s preview): `state` is `draft`, `scheduled` or `expired`, `text` the banner's sentence; else null",
        ),
        var(
            "current_quadrant",
            "text",
            "on a quadrant's page its id (for the quadrant map), else empty",
        ),
        var(
            "footer",
            "list of `{title, url}`",
            "the footer's links: `[menu] footer` from site.toml, else the pages `toegankelijkheid`, `privacy` and `over` that the site has",
        ),
    ],
};

/// The fields of a link to a document (`DocLink`): the items of every list.
pub const LINK: Group = Group {
    heading: "Link (`DocLink`)",
    templates: &[],
    variables: &[
        var(
            "kind",
            "text",
            "`chapter`, `story`, `agenda`, `agenda_theme`, `quadrant`, `role`, `page`",
        ),
        var("id", "text", "the document's id"),
        var("title", "text", "its title"),
        var("url", "text", "its URL, base path included"),
        var(
            "summary",
            "text",
            "`summary` from front matter, else the first paragraph (plain text)",
        ),
        var(
            "date",
            "`{iso, text}` or null",
            "`text` is `21 augustus 2026` in Dutch",
        ),
        var("place", "text or null", "stories: their place"),
        var(
            "status",
            "`{token, label}` or null",
            "agenda items: their status",
        ),
        var(
            "picture",
            "`{src, width, height, srcset, sources, og, og_width, og_height}` or null",
            "stories with a photo: its widths and formats, for a thumbnail (`card_picture.html`); `sources` is a list of `{type, srcset}`, one per modern format",
        ),
    ],
};

/// The templates of a document's own page.
pub const DOCUMENT_TEMPLATES: &[&str] = &[
    "chapter.html",
    "story.html",
    "agenda_item.html",
    "agenda_theme.html",
    "quadrant.html",
    "role.html",
    "page.html",
];

/// The fields of `page` besides the link's.
pub const PAGE: Group = Group {
    heading: "Document pages (`page`)",
    templates: DOCUMENT_TEMPLATES,
    variables: &[
        var("permalink", "text", "absolute URL"),
        var("description", "text", "`description`, else the summary"),
        var(
            "content",
            "HTML",
            "body HTML with links resolved — print with `\\| safe`",
        ),
        var(
            "toc",
            "list of `{level, id, title}`",
            "the body's headings of level ≤ 3",
        ),
        var("updated", "`{iso, text}` or null", "`updated`"),
        var("authors", "list of text", "`authors`"),
        var("word_count", "number", "words in the body"),
        var(
            "themes",
            "list of links",
            "agenda themes named in front matter",
        ),
        var(
            "quadrants",
            "list of links",
            "quadrants named in front matter",
        ),
        var("roles", "list of links", "roles named in front matter"),
        var(
            "stories",
            "list of links",
            "chapters and agenda items: stories named in front matter; agenda themes, quadrants, roles: stories that name this document, one page of them (see `paginator`)",
        ),
        var(
            "chapters",
            "list of links",
            "agenda themes and quadrants: chapters that name this document",
        ),
        var(
            "items",
            "list of links",
            "agenda themes and quadrants: agenda items that name this document",
        ),
        var(
            "related",
            "list of links",
            "stories: related stories (explicit `related` first, then by shared features)",
        ),
        var(
            "backlinks",
            "list of links",
            "every document that links here, from body or front matter (empty on page 2 and on of an agenda theme's, quadrant's or role's stories)",
        ),
        var("theme", "link or null", "agenda items: their agenda theme"),
        var("owner", "text or null", "agenda items: `owner`"),
        var("due", "`{iso, text}` or null", "agenda items: `due`"),
        var(
            "axes",
            "`{sturing, richting, sturing_label, richting_label}` or null",
            "quadrants: their place in the 2×2",
        ),
        var("aka", "list of text", "quadrants: other names"),
        var(
            "image",
            "text or null",
            "stories: image URL (base path included)",
        ),
        var("image_alt", "text or null", "stories: the image's alt text"),
        var(
            "picture",
            "`{src, width, height, srcset, sources, og, og_width, og_height}` or null",
            "stories whose `image` is a photo (JPEG, PNG, WebP): its files — `src` (the fallback, JPEG or PNG, in one width near 800 pixels, for browsers without WebP), `srcset` (that fallback as a `srcset`), `sources` (a list of `{type, srcset}` for `<source>`, WebP first), `width`/`height` (the widest WebP's), `og` (the 1200×630 Open Graph crop)",
        ),
        var(
            "image_width",
            "number or null",
            "stories: the image's width in pixels",
        ),
        var(
            "image_height",
            "number or null",
            "stories: the image's height in pixels",
        ),
        var(
            "publish_date",
            "`{iso, text}` or null",
            "`publish_date`: the first day the document is published",
        ),
        var(
            "expires",
            "`{iso, text}` or null",
            "`expires`: the first day it is no longer published",
        ),
        var(
            "withheld",
            "`{state, text}` or null",
            "the same as the top-level `withheld`",
        ),
        var(
            "extra",
            "map",
            "`extra`: the site's own front-matter fields, as written (texts, numbers, true/false, lists, maps); not checked",
        ),
        var(
            "taxonomies",
            "list of `{name, label, terms}`",
            "the site's own taxonomies (`[[taxonomies]]`) the document names, in site.toml's order: `name` (also the search filter's name), `label`, and `terms` as `{title, slug, url, count}`",
        ),
        var(
            "previous",
            "link or null",
            "chapters: the one before in `weight` order",
        ),
        var(
            "next",
            "link or null",
            "chapters: the one after in `weight` order",
        ),
    ],
};

/// What each template sees besides [`EVERYWHERE`]: a group per set of templates.
pub const PAGES: &[Group] = &[
    Group {
        heading: "chapter.html, story.html, agenda_item.html, page.html",
        templates: &[
            "chapter.html",
            "story.html",
            "agenda_item.html",
            "page.html",
        ],
        variables: &[var(
            "page",
            "map",
            "the document: every link field plus those of *Document pages*",
        )],
    },
    Group {
        heading: "agenda_theme.html, role.html",
        templates: &["agenda_theme.html", "role.html"],
        variables: &[
            var(
                "page",
                "map",
                "the document: every link field plus those of *Document pages*; `stories` holds this page's share",
            ),
            var(
                "paginator",
                "map",
                "as on `stories.html`: the stories that name the document, `page_size` per page (`<url>pagina/2/`, …)",
            ),
        ],
    },
    Group {
        heading: "quadrant.html",
        templates: &["quadrant.html"],
        variables: &[
            var(
                "page",
                "map",
                "the quadrant: every link field plus those of *Document pages*; `stories` holds this page's share",
            ),
            var("paginator", "map", "as on `agenda_theme.html`"),
            var(
                "quadrants",
                "list of `{quadrant, row, col, sturing, richting, stories}`",
                "the four quadrants for the map (`row` 0 = resultaat, `col` 0 = van binnen naar buiten; `stories` a count)",
            ),
        ],
    },
    Group {
        heading: "home.html",
        templates: &["home.html"],
        variables: &[
            var(
                "section",
                "map",
                "`{title, url, content, kind}` of `content/_index.md`",
            ),
            var("chapters", "list of links", "the storyline"),
            var("latest_stories", "list of links", "the six newest stories"),
            var(
                "agenda_themes",
                "list of `{theme, items, stories}`",
                "agenda themes with their items (ordered lopend, voornemen, afgerond) and story counts",
            ),
            var(
                "quadrants",
                "list of `{quadrant, row, col, sturing, richting, stories}`",
                "the four quadrants, as on `quadrant.html`",
            ),
        ],
    },
    Group {
        heading: "chapters.html, agenda_themes.html, roles.html",
        templates: &["chapters.html", "agenda_themes.html", "roles.html"],
        variables: &[
            var(
                "section",
                "map",
                "`{title, url, content, kind}` of the folder's `_index.md`",
            ),
            var("items", "list of links", "in display order"),
        ],
    },
    Group {
        heading: "stories.html",
        templates: &["stories.html"],
        variables: &[
            var(
                "section",
                "map",
                "`{title, url, content, kind}` of the folder's `_index.md`",
            ),
            var(
                "items",
                "list of links",
                "this page's stories, newest first",
            ),
            var(
                "paginator",
                "map",
                "`{current, total, previous, next, pages: [{number, gap_before, url, current}]}`",
            ),
        ],
    },
    Group {
        heading: "agenda.html",
        templates: &["agenda.html"],
        variables: &[
            var(
                "section",
                "map",
                "`{title, url, content, kind}` of the folder's `_index.md`",
            ),
            var("items", "list of links", "every agenda item"),
            var(
                "agenda_themes",
                "list of `{theme, items, stories}`",
                "as on `home.html`",
            ),
        ],
    },
    Group {
        heading: "quadrants.html",
        templates: &["quadrants.html"],
        variables: &[
            var(
                "section",
                "map",
                "`{title, url, content, kind}` of the folder's `_index.md`",
            ),
            var("items", "list of links", "the quadrants"),
            var(
                "quadrants",
                "list of `{quadrant, row, col, sturing, richting, stories}`",
                "as on `quadrant.html`",
            ),
            var(
                "matrix",
                "list of `{theme, counts}`",
                "story counts per agenda theme and quadrant (in `quadrants` order)",
            ),
        ],
    },
    Group {
        heading: "print.html",
        templates: &["print.html"],
        variables: &[
            var(
                "section",
                "map",
                "`{title, url, content, kind}` of the chapters' `_index.md`",
            ),
            var(
                "chapters",
                "list of pages",
                "every chapter as `page`, in storyline order; the ids in each chapter's `content` and `toc` start with the chapter's id and `--`, so they are unique on the combined page",
            ),
        ],
    },
    Group {
        heading: "404.html, search.html",
        templates: &["404.html", "search.html"],
        variables: &[],
    },
    Group {
        heading: "alias.html",
        templates: &["alias.html"],
        variables: &[
            var("target", "link", "the document the old URL redirects to"),
            var("permalink", "text", "its absolute URL"),
        ],
    },
    Group {
        heading: "taxonomy.html",
        templates: &["taxonomy.html"],
        variables: &[var(
            "taxonomy",
            "`{name, label, url, terms}`",
            "one of the site's own taxonomies (`[[taxonomies]]`): `name` and `label` from site.toml, `url` its overview's URL, `terms` every term as `{title, slug, url, count}` (declared values first, in site.toml's order, even with `count` 0; then free values by title)",
        )],
    },
    Group {
        heading: "taxonomy_term.html",
        templates: &["taxonomy_term.html"],
        variables: &[
            var(
                "taxonomy",
                "`{name, label, url, terms}`",
                "the term's taxonomy, as on `taxonomy.html`",
            ),
            var(
                "term",
                "`{title, slug, url, count}`",
                "the term: its title (as declared in `values`, else the spelling most documents use), URL segment, URL and how many documents name it",
            ),
            var(
                "items",
                "list of links",
                "this page's share of the documents naming the term: stories newest first, then other kinds",
            ),
            var(
                "paginator",
                "map",
                "as on `stories.html`: `page_size` documents per page (`<url>pagina/2/`, …)",
            ),
        ],
    },
    Group {
        heading: "atom.xml",
        templates: &["atom.xml"],
        variables: &[
            var(
                "entries",
                "list of links",
                "up to 20 stories (and dated chapters; on a term's feed of the site's own taxonomies, its dated documents), each with `permalink` and `updated`",
            ),
            var("updated", "text", "the newest entry's date"),
            var("feed_url", "text", "the feed's absolute URL"),
            var("feed_title", "text", "the feed's title"),
            var(
                "page_url",
                "text",
                "the absolute URL of the page the feed belongs to",
            ),
        ],
    },
    Group {
        heading: "sitemap.xml",
        templates: &["sitemap.xml"],
        variables: &[var("entries", "list of `{loc, lastmod}`", "every page")],
    },
];

/// What a component's template (`components/NAME.html`, docs/content.md) sees besides
/// [`EVERYWHERE`]: its arguments, by name, and these.
pub const COMPONENT: Group = Group {
    heading: "Component templates",
    templates: &[],
    variables: &[
        var(
            "content",
            "HTML",
            "the Markdown between `:::name{…}` and `:::`, as HTML (empty for a component on its own line or in a sentence); print it with `{{ content \\| safe }}`",
        ),
        var(
            "inline",
            "true or false",
            "written inside a sentence (`:name{…}`): use inline elements only",
        ),
        var(
            "NAME",
            "per argument",
            "each argument by its name: `text` and `token` as text, `bool` as true or false, `number` as a number, `link` as its URL (`\"\"` when it goes nowhere), `file` as `{url, bytes, size, format}` (`size`: `1,2 MB`; `format`: `PDF`); `null` when not written",
        ),
    ],
};

/// The built-in component templates (`crate::components::BUILT_IN`, one each).
pub const COMPONENT_TEMPLATES: &[&str] = &[
    "components/callout.html",
    "components/quote.html",
    "components/expandable.html",
    "components/key_figure.html",
    "components/video.html",
    "components/download.html",
];

/// Templates that other templates include: they see the including template's
/// variables, and no page is rendered with them alone.
pub const PARTIALS: &[(&str, &str)] = &[
    (
        "quadrant_map.html",
        "the 2×2 quadrant map as SVG; needs `quadrants` and `current_quadrant` (`home.html`, `quadrants.html`, `quadrant.html`)",
    ),
    (
        "pagination.html",
        "page numbers with `rel=\"prev\"`/`rel=\"next\"`; needs `paginator` (`stories.html`, `agenda_theme.html`, `quadrant.html`, `role.html`, `taxonomy_term.html`)",
    ),
    (
        "taxonomy_terms.html",
        "the site's own taxonomies a document names, as `<dt>`/`<dd>` pairs for a `<dl>`, each term a search filter; needs `page` (`story.html`, `agenda_item.html`, `chapter.html`, `page.html`)",
    ),
    (
        "card_picture.html",
        "a story's photo as a card's thumbnail (`<picture>`, lazy, decorative: `alt=\"\"` beside the card's title); needs `s`, a link (`stories.html`, `home.html`, `taxonomy_term.html`)",
    ),
    (
        "triangle.html",
        "the execution triangle as SVG; needs `roles`, a list of links (`roles.html` sets it)",
    ),
];

/// The element ids the built-in templates use (the `inhoud` of the skip link, the
/// headings of their own sections, the search form, the SVG titles). A body heading
/// never gets one of these: `## Inhoud` in a story becomes `id="inhoud-1"` (and a link to
/// `#inhoud` in that story lands there).
pub const RESERVED_IDS: &[&str] = &[
    "driehoek-titel",
    "inhoud",
    "kop-agenda",
    "kop-backlinks",
    "kop-hoofdstukken",
    "kop-inhoud",
    "kop-kwadranten",
    "kop-nieuw",
    "kop-punten",
    "kop-verhaal",
    "kop-verhalen",
    "kop-verwant",
    "kwadrantkaart-titel",
    "kwadrantkaart-uitleg",
    "zoeken",
    "zoeken-status",
    "zoekveld",
];

/// Prefixes of the ids the built-in templates make from a document's id
/// (`thema-{{ g.theme.id }}` on the agenda page, `hoofdstuk-{{ c.id }}` on the print
/// page). A body heading id starting with one gets [`RESERVED_PREFIX_ESCAPE`] in front.
pub const RESERVED_PREFIXES: &[&str] = &["hoofdstuk-", "thema-"];

/// What goes in front of a body heading id that starts with a reserved prefix.
pub const RESERVED_PREFIX_ESCAPE: &str = "kop-";

/// Whether a body heading may not take `id` as it is.
pub fn is_reserved_id(id: &str) -> bool {
    RESERVED_IDS.binary_search(&id).is_ok()
}

/// Whether `id` starts with one of [`RESERVED_PREFIXES`].
pub fn has_reserved_prefix(id: &str) -> bool {
    RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// The separator between a chapter's id and an id of its body on the combined print
/// page (`samenleving-verandert--aanpak`): ids made from text never hold two dashes in
/// a row, so a namespaced id cannot be a chapter's own or one of the theme's.
pub const NAMESPACE_SEPARATOR: &str = "--";

/// The contract as the Markdown tables of `docs/templates.md`, each under the heading of
/// its section: the blocks, the functions, the variables of every group, the link and
/// page fields, and the reserved ids.
pub fn markdown_tables() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut blocks = String::from("| block | meaning |\n| --- | --- |\n");
    for b in BLOCKS {
        blocks.push_str(&format!("| `{}` | {} |\n", b.name, b.meaning));
    }
    out.push(("Blocks of `base.html`".to_string(), blocks));
    let mut functions = String::from("| function | meaning |\n| --- | --- |\n");
    for f in FUNCTIONS {
        functions.push_str(&format!("| `{}` | {} |\n", f.call, f.meaning));
    }
    out.push(("Functions".to_string(), functions));
    for group in [&EVERYWHERE, &LINK, &PAGE].into_iter().chain(PAGES) {
        out.push((group.heading.to_string(), variable_table(group.variables)));
    }
    out.push((
        COMPONENT.heading.to_string(),
        variable_table(COMPONENT.variables),
    ));
    let mut partials = String::from("| template | what it is |\n| --- | --- |\n");
    for (name, meaning) in PARTIALS {
        partials.push_str(&format!("| `{name}` | {meaning} |\n"));
    }
    out.push(("Partials".to_string(), partials));
    let ids: Vec<String> = RESERVED_IDS.iter().map(|id| format!("`{id}`")).collect();
    let prefixes: Vec<String> = RESERVED_PREFIXES
        .iter()
        .map(|p| format!("`{p}…`"))
        .collect();
    out.push((
        "Reserved ids".to_string(),
        format!(
            "| ids | prefixes |\n| --- | --- |\n| {} | {} |\n",
            ids.join(", "),
            prefixes.join(", ")
        ),
    ));
    out
}

fn variable_table(variables: &[Variable]) -> String {
    if variables.is_empty() {
        return "Only the variables of *Everywhere*.\n".to_string();
    }
    let mut table = String::from("| variable | type | meaning |\n| --- | --- | --- |\n");
    for v in variables {
        table.push_str(&format!("| `{}` | {} | {} |\n", v.name, v.kind, v.meaning));
    }
    table
}

/// The top-level variables `template` sees besides [`EVERYWHERE`]'s.
pub fn variables_of(template: &str) -> Vec<&'static str> {
    PAGES
        .iter()
        .filter(|g| g.templates.contains(&template))
        .flat_map(|g| g.variables.iter().map(|v| v.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_ids_are_sorted_for_the_binary_search() {
        let mut sorted = RESERVED_IDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, RESERVED_IDS);
        assert!(is_reserved_id("inhoud") && !is_reserved_id("aanpak"));
    }

    #[test]
    fn escaped_ids_are_free() {
        // The escape never makes a reserved id or another reserved prefix.
        for prefix in RESERVED_PREFIXES {
            let escaped = format!("{RESERVED_PREFIX_ESCAPE}{prefix}x");
            assert!(!has_reserved_prefix(&escaped) && !is_reserved_id(&escaped));
        }
        for id in RESERVED_IDS {
            assert!(!has_reserved_prefix(id) && !id.contains(NAMESPACE_SEPARATOR));
        }
    }

    #[test]
    fn every_template_is_in_one_group() {
        let mut seen = Vec::new();
        for group in PAGES {
            for t in group.templates {
                assert!(!seen.contains(t), "{t} in two groups");
                seen.push(*t);
            }
        }
        assert_eq!(
            variables_of("quadrant.html"),
            ["page", "paginator", "quadrants"]
        );
    }

    #[test]
    fn every_built_in_component_has_its_template_here() {
        let built_in: Vec<String> = crate::components::BUILT_IN
            .iter()
            .map(crate::components::Spec::template)
            .collect();
        assert_eq!(built_in, COMPONENT_TEMPLATES);
    }
}
