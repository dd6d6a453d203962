//! The front-matter contract as data: which keys each kind has, their types, which are
//! required — and the checker that turns a YAML mapping into typed values.
//!
//! The same table drives the parser and (later) `verteller schema`, so the two cannot
//! drift apart. Every unknown key, wrong type and bad value is reported, not just the first.

use crate::fingerprint::FastMap;

use crate::diagnostics::Position;
use crate::messages::{Msg, suggest};
use crate::model::{Axes, Date, Extra, IdRef, Kind, Status};
use crate::parse::yaml::Yaml;

/// The type of one front-matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Bool,
    Int,
    Date,
    TextList,
    /// One id of the given kind.
    Id(Kind),
    /// A list of ids of the given kind.
    IdList(Kind),
    Status,
    Axes,
    /// Site paths such as `/oude-url/`.
    PathList,
    /// A mapping of the site's own fields (`extra`), anything inside.
    Extra,
}

impl FieldType {
    fn expected(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Bool => "true or false",
            FieldType::Int => "a whole number",
            FieldType::Date => "a date",
            FieldType::TextList | FieldType::PathList => "a list of texts",
            FieldType::Id(_) | FieldType::Status => "an id",
            FieldType::IdList(_) => "a list of ids",
            FieldType::Axes | FieldType::Extra => "a mapping",
        }
    }
}

/// One key of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
}

const fn opt(name: &'static str, ty: FieldType) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: false,
    }
}
const fn req(name: &'static str, ty: FieldType) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: true,
    }
}

/// Keys every kind has. `title` is required except in `_index.md`.
const COMMON: [FieldSpec; 10] = [
    req("title", FieldType::Text),
    opt("summary", FieldType::Text),
    opt("description", FieldType::Text),
    opt("draft", FieldType::Bool),
    opt("sample", FieldType::Bool),
    opt("weight", FieldType::Int),
    opt("aliases", FieldType::PathList),
    opt("publish_date", FieldType::Date),
    opt("expires", FieldType::Date),
    opt("extra", FieldType::Extra),
];

/// The whole contract of one kind (DESIGN §2).
pub fn spec(kind: Kind) -> Vec<FieldSpec> {
    use FieldType::*;
    let mut fields = COMMON.to_vec();
    let own: &[FieldSpec] = match kind {
        Kind::Chapter => &[
            opt("date", Date),
            opt("updated", Date),
            opt("authors", TextList),
            opt("themes", IdList(Kind::AgendaTheme)),
            opt("quadrants", IdList(Kind::Quadrant)),
            opt("stories", IdList(Kind::Story)),
        ],
        Kind::Story => &[
            req("date", Date),
            opt("updated", Date),
            opt("themes", IdList(Kind::AgendaTheme)),
            opt("quadrants", IdList(Kind::Quadrant)),
            opt("roles", IdList(Kind::Role)),
            opt("related", IdList(Kind::Story)),
            opt("place", Text),
            opt("authors", TextList),
            opt("image", Text),
            opt("image_alt", Text),
        ],
        Kind::Agenda => &[
            req("theme", Id(Kind::AgendaTheme)),
            opt("status", Status),
            opt("owner", Text),
            opt("due", Date),
            opt("quadrants", IdList(Kind::Quadrant)),
            opt("stories", IdList(Kind::Story)),
        ],
        Kind::Quadrant => &[req("axes", Axes), opt("aka", TextList)],
        Kind::AgendaTheme | Kind::Role | Kind::Page => &[],
    };
    if kind == Kind::Chapter {
        // A chapter's weight is its place in the storyline.
        if let Some(w) = fields.iter_mut().find(|f| f.name == "weight") {
            w.required = true;
        }
    }
    fields.extend_from_slice(own);
    fields
}

/// A checked value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Bool(bool),
    Int(i64),
    Date(Date),
    TextList(Vec<String>),
    Ids(Vec<IdRef>),
    Status(Status),
    Axes(Axes, Position),
    Extra(Vec<(String, Extra)>),
}

/// Finds keys and tokens in the front matter, for positions.
pub struct Locator<'a> {
    /// The whole (normalised) file text.
    text: &'a str,
    fm_offset: usize,
    fm_len: usize,
    /// Where each top-level line of the front matter starts and ends, found on the first
    /// question (every list of ids asks for its key's lines: read once, not once per key).
    top_lines: std::cell::OnceCell<Vec<(usize, usize)>>,
}

impl<'a> Locator<'a> {
    /// A locator for the front matter at `fm_offset..fm_offset + fm_len` of `text`.
    pub fn new(text: &'a str, fm_offset: usize, fm_len: usize) -> Locator<'a> {
        Locator {
            text,
            fm_offset,
            fm_len,
            top_lines: std::cell::OnceCell::new(),
        }
    }

    fn fm(&self) -> &str {
        &self.text[self.fm_offset..self.fm_offset + self.fm_len]
    }

    fn top_lines(&self) -> &[(usize, usize)] {
        self.top_lines.get_or_init(|| {
            let mut offset = 0;
            let mut lines = Vec::new();
            for line in self.fm().split_inclusive('\n') {
                if is_top_level(line) {
                    lines.push((offset, offset + line.len()));
                }
                offset += line.len();
            }
            lines
        })
    }

    /// Byte range (in the front matter) of the top-level key's line and its continuation.
    fn key_region(&self, key: &str) -> Option<(usize, usize)> {
        let fm = self.fm();
        let lines = self.top_lines();
        let at = lines
            .iter()
            .position(|&(start, end)| is_key_line(&fm[start..end], key))?;
        let end = lines.get(at + 1).map_or(fm.len(), |&(next, _)| next);
        Some((lines[at].0, end))
    }

    /// Position of the second top-level `key:` line (a key given twice), if any.
    pub fn repeated_key(&self, key: &str) -> Option<Position> {
        let fm = self.fm();
        self.top_lines()
            .iter()
            .filter(|&&(start, end)| is_key_line(&fm[start..end], key))
            .nth(1)
            .map(|&(at, _)| Position::of_offset(self.text, self.fm_offset + at))
    }

    /// Position of `key:` (or the start of the front matter).
    pub fn key(&self, key: &str) -> Position {
        let offset = self.key_region(key).map_or(0, |(s, _)| s);
        Position::of_offset(self.text, self.fm_offset + offset)
    }

    /// Position of `token` in the value of `key` (or of the key).
    pub fn token(&self, key: &str, token: &str) -> Position {
        self.tokens(key, [token])
            .pop()
            .unwrap_or_else(|| self.key(key))
    }

    /// Positions of `tokens` (each as a whole word) in the value of `key`, or of the key
    /// for one that is not found. The key's lines are found once for the whole list
    /// (not once per id), and lines are counted on from one token to the next.
    pub fn tokens<'t>(
        &self,
        key: &str,
        tokens: impl IntoIterator<Item = &'t str>,
    ) -> Vec<Position> {
        let region = self.key_region(key);
        let key_position = || {
            let start = region.map_or(0, |(s, _)| s);
            Position::of_offset(self.text, self.fm_offset + start)
        };
        let mut positions = crate::diagnostics::Positions::new(self.text);
        tokens
            .into_iter()
            .map(|token| {
                region
                    .and_then(|(start, end)| {
                        find_word(&self.fm()[start..end], token).map(|at| start + at)
                    })
                    .map_or_else(key_position, |at| positions.at(self.fm_offset + at))
            })
            .collect()
    }

    /// Position of the first line of the front matter, for file-level problems.
    pub fn start(&self) -> Position {
        Position::of_offset(self.text, self.fm_offset.saturating_sub(4))
    }
}

/// Offset of `token` as a whole word (not inside a longer id) in the value part of a
/// key's lines `region` (after its first `:`).
fn find_word(region: &str, token: &str) -> Option<usize> {
    let mut from = region.find(':').map_or(0, |i| i + 1);
    while let Some(i) = region[from..].find(token) {
        let at = from + i;
        let before = region[..at].chars().next_back();
        let after = region[at + token.len()..].chars().next();
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        if boundary(before) && boundary(after) {
            return Some(at);
        }
        from = at + token.len().max(1);
    }
    None
}

/// A line that starts a top-level entry (not indented, not a list item or comment).
fn is_top_level(line: &str) -> bool {
    !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty()
}

fn is_key_line(line: &str, key: &str) -> bool {
    let line = line.trim_start_matches(['"', '\'']);
    line.strip_prefix(key).is_some_and(|rest| {
        rest.trim_start_matches(['"', '\''])
            .trim_start()
            .starts_with(':')
    })
}

/// A problem found while checking, with its position.
pub type Problem = (Position, Msg);

/// What [`check`] checks against besides the kind's contract.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions<'a> {
    /// False for `_index.md`.
    pub title_required: bool,
    /// The site's own taxonomies this kind may use (checked apart, see `parse::terms`):
    /// named among the allowed keys and suggested for a misspelt key.
    pub taxonomies: &'a [&'a str],
}

/// Checks `entries` against the contract of `kind`. Returns the good values; every
/// problem goes to `problems`.
pub fn check(
    kind: Kind,
    entries: Vec<(String, Yaml)>,
    locator: &Locator<'_>,
    options: CheckOptions<'_>,
    problems: &mut Vec<Problem>,
) -> FastMap<&'static str, Value> {
    let spec = spec(kind);
    let title_required = options.title_required;
    let mut values = FastMap::with_capacity_and_hasher(entries.len(), Default::default());
    for (key, yaml) in entries {
        let Some(field) = spec.iter().find(|f| f.name == key) else {
            let names: Vec<&str> = spec
                .iter()
                .map(|f| f.name)
                .chain(options.taxonomies.iter().copied())
                .collect();
            problems.push((
                locator.key(&key),
                Msg::UnknownKey {
                    suggestion: suggest(&key, names.iter().copied()),
                    key,
                    allowed: names.iter().map(|n| n.to_string()).collect(),
                },
            ));
            continue;
        };
        if yaml == Yaml::Null {
            continue; // `summary:` with nothing after it counts as absent.
        }
        match convert(field, yaml, locator) {
            Ok(v) => {
                values.insert(field.name, v);
            }
            Err(problem) => problems.push(problem),
        }
    }
    for field in &spec {
        let required = field.required && (field.name != "title" || title_required);
        if required && !values.contains_key(field.name) && !problems_mention(problems, field.name) {
            problems.push((
                locator.start(),
                Msg::MissingField {
                    key: field.name.to_string(),
                },
            ));
        }
    }
    values
}

fn problems_mention(problems: &[Problem], key: &str) -> bool {
    problems.iter().any(|(_, m)| match m {
        Msg::WrongType { key: k, .. }
        | Msg::InvalidDate { key: k, .. }
        | Msg::InvalidValue { key: k, .. } => k == key || k.starts_with(&format!("{key}.")),
        _ => false,
    })
}

fn convert(field: &FieldSpec, yaml: Yaml, locator: &Locator<'_>) -> Result<Value, Problem> {
    let key = field.name;
    let wrong = || {
        (
            locator.key(key),
            Msg::WrongType {
                key: key.to_string(),
                expected: field.ty.expected(),
            },
        )
    };
    match field.ty {
        FieldType::Text => scalar_text(yaml).map(Value::Text).ok_or_else(wrong),
        FieldType::Bool => match yaml {
            Yaml::Bool(b) => Ok(Value::Bool(b)),
            _ => Err(wrong()),
        },
        FieldType::Int => match yaml {
            Yaml::Int(i) => Ok(Value::Int(i)),
            _ => Err(wrong()),
        },
        FieldType::Date => {
            let text = scalar_text(yaml).ok_or_else(wrong)?;
            Date::parse(text.trim()).map(Value::Date).ok_or_else(|| {
                (
                    locator.token(key, &text),
                    Msg::InvalidDate {
                        key: key.to_string(),
                        suggestion: date_as_meant(&text).map(|d| d.to_string()),
                        value: text,
                    },
                )
            })
        }
        FieldType::TextList | FieldType::PathList => {
            text_list(yaml).map(Value::TextList).ok_or_else(wrong)
        }
        FieldType::IdList(_) => {
            let items = text_list(yaml).ok_or_else(wrong)?;
            let positions = locator.tokens(key, items.iter().map(String::as_str));
            Ok(Value::Ids(
                items
                    .into_iter()
                    .zip(positions)
                    .map(|(id, position)| IdRef { position, id })
                    .collect(),
            ))
        }
        FieldType::Id(_) => {
            let id = scalar_text(yaml).ok_or_else(wrong)?;
            Ok(Value::Ids(vec![IdRef {
                position: locator.token(key, &id),
                id,
            }]))
        }
        FieldType::Status => {
            let token = scalar_text(yaml).ok_or_else(wrong)?;
            Status::from_token(&token)
                .map(Value::Status)
                .ok_or_else(|| {
                    (
                        locator.token(key, &token),
                        Msg::InvalidValue {
                            key: key.to_string(),
                            value: token,
                            allowed: Status::TOKENS.iter().map(|s| s.to_string()).collect(),
                        },
                    )
                })
        }
        FieldType::Axes => axes(yaml, locator).map(|a| Value::Axes(a, locator.key(key))),
        FieldType::Extra => match yaml {
            Yaml::Map(entries) => Ok(Value::Extra(
                entries.into_iter().map(|(k, v)| (k, extra(v))).collect(),
            )),
            _ => Err(wrong()),
        },
    }
}

/// A site's own value, as written: not checked, only carried to the templates.
fn extra(yaml: Yaml) -> Extra {
    match yaml {
        Yaml::Null => Extra::Null,
        Yaml::Bool(b) => Extra::Bool(b),
        Yaml::Int(i) => Extra::Int(i),
        Yaml::Scalar(s) => Extra::Number(s),
        Yaml::Str(s) => Extra::Text(s),
        Yaml::Seq(items) => Extra::List(items.into_iter().map(extra).collect()),
        Yaml::Map(entries) => Extra::Map(entries.into_iter().map(|(k, v)| (k, extra(v))).collect()),
    }
}

fn scalar_text(yaml: Yaml) -> Option<String> {
    match yaml {
        Yaml::Str(s) | Yaml::Scalar(s) => Some(s),
        Yaml::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// A list of scalars; a single scalar counts as a list of one.
pub(crate) fn text_list(yaml: Yaml) -> Option<Vec<String>> {
    match yaml {
        Yaml::Seq(items) => items.into_iter().map(scalar_text).collect(),
        other => scalar_text(other).map(|s| vec![s]),
    }
}

fn axes(yaml: Yaml, locator: &Locator<'_>) -> Result<Axes, Problem> {
    let Yaml::Map(entries) = yaml else {
        return Err((
            locator.key("axes"),
            Msg::WrongType {
                key: "axes".into(),
                expected: "a mapping",
            },
        ));
    };
    let mut sturing = None;
    let mut richting = None;
    for (key, value) in entries {
        let value = scalar_text(value).unwrap_or_default();
        let bad = |allowed: [&str; 2]| {
            (
                locator.token("axes", &value),
                Msg::InvalidValue {
                    key: format!("axes.{key}"),
                    value: value.clone(),
                    allowed: allowed.iter().map(|s| s.to_string()).collect(),
                },
            )
        };
        match key.as_str() {
            "sturing" => match value.as_str() {
                "resultaat" => sturing = Some(true),
                "waarde" => sturing = Some(false),
                _ => return Err(bad(["resultaat", "waarde"])),
            },
            "richting" => match value.as_str() {
                "buiten-binnen" => richting = Some(true),
                "binnen-buiten" => richting = Some(false),
                _ => return Err(bad(["binnen-buiten", "buiten-binnen"])),
            },
            _ => {
                return Err((
                    locator.token("axes", &key),
                    Msg::UnknownKey {
                        suggestion: suggest(&key, ["sturing", "richting"]),
                        key,
                        allowed: vec!["sturing".into(), "richting".into()],
                    },
                ));
            }
        }
    }
    match (sturing, richting) {
        (Some(resultaat), Some(buiten_binnen)) => Ok(Axes {
            resultaat,
            buiten_binnen,
        }),
        (None, _) => Err((
            locator.key("axes"),
            Msg::MissingField {
                key: "axes.sturing".into(),
            },
        )),
        (_, None) => Err((
            locator.key("axes"),
            Msg::MissingField {
                key: "axes.richting".into(),
            },
        )),
    }
}

/// The date an editor meant by a date in another form: `12-03-2025`, `12/3/2025`,
/// `12.03.2025`, `2025/03/12`, `12 maart 2025`, `zo 12 mrt. 2025` — when it exists.
pub fn date_as_meant(text: &str) -> Option<Date> {
    let text = text.trim().to_lowercase();
    let parts: Vec<&str> = text
        .split(['-', '/', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .collect();
    let number = |s: &str| {
        s.parse::<u16>()
            .ok()
            .filter(|_| s.chars().all(|c| c.is_ascii_digit()))
    };
    let (year, month, day) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (number(y)?, number(m)?, number(d)?),
        [d, m, y] if y.len() == 4 => (
            number(y)?,
            number(m).or_else(|| month_named(m))?,
            number(d)?,
        ),
        // A weekday in front: `zo 12 maart 2025`.
        [w, d, m, y] if y.len() == 4 && number(w).is_none() => {
            (number(y)?, month_named(m)?, number(d)?)
        }
        _ => return None,
    };
    Date::parse(&format!("{year:04}-{month:02}-{day:02}"))
}

/// A month's number from its Dutch or English name or abbreviation.
fn month_named(word: &str) -> Option<u16> {
    const MONTHS: [&[&str]; 12] = [
        &["januari", "jan", "january"],
        &["februari", "feb", "febr", "february"],
        &["maart", "mrt", "maa", "march", "mar"],
        &["april", "apr"],
        &["mei", "may"],
        &["juni", "jun", "june"],
        &["juli", "jul", "july"],
        &["augustus", "aug", "august"],
        &["september", "sep", "sept"],
        &["oktober", "okt", "october", "oct"],
        &["november", "nov"],
        &["december", "dec"],
    ];
    let n = MONTHS.iter().position(|names| names.contains(&word))?;
    u16::try_from(n + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml::parse_mapping;

    fn run(kind: Kind, fm: &str) -> (FastMap<&'static str, Value>, Vec<Problem>) {
        let text = format!("---\n{fm}---\n");
        let locator = Locator::new(&text, 4, fm.len());
        let entries = parse_mapping(fm).unwrap().unwrap();
        let mut problems = Vec::new();
        let options = CheckOptions {
            title_required: true,
            taxonomies: &[],
        };
        let values = check(kind, entries, &locator, options, &mut problems);
        (values, problems)
    }

    #[test]
    fn a_repeated_key_is_found_at_its_repeat() {
        let fm = "title: A\nplace: B\n  title: nested\ntitle : C\n";
        let text = format!("---\n{fm}---\n");
        let locator = Locator::new(&text, 4, fm.len());
        assert_eq!(
            locator.repeated_key("title"),
            Some(Position { line: 5, column: 1 })
        );
        assert_eq!(locator.repeated_key("place"), None);
    }

    #[test]
    fn reports_every_unknown_key_with_a_suggestion() {
        let (_, problems) = run(
            Kind::Story,
            "title: A\ndate: 2026-01-01\nthema: [a]\nrol: [b]\n",
        );
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].0, Position { line: 4, column: 1 });
        assert!(
            matches!(&problems[0].1, Msg::UnknownKey { suggestion: Some(s), .. } if s == "themes")
        );
        assert_eq!(problems[1].0.line, 5);
    }

    #[test]
    fn positions_point_at_the_offending_token() {
        let (values, problems) = run(
            Kind::Story,
            "title: A\ndate: 2026-02-30\nthemes:\n  - een\n  - twee\n",
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, Position { line: 3, column: 7 });
        match &values["themes"] {
            Value::Ids(ids) => assert_eq!(ids[1].position, Position { line: 6, column: 5 }),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn missing_required_fields_are_reported() {
        let (_, problems) = run(Kind::Agenda, "title: A\n");
        assert!(matches!(&problems[0].1, Msg::MissingField { key } if key == "theme"));
        let (_, problems) = run(Kind::Quadrant, "title: A\naxes: {sturing: waarde}\n");
        assert!(matches!(&problems[0].1, Msg::MissingField { key } if key == "axes.richting"));
    }

    #[test]
    fn wrong_types_are_reported_once() {
        let (_, problems) = run(Kind::Chapter, "title: A\nweight: zwaar\ndraft: ja\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
