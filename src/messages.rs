//! The one catalog of messages to editors, in Dutch and English.
//!
//! Stages never format user-facing text themselves: they build a [`Msg`] and the
//! catalog turns it into a message and an optional hint in the site's language.

use std::fmt::Write as _;

mod say;
pub use say::Say;

/// The language of messages and of the site's UI strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub fn pick<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        self.pick("nl", "en")
    }
}

/// The kinds of document as messages name them (`model::Kind::name` maps each kind to
/// its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindName {
    Chapter,
    Story,
    Agenda,
    AgendaTheme,
    Quadrant,
    Role,
    Page,
}

impl KindName {
    /// What an editor calls one of these.
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            KindName::Chapter => lang.pick("hoofdstuk", "chapter"),
            KindName::Story => lang.pick("verhaal", "story"),
            KindName::Agenda => lang.pick("agendapunt", "agenda item"),
            KindName::AgendaTheme => lang.pick("agendathema", "agenda theme"),
            KindName::Quadrant => lang.pick("kwadrant", "quadrant"),
            KindName::Role => lang.pick("rol", "role"),
            KindName::Page => lang.pick("pagina", "page"),
        }
    }
}

/// Titles longer than this (in characters) get a warning.
pub const MAX_TITLE: usize = 100;

/// An editor's slip in front matter that the YAML parser refuses, recognised so it can
/// be explained in plain words (see `parse::slips`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlSlip {
    /// A tab in the indentation.
    Tab,
    /// `: ` inside a value without quotes; `fixed` is the line as it should read.
    Colon { fixed: String },
    /// Quotes from a word processor (`“…”`), which YAML does not read as quotes.
    CurlyQuotes { fixed: String },
    /// A list (`[`) or mapping (`{`) not closed: `close` is what is missing.
    UnclosedList { close: char },
    /// A quoted value without its closing quote.
    UnclosedQuote { quote: char },
    /// Something else: the parser's words are all there is.
    Other,
}

/// The message and hint of a YAML slip.
fn yaml_slip(slip: &YamlSlip, nl: bool) -> (String, String) {
    let t = |a: String, b: String| if nl { a } else { b };
    match slip {
        YamlSlip::Tab => (
            t("een tab in de inspringing van de front matter".into(), "a tab in the front matter's indentation".into()),
            t("gebruik spaties, geen tab: YAML leest alleen spaties als inspringing".into(), "use spaces, not a tab: YAML reads only spaces as indentation".into()),
        ),
        YamlSlip::Colon { fixed } => (
            t("een dubbele punt in een waarde zonder aanhalingstekens".into(), "a colon inside a value without quotes".into()),
            t(format!("YAML leest `: ` als een nieuwe sleutel; zet de waarde tussen rechte aanhalingstekens: `{fixed}`"), format!("YAML reads `: ` as a new key; put the value in straight quotes: `{fixed}`")),
        ),
        YamlSlip::CurlyQuotes { fixed } => (
            t("krulletjes-aanhalingstekens (“…”) zijn voor YAML gewone tekst, geen aanhalingstekens".into(), "curly quotes (“…”) are plain text to YAML, not quotes".into()),
            t(format!("typ rechte aanhalingstekens (\"), bijvoorbeeld: `{fixed}`; tekstverwerkers maken er vaak krulletjes van"), format!("type straight quotes (\"), for example: `{fixed}`; word processors often turn them curly")),
        ),
        YamlSlip::UnclosedList { close } => (
            t(format!("deze lijst wordt niet gesloten: `{close}` ontbreekt"), format!("this list is not closed: `{close}` is missing")),
            t(format!("sluit de lijst met `{close}`, bijvoorbeeld `[burger, beleidmaker]`"), format!("close the list with `{close}`, for example `[burger, beleidmaker]`")),
        ),
        YamlSlip::UnclosedQuote { quote } => (
            t(format!("deze tekst begint met `{quote}` maar wordt niet gesloten"), format!("this text starts with `{quote}` but is not closed")),
            t(format!("zet aan het eind van de tekst ook een `{quote}`"), format!("put a `{quote}` at the end of the text too")),
        ),
        YamlSlip::Other => (
            t("front matter is geen geldige YAML".into(), "front matter is not valid YAML".into()),
            t("let op dubbele punten en inspringing; zet tekst met `:` tussen aanhalingstekens".into(), "check colons and indentation; quote text that contains `:`".into()),
        ),
    }
}

/// A slip in how a component is written (components, issue 24).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentSlip {
    /// A quoted value without its closing quote.
    UnclosedQuote {
        quote: char,
    },
    /// `{` without its `}` on the same line.
    UnclosedBraces,
    /// Arguments without braces: `:::callout Let op`; `example` is how to write them.
    WithoutBraces {
        example: String,
    },
    /// Text after the `}` on a component's own line.
    AfterBraces,
    /// No name where one must be (after `:::`, or an argument's).
    ExpectedName,
    RepeatedArgument {
        argument: String,
    },
    /// A quote where an argument's name belongs: mostly a value's closing quote
    /// missing before it.
    StrayQuote {
        quote: char,
    },
    /// `key=` without a value.
    MissingValue {
        argument: String,
    },
}

/// Where a component cannot be (components, issue 24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentPlace {
    Link,
    Image,
    Heading,
    /// In a list or a quote, or indented.
    Container,
}

/// How a component must be written (components, issue 24).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentShape {
    /// Around text: `:::name{…}` … `:::`.
    Block,
    /// On a line of its own: `::name{…}`.
    Line,
    /// On a line of its own or in a sentence.
    LineOrInline,
}

/// What a component's argument takes (components, issue 24).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentValue {
    /// Any text, but some.
    Text,
    Bool,
    Number,
    OneOf(&'static [&'static str]),
    /// A file with one of these extensions.
    FileType(&'static [&'static str]),
    /// A file of the site itself (not another origin).
    LocalFile,
}

/// Every message verteller shows to an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    // lints (check)
    LintHeadingH1,
    LintHeadingSkip {
        from: u8,
        to: u8,
    },
    LintVagueLink {
        text: String,
    },
    LintBareUrl {
        url: String,
    },
    LintEmptyLink {
        target: String,
    },
    LintTableHeader,
    LintExternalMedia {
        url: String,
    },
    LintLongSentence {
        words: usize,
        sentence: String,
    },
    LintLongParagraph {
        words: usize,
    },
    LintLongWords {
        count: usize,
        sentence: String,
    },
    LintOrphanStory,
    LintAgendaWithoutStory,
    LintDraft,
    // site.toml
    LowContrast {
        pair: String,
        ratio: String,
    },
    SecurityTxtExpired {
        expires: String,
    },
    SecurityTxtSubPath {
        path: String,
    },
    ExternalResource {
        page: String,
        url: String,
    },
    ImageMissing {
        src: String,
    },
    ImageNotAnImage {
        src: String,
        file: String,
    },
    ImageUnreadable {
        src: String,
        file: String,
        detail: String,
    },
    ImageDamaged {
        src: String,
        file: String,
        detail: String,
    },
    ImageTooLarge {
        src: String,
        file: String,
        pixels: u64,
        limit: u64,
    },
    ImageLocation {
        file: String,
    },
    ImageLocationPublished {
        file: String,
    },
    TomlSyntax {
        detail: String,
    },
    UnknownKey {
        key: String,
        suggestion: Option<String>,
        allowed: Vec<String>,
    },
    /// A key under a `[table]` of site.toml that the table does not have; `top_level`
    /// when it is a key of the top level (written after a table heading by mistake).
    UnknownTableKey {
        key: String,
        table: String,
        top_level: bool,
        /// The table's keys (the nearest one is suggested).
        allowed: Vec<&'static str>,
    },
    WrongType {
        key: String,
        expected: &'static str,
    },
    MissingField {
        key: String,
    },
    InvalidValue {
        key: String,
        value: String,
        allowed: Vec<String>,
    },
    InvalidBaseUrl {
        value: String,
    },
    ThemeNotFound {
        name: String,
    },
    // files
    Unreadable {
        detail: String,
    },
    NotUtf8,
    EmptyFile,
    MissingFrontMatter,
    UnterminatedFrontMatter,
    /// Front matter the YAML parser refuses: a recognised slip, or `Other`. `detail` is
    /// the parser's own words, shown as a second line.
    Yaml {
        slip: YamlSlip,
        detail: String,
    },
    RepeatedKey {
        key: String,
    },
    FrontMatterNotMapping,
    InvalidDate {
        key: String,
        value: String,
        /// The date as the editor probably meant it, in the right form.
        suggestion: Option<String>,
    },
    ImageWithoutAlt,
    BodyImageWithoutAlt {
        src: String,
    },
    NotMarkdown,
    /// Markdown under another extension than `.md`.
    MarkdownExtension {
        rename: String,
    },
    RawHtml {
        element: String,
    },
    RawHtmlAttribute {
        element: String,
        attribute: String,
    },
    UnsafeUrl {
        url: String,
        scheme: String,
        image: bool,
    },
    HeadingAttribute {
        name: String,
    },
    ControlCharacter {
        code: u32,
    },
    OutputDirOutsideSite {
        value: String,
    },
    OutputCollision {
        path: String,
        other: String,
    },
    LargeStaticFile {
        megabytes: u64,
    },
    FolderTaken {
        folder: String,
        other: String,
    },
    // resolve
    DuplicateId {
        id: String,
        other: String,
    },
    UrlCollision {
        url: String,
        other: String,
    },
    /// A document's URL is one of the pages verteller makes itself.
    UrlReserved {
        url: String,
    },
    UnknownReference {
        key: String,
        id: String,
        kind: KindName,
        suggestion: Option<String>,
    },
    BrokenLink {
        target: String,
        suggestion: Option<String>,
    },
    BrokenAnchor {
        anchor: String,
        target: String,
        suggestion: Option<String>,
    },
    AmbiguousWikiLink {
        id: String,
        candidates: Vec<String>,
    },
    LinkToDraft {
        target: String,
    },
    DuplicateAxes {
        other: String,
    },
    InvalidAlias {
        alias: String,
        /// The path is valid, but the site already has it.
        taken: bool,
    },
    /// A taxonomy's `name` is already a kind's folder (`other` its token), a folder
    /// verteller fills (`verteller`), another taxonomy's (`taxonomies`) or a front-matter
    /// key (`front matter`).
    TaxonomyNameTaken {
        name: String,
        other: String,
    },
    /// A value of a taxonomy with `values` that is not one of them.
    UnknownTerm {
        key: String,
        value: String,
        suggestion: Option<String>,
        allowed: Vec<String>,
    },
    /// `expires` on or before `publish_date`: the document would never be published.
    ExpiresBeforePublish {
        publish: String,
        expires: String,
    },
    /// A link to a document whose `publish_date` is after the build's as-of date.
    LinkToScheduled {
        target: String,
        date: String,
    },
    /// A link to a document that expired on or before the build's as-of date.
    LinkToExpired {
        target: String,
        date: String,
    },
    FutureStory {
        date: String,
    },
    EmptyId,
    /// A document still marked `sample: true`.
    SampleDocument,
    /// `base_url` is still the placeholder `init` wrote.
    PlaceholderBaseUrl {
        url: String,
    },
    LongTitle {
        length: usize,
    },
    DuplicateTitle {
        title: String,
        other: String,
    },
    // templates
    TemplateError {
        detail: String,
    },
    // theme contract (issue 20)
    /// A `base.html` (`base`) lacks blocks other templates fill: block → those templates.
    TemplateBlocksMissing {
        base: String,
        missing: Vec<(String, Vec<String>)>,
    },
    /// A syntax error after an opening tag (`tag`) that `closer` never closes; Tera
    /// reported `detail` at `reported` (line:column).
    TemplateUnclosedTag {
        tag: String,
        closer: String,
        reported: String,
        detail: String,
    },
    /// One template error on `pages` pages (the first one: `first`).
    TemplateErrorOnPages {
        detail: String,
        pages: usize,
        first: String,
    },
    /// A link in the output (`url`, on page `page` and `others` more) to a file the
    /// output does not have; `template`: the template it is written in, when known.
    DeadLink {
        url: String,
        page: String,
        others: usize,
        template: Option<String>,
    },
    /// A link in the output to `#id` on a page without that id.
    DeadAnchor {
        url: String,
        page: String,
        others: usize,
        id: String,
        template: Option<String>,
    },
    // components (issue 24)
    UnknownComponent {
        name: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    /// `allowed`: the component's arguments (the nearest one is suggested).
    UnknownComponentArgument {
        component: String,
        argument: String,
        allowed: Vec<String>,
    },
    MissingComponentArgument {
        component: String,
        argument: String,
    },
    InvalidComponentArgument {
        component: String,
        argument: String,
        value: String,
        expected: ComponentValue,
    },
    /// A video without `captions` (WCAG 1.2.2).
    VideoWithoutCaptions,
    /// A block opened with `fence` colons and never closed.
    UnclosedComponent {
        name: String,
        fence: usize,
    },
    /// A line of `fence` colons that closes nothing.
    StrayComponentClose {
        fence: usize,
    },
    ComponentSyntax {
        slip: ComponentSlip,
    },
    /// A component written in a form its contract does not have.
    ComponentForm {
        name: String,
        wanted: ComponentShape,
    },
    ComponentPlacement {
        name: String,
        place: ComponentPlace,
    },
    /// A component declared in site.toml without its template.
    ComponentTemplateMissing {
        name: String,
        template: String,
    },
    /// `[components.NAME]` for a built-in component.
    ComponentBuiltIn {
        name: String,
    },
    // `check --extern` (issue 24)
    /// An external link that leads nowhere; `via`: where its redirects ended.
    ExternDead {
        link: Box<ExternLink>,
        why: ExternWhy,
        via: Option<String>,
    },
    /// An external link answered by a permanent redirect to `to`.
    ExternMoved {
        link: Box<ExternLink>,
        to: String,
    },
    /// No answer within `seconds`.
    ExternTimeout {
        link: Box<ExternLink>,
        seconds: u64,
    },
    /// The other site answered with a server error (5xx).
    ExternServerError {
        link: Box<ExternLink>,
        status: u16,
    },
    /// The other site did not let the check through, or the answer could not be read.
    ExternNotChecked {
        link: Box<ExternLink>,
        why: ExternWhy,
    },
}

/// An external link as `check --extern` names it: the URL, the page it is on and how
/// many more pages have it from the same place. (Boxed in [`Msg`], which stays small.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternLink {
    pub url: String,
    pub page: String,
    pub others: usize,
}

/// Why an external link is dead, or could not be checked (`check --extern`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternWhy {
    /// An HTTP status (404, 410; as "not checked": 401, 403, 429, other 4xx, 3xx).
    Status(u16),
    /// The host name does not exist (DNS).
    NoHost,
    /// The server refused the connection.
    Refused,
    /// Redirects that go round in a circle or never end.
    Loop,
    /// The address cannot be read as a URL.
    Invalid,
    /// The proxy from `HTTPS_PROXY` (or `HTTP_PROXY`, `ALL_PROXY`) could not be reached.
    Proxy,
    /// No site answered at all: the machine may have no network.
    NoNetwork,
    /// The secure connection failed (certificate, TLS).
    Tls(String),
    /// Anything else the connection did (reset, a broken answer).
    Broken(String),
}

impl ExternWhy {
    /// What happened, in words.
    fn text(&self, nl: bool) -> String {
        let t = |a: String, b: String| if nl { a } else { b };
        match self {
            ExternWhy::Status(404) => t(
                "de pagina bestaat niet (404)".into(),
                "the page does not exist (404)".into(),
            ),
            ExternWhy::Status(410) => t(
                "de pagina is weggehaald (410)".into(),
                "the page was removed (410)".into(),
            ),
            ExternWhy::Status(401 | 407) => t(
                "de server vraagt om in te loggen".into(),
                "the server asks for a login".into(),
            ),
            ExternWhy::Status(403) => t(
                "de server weigert de controle (403)".into(),
                "the server refuses the check (403)".into(),
            ),
            ExternWhy::Status(429) => t(
                "de server vindt dat er te vaak gevraagd wordt (429)".into(),
                "the server says it is asked too often (429)".into(),
            ),
            ExternWhy::Status(status) => t(
                format!("de server antwoordt met status {status}"),
                format!("the server answers with status {status}"),
            ),
            ExternWhy::NoHost => t(
                "de naam van de website bestaat niet (DNS)".into(),
                "the website's name does not exist (DNS)".into(),
            ),
            ExternWhy::Refused => t(
                "de server weigert de verbinding".into(),
                "the server refuses the connection".into(),
            ),
            ExternWhy::Loop => t(
                "de doorverwijzingen houden niet op".into(),
                "the redirects never end".into(),
            ),
            ExternWhy::Invalid => t(
                "verteller kan dit adres niet lezen".into(),
                "verteller cannot read this address".into(),
            ),
            ExternWhy::Proxy => t(
                "de proxy (`HTTPS_PROXY`) is niet te bereiken".into(),
                "the proxy (`HTTPS_PROXY`) cannot be reached".into(),
            ),
            ExternWhy::NoNetwork => t(
                "geen enkele andere site gaf antwoord; heeft deze computer internet?".into(),
                "no other site answered at all; does this computer have internet?".into(),
            ),
            ExternWhy::Tls(detail) => t(
                format!("de beveiligde verbinding mislukt ({detail})"),
                format!("the secure connection fails ({detail})"),
            ),
            ExternWhy::Broken(detail) => t(
                format!("de verbinding mislukt ({detail})"),
                format!("the connection fails ({detail})"),
            ),
        }
    }
}

impl Msg {
    /// The message's stable code, for `--format json` and the docs.
    pub fn code(&self) -> &'static str {
        match self {
            Msg::TomlSyntax { .. } => "toml-syntax",
            Msg::UnknownKey { .. } | Msg::UnknownTableKey { .. } => "unknown-key",
            Msg::WrongType { .. } => "wrong-type",
            Msg::MissingField { .. } => "missing-field",
            Msg::InvalidValue { .. } | Msg::InvalidBaseUrl { .. } => "invalid-value",
            Msg::ThemeNotFound { .. } => "theme-not-found",
            Msg::LintHeadingH1 => "lint-heading-h1",
            Msg::LintHeadingSkip { .. } => "lint-heading-skip",
            Msg::LintVagueLink { .. } => "lint-vague-link",
            Msg::LintBareUrl { .. } => "lint-bare-url",
            Msg::LintEmptyLink { .. } => "lint-empty-link",
            Msg::LintTableHeader => "lint-table-header",
            Msg::LintExternalMedia { .. } => "lint-external-media",
            Msg::LintLongSentence { .. } => "lint-long-sentence",
            Msg::LintLongParagraph { .. } => "lint-long-paragraph",
            Msg::LintLongWords { .. } => "lint-long-words",
            Msg::LintOrphanStory => "lint-orphan-story",
            Msg::LintAgendaWithoutStory => "lint-agenda-without-story",
            Msg::LintDraft => "draft",
            Msg::LowContrast { .. } => "low-contrast",
            Msg::SecurityTxtExpired { .. } => "security-txt-expired",
            Msg::SecurityTxtSubPath { .. } => "security-txt-sub-path",
            Msg::ExternalResource { .. } => "external-resource",
            Msg::Unreadable { .. } => "unreadable",
            Msg::NotUtf8 => "not-utf8",
            Msg::EmptyFile => "empty-file",
            Msg::MissingFrontMatter => "missing-front-matter",
            Msg::UnterminatedFrontMatter => "unterminated-front-matter",
            Msg::Yaml { slip, .. } => match slip {
                YamlSlip::Tab => "yaml-tab",
                YamlSlip::Colon { .. } => "yaml-colon",
                YamlSlip::CurlyQuotes { .. } => "yaml-curly-quotes",
                YamlSlip::UnclosedList { .. } => "yaml-unclosed-list",
                YamlSlip::UnclosedQuote { .. } => "yaml-unclosed-quote",
                YamlSlip::Other => "yaml-syntax",
            },
            Msg::RepeatedKey { .. } => "repeated-key",
            Msg::FrontMatterNotMapping => "front-matter-not-mapping",
            Msg::InvalidDate { .. } => "invalid-date",
            Msg::ImageWithoutAlt => "image-without-alt",
            Msg::BodyImageWithoutAlt { .. } => "body-image-without-alt",
            Msg::NotMarkdown => "not-markdown",
            Msg::LongTitle { .. } => "long-title",
            Msg::SampleDocument => "sample-document",
            Msg::PlaceholderBaseUrl { .. } => "placeholder-base-url",
            Msg::DuplicateTitle { .. } => "duplicate-title",
            Msg::MarkdownExtension { .. } => "markdown-extension",
            Msg::RawHtml { .. } => "raw-html",
            Msg::RawHtmlAttribute { .. } => "raw-html-attribute",
            Msg::UnsafeUrl { .. } => "unsafe-url",
            Msg::HeadingAttribute { .. } => "heading-attribute",
            Msg::ControlCharacter { .. } => "control-character",
            Msg::OutputDirOutsideSite { .. } => "output-dir-outside-site",
            Msg::OutputCollision { .. } => "output-collision",
            Msg::LargeStaticFile { .. } => "large-static-file",
            Msg::FolderTaken { .. } => "folder-taken",
            Msg::ImageMissing { .. } => "image-missing",
            Msg::ImageNotAnImage { .. } => "image-not-an-image",
            Msg::ImageUnreadable { .. } => "image-unreadable",
            Msg::ImageDamaged { .. } => "image-damaged",
            Msg::ImageTooLarge { .. } => "image-too-large",
            Msg::ImageLocation { .. } | Msg::ImageLocationPublished { .. } => "image-location",
            Msg::DuplicateId { .. } => "duplicate-id",
            Msg::UrlCollision { .. } | Msg::UrlReserved { .. } => "url-collision",
            Msg::UnknownReference { .. } => "unknown-reference",
            Msg::BrokenLink { .. } => "broken-link",
            Msg::BrokenAnchor { .. } => "broken-anchor",
            Msg::AmbiguousWikiLink { .. } => "ambiguous-wiki-link",
            Msg::LinkToDraft { .. } => "link-to-draft",
            Msg::DuplicateAxes { .. } => "duplicate-axes",
            Msg::InvalidAlias { .. } => "invalid-alias",
            Msg::FutureStory { .. } => "future-story",
            Msg::ExpiresBeforePublish { .. } => "expires-before-publish",
            Msg::TaxonomyNameTaken { .. } => "taxonomy-name-taken",
            Msg::UnknownTerm { .. } => "unknown-term",
            Msg::LinkToScheduled { .. } => "link-to-scheduled",
            Msg::LinkToExpired { .. } => "link-to-expired",
            Msg::EmptyId => "empty-id",
            Msg::TemplateError { .. } => "template",
            // theme contract (issue 20)
            Msg::TemplateBlocksMissing { .. }
            | Msg::TemplateUnclosedTag { .. }
            | Msg::TemplateErrorOnPages { .. } => "template",
            Msg::DeadLink { .. } | Msg::DeadAnchor { .. } => "dead-link",
            // `check --extern` (issue 24)
            Msg::ExternDead { .. } => "extern-dead",
            Msg::ExternMoved { .. } => "extern-moved",
            Msg::ExternTimeout { .. } => "extern-timeout",
            Msg::ExternServerError { .. } => "extern-server-error",
            Msg::ExternNotChecked { .. } => "extern-not-checked",
            // components (issue 24)
            Msg::UnknownComponent { .. } => "unknown-component",
            Msg::UnknownComponentArgument { .. } => "unknown-component-argument",
            Msg::MissingComponentArgument { .. } => "missing-component-argument",
            Msg::InvalidComponentArgument { .. } => "invalid-component-argument",
            Msg::VideoWithoutCaptions => "video-without-captions",
            Msg::UnclosedComponent { .. } => "unclosed-component",
            Msg::StrayComponentClose { .. } => "stray-component-close",
            Msg::ComponentSyntax { .. } => "component-syntax",
            Msg::ComponentForm { .. } => "component-form",
            Msg::ComponentPlacement { .. } => "component-placement",
            Msg::ComponentTemplateMissing { .. } => "component-template-missing",
            Msg::ComponentBuiltIn { .. } => "invalid-value",
        }
    }

    /// Message and hint in `lang`.
    pub fn text(&self, lang: Lang) -> (String, Option<String>) {
        let nl = lang == Lang::Nl;
        let t = |a: String, b: String| if nl { a } else { b };
        match self {
            Msg::TomlSyntax { detail } => (
                t(format!("site.toml is geen geldige TOML: {detail}"), format!("site.toml is not valid TOML: {detail}")),
                None,
            ),
            Msg::UnknownKey { key, suggestion, allowed } => (
                t(format!("onbekende sleutel `{key}`"), format!("unknown key `{key}`")),
                Some(match suggestion {
                    Some(s) => t(format!("bedoelde je `{s}`?"), format!("did you mean `{s}`?")),
                    None => t(
                        format!("toegestaan zijn: {}", list(allowed)),
                        format!("allowed keys: {}", list(allowed)),
                    ),
                }),
            ),
            Msg::UnknownTableKey { key, table, top_level: true, .. } => (
                t(format!("`{key}` staat onder het kopje `[{table}]` en hoort daardoor bij die tabel"), format!("`{key}` is under the heading `[{table}]` and so belongs to that table")),
                Some(t(
                    format!("in TOML hoort elke regel onder een kopje `[…]` bij dat kopje, tot het volgende; zet `{key}` boven het eerste kopje, bij `title` en `base_url`"),
                    format!("in TOML every line under a `[…]` heading belongs to it, up to the next one; move `{key}` above the first heading, next to `title` and `base_url`"),
                )),
            ),
            Msg::UnknownTableKey { key, table, allowed, .. } => (
                t(format!("onbekende sleutel `{key}` in de tabel `[{table}]`"), format!("unknown key `{key}` in the table `[{table}]`")),
                Some(match suggest(key, allowed.iter().copied()) {
                    Some(s) => t(format!("bedoelde je `{s}`?"), format!("did you mean `{s}`?")),
                    None => t(
                        format!("in de tabel [{table}] zijn toegestaan: {}", list(allowed)),
                        format!("allowed in the table [{table}]: {}", list(allowed)),
                    ),
                }),
            ),
            Msg::WrongType { key, expected } => (
                t(format!("`{key}` heeft het verkeerde type"), format!("`{key}` has the wrong type")),
                Some(t(format!("verwacht: {}", type_nl(expected)), format!("expected: {expected}"))),
            ),
            // A site.toml key is named `table.key` and written TOML's way.
            Msg::MissingField { key } => match key.split_once('.') {
                Some((table, k)) if !key.contains(' ') && table == "security_txt" => (
                    t(format!("verplicht veld `{k}` ontbreekt in `[{table}]`"), format!("required field `{k}` is missing from `[{table}]`")),
                    Some(t(format!("voeg onder `[{table}]` een regel `{k} = \"…\"` toe"), format!("add a line `{k} = \"…\"` under `[{table}]`"))),
                ),
                _ => (
                    t(format!("verplicht veld `{key}` ontbreekt"), format!("required field `{key}` is missing")),
                    Some(t(format!("voeg `{key}: …` toe"), format!("add `{key}: …`"))),
                ),
            },
            Msg::InvalidValue { key, value, allowed } => (
                t(format!("ongeldige waarde `{value}` voor `{key}`"), format!("invalid value `{value}` for `{key}`")),
                Some(t(format!("kies uit: {}", list(allowed)), format!("choose from: {}", list(allowed)))),
            ),
            Msg::InvalidBaseUrl { value } => (
                t(format!("`base_url` is geen geldige http(s)-URL: `{value}`"), format!("`base_url` is not a valid http(s) URL: `{value}`")),
                Some(t("bijvoorbeeld `https://www.gemeente.nl/verhaal/`".into(), "for example `https://www.example.org/story/`".into())),
            ),
            Msg::ThemeNotFound { name } => (
                t(format!("thema-sjabloon `{name}` bestaat niet in `themes/`"), format!("theme `{name}` does not exist in `themes/`")),
                Some(t("laat `theme` weg voor het standaardthema `gemeente`".into(), "leave out `theme` to use the default theme `gemeente`".into())),
            ),
            Msg::LintHeadingH1 => (
                t("kop met één `#`: de titel is al de hoofdkop van de pagina".into(), "heading with one `#`: the title is already the page's main heading".into()),
                Some(t("begin koppen in de tekst met `##`".into(), "start headings in the body with `##`".into())),
            ),
            Msg::LintHeadingSkip { from, to } => (
                t(format!("kopniveau springt van {from} naar {to}"), format!("heading level jumps from {from} to {to}")),
                Some(t("sla geen niveau over: na `##` komt `###`".into(), "do not skip a level: `###` follows `##`".into())),
            ),
            Msg::LintVagueLink { text } => (
                t(format!("linktekst `{text}` zegt niet waar de link heen gaat"), format!("link text `{text}` does not say where the link goes")),
                Some(t("schrijf waar de link naartoe gaat, zoals `de buurtkamer in Oost`".into(), "say where the link goes, like `the neighbourhood room`".into())),
            ),
            Msg::LintBareUrl { url } => (
                t(format!("kale URL als linktekst: `{url}`"), format!("bare URL as link text: `{url}`")),
                Some(t("geef de link een leesbare tekst: `[naam van de site](…)`".into(), "give the link readable text: `[site name](…)`".into())),
            ),
            Msg::LintEmptyLink { target } => (
                t(format!("link naar `{target}` heeft geen tekst"), format!("link to `{target}` has no text")),
                Some(t("zet tekst tussen de haken: `[tekst](…)`".into(), "put text between the brackets: `[text](…)`".into())),
            ),
            Msg::LintTableHeader => (
                t("tabel zonder kopregel".into(), "table without a header row".into()),
                Some(t("geef elke kolom een kop in de eerste rij".into(), "give every column a heading in the first row".into())),
            ),
            Msg::LintExternalMedia { url } => (
                t(format!("`{url}` wordt van een andere website geladen"), format!("`{url}` is loaded from another website")),
                Some(t("zet het bestand in `static/`; bezoekers worden dan niet gevolgd".into(), "put the file in `static/`, so visitors are not tracked".into())),
            ),
            Msg::LintLongSentence { words, sentence } => (
                t(format!("lange zin ({words} woorden): \"{sentence}\""), format!("long sentence ({words} words): \"{sentence}\"")),
                Some(t("maak er twee zinnen van; B1 houdt zinnen op hooguit 25 woorden".into(), "split it; plain language keeps sentences to 25 words at most".into())),
            ),
            Msg::LintLongParagraph { words } => (
                t(format!("lange alinea ({words} woorden)"), format!("long paragraph ({words} words)")),
                Some(t("verdeel de alinea; B1 houdt alinea's op hooguit 150 woorden".into(), "split the paragraph; keep paragraphs to 150 words at most".into())),
            ),
            Msg::LintLongWords { count, sentence } => (
                t(format!("{count} lange woorden in één zin: \"{sentence}\""), format!("{count} long words in one sentence: \"{sentence}\"")),
                Some(t("gebruik kortere woorden of verdeel de zin".into(), "use shorter words or split the sentence".into())),
            ),
            Msg::LintOrphanStory => (
                t("verhaal zonder agendathema, kwadrant of verwijzing: niemand vindt het".into(), "story without agenda theme, quadrant or incoming link: nobody finds it".into()),
                Some(t("voeg `themes` of `quadrants` toe, of link ernaar vanuit een ander document".into(), "add `themes` or `quadrants`, or link to it from another document".into())),
            ),
            Msg::LintAgendaWithoutStory => (
                t("agendapunt zonder verhaal".into(), "agenda item without a story".into()),
                Some(t("noem een voorbeeld in `stories`".into(), "name an example in `stories`".into())),
            ),
            Msg::LintDraft => (
                t("concept: wordt niet gepubliceerd".into(), "draft: not published".into()),
                Some(t("haal `draft: true` weg om te publiceren".into(), "remove `draft: true` to publish".into())),
            ),
            Msg::LowContrast { pair, ratio } => (
                t(format!("te weinig contrast: {pair} is {}:1", ratio.replace('.', ",")), format!("too little contrast: {pair} is {ratio}:1")),
                Some(t("kies kleuren met een contrast van minstens 4,5:1 (WCAG 2.1 AA)".into(), "choose colours with a contrast of at least 4.5:1 (WCAG 2.1 AA)".into())),
            ),
            Msg::SecurityTxtExpired { expires } => (
                t(format!("security.txt is verlopen ({expires})"), format!("security.txt has expired ({expires})")),
                Some(t("zet `expires` in `[security_txt]` op een datum binnen een jaar".into(), "set `expires` in `[security_txt]` to a date within a year".into())),
            ),
            Msg::SecurityTxtSubPath { path } => (
                t(format!("security.txt komt op `{path}`, maar melders zoeken alleen in de root van het domein"), format!("security.txt lands at `{path}`, but reporters only look at the root of the host")),
                Some(t("zet security.txt ook in `/.well-known/` van de webserver (zie docs/publishing.md)".into(), "also serve security.txt from the web server's root `/.well-known/` (see docs/publishing.md)".into())),
            ),
            Msg::ExternalResource { page, url } => (
                t(format!("pagina `{page}` laadt `{url}` van een andere website"), format!("page `{page}` loads `{url}` from another website")),
                Some(t("zet het bestand in `static/` of sta de bron toe in `[privacy] allow`".into(), "put the file in `static/` or permit the source in `[privacy] allow`".into())),
            ),
            Msg::Unreadable { detail } => (
                t(format!("bestand kan niet gelezen worden: {detail}"), format!("file cannot be read: {detail}")),
                None,
            ),
            Msg::NotUtf8 => (
                t("bestand is geen UTF-8-tekst".into(), "file is not UTF-8 text".into()),
                Some(t("sla het bestand op als UTF-8".into(), "save the file as UTF-8".into())),
            ),
            Msg::EmptyFile => (
                t("bestand is leeg".into(), "file is empty".into()),
                Some(t("begin met front matter tussen twee regels `---`, met ten minste `title:` (een verhaal ook `date:`); `verteller new` maakt zo'n begin voor je".into(), "start with front matter between two `---` lines, with at least `title:` (a story also `date:`); `verteller new` writes one for you".into())),
            ),
            Msg::MissingFrontMatter => (
                t("front matter ontbreekt".into(), "front matter is missing".into()),
                Some(t("zet bovenaan een regel `---`, dan `title: …`, dan weer `---`".into(), "put a `---` line at the top, then `title: …`, then `---` again".into())),
            ),
            Msg::UnterminatedFrontMatter => (
                t("front matter is niet afgesloten".into(), "front matter is not closed".into()),
                Some(t("sluit de front matter af met een regel `---`".into(), "close the front matter with a `---` line".into())),
            ),
            Msg::Yaml { slip, detail } => {
                let (message, hint) = yaml_slip(slip, nl);
                let parser = t(format!("de YAML-lezer zegt: {detail}"), format!("the YAML parser says: {detail}"));
                (message, Some(format!("{hint}\n{parser}")))
            }
            Msg::RepeatedKey { key } => (
                t(format!("sleutel `{key}` staat twee keer in de front matter"), format!("key `{key}` appears twice in the front matter")),
                Some(t("houd er één over: welke van de twee zou gelden is niet te zien".into(), "keep one of them: which of the two would count cannot be seen".into())),
            ),
            Msg::FrontMatterNotMapping => (
                t("front matter moet bestaan uit regels `sleutel: waarde`".into(), "front matter must consist of `key: value` lines".into()),
                None,
            ),
            Msg::InvalidDate { key, value, suggestion } => (
                t(format!("`{key}` is geen geldige datum: `{value}`"), format!("`{key}` is not a valid date: `{value}`")),
                Some(match suggestion {
                    Some(s) => t(format!("schrijf datums als JJJJ-MM-DD: `{key}: {s}`"), format!("write dates as YYYY-MM-DD: `{key}: {s}`")),
                    None => t("schrijf datums als JJJJ-MM-DD, bijvoorbeeld 2026-08-21 (en kijk of die dag bestaat)".into(), "write dates as YYYY-MM-DD, for example 2026-08-21 (and check that the day exists)".into()),
                }),
            ),
            Msg::ImageWithoutAlt => (
                t("`image` zonder `image_alt`".into(), "`image` without `image_alt`".into()),
                Some(t("beschrijf de afbeelding in `image_alt`, of zet `image_alt: \"\"` voor een sierafbeelding".into(), "describe the image in `image_alt`, or set `image_alt: \"\"` for a decorative image".into())),
            ),
            Msg::BodyImageWithoutAlt { src } => (
                t(format!("afbeelding `{src}` heeft geen alt-tekst"), format!("image `{src}` has no alt text")),
                Some(t("schrijf tussen de haken wat er te zien is: `![beschrijving](…)`".into(), "write what it shows between the brackets: `![description](…)`".into())),
            ),
            Msg::ImageMissing { src } => (
                t(format!("afbeelding `{src}` bestaat niet, niet naast dit bestand en niet in `static/`"), format!("image `{src}` does not exist, neither beside this file nor in `static/`")),
                Some(t("zet de foto in dezelfde map als dit bestand en schrijf alleen de naam (`foto.jpg`), of zet hem in `static/` en schrijf het pad vanaf daar (`/img/foto.jpg`)".into(), "put the photo in the same folder as this file and write its name only (`photo.jpg`), or put it in `static/` and write its path from there (`/img/photo.jpg`)".into())),
            ),
            Msg::ImageNotAnImage { src, file } => (
                t(format!("`{src}` ({file}) is geen JPEG-, PNG- of WebP-afbeelding, wat de naam ook zegt"), format!("`{src}` ({file}) is not a JPEG, PNG or WebP image, whatever its name says")),
                Some(t("sla de foto opnieuw op als JPEG (foto's) of PNG (tekeningen) en vervang het bestand".into(), "save the photo again as JPEG (photos) or PNG (drawings) and replace the file".into())),
            ),
            Msg::ImageUnreadable { src, file, detail } => (
                t(format!("`{src}` ({file}) kan niet gelezen worden: {detail}"), format!("`{src}` ({file}) cannot be read: {detail}")),
                Some(t("controleer of het bestand er staat en leesbaar is".into(), "check that the file is there and readable".into())),
            ),
            Msg::ImageDamaged { src, file, detail } => (
                t(format!("`{src}` ({file}) is beschadigd of onvolledig: {detail}"), format!("`{src}` ({file}) is damaged or incomplete: {detail}")),
                Some(t("kopieer of download de foto opnieuw en vervang het bestand".into(), "copy or download the photo again and replace the file".into())),
            ),
            Msg::ImageTooLarge { src, file, pixels, limit } => (
                {
                    // In tenths, rounded up: over the limit never reads as the limit.
                    let tenths = pixels.div_ceil(100_000);
                    let (whole, tenth) = (tenths / 10, tenths % 10);
                    t(format!("`{src}` ({file}) heeft {whole},{tenth} megapixel; de site staat er hoogstens {limit} toe"), format!("`{src}` ({file}) has {whole}.{tenth} megapixels; the site allows at most {limit}"))
                },
                Some(t("verklein de foto (een telefoonfoto van 12 megapixel is ruim genoeg), of verhoog `max_megapixels` onder `[images]` in site.toml".into(), "make the photo smaller (a 12-megapixel phone photo is plenty), or raise `max_megapixels` under `[images]` in site.toml".into())),
            ),
            Msg::ImageLocationPublished { file } => (
                t(format!("de foto {file} bevat een GPS-locatie en wordt zoals hij is gepubliceerd, met die locatie"), format!("the photo {file} holds a GPS position and is published as it is, with that position")),
                Some(t("haal de locatie uit de foto, of zet hem naast het verhaal dat hem toont: dan publiceert verteller hem verkleind en zonder locatie".into(), "remove the location from the photo, or put it beside the story that shows it: verteller then publishes it resized and without the location".into())),
            ),
            Msg::ImageLocation { file } => (
                t(format!("de foto {file} bevat een GPS-locatie; die wordt niet gepubliceerd, maar staat wel in het bronbestand"), format!("the photo {file} holds a GPS position; it is not published, but it is in the source file")),
                Some(t("haal de locatie uit de foto (in de fotoweergave van je telefoon of computer: info, locatie verwijderen) voordat je hem deelt of in git zet".into(), "remove the location from the photo (in your phone's or computer's photo viewer: info, remove location) before sharing it or putting it in git".into())),
            ),
            Msg::SampleDocument => (
                t("dit is nog een voorbeeldtekst (`sample: true`) en wordt zo gepubliceerd".into(), "this is still a sample text (`sample: true`) and is published as such".into()),
                Some(t("schrijf de tekst van je eigen gemeente en haal dan `sample: true` weg, of verwijder het bestand".into(), "write your own municipality's text and then remove `sample: true`, or delete the file".into())),
            ),
            Msg::PlaceholderBaseUrl { url } => (
                t(format!("`base_url` is nog het voorbeeld `{url}`: de sitemap, de feeds en de canonieke links wijzen daarheen"), format!("`base_url` is still the example `{url}`: the sitemap, feeds and canonical links point there")),
                Some(t("zet in site.toml het echte adres van de site, zoals `base_url = \"https://verhaal.gemeente.nl/\"`, of geef het mee met `--base-url`".into(), "set the site's real address in site.toml, like `base_url = \"https://story.example.nl/\"`, or pass it with `--base-url`".into())),
            ),
            Msg::LongTitle { length } => (
                t(format!("de titel is {length} tekens lang"), format!("the title is {length} characters long")),
                Some(t(
                    format!("boven de {MAX_TITLE} tekens wordt een titel in lijsten, zoekresultaten en tabbladen afgekapt; maak hem korter en zet de rest in `summary`"),
                    format!("above {MAX_TITLE} characters a title is cut off in lists, search results and tabs; shorten it and move the rest to `summary`"),
                )),
            ),
            Msg::DuplicateTitle { title, other } => (
                t(format!("`{title}` is ook de titel van `{other}`"), format!("`{title}` is also the title of `{other}`")),
                Some(t("lezers kunnen de twee in lijsten en zoekresultaten niet uit elkaar houden; geef ze verschillende titels".into(), "readers cannot tell the two apart in lists and search results; give them different titles".into())),
            ),
            Msg::NotMarkdown => (
                t("alleen Markdown-bestanden (.md) horen in `content/`".into(), "only Markdown files (.md) belong in `content/`".into()),
                Some(t("zet afbeeldingen en andere bestanden in `static/`".into(), "put images and other files in `static/`".into())),
            ),
            Msg::MarkdownExtension { rename } => (
                t("Markdown-bestanden in `content/` eindigen op `.md` (kleine letters); dit bestand wordt niet gepubliceerd".into(), "Markdown files in `content/` end in `.md` (lower case); this file is not published".into()),
                Some(t(format!("hernoem het naar `{rename}`"), format!("rename it to `{rename}`"))),
            ),
            Msg::RawHtml { element } => (
                t(format!("HTML-element `<{element}>` is niet toegestaan in de tekst"), format!("HTML element `<{element}>` is not allowed in the body")),
                Some(raw_html_hint(element, nl)),
            ),
            Msg::RawHtmlAttribute { element, attribute } => (
                t(format!("attribuut `{attribute}` op `<{element}>` is niet toegestaan"), format!("attribute `{attribute}` on `<{element}>` is not allowed")),
                Some(t(
                    "alleen `title`, `lang` en `dir` mogen (en `open` op `details`, `datetime` op `time`); scripts (`on…`) en opmaak (`style`, `class`) horen niet in de tekst".into(),
                    "only `title`, `lang` and `dir` are allowed (and `open` on `details`, `datetime` on `time`); scripts (`on…`) and styling (`style`, `class`) do not belong in the body".into(),
                )),
            ),
            Msg::UnsafeUrl { url, scheme, image } => (
                if *image {
                    t(format!("afbeelding `{url}` gebruikt `{scheme}:`, dat is niet toegestaan"), format!("image `{url}` uses `{scheme}:`, which is not allowed"))
                } else {
                    t(format!("link `{url}` gebruikt `{scheme}:`, dat is niet toegestaan"), format!("link `{url}` uses `{scheme}:`, which is not allowed"))
                },
                Some(if *image {
                    t("zet de afbeelding in `static/` en schrijf het pad, zoals `/img/foto.jpg`".into(), "put the image in `static/` and write its path, like `/img/photo.jpg`".into())
                } else {
                    t("links mogen naar `https:`, `http:`, `mailto:` of `tel:`, of naar een pagina of bestand op de site".into(), "links may point to `https:`, `http:`, `mailto:` or `tel:`, or to a page or file on the site".into())
                }),
            ),
            Msg::HeadingAttribute { name } => (
                t(format!("kopattribuut `{name}` is niet toegestaan"), format!("heading attribute `{name}` is not allowed")),
                Some(t("achter een kop mogen alleen `{#id}` en `{.klasse}` staan".into(), "only `{#id}` and `{.class}` may follow a heading".into())),
            ),
            Msg::ControlCharacter { code } => (
                t(format!("onzichtbaar stuurteken U+{code:04X} in het bestand"), format!("invisible control character U+{code:04X} in the file")),
                Some(t("verwijder het teken; het komt vaak mee bij kopiëren uit een ander programma".into(), "remove the character; it often comes along when copying from another program".into())),
            ),
            Msg::OutputDirOutsideSite { value } => (
                t(format!("`output_dir = \"{value}\"` ligt niet binnen de sitemap"), format!("`output_dir = \"{value}\"` is not inside the site folder")),
                Some(t(
                    "kies een map binnen de site die niet verborgen is, zoals `public`; een map elders kan alleen met `verteller build --output MAP`".into(),
                    "choose a folder inside the site that is not hidden, like `public`; a folder elsewhere only with `verteller build --output DIR`".into(),
                )),
            ),
            Msg::OutputCollision { path, other } => (
                t(format!("`{path}` in de uitvoer botst met {other}"), format!("`{path}` in the output collides with {other}")),
                Some(t("geef een van beide een andere naam of een ander pad".into(), "give one of the two another name or path".into())),
            ),
            Msg::FolderTaken { folder, other } => (
                if other == "verteller" {
                    t(format!("map `{folder}` gebruikt verteller zelf"), format!("folder `{folder}` is used by verteller itself"))
                } else {
                    t(format!("map `{folder}` is al de map van `{other}`"), format!("folder `{folder}` is already the folder of `{other}`"))
                },
                Some(t("geef elke soort in `[folders]` een eigen map, niet `zoeken` of `pagefind`".into(), "give each kind in `[folders]` a folder of its own, not `zoeken` or `pagefind`".into())),
            ),
            Msg::LargeStaticFile { megabytes } => (
                t(format!("groot bestand ({megabytes} MB) in `static/`"), format!("large file ({megabytes} MB) in `static/`")),
                Some(t("bezoekers op een telefoon laden dit helemaal; verklein het, of bied het aan als download elders".into(), "readers on a phone download all of it; make it smaller, or offer it as a download elsewhere".into())),
            ),
            Msg::DuplicateId { id, other } => (
                t(format!("id `{id}` bestaat al ({other})"), format!("id `{id}` already exists ({other})")),
                Some(t("geef een van beide bestanden een andere naam".into(), "rename one of the two files".into())),
            ),
            Msg::UrlCollision { url, other } => (
                t(format!("URL `{url}` wordt ook gebruikt door {other}"), format!("URL `{url}` is also used by {other}")),
                Some(t("geef het bestand een andere naam".into(), "rename the file".into())),
            ),
            Msg::UrlReserved { url } => (
                t(format!("URL `{url}` wordt ook gebruikt door een pagina die verteller zelf maakt"), format!("URL `{url}` is also used by a page verteller generates")),
                Some(t("geef het bestand een andere naam".into(), "rename the file".into())),
            ),
            Msg::UnknownReference { key, id, kind, suggestion } => (
                t(format!("`{key}` noemt `{id}`, maar er is geen {} met dat id", kind.text(Lang::Nl)), format!("`{key}` names `{id}`, but there is no {} with that id", kind.text(Lang::En))),
                suggestion.as_ref().map(|s| t(format!("bedoelde je `{s}`?"), format!("did you mean `{s}`?"))),
            ),
            Msg::BrokenLink { target, suggestion } => (
                t(format!("link naar `{target}` wijst naar niets"), format!("link to `{target}` points to nothing")),
                suggestion.as_ref().map(|s| t(format!("bedoelde je `{s}`?"), format!("did you mean `{s}`?"))),
            ),
            Msg::BrokenAnchor { anchor, target, suggestion } => (
                t(format!("kopje `#{anchor}` bestaat niet in `{target}`"), format!("heading `#{anchor}` does not exist in `{target}`")),
                suggestion.as_ref().map(|s| t(format!("bedoelde je `#{s}`?"), format!("did you mean `#{s}`?"))),
            ),
            Msg::AmbiguousWikiLink { id, candidates } => (
                t(format!("wikilink `[[{id}]]` past op meer dan één document"), format!("wiki link `[[{id}]]` matches more than one document")),
                Some(t(
                    format!("schrijf het pad erbij, een van: {}", list(candidates)),
                    format!("qualify it with its path, one of: {}", list(candidates)),
                )),
            ),
            Msg::LinkToDraft { target } => (
                t(format!("link naar concept `{target}` wordt als gewone tekst getoond"), format!("link to draft `{target}` is shown as plain text")),
                Some(t("publiceer het doel (haal `draft: true` weg) of verwijder de link".into(), "publish the target (remove `draft: true`) or remove the link".into())),
            ),
            Msg::DuplicateAxes { other } => (
                t(format!("deze combinatie van `axes` heeft {other} al"), format!("{other} already has this combination of `axes`")),
                Some(t("elk kwadrant heeft een eigen combinatie van sturing en richting".into(), "each quadrant has its own combination of sturing and richting".into())),
            ),
            Msg::InvalidAlias { alias, taken: true } => (
                t(format!("alias `{alias}` is al een adres op deze site"), format!("alias `{alias}` is already an address on this site")),
                Some(t("een alias stuurt een oud adres door; kies een adres dat nog vrij is, of haal de alias weg".into(), "an alias redirects an old address; choose an address that is still free, or remove the alias".into())),
            ),
            Msg::InvalidAlias { alias, .. } => (
                t(format!("alias `{alias}` is geen geldig pad"), format!("alias `{alias}` is not a valid path")),
                Some(t("schrijf een pad dat begint met `/`, zonder spaties, `..`, `?`, `#` of `\\`, zoals `/oude-url/`".into(), "write a path that starts with `/`, without spaces, `..`, `?`, `#` or `\\`, such as `/old-url/`".into())),
            ),
            Msg::TaxonomyNameTaken { name, other } => (
                match other.as_str() {
                    "verteller" => t(format!("taxonomie `{name}`: die map vult verteller zelf"), format!("taxonomy `{name}`: verteller fills that folder itself")),
                    "taxonomies" => t(format!("taxonomie `{name}` staat er twee keer in"), format!("taxonomy `{name}` is given twice")),
                    "front matter" => t(format!("taxonomie `{name}` heeft de naam van een sleutel die de front matter al kent"), format!("taxonomy `{name}` has the name of a front-matter key")),
                    kind => t(format!("taxonomie `{name}` heeft de naam van de map van `{kind}`"), format!("taxonomy `{name}` has the name of the folder of `{kind}`")),
                },
                Some(t("geef de taxonomie een eigen `name`: die wordt de sleutel in de front matter en de map in de adressen (`/wijken/oost/`)".into(), "give the taxonomy a `name` of its own: it becomes the front-matter key and the folder in addresses (`/wijken/oost/`)".into())),
            ),
            Msg::UnknownTerm { key, value, suggestion, allowed } => (
                t(format!("`{value}` is geen waarde van `{key}`"), format!("`{value}` is not a value of `{key}`")),
                Some(match suggestion {
                    Some(s) => t(format!("bedoelde je `{s}`? Kies uit: {}", list(allowed)), format!("did you mean `{s}`? Choose from: {}", list(allowed))),
                    None => t(format!("kies uit: {} (of voeg de waarde toe aan `values` in site.toml)", list(allowed)), format!("choose from: {} (or add the value to `values` in site.toml)", list(allowed))),
                }),
            ),
            Msg::ExpiresBeforePublish { publish, expires } => (
                t(format!("`expires` ({expires}) valt niet na `publish_date` ({publish}): deze tekst komt nooit op de site"), format!("`expires` ({expires}) is not after `publish_date` ({publish}): this text would never be published")),
                Some(t("`publish_date` is de eerste dag op de site, `expires` de eerste dag dat de tekst weg is: zet `expires` later".into(), "`publish_date` is the first day on the site, `expires` the first day it is gone: set `expires` later".into())),
            ),
            Msg::LinkToScheduled { target, date } => (
                t(format!("link naar `{target}`, dat pas op {date} verschijnt, wordt tot dan als gewone tekst getoond"), format!("link to `{target}`, which appears on {date}, is shown as plain text until then")),
                Some(t("laat de link staan als dat goed is: vanaf die dag wordt hij een echte link; bouw de site dan opnieuw".into(), "keep the link if that is right: from that day on it becomes a real link; build the site again then".into())),
            ),
            Msg::LinkToExpired { target, date } => (
                t(format!("link naar `{target}`, dat sinds {date} niet meer op de site staat, wordt als gewone tekst getoond"), format!("link to `{target}`, which left the site on {date}, is shown as plain text")),
                Some(t("haal de link weg, of schuif `expires` van het doel op".into(), "remove the link, or move the target's `expires` later".into())),
            ),
            Msg::FutureStory { date } => (
                t(format!("verhaal heeft een datum in de toekomst ({date}) en wordt toch gepubliceerd"), format!("story is dated in the future ({date}) and is published anyway")),
                Some(t("klopt de datum? Wil je het verhaal nog niet publiceren, zet dan `draft: true`".into(), "is the date right? To keep the story unpublished for now, set `draft: true`".into())),
            ),
            Msg::EmptyId => (
                t("uit deze bestandsnaam volgt geen id".into(), "this file name gives no id".into()),
                Some(t("gebruik letters of cijfers in de bestandsnaam".into(), "use letters or digits in the file name".into())),
            ),
            Msg::TemplateError { detail } => (
                t(format!("fout in sjabloon: {detail}"), format!("template error: {detail}")),
                None,
            ),
            // theme contract (issue 20)
            Msg::TemplateBlocksMissing { base, missing } => {
                let blocks: Vec<String> = missing.iter().map(|(b, _)| b.clone()).collect();
                let users = missing
                    .iter()
                    .map(|(b, users)| format!("`{b}` ({})", users.join(", ")))
                    .collect::<Vec<_>>()
                    .join("; ");
                let empty: String = blocks
                    .iter()
                    .map(|b| format!("{{% block {b} %}}{{% endblock {b} %}}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                (
                    t(
                        format!("`{base}` definieert {} niet die andere sjablonen vullen: {users}", plural(blocks.len(), "een blok", "blokken")),
                        format!("`{base}` does not define {} that other templates fill: {users}", plural(blocks.len(), "a block", "blocks")),
                    ),
                    Some(t(
                        format!("zet ze in `{base}` (leeg mag): {empty} — welke blokken er zijn staat in docs/templates.md"),
                        format!("add them to `{base}` (empty is fine): {empty} — docs/templates.md lists the blocks"),
                    )),
                )
            }
            Msg::TemplateUnclosedTag { tag, closer, reported, detail } => (
                t(
                    format!("`{tag}` wordt niet gesloten met `{{% {closer} %}}`"),
                    format!("`{tag}` is not closed with `{{% {closer} %}}`"),
                ),
                Some(t(
                    format!("sluit het af vóór de plek waar Tera de fout meldt ({reported}: {detail})"),
                    format!("close it before where Tera reports the error ({reported}: {detail})"),
                )),
            ),
            Msg::TemplateErrorOnPages { detail, pages, first } => (
                t(format!("fout in sjabloon: {detail}"), format!("template error: {detail}")),
                Some(t(
                    format!("dezelfde fout op {pages} pagina's, de eerste is `{first}`"),
                    format!("the same error on {pages} pages, the first is `{first}`"),
                )),
            ),
            Msg::DeadLink { url, page, others, template } => (
                t(
                    format!("link `{url}` op pagina `{page}`{} wijst naar een bestand dat de site niet heeft", also(*others, nl)),
                    format!("link `{url}` on page `{page}`{} points to a file the site does not have", also(*others, nl)),
                ),
                Some(match template {
                    Some(name) => t(
                        format!("de link staat in sjabloon `{name}`: maak de pagina of het bestand, of haal de link weg (een thema-bestand: gebruik `asset(path=…)` of `url(path=…)`)"),
                        format!("the link is in template `{name}`: create the page or file, or remove the link (a theme file: use `asset(path=…)` or `url(path=…)`)"),
                    ),
                    None => t(
                        "maak de pagina of het bestand, of haal de link weg".into(),
                        "create the page or file, or remove the link".into(),
                    ),
                }),
            ),
            Msg::DeadAnchor { url, page, others, id, template } => (
                t(
                    format!("link `{url}` op pagina `{page}`{} wijst naar `#{id}`, maar de pagina heeft geen element met dat id", also(*others, nl)),
                    format!("link `{url}` on page `{page}`{} points to `#{id}`, but the page has no element with that id", also(*others, nl)),
                ),
                Some(match template {
                    Some(name) => t(
                        format!("de link staat in sjabloon `{name}`: verwijs naar een id dat op de pagina staat"),
                        format!("the link is in template `{name}`: point to an id the page has"),
                    ),
                    None => t(
                        "verwijs naar een id dat op de pagina staat".into(),
                        "point to an id the page has".into(),
                    ),
                }),
            ),
            // `check --extern` (issue 24)
            Msg::ExternDead { link, why, via } => (
                match via {
                    Some(via) => t(
                        format!("externe link {} stuurt door naar `{via}`, en daar {}", on_page(link, nl), why.text(nl)),
                        format!("external link {} redirects to `{via}`, and there {}", on_page(link, nl), why.text(nl)),
                    ),
                    None => t(
                        format!("externe link {}: {}", on_page(link, nl), why.text(nl)),
                        format!("external link {}: {}", on_page(link, nl), why.text(nl)),
                    ),
                },
                Some(t(
                    "zoek de pagina op haar nieuwe plek en link daarheen, of haal de link weg".into(),
                    "find the page at its new place and link there, or remove the link".into(),
                )),
            ),
            Msg::ExternMoved { link, to } => (
                t(
                    format!("externe link {} is blijvend verhuisd naar `{to}`", on_page(link, nl)),
                    format!("external link {} has moved permanently to `{to}`", on_page(link, nl)),
                ),
                Some(t(
                    format!("link direct naar `{to}`"),
                    format!("link to `{to}` directly"),
                )),
            ),
            Msg::ExternTimeout { link, seconds } => (
                t(
                    format!("externe link {} gaf binnen {seconds} s geen antwoord", on_page(link, nl)),
                    format!("external link {} gave no answer within {seconds} s", on_page(link, nl)),
                ),
                Some(t(
                    "de andere site is misschien even traag of onbereikbaar: controleer later opnieuw, of geef meer tijd met `--extern-timeout`".into(),
                    "the other site may be slow or down for a moment: check again later, or allow more time with `--extern-timeout`".into(),
                )),
            ),
            Msg::ExternServerError { link, status } => (
                t(
                    format!("externe link {}: de server van de andere site heeft een storing ({status})", on_page(link, nl)),
                    format!("external link {}: the other site's server has a fault ({status})", on_page(link, nl)),
                ),
                Some(t(
                    "dat gaat vaak vanzelf over: controleer later opnieuw; blijft het zo, link dan naar een andere bron".into(),
                    "this often passes: check again later; if it stays, link to another source".into(),
                )),
            ),
            Msg::ExternNotChecked { link, why } => (
                t(
                    format!("externe link {} is niet te controleren: {}", on_page(link, nl), why.text(nl)),
                    format!("external link {} cannot be checked: {}", on_page(link, nl), why.text(nl)),
                ),
                Some(t(
                    "open de link zelf in een browser; werkt hij, en weigert de site controles, zet de host dan in `[check] extern_skip` in site.toml".into(),
                    "open the link in a browser yourself; if it works and the site refuses checks, put the host in `[check] extern_skip` in site.toml".into(),
                )),
            ),
            // components (issue 24)
            Msg::UnknownComponent { name, suggestion, known } => (
                t(format!("onbekend component `{name}`"), format!("unknown component `{name}`")),
                Some(match suggestion {
                    Some(s) => t(format!("bedoelde je `{s}`?"), format!("did you mean `{s}`?")),
                    None => t(
                        format!("componenten van deze site: {}; een eigen component staat in site.toml onder `[components.{name}]` (zie docs/content.md)", list(known)),
                        format!("this site's components: {}; a component of the site's own is declared in site.toml under `[components.{name}]` (see docs/content.md)", list(known)),
                    ),
                }),
            ),
            Msg::UnknownComponentArgument { component, argument, allowed } => (
                t(format!("`{component}` heeft geen argument `{argument}`"), format!("`{component}` has no argument `{argument}`")),
                Some(match suggest(argument, allowed.iter().map(String::as_str)) {
                    Some(s) => t(format!("bedoelde je `{s}`?"), format!("did you mean `{s}`?")),
                    None => t(format!("`{component}` neemt: {}", list(allowed)), format!("`{component}` takes: {}", list(allowed))),
                }),
            ),
            Msg::MissingComponentArgument { component, argument } => (
                t(format!("`{component}` mist het verplichte argument `{argument}`"), format!("`{component}` lacks its required argument `{argument}`")),
                Some(t(format!("zet `{argument}=\"…\"` tussen de `{{ }}` van `{component}`"), format!("put `{argument}=\"…\"` between the `{{ }}` of `{component}`"))),
            ),
            Msg::InvalidComponentArgument { component, argument, value, expected: ComponentValue::LocalFile } => (
                t(
                    format!("`{argument}` van `{component}` wijst naar `{value}`, dat is geen bestand van deze site"),
                    format!("`{argument}` of `{component}` points to `{value}`, which is not a file of this site"),
                ),
                Some(t(
                    "zet het bestand in `static/` en schrijf het pad, zoals `/documenten/plan.pdf`: een bestand van een andere website laat die website je bezoekers volgen".into(),
                    "put the file in `static/` and write its path, like `/documents/plan.pdf`: a file from another website lets that website track your visitors".into(),
                )),
            ),
            Msg::InvalidComponentArgument { component, argument, value, expected } => (
                t(format!("ongeldige waarde `{value}` voor `{argument}` van `{component}`"), format!("invalid value `{value}` for `{argument}` of `{component}`")),
                Some(match expected {
                    ComponentValue::Text => t(format!("geef `{argument}` een waarde: `{argument}=\"…\"`"), format!("give `{argument}` a value: `{argument}=\"…\"`")),
                    ComponentValue::Bool => t("schrijf `true` of `false`".into(), "write `true` or `false`".into()),
                    ComponentValue::Number => t("schrijf een getal, zoals `12` of `3,5`".into(), "write a number, like `12` or `3.5`".into()),
                    ComponentValue::OneOf(allowed) => match suggest(value, allowed.iter().copied()) {
                        Some(s) => t(format!("bedoelde je `{s}`? Kies uit: {}", list(allowed)), format!("did you mean `{s}`? Choose from: {}", list(allowed))),
                        None => t(format!("kies uit: {}", list(allowed)), format!("choose from: {}", list(allowed))),
                    },
                    ComponentValue::FileType(extensions) => {
                        let names: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
                        t(format!("het bestand moet eindigen op {}", list(&names)), format!("the file must end in {}", list(&names)))
                    }
                    ComponentValue::LocalFile => unreachable!("matched above"),
                }),
            ),
            Msg::VideoWithoutCaptions => (
                t("video zonder ondertiteling: het argument `captions` ontbreekt".into(), "video without captions: the argument `captions` is missing".into()),
                Some(t(
                    "maak een ondertitelbestand (.vtt), zet het in `static/` en schrijf `captions=/media/film.vtt`; zonder ondertiteling kunnen doven en slechthorenden de video niet volgen (WCAG 1.2.2)".into(),
                    "make a captions file (.vtt), put it in `static/` and write `captions=/media/film.vtt`; without captions deaf and hard-of-hearing readers cannot follow the video (WCAG 1.2.2)".into(),
                )),
            ),
            Msg::UnclosedComponent { name, fence } => {
                let colons = ":".repeat(*fence);
                (
                    t(format!("`{colons}{name}` wordt niet gesloten"), format!("`{colons}{name}` is not closed")),
                    Some(t(
                        format!("zet na de tekst van het component een regel met alleen `{colons}`"),
                        format!("put a line with only `{colons}` after the component's text"),
                    )),
                )
            }
            Msg::StrayComponentClose { fence } => {
                let colons = ":".repeat(*fence);
                (
                    t(format!("`{colons}` sluit geen component"), format!("`{colons}` closes no component")),
                    Some(t(
                        format!("er staat geen component open dat met `{colons}` begon: een blok sluit met evenveel dubbele punten als waarmee het begint; haal de regel weg of tel de dubbele punten na"),
                        format!("no component that began with `{colons}` is open: a block closes with as many colons as it opened with; remove the line or count the colons"),
                    )),
                )
            }
            Msg::ComponentSyntax { slip } => component_slip(slip, nl),
            Msg::ComponentForm { name, wanted } => match wanted {
                ComponentShape::Block => (
                    t(format!("`{name}` staat om tekst heen"), format!("`{name}` goes around text")),
                    Some(t(
                        format!("schrijf `:::{name}{{…}}` op een eigen regel, dan de tekst, dan een regel met `:::`"),
                        format!("write `:::{name}{{…}}` on a line of its own, then the text, then a line with `:::`"),
                    )),
                ),
                ComponentShape::Line => (
                    t(format!("`{name}` staat op een eigen regel, zonder tekst erin"), format!("`{name}` stands on a line of its own, without text in it")),
                    Some(t(
                        format!("schrijf `::{name}{{…}}` (twee dubbele punten) op een eigen regel"),
                        format!("write `::{name}{{…}}` (two colons) on a line of its own"),
                    )),
                ),
                ComponentShape::LineOrInline => (
                    t(format!("`{name}` heeft geen tekst erin"), format!("`{name}` holds no text")),
                    Some(t(
                        format!("schrijf `::{name}{{…}}` op een eigen regel, of `:{name}{{…}}` in een zin"),
                        format!("write `::{name}{{…}}` on a line of its own, or `:{name}{{…}}` in a sentence"),
                    )),
                ),
            },
            Msg::ComponentPlacement { name, place } => {
                let (where_nl, where_en, fix_nl, fix_en) = match place {
                    ComponentPlace::Link => ("in een link", "inside a link", "zet het component buiten de `[…](…)`", "put the component outside the `[…](…)`"),
                    ComponentPlace::Image => ("in de beschrijving van een afbeelding", "inside an image's description", "zet het component buiten de `![…](…)`", "put the component outside the `![…](…)`"),
                    ComponentPlace::Heading => ("in een kop", "inside a heading", "zet het component onder de kop", "put the component below the heading"),
                    ComponentPlace::Container => (
                        "in een lijst, een citaat of ingesprongen",
                        "inside a list or a quote, or indented",
                        "een component begint aan het begin van de regel, zonder spaties, `-` of `>` ervoor; zet een lege regel tussen de lijst en het component",
                        "a component starts at the beginning of the line, without spaces, `-` or `>` in front; put an empty line between the list and the component",
                    ),
                };
                (
                    t(format!("component `{name}` staat {where_nl}"), format!("component `{name}` is {where_en}")),
                    Some(t(fix_nl.into(), fix_en.into())),
                )
            }
            Msg::ComponentTemplateMissing { name, template } => (
                t(format!("component `{name}` heeft geen sjabloon `templates/{template}`"), format!("component `{name}` has no template `templates/{template}`")),
                Some(t(
                    format!("maak `templates/{template}` (docs/templates.md zegt wat het sjabloon ziet), of haal `[components.{name}]` weg"),
                    format!("create `templates/{template}` (docs/templates.md says what the template sees), or remove `[components.{name}]`"),
                )),
            ),
            Msg::ComponentBuiltIn { name } => (
                t(format!("`{name}` is een ingebouwd component"), format!("`{name}` is a built-in component")),
                Some(t(
                    format!("kies een andere naam; de weergave van `{name}` verander je met een eigen `templates/components/{name}.html`"),
                    format!("choose another name; to change how `{name}` looks, write your own `templates/components/{name}.html`"),
                )),
            ),
        }
    }
}

/// The message and hint of a slip in how a component is written (components, issue 24).
fn component_slip(slip: &ComponentSlip, nl: bool) -> (String, Option<String>) {
    let t = |a: String, b: String| if nl { a } else { b };
    let (message, hint) = match slip {
        ComponentSlip::UnclosedQuote { quote } => (
            t(format!("deze waarde begint met `{quote}` maar sluit niet"), format!("this value starts with `{quote}` but is not closed")),
            t(format!("zet aan het eind van de waarde ook een `{quote}`"), format!("put a `{quote}` at the end of the value too")),
        ),
        ComponentSlip::UnclosedBraces => (
            t("de `{` van dit component sluit niet".into(), "this component's `{` is not closed".into()),
            t("zet de argumenten tussen `{` en `}` op dezelfde regel".into(), "put the arguments between `{` and `}` on the same line".into()),
        ),
        ComponentSlip::WithoutBraces { example } => (
            t("de argumenten van een component staan tussen `{ }`".into(), "a component's arguments go between `{ }`".into()),
            t(format!("bijvoorbeeld `{example}`"), format!("for example `{example}`")),
        ),
        ComponentSlip::AfterBraces => (
            t("na de `}` van een component staat nog tekst op de regel".into(), "there is text after the `}` of a component on its line".into()),
            t("zet de tekst op de volgende regel".into(), "put the text on the next line".into()),
        ),
        ComponentSlip::ExpectedName => (
            t("hier hoort een naam".into(), "a name belongs here".into()),
            t("na `:::` of `::` komt de naam van het component, zoals `:::callout`; een argument schrijf je als `naam=waarde`".into(), "after `:::` or `::` comes the component's name, like `:::callout`; an argument is written `name=value`".into()),
        ),
        ComponentSlip::StrayQuote { quote } => (
            t(format!("een `{quote}` waar de naam van een argument hoort"), format!("a `{quote}` where an argument's name belongs")),
            t(
                "meestal mist eerder een afsluitend aanhalingsteken: elke waarde met een spatie staat tussen twee aanhalingstekens, zoals `speaker=\"Anna de Wit\" role=\"bewoner\"`".into(),
                "mostly a closing quote is missing before it: every value with a space goes between two quotes, like `speaker=\"Anna de Wit\" role=\"bewoner\"`".into(),
            ),
        ),
        ComponentSlip::RepeatedArgument { argument } => (
            t(format!("argument `{argument}` staat er twee keer"), format!("argument `{argument}` is given twice")),
            t("haal er een weg".into(), "remove one of them".into()),
        ),
        ComponentSlip::MissingValue { argument } => (
            t(format!("`{argument}=` zonder waarde"), format!("`{argument}=` without a value")),
            t(format!("schrijf de waarde na `=`, met aanhalingstekens als er een spatie in staat: `{argument}=\"…\"`"), format!("write the value after `=`, in quotes when it holds a space: `{argument}=\"…\"`")),
        ),
    };
    (message, Some(hint))
}

/// What to write instead of a refused HTML element.
fn raw_html_hint(element: &str, nl: bool) -> String {
    let (a, b) = match element {
        "img" | "picture" | "figure" => (
            "schrijf een afbeelding in Markdown: `![beschrijving](/img/foto.jpg)`",
            "write an image in Markdown: `![description](/img/photo.jpg)`",
        ),
        "a" => (
            "schrijf een link in Markdown: `[tekst](https://…)` of `[[id]]`",
            "write a link in Markdown: `[text](https://…)` or `[[id]]`",
        ),
        "video" => (
            "zet de video en de ondertiteling in `static/` en gebruik het component `::video{src=… captions=… title=…}` (zie docs/content.md)",
            "put the video and its captions in `static/` and use the component `::video{src=… captions=… title=…}` (see docs/content.md)",
        ),
        "blockquote" | "figcaption" => (
            "een citaat met wie het zei schrijf je met het component `:::quote{speaker=\"…\"}` (zie docs/content.md)",
            "write a quote with its speaker with the component `:::quote{speaker=\"…\"}` (see docs/content.md)",
        ),
        "aside" | "section" => (
            "een kader schrijf je met het component `:::callout{title=\"…\"}` (zie docs/content.md)",
            "write a callout with the component `:::callout{title=\"…\"}` (see docs/content.md)",
        ),
        "iframe" | "audio" | "embed" | "object" => (
            "ingesloten materiaal van elders kan niet; link ernaar met `[tekst](https://…)`",
            "embedded material from elsewhere is not possible; link to it with `[text](https://…)`",
        ),
        "table" | "tr" | "td" | "th" => (
            "schrijf een tabel in Markdown: `| kop | kop |` en `|---|---|`",
            "write a table in Markdown: `| head | head |` and `|---|---|`",
        ),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => (
            "schrijf een kop in Markdown: `## Kop`",
            "write a heading in Markdown: `## Heading`",
        ),
        "p" | "div" => (
            "laat de tag weg: een lege regel begint een nieuwe alinea",
            "leave the tag out: an empty line starts a new paragraph",
        ),
        _ => (
            "toegestaan zijn alleen eenvoudige tags zoals `abbr`, `sup`, `sub`, `kbd`, `br`, `span lang`, `details`; heeft de site echt eigen HTML nodig, zet dan `[markdown] raw_html = true` in site.toml (zie docs/security.md)",
            "only simple tags such as `abbr`, `sup`, `sub`, `kbd`, `br`, `span lang`, `details` are allowed; if the site really needs its own HTML, set `[markdown] raw_html = true` in site.toml (see docs/security.md)",
        ),
    };
    if nl { a.to_string() } else { b.to_string() }
}

/// `` `https://…` op pagina `/x/` (en 3 andere pagina's)`` (`check --extern`).
fn on_page(link: &ExternLink, nl: bool) -> String {
    let also = also(link.others, nl);
    if nl {
        format!("`{}` op pagina `{}`{also}", link.url, link.page)
    } else {
        format!("`{}` on page `{}`{also}", link.url, link.page)
    }
}

/// ` (en 3 andere pagina's)` (theme contract, issue 20).
fn also(others: usize, nl: bool) -> String {
    match (others, nl) {
        (0, _) => String::new(),
        (1, true) => " (en 1 andere pagina)".to_string(),
        (n, true) => format!(" (en {n} andere pagina's)"),
        (1, false) => " (and 1 other page)".to_string(),
        (n, false) => format!(" (and {n} other pages)"),
    }
}

/// `een blok` / `3 blokken` (theme contract, issue 20).
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_string()
    } else {
        format!("{n} {many}")
    }
}

fn list<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "`{}`", item.as_ref());
    }
    out
}

fn type_nl(expected: &str) -> String {
    match expected {
        "text" => "tekst".into(),
        "a list of texts" => "een lijst met teksten".into(),
        "a list of ids" => "een lijst met id's".into(),
        "an id" => "één id (tekst)".into(),
        "true or false" => "true of false".into(),
        "a whole number" => "een heel getal".into(),
        "a date" => "een datum (JJJJ-MM-DD)".into(),
        "a mapping" => "een lijst van `sleutel: waarde`".into(),
        "a table" => "een tabel: een kopje `[naam]` met de sleutels eronder".into(),
        other => other.to_string(),
    }
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        if score >= 0.8 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(
            suggest("titel", ["title", "summary"]).as_deref(),
            Some("title")
        );
        assert_eq!(
            suggest(
                "uitvoeringsdriehoek",
                ["uitvoeringsdriehoek-x", "een-overheid"]
            )
            .as_deref(),
            Some("uitvoeringsdriehoek-x")
        );
        assert_eq!(suggest("zzz", ["title", "summary"]), None);
    }

    #[test]
    fn every_message_has_text_in_both_languages() {
        let msg = Msg::MissingField { key: "date".into() };
        assert!(msg.text(Lang::Nl).0.contains("ontbreekt"));
        assert!(msg.text(Lang::En).0.contains("missing"));
    }
}
