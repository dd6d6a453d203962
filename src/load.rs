//! Reading the site: `site.toml`, every content file parsed (in parallel, reusing what
//! serve's [`LoadMemo`] holds), the theme's templates and static files, and the site's
//! static files. `source` touches the disk; this stage decides what to read and turns
//! the bytes into typed inputs and diagnostics.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostics, Position, Severity, diagnostic};
use crate::fingerprint::FastMap;
use crate::messages::Msg;
use crate::mode::Mode;
use crate::model::{Document, SectionIndex};
use crate::parse::{self, Parsed};
use crate::render::{self, Theme, theme::TemplateFile};
use crate::source::{Source, SourceFile, SourceOptions};

/// The generated brand stylesheet (design tokens from `[brand]`).
pub const BRAND_CSS: &str = "css/brand.css";

/// A static file larger than this is copied into the output, not held in memory
/// (when `BuildOptions::stream_static`); HTML, CSS and SVG are always read, as the
/// privacy check reads them.
pub const STREAM_STATIC_ABOVE: u64 = 1024 * 1024;
/// A static file larger than this gets a warning: a reader on a phone downloads it.
pub const LARGE_STATIC_WARNING: u64 = 20 * 1024 * 1024;

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
    /// Content paths (`verhalen/buurt.md`) of Markdown files that exist but gave no
    /// document: their own errors say why, so links to them are not reported again.
    pub unparsed: std::collections::BTreeSet<String>,
}

/// What loading keeps for serve's next rebuild: parsed files by content hash (and by
/// stamp), the listing of `content/`, and what the watcher reported.
#[derive(Default)]
pub struct LoadMemo {
    /// Content files by path (a path's bytes: hashing a `Path` walks its components).
    files: FastMap<OsString, FileMemo>,
    /// The content files the last build found, in walk order, when each was a plain
    /// file that could be read, with the config key they were parsed under: what a
    /// reported change can be applied to.
    listing: Option<(u64, Vec<PathBuf>)>,
    /// What the next build is told changed under `content/`.
    pub hint: Option<Vec<PathBuf>>,
    /// Files parsed (not reused) by the last build.
    pub parsed_count: usize,
    /// Copied from the pipeline's memo before each build.
    pub mode: Mode,
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

/// What loading needs of a build's options (`pipeline::BuildOptions::load_options`).
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions<'a> {
    pub root: &'a Path,
    pub source: &'a SourceOptions,
    /// Include drafts (also when `site.toml` says no).
    pub drafts: bool,
    /// `noindex` everywhere (staging servers).
    pub preview: bool,
    /// The as-of date of publication ([`Config::as_of`]).
    pub as_of: Option<crate::model::Date>,
    /// Build documents outside their publication dates too, with a banner (serve).
    pub scheduled: bool,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<&'a str>,
    /// `check`'s lints will quote every file: keep every text.
    pub lints: bool,
    /// Content-hashed names for theme assets.
    pub fingerprint: bool,
}

/// Reads `site.toml` and parses every content file (in parallel).
pub fn load(options: &LoadOptions<'_>) -> anyhow::Result<Loaded> {
    load_with(options, None)
}

/// `site.toml`, with the command line's overrides (`--drafts`, `--preview`,
/// `--base-url`). `Err` when there is none, or `--base-url` is no URL.
fn read_config(
    source: &Source,
    options: &LoadOptions<'_>,
    diags: &mut Diagnostics,
    texts: &mut HashMap<PathBuf, String>,
) -> anyhow::Result<Config> {
    let Some(config_file) = source.config() else {
        bail!(
            "geen {} gevonden in {} — is dit de map van een site? (gebruik --root MAP)",
            config::CONFIG_FILE,
            crate::diagnostics::shown(options.root)
        );
    };
    let mut config = match file_text(&config_file, Default::default(), diags) {
        Some(text) => {
            let c = config::parse(&text, diags);
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
    // A taxonomy named like a kind's folder or a front-matter key would take its place
    // (checked here, with `[folders]` read wherever it stands in site.toml).
    let folders = config.folders.clone();
    config.taxonomies.retain(|t| {
        let folder = folders
            .iter()
            .find(|(_, folder)| **folder == t.name)
            .map(|(kind, _)| kind.token().to_string());
        let key = crate::model::Kind::ALL
            .iter()
            .flat_map(|k| parse::fields::spec(*k))
            .any(|f| f.name == t.name)
            .then(|| "front matter".to_string());
        let taken = folder.or(key);
        if let Some(other) = &taken {
            let msg = Msg::TaxonomyNameTaken {
                name: t.name.clone(),
                other: other.clone(),
            };
            diags.push(diagnostic(
                config.language,
                Severity::Error,
                &config_file.path,
                t.position,
                msg,
            ));
        }
        taken.is_none()
    });
    config.as_of = options.as_of;
    config.scheduled = options.scheduled;
    if let Some(url) = options.base_url
        && !config.set_base_url(url)
    {
        bail!("--base-url is geen geldige http(s)-URL of pad: {url}");
    }
    Ok(config)
}

/// [`load`], reusing the parsed files `memo` holds and remembering them when it does
/// (serve's rebuilds).
pub(crate) fn load_with(
    options: &LoadOptions<'_>,
    mut memo: Option<&mut LoadMemo>,
) -> anyhow::Result<Loaded> {
    let source = Source::new(options.root, options.source.clone()).with_context(|| {
        format!(
            "map {} bestaat niet of is niet leesbaar",
            crate::diagnostics::shown(options.root)
        )
    })?;
    let mut diags = Diagnostics::default();
    let mut texts = HashMap::new();

    let config = read_config(&source, options, &mut diags, &mut texts)?;

    // Parse every content file in parallel (reusing unchanged ones; a remembering memo
    // skips reading files whose stamp it knows).
    let config_key = crate::fingerprint::of(format!("{config:?}"));
    let mut files = list_content(&source, memo.as_deref_mut(), config_key);
    let cached = memo.as_deref().map(|m| &m.files);
    let remember = memo.as_deref().is_some_and(|m| m.mode.remembers());
    let parsing = Parsing {
        config: &config,
        config_key,
        cached,
        // A file's fingerprint matters only to a memo that holds files or will.
        fingerprinted: remember || cached.is_some_and(|c| !c.is_empty()),
        // Resolve reports broken links at their line; keep texts for their snippets
        // unless the site is so large that memory matters more (positions are still
        // reported).
        keep_all_texts: options.lints || files.len() <= 2_000,
        parsed_now: std::sync::atomic::AtomicUsize::new(0),
    };
    // A one-shot build lets go of a file's bytes, and of its text when nothing will
    // quote it, right after parsing it, on the thread that read it: the memory goes to
    // the next file instead of the whole content folder being held twice until the end.
    let parsed: Vec<(parse::ParsedFile, Option<u64>)> =
        files.par_iter_mut().map(|f| parsing.parse(f)).collect();
    let keep_all_texts = parsing.keep_all_texts;
    let parsed_count = parsing.parsed_now.into_inner();
    if let Some(memo) = memo.as_deref_mut() {
        memo.parsed_count = parsed_count;
        forget_gone(memo, &files, config_key);
    }
    let mut stale = std::collections::HashSet::new();
    let mut unparsed = std::collections::BTreeSet::new();
    let mut documents: Vec<std::sync::Arc<Document>> = Vec::new();
    let mut sections: Vec<SectionIndex> = Vec::new();
    for (f, (mut file, fresh)) in files.iter().zip(parsed) {
        if let Some(memo) = memo.as_deref_mut() {
            remember_file(memo, f, &mut file, (fresh, config_key));
            if memo.mode.keeps_last_good() && stands_in(memo, f, &mut file) {
                stale.insert(f.path.clone());
            }
        }
        if Parsing::quoted(keep_all_texts, &file)
            && let Some(text) = &file.text
        {
            texts.insert(f.path.clone(), text.to_string());
        }
        diags.extend(file.diagnostics);
        match file.parsed {
            Parsed::Document(d) => documents.push(d),
            Parsed::Section(s) => sections.push(*s),
            Parsed::Nothing if is_markdown_name(&f.path) => {
                unparsed.insert(markdown_path(&f.path));
            }
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
        unparsed,
    })
}

/// The files under `content/`: with a remembering memo, files whose stamp it knows are
/// not read, and a change the watcher reported is applied to the last listing instead
/// of walking the folder again.
fn list_content(source: &Source, memo: Option<&mut LoadMemo>, config_key: u64) -> Vec<SourceFile> {
    let content = Path::new("content");
    let Some(m) = memo.filter(|m| m.mode.remembers()) else {
        return source.tree(content);
    };
    let hint = m.hint.take();
    let known = |path: &Path, stamp: crate::source::Stamp| {
        m.files
            .get(path.as_os_str())
            .is_some_and(|f| f.stamp == Some((stamp, config_key)))
    };
    let refreshed = match (hint, &m.listing) {
        (Some(changed), Some((key, listing))) if *key == config_key => {
            source.refresh(content, listing, &changed, &known)
        }
        _ => None,
    };
    refreshed.unwrap_or_else(|| source.tree_reusing(content, &known))
}

/// What parsing each content file needs, shared by the threads.
struct Parsing<'a> {
    config: &'a Config,
    config_key: u64,
    /// The memo's files, when there is a memo.
    cached: Option<&'a FastMap<OsString, FileMemo>>,
    /// Whether files are fingerprinted (only a memo that holds files, or will, reads it).
    fingerprinted: bool,
    /// Keep every file's text, not only of those with diagnostics.
    keep_all_texts: bool,
    /// Files parsed (not reused).
    parsed_now: std::sync::atomic::AtomicUsize,
}

impl Parsing<'_> {
    /// Whether a file's text is kept: something may quote it.
    fn quoted(keep_all_texts: bool, file: &parse::ParsedFile) -> bool {
        keep_all_texts || !file.diagnostics.is_empty()
    }

    fn memo_of(&self, path: &Path) -> Option<&FileMemo> {
        self.cached.and_then(|c| c.get(path.as_os_str()))
    }

    /// One content file parsed (or taken from the memo), with the fingerprint it was
    /// parsed under when it was parsed now.
    fn parse(&self, f: &mut SourceFile) -> (parse::ParsedFile, Option<u64>) {
        let nothing = |diagnostics| parse::ParsedFile {
            parsed: Parsed::Nothing,
            diagnostics,
            text: None,
        };
        let one = |severity, msg| {
            let lang = self.config.language;
            let mut local = Diagnostics::default();
            local.push(diagnostic(lang, severity, &f.path, Position::START, msg));
            (nothing(local), None)
        };
        if crate::source::is_listed_only(&f.path) && f.bytes.is_ok() {
            // A photo beside the Markdown: the photo stage's business.
            return (nothing(Diagnostics::default()), None);
        }
        // A file that could not be read says why (a link out of the folder), even when
        // its name is not Markdown's.
        if f.path.extension().is_none_or(|e| e != "md") && f.bytes.is_ok() {
            if is_markdown_name(&f.path) {
                let name = markdown_path(&f.path);
                let name = name.rsplit('/').next().unwrap_or_default().to_string();
                return one(Severity::Error, Msg::MarkdownExtension { rename: name });
            }
            return one(Severity::Warning, Msg::NotMarkdown);
        }
        if f.unchanged {
            // `tree_reusing` only skips files the memo holds.
            let file = self.memo_of(&f.path).map(|m| m.file.clone());
            return (
                file.unwrap_or_else(|| nothing(Diagnostics::default())),
                None,
            );
        }
        let count = || {
            self.parsed_now
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        };
        match &mut f.bytes {
            Ok(bytes) if !self.fingerprinted => {
                let bytes = std::mem::take(bytes);
                count();
                let mut file = parse::parse_file(&f.path, &bytes, self.config);
                if !Self::quoted(self.keep_all_texts, &file) {
                    file.text = None;
                }
                (file, None)
            }
            Ok(bytes) => {
                let key = crate::fingerprint::of((&*bytes, self.config_key));
                match self.memo_of(&f.path).filter(|m| m.key == key) {
                    Some(m) => (m.file.clone(), None),
                    None => {
                        count();
                        (parse::parse_file(&f.path, bytes, self.config), Some(key))
                    }
                }
            }
            Err(e) => one(Severity::Error, Msg::Unreadable { detail: e.clone() }),
        }
    }
}

/// Markdown under another name than `.md` (`.MD`, `.markdown`, `.mdown`, `.mkd`): an
/// error that says to rename it, never a story silently left out.
fn is_markdown_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["md", "markdown", "mdown", "mkd", "mkdn"]
            .iter()
            .any(|m| e.eq_ignore_ascii_case(m))
    })
}

/// The content path (`verhalen/buurt.md`) a Markdown file has, or would have once
/// renamed to `.md`.
fn markdown_path(path: &Path) -> String {
    let rel = parse::content_relative(path);
    if is_markdown_name(path) && path.extension().is_some_and(|e| e != "md") {
        let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
        return format!("{stem}.md");
    }
    rel
}

/// Files gone since the last build leave the memo; the listing is remembered when every
/// file was a plain, readable one.
fn forget_gone(memo: &mut LoadMemo, files: &[SourceFile], config_key: u64) {
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

/// Brings the memo's entry of a file up to date: a file parsed now is remembered
/// (serve) with its last good version; a file the walk did not read keeps its entry
/// with the new stamp. `fresh` is the fingerprint it was parsed under now, if it was,
/// and the config's key.
fn remember_file(
    memo: &mut LoadMemo,
    f: &SourceFile,
    file: &mut parse::ParsedFile,
    (fresh, config_key): (Option<u64>, u64),
) {
    let keep_last_good = memo.mode.keeps_last_good();
    let stamp = f.stamp.filter(|_| f.bytes.is_ok()).map(|s| (s, config_key));
    let entry = memo.files.get_mut(f.path.as_os_str());
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
                f.path.clone().into_os_string(),
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
}

/// Serve: a file that no longer parses stands in with its last good version. Whether
/// it does.
fn stands_in(memo: &LoadMemo, f: &SourceFile, file: &mut parse::ParsedFile) -> bool {
    if !matches!(file.parsed, Parsed::Nothing) {
        return false;
    }
    let good = memo
        .files
        .get(f.path.as_os_str())
        .and_then(|e| e.last_good.clone());
    match good {
        Some(good) => {
            file.parsed = good;
            true
        }
        None => false,
    }
}

pub(crate) fn load_theme(
    options: &LoadOptions<'_>,
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
        diags.push(diagnostic(
            config.language,
            Severity::Error,
            Path::new(config::CONFIG_FILE),
            config::locate_key(text, None, "theme"),
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
    read_static_tree(source, dir, config, diags, false).0
}

/// Static files: the small ones read (site path → bytes), the large ones listed (site
/// path → source path, first bytes and size in bytes).
pub(crate) type StaticFiles = (
    BTreeMap<String, Vec<u8>>,
    BTreeMap<String, (PathBuf, Vec<u8>, u64)>,
);

/// The site's `static/` folder: small files read, large ones (when `stream`) only
/// listed with their source path and first bytes, for the writer to copy. A file too
/// large for a web page gets a warning either way.
pub(crate) fn read_site_static(
    source: &Source,
    config: &Config,
    diags: &mut Diagnostics,
    stream: bool,
) -> StaticFiles {
    read_static_tree(source, Path::new("static"), config, diags, stream)
}

/// A folder of static files (the site's or a theme's): small files read, large ones
/// (when `stream`) only listed with their source path and first bytes.
fn read_static_tree(
    source: &Source,
    dir: &Path,
    config: &Config,
    diags: &mut Diagnostics,
    stream: bool,
) -> StaticFiles {
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
                large.insert(rel, (f.path, head, len));
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
