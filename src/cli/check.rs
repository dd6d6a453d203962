//! `verteller check`: report every problem, write nothing (but, with `--extern`, the
//! external links' cache in `.verteller-cache/` and the report asked for).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cli::{Cli, EXIT_SITE_ERRORS, report};
use crate::extern_check::{self, Cache};
use crate::messages::Say;
use crate::pipeline::{self, BuildOptions, Built};

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
    /// Controleer ook de links naar andere sites, via internet (nooit bij build).
    #[arg(long = "extern")]
    pub extern_links: bool,
    /// Met --extern: hoeveel dagen een goede uitkomst uit de cache geldt (0: alles opnieuw).
    #[arg(long, value_name = "DAGEN", default_value_t = extern_check::DEFAULT_MAX_AGE_DAYS, requires = "extern_links")]
    pub extern_max_age: u64,
    /// Met --extern: hoeveel seconden elke vraag aan een andere site mag duren.
    #[arg(long, value_name = "SECONDEN", default_value_t = extern_check::DEFAULT_TIMEOUT_SECONDS,
          value_parser = clap::value_parser!(u64).range(1..=600), requires = "extern_links")]
    pub extern_timeout: u64,
    /// Met --extern: hoeveel vragen tegelijk naar één website gaan.
    #[arg(long, value_name = "AANTAL", default_value_t = extern_check::DEFAULT_PER_HOST as u64,
          value_parser = clap::value_parser!(u64).range(1..=16), requires = "extern_links")]
    pub extern_per_host: u64,
    /// Met --extern: schrijf elk extern adres met zijn uitkomst als JSON in dit bestand.
    #[arg(long, value_name = "BESTAND", requires = "extern_links")]
    pub extern_report: Option<PathBuf>,
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
        check_photos: true,
        extern_links: args.extern_links,
        ..BuildOptions::default()
    };
    let progress = report::Progress::start();
    let mut built = pipeline::build(&options)?;
    let extern_said = if args.extern_links {
        check_extern(cli, args, &mut built)?
    } else {
        Vec::new()
    };
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
    for said in extern_said {
        eprintln!("{}", said.text(lang));
    }
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
    let diagnostics = crate::diagnostics::json_value(&items);
    let out = serde_json::json!({
        "as_of": built.config.as_of.map(|d| d.to_string()),
        "next_change": next,
        "diagnostics": diagnostics,
    });
    println!("{out}");
}
/// `--extern`: checks the external links the build listed, adds a diagnostic for each
/// that is not fine, keeps the results in the cache and writes the report when asked.
/// Returns what to say after the diagnostics (notes, then the summary line). Only a
/// report that cannot be written fails the command; a cache that cannot be read or
/// written is a note.
fn check_extern(cli: &Cli, args: &Args, built: &mut Built) -> anyhow::Result<Vec<Say>> {
    let start = Instant::now();
    let mut said = Vec::new();
    let cache_file = Path::new(extern_check::CACHE_FILE);
    let (cache, had_cache) = read_cache(&cli.root, cache_file, &mut said);
    let settings = extern_check::Settings {
        timeout: Duration::from_secs(args.extern_timeout),
        per_host: usize::try_from(args.extern_per_host).unwrap_or(1),
        jobs: extern_check::JOBS,
        user_agent: extern_check::user_agent(),
    };
    // The cache's clock: when each result was found (never in the output).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let links = std::mem::take(&mut built.extern_links);
    let (outcomes, kept) = extern_check::run(
        &links,
        &extern_check::Run {
            skip: &built.config.extern_skip,
            cache: &cache,
            now,
            max_age: args.extern_max_age.saturating_mul(86_400),
            settings: &settings,
        },
    );
    let lang = built.config.language;
    for d in extern_check::report::diagnostics(&links, &outcomes, lang, args.extern_timeout) {
        built.diagnostics.push(d);
    }
    if had_cache || !kept.is_empty() {
        let written = crate::output::write_kept(&cli.root, cache_file, kept.to_json().as_bytes());
        if let Err(e) = written {
            let detail = format!("{e:#}");
            said.push(Say::ExternCacheNotWritten { detail });
        }
    }
    if let Some(path) = &args.extern_report {
        let json = extern_check::report::json(&links, &outcomes);
        crate::output::replace_file(path, json.as_bytes())?;
        let file = path.display().to_string();
        said.push(Say::ExternReportWritten { file });
    }
    let counts = extern_check::report::counts(&outcomes);
    said.push(Say::ExternSummary {
        urls: links.len(),
        checked: counts.checked,
        cached: counts.cached,
        skipped: counts.skipped,
        max_age_days: args.extern_max_age,
        time: report::seconds(lang, start.elapsed()),
    });
    Ok(said)
}

/// The cache of earlier runs, and whether there was a file; a file that is no cache is
/// noted and left out (the run asks everything again and writes a good one).
fn read_cache(root: &Path, file: &Path, said: &mut Vec<Say>) -> (Cache, bool) {
    let parsed = match crate::source::read_kept(root, file) {
        Ok(None) => return (Cache::default(), false),
        Ok(Some(bytes)) => String::from_utf8(bytes)
            .map_err(|e| e.to_string())
            .and_then(|text| Cache::parse(&text).map_err(|e| e.0)),
        Err(detail) => Err(detail),
    };
    match parsed {
        Ok(cache) => (cache, true),
        Err(detail) => {
            let file = crate::diagnostics::shown(file);
            said.push(Say::ExternCacheIgnored { file, detail });
            (Cache::default(), true)
        }
    }
}
