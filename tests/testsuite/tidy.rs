//! The codemap in ARCHITECTURE.md stays true: ordinary tests over the source text.
//!
//! - every module imports only the modules of this crate its codemap row names;
//! - the rows allow no circle (so no import runs back up the layers);
//! - only `source` and `output` touch the file system (and `watch`, which hands paths
//!   to the operating system's file watcher);
//! - async code (tokio) lives only in `serve` and `search`;
//! - only `extern_check` (`check --extern`) makes outgoing connections;
//! - no global mutable state (`static` with a lock or `static mut`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What a codemap row allows: `None` for "everything".
type Allowed = Option<BTreeSet<String>>;

/// The codemap's rows: module (`parse/fields`, `cli`) → what it may depend on.
fn codemap() -> BTreeMap<String, Allowed> {
    let text = std::fs::read_to_string(repo().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut rows = BTreeMap::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.starts_with("| module |") {
            in_table = true;
            continue;
        }
        if !in_table {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || cells[1].starts_with("---") {
            continue;
        }
        let deps = cells[cells.len() - 2];
        let allowed: Allowed = match deps {
            "everything" => None,
            "—" | "-" | "" => Some(BTreeSet::new()),
            list => Some(list.split(',').map(|d| d.trim().to_string()).collect()),
        };
        for name in cells[1].split('`').skip(1).step_by(2) {
            rows.insert(name.trim_end_matches('/').to_string(), allowed.clone());
        }
    }
    assert!(rows.len() > 20, "the codemap table was not found: {rows:?}");
    rows
}

/// A source file: its module (`render/view`, `render` for `render/mod.rs`), the
/// top-level module, and its text without the unit tests at its end.
struct Module {
    path: PathBuf,
    name: String,
    top: String,
    code: String,
}

fn modules() -> Vec<Module> {
    let src = repo().join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        let name = rel
            .trim_end_matches(".rs")
            .trim_end_matches("/mod")
            .to_string();
        if name == "lib" || name == "main" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read source");
        let code = match text.find("#[cfg(test)]") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        let top = name.split('/').next().unwrap_or_default().to_string();
        out.push(Module {
            path: path.to_path_buf(),
            name,
            top,
            code,
        });
    }
    out
}

/// The top-level modules of this crate that `code` names (`crate::x`), without `own`.
fn imports(code: &str, own: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // Comments name modules without depending on them (doc links are still checked by
    // rustdoc).
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let code = code.as_str();
    for (i, _) in code.match_indices("crate::") {
        // `verteller::crate::` does not occur; skip `$crate::` in macros.
        if code[..i].ends_with('$') {
            continue;
        }
        let name: String = code[i + "crate::".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && name != own {
            out.insert(name);
        }
    }
    out
}

/// The row a module falls under: its own (`parse/fields`), else its top-level one.
fn row<'a>(map: &'a BTreeMap<String, Allowed>, module: &Module) -> Option<(&'a str, &'a Allowed)> {
    map.get_key_value(&module.name)
        .or_else(|| map.get_key_value(&module.top))
        .map(|(k, v)| (k.as_str(), v))
}

#[test]
fn every_module_imports_only_what_its_codemap_row_allows() {
    let map = codemap();
    let mut problems = Vec::new();
    for module in modules() {
        let Some((row_name, allowed)) = row(&map, &module) else {
            problems.push(format!(
                "{}: no codemap row for `{}`",
                module.path.display(),
                module.name
            ));
            continue;
        };
        let Some(allowed) = allowed else {
            continue;
        };
        for import in imports(&module.code, &module.top) {
            if !allowed.contains(&import) {
                problems.push(format!(
                    "src/{}.rs imports `{import}`, which the codemap row `{row_name}` does not allow ({})",
                    module.name,
                    allowed.iter().cloned().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md's codemap and the code disagree (change the code, or the row with a reason):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_codemap_allows_no_circle() {
    let map = codemap();
    // Top-level module → the top-level modules its rows allow.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, allowed) in &map {
        let top = name.split('/').next().unwrap_or_default().to_string();
        let edges = graph.entry(top.clone()).or_default();
        if let Some(allowed) = allowed {
            edges.extend(allowed.iter().filter(|d| **d != top).cloned());
        }
    }
    for (name, allowed) in &map {
        if allowed.is_none() {
            // "everything": nothing may depend on such a module.
            for (other, deps) in &graph {
                assert!(
                    !deps.contains(name.as_str()),
                    "`{other}` may depend on `{name}`, which may depend on everything"
                );
            }
        }
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut circle = path[i..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(circle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            panic!("the codemap allows a circle: {}", circle.join(" → "));
        }
    }
}

/// Calls that read, write or look at the file system.
const FILE_SYSTEM: [&str; 12] = [
    "std::fs",
    "fs::",
    "File::open",
    "File::create",
    "OpenOptions",
    "read_dir(",
    "canonicalize(",
    ".exists()",
    ".is_file()",
    ".is_dir()",
    "metadata(",
    "symlink_metadata(",
];

/// The modules that may touch the file system, and why.
const FILE_SYSTEM_USERS: [(&str, &str); 3] = [
    ("source", "the only reader"),
    ("output", "the only writer"),
    (
        "watch",
        "hands the source folders to the operating system's file watcher",
    ),
];

/// Whether `code` contains `word` not as the end of a longer name (`Refs::` is not
/// `fs::`).
fn mentions(code: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    code.match_indices(word)
        .any(|(i, _)| !word.starts_with(ident) || !code[..i].chars().next_back().is_some_and(ident))
}

#[test]
fn only_source_output_and_watch_touch_the_file_system() {
    let mut problems = Vec::new();
    for module in modules() {
        if FILE_SYSTEM_USERS.iter().any(|(m, _)| *m == module.top) {
            continue;
        }
        for (n, line) in module.code.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if let Some(call) = FILE_SYSTEM.iter().find(|c| mentions(code, c)) {
                problems.push(format!("src/{}.rs:{}: `{call}`", module.name, n + 1));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "only source (reads) and output (writes) touch the disk:\n{}",
        problems.join("\n")
    );
}

#[test]
fn async_code_lives_only_in_serve_and_search() {
    for module in modules() {
        if module.top == "serve" || module.top == "search" {
            continue;
        }
        assert!(
            !module.code.contains("tokio") && !module.code.contains("async "),
            "src/{}.rs uses async code",
            module.name
        );
    }
}

#[test]
fn only_extern_check_asks_the_network() {
    // `check --extern` is opt-in; nothing else may make an outgoing request.
    for module in modules() {
        if module.top == "extern_check" {
            continue;
        }
        for (n, line) in module.code.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for call in ["ureq", "TcpStream::connect", "UdpSocket"] {
                assert!(
                    !mentions(code, call),
                    "src/{}.rs:{}: an outgoing connection (`{call}`): only extern_check may",
                    module.name,
                    n + 1
                );
            }
        }
    }
}

#[test]
fn there_is_no_global_mutable_state() {
    for module in modules() {
        for (n, line) in module.code.lines().enumerate() {
            let code = line.trim_start();
            let global = code.starts_with("static ") || code.starts_with("pub static ");
            let mutable = code.contains("static mut")
                || (global
                    && ["Mutex", "RwLock", "RefCell", "Cell<", "Atomic", "OnceLock"]
                        .iter()
                        .any(|t| code.contains(t)));
            assert!(
                !mutable,
                "src/{}.rs:{}: global mutable state: {code}",
                module.name,
                n + 1
            );
        }
    }
}

/// The helpers above find what they should: a forbidden import and a circle.
#[test]
fn the_checks_can_fail() {
    let code = "use crate::model::Kind;\n/// [`crate::load::x`]\nfn f() { crate::pipeline::run(); $crate::x; }\n";
    assert_eq!(
        imports(code, "model"),
        BTreeSet::from(["pipeline".to_string()])
    );
    assert!(mentions("let x = fs::read(p);", "fs::"));
    assert!(!mentions("vec![Refs::default(); n]", "fs::"));
    assert!(mentions("let r = ureq::get(url).call();", "ureq"));
    let map = codemap();
    let markdown = map
        .get("markdown")
        .cloned()
        .flatten()
        .expect("markdown row");
    assert!(
        !markdown.contains("pipeline"),
        "markdown may not import pipeline"
    );
}
