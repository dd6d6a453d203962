//! Embeds the bundled default site (`site.toml` + `content/` + `static/`) for `verteller init`,
//! so `init` works from an installed binary far from this repository; and names the commit
//! the binary is built from, for `verteller --version` (`VERTELLER_COMMIT`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.is_file() {
            out.push(path.strip_prefix(root).expect("under root").to_path_buf());
        }
    }
}

/// Where `--version` says "commit unknown": no git, no override, no packaging record.
const UNKNOWN: &str = "onbekend";

/// `git args…` in `root`, its first line of output when it succeeds.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let line = text.lines().next()?.trim().to_string();
    (out.status.success() && !line.is_empty()).then_some(line)
}

/// Asks Cargo to run this script again when `path` changes; only for a path that
/// exists, since Cargo counts a missing one as changed on every build.
fn watch(path: &Path) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// The commit this build comes from, shortened to 12 hex digits: `VERTELLER_COMMIT`
/// when set (a build from a source archive, which has no `.git`), else git's `HEAD`,
/// else the `sha1` that `cargo package` records in `.cargo_vcs_info.json`, else
/// [`UNKNOWN`].
fn commit(root: &Path) -> String {
    println!("cargo:rerun-if-env-changed=VERTELLER_COMMIT");
    if let Ok(given) = std::env::var("VERTELLER_COMMIT") {
        let given = given.trim();
        if !given.is_empty() {
            return given.chars().take(12).collect();
        }
    }
    if let Some(head) = git(root, &["rev-parse", "--short=12", "HEAD"]) {
        // Run again when HEAD moves: a checkout changes HEAD, a commit the branch's ref
        // (a loose file, or packed-refs once git packs it).
        if let Some(dir) = git(root, &["rev-parse", "--absolute-git-dir"]) {
            watch(&Path::new(&dir).join("HEAD"));
        }
        if let (Some(common), Some(branch)) = (
            git(
                root,
                &["rev-parse", "--path-format=absolute", "--git-common-dir"],
            ),
            git(root, &["symbolic-ref", "-q", "HEAD"]),
        ) {
            watch(&Path::new(&common).join(branch));
            watch(&Path::new(&common).join("packed-refs"));
        }
        return head;
    }
    let vcs_info = root.join(".cargo_vcs_info.json");
    watch(&vcs_info);
    std::fs::read_to_string(&vcs_info)
        .ok()
        .and_then(|text| {
            let at = text.find("\"sha1\"")?;
            let rest = &text[at + "\"sha1\"".len()..];
            let start = rest.find('"')? + 1;
            let sha: String = rest[start..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .collect();
            (sha.len() >= 12).then(|| sha[..12].to_string())
        })
        .unwrap_or_else(|| UNKNOWN.to_string())
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    println!("cargo:rustc-env=VERTELLER_COMMIT={}", commit(&root));
    let mut files = vec![PathBuf::from("site.toml")];
    for dir in ["content", "static"] {
        // Only folders that exist: Cargo counts a missing path as always changed, which
        // would rebuild the crate on every cargo command. (A `static/` created later is
        // picked up with the next change to `content/` or `site.toml`.)
        if root.join(dir).is_dir() {
            println!("cargo:rerun-if-changed={dir}");
        }
        collect(&root, &root.join(dir), &mut files);
    }
    println!("cargo:rerun-if-changed=site.toml");
    let mut code = String::from(
        "/// The bundled default site: (path, bytes).\npub const FILES: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let rel = file.to_string_lossy().replace('\\', "/");
        let abs = root.join(file);
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.to_string_lossy()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("default_site.rs");
    std::fs::write(out, code).expect("write default_site.rs");
}
