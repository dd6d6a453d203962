//! The photo stage, between reading and resolving: finds the photos documents use (front
//! matter `image`, body `![alt](foto.jpg)`), beside their Markdown or in `static/`;
//! knows each one from the cache index while its file is unchanged (no read at all),
//! reads and probes the rest; encodes what the cache lacks, in parallel; and says
//! which files the output gets. Problems are reported at every reference to the photo
//! (file, line, column of the document that names it). The photo's own file is never
//! published, only its variants, which carry no metadata.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Position, Severity, diagnostic};
use crate::images::cache::{self, Entry, Index};
use crate::images::catalog::{Catalog, Photo, candidates};
use crate::images::plan::{Variant, plan};
use crate::images::{Problem, Settings, encode, is_photo_name, probe};
use crate::messages::Msg;
use crate::model::{Document, Fields, SectionIndex};
use crate::output::FileBytes;
use crate::source::Source;

/// A photo's index entry, with its bytes when they had to be read.
type Known = (Entry, Option<Vec<u8>>);

/// A photo file's bytes as read.
type Bytes = Vec<u8>;

/// A photo's encoded files, each with the variant it is.
type Variants = Vec<(Variant, FileBytes)>;

/// One place a document names an image.
struct Reference<'a> {
    src: &'a str,
    /// The document's file, relative to the site root.
    file: &'a Path,
    position: Position,
}

/// A file of the output that comes from a photo.
#[derive(Debug, Clone)]
pub enum Published {
    /// Held in memory (serve, check).
    Bytes(String, FileBytes),
    /// In the cache, linked or copied into the output by the writer (build).
    Cached(String, PathBuf),
}

/// What the photo stage gives the rest of the build.
#[derive(Default)]
pub struct Prepared {
    pub catalog: Arc<Catalog>,
    pub files: Vec<Published>,
    /// Serve: photos whose variants are being made in the background; until then their
    /// pages show the photo itself under the variants' names.
    pub pending: Vec<Pending>,
    /// Photos encoded by this build (a warm cache encodes none).
    pub encoded: usize,
}

/// A photo serve encodes after the build.
#[derive(Debug, Clone)]
pub struct Pending {
    pub photo: Arc<Photo>,
    pub settings: Settings,
}

/// What the stage keeps between serve's rebuilds.
#[derive(Default)]
pub struct PhotoMemo {
    /// The cache index as last read or written.
    index: Option<Index>,
    /// Variants held in memory, by cache key.
    variants: BTreeMap<u64, Arc<Variants>>,
}

/// What the stage does with photos the cache does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Encode them in the build, in parallel, into the cache (`build`).
    Encode,
    /// Leave them to serve's background encoder.
    Defer,
    /// Decode them to find their problems, encode and write nothing (`check`).
    Check,
}

/// How the stage runs.
#[derive(Debug, Clone, Copy)]
pub struct PhotoOptions<'a> {
    pub root: &'a Path,
    /// The output is kept in memory (serve, check): variants as bytes, not paths.
    pub in_memory: bool,
    /// Encode now (build), after the build (serve), or not at all (check).
    pub work: Work,
    /// Reuse the cache, and fill it unless checking (off only in tests that measure
    /// without it).
    pub cache: bool,
}

/// Runs the stage.
pub fn prepare(
    source: &Source,
    config: &Config,
    (documents, sections): (&[Arc<Document>], &[SectionIndex]),
    options: &PhotoOptions<'_>,
    memo: &mut PhotoMemo,
    diags: &mut Diagnostics,
) -> anyhow::Result<Prepared> {
    let settings = &config.images;
    let references = references(config, documents, sections);
    if references.is_empty() {
        return Ok(Prepared::default());
    }
    // Each photo once, with the references that found it.
    let mut found: BTreeMap<String, Vec<&Reference<'_>>> = BTreeMap::new();
    let mut looked: BTreeMap<Vec<String>, Option<String>> = BTreeMap::new();
    let mut problems: BTreeMap<String, Problem> = BTreeMap::new();
    for reference in &references {
        let content_path = crate::parse::content_relative(reference.file);
        let options = candidates(reference.src, &content_path);
        let at = looked.entry(options.clone()).or_insert_with(|| {
            options
                .iter()
                .find_map(|c| match source.photo_meta(Path::new(c)) {
                    Ok(Some(_)) => Some(c.clone()),
                    Ok(None) => None,
                    Err(e) => {
                        problems.insert(c.clone(), Problem::Unreadable(e));
                        Some(c.clone())
                    }
                })
        });
        if let Some(path) = at.as_ref().filter(|p| is_photo_name(p)) {
            found.entry(path.clone()).or_default().push(reference);
        }
    }
    let mut index = match memo.index.take() {
        Some(index) => index,
        None if options.cache => crate::source::read_kept(options.root, Path::new(cache::INDEX))
            .ok()
            .flatten()
            .map(|b| cache::read_index(&b))
            .unwrap_or_default(),
        None => Index::new(),
    };
    let before = index.clone();
    // Known from the index, or read and probed (in parallel).
    let known: Vec<(String, Result<Known, Problem>)> = found
        .keys()
        .cloned()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|path| {
            if let Some(problem) = problems.get(&path) {
                return (path, Err(problem.clone()));
            }
            let got = know(source, &path, index.get(&path));
            (path, got)
        })
        .collect();
    let mut catalog = Catalog::default();
    let mut to_encode: Vec<(Arc<Photo>, Option<Vec<u8>>)> = Vec::new();
    let mut files = Vec::new();
    for (path, got) in known {
        let (entry, bytes) = match got {
            Ok(got) => got,
            Err(problem) => {
                catalog.photos.insert(path, Err(problem));
                continue;
            }
        };
        index.insert(path.clone(), entry);
        if let Some(problem) = settings.refuses(&entry.probe) {
            catalog.photos.insert(path, Err(problem));
            continue;
        }
        let photo = Arc::new(Photo {
            source: path.clone(),
            probe: entry.probe,
            key: cache::key(entry.content, settings),
            plan: plan(&entry.probe, settings),
        });
        let state = if memo.variants.contains_key(&photo.key) {
            Cached::Complete
        } else if options.cache {
            cache_state(options.root, photo.key)
        } else {
            Cached::Missing
        };
        match state {
            Cached::Complete => {}
            Cached::Failed(detail) => {
                catalog.photos.insert(path, Err(Problem::Damaged(detail)));
                continue;
            }
            Cached::Missing => to_encode.push((photo.clone(), bytes)),
        }
        catalog.photos.insert(path, Ok(photo));
    }
    let mut pending = Vec::new();
    // Photos shown as themselves under their variants' names (serve, check).
    let mut originals = BTreeSet::new();
    let mut encoded = 0;
    let writes = options.cache && options.work != Work::Check;
    if options.work == Work::Encode {
        let results: Vec<(Arc<Photo>, Result<Variants, Problem>)> = to_encode
            .into_par_iter()
            .map(|(photo, bytes)| {
                let made = make(source, &photo, bytes, settings);
                (photo, made)
            })
            .collect();
        for (photo, made) in results {
            match made {
                Ok(variants) => {
                    encoded += 1;
                    if writes {
                        store(options.root, photo.key, &variants)?;
                    }
                    memo.variants.insert(photo.key, Arc::new(variants));
                }
                Err(problem) => {
                    if writes {
                        store_failure(options.root, photo.key, &problem)?;
                    }
                    catalog.photos.insert(photo.source.clone(), Err(problem));
                }
            }
        }
    } else {
        // Serve and check: the photo itself under its variants' names (serve until they
        // exist; check writes nothing, so it decodes the photo to find its problems
        // without encoding it).
        let check = options.work == Work::Check;
        let read: Vec<(Arc<Photo>, Result<Bytes, Problem>)> = to_encode
            .into_par_iter()
            .map(|(photo, bytes)| {
                let bytes = match bytes {
                    Some(b) => Ok(b),
                    None => source
                        .read_photo(Path::new(&photo.source))
                        .map_err(Problem::Unreadable),
                };
                let bytes = bytes.and_then(|b| {
                    if check {
                        encode::validate(&b, &photo.probe, settings)?;
                    }
                    Ok(b)
                });
                (photo, bytes)
            })
            .collect();
        for (photo, bytes) in read {
            let bytes: FileBytes = match bytes {
                Ok(bytes) => bytes.into(),
                Err(problem) => {
                    catalog.photos.insert(photo.source.clone(), Err(problem));
                    continue;
                }
            };
            for v in &photo.plan.variants {
                files.push(Published::Bytes(photo.site_path(v), bytes.clone()));
            }
            originals.insert(photo.key);
            pending.push(Pending {
                photo,
                settings: settings.clone(),
            });
        }
        if check {
            pending.clear();
        }
    }
    // Every usable photo's files into the output.
    for photo in catalog.photos.values().filter_map(|p| p.as_ref().ok()) {
        if originals.contains(&photo.key) {
            continue;
        }
        let in_memory = match memo.variants.get(&photo.key) {
            Some(variants) => Some(variants.clone()),
            None if options.in_memory => {
                let variants = Arc::new(read_cached(options.root, photo)?);
                memo.variants.insert(photo.key, variants.clone());
                Some(variants)
            }
            None => None,
        };
        if let Some(variants) = in_memory {
            for (variant, bytes) in variants.iter() {
                files.push(Published::Bytes(photo.site_path(variant), bytes.clone()));
            }
        } else {
            let folder = cache::folder(photo.key);
            for v in &photo.plan.variants {
                files.push(Published::Cached(
                    photo.site_path(v),
                    folder.join(v.cache_name()),
                ));
            }
        }
    }
    if options.in_memory {
        // Serve: only what this version shows stays in memory.
        let used: BTreeSet<u64> = catalog
            .photos
            .values()
            .filter_map(|p| p.as_ref().ok().map(|p| p.key))
            .collect();
        memo.variants.retain(|key, _| used.contains(key));
    } else {
        // A one-shot build: what it encoded is in the cache now.
        memo.variants.clear();
    }
    // What references learn: problems at each, a GPS position once per photo.
    report(config, &found, &catalog, diags);
    if writes && index != before {
        index.retain(|path, _| found.contains_key(path) || !before.contains_key(path));
        crate::output::write_kept(
            options.root,
            Path::new(cache::INDEX),
            &cache::write_index(&index),
        )?;
    }
    memo.index = Some(index);
    Ok(Prepared {
        catalog: Arc::new(catalog),
        files,
        pending,
        encoded,
    })
}

/// Every image a published document or a section names (a draft's photo is not
/// published before the draft is).
fn references<'a>(
    config: &Config,
    documents: &'a [Arc<Document>],
    sections: &'a [SectionIndex],
) -> Vec<Reference<'a>> {
    let mut out = Vec::new();
    for d in documents
        .iter()
        .filter(|d| config.withholds(&d.common).is_none())
    {
        if let Fields::Story {
            image: Some(src), ..
        } = &d.fields
        {
            out.push(Reference {
                src,
                file: &d.source_path,
                position: d.fields_image_position(),
            });
        }
        for img in &d.body.images {
            out.push(Reference {
                src: &img.src,
                file: &d.source_path,
                position: img.position,
            });
        }
    }
    for s in sections {
        for img in &s.body.images {
            out.push(Reference {
                src: &img.src,
                file: &s.source_path,
                position: img.position,
            });
        }
    }
    out
}

/// A photo's index entry: the index's own while the file's stamp is the same, else
/// read (its bytes kept for encoding) and probed.
fn know(source: &Source, path: &str, indexed: Option<&Entry>) -> Result<Known, Problem> {
    let rel = Path::new(path);
    let meta = source
        .photo_meta(rel)
        .map_err(Problem::Unreadable)?
        .ok_or_else(|| Problem::Unreadable("het bestand is weg".into()))?;
    let stamp = meta.stamp.map(crate::fingerprint::of);
    if let (Some(stamp), Some(entry)) = (stamp, indexed)
        && entry.stamp == stamp
    {
        return Ok((*entry, None));
    }
    let bytes = source.read_photo(rel).map_err(Problem::Unreadable)?;
    let probe = probe::probe(&bytes)?;
    Ok((
        Entry {
            // No stamp (changed a moment ago, or no stamps on this system): never
            // matches, so the file is read again next time.
            stamp: stamp.unwrap_or(0),
            content: crate::fingerprint::of(&bytes),
            probe,
        },
        Some(bytes),
    ))
}

/// Encodes a photo (reading it when the index spared that).
fn make(
    source: &Source,
    photo: &Photo,
    bytes: Option<Vec<u8>>,
    settings: &Settings,
) -> Result<Variants, Problem> {
    let bytes = match bytes {
        Some(b) => b,
        None => source
            .read_photo(Path::new(&photo.source))
            .map_err(Problem::Unreadable)?,
    };
    let encoded = encode::encode(&bytes, &photo.probe, &photo.plan, settings)?;
    Ok(encoded
        .into_iter()
        .map(|e| (e.variant, e.bytes.into()))
        .collect())
}

/// What the cache holds of a photo.
enum Cached {
    Complete,
    /// Decoding it failed before, with this detail (the same bytes fail again).
    Failed(String),
    Missing,
}

fn cache_state(root: &Path, key: u64) -> Cached {
    let folder = cache::folder(key);
    let read = |name: &str| {
        crate::source::read_kept(root, &folder.join(name))
            .ok()
            .flatten()
    };
    if read(cache::DONE).is_some() {
        Cached::Complete
    } else if let Some(detail) = read(cache::FAILED) {
        Cached::Failed(String::from_utf8_lossy(&detail).into_owned())
    } else {
        Cached::Missing
    }
}

/// Remembers that a photo could not be decoded, so serve does not try it again and
/// again (the detail is what the editor is told). A file that could not be read is
/// not remembered: it may be readable next time.
fn store_failure(root: &Path, key: u64, problem: &Problem) -> anyhow::Result<()> {
    if let Problem::Damaged(detail) = problem {
        crate::output::write_kept(
            root,
            &cache::folder(key).join(cache::FAILED),
            detail.as_bytes(),
        )?;
    }
    Ok(())
}

/// A photo's variants from the cache.
fn read_cached(root: &Path, photo: &Photo) -> anyhow::Result<Variants> {
    let folder = cache::folder(photo.key);
    photo
        .plan
        .variants
        .iter()
        .map(|v| {
            let name = v.cache_name();
            match crate::source::read_kept(root, &folder.join(&name)) {
                Ok(Some(bytes)) => Ok((*v, bytes.into())),
                Ok(None) => anyhow::bail!("{} ontbreekt in de cache", folder.join(&name).display()),
                Err(e) => anyhow::bail!("{}: {e}", folder.join(&name).display()),
            }
        })
        .collect()
}

/// Writes a photo's variants into the cache, its marker last.
pub fn store(root: &Path, key: u64, variants: &[(Variant, FileBytes)]) -> anyhow::Result<()> {
    let folder = cache::folder(key);
    for (variant, bytes) in variants {
        crate::output::write_kept(root, &folder.join(variant.cache_name()), bytes)?;
    }
    crate::output::write_kept(root, &folder.join(cache::DONE), b"")
}

/// Encodes one pending photo into the cache (serve's background work); a photo that
/// cannot be decoded is remembered as such.
pub fn encode_pending(source: &Source, root: &Path, pending: &Pending) -> anyhow::Result<()> {
    match make(source, &pending.photo, None, &pending.settings) {
        Ok(variants) => store(root, pending.photo.key, &variants),
        Err(problem) => store_failure(root, pending.photo.key, &problem),
    }
}

/// Problems at every reference; a GPS position once per photo, at its first reference.
fn report(
    config: &Config,
    found: &BTreeMap<String, Vec<&Reference<'_>>>,
    catalog: &Catalog,
    diags: &mut Diagnostics,
) {
    let lang = config.language;
    let mut warned = BTreeSet::new();
    for (path, references) in found {
        for r in references {
            match catalog.photos.get(path) {
                Some(Err(problem)) => diags.push(diagnostic(
                    lang,
                    Severity::Error,
                    r.file,
                    r.position,
                    message(r.src, path, problem),
                )),
                Some(Ok(photo)) if photo.probe.gps && warned.insert(path.clone()) => {
                    diags.push(diagnostic(
                        lang,
                        Severity::Warning,
                        r.file,
                        r.position,
                        Msg::ImageLocation { file: path.clone() },
                    ));
                }
                _ => {}
            }
        }
    }
}

/// The message for a photo that cannot be used.
fn message(src: &str, file: &str, problem: &Problem) -> Msg {
    let (src, file) = (src.to_string(), file.to_string());
    match problem {
        Problem::NotAnImage => Msg::ImageNotAnImage { src, file },
        Problem::Unreadable(detail) => Msg::ImageUnreadable {
            src,
            file,
            detail: detail.clone(),
        },
        Problem::Damaged(detail) => Msg::ImageDamaged {
            src,
            file,
            detail: detail.clone(),
        },
        Problem::TooLarge { pixels, limit } => Msg::ImageTooLarge {
            src,
            file,
            pixels: *pixels,
            limit: *limit,
        },
    }
}

/// Photos in `static/` that no document shows are published as they are: one with a GPS
/// position gets a warning at the file, since its location goes public with it.
pub fn published_locations<'a>(
    config: &Config,
    files: impl Iterator<Item = (&'a String, &'a [u8])>,
    diags: &mut Diagnostics,
) {
    for (path, head) in files {
        if !is_photo_name(path) {
            continue;
        }
        if probe::probe(head).is_ok_and(|p| p.gps) {
            let file = format!("static/{path}");
            diags.push(diagnostic(
                config.language,
                Severity::Warning,
                Path::new(&file),
                Position::START,
                Msg::ImageLocationPublished { file: file.clone() },
            ));
        }
    }
}
