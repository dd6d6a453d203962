//! Components rendered with their templates: each component's markers in a body's HTML
//! (see `crate::components::markers`), with the Markdown between them already HTML,
//! become what `components/NAME.html` makes of its arguments and that HTML.
//!
//! Here, not in `markdown`, because the templates are Tera's and the theme's (parse stays
//! pure and knows no templates), and because a template's output must come after the
//! links in the body are filled: a download's URL and size arrive with them. Component
//! templates are trusted (the site's or the theme's); what editors write reaches them
//! only as arguments, which Tera escapes, and as `content`, HTML the Markdown pass has
//! already held to the raw-HTML policy.

use std::borrow::Cow;

use serde::Serialize;

use crate::components::markers::{CLOSE, FIELD, OPEN, SIZE};
use crate::config::Config;
use crate::diagnostics::{Diagnostics, Severity, diagnostic};
use crate::locale::Locale;
use crate::messages::Msg;
use crate::model::{ComponentArg, ComponentCall};

use super::Theme;
use super::problems::Failure;

/// A file argument as a template sees it.
#[derive(Debug, Serialize)]
struct FileView {
    /// With the base path.
    url: String,
    /// The size in bytes (`null` when the file is missing).
    bytes: Option<u64>,
    /// The size as readers read it: `1,2 MB`.
    size: String,
    /// The file's format from its extension: `PDF`.
    format: String,
}

/// Renders the components of a body for the page at `page` (its URL, for messages).
/// A body without components comes back as it is.
pub fn expand<'a>(
    theme: &Theme,
    config: &Config,
    html: Cow<'a, str>,
    calls: &[ComponentCall],
    page: &str,
) -> Result<Cow<'a, str>, Box<Failure>> {
    if calls.is_empty() || !html.contains(OPEN) {
        return Ok(html);
    }
    let mut stack = vec![Frame::default()];
    let mut rest: &str = &html;
    while let Some(at) = rest.find([OPEN, CLOSE]) {
        top(&mut stack).push_str(&rest[..at]);
        let is_open = rest[at..].starts_with(OPEN);
        let after = &rest[at + OPEN.len_utf8()..];
        if is_open {
            match read_open(after) {
                Some((call, fields, used)) if call < calls.len() => {
                    stack.push(Frame {
                        call: Some(call),
                        fields,
                        out: String::new(),
                    });
                    rest = &after[used..];
                }
                _ => rest = after,
            }
            continue;
        }
        let Some((call, used)) = read_close(after) else {
            rest = after;
            continue;
        };
        rest = &after[used..];
        if stack.len() > 1 && stack.last().and_then(|f| f.call) == Some(call) {
            let frame = stack.pop().unwrap_or_default();
            let rendered = render_one(theme, config, &calls[call], frame, page)?;
            top(&mut stack).push_str(&rendered);
        }
    }
    top(&mut stack).push_str(rest);
    // Markers never opened or closed leave their text (only a damaged body has them).
    while stack.len() > 1 {
        let frame = stack.pop().unwrap_or_default();
        top(&mut stack).push_str(&frame.out);
    }
    Ok(Cow::Owned(stack.pop().unwrap_or_default().out))
}

/// One component being read: its number, its filled link and file fields, and the HTML
/// between its markers so far.
#[derive(Default)]
struct Frame {
    call: Option<usize>,
    fields: Vec<String>,
    out: String,
}

fn top(stack: &mut [Frame]) -> &mut String {
    &mut stack
        .last_mut()
        .expect("the body's own frame stays at the bottom")
        .out
}

/// An opening marker after its first `\u{1D}`: the component's number, its fields, and
/// how many bytes the rest of the marker takes.
fn read_open(text: &str) -> Option<(usize, Vec<String>, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let call = text[..digits].parse().ok()?;
    let mut used = digits;
    let mut fields = Vec::new();
    loop {
        let rest = &text[used..];
        if rest.starts_with(OPEN) {
            return Some((call, fields, used + OPEN.len_utf8()));
        }
        let field = rest.strip_prefix(FIELD)?;
        let end = field.find(FIELD)?;
        fields.push(field[..end].to_string());
        used += FIELD.len_utf8() * 2 + end;
    }
}

/// A closing marker after its first `\u{1E}`: the number and the bytes it takes.
fn read_close(text: &str) -> Option<(usize, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let call = text[..digits].parse().ok()?;
    text[digits..]
        .starts_with(CLOSE)
        .then_some((call, digits + CLOSE.len_utf8()))
}

/// One component through its template.
fn render_one(
    theme: &Theme,
    config: &Config,
    call: &ComponentCall,
    frame: Frame,
    page: &str,
) -> Result<String, Box<Failure>> {
    let template = crate::components::template_of(&call.name);
    if !theme.has(&template) {
        // Reported once for the site (`check_templates`) or as the template's own error.
        return Ok(frame.out);
    }
    let mut ctx = tera::Context::new();
    let mut fields = frame.fields.into_iter();
    for (name, arg) in &call.args {
        let name = name.clone();
        match arg {
            ComponentArg::Absent => ctx.insert_value(name, tera::Value::none()),
            ComponentArg::Text(t) | ComponentArg::Url(t) => ctx.insert(name, t),
            ComponentArg::Bool(b) => ctx.insert(name, b),
            ComponentArg::Number(n) => ctx.insert_value(name, number(n)),
            ComponentArg::Link(_) => ctx.insert(name, &fields.next().unwrap_or_default()),
            ComponentArg::File(_) => {
                let field = fields.next().unwrap_or_default();
                ctx.insert(name, &file_view(&field, config.locale));
            }
        }
    }
    ctx.insert_value("content", tera::Value::safe_string(&frame.out));
    ctx.insert("inline", &call.inline);
    let bytes = theme
        .render(&template, &ctx)
        .map_err(|e| Failure::new(config, theme.templates(), &template, &e, page.to_string()))?;
    let html = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    // A template's last newline would put a space before the full stop after an inline
    // component.
    let mut html = html.trim().to_string();
    if !call.inline {
        html.push('\n');
    }
    Ok(html)
}

/// A number argument as a template value: whole numbers as integers.
fn number(text: &str) -> tera::Value {
    match text.parse::<i64>() {
        Ok(i) => tera::Value::from(i),
        Err(_) => text
            .parse::<f64>()
            .map_or_else(|_| tera::Value::from(text), tera::Value::from),
    }
}

/// A file field (`url\u{18}bytes`, or empty for a missing file) as its template value.
fn file_view(field: &str, locale: Locale) -> FileView {
    let (url, bytes) = match field.split_once(SIZE) {
        Some((url, bytes)) => (url, bytes.parse::<u64>().ok()),
        None => (field, None),
    };
    FileView {
        url: url.to_string(),
        bytes,
        size: bytes.map(|b| human_size(b, locale)).unwrap_or_default(),
        format: format_of(url),
    }
}

/// A size as readers read it, in decimal units: `830 bytes`, `12 kB`, `1,2 MB`.
pub fn human_size(bytes: u64, locale: Locale) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "kB")];
    let Some(&(unit, name)) = UNITS.iter().find(|(unit, _)| bytes >= *unit) else {
        return format!("{bytes} bytes");
    };
    // One decimal below 10 (`1,2 MB`), whole numbers above (`12 MB`), rounded half up.
    let tenths = (bytes.saturating_mul(10) + unit / 2) / unit;
    let text = if tenths < 100 && !tenths.is_multiple_of(10) {
        let point = if locale == Locale::Nl { ',' } else { '.' };
        format!("{}{point}{}", tenths / 10, tenths % 10)
    } else {
        ((tenths + 5) / 10).to_string()
    };
    format!("{text} {name}")
}

/// A file's format from its extension, as readers know it: `PDF`, `DOCX`, `MP4`.
pub fn format_of(url: &str) -> String {
    let file = url.split(['?', '#']).next().unwrap_or("");
    let name = file.rsplit('/').next().unwrap_or("");
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_uppercase(),
        _ => String::new(),
    }
}

/// Every component the site declares in `site.toml` has its template (site
/// `templates/components/`, the theme's, or a built-in one); one that has none is an
/// error at its declaration.
pub fn check_templates(theme: &Theme, config: &Config, diags: &mut Diagnostics) {
    for spec in &config.components.site {
        let template = spec.template();
        if theme.template(&template).is_none() {
            diags.push(diagnostic(
                config.language,
                Severity::Error,
                std::path::Path::new(crate::config::CONFIG_FILE),
                spec.declared_at
                    .unwrap_or(crate::diagnostics::Position::START),
                Msg::ComponentTemplateMissing {
                    name: spec.name.to_string(),
                    template,
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(human_size(830, Locale::Nl), "830 bytes");
        assert_eq!(human_size(12_400, Locale::Nl), "12 kB");
        assert_eq!(human_size(1_240_000, Locale::Nl), "1,2 MB");
        assert_eq!(human_size(1_240_000, Locale::En), "1.2 MB");
        assert_eq!(human_size(2_000_000, Locale::Nl), "2 MB");
        assert_eq!(human_size(9_960_000, Locale::Nl), "10 MB");
        assert_eq!(human_size(999_999, Locale::Nl), "1000 kB");
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(format_of("/docs/jaarverslag.pdf"), "PDF");
        assert_eq!(format_of("/docs/plan.v2.docx?x=1"), "DOCX");
        assert_eq!(format_of("/docs/.hidden"), "");
        assert_eq!(format_of("/docs/geen-extensie"), "");
    }

    #[test]
    fn markers_are_read_back() {
        assert_eq!(read_open("3\u{1D}rest"), Some((3, vec![], 2)));
        assert_eq!(
            read_open("0\u{1F}/a.pdf\u{18}12\u{1F}\u{1F}\u{1F}\u{1D}"),
            Some((0, vec!["/a.pdf\u{18}12".to_string(), String::new()], 15))
        );
        assert_eq!(read_open("x"), None);
        assert_eq!(read_open("1\u{1F}open"), None);
        assert_eq!(read_close("12\u{1E}"), Some((12, 3)));
    }
}
