//! `verteller new` and `verteller init`: new documents with valid front matter, and new
//! sites from the bundled default narrative. Plans only; `output` writes them.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::config::Config;
use crate::model::{Date, Document, Fields, Kind, slugify};

/// The bundled default site, embedded at compile time by `build.rs`.
pub mod bundled {
    include!(concat!(env!("OUT_DIR"), "/default_site.rs"));
}

/// The `new` tokens of DESIGN §2.
pub const TOKENS: [(&str, Kind); 7] = [
    ("story", Kind::Story),
    ("chapter", Kind::Chapter),
    ("agenda", Kind::Agenda),
    ("agenda-theme", Kind::AgendaTheme),
    ("quadrant", Kind::Quadrant),
    ("role", Kind::Role),
    ("page", Kind::Page),
];

pub fn kind_of_token(token: &str) -> Option<Kind> {
    TOKENS.iter().find(|(t, _)| *t == token).map(|(_, k)| *k)
}

/// What `new` is asked for.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub kind: Kind,
    pub title: String,
    /// Stories: the date (today when not given).
    pub date: Date,
    /// Agenda items: their agenda theme.
    pub theme: Option<String>,
}

/// A planned new document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    /// Relative to the site root.
    pub path: String,
    /// Site path without the base path.
    pub url_path: String,
    pub text: String,
}

/// Why `new` cannot plan the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewError {
    EmptyId,
    UnknownTheme {
        given: Option<String>,
        valid: Vec<String>,
    },
    NoFreeQuadrant,
}

/// Plans a new document for a site with `docs`. The front matter is valid for the kind
/// and lists the site's valid ids in comments.
pub fn plan_new(
    config: &Config,
    docs: &[std::sync::Arc<Document>],
    request: &NewRequest,
) -> Result<NewDocument, NewError> {
    let id = slugify(&request.title);
    if id.is_empty() {
        return Err(NewError::EmptyId);
    }
    let ids = |kind: Kind| -> Vec<String> {
        let mut v: Vec<String> = docs
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.id.clone())
            .collect();
        if kind == Kind::Role && v.is_empty() {
            v = vec!["burger".into(), "uitvoerder".into(), "beleidmaker".into()];
        }
        v.sort();
        v
    };
    let title = yaml_string(&request.title);
    let mut fm = format!("---\ntitle: {title}\nsummary: \"\"\n");
    let mut body = String::from("Schrijf hier de tekst.\n");
    let list_comment = |fm: &mut String, key: &str, kind: Kind| {
        let valid = ids(kind);
        let _ = writeln!(fm, "{key}: []");
        if !valid.is_empty() {
            let _ = writeln!(fm, "# {key}: kies uit {}", valid.join(", "));
        }
    };
    match request.kind {
        Kind::Story => {
            let _ = writeln!(fm, "date: {}", request.date);
            fm.push_str("place: \"\"\n");
            list_comment(&mut fm, "themes", Kind::AgendaTheme);
            list_comment(&mut fm, "quadrants", Kind::Quadrant);
            list_comment(&mut fm, "roles", Kind::Role);
            body = "## Aanleiding\n\nWat was er aan de hand?\n\n## Aanpak\n\nWat deden we?\n\n## Wat we leerden\n\nWat nemen we mee?\n".into();
        }
        Kind::Chapter => {
            let weight = docs
                .iter()
                .filter(|d| d.kind == Kind::Chapter)
                .filter_map(|d| d.common.weight)
                .max()
                .unwrap_or(0)
                + 1;
            let _ = writeln!(fm, "weight: {weight}");
            list_comment(&mut fm, "themes", Kind::AgendaTheme);
            list_comment(&mut fm, "quadrants", Kind::Quadrant);
        }
        Kind::Agenda => {
            let valid = ids(Kind::AgendaTheme);
            let theme = match &request.theme {
                Some(t) if valid.contains(t) => t.clone(),
                given => {
                    return Err(NewError::UnknownTheme {
                        given: given.clone(),
                        valid,
                    });
                }
            };
            let _ = writeln!(fm, "theme: {theme}");
            let _ = writeln!(fm, "# theme: kies uit {}", valid.join(", "));
            fm.push_str(
                "status: voornemen\n# status: voornemen, lopend of afgerond\nowner: \"\"\n",
            );
            list_comment(&mut fm, "quadrants", Kind::Quadrant);
            list_comment(&mut fm, "stories", Kind::Story);
        }
        Kind::Quadrant => {
            let used: BTreeSet<(bool, bool)> = docs
                .iter()
                .filter_map(|d| match &d.fields {
                    Fields::Quadrant { axes, .. } => Some((axes.resultaat, axes.buiten_binnen)),
                    _ => None,
                })
                .collect();
            let free = [(false, false), (true, false), (true, true), (false, true)]
                .into_iter()
                .find(|c| !used.contains(c))
                .ok_or(NewError::NoFreeQuadrant)?;
            let axes = crate::model::Axes {
                resultaat: free.0,
                buiten_binnen: free.1,
            };
            let _ = writeln!(
                fm,
                "axes:\n  sturing: {}\n  richting: {}",
                axes.sturing(),
                axes.richting()
            );
            fm.push_str("aka: []\n");
        }
        Kind::AgendaTheme | Kind::Role | Kind::Page => {}
    }
    fm.push_str("---\n\n");
    let (path, url_path) = match request.kind {
        Kind::Page => (format!("content/{id}.md"), format!("{id}/")),
        kind => {
            let folder = config.folder(kind);
            (
                format!("content/{folder}/{id}.md"),
                format!("{folder}/{id}/"),
            )
        }
    };
    Ok(NewDocument {
        path,
        url_path,
        text: fm + &body,
    })
}

/// A YAML scalar for any title (quoted when it needs to be).
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The files of a new site named `name` (`Gemeente Zuidwold`), from the bundled default.
pub fn plan_init(name: Option<&str>) -> Vec<(String, Vec<u8>)> {
    bundled::FILES
        .iter()
        .map(|(path, bytes)| {
            let bytes = match (name, std::str::from_utf8(bytes)) {
                (Some(name), Ok(text)) if path.ends_with(".md") || path.ends_with(".toml") => {
                    text.replace("Gemeente Voorbeeld", name).into_bytes()
                }
                _ => bytes.to_vec(),
            };
            (path.to_string(), bytes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_site_is_complete() {
        let files = plan_init(Some("Gemeente Zuidwold"));
        assert!(files.iter().any(|(p, _)| p == "site.toml"));
        assert!(
            files
                .iter()
                .any(|(p, _)| p.starts_with("content/verhalen/"))
        );
        let config = &files.iter().find(|(p, _)| p == "site.toml").unwrap().1;
        assert!(String::from_utf8_lossy(config).contains("Gemeente Zuidwold"));
    }

    #[test]
    fn agenda_items_need_a_valid_theme() {
        let config = Config::default();
        let request = NewRequest {
            kind: Kind::Agenda,
            title: "Toets".into(),
            date: Date::parse("2026-01-01").unwrap(),
            theme: Some("x".into()),
        };
        assert!(matches!(
            plan_new(&config, &[], &request),
            Err(NewError::UnknownTheme { .. })
        ));
    }

    #[test]
    fn titles_are_quoted_safely() {
        assert_eq!(yaml_string("Eén: \"loket\""), "\"Eén: \\\"loket\\\"\"");
    }
}
