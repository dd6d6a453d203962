//! `verteller build`: build the site and write it atomically.

use std::path::PathBuf;
use std::time::Instant;

use crate::cli::{Cli, EXIT_SITE_ERRORS, report};
use crate::output::Copy;
use crate::pipeline::{self, BuildOptions, Target};

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
        target: Target::Folder(args.output.clone()),
        stream_static: true,
        ..BuildOptions::default()
    };
    let progress = report::Progress::start(if cfg!(test) {
        ""
    } else {
        "verteller is bezig…"
    });
    let mut built = pipeline::build(&options)?;
    drop(progress);
    let lang = built.config.language;
    let (errors, warnings) = report::print_diagnostics(&built, false);
    if errors > 0 {
        // Dropped unfinished, the staging directory is removed.
        drop(built.staging.take());
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
    if let Some(refused) = built.refused.take() {
        return Err(refused);
    }
    let Some(folder) = built.folder.take() else {
        anyhow::bail!("interne fout: de build had geen uitvoermap");
    };
    let mut files = std::mem::take(&mut built.output);
    let search_note = if built.config.search {
        let started = Instant::now();
        let index = crate::search::index(&files, &built.config)?;
        let note = search_note(lang, &index, started.elapsed());
        files.extend(index);
        note
    } else {
        String::new()
    };
    let copies: Vec<Copy> = built
        .copies
        .iter()
        .map(|(path, from)| Copy {
            path: path.clone(),
            from: cli.root.join(from),
        })
        .collect();
    let writing = Instant::now();
    let staging = built.staging.take();
    let streamed = staging.is_some();
    let written = match staging {
        Some(staging) => staging.finish(&files, &copies)?,
        None => folder.open(&cli.root)?.finish(&files, &copies)?,
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
                folder.path.display(),
                report::counts(lang, errors, warnings)
            ),
            crate::messages::Lang::En => format!(
                "{} documents, {pages} pages, {} files written to {} in {time} ({}).",
                built.documents,
                written.files,
                folder.path.display(),
                report::counts(lang, errors, warnings)
            ),
        }
    );
    if !search_note.is_empty() {
        eprintln!("{search_note}");
    }
    Ok(0)
}

/// "Zoekindex: 65 bestanden, 693 kB in 0,1 s."
fn search_note(
    lang: crate::messages::Lang,
    index: &crate::output::OutputMap,
    took: std::time::Duration,
) -> String {
    let bytes: usize = index.values().map(|b| b.len()).sum();
    let (files, kb, time) = (index.len(), bytes / 1024, report::seconds(lang, took));
    match lang {
        crate::messages::Lang::Nl => format!("Zoekindex: {files} bestanden, {kb} kB in {time}."),
        crate::messages::Lang::En => format!("Search index: {files} files, {kb} kB in {time}."),
    }
}
