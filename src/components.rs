//! Components: what editors write instead of raw HTML — a callout, a quote with its
//! speaker, an expandable section, a key figure, a video with captions, a download with
//! its size and format — and a site's own, declared in `site.toml`.
//!
//! Why a module of its own: the components are a contract like the front matter's, a
//! table of names, arguments, types and whether each is required. The same table
//! checks what editors write (`markdown`), is listed by `verteller schema` and is held
//! to `docs/content.md`. The syntax they are written in is [`syntax`]'s; rendering them
//! through Tera templates is `render`'s.

pub mod syntax;

/// How a component's place is marked in a body's HTML: `markdown` writes the markers,
/// `resolve` fills the link and file arguments in them (with the links), `render`
/// replaces each component's markers and what lies between them with its template's
/// HTML. Control characters: parsing replaces every one an editor writes.
pub mod markers {
    /// Opens component `n`: `\u{1D}n`, a field per link or file argument, `\u{1D}`.
    pub const OPEN: char = '\u{1D}';
    /// Closes component `n`: `\u{1E}n\u{1E}`.
    pub const CLOSE: char = '\u{1E}';
    /// Delimits a filled link or file argument: `\u{1F}url\u{1F}`, and for a file
    /// `\u{1F}url\u{18}bytes\u{1F}`.
    pub const FIELD: char = '\u{1F}';
    /// Separates a file's URL from its size in bytes.
    pub const SIZE: char = '\u{18}';
}

use std::borrow::Cow;

use crate::diagnostics::Position;
use crate::messages::{ComponentShape, ComponentValue, Msg};

/// How a component is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// Around Markdown text: `:::name{…}`, the text, `:::`.
    Block,
    /// On a line of its own: `::name{…}`.
    Line,
    /// On a line of its own (`::name{…}`) or inside a sentence (`:name{…}`).
    Inline,
}

impl Form {
    /// The token of `[components.NAME] form` and of the docs.
    pub fn token(self) -> &'static str {
        match self {
            Form::Block => "block",
            Form::Line => "line",
            Form::Inline => "inline",
        }
    }

    /// The forms a site may declare, by token.
    pub const TOKENS: [&'static str; 3] = ["block", "line", "inline"];

    pub fn from_token(token: &str) -> Option<Form> {
        match token {
            "block" => Some(Form::Block),
            "line" => Some(Form::Line),
            "inline" => Some(Form::Inline),
            _ => None,
        }
    }

    /// Whether a component of this form may be written as `written`.
    pub fn allows(self, written: Form) -> bool {
        match self {
            Form::Block => written == Form::Block,
            Form::Line => written == Form::Line,
            Form::Inline => matches!(written, Form::Line | Form::Inline),
        }
    }
}

/// What kind of file an argument of type [`ArgType::File`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Any,
    Video,
    Captions,
    Image,
}

impl FileKind {
    /// The extensions a file of this kind may have (lower case); empty: any.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Any => &[],
            FileKind::Video => &["mp4", "webm", "ogv", "m4v"],
            FileKind::Captions => &["vtt"],
            FileKind::Image => &["jpg", "jpeg", "png", "webp", "avif", "gif", "svg"],
        }
    }

    /// Whether `path` has one of this kind's extensions.
    pub fn accepts(self, path: &str) -> bool {
        let exts = self.extensions();
        if exts.is_empty() {
            return true;
        }
        let file = path.split(['?', '#']).next().unwrap_or("");
        file.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && !stem.ends_with('/') && exts.contains(&&*ext.to_ascii_lowercase())
        })
    }
}

/// The type of one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgType {
    Text,
    Bool,
    Number,
    /// One of these tokens.
    Token(&'static [&'static str]),
    /// A link, checked and resolved like a Markdown link (`../verhalen/x.md`, `/pad/`,
    /// `https://…`).
    Link,
    /// A file of the site (in `static/`): never from another origin.
    File(FileKind),
}

impl ArgType {
    /// The type's name in `site.toml`, the docs and `verteller schema`.
    pub fn token(self) -> &'static str {
        match self {
            ArgType::Text => "text",
            ArgType::Bool => "bool",
            ArgType::Number => "number",
            ArgType::Token(_) => "token",
            ArgType::Link => "link",
            ArgType::File(_) => "file",
        }
    }

    /// The types a site may declare, by token.
    pub const SITE_TOKENS: [&'static str; 5] = ["text", "number", "bool", "link", "file"];

    /// The type a site declares with `token`.
    pub fn from_site_token(token: &str) -> Option<ArgType> {
        match token {
            "text" => Some(ArgType::Text),
            "number" => Some(ArgType::Number),
            "bool" => Some(ArgType::Bool),
            "link" => Some(ArgType::Link),
            "file" => Some(ArgType::File(FileKind::Any)),
            _ => None,
        }
    }
}

/// One argument of a component.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArgSpec {
    pub name: Cow<'static, str>,
    pub ty: ArgType,
    pub required: bool,
    /// The value a template sees when the argument is not written (tokens only).
    pub default: Option<&'static str>,
    /// What it means, for editors (Dutch, like `verteller schema`'s descriptions).
    pub meaning: Cow<'static, str>,
}

/// One component: its name, how it is written and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spec {
    pub name: Cow<'static, str>,
    pub form: Form,
    pub args: Cow<'static, [ArgSpec]>,
    /// What it is, for editors (Dutch).
    pub meaning: Cow<'static, str>,
    /// Where `site.toml` declares it (`None`: built in).
    pub declared_at: Option<Position>,
}

impl Spec {
    /// The template that renders it: `components/NAME.html`.
    pub fn template(&self) -> String {
        template_of(&self.name)
    }

    pub fn arg(&self, name: &str) -> Option<&ArgSpec> {
        self.args.iter().find(|a| a.name == name)
    }
}

/// The template that renders component `name`.
pub fn template_of(name: &str) -> String {
    format!("{TEMPLATE_FOLDER}{name}.html")
}

/// The folder (under a theme's or the site's `templates/`) of component templates.
pub const TEMPLATE_FOLDER: &str = "components/";

/// Names a component's argument may not have: the template sees these itself.
pub const RESERVED_ARGUMENTS: [&str; 6] = ["content", "inline", "site", "t", "preview", "search"];

const fn arg(name: &'static str, ty: ArgType, required: bool, meaning: &'static str) -> ArgSpec {
    ArgSpec {
        name: Cow::Borrowed(name),
        ty,
        required,
        default: None,
        meaning: Cow::Borrowed(meaning),
    }
}

const fn built_in(
    name: &'static str,
    form: Form,
    args: &'static [ArgSpec],
    meaning: &'static str,
) -> Spec {
    Spec {
        name: Cow::Borrowed(name),
        form,
        args: Cow::Borrowed(args),
        meaning: Cow::Borrowed(meaning),
        declared_at: None,
    }
}

/// The kinds of callout (the NL Design System's alert: information, success, warning,
/// error), as editors write them.
pub const CALLOUT_TYPES: &[&str] = &["info", "succes", "waarschuwing", "fout"];

static CALLOUT_ARGS: [ArgSpec; 2] = [
    ArgSpec {
        name: Cow::Borrowed("type"),
        ty: ArgType::Token(CALLOUT_TYPES),
        required: false,
        default: Some("info"),
        meaning: Cow::Borrowed("Soort: info, succes, waarschuwing of fout (standaard info)."),
    },
    arg("title", ArgType::Text, false, "Kop boven de tekst."),
];

static QUOTE_ARGS: [ArgSpec; 2] = [
    arg("speaker", ArgType::Text, true, "Wie het zei."),
    arg(
        "role",
        ArgType::Text,
        false,
        "Wie die persoon is, zoals `bewoner van Oost`.",
    ),
];

static EXPANDABLE_ARGS: [ArgSpec; 2] = [
    arg(
        "title",
        ArgType::Text,
        true,
        "De regel die je ziet; klik erop voor de rest.",
    ),
    arg(
        "open",
        ArgType::Bool,
        false,
        "true: staat al open als de pagina laadt.",
    ),
];

static KEY_FIGURE_ARGS: [ArgSpec; 3] = [
    arg(
        "value",
        ArgType::Text,
        true,
        "Het getal, zoals `1.240` of `87%`.",
    ),
    arg(
        "label",
        ArgType::Text,
        true,
        "Wat het getal telt, zoals `bewoners deden mee`.",
    ),
    arg(
        "source",
        ArgType::Text,
        false,
        "Waar het getal vandaan komt.",
    ),
];

static VIDEO_ARGS: [ArgSpec; 4] = [
    arg(
        "src",
        ArgType::File(FileKind::Video),
        true,
        "De video in static/ (mp4 of webm), zoals /media/buurtkamer.mp4.",
    ),
    arg(
        "captions",
        ArgType::File(FileKind::Captions),
        true,
        "De ondertiteling in static/ (.vtt): verplicht, want niet iedereen kan horen wat er gezegd wordt.",
    ),
    arg(
        "title",
        ArgType::Text,
        true,
        "Waar de video over gaat; staat eronder.",
    ),
    arg(
        "poster",
        ArgType::File(FileKind::Image),
        false,
        "Een afbeelding in static/ die je ziet voordat de video speelt.",
    ),
];

static DOWNLOAD_ARGS: [ArgSpec; 2] = [
    arg(
        "src",
        ArgType::File(FileKind::Any),
        true,
        "Het bestand in static/, zoals /documenten/jaarverslag.pdf.",
    ),
    arg(
        "title",
        ArgType::Text,
        true,
        "De linktekst: wat er in het bestand staat.",
    ),
];

/// The components of the `gemeente` theme, in the order the docs list them.
pub static BUILT_IN: [Spec; 6] = [
    built_in(
        "callout",
        Form::Block,
        &CALLOUT_ARGS,
        "Een kader dat opvalt: een tip, een waarschuwing, iets wat gelukt is.",
    ),
    built_in(
        "quote",
        Form::Block,
        &QUOTE_ARGS,
        "Een citaat met wie het zei.",
    ),
    built_in(
        "expandable",
        Form::Block,
        &EXPANDABLE_ARGS,
        "Een deel dat lezers zelf openklappen.",
    ),
    built_in(
        "key_figure",
        Form::Line,
        &KEY_FIGURE_ARGS,
        "Een kerncijfer, groot in beeld.",
    ),
    built_in(
        "video",
        Form::Line,
        &VIDEO_ARGS,
        "Een video van de site zelf, met ondertiteling.",
    ),
    built_in(
        "download",
        Form::Inline,
        &DOWNLOAD_ARGS,
        "Een bestand om te downloaden; verteller zet er het formaat en de grootte bij.",
    ),
];

/// Every component a site has: the built-in ones and its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Catalog {
    /// The site's own, from `[components.NAME]` in `site.toml`.
    pub site: Vec<Spec>,
}

/// The catalog of a site without components of its own.
pub static BUILT_IN_ONLY: Catalog = Catalog { site: Vec::new() };

impl Catalog {
    /// The component called `name`.
    pub fn get(&self, name: &str) -> Option<&Spec> {
        self.all().find(|s| s.name == name)
    }

    /// Every component: the built-in ones, then the site's.
    pub fn all(&self) -> impl Iterator<Item = &Spec> {
        BUILT_IN.iter().chain(self.site.iter())
    }

    /// Every component's name.
    pub fn names(&self) -> Vec<&str> {
        self.all().map(|s| &*s.name).collect()
    }
}

/// Whether `name` may name a component or an argument: a lower-case letter, then
/// lower-case letters, digits and `_` (the style of the front matter's keys).
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A component's argument after checking: its value in the type of its contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// Not written (an optional argument without a default).
    Absent,
    Text(String),
    Bool(bool),
    /// A number as written, with `.` as its decimal point.
    Number(String),
    /// A link as written, and where its value is (body offset).
    Link {
        written: String,
        at: usize,
    },
    /// A file of the site: its path under `static/` (`docs/plan.pdf`), as written, and
    /// where its value is.
    File {
        path: String,
        written: String,
        at: usize,
    },
}

/// A component's checked arguments, by name in its contract's order, and its problems
/// at their byte offsets in the body.
pub type Checks = (Vec<(String, Checked)>, Vec<(usize, Msg)>);

/// Checks a written component against its contract: every argument in the contract's
/// order (absent ones [`Checked::Absent`] or their default), and every problem at its
/// byte offset in the body — a form that does not fit, an unknown argument (with the
/// nearest name), a value of the wrong type, a missing argument (a video's captions
/// with a message of its own: WCAG 1.2.2).
pub fn check(spec: &Spec, written: &syntax::Written) -> Checks {
    let mut problems = Vec::new();
    if !spec.form.allows(written.form) {
        let wanted = match spec.form {
            Form::Block => ComponentShape::Block,
            Form::Line => ComponentShape::Line,
            Form::Inline => ComponentShape::LineOrInline,
        };
        problems.push((
            written.name_at,
            Msg::ComponentForm {
                name: spec.name.to_string(),
                wanted,
            },
        ));
    }
    for w in &written.args {
        if spec.arg(&w.key).is_none() {
            let names: Vec<&str> = spec.args.iter().map(|a| &*a.name).collect();
            problems.push((
                w.key_at,
                Msg::UnknownComponentArgument {
                    component: spec.name.to_string(),
                    argument: w.key.clone(),
                    allowed: names.iter().map(|n| n.to_string()).collect(),
                },
            ));
        }
    }
    let args = spec
        .args
        .iter()
        .map(|a| {
            let value = match written.args.iter().find(|w| w.key == a.name) {
                Some(w) => match convert(spec, a, w) {
                    Ok(value) => value,
                    Err(problem) => {
                        problems.push(problem);
                        Checked::Absent
                    }
                },
                None => {
                    if a.required {
                        let msg = if spec.name == "video" && a.name == "captions" {
                            Msg::VideoWithoutCaptions
                        } else {
                            Msg::MissingComponentArgument {
                                component: spec.name.to_string(),
                                argument: a.name.to_string(),
                            }
                        };
                        problems.push((written.name_at, msg));
                    }
                    a.default
                        .map_or(Checked::Absent, |d| Checked::Text(d.to_string()))
                }
            };
            (a.name.to_string(), value)
        })
        .collect();
    (args, problems)
}

/// One written argument in its contract's type.
fn convert(spec: &Spec, a: &ArgSpec, w: &syntax::WrittenArg) -> Result<Checked, (usize, Msg)> {
    let invalid = |expected: ComponentValue| {
        (
            w.value_at,
            Msg::InvalidComponentArgument {
                component: spec.name.to_string(),
                argument: a.name.to_string(),
                value: w.value.clone().unwrap_or_default(),
                expected,
            },
        )
    };
    let Some(value) = &w.value else {
        return match a.ty {
            // `{open}` is `{open=true}`.
            ArgType::Bool => Ok(Checked::Bool(true)),
            ArgType::Token(tokens) => Err(invalid(ComponentValue::OneOf(tokens))),
            _ => Err(invalid(ComponentValue::Text)),
        };
    };
    match a.ty {
        ArgType::Text => Ok(Checked::Text(value.clone())),
        ArgType::Bool => match value.as_str() {
            "true" => Ok(Checked::Bool(true)),
            "false" => Ok(Checked::Bool(false)),
            _ => Err(invalid(ComponentValue::Bool)),
        },
        ArgType::Number => {
            let number = value.trim().replace(',', ".");
            match number.parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(Checked::Number(number)),
                _ => Err(invalid(ComponentValue::Number)),
            }
        }
        ArgType::Token(tokens) => {
            if tokens.contains(&value.as_str()) {
                Ok(Checked::Text(value.clone()))
            } else {
                Err(invalid(ComponentValue::OneOf(tokens)))
            }
        }
        ArgType::Link if value.trim().is_empty() => Err(invalid(ComponentValue::Text)),
        ArgType::Link => Ok(Checked::Link {
            written: value.clone(),
            at: w.value_at,
        }),
        ArgType::File(kind) => {
            let Some(path) = site_file(value) else {
                return Err(invalid(ComponentValue::LocalFile));
            };
            if !kind.accepts(&path) {
                return Err(invalid(ComponentValue::FileType(kind.extensions())));
            }
            Ok(Checked::File {
                path,
                written: value.clone(),
                at: w.value_at,
            })
        }
    }
}

/// The path under `static/` a file argument names: `/docs/a.pdf` → `docs/a.pdf`; a
/// relative path through `static/` (it previews on GitHub) → the part after it.
/// `None` for what is not a file of the site: another origin, `data:`, nothing.
pub fn site_file(written: &str) -> Option<String> {
    let path = written.trim();
    let path = path.split(['?', '#']).next().unwrap_or("");
    let scheme = path
        .find(':')
        .is_some_and(|colon| !path[..colon].contains('/'));
    if path.is_empty() || path.starts_with("//") || scheme {
        return None;
    }
    let path = match path.strip_prefix('/') {
        Some(rest) => rest,
        None => path.rsplit_once("static/").map_or(path, |(_, after)| after),
    };
    let path = path.trim_start_matches("./");
    (!path.is_empty() && !path.split('/').any(|p| p == "..")).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_names_and_arguments_follow_the_contract_style() {
        for spec in &BUILT_IN {
            assert!(valid_name(&spec.name), "{}", spec.name);
            for a in spec.args.iter() {
                assert!(valid_name(&a.name), "{}.{}", spec.name, a.name);
                assert!(!RESERVED_ARGUMENTS.contains(&&*a.name), "{}", a.name);
            }
        }
        assert!(BUILT_IN_ONLY.get("callout").is_some());
        assert!(BUILT_IN_ONLY.get("kader").is_none());
    }

    #[test]
    fn file_kinds_check_extensions() {
        assert!(FileKind::Captions.accepts("/media/film.nl.VTT"));
        assert!(!FileKind::Captions.accepts("/media/film.srt"));
        assert!(!FileKind::Video.accepts("/media/.mp4"));
        assert!(FileKind::Video.accepts("../static/media/film.mp4?v=2"));
        assert!(FileKind::Any.accepts("/docs/x"));
    }

    fn written(text: &str) -> syntax::Written {
        let scan = syntax::scan(text, pulldown_cmark::Options::empty());
        assert_eq!(scan.problems, [], "{text}");
        scan.written.into_iter().next().expect("a component")
    }

    fn problems(text: &str) -> Vec<(usize, Msg)> {
        let w = written(text);
        check(BUILT_IN_ONLY.get(&w.name).unwrap(), &w).1
    }

    #[test]
    fn arguments_are_checked_at_their_own_place() {
        let text = "::video{src=/m/film.mp4 titel=x}\n";
        let found = problems(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            matches!(&found[0], (at, Msg::UnknownComponentArgument { argument, .. }) if *at == text.find("titel").unwrap() && argument == "titel")
        );
        assert!(matches!(&found[1], (2, Msg::VideoWithoutCaptions)));
        assert!(
            matches!(&found[2], (2, Msg::MissingComponentArgument { argument, .. }) if argument == "title")
        );

        let text = "::video{src=https://cdn.example/film.mp4 captions=/m/f.srt title=x}\n";
        let found = problems(text);
        assert!(
            matches!(&found[0], (at, Msg::InvalidComponentArgument { expected: ComponentValue::LocalFile, .. }) if *at == 12)
        );
        assert!(
            matches!(&found[1], (at, Msg::InvalidComponentArgument { expected: ComponentValue::FileType(_), .. }) if *at == text.find("/m/f.srt").unwrap())
        );

        let found = problems(":::callout{type=waarschuwng}\nx\n:::\n");
        assert!(matches!(
            &found[0],
            (
                16,
                Msg::InvalidComponentArgument {
                    expected: ComponentValue::OneOf(_),
                    ..
                }
            )
        ));
        let found = problems("::callout{}\n");
        assert!(matches!(
            &found[0],
            (
                2,
                Msg::ComponentForm {
                    wanted: ComponentShape::Block,
                    ..
                }
            )
        ));
    }

    #[test]
    fn values_take_their_types_and_defaults() {
        let w = written(":::expandable{title=\"Meer\" open}\nx\n:::\n");
        let (args, found) = check(BUILT_IN_ONLY.get("expandable").unwrap(), &w);
        assert_eq!(found, []);
        assert_eq!(args[1], ("open".to_string(), Checked::Bool(true)));
        let w = written(":::callout\nx\n:::\n");
        let (args, _) = check(BUILT_IN_ONLY.get("callout").unwrap(), &w);
        assert_eq!(args[0], ("type".to_string(), Checked::Text("info".into())));
        assert_eq!(args[1], ("title".to_string(), Checked::Absent));
    }

    #[test]
    fn site_files_are_local() {
        assert_eq!(site_file("/docs/a.pdf").as_deref(), Some("docs/a.pdf"));
        assert_eq!(
            site_file("../../static/docs/a.pdf").as_deref(),
            Some("docs/a.pdf")
        );
        assert_eq!(site_file("https://x.nl/a.pdf"), None);
        assert_eq!(site_file("//x.nl/a.pdf"), None);
        assert_eq!(site_file("data:video/mp4,AAAA"), None);
        assert_eq!(site_file("/../geheim"), None);
    }

    #[test]
    fn forms_allow_what_they_say() {
        assert!(Form::Inline.allows(Form::Line) && Form::Inline.allows(Form::Inline));
        assert!(!Form::Line.allows(Form::Inline) && !Form::Block.allows(Form::Line));
    }
}
