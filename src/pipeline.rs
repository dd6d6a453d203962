//! The order of the stages: source → parse → resolve → render. The only place that knows it.
//!
//! Returns the output map and every diagnostic; writing is the caller's business
//! (`output` for `build`, nothing for `check`, memory for `serve`).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load;
pub use crate::load::{BRAND_CSS, LARGE_STATIC_WARNING, Loaded, STREAM_STATIC_ABOVE};
use crate::mode::Mode;
use crate::model::{Date, Document};
use crate::output::{self, OutputMap};
use crate::parse;
use crate::publish;
pub use crate::publish::SECURITY_TXT;
use crate::render;
use crate::resolve::{self, ResolveOptions};
use crate::source::SourceOptions;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Include drafts (also when `site.toml` says no).
    pub drafts: bool,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    pub source: SourceOptions,
    /// The as-of date: what is due on it is published ([`Config::as_of`]); `None`
    /// publishes every document whatever its dates and warns of none.
    pub as_of: Option<Date>,
    /// Build documents outside their publication dates too, with a banner (serve).
    pub scheduled: bool,
    /// Run the editorial lints (`check`): accessibility, privacy, B1, orphans, drafts.
    pub lints: bool,
    /// Content-hashed asset names (build; serve does not).
    pub fingerprint: bool,
    /// `noindex` everywhere and a `Disallow: /` robots.txt (staging servers).
    pub preview: bool,
    /// Where the files go: kept in memory (`check`, `serve`, tests) or written.
    pub target: Target,
    /// `build`: warn about what is not the site's own yet before it is published — a
    /// placeholder `base_url`, documents marked `sample: true`.
    pub placeholder_warnings: bool,
    /// Large static files are not read but copied by the writer ([`Built::copies`]):
    /// `build` and `check`; serve, which serves from memory, reads them.
    pub stream_static: bool,
    /// `check`: photos the cache lacks are decoded to find their problems but not
    /// encoded, and nothing is written into the cache (`check` writes nothing).
    pub check_photos: bool,
    /// `check --extern`: list the output's external links ([`Built::extern_links`]).
    /// Needs [`Target::Memory`], which keeps every page.
    pub extern_links: bool,
}

impl BuildOptions {
    /// What the load stage needs of these options.
    pub fn load_options(&self) -> load::LoadOptions<'_> {
        load::LoadOptions {
            root: &self.root,
            source: &self.source,
            drafts: self.drafts,
            preview: self.preview,
            as_of: self.as_of,
            scheduled: self.scheduled,
            base_url: self.base_url.as_deref(),
            lints: self.lints,
            fingerprint: self.fingerprint,
        }
    }
}

/// Reads `site.toml` and parses every content file (in parallel): what `new` and
/// `schema` need.
pub fn load(options: &BuildOptions) -> anyhow::Result<Loaded> {
    load::load(&options.load_options())
}

/// Where a build's files go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Target {
    /// Kept in memory and returned in [`Built::output`]: `check`, `serve`, tests.
    #[default]
    Memory,
    /// `build`: written into this folder (`--output`), or into `output_dir` from
    /// site.toml when `None`. The folder is worked out once, right after site.toml is
    /// read ([`output::Folder`]); pages are written as they render.
    Folder(Option<PathBuf>),
}

/// Everything a build produced.
pub struct Built {
    pub config: Config,
    pub output: OutputMap,
    pub diagnostics: Diagnostics,
    /// Texts of files with diagnostics, for snippets.
    pub texts: HashMap<PathBuf, String>,
    pub documents: usize,
    /// Wall time of each stage, in order (for `serve`'s report and the benchmarks).
    pub stages: Vec<(&'static str, std::time::Duration)>,
    /// Large static files the writer copies as they are: output path → source path
    /// (relative to the site root). Empty unless [`BuildOptions::stream_static`].
    pub copies: Vec<(String, PathBuf)>,
    /// Photo variants the writer links (or copies) from the cache: output path →
    /// cache file (relative to the site root). Empty with [`Target::Memory`], whose
    /// output holds them.
    pub photo_copies: Vec<(String, PathBuf)>,
    /// Serve: photos whose variants are still to be made (see `photos::Pending`).
    pub pending_photos: Vec<crate::photos::Pending>,
    /// Photos this build encoded (none with a warm cache).
    pub photos_encoded: usize,
    /// With [`Target::Folder`]: the folder, worked out once.
    pub folder: Option<output::Folder>,
    /// The staging directory the pages were written into as they rendered (with
    /// [`Target::Folder`], when the site had no error after reading). Dropped
    /// unfinished, it is removed.
    pub staging: Option<output::Staging>,
    /// Why the folder could not be opened (it is refused), to report after the site's
    /// own problems.
    pub refused: Option<anyhow::Error>,
    /// The next day after the as-of date on which a `publish_date` or `expires` changes
    /// the output (`check --next-change`); `None` without an as-of date or when nothing
    /// is scheduled.
    pub next_change: Option<crate::schedule::NextChange>,
    /// With [`BuildOptions::extern_links`]: every external URL of the output's pages and
    /// where each is written.
    pub extern_links: Vec<crate::extern_check::Link>,
    /// A build into a folder with search on: the pages already read for the index,
    /// which `finish` completes with the files still in `output`.
    pub search: Option<crate::search::Pending>,
}

/// What one build keeps for the next: parsed files by content hash and rendered pages
/// by input key. `build` starts from an empty memo; `serve` keeps one, so an edit
/// re-parses one file and re-renders only the pages whose inputs changed — through the
/// same code, so an incremental result equals a clean build by construction.
#[derive(Default)]
pub struct Memo {
    /// Parsed content files, and what the watcher reported (see [`Memo::expect`]).
    load: load::LoadMemo,
    pages: render::PageMemo,
    /// Filled bodies and related stories from the last resolve.
    resolve: resolve::ResolveMemo,
    /// Privacy findings per output file, sorted by path, with the bytes they were found
    /// in (reused while a file is the same allocation, i.e. a page the page memo kept).
    privacy: publish::PrivacyMemo,
    /// The photo cache's index and, for serve, the variants in memory.
    photos: crate::photos::PhotoMemo,
    /// One build, or serve's rebuilds: decided when the memo is made.
    pub mode: Mode,
}

impl Memo {
    /// A memo for `serve`: unparsable files and failing templates keep their last good version.
    pub fn for_serve() -> Memo {
        Memo {
            mode: Mode::Serve,
            ..Memo::default()
        }
    }

    /// Pages rendered (not reused) by the last build.
    pub fn rendered_count(&self) -> usize {
        self.pages.rendered
    }

    /// Tells the next build which paths (relative to the site root) under `content/`
    /// changed since the last one; `None`: unknown. Serve passes what its watcher
    /// reported, so a rebuild stats and reads only those files instead of walking
    /// `content/`; a report it cannot follow (a folder, a symbolic link) means a walk.
    /// Without a report, every file is stat'ed.
    pub fn expect(&mut self, content_changes: Option<Vec<PathBuf>>) {
        self.load.hint = content_changes;
    }

    /// Files parsed (not reused) by the last build.
    pub fn parsed_count(&self) -> usize {
        self.load.parsed_count
    }

    /// Whether the last build kept the site graph of the one before (no document's
    /// shape changed; see `resolve::ResolveMemo`).
    pub fn graph_reused(&self) -> bool {
        self.resolve.graph_reused
    }

    /// Documents resolved (not reused) by the last build.
    pub fn resolved_count(&self) -> usize {
        self.resolve.resolved
    }
}

/// Runs every stage. `Err` only when there is no site to build (no `site.toml`). With
/// [`Target::Folder`], each page is written into [`Built::staging`] by the thread that
/// rendered it (the writes overlap rendering; without a search index, which reads the
/// pages afterwards, a page is privacy-checked right there and not kept).
pub fn build(options: &BuildOptions) -> anyhow::Result<Built> {
    build_with(options, &mut Memo::default())
}

/// Runs every stage, reusing what `memo` holds from earlier builds.
pub fn build_with(options: &BuildOptions, memo: &mut Memo) -> anyhow::Result<Built> {
    run(options, memo)
}

fn run(options: &BuildOptions, memo: &mut Memo) -> anyhow::Result<Built> {
    let mut clock = Stages::start();
    let read = read_inputs(options, memo, &mut clock)?;
    let (config, theme, texts, opened) = (read.config, read.theme, read.texts, read.opened);
    let (static_files, large_static) = read.static_files;
    let (stale, resolve_options) = (read.stale, read.resolve_options);
    let mut photos = read.photos;
    let (photo_bytes, photo_copies) = split_photo_files(std::mem::take(&mut photos.files));
    let mut diags = read.diags;
    let document_count = read.documents.len();
    let next_change = config
        .as_of
        .and_then(|as_of| crate::schedule::next_change(&read.documents, as_of, config.drafts));
    // The stages' memos remember exactly when this one does.
    memo.resolve.mode = memo.mode;
    memo.pages.mode = memo.mode;
    memo.privacy.mode = memo.mode;
    let site = resolve_site(
        &config,
        (read.documents, read.sections),
        &stale,
        &resolve_options,
        &mut memo.resolve,
        &mut diags,
    );
    clock.lap("resolve");
    if options.placeholder_warnings {
        crate::editorial::placeholders(&config, &site, &texts, &mut diags);
    }
    if options.lints {
        let drafts: Vec<&Document> = read.drafts.iter().map(|d| &**d).collect();
        for d in crate::lint::lint_site(&site, &drafts, config.language) {
            diags.push(d);
        }
    }

    let global = crate::fingerprint::of((
        format!("{config:?}"),
        read.theme_fingerprint,
        &resolve_options.static_files,
        &site.sections,
    ));
    let origin = publish::origin_of(&config.base_url);
    // A build into a folder reads each page for the search index on the thread that
    // rendered it, so the pages need not be kept for the index.
    let indexer = match &opened.staging {
        Some(_) if config.search => Some(crate::search::Indexer::new(&config)?),
        _ => None,
    };
    let reader = indexer.as_ref().map(crate::search::Indexer::reader);
    let mut rendered = render_site(
        (&theme, &site, &config),
        global,
        &origin,
        (opened.staging.as_ref(), reader.as_ref()),
        &mut memo.pages,
        &mut diags,
    );
    let search = match indexer {
        Some(indexer) => Some(crate::search::Pending::new(
            indexer,
            std::mem::take(&mut rendered.search_pages)
                .into_iter()
                .collect::<anyhow::Result<_>>()?,
        )),
        None => None,
    };
    clock.lap(if rendered.streaming {
        "render+write"
    } else {
        "render"
    });
    let label = opened
        .folder
        .as_ref()
        .map_or_else(|| config.output_dir.clone(), |f| f.label.clone());
    let publishing = Publishing {
        site: &site,
        theme: &theme,
        config: &config,
        static_files: &static_files,
        large_static: &large_static,
        photo_bytes: &photo_bytes,
        photo_copies: &photo_copies,
        texts: &texts,
        today: options.as_of,
        origin: &origin,
        label: &label,
        every_page: memo.pages.complete && read.unparsed == 0,
    };
    let sunk = publishing.complete(&mut rendered, &mut memo.privacy, &mut diags);
    clock.lap("privacy");
    if publishing.every_page {
        publishing.check_links(&mut rendered, &sunk, memo.privacy.links(), &mut diags);
        clock.lap("links");
    }
    let extern_links = if options.extern_links {
        let links = publishing.extern_links(&rendered.output);
        clock.lap("extern");
        links
    } else {
        Vec::new()
    };
    if !stale.is_empty() {
        diags.retain_after(read.parse_diagnostics, |d| !stale.contains(&d.file));
    }
    if !memo.mode.remembers() {
        // A one-shot build: the graph is freed while the caller writes and exits.
        crate::memory::drop_in_background((site, theme, read.source, static_files));
    }
    let copies = large_static
        .into_iter()
        .map(|(path, (source, _, _))| (path, source))
        .collect();
    Ok(Built {
        copies,
        photo_copies,
        pending_photos: photos.pending,
        photos_encoded: photos.encoded,
        folder: opened.folder,
        staging: opened.staging,
        refused: opened.refused,
        stages: clock.laps,
        config,
        output: rendered.output,
        diagnostics: diags,
        texts,
        documents: document_count,
        next_change,
        extern_links,
        search,
    })
}

/// What the stages before resolving read: the site, its theme and static files, and
/// the output folder opened.
struct Read {
    source: crate::source::Source,
    config: Config,
    documents: Vec<std::sync::Arc<Document>>,
    sections: Vec<crate::model::SectionIndex>,
    texts: HashMap<PathBuf, String>,
    diags: Diagnostics,
    /// Serve: files standing in with their last good version.
    stale: std::collections::HashSet<PathBuf>,
    /// Markdown files that gave no document, stand-ins included: the output link check
    /// waits for them.
    unparsed: usize,
    /// How many diagnostics reading the content gave (a stale stand-in's own links are
    /// not re-reported after them: a clean build could not have them).
    parse_diagnostics: usize,
    opened: Opened,
    theme: render::Theme,
    theme_fingerprint: u64,
    /// `check`: drafts left out of the site (their lints are reported too).
    drafts: Vec<std::sync::Arc<Document>>,
    static_files: load::StaticFiles,
    resolve_options: ResolveOptions,
    /// The photos documents use: their catalog and their files for the output.
    photos: crate::photos::Prepared,
}

/// Reads the content (with the memo), opens the output folder, and reads the theme and
/// the static files; `check` lints the bodies here.
fn read_inputs(
    options: &BuildOptions,
    memo: &mut Memo,
    clock: &mut Stages,
) -> anyhow::Result<Read> {
    let Loaded {
        source,
        config,
        documents,
        sections,
        texts,
        diagnostics: mut diags,
        stale,
        unparsed,
    } = {
        memo.load.mode = memo.mode;
        load::load_with(&options.load_options(), Some(&mut memo.load))?
    };
    let parse_diagnostics = diags.len();
    let unparsed_count = unparsed.len() + stale.len();
    let opened = open_folder(options, memo.mode, &config, &documents, &diags);
    clock.lap("load");
    let (theme, theme_fingerprint) = load::load_theme(
        &options.load_options(),
        &source,
        &config,
        &mut diags,
        &texts,
    );
    let drafts = if options.lints {
        lint_bodies(&config, &documents, &sections, &texts, &mut diags);
        drafts_of(&config, &documents)
    } else {
        Vec::new()
    };
    let static_files = load::read_site_static(&source, &config, &mut diags, options.stream_static);
    crate::render::components::check_templates(&theme, &config, &mut diags);
    clock.lap("theme+static");
    let photos = crate::photos::prepare(
        &source,
        &config,
        (&documents, &sections),
        &crate::photos::PhotoOptions {
            root: &options.root,
            in_memory: options.target == Target::Memory,
            work: if memo.mode.remembers() {
                crate::photos::Work::Defer
            } else if options.check_photos {
                crate::photos::Work::Check
            } else {
                crate::photos::Work::Encode
            },
            cache: true,
        },
        &mut memo.photos,
        &mut diags,
    )?;
    clock.lap("photos");
    // A photo a document shows is published as its variants only, also from `static/`:
    // the file itself would carry its metadata (a GPS position) and its full size.
    let mut static_files = static_files;
    let processed = |path: &String| {
        photos
            .catalog
            .photos
            .contains_key(&format!("static/{path}"))
    };
    static_files.0.retain(|path, _| !processed(path));
    static_files.1.retain(|path, _| !processed(path));
    let heads = static_files.0.iter().map(|(p, b)| (p, b.as_slice()));
    let large_heads = static_files
        .1
        .iter()
        .map(|(p, (_, head, _))| (p, head.as_slice()));
    crate::photos::published_locations(&config, heads.chain(large_heads), &mut diags);
    let resolve_options = ResolveOptions {
        static_files: static_sizes(&theme, &static_files.0, &static_files.1, &config),
        static_bytes: static_bytes(&theme, &static_files.0, &static_files.1),
        photos_key: crate::fingerprint::of(&*photos.catalog),
        photos: photos.catalog.clone(),
        unparsed,
    };
    Ok(Read {
        source,
        config,
        documents,
        sections,
        texts,
        diags,
        stale,
        unparsed: unparsed_count,
        parse_diagnostics,
        opened,
        theme,
        theme_fingerprint,
        drafts,
        static_files,
        resolve_options,
        photos,
    })
}

/// What the checks of the whole output need besides the output.
struct Publishing<'a> {
    site: &'a resolve::Site,
    theme: &'a render::Theme,
    config: &'a Config,
    static_files: &'a BTreeMap<String, Vec<u8>>,
    large_static: &'a BTreeMap<String, (PathBuf, Vec<u8>, u64)>,
    /// Photo variants held in memory (serve, check) and linked from the cache (build).
    photo_bytes: &'a [(String, output::FileBytes)],
    photo_copies: &'a [(String, PathBuf)],
    texts: &'a HashMap<PathBuf, String>,
    today: Option<Date>,
    origin: &'a str,
    /// The output folder as editors are shown it.
    label: &'a std::path::Path,
    /// Every page rendered and every content file read: without that, the link check
    /// would report the pages missing for an error already reported (and serve, whose
    /// pages of a file that no longer parses stand in with the last good version, would
    /// report otherwise than a clean build).
    every_page: bool,
}

impl Publishing<'_> {
    /// The rendered pages completed into the site's output: no two files at one path,
    /// static files and `security.txt` added, and nothing loaded from another origin;
    /// the links of the pages the privacy check read are added to `rendered.links`.
    /// Returns the pages written as they rendered (not in the output map).
    fn complete(
        &self,
        rendered: &mut Rendered,
        privacy: &mut publish::PrivacyMemo,
        diags: &mut Diagnostics,
    ) -> Vec<String> {
        let (static_files, large_static) = (self.static_files, self.large_static);
        let sunk = std::mem::take(&mut rendered.sunk);
        publish::check_collisions(
            publish::Paths {
                output: &rendered.output,
                sunk: &sunk,
                site: self.site,
                theme: (self.theme, &self.config.theme),
                static_files: static_files
                    .keys()
                    .chain(large_static.keys())
                    .chain(self.photo_bytes.iter().map(|(p, _)| p))
                    .chain(self.photo_copies.iter().map(|(p, _)| p)),
            },
            self.config,
            diags,
        );
        let output = &mut rendered.output;
        for (path, bytes) in self.theme.static_files.iter().chain(static_files.iter()) {
            output
                .entry(path.clone())
                .or_insert_with(|| bytes.as_slice().into());
        }
        for (path, bytes) in self.photo_bytes {
            output.entry(path.clone()).or_insert_with(|| bytes.clone());
        }
        publish::add_security_txt(self.config, self.today, self.texts, output, diags);
        let found = publish::check_privacy(
            publish::Privacy {
                streamed: std::mem::take(&mut rendered.streamed),
                output,
                origin: self.origin,
                label: self.label,
                is_static: &|page| self.is_static(page),
            },
            self.config,
            privacy,
            diags,
        );
        rendered.links.extend(found);
        sunk
    }

    /// Whether an output path is one of the site's static files.
    fn is_static(&self, page: &str) -> bool {
        self.static_files.contains_key(page) || self.large_static.contains_key(page)
    }

    /// The external links of the pages in `output`, with where each is written.
    fn extern_links(&self, output: &OutputMap) -> Vec<crate::extern_check::Link> {
        let is_static = |page: &str| self.is_static(page);
        let origins = publish::Origins {
            site: self.site,
            theme: self.theme,
            theme_name: &self.config.theme,
            config: self.config,
            label: self.label,
            is_static: &is_static,
        };
        publish::extern_links(output, &origins, self.texts)
    }

    /// Every local link of the output lands on a file and an id (after [`complete`],
    /// with the pages it returned).
    ///
    /// [`complete`]: Publishing::complete
    fn check_links(
        &self,
        rendered: &mut Rendered,
        sunk: &[String],
        memo: Option<&mut publish::LinkMemo>,
        diags: &mut Diagnostics,
    ) {
        let files = rendered
            .output
            .keys()
            .chain(sunk.iter())
            .chain(self.large_static.keys())
            .chain(self.photo_copies.iter().map(|(p, _)| p))
            .map(String::as_str)
            .collect();
        let is_static = |page: &str| self.is_static(page);
        publish::check_links(
            publish::Links {
                pages: std::mem::take(&mut rendered.links),
                files,
                origins: publish::Origins {
                    site: self.site,
                    theme: self.theme,
                    theme_name: &self.config.theme,
                    config: self.config,
                    label: self.label,
                    is_static: &is_static,
                },
            },
            memo,
            diags,
        );
    }
}

/// The output folder of a `build`, worked out once, and its staging directory when it
/// could be opened.
struct Opened {
    folder: Option<output::Folder>,
    staging: Option<output::Staging>,
    /// Why the folder was refused.
    refused: Option<anyhow::Error>,
}

/// Works out the output folder (`--output` or `output_dir`) and, when the documents were
/// read without an error, opens it: the pages' folders are then made on a thread of
/// their own (see `output::Staging::prepare`) while references are resolved, in the
/// order the pages are rendered.
fn open_folder(
    options: &BuildOptions,
    mode: Mode,
    config: &Config,
    documents: &[std::sync::Arc<Document>],
    diags: &Diagnostics,
) -> Opened {
    let folder = match &options.target {
        Target::Folder(explicit) if !mode.remembers() => Some(output::Folder::resolve(
            &options.root,
            explicit.as_deref(),
            &config.output_dir,
        )),
        _ => None,
    };
    let mut refused = None;
    let staging = folder
        .as_ref()
        .filter(|_| !diags.has_errors())
        .and_then(|folder| match folder.open(&options.root) {
            Ok(mut staging) => {
                staging.prepare(page_folders(config, documents));
                Some(staging)
            }
            Err(e) => {
                refused = Some(e);
                None
            }
        });
    Opened {
        folder,
        staging,
        refused,
    }
}

/// `check`'s editorial lints of every body (headings, link texts, B1, …).
fn lint_bodies(
    config: &Config,
    documents: &[std::sync::Arc<Document>],
    sections: &[crate::model::SectionIndex],
    texts: &std::collections::HashMap<PathBuf, String>,
    diags: &mut Diagnostics,
) {
    let paths = documents
        .iter()
        .map(|d| &d.source_path)
        .chain(sections.iter().map(|s| &s.source_path));
    for path in paths {
        if let Some(text) = texts.get(path)
            && let Ok(split) = parse::frontmatter::split(text)
        {
            for d in crate::lint::lint_markdown(path, text, split.body_offset, config.language) {
                diags.push(d);
            }
        }
    }
}

/// The drafts that are not built (for `check`'s draft lint).
fn drafts_of(
    config: &Config,
    documents: &[std::sync::Arc<Document>],
) -> Vec<std::sync::Arc<Document>> {
    documents
        .iter()
        .filter(|d| config.withholds(&d.common) == Some(crate::model::Withheld::Draft))
        .cloned()
        .collect()
}

/// Every static file's site path with its width and height when it is an image (large
/// files measured from their first bytes), and `security.txt` when configured.
fn static_sizes(
    theme: &render::Theme,
    static_files: &BTreeMap<String, Vec<u8>>,
    large_static: &BTreeMap<String, (PathBuf, Vec<u8>, u64)>,
    config: &Config,
) -> BTreeMap<String, Option<(u32, u32)>> {
    let mut sizes = BTreeMap::new();
    for (path, bytes) in theme.static_files.iter().chain(static_files.iter()) {
        sizes.insert(path.clone(), crate::images::dimensions(path, bytes));
    }
    for (path, (_, head, _)) in large_static {
        sizes.insert(path.clone(), crate::images::dimensions(path, head));
    }
    if config.security_txt.is_some() {
        sizes.insert(SECURITY_TXT.to_string(), None);
    }
    sizes
}

/// Every static file's site path with its size in bytes (a download names it; a large
/// file's is known from the listing, without reading it).
fn static_bytes(
    theme: &render::Theme,
    static_files: &BTreeMap<String, Vec<u8>>,
    large_static: &BTreeMap<String, (PathBuf, Vec<u8>, u64)>,
) -> BTreeMap<String, u64> {
    let small = theme.static_files.iter().chain(static_files.iter());
    small
        .map(|(path, bytes)| (path.clone(), bytes.len() as u64))
        .chain(
            large_static
                .iter()
                .map(|(path, (_, _, len))| (path.clone(), *len)),
        )
        .collect()
}

/// Resolves the site. Serve: a file that no longer parses stands in with its last good
/// version, so the preview keeps its page and the links to it. Its problems are
/// reported as a clean build reports them, though: links to it are broken until it
/// parses again. So the diagnostics come from resolving without the stand-ins (only
/// while there are any).
fn resolve_site(
    config: &Config,
    (documents, sections): (
        Vec<std::sync::Arc<Document>>,
        Vec<crate::model::SectionIndex>,
    ),
    stale: &std::collections::HashSet<PathBuf>,
    options: &ResolveOptions,
    memo: &mut resolve::ResolveMemo,
    diags: &mut Diagnostics,
) -> resolve::Site {
    let without_stand_ins = (!stale.is_empty()).then(|| {
        let documents: Vec<_> = documents
            .iter()
            .filter(|d| !stale.contains(&d.source_path))
            .cloned()
            .collect();
        let sections: Vec<_> = sections
            .iter()
            .filter(|s| !stale.contains(&s.source_path))
            .cloned()
            .collect();
        (documents, sections)
    });
    let mut found = Diagnostics::default();
    let site = resolve::resolve_with(config, documents, sections, options, &mut found, memo);
    if let Some((documents, sections)) = without_stand_ins {
        found = Diagnostics::default();
        // A stand-in's file does not parse now: its own errors say so, and links to it
        // are not reported again (as in a clean build).
        let mut options = options.clone();
        options.unparsed.extend(
            stale
                .iter()
                .map(|path| crate::parse::content_relative(path)),
        );
        resolve::resolve(config, documents, sections, &options, &mut found);
    }
    crate::editorial::duplicate_titles(config, &site, &mut found);
    diags.extend(found);
    site
}

/// A photo stage's files: those in memory, and those the writer takes from the cache.
type PhotoFiles = (Vec<(String, output::FileBytes)>, Vec<(String, PathBuf)>);

fn split_photo_files(files: Vec<crate::photos::Published>) -> PhotoFiles {
    let mut bytes = Vec::new();
    let mut cached = Vec::new();
    for file in files {
        match file {
            crate::photos::Published::Bytes(path, b) => bytes.push((path, b)),
            crate::photos::Published::Cached(path, from) => cached.push((path, from)),
        }
    }
    (bytes, cached)
}

/// What rendering gave besides diagnostics.
struct Rendered {
    /// Pages kept in memory (all of them unless written as they rendered), robots.txt.
    output: OutputMap,
    /// Pages written as they rendered and not kept.
    sunk: Vec<String>,
    /// Those pages read for the search index (when the build has one).
    search_pages: Vec<anyhow::Result<crate::search::Page>>,
    /// Privacy findings of those pages (checked as they were written).
    streamed: Vec<crate::privacy::External>,
    /// The links of those pages (read in the same run).
    links: Vec<(String, publish::SharedLinks)>,
    /// Whether pages were written as they rendered.
    streaming: bool,
}

/// Renders every page. With a staging directory and no error so far, each page is
/// written there by the thread that rendered it, privacy-checked right there and not
/// kept; with a search `reader` it is read for the index there too. Without a reader, a
/// site with search keeps its pages for an index made afterwards.
fn render_site(
    (theme, site, config): (&render::Theme, &resolve::Site, &Config),
    global: u64,
    origin: &str,
    (staging, reader): (Option<&output::Staging>, Option<&crate::search::Reader>),
    memo: &mut render::PageMemo,
    diags: &mut Diagnostics,
) -> Rendered {
    let allow = &config.privacy_allow;
    let scope = publish::Scope::new(&config.base_url, &config.base_path);
    let streamed: std::sync::Mutex<Vec<crate::privacy::External>> = Default::default();
    let links: std::sync::Mutex<Vec<(String, publish::SharedLinks)>> = Default::default();
    let sunk: std::sync::Mutex<Vec<String>> = Default::default();
    let search_pages: std::sync::Mutex<Vec<_>> = Default::default();
    // With search on and no reader, the index needs the pages afterwards: they stay in
    // the output map too and are checked there with the other files.
    let keep_sunk = config.search && reader.is_none();
    let stream = |path: &str, bytes: &[u8]| {
        if let Some(page) = reader.and_then(|reader| reader.read(path, bytes)) {
            locked(&search_pages).push(page);
        }
        if !keep_sunk {
            locked(&sunk).push(path.to_string());
            if crate::privacy::is_checked(path) {
                let (found, page_links) = publish::scan_file(path, bytes, (origin, allow), &scope);
                if !found.is_empty() {
                    locked(&streamed).extend(found);
                }
                if let Some(page_links) = page_links {
                    locked(&links).push((path.to_string(), page_links.into()));
                }
            }
        }
        if let Some(staging) = staging {
            staging.put(path, bytes);
        }
    };
    let streaming = staging.is_some() && !diags.has_errors();
    if !streaming && let Some(staging) = staging {
        staging.stop_preparing();
    }
    let output = render::render_all(
        theme,
        site,
        config,
        diags,
        memo,
        &render::RenderOptions {
            global,
            sink: streaming.then_some(&stream as &render::PageSink),
            keep_sunk,
        },
    );
    Rendered {
        output,
        sunk: unlocked(sunk),
        search_pages: unlocked(search_pages),
        streamed: unlocked(streamed),
        links: unlocked(links),
        streaming,
    }
}

/// A lock that a panicking rendering thread does not poison for the others.
fn locked<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What a lock holds, once the threads are done.
fn unlocked<T>(mutex: std::sync::Mutex<T>) -> T {
    mutex
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The folders of the documents' pages (drafts left out unless they are built), in the
/// order the pages are rendered: the hub pages first (see `render::jobs`), then the
/// others in site order.
fn page_folders(config: &Config, documents: &[std::sync::Arc<Document>]) -> Vec<String> {
    let mut built: Vec<&Document> = documents
        .iter()
        .map(|d| &**d)
        .filter(|d| config.withholds(&d.common).is_none())
        .collect();
    built.sort_by_key(|d| (!render::is_hub(d.kind), d.kind, d.id.as_str()));
    built.iter().map(|d| d.url_path.clone()).collect()
}

/// Stage times of one build.
struct Stages {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Stages {
    fn start() -> Stages {
        Stages {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}
