//! `serve` against hostile clients on loopback: Host and Origin must name this server
//! exactly (name, scheme, bound port), a client that never finishes its request headers
//! is cut off, idle sockets beyond the connection cap do not starve the server, and the
//! event stream outlives the header timeout. Also `init --name` with names that broke
//! `site.toml`.

use std::io::{BufRead as _, BufReader, ErrorKind, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use verteller::serve::Limits;

use crate::support::Fixture;
use crate::support::serve::{ALLOWED_HOST, request, start, start_limited};

/// `serve` with a header timeout of one second (and a cap of 16), and that timeout.
fn start_with_short_timeout(fixture: &Fixture) -> (verteller::serve::Running, Duration) {
    let timeout = Duration::from_secs(1);
    let limits = Limits {
        header_read_timeout: timeout,
        max_connections: 16,
    };
    (start_limited(fixture.root(), limits), timeout)
}

/// The status line of a request for the event stream with `extra` headers (the
/// connection is dropped after it: the stream itself never ends).
fn events_status(addr: SocketAddr, extra: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "GET /__verteller/events HTTP/1.1\r\nHost: localhost:{}\r\n{extra}\r\n",
        addr.port()
    )
    .expect("request");
    let mut line = String::new();
    BufReader::new(stream)
        .read_line(&mut line)
        .expect("status line");
    line
}

/// Reads until the server closes the connection (or `within` passes, which panics);
/// returns what it sent and when it closed.
fn wait_for_close(stream: &mut TcpStream, within: Duration) -> (Vec<u8>, Duration) {
    let start = Instant::now();
    let mut sent = Vec::new();
    let mut buffer = [0u8; 1024];
    loop {
        let left = within.saturating_sub(start.elapsed());
        assert!(
            !left.is_zero(),
            "the server kept the connection open for {within:?}"
        );
        stream.set_read_timeout(Some(left)).expect("timeout");
        match stream.read(&mut buffer) {
            Ok(0) => return (sent, start.elapsed()),
            Ok(n) => sent.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return (sent, start.elapsed()),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) => panic!("read: {e}"),
        }
    }
}

#[test]
fn the_host_header_must_name_this_server_on_its_port() {
    let fixture = Fixture::minimal();
    let running = start(fixture.root());
    let addr = running.addr;
    let port = addr.port();
    let status = |host: &str| request(addr, "GET", "/verhalen/buurt/", host).0;

    for bad in [
        "localhost:1111@evil".to_string(),
        format!("localhost:{port}@evil"),
        "localhost:evil.example".to_string(),
        "[::1]evil.example".to_string(),
        format!("[::1]evil.example:{port}"),
        "localhost:1111 ".to_string(),
        format!("localhost:{port} x"),
        format!("localhost :{port}"),
        "localhost:".to_string(),
        "localhost:99999".to_string(),
        format!("localhost:{}", port + 1),
        format!("localhost:0{port}"),
        format!("localhost:{port}:{port}"),
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "[::1".to_string(),
        format!("[::1:{port}"),
        "127.0.0.1.evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("{ALLOWED_HOST}.evil.example:{port}"),
        format!("{ALLOWED_HOST}:80"),
        String::new(),
    ] {
        let (code, body) = request(addr, "GET", "/verhalen/buurt/", &bad);
        assert_eq!(code, 403, "Host {bad:?}: {body}");
        assert!(body.contains("Onbekende Host"), "Host {bad:?}: {body}");
    }
    for good in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("LOCALHOST:{port}"),
        format!("{ALLOWED_HOST}:{port}"),
        ALLOWED_HOST.to_uppercase(),
        "localhost".to_string(),
        // Whitespace around a header's value is not part of it (RFC 9110, 5.5).
        format!("localhost:{port} "),
    ] {
        assert_eq!(status(&good), 200, "Host {good:?}");
    }

    // No Host, or two of them.
    let raw = |text: &str| {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream.write_all(text.as_bytes()).unwrap();
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).unwrap();
        line
    };
    let line = raw("GET /verhalen/buurt/ HTTP/1.0\r\n\r\n");
    assert!(line.contains(" 403 "), "no Host: {line}");
    let line = raw(&format!(
        "GET /verhalen/buurt/ HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    ));
    assert!(
        line.contains(" 403 ") || line.contains(" 400 "),
        "two Hosts: {line}"
    );
    // An absolute request target must name this server too.
    let line = raw(&format!(
        "GET http://evil.example/verhalen/buurt/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert!(line.contains(" 403 "), "absolute target: {line}");
    let line = raw(&format!(
        "GET http://localhost:{port}/verhalen/buurt/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert!(
        line.contains(" 200 "),
        "absolute target of this server: {line}"
    );
}

#[test]
fn the_event_stream_checks_the_origins_scheme_host_and_port() {
    let fixture = Fixture::minimal();
    let running = start(fixture.root());
    let addr = running.addr;
    let port = addr.port();

    // A same-origin EventSource sends no Origin (and Sec-Fetch-Site: same-origin).
    for allowed in [
        String::new(),
        "Sec-Fetch-Site: same-origin\r\n".to_string(),
        format!("Origin: http://localhost:{port}\r\n"),
        format!("Origin: http://127.0.0.1:{port}\r\n"),
        format!("Origin: http://[::1]:{port}\r\n"),
        format!("Origin: http://{ALLOWED_HOST}:{port}\r\n"),
    ] {
        let line = events_status(addr, &allowed);
        assert!(line.contains(" 200 "), "{allowed:?}: {line}");
    }
    for refused in [
        format!("Origin: https://localhost:{port}\r\n"),
        format!("Origin: http://localhost:{}\r\n", port + 1),
        "Origin: http://localhost\r\n".to_string(),
        "Origin: http://evil.example\r\n".to_string(),
        format!("Origin: http://evil.example:{port}\r\n"),
        format!("Origin: http://localhost:{port}@evil.example\r\n"),
        format!("Origin: http://localhost:{port}.evil.example\r\n"),
        format!("Origin: ws://localhost:{port}\r\n"),
        "Origin: null\r\n".to_string(),
        format!("Origin: http://localhost:{port}\r\nOrigin: http://evil.example\r\n"),
        "Sec-Fetch-Site: cross-site\r\n".to_string(),
    ] {
        let line = events_status(addr, &refused);
        assert!(line.contains(" 403 "), "{refused:?}: {line}");
    }
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let fixture = Fixture::minimal();
    let (running, timeout) = start_with_short_timeout(&fixture);
    let addr = running.addr;

    // Half a request line, then nothing.
    let mut partial = TcpStream::connect(addr).unwrap();
    partial.write_all(b"GET /verhalen/bu").unwrap();
    let (sent, after) = wait_for_close(&mut partial, timeout + Duration::from_secs(4));
    assert!(
        after >= timeout / 2,
        "closed after {after:?}, before the timeout"
    );
    let sent = String::from_utf8_lossy(&sent);
    assert!(!sent.contains(" 200 "), "{sent}");

    // A socket that sends nothing at all.
    let mut silent = TcpStream::connect(addr).unwrap();
    wait_for_close(&mut silent, timeout + Duration::from_secs(4));

    // Headers trickling in, a byte every 200 ms: the timeout counts from the start, not
    // from the last byte.
    let mut trickle = TcpStream::connect(addr).unwrap();
    trickle
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let start = Instant::now();
    let request = format!(
        "GET /verhalen/buurt/ HTTP/1.1\r\nHost: localhost:{}\r\nX-Slow: {}\r\n\r\n",
        addr.port(),
        "a".repeat(200)
    );
    let mut closed = false;
    for byte in request.as_bytes() {
        if trickle.write_all(&[*byte]).is_err() {
            closed = true;
            break;
        }
        let mut buffer = [0u8; 256];
        match trickle.read(&mut buffer) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => {
                closed = true;
                break;
            }
        }
        assert!(
            start.elapsed() < timeout + Duration::from_secs(4),
            "a trickling client kept its connection"
        );
    }
    assert!(closed, "the whole slow request got through");

    // The server still answers.
    let (status, _) = request_in_time(addr, Duration::from_secs(5));
    assert_eq!(status, 200);
}

/// A GET with a bounded wait: `(status, elapsed)`.
fn request_in_time(addr: SocketAddr, within: Duration) -> (u16, Duration) {
    let start = Instant::now();
    let mut stream = TcpStream::connect_timeout(&addr, within).expect("connect");
    stream.set_read_timeout(Some(within)).unwrap();
    write!(
        stream,
        "GET /verhalen/buurt/ HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        addr.port()
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let status = String::from_utf8_lossy(&response)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, start.elapsed())
}

#[test]
fn idle_sockets_beyond_the_cap_do_not_starve_the_server() {
    let fixture = Fixture::minimal();
    let timeout = Duration::from_secs(2);
    let cap = 8;
    let running = start_limited(
        fixture.root(),
        Limits {
            header_read_timeout: timeout,
            max_connections: cap,
        },
    );
    let addr = running.addr;
    assert_eq!(request_in_time(addr, Duration::from_secs(5)).0, 200);

    // More idle sockets than the cap: connected, never a byte sent.
    let idle: Vec<TcpStream> = (0..cap + 6)
        .map(|_| TcpStream::connect(addr).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let (status, elapsed) = request_in_time(addr, timeout + Duration::from_secs(4));
    assert_eq!(status, 200, "no answer after {elapsed:?}");
    // It waited for the idle sockets to time out: the cap held (without one it would be
    // answered at once; without the timeout, never).
    assert!(
        elapsed >= timeout / 2,
        "answered after {elapsed:?}, while {cap} idle sockets held every slot"
    );
    drop(idle);
}

#[test]
fn the_event_stream_outlives_the_header_timeout() {
    let fixture = Fixture::minimal();
    let (running, timeout) = start_with_short_timeout(&fixture);
    let addr = running.addr;
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /__verteller/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        addr.port()
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut events = BufReader::new(stream);
    let mut next_event = || -> String {
        let mut line = String::new();
        loop {
            line.clear();
            let n = events.read_line(&mut line).expect("the stream is open");
            assert!(n > 0, "the server closed the event stream");
            if let Some(name) = line.strip_prefix("event: ") {
                return name.trim().to_string();
            }
        }
    };
    assert_eq!(next_event(), "hello");
    // Quiet for well over the header timeout: the stream stays open.
    std::thread::sleep(timeout * 3);
    fixture.write(
        "content/verhalen/buurt.md",
        b"---\ntitle: Buurt, herzien\ndate: 2025-01-02\nthemes: [driehoek]\nquadrants: [rechtmatig]\nroles: [burger]\n---\n## Aanpak\n\nZie [[begin]].\n",
    );
    assert_eq!(next_event(), "reload");
}

#[test]
fn allow_host_takes_a_name_without_a_port() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in ["name:8080", "http://name", "[::1]:80", ""] {
        let out = Command::cargo_bin("verteller")
            .unwrap()
            .current_dir(tmp.path())
            .args(["serve", "--allow-host", bad])
            .env("NO_COLOR", "1")
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("geen hostnaam"), "{bad:?}: {stderr}");
    }
}

#[test]
fn init_writes_any_name_as_a_valid_toml_string() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, name) in [
        "Gemeente \"x",
        "Gemeente \\ Zuid\\",
        "Gemeente\nNoord",
        "Gemeente '''Oost'''",
        "Gemeente \"\"\"West\"\"\" \\n '",
    ]
    .into_iter()
    .enumerate()
    {
        let dir = format!("site{i}");
        let init = Command::cargo_bin("verteller")
            .unwrap()
            .current_dir(tmp.path())
            .args(["init", &dir, "--name", name])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(
            init.status.code(),
            Some(0),
            "{name:?}: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        let site = tmp.path().join(&dir);
        let text = std::fs::read_to_string(site.join("site.toml")).unwrap();
        let config: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{name:?}: site.toml does not parse: {e}\n{text}"));
        assert_eq!(
            config.get("municipality").and_then(|v| v.as_str()),
            Some(name),
            "{text}"
        );

        let check = Command::cargo_bin("verteller")
            .unwrap()
            .current_dir(&site)
            .arg("check")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(
            check.status.code(),
            Some(0),
            "{name:?}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}
