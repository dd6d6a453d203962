//! Keys of render inputs, for incremental rebuilds: a page is rendered again only when
//! the key of what it shows changes. Keys hash the model (never the views), so deciding
//! what to re-render costs a hash per reference, not a template run per page.
//!
//! Whatever a template can see must be in its job's key; the incremental property test
//! (incremental output == clean build) guards this.

use std::hash::{Hash, Hasher};

use crate::fingerprint::{Hasher as KeyHasher, hasher};

use crate::config::Config;
use crate::model::{Fields, Kind};
use crate::resolve::{DocIdx, Site, page_count};

use super::Job;

/// What a short link to each document shows (title, URL, summary, dates, status, counts).
pub fn link_hashes(site: &Site, _config: &Config) -> Vec<u64> {
    site.docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
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
                Fields::Story { place, .. } => place.hash(&mut h),
                Fields::Agenda { status, .. } => status.hash(&mut h),
                Fields::Quadrant { axes, .. } => axes.hash(&mut h),
                _ => {}
            }
            (site.incoming[i].stories.len(), site.incoming[i].items.len()).hash(&mut h);
            h.finish()
        })
        .collect()
}

/// The key of everything `job` renders from. `global` covers config, templates, static
/// files and sections.
pub fn job_key(site: &Site, config: &Config, job: &Job, global: u64, link: &[u64]) -> u64 {
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
                _ => {}
            }
        }
        Job::Document(i) => document(&mut h, site, *i, link),
        Job::Print => {
            for &c in site.of_kind(Kind::Chapter) {
                document(&mut h, site, c, link);
            }
        }
        Job::Feed | Job::Sitemap => links(&mut h, &(0..site.docs.len()).collect::<Vec<_>>()),
        Job::NotFound | Job::Search => {}
        Job::TermFeed(i) => {
            link[*i].hash(&mut h);
            links(&mut h, &site.incoming[*i].stories);
        }
        Job::Alias { target, .. } => link[*target].hash(&mut h),
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

/// Everything a document's own page shows.
fn document(h: &mut KeyHasher, site: &Site, i: DocIdx, link: &[u64]) {
    let d = &site.docs[i];
    (d, &site.html[i], site.image_size[i]).hash(h);
    let refs = &site.refs[i];
    let inc = &site.incoming[i];
    for list in [
        &refs.themes,
        &refs.quadrants,
        &refs.roles,
        &refs.stories,
        &refs.related,
        &inc.stories,
        &inc.chapters,
        &inc.items,
        &inc.backlinks,
        &site.related[i],
    ] {
        list.len().hash(h);
        for &j in list {
            link[j].hash(h);
        }
    }
    site.agenda_theme.get(&i).map(|&t| link[t]).hash(h);
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
        _ => {}
    }
}

/// Fingerprint of inputs every page shares.
pub fn global(parts: &[&dyn Fn(&mut KeyHasher)]) -> u64 {
    let mut h = hasher();
    for part in parts {
        part(&mut h);
    }
    h.finish()
}

/// Hash of any value, for the pipeline's fingerprints.
pub fn fingerprint(value: impl Hash) -> u64 {
    crate::fingerprint::of(value)
}
