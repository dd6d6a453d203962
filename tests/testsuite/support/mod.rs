//! Shared test helpers: fixture sites from strings, running the binary.

pub mod browser;
pub mod feeds;
pub mod hostile_cases;
pub mod hostile_html;
pub mod links;
mod minimal;
pub mod nginx;
pub mod photos;
pub mod serve;
pub mod site;
pub mod xml;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub use minimal::MINIMAL;

/// A site in a temporary directory, written from `(path, text)` pairs.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// The minimal site as it is.
    pub fn minimal() -> Fixture {
        Fixture::with::<&str, &str>(&[])
    }

    /// The minimal site with `changes` applied (`""` as text removes a file).
    pub fn with<P: AsRef<str>, T: AsRef<str>>(changes: &[(P, T)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut files: Vec<(String, String)> = MINIMAL
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        for (path, text) in changes {
            let (path, text) = (path.as_ref(), text.as_ref());
            files.retain(|(p, _)| p != path);
            if !text.is_empty() {
                files.push((path.to_string(), text.to_string()));
            }
        }
        let fixture = Fixture { dir };
        for (path, text) in files {
            fixture.write(&path, text.as_bytes());
        }
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, bytes: &[u8]) {
        let full = self.root().join(path);
        fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        fs::write(full, bytes).expect("write");
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Runs `verteller --root <fixture> args…`.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = Command::cargo_bin("verteller")
            .expect("binary")
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run verteller");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// What a run printed and returned.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// Every file under `dir` with its bytes, for byte-for-byte comparisons.
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir(dir) {
        let rel = entry.strip_prefix(dir).expect("prefix").to_path_buf();
        out.push((rel, fs::read(&entry).expect("read")));
    }
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read_dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files
}
