//! UI strings of the theme, in Dutch and English: the `t` variable in templates.

use std::collections::BTreeMap;

use crate::messages::Lang;
use crate::model::Kind;

const STRINGS: &[(&str, &str, &str)] = &[
    ("skip_link", "Naar de inhoud", "Skip to content"),
    ("breadcrumb", "Kruimelpad", "Breadcrumb"),
    ("home", "Home", "Home"),
    ("main_nav", "Hoofdmenu", "Main menu"),
    ("toc", "Inhoud", "Contents"),
    ("backlinks", "Hier wordt naar verwezen", "Linked from here"),
    ("related", "Verwante verhalen", "Related stories"),
    ("themes", "Agendathema's", "Agenda themes"),
    ("quadrants", "Sturingskwadranten", "Steering quadrants"),
    ("roles", "Rollen", "Roles"),
    ("stories", "Verhalen", "Stories"),
    ("chapters", "Hoofdstukken", "Chapters"),
    ("items", "Agendapunten", "Agenda items"),
    ("latest_stories", "Nieuwste verhalen", "Latest stories"),
    (
        "agenda_glance",
        "De agenda in het kort",
        "The agenda at a glance",
    ),
    ("previous", "Vorige", "Previous"),
    ("next", "Volgende", "Next"),
    ("previous_chapter", "Vorig hoofdstuk", "Previous chapter"),
    ("next_chapter", "Volgend hoofdstuk", "Next chapter"),
    ("page", "Pagina", "Page"),
    ("pagination", "Paginering", "Pagination"),
    ("place", "Plaats", "Place"),
    ("date", "Datum", "Date"),
    ("updated", "Bijgewerkt", "Updated"),
    ("authors", "Auteurs", "Authors"),
    ("status", "Status", "Status"),
    ("owner", "Eigenaar", "Owner"),
    ("due", "Gereed", "Due"),
    ("theme", "Agendathema", "Agenda theme"),
    ("also_known_as", "Ook wel", "Also known as"),
    (
        "print_version",
        "Het hele verhaal op één pagina",
        "The whole story on one page",
    ),
    ("not_found_title", "Pagina niet gevonden", "Page not found"),
    (
        "not_found_text",
        "Deze pagina bestaat niet (meer). Begin op de homepage of kies een onderdeel uit het menu.",
        "This page does not exist (any more). Start at the home page or pick a section from the menu.",
    ),
    (
        "redirect",
        "Deze pagina is verhuisd naar",
        "This page has moved to",
    ),
    (
        "matrix",
        "Verhalen per agendathema en kwadrant",
        "Stories per agenda theme and quadrant",
    ),
    ("none", "Nog niets.", "Nothing yet."),
    ("stories_count", "verhalen", "stories"),
    ("story_one", "verhaal", "story"),
    ("footer_accessibility", "Toegankelijkheid", "Accessibility"),
    ("footer_privacy", "Privacy", "Privacy"),
    ("footer_about", "Over deze site", "About this site"),
    ("made_with", "Gemaakt met verteller", "Made with verteller"),
    (
        "map_title",
        "Kaart van de vier sturingskwadranten",
        "Map of the four steering quadrants",
    ),
    (
        "map_desc",
        "Twee assen: van resultaat (boven) naar waarde (onder), en van binnen naar buiten (links) naar van buiten naar binnen (rechts). Elk vak linkt naar zijn kwadrant.",
        "Two axes: from result (top) to value (bottom), and from inside out (left) to outside in (right). Each cell links to its quadrant.",
    ),
    (
        "map_caption",
        "De vier sturingskwadranten met het aantal verhalen per kwadrant.",
        "The four steering quadrants with the number of stories in each.",
    ),
    ("axis_result", "Resultaat", "Result"),
    ("axis_value", "Waarde", "Value"),
    ("axis_inside_out", "Van binnen naar buiten", "Inside out"),
    ("axis_outside_in", "Van buiten naar binnen", "Outside in"),
    (
        "triangle_title",
        "De uitvoeringsdriehoek: burger, uitvoerder en beleidmaker",
        "The execution triangle: citizen, practitioner and policy maker",
    ),
    (
        "triangle_caption",
        "De uitvoeringsdriehoek. Elke hoek linkt naar de verhalen van die rol.",
        "The execution triangle. Each corner links to the stories of that role.",
    ),
    ("page_n", "Pagina", "Page"),
    ("search", "Zoeken", "Search"),
    ("search_title", "Zoeken op deze site", "Search this site"),
    (
        "search_label",
        "Zoek in de verhalen, het verhaal en de agenda",
        "Search the stories, the storyline and the agenda",
    ),
    (
        "search_no_js",
        "Zoeken werkt alleen met JavaScript. Zonder JavaScript vind je alles via de overzichten:",
        "Search needs JavaScript. Without it, find everything through the overviews:",
    ),
];

/// The strings for `lang`, keyed by name.
pub fn ui(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, nl, en)| (*k, lang.pick(nl, en)))
        .collect()
}

/// The title of a kind's list page when its `_index.md` gives none.
pub fn list_title(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Chapter => lang.pick("Het verhaal", "The story"),
        Kind::Story => lang.pick("Verhalen uit de praktijk", "Stories from practice"),
        Kind::Agenda => lang.pick("De agenda", "The agenda"),
        Kind::AgendaTheme => lang.pick("Agendathema's", "Agenda themes"),
        Kind::Quadrant => lang.pick("De vier sturingskwadranten", "The four steering quadrants"),
        Kind::Role => lang.pick("De uitvoeringsdriehoek", "The execution triangle"),
        Kind::Page => "",
    }
}
