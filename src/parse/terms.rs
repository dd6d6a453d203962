//! The site's own taxonomies in front matter (`wijken: [Oost]`): their keys are
//! declared in site.toml, not in the fixed contract of `fields`, so they are split off
//! before it checks the rest and checked here against their declaration.

use crate::config::{Config, Taxonomy};
use crate::diagnostics::Position;
use crate::messages::{Msg, suggest};
use crate::model::{Kind, TermValue, Terms, slugify};
use crate::parse::fields::{Locator, Problem, text_list};
use crate::parse::yaml::Yaml;

/// The taxonomies documents of `kind` may use (none in an `_index.md`).
pub fn of_kind(config: &Config, kind: Kind, is_index: bool) -> Vec<&Taxonomy> {
    if is_index {
        return Vec::new();
    }
    config
        .taxonomies
        .iter()
        .filter(|t| t.kinds.contains(&kind))
        .collect()
}

/// Takes the entries of `taxonomies` out of `entries`.
pub fn split_off(
    entries: &mut Vec<(String, Yaml)>,
    taxonomies: &[&Taxonomy],
) -> Vec<(String, Yaml)> {
    let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(entries)
        .into_iter()
        .partition(|(key, _)| taxonomies.iter().any(|t| t.name == *key));
    *entries = rest;
    mine
}

/// The values of each taxonomy entry, in site.toml's order of the taxonomies. A value
/// outside a taxonomy's `values` is a problem (with the closest one as suggestion), as
/// is one with nothing to put in an address.
pub fn check(
    entries: Vec<(String, Yaml)>,
    taxonomies: &[&Taxonomy],
    locator: &Locator<'_>,
    problems: &mut Vec<Problem>,
) -> Vec<Terms> {
    let mut out = Vec::new();
    for taxonomy in taxonomies {
        let Some((key, yaml)) = entries.iter().find(|(k, _)| *k == taxonomy.name) else {
            continue;
        };
        if *yaml == Yaml::Null {
            continue;
        }
        let Some(items) = text_list(yaml.clone()) else {
            problems.push((
                locator.key(key),
                Msg::WrongType {
                    key: key.clone(),
                    expected: "a list of texts",
                },
            ));
            continue;
        };
        let positions = locator.tokens(key, items.iter().map(String::as_str));
        let mut values: Vec<TermValue> = Vec::new();
        for (item, position) in items.into_iter().zip(positions) {
            if let Some(value) = value_of(taxonomy, key, item.trim(), position, problems)
                && !values.iter().any(|v| v.slug == value.slug)
            {
                values.push(value);
            }
        }
        if !values.is_empty() {
            out.push(Terms {
                taxonomy: taxonomy.name.clone(),
                values,
            });
        }
    }
    out
}

/// One value, checked: a declared value (matched on its slug, so `oost` is `Oost`)
/// shows as declared; a free value as written.
fn value_of(
    taxonomy: &Taxonomy,
    key: &str,
    written: &str,
    position: Position,
    problems: &mut Vec<Problem>,
) -> Option<TermValue> {
    let slug = slugify(written);
    match &taxonomy.values {
        Some(declared) => {
            let Some(label) = declared.iter().find(|v| slugify(v) == slug) else {
                problems.push((
                    position,
                    Msg::UnknownTerm {
                        key: key.to_string(),
                        value: written.to_string(),
                        suggestion: suggest(written, declared.iter().map(String::as_str))
                            .or_else(|| close_slug(&slug, declared)),
                        allowed: declared.clone(),
                    },
                ));
                return None;
            };
            Some(TermValue {
                slug,
                label: label.clone(),
                position,
            })
        }
        None if slug.is_empty() => {
            problems.push((
                position,
                Msg::InvalidValue {
                    key: key.to_string(),
                    value: written.to_string(),
                    allowed: vec!["een naam met letters of cijfers".to_string()],
                },
            ));
            None
        }
        None => Some(TermValue {
            slug,
            label: written.to_string(),
            position,
        }),
    }
}

/// A declared value whose slug is close to `slug` (`Oost-Zuid` for `oostzuid`).
fn close_slug(slug: &str, declared: &[String]) -> Option<String> {
    let slugs: Vec<(String, &String)> = declared.iter().map(|v| (slugify(v), v)).collect();
    let best = suggest(slug, slugs.iter().map(|(s, _)| s.as_str()))?;
    slugs
        .into_iter()
        .find(|(s, _)| *s == best)
        .map(|(_, v)| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Taxonomy;

    fn wijken(values: Option<&[&str]>) -> Taxonomy {
        Taxonomy {
            name: "wijken".into(),
            label: "Wijken".into(),
            values: values.map(|v| v.iter().map(|s| s.to_string()).collect()),
            kinds: vec![Kind::Story],
            position: Position::START,
        }
    }

    fn run(taxonomy: &Taxonomy, front_matter: &str) -> (Vec<Terms>, Vec<Problem>) {
        let text = format!("---\n{front_matter}---\n");
        let locator = Locator::new(&text, 4, front_matter.len());
        let mut entries = crate::parse::yaml::parse_mapping(front_matter)
            .expect("yaml")
            .expect("mapping");
        let taxonomies = [taxonomy];
        let mine = split_off(&mut entries, &taxonomies);
        let mut problems = Vec::new();
        let terms = check(mine, &taxonomies, &locator, &mut problems);
        (terms, problems)
    }

    #[test]
    fn declared_values_match_on_their_slug_and_show_as_declared() {
        let t = wijken(Some(&["Oost", "West-Zuid"]));
        let (terms, problems) = run(&t, "wijken: [oost, west zuid, Oost]\n");
        assert!(problems.is_empty(), "{problems:?}");
        let labels: Vec<&str> = terms[0].values.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(labels, ["Oost", "West-Zuid"], "duplicates folded");
        assert_eq!(terms[0].values[1].position.line, 2);
        assert_eq!(terms[0].values[1].position.column, 16);
    }

    #[test]
    fn an_undeclared_value_is_reported_at_its_token_with_a_suggestion() {
        let t = wijken(Some(&["Oost", "West"]));
        let (terms, problems) = run(&t, "title: x\nwijken: [Oost, Wets]\n");
        assert_eq!(terms[0].values.len(), 1);
        let [(at, Msg::UnknownTerm { suggestion, .. })] = problems.as_slice() else {
            panic!("{problems:?}");
        };
        assert_eq!((at.line, at.column), (3, 16));
        assert_eq!(suggestion.as_deref(), Some("West"));
    }

    #[test]
    fn free_values_keep_their_spelling_and_a_single_text_is_a_list_of_one() {
        let t = wijken(None);
        let (terms, problems) = run(&t, "wijken: Binnenstad Noord\n");
        assert!(problems.is_empty());
        assert_eq!(terms[0].values[0].slug, "binnenstad-noord");
        assert_eq!(terms[0].values[0].label, "Binnenstad Noord");
        let (_, problems) = run(&t, "wijken: [\"!!\"]\n");
        assert!(matches!(problems[0].1, Msg::InvalidValue { .. }));
        let (_, problems) = run(&t, "wijken: {a: b}\n");
        assert!(matches!(problems[0].1, Msg::WrongType { .. }));
    }
}
