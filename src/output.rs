//! The only writer of the disk.
//!
//! A build renders into a staging directory beside the output and swaps it in
//! atomically (`renameat2(RENAME_EXCHANGE)` on Linux), then removes the old tree: a
//! reader, or a SIGKILL, sees the whole old site or the whole new one. Where directories
//! cannot be exchanged (Windows, macOS) two renames do it, and the output folder is
//! missing for the moment between them; a build killed in that moment is repaired by the
//! next one (`swap_by_renames`). Dangerous output directories are refused, and nothing
//! outside the output directory is touched.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;
use rayon::prelude::*;

use crate::path_text::shown;

/// The bytes of one output file, shared: serve's page memo, the output map and the
/// served snapshot hold the same page without copying it on every rebuild.
pub type FileBytes = std::sync::Arc<[u8]>;

/// The site's files: site-relative path → bytes. Sorted, so output is deterministic.
pub type OutputMap = std::collections::BTreeMap<String, FileBytes>;

/// The file of a page at a site path: `verhalen/x/` (or the home page's `""`) is
/// `verhalen/x/index.html`; a path with a file name is itself.
pub fn file_of(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The marker file that says verteller made a directory (and may replace it).
pub const MARKER: &str = ".verteller-output";

/// Why an output directory is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    IsSiteRootOrAncestor,
    InsideSource(&'static str),
    NotOurs,
    /// `output_dir` from site.toml leads out of the site (through a symbolic link).
    OutsideSite,
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
            Refusal::OutsideSite => write!(
                f,
                "`output_dir` uit site.toml leidt (via een symbolische link) buiten de site; kies een map in de site, of geef een map elders op met `--output`"
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

/// The output folder of a build, worked out once from `--output` or site.toml's
/// `output_dir`, before anything is written: where to write, how to name it to editors,
/// and whether it must stay inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// Where the files go (`--output` as given, or `output_dir` under the site root).
    pub path: PathBuf,
    /// How diagnostics and messages name it: `--output` as given, `output_dir` as
    /// written in site.toml.
    pub label: PathBuf,
    /// From site.toml: it must resolve (symbolic links followed) inside the site.
    pub from_config: bool,
}

impl Folder {
    /// `explicit` (`--output`), else `configured` (`output_dir`) under `root`.
    pub fn resolve(root: &Path, explicit: Option<&Path>, configured: &Path) -> Folder {
        match explicit {
            Some(path) => Folder {
                path: path.to_path_buf(),
                label: path.to_path_buf(),
                from_config: false,
            },
            None => Folder {
                path: root.join(configured),
                label: configured.to_path_buf(),
                from_config: true,
            },
        }
    }

    /// Checks the folder for the site at `root` and opens a staging directory beside it.
    pub fn open(&self, root: &Path) -> anyhow::Result<Staging> {
        if self.from_config {
            check_inside_site(root, &self.path)
                .map_err(|r| anyhow::anyhow!("{r}: {}", shown(&self.path)))?;
        }
        Staging::create(root, &self.path)
    }
}

/// Checks that an output folder taken from site.toml (not `--output`) resolves, symbolic
/// links followed, to a folder inside the site root: a branch's `public` that is a link
/// to `~/.ssh` must not be written.
pub fn check_inside_site(root: &Path, output: &Path) -> Result<(), Refusal> {
    let root = absolute(root);
    let out = absolute(output);
    if out.starts_with(&root) && out != root {
        Ok(())
    } else {
        Err(Refusal::OutsideSite)
    }
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
pub fn write(
    root: &Path,
    output: &Path,
    files: &OutputMap,
    copies: &[Copy],
) -> anyhow::Result<Written> {
    Staging::create(root, output)?.finish(files, copies)
}

/// A file copied into the output as it is, never held in memory (a large static file,
/// a photo's variant from the cache).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    /// Relative to the output, `/`-separated.
    pub path: String,
    /// The source file.
    pub from: PathBuf,
    /// A hard link instead of a copy where the file system allows: for files only
    /// verteller writes and never changes in place (the photo cache), so a rebuild
    /// publishes a thousand photo files in milliseconds. Never for the site's own
    /// files, which an editor may change in place.
    pub link: bool,
}

/// What a build wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files, without the marker.
    pub files: usize,
    /// HTML pages among them.
    pub pages: usize,
}

/// A build's staging directory beside the output: filled in any order from any thread
/// ([`Staging::put`] makes a file's folder when it is missing), then swapped in by
/// [`Staging::finish`]. Dropped unfinished — the build failed — it is removed, and the
/// output is as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// The first write that failed; later writes are skipped, `finish` reports it.
    failed: Mutex<Option<anyhow::Error>>,
    /// Paths written so far, so `finish` writes each file once (and counts them).
    written: Mutex<std::collections::HashSet<String>>,
    /// Folders made ahead of their pages ([`Staging::prepare`]).
    folders: Option<Folders>,
    finished: bool,
}

/// A thread that makes the pages' folders while the build still resolves references:
/// on ext4 a folder costs more than the page written into it, and this way one thread
/// makes them (no two threads wait for the same parent folder's lock) partly while the
/// other core has nothing else to do.
struct Folders {
    list: std::sync::Arc<Vec<String>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Folders {
    /// Tells the thread to make no more folders (it may be making one still).
    fn halt(&self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Stops making folders (the ones not made yet are made by `put` when needed) and
    /// waits for the thread: nothing may be made in the staging folder after this.
    fn stop(&mut self) {
        self.halt();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A lock that a panicking writer thread does not poison for the others.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Staging {
    /// Checks that `output` may be written for the site at `root` and makes an empty
    /// staging directory (with the marker) beside it.
    pub fn create(root: &Path, output: &Path) -> anyhow::Result<Staging> {
        check_output_dir(root, output).map_err(|r| anyhow::anyhow!("{r}: {}", shown(output)))?;
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
        fs::create_dir_all(&parent)
            .with_context(|| format!("kan {} niet maken", shown(&parent)))?;
        restore_interrupted_swap(&parent, &name, &out);
        remove_stale_staging(&parent, &name);
        let dir = parent.join(format!(".{name}.verteller-staging-{}", std::process::id()));
        if dir.exists() {
            remove_tree(&dir).with_context(|| format!("kan {} niet opruimen", shown(&dir)))?;
        }
        fs::create_dir(&dir).with_context(|| format!("kan {} niet maken", shown(&dir)))?;
        let staging = Staging {
            dir,
            out,
            failed: Mutex::new(None),
            written: Mutex::default(),
            folders: None,
            finished: false,
        };
        let marker = staging.dir.join(MARKER);
        fs::write(
            &marker,
            b"Deze map is gemaakt door verteller en wordt bij elke build vervangen.\n",
        )
        .with_context(|| format!("kan {} niet schrijven", shown(&marker)))?;
        Ok(staging)
    }

    /// Starts making `folders` (relative to the output, `/`-separated, e.g.
    /// `verhalen/buurtkamer/`) on a thread of its own, in this order. A folder that no
    /// page fills is removed again by [`Staging::finish`].
    pub fn prepare(&mut self, folders: Vec<String>) {
        let list = std::sync::Arc::new(folders);
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (dir, todo, halt) = (self.dir.clone(), list.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("verteller-folders".into())
            .spawn(move || {
                for folder in todo.iter() {
                    if halt.load(std::sync::atomic::Ordering::Relaxed) {
                        return;
                    }
                    // A failure is left to `put`, which makes the folder again and
                    // reports what goes wrong.
                    let _ = fs::create_dir_all(dir.join(folder));
                }
            })
            .ok();
        self.folders = Some(Folders { list, stop, thread });
    }

    /// Stops making the prepared folders (the build failed; the staging folder will be
    /// dropped): what is not made need not be removed.
    pub fn stop_preparing(&self) {
        if let Some(folders) = &self.folders {
            folders.halt();
        }
    }

    /// Writes one file (`path` relative to the output, `/`-separated). A failure is
    /// kept for [`Staging::finish`]; after one, nothing more is written.
    pub fn put(&self, path: &str, bytes: &[u8]) {
        if lock(&self.failed).is_some() {
            return;
        }
        match self.try_put(path, bytes) {
            Ok(()) => {
                lock(&self.written).insert(path.to_string());
            }
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
            }
        }
    }

    /// Copies a file into the output, streamed by the operating system (`copy_file_range`
    /// on Linux): the output's writer reads these bytes only to write them.
    fn copy(&self, copy: &Copy) {
        if lock(&self.failed).is_some() {
            return;
        }
        let full = self.dir.join(&copy.path);
        let result = full
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| {
                if copy.link && fs::hard_link(&copy.from, &full).is_ok() {
                    return Ok(0);
                }
                fs::copy(&copy.from, &full)
            })
            .with_context(|| {
                format!(
                    "kan {} niet kopiëren naar {}",
                    shown(&copy.from),
                    shown(&full)
                )
            });
        match result {
            Ok(_) => {
                lock(&self.written).insert(copy.path.clone());
            }
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
            }
        }
    }

    /// Writes the file, and when its folder is missing makes it and writes again: most
    /// folders are there already ([`Staging::prepare`]), and a failed open costs less
    /// than a folder made twice.
    fn try_put(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let full = self.dir.join(path);
        match fs::write(&full, bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // `create_dir_all` accepts a chain another thread is making too.
                if let Some(folder) = full.parent() {
                    fs::create_dir_all(folder)
                        .with_context(|| format!("kan {} niet maken", shown(folder)))?;
                }
                fs::write(&full, bytes)
            }
            done => done,
        }
        .with_context(|| format!("kan {} niet schrijven", shown(&full)))
    }

    /// Writes the files of `files` that [`Staging::put`] has not written (in
    /// parallel), then puts the staging directory at the output.
    pub fn finish(mut self, files: &OutputMap, copies: &[Copy]) -> anyhow::Result<Written> {
        let done = lock(&self.written);
        let todo: Vec<_> = files
            .iter()
            .filter(|(path, _)| !done.contains(*path))
            .collect();
        drop(done);
        todo.par_iter()
            .for_each(|(path, bytes)| self.put(path, bytes));
        copies.par_iter().for_each(|copy| self.copy(copy));
        if let Some(e) = lock(&self.failed).take() {
            return Err(e);
        }
        self.remove_unused_folders();
        swap_in(&self.dir, &self.out)?;
        self.finished = true;
        let written = lock(&self.written);
        Ok(Written {
            files: written.len(),
            pages: written.iter().filter(|p| p.ends_with(".html")).count(),
        })
    }

    /// Stops the folder thread and removes the prepared folders no file went into (a
    /// document whose page was not made, such as one without a template).
    fn remove_unused_folders(&mut self) {
        let Some(folders) = &mut self.folders else {
            return;
        };
        folders.stop();
        let written = lock(&self.written);
        let filled: std::collections::HashSet<&str> = written
            .iter()
            .filter_map(|p| p.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        for folder in folders.list.iter() {
            let folder = folder.trim_end_matches('/');
            if filled.contains(folder) {
                continue;
            }
            // With the parents made for it, up to the first that is not empty (or was
            // never made).
            let mut at = Some(folder);
            while let Some(folder) = at.filter(|f| !f.is_empty() && !filled.contains(f)) {
                if fs::remove_dir(self.dir.join(folder)).is_err() {
                    break;
                }
                at = folder.rsplit_once('/').map(|(parent, _)| parent);
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(folders) = &mut self.folders {
            folders.stop();
        }
        if !self.finished {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Puts `staging` at `out`; the old tree (if any) is removed afterwards.
fn swap_in(staging: &Path, out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return rename_patiently(staging, out)
            .with_context(|| format!("kan {} niet plaatsen", shown(out)));
    }
    if exchange(staging, out).is_err() {
        // No RENAME_EXCHANGE here (Windows, macOS, or a file system without it).
        return swap_by_renames(staging, out, &rename_patiently);
    }
    // `staging` now holds the old tree.
    remove_tree(staging)
        .with_context(|| format!("kan de oude uitvoer {} niet opruimen", shown(staging)))
}

/// Where [`swap_by_renames`] puts the old tree while the new one moves in: beside the
/// staging directory, under a name the next build recognises (see
/// [`restore_interrupted_swap`] and [`remove_stale_staging`]).
fn aside(staging: &Path) -> PathBuf {
    let mut name = staging.file_name().unwrap_or_default().to_os_string();
    name.push(ASIDE);
    staging.with_file_name(name)
}

/// The suffix of the old tree's name during a swap by two renames.
const ASIDE: &str = ".old";

/// The swap where directories cannot be exchanged in one step: the old tree is renamed
/// aside, the new one into its place, and the old one removed. Between the two renames
/// (usually well under a millisecond) the output folder does not exist, so a web server
/// serving straight from it answers "not found" for that moment; each page a reader gets
/// is still whole, from the old site or the new one (docs/reliability.md).
///
/// A failure leaves a whole site at `out`: when the new tree cannot move in, the old one
/// moves back. A build killed between the two renames leaves the old tree aside; the
/// next build puts it back before it starts ([`restore_interrupted_swap`]).
fn swap_by_renames(staging: &Path, out: &Path, rename: &Rename) -> anyhow::Result<()> {
    let old = aside(staging);
    rename(out, &old).with_context(|| format!("kan {} niet opzij zetten", shown(out)))?;
    if let Err(e) = rename(staging, out) {
        let told = format!("kan {} niet plaatsen", shown(out));
        return Err(match rename(&old, out) {
            Ok(()) => {
                anyhow::Error::from(e).context(format!("{told}; de vorige uitvoer staat er weer"))
            }
            Err(_) => anyhow::Error::from(e).context(format!(
                "{told}; de vorige uitvoer staat in {} en wordt bij de volgende build teruggezet",
                shown(&old)
            )),
        });
    }
    // Left behind (a file held open by another program), it is removed next time.
    let _ = remove_tree(&old);
    Ok(())
}

/// A rename of a directory, as [`swap_by_renames`] is given it (tests inject failures).
type Rename = dyn Fn(&Path, &Path) -> std::io::Result<()>;

/// `fs::rename`, tried again for a moment on Windows, where a directory cannot be renamed
/// while another program has a file in it open without sharing (a virus scanner, the
/// search indexer, a preview pane): they let go within a second or so. Elsewhere a
/// rename fails only for lasting reasons.
fn rename_patiently(from: &Path, to: &Path) -> std::io::Result<()> {
    let waits: &[u64] = if cfg!(windows) {
        &[10, 20, 50, 100, 200, 400, 800]
    } else {
        &[]
    };
    // Access denied (5), a sharing violation (32) or a lock violation (33).
    let held = |e: &std::io::Error| {
        e.kind() == std::io::ErrorKind::PermissionDenied
            || matches!(e.raw_os_error(), Some(5 | 32 | 33))
    };
    let mut result = fs::rename(from, to);
    for wait in waits {
        match &result {
            Err(e) if held(e) => {
                std::thread::sleep(std::time::Duration::from_millis(*wait));
                result = fs::rename(from, to);
            }
            _ => break,
        }
    }
    result
}

/// After a build killed between the two renames of [`swap_by_renames`], the output
/// folder is missing and the old tree waits aside: it is put back, so the site is whole
/// again even if this build fails. Returns whether it did.
fn restore_interrupted_swap(parent: &Path, name: &str, out: &Path) -> bool {
    if fs::symlink_metadata(out).is_ok() {
        return false;
    }
    let prefix = format!(".{name}.verteller-staging-");
    let Ok(entries) = fs::read_dir(parent) else {
        return false;
    };
    let mut waiting: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            file_name.starts_with(&prefix) && file_name.ends_with(ASIDE)
        })
        .map(|e| e.path())
        .filter(|path| path.join(MARKER).is_file())
        .collect();
    waiting.sort();
    waiting
        .first()
        .is_some_and(|old| fs::rename(old, out).is_ok())
}

/// Removes a tree we wrote, the entries of its first two levels in parallel: removing
/// the last build's ten thousand page folders one by one was a fifth of a rebuild into
/// an existing output. Deeper down (and for symbolic links, which are removed, not
/// followed) std's `remove_dir_all` does the work. The marker goes last, so a tree
/// half removed by a killed build is still recognised as ours and cleared next time.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    remove_levels(dir, 2, Some(MARKER))
}

fn remove_levels(dir: &Path, levels: usize, last: Option<&str>) -> std::io::Result<()> {
    if levels == 0 {
        return fs::remove_dir_all(dir);
    }
    let mut entries = fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    let last = last.and_then(|name| {
        let at = entries.iter().position(|e| e.file_name() == name)?;
        Some(entries.swap_remove(at))
    });
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_levels(&entry.path(), levels - 1, None)
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    if let Some(entry) = last {
        fs::remove_file(entry.path())?;
    }
    fs::remove_dir(dir)
}

/// `renameat2(RENAME_EXCHANGE)` as the system call itself: the musl that Rust links into
/// the static Linux binary has no `renameat2` function (glibc's is the same call).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // renameat2 has no safe std wrapper; arguments are valid C strings.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated and live across the call; the other
    // arguments are plain integers, as the system call takes them.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
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

/// Staging directories left by a killed build: those that carry our marker, and empty
/// ones (killed between making the folder and writing the marker). An old tree left
/// aside by [`swap_by_renames`] has the same prefix and the marker: once the output is
/// in place again ([`restore_interrupted_swap`]) it goes too.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.verteller-staging-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !file_name.starts_with(&prefix) || !path.is_dir() {
            continue;
        }
        if path.join(MARKER).is_file() {
            let _ = remove_tree(&path);
        } else {
            // Succeeds only when the folder is empty.
            let _ = fs::remove_dir(&path);
        }
    }
}

/// Replaces a file (a report verteller was asked to write, its own cache): the bytes
/// go into a temporary file beside it, which is then renamed over it, so a reader — or
/// a second run at the same time — finds the old file or the new one, never half of one.
pub fn replace_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("{} is geen bestandsnaam", path.display()))?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".{}.tmp", std::process::id()));
    let temporary = path.with_file_name(temporary_name);
    fs::write(&temporary, bytes)
        .with_context(|| format!("kan {} niet schrijven", temporary.display()))?;
    fs::rename(&temporary, path).with_context(|| {
        let _ = fs::remove_file(&temporary);
        format!("kan {} niet vervangen", path.display())
    })
}

/// Replaces a file verteller keeps for itself in the site root (`rel`: the external
/// links' cache in `.verteller-cache/`), making its folder when needed. The folder
/// must be a folder in the site, not a symbolic link to somewhere else.
pub fn write_kept(root: &Path, rel: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let path = root.join(rel);
    if let Some(folder) = path.parent() {
        match fs::symlink_metadata(folder) {
            Ok(meta) if meta.file_type().is_symlink() => anyhow::bail!(
                "{} is een symbolische link; verteller schrijft daar niet doorheen",
                folder.display()
            ),
            Ok(_) => {}
            Err(_) => fs::create_dir_all(folder)
                .with_context(|| format!("kan {} niet maken", folder.display()))?,
        }
    }
    replace_file(&path, bytes)
}

/// Writes one new file; refuses to overwrite anything.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("kan {} niet maken", shown(parent)))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("kan {} niet maken (bestaat het al?)", shown(path)))?;
    file.write_all(bytes)
        .with_context(|| format!("kan {} niet schrijven", shown(path)))
}

/// What [`write_new_files`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewFiles {
    /// Every file was written.
    Written,
    /// These paths (as given) exist already; nothing was written.
    Present(Vec<String>),
}

/// Writes new files under `root`, all or none: when any of them exists (a file, a
/// folder or a link), nothing is written and those are returned.
pub fn write_new_files(root: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<NewFiles> {
    let present: Vec<String> = files
        .iter()
        .filter(|(path, _)| fs::symlink_metadata(root.join(path)).is_ok())
        .map(|(path, _)| path.clone())
        .collect();
    if !present.is_empty() {
        return Ok(NewFiles::Present(present));
    }
    for (path, bytes) in files {
        write_new_file(&root.join(path), bytes)?;
    }
    Ok(NewFiles::Written)
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
                shown(dir)
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
    fn kept_files_are_replaced_whole_and_never_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new(".verteller-cache/extern-links.json");
        write_kept(dir.path(), rel, b"{\"version\": 1}").unwrap();
        write_kept(dir.path(), rel, b"nieuw").unwrap();
        assert_eq!(fs::read(dir.path().join(rel)).unwrap(), b"nieuw");
        let names: Vec<_> = fs::read_dir(dir.path().join(".verteller-cache"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["extern-links.json"], "no temporary file left");
        #[cfg(unix)]
        {
            let other = tempfile::tempdir().unwrap();
            let site = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(other.path(), site.path().join(".verteller-cache")).unwrap();
            assert!(write_kept(site.path(), rel, b"x").is_err());
            assert!(fs::read_dir(other.path()).unwrap().next().is_none());
        }
    }

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
        write(&root, &out, &files, &[]).unwrap();
        assert_eq!(fs::read(out.join("a/b/index.html")).unwrap(), b"two");
        files.remove("a/b/index.html");
        files.insert("index.html".into(), b"three".as_slice().into());
        write(&root, &out, &files, &[]).unwrap();
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
    fn staging_makes_folders_on_demand_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let paths = [
            "d/e/f/index.html",
            "a/b/sub/index.html",
            "a/b/index.html",
            "a/b/z.css",
            "a/b-c/index.html",
            "a/b.html",
            "index.html",
        ];
        let staging = Staging::create(&root, &out).unwrap();
        // Children before parents, from several threads at once.
        paths.par_iter().for_each(|p| staging.put(p, p.as_bytes()));
        let mut rest = OutputMap::new();
        rest.insert("a/b/sub/deeper/x.txt".into(), b"x".as_slice().into());
        // Already written by `put`: not written again.
        rest.insert("index.html".into(), b"twice".as_slice().into());
        let written = staging.finish(&rest, &[]).unwrap();
        assert_eq!(
            written,
            Written {
                files: paths.len() + 1,
                pages: 6
            }
        );
        for p in paths {
            assert_eq!(fs::read(out.join(p)).unwrap(), p.as_bytes(), "{p}");
        }
        assert_eq!(fs::read(out.join("a/b/sub/deeper/x.txt")).unwrap(), b"x");
        assert!(out.join(MARKER).is_file());
    }

    #[test]
    fn prepared_folders_are_filled_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let mut staging = Staging::create(&root, &out).unwrap();
        let folders = ["a/", "b/c/", "leeg/", "diep/er/leeg/", "b/leeg/"];
        staging.prepare(folders.iter().map(|f| f.to_string()).collect());
        staging.put("a/index.html", b"a");
        staging.put("b/c/index.html", b"c");
        // Not prepared: made by `put`.
        staging.put("x/y/index.html", b"y");
        let written = staging.finish(&OutputMap::new(), &[]).unwrap();
        assert_eq!(written.files, 3);
        // Every entry under the output, relative, folders with a trailing `/`.
        let mut tree: Vec<String> = walkdir::WalkDir::new(&out)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let rel = shown(e.path().strip_prefix(&out).unwrap());
                let slash = if e.file_type().is_dir() { "/" } else { "" };
                format!("{rel}{slash}")
            })
            .collect();
        tree.sort();
        assert_eq!(
            tree,
            [
                ".verteller-output",
                "a/",
                "a/index.html",
                "b/",
                "b/c/",
                "b/c/index.html",
                "x/",
                "x/y/",
                "x/y/index.html"
            ]
        );
    }

    #[test]
    fn a_staging_dropped_while_its_folders_are_made_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let mut staging = Staging::create(&root, &out).unwrap();
        staging.prepare((0..2_000).map(|i| format!("verhalen/v{i}/")).collect());
        staging.put("verhalen/v1/index.html", b"x");
        drop(staging);
        let names: Vec<_> = fs::read_dir(&root).unwrap().flatten().collect();
        assert!(names.is_empty(), "{names:?}");
        assert!(!out.exists());
    }

    #[test]
    fn unfinished_staging_is_removed_and_output_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let mut files = OutputMap::new();
        files.insert("index.html".into(), b"old".as_slice().into());
        write(&root, &out, &files, &[]).unwrap();
        let staging = Staging::create(&root, &out).unwrap();
        staging.put("index.html", b"new");
        staging.put("a/index.html", b"new");
        drop(staging);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        let names: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn a_failed_write_is_reported_and_nothing_swapped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let staging = Staging::create(&root, &out).unwrap();
        staging.put("a.html", b"file");
        // `a.html` is a file, so no folder can be made under it.
        staging.put("a.html/index.html", b"x");
        staging.put("b.html", b"skipped after the failure");
        let err = staging.finish(&OutputMap::new(), &[]).unwrap_err();
        assert!(format!("{err:#}").contains("a.html"), "{err:#}");
        assert!(!out.exists());
    }

    #[test]
    fn stale_staging_of_ours_is_cleared_and_foreign_folders_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let killed = root.join(".public.verteller-staging-1");
        fs::create_dir_all(killed.join("verhalen/x")).unwrap();
        fs::write(killed.join(MARKER), "").unwrap();
        fs::write(killed.join("verhalen/x/index.html"), "x").unwrap();
        let empty = root.join(".public.verteller-staging-2");
        fs::create_dir(&empty).unwrap();
        let foreign = root.join(".public.verteller-staging-3");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let staging = Staging::create(&root, &root.join("public")).unwrap();
        assert!(!killed.exists());
        assert!(!empty.exists());
        assert_eq!(fs::read(foreign.join("notes.txt")).unwrap(), b"mine");
        drop(staging);
    }

    /// A site folder `root/site` with an old output `public` (one page saying `old`)
    /// and a finished staging tree beside it (saying `new`), as `finish` leaves them just
    /// before the swap.
    fn before_swap(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
        let root = dir.join("site");
        fs::create_dir_all(&root).unwrap();
        let out = root.join("public");
        let mut files = OutputMap::new();
        files.insert("index.html".into(), b"old".as_slice().into());
        write(&root, &out, &files, &[]).unwrap();
        let staging = root.join(".public.verteller-staging-7");
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join(MARKER), "").unwrap();
        fs::write(staging.join("index.html"), "new").unwrap();
        (root, out, staging)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Linux's one-step swap (the system call, as the static musl build makes it).
    #[cfg(target_os = "linux")]
    #[test]
    fn directories_are_exchanged_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("x"), "a").unwrap();
        fs::write(b.join("x"), "b").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read(a.join("x")).unwrap(), b"b");
        assert_eq!(fs::read(b.join("x")).unwrap(), b"a");
    }

    /// The swap Windows and macOS use (no RENAME_EXCHANGE), run here on purpose.
    #[test]
    fn the_two_rename_swap_puts_the_new_tree_in_place_and_removes_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out, staging) = before_swap(dir.path());
        swap_by_renames(&staging, &out, &|a, b| fs::rename(a, b)).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
        assert_eq!(names(&root), ["public"]);
    }

    #[test]
    fn when_the_new_tree_cannot_move_in_the_old_one_moves_back() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out, staging) = before_swap(dir.path());
        let refuse_staging = |a: &Path, b: &Path| {
            if a.ends_with(".public.verteller-staging-7") {
                Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
            } else {
                fs::rename(a, b)
            }
        };
        let err = swap_by_renames(&staging, &out, &refuse_staging).unwrap_err();
        assert!(
            format!("{err:#}").contains("de vorige uitvoer staat er weer"),
            "{err:#}"
        );
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        // The staging tree is the failed build's to drop.
        assert_eq!(names(&root), [".public.verteller-staging-7", "public"]);
    }

    #[test]
    fn when_the_old_tree_cannot_move_aside_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (_root, out, staging) = before_swap(dir.path());
        let refuse =
            |_: &Path, _: &Path| Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        let err = swap_by_renames(&staging, &out, &refuse).unwrap_err();
        assert!(format!("{err:#}").contains("niet opzij zetten"), "{err:#}");
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
    }

    /// Killed between the two renames: no `public`, the old tree aside, the new staging
    /// tree beside it. The next build puts the old site back first, so a reader has a
    /// whole site again even when that build fails, and a build that succeeds leaves
    /// nothing behind.
    #[test]
    fn a_swap_killed_between_the_renames_is_repaired_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out, staging) = before_swap(dir.path());
        fs::rename(&out, aside(&staging)).unwrap();
        assert!(!out.exists());

        let failing = Staging::create(&root, &out).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        failing.put("index.html", b"never shown");
        drop(failing);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(names(&root), ["public"]);

        fs::rename(&out, aside(&staging)).unwrap();
        let mut files = OutputMap::new();
        files.insert("index.html".into(), b"newer".as_slice().into());
        write(&root, &out, &files, &[]).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"newer");
        assert_eq!(names(&root), ["public"]);
    }
}
