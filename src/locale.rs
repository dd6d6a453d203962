//! The site's language: its UI strings, dates, labels and search language — separate
//! from the language of messages to editors (`messages::Lang`), so a site can speak
//! Frisian while its editors read Dutch.
//!
//! Every string of the site's UI is in one table, a column per locale: adding a language
//! is adding a column (and a `Locale`). Keys without a dot are the templates' `t`
//! variable; dotted keys (`month.8`, `status.lopend`, `list.story`, …) are for the
//! views verteller builds itself.

use std::collections::BTreeMap;

/// A language the site can be published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Locale {
    #[default]
    Nl,
    En,
}

impl Locale {
    /// Every locale, in the order of the table's columns.
    pub const ALL: [Locale; 2] = [Locale::Nl, Locale::En];

    /// BCP 47 code: `nl`, `en` (`<html lang>`, JSON-LD, the search language).
    pub fn code(self) -> &'static str {
        match self {
            Locale::Nl => "nl",
            Locale::En => "en",
        }
    }

    /// The locale of a code, if the site can be published in it.
    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.code() == code)
    }

    fn column(self) -> usize {
        match self {
            Locale::Nl => 0,
            Locale::En => 1,
        }
    }

    /// The string `key` in this locale. A key missing from the table is a bug: debug
    /// builds (every test) stop on it; a release build shows nothing.
    pub fn text(self, key: &str) -> &'static str {
        let found = STRINGS.iter().find(|(k, _)| *k == key);
        debug_assert!(found.is_some(), "UI string `{key}` is not in the table");
        found.map_or("", |(_, columns)| columns[self.column()])
    }

    /// The templates' `t` variable: every key without a dot.
    pub fn ui(self) -> BTreeMap<&'static str, &'static str> {
        STRINGS
            .iter()
            .filter(|(k, _)| !k.contains('.'))
            .map(|(k, columns)| (*k, columns[self.column()]))
            .collect()
    }

    /// `21 augustus 2026` / `21 August 2026`.
    pub fn date(self, year: u16, month: u8, day: u8) -> String {
        let month = month.clamp(1, 12);
        let name = self.text(MONTHS[usize::from(month - 1)]);
        format!("{day} {name} {year}")
    }
}

const MONTHS: [&str; 12] = [
    "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8",
    "month.9", "month.10", "month.11", "month.12",
];

/// The site's UI strings: key, then a column per locale (`Locale::ALL`'s order).
const STRINGS: &[(&str, [&str; 2])] = &[
    ("skip_link", ["Naar de inhoud", "Skip to content"]),
    // Components (the built-in templates under `components/`).
    ("callout_info", ["Informatie", "Information"]),
    ("callout_succes", ["Gelukt", "Done"]),
    ("callout_waarschuwing", ["Let op", "Warning"]),
    ("callout_fout", ["Fout", "Error"]),
    ("captions", ["Ondertiteling", "Captions"]),
    (
        "video_fallback",
        [
            "Deze browser speelt de video niet af. Download de video:",
            "This browser does not play the video. Download the video:",
        ],
    ),
    ("source", ["Bron", "Source"]),
    ("breadcrumb", ["Kruimelpad", "Breadcrumb"]),
    ("home", ["Home", "Home"]),
    ("main_nav", ["Hoofdmenu", "Main menu"]),
    ("toc", ["Inhoud", "Contents"]),
    (
        "backlinks",
        ["Hier wordt naar verwezen", "Linked from here"],
    ),
    ("related", ["Verwante verhalen", "Related stories"]),
    ("themes", ["Agendathema's", "Agenda themes"]),
    ("quadrants", ["Sturingskwadranten", "Steering quadrants"]),
    ("roles", ["Rollen", "Roles"]),
    ("stories", ["Verhalen", "Stories"]),
    ("chapters", ["Hoofdstukken", "Chapters"]),
    ("items", ["Agendapunten", "Agenda items"]),
    ("latest_stories", ["Nieuwste verhalen", "Latest stories"]),
    (
        "agenda_glance",
        ["De agenda in het kort", "The agenda at a glance"],
    ),
    (
        "withheld.draft",
        [
            "Concept: deze pagina staat niet op de gepubliceerde site.",
            "Draft: this page is not on the published site.",
        ],
    ),
    (
        "withheld.scheduled",
        [
            "Gepland: deze pagina verschijnt op {date}.",
            "Scheduled: this page appears on {date}.",
        ],
    ),
    (
        "withheld.expired",
        [
            "Verlopen: deze pagina staat sinds {date} niet meer op de site.",
            "Expired: this page has been off the site since {date}.",
        ],
    ),
    ("previous", ["Vorige", "Previous"]),
    ("next", ["Volgende", "Next"]),
    ("previous_chapter", ["Vorig hoofdstuk", "Previous chapter"]),
    ("next_chapter", ["Volgend hoofdstuk", "Next chapter"]),
    ("page", ["Pagina", "Page"]),
    ("pagination", ["Paginering", "Pagination"]),
    ("place", ["Plaats", "Place"]),
    ("date", ["Datum", "Date"]),
    ("updated", ["Bijgewerkt", "Updated"]),
    ("authors", ["Auteurs", "Authors"]),
    ("status", ["Status", "Status"]),
    ("owner", ["Eigenaar", "Owner"]),
    ("due", ["Gereed", "Due"]),
    ("theme", ["Agendathema", "Agenda theme"]),
    ("also_known_as", ["Ook wel", "Also known as"]),
    (
        "print_version",
        [
            "Het hele verhaal op één pagina",
            "The whole story on one page",
        ],
    ),
    (
        "not_found_title",
        ["Pagina niet gevonden", "Page not found"],
    ),
    (
        "not_found_text",
        [
            "Deze pagina bestaat niet (meer). Begin op de homepage of kies een onderdeel uit het menu.",
            "This page does not exist (any more). Start at the home page or pick a section from the menu.",
        ],
    ),
    (
        "redirect",
        ["Deze pagina is verhuisd naar", "This page has moved to"],
    ),
    (
        "matrix",
        [
            "Verhalen per agendathema en kwadrant",
            "Stories per agenda theme and quadrant",
        ],
    ),
    ("none", ["Nog niets.", "Nothing yet."]),
    ("stories_count", ["verhalen", "stories"]),
    ("story_one", ["verhaal", "story"]),
    ("document_count", ["teksten", "texts"]),
    ("document_count_one", ["tekst", "text"]),
    (
        "footer_accessibility",
        ["Toegankelijkheid", "Accessibility"],
    ),
    ("footer_privacy", ["Privacy", "Privacy"]),
    ("footer_about", ["Over deze site", "About this site"]),
    (
        "made_with",
        ["Gemaakt met verteller", "Made with verteller"],
    ),
    (
        "map_title",
        [
            "Kaart van de vier sturingskwadranten",
            "Map of the four steering quadrants",
        ],
    ),
    (
        "map_desc",
        [
            "Twee assen: van resultaat (boven) naar waarde (onder), en van binnen naar buiten (links) naar van buiten naar binnen (rechts). Elk vak linkt naar zijn kwadrant.",
            "Two axes: from result (top) to value (bottom), and from inside out (left) to outside in (right). Each cell links to its quadrant.",
        ],
    ),
    (
        "map_caption",
        [
            "De vier sturingskwadranten met het aantal verhalen per kwadrant.",
            "The four steering quadrants with the number of stories in each.",
        ],
    ),
    ("axis_result", ["Resultaat", "Result"]),
    ("axis_value", ["Waarde", "Value"]),
    ("axis_inside_out", ["Van binnen naar buiten", "Inside out"]),
    ("axis_outside_in", ["Van buiten naar binnen", "Outside in"]),
    (
        "triangle_title",
        [
            "De uitvoeringsdriehoek: burger, uitvoerder en beleidmaker",
            "The execution triangle: citizen, practitioner and policy maker",
        ],
    ),
    (
        "triangle_caption",
        [
            "De uitvoeringsdriehoek. Elke hoek linkt naar de verhalen van die rol.",
            "The execution triangle. Each corner links to the stories of that role.",
        ],
    ),
    ("page_n", ["Pagina", "Page"]),
    ("search", ["Zoeken", "Search"]),
    ("search_title", ["Zoeken op deze site", "Search this site"]),
    (
        "search_label",
        [
            "Zoek in de verhalen, het verhaal en de agenda",
            "Search the stories, the storyline and the agenda",
        ],
    ),
    (
        "search_no_js",
        [
            "Zoeken werkt alleen met JavaScript. Zonder JavaScript vind je alles via de overzichten:",
            "Search needs JavaScript. Without it, find everything through the overviews:",
        ],
    ),
    ("month.1", ["januari", "January"]),
    ("month.2", ["februari", "February"]),
    ("month.3", ["maart", "March"]),
    ("month.4", ["april", "April"]),
    ("month.5", ["mei", "May"]),
    ("month.6", ["juni", "June"]),
    ("month.7", ["juli", "July"]),
    ("month.8", ["augustus", "August"]),
    ("month.9", ["september", "September"]),
    ("month.10", ["oktober", "October"]),
    ("month.11", ["november", "November"]),
    ("month.12", ["december", "December"]),
    ("status.voornemen", ["Voornemen", "Planned"]),
    ("status.lopend", ["Loopt", "In progress"]),
    ("status.afgerond", ["Afgerond", "Done"]),
    ("axis.resultaat", ["Resultaat", "Result"]),
    ("axis.waarde", ["Waarde", "Value"]),
    (
        "axis.binnen-buiten",
        ["Van binnen naar buiten", "Inside out"],
    ),
    (
        "axis.buiten-binnen",
        ["Van buiten naar binnen", "Outside in"],
    ),
    ("list.chapter", ["Het verhaal", "The story"]),
    (
        "list.story",
        ["Verhalen uit de praktijk", "Stories from practice"],
    ),
    ("list.agenda", ["De agenda", "The agenda"]),
    ("list.agenda_theme", ["Agendathema's", "Agenda themes"]),
    (
        "list.quadrant",
        ["De vier sturingskwadranten", "The four steering quadrants"],
    ),
    (
        "list.role",
        ["De uitvoeringsdriehoek", "The execution triangle"],
    ),
    ("nav.chapter", ["Het verhaal", "The story"]),
    ("nav.story", ["Verhalen", "Stories"]),
    ("nav.agenda", ["Agenda", "Agenda"]),
    ("nav.agenda_theme", ["Thema's", "Themes"]),
    ("nav.quadrant", ["Kwadranten", "Quadrants"]),
    ("crumb.home", ["Home", "Home"]),
    ("crumb.page", ["Pagina", "Page"]),
    ("crumb.print", ["Printversie", "Print version"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_string_in_every_locale_and_appears_once() {
        let mut keys = std::collections::BTreeSet::new();
        for (key, columns) in STRINGS {
            assert!(keys.insert(*key), "`{key}` twice");
            for (locale, text) in Locale::ALL.iter().zip(columns) {
                assert!(!text.is_empty(), "`{key}` has no {} string", locale.code());
            }
        }
    }

    #[test]
    fn dates_in_each_locale() {
        assert_eq!(Locale::Nl.date(2026, 8, 21), "21 augustus 2026");
        assert_eq!(Locale::En.date(2026, 8, 21), "21 August 2026");
        assert_eq!(Locale::from_code("en"), Some(Locale::En));
        assert_eq!(Locale::from_code("fy"), None);
    }
}
