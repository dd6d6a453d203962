//! The command line: global options, one module per command, exit codes.
//!
//! Exit codes: 0 ok; 1 the site has errors; 2 usage errors, machine failures and
//! internal errors.

mod build;
mod check;
mod dutch;
mod init;
mod new;
mod report;
mod schema;
mod serve;
mod theme;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: the site has errors (content, config or templates).
pub const EXIT_SITE_ERRORS: u8 = 1;
/// Exit code: usage errors, machine failures, internal errors.
pub const EXIT_FAILURE: u8 = 2;

/// What `--version` prints after the name: the version and the commit it was built from
/// (`build.rs`; "onbekend" for a build without git or `VERTELLER_COMMIT`).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("VERTELLER_COMMIT"),
    ")"
);

#[derive(Debug, Parser)]
#[command(
    name = "verteller",
    version = VERSION,
    about = "Bouwt de site van het Verhaal van de Gemeentesecretaris."
)]
pub struct Cli {
    /// De map van de site (met site.toml).
    #[arg(long, global = true, default_value = ".", value_name = "MAP")]
    pub root: PathBuf,
    /// Neem concepten (draft: true) mee.
    #[arg(long, global = true)]
    pub drafts: bool,
    /// Bouw de site zoals die op deze datum is (JJJJ-MM-DD): wat volgens
    /// `publish_date` en `expires` dan op de site staat. Standaard: vandaag.
    #[arg(long, global = true, value_name = "DATUM", value_parser = parse_as_of)]
    pub as_of: Option<crate::model::Date>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Bouwt de site in public/ (of --output).
    Build(build::Args),
    /// Meldt alle problemen en schrijft niets.
    Check(check::Args),
    /// Maakt een nieuw document met geldige front matter.
    New(new::Args),
    /// Maakt een nieuwe site uit het standaardverhaal.
    Init(init::Args),
    /// Voorbeeld met live herladen op http://127.0.0.1:1111/.
    Serve(serve::Args),
    /// Drukt het JSON Schema van de front matter af (voor editors).
    Schema(schema::Args),
    /// Het thema (de sjablonen) van de site: `theme eject` kopieert de ingebouwde sjablonen.
    #[command(visible_alias = "sjablonen")]
    Theme(theme::Args),
}

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    let parsed = dutch::command()
        .try_get_matches()
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_FAILURE } else { 0 };
            match dutch::explain(&e) {
                Some(told) => eprintln!("{told}"),
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(code);
        }
    };
    let result = match &cli.command {
        Command::Build(args) => build::run(&cli, args),
        Command::Check(args) => check::run(&cli, args),
        Command::New(args) => new::run(&cli, args),
        Command::Init(args) => init::run(args),
        Command::Schema(args) => schema::run(&cli, args),
        Command::Serve(args) => serve::run(&cli, args),
        Command::Theme(args) => theme::run(&cli, args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("fout: {e:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// `--as-of`: a date as front matter writes it.
fn parse_as_of(text: &str) -> Result<crate::model::Date, String> {
    crate::model::Date::parse(text.trim())
        .ok_or_else(|| format!("`{text}` is geen datum; schrijf JJJJ-MM-DD, zoals 2027-01-15"))
}

impl Cli {
    /// The build's as-of date: `--as-of`, or today in Europe/Amsterdam.
    pub fn as_of(&self) -> Option<crate::model::Date> {
        self.as_of.or_else(crate::schedule::today)
    }
}
