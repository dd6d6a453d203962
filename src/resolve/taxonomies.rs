//! The site's own taxonomies (`[[taxonomies]]` in site.toml), indexed: for each, its
//! terms and the documents that name each term. Term pages, feeds and the taxonomy's
//! overview render from this index, built once per resolve from the documents' front
//! matter (and reused with the graph while no document's shape changes).

use std::collections::BTreeMap;

use crate::config::Config;
use crate::model::{Document, Kind};

use super::DocIdx;

/// One taxonomy with its terms.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaxonomyIndex {
    /// Its `name`: front-matter key and URL folder (`wijken`).
    pub name: String,
    /// Its `label` (`Wijken`).
    pub label: String,
    /// Declared values first in site.toml's order (each, even with no document yet);
    /// free values by label.
    pub terms: Vec<Term>,
}

/// One term of a taxonomy and who names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    /// URL segment (`oost`).
    pub slug: String,
    /// How it is shown: as declared, else the spelling most documents use.
    pub label: String,
    /// The documents naming it: stories newest first, then the other kinds in site
    /// order.
    pub docs: Vec<DocIdx>,
}

impl TaxonomyIndex {
    /// Site path of the overview (`wijken/`).
    pub fn path(&self) -> String {
        format!("{}/", self.name)
    }

    /// Site path of a term's page `page` (`wijken/oost/`, `wijken/oost/pagina/2/`).
    pub fn term_path(&self, term: &Term, page: usize) -> String {
        if page <= 1 {
            format!("{}/{}/", self.name, term.slug)
        } else {
            format!("{}/{}/pagina/{page}/", self.name, term.slug)
        }
    }
}

/// Every taxonomy of `config`, indexed over `docs` (listed in `by_kind`'s order).
pub fn index(
    config: &Config,
    docs: &[std::sync::Arc<Document>],
    by_kind: &BTreeMap<Kind, Vec<DocIdx>>,
) -> Vec<TaxonomyIndex> {
    config
        .taxonomies
        .iter()
        .map(|taxonomy| {
            // slug → (documents, spelling → count)
            let mut found: BTreeMap<String, (Vec<DocIdx>, BTreeMap<&str, usize>)> = BTreeMap::new();
            let kinds = std::iter::once(Kind::Story)
                .chain(Kind::ALL.into_iter().filter(|k| *k != Kind::Story))
                .filter(|k| taxonomy.kinds.contains(k));
            for kind in kinds {
                for &i in by_kind.get(&kind).map_or(&[][..], Vec::as_slice) {
                    let terms = docs[i].common.terms.iter();
                    for terms in terms.filter(|t| t.taxonomy == taxonomy.name) {
                        for value in &terms.values {
                            let entry = found.entry(value.slug.clone()).or_default();
                            entry.0.push(i);
                            *entry.1.entry(value.label.as_str()).or_default() += 1;
                        }
                    }
                }
            }
            let mut terms = Vec::new();
            for declared in taxonomy.values.iter().flatten() {
                let slug = crate::model::slugify(declared);
                if terms.iter().any(|t: &Term| t.slug == slug) {
                    continue;
                }
                let docs = found.remove(&slug).map(|(d, _)| d).unwrap_or_default();
                terms.push(Term {
                    slug,
                    label: declared.clone(),
                    docs,
                });
            }
            let mut free: Vec<Term> = found
                .into_iter()
                .map(|(slug, (docs, spellings))| Term {
                    label: most_used(&spellings),
                    slug,
                    docs,
                })
                .collect();
            free.sort_by(|a, b| {
                (a.label.to_lowercase(), &a.slug).cmp(&(b.label.to_lowercase(), &b.slug))
            });
            terms.extend(free);
            TaxonomyIndex {
                name: taxonomy.name.clone(),
                label: taxonomy.label.clone(),
                terms,
            }
        })
        .collect()
}

/// The spelling used most; of equals, the first in byte order (stable from build to
/// build).
fn most_used(spellings: &BTreeMap<&str, usize>) -> String {
    let mut best: Option<(&str, usize)> = None;
    for (&spelling, &count) in spellings {
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((spelling, count));
        }
    }
    best.map(|(s, _)| s.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_used_spelling_wins_and_ties_go_to_byte_order() {
        let spellings: BTreeMap<&str, usize> = [("oost", 1), ("Oost", 2), ("OOST", 2)]
            .into_iter()
            .collect();
        assert_eq!(most_used(&spellings), "OOST");
        let spellings: BTreeMap<&str, usize> = [("oost", 3), ("Oost", 2)].into_iter().collect();
        assert_eq!(most_used(&spellings), "oost");
    }
}
