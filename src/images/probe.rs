//! What a photo is before anything is encoded: its format, its size as shown (after the
//! EXIF orientation), whether it has transparency, and whether it carries a GPS
//! position. Read from the file's header, without decoding the pixels, so a build with
//! every photo cached never decodes one.

use std::io::Cursor;

use image::ImageDecoder as _;

/// The formats the pipeline takes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    pub fn token(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }

    pub fn from_token(token: &str) -> Option<Format> {
        match token {
            "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::WebP),
            _ => None,
        }
    }
}

/// A photo's header, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Probe {
    pub format: Format,
    /// As shown: width and height swapped when the orientation turns the picture.
    pub width: u32,
    pub height: u32,
    /// The EXIF orientation (1–8; 1 when there is none).
    pub orientation: u8,
    /// Whether the picture has an alpha channel.
    pub alpha: bool,
    /// Whether its metadata holds a GPS position (EXIF or XMP).
    pub gps: bool,
}

/// Why a photo cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Problem {
    /// The bytes are not a JPEG, PNG or WebP image (whatever the name says).
    NotAnImage,
    /// The file could not be read.
    Unreadable(String),
    /// The image data is damaged or cut off (found while decoding).
    Damaged(String),
    /// More pixels than the site allows (`[images] max_megapixels`).
    TooLarge { pixels: u64, limit: u64 },
}

/// Reads a photo's header from its first bytes (or all of them).
pub fn probe(head: &[u8]) -> Result<Probe, Problem> {
    let format = match image::guess_format(head) {
        Ok(image::ImageFormat::Jpeg) => Format::Jpeg,
        Ok(image::ImageFormat::Png) => Format::Png,
        Ok(image::ImageFormat::WebP) => Format::WebP,
        _ => return Err(Problem::NotAnImage),
    };
    let mut reader = image::ImageReader::new(Cursor::new(head));
    reader.set_format(match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::WebP => image::ImageFormat::WebP,
    });
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| Problem::Damaged(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(Problem::Damaged("breedte of hoogte is 0".into()));
    }
    let alpha = decoder.color_type().has_alpha();
    let exif = decoder.exif_metadata().ok().flatten();
    let orientation = exif
        .as_deref()
        .and_then(image::metadata::Orientation::from_exif_chunk)
        .map_or(1, |o| o.to_exif());
    let gps = exif.as_deref().is_some_and(has_gps) || xmp_has_gps(head);
    let turned = matches!(orientation, 5..=8);
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Probe {
        format,
        width,
        height,
        orientation,
        alpha,
        gps,
    })
}

/// Whether a raw EXIF block (TIFF header onwards) holds a GPS latitude or longitude.
fn has_gps(exif: &[u8]) -> bool {
    let Ok(parsed) = exif::Reader::new().read_raw(exif.to_vec()) else {
        // An EXIF block we cannot read may hide anything: say it holds a position, so
        // the editor is told (the output never carries it either way).
        return true;
    };
    parsed.fields().any(|f| {
        matches!(
            f.tag,
            exif::Tag::GPSLatitude
                | exif::Tag::GPSLongitude
                | exif::Tag::GPSDestLatitude
                | exif::Tag::GPSDestLongitude
        )
    })
}

/// Whether an XMP packet in the header names a GPS position (`exif:GPSLatitude`).
fn xmp_has_gps(head: &[u8]) -> bool {
    memchr::memmem::find(head, b"GPSLatitude").is_some()
        || memchr::memmem::find(head, b"GPSLongitude").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_not_an_image() {
        assert_eq!(probe(b"hello, world"), Err(Problem::NotAnImage));
        assert_eq!(probe(b""), Err(Problem::NotAnImage));
    }

    #[test]
    fn a_png_header_gives_its_size_and_alpha() {
        let mut png = Vec::new();
        image::RgbaImage::new(7, 3)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let probe = probe(&png).unwrap();
        assert_eq!((probe.width, probe.height), (7, 3));
        assert!(probe.alpha);
        assert!(!probe.gps);
        assert_eq!(probe.orientation, 1);
    }
}
