//! Generates a large, valid synthetic verteller site, for benchmarks and stress tests.
//!
//! Why: the example site in `content/` has a handful of documents; the related-stories
//! ranking, backlinks, link validation, pagination and the parallel stages only show their
//! cost (and their quadratic mistakes) with thousands of stories. This tool writes such a
//! site: four agenda themes, the four quadrants, eight chapters, twelve agenda items and N
//! stories in year subfolders (`verhalen/2024/…`) with ≈ 500 words of pseudo-Dutch text,
//! headings, relative Markdown links with anchors and wiki links between the stories. Every
//! reference and link targets a document that exists, so a build reports no errors and no
//! warnings. The output depends only on N and the seed (same seed, same bytes): no clock,
//! no environment, no hash-map order.
//!
//! Run:
//!
//! ```text
//! cargo run --release --example gen-site -- OUT --stories N [--seed S]
//! cargo run --release -- build --root OUT
//! ```
//!
//! `OUT` must be missing or empty; the seed defaults to 1. Std only, no dependencies.
//!
//! With `--hugo` it writes the same site (same seed: the same titles, dates, bodies, agenda
//! themes, quadrants and roles) as a Hugo site, for `examples/bench.rs`: `hugo.toml`,
//! `content/…` with Hugo front matter and minimal layouts under `layouts/_default/`.
//! Differences, all needed for Hugo:
//!
//! - Taxonomies `thema = "themas"`, `kwadrant = "kwadranten"`, `rol = "rollen"`: the front
//!   matter keys `themes`, `quadrants`, `roles` (and an agenda item's `theme`) become
//!   `themas`, `kwadranten`, `rollen`, so the URLs match verteller's (`/themas/<id>/`). The
//!   names avoid `theme`/`themes`, which Hugo uses for its own template themes (the `theme`
//!   config key, the `themes/` folder).
//! - Agenda themes and quadrants are the term pages' content (`content/themas/<id>/_index.md`).
//! - Stories keep their year folders and get `url: /verhalen/<id>/`.
//! - Relative `.md` links and `[[wiki]]` links become plain absolute links
//!   (`/verhalen/<id>/#aanpak`); a wiki link without a label gets the target's title.
//! - `related` is dropped: Hugo is measured without related content.
//!
//! ```text
//! cargo run --release --example gen-site -- OUT --stories N [--seed S] --hugo
//! hugo -s OUT -d OUT/public
//! ```

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Agenda themes: (id, title, summary).
const THEMES: [(&str, &str, &str); 4] = [
    (
        "uitvoeringsdriehoek",
        "De uitvoeringsdriehoek als leidraad",
        "We denken vanuit burger, uitvoerder en beleidmaker samen.",
    ),
    (
        "professionele-autonomie",
        "Professionele autonomie als speerpunt",
        "Professionals krijgen ruimte om te doen wat nodig is.",
    ),
    (
        "een-overheid",
        "Optrekken als één overheid",
        "Voor de inwoner is er maar één overheid.",
    ),
    (
        "gemoedsrust-en-leren",
        "Gemoedsrust en leren",
        "We nemen de tijd om te leren van wat we doen.",
    ),
];

/// Quadrants: (id, title, sturing, richting). Each axes pair occurs exactly once.
const QUADRANTS: [(&str, &str, &str, &str); 4] = [
    (
        "rechtmatige-overheid",
        "Rechtmatige overheid",
        "waarde",
        "binnen-buiten",
    ),
    (
        "presterende-overheid",
        "Presterende overheid",
        "resultaat",
        "binnen-buiten",
    ),
    (
        "netwerkende-overheid",
        "Netwerkende overheid",
        "resultaat",
        "buiten-binnen",
    ),
    (
        "responsieve-overheid",
        "Responsieve overheid",
        "waarde",
        "buiten-binnen",
    ),
];

/// Chapters in weight order: (file stem = id, title).
const CHAPTERS: [(&str, &str); 8] = [
    ("01-samenleving-verandert", "De samenleving verandert"),
    ("02-hogere-verwachtingen", "Hogere verwachtingen"),
    (
        "03-verandering-en-leiderschap",
        "Verandering en leiderschap",
    ),
    ("04-gids-en-coach", "De secretaris als gids en coach"),
    ("05-uitvoering-op-zn-kop", "Uitvoering op zijn kop"),
    ("06-de-kracht-van-verhalen", "De kracht van verhalen"),
    ("07-de-agenda", "De agenda"),
    ("08-gemoedsrust", "Gemoedsrust"),
];

const ROLES: [&str; 3] = ["burger", "uitvoerder", "beleidmaker"];
const STATUSES: [&str; 3] = ["voornemen", "lopend", "afgerond"];
const OWNERS: [&str; 6] = [
    "Gemeentesecretaris",
    "Team Wijkaanpak",
    "Afdeling Sociaal Domein",
    "Directie Dienstverlening",
    "Team Vergunningen",
    "Regioteam",
];
const PLACES: [&str; 16] = [
    "Oost",
    "West",
    "Noord",
    "Zuid",
    "Centrum",
    "Haven",
    "Dorp",
    "Molenwijk",
    "Beekdal",
    "Kerkbuurt",
    "Heide",
    "Lindenhof",
    "Stationsbuurt",
    "Vogelwijk",
    "Oude Stad",
    "Waterkant",
];

/// Section headings besides `Aanpak` (which every story has, so `#aanpak` always exists).
const HEADINGS: [&str; 8] = [
    "Het begin",
    "Wat we leerden",
    "Hoe het nu gaat",
    "Samen verder",
    "Aanpak 2",
    "De rol van de wijk",
    "Resultaat",
    "Vervolg",
];

/// Short, common pseudo-Dutch words: plain text, no Markdown or YAML meaning.
const WORDS: [&str; 96] = [
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "met",
    "voor",
    "naar",
    "bij",
    "om",
    "ook",
    "wel",
    "niet",
    "maar",
    "dan",
    "dat",
    "die",
    "zij",
    "wij",
    "ze",
    "we",
    "hij",
    "gemeente",
    "wijk",
    "buurt",
    "bewoner",
    "bewoners",
    "inwoner",
    "team",
    "plan",
    "vraag",
    "hulp",
    "regel",
    "regels",
    "loket",
    "werk",
    "zorg",
    "school",
    "huis",
    "straat",
    "plein",
    "tuin",
    "koffie",
    "gesprek",
    "afspraak",
    "brief",
    "formulier",
    "geld",
    "tijd",
    "week",
    "jaar",
    "dag",
    "samen",
    "snel",
    "goed",
    "klein",
    "groot",
    "nieuw",
    "oud",
    "vaak",
    "soms",
    "altijd",
    "eerst",
    "daarna",
    "kijken",
    "helpen",
    "praten",
    "bouwen",
    "leren",
    "zoeken",
    "vinden",
    "maken",
    "doen",
    "delen",
    "vragen",
    "luisteren",
    "wachten",
    "starten",
    "kiezen",
    "denken",
    "werken",
    "wonen",
    "ruimte",
    "vertrouwen",
    "plek",
    "idee",
    "buurthuis",
    "coach",
    "ambtenaar",
    "uitvoerder",
    "raad",
    "college",
    "praktijk",
    "verhaal",
];

const WORDS_PER_STORY: usize = 500;
/// 2020-01-01 ..= 2026-06-30: story dates, never after today.
const FIRST_DAY: (i64, u32, u32) = (2020, 1, 1);
const LAST_DAY: (i64, u32, u32) = (2026, 6, 30);

/// splitmix64: tiny, fast, and the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough in `0..n` (n > 0); the modulo bias is irrelevant here.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        lo + self.below(hi_inclusive - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Between `lo` and `hi` (inclusive) distinct indices of `0..n`, in ascending order.
    fn distinct(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi).min(n);
        let mut out: Vec<usize> = Vec::with_capacity(k);
        while out.len() < k {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out.sort_unstable();
        out
    }
}

/// Days since 1970-01-01 of a date (verteller's own calendar arithmetic).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    verteller::schedule::days_from_civil(y, i64::from(m), i64::from(d))
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let (y, m, d) = verteller::schedule::civil(z);
    (y, m as u32, d as u32)
}

struct Story {
    year: i64,
    date: (i64, u32, u32),
}

fn story_id(i: usize) -> String {
    format!("verhaal-{i:06}")
}

/// Path of story `to`'s source file relative to the folder of story `from`.
fn story_link(stories: &[Story], from: usize, to: usize) -> String {
    if stories[from].year == stories[to].year {
        format!("{}.md", story_id(to))
    } else {
        format!("../{}/{}.md", stories[to].year, story_id(to))
    }
}

/// What the writer does with the verteller files it is given.
enum Flavour {
    /// Writes them as they are.
    Verteller,
    /// Writes nothing; remembers every story's title (the first pass of `--hugo`).
    Titles,
    /// Converts them to a Hugo site; the map holds story titles by id.
    Hugo(HashMap<String, String>),
}

/// Writes files under the output root and counts them.
struct Writer {
    root: PathBuf,
    files: usize,
    bytes: u64,
    flavour: Flavour,
    titles: HashMap<String, String>,
}

impl Writer {
    fn write(&mut self, rel: &str, text: &str) -> std::io::Result<()> {
        let (rel, text) = match &self.flavour {
            Flavour::Verteller => (rel.to_string(), text.to_string()),
            Flavour::Titles => {
                if let Some(id) = story_file_id(rel) {
                    let title = text
                        .lines()
                        .find_map(|l| l.strip_prefix("title: "))
                        .unwrap_or(id);
                    self.titles.insert(id.to_string(), title.to_string());
                }
                return Ok(());
            }
            Flavour::Hugo(titles) => hugo_file(rel, text, titles),
        };
        let path = self.root.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
        }
        fs::write(&path, &text).map_err(|e| with_path(e, &path))?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }

    fn dir(&self, rel: &str) -> std::io::Result<()> {
        if !matches!(self.flavour, Flavour::Verteller) {
            return Ok(());
        }
        let path = self.root.join(rel);
        fs::create_dir_all(&path).map_err(|e| with_path(e, &path))
    }
}

/// The id of a story from its path (`content/verhalen/2024/verhaal-000001.md`).
fn story_file_id(rel: &str) -> Option<&str> {
    rel.strip_prefix("content/verhalen/")?
        .rsplit('/')
        .next()?
        .strip_suffix(".md")
}

const HUGO_CONFIG: &str = "baseURL = \"https://example.org/\"
title = \"Synthetische site\"
defaultContentLanguage = \"nl\"
enableRobotsTXT = true

# Not `theme`/`themes`: Hugo's own words for template themes.
[taxonomies]
  thema = \"themas\"
  kwadrant = \"kwadranten\"
  rol = \"rollen\"

[pagination]
  pagerSize = 20

[params]
  municipality = \"Gemeente Synthetisch\"
";

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>{{ end }}
{{ range $taxonomy, $_ := site.Taxonomies }}{{ with $.GetTerms $taxonomy }}
<p>{{ $taxonomy }}: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ end }}{{ end }}
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pager := .Paginate .Pages }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>{{ end }}</li>
{{ end }}
</ul>
{{ with $pager.Prev }}<a href="{{ .URL }}">vorige</a>{{ end }}
{{ with $pager.Next }}<a href="{{ .URL }}">volgende</a>{{ end }}
{{ end }}
"#;

const HUGO_TAXONOMY: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>
{{ end }}
</ul>
{{ end }}
"#;

/// Writes `hugo.toml` and the layouts (the `--hugo` flavour's replacement of `site.toml`).
fn hugo_scaffold(w: &mut Writer) -> std::io::Result<()> {
    let hugo = std::mem::replace(&mut w.flavour, Flavour::Verteller);
    let result = (|| {
        w.write("hugo.toml", HUGO_CONFIG)?;
        w.write("layouts/_default/baseof.html", HUGO_BASEOF)?;
        w.write("layouts/_default/single.html", HUGO_SINGLE)?;
        w.write("layouts/_default/list.html", HUGO_LIST)?;
        w.write("layouts/_default/taxonomy.html", HUGO_TAXONOMY)?;
        w.write("layouts/_default/term.html", HUGO_LIST)
    })();
    w.flavour = hugo;
    result
}

/// One verteller file as its Hugo counterpart: (path, text).
fn hugo_file(rel: &str, text: &str, titles: &HashMap<String, String>) -> (String, String) {
    let rel = if let Some(id) = rel
        .strip_prefix("content/themas/")
        .or_else(|| rel.strip_prefix("content/kwadranten/"))
        .and_then(|r| r.strip_suffix(".md"))
    {
        format!("{}{id}/_index.md", &rel[..rel.len() - id.len() - 3])
    } else {
        rel.to_string()
    };
    let Some(rest) = text.strip_prefix("---\n") else {
        return (rel, text.to_string());
    };
    let Some(end) = rest.find("\n---\n") else {
        return (rel, text.to_string());
    };
    let (front, body) = (&rest[..end + 1], &rest[end + 5..]);
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str("---\n");
    for line in front.lines() {
        let (key, value) = line.split_once(':').unwrap_or((line, ""));
        match key {
            "themes" => out.push_str(&format!("themas:{value}")),
            "quadrants" => out.push_str(&format!("kwadranten:{value}")),
            "roles" => out.push_str(&format!("rollen:{value}")),
            "theme" => out.push_str(&format!("themas: [{}]", value.trim())),
            "related" => continue,
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    if let Some(id) = story_file_id(&rel) {
        let _ = writeln!(out, "url: /verhalen/{id}/");
    }
    out.push_str("---\n");
    hugo_body(&mut out, body, titles);
    (rel, out)
}

/// The absolute URL of a relative `.md` link's target (`../2021/verhaal-000001.md#aanpak`).
fn hugo_url(target: &str) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (target, String::new()),
    };
    let stem = path.rsplit('/').next()?.strip_suffix(".md")?;
    if stem.starts_with("verhaal-") {
        Some(format!("/verhalen/{stem}/{anchor}"))
    } else if CHAPTERS.iter().any(|(id, _)| *id == stem) {
        Some(format!("/verhaal/{stem}/{anchor}"))
    } else {
        None
    }
}

/// Copies `body`, rewriting `[text](x.md#a)` and `[[id|label]]` as absolute links.
fn hugo_body(out: &mut String, body: &str, titles: &HashMap<String, String>) {
    let mut rest = body;
    loop {
        let md = rest.find("](");
        let wiki = rest.find("[[");
        match (md, wiki) {
            (Some(m), w) if w.is_none_or(|w| m < w) => {
                let after = &rest[m + 2..];
                let Some(close) = after.find(')') else {
                    out.push_str(rest);
                    return;
                };
                out.push_str(&rest[..m + 2]);
                let target = &after[..close];
                match hugo_url(target) {
                    Some(url) => out.push_str(&url),
                    None => out.push_str(target),
                }
                rest = &after[close..];
            }
            (_, Some(w)) => {
                let after = &rest[w + 2..];
                let Some(close) = after.find("]]") else {
                    out.push_str(rest);
                    return;
                };
                out.push_str(&rest[..w]);
                let inner = &after[..close];
                let (id, label) = match inner.split_once('|') {
                    Some((id, label)) => (id, label.to_string()),
                    None => (
                        inner,
                        titles
                            .get(inner)
                            .cloned()
                            .unwrap_or_else(|| inner.to_string()),
                    ),
                };
                let _ = write!(out, "[{label}](/verhalen/{id}/)");
                rest = &after[close + 2..];
            }
            _ => {
                out.push_str(rest);
                return;
            }
        }
    }
}

fn with_path(e: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Appends one sentence of `n` words (capitalised, ends with a period) and a space.
fn sentence(out: &mut String, rng: &mut Rng, n: usize) {
    for k in 0..n {
        let w = rng.pick(&WORDS);
        if k == 0 {
            let mut chars = w.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    out.push_str(". ");
}

/// Appends a paragraph of about `words` words and returns how many it wrote.
fn paragraph(out: &mut String, rng: &mut Rng, words: usize) -> usize {
    let mut written = 0;
    while written < words {
        let n = rng.range(5, 11);
        sentence(out, rng, n);
        written += n;
    }
    trim_end(out);
    out.push_str("\n\n");
    written
}

fn trim_end(s: &mut String) {
    while s.ends_with(' ') {
        s.pop();
    }
}

fn capitalise(w: &str) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn yaml_list(items: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let items: Vec<String> = items.into_iter().map(|s| s.as_ref().to_string()).collect();
    format!("[{}]", items.join(", "))
}

fn story(
    out: &mut String,
    rng: &mut Rng,
    stories: &[Story],
    i: usize,
    titles: &mut HashMap<String, usize>,
) {
    let n = stories.len();
    let (y, m, d) = stories[i].date;
    let place = rng.pick(&PLACES);
    let mut title = format!(
        "{} {} in {place}",
        capitalise(rng.pick(&WORDS[24..])),
        rng.pick(&WORDS[24..])
    );
    let drawn = titles.entry(title.clone()).or_insert(0);
    *drawn += 1;
    if *drawn > 1 {
        title = format!("{title} ({drawn})");
    }
    let themes = rng.distinct(THEMES.len(), 1, 2);
    let quadrants = rng.distinct(QUADRANTS.len(), 1, 2);
    let roles = rng.distinct(ROLES.len(), 1, 3);

    out.push_str("---\n");
    let _ = writeln!(out, "title: {title}");
    out.push_str("summary: ");
    sentence(out, rng, 9);
    trim_end(out);
    out.push('\n');
    let _ = writeln!(out, "date: {y:04}-{m:02}-{d:02}");
    let _ = writeln!(
        out,
        "themes: {}",
        yaml_list(themes.iter().map(|&t| THEMES[t].0))
    );
    let _ = writeln!(
        out,
        "quadrants: {}",
        yaml_list(quadrants.iter().map(|&q| QUADRANTS[q].0))
    );
    let _ = writeln!(out, "roles: {}", yaml_list(roles.iter().map(|&r| ROLES[r])));
    let _ = writeln!(out, "place: {place}");
    if n > 1 && rng.chance(30) {
        let other = (i + 1 + rng.below(n - 1)) % n;
        let _ = writeln!(out, "related: [{}]", story_id(other));
    }
    out.push_str("---\n\n");

    // Sections: `Aanpak` at a random position among 2–4 headings.
    let sections = rng.range(2, 4);
    let mut headings: Vec<&str> = rng
        .distinct(HEADINGS.len(), sections - 1, sections - 1)
        .into_iter()
        .map(|h| HEADINGS[h])
        .collect();
    headings.insert(rng.below(sections), "Aanpak");

    // The relative link goes to the next story, so every story has a backlink; the wiki
    // link goes anywhere else. Both sit in a random section.
    let md_in = rng.below(sections);
    let wiki_in = rng.below(sections);

    let mut budget = WORDS_PER_STORY;
    budget -= paragraph(out, rng, 40);
    let per_section = budget / sections;
    for (s, heading) in headings.iter().enumerate() {
        let _ = write!(out, "## {heading}\n\n");
        let mut left = per_section;
        let paragraphs = rng.range(1, 3);
        for p in 0..paragraphs {
            let words = if p + 1 == paragraphs { left } else { left / 2 };
            left -= paragraph(out, rng, words.max(5)).min(left);
            if p == 0 && n > 1 {
                if s == md_in {
                    let target = (i + 1) % n;
                    let anchor = if rng.chance(50) { "#aanpak" } else { "" };
                    let _ = write!(
                        out,
                        "Lees ook [het verhaal uit {}]({}{anchor}).\n\n",
                        rng.pick(&PLACES),
                        story_link(stories, i, target)
                    );
                }
                if s == wiki_in {
                    let target = (i + 1 + rng.below(n - 1)) % n;
                    if rng.chance(50) {
                        let _ = write!(out, "Zie ook [[{}]].\n\n", story_id(target));
                    } else {
                        let _ = write!(
                            out,
                            "Zie ook [[{}|dit verhaal over {}]].\n\n",
                            story_id(target),
                            rng.pick(&WORDS[24..])
                        );
                    }
                }
            }
        }
    }
    trim_end(out);
    while out.ends_with("\n\n") {
        out.pop();
    }
}

fn run(out_dir: &Path, n: usize, seed: u64, hugo: bool) -> std::io::Result<Writer> {
    if !hugo {
        return write_site(out_dir, n, seed, Flavour::Verteller);
    }
    // Two passes over the same sequence: the first learns the titles that wiki links show.
    let titles = write_site(out_dir, n, seed, Flavour::Titles)?.titles;
    write_site(out_dir, n, seed, Flavour::Hugo(titles))
}

fn write_site(out_dir: &Path, n: usize, seed: u64, flavour: Flavour) -> std::io::Result<Writer> {
    let mut rng = Rng(seed);
    let hugo = matches!(flavour, Flavour::Hugo(_));
    let mut w = Writer {
        root: out_dir.to_path_buf(),
        files: 0,
        bytes: 0,
        flavour,
        titles: HashMap::new(),
    };
    let mut buf = String::with_capacity(8 * 1024);

    // Story dates first: links need the year folder of their target.
    let first = days_from_civil(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2);
    let last = days_from_civil(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2);
    let stories: Vec<Story> = (0..n)
        .map(|_| {
            let date = civil_from_days(first + rng.below((last - first + 1) as usize) as i64);
            Story { year: date.0, date }
        })
        .collect();

    if hugo {
        hugo_scaffold(&mut w)?;
    } else {
        w.write(
            "site.toml",
            "title = \"Synthetische site\"\n\
             base_url = \"https://example.org/\"\n\
             language = \"nl\"\n\
             municipality = \"Gemeente Synthetisch\"\n",
        )?;
    }
    for dir in [
        "content/themas",
        "content/kwadranten",
        "content/verhaal",
        "content/agenda",
    ] {
        w.dir(dir)?;
    }
    let mut years: Vec<i64> = stories.iter().map(|s| s.year).collect();
    years.sort_unstable();
    years.dedup();
    w.dir("content/verhalen")?;
    for y in &years {
        w.dir(&format!("content/verhalen/{y}"))?;
    }

    // Home page.
    buf.clear();
    buf.push_str("---\ntitle: Synthetische site\n---\n\n");
    let _ = writeln!(
        buf,
        "Deze site is gemaakt door een programma. Ze telt {n} verhalen. \
         Lees eerst [het verhaal](verhaal/{}.md).",
        CHAPTERS[0].0
    );
    w.write("content/_index.md", &buf)?;

    // Agenda themes.
    for (k, (id, title, summary)) in THEMES.iter().enumerate() {
        buf.clear();
        let _ = write!(
            buf,
            "---\ntitle: {title}\nsummary: {summary}\nweight: {}\n---\n\n",
            k + 1
        );
        paragraph(&mut buf, &mut rng, 60);
        trim_newlines(&mut buf);
        w.write(&format!("content/themas/{id}.md"), &buf)?;
    }

    // Quadrants.
    for (k, (id, title, sturing, richting)) in QUADRANTS.iter().enumerate() {
        buf.clear();
        let _ = write!(
            buf,
            "---\ntitle: {title}\nweight: {}\naxes:\n  sturing: {sturing}\n  richting: {richting}\n---\n\n",
            k + 1
        );
        paragraph(&mut buf, &mut rng, 60);
        trim_newlines(&mut buf);
        w.write(&format!("content/kwadranten/{id}.md"), &buf)?;
    }

    // Chapters, each linking to the next one and to a story.
    for (k, (id, title)) in CHAPTERS.iter().enumerate() {
        buf.clear();
        let themes = rng.distinct(THEMES.len(), 1, 2);
        let quadrants = rng.distinct(QUADRANTS.len(), 1, 2);
        let _ = write!(
            buf,
            "---\ntitle: {title}\nweight: {}\nthemes: {}\nquadrants: {}\n",
            k + 1,
            yaml_list(themes.iter().map(|&t| THEMES[t].0)),
            yaml_list(quadrants.iter().map(|&q| QUADRANTS[q].0)),
        );
        let picked = rng.distinct(n, 2, 4);
        if !picked.is_empty() {
            let _ = writeln!(
                buf,
                "stories: {}",
                yaml_list(picked.iter().map(|&s| story_id(s)))
            );
        }
        buf.push_str("---\n\n## Inleiding\n\n");
        paragraph(&mut buf, &mut rng, 80);
        if let Some(&s) = picked.first() {
            let _ = write!(
                buf,
                "Een voorbeeld is [dit verhaal](../verhalen/{}/{}.md#aanpak).\n\n",
                stories[s].year,
                story_id(s)
            );
        }
        buf.push_str("## Verder\n\n");
        paragraph(&mut buf, &mut rng, 80);
        if let Some((next, _)) = CHAPTERS.get(k + 1) {
            let _ = write!(
                buf,
                "Lees verder in [het volgende hoofdstuk]({next}.md).\n\n"
            );
        }
        trim_newlines(&mut buf);
        w.write(&format!("content/verhaal/{id}.md"), &buf)?;
    }

    // Agenda items: three per agenda theme.
    for (t, (theme, _, _)) in THEMES.iter().enumerate() {
        for k in 0..3 {
            buf.clear();
            let id = format!("{theme}-afspraak-{}", k + 1);
            let quadrants = rng.distinct(QUADRANTS.len(), 1, 2);
            let (y, m, d) =
                civil_from_days(days_from_civil(2025, 1, 1) + rng.below(4 * 365) as i64);
            let _ = write!(
                buf,
                "---\ntitle: Afspraak {} over {}\nsummary: ",
                t * 3 + k + 1,
                rng.pick(&WORDS[24..])
            );
            sentence(&mut buf, &mut rng, 8);
            trim_end(&mut buf);
            let _ = write!(
                buf,
                "\ntheme: {theme}\nstatus: {}\nowner: {}\ndue: {y:04}-{m:02}-{d:02}\nquadrants: {}\n",
                rng.pick(&STATUSES),
                rng.pick(&OWNERS),
                yaml_list(quadrants.iter().map(|&q| QUADRANTS[q].0)),
            );
            let picked = rng.distinct(n, 1, 3);
            if !picked.is_empty() {
                let _ = writeln!(
                    buf,
                    "stories: {}",
                    yaml_list(picked.iter().map(|&s| story_id(s)))
                );
            }
            buf.push_str("---\n\n");
            paragraph(&mut buf, &mut rng, 70);
            trim_newlines(&mut buf);
            w.write(&format!("content/agenda/{id}.md"), &buf)?;
        }
    }

    // Stories. A title drawn twice gets a number, as editors number theirs (two stories
    // with one title are a warning); the numbers take nothing from `rng`.
    let mut titles: HashMap<String, usize> = HashMap::new();
    for i in 0..n {
        buf.clear();
        story(&mut buf, &mut rng, &stories, i, &mut titles);
        buf.push('\n');
        w.write(
            &format!("content/verhalen/{}/{}.md", stories[i].year, story_id(i)),
            &buf,
        )?;
    }
    Ok(w)
}

/// Leaves exactly one trailing newline.
fn trim_newlines(s: &mut String) {
    while s.ends_with('\n') || s.ends_with(' ') {
        s.pop();
    }
    s.push('\n');
}

const USAGE: &str = "gebruik: gen-site OUT --stories N [--seed S] [--hugo]";

fn parse_args() -> Result<(PathBuf, usize, u64, bool), String> {
    let mut out = None;
    let mut hugo = false;
    let mut stories = None;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} mist een waarde"))
        };
        match key.as_str() {
            "--stories" => {
                let v = value("--stories")?;
                stories = Some(
                    v.parse()
                        .map_err(|_| format!("--stories: geen getal: {v}"))?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v.parse().map_err(|_| format!("--seed: geen getal: {v}"))?;
            }
            "--hugo" => hugo = true,
            "-h" | "--help" => return Err(String::new()),
            k if k.starts_with('-') => return Err(format!("onbekende optie: {k}")),
            _ if out.is_none() => out = Some(PathBuf::from(arg)),
            _ => return Err(format!("te veel argumenten: {arg}")),
        }
    }
    let out = out.ok_or("OUT ontbreekt")?;
    let stories = stories.ok_or("--stories ontbreekt")?;
    Ok((out, stories, seed, hugo))
}

fn main() -> ExitCode {
    let (out, n, seed, hugo) = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen-site: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match fs::read_dir(&out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                eprintln!(
                    "gen-site: {} is niet leeg; kies een lege of nieuwe map",
                    out.display()
                );
                return ExitCode::from(2);
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Err(e) = fs::create_dir_all(&out) {
                eprintln!("gen-site: {}: {e}", out.display());
                return ExitCode::from(2);
            }
        }
        Err(e) => {
            eprintln!("gen-site: {}: {e}", out.display());
            return ExitCode::from(2);
        }
    }
    let start = Instant::now();
    match run(&out, n, seed, hugo) {
        Ok(w) => {
            println!(
                "{} bestanden, {} bytes geschreven in {} ({n} verhalen, seed {seed}, {:.2} s)",
                w.files,
                w.bytes,
                out.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-site: {e}");
            ExitCode::from(2)
        }
    }
}
