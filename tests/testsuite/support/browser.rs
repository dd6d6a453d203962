//! Headless Chromium for browser tests: a tiny static-file server on loopback
//! ([`StaticServer`]) and a minimal W3C WebDriver client that drives Chromium
//! through `chromedriver` ([`Browser`]).
//!
//! Everything stays on 127.0.0.1, every HTTP call has a timeout, and both the
//! server and the browser clean up after themselves when dropped (also when a
//! test panics). Only one browser runs at a time in the test binary: Chromium
//! sessions are serialised by a process-wide lock so parallel tests on a
//! 2-core machine do not starve each other into timeouts.
//!
//! Tests start with [`require_browser`]: without Chromium/chromedriver they are
//! skipped loudly, except under `CI=true`, where that absence is a failure.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Static server
// ---------------------------------------------------------------------------

/// A static-file HTTP/1.1 server on `127.0.0.1:<free port>`, serving `root`.
///
/// GET and HEAD only; `/x/` serves `/x/index.html`; `/x` for a directory
/// redirects to `/x/`; a missing file gets 404 with the site's `404.html` when
/// there is one; any path with a `..` segment is refused with 400. Every
/// response says `Connection: close`, `Cache-Control: no-store` and
/// `X-Content-Type-Options: nosniff` (so a wrong Content-Type breaks the page
/// the way it would in production). Stops when dropped.
pub struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    log: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    /// Serves `root` on a free loopback port.
    pub fn start(root: &Path) -> StaticServer {
        StaticServer::start_with_headers(root, &[])
    }

    /// Like [`StaticServer::start`], adding `headers` to every response
    /// (for example a `Content-Security-Policy`, as a host would send it).
    pub fn start_with_headers(root: &Path, headers: &[(&str, &str)]) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let site = Arc::new(Site {
            root: root.to_path_buf(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            log: Arc::clone(&log),
        });
        let thread = {
            let stop = Arc::clone(&stop);
            thread::Builder::new()
                .name(format!("static-server-{}", addr.port()))
                .spawn(move || {
                    for conn in listener.incoming() {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let Ok(stream) = conn else { continue };
                        let site = Arc::clone(&site);
                        // One short-lived thread per connection (responses close it).
                        let _ =
                            thread::Builder::new()
                                .name("static-conn".into())
                                .spawn(move || {
                                    let _ = site.handle(stream);
                                });
                    }
                })
                .expect("spawn server thread")
        };
        StaticServer {
            addr,
            stop,
            log,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:<port><path>`; `path` should start with `/`.
    pub fn url(&self, path: &str) -> String {
        let sep = if path.starts_with('/') { "" } else { "/" };
        format!("http://{}{sep}{path}", self.addr)
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request so far as `"GET /path 200"`, in arrival order.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Site {
    root: PathBuf,
    headers: Vec<(String, String)>,
    log: Arc<Mutex<Vec<String>>>,
}

/// What the response needs to know about its request.
struct Req<'a> {
    method: &'a str,
    target: &'a str,
    head_only: bool,
}

impl Site {
    fn handle(&self, mut stream: TcpStream) -> io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        stream.set_write_timeout(Some(Duration::from_secs(5)))?;
        let mut reader = BufReader::new(stream.try_clone()?);

        // Request line, then headers up to the blank line (bounded in size).
        let mut line = String::new();
        if reader.by_ref().take(8192).read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut head_bytes = line.len();
        loop {
            let mut h = String::new();
            let n = reader.by_ref().take(8192).read_line(&mut h)?;
            head_bytes += n;
            if n == 0 || h == "\r\n" || h == "\n" || head_bytes > 64 * 1024 {
                break;
            }
        }

        let text = "text/plain; charset=utf-8";
        let mut parts = line.split_whitespace();
        let (method, target) = match (parts.next(), parts.next(), parts.next()) {
            (Some(m), Some(t), Some(v)) if v.starts_with("HTTP/1.") => (m, t),
            _ => {
                let req = Req {
                    method: "?",
                    target: line.trim(),
                    head_only: false,
                };
                return self.reply(&mut stream, &req, 400, text, b"bad request", &[]);
            }
        };
        let req = Req {
            method,
            target,
            head_only: method == "HEAD",
        };
        if method != "GET" && !req.head_only {
            return self.reply(
                &mut stream,
                &req,
                405,
                text,
                b"method not allowed",
                &[("Allow", "GET, HEAD".into())],
            );
        }

        let (path_part, query) = match target.find(['?', '#']) {
            Some(i) => (&target[..i], &target[i..]),
            None => (target, ""),
        };
        let Some(path) = percent_decode(path_part).filter(|p| p.starts_with('/') && is_safe(p))
        else {
            return self.reply(&mut stream, &req, 400, text, b"bad path", &[]);
        };

        let mut file = self.root.join(path.trim_start_matches('/'));
        if path.ends_with('/') {
            file = file.join("index.html");
        } else if file.is_dir() {
            let location = format!("{path_part}/{query}");
            return self.reply(
                &mut stream,
                &req,
                301,
                text,
                b"moved",
                &[("Location", location)],
            );
        }

        match fs::read(&file) {
            Ok(body) if file.is_file() => {
                self.reply(&mut stream, &req, 200, content_type(&file), &body, &[])
            }
            _ => match fs::read(self.root.join("404.html")) {
                Ok(body) => self.reply(
                    &mut stream,
                    &req,
                    404,
                    "text/html; charset=utf-8",
                    &body,
                    &[],
                ),
                Err(_) => self.reply(&mut stream, &req, 404, text, b"not found", &[]),
            },
        }
    }

    fn reply(
        &self,
        stream: &mut TcpStream,
        req: &Req<'_>,
        status: u16,
        ctype: &str,
        body: &[u8],
        extra: &[(&str, String)],
    ) -> io::Result<()> {
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(format!("{} {} {status}", req.method, req.target));
        let reason = match status {
            200 => "OK",
            301 => "Moved Permanently",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            _ => "Unknown",
        };
        let mut head = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
             Connection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
            body.len()
        );
        for (name, value) in extra {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        if !req.head_only {
            stream.write_all(body)?;
        }
        stream.flush()?;
        let _ = stream.shutdown(Shutdown::Write);
        Ok(())
    }
}

/// No `..` (or other non-normal) segment, no backslash, no NUL.
fn is_safe(path: &str) -> bool {
    !path.contains('\\')
        && !path.contains('\0')
        && !path.split('/').any(|seg| seg == "..")
        && Path::new(path.trim_start_matches('/'))
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// `%XX` decoding to UTF-8; `None` for malformed escapes or invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

// ---------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------

const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long chromedriver may take to answer `/status` with `ready: true`.
const DRIVER_READY: Duration = Duration::from_secs(10);
/// Upper bound for any one WebDriver call (session creation launches Chromium).
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Page loads and scripts are bounded inside the browser as well.
const PAGE_LOAD_MS: u64 = 15_000;
const SCRIPT_MS: u64 = 10_000;

/// One browser at a time across the whole test binary.
static BROWSER_LOCK: Mutex<()> = Mutex::new(());

/// Chromium path: `$VERTELLER_CHROMIUM` or `/usr/bin/chromium`.
fn chromium_path() -> PathBuf {
    std::env::var_os("VERTELLER_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CHROMIUM))
}

/// chromedriver path: `$VERTELLER_CHROMEDRIVER` or `/usr/bin/chromedriver`.
fn chromedriver_path() -> PathBuf {
    std::env::var_os("VERTELLER_CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CHROMEDRIVER))
}

/// Both binaries are present (and are files).
pub fn browser_available() -> Result<(), String> {
    let missing: Vec<String> = [
        ("Chromium", chromium_path()),
        ("chromedriver", chromedriver_path()),
    ]
    .into_iter()
    .filter(|(_, p)| !p.is_file())
    .map(|(name, p)| format!("{name} not found at {}", p.display()))
    .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} (install Debian `chromium` and `chromium-driver`, or set VERTELLER_CHROMIUM / VERTELLER_CHROMEDRIVER)",
            missing.join("; ")
        ))
    }
}

/// A started [`Browser`], or `None` (with a loud message on stderr) when
/// Chromium or chromedriver is missing. Under `CI=true` a missing browser is a
/// failure and this panics. A browser that is present but fails to start
/// always panics.
pub fn require_browser() -> Option<Browser> {
    if let Err(why) = browser_available() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("browser tests cannot run in CI: {why}");
        }
        eprintln!("\n!!!!!!!! BROWSER TESTS SKIPPED: {why} !!!!!!!!\n");
        return None;
    }
    match Browser::start() {
        Ok(b) => Some(b),
        Err(e) => panic!("could not start headless Chromium: {e}"),
    }
}

/// Headless Chromium driven through chromedriver over W3C WebDriver.
///
/// Dropping it deletes the session (which quits Chromium), then kills
/// chromedriver's whole process group so no Chromium outlives the test.
pub struct Browser {
    agent: ureq::Agent,
    base: String,
    session: Option<String>,
    /// `None` once it has been ended.
    driver: Option<Child>,
    /// Chromium profile and chromedriver log; removed after the processes end.
    tmp: tempfile::TempDir,
    /// Held for the browser's lifetime; released last (after the processes end).
    turn: Option<MutexGuard<'static, ()>>,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session.
    /// Waits for its turn if another test's browser is still open.
    pub fn start() -> Result<Browser, String> {
        browser_available()?;
        let turn = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        // A free port can be taken between probing and chromedriver binding it: retry.
        let mut errors = Vec::new();
        // Only chromedriver's start is retried; a failed session (Chromium itself) is not.
        for _ in 0..3 {
            match Browser::start_once() {
                Ok(mut b) => {
                    b.turn = Some(turn);
                    return Ok(b);
                }
                Err((e, retry)) => {
                    errors.push(e);
                    if !retry {
                        break;
                    }
                }
            }
        }
        Err(errors.join("\n---- retry ----\n"))
    }

    /// One attempt; the error says whether another attempt may help.
    fn start_once() -> Result<Browser, (String, bool)> {
        let fail = |e: String| (e, false);
        let tmp = tempfile::Builder::new()
            .prefix("verteller-browser-")
            .tempdir()
            .map_err(|e| fail(format!("temp dir: {e}")))?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| fail(format!("free port: {e}")))?
            .port();
        let log = fs::File::create(tmp.path().join("chromedriver.log"))
            .map_err(|e| fail(format!("log file: {e}")))?;
        let log2 = log
            .try_clone()
            .map_err(|e| fail(format!("log file: {e}")))?;
        let mut cmd = Command::new(chromedriver_path());
        cmd.arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log2));
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Own process group, so Drop can end chromedriver and every Chromium it started.
            cmd.process_group(0);
        }
        let driver = cmd
            .spawn()
            .map_err(|e| fail(format!("spawn {}: {e}", chromedriver_path().display())))?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_connect(Some(Duration::from_secs(2)))
            .timeout_global(Some(CALL_TIMEOUT))
            .build()
            .new_agent();
        // From here on, Drop cleans up whatever fails.
        let mut browser = Browser {
            agent,
            base: format!("http://127.0.0.1:{port}"),
            session: None,
            driver: Some(driver),
            tmp,
            turn: None,
        };
        let with_log =
            |e: String, b: &Browser| format!("{e}\nchromedriver log:\n{}", b.driver_log());
        if let Err(e) = browser.wait_ready() {
            return Err((with_log(e, &browser), true));
        }
        match browser.new_session() {
            Ok(id) => {
                browser.session = Some(id);
                Ok(browser)
            }
            Err(e) => Err((with_log(e, &browser), false)),
        }
    }

    fn wait_ready(&self) -> Result<(), String> {
        let deadline = Instant::now() + DRIVER_READY;
        let mut last = String::from("no answer");
        while Instant::now() < deadline {
            let resp = self
                .agent
                .get(format!("{}/status", self.base))
                .config()
                .timeout_global(Some(Duration::from_secs(1)))
                .build()
                .call();
            match resp {
                Ok(mut r) => match r.body_mut().read_to_string() {
                    Ok(text) => {
                        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                        if v["value"]["ready"] == Value::Bool(true) {
                            return Ok(());
                        }
                        last = text;
                    }
                    Err(e) => last = e.to_string(),
                },
                Err(e) => last = e.to_string(),
            }
            thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "chromedriver not ready within {DRIVER_READY:?}: {last}"
        ))
    }

    fn new_session(&self) -> Result<String, String> {
        let profile = self.tmp.path().join("profile");
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "pageLoad": PAGE_LOAD_MS, "script": SCRIPT_MS, "implicit": 0 },
                    // Console messages, also those of workers (see `browser_log`).
                    "goog:loggingPrefs": { "browser": "ALL" },
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
                            // Scrollbars take no room, as on phones: the viewport is the
                            // page's width, and full-page screenshots have no gutter.
                            "--hide-scrollbars",
                            format!("--user-data-dir={}", profile.display()),
                            "--window-size=1280,900",
                        ]
                    }
                }
            }
        });
        let v = self.request("POST", "/session", Some(caps))?;
        v["sessionId"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no sessionId in {v}"))
    }

    /// One WebDriver call: returns the response's `value`, or the W3C error as text.
    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let url = format!("{}{path}", self.base);
        let resp = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            "POST" => self
                .agent
                .post(&url)
                .send_json(body.unwrap_or_else(|| json!({}))),
            other => return Err(format!("unsupported method {other}")),
        };
        let mut resp = resp.map_err(|e| format!("{method} {path}: {e}"))?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| format!("{method} {path}: reading response: {e}"))?;
        let parsed: Value = serde_json::from_str(&text)
            .map_err(|e| format!("{method} {path}: HTTP {status}, not JSON ({e}): {text}"))?;
        let value = parsed.get("value").cloned().unwrap_or(Value::Null);
        if status >= 400 {
            return Err(format!(
                "{method} {path}: HTTP {status}: {}: {}",
                value["error"].as_str().unwrap_or("?"),
                value["message"].as_str().unwrap_or(&text)
            ));
        }
        Ok(value)
    }

    fn session_path(&self, rest: &str) -> String {
        format!(
            "/session/{}{rest}",
            self.session.as_deref().expect("open session")
        )
    }

    fn call(&self, method: &str, rest: &str, body: Option<Value>) -> Value {
        let path = self.session_path(rest);
        self.request(method, &path, body)
            .unwrap_or_else(|e| panic!("WebDriver: {e}"))
    }

    /// Navigates and waits for the load event (bounded by the page-load timeout).
    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// The URL of the current page.
    pub fn current_url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs `script` as a function body (`arguments[i]` are `args`) and returns
    /// what it returns. Panics on a JavaScript error.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.try_execute(script, args)
            .unwrap_or_else(|e| panic!("WebDriver: {e}"))
    }

    /// Like [`Browser::execute`], returning a script error instead of panicking.
    pub fn try_execute(&self, script: &str, args: &[Value]) -> Result<Value, String> {
        let path = self.session_path("/execute/sync");
        self.request(
            "POST",
            &path,
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs `script` as an asynchronous function body: the last argument is a
    /// callback, and what the script passes to it is returned. Bounded by the
    /// session's script timeout. Panics on a JavaScript error or timeout.
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Value {
        self.try_execute_async(script, args)
            .unwrap_or_else(|e| panic!("WebDriver: {e}"))
    }

    /// Like [`Browser::execute_async`], returning a script error instead of panicking.
    pub fn try_execute_async(&self, script: &str, args: &[Value]) -> Result<Value, String> {
        let path = self.session_path("/execute/async");
        self.request(
            "POST",
            &path,
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs one Chrome DevTools Protocol command through chromedriver's
    /// `goog/cdp/execute` endpoint and returns its result. For instance
    /// `Page.addScriptToEvaluateOnNewDocument` installs a script that runs in
    /// every later document before the page's own scripts (CSP does not apply
    /// to it), so listeners see events from the very start of a page load.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// Presses and releases one key on the focused element through the W3C
    /// actions API, as a user would: `key` is a character or a WebDriver key
    /// code such as [`KEY_TAB`] or [`KEY_ENTER`].
    pub fn press_key(&self, key: &str) {
        self.call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{
                "type": "key",
                "id": "keyboard",
                "actions": [
                    { "type": "keyDown", "value": key },
                    { "type": "keyUp", "value": key },
                ]
            }]})),
        );
        let _ = self.request("DELETE", &self.session_path("/actions"), None);
    }

    /// Types `text` into whatever has the focus, one key at a time, through the
    /// W3C actions API (characters, or key codes such as [`KEY_ENTER`]).
    pub fn type_keys(&self, text: &str) {
        let mut actions = Vec::new();
        for c in text.chars() {
            let key = c.to_string();
            actions.push(json!({ "type": "keyDown", "value": key }));
            actions.push(json!({ "type": "keyUp", "value": key }));
        }
        self.call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
        let _ = self.request("DELETE", &self.session_path("/actions"), None);
    }

    /// The WebDriver id of the first element matching `css`; panics if there is none.
    fn element(&self, css: &str) -> String {
        self.find_element(css)
            .unwrap_or_else(|| panic!("no element matches `{css}` on {}", self.current_url()))
    }

    /// Clicks the first element matching `css` as a user would (WebDriver
    /// element click: scrolled into view, and an error if it is hidden or covered).
    pub fn click(&self, css: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Empties the first form field matching `css`.
    pub fn clear(&self, css: &str) {
        let id = self.element(css);
        self.call("POST", &format!("/element/{id}/clear"), Some(json!({})));
    }

    /// Focuses the first element matching `css` and types `text` into it
    /// (WebDriver element send keys: real key events, so `input` listeners run).
    pub fn send_keys(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// The browser's console log since the last call, as `(level, source,
    /// message)`: errors of scripts, network and workers. Unlike a
    /// `securitypolicyviolation` listener in the page, this also sees what a
    /// Content-Security-Policy blocks inside a Web Worker (such as Pagefind's
    /// WebAssembly).
    pub fn browser_log(&self) -> Vec<(String, String, String)> {
        let v = self.call("POST", "/se/log", Some(json!({ "type": "browser" })));
        v.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        let field = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                        (field("level"), field("source"), field("message"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Polls `script` every 50 ms until it returns something truthy (which is
    /// returned), panicking after `timeout`.
    pub fn wait_for(&self, script: &str, args: &[Value], timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.execute(script, args);
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {timeout:?} waiting for: {script}"
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// `textContent` of the first element matching `css`, if any.
    pub fn find_text(&self, css: &str) -> Option<String> {
        let v = self.execute(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            &[json!(css)],
        );
        v.as_str().map(str::to_string)
    }

    /// The WebDriver id of the first element matching `css`, if any.
    pub fn find_element(&self, css: &str) -> Option<String> {
        let path = self.session_path("/element");
        let v = self
            .request(
                "POST",
                &path,
                Some(json!({ "using": "css selector", "value": css })),
            )
            .ok()?;
        v["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .map(str::to_string)
    }

    /// The ARIA role the browser computes for the first element matching
    /// `css` (what assistive technology is told), if there is such an element.
    pub fn computed_role(&self, css: &str) -> Option<String> {
        let id = self.find_element(css)?;
        let v = self.call("GET", &format!("/element/{id}/computedrole"), None);
        v.as_str().map(str::to_string)
    }

    /// The document title.
    pub fn title(&self) -> String {
        self.call("GET", "/title", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The viewport's size in CSS pixels (`innerWidth`, `innerHeight`).
    pub fn viewport_size(&self) -> (u32, u32) {
        let v = self.execute("return [window.innerWidth, window.innerHeight];", &[]);
        let n = |i: usize| v[i].as_u64().unwrap_or(0) as u32;
        (n(0), n(1))
    }

    /// Resizes the window so that the *viewport* is `width` × `height` CSS
    /// pixels (the window may be larger than its viewport).
    pub fn set_viewport_size(&self, width: u32, height: u32) {
        for _ in 0..3 {
            let rect = self.call("GET", "/window/rect", None);
            let (w, h) = self.viewport_size();
            if (w, h) == (width, height) {
                return;
            }
            let outer = |key: &str, inner: u32, want: u32| {
                let outer = rect[key].as_u64().unwrap_or(u64::from(inner)) as i64;
                (i64::from(want) + (outer - i64::from(inner)).max(0)) as u64
            };
            self.call(
                "POST",
                "/window/rect",
                Some(json!({
                    "width": outer("width", w, width),
                    "height": outer("height", h, height),
                })),
            );
        }
    }

    /// Writes a PNG screenshot of the viewport to `path`.
    pub fn screenshot_png(&self, path: &Path) {
        let v = self.call("GET", "/screenshot", None);
        let b64 = v.as_str().expect("screenshot is a base64 string");
        let bytes = base64_decode(b64).unwrap_or_else(|e| panic!("screenshot: {e}"));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("screenshot dir");
        }
        fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// chromedriver's own output, for failure messages.
    pub fn driver_log(&self) -> String {
        fs::read_to_string(self.tmp.path().join("chromedriver.log")).unwrap_or_default()
    }

    fn shutdown(&mut self) {
        if let Some(id) = self.session.take() {
            // Quits Chromium; short timeout so a hung browser cannot hang the test.
            let _ = self
                .agent
                .delete(format!("{}/session/{id}", self.base))
                .config()
                .timeout_global(Some(Duration::from_secs(10)))
                .build()
                .call();
        }
        // End the whole group (chromedriver and any Chromium left behind), by its id.
        // The group id is chromedriver's pid, which stays ours until we reap it below.
        if let Some(mut driver) = self.driver.take() {
            let pgid = driver.id();
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pgid}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let _ = driver.kill();
            let _ = driver.wait();
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// WebDriver key codes for [`Browser::press_key`].
pub const KEY_TAB: &str = "\u{E004}";
pub const KEY_ENTER: &str = "\u{E007}";

/// Where `npm ci --prefix tests/browser-deps` puts axe-core.
pub fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser-deps/node_modules/axe-core/axe.min.js")
}

/// The text of `axe.min.js`, or `None` (with a loud message on stderr) when it
/// is not installed. Under `CI=true` a missing axe-core is a failure and this
/// panics, like a missing browser in [`require_browser`].
pub fn require_axe() -> Option<String> {
    let path = axe_path();
    match fs::read_to_string(&path) {
        Ok(text) if text.contains("axe") => Some(text),
        other => {
            let why = match other {
                Ok(_) => format!("{} does not look like axe-core", path.display()),
                Err(e) => format!("{}: {e}", path.display()),
            };
            let why = format!(
                "axe-core is not installed ({why}); run `npm ci --prefix tests/browser-deps --no-audit --no-fund`"
            );
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("accessibility tests cannot run in CI: {why}");
            }
            eprintln!("\n!!!!!!!! ACCESSIBILITY TESTS SKIPPED: {why} !!!!!!!!\n");
            None
        }
    }
}

/// The axe-core rule tags the default theme must pass (WCAG 2.2 AA, DESIGN §7).
pub const AXE_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Injects axe-core (once per page) and runs it with [`AXE_TAGS`]; returns the
/// violations as axe reports them, trimmed to what a failure message needs.
pub fn axe_violations(browser: &Browser, axe: &str) -> Vec<Value> {
    if browser.execute("return typeof window.axe;", &[]) != "object" {
        browser.execute(axe, &[]);
    }
    let result = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         window.axe
           .run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
           .then(
             r => done({ violations: r.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               nodes: v.nodes.map(n => ({
                 target: n.target.map(String).join(' '),
                 html: n.html,
                 summary: n.failureSummary,
               })),
             })) }),
             e => done({ error: String(e && e.stack || e) }),
           );",
        &[json!(AXE_TAGS)],
    );
    if let Some(err) = result.get("error") {
        panic!("axe.run failed: {err}");
    }
    result["violations"]
        .as_array()
        .cloned()
        .expect("axe result has violations")
}

/// `id (impact): help — N× e.g. target  html  summary`, one violation a line.
pub fn describe_violations(page: &str, violations: &[Value]) -> String {
    let mut out = String::new();
    for v in violations {
        let nodes = v["nodes"].as_array().map(Vec::as_slice).unwrap_or_default();
        let first = nodes.first().cloned().unwrap_or(Value::Null);
        let html: String = first["html"]
            .as_str()
            .unwrap_or("")
            .chars()
            .take(160)
            .collect();
        let _ = writeln!(
            out,
            "  {page}: {} ({}): {} — {} node(s), first: `{}`\n      {html}\n      {}\n      {}",
            v["id"].as_str().unwrap_or("?"),
            v["impact"].as_str().unwrap_or("?"),
            v["help"].as_str().unwrap_or("?"),
            nodes.len(),
            first["target"].as_str().unwrap_or("?"),
            first["summary"]
                .as_str()
                .unwrap_or("")
                .replace('\n', "\n      "),
            v["helpUrl"].as_str().unwrap_or(""),
        );
    }
    out
}

/// Standard base64 (RFC 4648, `+/`, optional `=` padding; whitespace ignored).
pub fn base64_decode(input: &str) -> Result<Vec<u8>, String> {
    fn val(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let data: Vec<u8> = input.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let data = {
        let end = data.iter().rposition(|&c| c != b'=').map_or(0, |i| i + 1);
        if data.len() - end > 2 {
            return Err("too much padding".into());
        }
        &data[..end]
    };
    if data.len() % 4 == 1 {
        return Err("truncated base64".into());
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = val(c).ok_or_else(|| format!("invalid base64 byte {c:#04x}"))?;
            acc |= v << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Ok(out)
}
