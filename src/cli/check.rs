//! `verteller check`: report every problem, write nothing.

use std::time::Instant;

use crate::cli::{Cli, EXIT_SITE_ERRORS, report};
use crate::messages::Say;
use crate::pipeline::{self, BuildOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Uitvoer voor mensen of JSON voor CI.
    #[arg(long, value_enum, default_value = "human", value_name = "VORM")]
    pub format: Format,
    /// Ook waarschuwingen laten falen (exit 1).
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<u8> {
    crate::memory::one_shot();
    let start = Instant::now();
    let options = BuildOptions {
        root: cli.root.clone(),
        drafts: cli.drafts,
        today: pipeline::today(),
        lints: true,
        stream_static: true,
        ..BuildOptions::default()
    };
    let progress = report::Progress::start();
    let built = pipeline::build(&options)?;
    drop(progress);
    let lang = built.config.language;
    let (errors, warnings) = report::print_diagnostics(&built, args.format == Format::Json);
    if args.format == Format::Human {
        let checked = Say::Checked {
            documents: built.documents,
            time: report::seconds(lang, start.elapsed()),
            counts: report::counts(lang, errors, warnings),
        };
        eprintln!("{}", checked.text(lang));
    }
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    Ok(if failed { EXIT_SITE_ERRORS } else { 0 })
}
