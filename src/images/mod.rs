//! Images: their pixel sizes, so `<img>` gets `width` and `height` and pages do not shift
//! while they load (raster formats through `imagesize`; SVG from its `width`/`height` or
//! `viewBox` attributes), and the photo pipeline: a photo a document uses is read once
//! (`probe`), planned into widths and formats (`plan`), encoded without its metadata
//! (`encode`) and kept in a cache outside the output (`cache`). All of it is pure: the
//! bytes come from `source` and go to `output`.

pub mod cache;
pub mod catalog;
pub mod encode;
pub mod plan;
pub mod probe;

pub use catalog::{Catalog, Photo, Picture};
pub use plan::{Plan, Settings};
pub use probe::{Probe, Problem};

/// Whether a file is a photo the pipeline processes (JPEG, PNG, WebP), by its name.
/// GIF (often animated) and SVG pass through as they are.
pub fn is_photo_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Whether a file is an image of any kind a page can show, by its name.
pub fn is_image_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    is_photo_name(&lower) || lower.ends_with(".gif") || lower.ends_with(".svg")
}

/// `(width, height)` of an image file, or `None` when it is not an image we can read.
pub fn dimensions(path: &str, bytes: &[u8]) -> Option<(u32, u32)> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".svg") {
        return svg_dimensions(std::str::from_utf8(bytes).ok()?);
    }
    if !(lower.ends_with(".png")
        || lower.ends_with(".jpg")
        || lower.ends_with(".jpeg")
        || lower.ends_with(".gif")
        || lower.ends_with(".webp"))
    {
        return None;
    }
    let size = imagesize::blob_size(bytes).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

fn svg_dimensions(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let number = |name: &str| -> Option<f64> {
        let value = attribute(tag, name)?;
        value.trim_end_matches("px").trim().parse().ok()
    };
    if let (Some(w), Some(h)) = (number("width"), number("height")) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let view_box = attribute(tag, "viewBox")?;
    let parts: Vec<f64> = view_box
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match parts.as_slice() {
        [_, _, w, h] => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        let before = tag[..at].chars().next_back();
        let rest = &tag[at + name.len()..];
        if before.is_some_and(char::is_whitespace) && rest.trim_start().starts_with('=') {
            let rest = rest.trim_start()[1..].trim_start();
            let quote = rest.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value = &rest[1..];
                return Some(&value[..value.find(quote)?]);
            }
        }
        from = at + name.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_from_attributes_or_view_box() {
        assert_eq!(
            dimensions("a.svg", br#"<svg xmlns="x" width="120" height="40px">"#),
            Some((120, 40))
        );
        assert_eq!(
            dimensions("a.svg", br#"<svg viewBox="0 0 300 150">"#),
            Some((300, 150))
        );
        assert_eq!(dimensions("a.txt", b"hello"), None);
    }

    #[test]
    fn png_size_from_its_header() {
        // A 1×1 PNG.
        let png: [u8; 33] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0,
            0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(dimensions("x.png", &png), Some((3, 2)));
    }
}
