//! `[components.NAME]`: a site's own components, declared in `site.toml` with their
//! arguments, so `parse` checks what editors write against them as it checks the
//! built-in ones (and `verteller schema` lists them). The template is
//! `templates/components/NAME.html`; that it exists is checked once the theme is read.
//!
//! ```toml
//! [components.wijkcijfer]
//! form = "line"                      # block (around text), line or inline
//! description = "Een cijfer uit de wijkmonitor"
//! required = ["wijk", "cijfer"]
//!
//! [components.wijkcijfer.arguments]
//! wijk = "text"                      # text, number, bool, link or file
//! cijfer = "number"
//! bron = "link"
//! ```

use std::borrow::Cow;

use crate::components::{ArgSpec, ArgType, BUILT_IN, Form, RESERVED_ARGUMENTS, Spec, valid_name};
use crate::diagnostics::{Diagnostics, Position};
use crate::messages::Msg;

use super::{Entry, locate_key, locate_section, push};

/// The keys of one `[components.NAME]` table.
const KEYS: [&str; 4] = ["form", "arguments", "required", "description"];

/// What a name must look like, as the hint shows it.
const NAME_RULE: &str = "a-z, 0-9 en _ (begint met een letter)";

/// Reads `[components]`: every component the site declares.
pub(super) fn read(e: &Entry<'_>, diags: &mut Diagnostics) -> Vec<Spec> {
    let Some(table) = e.value.as_table() else {
        e.wrong_type(diags, "a table");
        return Vec::new();
    };
    let mut specs = Vec::new();
    for (name, value) in table {
        let section = format!("components.{name}");
        let here = Declaration {
            e,
            section: &section,
            at: match locate_section(e.text, &section) {
                Position::START => locate_key(e.text, Some("components"), name),
                found => found,
            },
        };
        if !valid_name(name) {
            here.invalid(diags, here.at, "components", name, &[NAME_RULE]);
            continue;
        }
        if BUILT_IN.iter().any(|s| s.name == name.as_str()) {
            push(
                diags,
                e.lang,
                here.at,
                Msg::ComponentBuiltIn { name: name.clone() },
            );
            continue;
        }
        let Some(keys) = value.as_table() else {
            push(
                diags,
                e.lang,
                here.at,
                Msg::WrongType {
                    key: section.clone(),
                    expected: "a table",
                },
            );
            continue;
        };
        if let Some(spec) = here.spec(name, keys, diags) {
            specs.push(spec);
        }
    }
    specs
}

/// One `[components.NAME]` being read, with where it is.
struct Declaration<'a> {
    e: &'a Entry<'a>,
    /// `components.NAME`.
    section: &'a str,
    /// Where the table starts.
    at: Position,
}

impl Declaration<'_> {
    /// Where `key` of this table is written (the table's heading when it is inline).
    fn key(&self, key: &str) -> Position {
        match locate_key(self.e.text, Some(self.section), key) {
            Position::START => self.at,
            found => found,
        }
    }

    fn invalid(
        &self,
        diags: &mut Diagnostics,
        at: Position,
        key: &str,
        value: &str,
        allowed: &[&str],
    ) {
        let msg = Msg::InvalidValue {
            key: key.to_string(),
            value: value.to_string(),
            allowed: allowed.iter().map(|a| a.to_string()).collect(),
        };
        push(diags, self.e.lang, at, msg);
    }

    fn wrong_type(&self, diags: &mut Diagnostics, key: &str, expected: &'static str) {
        let msg = Msg::WrongType {
            key: format!("{}.{key}", self.section),
            expected,
        };
        push(diags, self.e.lang, self.key(key), msg);
    }

    /// The component a table declares (`None` when it cannot be used at all).
    fn spec(&self, name: &str, keys: &toml::Table, diags: &mut Diagnostics) -> Option<Spec> {
        let mut form = Form::Block;
        let mut args: Vec<ArgSpec> = Vec::new();
        let mut required: Vec<(String, Position)> = Vec::new();
        let mut meaning = String::new();
        for (key, value) in keys {
            match key.as_str() {
                "form" => match value.as_str() {
                    Some(token) => match Form::from_token(token) {
                        Some(f) => form = f,
                        None => {
                            let key = format!("{}.form", self.section);
                            self.invalid(diags, self.key("form"), &key, token, &Form::TOKENS);
                        }
                    },
                    None => self.wrong_type(diags, "form", "text"),
                },
                "description" => match value.as_str() {
                    Some(text) => meaning = text.to_string(),
                    None => self.wrong_type(diags, "description", "text"),
                },
                "arguments" => match value.as_table() {
                    Some(table) => args = self.arguments(table, diags),
                    None => self.wrong_type(diags, "arguments", "a table"),
                },
                "required" => match value.as_array() {
                    Some(items) if items.iter().all(toml::Value::is_str) => {
                        let names = items.iter().filter_map(toml::Value::as_str);
                        required = names
                            .map(|n| (n.to_string(), self.key("required")))
                            .collect();
                    }
                    _ => self.wrong_type(diags, "required", "a list of texts"),
                },
                _ => {
                    let msg = Msg::UnknownTableKey {
                        key: key.clone(),
                        table: self.section.to_string(),
                        top_level: false,
                        allowed: KEYS.to_vec(),
                    };
                    push(diags, self.e.lang, self.key(key), msg);
                }
            }
        }
        for (name, at) in required {
            match args.iter_mut().find(|a| a.name == name.as_str()) {
                Some(arg) => arg.required = true,
                None => {
                    let mut known: Vec<&str> = args.iter().map(|a| &*a.name).collect();
                    if known.is_empty() {
                        known.push("een argument uit `arguments`");
                    }
                    let key = format!("{}.required", self.section);
                    self.invalid(diags, at, &key, &name, &known);
                }
            }
        }
        Some(Spec {
            name: Cow::Owned(name.to_string()),
            form,
            args: Cow::Owned(args),
            meaning: Cow::Owned(meaning),
            declared_at: Some(self.at),
        })
    }

    /// `arguments = { name = "type" }`: each argument and its type.
    fn arguments(&self, table: &toml::Table, diags: &mut Diagnostics) -> Vec<ArgSpec> {
        let section = format!("{}.arguments", self.section);
        let mut args = Vec::new();
        for (name, value) in table {
            let at = match locate_key(self.e.text, Some(&section), name) {
                Position::START => self.key("arguments"),
                found => found,
            };
            let key = format!("{section}.{name}");
            if !valid_name(name) || RESERVED_ARGUMENTS.contains(&name.as_str()) {
                let rule = format!("{NAME_RULE}; niet {}", RESERVED_ARGUMENTS.join(", "));
                self.invalid(diags, at, &section, name, &[&rule]);
                continue;
            }
            let Some(token) = value.as_str() else {
                push(
                    diags,
                    self.e.lang,
                    at,
                    Msg::WrongType {
                        key,
                        expected: "text",
                    },
                );
                continue;
            };
            let Some(ty) = ArgType::from_site_token(token) else {
                self.invalid(diags, at, &key, token, &ArgType::SITE_TOKENS);
                continue;
            };
            args.push(ArgSpec {
                name: Cow::Owned(name.clone()),
                ty,
                required: false,
                default: None,
                meaning: Cow::Borrowed(""),
            });
        }
        args
    }
}

#[cfg(test)]
mod tests {
    use crate::components::{ArgType, Form};
    use crate::diagnostics::Diagnostics;

    fn parse(text: &str) -> (crate::config::Config, Diagnostics) {
        let mut diags = Diagnostics::default();
        let config = crate::config::parse(text, &mut diags);
        (config, diags)
    }

    #[test]
    fn a_site_declares_its_own_components() {
        let (config, diags) = parse(
            "title = \"T\"\n[components.wijkcijfer]\nform = \"inline\"\nrequired = [\"wijk\"]\n[components.wijkcijfer.arguments]\nwijk = \"text\"\nbron = \"link\"\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let spec = config.components.get("wijkcijfer").expect("declared");
        assert_eq!(spec.form, Form::Inline);
        assert_eq!(spec.args.len(), 2);
        let wijk = spec.arg("wijk").unwrap();
        assert!(wijk.required && wijk.ty == ArgType::Text);
        assert!(!spec.arg("bron").unwrap().required);
    }

    #[test]
    fn declarations_are_checked_at_their_lines() {
        let (_, diags) = parse(
            "[components.callout]\nform = \"block\"\n[components.Wijk]\n[components.kaart]\nvorm = \"line\"\nrequired = [\"x\"]\n[components.kaart.arguments]\nwijk = \"tekst\"\ncontent = \"text\"\n",
        );
        let mut found: Vec<(usize, &str)> =
            diags.iter().map(|d| (d.position.line, d.code)).collect();
        found.sort_unstable();
        assert_eq!(
            found,
            [
                (1, "invalid-value"),
                (3, "invalid-value"),
                (5, "unknown-key"),
                (6, "invalid-value"),
                (8, "invalid-value"),
                (9, "invalid-value"),
            ],
            "{diags:?}"
        );
    }
}
