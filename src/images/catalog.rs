//! The photos a build publishes, as the later stages see them: where an image a
//! document names is looked for, each photo's planned files with their site paths, and
//! the `<picture>` a page writes for it. Pure: the photo stage (`photos`) fills it.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::plan::{Output, Plan, Variant};
use super::probe::{Probe, Problem};

/// One photo a document uses, planned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Photo {
    /// Relative to the site root: `content/verhalen/foto.jpg`, `static/img/foto.jpg`.
    pub source: String,
    pub probe: Probe,
    /// The cache key of its variants ([`super::cache::key`]).
    pub key: u64,
    pub plan: Plan,
}

impl Photo {
    /// The site path of one of its files: beside where the photo would be published,
    /// with the width and a short content key in the name (`verhalen/foto-800.1a2b3c4d.webp`),
    /// so a replaced photo gets new names and no browser shows a stale copy.
    pub fn site_path(&self, variant: &Variant) -> String {
        let site = site_path_of(&self.source);
        let stem = site.rsplit_once('.').map_or(site, |(stem, _)| stem);
        let tag = self.key >> 32;
        let size = if variant.og {
            "og".to_string()
        } else {
            variant.width.to_string()
        };
        format!("{stem}-{size}.{tag:08x}.{}", variant.output.extension())
    }

    /// The `<picture>` for this photo, its URLs under `base_path` (starts and ends with
    /// `/`).
    pub fn picture(&self, base_path: &str) -> Picture {
        let url = |v: &Variant| format!("{base_path}{}", self.site_path(v));
        let set = |output: Output| -> String {
            let mut of: Vec<&Variant> = self
                .plan
                .variants
                .iter()
                .filter(|v| !v.og && v.output == output)
                .collect();
            of.sort_by_key(|v| v.width);
            of.iter()
                .map(|v| format!("{} {}w", url(v), v.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let fallback = self
            .plan
            .variants
            .iter()
            .find(|v| !v.og && v.output == self.plan.fallback);
        // `src` for browsers without WebP: the fallback's one width.
        let src = fallback.map(url).unwrap_or_default();
        let widest = self
            .plan
            .variants
            .iter()
            .filter(|v| !v.og && v.output == self.plan.modern)
            .max_by_key(|v| v.width);
        let og = self.plan.variants.iter().find(|v| v.og);
        Picture {
            src,
            width: widest.map_or(self.probe.width, |v| v.width),
            height: widest.map_or(self.probe.height, |v| v.height),
            srcset: set(self.plan.fallback),
            sources: vec![PictureSource {
                mime: self.plan.modern.mime(),
                srcset: set(self.plan.modern),
            }],
            og: og.map(url).unwrap_or_default(),
            og_width: og.map_or(0, |v| v.width),
            og_height: og.map_or(0, |v| v.height),
        }
    }
}

/// The site path a source file would have: `content/` and `static/` taken off.
pub fn site_path_of(source: &str) -> &str {
    source
        .strip_prefix("content/")
        .or_else(|| source.strip_prefix("static/"))
        .unwrap_or(source)
}

/// A photo as templates and bodies show it (`page.picture`, `story.picture`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Picture {
    /// The fallback format (JPEG or PNG) at the width nearest the text column: for
    /// browsers and tools without WebP.
    pub src: String,
    /// Of the widest file: the shape the page reserves.
    pub width: u32,
    pub height: u32,
    /// The fallback as a `srcset` (`url 800w`; one width).
    pub srcset: String,
    /// The modern formats, each a `<source type srcset>`.
    pub sources: Vec<PictureSource>,
    /// The Open Graph crop (1200×630 when the photo is that large).
    pub og: String,
    pub og_width: u32,
    pub og_height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PictureSource {
    #[serde(rename = "type")]
    pub mime: &'static str,
    pub srcset: String,
}

/// What the build knows of every image documents name, by source path.
#[derive(Debug, Clone, Default, Hash)]
pub struct Catalog {
    pub photos: BTreeMap<String, Result<Arc<Photo>, Problem>>,
}

impl Catalog {
    /// The photo (or why there is none) at one of `candidates`, the first known.
    pub fn find(&self, candidates: &[String]) -> Option<&Result<Arc<Photo>, Problem>> {
        candidates.iter().find_map(|c| self.photos.get(c))
    }
}

/// Where an image a document names may be, in order, relative to the site root: a
/// relative name beside the Markdown file (`foto.jpg` in `verhalen/a.md` →
/// `content/verhalen/foto.jpg`), then under `static/` as before (`/img/foto.jpg`,
/// `img/foto.jpg`, `../static/img/foto.jpg` → `static/img/foto.jpg`); an absolute path
/// under `content/` too. Nothing for external and data URLs.
pub fn candidates(src: &str, content_path: &str) -> Vec<String> {
    let path = src.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() || path.starts_with("//") || path.contains(':') {
        return Vec::new();
    }
    // Folded (`.`, `..`) inside its folder; one that climbs out of it is never looked for.
    let inside = |dir: &str, rel: &str| {
        let joined = crate::html_policy::join_path(dir, rel);
        (!joined.starts_with("..") && !joined.is_empty()).then_some(joined)
    };
    let mut out = Vec::new();
    if let Some(rest) = path.strip_prefix('/') {
        if let Some(rest) = inside("", rest) {
            out.push(format!("static/{rest}"));
            out.push(format!("content/{rest}"));
        }
        return out;
    }
    let dir = content_path.rsplit_once('/').map_or("", |(d, _)| d);
    if let Some(beside) = inside(dir, path) {
        out.push(format!("content/{beside}"));
    }
    let under_static = path.rsplit_once("static/").map_or(path, |(_, after)| after);
    if let Some(under_static) = inside("", under_static) {
        out.push(format!("static/{under_static}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::plan::{Settings, plan};
    use super::super::probe::Format;
    use super::*;

    #[test]
    fn names_are_looked_for_beside_the_markdown_then_in_static() {
        assert_eq!(
            candidates("foto.jpg", "verhalen/a.md"),
            ["content/verhalen/foto.jpg", "static/foto.jpg"]
        );
        assert_eq!(
            candidates("/img/a.png", "verhalen/a.md"),
            ["static/img/a.png", "content/img/a.png"]
        );
        assert_eq!(
            candidates("../../static/img/a.png", "verhalen/a.md"),
            ["static/img/a.png"]
        );
        assert!(candidates("https://x.nl/a.jpg", "a.md").is_empty());
        assert!(candidates("/../../etc/a.jpg", "a.md").is_empty());
        assert_eq!(
            candidates("../../../x.jpg", "verhalen/a.md"),
            Vec::<String>::new()
        );
        assert!(candidates("data:image/png;base64,xx", "a.md").is_empty());
    }

    #[test]
    fn a_picture_lists_every_webp_width_and_one_fallback() {
        let probe = Probe {
            format: Format::Jpeg,
            width: 2000,
            height: 1000,
            orientation: 1,
            alpha: false,
            gps: false,
        };
        let photo = Photo {
            source: "content/verhalen/foto.jpg".into(),
            probe,
            key: 0x1234_5678_9abc_def0,
            plan: plan(&probe, &Settings::default()),
        };
        let picture = photo.picture("/");
        assert_eq!(picture.src, "/verhalen/foto-800.12345678.jpg");
        assert_eq!((picture.width, picture.height), (1600, 800));
        assert_eq!(picture.srcset, "/verhalen/foto-800.12345678.jpg 800w");
        assert_eq!(picture.sources[0].mime, "image/webp");
        assert!(
            picture.sources[0]
                .srcset
                .starts_with("/verhalen/foto-480.12345678.webp 480w")
        );
        assert_eq!(picture.og, "/verhalen/foto-og.12345678.jpg");
    }
}
