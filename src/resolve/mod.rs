//! Parsed documents → the resolved site graph.
//!
//! Ids and URLs are checked for clashes, front-matter references and body links are
//! resolved (every problem reported, each at its line), and the reverse indexes that
//! templates need are built once: backlinks, related stories, derived lists, chapter
//! order. Nothing here is quadratic in the number of documents.

mod links;
mod related;
pub mod taxonomies;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::diagnostic;
use crate::diagnostics::{Diagnostics, Position, Severity};
use crate::fingerprint::FastMap;
use crate::markdown::{ImageFill, LinkFill, fill_links};
use crate::messages::{Msg, suggest};
use crate::model::{Body, Common, Document, Fields, Kind, RefField, SectionIndex, SharedHtml};
use links::Held;
pub use links::static_path;
use links::{LinkContext, Lookup, resolve_images};
pub use related::related_stories;

/// Index of a document in [`Site::docs`].
pub type DocIdx = usize;

/// A document's body as its page shows it.
#[derive(Debug, Clone, Hash)]
pub enum Content {
    /// Filled while resolving: serve keeps it for the next build.
    Filled(SharedHtml),
    /// The fills only, written into the parsed body when the page renders: a one-shot
    /// build never holds a second copy of every body between resolving and rendering
    /// (a quarter of its peak memory at 10,000 stories, each page faulted in anew).
    Deferred(Arc<Fills>),
}

/// What a body's placeholders are filled with.
#[derive(Debug, Hash)]
pub struct Fills {
    pub links: Vec<LinkFill>,
    pub images: Vec<ImageFill>,
}

impl Content {
    /// The same filled body (the same allocation, not merely equal text).
    pub fn same(&self, other: &Content) -> bool {
        match (self, other) {
            (Content::Filled(a), Content::Filled(b)) => a.same(b),
            (Content::Deferred(a), Content::Deferred(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// What resolving needs besides the documents.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Site paths of static files (`img/logo.svg`) with the pixel size of images,
    /// for `/img/…` links and `<img width height>`.
    pub static_files: BTreeMap<String, Option<(u32, u32)>>,
    /// The size in bytes of every static file (a download shows it).
    pub static_bytes: BTreeMap<String, u64>,
    /// The photos documents use (the photo stage's catalog), and its fingerprint.
    pub photos: Arc<crate::images::Catalog>,
    pub photos_key: u64,
    /// Content paths of Markdown files that exist but gave no document (their own
    /// errors are reported): references and links to them are not reported again.
    pub unparsed: std::collections::BTreeSet<String>,
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

/// The resolved site graph. The parts that follow from the documents' shapes alone
/// (references, derived lists, order, related stories) are shared (`Arc`), so serve
/// hands them from one rebuild to the next without copying while no shape changes.
#[derive(Debug, Clone)]
pub struct Site {
    pub docs: Vec<Arc<Document>>,
    /// Each document's body with its links filled in, or the fills (see [`Site::content`]).
    pub html: Vec<Content>,
    pub refs: Arc<Vec<Refs>>,
    pub incoming: Arc<Vec<Incoming>>,
    /// Related stories per document (empty for other kinds).
    pub related: Arc<Vec<Vec<DocIdx>>>,
    /// Documents per kind, in display order (chapters by weight, stories newest first).
    pub by_kind: Arc<BTreeMap<Kind, Vec<DocIdx>>>,
    /// `_index.md` of each folder (`""` = home), with filled HTML.
    pub sections: BTreeMap<String, (SectionIndex, String)>,
    /// Agenda theme of each agenda item.
    pub agenda_theme: Arc<FastMap<DocIdx, DocIdx>>,
    /// Site paths of alias redirects → target document.
    pub aliases: Arc<BTreeMap<String, DocIdx>>,
    /// Stories: the front-matter `image`, found.
    pub images: Arc<Vec<StoryImage>>,
    /// The site's own taxonomies (`[[taxonomies]]`) with their terms.
    pub taxonomies: Arc<Vec<taxonomies::TaxonomyIndex>>,
}

impl Site {
    /// Document `i`'s body with its links filled in: borrowed when resolving filled it,
    /// written now when its fills were deferred.
    pub fn content(&self, i: DocIdx) -> std::borrow::Cow<'_, str> {
        match &self.html[i] {
            Content::Filled(html) => std::borrow::Cow::Borrowed(html.as_str()),
            Content::Deferred(fills) => std::borrow::Cow::Owned(fill_links(
                &self.docs[i].body.html,
                &fills.links,
                &fills.images,
            )),
        }
    }

    /// The stories document `i`'s page `page` (from 1) lists: for an agenda theme,
    /// quadrant or role one page of `page_size` of the stories that name it; for other
    /// kinds every story that names it. Out of range: none.
    pub fn term_stories(&self, i: DocIdx, page: usize, page_size: usize) -> &[DocIdx] {
        let all = &self.incoming[i].stories;
        if !matches!(
            self.docs[i].kind,
            Kind::AgendaTheme | Kind::Quadrant | Kind::Role
        ) {
            return all;
        }
        page_slice(all, page, page_size)
    }

    /// How many pages document `i`'s page takes (more than one only for an agenda
    /// theme, quadrant or role with more stories than `page_size`).
    pub fn term_pages(&self, i: DocIdx, page_size: usize) -> usize {
        match self.docs[i].kind {
            Kind::AgendaTheme | Kind::Quadrant | Kind::Role => {
                page_count(self.incoming[i].stories.len(), page_size)
            }
            _ => 1,
        }
    }

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
        for taxonomy in &config.taxonomies {
            paths.insert(format!("{}/", taxonomy.name));
        }
        let stories = config.folder(Kind::Story);
        paths.insert(format!("{stories}/pagina/"));
        for n in 2..=page_count(story_count, config.page_size) {
            paths.insert(format!("{stories}/pagina/{n}/"));
        }
        paths
    }
}

/// Page `page` (from 1) of `list` at `page_size` a page; out of range: empty.
pub fn page_slice<T>(list: &[T], page: usize, page_size: usize) -> &[T] {
    let size = page_size.max(1);
    let start = page.saturating_sub(1).saturating_mul(size).min(list.len());
    &list[start..start.saturating_add(size).min(list.len())]
}

/// How many list pages `n` items take.
pub fn page_count(n: usize, page_size: usize) -> usize {
    n.div_ceil(page_size.max(1)).max(1)
}

/// What `serve` keeps from one resolve to the next. Reuse is decided on the inputs
/// themselves, so a resolve with a memo gives exactly what one without gives:
///
/// - the whole graph (indexes, references, derived lists, order, related stories) while
///   every document has the same *shape* (`shape`: what other documents' resolution
///   can see of it) and the context (config, sections, static files, today) is the same;
///   then only the documents that changed, and those linking to a story whose title
///   changed, are resolved again;
/// - otherwise a filled body while its parse and its fills are the same, and related
///   stories while their inputs are.
#[derive(Debug, Default)]
pub struct ResolveMemo {
    /// Serve keeps results for the next resolve; a one-shot build does not.
    pub mode: crate::mode::Mode,
    /// Whether the last resolve kept the graph of the one before (every shape equal).
    pub graph_reused: bool,
    /// Documents resolved on their own (not reused) by the last resolve.
    pub resolved: usize,
    /// Per source file: the body filled (held, so `SharedHtml::same` cannot be fooled by
    /// a reused address), the fingerprint of its fills, and the filled HTML.
    bodies: FastMap<PathBuf, (SharedHtml, u64, Content)>,
    /// The fingerprint of related_stories' inputs and its result.
    related: Option<(u64, Arc<Vec<Vec<DocIdx>>>)>,
    /// The built-in roles and the fingerprint of the config they follow (language,
    /// folder), so an unchanged role is the same document from build to build.
    builtin: Option<(u64, Vec<Arc<Document>>)>,
    last: Option<Last>,
}

/// The last resolve, for the next one.
#[derive(Debug)]
struct Last {
    /// The documents as given (held, so a pointer comparison cannot be fooled by a
    /// reused address), the built-in roles after them.
    inputs: Vec<Arc<Document>>,
    shapes: Vec<u64>,
    context: u64,
    /// Input position of each document of the site, in site order.
    kept: Vec<usize>,
    lookup: Arc<Lookup>,
    site: Site,
    /// Diagnostics of each document of the site on its own (references, links, images).
    own: Vec<Diagnostics>,
    /// Diagnostics between documents (duplicate ids and URLs, axes, aliases).
    shared: Diagnostics,
}

/// One document resolved on its own: its filled body, its diagnostics, its edges.
struct Own {
    html: Content,
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

/// What of a document the resolution of *other* documents can see: its identity and
/// URL, its front matter (references, date, weight, aliases, draft), its link targets and
/// heading ids, and its title where it orders a list or stands in for a draft. A story's
/// title reaches only the bodies linking to it, which the reuse path re-fills itself.
fn shape(d: &Document) -> u64 {
    let mut h = crate::fingerprint::hasher();
    (d.kind, &d.id, &d.source_path, &d.content_path, &d.url_path).hash(&mut h);
    (
        &d.fields,
        d.common.draft,
        d.common.weight,
        &d.common.aliases,
        (d.common.publish_date, d.common.expires),
        &d.common.terms,
    )
        .hash(&mut h);
    if d.common.draft || d.kind != Kind::Story {
        d.common.title.hash(&mut h);
    }
    for link in &d.body.links {
        link.target.hash(&mut h);
    }
    for heading in &d.body.headings {
        (&heading.id, &heading.alias).hash(&mut h);
    }
    h.finish()
}

/// [`resolve`], reusing what `memo` holds from earlier resolves.
pub fn resolve_with(
    config: &Config,
    mut inputs: Vec<Arc<Document>>,
    sections: Vec<SectionIndex>,
    options: &ResolveOptions,
    diags: &mut Diagnostics,
    memo: &mut ResolveMemo,
) -> Site {
    let loaded = inputs.len();
    add_builtin_roles(config, &mut inputs, memo);
    let context = crate::fingerprint::of((
        format!("{config:?}"),
        &sections,
        &options.static_files,
        options.photos_key,
        named_files(&inputs, &sections, options),
        &options.unparsed,
    ));
    let last = memo.last.take();
    let shapes = shapes(&inputs, last.as_ref());
    let reusable = last.filter(|l| l.context == context && l.shapes == shapes);
    memo.graph_reused = reusable.is_some();
    let Graph {
        site,
        own,
        shared,
        kept,
        lookup,
    } = match reusable {
        Some(last) => reuse_graph(config, &inputs, &sections, options, memo, last),
        None => resolve_graph(config, &inputs, loaded, &sections, options, memo),
    };
    let (own, shared) = hand_over_diagnostics(memo.mode, own, shared, diags);
    let ctx = LinkContext {
        config,
        docs: &site.docs,
        lookup: &lookup,
        sections: &sections,
        files: &options.static_bytes,
    };
    let section_map = resolve_sections(&ctx, options, diags);
    let site = Site {
        sections: section_map,
        ..site
    };
    if memo.mode.remembers() {
        memo.last = Some(Last {
            inputs,
            shapes,
            context,
            kept,
            lookup,
            site: site.clone(),
            own,
            shared,
        });
    }
    site
}

/// The size of every file a component names (a download shows it): part of the
/// context, so serve resolves again when one changes, but not when another static file
/// does.
fn named_files<'a>(
    inputs: &'a [Arc<Document>],
    sections: &'a [SectionIndex],
    options: &'a ResolveOptions,
) -> Vec<(&'a str, Option<u64>)> {
    let bodies = inputs
        .iter()
        .map(|d| &d.body)
        .chain(sections.iter().map(|s| &s.body));
    bodies
        .flat_map(|b| b.links.iter())
        .filter_map(|link| match &link.target {
            crate::model::LinkTarget::File { path } => {
                Some((path.as_str(), options.static_bytes.get(path).copied()))
            }
            _ => None,
        })
        .collect()
}

/// A site without roles of its own gets the three built-in ones, after its documents
/// (the same documents from build to build while the config they follow is the same).
fn add_builtin_roles(config: &Config, inputs: &mut Vec<Arc<Document>>, memo: &mut ResolveMemo) {
    if inputs.iter().any(|d| d.kind == Kind::Role) {
        return;
    }
    let key = crate::fingerprint::of((format!("{:?}", config.language), config.folder(Kind::Role)));
    let roles = match memo.builtin.take() {
        Some((k, roles)) if k == key => roles,
        _ => builtin_roles(config).into_iter().map(Arc::new).collect(),
    };
    inputs.extend(roles.iter().cloned());
    if memo.mode.remembers() {
        memo.builtin = Some((key, roles));
    }
}

/// Every input's shape: the last resolve's for a document that is the same allocation,
/// computed for the others.
fn shapes(inputs: &[Arc<Document>], last: Option<&Last>) -> Vec<u64> {
    inputs
        .par_iter()
        .enumerate()
        .map(|(j, d)| {
            let kept = last.filter(|l| l.inputs.get(j).is_some_and(|old| Arc::ptr_eq(old, d)));
            kept.map_or_else(|| shape(d), |l| l.shapes[j])
        })
        .collect()
}

/// A one-shot build hands its diagnostics over; serve keeps them for the next build
/// (and gets them back, to keep in its memo).
fn hand_over_diagnostics(
    mode: crate::mode::Mode,
    own: Vec<Diagnostics>,
    shared: Diagnostics,
    diags: &mut Diagnostics,
) -> (Vec<Diagnostics>, Diagnostics) {
    if mode.remembers() {
        diags.extend(shared.clone());
        own.iter().for_each(|found| diags.extend(found.clone()));
        (own, shared)
    } else {
        diags.extend(shared);
        own.into_iter().for_each(|found| diags.extend(found));
        (Vec::new(), Diagnostics::default())
    }
}

/// Section intros (`_index.md`) by folder, their links filled. They are few and may show
/// any title: filled on every resolve.
fn resolve_sections(
    ctx: &LinkContext<'_>,
    options: &ResolveOptions,
    diags: &mut Diagnostics,
) -> BTreeMap<String, (SectionIndex, String)> {
    let mut section_map = BTreeMap::new();
    for s in ctx.sections.iter() {
        let mut ignored = Vec::new();
        let fills = ctx.resolve_body(None, &s.body, &s.source_path, diags, &mut ignored);
        let images = resolve_images(ctx.config, options, &s.body, &s.source_path, diags);
        section_map.insert(
            s.folder.clone(),
            (s.clone(), fill_links(&s.body.html, &fills, &images)),
        );
    }
    section_map
}

/// A resolved graph with what the next resolve needs of it.
struct Graph {
    site: Site,
    /// Diagnostics of each document on its own, in site order.
    own: Vec<Diagnostics>,
    /// Diagnostics between documents.
    shared: Diagnostics,
    /// Input position of each document of the site.
    kept: Vec<usize>,
    lookup: Arc<Lookup>,
}

/// Every shape as before: the graph of the last resolve with the changed documents (and
/// the bodies linking to a story whose title changed) resolved again.
fn reuse_graph(
    config: &Config,
    inputs: &[Arc<Document>],
    sections: &[SectionIndex],
    options: &ResolveOptions,
    memo: &mut ResolveMemo,
    last: Last,
) -> Graph {
    let Last {
        inputs: old,
        kept,
        lookup,
        site,
        mut own,
        shared,
        ..
    } = last;
    let mut dirty = vec![false; kept.len()];
    for (k, &j) in kept.iter().enumerate() {
        if !Arc::ptr_eq(&old[j], &inputs[j]) {
            dirty[k] = true;
            if old[j].common.title != inputs[j].common.title {
                for &from in &site.incoming[k].backlinks {
                    dirty[from] = true;
                }
            }
        }
    }
    drop(old);
    let docs: Vec<Arc<Document>> = kept.iter().map(|&j| inputs[j].clone()).collect();
    let ctx = LinkContext {
        config,
        docs: &docs,
        lookup: &lookup,
        sections,
        files: &options.static_bytes,
    };
    let redo: Vec<DocIdx> = (0..docs.len()).filter(|&k| dirty[k]).collect();
    let fresh: Vec<(DocIdx, Own)> = redo
        .par_iter()
        .map(|&k| {
            (
                k,
                resolve_own(&ctx, options, k, &memo.bodies, !memo.mode.remembers()),
            )
        })
        .collect();
    memo.resolved = fresh.len();
    let mut html = site.html;
    for (k, done) in fresh {
        // Same shapes, same edges: the graph stays as it is.
        remember_body(memo, &docs[k], &done);
        html[k] = done.html;
        own[k] = done.found;
    }
    Graph {
        site: Site { docs, html, ..site },
        own,
        shared,
        kept,
        lookup,
    }
}

fn remember_body(memo: &mut ResolveMemo, d: &Document, own: &Own) {
    if memo.mode.remembers() {
        memo.bodies.insert(
            d.source_path.clone(),
            (d.body.html.clone(), own.key, own.html.clone()),
        );
    }
}

/// One document on its own: its references and body links checked and filled (or, when
/// `defer`, their fills kept for rendering), its images sized. A body whose parse and
/// fills are unchanged keeps its filled HTML from `bodies`.
fn resolve_own(
    ctx: &LinkContext<'_>,
    options: &ResolveOptions,
    i: DocIdx,
    bodies: &FastMap<PathBuf, (SharedHtml, u64, Content)>,
    defer: bool,
) -> Own {
    let config = ctx.config;
    let d = &ctx.docs[i];
    let mut found = Diagnostics::default();
    check_references(ctx, d, &mut found);
    check_story(config, options, d, &mut found);
    let mut edges = Vec::new();
    let fills = ctx.resolve_body(Some(i), &d.body, &d.source_path, &mut found, &mut edges);
    let images = resolve_images(config, options, &d.body, &d.source_path, &mut found);
    if defer {
        return Own {
            html: Content::Deferred(Arc::new(Fills {
                links: fills,
                images,
            })),
            key: 0, // read only by a memo that remembers, which never defers
            found,
            edges,
        };
    }
    let key = crate::fingerprint::of((&fills, &images));
    let reused = bodies
        .get(&d.source_path)
        .filter(|(body, k, _)| *k == key && body.same(&d.body.html))
        .map(|(_, _, page)| page.clone());
    let html =
        reused.unwrap_or_else(|| Content::Filled(fill_links(&d.body.html, &fills, &images).into()));
    Own {
        html,
        key,
        found,
        edges,
    }
}

/// Document `d`'s front-matter references: one to a draft is a warning, one to no
/// document of its kind an error (with a suggestion).
fn check_references(ctx: &LinkContext<'_>, d: &Document, found: &mut Diagnostics) {
    let lang = ctx.config.language;
    let mut report = |severity, position, msg| {
        found.push(diagnostic(lang, severity, &d.source_path, position, msg));
    };
    for (field, r) in d.fields.references() {
        let kind = field.target();
        if r.id.is_empty() || ctx.lookup.index.contains_key(&(kind, r.id.clone())) {
            continue; // empty: a missing required reference, reported by `parse`
        }
        if ctx.lookup.unparsed.contains(&(kind, r.id.clone())) {
            continue; // the file exists; its own errors are reported
        }
        if let Some(held) = ctx.lookup.drafts.get(&(kind, r.id.clone())) {
            report(
                Severity::Warning,
                r.position,
                held.why.link_message(r.id.clone()),
            );
        } else {
            let candidates = ctx
                .docs
                .iter()
                .filter(|o| o.kind == kind)
                .map(|o| o.id.as_str());
            report(
                Severity::Error,
                r.position,
                Msg::UnknownReference {
                    key: field.key().to_string(),
                    id: r.id.clone(),
                    kind: kind.name(),
                    suggestion: suggest(&r.id, candidates),
                },
            );
        }
    }
}

/// A story's date and image: dated after the as-of date is a warning (when the build
/// has one), an image that is not among the static files an error.
fn check_story(config: &Config, options: &ResolveOptions, d: &Document, found: &mut Diagnostics) {
    let lang = config.language;
    let mut report = |severity, position, msg| {
        found.push(diagnostic(lang, severity, &d.source_path, position, msg));
    };
    if let (Some(today), Some(date)) = (
        config.as_of,
        (d.kind == Kind::Story).then(|| d.fields.date()).flatten(),
    ) && date > today
    {
        report(
            Severity::Warning,
            d.fields_date_position(),
            Msg::FutureStory {
                date: date.to_string(),
            },
        );
    }
    if let Fields::Story {
        image: Some(src), ..
    } = &d.fields
        && matches!(
            links::locate(options, src, &d.source_path),
            links::Located::Missing
        )
    {
        report(
            Severity::Error,
            d.fields_image_position(),
            Msg::ImageMissing { src: src.clone() },
        );
    }
}

/// A story's front-matter image as its pages and cards show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct StoryImage {
    /// With the base path; `None` without an image, or when it cannot be shown (its
    /// problem is reported).
    pub src: Option<String>,
    pub size: Option<(u32, u32)>,
    /// A photo's widths and formats.
    pub picture: Option<Arc<crate::images::Picture>>,
}

/// The whole graph, from the documents (with the filled bodies and related stories the
/// memo can still give).
fn resolve_graph(
    config: &Config,
    inputs: &[Arc<Document>],
    loaded: usize,
    sections: &[SectionIndex],
    options: &ResolveOptions,
    memo: &mut ResolveMemo,
) -> Graph {
    let lang = config.language;
    let mut shared = Diagnostics::default();
    let mut report = |severity, file: &Path, position, msg| {
        shared.push(diagnostic(lang, severity, file, position, msg));
    };

    let mut lookup = Lookup::default();
    let order = sorted_without_drafts(config, inputs, loaded, &mut lookup);
    let Admitted {
        kept,
        urls,
        generated,
    } = admit(config, inputs, order, &mut lookup, &mut report);
    let docs: Vec<Arc<Document>> = kept.iter().map(|&j| inputs[j].clone()).collect();
    index_documents(&docs, &mut lookup);
    lookup.note_unparsed(config, &options.unparsed);
    lookup.site_paths = urls
        .keys()
        .map(|s| s.to_string())
        .chain(generated)
        .chain(options.static_files.keys().cloned())
        .collect();

    check_axes(&docs, &mut report);
    lookup.site_paths.extend(term_paths(config, &docs));

    // Front-matter references (their problems are each document's own, below).
    let (refs, agenda_theme, mut edges) = reference_lists(&docs, &lookup);

    let ctx = LinkContext {
        config,
        docs: &docs,
        lookup: &lookup,
        sections,
        files: &options.static_bytes,
    };
    let Bodies {
        html,
        own,
        edges: found,
    } = resolve_bodies(&ctx, options, memo);
    edges.extend(found);

    let aliases = aliases(&docs, &lookup, &mut report);
    let (incoming, by_kind) = derived_lists(&docs, edges);
    let taxonomies = taxonomies::index(config, &docs, &by_kind);
    let images = docs
        .iter()
        .map(|d| story_image(config, options, d))
        .collect();
    let related = related_with_memo(config, &docs, &refs, memo);
    let site = Site {
        images: Arc::new(images),
        docs,
        html,
        refs: Arc::new(refs),
        incoming: Arc::new(incoming),
        related,
        by_kind: Arc::new(by_kind),
        sections: BTreeMap::new(),
        agenda_theme: Arc::new(agenda_theme),
        aliases: Arc::new(aliases),
        taxonomies: Arc::new(taxonomies),
    };
    Graph {
        site,
        own,
        shared,
        kept,
        lookup: Arc::new(lookup),
    }
}

/// The loaded documents' input positions in site order (kind, id, path), the built-in
/// roles after them; drafts left out of the site are kept aside in `lookup`, so links to
/// them can be told apart from broken ones.
fn sorted_without_drafts(
    config: &Config,
    inputs: &[Arc<Document>],
    loaded: usize,
    lookup: &mut Lookup,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..loaded).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&inputs[a], &inputs[b]);
        (a.kind, &a.id, &a.source_path).cmp(&(b.kind, &b.id, &b.source_path))
    });
    order.extend(loaded..inputs.len());
    order.retain(|&j| {
        let d = &inputs[j];
        match config.withholds(&d.common) {
            Some(why) => {
                let held = Held {
                    title: d.common.title.clone(),
                    why,
                };
                lookup.drafts.insert((d.kind, d.id.clone()), held.clone());
                lookup.draft_paths.insert(d.content_path.clone(), held);
                false
            }
            None => true,
        }
    });
    order
}

/// The site paths of every term page (first pages) and feed of the site's own
/// taxonomies, declared or named by a document, for body links to them.
fn term_paths(config: &Config, docs: &[Arc<Document>]) -> Vec<String> {
    let mut paths = Vec::new();
    for taxonomy in &config.taxonomies {
        let declared = taxonomy
            .values
            .iter()
            .flatten()
            .map(|v| crate::model::slugify(v));
        let named = docs
            .iter()
            .flat_map(|d| d.common.terms.iter())
            .filter(|t| t.taxonomy == taxonomy.name)
            .flat_map(|t| t.values.iter().map(|v| v.slug.clone()));
        for slug in declared.chain(named) {
            paths.push(format!("{}/{slug}/", taxonomy.name));
            paths.push(format!("{}/{slug}/atom.xml", taxonomy.name));
        }
    }
    paths
}

/// The documents admitted to the site and the URLs they take.
struct Admitted<'a> {
    /// Input positions, in site order.
    kept: Vec<usize>,
    /// URL path → the file that has it.
    urls: FastMap<&'a str, &'a Path>,
    /// The paths of the pages verteller makes itself.
    generated: BTreeSet<String>,
}

/// Admits documents in site order: ids unique per kind (pages have none), URLs unique
/// across the site and not one of verteller's own pages. `lookup.index` is filled.
fn admit<'a>(
    config: &Config,
    inputs: &'a [Arc<Document>],
    order: Vec<usize>,
    lookup: &mut Lookup,
    report: &mut dyn FnMut(Severity, &Path, Position, Msg),
) -> Admitted<'a> {
    let story_count = order
        .iter()
        .filter(|&&j| inputs[j].kind == Kind::Story)
        .count();
    let generated = Site::generated_paths(config, story_count);
    let mut urls: FastMap<&str, &Path> =
        FastMap::with_capacity_and_hasher(order.len(), Default::default());
    let mut kept: Vec<usize> = Vec::with_capacity(order.len());
    lookup.index.reserve(order.len());
    for j in order {
        let doc = &inputs[j];
        let at = |report: &mut dyn FnMut(Severity, &Path, Position, Msg), msg| {
            report(Severity::Error, &doc.source_path, Position::START, msg)
        };
        if doc.kind != Kind::Page
            && let Some(&other) = lookup.index.get(&(doc.kind, doc.id.clone()))
        {
            let other: &Document = &inputs[kept[other]];
            let other = crate::diagnostics::shown(&other.source_path);
            let id = doc.id.clone();
            at(report, Msg::DuplicateId { id, other });
            continue;
        }
        let url = format!("{}{}", config.base_path, doc.url_path);
        let reserved = generated.contains(&doc.url_path)
            || (doc.kind == Kind::Story && doc.id == "pagina")
            || config
                .taxonomies
                .iter()
                .any(|t| doc.url_path.starts_with(&format!("{}/", t.name)));
        if reserved {
            at(report, Msg::UrlReserved { url });
            continue;
        }
        if let Some(other) = urls.get(doc.url_path.as_str()) {
            let other = crate::diagnostics::shown(other);
            at(report, Msg::UrlCollision { url, other });
            continue;
        }
        urls.insert(&doc.url_path, &doc.source_path);
        if doc.kind != Kind::Page {
            lookup.index.insert((doc.kind, doc.id.clone()), kept.len());
        }
        kept.push(j);
    }
    Admitted {
        kept,
        urls,
        generated,
    }
}

/// The admitted documents by content path, by URL and by id (for wiki links).
fn index_documents(docs: &[Arc<Document>], lookup: &mut Lookup) {
    let n = docs.len();
    lookup.by_path.reserve(n);
    lookup.by_url.reserve(n);
    lookup.by_id.reserve(n);
    for (i, d) in docs.iter().enumerate() {
        lookup.by_path.insert(d.content_path.clone(), i);
        lookup
            .by_url
            .entry(d.url_path.trim_end_matches('/').to_string())
            .or_insert(i);
        lookup.by_id.entry(d.id.clone()).or_default().push(i);
    }
}

/// Every document's own part of the graph, in document order.
struct Bodies {
    html: Vec<Content>,
    own: Vec<Diagnostics>,
    edges: Vec<(DocIdx, DocIdx)>,
}

/// Each document on its own, in parallel (with what the memo can still give); edges
/// merged in document order.
fn resolve_bodies(ctx: &LinkContext, options: &ResolveOptions, memo: &mut ResolveMemo) -> Bodies {
    let n = ctx.docs.len();
    let previous = std::mem::take(&mut memo.bodies);
    let done: Vec<Own> = (0..n)
        .into_par_iter()
        .map(|i| resolve_own(ctx, options, i, &previous, !memo.mode.remembers()))
        .collect();
    drop(previous);
    memo.resolved = n;
    let mut bodies = Bodies {
        html: Vec::with_capacity(n),
        own: Vec::with_capacity(n),
        edges: Vec::new(),
    };
    for (i, done) in done.into_iter().enumerate() {
        remember_body(memo, &ctx.docs[i], &done);
        bodies.html.push(done.html);
        bodies.own.push(done.found);
        bodies.edges.extend(done.edges);
    }
    bodies
}

/// A story's front-matter image, found.
fn story_image(config: &Config, options: &ResolveOptions, d: &Document) -> StoryImage {
    let Fields::Story {
        image: Some(src), ..
    } = &d.fields
    else {
        return StoryImage::default();
    };
    match links::locate(options, src, &d.source_path) {
        links::Located::Photo(photo) => {
            let picture = photo.picture(&config.base_path);
            StoryImage {
                src: Some(picture.src.clone()),
                size: Some((picture.width, picture.height)),
                picture: Some(Arc::new(picture)),
            }
        }
        links::Located::Static(path, size) => StoryImage {
            src: Some(format!("{}{path}", config.base_path)),
            size,
            picture: None,
        },
        links::Located::External => StoryImage {
            src: Some(src.clone()),
            size: None,
            picture: None,
        },
        links::Located::Broken | links::Located::Missing => StoryImage::default(),
    }
}

/// Related stories, from the memo while nothing they are computed from changed.
fn related_with_memo(
    config: &Config,
    docs: &[Arc<Document>],
    refs: &[Refs],
    memo: &mut ResolveMemo,
) -> Arc<Vec<Vec<DocIdx>>> {
    let related_key = crate::fingerprint::of((
        config.related_count,
        // Indices too: the result is in document indices, which shift when documents
        // are added or removed anywhere.
        docs.iter()
            .zip(refs)
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
        docs.len(),
    ));
    let related = match memo.related.take() {
        Some((key, related)) if key == related_key => related,
        _ => Arc::new(related_stories(docs, refs, config.related_count)),
    };
    if memo.mode.remembers() {
        memo.related = Some((related_key, related.clone()));
    }
    related
}

/// Quadrants: each combination of axes once.
fn check_axes(docs: &[Arc<Document>], report: &mut dyn FnMut(Severity, &Path, Position, Msg)) {
    let mut seen_axes = FastMap::default();
    for d in docs {
        if let Fields::Quadrant {
            axes,
            axes_position,
            ..
        } = &d.fields
            && let Some(other) = seen_axes.insert(*axes, d.source_path.clone())
        {
            report(
                Severity::Error,
                &d.source_path,
                *axes_position,
                Msg::DuplicateAxes {
                    other: crate::diagnostics::shown(&other),
                },
            );
        }
    }
}

/// Each document's front-matter references by field, agenda items' agenda themes, and
/// the reference edges (from, to).
type References = (Vec<Refs>, FastMap<DocIdx, DocIdx>, Vec<(DocIdx, DocIdx)>);

/// [`References`] of every document.
fn reference_lists(docs: &[Arc<Document>], lookup: &Lookup) -> References {
    let n = docs.len();
    let mut refs = vec![Refs::default(); n];
    let mut agenda_theme = FastMap::default();
    let mut edges: Vec<(DocIdx, DocIdx)> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        for (field, r) in d.fields.references() {
            let Some(&target) = lookup.index.get(&(field.target(), r.id.clone())) else {
                continue;
            };
            let list = match field {
                RefField::Themes => &mut refs[i].themes,
                RefField::Theme => {
                    agenda_theme.insert(i, target);
                    &mut refs[i].themes
                }
                RefField::Quadrants => &mut refs[i].quadrants,
                RefField::Roles => &mut refs[i].roles,
                RefField::Related => &mut refs[i].related,
                RefField::Stories => &mut refs[i].stories,
            };
            if !list.contains(&target) {
                list.push(target);
            }
            edges.push((i, target));
        }
    }
    (refs, agenda_theme, edges)
}

/// Aliases: old paths that redirect to a document, each valid and free.
fn aliases(
    docs: &[Arc<Document>],
    lookup: &Lookup,
    report: &mut dyn FnMut(Severity, &Path, Position, Msg),
) -> BTreeMap<String, DocIdx> {
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
            if !valid || lookup.site_paths.contains(&path) || aliases.contains_key(&path) {
                report(
                    Severity::Error,
                    &d.source_path,
                    alias.position,
                    Msg::InvalidAlias {
                        alias: alias.id.clone(),
                        taken: valid,
                    },
                );
            } else {
                aliases.insert(path, i);
            }
        }
    }
    aliases
}

/// Derived lists and backlinks, from one pass over the edges, each in display order;
/// and every kind's documents in display order.
fn derived_lists(
    docs: &[Arc<Document>],
    mut edges: Vec<(DocIdx, DocIdx)>,
) -> (Vec<Incoming>, BTreeMap<Kind, Vec<DocIdx>>) {
    let n = docs.len();
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
                // Agenda themes, quadrants, roles and pages name no agenda theme,
                // quadrant or role.
                Kind::AgendaTheme | Kind::Quadrant | Kind::Role | Kind::Page => {}
            }
        }
    }

    // Display order per kind.
    let mut by_kind: BTreeMap<Kind, Vec<DocIdx>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_kind.entry(d.kind).or_default().push(i);
    }
    for (kind, list) in by_kind.iter_mut() {
        sort_for_display(*kind, list, docs);
    }
    let mut position = vec![0; n];
    for list in by_kind.values() {
        for (pos, &i) in list.iter().enumerate() {
            position[i] = pos;
        }
    }
    // (kind, position) is unique per document, so an unstable sort is deterministic. The
    // keys sit in one array: a term page's list has a quarter of all stories, and reading
    // each key through its document missed the cache at 100,000 stories.
    let order: Vec<(Kind, usize)> = docs.iter().map(|d| d.kind).zip(position).collect();
    incoming.par_iter_mut().for_each(|inc| {
        for list in [
            &mut inc.stories,
            &mut inc.chapters,
            &mut inc.items,
            &mut inc.backlinks,
        ] {
            list.sort_unstable_by_key(|&i| order[i]);
        }
    });
    (incoming, by_kind)
}

fn sort_for_display(kind: Kind, list: &mut [DocIdx], docs: &[Arc<Document>]) {
    match kind {
        // Newest first, then by id; the dates in one array (most comparisons end there).
        Kind::Story => {
            let mut keyed: Vec<(std::cmp::Reverse<Option<crate::model::Date>>, &str, DocIdx)> =
                list.iter()
                    .map(|&i| {
                        (
                            std::cmp::Reverse(docs[i].fields.date()),
                            docs[i].id.as_str(),
                            i,
                        )
                    })
                    .collect();
            keyed.sort_unstable();
            for (slot, (_, _, i)) in list.iter_mut().zip(keyed) {
                *slot = i;
            }
        }
        Kind::Chapter
        | Kind::Agenda
        | Kind::AgendaTheme
        | Kind::Quadrant
        | Kind::Role
        | Kind::Page => list.sort_by(|a, b| {
            let (a, b) = (&docs[*a], &docs[*b]);
            let wa = a.common.weight.unwrap_or(i64::MAX);
            let wb = b.common.weight.unwrap_or(i64::MAX);
            wa.cmp(&wb)
                .then_with(|| a.common.title.cmp(&b.common.title))
                .then_with(|| a.id.cmp(&b.id))
        }),
    }
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
