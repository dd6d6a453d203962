//! `verteller new <token> "Titel"`: a new document with valid front matter.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use anyhow::bail;

use crate::cli::{Cli, EXIT_FAILURE};
use crate::model::Date;
use crate::pipeline::{self, BuildOptions};
use crate::scaffold::{self, NewError, NewRequest};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Soort: story, chapter, agenda, agenda-theme, quadrant, role of page (of in het
    /// Nederlands: verhaal, hoofdstuk, agendapunt, thema, kwadrant, rol, pagina).
    #[arg(value_name = "SOORT")]
    pub token: String,
    /// De titel; de bestandsnaam (het id) volgt eruit.
    #[arg(value_name = "TITEL")]
    pub title: String,
    /// Datum van een verhaal (JJJJ-MM-DD); standaard vandaag.
    #[arg(long, value_name = "DATUM")]
    pub date: Option<String>,
    /// Agendathema van een agendapunt (een id).
    #[arg(long, value_name = "ID")]
    pub theme: Option<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<u8> {
    let Some(kind) = scaffold::kind_of_token(&args.token) else {
        bail!("{}", scaffold::unknown_kind(&args.token));
    };
    let date = match &args.date {
        Some(d) => match Date::parse(d) {
            Some(d) => d,
            None => bail!("`--date {d}` is geen geldige datum; schrijf JJJJ-MM-DD"),
        },
        None => pipeline::today().unwrap_or(Date {
            year: 2026,
            month: 1,
            day: 1,
        }),
    };
    let options = BuildOptions {
        root: cli.root.clone(),
        drafts: true,
        ..BuildOptions::default()
    };
    let loaded = pipeline::load(&options)?;
    let mut request = NewRequest {
        kind,
        title: args.title.clone(),
        date,
        theme: args.theme.clone(),
    };
    let planned = loop {
        match scaffold::plan_new(&loaded.config, &loaded.documents, &request) {
            Ok(p) => break p,
            Err(NewError::UnknownTheme { given, valid }) => {
                if valid.is_empty() {
                    bail!(
                        "deze site heeft nog geen agendathema's; maak er eerst een met `verteller new agenda-theme \"Titel\"`"
                    );
                }
                if let Some(given) = &given {
                    let near = crate::messages::suggest(given, valid.iter().map(String::as_str));
                    match near {
                        Some(near) => eprintln!(
                            "`{given}` is geen agendathema van deze site; bedoelde je `{near}`?"
                        ),
                        None => eprintln!("`{given}` is geen agendathema van deze site."),
                    }
                }
                if !std::io::stdin().is_terminal() {
                    eprintln!(
                        "Geef het agendathema met --theme, een van: {}",
                        valid.join(", ")
                    );
                    return Ok(EXIT_FAILURE);
                }
                request.theme = Some(ask(&valid)?);
            }
            Err(NewError::EmptyId) => bail!(
                "uit de titel `{}` volgt geen bestandsnaam; gebruik letters of cijfers",
                args.title
            ),
            Err(NewError::NoFreeQuadrant) => {
                bail!("alle vier combinaties van `axes` zijn al in gebruik")
            }
        }
    };
    let path = cli.root.join(&planned.path);
    crate::output::write_new_file(&path, planned.text.as_bytes())?;
    println!("{}", planned.path);
    eprintln!(
        "Nieuw: {} — wordt {}{} op de site.",
        path.display(),
        loaded.config.base_path,
        planned.url_path
    );
    Ok(0)
}

/// Asks for one of `valid` on the terminal.
fn ask(valid: &[String]) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    loop {
        eprintln!("Bij welk agendathema hoort dit agendapunt?");
        for (i, id) in valid.iter().enumerate() {
            eprintln!("  {}. {id}", i + 1);
        }
        eprint!("Nummer of id: ");
        std::io::stderr().flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 {
            bail!("geen agendathema gekozen");
        }
        let answer = line.trim();
        if let Some(id) = answer
            .parse::<usize>()
            .ok()
            .and_then(|n| valid.get(n.wrapping_sub(1)))
        {
            return Ok(id.clone());
        }
        if valid.iter().any(|v| v == answer) {
            return Ok(answer.to_string());
        }
        eprintln!("{}", wrong_answer(answer, valid));
    }
}

/// Why an answer to the agenda-theme question is not one of the choices.
fn wrong_answer(answer: &str, valid: &[String]) -> String {
    let count = valid.len();
    if answer.is_empty() {
        return format!("Typ een nummer van 1 tot en met {count}, of een id uit de lijst.");
    }
    if answer.parse::<usize>().is_ok() {
        return format!(
            "`{answer}` staat niet in de lijst: kies een nummer van 1 tot en met {count}."
        );
    }
    match crate::messages::suggest(answer, valid.iter().map(String::as_str)) {
        Some(near) => format!(
            "`{answer}` is geen agendathema van deze site; bedoelde je `{near}`? Typ het id of het nummer."
        ),
        None => format!(
            "`{answer}` is geen agendathema van deze site: typ een nummer van 1 tot en met {count}, of een id uit de lijst."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::wrong_answer;

    #[test]
    fn a_wrong_answer_to_the_question_says_why() {
        let valid = vec![
            "een-overheid".to_string(),
            "uitvoeringsdriehoek".to_string(),
        ];
        assert!(wrong_answer("", &valid).contains("nummer van 1 tot en met 2"));
        assert!(wrong_answer("7", &valid).contains("`7` staat niet in de lijst"));
        assert!(wrong_answer("een-overhied", &valid).contains("bedoelde je `een-overheid`?"));
        assert!(wrong_answer("armoede", &valid).contains("geen agendathema van deze site"));
    }
}
