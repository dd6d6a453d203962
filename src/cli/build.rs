//! `verteller build`: build the site and write it atomically.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::{Cli, EXIT_SITE_ERRORS, report};
use crate::messages::Say;
use crate::output::{Copy, Folder, OutputMap, Written};
use crate::pipeline::{self, BuildOptions, Built, Target};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Uitvoermap (standaard: output_dir uit site.toml, anders public/).
    #[arg(long, value_name = "MAP")]
    pub output: Option<PathBuf>,
    /// Vervangt base_url uit site.toml, bijvoorbeeld https://www.gemeente.nl/verhaal/.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Voorbeeldbuild voor een testserver: noindex op elke pagina, robots.txt weert alles.
    #[arg(long)]
    pub preview: bool,
    /// Toont na afloop hoeveel tijd elke stap van de build kostte.
    #[arg(long)]
    pub timings: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<u8> {
    crate::memory::one_shot();
    let start = Instant::now();
    let options = build_options(cli, args);
    let progress = report::Progress::start();
    let mut built = pipeline::build(&options)?;
    drop(progress);
    let lang = built.config.language;
    let (errors, warnings) = report::print_diagnostics(&built, false);
    if errors > 0 {
        // Dropped unfinished, the staging directory is removed.
        drop(built.staging.take());
        print_not_built(lang, errors, warnings);
        return Ok(EXIT_SITE_ERRORS);
    }
    if let Some(refused) = built.refused.take() {
        return Err(refused);
    }
    let Some(folder) = built.folder.take() else {
        anyhow::bail!("interne fout: de build had geen uitvoermap");
    };
    let mut files = std::mem::take(&mut built.output);
    let search_note = add_search_index(&mut files, &mut built)?;
    let written = write(&cli.root, &mut built, &folder, &files, args.timings)?;
    let done = Done {
        documents: built.documents,
        written: &written,
        folder: &folder.path,
        time: report::seconds(lang, start.elapsed()),
        counts: report::counts(lang, errors, warnings),
    };
    eprintln!("{}", done.line(lang));
    if built.photos_encoded > 0 {
        let count = built.photos_encoded;
        eprintln!("{}", Say::PhotosEncoded { count }.text(lang));
    }
    if !search_note.is_empty() {
        eprintln!("{search_note}");
    }
    Ok(0)
}

/// A build for `build`: into a folder, static files fingerprinted, large ones streamed.
fn build_options(cli: &Cli, args: &Args) -> BuildOptions {
    BuildOptions {
        root: cli.root.clone(),
        drafts: cli.drafts,
        base_url: args.base_url.clone(),
        as_of: cli.as_of(),
        fingerprint: true,
        preview: args.preview,
        target: Target::Folder(args.output.clone()),
        stream_static: true,
        placeholder_warnings: true,
        ..BuildOptions::default()
    }
}

/// "Niet gebouwd: 2 fouten. De vorige uitvoer is niet aangeraakt."
fn print_not_built(lang: crate::messages::Lang, errors: usize, warnings: usize) {
    let counts = report::counts(lang, errors, warnings);
    eprintln!("{}", Say::NotBuilt { counts }.text(lang));
}

/// Adds the search index to `files` when the site has search on, and says what it took
/// (empty without search).
fn add_search_index(files: &mut OutputMap, built: &mut Built) -> anyhow::Result<String> {
    if !built.config.search {
        return Ok(String::new());
    }
    let started = Instant::now();
    let index = match built.search.take() {
        // The pages were read as they rendered; the rest is read now.
        Some(pending) => pending.finish(files)?,
        None => crate::search::index(files, &built.config)?,
    };
    let note = search_note(built.config.language, &index, started.elapsed());
    files.extend(index);
    Ok(note)
}

/// Writes the rest of the output (`files` and the large static files) and swaps it in:
/// into the staging directory the pages were written to as they rendered, or, when
/// there is none, into the folder opened now. With `timings`, prints every stage's time.
fn write(
    root: &Path,
    built: &mut Built,
    folder: &Folder,
    files: &OutputMap,
    timings: bool,
) -> anyhow::Result<Written> {
    let copies: Vec<Copy> = built
        .copies
        .iter()
        .map(|(path, from)| Copy {
            path: path.clone(),
            from: root.join(from),
            link: false,
        })
        .chain(built.photo_copies.iter().map(|(path, from)| Copy {
            path: path.clone(),
            from: root.join(from),
            link: true,
        }))
        .collect();
    let writing = Instant::now();
    let staging = built.staging.take();
    let streamed = staging.is_some();
    let written = match staging {
        Some(staging) => staging.finish(files, &copies)?,
        None => folder.open(root)?.finish(files, &copies)?,
    };
    if timings {
        let mut stages = built.stages.clone();
        stages.push((if streamed { "finish" } else { "write" }, writing.elapsed()));
        eprintln!("{}", report::stage_table(built.config.language, &stages));
    }
    Ok(written)
}

/// What a finished build reports in its last line.
struct Done<'a> {
    documents: usize,
    written: &'a Written,
    folder: &'a Path,
    /// The build's wall time, as shown.
    time: String,
    /// Errors and warnings, as shown.
    counts: String,
}

impl Done<'_> {
    /// "12 documenten, 30 pagina's, 45 bestanden geschreven naar public in 0,21 s (…)."
    fn line(&self, lang: crate::messages::Lang) -> String {
        let Done {
            documents,
            written,
            folder,
            time,
            counts,
        } = self;
        Say::Built {
            documents: *documents,
            pages: written.pages,
            files: written.files,
            folder: crate::diagnostics::shown(folder),
            time: time.clone(),
            counts: counts.clone(),
        }
        .text(lang)
    }
}

/// "Zoekindex: 65 bestanden, 693 kB in 0,1 s."
fn search_note(
    lang: crate::messages::Lang,
    index: &crate::output::OutputMap,
    took: std::time::Duration,
) -> String {
    let bytes: usize = index.values().map(|b| b.len()).sum();
    let (files, kb, time) = (index.len(), bytes / 1024, report::seconds(lang, took));
    Say::SearchIndex { files, kb, time }.text(lang)
}
