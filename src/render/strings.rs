//! The theme's UI strings (the templates' `t` variable) and the titles of list pages,
//! from the one table in [`crate::locale`].

use std::collections::BTreeMap;

use crate::locale::Locale;
use crate::model::Kind;

/// The strings for `locale`, keyed by name.
pub fn ui(locale: Locale) -> BTreeMap<&'static str, &'static str> {
    locale.ui()
}

/// The title of a kind's list page when its `_index.md` gives none.
pub fn list_title(kind: Kind, locale: Locale) -> &'static str {
    let key = match kind {
        Kind::Chapter => "list.chapter",
        Kind::Story => "list.story",
        Kind::Agenda => "list.agenda",
        Kind::AgendaTheme => "list.agenda_theme",
        Kind::Quadrant => "list.quadrant",
        Kind::Role => "list.role",
        Kind::Page => return "",
    };
    locale.text(key)
}
