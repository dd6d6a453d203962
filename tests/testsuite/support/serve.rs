//! A real `serve` on loopback for tests, raw HTTP requests to it (written by hand on a
//! TcpStream, so paths reach the server as sent), and the check that it has settled on
//! what a clean build of the site on disk gives.

use std::io::{Read as _, Write as _};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use verteller::diagnostics::Severity;
use verteller::output::OutputMap;
use verteller::pipeline::{self, BuildOptions};
use verteller::serve::{self, Running, ServeOptions};

/// Host name the test server also accepts (`--allow-host`).
pub const ALLOWED_HOST: &str = "verteller.test";

/// `serve` on a free loopback port with the CLI's debounce.
pub fn start(root: &Path) -> Running {
    start_limited(root, serve::Limits::default())
}

/// [`start`] with other connection limits (short timeouts, a small cap).
pub fn start_limited(root: &Path, limits: serve::Limits) -> Running {
    serve::start_with(
        &ServeOptions {
            root: root.to_path_buf(),
            drafts: false,
            as_of: None,
            port: Some(0),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            allow_hosts: vec![ALLOWED_HOST.into()],
            open: false,
            debounce: serve::DEFAULT_DEBOUNCE,
        },
        limits,
    )
    .expect("serve starts")
}

/// `(status, headers+body)` of one raw request.
pub fn request(addr: SocketAddr, method: &str, path: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// A GET with the bound address as Host.
pub fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    request(addr, "GET", path, &format!("127.0.0.1:{}", addr.port()))
}

/// Waits until `check` holds (bounded).
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("timed out waiting for: {what}");
}

/// Waits (bounded) until serve has taken in an edit: its version moved past `before`.
pub fn rebuilt_after(running: &Running, before: u64) {
    let start = Instant::now();
    while running.shared.current().version <= before {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no rebuild after the edit"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// What a clean build with serve's options gives: output and sorted error messages.
fn clean(root: &Path, addr: SocketAddr) -> (OutputMap, Vec<String>) {
    let built = pipeline::build(&BuildOptions {
        root: root.to_path_buf(),
        base_url: Some(format!("http://127.0.0.1:{}/", addr.port())),
        ..Default::default()
    })
    .expect("clean build runs");
    let errors = built
        .diagnostics
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{d:?}"))
        .collect();
    (built.output, errors)
}

/// Waits (bounded) until serve's current version equals a clean build of the site as it
/// is on disk now — pages (the search bundle aside) and error diagnostics; panics with
/// the differing pages when it never does.
pub fn settles_to_clean(root: &Path, running: &Running, within: Duration) {
    let start = Instant::now();
    let (expected, expected_errors) = clean(root, running.addr);
    loop {
        let served = running.shared.current();
        let errors: Vec<String> = served.errors.iter().map(|d| format!("{d:?}")).collect();
        let same = served.output.len() == expected.len()
            && expected
                .iter()
                .all(|(p, b)| served.output.get(p) == Some(b))
            && errors == expected_errors;
        if same {
            return;
        }
        if start.elapsed() > within {
            let differing: Vec<&String> = expected
                .iter()
                .filter(|(p, b)| served.output.get(*p) != Some(b))
                .map(|(p, _)| p)
                .chain(served.output.keys().filter(|p| !expected.contains_key(*p)))
                .take(10)
                .collect();
            panic!(
                "serve did not settle on a clean build's output within {within:?}\n\
                 differing pages: {differing:?}\nserved errors: {errors:#?}\nclean errors: {expected_errors:#?}"
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
