//! `verteller theme eject [TEMPLATE…] [--name X]` (Dutch: `sjablonen uitpakken`): the
//! built-in templates copied into the site, to change them. Into `templates/` they
//! override the built-in ones file by file; with `--name` they start a theme of its own
//! in `themes/X/` (templates and static files). Nothing existing is overwritten.

use anyhow::bail;
use clap::Subcommand;

use crate::cli::Cli;
use crate::messages::Lang;
use crate::output::NewFiles;
use crate::render::eject::{self, EjectError, EjectTarget};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: ThemeCommand,
}

#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Kopieert de ingebouwde sjablonen naar templates/ van de site (met --name naar een nieuw thema themes/NAAM/).
    #[command(visible_alias = "uitpakken")]
    Eject(EjectArgs),
}

#[derive(Debug, clap::Args)]
pub struct EjectArgs {
    /// Alleen deze sjablonen, bijvoorbeeld story.html base.html (standaard: alle).
    #[arg(value_name = "SJABLOON")]
    pub templates: Vec<String>,
    /// Maak een nieuw thema themes/NAAM/ met sjablonen en statische bestanden.
    #[arg(long, value_name = "NAAM")]
    pub name: Option<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<u8> {
    match &args.command {
        ThemeCommand::Eject(eject) => run_eject(cli, eject),
    }
}

fn run_eject(cli: &Cli, args: &EjectArgs) -> anyhow::Result<u8> {
    let lang = site_language(cli)?;
    let target = match &args.name {
        Some(name) => EjectTarget::Theme(name.clone()),
        None => EjectTarget::SiteTemplates,
    };
    let files = match eject::plan(&args.templates, &target) {
        Ok(files) => files,
        Err(EjectError::UnknownTemplates(unknown)) => {
            let names: Vec<String> = unknown
                .iter()
                .map(|(name, suggestion)| match suggestion {
                    Some(s) => format!(
                        "`{name}` ({} `{s}`?)",
                        lang.pick("bedoelde je", "did you mean")
                    ),
                    None => format!("`{name}`"),
                })
                .collect();
            let all: Vec<&str> = crate::render::theme::embedded::TEMPLATES
                .iter()
                .map(|(t, _)| *t)
                .collect();
            bail!(
                "{}",
                lang.pick(
                    &format!(
                        "het ingebouwde thema heeft geen sjabloon {}; kies uit: {}",
                        names.join(", "),
                        all.join(", ")
                    ),
                    &format!(
                        "the built-in theme has no template {}; choose from: {}",
                        names.join(", "),
                        all.join(", ")
                    ),
                )
            );
        }
        Err(EjectError::BadThemeName(name)) => bail!(
            "{}",
            lang.pick(
                &format!("`{name}` is geen bruikbare themanaam; gebruik letters, cijfers, - en _"),
                &format!("`{name}` is not a usable theme name; use letters, digits, - and _"),
            )
        ),
    };
    match crate::output::write_new_files(&cli.root, &files)? {
        NewFiles::Present(present) => bail!(
            "{}",
            lang.pick(
                &format!(
                    "er is niets gekopieerd: deze bestanden bestaan al en worden niet overschreven: {}. Verplaats of verwijder ze eerst, of noem alleen de sjablonen die je nog niet hebt.",
                    present.join(", ")
                ),
                &format!(
                    "nothing was copied: these files exist already and are not overwritten: {}. Move or remove them first, or name only the templates you do not have yet.",
                    present.join(", ")
                ),
            )
        ),
        NewFiles::Written => {}
    }
    let templates = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml"))
        .count();
    let line = match &target {
        EjectTarget::SiteTemplates => lang.pick(
            &format!(
                "{templates} sjablonen gekopieerd naar templates/. Ze gaan nu voor de ingebouwde; haal weg wat je niet aanpast, dan geldt weer het ingebouwde sjabloon. Welke blokken en variabelen er zijn: docs/templates.md."
            ),
            &format!(
                "{templates} templates copied to templates/. They now take the place of the built-in ones; remove those you do not change and the built-in template applies again. Blocks and variables: docs/templates.md."
            ),
        )
        .to_string(),
        EjectTarget::Theme(name) => lang.pick(
            &format!(
                "Nieuw thema in themes/{name}/ ({} bestanden). Zet `theme = \"{name}\"` in site.toml om het te gebruiken.",
                files.len()
            ),
            &format!(
                "New theme in themes/{name}/ ({} files). Set `theme = \"{name}\"` in site.toml to use it.",
                files.len()
            ),
        )
        .to_string(),
    };
    eprintln!("{line}");
    Ok(0)
}

/// The language of the site's messages, from its `site.toml` (which must exist: the
/// templates are copied into a site).
fn site_language(cli: &Cli) -> anyhow::Result<Lang> {
    let source = crate::source::Source::new(&cli.root, crate::source::SourceOptions::default())?;
    let Some(file) = source.config() else {
        bail!(
            "geen site.toml in {}: geef de map van de site met --root",
            crate::diagnostics::shown(&cli.root)
        );
    };
    let text = file
        .bytes
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    let config = crate::config::parse(&text, &mut crate::diagnostics::Diagnostics::default());
    Ok(config.language)
}
