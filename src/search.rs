//! Full-text search: the rendered pages are indexed in-process with Pagefind (Dutch
//! stemming from the site language), and its index, WebAssembly and UI files are added
//! to the output. Pagefind's API is async; this module runs it on its own
//! current-thread runtime, so nothing else needs tokio.
//!
//! Only pages whose template marks `<main data-pagefind-body>` are indexed (stories,
//! chapters, agenda items, agenda themes, quadrants, pages), never lists or the 404.

use std::collections::BTreeMap;

use anyhow::Context as _;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::Config;
use crate::output::OutputMap;

/// The folder under the output root that holds the search files.
pub const BUNDLE_DIR: &str = "pagefind";

/// Builds the search index of `output`; returns the files to add (under `pagefind/`).
pub fn index(output: &OutputMap, config: &Config) -> anyhow::Result<OutputMap> {
    Indexer::new()?.index(output, config)
}

/// Builds search indexes one after another on one runtime: `serve` keeps one for its
/// whole session, so a rebuild does not start (and leave behind) a runtime of its own.
pub struct Indexer {
    runtime: tokio::runtime::Runtime,
}

impl Indexer {
    pub fn new() -> anyhow::Result<Indexer> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("kan de zoekindex niet starten")?;
        Ok(Indexer { runtime })
    }

    /// The search files for `output` (under `pagefind/`).
    pub fn index(&self, output: &OutputMap, config: &Config) -> anyhow::Result<OutputMap> {
        self.runtime.block_on(build(output, config))
    }
}

async fn build(output: &OutputMap, config: &Config) -> anyhow::Result<OutputMap> {
    let options = PagefindServiceConfig::builder()
        .force_language(config.locale.code().to_string())
        .keep_index_url(false)
        .build();
    let mut index =
        PagefindIndex::new(Some(options)).context("ongeldige instellingen voor de zoekindex")?;
    for (path, bytes) in output {
        if !path.ends_with(".html") {
            continue;
        }
        let Ok(html) = std::str::from_utf8(bytes) else {
            continue;
        };
        if !html.contains("data-pagefind-body") {
            continue;
        }
        let url = format!(
            "{}{}",
            config.base_path,
            path.trim_end_matches("index.html")
        );
        index
            .add_html_file(None, Some(url), html.to_string())
            .await
            .with_context(|| format!("kan {path} niet indexeren"))?;
    }
    let files = index
        .get_files()
        .await
        .context("kan de zoekindex niet bouwen")?;
    let mut out = BTreeMap::new();
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        let name = name.trim_start_matches("./").trim_start_matches('/');
        let name = name.strip_prefix(&format!("{BUNDLE_DIR}/")).unwrap_or(name);
        out.insert(format!("{BUNDLE_DIR}/{name}"), file.contents.into());
    }
    Ok(out)
}
