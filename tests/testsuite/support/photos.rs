//! Photos made for tests: a JPEG as a phone writes it (EXIF orientation, a GPS
//! position), with a red corner so a test can tell which way up it ended.

use std::io::Cursor;

/// A `width` × `height` JPEG (as stored, before its orientation), blue with a red block
/// in the stored top-left corner; with an EXIF block holding `orientation` and, when
/// `gps`, a latitude. `shade` varies the blue, so two photos differ in their bytes.
pub fn phone_jpeg(width: u32, height: u32, orientation: u16, gps: bool, shade: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        if x < width / 4 && y < height / 4 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 40, shade])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&picture)
        .expect("encode");
    let app1 = exif_segment(orientation, gps);
    // Right after SOI (FF D8).
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A PNG of `width` × `height` (a drawing: flat colours).
pub fn drawing_png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbaImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            image::Rgba([255, 255, 255, 255])
        } else {
            image::Rgba([30, 60, 90, 255])
        }
    });
    let mut png = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    png
}

/// An APP1 segment with a big-endian TIFF block: IFD0 with the orientation and, when
/// `gps`, a pointer to a GPS IFD with a latitude (52° N).
fn exif_segment(orientation: u16, gps: bool) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        let mut e = tag.to_be_bytes().to_vec();
        e.extend_from_slice(&kind.to_be_bytes());
        e.extend_from_slice(&count.to_be_bytes());
        e.extend_from_slice(&value);
        e
    };
    let o = orientation.to_be_bytes();
    let ifd0_entries = if gps { 2u16 } else { 1 };
    tiff.extend_from_slice(&ifd0_entries.to_be_bytes());
    tiff.extend(entry(0x0112, 3, 1, [o[0], o[1], 0, 0]));
    // IFD0: 8 + 2 + 12·n + 4; the GPS IFD follows it.
    let gps_at = 8 + 2 + 12 * u32::from(ifd0_entries) + 4;
    if gps {
        tiff.extend(entry(0x8825, 4, 1, gps_at.to_be_bytes()));
    }
    tiff.extend_from_slice(&0u32.to_be_bytes());
    if gps {
        let rationals_at = gps_at + 2 + 2 * 12 + 4;
        tiff.extend_from_slice(&2u16.to_be_bytes());
        tiff.extend(entry(0x0001, 2, 2, *b"N\0\0\0"));
        tiff.extend(entry(0x0002, 5, 3, rationals_at.to_be_bytes()));
        tiff.extend_from_slice(&0u32.to_be_bytes());
        for (n, d) in [(52u32, 1u32), (5, 1), (0, 1)] {
            tiff.extend_from_slice(&n.to_be_bytes());
            tiff.extend_from_slice(&d.to_be_bytes());
        }
    }
    let mut segment = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    segment.extend_from_slice(&len.to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}
