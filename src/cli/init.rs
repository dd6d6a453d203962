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
    let made = crate::messages::Say::SiteMade {
        dir: crate::diagnostics::shown(&args.dir),
        files: files.len(),
    };
    eprintln!("{}", made.text(crate::messages::Lang::Nl));
    Ok(0)
}
