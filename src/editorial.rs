//! Warnings about the site's texts as a whole, which no single file's parse can see:
//! two documents with one title, and — before `build` publishes — what `init` wrote that
//! is not the site's own yet (an example `base_url`, documents marked `sample: true`).
//! Computed from the resolved site on every build, so serve's reuse of the graph never
//! hides them.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Severity, diagnostic};
use crate::fingerprint::FastMap;
use crate::messages::Msg;
use crate::model::{Document, Kind};
use crate::resolve::Site;

/// What `init` wrote that is not the site's own yet: a `base_url` on an example domain
/// (`voorbeeld.nl`, `example.org`), documents marked `sample: true`.
pub fn placeholders(
    config: &Config,
    site: &Site,
    texts: &HashMap<PathBuf, String>,
    diags: &mut Diagnostics,
) {
    let lang = config.language;
    if is_placeholder_url(&config.base_url) {
        let toml = std::path::Path::new(crate::config::CONFIG_FILE);
        let text = texts.get(toml).map_or("", String::as_str);
        let at = crate::config::locate_key(text, None, "base_url");
        let url = config.base_url.clone();
        diags.push(diagnostic(
            lang,
            Severity::Warning,
            toml,
            at,
            Msg::PlaceholderBaseUrl { url },
        ));
    }
    for d in &site.docs {
        if let Some(at) = d.common.sample {
            diags.push(diagnostic(
                lang,
                Severity::Warning,
                &d.source_path,
                at,
                Msg::SampleDocument,
            ));
        }
    }
}

/// Whether a URL's host is one of the example domains (`voorbeeld.nl`, `example.com`,
/// `.org`, `.net`, and their subdomains).
pub fn is_placeholder_url(url: &str) -> bool {
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    ["voorbeeld.nl", "example.com", "example.org", "example.net"]
        .iter()
        .any(|domain| host == *domain || host.ends_with(&format!(".{domain}")))
}

/// Two documents of one kind with the same title: a warning on the later one (in site
/// order), as readers cannot tell them apart in lists and search results.
pub fn duplicate_titles(config: &Config, site: &Site, diags: &mut Diagnostics) {
    // Keyed by a hash of the title in lower case, not by a lower-cased copy: this runs on
    // every serve rebuild, and copying 10,000 titles twice cost 5 ms of a story edit.
    let mut seen: FastMap<(Kind, u64), &Document> =
        FastMap::with_capacity_and_hasher(site.docs.len(), Default::default());
    let mut folded = String::new();
    for d in &site.docs {
        let title = d.common.title.trim();
        if title.is_empty() {
            continue;
        }
        let key = (d.kind, folded_hash(title, &mut folded));
        match seen.get(&key) {
            Some(first) if same_title(first.common.title.trim(), title) => diags.push(diagnostic(
                config.language,
                Severity::Warning,
                &d.source_path,
                d.common.title_position,
                Msg::DuplicateTitle {
                    title: d.common.title.clone(),
                    other: crate::diagnostics::shown(&first.source_path),
                },
            )),
            Some(_) => {} // two titles with one hash: too rare to matter
            None => {
                seen.insert(key, d);
            }
        }
    }
}

/// A hash of `title` in lower case (`folded` is a buffer kept between calls).
fn folded_hash(title: &str, folded: &mut String) -> u64 {
    folded.clear();
    if title.is_ascii() {
        folded.push_str(title);
        folded.make_ascii_lowercase();
    } else {
        folded.extend(title.chars().flat_map(char::to_lowercase));
    }
    crate::fingerprint::of(folded.as_str())
}

/// Whether two titles are the same but for case.
fn same_title(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::{folded_hash, is_placeholder_url, same_title};

    #[test]
    fn titles_are_the_same_but_for_case() {
        assert!(same_title("Een Buurtkamer", "een buurtkamer"));
        let mut buffer = String::new();
        let a = folded_hash("Één loket", &mut buffer);
        assert_eq!(a, folded_hash("één LOKET", &mut buffer));
        assert_eq!(
            folded_hash("Buurt", &mut buffer),
            folded_hash("bUURT", &mut buffer)
        );
        assert!(!same_title("Een buurtkamer", "Een buurtkamer (2)"));
    }

    #[test]
    fn example_domains_are_placeholders() {
        assert!(is_placeholder_url("https://verhaal.voorbeeld.nl/"));
        assert!(is_placeholder_url("https://example.org/verhaal/"));
        assert!(is_placeholder_url("http://www.example.com:8080/"));
        assert!(!is_placeholder_url("https://verhaal.zuidwold.nl/"));
        assert!(!is_placeholder_url("https://notexample.org/"));
        assert!(!is_placeholder_url("https://voorbeeld.nl.evil.test/"));
    }
}
