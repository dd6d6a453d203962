//! The repository's own default site (`site.toml`, `content/`, `static/`) copied
//! to a temp dir and built there, and one page of every kind of a built site.
//! Shared by the browser, search and publishing tests, which check what editors
//! actually get rather than a tiny fixture.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::Fixture;

/// This checkout.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the directory tree `from` to `to` (created if missing).
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("dir entry");
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&src, &dst);
        } else {
            fs::copy(&src, &dst).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        }
    }
}

/// The repository's `content/`, and `static/` and `templates/` when present,
/// copied into a new temp dir, with `site_toml` as its config (pass the
/// repository's own, or an edited copy of it).
pub fn default_site_with_config(site_toml: &str) -> Fixture {
    let site = Fixture {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    site.write("site.toml", site_toml.as_bytes());
    copy_tree(&repo().join("content"), &site.path("content"));
    for dir in ["static", "templates"] {
        if repo().join(dir).is_dir() {
            copy_tree(&repo().join(dir), &site.path(dir));
        }
    }
    site
}

/// The repository's default site, unchanged, in a temp dir.
pub fn default_site() -> Fixture {
    let toml = fs::read_to_string(repo().join("site.toml")).expect("repo site.toml");
    default_site_with_config(&toml)
}

/// The repository's default site, unchanged, built into `<temp dir>/public`
/// with `verteller build` (the real binary); panics with its output if the
/// build fails.
pub fn built_default_site() -> Fixture {
    let site = default_site();
    let out = site.run(&["build"]);
    assert_eq!(
        out.code, 0,
        "building the default site failed\nstdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(
        site.path("public/index.html").is_file(),
        "build wrote no public/index.html"
    );
    site
}

/// The HTML files of a built site as URL paths below its base path
/// (`verhalen/x/index.html` → `verhalen/x/`, `404.html` stays).
pub fn html_pages(out: &Path) -> BTreeSet<String> {
    let mut pages = BTreeSet::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read_dir").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "html") {
                let rel = verteller::path_text::shown(p.strip_prefix(out).expect("prefix"));
                let rel = rel.strip_suffix("index.html").unwrap_or(&rel);
                pages.insert(rel.to_string());
            }
        }
    }
    pages
}

/// The first (sorted) document folder under `out/<folder>/` that has an `index.html`.
pub fn first_doc(out: &Path, folder: &str) -> String {
    let mut ids: Vec<String> = fs::read_dir(out.join(folder))
        .unwrap_or_else(|e| panic!("{folder}/: {e}"))
        .flatten()
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "pagina" && n != "print")
        .collect();
    ids.sort();
    ids.into_iter()
        .next()
        .unwrap_or_else(|| panic!("no document in {folder}/"))
}

/// The search page's path below the base path (when search is enabled).
pub const SEARCH_PAGE: &str = "zoeken/";

/// One page of every HTML page kind of the built site in `out`, as
/// `(kind, path below the base path)`: lists, one document of each kind, the
/// print page, page 2 of the stories when they paginate, the search page when
/// search is on, and the first plain page at the top and in a folder. Pages in
/// `skip` (for instance alias redirects) are never picked as plain pages.
pub fn html_page_kinds(out: &Path, skip: &[&str]) -> Vec<(&'static str, String)> {
    const KIND_FOLDERS: &[&str] = &[
        "verhaal",
        "verhalen",
        "agenda",
        "themas",
        "kwadranten",
        "rollen",
    ];
    let doc = |folder: &str| format!("{folder}/{}/", first_doc(out, folder));
    // Plain pages: `content/over.md` → `over/`, `content/hulp/x.md` → `hulp/x/`.
    let mut plain = Vec::new();
    let mut nested = Vec::new();
    for page in html_pages(out) {
        let first = page.split('/').next().unwrap_or_default();
        if page.is_empty()
            || page.ends_with(".html")
            || KIND_FOLDERS.contains(&first)
            || page == SEARCH_PAGE
            || skip.contains(&page.as_str())
        {
            continue;
        }
        match page.matches('/').count() {
            1 => plain.push(page),
            _ => nested.push(page),
        }
    }
    let mut kinds = vec![
        ("home", String::new()),
        ("chapter list", "verhaal/".into()),
        ("chapter", doc("verhaal")),
        ("storyline print page", "verhaal/print/".into()),
        ("story list", "verhalen/".into()),
    ];
    if out.join("verhalen/pagina/2/index.html").is_file() {
        kinds.push(("story list, page 2", "verhalen/pagina/2/".into()));
    }
    kinds.extend([
        ("story", doc("verhalen")),
        ("agenda", "agenda/".into()),
        ("agenda item", doc("agenda")),
        ("agenda theme list", "themas/".into()),
        ("agenda theme", doc("themas")),
        ("quadrant list", "kwadranten/".into()),
        ("quadrant", doc("kwadranten")),
        ("role list", "rollen/".into()),
        ("role", doc("rollen")),
    ]);
    if out.join(SEARCH_PAGE).join("index.html").is_file() {
        kinds.push(("search page", SEARCH_PAGE.into()));
    }
    if let Some(p) = plain.into_iter().next() {
        kinds.push(("plain page", p));
    }
    if let Some(p) = nested.into_iter().next() {
        kinds.push(("plain page in a folder", p));
    }
    kinds
}

/// The built HTML of `rel` (a path below the base path) in `out`.
pub fn read_page(out: &Path, rel: &str) -> String {
    let mut file: PathBuf = out.join(rel.trim_start_matches('/'));
    if rel.is_empty() || rel.ends_with('/') {
        file = file.join("index.html");
    }
    fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// A site of `stories` generated stories (the `gen-site` example), built; for checks
/// that only show at scale (long lists, thousands of links and pages).
pub fn built_generated_site(stories: usize) -> Fixture {
    let site = Fixture {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    gen_site(site.root(), stories);
    let out = site.run(&["build"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    site
}

/// The `gen-site` example, built with the tests (`cargo test` compiles examples).
fn gen_site(dir: &Path, stories: usize) {
    let exe = std::env::current_exe().expect("test binary");
    let debug = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let tool = debug
        .join("examples")
        .join(format!("gen-site{}", std::env::consts::EXE_SUFFIX));
    assert!(
        tool.is_file(),
        "{} is missing: `cargo test` builds the examples; run `cargo build --examples`",
        tool.display()
    );
    let out = std::process::Command::new(&tool)
        .arg(dir)
        .args(["--stories", &stories.to_string()])
        .output()
        .expect("run gen-site");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
