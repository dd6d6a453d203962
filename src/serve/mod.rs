//! `verteller serve`: builds in memory, serves over HTTP on loopback, watches the
//! sources, rebuilds incrementally and tells browsers to reload (Server-Sent Events).
//!
//! The watch loop (a plain thread) and the HTTP server (tokio, only here) share one
//! [`Shared`] state; nothing is global. `public/` is never written.

mod http;
pub mod inject;
pub mod photos;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::diagnostics::{Diagnostic, Severity};
use crate::messages::{Lang, Say};
use crate::output::OutputMap;
use crate::pipeline::{self, BuildOptions, Memo};
use crate::watch;

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub drafts: bool,
    /// `--as-of`: the site as published on that date. Without it, serve shows today's
    /// site and previews what is scheduled or expired too, each with a banner.
    pub as_of: Option<crate::model::Date>,
    /// `None`: 1111, or the next free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    /// Extra Host names to accept (besides loopback names and the bound address).
    pub allow_hosts: Vec<String>,
    pub open: bool,
    /// Debounce of file events.
    pub debounce: Duration,
}

/// Limits on connections, so that idle or half-open sockets cannot starve the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's headers, counted from the moment
    /// the connection is accepted or its previous response ended; then the connection is
    /// closed. A response (the long-lived event stream too) is never cut by it.
    pub header_read_timeout: Duration,
    /// Connections served at once. Further ones are not accepted until one closes: they
    /// wait in the kernel's listen queue, where they cost serve no file descriptor.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            // Above the 200 busy keep-alive connections of the load test
            // (docs/reliability.md), with room for open tabs' event streams.
            max_connections: 256,
        }
    }
}

/// One served version of the site.
pub struct Snapshot {
    /// The pages and files of this version (shared, never copied per request or index).
    pub output: Arc<OutputMap>,
    /// The search bundle (`pagefind/…`): the newest index built, which may lag one
    /// version behind `output` for the moment its rebuild takes.
    pub search: Arc<OutputMap>,
    /// Errors to show in the overlay (sorted).
    pub errors: Vec<Diagnostic>,
    pub version: u64,
}

/// State shared by the watch loop and the HTTP handlers.
pub struct Shared {
    pub snapshot: RwLock<Arc<Snapshot>>,
    /// `reload` or `css`, with the new version.
    pub events: tokio::sync::broadcast::Sender<(u64, &'static str)>,
    pub base_path: String,
    pub lang: Lang,
    /// Host names (without port) the server answers to.
    pub hosts: Vec<String>,
    /// The port the server listens on: the only one a Host or Origin may name.
    pub port: u16,
}

impl Snapshot {
    /// The bytes served at `path` (relative to the base path).
    pub fn get(&self, path: &str) -> Option<&crate::output::FileBytes> {
        self.output.get(path).or_else(|| self.search.get(path))
    }
}

impl Shared {
    pub fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map_or_else(|e| e.into_inner().clone(), |s| s.clone())
    }

    /// Adds the search index to the snapshot it was built for (if still current).
    /// Returns whether the files were installed (not when a newer version came first).
    /// The check and the swap hold one lock, so a rebuild landing in between is never
    /// replaced by the older version it followed.
    fn add_search(&self, version: u64, files: OutputMap) -> bool {
        let mut slot = self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if slot.version != version {
            return false;
        }
        *slot = Arc::new(Snapshot {
            output: slot.output.clone(),
            search: Arc::new(files),
            errors: slot.errors.clone(),
            version,
        });
        true
    }

    fn replace(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        match self.snapshot.write() {
            Ok(mut s) => *s = snapshot,
            Err(e) => *e.into_inner() = snapshot,
        }
    }
}

/// How long file events are debounced: short enough that a single save reaches the
/// browser at once, long enough to take an editor's write-rename-delete as one change.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(12);

/// A batch with more file events than this is a burst (a checkout, a copy), not a save.
const BURST_EVENTS: usize = 32;

/// The port to listen on: the asked one, or 1111 and up when none was asked.
fn bind_listener(bind: IpAddr, port: Option<u16>) -> anyhow::Result<TcpListener> {
    match port {
        Some(port) => TcpListener::bind(SocketAddr::new(bind, port)).with_context(|| {
            let bind = bind.to_string();
            Say::PortTaken { port, bind }.text(Lang::Nl)
        }),
        None => {
            for p in 1111..1131 {
                if let Ok(l) = TcpListener::bind(SocketAddr::new(bind, p)) {
                    if p != 1111 {
                        eprintln!("{}", Say::PortMoved { port: p }.text(Lang::Nl));
                    }
                    return Ok(l);
                }
            }
            anyhow::bail!("{}", Say::PortsTaken.text(Lang::Nl))
        }
    }
}

/// A running server (for tests): its address and state; dropping it does not stop it.
pub struct Running {
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
}

/// Builds, starts watching and serving, and returns once the server listens.
pub fn start(options: &ServeOptions) -> anyhow::Result<Running> {
    start_with(options, Limits::default())
}

/// [`start`] with other connection limits (tests use short ones).
pub fn start_with(options: &ServeOptions, limits: Limits) -> anyhow::Result<Running> {
    let listener = bind_listener(options.bind, options.port)?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let host = match options.bind {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let build_options = build_options(options, &host, addr.port())?;
    let mut memo = Memo::for_serve();
    let mut built = pipeline::build_with(&build_options, &mut memo)?;
    let mut hosts = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "[::1]".to_string(),
        host,
    ];
    hosts.extend(options.allow_hosts.iter().cloned());
    let (events, _) = tokio::sync::broadcast::channel(64);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(snapshot(&mut built, 1, Arc::default()))),
        events,
        base_path: built.config.base_path.clone(),
        lang: built.config.language,
        hosts,
        port: addr.port(),
    });
    report(&built, None, &memo);

    let index = built.config.search.then(|| spawn_indexer(&shared, &built));

    // Events carry absolute paths; classify against the absolute root.
    let root = crate::source::canonical(&options.root);
    // Events in the folder `build` writes to are not sources (the same folder `build`
    // works out).
    let output_dir = crate::output::Folder::resolve(&root, None, &built.config.output_dir).path;
    let (tx, rx) = mpsc::channel();
    let photos = photos::spawn(root.clone(), build_options.source.clone(), tx.clone());
    if !built.pending_photos.is_empty() {
        let _ = photos.send(std::mem::take(&mut built.pending_photos));
    }
    let rebuilds = Rebuilds {
        watcher: watch::watch(&options.root, options.debounce, tx)?,
        events: rx,
        quiet: options.debounce,
        root,
        output_dir,
        build_options,
        memo,
        shared: shared.clone(),
        index,
        photos,
    };
    std::thread::spawn(move || rebuilds.run());

    let http_shared = shared.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build();
        match runtime {
            Ok(rt) => rt.block_on(http::serve(listener, http_shared, limits)),
            Err(e) => eprintln!("fout: kan de server niet starten: {e}"),
        }
    });
    Ok(Running { addr, shared })
}

/// How serve builds: the site's own options, with its `base_url` on this server (the
/// site's base path kept).
fn build_options(options: &ServeOptions, host: &str, port: u16) -> anyhow::Result<BuildOptions> {
    let config = pipeline::load(&BuildOptions {
        root: options.root.clone(),
        ..BuildOptions::default()
    })?
    .config;
    Ok(BuildOptions {
        root: options.root.clone(),
        drafts: options.drafts,
        base_url: Some(format!("http://{host}:{port}{}", config.base_path)),
        as_of: options.as_of.or_else(crate::schedule::today),
        scheduled: options.as_of.is_none(),
        ..BuildOptions::default()
    })
}

/// The search index, built on a thread of its own so that it never delays a reload:
/// each version sent is indexed (the newest of those waiting) and added to the served
/// snapshot. The first version is sent at once. The index is kept between versions and
/// reads again only the pages that changed (`search::Indexer::update`), on a thread pool
/// of its own. The index files of the last index served (chunks, fragments, filters,
/// meta: names that no other version's entry file refers to for other contents) stay
/// served beside the new ones, so a reader whose page loaded that index still finds the
/// files it names; one generation back, not more.
fn spawn_indexer(
    shared: &Arc<Shared>,
    built: &pipeline::Built,
) -> mpsc::Sender<(u64, Arc<Snapshot>)> {
    let (index_tx, index_rx) = mpsc::channel::<(u64, Arc<Snapshot>)>();
    let index_shared = shared.clone();
    let config = built.config.clone();
    std::thread::spawn(move || {
        let mut indexer = match crate::search::Indexer::new(&config) {
            Ok(indexer) => indexer,
            Err(e) => return eprintln!("zoekindex: {e:#}"),
        };
        // A pool of its own with one thread: on the shared pool, the rebuild that follows
        // the next save would wait for the index's tasks before its own.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "verteller-zoek".into())
            .build();
        let mut previous = OutputMap::new();
        while let Ok(mut job) = index_rx.recv() {
            while let Ok(newer) = index_rx.try_recv() {
                job = newer;
            }
            let (version, snapshot) = job;
            let updated = match &pool {
                Ok(pool) => pool.install(|| indexer.update(&snapshot.output)),
                Err(_) => indexer.update(&snapshot.output),
            };
            match updated {
                Ok(files) => {
                    let mut served = files.clone();
                    for (path, bytes) in &previous {
                        if crate::search::is_content_named(path) {
                            served.entry(path.clone()).or_insert_with(|| bytes.clone());
                        }
                    }
                    // `previous` is the index readers may have loaded: the last one served.
                    if index_shared.add_search(version, served) {
                        previous = files;
                    }
                    crate::memory::release_freed();
                }
                Err(e) => eprintln!("zoekindex: {e:#}"),
            }
        }
    });
    let _ = index_tx.send((1, shared.current()));
    index_tx
}

/// The watch loop: debounced batches of file events in, rebuilds out.
struct Rebuilds {
    watcher: watch::Watcher,
    events: mpsc::Receiver<Vec<watch::FsEvent>>,
    /// How long it must be quiet before a batch ends.
    quiet: Duration,
    /// The site's root, absolute (events carry absolute paths).
    root: PathBuf,
    output_dir: PathBuf,
    build_options: BuildOptions,
    memo: Memo,
    shared: Arc<Shared>,
    /// The search indexer's queue, when the site has search.
    index: Option<mpsc::Sender<(u64, Arc<Snapshot>)>>,
    /// The photo encoder's queue.
    photos: mpsc::Sender<Vec<crate::photos::Pending>>,
}

impl Rebuilds {
    fn run(mut self) {
        let mut version = 1;
        // Content paths reported since the last rebuild (batches that need no rebuild
        // of their own, such as an editor's probe file, count too); `None`: unknown.
        let mut pending: Option<Vec<PathBuf>> = Some(Vec::new());
        while let Some(batch) = self.next_batch() {
            self.watcher.watch_new_folders();
            let change = watch::classify(&self.root, &self.output_dir, &batch);
            pending = match (pending, &change.content) {
                (Some(mut paths), Some(more)) => {
                    paths.extend(more.iter().cloned());
                    Some(paths)
                }
                _ => None,
            };
            if !change.relevant {
                continue;
            }
            let started = Instant::now();
            self.memo.expect(pending.replace(Vec::new()));
            match pipeline::build_with(&self.build_options, &mut self.memo) {
                Ok(mut built) => {
                    version += 1;
                    // The previous search bundle stays until the new one is ready.
                    let search = self.shared.current().search.clone();
                    self.shared.replace(snapshot(&mut built, version, search));
                    if let Some(index) = &self.index {
                        let _ = index.send((version, self.shared.current()));
                    }
                    if !built.pending_photos.is_empty() {
                        let _ = self.photos.send(std::mem::take(&mut built.pending_photos));
                    }
                    let kind = if change.css_only { "css" } else { "reload" };
                    let _ = self.shared.events.send((version, kind));
                    report(&built, Some(started.elapsed()), &self.memo);
                    drop(built);
                    crate::memory::release_freed();
                }
                Err(e) => eprintln!("fout: {e:#}"),
            }
        }
    }

    /// The next batch of events: a burst (a git checkout) is coalesced by taking what
    /// arrives until it is quiet for a moment; a single save adds only that moment to
    /// its latency. Once a batch looks like a burst, a longer pause is needed to end it,
    /// so a checkout that stalls briefly (a slow disk, a busy machine) still gives one
    /// rebuild. `None` when the watcher is gone.
    fn next_batch(&self) -> Option<Vec<watch::FsEvent>> {
        let mut batch = self.events.recv().ok()?;
        loop {
            let wait = if batch.len() > BURST_EVENTS {
                self.quiet * 8
            } else {
                self.quiet
            };
            match self.events.recv_timeout(wait) {
                Ok(more) => batch.extend(more),
                Err(_) => return Some(batch),
            }
        }
    }
}

/// The served version of `built`; takes its output (the caller keeps config and
/// diagnostics).
fn snapshot(built: &mut pipeline::Built, version: u64, search: Arc<OutputMap>) -> Snapshot {
    let errors = built
        .diagnostics
        .clone()
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    Snapshot {
        output: Arc::new(std::mem::take(&mut built.output)),
        search,
        errors,
        version,
    }
}

fn report(built: &pipeline::Built, elapsed: Option<Duration>, memo: &Memo) {
    let errors = built.diagnostics.count(Severity::Error);
    if errors > 0 {
        let items = built.diagnostics.clone().into_sorted();
        let text = crate::diagnostics::render_human(&items, built.config.language, false, |p| {
            built.texts.get(p).map(String::as_str)
        });
        eprint!("{text}");
    }
    if let Some(elapsed) = elapsed {
        eprintln!(
            "Opnieuw gebouwd in {} ms: {} bestand(en) gelezen, {} pagina('s) opnieuw; {errors} fout(en).",
            elapsed.as_millis(),
            memo.parsed_count(),
            memo.rendered_count()
        );
    }
}

/// Runs `serve` until the process is stopped.
pub fn run(options: &ServeOptions) -> anyhow::Result<()> {
    if !options.bind.is_loopback() {
        eprintln!(
            "LET OP: --bind {} maakt de voorbeeldsite bereikbaar voor andere computers in het netwerk.",
            options.bind
        );
    }
    let running = start(options)?;
    let host = match options.bind {
        IpAddr::V6(ip) if ip.is_loopback() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!(
        "http://{host}:{}{}",
        running.addr.port(),
        running.shared.base_path
    );
    eprintln!("verteller serve: {url} (stoppen: Ctrl+C)");
    if options.open {
        let url = browser_url(options.bind, running.addr.port(), &running.shared.base_path);
        open_in_browser(&url, running.shared.lang);
    }
    loop {
        std::thread::park();
    }
}

/// The address a browser on this computer opens: the bound one, or loopback when serve
/// listens on every address (`--bind 0.0.0.0`), which no browser on Windows can open.
fn browser_url(bind: IpAddr, port: u16, base_path: &str) -> String {
    let host = match bind {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) if ip.is_unspecified() || ip.is_loopback() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{port}{base_path}")
}

/// `serve --open`: the site in the editor's default browser, through the platform's own
/// way (`open` crate: `xdg-open` and its kin on Linux, `open` on macOS, the shell on
/// Windows). A thread of its own, because some openers wait until the browser closes;
/// when none works, serve says so and goes on.
fn open_in_browser(url: &str, lang: Lang) {
    let url = url.to_string();
    let _ = std::thread::Builder::new()
        .name("verteller-open".into())
        .spawn(move || {
            if open::that(&url).is_err() {
                eprintln!("{}", Say::BrowserNotOpened { url }.text(lang));
            }
        });
}

#[cfg(test)]
mod tests {
    use super::browser_url;

    #[test]
    fn the_browser_opens_a_loopback_address_when_every_address_is_bound() {
        let url = |bind: &str| browser_url(bind.parse().unwrap(), 1111, "/verhaal/");
        assert_eq!(url("127.0.0.1"), "http://127.0.0.1:1111/verhaal/");
        assert_eq!(url("0.0.0.0"), "http://127.0.0.1:1111/verhaal/");
        assert_eq!(url("::"), "http://[::1]:1111/verhaal/");
        assert_eq!(url("::1"), "http://[::1]:1111/verhaal/");
        assert_eq!(url("192.0.2.7"), "http://192.0.2.7:1111/verhaal/");
    }
}
