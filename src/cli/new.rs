//! `verteller new <token> "Titel"`: a new document with valid front matter.

use std::io::{BufRead as _, IsTerminal as _, Write as _};

use anyhow::bail;

use crate::cli::{Cli, EXIT_FAILURE};
use crate::messages::{Lang, Say, suggest};
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
    // Messages before the site is read are Dutch; after, in the site's language.
    let Some(kind) = scaffold::kind_of_token(&args.token) else {
        bail!("{}", scaffold::unknown_kind(&args.token).text(Lang::Nl));
    };
    let date = match &args.date {
        Some(d) => match Date::parse(d) {
            Some(d) => d,
            None => bail!(
                "{}",
                Say::InvalidDateOption { value: d.clone() }.text(Lang::Nl)
            ),
        },
        None => crate::schedule::today().unwrap_or(Date {
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
    let lang = loaded.config.language;
    let say = |what: Say| what.text(lang);
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
                    bail!("{}", say(Say::NoAgendaThemes));
                }
                if let Some(given) = given {
                    let near = suggest(&given, valid.iter().map(String::as_str));
                    eprintln!("{}", say(Say::NotAnAgendaTheme { given, near }));
                }
                if !std::io::stdin().is_terminal() {
                    eprintln!("{}", say(Say::GiveTheme { valid }));
                    return Ok(EXIT_FAILURE);
                }
                request.theme = Some(ask(&valid, lang)?);
            }
            Err(NewError::EmptyId) => bail!(
                "{}",
                say(Say::EmptyIdFromTitle {
                    title: args.title.clone()
                })
            ),
            Err(NewError::NoFreeQuadrant) => bail!("{}", say(Say::NoFreeQuadrant)),
        }
    };
    let path = cli.root.join(&planned.path);
    crate::output::write_new_file(&path, planned.text.as_bytes())?;
    println!("{}", planned.path);
    let created = Say::Created {
        path: crate::diagnostics::shown(&path),
        url: format!("{}{}", loaded.config.base_path, planned.url_path),
    };
    eprintln!("{}", say(created));
    Ok(0)
}

/// Asks for one of `valid` on the terminal.
fn ask(valid: &[String], lang: Lang) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    loop {
        eprintln!("{}", Say::WhichAgendaTheme.text(lang));
        for (i, id) in valid.iter().enumerate() {
            eprintln!("  {}. {id}", i + 1);
        }
        eprint!("{}", Say::AnswerPrompt.text(lang));
        std::io::stderr().flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 {
            bail!("{}", Say::NoAgendaThemeChosen.text(lang));
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
        eprintln!("{}", wrong_answer(answer, valid).text(lang));
    }
}

/// Why an answer to the agenda-theme question is not one of the choices.
fn wrong_answer(answer: &str, valid: &[String]) -> Say {
    Say::WrongAnswer {
        answer: answer.to_string(),
        count: valid.len(),
        near: suggest(answer, valid.iter().map(String::as_str)),
    }
}

#[cfg(test)]
mod tests {
    use super::wrong_answer;
    use crate::messages::Lang;

    #[test]
    fn a_wrong_answer_to_the_question_says_why() {
        let valid = vec![
            "een-overheid".to_string(),
            "uitvoeringsdriehoek".to_string(),
        ];
        let said = |answer| wrong_answer(answer, &valid).text(Lang::Nl);
        assert!(said("").contains("nummer van 1 tot en met 2"));
        assert!(said("7").contains("`7` staat niet in de lijst"));
        assert!(said("een-overhied").contains("bedoelde je `een-overheid`?"));
        assert!(said("armoede").contains("geen agendathema van deze site"));
    }
}
