//! Markdown → HTML with pulldown-cmark, in one pass per document.
//!
//! Links verteller must resolve (wiki links, relative `.md` links, `/site/paths`, `#anchors`)
//! are replaced by placeholders and recorded; `resolve` decides their URLs once the whole
//! site is known and [`fill_links`] writes them in. Headings get stable ids. Components
//! (`:::callout{…}`) are checked against their contract and their places marked in the
//! HTML (`markdown/components`); `render` renders them with their templates.

mod components;

use crate::fingerprint::FastMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Position;
use crate::html_policy::{HtmlProblem, IMAGE_SCHEMES, LINK_SCHEMES, refused_scheme};
use crate::model::{Body, BodyImage, BodyLink, Heading, LinkTarget, slugify};
use crate::template_contract::{RESERVED_PREFIX_ESCAPE, has_reserved_prefix, is_reserved_id};

/// Marks the opening tag of link `n`: `\u{1A}n\u{1A}`.
const OPEN: char = '\u{1A}';
/// Marks a whole link whose text is the target's title: `\u{1B}n\u{1B}`.
const WHOLE: char = '\u{1B}';
/// Marks image `n`: `\u{1C}n\u{1C}`.
const IMAGE: char = '\u{1C}';

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS
}

/// How a body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalyseOptions<'a> {
    /// The site opted in to raw HTML (`[markdown] raw_html`): HTML passes unchecked.
    pub raw_html: bool,
    /// The components the site has (the built-in ones and its own).
    pub components: &'a crate::components::Catalog,
}

impl Default for AnalyseOptions<'_> {
    fn default() -> Self {
        AnalyseOptions {
            raw_html: false,
            components: &crate::components::BUILT_IN_ONLY,
        }
    }
}

/// Something in a body an editor must hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// An image without alt text (a warning).
    ImageWithoutAlt { src: String },
    /// Raw HTML the policy does not allow; it is shown as text instead.
    Html(HtmlProblem),
    /// A link whose scheme is not allowed; it is shown without a target.
    UnsafeLink { url: String, scheme: String },
    /// An image whose scheme is not allowed; its alt text is shown instead.
    UnsafeImage { url: String, scheme: String },
    /// A heading attribute other than `#id` and `.class`; it is left out.
    HeadingAttribute { name: String },
    /// A component written wrongly or where it cannot be (always an error).
    Component(crate::messages::Msg),
}

/// A body and what was found in it, with positions in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub body: Body,
    pub findings: Vec<(Position, Finding)>,
}

/// Analyses a body. `text` is the whole file and `body_offset` where the body starts in
/// it (for positions); `content_path` is the file's path under `content/` (for relative
/// links). Raw HTML and URLs are held to [`crate::html_policy`]: what it refuses is
/// reported and rendered harmless (as text, or a link without target), so even a
/// preview of a body with errors runs nothing.
pub fn analyse(
    body: &str,
    text: &str,
    body_offset: usize,
    content_path: &str,
    options: AnalyseOptions<'_>,
) -> Analysis {
    // Components are found first; the body is then read with their syntax blanked out
    // (same length, so every offset still points into `text`).
    let crate::components::syntax::Scan {
        masked,
        written,
        problems,
    } = crate::components::syntax::scan(body, parser_options());
    let source = masked.as_deref().unwrap_or(body);
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(source, parser_options())
        .into_offset_iter()
        .collect();
    let mut a = Analyser {
        events: &events,
        positions: crate::diagnostics::Positions::new(text),
        body_offset,
        content_path,
        options,
        out: Vec::with_capacity(events.len()),
        links: Vec::new(),
        images: Vec::new(),
        headings: Vec::new(),
        used_ids: FastMap::default(),
        findings: Vec::new(),
        reported_elements: Vec::new(),
        first_paragraph: None,
        in_first_paragraph: false,
        word_count: 0,
        components: components::Components::default(),
    };
    a.check_components(written, problems);
    let depths = a.components.depths(&events);
    let mut i = 0;
    while i < events.len() {
        a.place_markers(i, &depths);
        i = a.event(i);
    }
    a.finish_markers();

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, a.out.into_iter());
    let body = Body {
        html: html.into(),
        links: a.links,
        images: a.images,
        headings: a.headings,
        first_paragraph: a.first_paragraph.unwrap_or_default().trim().to_string(),
        word_count: a.word_count,
        components: a.components.calls,
    };
    Analysis {
        body,
        findings: a.findings,
    }
}

/// One body being read: the parser's events in, the events to write and what was
/// found out.
struct Analyser<'e, 'b> {
    events: &'e [(Event<'b>, Range<usize>)],
    positions: crate::diagnostics::Positions<'e>,
    body_offset: usize,
    content_path: &'e str,
    options: AnalyseOptions<'e>,
    out: Vec<Event<'b>>,
    links: Vec<BodyLink>,
    images: Vec<BodyImage>,
    headings: Vec<Heading>,
    used_ids: FastMap<String, usize>,
    findings: Vec<(Position, Finding)>,
    /// Elements already reported once (each is reported at its first use).
    reported_elements: Vec<String>,
    first_paragraph: Option<String>,
    in_first_paragraph: bool,
    word_count: usize,
    components: components::Components,
}

impl<'b> Analyser<'_, 'b> {
    /// The position in the file of a range of the body.
    fn position(&mut self, range: &Range<usize>) -> Position {
        self.positions.at(self.body_offset + range.start)
    }

    /// Reads the event at `i` (and what belongs to it); returns where to go on.
    fn event(&mut self, i: usize) -> usize {
        let (event, range) = &self.events[i];
        match event {
            Event::Start(Tag::Heading { .. }) => self.heading(i),
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) | Event::Html(_)
                if !self.options.raw_html =>
            {
                self.raw_html(i)
            }
            Event::Start(Tag::Paragraph) if self.first_paragraph.is_none() => {
                self.in_first_paragraph = true;
                self.first_paragraph = Some(String::new());
                self.out.push(event.clone());
                i + 1
            }
            Event::End(TagEnd::Paragraph) => {
                self.in_first_paragraph = false;
                self.out.push(event.clone());
                i + 1
            }
            Event::Start(Tag::Image { .. }) => self.image(i),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(link_type, LinkType::WikiLink { .. })
                && let Some(scheme) = refused_scheme(dest_url, &LINK_SCHEMES) =>
            {
                let at = self.position(range);
                let url = dest_url.to_string();
                self.findings
                    .push((at, Finding::UnsafeLink { url, scheme }));
                // The text stays, without a target.
                self.out.push(Event::InlineHtml(CowStr::Borrowed("<a>")));
                i + 1
            }
            Event::Start(Tag::Link { .. }) => self.link(i),
            Event::Text(t) if t.contains(crate::components::syntax::INLINE) => {
                self.inline_components(i)
            }
            Event::Text(t) if t.starts_with("::") => {
                self.fence_in_text(i);
                self.word_count += count_words(t);
                self.summarise(t);
                self.out.push(event.clone());
                i + 1
            }
            Event::Text(t) | Event::Code(t) => {
                self.word_count += count_words(t);
                self.summarise(t);
                self.out.push(event.clone());
                i + 1
            }
            Event::SoftBreak | Event::HardBreak => {
                self.summarise(" ");
                self.out.push(event.clone());
                i + 1
            }
            _ => {
                self.out.push(event.clone());
                i + 1
            }
        }
    }

    /// Adds text to the summary while the first paragraph is being read.
    fn summarise(&mut self, text: &str) {
        if self.in_first_paragraph
            && let Some(p) = self.first_paragraph.as_mut()
        {
            p.push_str(text);
        }
    }

    /// A heading gets a unique id (its own `#id`, or from its text) that is none of the
    /// theme's own ids (`inhoud`, `kop-verhalen`, `thema-…`: see
    /// [`crate::template_contract::RESERVED_IDS`]); attributes other than `#id` and
    /// `.class` are reported and left out.
    fn heading(&mut self, i: usize) -> usize {
        let (event, range) = &self.events[i];
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            return i + 1;
        };
        let end = find_end(self.events, i);
        let text = plain_text(&self.events[i + 1..end]);
        let wanted = id
            .as_ref()
            .map_or_else(|| slugify(&text), |id| id.to_string());
        let wanted = if wanted.is_empty() {
            "kopje".to_string()
        } else {
            wanted
        };
        let reserved = is_reserved_id(&wanted) || has_reserved_prefix(&wanted);
        let asked = reserved.then(|| wanted.clone());
        let wanted = if has_reserved_prefix(&wanted) {
            format!("{RESERVED_PREFIX_ESCAPE}{wanted}")
        } else {
            wanted
        };
        let unique = unique_id(&mut self.used_ids, wanted);
        // The first heading that asked for a reserved id answers links to it.
        let alias = asked.filter(|asked| {
            !self
                .headings
                .iter()
                .any(|h| h.alias.as_ref() == Some(asked))
        });
        self.headings.push(Heading {
            level: heading_number(*level),
            id: unique.clone(),
            text,
            alias,
        });
        for (name, _) in attrs {
            let at = self.position(range);
            let name = name.to_string();
            self.findings.push((at, Finding::HeadingAttribute { name }));
        }
        self.out.push(Event::Start(Tag::Heading {
            level: *level,
            id: Some(CowStr::from(unique)),
            classes: classes.clone(),
            attrs: Vec::new(),
        }));
        i + 1
    }

    /// Raw HTML (a block or an inline tag) held to the policy.
    fn raw_html(&mut self, i: usize) -> usize {
        let end = if matches!(self.events[i].0, Event::Start(_)) {
            find_end(self.events, i)
        } else {
            i
        };
        let (written, problems) = police_html(&self.events[i..=end], &mut self.reported_elements);
        for (at, problem) in problems {
            let at = self.position(&(at..at));
            self.findings.push((at, Finding::Html(problem)));
        }
        self.out.extend(written);
        end + 1
    }

    /// An image becomes a placeholder `resolve` fills; one with a refused scheme is
    /// written as its alt text.
    fn image(&mut self, i: usize) -> usize {
        let (event, range) = &self.events[i];
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            return i + 1;
        };
        let end = find_end(self.events, i);
        let alt = plain_text(&self.events[i + 1..end]);
        let at = self.position(range);
        let src = dest_url.to_string();
        if let Some(scheme) = refused_scheme(dest_url, &IMAGE_SCHEMES) {
            self.findings
                .push((at, Finding::UnsafeImage { url: src, scheme }));
            self.out.push(Event::Text(CowStr::from(alt)));
            return end + 1;
        }
        if alt.trim().is_empty() {
            let src = src.clone();
            self.findings.push((at, Finding::ImageWithoutAlt { src }));
        }
        // Alone in its paragraph with a title: a figure, which may not sit in a `<p>`.
        let alone = i > 0
            && matches!(self.events[i - 1].0, Event::Start(Tag::Paragraph))
            && matches!(
                self.events.get(end + 1),
                Some((Event::End(TagEnd::Paragraph), _))
            )
            && matches!(self.out.last(), Some(Event::Start(Tag::Paragraph)));
        let figure = alone && !title.trim().is_empty();
        let n = self.images.len();
        self.images.push(BodyImage {
            src,
            alt,
            title: title.to_string(),
            position: at,
            figure,
        });
        let marker = CowStr::from(format!("{IMAGE}{n}{IMAGE}"));
        if figure {
            self.out.pop();
            if self.in_first_paragraph {
                // No summary from a caption.
                self.in_first_paragraph = false;
                self.first_paragraph = None;
            }
            self.out.push(Event::Html(marker));
            return end + 2;
        }
        self.out.push(Event::InlineHtml(marker));
        end + 1
    }

    /// A link verteller resolves becomes a placeholder (the whole link, for a wiki link
    /// whose text is the target's title); other links stay as they are.
    fn link(&mut self, i: usize) -> usize {
        let (event, range) = &self.events[i];
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            ..
        }) = event
        else {
            return i + 1;
        };
        let Some(target) = classify(*link_type, dest_url, self.content_path) else {
            self.out.push(event.clone());
            return i + 1;
        };
        let n = self.links.len();
        let position = self.position(range);
        self.links.push(BodyLink {
            target,
            written: dest_url.to_string(),
            position,
        });
        if matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
            // The title is known only later; the summary gets the target as written.
            self.summarise(dest_url);
            self.out.push(Event::InlineHtml(CowStr::from(format!(
                "{WHOLE}{n}{WHOLE}"
            ))));
            return find_end(self.events, i) + 1;
        }
        self.out
            .push(Event::InlineHtml(CowStr::from(format!("{OPEN}{n}{OPEN}"))));
        i + 1
    }
}

/// Raw HTML (an HTML block with its lines, or one inline tag) held to the policy: the
/// events to write — as they are, or the HTML as visible text — and each problem with
/// its byte offset in the body.
fn police_html<'a>(
    events: &[(Event<'a>, Range<usize>)],
    reported: &mut Vec<String>,
) -> (Vec<Event<'a>>, Vec<(usize, HtmlProblem)>) {
    // The lines as one fragment, with where each starts in it and in the body (the
    // lines of a block in a list or quote are not adjacent in the file).
    let mut fragment = String::new();
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (event, range) in events {
        if let Event::Html(t) | Event::InlineHtml(t) | Event::Text(t) = event {
            starts.push((fragment.len(), range.start));
            fragment.push_str(t);
        }
    }
    let found = crate::html_policy::check_fragment(&fragment, reported);
    if found.is_empty() {
        return (events.iter().map(|(e, _)| e.clone()).collect(), Vec::new());
    }
    let problems = found
        .into_iter()
        .map(|f| {
            let (in_fragment, in_body) = starts
                .iter()
                .rev()
                .find(|(s, _)| *s <= f.offset)
                .copied()
                .unwrap_or((0, 0));
            (in_body + f.offset - in_fragment, f.problem)
        })
        .collect();
    let text = Event::Text(CowStr::from(fragment));
    let written = if matches!(events.first(), Some((Event::Start(_), _))) {
        vec![
            Event::Start(Tag::Paragraph),
            text,
            Event::End(TagEnd::Paragraph),
        ]
    } else {
        vec![text]
    };
    (written, problems)
}

/// `text.split_whitespace().count()`, without the iterator (it was three quarters of
/// `analyse`). ASCII text, most of a body, is read 64 bytes at a time: a bit mask of its
/// spaces (which the compiler vectorises) gives the word starts by a shift and a
/// population count. Other text decodes only its non-ASCII characters.
fn count_words(text: &str) -> usize {
    fn space(b: u8) -> bool {
        b == b' ' || (b'\t'..=b'\r').contains(&b)
    }
    let bytes = text.as_bytes();
    if text.is_ascii() {
        let mut words = 0;
        // Whether the byte before the current one is a space (the text's start is).
        let mut after_space = true;
        let mut chunks = bytes.chunks_exact(64);
        for chunk in &mut chunks {
            let mut spaces = 0u64;
            for (i, &b) in chunk.iter().enumerate() {
                spaces |= u64::from(space(b)) << i;
            }
            let starts = !spaces & ((spaces << 1) | u64::from(after_space));
            words += starts.count_ones() as usize;
            after_space = spaces >> 63 == 1;
        }
        for &b in chunks.remainder() {
            let is_space = space(b);
            words += usize::from(after_space && !is_space);
            after_space = is_space;
        }
        return words;
    }
    let mut words = 0;
    let mut in_word = false;
    for (i, &b) in bytes.iter().enumerate() {
        let is_space = if b < 0x80 {
            space(b)
        } else if b >= 0xC0 {
            // A character starts here; continuation bytes keep the state.
            text[i..].chars().next().is_some_and(char::is_whitespace)
        } else {
            continue;
        };
        if !is_space && !in_word {
            words += 1;
        }
        in_word = !is_space;
    }
    words
}

/// Index of the event that closes the tag opened at `start`.
fn find_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1).max(start)
}

fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut s = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// `wanted`, or the first free `wanted-1`, `wanted-2`, … (an earlier heading may have
/// taken `wanted-1` itself, by its text or with `{#wanted-1}`; the theme keeps some ids
/// for itself).
fn unique_id(used: &mut FastMap<String, usize>, wanted: String) -> String {
    let count = used.entry(wanted.clone()).or_insert(0);
    *count += 1;
    if *count == 1 && !is_reserved_id(&wanted) {
        return wanted;
    }
    let mut n = (*count - 1).max(1);
    loop {
        let candidate = format!("{wanted}-{n}");
        if !used.contains_key(&candidate) && !is_reserved_id(&candidate) {
            used.insert(candidate.clone(), 1);
            used.insert(wanted, n + 1);
            return candidate;
        }
        n += 1;
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Which links verteller resolves; `None` leaves the link as written.
fn classify(link_type: LinkType, dest: &str, content_path: &str) -> Option<LinkTarget> {
    let split_anchor = |s: &str| match s.split_once('#') {
        Some((path, anchor)) => (
            path.to_string(),
            Some(anchor.to_string()).filter(|a| !a.is_empty()),
        ),
        None => (s.to_string(), None),
    };
    if let LinkType::WikiLink { .. } = link_type {
        let (target, anchor) = split_anchor(dest.trim());
        return Some(LinkTarget::Wiki { target, anchor });
    }
    if matches!(link_type, LinkType::Email | LinkType::Autolink) || is_external(dest) {
        return None;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(LinkTarget::SelfAnchor {
            anchor: anchor.to_string(),
        });
    }
    if dest.starts_with('/') {
        return Some(LinkTarget::SitePath {
            path: dest.to_string(),
        });
    }
    let (path, anchor) = split_anchor(dest);
    if !path.ends_with(".md") {
        return None;
    }
    let dir = content_path.rsplit_once('/').map_or("", |(d, _)| d);
    Some(LinkTarget::Source {
        content_path: crate::html_policy::join_path(dir, &path),
        anchor,
    })
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => !dest[..colon].contains(['/', '#', '?']),
        None => false,
    }
}

/// How one placeholder is filled in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkFill {
    /// A working link, and the title to show for a bare wiki link.
    Href { href: String, title: String },
    /// A link that goes nowhere: marked, without `href`.
    Broken { written: String },
    /// A link to a draft: plain text.
    Plain { title: String },
    /// A file of the site a component names (a download: its size in bytes).
    File { href: String, bytes: u64 },
}

/// How one image placeholder is filled in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageFill {
    /// Empty for an image that cannot be shown (its alt text stands in).
    pub src: String,
    pub alt: String,
    pub title: String,
    pub size: Option<(u32, u32)>,
    /// A photo's widths and formats: written as `<picture>`.
    pub picture: Option<std::sync::Arc<crate::images::Picture>>,
    /// A `<figure>` with the title as its caption.
    pub figure: bool,
}

/// The `sizes` of a photo in a body or at the head of a story: the width of the text
/// column (46rem) on wide screens, the screen's width less its margins below that.
pub const BODY_SIZES: &str = "(min-width: 50rem) 46rem, calc(100vw - 2rem)";

/// Writes resolved links and images into a body's HTML.
pub fn fill_links(html: &str, fills: &[LinkFill], images: &[ImageFill]) -> String {
    // The markers are ASCII, so a byte search finds them (and never inside a character).
    let next = |s: &str| memchr::memchr3(OPEN as u8, WHOLE as u8, IMAGE as u8, s.as_bytes());
    if next(html).is_none() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + fills.len() * 32);
    let mut rest = html;
    while let Some(start) = next(rest) {
        out.push_str(&rest[..start]);
        let marker = rest[start..].chars().next().unwrap_or(OPEN);
        let after = &rest[start + marker.len_utf8()..];
        let Some(end) = after.find(marker) else {
            out.push_str(&rest[start..]);
            return out;
        };
        if marker == OPEN && after.starts_with('h') {
            // A component's link or file argument: its URL only, in a field.
            let fill = after[1..end]
                .parse::<usize>()
                .ok()
                .and_then(|n| fills.get(n));
            push_field(&mut out, fill);
            rest = &after[end + marker.len_utf8()..];
            continue;
        }
        let n = after[..end].parse::<usize>().ok();
        if marker == IMAGE {
            if let Some(img) = n.and_then(|n| images.get(n)) {
                push_img(&mut out, img);
            }
            rest = &after[end + marker.len_utf8()..];
            continue;
        }
        let fill = n.and_then(|n| fills.get(n));
        let whole = marker == WHOLE;
        match fill {
            Some(LinkFill::Href { href, title }) => {
                out.push_str("<a href=\"");
                out.push_str(&escape(href));
                out.push_str("\">");
                if whole {
                    out.push_str(&escape(title));
                    out.push_str("</a>");
                }
            }
            Some(LinkFill::Broken { written }) => {
                out.push_str("<a class=\"link-broken\" title=\"");
                out.push_str(&escape(written));
                out.push_str("\">");
                if whole {
                    out.push_str(&escape(written));
                    out.push_str("</a>");
                }
            }
            Some(LinkFill::Plain { title }) => {
                out.push_str("<a>");
                if whole {
                    out.push_str(&escape(title));
                    out.push_str("</a>");
                }
            }
            Some(LinkFill::File { href, .. }) => {
                out.push_str("<a href=\"");
                out.push_str(&escape(href));
                out.push_str("\">");
            }
            None => out.push_str("<a>"),
        }
        rest = &after[end + marker.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// A component's link or file argument, filled: `\u{1F}url\u{1F}`, a file's with its
/// size (`\u{1F}url\u{18}bytes\u{1F}`); nothing between the delimiters for a link that
/// goes nowhere. Read back by `render` (see `components::markers`).
fn push_field(out: &mut String, fill: Option<&LinkFill>) {
    use crate::components::markers::{FIELD, SIZE};
    out.push(FIELD);
    match fill {
        Some(LinkFill::Href { href, .. }) => out.push_str(href),
        Some(LinkFill::File { href, bytes }) => {
            out.push_str(href);
            out.push(SIZE);
            out.push_str(&bytes.to_string());
        }
        Some(LinkFill::Broken { .. } | LinkFill::Plain { .. }) | None => {}
    }
    out.push(FIELD);
}

fn push_img(out: &mut String, img: &ImageFill) {
    if img.src.is_empty() {
        // Cannot be shown (reported): its alt text, as a browser shows a broken image.
        out.push_str(&escape(&img.alt));
        return;
    }
    if img.figure {
        out.push_str("<figure>");
    }
    if let Some(picture) = &img.picture {
        out.push_str("<picture>");
        for source in &picture.sources {
            out.push_str("<source type=\"");
            out.push_str(source.mime);
            out.push_str("\" srcset=\"");
            out.push_str(&escape(&source.srcset));
            out.push_str("\" sizes=\"");
            out.push_str(BODY_SIZES);
            out.push_str("\">");
        }
    }
    out.push_str("<img src=\"");
    out.push_str(&escape(&img.src));
    out.push_str("\" alt=\"");
    out.push_str(&escape(&img.alt));
    out.push('"');
    if !img.title.is_empty() && !img.figure {
        out.push_str(" title=\"");
        out.push_str(&escape(&img.title));
        out.push('"');
    }
    if let Some((w, h)) = img.size {
        out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    out.push_str(" loading=\"lazy\" decoding=\"async\">");
    if img.picture.is_some() {
        out.push_str("</picture>");
    }
    if img.figure {
        out.push_str("<figcaption>");
        out.push_str(&escape(&img.title));
        out.push_str("</figcaption></figure>");
    }
}

/// HTML-escapes text for attributes and content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> Body {
        analyse(body, body, 0, "verhalen/a.md", AnalyseOptions::default()).body
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "een",
            " twee  woorden ",
            "tab\there\nnewline\r\nend\x0b\x0c",
            "niet\u{a0}breekbaar en\u{2003}em-spatie\u{3000}x",
            "café één ’s-Hertogenbosch — “aanhalingstekens” 😀 emoji",
            "\u{85}volgende\u{2028}regel\u{2029}alinea",
            "a",
            "  a  b\tc\n\nd ",
            "ééé",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        // ASCII texts longer than a 64-byte block, words across block edges.
        let mut seed = 7u32;
        for len in 0..300 {
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ['a', 'b', ' ', '\t', '\n', 'c', 'd', ' '][(seed >> 16) as usize % 8]
                })
                .collect();
            assert_eq!(
                count_words(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn headings_get_stable_unique_ids() {
        let b = run("## Wat we leerden\n\n## Wat we leerden\n\n### Eigen {#eigen}\n");
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["wat-we-leerden", "wat-we-leerden-1", "eigen"]);
        assert!(b.html.contains("<h2 id=\"wat-we-leerden\">"));
    }

    /// A heading never takes an id the theme uses (two `id="inhoud"` on a story page),
    /// and links to the id it asked for still land.
    #[test]
    fn headings_keep_off_the_theme_s_ids() {
        let b = run("## Inhoud\n\n## Inhoud\n\n## Thema wonen\n\n## Kop verhalen\n\n## Aanpak\n");
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "inhoud-1",
                "inhoud-2",
                "kop-thema-wonen",
                "kop-verhalen-1",
                "aanpak"
            ]
        );
        assert_eq!(b.anchor("inhoud"), Some("inhoud-1"));
        assert_eq!(b.anchor("inhoud-2"), Some("inhoud-2"));
        assert_eq!(b.anchor("thema-wonen"), Some("kop-thema-wonen"));
        assert_eq!(b.anchor("kop-verhalen"), Some("kop-verhalen-1"));
        assert_eq!(b.anchor("aanpak"), Some("aanpak"));
        assert_eq!(b.anchor("nergens"), None);
        assert!(
            b.html.contains("<h2 id=\"inhoud-1\">"),
            "{}",
            b.html.as_str()
        );
    }

    /// Found by the `markdown_links` fuzz target: the third heading got `kop-1`, the id
    /// the first heading already had.
    #[test]
    fn a_suffixed_id_never_takes_one_already_used() {
        let b = run("## Kop 1\n\n## Kop\n\n## Kop\n\n## Kop\n");
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["kop-1", "kop", "kop-2", "kop-3"]);
    }

    #[test]
    fn links_become_placeholders_with_positions() {
        let b = run(
            "Zie [de buurt](../verhalen/b.md#aanpak) en [[c|C]] en [[d]].\n\n[extern](https://example.org)",
        );
        assert_eq!(b.links.len(), 3);
        assert_eq!(
            b.links[0].target,
            LinkTarget::Source {
                content_path: "verhalen/b.md".into(),
                anchor: Some("aanpak".into())
            }
        );
        assert_eq!(
            b.links[1].target,
            LinkTarget::Wiki {
                target: "c".into(),
                anchor: None
            }
        );
        assert_eq!(b.links[0].position, Position { line: 1, column: 5 });
        assert!(b.html.contains("href=\"https://example.org\""));
        let fills = vec![
            LinkFill::Href {
                href: "/verhalen/b/#aanpak".into(),
                title: "B".into(),
            },
            LinkFill::Broken {
                written: "c".into(),
            },
            LinkFill::Href {
                href: "/d/".into(),
                title: "Dee & co".into(),
            },
        ];
        let html = fill_links(&b.html, &fills, &[]);
        assert!(
            html.contains("<a href=\"/verhalen/b/#aanpak\">de buurt</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a class=\"link-broken\" title=\"c\">C</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"/d/\">Dee &amp; co</a>."), "{html}");
    }

    #[test]
    fn first_paragraph_and_images_without_alt() {
        let Analysis { body: b, findings } = analyse(
            "# Titel\n\nEerste *alinea*\nloopt door.\n\n![](/img/a.png)\n",
            "",
            0,
            "a.md",
            AnalyseOptions::default(),
        );
        assert_eq!(b.first_paragraph, "Eerste alinea loopt door.");
        assert_eq!(
            findings.iter().map(|(_, f)| f).collect::<Vec<_>>(),
            [&Finding::ImageWithoutAlt {
                src: "/img/a.png".into()
            }]
        );
    }

    #[test]
    fn relative_paths_are_joined() {
        assert_eq!(
            crate::html_policy::join_path("verhalen/2025", "../../themas/a.md"),
            "themas/a.md"
        );
        assert_eq!(crate::html_policy::join_path("", "../a.md"), "../a.md");
        assert_eq!(crate::html_policy::join_path("a", "b%20c.md"), "a/b c.md");
        assert_eq!(crate::html_policy::join_path("a", "../../../x"), "../../x");
    }

    fn findings(body: &str) -> (String, Vec<Finding>) {
        let a = analyse(body, body, 0, "verhalen/a.md", AnalyseOptions::default());
        (
            a.body.html.to_string(),
            a.findings.into_iter().map(|(_, f)| f).collect(),
        )
    }

    #[test]
    fn refused_html_is_reported_and_shown_as_text() {
        let (html, found) = findings("Tekst <script>alert(1)</script> eind.\n");
        assert_eq!(
            found,
            [Finding::Html(HtmlProblem::Element {
                name: "script".into()
            })]
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");

        let (html, found) = findings("<div onclick=\"x()\">\n\nblok\n\n</div>\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(!html.contains("<div"), "{html}");

        let (html, found) =
            findings("Een <abbr title=\"Wet\">Wmo</abbr> en <span lang=\"fy\">goeie</span>.\n");
        assert_eq!(found, []);
        assert!(html.contains("<abbr title=\"Wet\">Wmo</abbr>"), "{html}");
    }

    #[test]
    fn unsafe_links_lose_their_target_and_images_their_source() {
        for body in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "<javascript:alert(1)>",
            "[x](data:text/html,hoi)",
        ] {
            let (html, found) = findings(body);
            assert!(
                matches!(found.as_slice(), [Finding::UnsafeLink { .. }]),
                "{body}: {found:?}"
            );
            assert!(!html.contains("href"), "{body}: {html}");
        }
        let (html, found) = findings("![foto](javascript:alert(1))");
        assert!(matches!(found.as_slice(), [Finding::UnsafeImage { .. }]));
        assert!(!html.contains("<img") && html.contains("foto"), "{html}");
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_dropped() {
        let (html, found) = findings("## Kop {#eigen .klasse onmouseover=alert(1) style=x}\n");
        assert_eq!(
            found,
            [
                Finding::HeadingAttribute {
                    name: "onmouseover".into()
                },
                Finding::HeadingAttribute {
                    name: "style".into()
                }
            ]
        );
        assert!(
            html.contains("<h2 id=\"eigen\" class=\"klasse\">"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_passes_when_the_site_opts_in() {
        let body = "<div class=\"eigen\">blok</div>\n";
        let options = AnalyseOptions {
            raw_html: true,
            ..AnalyseOptions::default()
        };
        let a = analyse(body, body, 0, "a.md", options);
        assert!(a.findings.is_empty());
        assert!(a.body.html.contains("<div class=\"eigen\">"));
    }
}
