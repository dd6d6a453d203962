//! Splits a content file into front matter and body. Pure and total: any text in,
//! a split or a reason out.

/// The two halves of a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// YAML between the `---` lines.
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in the text.
    pub front_matter_offset: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the text.
    pub body_offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    Missing,
    Unterminated,
}

/// Splits normalised text (no BOM, `\n` line ends).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let fm_start = (first_end + 1).min(text.len());
    let mut offset = fm_start;
    for line in text[fm_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = offset + line.len();
            return Ok(Split {
                front_matter: &text[fm_start..offset],
                front_matter_offset: fm_start,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unterminated)
}

/// Text as editors save it → text we parse: BOM removed, CRLF and CR → LF. Borrowed when
/// there is nothing to change (most files), so parsing does not copy every file first.
pub fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: x\n---\nHallo\n").unwrap();
        assert_eq!(s.front_matter, "title: x\n");
        assert_eq!(s.body, "Hallo\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn accepts_empty_front_matter_and_no_body() {
        let s = split("---\n---").unwrap();
        assert_eq!(s.front_matter, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn reports_missing_and_unterminated() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("  \n"), Err(SplitError::Empty));
        assert_eq!(split("title: x\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unterminated));
    }

    #[test]
    fn normalises_bom_and_crlf() {
        assert_eq!(normalise("\u{feff}---\r\na\r\n---\r\n"), "---\na\n---\n");
    }
}
