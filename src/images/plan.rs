//! Which files a photo becomes: its widths (never wider than the photo), a modern format
//! and a fallback for each, and an Open Graph crop, with their names. Known from the
//! header and the settings alone, so pages can be written before (or without) encoding.

use super::probe::{Format, Probe};

/// `[images]` in site.toml.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Settings {
    /// The widths photos are offered in, ascending (a photo narrower than the largest
    /// is offered at its own width too, never upscaled).
    pub widths: Vec<u32>,
    /// Lossy WebP quality (0–100).
    pub webp_quality: u8,
    /// JPEG fallback quality (1–100).
    pub jpeg_quality: u8,
    /// Photos with more pixels than this (in millions) are refused.
    pub max_megapixels: u32,
}

impl Settings {
    /// A photo with more pixels than these settings allow: known from its header,
    /// before anything is decoded.
    pub fn refuses(&self, probe: &Probe) -> Option<super::Problem> {
        let pixels = u64::from(probe.width) * u64::from(probe.height);
        let limit = u64::from(self.max_megapixels);
        (pixels > limit * 1_000_000).then_some(super::Problem::TooLarge { pixels, limit })
    }
}

impl Default for Settings {
    fn default() -> Self {
        // 480: a card, or a phone at 1×; 800: the text column (46rem) at 1×, a phone at
        // 2×; 1200 and 1600: the text column at 1.5× and 2× (docs/images.md).
        Settings {
            widths: vec![480, 800, 1200, 1600],
            webp_quality: 75,
            jpeg_quality: 80,
            max_megapixels: 40,
        }
    }
}

/// Bumped whenever the encoding changes for the same settings, so cached variants of
/// an older encoder are not reused.
pub const ENCODER_VERSION: u32 = 1;

/// The width the fallback format is made in (or the nearest the photo has): the text
/// column at 1×.
pub const FALLBACK_WIDTH: u32 = 800;

/// The Open Graph image's size (what link previews crop to).
pub const OG_SIZE: (u32, u32) = (1200, 630);

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Output {
    /// Lossy WebP (photos).
    WebP,
    /// Lossless WebP (PNG sources: drawings, screenshots).
    WebPLossless,
    Jpeg,
    Png,
}

impl Output {
    pub fn extension(self) -> &'static str {
        match self {
            Output::WebP | Output::WebPLossless => "webp",
            Output::Jpeg => "jpg",
            Output::Png => "png",
        }
    }

    /// The MIME type `<source type>` names.
    pub fn mime(self) -> &'static str {
        match self {
            Output::WebP | Output::WebPLossless => "image/webp",
            Output::Jpeg => "image/jpeg",
            Output::Png => "image/png",
        }
    }
}

/// One file a photo becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub output: Output,
    /// The Open Graph crop rather than a resized whole.
    pub og: bool,
}

impl Variant {
    /// Its file name in the cache folder of the photo.
    pub fn cache_name(&self) -> String {
        if self.og {
            format!("og.{}", self.output.extension())
        } else {
            format!("{}.{}", self.width, self.output.extension())
        }
    }
}

/// What a photo becomes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plan {
    /// Widest first: the modern format's widths, then the fallback's one, then the OG crop.
    pub variants: Vec<Variant>,
    pub modern: Output,
    pub fallback: Output,
}

/// The plan for a photo under these settings.
pub fn plan(probe: &Probe, settings: &Settings) -> Plan {
    let (modern, fallback) = match probe.format {
        Format::Png => (Output::WebPLossless, Output::Png),
        Format::Jpeg => (Output::WebP, Output::Jpeg),
        Format::WebP if probe.alpha => (Output::WebP, Output::Png),
        Format::WebP => (Output::WebP, Output::Jpeg),
    };
    let widths = widths(probe.width, &settings.widths);
    // Every browser a municipality supports takes WebP (`<source>`): the fallback is for
    // the rest and for tools, in the one width nearest the text column. Each width more
    // would be files no current browser fetches (the photo benchmark: 57 of 88 MB, and
    // most of a warm rebuild's linking).
    let fallback_width = widths
        .iter()
        .copied()
        .min_by_key(|w| w.abs_diff(FALLBACK_WIDTH))
        .unwrap_or(probe.width);
    let mut variants = Vec::new();
    for &width in widths.iter().rev() {
        variants.push(Variant {
            width,
            height: scaled(probe.height, width, probe.width),
            output: modern,
            og: false,
        });
    }
    variants.push(Variant {
        width: fallback_width,
        height: scaled(probe.height, fallback_width, probe.width),
        output: fallback,
        og: false,
    });
    let (width, height) = og_size(probe.width, probe.height);
    variants.push(Variant {
        width,
        height,
        output: Output::Jpeg,
        og: true,
    });
    Plan {
        variants,
        modern,
        fallback,
    }
}

/// The widths a photo `source` pixels wide is offered in, ascending.
fn widths(source: u32, configured: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = configured
        .iter()
        .copied()
        .filter(|&w| w > 0 && w < source)
        .collect();
    let largest = configured.iter().copied().max().unwrap_or(source);
    out.push(source.min(largest));
    out.sort_unstable();
    out.dedup();
    out
}

/// `height` scaled by `to / from`, rounded, at least 1.
fn scaled(height: u32, to: u32, from: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(from) / 2) / u64::from(from.max(1));
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

/// The Open Graph crop's size: 1200×630, or the largest crop of that shape the photo
/// holds when it is smaller (never upscaled).
fn og_size(width: u32, height: u32) -> (u32, u32) {
    let (w, h) = OG_SIZE;
    if width >= w && height >= h {
        return (w, h);
    }
    // The largest w:h box inside width × height.
    let by_width = (width, scaled(h, width, w));
    if by_width.1 <= height {
        by_width
    } else {
        (scaled(w, height, h).min(width), height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(width: u32, height: u32) -> Probe {
        Probe {
            format: Format::Jpeg,
            width,
            height,
            orientation: 1,
            alpha: false,
            gps: false,
        }
    }

    #[test]
    fn never_wider_than_the_photo() {
        let defaults = Settings::default();
        assert_eq!(widths(4000, &defaults.widths), [480, 800, 1200, 1600]);
        assert_eq!(widths(1000, &defaults.widths), [480, 800, 1000]);
        assert_eq!(widths(300, &defaults.widths), [300]);
        assert_eq!(widths(800, &defaults.widths), [480, 800]);
    }

    #[test]
    fn heights_keep_the_shape_and_og_crops_without_upscaling() {
        let plan = plan(&photo(4000, 3000), &Settings::default());
        assert_eq!(plan.variants[0].width, 1600);
        assert_eq!(plan.variants[0].height, 1200);
        assert_eq!(plan.variants.len(), 6);
        assert_eq!(plan.variants[4].width, 800, "one fallback, at 800");
        let og = plan.variants.last().unwrap();
        assert!(og.og);
        assert_eq!((og.width, og.height), (1200, 630));
        assert_eq!(og_size(600, 600), (600, 315));
        assert_eq!(og_size(1000, 300), (571, 300));
    }

    #[test]
    fn png_stays_lossless() {
        let mut p = photo(100, 100);
        p.format = Format::Png;
        let plan = plan(&p, &Settings::default());
        assert_eq!(plan.modern, Output::WebPLossless);
        assert_eq!(plan.fallback, Output::Png);
    }
}
