//! The only reader of the disk.
//!
//! Reads `site.toml`, walks `content/`, `templates/`, the theme and `static/`, and hands
//! every later stage plain bytes with paths relative to the site root. Read failures
//! are kept per file (they become diagnostics), never silently dropped. Tests inject
//! failures through [`SourceOptions::fail_reads`], since root can read a `chmod 000` file.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::CONFIG_FILE;
use crate::diagnostics::shown;

/// One file as read: its bytes, or why it could not be read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, `/`-separated components.
    pub path: PathBuf,
    /// Empty when `unchanged`, and once a one-shot build has parsed the file.
    pub bytes: Result<Vec<u8>, String>,
    /// Taken before the read, so a change during the read shows as a newer stamp next
    /// time. `None` when the file was not stamped or changed too recently to trust it.
    pub stamp: Option<Stamp>,
    /// Not read: the caller said its stamp was known (see [`Source::tree_reusing`]), or
    /// a refresh was told it did not change (see [`Source::refresh`]).
    pub unchanged: bool,
    /// Reached through a symbolic link (its target may change without an event on it).
    pub linked: bool,
    /// Not read because it is this large (bytes): a static file the build copies into
    /// the output as it is ([`Source::tree_streaming`]); `bytes` holds its first bytes.
    pub large: Option<u64>,
}

impl SourceFile {
    fn read(path: &Path, bytes: Vec<u8>, stamp: Option<Stamp>) -> SourceFile {
        SourceFile {
            path: path.to_path_buf(),
            bytes: Ok(bytes),
            stamp,
            unchanged: false,
            linked: false,
            large: None,
        }
    }

    fn failed(path: &Path, error: String) -> SourceFile {
        SourceFile {
            bytes: Err(error),
            ..SourceFile::read(path, Vec::new(), None)
        }
    }

    /// Not read: the caller has its contents.
    fn unchanged(path: &Path, stamp: Option<Stamp>) -> SourceFile {
        SourceFile {
            unchanged: true,
            ..SourceFile::read(path, Vec::new(), stamp)
        }
    }
}

/// Size, inode, and modification and change times of a file. Equal stamps mean equal
/// contents: every write moves the change time, which tools cannot set back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    len: u64,
    ino: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

/// Tells whether the caller already has the contents of the file at a path with a stamp.
pub type Known<'a> = dyn Fn(&Path, Stamp) -> bool + Sync + 'a;

/// A change within this window of "now" may share its timestamp tick with a later
/// write of the same size (file-system clocks are coarse): such a stamp is not trusted
/// and the file is read again next time (as git does with "racily clean" entries).
#[cfg(unix)]
const RACY_WINDOW_NS: i128 = 2_000_000_000;

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt as _;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        let stamp = Stamp {
            len: meta.len(),
            ino: meta.ino(),
            mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
            ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos() as i128;
        let newest = stamp.mtime_ns.max(stamp.ctime_ns);
        (now - newest > RACY_WINDOW_NS).then_some(stamp)
    }

    /// Windows has no change time that every write moves (and std no stable file index),
    /// so nothing there proves a file unchanged: every walk reads every file again (the
    /// watcher's reports still limit a rebuild to the files they name).
    #[cfg(not(unix))]
    fn of(_meta: &fs::Metadata) -> Option<Stamp> {
        None
    }
}

/// What can be told about reading, for tests of the failure paths.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    /// Paths (relative to the root) whose read fails as if the disk refused.
    pub fail_reads: BTreeSet<PathBuf>,
}

/// A reader rooted at a site directory.
#[derive(Debug, Clone)]
pub struct Source {
    root: PathBuf,
    canonical_root: PathBuf,
    options: SourceOptions,
}

impl Source {
    pub fn new(root: &Path, options: SourceOptions) -> std::io::Result<Source> {
        let canonical_root = fs::canonicalize(root)?;
        Ok(Source {
            root: root.to_path_buf(),
            canonical_root,
            options,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `site.toml`, or `None` when the file does not exist.
    pub fn config(&self) -> Option<SourceFile> {
        let path = PathBuf::from(CONFIG_FILE);
        let full = self.root.join(&path);
        if !full.is_file() {
            return None;
        }
        match fs::canonicalize(&full) {
            Ok(target) if target.starts_with(&self.canonical_root) => Some(self.read(&path)),
            _ => Some(SourceFile::failed(
                &path,
                "site.toml is een symbolische link naar een bestand buiten de site".to_string(),
            )),
        }
    }

    /// Whether a directory exists under the root.
    pub fn has_dir(&self, rel: &Path) -> bool {
        self.root.join(rel).is_dir()
    }

    /// Reads one file relative to the root.
    pub fn read(&self, rel: &Path) -> SourceFile {
        self.read_unless(rel, None)
    }

    /// Reads one file, unless `known` says its stamp is one the caller has the contents
    /// of. Without `known` nobody wants a stamp, and the file is not even stat'ed.
    fn read_unless(&self, rel: &Path, known: Option<&Known<'_>>) -> SourceFile {
        let full = self.root.join(rel);
        self.read_with(rel, &full, known, || fs::metadata(&full))
    }

    /// [`Source::read_unless`] with the way to stat the file (a directory entry stats
    /// relative to its open directory, without resolving the whole path again).
    fn read_with(
        &self,
        rel: &Path,
        full: &Path,
        known: Option<&Known<'_>>,
        stat: impl FnOnce() -> std::io::Result<fs::Metadata>,
    ) -> SourceFile {
        if self.options.fail_reads.contains(rel) {
            return SourceFile::failed(rel, "toegang geweigerd (gesimuleerd)".to_string());
        }
        if is_listed_only(rel) {
            // A photo beside the Markdown: the photo stage reads it when a document
            // uses it and its cached variants cannot be reused.
            return match stat() {
                Ok(meta) => SourceFile {
                    large: Some(meta.len()),
                    ..SourceFile::read(rel, Vec::new(), Stamp::of(&meta))
                },
                Err(e) => SourceFile::failed(rel, e.to_string()),
            };
        }
        let mut stamp = None;
        if let Some(known) = known {
            stamp = stat().ok().as_ref().and_then(Stamp::of);
            if let Some(stamp) = stamp.filter(|s| known(rel, *s)) {
                return SourceFile::unchanged(rel, Some(stamp));
            }
        }
        match fs::read(full) {
            Ok(bytes) => SourceFile::read(rel, bytes, stamp),
            Err(e) => SourceFile::failed(rel, e.to_string()),
        }
    }

    /// Every regular file under `rel` (recursively), sorted by path, skipping hidden
    /// files and editors' backups. Symlinks are read only when they stay inside the site.
    pub fn tree(&self, rel: &Path) -> Vec<SourceFile> {
        self.walk(rel, None)
    }

    /// [`Source::tree`], except that a file for which `known(path, stamp)` holds is not
    /// read: it comes back `unchanged`, with no bytes (serve's memo has them).
    pub fn tree_reusing(&self, rel: &Path, known: &Known<'_>) -> Vec<SourceFile> {
        self.walk(rel, Some(known))
    }

    /// The files of `listing` (the paths an earlier walk of `rel` found, in walk order)
    /// with only `changed` looked at again, for serve, whose watcher reports what changed
    /// (paths outside `rel` are not its business and are skipped): a changed
    /// path that is a regular file now is stat'ed and read (unless `known`), one that is
    /// gone leaves the listing with anything under it, and every other file comes back
    /// `unchanged` without a look at the disk. `None` when the report cannot be followed
    /// (a directory, a symbolic link or anything else at a changed path): walk instead.
    pub fn refresh(
        &self,
        rel: &Path,
        listing: &[PathBuf],
        changed: &[PathBuf],
        known: &Known<'_>,
    ) -> Option<Vec<SourceFile>> {
        if !self.options.fail_reads.is_empty() {
            return None; // injected failures are checked by the walk
        }
        let mut gone: Vec<&Path> = Vec::new();
        let mut fresh: Vec<PathBuf> = Vec::new();
        for path in changed {
            let walked = path.is_relative() && path.starts_with(rel);
            if !walked || path.components().any(|c| is_ignored_name(c.as_os_str())) {
                continue; // the walk would not see it either (`..` is a hidden name)
            }
            match fs::symlink_metadata(self.root.join(path)) {
                Ok(meta) if meta.is_file() => fresh.push(path.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => gone.push(path),
                _ => return None,
            }
        }
        fresh.sort();
        fresh.dedup();
        if renamed_in_case_only(listing, &fresh) {
            return None;
        }
        let is_gone = |p: &Path| gone.iter().any(|g| p.starts_with(g));
        // Merge the listing (sorted, as the walk's depth-first name order is the order of
        // paths) with the fresh paths.
        let mut paths: Vec<(&Path, bool)> = Vec::with_capacity(listing.len() + fresh.len());
        let mut next = fresh.iter().peekable();
        for old in listing {
            while let Some(new) = next.next_if(|n| n.as_path() < old.as_path()) {
                paths.push((new, true));
            }
            let again = next.next_if(|n| n == &old).is_some();
            if again || !is_gone(old) {
                paths.push((old, again));
            }
        }
        paths.extend(next.map(|p| (p.as_path(), true)));
        Some(
            paths
                .into_par_iter()
                .map(|(path, again)| {
                    if again {
                        self.read_unless(path, Some(known))
                    } else {
                        SourceFile::unchanged(path, None)
                    }
                })
                .collect(),
        )
    }

    /// [`Source::tree`], except that a file larger than `limit` bytes for which
    /// `streamed(path)` holds is not read whole: it comes back `large`, with only its
    /// first [`HEAD`] bytes (enough for an image's width and height). The build copies
    /// such a file into the output without holding it (a 2 GiB video in `static/`).
    pub fn tree_streaming(
        &self,
        rel: &Path,
        limit: u64,
        streamed: Streamed<'_>,
    ) -> Vec<SourceFile> {
        self.walk_with(rel, None, Some((limit, streamed)))
    }

    fn walk(&self, rel: &Path, known: Option<&Known<'_>>) -> Vec<SourceFile> {
        self.walk_with(rel, known, None)
    }

    fn walk_with(
        &self,
        rel: &Path,
        known: Option<&Known<'_>>,
        large: Option<(u64, Streamed<'_>)>,
    ) -> Vec<SourceFile> {
        let dir = self.root.join(rel);
        if !dir.is_dir() {
            return Vec::new();
        }
        // The folder itself must be where it seems: a `static` or `themes` that is a
        // symbolic link (to `.git`, to a home folder) would publish what it points at.
        let top = match fs::canonicalize(&dir) {
            Ok(top) if top == self.canonical_root.join(rel) => top,
            Ok(_) => {
                return vec![SourceFile::failed(
                    rel,
                    format!(
                        "de map `{}` is (of ligt in) een symbolische link; verteller leest alleen mappen die echt in de site staan",
                        shown(rel)
                    ),
                )];
            }
            Err(e) => return vec![SourceFile::failed(rel, e.to_string())],
        };
        // The walk lists what to read, in order; stats and reads then run in parallel.
        let mut found = Vec::new();
        self.list(&dir, rel, &top, &mut found);
        found
            .into_par_iter()
            .map(|f| match f {
                Found::File(relative, entry) => {
                    if let Some((limit, streamed)) = large
                        && let Ok(meta) = entry.metadata()
                        && meta.len() > limit
                        && streamed(&relative)
                    {
                        return self.head(&relative, meta.len());
                    }
                    self.read_with(&relative, &entry.path(), known, || entry.metadata())
                }
                Found::Linked(relative) => SourceFile {
                    linked: true,
                    ..self.read_unless(&relative, known)
                },
                Found::Failed(failed) => failed,
            })
            .collect()
    }

    /// Depth first, each directory's entries by name (walkdir's `sort_by_file_name`
    /// order). Hand-written rather than walkdir because serve stats every content file
    /// on every rebuild: a `std::fs::DirEntry` stats relative to its open directory
    /// (`statx(dirfd, name)`), where walkdir resolves the whole path for each file —
    /// half the time of a rebuild's load at 10,000 stories.
    fn list(&self, dir: &Path, rel: &Path, top: &Path, found: &mut Vec<Found>) {
        let failed = |path: PathBuf, e: String| Found::Failed(SourceFile::failed(&path, e));
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                found.push(failed(rel.to_path_buf(), e.to_string()));
                return;
            }
        };
        // Each name taken once: `file_name` allocates, and `sort_by_key` would call it
        // twice per comparison (a folder of 2,500 stories: 60,000 names instead of 2,500).
        let named = entries.map(|e| e.map(|e| (e.file_name(), e)));
        let mut entries: Vec<(std::ffi::OsString, fs::DirEntry)> = match named.collect() {
            Ok(entries) => entries,
            Err(e) => {
                found.push(failed(rel.to_path_buf(), e.to_string()));
                return;
            }
        };
        entries.retain(|(name, _)| !is_ignored_name(name));
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (name, entry) in entries {
            let relative = rel.join(name);
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    found.push(failed(relative, e.to_string()));
                    continue;
                }
            };
            if file_type.is_file() {
                found.push(Found::File(relative, entry));
            } else if file_type.is_dir() {
                self.list(&entry.path(), &relative, top, found);
            } else if file_type.is_symlink() {
                found.push(linked(relative, &entry.path(), top));
            }
        }
    }
}

/// Whether a walk lists a file without reading it: an image under `content/` (a photo
/// beside the story that uses it).
pub fn is_listed_only(rel: &Path) -> bool {
    rel.starts_with("content") && crate::images::is_image_name(&rel.to_string_lossy())
}

/// A photo a document names, as found on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoMeta {
    /// Proves the file unchanged since the stamp was taken (`None`: read it again).
    pub stamp: Option<Stamp>,
    pub len: u64,
}

impl Source {
    /// The photo at `rel` (under `content/` or `static/`): `Ok(None)` when there is no
    /// regular file there, an error when it is a symbolic link out of its folder.
    pub fn photo_meta(&self, rel: &Path) -> Result<Option<PhotoMeta>, String> {
        if self.options.fail_reads.contains(rel) {
            return Err("toegang geweigerd (gesimuleerd)".to_string());
        }
        let full = self.root.join(rel);
        let meta = match fs::symlink_metadata(&full) {
            Ok(meta) => meta,
            Err(_) => return Ok(None),
        };
        let meta = if meta.file_type().is_symlink() {
            let top = rel.components().next().map(|c| self.canonical_root.join(c));
            match (fs::canonicalize(&full), top) {
                (Ok(target), Some(top)) if target.starts_with(&top) => {
                    fs::metadata(&target).map_err(|e| e.to_string())?
                }
                _ => {
                    return Err(
                        "een symbolische link naar een bestand buiten zijn eigen map".into(),
                    );
                }
            }
        } else {
            meta
        };
        if !meta.is_file() {
            return Ok(None);
        }
        Ok(Some(PhotoMeta {
            stamp: Stamp::of(&meta),
            len: meta.len(),
        }))
    }

    /// A photo's bytes (after [`Source::photo_meta`] found it).
    pub fn read_photo(&self, rel: &Path) -> Result<Vec<u8>, String> {
        if self.options.fail_reads.contains(rel) {
            return Err("toegang geweigerd (gesimuleerd)".to_string());
        }
        fs::read(self.root.join(rel)).map_err(|e| e.to_string())
    }
}

/// A file verteller keeps for itself in the site root (`check --extern`'s cache,
/// `rel` relative to the root): its bytes, `Ok(None)` when there is none yet, `Err`
/// with the reason when it cannot be read.
pub fn read_kept(root: &Path, rel: &Path) -> Result<Option<Vec<u8>>, String> {
    match fs::read(root.join(rel)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// Whether a reported path that the listing does not hold differs only in case (or
/// Unicode normalisation) from a listed or another reported path in the same folder:
/// `Buurt.md` renamed to `buurt.md`. Where the file system ignores case (Windows, macOS
/// by default) both names stat as the one file, so the report cannot tell whether the
/// folder holds one file or two; a walk reads the names the folder really has.
fn renamed_in_case_only(listing: &[PathBuf], fresh: &[PathBuf]) -> bool {
    use unicode_normalization::UnicodeNormalization as _;
    let folded = |path: &Path| -> String {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        name.nfc().flat_map(char::to_lowercase).collect()
    };
    fresh
        .iter()
        .filter(|new| listing.binary_search(new).is_err())
        .any(|new| {
            let key = folded(new);
            listing
                .iter()
                .chain(fresh)
                .filter(|other| *other != new && other.parent() == new.parent())
                .any(|other| folded(other) == key)
        })
}

/// The site root with symbolic links resolved, as the file watcher's events name paths
/// (the root as given when it cannot be resolved).
pub fn canonical(root: &Path) -> PathBuf {
    fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Which large files [`Source::tree_streaming`] leaves unread (by path).
pub type Streamed<'a> = &'a (dyn Fn(&Path) -> bool + Sync);

/// How much of a large file [`Source::tree_streaming`] reads.
pub const HEAD: u64 = 256 * 1024;

impl Source {
    /// The first [`HEAD`] bytes of a large file of `len` bytes.
    fn head(&self, rel: &Path, len: u64) -> SourceFile {
        use std::io::Read as _;
        if self.options.fail_reads.contains(rel) {
            return SourceFile::failed(rel, "toegang geweigerd (gesimuleerd)".to_string());
        }
        let mut bytes = Vec::new();
        let read =
            fs::File::open(self.root.join(rel)).and_then(|f| f.take(HEAD).read_to_end(&mut bytes));
        match read {
            Ok(_) => SourceFile {
                large: Some(len),
                ..SourceFile::read(rel, bytes, None)
            },
            Err(e) => SourceFile::failed(rel, e.to_string()),
        }
    }
}

/// A symbolic link met by the walk of the source folder `top` (canonical): followed only
/// to a file inside that same folder (`static/` → `static/`), so a link cannot publish
/// `.git/config` or a file from a home folder, nor put it into a template. A link to a
/// folder is not followed (it would publish the same files twice, or loop) and says so.
fn linked(relative: PathBuf, path: &Path, top: &Path) -> Found {
    let folder = top
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let refuse = |why: String| Found::Failed(SourceFile::failed(&relative, why));
    match fs::canonicalize(path) {
        Ok(target) if target.is_dir() => refuse(format!(
            "symbolische link naar een map (`{}`) wordt niet gevolgd; kopieer de bestanden in de map zelf",
            shown(&target)
        )),
        Ok(target) if target.starts_with(top) && target.is_file() => Found::Linked(relative),
        Ok(target) => refuse(format!(
            "symbolische link wijst buiten de map `{folder}/` (naar `{}`); kopieer het bestand in de map zelf",
            shown(&target)
        )),
        Err(e) => refuse(format!("symbolische link wijst naar niets ({e})")),
    }
}

/// What the walk found at one path.
// On Windows and macOS a `DirEntry` holds the whole directory record (about 600 and
// 1,000 bytes: the name in a fixed array); the list lives only for one walk (10 MB at
// 10,000 files), and boxing each entry would cost every platform an allocation per file.
#[cfg_attr(not(target_os = "linux"), allow(clippy::large_enum_variant))]
enum Found {
    /// A regular file, with its directory entry (to stat it cheaply).
    File(PathBuf, fs::DirEntry),
    /// A symlink to a file inside the site: stat'ed and read through the link.
    Linked(PathBuf),
    /// Could not be listed or points outside the site.
    Failed(SourceFile),
}

/// Hidden files, editors' swap and backup files: never content.
pub fn is_ignored_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".buurt.md.swp",
            "buurt.md~",
            "#buurt.md#",
            ".DS_Store",
            "x.tmp",
        ] {
            assert!(is_ignored_name(std::ffi::OsStr::new(name)), "{name}");
        }
        assert!(!is_ignored_name(std::ffi::OsStr::new("buurt.md")));
    }

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn a_rename_in_case_only_is_told_apart() {
        let listing = paths(&[
            "content/verhalen/Buurt.md",
            "content/verhalen/Café.md",
            "content/verhalen/zon.md",
        ]);
        // Windows and macOS report the old and the new name; either may come alone.
        for reported in [
            &["content/verhalen/Buurt.md", "content/verhalen/buurt.md"][..],
            &["content/verhalen/buurt.md"],
            &["content/verhalen/BUURT.md"],
            // NFD (macOS) against NFC: the same name to a file system that folds both.
            &["content/verhalen/cafe\u{301}.md"],
        ] {
            assert!(
                renamed_in_case_only(&listing, &paths(reported)),
                "{reported:?}"
            );
        }
        for reported in [
            &["content/verhalen/Buurt.md"][..],
            &["content/verhalen/nieuw.md"],
            // The same name in another folder is another file.
            &["content/agenda/buurt.md"],
            &["content/verhalen/zon.md", "content/verhalen/maan.md"],
        ] {
            assert!(
                !renamed_in_case_only(&listing, &paths(reported)),
                "{reported:?}"
            );
        }
        // Two new names that are twins to each other.
        assert!(renamed_in_case_only(
            &[],
            &paths(&["content/a/Nieuw.md", "content/a/nieuw.md"])
        ));
    }

    /// The rename itself on this machine: the report names both, and the refresh hands
    /// the decision to a walk, which sees the one file under the name the folder holds
    /// (its new name; wine, which runs these tests for Windows, leaves a rename in case
    /// only undone).
    #[test]
    fn a_refresh_after_a_rename_in_case_only_walks() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("content/verhalen");
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("Buurt.md"), "---\ntitle: x\n---\n").unwrap();
        let source = Source::new(dir.path(), SourceOptions::default()).unwrap();
        let content = Path::new("content");
        let listing: Vec<PathBuf> = source.tree(content).into_iter().map(|f| f.path).collect();
        assert_eq!(listing, paths(&["content/verhalen/Buurt.md"]));
        fs::rename(folder.join("Buurt.md"), folder.join("buurt.md")).unwrap();
        let reported = paths(&["content/verhalen/Buurt.md", "content/verhalen/buurt.md"]);
        let never = |_: &Path, _: Stamp| false;
        assert!(
            source
                .refresh(content, &listing, &reported, &never)
                .is_none()
        );
        let walked: Vec<PathBuf> = source.tree(content).into_iter().map(|f| f.path).collect();
        let held: Vec<PathBuf> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| Path::new("content/verhalen").join(e.unwrap().file_name()))
            .collect();
        assert_eq!(walked, held);
        #[cfg(not(windows))]
        assert_eq!(walked, paths(&["content/verhalen/buurt.md"]));
    }
}
