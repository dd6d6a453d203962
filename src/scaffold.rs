//! `verteller new` and `verteller init`: new documents with valid front matter, and new
//! sites from the bundled default narrative. Plans only; `output` writes them.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::config::Config;
use crate::model::{Date, Document, Fields, Kind, slugify};

/// The bundled default site, embedded at compile time by `build.rs`.
pub mod bundled {
    include!(concat!(env!("OUT_DIR"), "/default_site.rs"));
}

/// The `new` tokens of DESIGN §2.
pub const TOKENS: [(&str, Kind); 7] = [
    ("story", Kind::Story),
    ("chapter", Kind::Chapter),
    ("agenda", Kind::Agenda),
    ("agenda-theme", Kind::AgendaTheme),
    ("quadrant", Kind::Quadrant),
    ("role", Kind::Role),
    ("page", Kind::Page),
];

/// Other names editors give the kinds on the command line: Dutch, singular and plural
/// (the default folder names among them), and `_` for `-`. `verhaal` is a story (the
/// chapters' folder is called so, but an editor saying "verhaal" means a story).
pub const ALIASES: [(&str, Kind); 20] = [
    ("verhaal", Kind::Story),
    ("verhalen", Kind::Story),
    ("hoofdstuk", Kind::Chapter),
    ("hoofdstukken", Kind::Chapter),
    ("agendapunt", Kind::Agenda),
    ("agendapunten", Kind::Agenda),
    ("thema", Kind::AgendaTheme),
    ("themas", Kind::AgendaTheme),
    ("agendathema", Kind::AgendaTheme),
    ("agendathemas", Kind::AgendaTheme),
    ("agenda-themes", Kind::AgendaTheme),
    ("kwadrant", Kind::Quadrant),
    ("kwadranten", Kind::Quadrant),
    ("rol", Kind::Role),
    ("rollen", Kind::Role),
    ("pagina", Kind::Page),
    ("paginas", Kind::Page),
    ("stories", Kind::Story),
    ("chapters", Kind::Chapter),
    ("roles", Kind::Role),
];

/// The kind a command-line word names: an English token, a Dutch name or folder, in
/// any case, with `_` or `-`.
pub fn kind_of_token(token: &str) -> Option<Kind> {
    let token = token
        .trim()
        .to_lowercase()
        .replace(['_', ' '], "-")
        .replace('\'', "");
    TOKENS
        .iter()
        .chain(ALIASES.iter())
        .find(|(t, _)| *t == token)
        .map(|(_, k)| *k)
}

/// What to say about a word that names no kind: the nearest name.
pub fn unknown_kind(token: &str) -> crate::messages::Say {
    let names = TOKENS.iter().chain(ALIASES.iter()).map(|(t, _)| *t);
    crate::messages::Say::UnknownKind {
        token: token.to_string(),
        near: crate::messages::suggest(&token.to_lowercase(), names),
    }
}

/// What `new` is asked for.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub kind: Kind,
    pub title: String,
    /// Stories: the date (today when not given).
    pub date: Date,
    /// Agenda items: their agenda theme.
    pub theme: Option<String>,
}

/// A planned new document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    /// Relative to the site root.
    pub path: String,
    /// Site path without the base path.
    pub url_path: String,
    pub text: String,
}

/// Why `new` cannot plan the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewError {
    EmptyId,
    UnknownTheme {
        given: Option<String>,
        valid: Vec<String>,
    },
    NoFreeQuadrant,
}

/// Plans a new document for a site with `docs`. The front matter is valid for the kind
/// and lists the site's valid ids in comments.
pub fn plan_new(
    config: &Config,
    docs: &[std::sync::Arc<Document>],
    request: &NewRequest,
) -> Result<NewDocument, NewError> {
    let id = short_id(&slugify(&request.title));
    if id.is_empty() {
        return Err(NewError::EmptyId);
    }
    let title = yaml_string(&request.title);
    let mut fm = format!("---\ntitle: {title}\nsummary: \"\"\n");
    let mut body = String::from("Schrijf hier de tekst.\n");
    match request.kind {
        Kind::Story => {
            let _ = writeln!(fm, "date: {}", request.date);
            fm.push_str("place: \"\"\n");
            list_comment(&mut fm, docs, "themes", Kind::AgendaTheme);
            list_comment(&mut fm, docs, "quadrants", Kind::Quadrant);
            list_comment(&mut fm, docs, "roles", Kind::Role);
            body = "## Aanleiding\n\nWat was er aan de hand?\n\n:::quote{speaker=\"Naam\" role=\"wie die persoon is\"}\nWat zei iemand die erbij was?\n:::\n\n## Aanpak\n\nWat deden we?\n\n## Wat we leerden\n\nWat nemen we mee?\n".into();
        }
        Kind::Chapter => {
            let _ = writeln!(fm, "weight: {}", next_chapter_weight(docs));
            list_comment(&mut fm, docs, "themes", Kind::AgendaTheme);
            list_comment(&mut fm, docs, "quadrants", Kind::Quadrant);
        }
        Kind::Agenda => {
            let valid = ids(docs, Kind::AgendaTheme);
            let theme = agenda_theme(request, &valid)?;
            let _ = writeln!(fm, "theme: {theme}");
            let _ = writeln!(fm, "# theme: kies uit {}", valid.join(", "));
            fm.push_str(
                "status: voornemen\n# status: voornemen, lopend of afgerond\nowner: \"\"\n",
            );
            list_comment(&mut fm, docs, "quadrants", Kind::Quadrant);
            list_comment(&mut fm, docs, "stories", Kind::Story);
        }
        Kind::Quadrant => {
            let axes = free_quadrant(docs)?;
            let _ = writeln!(
                fm,
                "axes:\n  sturing: {}\n  richting: {}",
                axes.sturing(),
                axes.richting()
            );
            fm.push_str("aka: []\n");
        }
        Kind::AgendaTheme | Kind::Role | Kind::Page => {}
    }
    fm.push_str("---\n\n");
    body.push_str(&components_hint(config));
    let (path, url_path) = new_paths(config, request.kind, &id);
    Ok(NewDocument {
        path,
        url_path,
        text: fm + &body,
    })
}

/// The components an editor can use, as an HTML comment at the end of a new document
/// (not shown on the site): one example each, the site's own too.
fn components_hint(config: &Config) -> String {
    let mut hint = String::from(
        "\n<!--\nComponenten (uitleg: de pagina Hulp van de site):\n\
         :::callout{type=waarschuwing title=\"Let op\"}   tekst   :::\n\
         :::quote{speaker=\"Naam\" role=\"bewoner\"}   tekst   :::\n\
         :::expandable{title=\"Meer weten\"}   tekst   :::\n\
         ::key_figure{value=\"1.240\" label=\"bewoners deden mee\"}\n\
         ::video{src=/media/film.mp4 captions=/media/film.vtt title=\"Waar de video over gaat\"}\n\
         :download{src=/documenten/plan.pdf title=\"het plan\"}\n",
    );
    for spec in &config.components.site {
        // The required arguments first.
        let mut args: Vec<&crate::components::ArgSpec> = spec.args.iter().collect();
        args.sort_by_key(|a| !a.required);
        let args: Vec<String> = args.iter().map(|a| format!("{}=…", a.name)).collect();
        let colons = match spec.form {
            crate::components::Form::Block => ":::",
            _ => "::",
        };
        let _ = writeln!(hint, "{colons}{}{{{}}}", spec.name, args.join(" "));
    }
    hint.push_str("-->\n");
    hint
}

/// The ids of the site's documents of `kind`, sorted; for roles, the built-in ones when
/// the site has none.
/// The longest id (and URL segment) `new` makes from a title; the title itself is kept.
pub const MAX_ID_LENGTH: usize = 48;

/// An id made from a long title, cut to whole words within [`MAX_ID_LENGTH`] and
/// without a small word dangling at its end (`een-buurtkamer-in-oost-waar-bewoners`).
fn short_id(id: &str) -> String {
    if id.len() <= MAX_ID_LENGTH {
        return id.to_string();
    }
    const SMALL: [&str; 14] = [
        "de", "het", "een", "en", "van", "in", "op", "voor", "met", "aan", "te", "bij", "of",
        "waar",
    ];
    let mut words: Vec<&str> = Vec::new();
    let mut length = 0;
    for word in id.split('-') {
        let more = if words.is_empty() {
            word.len()
        } else {
            word.len() + 1
        };
        if length + more > MAX_ID_LENGTH {
            break;
        }
        length += more;
        words.push(word);
    }
    while words.len() > 1 && words.last().is_some_and(|w| SMALL.contains(w)) {
        words.pop();
    }
    if words.is_empty() {
        // One word longer than the limit: cut it.
        return id.chars().take(MAX_ID_LENGTH).collect();
    }
    words.join("-")
}

fn ids(docs: &[std::sync::Arc<Document>], kind: Kind) -> Vec<String> {
    let mut v: Vec<String> = docs
        .iter()
        .filter(|d| d.kind == kind)
        .map(|d| d.id.clone())
        .collect();
    if kind == Kind::Role && v.is_empty() {
        v = vec!["burger".into(), "uitvoerder".into(), "beleidmaker".into()];
    }
    v.sort();
    v
}

/// An empty list under `key`, and a comment with the ids it can hold (when there are any).
fn list_comment(fm: &mut String, docs: &[std::sync::Arc<Document>], key: &str, kind: Kind) {
    let valid = ids(docs, kind);
    let _ = writeln!(fm, "{key}: []");
    if !valid.is_empty() {
        let _ = writeln!(fm, "# {key}: kies uit {}", valid.join(", "));
    }
}

/// A new chapter comes last in the storyline: one more than the highest weight.
fn next_chapter_weight(docs: &[std::sync::Arc<Document>]) -> i64 {
    docs.iter()
        .filter(|d| d.kind == Kind::Chapter)
        .filter_map(|d| d.common.weight)
        .max()
        .unwrap_or(0)
        + 1
}

/// A new agenda item's agenda theme: the one asked for, if the site has it.
fn agenda_theme(request: &NewRequest, valid: &[String]) -> Result<String, NewError> {
    match &request.theme {
        Some(t) if valid.contains(t) => Ok(t.clone()),
        given => Err(NewError::UnknownTheme {
            given: given.clone(),
            valid: valid.to_vec(),
        }),
    }
}

/// The first place in the 2×2 no quadrant of the site takes.
fn free_quadrant(docs: &[std::sync::Arc<Document>]) -> Result<crate::model::Axes, NewError> {
    let used: BTreeSet<(bool, bool)> = docs
        .iter()
        .filter_map(|d| match &d.fields {
            Fields::Quadrant { axes, .. } => Some((axes.resultaat, axes.buiten_binnen)),
            _ => None,
        })
        .collect();
    let free = [(false, false), (true, false), (true, true), (false, true)]
        .into_iter()
        .find(|c| !used.contains(c))
        .ok_or(NewError::NoFreeQuadrant)?;
    Ok(crate::model::Axes {
        resultaat: free.0,
        buiten_binnen: free.1,
    })
}

/// Where a new document of `kind` goes: its file (relative to the site root) and its
/// site path. Pages live at the top of `content/`, the other kinds in their folder.
fn new_paths(config: &Config, kind: Kind, id: &str) -> (String, String) {
    match kind {
        Kind::Page => (format!("content/{id}.md"), format!("{id}/")),
        kind => {
            let folder = config.folder(kind);
            (
                format!("content/{folder}/{id}.md"),
                format!("{folder}/{id}/"),
            )
        }
    }
}

/// A YAML scalar for any title (quoted when it needs to be).
fn yaml_string(s: &str) -> String {
    format!("\"{}\"", yaml_escaped(s))
}

/// `s` as the inside of a double-quoted YAML scalar: backslash and quote escaped, and
/// every character YAML would fold or refuse (line breaks and other control characters,
/// byte order marks) written as an escape, so that the value reads back exactly.
fn yaml_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// The municipality of the bundled default site, which `init --name` replaces.
const PLACEHOLDER: &str = "Gemeente Voorbeeld";

/// The files of a new site named `name` (`Gemeente Zuidwold`), from the bundled default.
/// The name goes in as each place needs it: an escaped TOML string in `site.toml`, a
/// quoted YAML string in front matter, escaped Markdown text in a body.
pub fn plan_init(name: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = bundled::FILES
        .iter()
        .map(|(path, bytes)| {
            let bytes = match (name, std::str::from_utf8(bytes)) {
                (Some(name), Ok(text)) if text.contains(PLACEHOLDER) => {
                    if path.ends_with(".toml") {
                        toml_with_name(text, name).into_bytes()
                    } else if path.ends_with(".md") {
                        markdown_with_name(text, name).into_bytes()
                    } else {
                        bytes.to_vec()
                    }
                }
                _ => bytes.to_vec(),
            };
            let bytes = if is_sample(path) {
                marked_sample(bytes)
            } else {
                bytes
            };
            (path.to_string(), bytes)
        })
        .collect();
    files.push((".gitignore".to_string(), GITIGNORE.as_bytes().to_vec()));
    files
}

/// A new site's `.gitignore`: what verteller writes into the site folder and nobody
/// should commit — the built site, a build's staging folder beside it, and the cache of
/// `check --extern`.
const GITIGNORE: &str = "# Wat verteller zelf maakt, hoort niet in git: de gebouwde site, de tijdelijke\n# map van een build, de verkleinde foto's en de cache van `verteller check --extern`.\n/public/\n/.*.verteller-staging-*\n/.verteller-cache/\n";

/// The bundled documents a new site gets as samples: every document under `content/`
/// except the list pages' intros and the agenda themes and quadrants (the essay's
/// structure, which a municipality keeps). `build` warns about each until the site's
/// own text replaces it.
fn is_sample(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("content/") else {
        return false;
    };
    path.ends_with(".md")
        && !path.ends_with("_index.md")
        && !rest.starts_with("themas/")
        && !rest.starts_with("kwadranten/")
}

/// A document with `sample: true` as the first line of its front matter, and a comment
/// saying what it means.
fn marked_sample(bytes: Vec<u8>) -> Vec<u8> {
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        return bytes;
    };
    match text.strip_prefix("---\n") {
        Some(rest) => format!(
            "---\n# Een voorbeeldtekst: schrijf hier die van je eigen gemeente en haal dan\n# `sample: true` weg (of verwijder dit bestand). `verteller build` waarschuwt tot dan.\nsample: true\n{rest}"
        )
        .into_bytes(),
        None => bytes,
    }
}

/// `site.toml` with the name in every string value that holds the placeholder: each such
/// `key = "…"` line is read with the TOML parser and its value written back by the TOML
/// writer. Comments and other lines stay as they are.
fn toml_with_name(text: &str, name: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let content = line.trim_end_matches(['\n', '\r']);
            if !content.contains(PLACEHOLDER) || content.trim_start().starts_with('#') {
                return line.to_string();
            }
            let Ok(table) = content.parse::<toml::Table>() else {
                return line.to_string();
            };
            let (1, Some((key, toml::Value::String(value)))) = (table.len(), table.iter().next())
            else {
                return line.to_string();
            };
            let value = toml::Value::String(value.replace(PLACEHOLDER, name));
            let key = content
                .split_once('=')
                .map_or(key.as_str(), |(k, _)| k.trim_end());
            format!("{key} = {value}{}", &line[content.len()..])
        })
        .collect()
}

/// A Markdown file with the name in its front matter (as quoted YAML strings) and in its
/// body (as escaped text on one line).
fn markdown_with_name(text: &str, name: &str) -> String {
    let (front, body) = match crate::parse::frontmatter::split(text) {
        Ok(split) => text.split_at(split.body_offset),
        Err(_) => ("", text),
    };
    let front: String = front
        .split_inclusive('\n')
        .map(|line| {
            if line.contains(PLACEHOLDER) {
                yaml_line_with_name(line, name)
            } else {
                line.to_string()
            }
        })
        .collect();
    front + &body.replace(PLACEHOLDER, &markdown_text(name))
}

/// One front-matter line with the name in for the placeholder, which may stand in a
/// plain scalar (`key: text`), a flow sequence of plain scalars (`key: [a, b]`), a block
/// sequence item (`- text`) or a double-quoted scalar. Other shapes, which the bundled
/// site does not use, stay as they are (a unit test holds the bundled site to this).
fn yaml_line_with_name(line: &str, name: &str) -> String {
    let content = line.trim_end_matches(['\n', '\r']);
    let end = &line[content.len()..];
    let (lead, value) = match content.trim_start().strip_prefix("- ") {
        Some(item) => content.split_at(content.len() - item.len()),
        None => match content.split_once(": ") {
            Some((key, _)) => content.split_at(key.len() + 2),
            None => return line.to_string(),
        },
    };
    let scalar = |s: &str| -> Option<String> {
        let s = s.trim();
        if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
            Some(s.replace(PLACEHOLDER, &yaml_escaped(name)))
        } else if s.starts_with(['\'', '|', '>', '&', '*', '!', '{', '[', '#', '%', '@', '`'])
            || s.contains(" #")
        {
            None
        } else {
            Some(yaml_string(&s.replace(PLACEHOLDER, name)))
        }
    };
    let value = value.trim();
    let written = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(items) if !items.contains(['"', '\'', '[', '{']) => items
            .split(',')
            .map(|item| {
                if item.contains(PLACEHOLDER) {
                    scalar(item)
                } else {
                    Some(item.trim().to_string())
                }
            })
            .collect::<Option<Vec<_>>>()
            .map(|items| format!("[{}]", items.join(", "))),
        Some(_) => None,
        None => scalar(value),
    };
    match written {
        Some(written) => format!("{lead}{written}{end}"),
        None => line.to_string(),
    }
}

/// `name` as literal Markdown text inside a paragraph: on one line (control characters,
/// line breaks among them, become spaces), the characters that could start markup
/// escaped, and its first character too when it is punctuation (a paragraph may start
/// with the name, and `#`, `-` or `>` there would start a block), as well as the `.` or
/// `)` after leading digits (`1.` would start a list).
fn markdown_text(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut leading_digits = true;
    for (i, c) in name.chars().enumerate() {
        let c = if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            ' '
        } else {
            c
        };
        let markup = matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '&'
                | '!'
                | '~'
                | '|'
                | '#'
                | '{'
                | '}'
                | '$'
        );
        let list = leading_digits && i > 0 && matches!(c, '.' | ')');
        if markup || list || (i == 0 && c.is_ascii_punctuation()) {
            out.push('\\');
        }
        leading_digits &= c.is_ascii_digit();
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_gives_a_short_id_of_whole_words() {
        let long = slugify(
            "Een buurtkamer in Oost waar bewoners zelf de sleutel hebben en de gemeente meedenkt",
        );
        let id = short_id(&long);
        assert!(id.len() <= MAX_ID_LENGTH, "{id}");
        assert_eq!(id, "een-buurtkamer-in-oost-waar-bewoners-zelf");
        assert_eq!(short_id("buurtkamer-oost"), "buurtkamer-oost");
        assert_eq!(short_id(&"a".repeat(60)).len(), MAX_ID_LENGTH);
    }

    #[test]
    fn the_bundled_site_is_complete() {
        let files = plan_init(Some("Gemeente Zuidwold"));
        assert!(files.iter().any(|(p, _)| p == "site.toml"));
        assert!(
            files
                .iter()
                .any(|(p, _)| p.starts_with("content/verhalen/"))
        );
        let config = &files.iter().find(|(p, _)| p == "site.toml").unwrap().1;
        assert!(String::from_utf8_lossy(config).contains("Gemeente Zuidwold"));
        let ignore = &files.iter().find(|(p, _)| p == ".gitignore").unwrap().1;
        let ignore = String::from_utf8_lossy(ignore);
        for line in ["/public/", "/.verteller-cache/"] {
            assert!(ignore.lines().any(|l| l == line), "{ignore}");
        }
    }

    #[test]
    fn agenda_items_need_a_valid_theme() {
        let config = Config::default();
        let request = NewRequest {
            kind: Kind::Agenda,
            title: "Toets".into(),
            date: Date::parse("2026-01-01").unwrap(),
            theme: Some("x".into()),
        };
        assert!(matches!(
            plan_new(&config, &[], &request),
            Err(NewError::UnknownTheme { .. })
        ));
    }

    #[test]
    fn titles_are_quoted_safely() {
        assert_eq!(yaml_string("Eén: \"loket\""), "\"Eén: \\\"loket\\\"\"");
        assert_eq!(yaml_string("a\nb\u{7}"), "\"a\\nb\\u0007\"");
    }

    /// Names that broke `site.toml` or front matter when pasted in as they were.
    const AWKWARD: [&str; 6] = [
        "Gemeente \"x",
        "Gemeente \\ Zuid",
        "Gemeente\nNoord",
        "Gemeente '''Oost''' \"\"\"",
        "Gemeente 's-Hertogenbosch, [Zuid]: \"#1\" # niet",
        "- # > *Gemeente* <b>&amp;</b> \\\r\n\t\u{2028}\u{feff}\u{7f}",
    ];

    /// The front matter's text values (a string, or the strings of a list) by key.
    fn front_matter_texts(path: &str, text: &str) -> Vec<(String, Vec<String>)> {
        use crate::parse::yaml::{Yaml, parse_mapping};
        let Ok(split) = crate::parse::frontmatter::split(text) else {
            return Vec::new();
        };
        let mapping = parse_mapping(split.front_matter)
            .unwrap_or_else(|e| panic!("{path}: {e:?}\n{}", split.front_matter))
            .unwrap_or_default();
        mapping
            .into_iter()
            .map(|(key, value)| {
                let texts = match value {
                    Yaml::Str(s) => vec![s],
                    Yaml::Seq(items) => items
                        .into_iter()
                        .filter_map(|i| match i {
                            Yaml::Str(s) => Some(s),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                (key, texts)
            })
            .collect()
    }

    #[test]
    fn any_name_reads_back_from_site_toml_and_front_matter() {
        let plain = plan_init(None);
        for name in AWKWARD {
            let files = plan_init(Some(name));
            let config = &files.iter().find(|(p, _)| p == "site.toml").unwrap().1;
            let config = std::str::from_utf8(config).unwrap();
            let table: toml::Table = config
                .parse()
                .unwrap_or_else(|e| panic!("{name:?}: {e}\n{config}"));
            assert_eq!(table["municipality"].as_str(), Some(name), "{config}");
            assert!(
                table["description"].as_str().unwrap().contains(name),
                "{config}"
            );
            assert!(!config.contains(PLACEHOLDER), "{config}");
            for ((path, bytes), (_, original)) in files.iter().zip(&plain) {
                if !path.ends_with(".md") {
                    continue;
                }
                let text = std::str::from_utf8(bytes).unwrap();
                assert!(!text.contains(PLACEHOLDER), "{name:?} {path}:\n{text}");
                // Every value that held the placeholder holds the name, as written.
                let original = std::str::from_utf8(original).unwrap();
                let expected: Vec<(String, Vec<String>)> = front_matter_texts(path, original)
                    .into_iter()
                    .map(|(k, v)| (k, v.iter().map(|t| t.replace(PLACEHOLDER, name)).collect()))
                    .collect();
                assert_eq!(front_matter_texts(path, text), expected, "{name:?} {path}");
                // The body keeps its number of lines.
                assert_eq!(text.lines().count(), original.lines().count(), "{path}");
            }
        }
    }

    #[test]
    fn names_are_plain_text_in_markdown() {
        assert_eq!(markdown_text("Gemeente Zuidwold"), "Gemeente Zuidwold");
        assert_eq!(
            markdown_text("Gemeente 's-Hertogenbosch"),
            "Gemeente 's-Hertogenbosch"
        );
        assert_eq!(markdown_text("# a\nb"), "\\# a b");
        assert_eq!(markdown_text("12. *x*"), "12\\. \\*x\\*");
        assert_eq!(markdown_text("<b>"), "\\<b\\>");
    }
}
