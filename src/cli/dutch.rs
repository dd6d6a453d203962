//! clap in Dutch: the command line's help and its usage errors in the language of the
//! rest of the CLI.
//!
//! clap writes its own words (`Usage:`, `Options:`, `Print help`, `unexpected argument`)
//! in English and has no translations. The command is built once, then every heading,
//! generated flag and default is rewritten here, and clap's errors are told again from
//! their structured context — never by editing clap's rendered English.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Command, CommandFactory as _};

/// The help layout: clap's default with Dutch words for its headings.
const TEMPLATE: &str = "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

/// The whole command line, in Dutch.
pub fn command() -> Command {
    let mut cmd = super::Cli::command();
    cmd.build();
    dutch(cmd)
}

/// One command and its subcommands in Dutch.
fn dutch(mut cmd: Command) -> Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start_matches("Usage: ")
        .replace("[OPTIONS]", "[OPTIES]")
        .replace("<COMMAND>", "<OPDRACHT>");
    let has = |cmd: &Command, id: &str| cmd.get_arguments().any(|a| a.get_id() == id);
    cmd = cmd
        .override_usage(usage)
        .help_template(TEMPLATE)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT");
    if has(&cmd, "help") {
        cmd = cmd.mut_arg("help", |a| a.help("Toont deze hulp"));
    }
    if has(&cmd, "version") {
        cmd = cmd.mut_arg("version", |a| a.help("Toont de versie"));
    }
    cmd = cmd.mut_args(|a| {
        let heading = if a.is_positional() {
            "Argumenten"
        } else {
            "Opties"
        };
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        let mut help = a.get_help().map(ToString::to_string).unwrap_or_default();
        let takes_values = a.get_action().takes_values();
        let mut a = a.help_heading(heading);
        if takes_values && !defaults.is_empty() && !a.is_hide_default_value_set() {
            help.push_str(&format!(" [standaard: {}]", defaults.join(", ")));
            a = a.hide_default_value(true);
        }
        if takes_values && !values.is_empty() && !a.is_hide_possible_values_set() {
            help.push_str(&format!(" [kies uit: {}]", values.join(", ")));
            a = a.hide_possible_values(true);
        }
        a.help(help)
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = if name == "help" {
            cmd.mut_subcommand(name, |s| {
                dutch(s.about("Toont de hulp bij verteller of bij een opdracht"))
            })
        } else {
            cmd.mut_subcommand(name, dutch)
        };
    }
    cmd
}

/// A usage error told in Dutch (help and version pass through as clap prints them).
pub fn explain(error: &clap::Error) -> Option<String> {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => Some(s.join(", ")),
        _ => None,
    };
    let suggestion = text(ContextKind::SuggestedSubcommand)
        .or_else(|| text(ContextKind::SuggestedArg))
        .or_else(|| text(ContextKind::SuggestedValue))
        .map(|s| format!(" Bedoelde je `{s}`?"))
        .unwrap_or_default();
    let problem = match error.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "onbekende opdracht `{}`.{suggestion}",
            text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::UnknownArgument => format!(
            "onbekende optie `{}`.{suggestion}",
            text(ContextKind::InvalidArg)?
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("dit ontbreekt nog: {}", text(ContextKind::InvalidArg)?)
        }
        ErrorKind::MissingSubcommand => {
            "geef een opdracht, zoals `build`, `check` of `serve`".to_string()
        }
        // A validator's own (Dutch) words say what is wrong with the value.
        ErrorKind::ValueValidation if std::error::Error::source(error).is_some() => format!(
            "`{}` is geen geldige waarde voor {}: {}",
            text(ContextKind::InvalidValue).unwrap_or_default(),
            text(ContextKind::InvalidArg)?,
            std::error::Error::source(error)?
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "`{}` is geen geldige waarde voor {}.{suggestion}",
            text(ContextKind::InvalidValue).unwrap_or_default(),
            text(ContextKind::InvalidArg)?
        ),
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!("`{}` past hier niet.", text(ContextKind::InvalidArg)?)
        }
        _ => return None,
    };
    Some(format!(
        "fout: {problem}\nMeer weten: verteller --help, of verteller <opdracht> --help"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help_of(args: &[&str]) -> String {
        let err = command().try_get_matches_from(args).unwrap_err();
        err.render().to_string()
    }

    #[test]
    fn help_has_no_english_headings_or_flags() {
        for args in [
            &["verteller", "--help"][..],
            &["verteller", "build", "--help"],
            &["verteller", "serve", "--help"],
            &["verteller", "help"],
            &["verteller", "check", "--help"],
            &["verteller", "new", "--help"],
        ] {
            let help = help_of(args);
            for english in [
                "Usage:",
                "Options:",
                "Commands:",
                "Arguments:",
                "Print help",
                "Print version",
                "[default:",
                "[possible values",
                "[OPTIONS]",
                "<COMMAND>",
                "Print this message",
            ] {
                assert!(
                    !help.contains(english),
                    "{args:?} says {english:?}:\n{help}"
                );
            }
            assert!(help.contains("Gebruik: verteller"), "{help}");
        }
        assert!(help_of(&["verteller", "--help"]).contains("Opdrachten:"));
        assert!(help_of(&["verteller", "serve", "--help"]).contains("[standaard: 127.0.0.1]"));
    }

    #[test]
    fn usage_errors_are_told_in_dutch_with_a_suggestion() {
        let err = command()
            .try_get_matches_from(["verteller", "biuld"])
            .unwrap_err();
        let told = explain(&err).unwrap();
        assert!(told.contains("onbekende opdracht `biuld`"), "{told}");
        assert!(told.contains("Bedoelde je `build`?"), "{told}");
        let err = command()
            .try_get_matches_from(["verteller", "build", "--ouput", "x"])
            .unwrap_err();
        let told = explain(&err).unwrap();
        assert!(told.contains("onbekende optie `--ouput`"), "{told}");
    }
}
