//! Photos: published as their variants only — upright, never upscaled, without
//! metadata, in WebP with a JPEG/PNG fallback — with `srcset` that names files that
//! exist; the cache reused and invalidated; bad photos reported at their reference with
//! the previous output intact; serve showing a replaced photo.

use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::Path;

use image::ImageDecoder as _;

use crate::support::photos::{drawing_png, phone_jpeg};
use crate::support::{Fixture, snapshot_tree};

/// A story with a front-matter photo (beside it) and a body drawing (in `static/`).
const STORY: &str = "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger]\nimage: foto.jpg\nimage_alt: De buurtkamer\n---\n## Aanpak\n\nZie [[begin]].\n\n![Schema van de aanpak](/img/schema.png \"Het schema\")\n";

fn photo_site() -> Fixture {
    let site = Fixture::with(&[("content/verhalen/buurt.md", STORY)]);
    // 1200 × 800 as stored, turned a quarter (orientation 6): 800 × 1200 upright.
    site.write(
        "content/verhalen/foto.jpg",
        &phone_jpeg(1200, 800, 6, true, 200),
    );
    site.write("static/img/schema.png", &drawing_png(300, 200));
    site
}

/// Every file under `public/` by its path relative to it.
fn published(site: &Fixture) -> BTreeSet<String> {
    snapshot_tree(&site.path("public"))
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect()
}

/// The URLs in every `srcset` and `src` of `<img>`/`<source>` of a page.
fn image_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attr in ["srcset=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let value = &part[..part.find('"').unwrap()];
            for candidate in value.split(", ") {
                let url = candidate.split(' ').next().unwrap();
                if url.contains("/verhalen/foto-") || url.contains("/img/schema-") {
                    urls.push(url.to_string());
                }
            }
        }
    }
    urls
}

/// Whether a decoded image file carries EXIF, XMP or ICC-free metadata of any kind the
/// decoders expose (EXIF), or the marker bytes of XMP and GPS anywhere in the file.
fn has_metadata(bytes: &[u8]) -> bool {
    let mut decoder = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    let exif = decoder.exif_metadata().unwrap_or(None).is_some();
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    exif || contains(b"Exif\0\0")
        || contains(b"http://ns.adobe.com/xap")
        || contains(b"Photoshop 3.0")
}

#[test]
fn photos_are_published_upright_without_metadata_and_never_upscaled() {
    let site = photo_site();
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The GPS position: a warning naming the file, at the front matter's `image`.
    assert!(
        out.stderr.contains("[image-location]") && out.stderr.contains("content/verhalen/foto.jpg"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("content/verhalen/buurt.md:7:1"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("2 foto's verkleind en omgezet"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("wordt zoals hij is gepubliceerd"),
        "{}",
        out.stderr
    );

    let files = published(&site);
    // Neither photo itself is published, only its variants.
    assert!(
        !files
            .iter()
            .any(|f| f.ends_with("foto.jpg") || f.ends_with("schema.png")),
        "{files:?}"
    );
    let variants: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("verhalen/foto-") || f.starts_with("img/schema-"))
        .collect();
    // foto: 480 and 800 (its own width: no 1200 or 1600) in WebP, 800 in JPEG, and the
    // OG crop; schema: 300 (its own) in WebP and PNG, and the OG crop.
    assert_eq!(variants.len(), 4 + 3, "{variants:?}");
    for file in &variants {
        let bytes = std::fs::read(site.path(&format!("public/{file}"))).unwrap();
        assert!(!has_metadata(&bytes), "{file} carries metadata");
        let picture = image::load_from_memory(&bytes).unwrap();
        let (w, h) = (picture.width(), picture.height());
        if file.contains("-og.") {
            assert!(w <= 1200 && h <= 630, "{file}: {w}×{h}");
            assert!(
                (w * 630).abs_diff(h * 1200) <= 1200,
                "{file}: the OG shape, {w}×{h}"
            );
        } else if file.starts_with("verhalen/") {
            assert!(w == 480 || w == 800, "{file}: {w} wide");
            assert_eq!(h, w * 3 / 2, "{file}: upright, 2:3");
        } else {
            assert_eq!((w, h), (300, 200), "{file}: never upscaled");
        }
    }
    // Upright: the red corner, stored top-left, turned a quarter clockwise, is now top
    // right.
    let widest = variants
        .iter()
        .find(|f| f.starts_with("verhalen/foto-800.") && f.ends_with(".jpg"))
        .unwrap();
    let picture = image::open(site.path(&format!("public/{widest}")))
        .unwrap()
        .to_rgb8();
    let red = |x: u32, y: u32| {
        let p = picture.get_pixel(x, y);
        p[0] > 150 && p[2] < 100
    };
    assert!(red(790, 10), "top right is red");
    assert!(!red(10, 10), "top left is not");

    // Every URL the story page names exists; the lead image is not lazy, the body one is.
    let page = site.read("public/verhalen/buurt/index.html");
    let urls = image_urls(&page);
    assert!(urls.len() >= 5, "{urls:?}");
    for url in &urls {
        assert!(
            files.contains(url.trim_start_matches('/')),
            "{url} is not published"
        );
    }
    assert!(page.contains("fetchpriority=\"high\""));
    assert!(page.contains("<source type=\"image/webp\""));
    assert!(
        page.contains("width=\"800\" height=\"1200\""),
        "no layout shift"
    );
    assert!(page.contains("<figcaption>Het schema</figcaption>"));
    assert!(page.contains("loading=\"lazy\""));
    assert!(page.contains("og:image\" content=\"https://example.org/verhalen/foto-og."));
    // The story's card on its list carries a thumbnail.
    let list = site.read("public/verhalen/index.html");
    assert!(list.contains("class=\"card-image\""), "{list}");
}

/// (inode, modification time) of every file in the cache.
fn cache_files(site: &Fixture) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    for (path, _) in snapshot_tree(&site.path(".verteller-cache/images")) {
        let meta = std::fs::metadata(site.path(".verteller-cache/images").join(&path)).unwrap();
        #[cfg(unix)]
        let ino = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let ino = 0;
        out.push((
            path.to_string_lossy().into_owned(),
            ino,
            meta.modified().unwrap(),
        ));
    }
    out.sort();
    out
}

#[test]
fn the_cache_is_reused_and_invalidated_by_a_new_photo_or_setting() {
    let site = photo_site();
    assert_eq!(site.run(&["build"]).code, 0);
    let first = published(&site);
    let cached = cache_files(&site);
    assert!(cached.iter().any(|(p, _, _)| p == "index.tsv"));

    // Unchanged: nothing encoded, nothing in the cache rewritten, the same output.
    let again = site.run(&["build"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(!again.stderr.contains("verkleind"), "{}", again.stderr);
    assert_eq!(cache_files(&site), cached);
    assert_eq!(published(&site), first);

    // A new photo under the same name: encoded, with new names (no stale browser copy).
    site.write(
        "content/verhalen/foto.jpg",
        &phone_jpeg(1200, 800, 6, false, 90),
    );
    let replaced = site.run(&["build"]);
    assert!(
        replaced.stderr.contains("1 foto verkleind"),
        "{}",
        replaced.stderr
    );
    assert!(
        !replaced.stderr.contains("[image-location]"),
        "no GPS any more"
    );
    let now = published(&site);
    let foto = |files: &BTreeSet<String>| -> BTreeSet<String> {
        files
            .iter()
            .filter(|f| f.starts_with("verhalen/foto-"))
            .cloned()
            .collect()
    };
    assert!(
        foto(&now).is_disjoint(&foto(&first)),
        "new names for the new photo"
    );

    // A setting: both photos again.
    let settings = format!(
        "{}[images]\nwebp_quality = 60\nwidths = [400]\n",
        crate::support::MINIMAL[0].1
    );
    site.write("site.toml", settings.as_bytes());
    let reset = site.run(&["build"]);
    assert!(
        reset.stderr.contains("2 foto's verkleind"),
        "{}",
        reset.stderr
    );
    let widths: BTreeSet<String> = published(&site)
        .into_iter()
        .filter(|f| f.starts_with("verhalen/foto-") && !f.contains("-og."))
        .map(|f| {
            f["verhalen/foto-".len()..]
                .split('.')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(widths, BTreeSet::from(["400".to_string()]));

    // The cache is safe to delete, and the output is the same without it (the same
    // photo and settings give the same bytes).
    let warm = snapshot_tree(&site.path("public"));
    std::fs::remove_dir_all(site.path(".verteller-cache")).unwrap();
    let cold = site.run(&["build"]);
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    assert!(
        cold.stderr.contains("2 foto's verkleind"),
        "{}",
        cold.stderr
    );
    assert!(
        snapshot_tree(&site.path("public")) == warm,
        "cold and warm outputs differ"
    );
}

#[test]
fn bad_photos_are_errors_at_their_reference_and_the_output_stays() {
    let site = photo_site();
    assert_eq!(site.run(&["build"]).code, 0);
    let before = snapshot_tree(&site.path("public"));

    let good = phone_jpeg(1200, 800, 1, false, 120);
    site.write("content/verhalen/afgebroken.jpg", &good[..good.len() / 2]);
    site.write("content/verhalen/tekst.jpg", b"dit is geen foto\n");
    site.write(
        "content/verhalen/groot.jpg",
        &phone_jpeg(1300, 800, 1, false, 10),
    );
    site.write(
        "site.toml",
        format!(
            "{}[images]\nmax_megapixels = 1\n",
            crate::support::MINIMAL[0].1
        )
        .as_bytes(),
    );
    site.write(
        "content/verhalen/slecht.md",
        b"---\ntitle: Slecht\ndate: 2025-02-02\nimage: tekst.jpg\nimage_alt: Tekst\n---\nEen.\n\n![Half](afgebroken.jpg)\n\n![Te groot](groot.jpg)\n\n![Weg](weg.jpg)\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for (code, at) in [
        ("[image-not-an-image]", "content/verhalen/slecht.md:4:1"),
        ("[image-damaged]", "content/verhalen/slecht.md:9:1"),
        ("[image-too-large]", "content/verhalen/slecht.md:11:1"),
        ("[image-missing]", "content/verhalen/slecht.md:13:1"),
    ] {
        let shown = out
            .stderr
            .find(code)
            .unwrap_or_else(|| panic!("{code}: {}", out.stderr));
        let after = &out.stderr[shown..];
        assert!(
            after[..after.len().min(400)].contains(at),
            "{code} at {at}: {}",
            out.stderr
        );
    }
    assert!(out.stderr.contains("heeft 1,1 megapixel"), "{}", out.stderr);
    assert_eq!(
        snapshot_tree(&site.path("public")),
        before,
        "the previous output stays"
    );
    assert!(
        !site
            .path(".verteller-cache/images")
            .read_dir()
            .unwrap()
            .any(|e| {
                let e = e.unwrap();
                e.path().join("klaar").exists() && e.path().join("fout.txt").exists()
            }),
        "a photo is done or failed, never both"
    );
}

#[test]
fn serve_shows_a_replaced_photo() {
    let site = photo_site();
    let running = crate::support::serve::start(site.root());
    let addr = running.addr;
    let fetch = |path: &str| -> Vec<u8> {
        let mut response = ureq::get(&format!("http://127.0.0.1:{}{path}", addr.port()))
            .call()
            .expect("GET");
        response.body_mut().read_to_vec().expect("body")
    };
    let lead = |page: &[u8]| -> Option<String> {
        let page = String::from_utf8_lossy(page);
        let start = page.find("src=\"/verhalen/foto-800.")? + "src=\"".len();
        Some(page[start..start + page[start..].find('"')?].to_string())
    };
    // Encoded in the background: the page names its variants at once, and they serve
    // the photo itself until they exist.
    let first = lead(&fetch("/verhalen/buurt/")).expect("the lead photo");
    crate::support::serve::eventually("the variants are encoded", || {
        image::load_from_memory(&fetch(&first)).is_ok_and(|p| p.width() == 800)
    });
    let first_pixels = image::load_from_memory(&fetch(&first)).unwrap().to_rgb8();

    site.write(
        "content/verhalen/foto.jpg",
        &phone_jpeg(1200, 800, 1, false, 40),
    );
    let mut second = String::new();
    crate::support::serve::eventually("the page names the new photo", || {
        second = lead(&fetch("/verhalen/buurt/")).unwrap_or_default();
        !second.is_empty() && second != first
    });
    crate::support::serve::eventually("the new photo is encoded", || {
        image::load_from_memory(&fetch(&second)).is_ok_and(|p| p.width() == 800)
    });
    let second_pixels = image::load_from_memory(&fetch(&second)).unwrap().to_rgb8();
    // Not turned this time: 800 × 533, the red corner top left.
    assert_eq!(second_pixels.height(), 533);
    assert!(second_pixels.get_pixel(5, 5)[0] > 150);
    assert_ne!(first_pixels.dimensions(), second_pixels.dimensions());
    assert!(
        !Path::new(&site.path("public")).exists(),
        "serve never writes public/"
    );
}

#[test]
fn a_static_photo_no_document_shows_is_published_as_it_is_with_a_warning_for_its_location() {
    let site = Fixture::minimal();
    site.write("static/img/los.jpg", &phone_jpeg(64, 48, 1, true, 50));
    site.write("static/img/schoon.jpg", &phone_jpeg(64, 48, 1, false, 50));
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "waarschuwing[image-location]: de foto static/img/los.jpg bevat een GPS-locatie en wordt zoals hij is gepubliceerd"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("schoon.jpg"), "{}", out.stderr);
    assert_eq!(
        std::fs::read(site.path("public/img/los.jpg")).unwrap(),
        phone_jpeg(64, 48, 1, true, 50),
        "published as it is"
    );
}

#[test]
fn check_finds_a_damaged_photo_and_writes_nothing() {
    let site = photo_site();
    let out = site.run(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("[image-location]"), "{}", out.stderr);
    let good = phone_jpeg(1200, 800, 1, false, 120);
    site.write("content/verhalen/foto.jpg", &good[..good.len() * 2 / 3]);
    let out = site.run(&["check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("fout[image-damaged]")
            && out.stderr.contains("content/verhalen/buurt.md:7:1"),
        "{}",
        out.stderr
    );
    assert!(
        !site.path(".verteller-cache").exists(),
        "check writes nothing"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn a_draft_s_photo_is_published_with_the_draft_only() {
    let draft = STORY
        .replace("title: Buurt", "title: Concept")
        .replace("image: foto.jpg", "draft: true\nimage: foto.jpg");
    let draft = &draft[..draft.find("![Schema").unwrap()];
    let site = Fixture::with(&[("content/verhalen/concept.md", draft)]);
    site.write(
        "content/verhalen/foto.jpg",
        &phone_jpeg(640, 480, 1, false, 70),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let photo = |files: &BTreeSet<String>| files.iter().any(|f| f.starts_with("verhalen/foto-"));
    assert!(
        !photo(&published(&site)),
        "a draft's photo stays unpublished"
    );
    let out = site.run(&["build", "--drafts"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(photo(&published(&site)), "published with the draft");
}
