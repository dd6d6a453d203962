//! `serve` over real HTTP on loopback: security checks, live reload events, deletes and
//! bursts. Requests are written by hand on a TcpStream so paths reach the server as sent.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpStream;
use std::time::Duration;

use crate::support::Fixture;
use crate::support::serve::{ALLOWED_HOST, eventually, get, request, settles_to_clean, start};

#[test]
fn serves_pages_and_refuses_what_it_must() {
    let fixture = Fixture::minimal();
    let running = start(fixture.root());
    let addr = running.addr;

    let (status, page) = get(addr, "/verhalen/buurt/");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Buurt</h1>"));
    assert!(
        page.contains("/__verteller/reload.js"),
        "the reload script is injected"
    );
    assert!(!page.contains("Access-Control-Allow-Origin"));
    assert!(
        !fixture.path("public").exists(),
        "serve never writes public/"
    );

    let (status, head) = request(addr, "HEAD", "/verhalen/buurt/", "localhost");
    assert_eq!(status, 200);
    assert!(!head.contains("<h1>"), "HEAD has no body");

    for path in [
        "/../site.toml",
        "/verhalen/%2e%2e/%2e%2e/site.toml",
        "/%2E%2E/x",
        "/a%2fb",
        "/a%5cb",
        "/a\\b",
        "//etc/passwd",
    ] {
        let (status, _) = get(addr, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
    }
    assert_eq!(request(addr, "GET", "/", "evil.example").0, 403);
    assert_eq!(
        request(addr, "GET", "/", &format!("{ALLOWED_HOST}:{}", addr.port())).0,
        200,
        "--allow-host"
    );
    assert_eq!(request(addr, "POST", "/", "localhost").0, 405);
    assert_eq!(request(addr, "DELETE", "/", "localhost").0, 405);
    let (status, body) = get(addr, "/bestaat-niet/");
    assert_eq!(status, 404);
    assert!(body.contains("Pagina niet gevonden"));
    assert_eq!(get(addr, "/verhalen/buurt").0, 301);

    // The event stream refuses other sites' pages.
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(stream, "GET /__verteller/events HTTP/1.1\r\nHost: localhost\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n").unwrap();
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).unwrap();
    assert!(line.contains("403"), "{line}");
}

#[test]
fn edits_reach_the_browser_and_deleted_stories_are_gone() {
    let fixture = Fixture::with(&[
        (
            "content/verhalen/tweede.md",
            "---\ntitle: Tweede\ndate: 2025-02-02\n---\nZie [[buurt]].\n",
        ),
        ("static/css/extra.css", "body { color: #111; }\n"),
    ]);
    let running = start(fixture.root());
    let addr = running.addr;

    // An SSE client on the event stream.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /__verteller/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(stream);
    let mut next_event = || -> String {
        let mut line = String::new();
        loop {
            line.clear();
            events.read_line(&mut line).unwrap();
            if let Some(name) = line.strip_prefix("event: ") {
                return name.trim().to_string();
            }
        }
    };
    assert_eq!(next_event(), "hello");

    fixture.write(
        "content/verhalen/tweede.md",
        b"---\ntitle: Tweede, herzien\ndate: 2025-02-02\n---\nZie [[buurt]].\n",
    );
    assert_eq!(next_event(), "reload");
    assert!(get(addr, "/verhalen/tweede/").1.contains("Tweede, herzien"));

    // Delete a story that is linked to: its page is gone, the link error shows in the overlay.
    std::fs::remove_file(fixture.path("content/verhalen/buurt.md")).unwrap();
    assert_eq!(next_event(), "reload");
    assert_eq!(get(addr, "/verhalen/buurt/").0, 404);
    let page = get(addr, "/verhalen/tweede/").1;
    assert!(page.contains("verteller-overlay"), "{page}");
    assert!(page.contains("content/verhalen/tweede.md:5:5"), "{page}");

    // Broken front matter keeps the last good page; fixing everything removes the overlay.
    fixture.write("content/verhalen/tweede.md", b"---\ntitle: [kapot\n---\n");
    assert_eq!(next_event(), "reload");
    let page = get(addr, "/verhalen/tweede/").1;
    assert!(page.contains("Tweede, herzien"), "last good version");
    assert!(
        page.contains("lijst wordt niet gesloten"),
        "the slip, in the overlay"
    );
    fixture.write(
        "content/verhalen/tweede.md",
        b"---\ntitle: Tweede hersteld\ndate: 2025-02-02\n---\nGoed.\n",
    );
    assert_eq!(next_event(), "reload");
    let page = get(addr, "/verhalen/tweede/").1;
    assert!(
        page.contains("Tweede hersteld") && !page.contains("verteller-overlay"),
        "{page}"
    );

    // A stylesheet-only change swaps CSS without a reload.
    fixture.write("static/css/extra.css", b"body { color: black; }\n");
    assert_eq!(next_event(), "css");
}

#[test]
fn a_burst_of_500_files_is_coalesced() {
    let fixture = Fixture::minimal();
    let running = start(fixture.root());
    let before = running.shared.current().version;
    for n in 0..500 {
        fixture.write(
            &format!("content/verhalen/v{n:03}.md"),
            format!(
                "---\ntitle: Verhaal {n}\ndate: 2025-01-01\nthemes: [driehoek]\n---\nTekst {n}.\n"
            )
            .as_bytes(),
        );
    }
    eventually("all 500 stories served", || {
        get(running.addr, "/verhalen/v499/").0 == 200
            && get(running.addr, "/verhalen/v000/").0 == 200
    });
    std::thread::sleep(Duration::from_millis(300));
    let rebuilds = running.shared.current().version - before;
    assert!(
        (1..=3).contains(&rebuilds),
        "{rebuilds} rebuilds for one burst"
    );
    // The search index arrives in the background, beside the pages; compare the pages.
    settles_to_clean(fixture.root(), &running, Duration::from_secs(10));
}

#[test]
fn a_site_with_a_base_path_is_mounted_there() {
    let fixture = Fixture::with(&[(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/verhaal/\"\n",
    )]);
    let running = start(fixture.root());
    let (status, response) = get(running.addr, "/");
    assert_eq!(status, 302);
    assert!(
        response.contains("location: /verhaal/") || response.contains("Location: /verhaal/"),
        "{response}"
    );
    let (status, page) = get(running.addr, "/verhaal/verhalen/buurt/");
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/verhaal/verhalen/\""),
        "links carry the base path"
    );
    assert_eq!(get(running.addr, "/verhalen/buurt/").0, 404);
}

/// `serve --open` hands the site's address to the platform's opener (here a stand-in
/// `xdg-open`, or `open` on macOS, first on `PATH`, which writes down what it was given).
#[test]
#[cfg_attr(
    windows,
    ignore = "Windows opens through PowerShell and the shell, which a test cannot stand in for"
)]
fn open_hands_the_address_to_the_browser() {
    let fixture = Fixture::minimal();
    let bin = tempfile::tempdir().unwrap();
    let told = bin.path().join("told.txt");
    for name in ["xdg-open", "open"] {
        let script = bin.path().join(name);
        std::fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", told.display()),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let path = std::env::join_paths(std::iter::once(bin.path().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_verteller"))
        .arg("--root")
        .arg(fixture.root())
        .args(["serve", "--port", "0", "--open"])
        .env("PATH", path)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let address = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            let rest = line.strip_prefix("verteller serve: http://127.0.0.1:")?;
            Some(rest.split('/').next()?.to_string())
        })
        .expect("serve names its address");
    let want = format!("http://127.0.0.1:{address}/");
    eventually("the opener was called", || {
        std::fs::read_to_string(&told).is_ok_and(|t| t == want)
    });
    let _ = child.kill();
    let _ = child.wait();
}
