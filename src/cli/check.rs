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
    /// Drukt de volgende datum af waarop de site verandert (door `publish_date` of
    /// `expires`), voor een geplande build in CI.
    #[arg(long)]
    pub next_change: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<u8> {
    crate::memory::one_shot();
    let start = Instant::now();
    let options = BuildOptions {
        root: cli.root.clone(),
        drafts: cli.drafts,
        as_of: cli.as_of(),
        lints: true,
        stream_static: true,
        ..BuildOptions::default()
    };
    let progress = report::Progress::start();
    let built = pipeline::build(&options)?;
    drop(progress);
    let lang = built.config.language;
    let json = args.format == Format::Json;
    let (errors, warnings) = if args.next_change && json {
        // One JSON document on stdout: the diagnostics inside it.
        print_next_change_json(&built);
        report::count_diagnostics(&built)
    } else {
        report::print_diagnostics(&built, json)
    };
    if args.next_change && !json {
        print_next_change(&built);
    }
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

/// `--next-change` for people and scripts: the date alone on stdout (nothing when none),
/// what changes on it on stderr.
fn print_next_change(built: &pipeline::Built) {
    let lang = built.config.language;
    match &built.next_change {
        Some(next) => {
            println!("{}", next.date);
            let changes = next
                .changes
                .iter()
                .map(|(d, change)| {
                    let file = crate::parse::content_relative(&d.source_path);
                    (file, *change == crate::schedule::Change::Appears)
                })
                .collect();
            let said = Say::NextChange {
                date: next.date.to_string(),
                changes,
            };
            eprintln!("{}", said.text(lang));
        }
        None => {
            let as_of = built
                .config
                .as_of
                .map(|d| d.to_string())
                .unwrap_or_default();
            eprintln!("{}", Say::NoNextChange { as_of }.text(lang));
        }
    }
}

/// `--next-change --format json`: `{"as_of", "next_change": {"date", "changes"} | null,
/// "diagnostics"}`.
fn print_next_change_json(built: &pipeline::Built) {
    let next = built.next_change.as_ref().map(|next| {
        let changes: Vec<serde_json::Value> = next
            .changes
            .iter()
            .map(|(d, change)| {
                serde_json::json!({
                    "file": crate::parse::content_relative(&d.source_path),
                    "url": built.config.absolute_url(&d.url_path),
                    "change": match change {
                        crate::schedule::Change::Appears => "appears",
                        crate::schedule::Change::Disappears => "disappears",
                    },
                })
            })
            .collect();
        serde_json::json!({ "date": next.date.to_string(), "changes": changes })
    });
    let items = built.diagnostics.clone().into_sorted();
    let diagnostics: serde_json::Value =
        serde_json::from_str(&crate::diagnostics::render_json(&items)).unwrap_or_default();
    let out = serde_json::json!({
        "as_of": built.config.as_of.map(|d| d.to_string()),
        "next_change": next,
        "diagnostics": diagnostics,
    });
    println!("{out}");
}
