//! Full-text search: the rendered pages are indexed in-process with Pagefind (Dutch
//! stemming from the site language), and its index, WebAssembly and UI files are added
//! to the output.
//!
//! Pagefind is used through a small patch of its 1.6.0 release (`vendor/pagefind`,
//! `PATCHES.md` there): a page is read for the index by a [`Reader`] on whatever thread
//! rendered it, so reading runs in parallel with rendering and the page's HTML need not be
//! kept for the index; adding a page is a lookup, not a scan over the pages added so far;
//! the index files are compressed in parallel, and a file compressed before (its name is a
//! hash of its contents) is not compressed again. The pages are read exactly as Pagefind
//! reads them, and added in URL order, so the index is the one Pagefind's own indexer
//! writes for the same pages in that order (`tests/testsuite/search_differential.rs`).
//!
//! Pagefind's API is async; this module runs it on its own current-thread runtime, so
//! nothing else needs tokio. Only pages whose template marks `<main data-pagefind-body>`
//! are indexed (stories, chapters, agenda items, agenda themes, quadrants, pages), never
//! lists or the 404.

use std::collections::BTreeMap;

use anyhow::Context as _;
use pagefind::api::{PageReader, PagefindIndex, ReadPage};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::config::Config;
use crate::output::{FileBytes, OutputMap};

/// The folder under the output root that holds the search files.
pub const BUNDLE_DIR: &str = "pagefind";

/// The mark of a page the theme has Pagefind index.
const BODY_MARK: &str = "data-pagefind-body";

/// Builds the search index of `output`; returns the files to add (under `pagefind/`).
pub fn index(output: &OutputMap, config: &Config) -> anyhow::Result<OutputMap> {
    Pending::new(Indexer::new(config)?, Vec::new()).finish(output)
}

/// Whether a search file's name is a hash of its contents (index chunks, fragments,
/// filters, the meta file), so two versions of the index never name different files
/// alike.
pub fn is_content_named(path: &str) -> bool {
    let Some(name) = path
        .strip_prefix(BUNDLE_DIR)
        .and_then(|p| p.strip_prefix('/'))
    else {
        return false;
    };
    name.starts_with("fragment/")
        || name.starts_with("index/")
        || name.starts_with("filter/")
        || (name.starts_with("pagefind.") && name.ends_with(".pf_meta"))
}

/// Reads rendered pages for the index, on any thread.
#[derive(Clone)]
pub struct Reader {
    pages: PageReader,
    base_path: String,
}

/// One page read for the index.
pub struct Page {
    read: ReadPage,
}

impl Reader {
    /// The page at output path `path`, read for the index; `None` for a file the index
    /// does not read (not HTML, or not marked by the theme).
    pub fn read(&self, path: &str, bytes: &[u8]) -> Option<anyhow::Result<Page>> {
        if !path.ends_with(".html") {
            return None;
        }
        let html = std::str::from_utf8(bytes).ok()?;
        if !html.contains(BODY_MARK) {
            return None;
        }
        let url = format!("{}{}", self.base_path, path.trim_end_matches("index.html"));
        Some(
            self.pages
                .read_html(url, html.to_string())
                .map(|read| Page { read })
                .with_context(|| format!("kan {path} niet indexeren")),
        )
    }
}

/// A one-shot build's index before its end: the pages read while they rendered.
pub struct Pending {
    indexer: Indexer,
    pages: Vec<Page>,
}

impl Pending {
    pub fn new(indexer: Indexer, pages: Vec<Page>) -> Pending {
        Pending { indexer, pages }
    }

    /// The search files, with the marked pages among `rest` (the files not read yet).
    pub fn finish(self, rest: &OutputMap) -> anyhow::Result<OutputMap> {
        let Pending { indexer, mut pages } = self;
        let reader = indexer.reader();
        let more = rest
            .par_iter()
            .filter_map(|(path, bytes)| reader.read(path, bytes))
            .collect::<anyhow::Result<Vec<Page>>>()?;
        pages.extend(more);
        indexer.finish(pages)
    }
}

/// One search index, kept between builds by `serve`: it reads again only the pages
/// that changed since the last [`Indexer::update`].
pub struct Indexer {
    runtime: tokio::runtime::Runtime,
    index: PagefindIndex,
    reader: Reader,
    /// The indexed pages' bytes at the last update, by output path (`serve`).
    known: BTreeMap<String, FileBytes>,
}

impl Indexer {
    pub fn new(config: &Config) -> anyhow::Result<Indexer> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("kan de zoekindex niet starten")?;
        let options = PagefindServiceConfig::builder()
            .force_language(config.locale.code().to_string())
            .keep_index_url(false)
            .build();
        let index = PagefindIndex::new(Some(options))
            .context("ongeldige instellingen voor de zoekindex")?;
        let pages = runtime.block_on(index.page_reader());
        Ok(Indexer {
            runtime,
            index,
            reader: Reader {
                pages,
                base_path: config.base_path.clone(),
            },
            known: BTreeMap::new(),
        })
    }

    /// A reader with this index's options, for the threads that render the pages.
    pub fn reader(&self) -> Reader {
        self.reader.clone()
    }

    /// The search files (under `pagefind/`) of these pages, in whatever order they were
    /// read.
    pub fn finish(mut self, pages: Vec<Page>) -> anyhow::Result<OutputMap> {
        self.runtime.block_on(async {
            self.index
                .add_read_pages(pages.into_iter().map(|page| page.read).collect())
                .await;
        });
        self.files(true)
    }

    /// Brings the index up to `output` and returns its files: pages whose bytes changed
    /// since the last update are read again (in parallel), pages gone are removed, and
    /// files compressed before are reused.
    pub fn update(&mut self, output: &OutputMap) -> anyhow::Result<OutputMap> {
        let changed: Vec<(&String, &FileBytes)> = output
            .iter()
            .filter(|(path, bytes)| {
                path.ends_with(".html")
                    && self
                        .known
                        .get(*path)
                        .is_none_or(|known| !same_bytes(known, bytes))
            })
            .collect();
        let reader = &self.reader;
        let read: Vec<(&String, &FileBytes, Option<Page>)> = changed
            .into_par_iter()
            .map(|(path, bytes)| {
                let page = reader.read(path, bytes).transpose()?;
                Ok((path, bytes, page))
            })
            .collect::<anyhow::Result<_>>()?;
        let mut gone: Vec<String> = Vec::new();
        let mut pages = Vec::new();
        for (path, bytes, page) in read {
            match page {
                Some(page) => {
                    self.known.insert(path.clone(), bytes.clone());
                    pages.push(page.read);
                }
                // A page that lost its mark leaves the index.
                None => {
                    if self.known.remove(path).is_some() {
                        gone.push(self.url_of(path));
                    }
                }
            }
        }
        let removed: Vec<String> = self
            .known
            .keys()
            .filter(|path| !output.contains_key(*path))
            .cloned()
            .collect();
        for path in removed {
            self.known.remove(&path);
            gone.push(self.url_of(&path));
        }
        self.runtime.block_on(async {
            if !gone.is_empty() {
                self.index.remove_pages(&gone).await;
            }
            self.index.add_read_pages(pages).await;
        });
        self.files(false)
    }

    fn url_of(&self, path: &str) -> String {
        format!(
            "{}{}",
            self.reader.base_path,
            path.trim_end_matches("index.html")
        )
    }

    /// The index's files, under `pagefind/`; `once`: the index is not used again.
    fn files(&mut self, once: bool) -> anyhow::Result<OutputMap> {
        let files = if once {
            self.runtime.block_on(self.index.get_files_once())
        } else {
            self.runtime.block_on(self.index.get_files())
        };
        let files = files.context("kan de zoekindex niet bouwen")?;
        let mut out = BTreeMap::new();
        for file in files {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let name = name.trim_start_matches("./").trim_start_matches('/');
            let name = name.strip_prefix(&format!("{BUNDLE_DIR}/")).unwrap_or(name);
            out.insert(format!("{BUNDLE_DIR}/{name}"), file.contents.into());
        }
        Ok(out)
    }
}

/// Whether two versions of a file have the same bytes (the same allocation, when serve
/// kept an unchanged page).
fn same_bytes(a: &FileBytes, b: &FileBytes) -> bool {
    std::sync::Arc::ptr_eq(a, b) || a[..] == b[..]
}
