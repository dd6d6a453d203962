//! Embeds the bundled default site (`site.toml` + `content/` + `static/`) for `verteller init`,
//! so `init` works from an installed binary far from this repository.

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

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
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
