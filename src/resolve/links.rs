//! Body links and images: each link written in a body → where it goes (or why it cannot),
//! against the indexes of the whole site. One body at a time, so bodies resolve in
//! parallel and serve re-resolves only the bodies that can have changed.

use crate::fingerprint::{FastMap, FastSet};
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::diagnostic;
use crate::diagnostics::{Diagnostics, Severity};
use crate::markdown::{ImageFill, LinkFill};
use crate::messages::{Msg, suggest};
use crate::model::{Body, Document, Kind, LinkTarget, SectionIndex};

use super::{DocIdx, ResolveOptions};

/// Indexes over the whole site that links and references are resolved against. They
/// depend only on the documents' shapes (see `super::shape`), so serve keeps them while
/// no shape changes.
#[derive(Debug, Default)]
pub(super) struct Lookup {
    /// `(kind, id)` → document (pages have no id of their own).
    pub index: FastMap<(Kind, String), DocIdx>,
    /// Content path (`verhalen/buurt.md`) → document.
    pub by_path: FastMap<String, DocIdx>,
    /// URL path without its trailing slash (`verhalen/buurt`) → document.
    pub by_url: FastMap<String, DocIdx>,
    /// Id → documents of any kind, for wiki links.
    pub by_id: FastMap<String, Vec<DocIdx>>,
    /// Drafts left out of the site, by `(kind, id)` and by content path → their title.
    pub drafts: FastMap<(Kind, String), String>,
    pub draft_paths: FastMap<String, String>,
    /// Every site path a link may name: documents, generated pages, static files.
    pub site_paths: FastSet<String>,
}

/// What resolving one body needs.
pub(super) struct LinkContext<'a> {
    pub config: &'a Config,
    pub docs: &'a [Arc<Document>],
    pub lookup: &'a Lookup,
    pub sections: &'a [SectionIndex],
}

impl LinkContext<'_> {
    /// Fills for every link of a body; problems reported; edges recorded.
    pub fn resolve_body(
        &self,
        from: Option<DocIdx>,
        body: &Body,
        file: &Path,
        diags: &mut Diagnostics,
        edges: &mut Vec<(DocIdx, DocIdx)>,
    ) -> Vec<LinkFill> {
        let lang = self.config.language;
        let base = &self.config.base_path;
        body.links
            .iter()
            .map(|link| {
                let mut problem = |severity, msg| {
                    diags.push(diagnostic(lang, severity, file, link.position, msg))
                };
                let broken = || LinkFill::Broken {
                    written: link.written.clone(),
                };
                let to_doc = |target: DocIdx,
                              anchor: &Option<String>,
                              problem: &mut dyn FnMut(Severity, Msg),
                              edges: &mut Vec<(DocIdx, DocIdx)>| {
                    let doc = &self.docs[target];
                    if let Some(anchor) = anchor {
                        if !doc.body.headings.iter().any(|h| &h.id == anchor) {
                            problem(
                                Severity::Error,
                                Msg::BrokenAnchor {
                                    anchor: anchor.clone(),
                                    target: doc.content_path.clone(),
                                    suggestion: suggest(
                                        anchor,
                                        doc.body.headings.iter().map(|h| h.id.as_str()),
                                    ),
                                },
                            );
                            return broken();
                        }
                    }
                    if let Some(from) = from {
                        edges.push((from, target));
                    }
                    let fragment = anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
                    LinkFill::Href {
                        href: format!("{base}{}{fragment}", doc.url_path),
                        title: doc.common.title.clone(),
                    }
                };
                match &link.target {
                    LinkTarget::Wiki { target, anchor } => {
                        let wanted = target.trim_end_matches(".md");
                        let candidates: Vec<DocIdx> = if wanted.contains('/') {
                            let lookup = self.lookup;
                            let qualified = lookup
                                .by_path
                                .get(format!("{wanted}.md").as_str())
                                .or_else(|| lookup.by_url.get(wanted));
                            qualified.copied().into_iter().collect()
                        } else {
                            let id = crate::model::slugify(wanted);
                            self.lookup
                                .by_id
                                .get(id.as_str())
                                .cloned()
                                .unwrap_or_default()
                        };
                        match candidates.as_slice() {
                            [one] => to_doc(*one, anchor, &mut problem, edges),
                            [] => {
                                let id = crate::model::slugify(wanted);
                                if let Some(title) = self
                                    .lookup
                                    .drafts
                                    .iter()
                                    .find(|((_, d), _)| *d == id)
                                    .map(|(_, t)| t.clone())
                                {
                                    problem(
                                        Severity::Warning,
                                        Msg::LinkToDraft {
                                            target: target.clone(),
                                        },
                                    );
                                    return LinkFill::Plain { title };
                                }
                                problem(
                                    Severity::Error,
                                    Msg::BrokenLink {
                                        target: format!("[[{target}]]"),
                                        suggestion: suggest(
                                            &id,
                                            self.lookup.by_id.keys().map(String::as_str),
                                        ),
                                    },
                                );
                                broken()
                            }
                            many => {
                                let mut candidates: Vec<String> = many
                                    .iter()
                                    .map(|&i| {
                                        self.docs[i]
                                            .content_path
                                            .trim_end_matches(".md")
                                            .to_string()
                                    })
                                    .collect();
                                candidates.sort();
                                problem(
                                    Severity::Error,
                                    Msg::AmbiguousWikiLink {
                                        id: target.clone(),
                                        candidates,
                                    },
                                );
                                broken()
                            }
                        }
                    }
                    LinkTarget::Source {
                        content_path,
                        anchor,
                    } => {
                        if let Some(&target) = self.lookup.by_path.get(content_path.as_str()) {
                            return to_doc(target, anchor, &mut problem, edges);
                        }
                        if let Some(section) = content_path.strip_suffix("_index.md") {
                            let folder = section.trim_end_matches('/');
                            if self.sections.iter().any(|s| s.folder == folder) {
                                let url = if folder.is_empty() {
                                    String::new()
                                } else {
                                    format!("{folder}/")
                                };
                                return LinkFill::Href {
                                    href: format!("{base}{url}"),
                                    title: String::new(),
                                };
                            }
                        }
                        if let Some(title) = self.lookup.draft_paths.get(content_path) {
                            problem(
                                Severity::Warning,
                                Msg::LinkToDraft {
                                    target: content_path.clone(),
                                },
                            );
                            return LinkFill::Plain {
                                title: title.clone(),
                            };
                        }
                        problem(
                            Severity::Error,
                            Msg::BrokenLink {
                                target: link.written.clone(),
                                suggestion: suggest(
                                    content_path,
                                    self.lookup.by_path.keys().map(String::as_str),
                                ),
                            },
                        );
                        broken()
                    }
                    LinkTarget::SelfAnchor { anchor } => {
                        if body.headings.iter().any(|h| &h.id == anchor)
                            || anchor.starts_with("fn")
                            || anchor.is_empty()
                        {
                            LinkFill::Href {
                                href: format!("#{anchor}"),
                                title: String::new(),
                            }
                        } else {
                            problem(
                                Severity::Error,
                                Msg::BrokenAnchor {
                                    anchor: anchor.clone(),
                                    target: file.display().to_string(),
                                    suggestion: suggest(
                                        anchor,
                                        body.headings.iter().map(|h| h.id.as_str()),
                                    ),
                                },
                            );
                            broken()
                        }
                    }
                    LinkTarget::SitePath { path } => {
                        let (path_part, fragment) = match path.split_once('#') {
                            Some((p, f)) => (p, format!("#{f}")),
                            None => (path.as_str(), String::new()),
                        };
                        let rel = path_part.trim_start_matches('/');
                        let with_slash = format!("{rel}/");
                        if self.lookup.site_paths.contains(rel)
                            || self.lookup.site_paths.contains(&with_slash)
                        {
                            let rel = if self.lookup.site_paths.contains(rel) {
                                rel.to_string()
                            } else {
                                with_slash
                            };
                            LinkFill::Href {
                                href: format!("{base}{rel}{fragment}"),
                                title: String::new(),
                            }
                        } else {
                            problem(
                                Severity::Error,
                                Msg::BrokenLink {
                                    target: path.clone(),
                                    suggestion: suggest(
                                        rel,
                                        self.lookup.site_paths.iter().map(String::as_str),
                                    )
                                    .map(|s| format!("/{s}")),
                                },
                            );
                            broken()
                        }
                    }
                }
            })
            .collect()
    }
}

/// The site path under `static/` an image source names: `/img/a.png` → `img/a.png`;
/// a relative path through `static/` (it previews on GitHub) → the part after it.
/// `None` for external and data URLs.
pub fn static_path(src: &str) -> Option<String> {
    let path = src.split(['?', '#']).next().unwrap_or("");
    if path.starts_with("//") || path.contains("://") || path.starts_with("data:") {
        return None;
    }
    if let Some(rest) = path.strip_prefix('/') {
        return Some(rest.to_string());
    }
    Some(
        path.rsplit_once("static/")
            .map_or(path, |(_, after)| after)
            .to_string(),
    )
}

/// Image fills for a body: site images get the base path and their size; a missing
/// file is an error; external images are left as written (the privacy check sees them).
pub(super) fn resolve_images(
    config: &Config,
    options: &ResolveOptions,
    body: &Body,
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<ImageFill> {
    body.images
        .iter()
        .map(|img| {
            let (src, size) = match static_path(&img.src) {
                None => (img.src.clone(), None),
                Some(path) => match options.static_files.get(&path) {
                    Some(size) => (format!("{}{path}", config.base_path), *size),
                    None => {
                        diags.push(diagnostic(
                            config.language,
                            Severity::Error,
                            file,
                            img.position,
                            Msg::ImageMissing {
                                src: img.src.clone(),
                            },
                        ));
                        (img.src.clone(), None)
                    }
                },
            };
            ImageFill {
                src,
                alt: img.alt.clone(),
                title: img.title.clone(),
                size,
            }
        })
        .collect()
}
