//! The photo pipeline on a site with phone photos: first build, warm rebuild against the
//! same site without images, bytes in → bytes out, and what a story page costs a browser.
//!
//! The benchmark writes, into a temporary folder, the smallest valid site shape (the
//! files of `tests/testsuite/support/minimal.rs`) with `--photos` stories in
//! `content/verhalen/`, each with its own photo beside it (`image: foto-NNN.jpg` and
//! `image_alt` in its front matter), and the same site once more without the `image`
//! lines and without photos. The photos are made here, deterministically (fixed-seed
//! hashing, in parallel with rayon): 4000 × 3000 (12 MP) JPEGs at quality 92 with smooth
//! gradients, soft clouds, buildings with windows and textured, noisy ground, 3–6 MB each
//! as from a phone, with an EXIF block (APP1, written by hand as in
//! `tests/testsuite/support/photos.rs`) holding an orientation (1, or 6 for every third
//! photo: stored landscape, shown portrait) and a GPS latitude and longitude. With
//! `--keep DIR` they are kept in `DIR/photos-v1/` and reused by the next run.
//!
//! It then runs the release binary (`target/release/verteller`, beside this example;
//! `--verteller PATH` for another) under `/usr/bin/time -v` where there is one, each
//! build into an output folder never used before, after `sync` (as `examples/bench.rs`
//! does):
//!
//! - **first build**: `.verteller-cache` removed, so every photo is decoded, turned
//!   upright and encoded (WebP in every width, one JPEG fallback, the Open Graph crop);
//!   wall time, user+sys and peak RSS, median of `--runs` (each one cold).
//! - **warm rebuild**: the cache of the first build kept; median of `--warm-runs`.
//! - **without images**: the same site without photos; its runs take turns with the warm
//!   rebuild's (w, p, w, p, …, after a warm-up each) so a slow spell of this shared
//!   machine falls on both. The issue's target: the warm rebuild within 10 % of it. Both
//!   with search on (the default, what users run) and again with `[search] enabled =
//!   false`. One more untimed build of each with `--timings` gives the stages the
//!   difference is spent in.
//! - **bytes in → bytes out**: the source JPEGs against the photo files of the output
//!   (`-<width>.<8 hex>.webp|jpg|png` and `-og.<8 hex>.jpg`), per format; and the HTML
//!   of both outputs (`<picture>` and `srcset` make every page with a photo longer).
//! - **encode throughput**: photos and source megabytes per second of the first build's
//!   extra time (first build − warm rebuild).
//! - **a story page in Chromium**: the last warm output served by a small static server
//!   on 127.0.0.1, loaded by headless Chromium through chromedriver (WebDriver over plain
//!   HTTP, `goog/cdp/execute` for `Emulation.setDeviceMetricsOverride`): 375 px wide at
//!   DPR 1 and 2 (mobile), and 1280 px at DPR 1, each in a new browser profile. The page
//!   is scrolled to the bottom so lazy images load; once no resource and no image has
//!   been pending for a second, the navigation and resource timing entries are summed
//!   (`transferSize`, or `encodedBodySize` where that is 0), and the variant the browser
//!   chose for the lead photo (`img.story-image`'s `currentSrc`) is reported. Without
//!   Chromium or chromedriver (Debian `chromium`, `chromium-driver`; or
//!   `VERTELLER_CHROMIUM` / `VERTELLER_CHROMEDRIVER`) this part is skipped with the
//!   reason, and `--no-browser` skips it on purpose.
//!
//! Run:
//!
//! ```text
//! cargo build --release --bin verteller
//! cargo run --release --example bench-images -- [--photos 100] [--runs 3] [--keep DIR]
//! ```
//!
//! More options: `--warm-runs 10` (a warm or no-image build of 100 stories takes about a
//! tenth of a second, so more runs cost little and steady the 10 % comparison),
//! `--verteller PATH`, `--no-browser`. On two cores the defaults take about four minutes:
//! one to make the photos, three cold builds of about a minute each, the rest seconds.

#[path = "../tests/testsuite/support/minimal.rs"]
mod minimal;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

struct Args {
    photos: usize,
    runs: usize,
    warm_runs: usize,
    verteller: PathBuf,
    keep: Option<PathBuf>,
    no_browser: bool,
}

fn parse_args() -> Result<Args, String> {
    // The binary of this benchmark's own profile (`…/release/examples/bench-images` →
    // `…/release/verteller`).
    let target = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release"));
    let mut args = Args {
        photos: 100,
        runs: 3,
        warm_runs: 10,
        verteller: target.join("verteller"),
        keep: None,
        no_browser: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} mist een waarde"));
        match arg.as_str() {
            "--photos" => args.photos = value()?.parse().map_err(|e| format!("--photos: {e}"))?,
            "--runs" => args.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--warm-runs" => {
                args.warm_runs = value()?.parse().map_err(|e| format!("--warm-runs: {e}"))?
            }
            "--verteller" => args.verteller = value()?.into(),
            "--keep" => args.keep = Some(value()?.into()),
            "--no-browser" => args.no_browser = true,
            "-h" | "--help" => {
                return Err("gebruik: bench-images [--photos 100] [--runs 3] \
                     [--warm-runs 10] [--keep MAP] [--verteller PAD] [--no-browser]"
                    .into());
            }
            other => return Err(format!("onbekende optie: {other}")),
        }
    }
    if args.photos == 0 || args.runs == 0 || args.warm_runs == 0 {
        return Err("--photos, --runs en --warm-runs moeten ≥ 1 zijn".into());
    }
    if !args.verteller.is_file() {
        return Err(format!(
            "{} bestaat niet (cargo build --release --bin verteller)",
            args.verteller.display()
        ));
    }
    Ok(args)
}

// ---------------------------------------------------------------------------
// Photos
// ---------------------------------------------------------------------------

/// A photo as a 12 MP phone stores it.
const PHOTO_WIDTH: u32 = 4000;
const PHOTO_HEIGHT: u32 = 3000;
const PHOTO_QUALITY: u8 = 92;
/// Bumped when the photos change, so a kept folder of older ones is not reused.
const PHOTOS_VERSION: &str = "photos-v1";
const SEED: u64 = 0x5645_5254_454c_4c52;

/// SplitMix64's finaliser: a well-mixed 64-bit hash of `x`.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A fixed-seed pseudo-random sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(1);
        mix(self.0)
    }

    /// Uniform in `[lo, hi)`.
    fn float(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * ((self.next() >> 40) as f32 / (1u64 << 24) as f32)
    }

    /// Uniform in `[0, n)`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Value noise in about `[-1, 1]`: hashed lattice values, smoothly interpolated.
fn noise(x: f32, y: f32, seed: u64) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let (ix, iy) = (x0 as i64, y0 as i64);
    let at = |dx: i64, dy: i64| {
        let h = mix(seed ^ ((ix + dx) as u64).wrapping_mul(0x1F1F_1F1F) ^ ((iy + dy) as u64) << 32);
        (h >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    };
    let top = at(0, 0) + (at(1, 0) - at(0, 0)) * sx;
    let bottom = at(0, 1) + (at(1, 1) - at(0, 1)) * sx;
    top + (bottom - top) * sy
}

/// A building in front of the horizon: flat colour with a grid of windows.
struct Building {
    x0: f32,
    x1: f32,
    top: f32,
    colour: [f32; 3],
    window: f32,
}

/// What one photo shows: sky and ground gradients, a horizon, buildings.
struct Scene {
    seed: u64,
    sky: [[f32; 3]; 2],
    ground: [[f32; 3]; 2],
    horizon: f32,
    buildings: Vec<Building>,
}

impl Scene {
    fn new(n: usize) -> Scene {
        let mut rng = Rng(SEED ^ mix(n as u64));
        let mut colour = |lo: [f32; 3], hi: [f32; 3]| {
            [
                rng.float(lo[0], hi[0]),
                rng.float(lo[1], hi[1]),
                rng.float(lo[2], hi[2]),
            ]
        };
        let sky = [
            colour([40.0, 90.0, 160.0], [90.0, 140.0, 220.0]),
            colour([160.0, 180.0, 200.0], [220.0, 225.0, 240.0]),
        ];
        let ground = [
            colour([60.0, 80.0, 30.0], [120.0, 130.0, 80.0]),
            colour([30.0, 40.0, 20.0], [90.0, 80.0, 60.0]),
        ];
        let mut rng = Rng(SEED ^ mix(n as u64 + 1_000_000));
        let horizon = rng.float(0.35, 0.6) * PHOTO_HEIGHT as f32;
        let mut buildings = Vec::new();
        let mut x = rng.float(-200.0, 400.0);
        while x < PHOTO_WIDTH as f32 {
            let width = rng.float(250.0, 900.0);
            if rng.below(4) > 0 {
                let grey = rng.float(70.0, 200.0);
                buildings.push(Building {
                    x0: x,
                    x1: x + width,
                    top: horizon - rng.float(150.0, 900.0),
                    colour: [
                        grey + rng.float(-10.0, 30.0),
                        grey + rng.float(-15.0, 10.0),
                        grey + rng.float(-20.0, 5.0),
                    ],
                    window: rng.float(28.0, 60.0),
                });
            }
            x += width + rng.float(0.0, 300.0);
        }
        Scene {
            seed: mix(SEED ^ n as u64),
            sky,
            ground,
            horizon,
            buildings,
        }
    }

    fn pixel(&self, x: u32, y: u32) -> image::Rgb<u8> {
        let (fx, fy) = (x as f32, y as f32);
        let grain = mix(self.seed ^ (u64::from(y) << 32 | u64::from(x)));
        // Sensor noise: mostly luminance, a little colour.
        let byte = |shift: u32| ((grain >> shift) & 0xff) as f32 / 127.5 - 1.0;
        let (luma, chroma) = (byte(0) + byte(8), [byte(16), byte(24), byte(32)]);
        let lerp = |a: [f32; 3], b: [f32; 3], t: f32| {
            [
                a[0] + (b[0] - a[0]) * t,
                a[1] + (b[1] - a[1]) * t,
                a[2] + (b[2] - a[2]) * t,
            ]
        };
        let (mut rgb, grainy) = if let Some(b) = self
            .buildings
            .iter()
            .find(|b| fx >= b.x0 && fx < b.x1 && fy >= b.top && fy < self.horizon + 40.0)
        {
            // Walls with a soft texture, windows darker with a lit edge.
            let (wx, wy) = ((fx - b.x0) / b.window, (fy - b.top) / (b.window * 1.4));
            let (cx, cy) = (wx.fract(), wy.fract());
            let glass = (0.25..0.75).contains(&cx) && (0.2..0.7).contains(&cy);
            let texture = 10.0 * noise(fx / 9.0, fy / 9.0, self.seed ^ 3);
            let shade = if glass { 0.45 + 0.2 * cx } else { 1.0 };
            (b.colour.map(|c| c * shade + texture), 5.0)
        } else if fy < self.horizon {
            let t = fy / self.horizon;
            let cloud = noise(fx / 420.0, fy / 160.0, self.seed ^ 1)
                + 0.5 * noise(fx / 150.0, fy / 60.0, self.seed ^ 2);
            let cloud = (cloud - 0.2).max(0.0) * 90.0;
            (lerp(self.sky[0], self.sky[1], t).map(|c| c + cloud), 3.5)
        } else {
            // Grass, paths, leaves: texture at several scales, coarser nearer the camera.
            let t = (fy - self.horizon) / (PHOTO_HEIGHT as f32 - self.horizon);
            let scale = 1.0 + 3.0 * t;
            let texture = 26.0 * noise(fx / (40.0 * scale), fy / (14.0 * scale), self.seed ^ 4)
                + 16.0 * noise(fx / (7.0 * scale), fy / (5.0 * scale), self.seed ^ 5)
                + 9.0 * noise(fx / 2.5, fy / 2.5, self.seed ^ 6);
            (
                lerp(self.ground[0], self.ground[1], t).map(|c| c + texture),
                8.0,
            )
        };
        // Vignetting, as a phone lens has.
        let (dx, dy) = (
            fx / PHOTO_WIDTH as f32 - 0.5,
            fy / PHOTO_HEIGHT as f32 - 0.5,
        );
        let vignette = 1.0 - 0.35 * (dx * dx + dy * dy);
        for (c, ch) in rgb.iter_mut().zip(chroma) {
            *c = *c * vignette + grainy * (luma + 0.4 * ch);
        }
        image::Rgb(rgb.map(|c| c.clamp(0.0, 255.0) as u8))
    }
}

/// EXIF orientation of photo `n`: every third one stored on its side (6: shown turned a
/// quarter clockwise, a portrait photo), the rest as they are.
fn orientation(n: usize) -> u16 {
    if n.is_multiple_of(3) { 6 } else { 1 }
}

/// Photo `n` as a phone writes it: the JPEG with an EXIF block right after SOI.
fn phone_photo(n: usize) -> Vec<u8> {
    let scene = Scene::new(n);
    let picture = image::RgbImage::from_fn(PHOTO_WIDTH, PHOTO_HEIGHT, |x, y| scene.pixel(x, y));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, PHOTO_QUALITY)
        .encode_image(&picture)
        .expect("JPEG in memory");
    // Somewhere in the Netherlands.
    let latitude = 51.0 + (n % 17) as f64 * 0.13;
    let longitude = 4.0 + (n % 23) as f64 * 0.11;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&exif_segment(orientation(n), latitude, longitude));
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Degrees as EXIF's three rationals: degrees, minutes, seconds (in hundredths).
fn dms(degrees: f64) -> [(u32, u32); 3] {
    let d = degrees.trunc();
    let minutes = (degrees - d) * 60.0;
    let m = minutes.trunc();
    let s = ((minutes - m) * 60.0 * 100.0).round();
    [(d as u32, 1), (m as u32, 1), (s as u32, 100)]
}

/// An APP1 segment with a big-endian TIFF block: IFD0 with the orientation and a pointer
/// to a GPS IFD with latitude (N) and longitude (E).
fn exif_segment(orientation: u16, latitude: f64, longitude: f64) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let entry = |tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        let mut e = tag.to_be_bytes().to_vec();
        e.extend_from_slice(&kind.to_be_bytes());
        e.extend_from_slice(&count.to_be_bytes());
        e.extend_from_slice(&value);
        e
    };
    let o = orientation.to_be_bytes();
    // IFD0: two entries (8 + 2 + 2·12 + 4 = 38), then the GPS IFD with four (2 + 4·12 +
    // 4 = 54), then the two triples of rationals (24 bytes each).
    let gps_at: u32 = 8 + 2 + 2 * 12 + 4;
    let latitude_at = gps_at + 2 + 4 * 12 + 4;
    let longitude_at = latitude_at + 24;
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend(entry(0x0112, 3, 1, [o[0], o[1], 0, 0]));
    tiff.extend(entry(0x8825, 4, 1, gps_at.to_be_bytes()));
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(&4u16.to_be_bytes());
    tiff.extend(entry(0x0001, 2, 2, *b"N\0\0\0"));
    tiff.extend(entry(0x0002, 5, 3, latitude_at.to_be_bytes()));
    tiff.extend(entry(0x0003, 2, 2, *b"E\0\0\0"));
    tiff.extend(entry(0x0004, 5, 3, longitude_at.to_be_bytes()));
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for (n, d) in dms(latitude).into_iter().chain(dms(longitude)) {
        tiff.extend_from_slice(&n.to_be_bytes());
        tiff.extend_from_slice(&d.to_be_bytes());
    }
    let mut segment = vec![0xFF, 0xE1];
    let len = u16::try_from(2 + 6 + tiff.len()).expect("a small segment");
    segment.extend_from_slice(&len.to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}

fn photo_name(n: usize) -> String {
    format!("foto-{n:03}.jpg")
}

/// Photos `1..=count` in `store`, made in parallel where missing (each written under a
/// temporary name first, so one that is there is whole); their total size.
fn make_photos(store: &Path, count: usize) -> Result<u64, String> {
    std::fs::create_dir_all(store).map_err(|e| format!("{}: {e}", store.display()))?;
    let t = Instant::now();
    let made = AtomicUsize::new(0);
    (1..=count).into_par_iter().try_for_each(|n| {
        let path = store.join(photo_name(n));
        if path.is_file() {
            return Ok(());
        }
        let part = path.with_extension("jpg.part");
        std::fs::write(&part, phone_photo(n))
            .and_then(|()| std::fs::rename(&part, &path))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        made.fetch_add(1, Ordering::Relaxed);
        Ok::<(), String>(())
    })?;
    let made = made.into_inner();
    if made > 0 {
        eprintln!(
            "bench-images: {made} foto's van 12 MP gemaakt in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    (1..=count)
        .map(|n| {
            std::fs::metadata(store.join(photo_name(n)))
                .map(|m| m.len())
                .map_err(|e| e.to_string())
        })
        .sum()
}

// ---------------------------------------------------------------------------
// Sites
// ---------------------------------------------------------------------------

/// Words for titles and paragraphs; the first ten are small words, not for titles.
const WORDS: &str = "de het een en van met voor in op bij wijk buurt gemeente bewoners uitvoering \
     beleid samen ruimte vertrouwen loket gesprek aanpak regels zorg jeugd wonen werk \
     plein school afspraak team raad vraag antwoord oplossing ervaring toekomst \
     verandering inwoners professionals maatwerk brief tijd kracht netwerk leren \
     luisteren helpen bouwen delen";

fn word(rng: &mut Rng, from: usize) -> &'static str {
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    words[from + rng.below(words.len() - from)]
}

fn sentence(out: &mut String, rng: &mut Rng, words: usize) {
    for w in 0..words {
        let word = word(rng, 0);
        if w == 0 {
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push_str(". ");
}

fn paragraph(out: &mut String, rng: &mut Rng) {
    for _ in 0..3 + rng.below(3) {
        let words = 7 + rng.below(9);
        sentence(out, rng, words);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out.push_str("\n\n");
}

/// Story `n`'s Markdown, with or without its photo.
fn story(n: usize, with_photo: bool) -> String {
    let mut rng = Rng(SEED ^ mix(n as u64 + 7_000_000));
    let mut out = String::from("---\n");
    let title_word = word(&mut rng, 10);
    let _ = writeln!(out, "title: Verhaal {n} over {title_word}");
    let day = n - 1;
    let _ = writeln!(
        out,
        "date: {:04}-{:02}-{:02}",
        2024 + day / 336,
        day / 28 % 12 + 1,
        day % 28 + 1
    );
    out.push_str("themes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger]\n");
    if with_photo {
        let _ = writeln!(out, "image: {}", photo_name(n));
        let _ = writeln!(
            out,
            "image_alt: Het {title_word} in de buurt van verhaal {n}"
        );
    }
    out.push_str("---\n");
    paragraph(&mut out, &mut rng);
    out.push_str("## Aanpak\n\n");
    paragraph(&mut out, &mut rng);
    paragraph(&mut out, &mut rng);
    out.push_str("## Resultaat\n\n");
    paragraph(&mut out, &mut rng);
    out.push_str("Zie ook [[begin]].\n");
    out
}

fn story_id(n: usize) -> String {
    format!("verhaal-{n:03}")
}

fn write_file(path: &Path, text: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A site with `count` stories, anew: with photos from `store` (hard links), or without.
fn write_site(dir: &Path, count: usize, store: Option<&Path>) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    set_search(dir, true)?;
    // The smallest valid site without its config (written above) and its one story.
    let shape = minimal::MINIMAL
        .iter()
        .filter(|(path, _)| *path != "site.toml" && !path.starts_with("content/verhalen/"));
    for (path, text) in shape {
        write_file(&dir.join(path), text.as_bytes())?;
    }
    let stories = dir.join("content/verhalen");
    for n in 1..=count {
        let md = stories.join(format!("{}.md", story_id(n)));
        write_file(&md, story(n, store.is_some()).as_bytes())?;
        if let Some(store) = store {
            let (from, to) = (store.join(photo_name(n)), stories.join(photo_name(n)));
            std::fs::hard_link(&from, &to)
                .or_else(|_| std::fs::copy(&from, &to).map(drop))
                .map_err(|e| format!("{}: {e}", to.display()))?;
        }
    }
    Ok(())
}

/// Writes the site's `site.toml` with search on or off.
fn set_search(site: &Path, enabled: bool) -> Result<(), String> {
    let text = format!(
        "title = \"Beeldbank\"\nbase_url = \"https://example.org/\"\n\
         municipality = \"Gemeente Test\"\n\n[search]\nenabled = {enabled}\n"
    );
    write_file(&site.join("site.toml"), text.as_bytes())
}

// ---------------------------------------------------------------------------
// Builds
// ---------------------------------------------------------------------------

/// One timed build.
struct Run {
    wall: Duration,
    cpu: Option<Duration>,
    rss_kb: Option<u64>,
    stderr: String,
}

/// `verteller build --root SITE --output OUT [extra]`, under `/usr/bin/time -v` when
/// there is one (for user+sys and peak RSS).
fn build(
    verteller: &Path,
    site: &Path,
    out: &Path,
    extra: &[&str],
    time_v: bool,
) -> Result<Run, String> {
    let mut cmd = if time_v {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(verteller);
        c
    } else {
        Command::new(verteller)
    };
    cmd.arg("build")
        .arg("--root")
        .arg(site)
        .arg("--output")
        .arg(out)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let output = cmd
        .output()
        .map_err(|e| format!("{}: {e}", verteller.display()))?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("build van {} faalde:\n{stderr}", site.display()));
    }
    let field = |name: &str| -> Option<f64> {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
    };
    let cpu = match (
        field("User time (seconds):"),
        field("System time (seconds):"),
    ) {
        (Some(u), Some(s)) => Some(Duration::from_secs_f64(u + s)),
        _ => None,
    };
    Ok(Run {
        wall,
        cpu,
        rss_kb: field("Maximum resident set size (kbytes):").map(|kb| kb as u64),
        stderr,
    })
}

/// Output folders, a new one for every build (as a fresh checkout builds), all removed
/// at the end (see `Outputs` in `examples/bench.rs` for why not sooner).
struct Outputs {
    base: PathBuf,
    made: Vec<PathBuf>,
}

impl Outputs {
    fn fresh(&mut self) -> PathBuf {
        let dir = self.base.join(format!("out-{}", self.made.len()));
        let _ = std::fs::remove_dir_all(&dir);
        self.made.push(dir.clone());
        dir
    }

    fn remove_all(&mut self) {
        for dir in self.made.drain(..) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn sync() {
    let _ = Command::new("sync").status();
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    let n = xs.len();
    if n == 0 {
        Duration::ZERO
    } else if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2
    }
}

/// Timed builds of one site in one state.
#[derive(Default)]
struct Series {
    runs: Vec<Run>,
}

impl Series {
    fn wall(&self) -> Duration {
        median(self.runs.iter().map(|r| r.wall).collect())
    }

    fn cpu(&self) -> Option<Duration> {
        let cpus: Option<Vec<Duration>> = self.runs.iter().map(|r| r.cpu).collect();
        cpus.map(median)
    }

    /// The search index's time, as each build reports it ("Zoekindex: … in 0,06 s").
    fn search(&self) -> Option<Duration> {
        let times: Option<Vec<Duration>> =
            self.runs.iter().map(|r| search_time(&r.stderr)).collect();
        times.filter(|t| !t.is_empty()).map(median)
    }

    fn rss_mb(&self) -> Option<f64> {
        self.runs
            .iter()
            .filter_map(|r| r.rss_kb)
            .max()
            .map(|kb| kb as f64 / 1024.0)
    }

    /// "0.81, 0.79, 0.80" (seconds, in run order).
    fn list(&self) -> String {
        self.runs
            .iter()
            .map(|r| format!("{:.2}", r.wall.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The time in a build's search line ("Zoekindex: 123 bestanden, 732 kB in 0,09 s.").
fn search_time(stderr: &str) -> Option<Duration> {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("Zoekindex:") || l.starts_with("Search index:"))?;
    let (_, time) = line.rsplit_once(" in ")?;
    let time = time
        .trim_end_matches('.')
        .strip_suffix(" s")?
        .replace(',', ".");
    time.parse().ok().map(Duration::from_secs_f64)
}

/// Whether a build encoded photos ("N foto's verkleind en omgezet" in its report).
fn encoded_photos(stderr: &str) -> bool {
    stderr.contains("verkleind")
}

/// `--timings` stage lines ("  Lezen        12,3 ms") as (stage, milliseconds).
fn stages(stderr: &str) -> Vec<(String, f64)> {
    stderr
        .lines()
        .filter(|l| l.starts_with("  "))
        .filter_map(|l| {
            let l = l.trim().strip_suffix(" ms")?;
            let (label, ms) = l.rsplit_once(' ')?;
            let ms: f64 = ms.replace(',', ".").parse().ok()?;
            Some((label.trim().to_string(), ms))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Output sizes
// ---------------------------------------------------------------------------

/// What kind of photo file an output file is, by its name
/// (`foto-001-800.1a2b3c4d.webp`, `foto-001-og.1a2b3c4d.jpg`), or `None`.
fn variant_kind(name: &str) -> Option<&'static str> {
    let mut parts = name.rsplitn(3, '.');
    let (ext, tag, rest) = (parts.next()?, parts.next()?, parts.next()?);
    if tag.len() != 8 || !tag.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let (_, size) = rest.rsplit_once('-')?;
    if size == "og" {
        return Some("og");
    }
    if size.is_empty() || !size.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match ext {
        "webp" => Some("webp"),
        "jpg" => Some("jpg"),
        "png" => Some("png"),
        _ => None,
    }
}

/// The bytes of every HTML file of an output.
fn html_bytes(out: &Path) -> u64 {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Photo files of an output: kind → (files, bytes).
fn variant_sizes(out: &Path) -> BTreeMap<&'static str, (usize, u64)> {
    let mut sizes = BTreeMap::new();
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if let Some(kind) = variant_kind(&name) {
            let len = entry.metadata().map_or(0, |m| m.len());
            let slot = sizes.entry(kind).or_insert((0, 0));
            slot.0 += 1;
            slot.1 += len;
        }
    }
    sizes
}

// ---------------------------------------------------------------------------
// Static server
// ---------------------------------------------------------------------------

/// At most this many requests are answered; then the server stops on its own.
const MAX_REQUESTS: usize = 10_000;

/// A static-file HTTP/1.1 server on `127.0.0.1:<free port>` serving a folder: GET and
/// HEAD, `/x/` → `/x/index.html`, `/x` for a folder → 301, no `..`; every response
/// closes its connection and says `Cache-Control: no-store`. Stops when dropped.
struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(root: &Path) -> Result<Server, String> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let stop = Arc::new(AtomicBool::new(false));
        let root = Arc::new(root.to_path_buf());
        let flag = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            for (n, conn) in listener.incoming().enumerate() {
                if flag.load(Ordering::SeqCst) || n >= MAX_REQUESTS {
                    break;
                }
                let Ok(stream) = conn else { continue };
                let root = Arc::clone(&root);
                thread::spawn(move || {
                    let _ = answer(&root, stream);
                });
            }
        });
        Ok(Server {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the blocking accept so the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.by_ref().take(8192).read_line(&mut line)?;
    // The headers, up to the blank line, bounded.
    let mut head = 0;
    loop {
        let mut h = String::new();
        let n = reader.by_ref().take(8192).read_line(&mut h)?;
        head += n;
        if n == 0 || h.trim().is_empty() || head > 64 * 1024 {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = target.split(['?', '#']).next().unwrap_or("");
    let safe = path.starts_with('/')
        && !path.contains(['%', '\\', '\0'])
        && Path::new(&path[1..])
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    let (status, ctype, body, location) = if method != "GET" && method != "HEAD" {
        (405, "text/plain", b"method not allowed".to_vec(), None)
    } else if !safe {
        (400, "text/plain", b"bad path".to_vec(), None)
    } else {
        let mut file = root.join(&path[1..]);
        if path.ends_with('/') {
            file = file.join("index.html");
        }
        if file.is_dir() {
            (
                301,
                "text/plain",
                b"moved".to_vec(),
                Some(format!("{path}/")),
            )
        } else {
            match std::fs::read(&file) {
                Ok(body) => (200, content_type(&file), body, None),
                Err(_) => (404, "text/plain", b"not found".to_vec(), None),
            }
        }
    };
    let mut response = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Connection: close\r\nCache-Control: no-store\r\n",
        body.len()
    );
    if let Some(location) = location {
        let _ = write!(response, "Location: {location}\r\n");
    }
    response.push_str("\r\n");
    stream.write_all(response.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    stream.shutdown(Shutdown::Write)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "webp" => "image/webp",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

// ---------------------------------------------------------------------------
// Chromium through chromedriver
// ---------------------------------------------------------------------------

fn chromium_path() -> PathBuf {
    std::env::var_os("VERTELLER_CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), Into::into)
}

fn chromedriver_path() -> PathBuf {
    std::env::var_os("VERTELLER_CHROMEDRIVER")
        .map_or_else(|| "/usr/bin/chromedriver".into(), Into::into)
}

/// chromedriver in its own process group, ended (with every Chromium it started) when
/// dropped.
struct Driver {
    child: Option<Child>,
    base: String,
    agent: ureq::Agent,
}

impl Driver {
    fn start(log: &Path) -> Result<Driver, String> {
        for name in [chromium_path(), chromedriver_path()] {
            if !name.is_file() {
                return Err(format!(
                    "{} ontbreekt (apt-get install chromium chromium-driver)",
                    name.display()
                ));
            }
        }
        let mut last = String::new();
        // A free port can be taken between asking for it and chromedriver binding it.
        for _ in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map_err(|e| e.to_string())?
                .port();
            let log = std::fs::File::create(log).map_err(|e| e.to_string())?;
            let log2 = log.try_clone().map_err(|e| e.to_string())?;
            let mut cmd = Command::new(chromedriver_path());
            cmd.arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(log)
                .stderr(log2);
            #[cfg(unix)]
            std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
            let child = cmd.spawn().map_err(|e| format!("chromedriver: {e}"))?;
            let driver = Driver {
                child: Some(child),
                base: format!("http://127.0.0.1:{port}"),
                agent: ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .proxy(None)
                    .timeout_connect(Some(Duration::from_secs(2)))
                    .timeout_global(Some(Duration::from_secs(60)))
                    .build()
                    .new_agent(),
            };
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                match driver.request("GET", "/status", None) {
                    Ok(v) if v["ready"] == Value::Bool(true) => return Ok(driver),
                    Ok(v) => last = v.to_string(),
                    Err(e) => last = e,
                }
                thread::sleep(Duration::from_millis(100));
            }
        }
        Err(format!("chromedriver werd niet gereed: {last}"))
    }

    /// One WebDriver call: the response's `value`, or the error as text.
    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self
                .agent
                .post(&url)
                .send_json(body.unwrap_or_else(|| json!({}))),
        };
        let mut response = response.map_err(|e| format!("{method} {path}: {e}"))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let parsed: Value =
            serde_json::from_str(&text).map_err(|e| format!("{method} {path}: {e}: {text}"))?;
        let value = parsed.get("value").cloned().unwrap_or(Value::Null);
        if status >= 400 {
            return Err(format!(
                "{method} {path}: HTTP {status}: {}",
                value["message"].as_str().unwrap_or(&text)
            ));
        }
        Ok(value)
    }

    /// A new headless Chromium with a profile of its own: (session id, browser version).
    fn session(&self, profile: &Path) -> Result<(String, String), String> {
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "pageLoad": 60_000, "script": 60_000, "implicit": 0 },
            "goog:chromeOptions": {
                "binary": chromium_path(),
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                    "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.display()),
                    "--window-size=1280,900",
                ]
            }
        }}});
        let v = self.request("POST", "/session", Some(caps))?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("geen sessionId in {v}"))?;
        let version = v["capabilities"]["browserVersion"].as_str().unwrap_or("?");
        Ok((id.to_string(), version.to_string()))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // The group is chromedriver's own (its id), with every Chromium it started.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A window to load the story page in.
struct Window {
    width: u32,
    height: u32,
    dpr: u32,
    mobile: bool,
}

const WINDOWS: [Window; 3] = [
    Window {
        width: 375,
        height: 812,
        dpr: 1,
        mobile: true,
    },
    Window {
        width: 375,
        height: 812,
        dpr: 2,
        mobile: true,
    },
    Window {
        width: 1280,
        height: 800,
        dpr: 1,
        mobile: false,
    },
];

/// What one page load cost.
struct Transfer {
    total: u64,
    html: u64,
    /// All images (photo variants, icons).
    images: u64,
    /// Photo variants only, and how many.
    photos: u64,
    photo_count: usize,
    requests: usize,
    lead: String,
    lead_css_width: f64,
}

/// Scrolls to the bottom in half-screen steps (so every lazy image comes near the
/// viewport), waits until for a second no resource entry was added and no image is
/// incomplete, then reports the resource timing entries and the lead photo's choice.
const MEASURE: &str = r#"
const done = arguments[arguments.length - 1];
performance.setResourceTimingBufferSize(10000);
const size = e => e.transferSize || e.encodedBodySize || 0;
const collect = () => {
  const nav = performance.getEntriesByType('navigation')[0];
  const lead = document.querySelector('img.story-image');
  return {
    nav: nav ? size(nav) : 0,
    resources: performance.getEntriesByType('resource').map(e => ({
      name: e.name, type: e.initiatorType, bytes: size(e)
    })),
    lead: lead ? lead.currentSrc : '',
    leadWidth: lead ? lead.getBoundingClientRect().width : 0,
  };
};
let seen = -1, quiet = performance.now();
const settle = () => {
  const n = performance.getEntriesByType('resource').length;
  const pending = Array.from(document.images).some(i => !i.complete);
  if (n !== seen || pending) { seen = n; quiet = performance.now(); }
  if (performance.now() - quiet > 1000) done(collect()); else setTimeout(settle, 100);
};
let y = 0;
const step = () => {
  y += Math.max(100, window.innerHeight / 2);
  window.scrollTo(0, y);
  if (y < document.documentElement.scrollHeight) setTimeout(step, 50);
  else settle();
};
step();
"#;

fn is_image_url(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [".webp", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".avif"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// Loads `url` in a new Chromium with `window`'s metrics and measures it.
fn load_page(
    driver: &Driver,
    profile: &Path,
    url: &str,
    window: &Window,
) -> Result<(Transfer, String), String> {
    let (id, version) = driver.session(profile)?;
    let at = |rest: &str| format!("/session/{id}{rest}");
    let result = (|| {
        driver.request(
            "POST",
            &at("/goog/cdp/execute"),
            Some(
                json!({ "cmd": "Emulation.setDeviceMetricsOverride", "params": {
                    "width": window.width, "height": window.height,
                    "deviceScaleFactor": window.dpr, "mobile": window.mobile
                }}),
            ),
        )?;
        driver.request("POST", &at("/url"), Some(json!({ "url": url })))?;
        let v = driver.request(
            "POST",
            &at("/execute/async"),
            Some(json!({ "script": MEASURE, "args": [] })),
        )?;
        let resources = v["resources"].as_array().cloned().unwrap_or_default();
        let bytes = |r: &Value| r["bytes"].as_u64().unwrap_or(0);
        let name = |r: &Value| r["name"].as_str().unwrap_or("").to_string();
        let images: Vec<&Value> = resources
            .iter()
            .filter(|r| is_image_url(&name(r)))
            .collect();
        let photos: Vec<&Value> = images
            .iter()
            .copied()
            .filter(|r| {
                let url = name(r);
                let file = url.split(['?', '#']).next().unwrap_or("");
                variant_kind(file.rsplit('/').next().unwrap_or("")).is_some()
            })
            .collect();
        let html = v["nav"].as_u64().unwrap_or(0);
        Ok(Transfer {
            total: html + resources.iter().map(bytes).sum::<u64>(),
            html,
            images: images.iter().map(|r| bytes(r)).sum(),
            photos: photos.iter().map(|r| bytes(r)).sum(),
            photo_count: photos.len(),
            requests: 1 + resources.len(),
            lead: v["lead"].as_str().unwrap_or("").to_string(),
            lead_css_width: v["leadWidth"].as_f64().unwrap_or(0.0),
        })
    })();
    let _ = driver.request("DELETE", &format!("/session/{id}"), None);
    result.map(|t| (t, version))
}

/// The story page in each window, and the browser's version.
struct Measured {
    pages: Vec<(&'static Window, Transfer)>,
    version: String,
}

/// The story page in every window, or why it could not be measured.
fn browser_part(out: &Path, page: &str, tmp: &Path) -> Result<Measured, String> {
    let server = Server::start(out)?;
    let driver = Driver::start(&tmp.join("chromedriver.log"))?;
    let mut results = Vec::new();
    let mut version = String::new();
    for (k, window) in WINDOWS.iter().enumerate() {
        let profile = tmp.join(format!("chromium-profile-{k}"));
        let (transfer, v) = load_page(&driver, &profile, &server.url(page), window)?;
        version = v;
        results.push((window, transfer));
    }
    drop(driver);
    drop(server);
    Ok(Measured {
        pages: results,
        version,
    })
}

// ---------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1e3
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "?".into())
}

/// One row of the table: what, each run, the median, notes.
struct Row(String, String, String, String);

fn run(args: &Args, tmp: &Path, outputs: &mut Outputs) -> Result<(), String> {
    let store = tmp.join(PHOTOS_VERSION);
    let bytes_in = make_photos(&store, args.photos)?;
    let photos_site = tmp.join("site-fotos");
    let plain_site = tmp.join("site-zonder");
    write_site(&photos_site, args.photos, Some(&store))?;
    write_site(&plain_site, args.photos, None)?;
    eprintln!(
        "bench-images: {} verhalen, {} foto's ({:.0} MB, {:.1} MB per foto)",
        args.photos,
        args.photos,
        mb(bytes_in),
        mb(bytes_in) / args.photos as f64
    );
    let time_v = Path::new("/usr/bin/time").is_file();
    let verteller = args.verteller.as_path();
    // Each build into an output folder never used before; the run and that folder.
    let mut timed = |site: &Path, extra: &[&str]| -> Result<(Run, PathBuf), String> {
        let out = outputs.fresh();
        sync();
        let run = build(verteller, site, &out, extra, time_v)?;
        Ok((run, out))
    };

    // First builds: no cache.
    let mut cold = Series::default();
    for k in 0..args.runs {
        let _ = std::fs::remove_dir_all(photos_site.join(".verteller-cache"));
        let (run, _) = timed(&photos_site, &[])?;
        if !encoded_photos(&run.stderr) {
            return Err(format!(
                "de eerste build codeerde geen foto's:\n{}",
                run.stderr
            ));
        }
        eprintln!(
            "bench-images: eerste build {}/{}: {:.1} s",
            k + 1,
            args.runs,
            secs(run.wall)
        );
        cold.runs.push(run);
    }

    // Warm rebuilds against the site without images, taking turns, search on and off.
    let mut pairs = Vec::new();
    let (mut last_warm_out, mut last_plain_out) = (PathBuf::new(), PathBuf::new());
    for search in [true, false] {
        set_search(&photos_site, search)?;
        set_search(&plain_site, search)?;
        // Warm-ups: the page cache, and the photo index's stamps (a file changed less
        // than 2 s before a build is read again until a later build stamps it).
        timed(&photos_site, &[])?;
        timed(&plain_site, &[])?;
        let (mut warm, mut plain) = (Series::default(), Series::default());
        for _ in 0..args.warm_runs {
            let (run, out) = timed(&photos_site, &[])?;
            if encoded_photos(&run.stderr) {
                eprintln!("bench-images: let op, een warme build codeerde foto's");
            }
            warm.runs.push(run);
            if search {
                last_warm_out = out;
            }
            let (run, out) = timed(&plain_site, &[])?;
            plain.runs.push(run);
            if search {
                last_plain_out = out;
            }
        }
        eprintln!(
            "bench-images: zoeken {}: warm {:.3} s, zonder foto's {:.3} s",
            if search { "aan" } else { "uit" },
            secs(warm.wall()),
            secs(plain.wall())
        );
        pairs.push((search, warm, plain));
    }
    // Where the difference goes: one build of each with --timings (search on).
    set_search(&photos_site, true)?;
    set_search(&plain_site, true)?;
    let with_stages = stages(&timed(&photos_site, &["--timings"])?.0.stderr);
    let plain_stages = stages(&timed(&plain_site, &["--timings"])?.0.stderr);

    // HTML with and without photos (srcset in every card and page).
    let (html_with, html_without) = (html_bytes(&last_warm_out), html_bytes(&last_plain_out));

    // Bytes out: the photo files of a warm output.
    let sizes = variant_sizes(&last_warm_out);
    let bytes_out: u64 = sizes.values().map(|(_, b)| b).sum();
    let files_out: usize = sizes.values().map(|(n, _)| n).sum();

    // The story page in Chromium: a landscape photo's story (orientation 1).
    let story = (1..=args.photos)
        .find(|&n| orientation(n) == 1)
        .unwrap_or(1);
    let page = format!("/verhalen/{}/", story_id(story));
    let browser = if args.no_browser {
        Err("overgeslagen (--no-browser)".to_string())
    } else if !last_warm_out.join(&page[1..]).join("index.html").is_file() {
        Err(format!("{page} staat niet in de uitvoer"))
    } else {
        browser_part(&last_warm_out, &page, tmp)
    };
    if let Err(why) = &browser {
        eprintln!("bench-images: Chromium: {why}");
    }

    // The table.
    let mut rows = Vec::new();
    let (cold_wall, cold_cpu) = (cold.wall(), cold.cpu());
    let mut notes = format!("{} foto's gecodeerd", args.photos);
    if let Some(cpu) = cold_cpu {
        let _ = write!(notes, "; user+sys {:.1} s", secs(cpu));
    }
    if let Some(rss) = cold.rss_mb() {
        let _ = write!(notes, "; piek-RSS {rss:.0} MB");
    }
    rows.push(Row(
        "eerste build (lege cache), zoeken aan".into(),
        cold.list(),
        format!("{:.2} s", secs(cold_wall)),
        notes,
    ));
    let mut warm_search_on = Duration::ZERO;
    for (search, warm, plain) in &pairs {
        let label = if *search { "zoeken aan" } else { "zoeken uit" };
        if *search {
            warm_search_on = warm.wall();
        }
        let extra = |s: &Series| {
            let mut n = String::new();
            if let Some(cpu) = s.cpu() {
                let _ = write!(n, "user+sys {:.2} s", secs(cpu));
            }
            if let Some(rss) = s.rss_mb() {
                let _ = write!(n, "; piek-RSS {rss:.0} MB");
            }
            if let Some(search) = s.search() {
                let _ = write!(n, "; zoekindex {:.0} ms", secs(search) * 1e3);
            }
            n
        };
        rows.push(Row(
            format!("herbouw, warme cache, {label}"),
            warm.list(),
            format!("{:.3} s", secs(warm.wall())),
            extra(warm),
        ));
        rows.push(Row(
            format!("zelfde site zonder foto's, {label}"),
            plain.list(),
            format!("{:.3} s", secs(plain.wall())),
            extra(plain),
        ));
        let ratio = secs(warm.wall()) / secs(plain.wall());
        rows.push(Row(
            format!("warm / zonder foto's, {label}"),
            String::new(),
            format!("{ratio:.3}"),
            format!(
                "binnen 10 %: {} ({:+.0} ms)",
                if ratio <= 1.10 { "ja" } else { "nee" },
                (secs(warm.wall()) - secs(plain.wall())) * 1e3
            ),
        ));
    }
    let encode_time = secs(cold_wall.saturating_sub(warm_search_on));
    rows.push(Row(
        "coderen (eerste build − warme herbouw)".into(),
        String::new(),
        format!("{:.2} foto's/s", args.photos as f64 / encode_time),
        format!(
            "{:.1} MB/s bron, {:.1} MP/s; {:.2} s per foto",
            mb(bytes_in) / encode_time,
            args.photos as f64 * 12.0 / encode_time,
            encode_time / args.photos as f64
        ),
    ));
    rows.push(Row(
        "bytes in → bytes uit".into(),
        String::new(),
        format!(
            "{:.1} MB → {:.1} MB ({:.1} %)",
            mb(bytes_in),
            mb(bytes_out),
            100.0 * bytes_out as f64 / bytes_in as f64
        ),
        format!(
            "{files_out} bestanden; per foto {:.2} MB → {:.0} kB",
            mb(bytes_in) / args.photos as f64,
            kb(bytes_out) / args.photos as f64
        ),
    ));
    for (kind, label) in [
        ("webp", "WebP (lossy q75), alle breedtes"),
        ("jpg", "JPEG-terugval (q80), één breedte"),
        ("png", "PNG-terugval"),
        ("og", "Open Graph 1200×630 (JPEG)"),
    ] {
        if let Some((n, bytes)) = sizes.get(kind) {
            rows.push(Row(
                format!("  uit: {label}"),
                String::new(),
                format!("{:.1} MB", mb(*bytes)),
                format!("{n} bestanden, gemiddeld {:.0} kB", kb(*bytes) / *n as f64),
            ));
        }
    }
    rows.push(Row(
        "HTML in de uitvoer, met → zonder foto's".into(),
        String::new(),
        format!("{:.0} kB → {:.0} kB", kb(html_with), kb(html_without)),
        format!(
            "{:+.0} % door `<picture>`/`srcset` (zoekindex, privacycontrole en schrijven lezen \
             het allemaal)",
            100.0 * (html_with as f64 / html_without as f64 - 1.0)
        ),
    ));
    let mut chromium = None;
    match &browser {
        Ok(measured) => {
            chromium = Some(measured.version.clone());
            for (w, t) in &measured.pages {
                let lead = t.lead.rsplit('/').next().unwrap_or("");
                rows.push(Row(
                    format!(
                        "verhaalpagina {} px, DPR {}{}",
                        w.width,
                        w.dpr,
                        if w.mobile { " (mobiel)" } else { "" }
                    ),
                    String::new(),
                    format!("{:.1} kB", kb(t.total)),
                    format!(
                        "foto's {:.1} kB ({} bestand(en)), alle beelden {:.1} kB, HTML {:.1} kB, \
                         {} verzoeken; hoofdfoto `{lead}` op {:.0} CSS-px",
                        kb(t.photos),
                        t.photo_count,
                        kb(t.images),
                        kb(t.html),
                        t.requests,
                        t.lead_css_width
                    ),
                ));
            }
        }
        Err(why) => rows.push(Row(
            "verhaalpagina in Chromium".into(),
            String::new(),
            "–".into(),
            why.clone(),
        )),
    }

    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!(
        "{cores} kernen, {}; {} verhalen met elk een foto van 12 MP; eerste build {} runs, \
         warm {} runs (mediaan); Chromium {}; verhaalpagina {page}",
        cpu_model(),
        args.photos,
        args.runs,
        args.warm_runs,
        chromium.as_deref().unwrap_or("niet gemeten"),
    );
    println!();
    println!("| meting | runs (s) | mediaan | toelichting |");
    println!("| --- | --- | ---: | --- |");
    for Row(what, runs, median, notes) in &rows {
        println!("| {what} | {runs} | {median} | {notes} |");
    }
    if !with_stages.is_empty() {
        println!();
        println!("Stappen van één warme herbouw (`--timings`, zoeken aan):");
        println!();
        println!("| stap | met foto's (ms) | zonder (ms) | verschil (ms) |");
        println!("| --- | ---: | ---: | ---: |");
        for (stage, ms) in &with_stages {
            let other = plain_stages
                .iter()
                .find(|(s, _)| s == stage)
                .map(|(_, m)| *m);
            println!(
                "| {stage} | {ms:.1} | {} | {} |",
                other.map_or("–".into(), |m| format!("{m:.1}")),
                other.map_or("–".into(), |m| format!("{:+.1}", ms - m))
            );
        }
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench-images: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let tmp = match &args.keep {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("verteller-bench-images-{}", std::process::id())),
    };
    if let Err(e) = std::fs::create_dir_all(&tmp) {
        eprintln!("bench-images: {}: {e}", tmp.display());
        return std::process::ExitCode::FAILURE;
    }
    let started = Instant::now();
    let mut outputs = Outputs {
        base: tmp.join("uitvoer"),
        made: Vec::new(),
    };
    let result = run(&args, &tmp, &mut outputs);
    outputs.remove_all();
    if args.keep.is_none() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    match result {
        Ok(()) => {
            eprintln!(
                "bench-images: klaar in {:.0} s",
                started.elapsed().as_secs_f64()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-images: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
