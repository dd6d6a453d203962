//! How components are written in Markdown: the generic-directive family
//! (remark-directive, MyST, Docusaurus), one syntax for blocks, lines and sentences:
//!
//! ```text
//! :::callout{type=waarschuwing title="Let op"}
//! Markdown text, with **emphasis**, links and lists.
//! :::
//!
//! ::video{src=/media/film.mp4 captions=/media/film.vtt title="De buurtkamer"}
//!
//! Lees :download{src=/docs/jaarverslag.pdf title="het jaarverslag"} voor de cijfers.
//! ```
//!
//! Why this family and not Hugo's or Zola's shortcodes: it reads as plain text in a
//! GitHub or editor preview, it has one delimiter instead of two look-alikes (Hugo's
//! `{{< >}}` vs `{{% %}}`), and it does not look like Tera, so a site's templates and its
//! texts never mix. Nesting: a block inside a block closes with its own `:::` (more
//! colons for the outer one read better: `::::expandable` … `::::`).
//!
//! [`scan`] finds what is written where: never inside code (spans, fenced or indented
//! blocks) or raw HTML, which it learns from a first pulldown-cmark pass over the body.
//! It returns the body *masked*: every component line blanked with spaces and every
//! inline component replaced by a marker of the same length, so the one Markdown pass
//! of `markdown` reads the text between them as ordinary Markdown, and every byte
//! offset (and so every position in a message) stays where it was.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::messages::{ComponentPlace, ComponentSlip, Msg};

use super::Form;

/// Starts and ends an inline component's marker in the masked text: `\u{0E}n\u{0E}`,
/// padded to the length of what was written with [`PAD`].
pub const INLINE: char = '\u{0E}';
/// Pads an inline component's marker.
pub const PAD: char = '\u{0F}';

/// One component as written (not yet checked against its contract).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub name: String,
    /// Byte offset (in the body) of the name.
    pub name_at: usize,
    pub args: Vec<WrittenArg>,
    /// How it is written: `:::` (block), `::` (line) or `:` (inline).
    pub form: Form,
    /// Where it starts: its line (block, line) or its `:` (inline).
    pub start: usize,
    /// A block: the start of its closing line (`None`: never closed).
    pub close: Option<usize>,
    /// As written (an inline component: shown as text when it cannot be rendered).
    pub text: String,
    /// Its `{…}` could not be read (a syntax problem is reported).
    pub broken: bool,
}

/// One `key=value` of a component, with where each part is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenArg {
    pub key: String,
    pub key_at: usize,
    /// `None`: a bare key (`{open}`).
    pub value: Option<String>,
    /// Where the value starts (its quote when quoted).
    pub value_at: usize,
}

/// What [`scan`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// The body with component syntax blanked out (same length); `None` when there is
    /// none.
    pub masked: Option<String>,
    /// Every component, in the order it is written (a block before what it holds).
    pub written: Vec<Written>,
    /// Syntax problems, at their byte offset in the body.
    pub problems: Vec<(usize, Msg)>,
}

/// Finds the components of a body. `options` are the Markdown options of the pass that
/// follows (code and HTML must be found where that pass finds them).
pub fn scan(body: &str, options: Options) -> Scan {
    if !has_candidates(body) {
        return Scan::default();
    }
    let regions = Regions::of(body, options);
    let mut scanner = Scanner {
        body,
        regions: &regions,
        masked: body.as_bytes().to_vec(),
        written: Vec::new(),
        problems: Vec::new(),
        open: Vec::new(),
        changed: false,
    };
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.starts_with("::") && !regions.is_quiet(offset) {
            scanner.fence_line(offset, content);
        } else {
            scanner.inline_in(offset, content);
        }
        offset += line.len();
    }
    scanner.finish()
}

/// Text with the components' syntax blanked out (same length), for passes that read
/// the words (the editorial lints): `None` when there is nothing to blank.
pub fn blank(body: &str, options: Options) -> Option<String> {
    let scan = scan(body, options);
    let mut bytes = scan.masked?.into_bytes();
    for w in scan.written.iter().filter(|w| w.form == Form::Inline) {
        bytes[w.start..w.start + w.text.len()].fill(b' ');
    }
    String::from_utf8(bytes).ok()
}

/// Whether `body` may hold a component at all: a line starting with `::`, or `:name{`
/// somewhere. Most bodies have neither and skip the scan.
fn has_candidates(body: &str) -> bool {
    if body.starts_with("::") || memchr::memmem::find(body.as_bytes(), b"\n::").is_some() {
        return true;
    }
    let bytes = body.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|i| inline_name(bytes, i).is_some())
}

/// The name of an inline component whose `:` is at `i` (followed by its `{`), when it
/// may start there: not after a letter, digit or `:` (`https://`, `a:b{`, `::`).
fn inline_name(bytes: &[u8], i: usize) -> Option<Range<usize>> {
    if i > 0 {
        let before = bytes[i - 1];
        if before.is_ascii_alphanumeric() || before == b':' || before == b'\\' {
            return None;
        }
    }
    let start = i + 1;
    if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let len = bytes[start..]
        .iter()
        .take_while(|&&b| is_name_byte(b))
        .count();
    (bytes.get(start + len) == Some(&b'{')).then_some(start..start + len)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Where in a body components are not read: code and raw HTML (quiet: what looks like a
/// component is text), and links, images and headings (an inline component there is
/// misplaced).
struct Regions {
    quiet: Vec<Range<usize>>,
    misplaced: Vec<(Range<usize>, ComponentPlace)>,
}

impl Regions {
    fn of(body: &str, options: Options) -> Regions {
        let mut quiet = Vec::new();
        let mut misplaced = Vec::new();
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                | Event::Code(_)
                | Event::InlineHtml(_)
                | Event::Html(_) => quiet.push(range),
                Event::Start(Tag::Link { .. }) => misplaced.push((range, ComponentPlace::Link)),
                Event::Start(Tag::Image { .. }) => misplaced.push((range, ComponentPlace::Image)),
                Event::Start(Tag::Heading { .. }) => {
                    misplaced.push((range, ComponentPlace::Heading));
                }
                _ => {}
            }
        }
        Regions { quiet, misplaced }
    }

    fn is_quiet(&self, offset: usize) -> bool {
        self.quiet.iter().any(|r| r.contains(&offset))
    }

    fn place(&self, offset: usize) -> Option<ComponentPlace> {
        self.misplaced
            .iter()
            .find(|(r, _)| r.contains(&offset))
            .map(|(_, p)| *p)
    }
}

struct Scanner<'a> {
    body: &'a str,
    regions: &'a Regions,
    masked: Vec<u8>,
    written: Vec<Written>,
    problems: Vec<(usize, Msg)>,
    /// Open blocks: index in `written` and the number of colons.
    open: Vec<(usize, usize)>,
    changed: bool,
}

impl Scanner<'_> {
    /// A line that starts with `::` (outside code): a block's opening or closing, or a
    /// component on a line of its own.
    fn fence_line(&mut self, offset: usize, content: &str) {
        self.blank(offset..offset + content.len());
        let colons = content.bytes().take_while(|&b| b == b':').count();
        let rest = &content[colons..];
        if rest.trim().is_empty() {
            if colons >= 3 {
                self.close(offset, colons);
            } else {
                self.problems
                    .push((offset, Msg::StrayComponentClose { fence: colons }));
            }
            return;
        }
        let lead = rest.len() - rest.trim_start().len();
        let name_at = offset + colons + lead;
        let after = &rest[lead..];
        let name_len = after.bytes().take_while(|&b| is_name_byte(b)).count();
        let form = if colons == 2 { Form::Line } else { Form::Block };
        let mut written = Written {
            name: after[..name_len].to_string(),
            name_at,
            args: Vec::new(),
            form,
            start: offset,
            close: None,
            text: content.to_string(),
            broken: false,
        };
        if name_len == 0 || !after.as_bytes()[0].is_ascii_alphabetic() {
            self.problems.push((
                name_at,
                Msg::ComponentSyntax {
                    slip: ComponentSlip::ExpectedName,
                },
            ));
            written.broken = true;
        } else {
            let tail_at = name_at + name_len;
            let tail = &self.body[tail_at..offset + content.len()];
            match read_tail(tail, tail_at) {
                Ok(args) => written.args = args,
                Err((at, slip)) => {
                    self.problems.push((at, Msg::ComponentSyntax { slip }));
                    written.broken = true;
                }
            }
        }
        if form == Form::Block {
            self.open.push((self.written.len(), colons));
        }
        self.written.push(written);
    }

    /// A line of only colons: closes the nearest open block opened with as many.
    fn close(&mut self, offset: usize, colons: usize) {
        match self.open.iter().rposition(|&(_, c)| c == colons) {
            Some(at) => {
                for (unclosed, _) in self.open.drain(at + 1..).collect::<Vec<_>>() {
                    self.unclosed(unclosed);
                }
                if let Some((closed, _)) = self.open.pop() {
                    self.written[closed].close = Some(offset);
                }
            }
            None => self
                .problems
                .push((offset, Msg::StrayComponentClose { fence: colons })),
        }
    }

    fn unclosed(&mut self, index: usize) {
        let w = &self.written[index];
        let fence = w.text.bytes().take_while(|&b| b == b':').count();
        self.problems.push((
            w.start,
            Msg::UnclosedComponent {
                name: w.name.clone(),
                fence,
            },
        ));
    }

    /// Inline components in a line of text.
    fn inline_in(&mut self, offset: usize, content: &str) {
        let bytes = content.as_bytes();
        let mut from = 0;
        while let Some(i) = memchr::memchr(b':', &bytes[from..]).map(|i| from + i) {
            from = i + 1;
            let Some(name) = inline_name(bytes, i) else {
                continue;
            };
            let at = offset + i;
            if self.regions.is_quiet(at) {
                continue;
            }
            let tail_at = offset + name.end;
            let end = match read_args(&content[name.end..], tail_at) {
                Ok((args, used)) => Ok((args, name.end + used)),
                Err(problem) => Err(problem),
            };
            let name_text = content[name.clone()].to_string();
            let (args, end) = match end {
                Ok(found) => found,
                Err((at, slip)) => {
                    self.problems.push((at, Msg::ComponentSyntax { slip }));
                    continue;
                }
            };
            if let Some(place) = self.regions.place(at) {
                self.problems.push((
                    at,
                    Msg::ComponentPlacement {
                        name: name_text,
                        place,
                    },
                ));
                from = end;
                continue;
            }
            let index = self.written.len();
            let marker = format!("{INLINE}{index}{INLINE}");
            if marker.len() > end - i {
                // `:x{}` is too short to hold the marker of a hundredth component; it
                // stays text (and needs no arguments anyway).
                from = end;
                continue;
            }
            self.written.push(Written {
                name: name_text,
                name_at: offset + name.start,
                args,
                form: Form::Inline,
                start: at,
                close: None,
                text: content[i..end].to_string(),
                broken: false,
            });
            let range = at..offset + end;
            self.masked[range.clone()].fill(PAD as u8);
            self.masked[range.start..range.start + marker.len()].copy_from_slice(marker.as_bytes());
            self.changed = true;
            from = end;
        }
    }

    fn blank(&mut self, range: Range<usize>) {
        self.masked[range].fill(b' ');
        self.changed = true;
    }

    fn finish(mut self) -> Scan {
        for (unclosed, _) in std::mem::take(&mut self.open) {
            self.unclosed(unclosed);
        }
        let masked = self.changed.then(|| {
            String::from_utf8(self.masked).unwrap_or_else(|e| {
                // Only whole ASCII-delimited ranges are replaced; should that ever cut a
                // character, the body is read unmasked.
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            })
        });
        self.problems.sort_by_key(|(at, _)| *at);
        Scan {
            masked,
            written: self.written,
            problems: self.problems,
        }
    }
}

/// What follows a component's name on its own line: nothing, or `{…}` and nothing
/// after it.
fn read_tail(tail: &str, tail_at: usize) -> Result<Vec<WrittenArg>, (usize, ComponentSlip)> {
    let lead = tail.len() - tail.trim_start().len();
    let rest = &tail[lead..];
    if rest.is_empty() {
        return Ok(Vec::new());
    }
    if !rest.starts_with('{') {
        let example = format!("{{title=\"{}\"}}", rest.trim().trim_matches('"'));
        return Err((tail_at + lead, ComponentSlip::WithoutBraces { example }));
    }
    let (args, used) = read_args(rest, tail_at + lead)?;
    let after = &rest[used..];
    if !after.trim().is_empty() {
        let at = tail_at + lead + used + (after.len() - after.trim_start().len());
        return Err((at, ComponentSlip::AfterBraces));
    }
    Ok(args)
}

/// The quotes an editor may put around a value (a word processor's curly ones too),
/// each with the quotes that close it.
fn closers(open: char) -> Option<&'static [char]> {
    match open {
        '"' => Some(&['"']),
        '\'' => Some(&['\'']),
        '“' | '„' | '”' => Some(&['”', '“']),
        '‘' | '‚' | '’' => Some(&['’', '‘']),
        _ => None,
    }
}

/// Reads `{key=value key="a value" flag}` at the start of `text` (which starts with
/// `{`); `base` is the offset of `text` in the body. Returns the arguments and how many
/// bytes the braces take.
fn read_args(text: &str, base: usize) -> Result<(Vec<WrittenArg>, usize), (usize, ComponentSlip)> {
    let mut args: Vec<WrittenArg> = Vec::new();
    let mut chars = text.char_indices().peekable();
    chars.next(); // `{`
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == ',')
            .is_some()
        {}
        let Some(&(at, c)) = chars.peek() else {
            return Err((base, ComponentSlip::UnclosedBraces));
        };
        if c == '}' {
            return Ok((args, at + 1));
        }
        if closers(c).is_some() {
            // Most often the quote that should have closed the value before.
            return Err((base + at, ComponentSlip::StrayQuote { quote: c }));
        }
        if !(c.is_ascii_alphabetic() || c == '_') {
            return Err((base + at, ComponentSlip::ExpectedName));
        }
        let mut key = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| c.is_ascii() && is_name_byte(*c as u8)) {
            key.push(c);
        }
        let key_at = base + at;
        if args.iter().any(|a| a.key == key) {
            return Err((key_at, ComponentSlip::RepeatedArgument { argument: key }));
        }
        while chars.next_if(|(_, c)| *c == ' ' || *c == '\t').is_some() {}
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            let value_at = key_at;
            args.push(WrittenArg {
                key,
                key_at,
                value: None,
                value_at,
            });
            continue;
        }
        while chars.next_if(|(_, c)| *c == ' ' || *c == '\t').is_some() {}
        let Some(&(value_start, first)) = chars.peek() else {
            return Err((base, ComponentSlip::UnclosedBraces));
        };
        let value_at = base + value_start;
        let value = if let Some(close) = closers(first) {
            chars.next();
            let mut value = String::new();
            loop {
                match chars.next() {
                    None => {
                        return Err((value_at, ComponentSlip::UnclosedQuote { quote: first }));
                    }
                    Some((_, '\\')) if matches!(first, '"' | '\'') => {
                        if let Some((_, escaped)) = chars.next() {
                            value.push(escaped);
                        }
                    }
                    Some((_, c)) if close.contains(&c) => break,
                    Some((_, c)) => value.push(c),
                }
            }
            value
        } else if first == '}' || first.is_whitespace() {
            return Err((key_at, ComponentSlip::MissingValue { argument: key }));
        } else {
            let mut value = String::new();
            while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '}') {
                value.push(c);
            }
            // `{a=1, b=2}`: the comma separates.
            if value.ends_with(',') {
                value.pop();
            }
            value
        };
        args.push(WrittenArg {
            key,
            key_at,
            value: Some(value),
            value_at,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_WIKILINKS
    }

    fn names(scan: &Scan) -> Vec<(&str, Form, Option<usize>)> {
        scan.written
            .iter()
            .map(|w| (w.name.as_str(), w.form, w.close))
            .collect()
    }

    #[test]
    fn blocks_lines_and_inline_components_are_found_and_masked() {
        let body = ":::callout{type=info title=\"Let op\"}\nTekst met :download{src=/a.pdf title='het plan'}.\n:::\n\n::key_figure{value=12 label=\"x\"}\n";
        let scan = scan(body, options());
        assert_eq!(scan.problems, []);
        assert_eq!(
            names(&scan),
            [
                (
                    "callout",
                    Form::Block,
                    Some(body.find("\n:::\n").unwrap() + 1)
                ),
                ("download", Form::Inline, None),
                ("key_figure", Form::Line, None),
            ]
        );
        let args = &scan.written[0].args;
        assert_eq!(args[1].key, "title");
        assert_eq!(args[1].value.as_deref(), Some("Let op"));
        assert_eq!(args[1].value_at, body.find("\"Let op").unwrap());
        let masked = scan.masked.unwrap();
        assert_eq!(masked.len(), body.len());
        assert!(masked.starts_with(&" ".repeat(10)));
        assert!(masked.contains("Tekst met \u{E}1\u{E}\u{F}"), "{masked:?}");
        assert_eq!(masked.lines().count(), body.lines().count());
    }

    #[test]
    fn nothing_in_code_or_html_is_a_component() {
        let body = "```\n:::callout\n```\n\nZie `:download{src=x}` en\n\n    ::video{src=a}\n\n<!--\n:::callout\n-->\n";
        let scan = scan(body, options());
        assert_eq!(scan.written, []);
        assert_eq!(scan.problems, []);
    }

    #[test]
    fn an_unclosed_block_is_reported_at_its_opening_line() {
        let body = "Intro\n\n::::expandable{title=x}\n:::callout\ntekst\n:::\n";
        let scan = scan(body, options());
        assert_eq!(
            scan.problems,
            [(
                body.find("::::").unwrap(),
                Msg::UnclosedComponent {
                    name: "expandable".into(),
                    fence: 4
                }
            )]
        );
        assert_eq!(scan.written[1].close, Some(body.rfind(":::").unwrap()));
    }

    #[test]
    fn blocks_nest_with_the_same_number_of_colons() {
        let body = ":::expandable{title=a}\n:::callout\nb\n:::\n:::\n";
        let scan = scan(body, options());
        assert_eq!(scan.problems, []);
        assert!(scan.written.iter().all(|w| w.close.is_some()));
        assert!(scan.written[0].close > scan.written[1].close);
    }

    #[test]
    fn stray_closings_and_slips_are_reported_where_they_are() {
        let cases: &[(&str, usize, Msg)] = &[
            ("a\n\n:::\n", 3, Msg::StrayComponentClose { fence: 3 }),
            (
                ":::callout Let op\n:::\n",
                11,
                Msg::ComponentSyntax {
                    slip: ComponentSlip::WithoutBraces {
                        example: "{title=\"Let op\"}".into(),
                    },
                },
            ),
            (
                "::video{title=\"open}\n",
                14,
                Msg::ComponentSyntax {
                    slip: ComponentSlip::UnclosedQuote { quote: '"' },
                },
            ),
            (
                "::video{src=a src=b}\n",
                14,
                Msg::ComponentSyntax {
                    slip: ComponentSlip::RepeatedArgument {
                        argument: "src".into(),
                    },
                },
            ),
            (
                "::quote{speaker=\"Anna de Wit role=\"bewoner\"}\n",
                42,
                Msg::ComponentSyntax {
                    slip: ComponentSlip::StrayQuote { quote: '"' },
                },
            ),
            (
                "Zie :download{src=a\n",
                13,
                Msg::ComponentSyntax {
                    slip: ComponentSlip::UnclosedBraces,
                },
            ),
            (
                "::key_figure{value=}\n",
                13,
                Msg::ComponentSyntax {
                    slip: ComponentSlip::MissingValue {
                        argument: "value".into(),
                    },
                },
            ),
            (
                "Zie [de :download{src=a}](x.md)\n",
                8,
                Msg::ComponentPlacement {
                    name: "download".into(),
                    place: ComponentPlace::Link,
                },
            ),
        ];
        for (body, at, msg) in cases {
            let scan = scan(body, options());
            assert_eq!(scan.problems, [(*at, msg.clone())], "{body:?}");
        }
    }

    #[test]
    fn curly_quotes_from_a_word_processor_are_quotes() {
        let scan = scan("::key_figure{value=“1.240” label=„bewoners”}\n", options());
        assert_eq!(scan.problems, []);
        let values: Vec<_> = scan.written[0]
            .args
            .iter()
            .map(|a| a.value.clone().unwrap())
            .collect();
        assert_eq!(values, ["1.240", "bewoners"]);
    }

    #[test]
    fn urls_and_times_are_not_components() {
        for body in [
            "https://example.org{x}",
            "Om 10:30{uur}",
            "a::b{c}",
            "Let op: {x}",
        ] {
            let scan = scan(body, options());
            assert!(scan.written.is_empty() && scan.masked.is_none(), "{body}");
        }
    }

    #[test]
    fn blanked_text_keeps_the_words() {
        let body = ":::callout{title=x}\nZie :download{src=/a.pdf title=y} hier.\n:::\n";
        let blanked = blank(body, options()).unwrap();
        assert_eq!(blanked.len(), body.len());
        assert!(
            !blanked.contains(':') && !blanked.contains(INLINE),
            "{blanked:?}"
        );
        assert!(blanked.contains("Zie "));
    }
}
