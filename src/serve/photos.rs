//! Serve's photo encoder: a thread of its own makes the variants a rebuild found
//! missing, so a save never waits for a photo to be encoded. Until they exist, the
//! page shows the photo itself under its variants' names; once a photo is done, the
//! encoder reports its source file as changed and the rebuild that follows serves the
//! variants (and the browser reloads).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

use crate::photos::Pending;
use crate::source::{Source, SourceOptions};
use crate::watch::FsEvent;

/// How often a long run of encoding lets the pages catch up.
const TELL_EVERY: Duration = Duration::from_secs(2);

/// Starts the encoder; returns where to send the photos each build left pending.
/// `rebuild` is the watch loop's queue, `root` the site's root (absolute).
pub fn spawn(
    root: PathBuf,
    source_options: SourceOptions,
    rebuild: Sender<Vec<FsEvent>>,
) -> Sender<Vec<Pending>> {
    let (tx, rx) = mpsc::channel::<Vec<Pending>>();
    std::thread::spawn(move || {
        let Ok(source) = Source::new(&root, source_options) else {
            return;
        };
        // Keys already encoded (or found undecodable): a photo is encoded once.
        let mut done = BTreeSet::new();
        while let Ok(mut batch) = rx.recv() {
            while let Ok(more) = rx.try_recv() {
                batch.extend(more);
            }
            let mut changed = Vec::new();
            let mut told = Instant::now();
            let count = batch.len();
            for (n, pending) in batch.into_iter().enumerate() {
                if done.insert(pending.photo.key) {
                    if let Err(e) = crate::photos::encode_pending(&source, &root, &pending) {
                        eprintln!("foto {}: {e:#}", pending.photo.source);
                    }
                    changed.push(root.join(&pending.photo.source));
                }
                // Many photos (the first serve of a site): the pages catch up every
                // few seconds rather than once at the end, or after every photo.
                let last = n + 1 == count;
                if !changed.is_empty() && (last || told.elapsed() >= TELL_EVERY) {
                    let event = FsEvent {
                        access: false,
                        rescan: false,
                        paths: std::mem::take(&mut changed),
                    };
                    if rebuild.send(vec![event]).is_err() {
                        return;
                    }
                    told = Instant::now();
                }
            }
        }
    });
    tx
}
