//! Components in the Markdown pass: each one written in the body checked against its
//! contract (`crate::components`), its link and file arguments recorded as links, and
//! its place marked in the HTML — a block's opening and closing where its `:::` lines
//! were (now blank lines), an inline one where its marker is in the text.
//!
//! A block must stand between the body's top-level blocks, or in another component: a
//! `:::` line inside a list or a quote (the list goes on after it) is reported and its
//! component rendered as plain text, so the HTML stays well nested.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use crate::components::markers::{CLOSE, OPEN as COMPONENT};
use crate::components::syntax::{INLINE, PAD, Written};
use crate::components::{Checked, Form};
use crate::html_policy::{LINK_SCHEMES, refused_scheme};
use crate::messages::{ComponentPlace, Msg, suggest};
use crate::model::{BodyLink, ComponentArg, ComponentCall, LinkTarget};

use super::{Analyser, Finding, OPEN, classify, count_words};

/// What the Markdown pass knows of a body's components.
#[derive(Debug, Default)]
pub(super) struct Components {
    /// The checked components (the body's `components`).
    pub calls: Vec<ComponentCall>,
    /// As written, in order.
    written: Vec<Written>,
    /// For each written component, its call (`None`: not rendered — unknown, broken,
    /// unclosed or of the wrong form; its problem is reported).
    call_of: Vec<Option<usize>>,
    /// Block and line markers to place: body offset, written component, which marker.
    markers: Vec<(usize, usize, Marker)>,
    next: usize,
    /// Where each call's opening marker went in the events written.
    opened_at: Vec<Option<usize>>,
    /// Calls whose markers are left out (misplaced in a list or quote).
    dropped: Vec<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Open,
    Close,
    /// A component on a line of its own: opening and closing at once.
    Both,
}

impl Components {
    /// The number of open elements before each event (only needed when there are
    /// markers to place).
    pub fn depths(&self, events: &[(Event<'_>, Range<usize>)]) -> Vec<usize> {
        if self.markers.is_empty() {
            return Vec::new();
        }
        let mut depth = 0usize;
        events
            .iter()
            .map(|(event, _)| {
                let before = depth;
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth = depth.saturating_sub(1),
                    _ => {}
                }
                before
            })
            .collect()
    }

    /// Component `call`'s opening marker: its number and a placeholder per link or
    /// file argument (filled with the links).
    fn open(&self, call: usize) -> String {
        let mut marker = format!("{COMPONENT}{call}");
        for (_, arg) in &self.calls[call].args {
            if let ComponentArg::Link(n) | ComponentArg::File(n) = arg {
                marker.push_str(&format!("{OPEN}h{n}{OPEN}"));
            }
        }
        marker.push(COMPONENT);
        marker
    }

    fn close(call: usize) -> String {
        format!("{CLOSE}{call}{CLOSE}")
    }
}

impl Analyser<'_, '_> {
    /// Checks every component the scan found against its contract; reports what is
    /// wrong; records the markers to place.
    pub(super) fn check_components(&mut self, all: Vec<Written>, problems: Vec<(usize, Msg)>) {
        for (at, msg) in problems {
            self.component_problem(at, msg);
        }
        for (index, written) in all.iter().enumerate() {
            let call = self.check_component(written);
            self.components.call_of.push(call);
            if call.is_none() {
                continue;
            }
            let markers = &mut self.components.markers;
            match (written.form, written.close) {
                (Form::Block, Some(close)) => {
                    markers.push((written.start, index, Marker::Open));
                    markers.push((close, index, Marker::Close));
                }
                (Form::Line, _) => markers.push((written.start, index, Marker::Both)),
                _ => {}
            }
        }
        self.components.markers.sort_by_key(|&(at, _, _)| at);
        let count = self.components.calls.len();
        self.components.opened_at = vec![None; count];
        self.components.dropped = vec![false; count];
        self.components.written = all;
    }

    fn component_problem(&mut self, at: usize, msg: Msg) {
        let at = self.position(&(at..at));
        self.findings.push((at, Finding::Component(msg)));
    }

    /// One written component: its call, when it can be rendered.
    fn check_component(&mut self, written: &Written) -> Option<usize> {
        if written.broken {
            return None; // reported by the scan
        }
        let catalog = self.options.components;
        let Some(spec) = catalog.get(&written.name) else {
            let names = catalog.names();
            let msg = Msg::UnknownComponent {
                name: written.name.clone(),
                suggestion: suggest(&written.name, names.iter().copied()),
                known: names.iter().map(|n| n.to_string()).collect(),
            };
            self.component_problem(written.name_at, msg);
            return None;
        };
        let (args, problems) = crate::components::check(spec, written);
        // A component with a problem is shown as its text (serve's preview): its
        // template may count on what is missing.
        if !problems.is_empty() {
            for (at, msg) in problems {
                self.component_problem(at, msg);
            }
            return None;
        }
        if written.form == Form::Block && written.close.is_none() {
            return None; // unclosed: reported by the scan, its text shown as it is
        }
        let args = args
            .into_iter()
            .map(|(name, checked)| (name, self.component_arg(checked)))
            .collect();
        let position = self.position(&(written.name_at..written.name_at));
        self.components.calls.push(ComponentCall {
            name: written.name.clone(),
            args,
            inline: written.form == Form::Inline,
            position,
        });
        Some(self.components.calls.len() - 1)
    }

    /// A checked argument as the template gets it: links and files become links of the
    /// body, resolved with the others (a missing file or page is the usual broken link).
    fn component_arg(&mut self, checked: Checked) -> ComponentArg {
        match checked {
            Checked::Absent => ComponentArg::Absent,
            Checked::Text(t) => ComponentArg::Text(t),
            Checked::Bool(b) => ComponentArg::Bool(b),
            Checked::Number(n) => ComponentArg::Number(n),
            Checked::Link { written, at } => {
                let position = self.position(&(at..at));
                if let Some(scheme) = refused_scheme(&written, &LINK_SCHEMES) {
                    let finding = Finding::UnsafeLink {
                        url: written,
                        scheme,
                    };
                    self.findings.push((position, finding));
                    return ComponentArg::Absent;
                }
                match classify(LinkType::Inline, &written, self.content_path) {
                    Some(target) => ComponentArg::Link(self.add_link(target, written, position)),
                    None => ComponentArg::Url(written),
                }
            }
            Checked::File { path, written, at } => {
                let position = self.position(&(at..at));
                let target = LinkTarget::File { path };
                ComponentArg::File(self.add_link(target, written, position))
            }
        }
    }

    fn add_link(
        &mut self,
        target: LinkTarget,
        written: String,
        position: crate::diagnostics::Position,
    ) -> usize {
        self.links.push(BodyLink {
            target,
            written,
            position,
        });
        self.links.len() - 1
    }

    /// Writes the block markers due before event `i` (one that starts at or after
    /// their line). Inside a list or a quote they cannot stand: the component is
    /// reported and left out.
    pub(super) fn place_markers(&mut self, i: usize, depths: &[usize]) {
        let events = self.events;
        let (event, range) = &events[i];
        if matches!(event, Event::End(_)) {
            return;
        }
        while let Some(&(at, written, marker)) = self.components.markers.get(self.components.next) {
            if range.start < at {
                break;
            }
            self.components.next += 1;
            let nested = depths.get(i).is_some_and(|&d| d > 0);
            self.put_marker(at, written, marker, nested);
        }
    }

    /// The markers after the last event.
    pub(super) fn finish_markers(&mut self) {
        while let Some(&(at, written, marker)) = self.components.markers.get(self.components.next) {
            self.components.next += 1;
            self.put_marker(at, written, marker, false);
        }
        for call in 0..self.components.dropped.len() {
            if self.components.dropped[call]
                && let Some(at) = self.components.opened_at[call]
            {
                self.out[at] = Event::Html(CowStr::Borrowed(""));
            }
        }
    }

    fn put_marker(&mut self, at: usize, written: usize, marker: Marker, nested: bool) {
        let Some(call) = self.components.call_of[written] else {
            return;
        };
        if self.components.dropped[call] {
            return;
        }
        if nested {
            self.components.dropped[call] = true;
            let msg = Msg::ComponentPlacement {
                name: self.components.calls[call].name.clone(),
                place: ComponentPlace::Container,
            };
            self.component_problem(at, msg);
            return;
        }
        let html = match marker {
            Marker::Open => {
                self.components.opened_at[call] = Some(self.out.len());
                self.components.open(call)
            }
            Marker::Close => Components::close(call),
            Marker::Both => self.components.open(call) + &Components::close(call),
        };
        self.out.push(Event::Html(CowStr::from(html)));
    }

    /// A text with inline components in it: the text around them as text, each
    /// component as its markers (or, when it cannot be rendered, as written).
    pub(super) fn inline_components(&mut self, i: usize) -> usize {
        let events = self.events;
        let Event::Text(text) = &events[i].0 else {
            return i + 1;
        };
        let mut rest: &str = text;
        while let Some(start) = rest.find(INLINE) {
            self.text_piece(&rest[..start]);
            let after = &rest[start + INLINE.len_utf8()..];
            let Some(end) = after.find(INLINE) else {
                self.text_piece(&rest[start..]);
                return i + 1;
            };
            let written = after[..end].parse::<usize>().ok();
            rest = after[end + INLINE.len_utf8()..].trim_start_matches(PAD);
            let call = written.and_then(|w| self.components.call_of.get(w).copied().flatten());
            match call {
                Some(call) => {
                    let html = self.components.open(call) + &Components::close(call);
                    self.out.push(Event::InlineHtml(CowStr::from(html)));
                }
                None => {
                    let text = written
                        .and_then(|w| self.components.written.get(w))
                        .map(|w| w.text.clone())
                        .unwrap_or_default();
                    self.text_piece(&text);
                }
            }
        }
        self.text_piece(rest);
        i + 1
    }

    fn text_piece(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.word_count += count_words(text);
        self.summarise(text);
        self.out.push(Event::Text(CowStr::from(text.to_string())));
    }

    /// A line of a paragraph (or tight list item) that starts with `::name`: a
    /// component's line that is indented or in a list or quote, where it cannot be read
    /// as one.
    pub(super) fn fence_in_text(&mut self, i: usize) {
        let events = self.events;
        let (Event::Text(text), range) = &events[i] else {
            return;
        };
        let starts_block = i > 0
            && matches!(
                events[i - 1].0,
                Event::Start(Tag::Paragraph | Tag::Item) | Event::SoftBreak
            );
        let name: String = text
            .trim_start_matches(':')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !starts_block || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return;
        }
        let msg = Msg::ComponentPlacement {
            name,
            place: ComponentPlace::Container,
        };
        self.component_problem(range.start, msg);
    }
}
