//! Which file-system changes matter to `serve`, and the watcher that reports them.
//!
//! [`classify`] is pure and unit-tested: it drops access events (merely serving a file
//! raises them on Linux), editors' temporary, swap and backup files, the output
//! directory, `.git` and `target`, and tells a stylesheet-only change apart (the browser
//! swaps CSS without reloading).

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// The running watcher; keep it alive as long as events are wanted.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching source folders that appeared since (a new `static/`, say).
    pub fn watch_new_folders(&mut self) {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.push(path);
            }
        }
    }
}

const SOURCE_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];

/// A change event reduced to what classification needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsEvent {
    pub access: bool,
    /// The watcher lost events (its queue overflowed, or it failed): anything may have
    /// changed.
    pub rescan: bool,
    pub paths: Vec<PathBuf>,
}

/// What a batch of events means for the site.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Change {
    /// Something the build reads changed.
    pub relevant: bool,
    /// Only stylesheets changed.
    pub css_only: bool,
    /// Every path under `content/` the events name, relative to the root (editors'
    /// temporary files too: whether the walk would see one is `source`'s business);
    /// `None` when the events cannot tell (lost events).
    pub content: Option<Vec<PathBuf>>,
}

/// Editors' temporary, swap and backup files (vim, emacs, JetBrains, VS Code, GNOME).
pub fn is_editor_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913"
}

/// Classifies a batch of events for a site at `root` whose output lives at `output`.
pub fn classify(root: &Path, output: &Path, events: &[FsEvent]) -> Change {
    let mut change = Change {
        relevant: false,
        css_only: true,
        content: Some(Vec::new()),
    };
    // A checkout reports thousands of paths: dedup by set, not by scanning the list.
    let mut seen = std::collections::HashSet::new();
    for event in events.iter().filter(|e| !e.access) {
        if event.rescan || event.paths.is_empty() {
            change.relevant = true;
            change.css_only = false;
            change.content = None;
        }
        for path in &event.paths {
            let rel = path.strip_prefix(root).unwrap_or(path);
            if path.starts_with(output) || rel.starts_with(output) {
                continue;
            }
            if let (Some(content), true) = (&mut change.content, rel.starts_with("content"))
                && seen.insert(rel)
            {
                content.push(rel.to_path_buf());
            }
            let name = rel
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if is_editor_temp(&name)
                || rel
                    .components()
                    .any(|c| is_editor_temp(&c.as_os_str().to_string_lossy()))
            {
                continue;
            }
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            let watched = match first.as_deref() {
                Some("content" | "themes" | "templates" | "static") => true,
                Some("site.toml") => rel.components().count() == 1,
                _ => false,
            };
            if !watched {
                continue;
            }
            change.relevant = true;
            let is_css =
                rel.extension().is_some_and(|e| e == "css") && first.as_deref() != Some("content");
            if !is_css {
                change.css_only = false;
            }
        }
    }
    if !change.relevant {
        change.css_only = false;
    }
    change
}

/// Watches the site's sources; each debounced batch goes to `tx`.
pub fn watch(root: &Path, debounce: Duration, tx: Sender<Vec<FsEvent>>) -> anyhow::Result<Watcher> {
    let debouncer = new_debouncer(debounce, None, move |result: DebounceEventResult| {
        let batch: Vec<FsEvent> = match result {
            Ok(events) => events
                .into_iter()
                .map(|e| FsEvent {
                    access: matches!(e.event.kind, EventKind::Access(_)),
                    rescan: e.event.need_rescan(),
                    paths: e.event.paths.clone(),
                })
                .collect(),
            // Events were lost: rebuild from a full walk.
            Err(_) => vec![FsEvent {
                access: false,
                rescan: true,
                paths: Vec::new(),
            }],
        };
        let _ = tx.send(batch);
    })?;
    let mut watcher = Watcher {
        debouncer,
        root: root.to_path_buf(),
        watched: Vec::new(),
    };
    watcher.watch_new_folders();
    // site.toml, and new source folders, appear in the root itself.
    watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(paths: &[&str]) -> FsEvent {
        FsEvent {
            access: false,
            rescan: false,
            paths: paths
                .iter()
                .map(|p| PathBuf::from("/site").join(p))
                .collect(),
        }
    }

    fn run(events: &[FsEvent]) -> Change {
        classify(Path::new("/site"), Path::new("/site/public"), events)
    }

    #[test]
    fn content_changes_are_relevant() {
        assert_eq!(
            run(&[ev(&["content/verhalen/a.md"])]),
            Change {
                relevant: true,
                css_only: false,
                content: Some(vec![PathBuf::from("content/verhalen/a.md")]),
            }
        );
        assert!(run(&[ev(&["site.toml"])]).relevant);
        assert!(run(&[ev(&["templates/story.html"])]).relevant);
    }

    #[test]
    fn noise_is_dropped() {
        let access = FsEvent {
            access: true,
            rescan: false,
            paths: vec![PathBuf::from("/site/content/a.md")],
        };
        assert!(!run(&[access]).relevant);
        for p in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/4913",
            "content/#a.md#",
            "content/.#a.md",
            "content/a.md___jb_tmp___",
            "public/index.html",
            "target/debug/x",
            ".git/index",
            "README.md",
        ] {
            assert!(!run(&[ev(&[p])]).relevant, "{p}");
        }
    }

    #[test]
    fn stylesheet_only_changes_swap_css() {
        assert_eq!(
            run(&[ev(&["static/css/extra.css"])]),
            Change {
                relevant: true,
                css_only: true,
                content: Some(Vec::new()),
            }
        );
        assert_eq!(
            run(&[
                ev(&["themes/gemeente/static/css/gemeente.css"]),
                ev(&["content/a.md"])
            ]),
            Change {
                relevant: true,
                css_only: false,
                content: Some(vec![PathBuf::from("content/a.md")]),
            }
        );
    }

    /// `Buurt.md` renamed to `buurt.md`, as each platform's watcher reports it: inotify
    /// (Linux) a moved-from and a moved-to event, which the debouncer joins into one event
    /// with both paths; ReadDirectoryChangesW (Windows) an old-name and a new-name event;
    /// FSEvents (macOS) one renamed event per path, the new one sometimes alone. Every
    /// sequence is relevant and names every path it reported, so the rebuild looks at
    /// both names (`source::Source::refresh` walks the folder when they differ in case
    /// only).
    #[test]
    fn a_rename_in_case_only_names_both_paths() {
        let (old, new) = ("content/verhalen/Buurt.md", "content/verhalen/buurt.md");
        for events in [
            vec![ev(&[old, new])],
            vec![ev(&[old]), ev(&[new])],
            vec![ev(&[new]), ev(&[old]), ev(&[new])],
        ] {
            let change = run(&events);
            assert!(change.relevant && !change.css_only, "{events:?}");
            let mut content = change.content.expect("paths known");
            content.sort();
            assert_eq!(
                content,
                [PathBuf::from(old), PathBuf::from(new)],
                "{events:?}"
            );
        }
        let change = run(&[ev(&[new])]);
        assert_eq!(change.content, Some(vec![PathBuf::from(new)]));
    }

    #[test]
    fn content_paths_are_reported_once_each_and_lost_events_mean_unknown() {
        let change = run(&[
            ev(&["content/a.md", "content/.a.md.swp"]),
            ev(&["content/a.md", "templates/story.html"]),
        ]);
        assert_eq!(
            change.content,
            Some(vec![
                PathBuf::from("content/a.md"),
                PathBuf::from("content/.a.md.swp")
            ])
        );
        let lost = FsEvent {
            access: false,
            rescan: true,
            paths: Vec::new(),
        };
        let change = run(&[ev(&["content/a.md"]), lost]);
        assert!(change.relevant && !change.css_only);
        assert_eq!(change.content, None);
    }
}
