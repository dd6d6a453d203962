//! The photo cache's layout and its index, as text. Encoded variants live in
//! `.verteller-cache/images/<key>/` (outside the output, git-ignored, safe to delete),
//! where the key is the fingerprint of the photo's bytes, the settings and the encoder
//! version; a folder is complete once its `klaar` marker is there. The index remembers,
//! per source path, the file's stamp (size, inode, times), the fingerprint of its bytes
//! and its header, so a rebuild with unchanged photos does not even read them.
//! `source` reads these files and `output` writes them; this module only names and
//! parses them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::plan::{ENCODER_VERSION, Settings};
use super::probe::{Format, Probe};

/// The cache folder, relative to the site root.
pub const FOLDER: &str = ".verteller-cache/images";
/// The index file in it.
pub const INDEX: &str = ".verteller-cache/images/index.tsv";
/// The file written last into a photo's folder.
pub const DONE: &str = "klaar";
/// Written instead when the photo could not be decoded: what went wrong.
pub const FAILED: &str = "fout.txt";

/// What the index knows of one source photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The file's stamp when it was read, as text (`source::Stamp::token`).
    pub stamp: u64,
    /// Fingerprint of its bytes.
    pub content: u64,
    pub probe: Probe,
}

/// Source path (relative to the site root, `/`-separated) → what is known of it.
pub type Index = BTreeMap<String, Entry>;

/// The key of a photo's variants: its bytes, the settings and the encoder.
pub fn key(content: u64, settings: &Settings) -> u64 {
    crate::fingerprint::of((content, settings, ENCODER_VERSION))
}

/// A photo's cache folder, relative to the site root.
pub fn folder(key: u64) -> PathBuf {
    PathBuf::from(format!("{FOLDER}/{key:016x}"))
}

/// The index as text: a header line, then one tab-separated line per photo.
pub fn write_index(index: &Index) -> Vec<u8> {
    let mut out = String::from("# verteller photo cache index v1\n");
    for (path, e) in index {
        let p = e.probe;
        out.push_str(&format!(
            "{path}\t{:016x}\t{:016x}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            e.stamp,
            e.content,
            p.format.token(),
            p.width,
            p.height,
            p.orientation,
            u8::from(p.alpha),
            u8::from(p.gps),
        ));
    }
    out.into_bytes()
}

/// The index read back; lines it cannot read are left out (the photo is read again).
pub fn read_index(bytes: &[u8]) -> Index {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Index::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some("# verteller photo cache index v1") {
        return Index::new();
    }
    lines.filter_map(entry).collect()
}

fn entry(line: &str) -> Option<(String, Entry)> {
    let f: Vec<&str> = line.split('\t').collect();
    let [
        path,
        stamp,
        content,
        format,
        width,
        height,
        orientation,
        alpha,
        gps,
    ] = f[..]
    else {
        return None;
    };
    let flag = |s: &str| match s {
        "0" => Some(false),
        "1" => Some(true),
        _ => None,
    };
    Some((
        path.to_string(),
        Entry {
            stamp: u64::from_str_radix(stamp, 16).ok()?,
            content: u64::from_str_radix(content, 16).ok()?,
            probe: Probe {
                format: Format::from_token(format)?,
                width: width.parse().ok()?,
                height: height.parse().ok()?,
                orientation: orientation.parse().ok().filter(|o| (1..=8).contains(o))?,
                alpha: flag(alpha)?,
                gps: flag(gps)?,
            },
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_reads_back_and_skips_what_it_cannot_read() {
        let mut index = Index::new();
        index.insert(
            "content/verhalen/foto.jpg".into(),
            Entry {
                stamp: 7,
                content: 0xabc,
                probe: Probe {
                    format: Format::Jpeg,
                    width: 4000,
                    height: 3000,
                    orientation: 6,
                    alpha: false,
                    gps: true,
                },
            },
        );
        let text = write_index(&index);
        assert_eq!(read_index(&text), index);
        let mut broken = text.clone();
        broken.extend_from_slice(b"half\tline\n");
        assert_eq!(read_index(&broken), index);
        assert!(read_index(b"something else\n").is_empty());
    }
}
