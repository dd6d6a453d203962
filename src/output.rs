//! The only writer of the disk.
//!
//! A build renders into a staging directory beside the output and swaps it in
//! atomically (`renameat2(RENAME_EXCHANGE)` on Linux), then removes the old tree: a
//! reader, or a SIGKILL, sees the whole old site or the whole new one. Dangerous output
//! directories are refused, and nothing outside the output directory is touched.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::render::OutputMap;

/// The marker file that says verteller made a directory (and may replace it).
pub const MARKER: &str = ".verteller-output";

/// Why an output directory is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    IsSiteRootOrAncestor,
    InsideSource(&'static str),
    NotOurs,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::IsSiteRootOrAncestor => write!(
                f,
                "de uitvoermap is de sitemap zelf of een map erboven; kies een eigen map zoals `public`"
            ),
            Refusal::InsideSource(dir) => write!(
                f,
                "de uitvoermap ligt in `{dir}/`; kies een map buiten de bronbestanden"
            ),
            Refusal::NotOurs => write!(
                f,
                "de uitvoermap bestaat al, is niet leeg en is niet door verteller gemaakt; kies een lege of nieuwe map"
            ),
        }
    }
}

/// Checks that `output` may be written for the site at `root`.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Refusal> {
    let root = absolute(root);
    let out = absolute(output);
    if root.starts_with(&out) {
        return Err(Refusal::IsSiteRootOrAncestor);
    }
    for dir in ["content", "themes", "templates", "static"] {
        if out.starts_with(root.join(dir)) {
            return Err(Refusal::InsideSource(dir));
        }
    }
    if out.is_dir() {
        let non_empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if non_empty && !out.join(MARKER).is_file() {
            return Err(Refusal::NotOurs);
        }
    } else if out.exists() {
        return Err(Refusal::NotOurs);
    }
    Ok(())
}

/// An absolute, lexically normalised path (the output may not exist yet; symlinks in
/// existing ancestors are resolved).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Fold `.` and `..` first, then resolve the longest existing ancestor (symlinks).
    let mut lexical = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            std::path::Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let joined = lexical;
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.into_iter().rev() {
        match part.to_str() {
            Some("..") => {
                out.pop();
            }
            Some(".") => {}
            _ => out.push(part),
        }
    }
    out
}

/// Writes the site to `output` atomically. The previous output stays intact on failure.
pub fn write(root: &Path, output: &Path, files: &OutputMap) -> anyhow::Result<()> {
    check_output_dir(root, output).map_err(|r| anyhow::anyhow!("{r}: {}", output.display()))?;
    let out = absolute(output);
    let parent = out
        .parent()
        .context("de uitvoermap heeft geen bovenliggende map")?
        .to_path_buf();
    let name = out
        .file_name()
        .context("de uitvoermap heeft geen naam")?
        .to_string_lossy()
        .into_owned();
    fs::create_dir_all(&parent).with_context(|| format!("kan {} niet maken", parent.display()))?;
    remove_stale_staging(&parent, &name);

    let staging = parent.join(format!(".{name}.verteller-staging-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)
            .with_context(|| format!("kan {} niet opruimen", staging.display()))?;
    }
    fs::create_dir(&staging).with_context(|| format!("kan {} niet maken", staging.display()))?;
    let result = fill(&staging, files).and_then(|()| swap_in(&staging, &out));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn fill(staging: &Path, files: &OutputMap) -> anyhow::Result<()> {
    fs::write(
        staging.join(MARKER),
        b"Deze map is gemaakt door verteller en wordt bij elke build vervangen.\n",
    )
    .with_context(|| format!("kan niet schrijven in {}", staging.display()))?;
    let plan = Plan::of(files);
    // Folders that hold other folders first, one by one (a few dozen: sections, years,
    // list pages)...
    for dir in &plan.inner {
        let full = staging.join(dir);
        fs::create_dir(&full).with_context(|| format!("kan {} niet maken", full.display()))?;
    }
    // ...then every other folder together with its files, in parallel: creating ten
    // thousand page folders one by one left a core idle for a fifth of the build.
    plan.groups.par_iter().try_for_each(|group| {
        if group.create {
            let full = staging.join(group.dir);
            fs::create_dir(&full).with_context(|| format!("kan {} niet maken", full.display()))?;
        }
        for (path, bytes) in &group.files {
            let full = staging.join(path);
            fs::write(&full, bytes)
                .with_context(|| format!("kan {} niet schrijven", full.display()))?;
        }
        Ok(())
    })
}

/// The order in which [`fill`] creates the output tree.
struct Plan<'a> {
    /// Folders with folders inside, parents before children.
    inner: Vec<&'a str>,
    /// Files by folder; `create` when the folder is not in `inner` (and not the root).
    groups: Vec<Group<'a>>,
}

struct Group<'a> {
    dir: &'a str,
    create: bool,
    files: Vec<(&'a str, &'a [u8])>,
}

impl<'a> Plan<'a> {
    fn of(files: &'a OutputMap) -> Plan<'a> {
        let mut groups: Vec<Group<'a>> = Vec::new();
        let mut inner: std::collections::BTreeSet<&'a str> = std::collections::BTreeSet::new();
        for (path, bytes) in files {
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            match groups.last_mut() {
                Some(group) if group.dir == dir => group.files.push((path, bytes)),
                _ => groups.push(Group {
                    dir,
                    create: !dir.is_empty(),
                    files: vec![(path, bytes)],
                }),
            }
            // Every proper ancestor of the folder holds a folder.
            let mut ancestor = dir;
            while let Some((parent, _)) = ancestor.rsplit_once('/') {
                if !inner.insert(parent) {
                    break;
                }
                ancestor = parent;
            }
        }
        // A folder without folders inside is one run in the map's order (all paths that
        // start with `dir/` sort together and have no further `/`), so exactly one group
        // creates it. A folder with folders inside may be split into runs; it is created
        // beforehand.
        for group in &mut groups {
            group.create = group.create && !inner.contains(group.dir);
        }
        // BTreeSet order puts `a` before `a/b`, so parents come first.
        Plan {
            inner: inner.into_iter().collect(),
            groups,
        }
    }
}

/// Puts `staging` at `out`; the old tree (if any) is removed afterwards.
fn swap_in(staging: &Path, out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return fs::rename(staging, out)
            .with_context(|| format!("kan {} niet plaatsen", out.display()));
    }
    if exchange(staging, out).is_err() {
        // No RENAME_EXCHANGE here (another OS or file system): two renames.
        let old = staging.with_extension("old");
        fs::rename(out, &old).with_context(|| format!("kan {} niet verplaatsen", out.display()))?;
        fs::rename(staging, out).with_context(|| format!("kan {} niet plaatsen", out.display()))?;
        let _ = fs::remove_dir_all(&old);
        return Ok(());
    }
    // `staging` now holds the old tree.
    fs::remove_dir_all(staging)
        .with_context(|| format!("kan de oude uitvoer {} niet opruimen", staging.display()))
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // renameat2 has no safe std wrapper; arguments are valid C strings.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated and live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("RENAME_EXCHANGE is Linux-only"))
}

/// Staging directories left by a killed build (they carry our marker).
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.verteller-staging-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if file_name.starts_with(&prefix) && path.is_dir() && path.join(MARKER).is_file() {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Writes one new file; refuses to overwrite anything.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("kan {} niet maken", parent.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("kan {} niet maken (bestaat het al?)", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("kan {} niet schrijven", path.display()))
}

/// Writes a new site into `dir`, which must not exist or be empty.
pub fn write_new_site(dir: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<()> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            anyhow::bail!(
                "{} bestaat al en is niet leeg; kies een nieuwe of lege map",
                dir.display()
            );
        }
    }
    for (path, bytes) in files {
        write_new_file(&dir.join(path), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_directories() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        assert_eq!(
            check_output_dir(&root, &root),
            Err(Refusal::IsSiteRootOrAncestor)
        );
        assert_eq!(
            check_output_dir(&root, dir.path()),
            Err(Refusal::IsSiteRootOrAncestor)
        );
        assert_eq!(
            check_output_dir(&root, &root.join("content/out")),
            Err(Refusal::InsideSource("content"))
        );
        assert_eq!(
            check_output_dir(&root, &root.join("static/../content/x")),
            Err(Refusal::InsideSource("content"))
        );
        let foreign = dir.path().join("foreign");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("important.txt"), "x").unwrap();
        assert_eq!(check_output_dir(&root, &foreign), Err(Refusal::NotOurs));
        assert_eq!(check_output_dir(&root, &root.join("public")), Ok(()));
    }

    #[test]
    fn swaps_atomically_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let mut files = OutputMap::new();
        files.insert("index.html".into(), b"one".as_slice().into());
        files.insert("a/b/index.html".into(), b"two".as_slice().into());
        write(&root, &out, &files).unwrap();
        assert_eq!(fs::read(out.join("a/b/index.html")).unwrap(), b"two");
        files.remove("a/b/index.html");
        files.insert("index.html".into(), b"three".as_slice().into());
        write(&root, &out, &files).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"three");
        assert!(!out.join("a").exists());
        let leftovers: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn plan_creates_each_folder_once_and_parents_first() {
        let mut files = OutputMap::new();
        for path in [
            "index.html",
            "a/b/index.html",
            "a/b/sub/index.html",
            "a/b/z.css",
            "a/b-c/index.html",
            "a/b.html",
            "d/e/f/index.html",
        ] {
            files.insert(path.into(), b"x".as_slice().into());
        }
        let plan = Plan::of(&files);
        assert_eq!(plan.inner, ["a", "a/b", "d", "d/e"]);
        let created: Vec<&str> = plan
            .groups
            .iter()
            .filter(|g| g.create)
            .map(|g| g.dir)
            .collect();
        assert_eq!(created, ["a/b-c", "a/b/sub", "d/e/f"]);
        let written: usize = plan.groups.iter().map(|g| g.files.len()).sum();
        assert_eq!(written, files.len());
        let dir = tempfile::tempdir().unwrap();
        fill(dir.path(), &files).unwrap();
        for path in files.keys() {
            assert_eq!(fs::read(dir.path().join(path)).unwrap(), b"x", "{path}");
        }
    }
}
