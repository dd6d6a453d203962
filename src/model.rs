//! Domain types: kinds, dates, ids and documents.
//!
//! Pure data: no serde, no IO, no Tera. `parse` builds these, `resolve` links them,
//! `render` turns them into view types.

use std::fmt;
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::Position;
use crate::messages::{KindName, Msg};

/// The seven kinds of content (DESIGN §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Chapter,
    Story,
    Agenda,
    AgendaTheme,
    Quadrant,
    Role,
    Page,
}

impl Kind {
    /// All kinds, in the order of DESIGN §2.
    pub const ALL: [Kind; 7] = [
        Kind::Chapter,
        Kind::Story,
        Kind::Agenda,
        Kind::AgendaTheme,
        Kind::Quadrant,
        Kind::Role,
        Kind::Page,
    ];

    /// Kinds that live in a folder of their own.
    pub const FOLDER_KINDS: [Kind; 6] = [
        Kind::Chapter,
        Kind::Story,
        Kind::Agenda,
        Kind::AgendaTheme,
        Kind::Quadrant,
        Kind::Role,
    ];

    /// The token used in templates, `--kind` and `new`.
    pub fn token(self) -> &'static str {
        match self {
            Kind::Chapter => "chapter",
            Kind::Story => "story",
            Kind::Agenda => "agenda",
            Kind::AgendaTheme => "agenda_theme",
            Kind::Quadrant => "quadrant",
            Kind::Role => "role",
            Kind::Page => "page",
        }
    }

    /// The default folder under `content/` (and URL segment).
    pub fn default_folder(self) -> &'static str {
        match self {
            Kind::Chapter => "verhaal",
            Kind::Story => "verhalen",
            Kind::Agenda => "agenda",
            Kind::AgendaTheme => "themas",
            Kind::Quadrant => "kwadranten",
            Kind::Role => "rollen",
            Kind::Page => "",
        }
    }

    /// How messages to editors name one of these.
    pub fn name(self) -> KindName {
        match self {
            Kind::Chapter => KindName::Chapter,
            Kind::Story => KindName::Story,
            Kind::Agenda => KindName::Agenda,
            Kind::AgendaTheme => KindName::AgendaTheme,
            Kind::Quadrant => KindName::Quadrant,
            Kind::Role => KindName::Role,
            Kind::Page => KindName::Page,
        }
    }
}

/// A front-matter field that names other documents by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefField {
    /// `themes`: agenda themes.
    Themes,
    /// `theme`: an agenda item's one agenda theme.
    Theme,
    Quadrants,
    Roles,
    /// `related`: a story's related stories.
    Related,
    /// `stories`: a chapter's or agenda item's stories.
    Stories,
}

impl RefField {
    /// The front-matter key.
    pub fn key(self) -> &'static str {
        match self {
            RefField::Themes => "themes",
            RefField::Theme => "theme",
            RefField::Quadrants => "quadrants",
            RefField::Roles => "roles",
            RefField::Related => "related",
            RefField::Stories => "stories",
        }
    }

    /// The kind of document the field names.
    pub fn target(self) -> Kind {
        match self {
            RefField::Themes | RefField::Theme => Kind::AgendaTheme,
            RefField::Quadrants => Kind::Quadrant,
            RefField::Roles => Kind::Role,
            RefField::Related | RefField::Stories => Kind::Story,
        }
    }
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses exactly `YYYY-MM-DD` and checks the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |s: &str| -> Option<u16> {
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let year = num(&text[0..4])?;
        let month = u8::try_from(num(&text[5..7])?).ok()?;
        let day = u8::try_from(num(&text[8..10])?).ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 0000-03-01 (a proleptic Gregorian day number), for distances.
    pub fn day_number(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + i64::from(self.day) - 1
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The id of a file stem or title (DESIGN §2): NFC, diacritics folded, lowercase,
/// every run of other characters → one `-`, no leading or trailing `-`.
pub fn slugify(text: &str) -> String {
    // ASCII is its own NFC and its own transliteration: most titles and headings skip
    // both (they were 2 % of a build's instructions).
    let folded = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        let nfc: String = text.nfc().collect();
        std::borrow::Cow::Owned(deunicode::deunicode(&nfc))
    };
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Status of an agenda item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Voornemen,
    Lopend,
    Afgerond,
}

impl Status {
    pub const TOKENS: [&'static str; 3] = ["voornemen", "lopend", "afgerond"];

    pub fn from_token(token: &str) -> Option<Status> {
        match token {
            "voornemen" => Some(Status::Voornemen),
            "lopend" => Some(Status::Lopend),
            "afgerond" => Some(Status::Afgerond),
            _ => None,
        }
    }

    pub fn token(self) -> &'static str {
        Status::TOKENS[self as usize]
    }
}

/// The two axes of a quadrant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Axes {
    /// `true` = resultaat, `false` = waarde.
    pub resultaat: bool,
    /// `true` = buiten-binnen, `false` = binnen-buiten.
    pub buiten_binnen: bool,
}

impl Axes {
    pub fn sturing(self) -> &'static str {
        if self.resultaat {
            "resultaat"
        } else {
            "waarde"
        }
    }
    pub fn richting(self) -> &'static str {
        if self.buiten_binnen {
            "buiten-binnen"
        } else {
            "binnen-buiten"
        }
    }
}

/// A reference to another document by id, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdRef {
    pub id: String,
    pub position: Position,
}

/// Fields every kind has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Common {
    pub title: String,
    /// Where `title` is written (for warnings about the title).
    pub title_position: Position,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub draft: bool,
    /// `sample: true` — a sample text from `init`, not yet the site's own (where it is
    /// written, for `build`'s warning).
    pub sample: Option<Position>,
    pub weight: Option<i64>,
    pub aliases: Vec<IdRef>,
    /// `publish_date`: not published before this day.
    pub publish_date: Option<DateAt>,
    /// `expires`: not published from this day on.
    pub expires: Option<DateAt>,
    /// `extra`: the site's own fields, for its templates; not checked.
    pub extra: Vec<(String, Extra)>,
    /// The values of the site's own taxonomies (`wijken: [Oost]`), in site.toml's order
    /// of the taxonomies; a taxonomy the document does not use is left out.
    pub terms: Vec<Terms>,
}

/// One taxonomy's values in a document's front matter, with positions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Terms {
    /// The taxonomy's `name` (its front-matter key).
    pub taxonomy: String,
    pub values: Vec<TermValue>,
}

/// One value of a taxonomy in front matter (`Oost` in `wijken: [Oost]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TermValue {
    /// Its URL segment (`oost`): values with the same slug are the same term.
    pub slug: String,
    /// How it is shown: the spelling in site.toml's `values`, else as written.
    pub label: String,
    pub position: Position,
}

impl Common {
    /// Whether the document is published on `as_of` (its `publish_date` and `expires`).
    pub fn publication(&self, as_of: Date) -> Publication {
        match (self.publish_date, self.expires) {
            (Some(p), _) if p.date > as_of => Publication::Scheduled(p.date),
            (_, Some(e)) if e.date <= as_of => Publication::Expired(e.date),
            _ => Publication::Due,
        }
    }
}

/// A date written in front matter, with where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateAt {
    pub date: Date,
    pub position: Position,
}

/// Whether a document is published on a build's as-of date (DESIGN §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Publication {
    /// Published: no dates, or the as-of date lies between them.
    Due,
    /// `publish_date` is after the as-of date.
    Scheduled(Date),
    /// `expires` is on or before the as-of date.
    Expired(Date),
}

/// Why a document is left out of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Withheld {
    /// `draft: true`.
    Draft,
    /// Its `publish_date` is after the as-of date.
    Scheduled(Date),
    /// Its `expires` is on or before the as-of date.
    Expired(Date),
}

impl Withheld {
    /// The warning for a link to such a document, written as `target`.
    pub fn link_message(self, target: String) -> Msg {
        match self {
            Withheld::Draft => Msg::LinkToDraft { target },
            Withheld::Scheduled(date) => Msg::LinkToScheduled {
                target,
                date: date.to_string(),
            },
            Withheld::Expired(date) => Msg::LinkToExpired {
                target,
                date: date.to_string(),
            },
        }
    }
}

/// A value of a site's own front-matter field (`extra`), as written. Numbers other than
/// whole ones stay text as written (templates see them as numbers again).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Extra {
    Null,
    Bool(bool),
    Int(i64),
    /// A number that is not a whole one, as written (`2.5`).
    Number(String),
    Text(String),
    List(Vec<Extra>),
    Map(Vec<(String, Extra)>),
}

/// Fields of one kind. Front-matter references keep their positions for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fields {
    Chapter {
        date: Option<Date>,
        updated: Option<Date>,
        authors: Vec<String>,
        themes: Vec<IdRef>,
        quadrants: Vec<IdRef>,
        stories: Vec<IdRef>,
    },
    Story {
        date: Date,
        updated: Option<Date>,
        themes: Vec<IdRef>,
        quadrants: Vec<IdRef>,
        roles: Vec<IdRef>,
        related: Vec<IdRef>,
        place: Option<String>,
        authors: Vec<String>,
        image: Option<String>,
        image_position: Position,
        image_alt: Option<String>,
        /// Where `date` is written (for the warning about a date in the future).
        date_position: Position,
    },
    Agenda {
        theme: IdRef,
        status: Option<Status>,
        owner: Option<String>,
        due: Option<Date>,
        quadrants: Vec<IdRef>,
        stories: Vec<IdRef>,
    },
    AgendaTheme,
    Quadrant {
        axes: Axes,
        axes_position: Position,
        aka: Vec<String>,
    },
    Role,
    Page,
}

impl Fields {
    pub fn date(&self) -> Option<Date> {
        match self {
            Fields::Story { date, .. } => Some(*date),
            Fields::Chapter { date, .. } => *date,
            _ => None,
        }
    }

    pub fn updated(&self) -> Option<Date> {
        match self {
            Fields::Story { updated, .. } | Fields::Chapter { updated, .. } => *updated,
            _ => None,
        }
    }

    /// Every front-matter reference with its field, in source order.
    pub fn references(&self) -> Vec<(RefField, &IdRef)> {
        let groups: Vec<(RefField, &[IdRef])> = match self {
            Fields::Chapter {
                themes,
                quadrants,
                stories,
                ..
            } => vec![
                (RefField::Themes, themes),
                (RefField::Quadrants, quadrants),
                (RefField::Stories, stories),
            ],
            Fields::Story {
                themes,
                quadrants,
                roles,
                related,
                ..
            } => vec![
                (RefField::Themes, themes),
                (RefField::Quadrants, quadrants),
                (RefField::Roles, roles),
                (RefField::Related, related),
            ],
            Fields::Agenda {
                theme,
                quadrants,
                stories,
                ..
            } => vec![
                (RefField::Theme, std::slice::from_ref(theme)),
                (RefField::Quadrants, quadrants),
                (RefField::Stories, stories),
            ],
            Fields::AgendaTheme | Fields::Quadrant { .. } | Fields::Role | Fields::Page => {
                vec![]
            }
        };
        groups
            .into_iter()
            .flat_map(|(field, refs)| refs.iter().map(move |r| (field, r)))
            .collect()
    }
}

/// A heading in a document body, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// The id it asked for when the theme keeps that one for itself (`## Inhoud` is
    /// `inhoud-1`, as `inhoud` is the theme's): a link to `#inhoud` lands here.
    pub alias: Option<String>,
}

/// What a body link points at before resolution.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `[[id]]`, `[[path/id#anchor]]`.
    Wiki {
        target: String,
        anchor: Option<String>,
    },
    /// A relative link to a source file, already joined to a path under `content/`.
    Source {
        content_path: String,
        anchor: Option<String>,
    },
    /// `#anchor` in the same document.
    SelfAnchor { anchor: String },
    /// `/path/` on this site (gets the base path).
    SitePath { path: String },
    /// A file of the site named by a component (`docs/plan.pdf`, under `static/`):
    /// its URL, and its size for a download.
    File { path: String },
}

/// One link in a body that verteller resolves; its `<a>` is a placeholder until then.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyLink {
    pub target: LinkTarget,
    /// What the editor wrote, for messages.
    pub written: String,
    pub position: Position,
}

/// An image in a body; its `<img>` is a placeholder until sizes are known.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyImage {
    /// As written.
    pub src: String,
    pub alt: String,
    pub title: String,
    pub position: Position,
    /// Alone in its paragraph with a title: a `<figure>` with the title as caption.
    pub figure: bool,
}

/// One component in a body (`:::callout{…}`), checked against its contract. Its place
/// in the body's HTML is marked (see `components::markers`); `render` renders it with
/// its template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ComponentCall {
    pub name: String,
    /// Every argument of its contract, in the contract's order.
    pub args: Vec<(String, ComponentArg)>,
    /// Written inside a sentence (`:download{…}`).
    pub inline: bool,
    /// Where its name is written.
    pub position: Position,
}

/// A component's argument as its template gets it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ComponentArg {
    Absent,
    Text(String),
    Bool(bool),
    /// A number as written, with `.` as its decimal point.
    Number(String),
    /// A link used as written (another site, `mailto:`).
    Url(String),
    /// A link verteller resolves: the index of its [`BodyLink`].
    Link(usize),
    /// A file of the site: the index of its [`BodyLink`] (a [`LinkTarget::File`]).
    File(usize),
}

/// HTML shared between builds, with its fingerprint computed once. Serve's memos hand
/// the same text to every rebuild without copying it, and a page key hashes 8 bytes
/// instead of the whole body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedHtml {
    text: std::sync::Arc<str>,
    key: u64,
}

impl SharedHtml {
    pub fn new(text: String) -> SharedHtml {
        SharedHtml {
            key: crate::fingerprint::of(&text),
            text: text.into(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The same allocation (not merely equal text).
    pub fn same(&self, other: &SharedHtml) -> bool {
        std::sync::Arc::ptr_eq(&self.text, &other.text)
    }
}

impl std::ops::Deref for SharedHtml {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<String> for SharedHtml {
    fn from(text: String) -> SharedHtml {
        SharedHtml::new(text)
    }
}

impl std::hash::Hash for SharedHtml {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

/// A body after Markdown analysis: HTML with link placeholders, and what it contains.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Body {
    /// HTML where each resolvable link's opening tag is `\u{1A}{index}\u{1A}`. Shared:
    /// serve's parse memo hands the same body to every rebuild without copying it.
    pub html: SharedHtml,
    pub links: Vec<BodyLink>,
    pub images: Vec<BodyImage>,
    pub headings: Vec<Heading>,
    /// Plain text of the first paragraph.
    pub first_paragraph: String,
    pub word_count: usize,
    /// The components in the body, by the number their markers carry.
    pub components: Vec<ComponentCall>,
}

impl Body {
    /// The id a link's `#anchor` lands on: the heading with that id, else the heading
    /// that asked for it when the theme keeps it (see [`Heading::alias`]).
    pub fn anchor(&self, anchor: &str) -> Option<&str> {
        let heading = self.headings.iter().find(|h| h.id == anchor).or_else(|| {
            self.headings
                .iter()
                .find(|h| h.alias.as_deref() == Some(anchor))
        });
        heading.map(|h| h.id.as_str())
    }
}

/// One parsed content file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Document {
    pub kind: Kind,
    pub id: String,
    /// Relative to the site root, e.g. `content/verhalen/buurtkamer.md`.
    pub source_path: PathBuf,
    /// Relative to `content/`, `/`-separated, e.g. `verhalen/buurtkamer.md`.
    pub content_path: String,
    /// Site-relative URL path without the base path, e.g. `verhalen/buurtkamer/`.
    pub url_path: String,
    pub common: Common,
    pub fields: Fields,
    pub body: Body,
}

impl Document {
    /// Where a story's `date` was written (the front matter's first line if unknown).
    pub fn fields_date_position(&self) -> Position {
        match &self.fields {
            Fields::Story { date_position, .. } => *date_position,
            _ => Position::START,
        }
    }

    /// Where a story's `image` was written (the front matter's first line if unknown).
    pub fn fields_image_position(&self) -> Position {
        match &self.fields {
            Fields::Story { image_position, .. } => *image_position,
            _ => Position::START,
        }
    }
}

/// The `_index.md` of a folder: its own intro text, never a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SectionIndex {
    /// Folder under `content/`, `""` for the home page.
    pub folder: String,
    pub source_path: PathBuf,
    pub common: Common,
    pub body: Body,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_diacritics_and_case() {
        assert_eq!(slugify("Eén overheid"), "een-overheid");
        assert_eq!(slugify("  Buurtkamer  Oost!! "), "buurtkamer-oost");
        assert_eq!(slugify("café"), slugify("cafe\u{301}"));
        assert_eq!(slugify("Wat we leerden"), "wat-we-leerden");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("2026-1-01").is_none());
        assert!(Date::parse("+026-01-01").is_none());
        let a = Date::parse("2026-03-01").unwrap();
        let b = Date::parse("2026-02-28").unwrap();
        assert_eq!(a.day_number() - b.day_number(), 1);
        assert_eq!(a.to_string(), "2026-03-01");
    }
}
