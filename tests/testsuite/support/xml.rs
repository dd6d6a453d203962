//! A strict XML well-formedness check that also returns the document as a
//! small element tree ([`El`]), for checking feeds, sitemaps and other XML the
//! build writes.

use quick_xml::events::Event;

/// An XML element: name as written (prefix included), attributes, children, text.
#[derive(Debug, Default)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<El>,
    pub text: String,
}

impl El {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn count(&self, name: &str) -> usize {
        self.children.iter().filter(|c| c.name == name).count()
    }

    pub fn one(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// Parses `text` strictly: one root element, matching end tags, only the five
/// predefined entities and character references, no DOCTYPE, no text outside
/// the root. Returns the root element.
pub fn parse_xml(text: &str) -> Result<El, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    let err = |reader: &quick_xml::Reader<&[u8]>, e: &dyn std::fmt::Display| {
        format!("at byte {}: {e}", reader.error_position())
    };
    let decoder = reader.decoder();
    let element = |e: &quick_xml::events::BytesStart<'_>| -> Result<El, String> {
        let mut el = El {
            name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
            ..El::default()
        };
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let value = a
                .decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder)
                .map_err(|e| e.to_string())?;
            el.attrs.push((
                String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                value.into_owned(),
            ));
        }
        Ok(el)
    };
    fn attach(stack: &mut [El], root: &mut Option<El>, el: El) -> Result<(), String> {
        match stack.last_mut() {
            Some(parent) => parent.children.push(el),
            None if root.is_some() => return Err(format!("a second root element <{}>", el.name)),
            None => *root = Some(el),
        }
        Ok(())
    }
    fn text_outside(s: &str, stack: &mut [El]) -> Result<(), String> {
        match stack.last_mut() {
            Some(el) => {
                el.text.push_str(s);
                Ok(())
            }
            None if s.trim().is_empty() => Ok(()),
            None => Err(format!("text outside the root element: {s:?}")),
        }
    }
    loop {
        match reader.read_event().map_err(|e| err(&reader, &e))? {
            Event::Start(e) => stack.push(element(&e)?),
            Event::Empty(e) => {
                let el = element(&e)?;
                attach(&mut stack, &mut root, el)?;
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("an end tag without a start tag")?;
                attach(&mut stack, &mut root, el)?;
            }
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|e| err(&reader, &e))?;
                text_outside(&s, &mut stack)?;
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t).into_owned();
                text_outside(&s, &mut stack)?;
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().map_err(|e| err(&reader, &e))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| err(&reader, &e))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| format!("undefined entity &{name};"))?
                            .to_string()
                    }
                };
                text_outside(&s, &mut stack)?;
            }
            Event::DocType(_) => return Err("a DOCTYPE".into()),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is not closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}
