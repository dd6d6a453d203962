//! Parsed documents → the resolved site graph.
//!
//! Ids and URLs are checked for clashes, front-matter references and body links are
//! resolved (every problem reported, each at its line), and the reverse indexes that
//! templates need are built once: backlinks, related stories, derived lists, chapter
//! order. Nothing here is quadratic in the number of documents.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::markdown::ImageFill;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Position, Severity};
use crate::markdown::{LinkFill, fill_links};
use crate::messages::{Msg, suggest};
use crate::model::{Body, Common, Document, Fields, Kind, LinkTarget, SectionIndex, SharedHtml};
use crate::parse::diagnostic;

/// Index of a document in [`Site::docs`].
pub type DocIdx = usize;

/// What resolving needs besides the documents.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Today, for the "story in the future" warning; `None` skips that check.
    pub today: Option<crate::model::Date>,
    /// Site paths of static files (`img/logo.svg`) with the pixel size of images,
    /// for `/img/…` links and `<img width height>`.
    pub static_files: BTreeMap<String, Option<(u32, u32)>>,
}

/// Resolved front-matter references of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refs {
    pub themes: Vec<DocIdx>,
    pub quadrants: Vec<DocIdx>,
    pub roles: Vec<DocIdx>,
    pub stories: Vec<DocIdx>,
    pub related: Vec<DocIdx>,
}

/// Lists derived from references pointing *to* a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incoming {
    pub stories: Vec<DocIdx>,
    pub chapters: Vec<DocIdx>,
    pub items: Vec<DocIdx>,
    /// Who links here, from body or front matter.
    pub backlinks: Vec<DocIdx>,
}

/// The resolved site graph.
#[derive(Debug, Clone)]
pub struct Site {
    pub docs: Vec<Arc<Document>>,
    /// Body HTML with links filled in.
    pub html: Vec<SharedHtml>,
    pub refs: Vec<Refs>,
    pub incoming: Vec<Incoming>,
    /// Related stories per document (empty for other kinds).
    pub related: Vec<Vec<DocIdx>>,
    /// Documents per kind, in display order (chapters by weight, stories newest first).
    pub by_kind: BTreeMap<Kind, Vec<DocIdx>>,
    /// `_index.md` of each folder (`""` = home), with filled HTML.
    pub sections: BTreeMap<String, (SectionIndex, String)>,
    /// Agenda theme of each agenda item.
    pub agenda_theme: HashMap<DocIdx, DocIdx>,
    /// Site paths of alias redirects → target document.
    pub aliases: BTreeMap<String, DocIdx>,
    /// Stories: pixel size of the front-matter `image`.
    pub image_size: Vec<Option<(u32, u32)>>,
}

impl Site {
    pub fn of_kind(&self, kind: Kind) -> &[DocIdx] {
        self.by_kind.get(&kind).map_or(&[], Vec::as_slice)
    }

    /// Site-relative paths (no base path) of every list page, for collisions and `/links`.
    pub fn generated_paths(config: &Config, story_count: usize) -> BTreeSet<String> {
        let mut paths: BTreeSet<String> = [
            "",
            "atom.xml",
            "sitemap.xml",
            "robots.txt",
            "404.html",
            "zoeken/",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for kind in Kind::FOLDER_KINDS {
            paths.insert(format!("{}/", config.folder(kind)));
        }
        paths.insert(format!("{}/print/", config.folder(Kind::Chapter)));
        let stories = config.folder(Kind::Story);
        paths.insert(format!("{stories}/pagina/"));
        for n in 2..=page_count(story_count, config.page_size) {
            paths.insert(format!("{stories}/pagina/{n}/"));
        }
        paths
    }
}

/// How many list pages `n` items take.
pub fn page_count(n: usize, page_size: usize) -> usize {
    n.div_ceil(page_size.max(1)).max(1)
}

/// What `serve` keeps from one resolve to the next: filled bodies and related stories,
/// reused while their inputs are unchanged. Reuse is decided on the inputs themselves
/// (the same parsed body, equal fills, equal features), so a resolve with a memo gives
/// exactly what one without gives.
#[derive(Debug, Default)]
pub struct ResolveMemo {
    /// Keep results for the next resolve (serve); a one-shot build does not.
    pub remember: bool,
    /// Per source file: the body filled (held, so `SharedHtml::same` cannot be fooled by
    /// a reused address), the fingerprint of its fills, and the filled HTML.
    bodies: HashMap<PathBuf, (SharedHtml, u64, SharedHtml)>,
    /// The fingerprint of related_stories' inputs and its result.
    related: Option<(u64, Vec<Vec<DocIdx>>)>,
}

/// One body's links resolved and filled in (see `resolve_with`).
struct FilledBody {
    html: SharedHtml,
    /// Fingerprint of the fills.
    key: u64,
    found: Diagnostics,
    edges: Vec<(DocIdx, DocIdx)>,
}

/// Builds the site graph. Drafts are left out unless `config.drafts`; links to them
/// become plain text with a warning.
pub fn resolve(
    config: &Config,
    documents: Vec<Arc<Document>>,
    sections: Vec<SectionIndex>,
    options: &ResolveOptions,
    diags: &mut Diagnostics,
) -> Site {
    resolve_with(
        config,
        documents,
        sections,
        options,
        diags,
        &mut ResolveMemo::default(),
    )
}

/// [`resolve`], reusing what `memo` holds from earlier resolves.
pub fn resolve_with(
    config: &Config,
    mut documents: Vec<Arc<Document>>,
    sections: Vec<SectionIndex>,
    options: &ResolveOptions,
    diags: &mut Diagnostics,
    memo: &mut ResolveMemo,
) -> Site {
    let lang = config.language;
    let report = |diags: &mut Diagnostics, severity, file: &Path, position, msg| {
        diags.push(diagnostic(lang, severity, file, position, msg));
    };

    documents.sort_by(|a, b| (a.kind, &a.id, &a.source_path).cmp(&(b.kind, &b.id, &b.source_path)));
    if !documents.iter().any(|d| d.kind == Kind::Role) {
        documents.extend(builtin_roles(config).into_iter().map(Arc::new));
    }

    // Drafts: kept aside so links to them can be told apart from broken ones.
    let mut drafts: HashMap<(Kind, String), String> = HashMap::new();
    let mut draft_paths: HashMap<String, String> = HashMap::new();
    documents.retain(|d| {
        if d.common.draft && !config.drafts {
            drafts.insert((d.kind, d.id.clone()), d.common.title.clone());
            draft_paths.insert(d.content_path.clone(), d.common.title.clone());
            false
        } else {
            true
        }
    });

    // Ids unique per kind; URLs unique across the site.
    let story_count = documents.iter().filter(|d| d.kind == Kind::Story).count();
    let generated = Site::generated_paths(config, story_count);
    let mut index: HashMap<(Kind, String), DocIdx> = HashMap::new();
    let mut urls: HashMap<String, PathBuf> = HashMap::new();
    let mut keep: Vec<Arc<Document>> = Vec::with_capacity(documents.len());
    for doc in documents {
        if doc.kind != Kind::Page {
            if let Some(&other) = index.get(&(doc.kind, doc.id.clone())) {
                let other: &Document = &keep[other];
                report(
                    diags,
                    Severity::Error,
                    &doc.source_path,
                    Position::START,
                    Msg::DuplicateId {
                        id: doc.id.clone(),
                        other: other.source_path.display().to_string(),
                    },
                );
                continue;
            }
        }
        let reserved =
            generated.contains(&doc.url_path) || (doc.kind == Kind::Story && doc.id == "pagina");
        if reserved {
            report(
                diags,
                Severity::Error,
                &doc.source_path,
                Position::START,
                Msg::UrlCollision {
                    url: format!("{}{}", config.base_path, doc.url_path),
                    other: lang
                        .pick(
                            "een pagina die verteller zelf maakt",
                            "a page verteller generates",
                        )
                        .to_string(),
                },
            );
            continue;
        }
        if let Some(other) = urls.get(&doc.url_path) {
            report(
                diags,
                Severity::Error,
                &doc.source_path,
                Position::START,
                Msg::UrlCollision {
                    url: format!("{}{}", config.base_path, doc.url_path),
                    other: other.display().to_string(),
                },
            );
            continue;
        }
        urls.insert(doc.url_path.clone(), doc.source_path.clone());
        if doc.kind != Kind::Page {
            index.insert((doc.kind, doc.id.clone()), keep.len());
        }
        keep.push(doc);
    }
    let docs = keep;
    let n = docs.len();
    let by_path: HashMap<&str, DocIdx> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.content_path.as_str(), i))
        .collect();
    let mut by_id: HashMap<&str, Vec<DocIdx>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_id.entry(d.id.as_str()).or_default().push(i);
    }

    // Quadrants: each combination of axes once.
    let mut seen_axes = HashMap::new();
    for d in &docs {
        if let Fields::Quadrant {
            axes,
            axes_position,
            ..
        } = &d.fields
        {
            if let Some(other) = seen_axes.insert(*axes, d.source_path.clone()) {
                report(
                    diags,
                    Severity::Error,
                    &d.source_path,
                    *axes_position,
                    Msg::DuplicateAxes {
                        other: other.display().to_string(),
                    },
                );
            }
        }
    }

    // Front-matter references.
    let mut refs = vec![Refs::default(); n];
    let mut agenda_theme = HashMap::new();
    let mut edges: Vec<(DocIdx, DocIdx)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        for (key, kind, r) in d.fields.references() {
            if r.id.is_empty() {
                continue; // a missing required reference, reported by `parse`
            }
            match index.get(&(kind, r.id.clone())) {
                Some(&target) => {
                    let list = match key {
                        "themes" => &mut refs[i].themes,
                        "theme" => {
                            agenda_theme.insert(i, target);
                            &mut refs[i].themes
                        }
                        "quadrants" => &mut refs[i].quadrants,
                        "roles" => &mut refs[i].roles,
                        "related" => &mut refs[i].related,
                        _ => &mut refs[i].stories,
                    };
                    if !list.contains(&target) {
                        list.push(target);
                    }
                    edges.push((i, target));
                }
                None if drafts.contains_key(&(kind, r.id.clone())) => {
                    report(
                        diags,
                        Severity::Warning,
                        &d.source_path,
                        r.position,
                        Msg::LinkToDraft {
                            target: r.id.clone(),
                        },
                    );
                }
                None => {
                    let candidates = docs
                        .iter()
                        .filter(|o| o.kind == kind)
                        .map(|o| o.id.as_str());
                    report(
                        diags,
                        Severity::Error,
                        &d.source_path,
                        r.position,
                        Msg::UnknownReference {
                            key: key.to_string(),
                            id: r.id.clone(),
                            kind_label: kind.label(lang == crate::messages::Lang::Nl),
                            suggestion: suggest(&r.id, candidates),
                        },
                    );
                }
            }
        }
        if let (Some(today), Some(date)) = (
            options.today,
            (d.kind == Kind::Story).then(|| d.fields.date()).flatten(),
        ) {
            if date > today {
                report(
                    diags,
                    Severity::Warning,
                    &d.source_path,
                    Position::START,
                    Msg::FutureStory {
                        date: date.to_string(),
                    },
                );
            }
        }
    }

    // Body links.
    let site_paths: HashSet<String> = urls
        .keys()
        .cloned()
        .chain(generated.iter().cloned())
        .chain(options.static_files.keys().cloned())
        .collect();
    let ctx = LinkContext {
        config,
        docs: &docs,
        by_path: &by_path,
        by_id: &by_id,
        drafts: &drafts,
        draft_paths: &draft_paths,
        site_paths: &site_paths,
        sections: &sections,
    };
    // In parallel per document; diagnostics and edges are merged in document order. A
    // body whose parse and fills are unchanged keeps its filled HTML from the memo.
    let previous = std::mem::take(&mut memo.bodies);
    let filled: Vec<FilledBody> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let (mut found, mut links) = (Diagnostics::default(), Vec::new());
            let fills = ctx.resolve_body(Some(i), &d.body, &d.source_path, &mut found, &mut links);
            let images = resolve_images(config, options, &d.body, &d.source_path, &mut found);
            let key = crate::render::keys::fingerprint((&fills, &images));
            let reused = previous
                .get(&d.source_path)
                .filter(|(body, k, _)| *k == key && body.same(&d.body.html))
                .map(|(_, _, page)| page.clone());
            let page = reused.unwrap_or_else(|| fill_links(&d.body.html, &fills, &images).into());
            FilledBody {
                html: page,
                key,
                found,
                edges: links,
            }
        })
        .collect();
    drop(previous);
    let mut html = Vec::with_capacity(n);
    for (i, body) in filled.into_iter().enumerate() {
        let FilledBody {
            html: page,
            key,
            found,
            edges: links,
        } = body;
        if memo.remember {
            let d = &docs[i];
            memo.bodies.insert(
                d.source_path.clone(),
                (d.body.html.clone(), key, page.clone()),
            );
        }
        html.push(page);
        diags.extend(found);
        edges.extend(links);
    }
    let mut section_map = BTreeMap::new();
    for s in sections.iter() {
        let mut ignored = Vec::new();
        let fills = ctx.resolve_body(None, &s.body, &s.source_path, diags, &mut ignored);
        let images = resolve_images(config, options, &s.body, &s.source_path, diags);
        section_map.insert(
            s.folder.clone(),
            (s.clone(), fill_links(&s.body.html, &fills, &images)),
        );
    }

    // Aliases.
    let mut aliases = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        for alias in &d.common.aliases {
            let a = alias.id.as_str();
            let valid = a.starts_with('/')
                && !a.contains("..")
                && !a.contains(['?', '#', '\\', ' '])
                && a.len() > 1;
            let path = a.trim_start_matches('/').to_string();
            let path = if path.ends_with('/') || path.ends_with(".html") {
                path
            } else {
                format!("{path}/")
            };
            if !valid || site_paths.contains(&path) || aliases.contains_key(&path) {
                report(
                    diags,
                    Severity::Error,
                    &d.source_path,
                    alias.position,
                    Msg::InvalidAlias {
                        alias: alias.id.clone(),
                    },
                );
            } else {
                aliases.insert(path, i);
            }
        }
    }

    // Derived lists and backlinks, from one pass over the edges.
    let mut incoming = vec![Incoming::default(); n];
    edges.sort_unstable();
    edges.dedup();
    for &(from, to) in &edges {
        if from == to {
            continue;
        }
        incoming[to].backlinks.push(from);
        let target_kind = docs[to].kind;
        if matches!(target_kind, Kind::AgendaTheme | Kind::Quadrant | Kind::Role) {
            match docs[from].kind {
                Kind::Story => incoming[to].stories.push(from),
                Kind::Chapter => incoming[to].chapters.push(from),
                Kind::Agenda => incoming[to].items.push(from),
                _ => {}
            }
        }
    }

    // Display order per kind.
    let mut by_kind: BTreeMap<Kind, Vec<DocIdx>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_kind.entry(d.kind).or_default().push(i);
    }
    for (kind, list) in by_kind.iter_mut() {
        sort_for_display(*kind, list, &docs);
    }
    let mut order = vec![0; n];
    for list in by_kind.values() {
        for (pos, &i) in list.iter().enumerate() {
            order[i] = pos;
        }
    }
    // (kind, position) is unique per document, so an unstable sort is deterministic.
    incoming.par_iter_mut().for_each(|inc| {
        for list in [
            &mut inc.stories,
            &mut inc.chapters,
            &mut inc.items,
            &mut inc.backlinks,
        ] {
            list.sort_unstable_by_key(|&i| (docs[i].kind, order[i]));
        }
    });

    let image_size = docs
        .iter()
        .map(|d| match &d.fields {
            Fields::Story {
                image: Some(src), ..
            } => match static_path(src) {
                Some(path) if options.static_files.contains_key(&path) => {
                    options.static_files[&path]
                }
                _ => {
                    let position = d.fields_image_position();
                    report(
                        diags,
                        Severity::Error,
                        &d.source_path,
                        position,
                        Msg::ImageMissing { src: src.clone() },
                    );
                    None
                }
            },
            _ => None,
        })
        .collect();
    let related_key = crate::render::keys::fingerprint((
        config.related_count,
        // Indices too: the result is in document indices, which shift when documents
        // are added or removed anywhere.
        docs.iter()
            .zip(&refs)
            .enumerate()
            .filter(|(_, (d, _))| d.kind == Kind::Story)
            .map(|(i, (d, r))| {
                (
                    i,
                    &d.id,
                    d.fields.date(),
                    &r.themes,
                    &r.quadrants,
                    &r.roles,
                    &r.related,
                )
            })
            .collect::<Vec<_>>(),
        n,
    ));
    let related = match memo.related.take() {
        Some((key, related)) if key == related_key => related,
        _ => related_stories(&docs, &refs, config.related_count),
    };
    if memo.remember {
        memo.related = Some((related_key, related.clone()));
    }
    Site {
        image_size,
        docs,
        html,
        refs,
        incoming,
        related,
        by_kind,
        sections: section_map,
        agenda_theme,
        aliases,
    }
}

fn sort_for_display(kind: Kind, list: &mut [DocIdx], docs: &[Arc<Document>]) {
    match kind {
        Kind::Story => list.sort_by(|a, b| {
            let (a, b) = (&docs[*a], &docs[*b]);
            b.fields
                .date()
                .cmp(&a.fields.date())
                .then_with(|| a.id.cmp(&b.id))
        }),
        _ => list.sort_by(|a, b| {
            let (a, b) = (&docs[*a], &docs[*b]);
            let wa = a.common.weight.unwrap_or(i64::MAX);
            let wb = b.common.weight.unwrap_or(i64::MAX);
            wa.cmp(&wb)
                .then_with(|| a.common.title.cmp(&b.common.title))
                .then_with(|| a.id.cmp(&b.id))
        }),
    }
}

struct LinkContext<'a> {
    config: &'a Config,
    docs: &'a [Arc<Document>],
    by_path: &'a HashMap<&'a str, DocIdx>,
    by_id: &'a HashMap<&'a str, Vec<DocIdx>>,
    drafts: &'a HashMap<(Kind, String), String>,
    draft_paths: &'a HashMap<String, String>,
    site_paths: &'a HashSet<String>,
    sections: &'a [SectionIndex],
}

impl LinkContext<'_> {
    /// Fills for every link of a body; problems reported; edges recorded.
    fn resolve_body(
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
                            let qualified = self.docs.iter().position(|d| {
                                d.content_path.trim_end_matches(".md") == wanted
                                    || format!("{}{}", d.url_path.trim_end_matches('/'), "")
                                        == wanted
                            });
                            qualified.into_iter().collect()
                        } else {
                            let id = crate::model::slugify(wanted);
                            self.by_id.get(id.as_str()).cloned().unwrap_or_default()
                        };
                        match candidates.as_slice() {
                            [one] => to_doc(*one, anchor, &mut problem, edges),
                            [] => {
                                let id = crate::model::slugify(wanted);
                                if let Some(title) = self
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
                                        suggestion: suggest(&id, self.by_id.keys().copied()),
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
                        if let Some(&target) = self.by_path.get(content_path.as_str()) {
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
                        if let Some(title) = self.draft_paths.get(content_path) {
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
                                suggestion: suggest(content_path, self.by_path.keys().copied()),
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
                        if self.site_paths.contains(rel) || self.site_paths.contains(&with_slash) {
                            let rel = if self.site_paths.contains(rel) {
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
                                        self.site_paths.iter().map(String::as_str),
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
fn resolve_images(
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

/// The three roles of the execution triangle, when the site has no `rollen/` of its own.
fn builtin_roles(config: &Config) -> Vec<Document> {
    let nl = config.language == crate::messages::Lang::Nl;
    let roles: [(&str, &str, &str); 3] = if nl {
        [
            (
                "burger",
                "Burger",
                "De inwoner of ondernemer voor wie de gemeente werkt, en die zelf meedoet.",
            ),
            (
                "uitvoerder",
                "Uitvoerder",
                "De professional die in de praktijk contact heeft met inwoners en het werk doet.",
            ),
            (
                "beleidmaker",
                "Beleidmaker",
                "Wie regels, plannen en budgetten maakt, ambtelijk en bestuurlijk.",
            ),
        ]
    } else {
        [
            (
                "burger",
                "Citizen",
                "The resident or entrepreneur the municipality works for, who takes part.",
            ),
            (
                "uitvoerder",
                "Practitioner",
                "The professional who meets residents and does the work in practice.",
            ),
            (
                "beleidmaker",
                "Policy maker",
                "Whoever makes rules, plans and budgets, in the organisation and in politics.",
            ),
        ]
    };
    let folder = config.folder(Kind::Role);
    roles
        .iter()
        .enumerate()
        .map(|(i, (id, title, text))| {
            let html = format!("<p>{}</p>\n", crate::markdown::escape(text));
            Document {
                kind: Kind::Role,
                id: id.to_string(),
                source_path: PathBuf::from(format!("content/{folder}/{id}.md")),
                content_path: format!("{folder}/{id}.md"),
                url_path: format!("{folder}/{id}/"),
                common: Common {
                    title: title.to_string(),
                    summary: Some(text.to_string()),
                    weight: Some(i as i64 + 1),
                    ..Common::default()
                },
                fields: Fields::Role,
                body: Body {
                    html: html.into(),
                    first_paragraph: text.to_string(),
                    ..Body::default()
                },
            }
        })
        .collect()
}

/// Related stories (DESIGN §2): explicit `related` first, then stories ranked by how many
/// agenda themes, quadrants and roles they share; ties by closeness in date, then id.
///
/// Stories with the same feature set form a group; groups are scored against groups
/// (few), and within a group the nearest dates are found by binary search.
pub fn related_stories(docs: &[Arc<Document>], refs: &[Refs], k: usize) -> Vec<Vec<DocIdx>> {
    let mut related = vec![Vec::new(); docs.len()];
    let stories: Vec<DocIdx> = (0..docs.len())
        .filter(|&i| docs[i].kind == Kind::Story)
        .collect();
    let features = |i: DocIdx| -> Vec<DocIdx> {
        let r = &refs[i];
        let mut f: Vec<DocIdx> = r
            .themes
            .iter()
            .chain(&r.quadrants)
            .chain(&r.roles)
            .copied()
            .collect();
        f.sort_unstable();
        f.dedup();
        f
    };
    let days: Vec<i64> = docs
        .iter()
        .map(|d| d.fields.date().map_or(0, |d| d.day_number()))
        .collect();
    let day = |i: DocIdx| days[i];

    let mut groups: BTreeMap<Vec<DocIdx>, Vec<DocIdx>> = BTreeMap::new();
    for &s in &stories {
        groups.entry(features(s)).or_default().push(s);
    }
    let groups: Vec<(Vec<DocIdx>, Vec<DocIdx>)> = groups
        .into_iter()
        .map(|(f, mut members)| {
            members.sort_by(|a, b| {
                day(*a)
                    .cmp(&day(*b))
                    .then_with(|| docs[*a].id.cmp(&docs[*b].id))
            });
            (f, members)
        })
        .collect();

    // Groups in parallel; within one, its members share the ranking of other groups.
    let groups = &groups;
    let day = &day;
    let chosen_per_story: Vec<(DocIdx, Vec<DocIdx>)> = groups
        .par_iter()
        .flat_map_iter(|(feature_set, members)| {
            // Other groups by shared features, best first; 0 shared = not related.
            let mut levels: BTreeMap<std::cmp::Reverse<usize>, Vec<usize>> = BTreeMap::new();
            for (h, (other, _)) in groups.iter().enumerate() {
                let shared = count_shared(feature_set, other);
                if shared > 0 {
                    levels.entry(std::cmp::Reverse(shared)).or_default().push(h);
                }
            }
            members.iter().map(move |&s| {
                let mut chosen: Vec<DocIdx> = Vec::with_capacity(k);
                for &r in &refs[s].related {
                    if r != s && !chosen.contains(&r) && chosen.len() < k {
                        chosen.push(r);
                    }
                }
                let target = day(s);
                for level in levels.values() {
                    if chosen.len() >= k {
                        break;
                    }
                    let want = k - chosen.len();
                    let mut candidates: Vec<(i64, &str, DocIdx)> = Vec::new();
                    for &h in level {
                        let list = &groups[h].1;
                        // Enough nearest stories from this group to fill the gap even if
                        // some are `s` itself or already chosen.
                        let need = want + chosen.len() + 1;
                        for c in nearest(list, target, need, day) {
                            if c != s && !chosen.contains(&c) {
                                candidates.push(((day(c) - target).abs(), docs[c].id.as_str(), c));
                            }
                        }
                    }
                    candidates.sort_unstable();
                    candidates.dedup_by_key(|c| c.2);
                    chosen.extend(candidates.into_iter().take(want).map(|c| c.2));
                }
                (s, chosen)
            })
        })
        .collect();
    for (s, chosen) in chosen_per_story {
        related[s] = chosen;
    }
    related
}

fn count_shared(a: &[DocIdx], b: &[DocIdx]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Up to `count` members of a date-sorted list nearest to `target`.
fn nearest(list: &[DocIdx], target: i64, count: usize, day: &dyn Fn(DocIdx) -> i64) -> Vec<DocIdx> {
    let split = list.partition_point(|&i| day(i) < target);
    let (mut lo, mut hi) = (split, split); // lo: next to take going left is lo-1
    let mut out = Vec::with_capacity(count);
    while out.len() < count && (lo > 0 || hi < list.len()) {
        let left = (lo > 0).then(|| (target - day(list[lo - 1]), list[lo - 1]));
        let right = (hi < list.len()).then(|| (day(list[hi]) - target, list[hi]));
        match (left, right) {
            (Some((dl, l)), Some((dr, _))) if dl <= dr => {
                out.push(l);
                lo -= 1;
            }
            (_, Some((_, r))) => {
                out.push(r);
                hi += 1;
            }
            (Some((_, l)), None) => {
                out.push(l);
                lo -= 1;
            }
            (None, None) => break,
        }
    }
    // Equal distances on both sides: take a few more so id order can break the tie.
    let tie_extra = count.min(4);
    for _ in 0..tie_extra {
        if lo > 0 {
            out.push(list[lo - 1]);
            lo -= 1;
        }
        if hi < list.len() {
            out.push(list[hi]);
            hi += 1;
        }
    }
    out
}
