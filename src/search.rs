//! Full-text search: the rendered pages are indexed in-process with Pagefind (Dutch
//! stemming from the site language), and its index, WebAssembly and UI files are added
//! to the output.
//!
//! Pagefind is used through a small patch of its 1.6.0 release (`vendor/pagefind`,
//! `PATCHES.md` there): a page is read for the index by a [`Reader`] on whatever thread
//! rendered it, so reading runs in parallel with rendering and the page's HTML need not be
//! kept for the index; adding a page is a lookup, not a scan over the pages added so far;
//! the index files are compressed in parallel, and a file whose contents were compressed
//! before (the same SHA-1) is not compressed again. The pages are read exactly as Pagefind
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

/// Whether a search file is one of the index's own files (index chunks, fragments,
/// filters, the meta file), named from a hash of its contents and referred to only
/// through the entry file; `pagefind-entry.json`, the scripts and the WebAssembly are
/// not.
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
        let url = url_of(&self.base_path, path);
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
    /// The HTML files' bytes at the last update, by output path, and whether each was
    /// indexed (`serve`).
    known: BTreeMap<String, (FileBytes, bool)>,
    /// How many pages the last update read.
    last_read: usize,
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
            last_read: 0,
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
    /// since the last update are read again (on the current rayon pool), pages gone are
    /// removed, and files whose contents were compressed before are reused.
    pub fn update(&mut self, output: &OutputMap) -> anyhow::Result<OutputMap> {
        let changed: Vec<(&String, &FileBytes)> = output
            .iter()
            .filter(|(path, bytes)| {
                path.ends_with(".html")
                    && self
                        .known
                        .get(*path)
                        .is_none_or(|(known, _)| !same_bytes(known, bytes))
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
        self.last_read = read.iter().filter(|(_, _, page)| page.is_some()).count();
        for (path, bytes, page) in read {
            let indexed = page.is_some();
            let was_indexed = self
                .known
                .insert(path.clone(), (bytes.clone(), indexed))
                .is_some_and(|(_, indexed)| indexed);
            match page {
                Some(page) => pages.push(page.read),
                // A page that lost its mark leaves the index.
                None if was_indexed => gone.push(self.url_of(path)),
                None => {}
            }
        }
        let removed: Vec<String> = self
            .known
            .keys()
            .filter(|path| !output.contains_key(*path))
            .cloned()
            .collect();
        for path in removed {
            if let Some((_, true)) = self.known.remove(&path) {
                gone.push(self.url_of(&path));
            }
        }
        self.runtime.block_on(async {
            if !gone.is_empty() {
                self.index.remove_pages(&gone).await;
            }
            self.index.add_read_pages(pages).await;
        });
        self.files(false)
    }

    /// How many pages the last [`Indexer::update`] read (changed or new ones).
    pub fn last_read(&self) -> usize {
        self.last_read
    }

    fn url_of(&self, path: &str) -> String {
        url_of(&self.reader.base_path, path)
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

/// The URL of the page at output path `path`: a folder's `index.html` is the folder
/// (`verhalen/x/index.html` → `/verhalen/x/`), any other file itself.
fn url_of(base_path: &str, path: &str) -> String {
    let folder = match path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => path,
    };
    format!("{base_path}{folder}")
}

/// Whether two versions of a file have the same bytes (the same allocation, when serve
/// kept an unchanged page).
fn same_bytes(a: &FileBytes, b: &FileBytes) -> bool {
    std::sync::Arc::ptr_eq(a, b) || a[..] == b[..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, words: &str, theme: &str) -> FileBytes {
        format!(
            "<!DOCTYPE html><html lang=\"nl\"><head><title>{title}</title></head><body>\
             <main data-pagefind-body><h1>{title}</h1><p>{words}</p>\
             <a href=\"/themas/x/\" data-pagefind-filter=\"thema\">{theme}</a></main></body></html>"
        )
        .into_bytes()
        .into()
    }

    fn site(pages: &[(&str, FileBytes)]) -> OutputMap {
        let mut output: OutputMap = pages
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.clone()))
            .collect();
        output.insert(
            "verhalen/index.html".into(),
            b"<html lang=\"nl\"><body><main>lijst</main></body></html>"[..].into(),
        );
        output.insert("style.css".into(), b"main{}"[..].into());
        output
    }

    fn clean(output: &OutputMap) -> OutputMap {
        index(output, &Config::default()).expect("clean index")
    }

    #[test]
    fn serves_updates_read_only_what_changed_and_equal_a_clean_index() {
        let config = Config::default();
        let a = page("Buurtkamer", "koffie in de buurtkamer", "Een overheid");
        let b = page("Wachtlijst", "een wachtlijst in de regio", "Gemoedsrust");
        let c = page("Moestuin", "een moestuin aan de dijk", "Een overheid");
        let mut indexer = Indexer::new(&config).expect("indexer");

        let first = site(&[
            ("verhalen/a/index.html", a.clone()),
            ("verhalen/b/index.html", b.clone()),
        ]);
        assert_eq!(indexer.update(&first).unwrap(), clean(&first));
        assert_eq!(indexer.last_read(), 2);

        // Nothing changed: nothing read, the same files.
        assert_eq!(indexer.update(&first).unwrap(), clean(&first));
        assert_eq!(indexer.last_read(), 0);

        // One page's words and filter change, one page is added before the others in
        // URL order: two pages read, and the index is the clean one.
        let b2 = page("Wachtlijst", "de wachtlijst is weg", "Een overheid");
        let second = site(&[
            ("verhalen/0/index.html", c.clone()),
            ("verhalen/a/index.html", a.clone()),
            ("verhalen/b/index.html", b2),
        ]);
        let files = indexer.update(&second).unwrap();
        assert_eq!(indexer.last_read(), 2);
        assert_eq!(files, clean(&second));
        assert_ne!(files, clean(&first));

        // A page removed, one that lost its mark: both leave the index.
        let unmarked: FileBytes =
            b"<html lang=\"nl\"><body><main>weg</main></body></html>"[..].into();
        let third = site(&[
            ("verhalen/0/index.html", c),
            ("verhalen/a/index.html", unmarked),
        ]);
        let files = indexer.update(&third).unwrap();
        assert_eq!(indexer.last_read(), 0);
        assert_eq!(files, clean(&third));
    }

    #[test]
    fn a_folders_index_is_the_folder_and_other_files_are_themselves() {
        assert_eq!(url_of("/", "index.html"), "/");
        assert_eq!(url_of("/", "verhalen/x/index.html"), "/verhalen/x/");
        assert_eq!(
            url_of("/verhaal/", "verhalen/x/index.html"),
            "/verhaal/verhalen/x/"
        );
        assert_eq!(
            url_of("/", "verhalen/reindex.html"),
            "/verhalen/reindex.html"
        );
        assert_eq!(url_of("/", "404.html"), "/404.html");
    }

    #[test]
    fn the_files_named_by_their_contents_are_the_chunks_fragments_filters_and_meta() {
        let output = site(&[("verhalen/a/index.html", page("A", "woord", "Thema"))]);
        let files = clean(&output);
        let named: Vec<&String> = files.keys().filter(|p| is_content_named(p)).collect();
        assert!(
            named.iter().any(|p| p.starts_with("pagefind/fragment/")),
            "{named:?}"
        );
        assert!(
            named.iter().any(|p| p.starts_with("pagefind/index/")),
            "{named:?}"
        );
        assert!(
            named.iter().any(|p| p.starts_with("pagefind/filter/")),
            "{named:?}"
        );
        assert!(named.iter().any(|p| p.ends_with(".pf_meta")), "{named:?}");
        assert!(!is_content_named("pagefind/pagefind-entry.json"));
        assert!(!is_content_named("pagefind/pagefind.js"));
        assert!(!is_content_named("verhalen/fragment/x"));
    }
}
