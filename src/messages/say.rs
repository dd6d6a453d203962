//! What the command line says to an editor besides diagnostics: summaries, questions,
//! and the reasons a command could not do what was asked — in the site's language, from
//! one place, like the diagnostics' catalogue beside it.

use super::Lang;

/// One line (or part of a line) the command line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Say {
    /// `3 fouten, 1 waarschuwing`.
    Counts {
        errors: usize,
        warnings: usize,
    },
    /// `build` with errors: nothing written.
    NotBuilt {
        counts: String,
    },
    /// `build`'s last line.
    Built {
        documents: usize,
        pages: usize,
        files: usize,
        folder: String,
        time: String,
        counts: String,
    },
    /// How many photos a build encoded (the others came from the cache).
    PhotosEncoded {
        count: usize,
    },
    /// What the search index took.
    SearchIndex {
        files: usize,
        kb: usize,
        time: String,
    },
    /// `check`'s last line.
    Checked {
        documents: usize,
        time: String,
        counts: String,
    },
    /// `check --next-change`: the next day the output changes, and what changes then
    /// (`verhalen/x.md verschijnt`, …).
    NextChange {
        date: String,
        changes: Vec<(String, bool)>,
    },
    /// `check --next-change` when nothing is scheduled after the as-of date.
    NoNextChange {
        as_of: String,
    },
    /// Said on every run while `[markdown] raw_html = true`.
    RawHtmlOn,
    /// The spinner's text while a command works.
    Busy,
    /// A stage of the build in `--timings` (`load`, `resolve`, …), or `total`.
    Stage(&'static str),
    /// `init` made a site.
    SiteMade {
        dir: String,
        files: usize,
    },
    /// `new` and `schema`: a word that names no kind.
    UnknownKind {
        token: String,
        near: Option<String>,
    },
    /// `new --date` that is no date.
    InvalidDateOption {
        value: String,
    },
    /// `new agenda` on a site without agenda themes.
    NoAgendaThemes,
    /// `new agenda --theme` naming no agenda theme of the site.
    NotAnAgendaTheme {
        given: String,
        near: Option<String>,
    },
    /// Without a terminal to ask on: how to give the agenda theme.
    GiveTheme {
        valid: Vec<String>,
    },
    /// The question, its prompt, and what happens without an answer.
    WhichAgendaTheme,
    AnswerPrompt,
    NoAgendaThemeChosen,
    /// An answer that is not one of the choices, and why.
    WrongAnswer {
        answer: String,
        count: usize,
        near: Option<String>,
    },
    /// A title that gives no file name.
    EmptyIdFromTitle {
        title: String,
    },
    /// Every combination of `axes` is taken.
    NoFreeQuadrant,
    /// `new` made a file: where, and the URL it gets.
    Created {
        path: String,
        url: String,
    },
    /// serve: the asked port is taken; the default one is taken and another is used; all
    /// of them are taken.
    PortTaken {
        port: u16,
        bind: String,
    },
    PortMoved {
        port: u16,
    },
    PortsTaken,
    /// `check --extern`: what the external link check did.
    ExternSummary {
        urls: usize,
        checked: usize,
        cached: usize,
        skipped: usize,
        max_age_days: u64,
        time: String,
    },
    /// `check --extern`: the cache file could not be read as a cache.
    ExternCacheIgnored {
        file: String,
        detail: String,
    },
    /// `check --extern`: the cache file could not be written.
    ExternCacheNotWritten {
        detail: String,
    },
    /// `check --extern-report`: where the report went.
    ExternReportWritten {
        file: String,
    },
    /// `serve --open` found no way to open a browser.
    BrowserNotOpened {
        url: String,
    },
}

/// The kinds as an editor may name them on the command line.
const KIND_CHOICES: (&str, &str) = (
    "story (verhaal), chapter (hoofdstuk), agenda (agendapunt), agenda-theme (thema), quadrant (kwadrant), role (rol), page (pagina)",
    "story, chapter, agenda, agenda-theme, quadrant, role, page",
);

impl Say {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        let t = |a: String, b: String| if nl { a } else { b };
        match self {
            Say::Counts { errors, warnings } => {
                let e = match (nl, errors) {
                    (true, 1) => "1 fout".to_string(),
                    (true, n) => format!("{n} fouten"),
                    (false, 1) => "1 error".to_string(),
                    (false, n) => format!("{n} errors"),
                };
                let w = match (nl, warnings) {
                    (true, 1) => "1 waarschuwing".to_string(),
                    (true, n) => format!("{n} waarschuwingen"),
                    (false, 1) => "1 warning".to_string(),
                    (false, n) => format!("{n} warnings"),
                };
                format!("{e}, {w}")
            }
            Say::NotBuilt { counts } => t(
                format!("Niet gebouwd: {counts}. De vorige uitvoer is niet aangeraakt."),
                format!("Not built: {counts}. The previous output was not touched."),
            ),
            Say::Built {
                documents,
                pages,
                files,
                folder,
                time,
                counts,
            } => t(
                format!("{documents} documenten, {pages} pagina's, {files} bestanden geschreven naar {folder} in {time} ({counts})."),
                format!("{documents} documents, {pages} pages, {files} files written to {folder} in {time} ({counts})."),
            ),
            Say::PhotosEncoded { count: 1 } => t(
                "1 foto verkleind en omgezet (bewaard in .verteller-cache/images).".into(),
                "1 photo resized and converted (kept in .verteller-cache/images).".into(),
            ),
            Say::PhotosEncoded { count } => t(
                format!("{count} foto's verkleind en omgezet (bewaard in .verteller-cache/images)."),
                format!("{count} photos resized and converted (kept in .verteller-cache/images)."),
            ),
            Say::SearchIndex { files, kb, time } => t(
                format!("Zoekindex: {files} bestanden, {kb} kB in {time}."),
                format!("Search index: {files} files, {kb} kB in {time}."),
            ),
            Say::Checked {
                documents,
                time,
                counts,
            } => t(
                format!("{documents} documenten gecontroleerd in {time}: {counts}."),
                format!("{documents} documents checked in {time}: {counts}."),
            ),
            Say::NextChange { date, changes } => {
                let list = |nl: bool| {
                    changes
                        .iter()
                        .map(|(file, appears)| match (appears, nl) {
                            (true, true) => format!("{file} verschijnt"),
                            (false, true) => format!("{file} verdwijnt"),
                            (true, false) => format!("{file} appears"),
                            (false, false) => format!("{file} disappears"),
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                t(
                    format!("Volgende wijziging van de site op {date}: {}.", list(true)),
                    format!("Next change of the site on {date}: {}.", list(false)),
                )
            }
            Say::NoNextChange { as_of } => t(
                format!("Na {as_of} staat geen wijziging gepland: geen `publish_date` of `expires` later dan die dag."),
                format!("Nothing is scheduled after {as_of}: no `publish_date` or `expires` later than that day."),
            ),
            Say::RawHtmlOn => t(
                "Let op: ruwe HTML in Markdown staat aan (`[markdown] raw_html = true` in site.toml); verteller controleert die HTML niet. Zie docs/security.md.".into(),
                "Note: raw HTML in Markdown is on (`[markdown] raw_html = true` in site.toml); verteller does not check that HTML. See docs/security.md.".into(),
            ),
            Say::Busy => t("verteller is bezig…".into(), "verteller is working…".into()),
            Say::Stage(stage) => {
                let (a, b) = match *stage {
                    "load" => ("inlezen en ontleden", "read and parse"),
                    "theme+static" => ("thema en statische bestanden", "theme and static files"),
                    "photos" => ("foto's", "photos"),
                    "resolve" => ("verwijzingen en lijsten", "references and lists"),
                    "render" => ("pagina's maken", "render pages"),
                    "render+write" => ("pagina's maken en schrijven", "render and write pages"),
                    "privacy" => ("privacycontrole", "privacy check"),
                    "links" => ("linkcontrole", "link check"),
                    "extern" => ("externe links zoeken", "find external links"),
                    "write" => ("schrijven", "write"),
                    "finish" => ("overige bestanden en plaatsen", "other files and swap in"),
                    "total" => ("totaal", "total"),
                    other => (other, other),
                };
                lang.pick(a, b).to_string()
            }
            Say::SiteMade { dir, files } => t(
                format!("Nieuwe site in {dir} ({files} bestanden). Verder: cd {dir} && verteller serve"),
                format!("New site in {dir} ({files} files). Next: cd {dir} && verteller serve"),
            ),
            Say::UnknownKind { token, near } => {
                let choices = lang.pick(KIND_CHOICES.0, KIND_CHOICES.1);
                match near {
                    Some(near) => t(
                        format!("onbekende soort `{token}`; bedoelde je `{near}`? Kies uit: {choices}"),
                        format!("unknown kind `{token}`; did you mean `{near}`? Choose from: {choices}"),
                    ),
                    None => t(
                        format!("onbekende soort `{token}`; kies uit: {choices}"),
                        format!("unknown kind `{token}`; choose from: {choices}"),
                    ),
                }
            }
            Say::InvalidDateOption { value } => t(
                format!("`--date {value}` is geen geldige datum; schrijf JJJJ-MM-DD"),
                format!("`--date {value}` is not a valid date; write YYYY-MM-DD"),
            ),
            Say::NoAgendaThemes => t(
                "deze site heeft nog geen agendathema's; maak er eerst een met `verteller new agenda-theme \"Titel\"`".into(),
                "this site has no agenda themes yet; make one first with `verteller new agenda-theme \"Title\"`".into(),
            ),
            Say::NotAnAgendaTheme { given, near } => match near {
                Some(near) => t(
                    format!("`{given}` is geen agendathema van deze site; bedoelde je `{near}`?"),
                    format!("`{given}` is not an agenda theme of this site; did you mean `{near}`?"),
                ),
                None => t(
                    format!("`{given}` is geen agendathema van deze site."),
                    format!("`{given}` is not an agenda theme of this site."),
                ),
            },
            Say::GiveTheme { valid } => t(
                format!("Geef het agendathema met --theme, een van: {}", valid.join(", ")),
                format!("Give the agenda theme with --theme, one of: {}", valid.join(", ")),
            ),
            Say::WhichAgendaTheme => t(
                "Bij welk agendathema hoort dit agendapunt?".into(),
                "Which agenda theme does this agenda item belong to?".into(),
            ),
            Say::AnswerPrompt => t("Nummer of id: ".into(), "Number or id: ".into()),
            Say::NoAgendaThemeChosen => t("geen agendathema gekozen".into(), "no agenda theme chosen".into()),
            Say::WrongAnswer { answer, count, near } => {
                if answer.is_empty() {
                    t(
                        format!("Typ een nummer van 1 tot en met {count}, of een id uit de lijst."),
                        format!("Type a number from 1 to {count}, or an id from the list."),
                    )
                } else if answer.parse::<usize>().is_ok() {
                    t(
                        format!("`{answer}` staat niet in de lijst: kies een nummer van 1 tot en met {count}."),
                        format!("`{answer}` is not in the list: choose a number from 1 to {count}."),
                    )
                } else if let Some(near) = near {
                    t(
                        format!("`{answer}` is geen agendathema van deze site; bedoelde je `{near}`? Typ het id of het nummer."),
                        format!("`{answer}` is not an agenda theme of this site; did you mean `{near}`? Type the id or the number."),
                    )
                } else {
                    t(
                        format!("`{answer}` is geen agendathema van deze site: typ een nummer van 1 tot en met {count}, of een id uit de lijst."),
                        format!("`{answer}` is not an agenda theme of this site: type a number from 1 to {count}, or an id from the list."),
                    )
                }
            }
            Say::EmptyIdFromTitle { title } => t(
                format!("uit de titel `{title}` volgt geen bestandsnaam; gebruik letters of cijfers"),
                format!("the title `{title}` gives no file name; use letters or digits"),
            ),
            Say::NoFreeQuadrant => t(
                "alle vier combinaties van `axes` zijn al in gebruik".into(),
                "all four combinations of `axes` are taken".into(),
            ),
            Say::Created { path, url } => t(
                format!("Nieuw: {path} — wordt {url} op de site."),
                format!("New: {path} — becomes {url} on the site."),
            ),
            Say::PortTaken { port, bind } => t(
                format!("poort {port} op {bind} is niet beschikbaar; kies een andere met --port"),
                format!("port {port} on {bind} is not available; choose another with --port"),
            ),
            Say::PortMoved { port } => t(
                format!("Poort 1111 is bezet; verteller gebruikt poort {port}."),
                format!("Port 1111 is taken; verteller uses port {port}."),
            ),
            Say::PortsTaken => t(
                "poorten 1111 tot 1130 zijn bezet; kies er een met --port".into(),
                "ports 1111 to 1130 are taken; choose one with --port".into(),
            ),
            Say::ExternSummary { urls, checked, cached, skipped, max_age_days, time } => t(
                format!("Externe links: {urls} adressen; {checked} gecontroleerd, {cached} uit de cache (jonger dan {max_age_days} dagen), {skipped} overgeslagen, in {time}."),
                format!("External links: {urls} addresses; {checked} checked, {cached} from the cache (younger than {max_age_days} days), {skipped} skipped, in {time}."),
            ),
            Say::ExternCacheIgnored { file, detail } => t(
                format!("Let op: {file} is geen leesbare cache ({detail}); verteller slaat hem over en controleert elke link opnieuw."),
                format!("Note: {file} is not a readable cache ({detail}); verteller ignores it and checks every link again."),
            ),
            Say::ExternCacheNotWritten { detail } => t(
                format!("Let op: de cache van de externe links is niet bewaard ({detail}); de volgende keer controleert verteller alles opnieuw."),
                format!("Note: the external links' cache was not saved ({detail}); next time verteller checks everything again."),
            ),
            Say::ExternReportWritten { file } => t(
                format!("Rapport van de externe links: {file}"),
                format!("Report of the external links: {file}"),
            ),
            Say::BrowserNotOpened { url } => t(
                format!("De browser kon niet worden geopend; open zelf {url}"),
                format!("Could not open a browser; open {url} yourself"),
            ),
        }
    }
}
