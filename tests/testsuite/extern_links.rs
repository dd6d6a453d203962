//! `verteller check --extern` against a server on loopback only (never the internet):
//! each kind of answer reported at the file that writes the link, HEAD refused → GET,
//! the per-host limit, the cache and its age, the JSON report, and no request at all
//! without `--extern`.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

use crate::support::{Fixture, Output};

/// How long the silent route keeps a connection without answering (the tests ask with
/// a one-second limit).
const SILENCE: Duration = Duration::from_secs(3);

/// A small HTTP server on 127.0.0.1 that logs every request (`HEAD /ok`), counts the
/// requests it is handling at once, and answers by path:
///
/// - `/ok`, `/nieuw`: 200; `/weg`: 404; `/storing`: 503;
/// - `/oud`: 301 to `/nieuw`; `/keten`: 301 to `/weg`;
/// - `/geen-head`: 405 to HEAD, 200 to GET;
/// - `/stil`: reads the request and never answers (closes after [`SILENCE`]);
/// - `/traag/…`: 200 after 300 ms;
/// - a proxy request (`CONNECT host:443`, `GET http://…`): 502.
struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
    most: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct Shared {
    active: AtomicUsize,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("address").port();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let most: Arc<AtomicUsize> = Arc::default();
        let stop: Arc<AtomicBool> = Arc::default();
        let shared: Arc<Shared> = Arc::default();
        let accept = {
            let (seen, most, stop) = (seen.clone(), most.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (seen, most, stop, shared) =
                                (seen.clone(), most.clone(), stop.clone(), shared.clone());
                            std::thread::spawn(move || {
                                serve(stream, &seen, &most, &stop, &shared);
                            });
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Server {
            port,
            seen,
            most,
            stop,
            accept: Some(accept),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The requests seen since the last call, in order.
    fn take_seen(&self) -> Vec<String> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }

    /// The most requests handled at once since the last call.
    fn take_most(&self) -> usize {
        self.most.swap(0, Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// One connection: one request, one answer (`Connection: close`).
fn serve(
    mut stream: TcpStream,
    seen: &Mutex<Vec<String>>,
    most: &AtomicUsize,
    stop: &AtomicBool,
    shared: &Shared,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16_384 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut words = head.split_whitespace();
    let (method, target) = (
        words.next().unwrap_or("").to_string(),
        words.next().unwrap_or("").to_string(),
    );
    seen.lock().unwrap().push(format!("{method} {target}"));
    let now = shared.active.fetch_add(1, Ordering::SeqCst) + 1;
    most.fetch_max(now, Ordering::SeqCst);
    let (status, location, delay) = match (method.as_str(), target.as_str()) {
        ("CONNECT", _) => (502, None, 0),
        (_, t) if t.starts_with("http") => (502, None, 0),
        (_, "/ok" | "/nieuw") => (200, None, 0),
        (_, "/storing") => (503, None, 0),
        (_, "/oud") => (301, Some("/nieuw"), 0),
        (_, "/keten") => (301, Some("/weg"), 0),
        ("HEAD", "/geen-head") => (405, None, 0),
        (_, "/geen-head") => (200, None, 0),
        (_, t) if t.starts_with("/traag/") => (200, None, 300),
        (_, "/stil") => (0, None, 0),
        _ => (404, None, 0),
    };
    if status == 0 {
        shared.active.fetch_sub(1, Ordering::SeqCst);
        let until = Instant::now() + SILENCE;
        while Instant::now() < until && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(20));
        }
        return;
    }
    std::thread::sleep(Duration::from_millis(delay));
    // Counted down before answering: the client may ask again as soon as it reads this.
    shared.active.fetch_sub(1, Ordering::SeqCst);
    let mut answer = format!("HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n");
    if let Some(location) = location {
        answer.push_str(&format!("Location: {location}\r\n"));
    }
    answer.push_str("\r\n");
    if method != "HEAD" {
        answer.push_str("ok");
    }
    let _ = stream.write_all(answer.as_bytes());
}

/// Runs `verteller --root <site> args…` without any proxy from the environment (the
/// tests reach 127.0.0.1 directly), plus `env`.
fn run(root: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::cargo_bin("verteller").expect("binary");
    cmd.arg("--root").arg(root).args(args).env("NO_COLOR", "1");
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        cmd.env_remove(var);
    }
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = cmd
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run verteller");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The minimal site with a story whose body links `urls` (one per line, from line 9).
fn site_linking(urls: &[String]) -> Fixture {
    let mut story = String::from(
        "---\ntitle: Buurt\ndate: 2025-01-02\nthemes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger]\n---\n## Aanpak\n",
    );
    for (i, url) in urls.iter().enumerate() {
        story.push_str(&format!("- [bron {i}]({url})\n"));
    }
    Fixture::with(&[("content/verhalen/buurt.md", &story)])
}

/// The line of the report for `url`.
fn entry<'a>(report: &'a Value, url: &str) -> &'a Value {
    report["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["url"] == url)
        .unwrap_or_else(|| panic!("{url} not in the report: {report:#}"))
}

#[test]
fn every_answer_is_reported_at_the_file_that_writes_the_link() {
    let server = Server::start();
    // A port nobody listens on: the connection is refused.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = format!("http://127.0.0.1:{}/", closed.local_addr().unwrap().port());
    drop(closed);
    let urls = [
        server.url("/ok"),
        server.url("/weg"),
        server.url("/oud"),
        server.url("/stil"),
        server.url("/geen-head"),
        server.url("/keten"),
        server.url("/storing"),
        refused.clone(),
    ];
    let site = site_linking(&urls);
    // The same dead URL in a template and in a static HTML file.
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/gemeente/templates/page.html"),
    )
    .unwrap()
    .replace(
        "{{ page.content | safe }}",
        &format!(
            "{{{{ page.content | safe }}}}\n<p><a href=\"{}#kop\">bron</a></p>",
            urls[1]
        ),
    );
    site.write("templates/page.html", page.as_bytes());
    site.write("content/over.md", b"---\ntitle: Over\n---\nOver de site.\n");
    site.write(
        "static/oud.html",
        format!("<!doctype html>\n<p><a href=\"{}\">bron</a></p>\n", urls[1]).as_bytes(),
    );
    let report_file = site.path("rapport.json");
    let report_arg = report_file.to_string_lossy().into_owned();
    let started = Instant::now();
    let out = run(
        site.root(),
        &[
            "check",
            "--extern",
            "--extern-timeout",
            "1",
            "--extern-report",
            &report_arg,
        ],
        &[],
    );
    let took = started.elapsed();
    let err = &out.stderr;
    assert_eq!(out.code, 1, "{err}");
    // The body link at its line (9 + index) and column (the URL after `- [bron N](`).
    let at = |i: usize| format!("content/verhalen/buurt.md:{}:12", 9 + i);
    let diagnostic = |code: &str, place: &str| {
        let lines: Vec<&str> = err.lines().collect();
        lines
            .windows(2)
            .any(|w| w[0].contains(&format!("[{code}]")) && w[1].contains(place))
    };
    assert!(
        diagnostic("extern-dead", &at(1)),
        "404 at its place:\n{err}"
    );
    assert!(err.contains("de pagina bestaat niet (404)"), "{err}");
    assert!(
        diagnostic("extern-moved", &at(2))
            && err.contains(&format!("link direct naar `{}`", server.url("/nieuw"))),
        "301 with its target:\n{err}"
    );
    assert!(diagnostic("extern-timeout", &at(3)), "timeout:\n{err}");
    assert!(err.contains("gaf binnen 1 s geen antwoord"), "{err}");
    assert!(
        diagnostic("extern-dead", &at(5))
            && err.contains(&format!("stuurt door naar `{}`", server.url("/weg"))),
        "a chain ending in 404 is dead:\n{err}"
    );
    assert!(diagnostic("extern-server-error", &at(6)), "503:\n{err}");
    assert!(diagnostic("extern-dead", &at(7)), "refused:\n{err}");
    assert!(err.contains("de server weigert de verbinding"), "{err}");
    for fine in [0, 4] {
        assert!(!err.contains(&at(fine)), "{} is fine:\n{err}", urls[fine]);
    }
    // The template and the static file that write the dead link.
    assert!(
        diagnostic("extern-dead", "templates/page.html:9:13"),
        "template:\n{err}"
    );
    assert!(
        diagnostic("extern-dead", "static/oud.html:2:7"),
        "static file:\n{err}"
    );
    assert!(err.contains("fout[extern-dead]"), "{err}");
    // HEAD first; GET only where HEAD was refused (and for the dead ones).
    let seen = server.take_seen();
    assert!(seen.contains(&"HEAD /ok".to_string()), "{seen:?}");
    assert!(!seen.contains(&"GET /ok".to_string()), "{seen:?}");
    assert!(
        seen.contains(&"HEAD /geen-head".to_string())
            && seen.contains(&"GET /geen-head".to_string()),
        "{seen:?}"
    );
    assert_eq!(
        seen.iter().filter(|s| *s == "HEAD /stil").count(),
        1,
        "{seen:?}"
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");

    // The JSON report: every URL, its result, redirect, origin and cache state.
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_file).unwrap()).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["urls"], urls.len());
    assert_eq!(report["summary"]["checked"], urls.len());
    assert_eq!(report["summary"]["cached"], 0);
    let ok = entry(&report, &urls[0]);
    assert_eq!(
        (ok["result"].as_str(), ok["status"].as_u64()),
        (Some("ok"), Some(200))
    );
    assert_eq!(ok["severity"], Value::Null);
    assert_eq!(ok["cached"], false);
    assert_eq!(ok["from"][0]["file"], "content/verhalen/buurt.md");
    assert_eq!(ok["from"][0]["line"], 9);
    assert_eq!(ok["from"][0]["page"], "/verhalen/buurt/");
    let dead = entry(&report, &urls[1]);
    assert_eq!(
        (dead["result"].as_str(), dead["severity"].as_str()),
        (Some("dead"), Some("error"))
    );
    assert_eq!(dead["code"], "extern-dead");
    let files: Vec<&str> = dead["from"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "content/verhalen/buurt.md",
            "static/oud.html",
            "templates/page.html"
        ]
    );
    let moved = entry(&report, &urls[2]);
    assert_eq!(moved["result"], "moved");
    assert_eq!(moved["redirect"], server.url("/nieuw"));
    assert_eq!(moved["redirects"][0]["status"], 301);
    assert_eq!(entry(&report, &urls[3])["failure"]["kind"], "timeout");
    assert_eq!(entry(&report, &urls[4])["result"], "ok");
    assert_eq!(entry(&report, &urls[6])["status"], 503);
    assert_eq!(entry(&report, &refused)["failure"]["kind"], "refused");
}

#[test]
fn requests_to_one_host_stay_within_the_per_host_limit() {
    let server = Server::start();
    let urls: Vec<String> = (0..12)
        .map(|i| server.url(&format!("/traag/{i}")))
        .collect();
    let site = site_linking(&urls);
    let out = run(
        site.root(),
        &["check", "--extern", "--extern-per-host", "2"],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(server.take_seen().len(), 12);
    let most = server.take_most();
    assert_eq!(most, 2, "requests at once with a limit of 2");
    // The limit is what held it: with 4, more go at once (the cache asked to forget).
    let out = run(
        site.root(),
        &[
            "check",
            "--extern",
            "--extern-per-host",
            "4",
            "--extern-max-age",
            "0",
        ],
        &[],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(server.take_seen().len(), 12);
    let most = server.take_most();
    assert!(
        (3..=4).contains(&most),
        "{most} requests at once with a limit of 4"
    );
}

#[test]
fn good_results_come_from_the_cache_until_they_are_too_old() {
    let server = Server::start();
    let urls = [server.url("/ok"), server.url("/oud"), server.url("/weg")];
    let site = site_linking(&urls);
    let report_arg = site.path("rapport.json").to_string_lossy().into_owned();
    let args = ["check", "--extern", "--extern-report", report_arg.as_str()];
    let first = run(site.root(), &args, &[]);
    assert_eq!(first.code, 1, "{}", first.stderr);
    let mut seen = server.take_seen();
    seen.sort();
    assert_eq!(
        seen,
        [
            "GET /weg",
            "HEAD /nieuw",
            "HEAD /ok",
            "HEAD /oud",
            "HEAD /weg"
        ]
    );
    assert!(
        first.stderr.contains("3 gecontroleerd, 0 uit de cache"),
        "{}",
        first.stderr
    );

    // Within the age: the good ones are not asked again; the dead one always is, and is
    // reported again (the moved one too, from the cache).
    let second = run(site.root(), &args, &[]);
    assert_eq!(second.code, 1, "{}", second.stderr);
    assert_eq!(server.take_seen(), ["HEAD /weg", "GET /weg"]);
    assert!(
        second.stderr.contains("1 gecontroleerd, 2 uit de cache"),
        "{}",
        second.stderr
    );
    assert!(
        second.stderr.contains("waarschuwing[extern-moved]"),
        "{}",
        second.stderr
    );
    let report: Value = serde_json::from_str(&site.read("rapport.json")).unwrap();
    assert_eq!(entry(&report, &urls[0])["cached"], true);
    assert_eq!(entry(&report, &urls[1])["redirect"], server.url("/nieuw"));
    assert_eq!(entry(&report, &urls[2])["cached"], false);

    // Eight days later (the cache's times set back): everything is asked again.
    let cache_file = ".verteller-cache/extern-links.json";
    let mut cache: Value = serde_json::from_str(&site.read(cache_file)).unwrap();
    for (_, entry) in cache["links"].as_object_mut().unwrap() {
        let checked = entry["checked"].as_u64().unwrap();
        entry["checked"] = Value::from(checked - 8 * 86_400);
    }
    site.write(cache_file, cache.to_string().as_bytes());
    let third = run(site.root(), &args, &[]);
    assert_eq!(third.code, 1, "{}", third.stderr);
    assert_eq!(server.take_seen().len(), 5, "all three asked again");
    assert!(
        third.stderr.contains("3 gecontroleerd, 0 uit de cache"),
        "{}",
        third.stderr
    );
}

#[test]
fn a_cache_that_cannot_be_read_is_set_aside_with_a_note() {
    let server = Server::start();
    let site = site_linking(&[server.url("/ok")]);
    site.write(
        ".verteller-cache/extern-links.json",
        b"{\"version\": 1, \"links\": [kapot",
    );
    let out = run(site.root(), &["check", "--extern"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(".verteller-cache/extern-links.json is geen leesbare cache"),
        "{}",
        out.stderr
    );
    assert_eq!(server.take_seen(), ["HEAD /ok"]);
    // A good cache replaces it, and the next run uses it.
    let cache: Value =
        serde_json::from_str(&site.read(".verteller-cache/extern-links.json")).unwrap();
    assert_eq!(cache["links"][server.url("/ok")]["result"]["status"], 200);
    let out = run(site.root(), &["check", "--extern"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(server.take_seen().is_empty());
}

#[test]
fn skipped_hosts_are_never_asked() {
    let server = Server::start();
    let site = site_linking(&[server.url("/weg")]);
    let toml = format!(
        "{}[check]\nextern_skip = [\"127.0.0.1\"]\n",
        site.read("site.toml")
    );
    site.write("site.toml", toml.as_bytes());
    let out = run(site.root(), &["check", "--extern"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("1 overgeslagen"), "{}", out.stderr);
    assert!(server.take_seen().is_empty());
}

#[test]
fn the_default_site_s_check_asks_the_network_nothing_without_extern() {
    // Every request would go through this "proxy" on loopback, which logs it and
    // answers 502: nothing reaches the internet either way.
    let proxy = Server::start();
    let site = crate::support::site::default_site();
    let story = "content/verhalen/buurtkamer-oost.md";
    let text = format!(
        "{}\nMeer over de regels staat in [de Gemeentewet](https://wetten.overheid.nl/BWBR0005416/).\n",
        site.read(story)
    );
    site.write(story, text.as_bytes());
    let env: Vec<(&str, String)> = ["ALL_PROXY", "HTTPS_PROXY", "HTTP_PROXY"]
        .into_iter()
        .map(|k| (k, proxy.url("")))
        .collect();
    let out = run(site.root(), &["check"], &env);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("0 fouten, 0 waarschuwingen"),
        "{}",
        out.stderr
    );
    assert!(
        proxy.take_seen().is_empty(),
        "check without --extern made a request"
    );
    assert!(!site.path(".verteller-cache").exists());
    // The same run with --extern does ask (through the proxy): the test can fail.
    let out = run(
        site.root(),
        &["check", "--extern", "--extern-timeout", "2"],
        &env,
    );
    let seen = proxy.take_seen();
    assert!(
        seen.iter().any(|s| s.contains("wetten.overheid.nl")),
        "{seen:?}\n{}",
        out.stderr
    );
}

#[test]
fn a_refused_link_is_dead_only_while_another_site_answers() {
    let server = Server::start();
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = format!("http://127.0.0.1:{}/", closed.local_addr().unwrap().port());
    drop(closed);
    let site = site_linking(&[server.url("/ok"), refused]);
    let first = run(site.root(), &["check", "--extern"], &[]);
    assert_eq!(first.code, 1, "{}", first.stderr);
    assert!(
        first.stderr.contains("fout[extern-dead]"),
        "{}",
        first.stderr
    );
    server.take_seen();
    // Only the refused link is asked now; the good one from the cache is asked again as
    // a witness that this machine has a network.
    let second = run(site.root(), &["check", "--extern"], &[]);
    assert_eq!(second.code, 1, "{}", second.stderr);
    assert!(
        second.stderr.contains("fout[extern-dead]"),
        "{}",
        second.stderr
    );
    assert_eq!(server.take_seen(), ["HEAD /ok"]);
    // With no site answering at all, a refused connection says nothing about the link.
    drop(server);
    let third = run(site.root(), &["check", "--extern"], &[]);
    assert_eq!(third.code, 0, "{}", third.stderr);
    assert!(
        third.stderr.contains("waarschuwing[extern-not-checked]")
            && third.stderr.contains("heeft deze computer internet?"),
        "{}",
        third.stderr
    );
}
