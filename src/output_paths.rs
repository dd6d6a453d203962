//! One list of output paths, checked before anything is written.
//!
//! Pages verteller generates, aliases and static files all become files in one output
//! tree. Two of them at the same path, or a file where another needs a folder
//! (`atom.xml` and `atom.xml/index.html`), cannot both be written: `build` would fail
//! halfway with an operating-system error and `check` would not notice. This stage
//! finds every such collision in `check` and `build` alike and reports it at the file
//! an editor or web team can change (the static file, the alias), never dropping one
//! of the two in silence.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::{Position, shown};

/// Who puts a file into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A page or file verteller generates (documents, lists, feeds, the sitemap).
    Generated,
    /// A file from `static/` or a theme's `static/`, at this source path.
    Static(PathBuf),
    /// An alias in a document's front matter.
    Alias { file: PathBuf, position: Position },
}

impl Owner {
    /// Where a collision involving this owner is reported, if it has a source.
    fn source(&self) -> Option<(PathBuf, Position)> {
        match self {
            Owner::Generated => None,
            Owner::Static(path) => Some((path.clone(), Position::START)),
            Owner::Alias { file, position } => Some((file.clone(), *position)),
        }
    }

    /// How the other side of a collision is named to an editor.
    fn describe(&self, nl: bool) -> String {
        let pick = |a: String, b: String| if nl { a } else { b };
        match self {
            Owner::Generated => pick(
                "een pagina die verteller zelf maakt".into(),
                "a page verteller generates".into(),
            ),
            Owner::Static(path) => format!("`{}`", shown(path)),
            Owner::Alias { file, .. } => pick(
                format!("een alias in `{}`", shown(file)),
                format!("an alias in `{}`", shown(file)),
            ),
        }
    }
}

/// One collision: where to report it, the output path, and what it collides with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    pub file: PathBuf,
    pub position: Position,
    pub path: String,
    pub other: String,
}

/// Every collision among `files` (output path, owner; a path may come more than once).
/// `nl` chooses the language of the descriptions.
pub fn collisions(files: Vec<(String, Owner)>, nl: bool) -> Vec<Collision> {
    let mut out = Vec::new();
    let mut report = |path: &str, a: &Owner, b: &Owner| {
        // At the side that has a source (a static file before an alias), once.
        let (at, other) = match (a.source(), b.source()) {
            (Some(at), _) => (at, b),
            (None, Some(at)) => (at, a),
            (None, None) => (
                (PathBuf::from(crate::config::CONFIG_FILE), Position::START),
                b,
            ),
        };
        out.push(Collision {
            file: at.0,
            position: at.1,
            path: path.to_string(),
            other: other.describe(nl),
        });
    };
    let mut by_path: BTreeMap<String, Owner> = BTreeMap::new();
    for (path, owner) in files {
        match by_path.get(&path) {
            Some(first) => {
                let first = first.clone();
                // A static file comes after the generated pages; report at it.
                report(&path, &owner, &first);
            }
            None => {
                by_path.insert(path, owner);
            }
        }
    }
    // A file where another path needs a folder: look up every folder on each path.
    for (path, owner) in &by_path {
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            let folder = &path[..end + slash];
            if let Some(file_owner) = by_path.get(folder) {
                report(path, owner, file_owner);
            }
            end += slash + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(p: &str) -> Owner {
        Owner::Static(PathBuf::from(format!("static/{p}")))
    }

    #[test]
    fn a_static_file_over_a_page_is_reported_at_the_static_file() {
        let found = collisions(
            vec![
                ("index.html".into(), Owner::Generated),
                ("index.html".into(), stat("index.html")),
            ],
            true,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, PathBuf::from("static/index.html"));
        assert!(found[0].other.contains("verteller zelf maakt"));
    }

    #[test]
    fn a_file_where_a_folder_must_be_is_reported() {
        let alias = Owner::Alias {
            file: PathBuf::from("content/verhalen/a.md"),
            position: Position { line: 4, column: 5 },
        };
        let found = collisions(
            vec![
                ("atom.xml".into(), Owner::Generated),
                ("verhalen/index.html".into(), Owner::Generated),
                ("atom.xml/index.html".into(), alias),
                ("verhalen".into(), stat("verhalen")),
                ("robots.txt/x.png".into(), stat("robots.txt/x.png")),
                ("robots.txt".into(), Owner::Generated),
                ("css/a.css".into(), stat("css/a.css")),
            ],
            false,
        );
        let at: Vec<(String, &str)> = found
            .iter()
            .map(|c| (shown(&c.file), c.path.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                ("content/verhalen/a.md".to_string(), "atom.xml/index.html"),
                ("static/robots.txt/x.png".to_string(), "robots.txt/x.png"),
                ("static/verhalen".to_string(), "verhalen/index.html"),
            ]
        );
        assert_eq!(found[0].position, Position { line: 4, column: 5 });
    }

    #[test]
    fn separate_paths_do_not_collide() {
        let found = collisions(
            vec![
                ("verhalen/index.html".into(), Owner::Generated),
                ("verhalen/a/index.html".into(), Owner::Generated),
                (
                    "verhalen-oud/index.html".into(),
                    stat("verhalen-oud/index.html"),
                ),
            ],
            true,
        );
        assert_eq!(found, []);
    }
}
