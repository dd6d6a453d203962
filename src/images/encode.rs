//! Encoding a photo's variants: decoded once, turned upright by its EXIF orientation,
//! resized widest first (each width from the one above it, which costs a fraction of
//! resizing every width from the full photo), and written with no metadata at all —
//! the encoders here write pixels only, so no EXIF, XMP, IPTC or GPS position reaches
//! the output. The same bytes and settings give the same files.

use std::io::Cursor;

use image::DynamicImage;
use image::imageops::FilterType;

use super::plan::{Output, Plan, Settings, Variant};
use super::probe::{Probe, Problem};

/// One encoded file of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub variant: Variant,
    pub bytes: Vec<u8>,
}

/// Decodes `bytes` and encodes every variant of `plan`.
pub fn encode(
    bytes: &[u8],
    probe: &Probe,
    plan: &Plan,
    settings: &Settings,
) -> Result<Vec<Encoded>, Problem> {
    if let Some(problem) = settings.refuses(probe) {
        return Err(problem);
    }
    complete(bytes, probe)?;
    let photo = decode(bytes, probe, pixel_limit(settings))?;
    let photo = if probe.alpha {
        DynamicImage::ImageRgba8(photo.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(photo.into_rgb8())
    };
    let mut out = Vec::with_capacity(plan.variants.len());
    // Widest first, each from the last (or the photo): one resized picture per width,
    // shared by its two formats.
    let mut widths: Vec<(u32, u32)> = plan
        .variants
        .iter()
        .filter(|v| !v.og)
        .map(|v| (v.width, v.height))
        .collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    widths.dedup();
    let mut resized: Vec<((u32, u32), DynamicImage)> = Vec::with_capacity(widths.len());
    for (width, height) in widths {
        let from = resized.last().map_or(&photo, |(_, p)| p);
        let picture = if (from.width(), from.height()) == (width, height) {
            from.clone()
        } else {
            from.resize_exact(width, height, FilterType::CatmullRom)
        };
        resized.push(((width, height), picture));
    }
    for variant in &plan.variants {
        let bytes = if variant.og {
            write(&og_crop(&photo, variant), variant.output, settings)?
        } else {
            let picture = resized
                .iter()
                .find(|(size, _)| *size == (variant.width, variant.height))
                .map(|(_, p)| p)
                .ok_or_else(|| Problem::Damaged("geen formaat voor deze breedte".into()))?;
            write(picture, variant.output, settings)?
        };
        out.push(Encoded {
            variant: *variant,
            bytes,
        });
    }
    Ok(out)
}

/// Whether the photo decodes whole (what `check` asks, without encoding anything).
pub fn validate(bytes: &[u8], probe: &Probe, settings: &Settings) -> Result<(), Problem> {
    complete(bytes, probe)?;
    decode(bytes, probe, pixel_limit(settings)).map(|_| ())
}

/// The most pixels the decoder may allocate for.
fn pixel_limit(settings: &Settings) -> u64 {
    u64::from(settings.max_megapixels) * 1_000_000
}

/// Whether the file ends as its format ends: decoders fill a cut-off photo's missing
/// rows with grey rather than fail, and a half-copied photo must not be published.
fn complete(bytes: &[u8], probe: &Probe) -> Result<(), Problem> {
    let whole = match probe.format {
        // The end-of-image marker, allowing the padding some cameras write after it.
        super::probe::Format::Jpeg => {
            let tail = &bytes[bytes.len().saturating_sub(4096)..];
            memchr::memmem::rfind(tail, &[0xFF, 0xD9]).is_some()
        }
        super::probe::Format::Png => {
            let tail = &bytes[bytes.len().saturating_sub(64)..];
            memchr::memmem::rfind(tail, b"IEND").is_some()
        }
        // RIFF's length field covers the rest of the file.
        super::probe::Format::WebP => bytes.get(4..8).is_some_and(|len| {
            let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
            bytes.len() >= len.saturating_add(8)
        }),
    };
    if whole {
        Ok(())
    } else {
        Err(Problem::Damaged(
            "het bestand houdt halverwege op (afgebroken kopie of download?)".into(),
        ))
    }
}

/// The whole photo, upright.
fn decode(bytes: &[u8], probe: &Probe, limit: u64) -> Result<DynamicImage, Problem> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes));
    reader.set_format(match probe.format {
        super::probe::Format::Jpeg => image::ImageFormat::Jpeg,
        super::probe::Format::Png => image::ImageFormat::Png,
        super::probe::Format::WebP => image::ImageFormat::WebP,
    });
    let mut limits = image::Limits::default();
    // Four bytes a pixel and room for one conversion.
    limits.max_alloc = Some(limit.saturating_mul(8));
    reader.limits(limits);
    let damaged = |e: image::ImageError| Problem::Damaged(e.to_string());
    let decoder = reader.into_decoder().map_err(damaged)?;
    let mut photo = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    if let Some(orientation) = image::metadata::Orientation::from_exif(probe.orientation) {
        photo.apply_orientation(orientation);
    }
    if (photo.width(), photo.height()) != (probe.width, probe.height) {
        return Err(Problem::Damaged(format!(
            "de kop zegt {}×{}, de beelddata {}×{}",
            probe.width,
            probe.height,
            photo.width(),
            photo.height()
        )));
    }
    Ok(photo)
}

/// The Open Graph crop: scaled to cover the variant's size, then its middle cut out.
fn og_crop(photo: &DynamicImage, variant: &Variant) -> DynamicImage {
    photo
        .resize_to_fill(variant.width, variant.height, FilterType::CatmullRom)
        .into_rgb8()
        .into()
}

/// One picture in one format.
fn write(picture: &DynamicImage, output: Output, settings: &Settings) -> Result<Vec<u8>, Problem> {
    let failed = |e: String| Problem::Damaged(format!("kon niet coderen: {e}"));
    match output {
        Output::WebP | Output::WebPLossless => {
            let encoder = match picture {
                DynamicImage::ImageRgba8(p) => {
                    webp::Encoder::from_rgba(p.as_raw(), p.width(), p.height())
                }
                other => {
                    let rgb = other.to_rgb8();
                    return webp_of(
                        &webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height()),
                        output,
                        settings,
                    );
                }
            };
            webp_of(&encoder, output, settings)
        }
        Output::Jpeg => {
            let mut bytes = Vec::new();
            let rgb = picture.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, settings.jpeg_quality)
                .encode_image(&rgb)
                .map_err(|e| failed(e.to_string()))?;
            Ok(bytes)
        }
        Output::Png => {
            let mut bytes = Vec::new();
            picture
                .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
                .map_err(|e| failed(e.to_string()))?;
            Ok(bytes)
        }
    }
}

fn webp_of(
    encoder: &webp::Encoder<'_>,
    output: Output,
    settings: &Settings,
) -> Result<Vec<u8>, Problem> {
    let lossless = output == Output::WebPLossless;
    encoder
        .encode_simple(lossless, f32::from(settings.webp_quality))
        .map(|memory| memory.to_vec())
        .map_err(|e| Problem::Damaged(format!("kon niet coderen: {e:?}")))
}

#[cfg(test)]
mod tests {
    use super::super::plan::plan;
    use super::super::probe::probe;
    use super::*;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 7 % 256) as u8, (y * 5 % 256) as u8, 90])
        });
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
            .encode_image(&picture)
            .unwrap();
        bytes
    }

    #[test]
    fn every_variant_has_its_planned_size() {
        let bytes = jpeg(1000, 500);
        let probe = probe(&bytes).unwrap();
        let settings = Settings::default();
        let plan = plan(&probe, &settings);
        let encoded = encode(&bytes, &probe, &plan, &settings).unwrap();
        assert_eq!(encoded.len(), plan.variants.len());
        for e in &encoded {
            let back = image::load_from_memory(&e.bytes).unwrap();
            assert_eq!(
                (back.width(), back.height()),
                (e.variant.width, e.variant.height)
            );
        }
    }

    #[test]
    fn a_cut_off_photo_is_damaged_and_too_many_pixels_refused() {
        let bytes = jpeg(400, 300);
        let probe = probe(&bytes).unwrap();
        let settings = Settings::default();
        let plan = plan(&probe, &settings);
        let cut = &bytes[..bytes.len() / 2];
        assert!(matches!(
            encode(cut, &probe, &plan, &settings),
            Err(Problem::Damaged(_))
        ));
        let tiny = Settings {
            max_megapixels: 0,
            ..Settings::default()
        };
        assert!(matches!(
            encode(&bytes, &probe, &plan, &tiny),
            Err(Problem::TooLarge { .. })
        ));
    }
}
