//! What `verteller theme eject` copies: the built-in theme's templates (all, or the
//! named ones) into a site's `templates/`, or templates and static files into a new
//! `themes/<name>/`. A plan only (paths and bytes); `output` writes it and refuses to
//! overwrite anything.

use super::theme::embedded;

/// Where the copies go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EjectTarget {
    /// The site's `templates/`: overrides of single templates, the rest stays built in.
    SiteTemplates,
    /// A new theme `themes/<name>/` with every template and the static files, ready for
    /// `theme = "<name>"` in `site.toml`.
    Theme(String),
}

/// Why nothing can be ejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EjectError {
    /// Template names the built-in theme does not have, with the nearest name for each.
    UnknownTemplates(Vec<(String, Option<String>)>),
    /// A theme name that is not a plain folder name.
    BadThemeName(String),
}

/// The files to write, as `(path relative to the site root, bytes)`: the named templates
/// (all when `names` is empty), and with a new theme its static files and `theme.toml`.
pub fn plan(names: &[String], target: &EjectTarget) -> Result<Vec<(String, Vec<u8>)>, EjectError> {
    let unknown: Vec<(String, Option<String>)> = names
        .iter()
        .filter(|n| !embedded::TEMPLATES.iter().any(|(t, _)| t == n))
        .map(|n| {
            let all = embedded::TEMPLATES.iter().map(|(t, _)| *t);
            (n.clone(), crate::messages::suggest(n, all))
        })
        .collect();
    if !unknown.is_empty() {
        return Err(EjectError::UnknownTemplates(unknown));
    }
    let folder = match target {
        EjectTarget::SiteTemplates => "templates".to_string(),
        EjectTarget::Theme(name) => {
            if !valid_theme_name(name) {
                return Err(EjectError::BadThemeName(name.clone()));
            }
            format!("themes/{name}/templates")
        }
    };
    let mut files: Vec<(String, Vec<u8>)> = embedded::TEMPLATES
        .iter()
        .filter(|(t, _)| names.is_empty() || names.iter().any(|n| n == t))
        .map(|(t, text)| (format!("{folder}/{t}"), text.as_bytes().to_vec()))
        .collect();
    if let EjectTarget::Theme(name) = target {
        files.extend(
            embedded::STATIC
                .iter()
                .map(|(p, bytes)| (format!("themes/{name}/static/{p}"), bytes.to_vec())),
        );
        files.push((
            format!("themes/{name}/theme.toml"),
            format!("name = {:?}\n", name).into_bytes(),
        ));
    }
    files.sort();
    Ok(files)
}

/// A theme name is one folder: letters, digits, `-` and `_`, not hidden.
fn valid_theme_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['.', '-'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_templates_or_the_named_ones() {
        let all = plan(&[], &EjectTarget::SiteTemplates).unwrap();
        assert_eq!(all.len(), embedded::TEMPLATES.len());
        assert!(all.iter().all(|(p, _)| p.starts_with("templates/")));
        let two = plan(
            &["story.html".into(), "base.html".into()],
            &EjectTarget::SiteTemplates,
        )
        .unwrap();
        let paths: Vec<&str> = two.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["templates/base.html", "templates/story.html"]);
    }

    #[test]
    fn a_new_theme_gets_templates_static_files_and_its_toml() {
        let files = plan(&[], &EjectTarget::Theme("eigen".into())).unwrap();
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(paths.contains(&"themes/eigen/templates/base.html"));
        assert!(paths.contains(&"themes/eigen/static/css/gemeente.css"));
        assert!(paths.contains(&"themes/eigen/static/favicon.svg"));
        assert!(paths.contains(&"themes/eigen/theme.toml"));
    }

    #[test]
    fn unknown_names_and_bad_theme_names_are_refused() {
        assert_eq!(
            plan(&["stroy.html".into()], &EjectTarget::SiteTemplates),
            Err(EjectError::UnknownTemplates(vec![(
                "stroy.html".into(),
                Some("story.html".into())
            )]))
        );
        for bad in ["", "../x", "a/b", ".verborgen"] {
            assert_eq!(
                plan(&[], &EjectTarget::Theme(bad.into())),
                Err(EjectError::BadThemeName(bad.into()))
            );
        }
    }
}
