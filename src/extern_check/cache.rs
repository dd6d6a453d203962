//! The results of earlier external link checks, with the time each was found, so a
//! daily CI job does not ask a partner's server the same question every day. A good
//! result (an answer 2xx, perhaps after redirects) is used again until it is older than
//! the maximum age; anything else is asked again on every run, because a fault on the
//! other side may have passed.
//!
//! The file is JSON (`CACHE_FILE`), read by `source` and written by `output`; this
//! module only turns it into values and back. A file it cannot read is the caller's
//! warning, never a failed check.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Checked;

/// The cache file's format; another version is read as an empty cache.
const VERSION: u32 = 1;

/// Results by URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cache {
    links: BTreeMap<String, Entry>,
}

/// One URL's result and when it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// Seconds since 1970.
    checked: u64,
    result: Checked,
}

/// The file as written.
#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    links: BTreeMap<String, Entry>,
}

/// Why a cache file was not used: the JSON reader's words, with line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

impl Cache {
    /// The cache in `text`. A file of another version is an empty cache (a newer or
    /// older verteller wrote it); a file that is no cache at all is [`Unreadable`].
    pub fn parse(text: &str) -> Result<Cache, Unreadable> {
        #[derive(Deserialize)]
        struct Head {
            version: u32,
        }
        let head: Head = serde_json::from_str(text).map_err(|e| Unreadable(e.to_string()))?;
        if head.version != VERSION {
            return Ok(Cache::default());
        }
        let file: File = serde_json::from_str(text).map_err(|e| Unreadable(e.to_string()))?;
        Ok(Cache { links: file.links })
    }

    /// The cache as its file holds it (sorted by URL, so a diff shows what changed).
    pub fn to_json(&self) -> String {
        let file = File {
            version: VERSION,
            links: self.links.clone(),
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }

    /// A good result for `url` found less than `max_age` seconds before `now`. A time
    /// after `now` (a clock set back, a file from elsewhere) is not trusted.
    pub fn fresh(&self, url: &str, now: u64, max_age: u64) -> Option<&Checked> {
        let entry = self.links.get(url)?;
        let age = now.checked_sub(entry.checked)?;
        (age < max_age && entry.result.is_good()).then_some(&entry.result)
    }

    pub fn insert(&mut self, url: &str, checked: u64, result: Checked) {
        self.links
            .insert(url.to_string(), Entry { checked, result });
    }

    /// Keeps `url`'s entry of `other` as it is (with its own time).
    pub fn keep_from(&mut self, other: &Cache, url: &str) {
        if let Some(entry) = other.links.get(url) {
            self.links.insert(url.to_string(), entry.clone());
        }
    }

    pub fn len(&self) -> usize {
        self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extern_check::{Failure, Hop};

    fn ok() -> Checked {
        Checked {
            status: Some(200),
            redirects: vec![Hop {
                status: 301,
                to: "https://b.example/".into(),
            }],
            failure: None,
        }
    }

    #[test]
    fn good_results_are_fresh_until_their_age_and_failures_never() {
        let mut cache = Cache::default();
        cache.insert("https://a.example/", 1_000, ok());
        let dead = Checked {
            status: Some(404),
            redirects: Vec::new(),
            failure: None,
        };
        cache.insert("https://dood.example/", 1_000, dead);
        let timeout = Checked {
            status: None,
            redirects: Vec::new(),
            failure: Some(Failure::Timeout),
        };
        cache.insert("https://traag.example/", 1_000, timeout);
        assert_eq!(cache.fresh("https://a.example/", 1_500, 600), Some(&ok()));
        assert_eq!(cache.fresh("https://a.example/", 1_600, 600), None);
        assert_eq!(cache.fresh("https://a.example/", 999, 600), None);
        assert_eq!(cache.fresh("https://dood.example/", 1_001, 600), None);
        assert_eq!(cache.fresh("https://traag.example/", 1_001, 600), None);
        assert_eq!(cache.fresh("https://elders.example/", 1_001, 600), None);
    }

    #[test]
    fn the_file_reads_back_and_other_files_do_not() {
        let mut cache = Cache::default();
        cache.insert("https://a.example/", 1_000, ok());
        let text = cache.to_json();
        assert_eq!(Cache::parse(&text), Ok(cache));
        let other_version = text.replace("\"version\": 1", "\"version\": 99");
        assert_eq!(Cache::parse(&other_version), Ok(Cache::default()));
        for broken in [
            "",
            "{",
            "[]",
            "{\"version\": 1}",
            "{\"version\": 1, \"links\": 3}",
        ] {
            assert!(Cache::parse(broken).is_err(), "{broken:?}");
        }
        let truncated = &text[..text.len() / 2];
        let Err(Unreadable(detail)) = Cache::parse(truncated) else {
            panic!("a truncated file is no cache");
        };
        assert!(detail.contains("line"), "{detail}");
    }
}
