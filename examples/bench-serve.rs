//! Measures `verteller serve`'s edit loop on a large generated site: from the moment an
//! editor's save hits the disk to the moment the browser is told to reload.
//!
//! Why: the serve issue promises, at 10,000 stories, a rebuild of at most 50 ms and at most
//! 100 ms from writing a story's Markdown to the `reload` event. This tool checks that
//! promise the way a browser sees it — over a real event-stream connection — and splits
//! off the rebuild itself so a miss can be traced to the debounce, the pipeline or the
//! hand-over.
//!
//! What it does:
//!
//! 1. Generates a site with `gen-site` (the built `target/release/examples/gen-site`
//!    next to this binary when present, else `cargo run --release --example gen-site`).
//! 2. Starts `verteller::serve::start` on it (port 0, debounce 12 ms, as `verteller
//!    serve` uses) and connects to `/__verteller/events` with a plain `TcpStream`; a
//!    reader thread stamps every event the moment its line arrives.
//! 3. Story edits: `--runs` times, rewrites one story (a different one each run): a
//!    sentence in the body's last paragraph changes, and every fifth run the title as well. Measures
//!    (a) write → `reload` event. Then, with serve idle, times (b) `pipeline::build_with`
//!    on the same site with the same options and a warm `Memo` of its own, told which
//!    file changed as serve's watcher tells serve (`Memo::expect`) — the rebuild alone,
//!    without debounce, snapshot or event. With search on, also (e) write → the search
//!    index serve serves is the edited one (its entry file changed), before (b) runs.
//! 4. Template edits: rewrites a site override `templates/story.html` (a copy of the
//!    default theme's, with one attribute changed per run): (c) write → `reload` event,
//!    and (d) the rebuild alone, as in 3.
//!
//! Run:
//!
//! ```text
//! cargo run --release --example bench-serve -- [--stories 10000] [--runs 20] [--site DIR] [--no-search]
//! ```
//!
//! `--no-search` writes `[search] enabled = false` into the site's `site.toml` first: serve
//! then builds no search index in the background (which otherwise runs after every rebuild
//! and competes with the next one for the CPU).
//!
//! `--site DIR` reuses (or creates, when missing) a generated site instead of a temporary
//! one, so a profiler can be pointed at the same site again; the edits stay in it.
//! Std and verteller only.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{IpAddr, Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use verteller::pipeline::{self, BuildOptions, Memo};
use verteller::serve::{self, ServeOptions};

/// The debounce `verteller serve` uses.
const DEBOUNCE: Duration = serve::DEFAULT_DEBOUNCE;
/// Pause between runs, so one run's events cannot spill into the next.
const SETTLE: Duration = Duration::from_millis(300);
/// The default theme's story template, the base of the override.
const STORY_TEMPLATE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/gemeente/templates/story.html"
));

const USAGE: &str = "gebruik: bench-serve [--stories N] [--runs R] [--site DIR] [--no-search]";

struct Args {
    stories: usize,
    runs: usize,
    site: Option<PathBuf>,
    no_search: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        stories: 10_000,
        runs: 20,
        site: None,
        no_search: false,
    };
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
        let number = |name: &str, v: String| -> Result<usize, String> {
            v.parse()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("{name}: geen positief getal: {v}"))
        };
        match key.as_str() {
            "--stories" => a.stories = number("--stories", value("--stories")?)?,
            "--runs" => a.runs = number("--runs", value("--runs")?)?,
            "--site" => a.site = Some(PathBuf::from(value("--site")?)),
            "--no-search" => a.no_search = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("onbekende optie: {other}")),
        }
    }
    Ok(a)
}

/// The binary's allocator, so that what runs in this process (serve, the pipeline) is
/// measured as `verteller` runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("bench-serve: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-serve: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One measured edit.
struct Sample {
    /// Write → `reload` event.
    event: Duration,
    /// `build_with` alone, warm memo.
    rebuild: Duration,
    /// Write → the served search index is the edited one (search on).
    search: Option<Duration>,
    parsed: usize,
    rendered: usize,
    /// The rebuild's stages (`Built::stages`).
    stages: Vec<(&'static str, Duration)>,
}

fn run(args: &Args) -> Result<(), String> {
    let load_start = loadavg();
    // 1. The site.
    let _temp;
    let site = match &args.site {
        Some(dir) => dir.clone(),
        None => {
            _temp = TempDir::new()?;
            _temp.0.join("site")
        }
    };
    if !site.join("site.toml").is_file() {
        generate(&site, args.stories)?;
    } else {
        eprintln!(
            "bench-serve: gebruikt de bestaande site in {}",
            site.display()
        );
    }
    let mut stories = markdown_files(&site.join("content/verhalen"))?;
    stories.sort();
    if stories.is_empty() {
        return Err("de site heeft geen verhalen".into());
    }
    let config_path = site.join("site.toml");
    let mut config = std::fs::read_to_string(&config_path)
        .map_err(|e| format!("{}: {e}", config_path.display()))?;
    let search_off = config.contains("[search]\nenabled = false");
    if args.no_search && !search_off {
        config.push_str("\n[search]\nenabled = false\n");
        write(&config_path, &config)?;
    } else if !args.no_search && search_off {
        return Err(format!(
            "{} zet de zoekindex uit; gebruik --no-search of een nieuwe site",
            config_path.display()
        ));
    }
    // An override of the story template from the start, so a template edit is a plain
    // modification (a new `templates/` folder would be a different event).
    let template = site.join("templates/story.html");
    write(&template, &template_text("0")?)?;

    // 2. serve, and a client on its event stream.
    let started = Instant::now();
    let running = serve::start(&ServeOptions {
        root: site.clone(),
        drafts: false,
        as_of: None,
        port: Some(0),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        allow_hosts: Vec::new(),
        open: false,
        debounce: DEBOUNCE,
    })
    .map_err(|e| format!("serve start niet: {e:#}"))?;
    let first_build = started.elapsed();
    let pages = running.shared.current().output.len();
    let errors = running.shared.current().errors.len();
    eprintln!(
        "bench-serve: serve luistert op {} na {} ms ({pages} bestanden, {errors} fout(en))",
        running.addr,
        first_build.as_millis()
    );
    let events = subscribe(running.addr)?;
    expect_event(&events, "hello", Duration::from_secs(10))?;

    // The same options serve builds with, and a warm memo of our own for (b) and (d).
    let options = BuildOptions {
        root: site.clone(),
        drafts: false,
        base_url: Some(format!("http://127.0.0.1:{}/", running.addr.port())),
        as_of: verteller::schedule::today(),
        ..BuildOptions::default()
    };
    let mut memo = Memo::for_serve();
    let warm = Instant::now();
    pipeline::build_with(&options, &mut memo).map_err(|e| format!("{e:#}"))?;
    eprintln!(
        "bench-serve: eigen memo warm na {} ms",
        warm.elapsed().as_millis()
    );

    // 3. Story edits: a different story each run, spread over the site. The nonce makes
    // every edit new, also on a site (`--site`) an earlier run edited already.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut story_samples = Vec::new();
    for n in 0..args.runs {
        let path = &stories[(n * 7919 + 13) % stories.len()];
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let edited = edit_story(&text, &format!("{nonce}-{n}"), n % 5 == 4)?;
        // Told what changed, as serve's watcher tells serve's memo.
        let told = path.strip_prefix(&site).unwrap_or(path).to_path_buf();
        let watch = Watch {
            events: &events,
            search: (!args.no_search).then_some(&*running.shared),
        };
        let sample = measure(&watch, &mut memo, &options, Some(vec![told]), || {
            write(path, &edited)
        })?;
        eprintln!(
            "  verhaal {:>2}: schrijven → reload {:>5.1} ms, → zoekindex {}, herbouw {:>5.1} ms ({} geparsed, {} pagina's){}",
            n + 1,
            ms(sample.event),
            sample
                .search
                .map_or("–".to_string(), |d| format!("{:.0} ms", ms(d))),
            ms(sample.rebuild),
            sample.parsed,
            sample.rendered,
            if n % 5 == 4 { ", titel" } else { "" }
        );
        if sample.parsed != 1 || sample.rendered == 0 {
            return Err(format!(
                "{}: de bewerking kwam niet in de herbouw aan ({} geparsed, {} pagina's)",
                path.display(),
                sample.parsed,
                sample.rendered
            ));
        }
        story_samples.push(sample);
    }

    // 4. Template edits.
    let mut template_samples = Vec::new();
    for n in 0..args.runs {
        let text = template_text(&format!("{nonce}-{}", n + 1))?;
        let watch = Watch {
            events: &events,
            search: None,
        };
        let sample = measure(&watch, &mut memo, &options, Some(Vec::new()), || {
            write(&template, &text)
        })?;
        eprintln!(
            "  sjabloon {:>2}: schrijven → reload {:>6.1} ms, herbouw {:>6.1} ms ({} pagina's)",
            n + 1,
            ms(sample.event),
            ms(sample.rebuild),
            sample.rendered
        );
        template_samples.push(sample);
    }

    // The table.
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!(
        "{} verhalen, {pages} bestanden in de uitvoer, {} runs per soort, debounce {} ms, zoekindex {}; {cores} kernen, {cpu}",
        stories.len(),
        args.runs,
        DEBOUNCE.as_millis(),
        if args.no_search {
            "uit"
        } else {
            "aan (op de achtergrond)"
        }
    );
    println!(
        "eerste build (serve start): {} ms; belasting (loadavg 1/5/15 min) bij start {load_start}, aan het eind {}",
        first_build.as_millis(),
        loadavg()
    );
    println!();
    println!("| meting (ms) | mediaan | p90 | min | max |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    let row = |name: &str, xs: Vec<Duration>| {
        let s = Stats::of(xs);
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} | {:.1} |",
            s.median, s.p90, s.min, s.max
        );
    };
    row(
        "(a) verhaal: schrijven → reload-event",
        story_samples.iter().map(|s| s.event).collect(),
    );
    row(
        "(b) verhaal: alleen herbouw (`build_with`, warme memo)",
        story_samples.iter().map(|s| s.rebuild).collect(),
    );
    if !args.no_search {
        row(
            "(e) verhaal: schrijven → zoekindex bijgewerkt",
            story_samples.iter().filter_map(|s| s.search).collect(),
        );
    }
    // Every fifth story edit changes the title as well: the lists showing the story
    // render again, so these runs are the tail; shown apart.
    let titled = |f: fn(&Sample) -> Duration| -> Vec<Duration> {
        story_samples
            .iter()
            .enumerate()
            .filter(|(n, _)| n % 5 == 4)
            .map(|(_, s)| f(s))
            .collect()
    };
    row(
        "(a) alleen met titelwijziging: schrijven → reload-event",
        titled(|s| s.event),
    );
    row(
        "(b) alleen met titelwijziging: herbouw",
        titled(|s| s.rebuild),
    );
    row(
        "(c) sjabloon: schrijven → reload-event",
        template_samples.iter().map(|s| s.event).collect(),
    );
    row(
        "(d) sjabloon: alleen herbouw",
        template_samples.iter().map(|s| s.rebuild).collect(),
    );
    for (kind, samples) in [("verhaal", &story_samples), ("sjabloon", &template_samples)] {
        let names: Vec<&str> = samples
            .first()
            .map(|s| s.stages.iter().map(|(n, _)| *n).collect())
            .unwrap_or_default();
        for (i, name) in names.iter().enumerate() {
            row(
                &format!("  {kind}, herbouw: {name}"),
                samples
                    .iter()
                    .filter_map(|s| s.stages.get(i).map(|(_, d)| *d))
                    .collect(),
            );
        }
    }
    if !args.no_search {
        let e = Stats::of(story_samples.iter().filter_map(|s| s.search).collect());
        println!();
        println!(
            "doel zoekindex bijgewerkt ≤ 1 s na het opslaan: {} (mediaan {:.1} ms)",
            verdict(e.median <= 1000.0),
            e.median
        );
    }
    let a = Stats::of(story_samples.iter().map(|s| s.event).collect());
    let b = Stats::of(story_samples.iter().map(|s| s.rebuild).collect());
    println!();
    println!(
        "doel herbouw ≤ 50 ms: {} (mediaan {:.1} ms); doel schrijven → reload ≤ 100 ms: {} (mediaan {:.1} ms)",
        verdict(b.median <= 50.0),
        b.median,
        verdict(a.median <= 100.0),
        a.median
    );
    Ok(())
}

/// How the summary says whether a target was met.
fn verdict(met: bool) -> &'static str {
    if met { "gehaald" } else { "NIET gehaald" }
}

/// What `measure` waits for after a write.
struct Watch<'a> {
    events: &'a Receiver<(Instant, String)>,
    /// serve's state, to see when the search index it serves reflects the edit.
    search: Option<&'a verteller::serve::Shared>,
}

/// The search index's entry file as serve serves it now.
fn search_entry(shared: &verteller::serve::Shared) -> Option<Vec<u8>> {
    shared
        .current()
        .search
        .get("pagefind/pagefind-entry.json")
        .map(|bytes| bytes.to_vec())
}

/// Writes, waits for the `reload` event (and, when watched, for the served search index
/// to change: its entry file names the hash of an index that lists every page's hash, so
/// it changes with any page), then times the rebuild alone on our own memo.
fn measure(
    watch: &Watch,
    memo: &mut Memo,
    options: &BuildOptions,
    content_changes: Option<Vec<PathBuf>>,
    write: impl FnOnce() -> Result<(), String>,
) -> Result<Sample, String> {
    let events = watch.events;
    std::thread::sleep(SETTLE);
    // Anything left over belongs to an earlier run.
    while events.try_recv().is_ok() {}
    let entry_before = watch.search.and_then(search_entry);
    let t0 = Instant::now();
    write()?;
    let at = expect_event(events, "reload", Duration::from_secs(60))?;
    let event = at.duration_since(t0);
    let search = match watch.search {
        Some(shared) => {
            let deadline = t0 + Duration::from_secs(120);
            loop {
                if search_entry(shared) != entry_before {
                    break Some(t0.elapsed());
                }
                if Instant::now() > deadline {
                    return Err("de zoekindex veranderde niet binnen 120 s".into());
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        }
        None => None,
    };
    // serve is idle now (nothing else changed); our memo is one edit behind, like serve's was.
    std::thread::sleep(SETTLE);
    memo.expect(content_changes);
    let t1 = Instant::now();
    let built = pipeline::build_with(options, memo).map_err(|e| format!("{e:#}"))?;
    let rebuild = t1.elapsed();
    let stages = built.stages.clone();
    drop(built);
    Ok(Sample {
        event,
        rebuild,
        search,
        parsed: memo.parsed_count(),
        rendered: memo.rendered_count(),
        stages,
    })
}

/// The arrival time of the next event named `name`; other events are an error.
fn expect_event(
    events: &Receiver<(Instant, String)>,
    name: &str,
    timeout: Duration,
) -> Result<Instant, String> {
    match events.recv_timeout(timeout) {
        Ok((at, got)) if got == name => Ok(at),
        Ok((_, got)) => Err(format!("event `{got}` waar `{name}` werd verwacht")),
        Err(RecvTimeoutError::Timeout) => Err(format!("geen `{name}` binnen {timeout:?}")),
        Err(RecvTimeoutError::Disconnected) => Err("de event-stream is gesloten".into()),
    }
}

/// Opens `/__verteller/events`; a thread sends `(arrival, event name)` for every event.
fn subscribe(addr: std::net::SocketAddr) -> Result<Receiver<(Instant, String)>, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("verbinden: {e}"))?;
    stream.set_nodelay(true).ok();
    write!(
        stream,
        "GET /__verteller/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
        addr.port()
    )
    .map_err(|e| format!("verzoek: {e}"))?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let now = Instant::now();
            if let Some(name) = line.strip_prefix("event: ")
                && tx.send((now, name.trim().to_string())).is_err()
            {
                return;
            }
        }
    });
    Ok(rx)
}

/// A story with one sentence of its body changed (and its title, when asked).
fn edit_story(text: &str, run: &str, title: bool) -> Result<String, String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("verhaal zonder front matter")?;
    let end = rest.find("\n---\n").ok_or("front matter niet afgesloten")?;
    let (front, body) = (&rest[..end + 1], &rest[end + 5..]);
    let mut front = front.to_string();
    if title {
        let line = front
            .lines()
            .find(|l| l.starts_with("title: "))
            .ok_or("verhaal zonder titel")?
            .to_string();
        front = front.replacen(&line, &format!("{line} (herzien {run})"), 1);
    }
    // The first sentence of the last paragraph gets replaced: a typical fix in the middle
    // of a story. (The first paragraph is the fallback summary, which every listing's
    // key includes; see docs/performance.md.)
    let mut body: Vec<String> = body.lines().map(str::to_string).collect();
    let at = body
        .iter()
        .rposition(|l| !l.starts_with('#') && !l.contains('[') && l.contains(". "))
        .ok_or("verhaal zonder alinea")?;
    let tail = body[at].split_once(". ").map_or("", |(_, t)| t).to_string();
    body[at] = format!("Deze zin is herschreven in ronde {run}. {tail}");
    Ok(format!("---\n{front}---\n{}\n", body.join("\n")))
}

/// The default story template with a run-specific attribute (every story page changes).
fn template_text(run: &str) -> Result<String, String> {
    if !STORY_TEMPLATE.contains("<article") {
        return Err("story.html van het standaardthema heeft geen <article>".into());
    }
    Ok(STORY_TEMPLATE.replacen("<article", &format!("<article data-ronde=\"{run}\""), 1))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs gen-site: the built example next to this one, else through cargo.
fn generate(site: &Path, stories: usize) -> Result<(), String> {
    let sibling = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|d| d.join("gen-site")))
        .filter(|p| p.is_file());
    let mut cmd = match &sibling {
        Some(bin) => Command::new(bin),
        None => {
            let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
            c.args(["run", "--release", "--quiet", "--example", "gen-site", "--"])
                .current_dir(env!("CARGO_MANIFEST_DIR"));
            c
        }
    };
    cmd.arg(site).arg("--stories").arg(stories.to_string());
    eprintln!("bench-serve: {cmd:?}");
    let status = cmd.status().map_err(|e| format!("gen-site: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("gen-site faalde: {status}"))
    }
}

fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md")
                && path.file_name().is_some_and(|n| n != "_index.md")
            {
                out.push(path);
            }
        }
    }
    Ok(out)
}

/// `/proc/loadavg`'s first three fields: other work on the machine skews the numbers.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median, p90 (nearest rank), min and max, in milliseconds.
struct Stats {
    median: f64,
    p90: f64,
    min: f64,
    max: f64,
}

impl Stats {
    fn of(mut xs: Vec<Duration>) -> Stats {
        xs.sort();
        let at = |q: f64| {
            let rank = ((q * xs.len() as f64).ceil() as usize).clamp(1, xs.len());
            ms(xs[rank - 1])
        };
        let median = if xs.len().is_multiple_of(2) {
            (ms(xs[xs.len() / 2 - 1]) + ms(xs[xs.len() / 2])) / 2.0
        } else {
            ms(xs[xs.len() / 2])
        };
        Stats {
            median,
            p90: at(0.9),
            min: ms(xs[0]),
            max: ms(xs[xs.len() - 1]),
        }
    }
}

/// A temporary directory removed on drop (std only; the site can be hundreds of MB).
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, String> {
        let base = std::env::temp_dir();
        for n in 0..1000u32 {
            let dir = base.join(format!("verteller-bench-serve-{}-{n}", std::process::id()));
            if std::fs::create_dir(&dir).is_ok() {
                return Ok(TempDir(dir));
            }
        }
        Err(format!("geen tijdelijke map in {}", base.display()))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
