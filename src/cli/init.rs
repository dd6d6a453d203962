//! `verteller init DIR`: a new site from the bundled default narrative.

use std::path::PathBuf;

use crate::scaffold;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// De map voor de nieuwe site (mag niet bestaan of moet leeg zijn).
    #[arg(value_name = "MAP")]
    pub dir: PathBuf,
    /// Naam van de gemeente, bijvoorbeeld "Gemeente Zuidwold".
    #[arg(long, value_name = "NAAM")]
    pub name: Option<String>,
}

pub fn run(args: &Args) -> anyhow::Result<u8> {
    let files = scaffold::plan_init(args.name.as_deref());
    crate::output::write_new_site(&args.dir, &files)?;
    eprintln!(
        "Nieuwe site in {} ({} bestanden). Verder: cd {} && verteller serve",
        args.dir.display(),
        files.len(),
        args.dir.display()
    );
    Ok(0)
}
