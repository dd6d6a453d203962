//! A real nginx (Debian's `nginx` package) on a free loopback port, for the
//! publishing tests, plus a small HTTP client that does not follow redirects.
//!
//! [`Nginx::start`] wraps a site configuration (what would go in
//! `sites-enabled/`) in a minimal main configuration whose logs, pid file and
//! temp directories all live in a private temp dir, runs nginx in the
//! foreground (`daemon off`), waits until it accepts connections, and stops it
//! when dropped (also when a test panics).
//!
//! Tests start with [`require_nginx`]: without nginx they are skipped loudly,
//! except under `CI=true`, where that absence is a failure.

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
#[cfg(unix)]
use std::os::unix::fs::MetadataExt;
#[cfg(unix)]
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const DEFAULT_NGINX: &str = "/usr/sbin/nginx";
/// How long nginx may take to accept connections.
const READY: Duration = Duration::from_secs(10);

/// nginx path: `$VERTELLER_NGINX` or `/usr/sbin/nginx`.
fn nginx_path() -> PathBuf {
    std::env::var_os("VERTELLER_NGINX")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_NGINX))
}

/// The nginx binary, or `None` (with a loud message on stderr) when it is
/// missing. Under `CI=true` a missing nginx is a failure and this panics.
pub fn require_nginx() -> Option<PathBuf> {
    let path = nginx_path();
    if path.is_file() {
        return Some(path);
    }
    let why = format!(
        "nginx not found at {} (install Debian `nginx`, or set VERTELLER_NGINX)",
        path.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("publishing tests cannot run in CI: {why}");
    }
    eprintln!("\n!!!!!!!! NGINX TESTS SKIPPED: {why} !!!!!!!!\n");
    None
}

/// A loopback port that was free a moment ago (bind to port 0, then release).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

/// A running nginx in the foreground; stopped when dropped.
pub struct Nginx {
    child: Option<Child>,
    addr: SocketAddr,
    /// Main config, pid file, logs and temp directories.
    dir: tempfile::TempDir,
}

impl Nginx {
    /// Runs `binary` with `site_conf` (http-context directives: `map`, `server`…)
    /// included in a minimal main configuration. `site_conf` must listen on
    /// `127.0.0.1:<port>`. Panics, with nginx's error log, if it does not start.
    pub fn start(binary: &Path, site_conf: &str, port: u16) -> Nginx {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        fs::write(d.join("site.conf"), site_conf).expect("write site.conf");
        // Worker processes drop to an unprivileged user when the master runs as root;
        // that user cannot read the tests' 0700 temp dirs, so workers stay root there.
        #[cfg(unix)]
        let running_as_root = fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
        #[cfg(not(unix))]
        let running_as_root = false;
        let user = if running_as_root { "user root;\n" } else { "" };
        let p = |name: &str| d.join(name).display().to_string();
        let main = format!(
            "{user}worker_processes 1;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n\
             include /etc/nginx/mime.types;\n\
             default_type application/octet-stream;\n\
             log_format verteller_test '$status $request_method $request_uri';\n\
             access_log {access} verteller_test;\n\
             client_body_temp_path {body};\n\
             proxy_temp_path {proxy};\n\
             fastcgi_temp_path {fastcgi};\n\
             uwsgi_temp_path {uwsgi};\n\
             scgi_temp_path {scgi};\n\
             include {site};\n\
             }}\n",
            access = p("access.log"),
            body = p("tmp-body"),
            proxy = p("tmp-proxy"),
            fastcgi = p("tmp-fastcgi"),
            uwsgi = p("tmp-uwsgi"),
            scgi = p("tmp-scgi"),
            site = p("site.conf"),
        );
        fs::write(d.join("nginx.conf"), main).expect("write nginx.conf");
        let mut command = Command::new(binary);
        command
            .arg("-p")
            .arg(d)
            .arg("-c")
            .arg(d.join("nginx.conf"))
            .arg("-e")
            .arg(d.join("error.log"))
            .arg("-g")
            .arg(format!(
                "daemon off; pid {}; error_log {};",
                p("nginx.pid"),
                p("error.log")
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(fs::File::create(d.join("stderr.log")).expect("stderr log"));
        // Its own process group, so Drop can end master and worker together.
        #[cfg(unix)]
        command.process_group(0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("could not run {}: {e}", binary.display()));
        let mut nginx = Nginx {
            child: Some(child),
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            dir,
        };
        nginx.wait_ready();
        nginx
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + READY;
        loop {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!(
                    "nginx exited at start ({status}):\n{}\n{}",
                    self.error_log(),
                    fs::read_to_string(self.dir.path().join("stderr.log")).unwrap_or_default()
                );
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "nginx did not accept connections on {} within {READY:?}:\n{}",
                self.addr,
                self.error_log()
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// `http://127.0.0.1:<port><path>`; `path` starts with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request so far as `"<status> <method> <uri>"`, in order.
    pub fn access_log(&self) -> Vec<String> {
        fs::read_to_string(self.dir.path().join("access.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// nginx's error log, for failure messages.
    pub fn error_log(&self) -> String {
        fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // Fast shutdown (TERM): the master stops its worker and exits.
        let pid = child.id().to_string();
        let _ = Command::new("kill")
            .args(["-TERM", &pid])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        // Wait for it to exit without reaping it: its pid (and so its group id) stays ours.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && !exited_unreaped(child.id()) {
            thread::sleep(Duration::from_millis(20));
        }
        // Whatever is left of its group (the group id is the master's pid, ours until reaped).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// The process has exited (a zombie until reaped), or is gone.
fn exited_unreaped(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        // "pid (comm) S …": the state follows the last ')'.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
        Err(_) => true,
    }
}

/// One HTTP response: status, headers (names lowercased) and the raw body
/// (still gzip-compressed when it was sent so).
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A GET that follows no redirect and treats no status as an error.
pub struct Http {
    agent: ureq::Agent,
}

impl Http {
    pub fn new() -> Http {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        Http { agent }
    }

    /// GETs `url` with `headers`; panics on a transport error.
    pub fn get(&self, url: &str, headers: &[(&str, &str)]) -> Response {
        let mut req = self.agent.get(url);
        for (n, v) in headers {
            req = req.header(*n, *v);
        }
        let mut resp = req.call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    v.to_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let body = resp
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_vec()
            .unwrap_or_else(|e| panic!("GET {url}: reading body: {e}"));
        Response {
            status,
            headers,
            body,
        }
    }
}
