//! A municipality's brand: the contrast check (WCAG 2.x, 4.5:1 for text) and the
//! generated stylesheet that turns `[brand]` into design tokens (CSS custom properties),
//! so a municipality rebrands without touching templates.

/// Colours, logo and fonts of a municipality (written into a generated stylesheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    pub primary: String,
    pub text: String,
    pub background: String,
    pub logo: Option<String>,
    pub font_family: String,
}

impl Default for Brand {
    fn default() -> Self {
        Brand {
            primary: "#154273".into(),
            text: "#1a1a1a".into(),
            background: "#ffffff".into(),
            logo: None,
            font_family: "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif".into(),
        }
    }
}

/// The minimum contrast ratio for normal text (WCAG 2.1 AA, 1.4.3).
pub const MIN_CONTRAST: f64 = 4.5;

/// `#rrggbb` → relative luminance (WCAG definition).
fn luminance(hex: &str) -> Option<f64> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).ok()?) / 255.0;
        Some(if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// Contrast ratio between two colours, 1.0 … 21.0.
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

/// A pair of brand colours with too little contrast.
#[derive(Debug, Clone, PartialEq)]
pub struct LowContrast {
    /// The `[brand]` key to change.
    pub key: &'static str,
    /// What the pair is, in words (Dutch, English).
    pub pair: (&'static str, &'static str),
    pub ratio: f64,
}

/// Every pair the theme puts on screen: body text, links, and the header's white text.
pub fn check(brand: &Brand) -> Vec<LowContrast> {
    let pairs = [
        (
            "text",
            ("tekst op achtergrond", "text on background"),
            &brand.text,
            &brand.background,
        ),
        (
            "primary",
            (
                "links (primary) op achtergrond",
                "links (primary) on background",
            ),
            &brand.primary,
            &brand.background,
        ),
        (
            "primary",
            ("witte koptekst op primary", "white header text on primary"),
            &"#ffffff".to_string(),
            &brand.primary,
        ),
    ];
    pairs
        .into_iter()
        .filter_map(|(key, pair, fg, bg)| {
            let ratio = contrast(fg, bg)?;
            (ratio < MIN_CONTRAST).then_some(LowContrast { key, pair, ratio })
        })
        .collect()
}

/// The generated stylesheet `css/brand.css`.
pub fn stylesheet(brand: &Brand) -> String {
    format!(
        "/* Gegenereerd door verteller uit [brand] in site.toml. Niet met de hand bewerken. */\n\
         :root {{\n  --gemeente-color-primary: {};\n  --gemeente-color-text: {};\n  \
         --gemeente-color-background: {};\n  --gemeente-font-family: {};\n}}\n",
        brand.primary,
        brand.text,
        brand.background,
        brand.font_family.replace(['{', '}', ';', '<'], "")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_examples() {
        let black_white = contrast("#000000", "#ffffff").unwrap();
        assert!((black_white - 21.0).abs() < 0.01);
        let grey = contrast("#777777", "#ffffff").unwrap();
        assert!((grey - 4.48).abs() < 0.01, "{grey}");
    }

    #[test]
    fn low_contrast_pairs_are_named() {
        let brand = Brand {
            primary: "#ffdd00".into(),
            ..Brand::default()
        };
        let problems = check(&brand);
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().all(|p| p.key == "primary"));
        assert!(check(&Brand::default()).is_empty());
    }
}
