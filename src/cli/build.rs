//! `verteller build`: build the site and write it atomically.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::{Cli, EXIT_SITE_ERRORS, report};
use crate::output::Staging;
use crate::pipeline::{self, BuildOptions};

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
    let options = BuildOptions {
        root: cli.root.clone(),
        drafts: cli.drafts,
        base_url: args.base_url.clone(),
        today: pipeline::today(),
        fingerprint: true,
        preview: args.preview,
        output_dir: args.output.clone(),
        stream_static: true,
        ..BuildOptions::default()
    };
    let progress = report::Progress::start(if cfg!(test) {
        ""
    } else {
        "verteller is bezig…"
    });
    let writer = Writer {
        root: &cli.root,
        output: args.output.as_deref(),
        staging: std::sync::OnceLock::new(),
    };
    let built = pipeline::build_into(&options, &writer)?;
    drop(progress);
    // Dropped unfinished (on errors), the staging directory is removed.
    let staging = writer.staging.into_inner();
    let lang = built.config.language;
    let (errors, warnings) = report::print_diagnostics(&built, false);
    if errors > 0 {
        drop(staging);
        eprintln!(
            "{}",
            lang.pick(
                &format!(
                    "Niet gebouwd: {}. De vorige uitvoer is niet aangeraakt.",
                    report::counts(lang, errors, warnings)
                ),
                &format!(
                    "Not built: {}. The previous output was not touched.",
                    report::counts(lang, errors, warnings)
                ),
            )
        );
        return Ok(EXIT_SITE_ERRORS);
    }
    let mut files = built.output;
    let mut search_note = String::new();
    if built.config.search {
        let started = Instant::now();
        let index = crate::search::index(&files, &built.config)?;
        let bytes: usize = index.values().map(|b| b.len()).sum();
        search_note = match lang {
            crate::messages::Lang::Nl => format!(
                "Zoekindex: {} bestanden, {} kB in {}.",
                index.len(),
                bytes / 1024,
                report::seconds(lang, started.elapsed())
            ),
            crate::messages::Lang::En => format!(
                "Search index: {} files, {} kB in {}.",
                index.len(),
                bytes / 1024,
                report::seconds(lang, started.elapsed())
            ),
        };
        files.extend(index);
    }
    let output = output_dir(&cli.root, args.output.as_deref(), &built.config)?;
    let writing = Instant::now();
    let streamed = staging.is_some();
    let copies: Vec<crate::output::Copy> = built
        .copies
        .iter()
        .map(|(path, from)| crate::output::Copy {
            path: path.clone(),
            from: cli.root.join(from),
        })
        .collect();
    let written = match staging {
        Some(staging) => staging.finish(&files, &copies)?,
        None => crate::output::write(&cli.root, &output, &files, &copies)?,
    };
    if args.timings {
        let mut stages = built.stages.clone();
        stages.push((if streamed { "finish" } else { "write" }, writing.elapsed()));
        eprintln!("{}", report::stage_table(lang, &stages));
    }
    let pages = written.pages;
    let time = report::seconds(lang, start.elapsed());
    eprintln!(
        "{}",
        match lang {
            crate::messages::Lang::Nl => format!(
                "{} documenten, {pages} pagina's, {} bestanden geschreven naar {} in {time} ({}).",
                built.documents,
                written.files,
                output.display(),
                report::counts(lang, errors, warnings)
            ),
            crate::messages::Lang::En => format!(
                "{} documents, {pages} pages, {} files written to {} in {time} ({}).",
                built.documents,
                written.files,
                output.display(),
                report::counts(lang, errors, warnings)
            ),
        }
    );
    if !search_note.is_empty() {
        eprintln!("{search_note}");
    }
    Ok(0)
}

/// `build`'s sink: opens a staging directory for the output the config names (or
/// `--output`), so pages are written while the others still render. When the output
/// is refused, nothing is streamed and `output::write` reports why, after the site's
/// own problems.
struct Writer<'a> {
    root: &'a Path,
    output: Option<&'a Path>,
    staging: std::sync::OnceLock<Staging>,
}

/// `--output`, else `output_dir` from `site.toml` under the site's root, which must
/// stay inside the site with symbolic links followed.
fn output_dir(
    root: &Path,
    output: Option<&Path>,
    config: &crate::config::Config,
) -> anyhow::Result<PathBuf> {
    match output {
        Some(output) => Ok(output.to_path_buf()),
        None => {
            let dir = root.join(&config.output_dir);
            crate::output::check_inside_site(root, &dir)
                .map_err(|r| anyhow::anyhow!("{r}: {}", dir.display()))?;
            Ok(dir)
        }
    }
}

impl pipeline::Sink for Writer<'_> {
    fn open(&self, config: &crate::config::Config, folders: Vec<String>) -> bool {
        let Ok(dir) = output_dir(self.root, self.output, config) else {
            return false;
        };
        match Staging::create(self.root, &dir) {
            Ok(mut staging) => {
                staging.prepare(folders);
                self.staging.set(staging).is_ok()
            }
            Err(_) => false,
        }
    }

    fn abandon(&self) {
        if let Some(staging) = self.staging.get() {
            staging.stop_preparing();
        }
    }

    fn put(&self, path: &str, bytes: &[u8]) {
        if let Some(staging) = self.staging.get() {
            staging.put(path, bytes);
        }
    }
}
