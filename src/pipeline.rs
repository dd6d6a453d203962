//! The order of the stages: source → parse → resolve → render. The only place that knows it.
//!
//! Returns the output map and every diagnostic; writing is the caller's business
//! (`output` for `build`, nothing for `check`, memory for `serve`).

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::diagnostic;
use crate::diagnostics::{Diagnostics, Position, Severity};
use crate::fingerprint::FastMap;
use crate::messages::Msg;
use crate::mode::Mode;
use crate::model::{Date, Document, SectionIndex};
use crate::output::{self, FileBytes, OutputMap};
use crate::parse::{self, Parsed};
use crate::render::{self, Theme, theme::TemplateFile};
use crate::resolve::{self, ResolveOptions};
use crate::source::{Source, SourceFile, SourceOptions};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Include drafts (also when `site.toml` says no).
    pub drafts: bool,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    pub source: SourceOptions,
    /// Today, for date warnings; `None` skips them.
    pub today: Option<Date>,
    /// Run the editorial lints (`check`): accessibility, privacy, B1, orphans, drafts.
    pub lints: bool,
    /// Content-hashed asset names (build; serve does not).
    pub fingerprint: bool,
    /// `noindex` everywhere and a `Disallow: /` robots.txt (staging servers).
    pub preview: bool,
    /// Where the files go: kept in memory (`check`, `serve`, tests) or written.
    pub target: Target,
    /// Large static files are not read but copied by the writer ([`Built::copies`]):
    /// `build` and `check`; serve, which serves from memory, reads them.
    pub stream_static: bool,
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

/// A static file larger than this is copied into the output, not held in memory
/// (when [`BuildOptions::stream_static`]); HTML, CSS and SVG are always read, as the
/// privacy check reads them.
pub const STREAM_STATIC_ABOVE: u64 = 1024 * 1024;
/// A static file larger than this gets a warning: a reader on a phone downloads it.
pub const LARGE_STATIC_WARNING: u64 = 20 * 1024 * 1024;

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
    /// With [`Target::Folder`]: the folder, worked out once.
    pub folder: Option<output::Folder>,
    /// The staging directory the pages were written into as they rendered (with
    /// [`Target::Folder`], when the site had no error after reading). Dropped
    /// unfinished, it is removed.
    pub staging: Option<output::Staging>,
    /// Why the folder could not be opened (it is refused), to report after the site's
    /// own problems.
    pub refused: Option<anyhow::Error>,
}

/// A site read and parsed, not yet resolved: what `new` and `schema` need.
pub struct Loaded {
    pub source: Source,
    pub config: Config,
    pub documents: Vec<std::sync::Arc<Document>>,
    pub sections: Vec<SectionIndex>,
    pub texts: HashMap<PathBuf, String>,
    pub diagnostics: Diagnostics,
    /// Serve: files that no longer parse and stand in with their last good version.
    pub stale: std::collections::HashSet<PathBuf>,
}

/// What one build keeps for the next: parsed files by content hash and rendered pages
/// by input key. `build` starts from an empty memo; `serve` keeps one, so an edit
/// re-parses one file and re-renders only the pages whose inputs changed — through the
/// same code, so an incremental result equals a clean build by construction.
#[derive(Default)]
pub struct Memo {
    /// Content files by path (a path's bytes: hashing a `Path` walks its components).
    files: FastMap<OsString, FileMemo>,
    /// The content files the last build found, in walk order, when each was a plain
    /// file that could be read, with the config key they were parsed under: what a
    /// reported change can be applied to.
    listing: Option<(u64, Vec<PathBuf>)>,
    /// What the next build is told changed under `content/` (see [`Memo::expect`]).
    hint: Option<Vec<PathBuf>>,
    pages: render::PageMemo,
    /// Filled bodies and related stories from the last resolve.
    resolve: resolve::ResolveMemo,
    /// Privacy findings per output file, sorted by path, with the bytes they were found
    /// in (reused while a file is the same allocation, i.e. a page the page memo kept).
    privacy: Vec<Checked>,
    /// Files parsed (not reused) by the last build.
    pub parsed_count: usize,
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
        self.hint = content_changes;
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

/// What a memo knows of one content file.
struct FileMemo {
    /// Fingerprint of the bytes and of the config they were parsed under.
    key: u64,
    /// The file's stamp when it was read, with the config key: a file with the same
    /// stamp under the same config is not even read again.
    stamp: Option<(crate::source::Stamp, u64)>,
    file: parse::ParsedFile,
    /// Serve, while the file does not parse: its last version that did (the stand-in).
    last_good: Option<Parsed>,
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
    let Loaded {
        source,
        config,
        documents,
        sections,
        texts,
        diagnostics: mut diags,
        stale,
    } = load_with(options, Some(memo))?;
    // A stale stand-in's own links are not re-reported: a clean build could not have them.
    let parse_diagnostics = diags.len();
    // The pages' folders are made while references are resolved (see `output::Staging::
    // prepare`), in the order the pages are rendered.
    // The output folder, worked out once; opened (and its pages' folders made on a
    // thread of its own, see `output::Staging::prepare`) while references are resolved.
    let folder = match &options.target {
        Target::Folder(explicit) if !memo.mode.remembers() => Some(output::Folder::resolve(
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
                staging.prepare(page_folders(&config, &documents));
                Some(staging)
            }
            Err(e) => {
                refused = Some(e);
                None
            }
        });
    clock.lap("load");
    let (theme, theme_fingerprint) = load_theme(options, &source, &config, &mut diags, &texts);
    let document_count = documents.len();
    let mut drafts: Vec<std::sync::Arc<Document>> = Vec::new();
    if options.lints {
        let lang = config.language;
        let paths = documents
            .iter()
            .map(|d| &d.source_path)
            .chain(sections.iter().map(|s| &s.source_path));
        for path in paths {
            if let Some(text) = texts.get(path) {
                if let Ok(split) = parse::frontmatter::split(text) {
                    for d in crate::lint::lint_markdown(path, text, split.body_offset, lang) {
                        diags.push(d);
                    }
                }
            }
        }
        drafts = documents
            .iter()
            .filter(|d| d.common.draft && !config.drafts)
            .cloned()
            .collect();
    }

    let (static_files, large_static) =
        read_site_static(&source, &config, &mut diags, options.stream_static);
    let mut static_sizes: BTreeMap<String, Option<(u32, u32)>> = BTreeMap::new();
    for (path, bytes) in theme.static_files.iter().chain(static_files.iter()) {
        static_sizes.insert(path.clone(), crate::images::dimensions(path, bytes));
    }
    for (path, (_, head)) in &large_static {
        static_sizes.insert(path.clone(), crate::images::dimensions(path, head));
    }
    if config.security_txt.is_some() {
        static_sizes.insert(SECURITY_TXT.to_string(), None);
    }
    let resolve_options = ResolveOptions {
        today: options.today,
        static_files: static_sizes,
    };
    clock.lap("theme+static");
    // The stages' memos remember exactly when this one does.
    memo.resolve.mode = memo.mode;
    memo.pages.mode = memo.mode;
    // Serve: a file that no longer parses stands in with its last good version, so the
    // preview keeps its page and the links to it. Its problems are reported as a clean
    // build reports them, though: links to it are broken until it parses again. So
    // the diagnostics come from resolving without the stand-ins (only while there are
    // any).
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
    let site = resolve::resolve_with(
        &config,
        documents,
        sections,
        &resolve_options,
        &mut found,
        &mut memo.resolve,
    );
    if let Some((documents, sections)) = without_stand_ins {
        found = Diagnostics::default();
        resolve::resolve(&config, documents, sections, &resolve_options, &mut found);
    }
    diags.extend(found);
    clock.lap("resolve");
    if options.lints {
        let drafts: Vec<&Document> = drafts.iter().map(|d| &**d).collect();
        for d in crate::lint::lint_site(&site, &drafts, config.language) {
            diags.push(d);
        }
    }

    let global = crate::fingerprint::of((
        format!("{config:?}"),
        theme_fingerprint,
        &resolve_options.static_files,
        &site.sections,
    ));
    let origin = origin_of(&config.base_url);
    let allow = &config.privacy_allow;
    let streamed: std::sync::Mutex<Vec<crate::privacy::External>> = Default::default();
    // The paths of pages written and not kept, for the check of output paths.
    let sunk_paths: std::sync::Mutex<Vec<String>> = Default::default();
    // With search on, the index needs the pages afterwards: they stay in the output map
    // too and are checked there with the other files.
    let keep_sunk = config.search;
    let stream = |path: &str, bytes: &[u8]| {
        if !keep_sunk {
            sunk_paths
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(path.to_string());
        }
        if !keep_sunk && crate::privacy::is_checked(path) {
            let found = crate::privacy::check_file(path, bytes, &origin, allow);
            if !found.is_empty() {
                streamed
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .extend(found);
            }
        }
        if let Some(staging) = &staging {
            staging.put(path, bytes);
        }
    };
    let streaming = staging.is_some() && !diags.has_errors();
    if !streaming && let Some(staging) = &staging {
        staging.stop_preparing();
    }
    let mut output = render::render_all(
        &theme,
        &site,
        &config,
        &mut diags,
        &mut memo.pages,
        &render::RenderOptions {
            global,
            sink: streaming.then_some(&stream as &render::PageSink),
            keep_sunk,
        },
    );
    clock.lap(if streaming { "render+write" } else { "render" });
    let sunk_paths = sunk_paths
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for found in crate::output_paths::collisions(
        output_owners(
            &output,
            sunk_paths,
            &site,
            (&theme, &config.theme),
            static_files.keys().chain(large_static.keys()),
        ),
        config.language == crate::messages::Lang::Nl,
    ) {
        diags.push(diagnostic(
            config.language,
            Severity::Error,
            &found.file,
            found.position,
            Msg::OutputCollision {
                path: found.path,
                other: found.other,
            },
        ));
    }
    for (path, bytes) in theme.static_files.iter().chain(static_files.iter()) {
        output
            .entry(path.clone())
            .or_insert_with(|| bytes.as_slice().into());
    }
    if let Some(security) = &config.security_txt {
        output.insert(
            SECURITY_TXT.to_string(),
            security_txt(&config, security).into_bytes().into(),
        );
        if config.base_path != "/" {
            diags.push(diagnostic(
                config.language,
                Severity::Warning,
                Path::new(config::CONFIG_FILE),
                Position::START,
                Msg::SecurityTxtSubPath {
                    path: format!("{}{SECURITY_TXT}", config.base_path),
                },
            ));
        }
        let expires = Date::parse(security.expires.get(..10).unwrap_or(""));
        if let (Some(today), Some(expires)) = (options.today, expires) {
            if expires < today {
                let text = texts
                    .get(Path::new(config::CONFIG_FILE))
                    .map_or("", String::as_str);
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with("expires"))
                    .map_or(1, |i| i + 1);
                diags.push(diagnostic(
                    config.language,
                    Severity::Warning,
                    Path::new(config::CONFIG_FILE),
                    Position { line, column: 1 },
                    Msg::SecurityTxtExpired {
                        expires: security.expires.clone(),
                    },
                ));
            }
        }
    }
    let mut found = streamed
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Streamed pages were checked in any order.
    found.sort_by(|a, b| (&a.page, a.line, a.column).cmp(&(&b.page, b.line, b.column)));
    found.extend(privacy_check(&output, &origin, &config, memo));
    let output_label = folder
        .as_ref()
        .map_or_else(|| config.output_dir.clone(), |f| f.label.clone());
    for found in found {
        // A static file is named where the web team can change it; the rest (pages from
        // templates and content) where the output has it.
        let file =
            if static_files.contains_key(&found.page) || large_static.contains_key(&found.page) {
                Path::new("static").join(&found.page)
            } else {
                output_label.join(&found.page)
            };
        diags.push(diagnostic(
            config.language,
            Severity::Error,
            &file,
            Position {
                line: found.line,
                column: found.column,
            },
            Msg::ExternalResource {
                page: found.page,
                url: found.url,
            },
        ));
    }
    clock.lap("privacy");
    if !stale.is_empty() {
        diags.retain_after(parse_diagnostics, |d| !stale.contains(&d.file));
    }
    if !memo.mode.remembers() {
        // A one-shot build: the graph is freed while the caller writes and exits.
        crate::memory::drop_in_background((site, theme, source, static_files));
    }
    let copies = large_static
        .into_iter()
        .map(|(path, (source, _))| (path, source))
        .collect();
    Ok(Built {
        copies,
        folder,
        staging,
        refused,
        stages: clock.laps,
        config,
        output,
        diagnostics: diags,
        texts,
        documents: document_count,
    })
}

/// Every path the output will hold, with who puts it there: the rendered pages (kept in
/// `output` or already written), aliases, and the theme's and the site's static files.
fn output_owners<'a>(
    output: &OutputMap,
    sunk: Vec<String>,
    site: &resolve::Site,
    (theme, theme_name): (&Theme, &str),
    static_files: impl Iterator<Item = &'a String>,
) -> Vec<(String, crate::output_paths::Owner)> {
    use crate::output_paths::Owner;
    let alias_file = |key: &str| {
        if key.ends_with('/') {
            format!("{key}index.html")
        } else {
            key.to_string()
        }
    };
    let aliases: BTreeMap<String, Owner> = site
        .aliases
        .iter()
        .map(|(key, &doc)| {
            let d = &site.docs[doc];
            let position = d
                .common
                .aliases
                .iter()
                .find(|a| a.id.trim_matches('/') == key.trim_matches('/'))
                .map_or(Position::START, |a| a.position);
            let owner = Owner::Alias {
                file: d.source_path.clone(),
                position,
            };
            (alias_file(key), owner)
        })
        .collect();
    let generated = |path: String| {
        let owner = aliases.get(&path).cloned().unwrap_or(Owner::Generated);
        (path, owner)
    };
    let mut files: Vec<(String, Owner)> = output.keys().cloned().map(generated).collect();
    files.extend(sunk.into_iter().map(generated));
    let theme_static = Path::new("themes").join(theme_name).join("static");
    files.extend(
        theme
            .static_files
            .keys()
            .map(|p| (p.clone(), Owner::Static(theme_static.join(p)))),
    );
    files.extend(static_files.map(|p| (p.clone(), Owner::Static(Path::new("static").join(p)))));
    files
}

/// One output file's privacy findings, with what they were found under.
struct Checked {
    path: String,
    /// Fingerprint of the origin and the allow list.
    key: u64,
    bytes: FileBytes,
    found: Vec<crate::privacy::External>,
}

/// The privacy check of the output, in parallel. With a remembering memo, a file whose
/// bytes are the very allocation checked last time (a page the page memo reused) keeps
/// its findings; the memo holds those bytes, so the address cannot be reused meanwhile.
/// Output and memo are both sorted by path, so they are paired by one merge, not by
/// a lookup per file.
fn privacy_check(
    output: &OutputMap,
    origin: &str,
    config: &Config,
    memo: &mut Memo,
) -> Vec<crate::privacy::External> {
    let allow = &config.privacy_allow;
    let key = crate::fingerprint::of((origin, allow));
    let mut previous = std::mem::take(&mut memo.privacy).into_iter().peekable();
    let mut files: Vec<(&String, &FileBytes, Option<Checked>)> = Vec::new();
    for (path, bytes) in output {
        if !crate::privacy::is_checked(path) {
            continue;
        }
        while previous.next_if(|c| c.path < *path).is_some() {}
        let kept = previous.next_if(|c| {
            c.path == *path && c.key == key && std::sync::Arc::ptr_eq(&c.bytes, bytes)
        });
        files.push((path, bytes, kept));
    }
    drop(previous);
    let checked: Vec<Checked> = files
        .into_par_iter()
        .map(|(path, bytes, kept)| {
            kept.unwrap_or_else(|| Checked {
                path: path.clone(),
                key,
                bytes: bytes.clone(),
                found: crate::privacy::check_file(path, bytes, origin, allow),
            })
        })
        .collect();
    let all = checked
        .iter()
        .flat_map(|c| c.found.iter().cloned())
        .collect();
    if memo.mode.remembers() {
        memo.privacy = checked;
    }
    all
}

/// The folders of the documents' pages (drafts left out unless they are built), in the
/// order the pages are rendered: the hub pages first (see `render::jobs`), then the
/// others in site order.
fn page_folders(config: &Config, documents: &[std::sync::Arc<Document>]) -> Vec<String> {
    let mut built: Vec<&Document> = documents
        .iter()
        .map(|d| &**d)
        .filter(|d| config.drafts || !d.common.draft)
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

/// The generated brand stylesheet (design tokens from `[brand]`).
pub const BRAND_CSS: &str = "css/brand.css";
/// RFC 9116 location.
pub const SECURITY_TXT: &str = ".well-known/security.txt";

fn security_txt(config: &Config, s: &config::SecurityTxt) -> String {
    let mut out = String::new();
    for contact in &s.contact {
        out.push_str(&format!("Contact: {contact}\n"));
    }
    out.push_str(&format!("Expires: {}\n", s.expires));
    if let Some(langs) = &s.preferred_languages {
        out.push_str(&format!("Preferred-Languages: {langs}\n"));
    }
    if let Some(policy) = &s.policy {
        out.push_str(&format!("Policy: {policy}\n"));
    }
    out.push_str(&format!(
        "Canonical: {}\n",
        config.absolute_url(SECURITY_TXT)
    ));
    out
}

/// `https://example.org/` of a base URL (empty for a bare path).
fn origin_of(base_url: &str) -> String {
    let Some(scheme_end) = base_url.find("://") else {
        return String::new();
    };
    let rest = &base_url[scheme_end + 3..];
    let host_end = rest.find('/').unwrap_or(rest.len());
    format!("{}{}/", &base_url[..scheme_end + 3], &rest[..host_end])
}

/// Reads `site.toml` and parses every content file (in parallel).
pub fn load(options: &BuildOptions) -> anyhow::Result<Loaded> {
    load_with(options, None)
}

fn load_with(options: &BuildOptions, mut memo: Option<&mut Memo>) -> anyhow::Result<Loaded> {
    let source = Source::new(&options.root, options.source.clone()).with_context(|| {
        format!(
            "map {} bestaat niet of is niet leesbaar",
            options.root.display()
        )
    })?;
    let mut diags = Diagnostics::default();
    let mut texts = HashMap::new();

    let Some(config_file) = source.config() else {
        bail!(
            "geen {} gevonden in {} — is dit de map van een site? (gebruik --root MAP)",
            config::CONFIG_FILE,
            options.root.display()
        );
    };
    let mut config = match file_text(&config_file, Default::default(), &mut diags) {
        Some(text) => {
            let c = config::parse(&text, &mut diags);
            texts.insert(config_file.path.clone(), text);
            c
        }
        None => Config::default(),
    };
    if options.drafts {
        config.drafts = true;
    }
    if options.preview {
        config.preview = true;
    }
    if let Some(url) = &options.base_url {
        if !config.set_base_url(url) {
            bail!("--base-url is geen geldige http(s)-URL of pad: {url}");
        }
    }

    // Parse every content file in parallel (reusing unchanged ones; a remembering memo
    // skips reading files whose stamp it knows).
    let config_key = crate::fingerprint::of(format!("{config:?}"));
    let hint = memo.as_deref_mut().and_then(|m| m.hint.take());
    let mut files = match memo.as_deref() {
        Some(m) if m.mode.remembers() => {
            let known = |path: &Path, stamp: crate::source::Stamp| {
                m.files
                    .get(path.as_os_str())
                    .is_some_and(|f| f.stamp == Some((stamp, config_key)))
            };
            let refreshed = match (hint, &m.listing) {
                (Some(changed), Some((key, listing))) if *key == config_key => {
                    source.refresh(Path::new("content"), listing, &changed, &known)
                }
                _ => None,
            };
            refreshed.unwrap_or_else(|| source.tree_reusing(Path::new("content"), &known))
        }
        _ => source.tree(Path::new("content")),
    };
    let cached = memo.as_deref().map(|m| &m.files);
    let memo_of = |path: &Path| cached.and_then(|c| c.get(path.as_os_str()));
    let parsed_now = std::sync::atomic::AtomicUsize::new(0);
    let nothing = |diagnostics| parse::ParsedFile {
        parsed: Parsed::Nothing,
        diagnostics,
        text: None,
    };
    let remember = memo.as_deref().is_some_and(|m| m.mode.remembers());
    // A file's fingerprint matters only to a memo that holds files or will.
    let fingerprinted = remember || cached.is_some_and(|c| !c.is_empty());
    // Resolve reports broken links at their line; keep texts for their snippets unless
    // the site is so large that memory matters more (positions are still reported).
    let keep_all_texts = files.len() <= 2_000;
    let quoted =
        |file: &parse::ParsedFile| options.lints || keep_all_texts || !file.diagnostics.is_empty();
    // Each file with, when it was parsed now, the fingerprint it was parsed under. A
    // one-shot build lets go of a file's bytes, and of its text when nothing will quote
    // it, right after parsing it, on the thread that read it: the memory goes to the
    // next file instead of the whole content folder being held twice until the end.
    let parsed: Vec<(parse::ParsedFile, Option<u64>)> = files
        .par_iter_mut()
        .map(|f| {
            // A file that could not be read says why (a link out of the folder), even
            // when its name is not Markdown's.
            if f.path.extension().is_none_or(|e| e != "md") && f.bytes.is_ok() {
                let mut local = Diagnostics::default();
                local.push(diagnostic(
                    config.language,
                    Severity::Warning,
                    &f.path,
                    Position::START,
                    Msg::NotMarkdown,
                ));
                return (nothing(local), None);
            }
            if f.unchanged {
                // `tree_reusing` only skips files the memo holds.
                let file = memo_of(&f.path).map(|m| m.file.clone());
                return (
                    file.unwrap_or_else(|| nothing(Diagnostics::default())),
                    None,
                );
            }
            match &mut f.bytes {
                Ok(bytes) if !fingerprinted => {
                    let bytes = std::mem::take(bytes);
                    parsed_now.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let mut file = parse::parse_file(&f.path, &bytes, &config);
                    if !quoted(&file) {
                        file.text = None;
                    }
                    (file, None)
                }
                Ok(bytes) => {
                    let key = crate::fingerprint::of((&*bytes, config_key));
                    match memo_of(&f.path).filter(|m| m.key == key) {
                        Some(m) => (m.file.clone(), None),
                        None => {
                            parsed_now.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            (parse::parse_file(&f.path, bytes, &config), Some(key))
                        }
                    }
                }
                Err(e) => {
                    let mut local = Diagnostics::default();
                    local.push(diagnostic(
                        config.language,
                        Severity::Error,
                        &f.path,
                        Position::START,
                        Msg::Unreadable { detail: e.clone() },
                    ));
                    (nothing(local), None)
                }
            }
        })
        .collect();
    if let Some(memo) = memo.as_deref_mut() {
        memo.parsed_count = parsed_now.load(std::sync::atomic::Ordering::Relaxed);
        // Files gone since the last build leave the memo.
        if memo.files.len() > files.len()
            || files
                .iter()
                .any(|f| !memo.files.contains_key(f.path.as_os_str()))
        {
            let present: FastMap<&std::ffi::OsStr, ()> =
                files.iter().map(|f| (f.path.as_os_str(), ())).collect();
            memo.files
                .retain(|p, _| present.contains_key(p.as_os_str()));
        }
        let plain = files.iter().all(|f| !f.linked && f.bytes.is_ok());
        memo.listing = (memo.mode.remembers() && plain)
            .then(|| (config_key, files.iter().map(|f| f.path.clone()).collect()));
    }
    let mut stale = std::collections::HashSet::new();
    let mut documents: Vec<std::sync::Arc<Document>> = Vec::new();
    let mut sections: Vec<SectionIndex> = Vec::new();
    for (f, (mut file, fresh)) in files.iter().zip(parsed) {
        let path = &f.path;
        if let Some(memo) = memo.as_deref_mut() {
            let keep_last_good = memo.mode.keeps_last_good();
            let stamp = f.stamp.filter(|_| f.bytes.is_ok()).map(|s| (s, config_key));
            let entry = memo.files.get_mut(path.as_os_str());
            match (fresh, entry) {
                // Parsed now: remembered (serve), with its last good version.
                (Some(key), entry) if memo.mode.remembers() => {
                    // While it parses, the file is its own last good version.
                    let last_good = match (&file.parsed, entry) {
                        (Parsed::Nothing, Some(e)) if keep_last_good => match &e.file.parsed {
                            Parsed::Nothing => e.last_good.take(),
                            good => Some(good.clone()),
                        },
                        _ => None,
                    };
                    memo.files.insert(
                        path.clone().into_os_string(),
                        FileMemo {
                            key,
                            stamp,
                            file: file.clone(),
                            last_good,
                        },
                    );
                }
                // A refresh did not look at it: the stamp it had still holds.
                (_, Some(entry)) if !(f.unchanged && f.stamp.is_none()) => entry.stamp = stamp,
                _ => {}
            }
            if let (Parsed::Nothing, true) = (&file.parsed, keep_last_good) {
                let good = memo
                    .files
                    .get(path.as_os_str())
                    .and_then(|e| e.last_good.clone());
                if let Some(good) = good {
                    file.parsed = good;
                    stale.insert(path.clone());
                }
            }
        }
        if quoted(&file) {
            if let Some(text) = &file.text {
                texts.insert(path.clone(), text.to_string());
            }
        }
        diags.extend(file.diagnostics);
        match file.parsed {
            Parsed::Document(d) => documents.push(d),
            Parsed::Section(s) => sections.push(*s),
            Parsed::Nothing => {}
        }
    }
    Ok(Loaded {
        source,
        config,
        documents,
        sections,
        texts,
        diagnostics: diags,
        stale,
    })
}

fn load_theme(
    options: &BuildOptions,
    source: &Source,
    config: &Config,
    diags: &mut Diagnostics,
    texts: &HashMap<PathBuf, String>,
) -> (Theme, u64) {
    let theme_dir = PathBuf::from("themes").join(&config.theme);
    let mut layers = Vec::new();
    let mut static_layers = Vec::new();
    if source.has_dir(&theme_dir) {
        layers.push(read_templates(
            source,
            &theme_dir.join("templates"),
            config,
            diags,
        ));
        static_layers.push(read_static(
            source,
            &theme_dir.join("static"),
            config,
            diags,
        ));
    } else if config.theme != "gemeente" {
        let text = texts
            .get(Path::new(config::CONFIG_FILE))
            .map_or("", String::as_str);
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with("theme"))
            .map_or(1, |i| i + 1);
        diags.push(diagnostic(
            config.language,
            Severity::Error,
            Path::new(config::CONFIG_FILE),
            Position { line, column: 1 },
            Msg::ThemeNotFound {
                name: config.theme.clone(),
            },
        ));
    }
    layers.push(read_templates(
        source,
        Path::new("templates"),
        config,
        diags,
    ));
    let fingerprint = crate::fingerprint::of(
        layers
            .iter()
            .flatten()
            .map(|t| (&t.name, &t.path, &t.text))
            .collect::<Vec<_>>(),
    );
    let mut generated = BTreeMap::new();
    generated.insert(
        BRAND_CSS.to_string(),
        crate::brand::stylesheet(&config.brand).into_bytes(),
    );
    let theme_options = render::theme::ThemeOptions {
        fingerprint: options.fingerprint,
        preview: config.preview,
        generated,
    };
    (
        Theme::load(config, layers, static_layers, &theme_options, diags),
        fingerprint,
    )
}

fn read_templates(
    source: &Source,
    dir: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<TemplateFile> {
    source
        .tree(dir)
        .into_iter()
        .filter_map(|f| {
            let name = f
                .path
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let text = file_text(&f, config.language, diags)?;
            Some(TemplateFile {
                name,
                path: f.path,
                text,
            })
        })
        .collect()
}

fn read_static(
    source: &Source,
    dir: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for f in source.tree(dir) {
        let Ok(rel) = f.path.strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        match f.bytes {
            Ok(bytes) => {
                out.insert(rel, bytes);
            }
            Err(e) => diags.push(diagnostic(
                config.language,
                Severity::Error,
                &f.path,
                Position::START,
                Msg::Unreadable { detail: e },
            )),
        }
    }
    out
}

/// The site's `static/` folder: small files read, large ones (when `stream`) only
/// listed with their source path and first bytes, for the writer to copy. A file too
/// large for a web page gets a warning either way.
#[allow(clippy::type_complexity)]
fn read_site_static(
    source: &Source,
    config: &Config,
    diags: &mut Diagnostics,
    stream: bool,
) -> (
    BTreeMap<String, Vec<u8>>,
    BTreeMap<String, (PathBuf, Vec<u8>)>,
) {
    let dir = Path::new("static");
    let streamed = |p: &Path| !crate::privacy::is_checked(&p.to_string_lossy());
    let files = if stream {
        source.tree_streaming(dir, STREAM_STATIC_ABOVE, &streamed)
    } else {
        source.tree(dir)
    };
    let mut small = BTreeMap::new();
    let mut large = BTreeMap::new();
    for f in files {
        let Ok(rel) = f.path.strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let len = f
            .large
            .unwrap_or_else(|| f.bytes.as_ref().map_or(0, |b| b.len() as u64));
        if len > LARGE_STATIC_WARNING {
            diags.push(diagnostic(
                config.language,
                Severity::Warning,
                &f.path,
                Position::START,
                Msg::LargeStaticFile {
                    megabytes: len / (1024 * 1024),
                },
            ));
        }
        match f.bytes {
            Ok(head) if f.large.is_some() => {
                large.insert(rel, (f.path, head));
            }
            Ok(bytes) => {
                small.insert(rel, bytes);
            }
            Err(e) => diags.push(diagnostic(
                config.language,
                Severity::Error,
                &f.path,
                Position::START,
                Msg::Unreadable { detail: e },
            )),
        }
    }
    (small, large)
}

/// The text of a file, or a diagnostic saying why there is none.
fn file_text(
    file: &SourceFile,
    lang: crate::messages::Lang,
    diags: &mut Diagnostics,
) -> Option<String> {
    match &file.bytes {
        Ok(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => Some(parse::frontmatter::normalise(text).into_owned()),
            Err(_) => {
                diags.push(diagnostic(
                    lang,
                    Severity::Error,
                    &file.path,
                    Position::START,
                    Msg::NotUtf8,
                ));
                None
            }
        },
        Err(e) => {
            diags.push(diagnostic(
                lang,
                Severity::Error,
                &file.path,
                Position::START,
                Msg::Unreadable { detail: e.clone() },
            ));
            None
        }
    }
}

/// Today's date from the system clock, for warnings only (never in output).
pub fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let days = i64::try_from(secs / 86_400).ok()?;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::parse(&format!("{year:04}-{month:02}-{day:02}"))
}
