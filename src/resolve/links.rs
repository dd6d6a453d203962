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
use crate::model::{Body, BodyLink, Document, Kind, LinkTarget, SectionIndex};

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
    /// Documents left out of the site (drafts, not yet or no longer published), by
    /// `(kind, id)` and by content path.
    pub drafts: FastMap<(Kind, String), Held>,
    pub draft_paths: FastMap<String, Held>,
    /// Every site path a link may name: documents, generated pages, static files.
    pub site_paths: FastSet<String>,
    /// Markdown files that exist but gave no document, by `(kind, id)`, by content
    /// path and by URL path (without its trailing slash): their own errors say why, so
    /// a link to one is not a second error.
    pub unparsed: FastSet<(Kind, String)>,
    pub unparsed_paths: FastSet<String>,
    pub unparsed_urls: FastSet<String>,
}

/// A document left out of the site, as links to it see it.
#[derive(Debug, Clone)]
pub struct Held {
    /// Its title: a link to it shows as this text.
    pub title: String,
    pub why: crate::model::Withheld,
}

impl Lookup {
    /// Takes note of the files that exist but did not parse.
    pub fn note_unparsed(
        &mut self,
        config: &Config,
        unparsed: &std::collections::BTreeSet<String>,
    ) {
        for content_path in unparsed {
            self.unparsed_paths.insert(content_path.clone());
            let (kind, is_index) = crate::parse::classify(content_path, config);
            if is_index {
                continue; // a list page's intro: the list page is still made
            }
            let stem = content_path.rsplit('/').next().unwrap_or_default();
            let id = crate::model::slugify(stem.trim_end_matches(".md"));
            let url = crate::parse::url_path(kind, content_path, &id, config);
            self.unparsed_urls
                .insert(url.trim_end_matches('/').to_string());
            self.unparsed.insert((kind, id));
        }
    }

    /// Whether `id` (of any kind) names a file that exists but did not parse.
    fn unparsed_id(&self, id: &str) -> bool {
        self.unparsed.iter().any(|(_, i)| i == id)
    }
}

/// What resolving one body needs.
pub(super) struct LinkContext<'a> {
    pub config: &'a Config,
    pub docs: &'a [Arc<Document>],
    pub lookup: &'a Lookup,
    pub sections: &'a [SectionIndex],
    /// Static files (site path → size in bytes), for the files components name.
    pub files: &'a std::collections::BTreeMap<String, u64>,
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
        body.links
            .iter()
            .map(|link| {
                let mut one = OneLink {
                    cx: self,
                    from,
                    body,
                    file,
                    link,
                    diags: &mut *diags,
                    edges: &mut *edges,
                };
                match &link.target {
                    LinkTarget::Wiki { target, anchor } => one.wiki(target, anchor),
                    LinkTarget::Source {
                        content_path,
                        anchor,
                    } => one.source(content_path, anchor),
                    LinkTarget::SelfAnchor { anchor } => one.self_anchor(anchor),
                    LinkTarget::SitePath { path } => one.site_path(path),
                    LinkTarget::File { path } => one.file(path),
                }
            })
            .collect()
    }
}

/// One link being resolved: the body it is written in, and where its problems and the
/// edges it adds go.
struct OneLink<'c, 'a> {
    cx: &'c LinkContext<'a>,
    from: Option<DocIdx>,
    body: &'c Body,
    file: &'c Path,
    link: &'c BodyLink,
    diags: &'c mut Diagnostics,
    edges: &'c mut Vec<(DocIdx, DocIdx)>,
}

impl OneLink<'_, '_> {
    /// Reports a problem at the link's position.
    fn problem(&mut self, severity: Severity, msg: Msg) {
        let lang = self.cx.config.language;
        self.diags.push(diagnostic(
            lang,
            severity,
            self.file,
            self.link.position,
            msg,
        ));
    }

    /// The fill of a link that goes nowhere: the text as written.
    fn broken(&self) -> LinkFill {
        LinkFill::Broken {
            written: self.link.written.clone(),
        }
    }

    /// A link to a document (and one of its headings): its URL and title, and an edge
    /// from the linking document.
    fn document(&mut self, target: DocIdx, anchor: &Option<String>) -> LinkFill {
        let doc = &self.cx.docs[target];
        // The id the anchor lands on (a heading that asked for an id the theme keeps
        // has another).
        let landing = anchor.as_deref().map(|a| doc.body.anchor(a));
        if let (Some(anchor), Some(None)) = (anchor, landing) {
            self.problem(
                Severity::Error,
                Msg::BrokenAnchor {
                    anchor: anchor.clone(),
                    target: doc.content_path.clone(),
                    suggestion: suggest(anchor, doc.body.headings.iter().map(|h| h.id.as_str())),
                },
            );
            return self.broken();
        }
        if let Some(from) = self.from {
            self.edges.push((from, target));
        }
        let fragment = landing
            .flatten()
            .map(|a| format!("#{a}"))
            .unwrap_or_default();
        LinkFill::Href {
            href: format!("{}{}{fragment}", self.cx.config.base_path, doc.url_path),
            title: doc.common.title.clone(),
        }
    }

    /// `[[id]]` or `[[folder/id]]`: by id across kinds, or by path when qualified.
    fn wiki(&mut self, target: &str, anchor: &Option<String>) -> LinkFill {
        let lookup = self.cx.lookup;
        let wanted = target.trim_end_matches(".md");
        let candidates: Vec<DocIdx> = if wanted.contains('/') {
            let qualified = lookup
                .by_path
                .get(format!("{wanted}.md").as_str())
                .or_else(|| lookup.by_url.get(wanted));
            qualified.copied().into_iter().collect()
        } else {
            let id = crate::model::slugify(wanted);
            lookup.by_id.get(id.as_str()).cloned().unwrap_or_default()
        };
        match candidates.as_slice() {
            [one] => self.document(*one, anchor),
            [] => self.wiki_missing(target, wanted),
            many => {
                let mut candidates: Vec<String> = many
                    .iter()
                    .map(|&i| {
                        let path = &self.cx.docs[i].content_path;
                        path.trim_end_matches(".md").to_string()
                    })
                    .collect();
                candidates.sort();
                self.problem(
                    Severity::Error,
                    Msg::AmbiguousWikiLink {
                        id: target.to_string(),
                        candidates,
                    },
                );
                self.broken()
            }
        }
    }

    /// A wiki link no document answers: a draft's title as plain text (a warning), or
    /// broken with the nearest id.
    fn wiki_missing(&mut self, target: &str, wanted: &str) -> LinkFill {
        let lookup = self.cx.lookup;
        let id = crate::model::slugify(wanted);
        if lookup.unparsed_id(&id) || lookup.unparsed_paths.contains(&format!("{wanted}.md")) {
            return self.broken(); // the file exists; its own errors are reported
        }
        let draft = lookup.drafts.iter().find(|((_, d), _)| *d == id);
        if let Some((_, held)) = draft {
            self.problem(Severity::Warning, held.why.link_message(target.to_string()));
            return LinkFill::Plain {
                title: held.title.clone(),
            };
        }
        self.problem(
            Severity::Error,
            Msg::BrokenLink {
                target: format!("[[{target}]]"),
                suggestion: suggest(&id, lookup.by_id.keys().map(String::as_str)),
            },
        );
        self.broken()
    }

    /// A relative link to a Markdown file: its document, a section's `_index.md`, or a
    /// draft's title.
    fn source(&mut self, content_path: &str, anchor: &Option<String>) -> LinkFill {
        let lookup = self.cx.lookup;
        if let Some(&target) = lookup.by_path.get(content_path) {
            return self.document(target, anchor);
        }
        if let Some(section) = content_path.strip_suffix("_index.md") {
            let folder = section.trim_end_matches('/');
            if self.cx.sections.iter().any(|s| s.folder == folder) {
                let url = if folder.is_empty() {
                    String::new()
                } else {
                    format!("{folder}/")
                };
                return LinkFill::Href {
                    href: format!("{}{url}", self.cx.config.base_path),
                    title: String::new(),
                };
            }
        }
        if lookup.unparsed_paths.contains(content_path) {
            return self.broken(); // the file exists; its own errors are reported
        }
        if let Some(held) = lookup.draft_paths.get(content_path) {
            self.problem(
                Severity::Warning,
                held.why.link_message(content_path.to_string()),
            );
            return LinkFill::Plain {
                title: held.title.clone(),
            };
        }
        // The nearest file, written as a link from this file's folder would name it.
        let here = crate::parse::content_relative(self.file);
        let folder = here.rsplit_once('/').map_or("", |(f, _)| f);
        let suggestion = suggest(content_path, lookup.by_path.keys().map(String::as_str))
            .map(|path| relative_from(folder, &path));
        self.problem(
            Severity::Error,
            Msg::BrokenLink {
                target: self.link.written.clone(),
                suggestion,
            },
        );
        self.broken()
    }

    /// `#anchor` within the same body (footnotes and the top of the page always exist).
    fn self_anchor(&mut self, anchor: &str) -> LinkFill {
        let headings = &self.body.headings;
        let landing = match self.body.anchor(anchor) {
            Some(id) => Some(id),
            None if anchor.starts_with("fn") || anchor.is_empty() => Some(anchor),
            None => None,
        };
        if let Some(landing) = landing {
            return LinkFill::Href {
                href: format!("#{landing}"),
                title: String::new(),
            };
        }
        self.problem(
            Severity::Error,
            Msg::BrokenAnchor {
                anchor: anchor.to_string(),
                target: crate::diagnostics::shown(self.file),
                suggestion: suggest(anchor, headings.iter().map(|h| h.id.as_str())),
            },
        );
        self.broken()
    }

    /// `/path` within the site: a document, a generated page or a static file.
    fn site_path(&mut self, path: &str) -> LinkFill {
        let (path_part, fragment) = match path.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (path, String::new()),
        };
        let paths = &self.cx.lookup.site_paths;
        let rel = path_part.trim_start_matches('/');
        let with_slash = format!("{rel}/");
        let found = if paths.contains(rel) {
            Some(rel.to_string())
        } else {
            paths.contains(&with_slash).then_some(with_slash)
        };
        if let Some(rel) = found {
            return LinkFill::Href {
                href: format!("{}{rel}{fragment}", self.cx.config.base_path),
                title: String::new(),
            };
        }
        if self
            .cx
            .lookup
            .unparsed_urls
            .contains(rel.trim_end_matches('/'))
        {
            return self.broken(); // the file exists; its own errors are reported
        }
        self.problem(
            Severity::Error,
            Msg::BrokenLink {
                target: path.to_string(),
                suggestion: suggest(rel, paths.iter().map(String::as_str)).map(|s| format!("/{s}")),
            },
        );
        self.broken()
    }
}

impl OneLink<'_, '_> {
    /// A file a component names (a video, its captions, a download): a static file of
    /// the site, with its size; a missing one is a broken link, with the nearest file.
    fn file(&mut self, path: &str) -> LinkFill {
        if let Some(&bytes) = self.cx.files.get(path) {
            return LinkFill::File {
                href: format!("{}{path}", self.cx.config.base_path),
                bytes,
            };
        }
        let files = self.cx.files.keys().map(String::as_str);
        self.problem(
            Severity::Error,
            Msg::BrokenLink {
                target: self.link.written.clone(),
                suggestion: suggest(path, files).map(|s| format!("/{s}")),
            },
        );
        self.broken()
    }
}

/// `target` (a content path) as a relative link from the content folder `folder`
/// names it: `relative_from("verhalen", "verhalen/b.md")` is `b.md`,
/// `relative_from("verhaal", "verhalen/b.md")` is `../verhalen/b.md`.
pub(crate) fn relative_from(folder: &str, target: &str) -> String {
    let from: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let shared = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut parts: Vec<&str> = vec![".."; from.len() - shared];
    parts.extend(&to[shared..]);
    parts.join("/")
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

/// Where an image a document names was found.
pub(crate) enum Located<'a> {
    /// A photo the photo stage planned.
    Photo(&'a crate::images::Photo),
    /// A photo that cannot be used (the photo stage reported why).
    Broken,
    /// A static file published as it is (SVG, GIF, a file no document's photo): its
    /// site path and size.
    Static(String, Option<(u32, u32)>),
    /// Not a file of the site: an external URL (the privacy check sees it).
    External,
    Missing,
}

/// Finds the image `src` that the document at `file` names: a photo beside it or in
/// `static/`, else a static file.
pub(crate) fn locate<'a>(options: &'a ResolveOptions, src: &str, file: &Path) -> Located<'a> {
    let content_path = crate::parse::content_relative(file);
    let candidates = crate::images::catalog::candidates(src, &content_path);
    match options.photos.find(&candidates) {
        Some(Ok(photo)) => return Located::Photo(photo),
        Some(Err(_)) => return Located::Broken,
        None => {}
    }
    match static_path(src) {
        None => Located::External,
        Some(path) => match options.static_files.get(&path) {
            Some(size) => Located::Static(path, *size),
            None => Located::Missing,
        },
    }
}

/// Image fills for a body: photos get their widths and formats, other site images the
/// base path and their size; a missing file is an error; external images are left as
/// written (the privacy check sees them).
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
            let mut fill = ImageFill {
                src: img.src.clone(),
                alt: img.alt.clone(),
                title: img.title.clone(),
                size: None,
                picture: None,
                figure: img.figure,
            };
            match locate(options, &img.src, file) {
                Located::Photo(photo) => {
                    let picture = photo.picture(&config.base_path);
                    fill.src = picture.src.clone();
                    fill.size = Some((picture.width, picture.height));
                    fill.picture = Some(std::sync::Arc::new(picture));
                }
                Located::Static(path, size) => {
                    fill.src = format!("{}{path}", config.base_path);
                    fill.size = size;
                }
                Located::External => {}
                // Shown as its alt text: reported by the photo stage.
                Located::Broken => fill.src = String::new(),
                Located::Missing => {
                    diags.push(diagnostic(
                        config.language,
                        Severity::Error,
                        file,
                        img.position,
                        Msg::ImageMissing {
                            src: img.src.clone(),
                        },
                    ));
                }
            }
            fill
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::relative_from;

    #[test]
    fn suggestions_are_written_from_the_linking_files_folder() {
        assert_eq!(relative_from("verhalen", "verhalen/b.md"), "b.md");
        assert_eq!(
            relative_from("verhaal", "verhalen/b.md"),
            "../verhalen/b.md"
        );
        assert_eq!(relative_from("", "verhalen/b.md"), "verhalen/b.md");
        assert_eq!(relative_from("verhalen", "over.md"), "../over.md");
        assert_eq!(relative_from("a/b", "a/c/d.md"), "../c/d.md");
        assert_eq!(relative_from("a/b", "a/b/d.md"), "d.md");
    }
}
