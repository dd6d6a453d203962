//! Keys of render inputs, for incremental rebuilds: a page is rendered again only when
//! the key of what it shows changes. Keys hash the model (never the views), so deciding
//! what to re-render costs a hash per reference, not a template run per page.
//!
//! Whatever a template can see must be in its job's key; the incremental property test
//! (incremental output == clean build) guards this.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::config::Config;
use crate::fingerprint::{Hasher as KeyHasher, hasher};
use crate::model::{Fields, Kind};
use crate::resolve::{DocIdx, Site, page_count, page_slice};

use super::Job;

/// Per-document hashes from the last build, reused for a document that is the same
/// allocation (serve's memos share unchanged documents) with the same filled body and
/// the same derived lists.
#[derive(Debug, Default)]
pub struct DocKeys {
    docs: Vec<std::sync::Arc<crate::model::Document>>,
    html: Vec<crate::resolve::Content>,
    incoming: std::sync::Arc<Vec<crate::resolve::Incoming>>,
    images: std::sync::Arc<Vec<crate::resolve::StoryImage>>,
    /// What a short link to each document shows.
    pub link: Vec<u64>,
    /// What a document's own page shows of the document itself.
    pub own: Vec<u64>,
}

impl DocKeys {
    /// The keys of `site`'s documents, reusing `last` where its inputs are the same.
    pub fn of(site: &Site, last: Option<&DocKeys>) -> DocKeys {
        let last = last.filter(|l| l.docs.len() == site.docs.len());
        let lists_same = last.is_some_and(|l| std::sync::Arc::ptr_eq(&l.incoming, &site.incoming));
        let sizes_same = last.is_some_and(|l| std::sync::Arc::ptr_eq(&l.images, &site.images));
        let (link, own): (Vec<u64>, Vec<u64>) = (0..site.docs.len())
            .into_par_iter()
            .map(|i| {
                let reusable = last.filter(|l| std::sync::Arc::ptr_eq(&l.docs[i], &site.docs[i]));
                let link = match reusable {
                    Some(l) if lists_same && sizes_same => l.link[i],
                    _ => link_hash(site, i),
                };
                let own = match reusable {
                    Some(l) if sizes_same && l.html[i].same(&site.html[i]) => l.own[i],
                    _ => crate::fingerprint::of((&*site.docs[i], &site.html[i], &site.images[i])),
                };
                (link, own)
            })
            .unzip();
        DocKeys {
            docs: site.docs.clone(),
            html: site.html.clone(),
            incoming: site.incoming.clone(),
            images: site.images.clone(),
            link,
            own,
        }
    }
}

/// What a short link to a document shows (title, URL, summary, dates, status, counts).
fn link_hash(site: &Site, i: DocIdx) -> u64 {
    let d = &site.docs[i];
    let mut h = hasher();
    // The summary a listing shows: `summary`, else the first paragraph (never both),
    // so a body edit under an explicit summary re-renders no listing.
    let summary = d
        .common
        .summary
        .as_deref()
        .unwrap_or(&d.body.first_paragraph);
    (d.kind, &d.id, &d.common.title, &d.url_path, summary).hash(&mut h);
    (d.fields.date(), d.fields.updated()).hash(&mut h);
    match &d.fields {
        Fields::Story {
            place, image_alt, ..
        } => (place, image_alt).hash(&mut h),
        Fields::Agenda { status, .. } => status.hash(&mut h),
        Fields::Quadrant { axes, .. } => axes.hash(&mut h),
        _ => {}
    }
    (site.incoming[i].stories.len(), site.incoming[i].items.len()).hash(&mut h);
    // A card's thumbnail.
    site.images[i].picture.hash(&mut h);
    h.finish()
}

/// The key of everything `job` renders from. `global` covers config, templates, static
/// files and sections.
pub fn job_key(site: &Site, config: &Config, job: &Job, global: u64, keys: &DocKeys) -> u64 {
    let link = keys.link.as_slice();
    let mut h = hasher();
    (global, job).hash(&mut h);
    let links = |h: &mut KeyHasher, list: &[DocIdx]| {
        list.len().hash(h);
        for &i in list {
            link[i].hash(h);
        }
    };
    match job {
        Job::Home => {
            links(&mut h, site.of_kind(Kind::Chapter));
            let stories = site.of_kind(Kind::Story);
            links(&mut h, &stories[..stories.len().min(6)]);
            theme_groups(&mut h, site, link);
            links(&mut h, site.of_kind(Kind::Quadrant));
        }
        Job::List { kind, page } => {
            let all = site.of_kind(*kind);
            if *kind == Kind::Story {
                let size = config.page_size.max(1);
                let start = (page - 1) * size;
                links(
                    &mut h,
                    &all[start.min(all.len())..(start + size).min(all.len())],
                );
                page_count(all.len(), size).hash(&mut h);
            } else {
                links(&mut h, all);
            }
            match kind {
                Kind::Agenda => theme_groups(&mut h, site, link),
                Kind::Quadrant => {
                    // The theme × quadrant matrix counts stories sharing both.
                    for &t in site.of_kind(Kind::AgendaTheme) {
                        link[t].hash(&mut h);
                        for &s in &site.incoming[t].stories {
                            site.refs[s].quadrants.hash(&mut h);
                        }
                    }
                }
                Kind::Chapter | Kind::Story | Kind::AgendaTheme | Kind::Role | Kind::Page => {}
            }
        }
        Job::Document(i) => document(&mut h, site, *i, 1, config, keys),
        Job::TermPage { doc, page } => document(&mut h, site, *doc, *page, config, keys),
        Job::Print => {
            for &c in site.of_kind(Kind::Chapter) {
                document(&mut h, site, c, 1, config, keys);
            }
        }
        Job::Feed | Job::Sitemap => link.hash(&mut h),
        Job::NotFound | Job::Search => {}
        Job::TermFeed(i) => {
            link[*i].hash(&mut h);
            links(&mut h, &site.incoming[*i].stories);
        }
        Job::Alias { target, .. } => link[*target].hash(&mut h),
        Job::Taxonomy(t) => {
            let index = &site.taxonomies[*t];
            (&index.name, &index.label).hash(&mut h);
            for term in &index.terms {
                (&term.slug, &term.label, term.docs.len()).hash(&mut h);
            }
        }
        Job::Term {
            taxonomy,
            term,
            page,
        } => {
            // The page lists one page of the term's documents and names every term.
            let index = &site.taxonomies[*taxonomy];
            (&index.name, &index.label).hash(&mut h);
            for other in &index.terms {
                (&other.slug, &other.label, other.docs.len()).hash(&mut h);
            }
            links(
                &mut h,
                page_slice(&index.terms[*term].docs, *page, config.page_size),
            );
        }
        Job::TaxonomyFeed { taxonomy, term } => {
            let index = &site.taxonomies[*taxonomy];
            let t = &index.terms[*term];
            (&index.name, &index.label, &t.slug, &t.label).hash(&mut h);
            links(&mut h, &super::newest_dated(site, t.docs.iter().copied()));
        }
    }
    h.finish()
}

fn theme_groups(h: &mut KeyHasher, site: &Site, link: &[u64]) {
    for &t in site.of_kind(Kind::AgendaTheme) {
        link[t].hash(h);
        for &i in &site.incoming[t].items {
            link[i].hash(h);
        }
    }
}

/// Everything a document's own page `page` shows (an agenda theme, quadrant or role
/// lists one page of its stories, and how many there are).
fn document(
    h: &mut KeyHasher,
    site: &Site,
    i: DocIdx,
    page: usize,
    config: &Config,
    keys: &DocKeys,
) {
    let (d, link) = (&site.docs[i], keys.link.as_slice());
    keys.own[i].hash(h);
    let refs = &site.refs[i];
    let inc = &site.incoming[i];
    inc.stories.len().hash(h);
    for list in [
        &refs.themes[..],
        &refs.quadrants,
        &refs.roles,
        &refs.stories,
        &refs.related,
        site.term_stories(i, page, config.page_size),
        &inc.chapters,
        &inc.items,
        if page == 1 { &inc.backlinks } else { &[][..] },
        &site.related[i],
    ] {
        list.len().hash(h);
        for &j in list {
            link[j].hash(h);
        }
    }
    site.agenda_theme.get(&i).map(|&t| link[t]).hash(h);
    // The terms it names, as their pages show them (label and count follow the others
    // that name them).
    for terms in &d.common.terms {
        let index = site.taxonomies.iter().find(|x| x.name == terms.taxonomy);
        for value in &terms.values {
            let term = index.and_then(|x| x.terms.iter().find(|t| t.slug == value.slug));
            term.map(|t| (&t.label, t.docs.len())).hash(h);
        }
    }
    match d.kind {
        Kind::Chapter => {
            let order = site.of_kind(Kind::Chapter);
            let pos = order.iter().position(|&c| c == i);
            let prev = pos.and_then(|p| p.checked_sub(1)).map(|p| link[order[p]]);
            let next = pos.and_then(|p| order.get(p + 1)).map(|&n| link[n]);
            (prev, next).hash(h);
        }
        Kind::Quadrant => {
            for &q in site.of_kind(Kind::Quadrant) {
                link[q].hash(h);
            }
        }
        Kind::Story | Kind::Agenda | Kind::AgendaTheme | Kind::Role | Kind::Page => {}
    }
}
