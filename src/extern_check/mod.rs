//! `verteller check --extern`: the links of the output to other sites, checked over
//! HTTP(S). Opt-in and never part of `build`: a build must not depend on whether
//! someone else's server answers today.
//!
//! Why its own module: the output link check (`link_check`) knows every local file and
//! id and is pure; this one asks the network. Its parts: the external URLs of one page,
//! read with `html_policy`'s tokenizer ([`collect`]); the requests, on plain threads
//! with a global and a per-host limit (`http`); the results kept with their age in a
//! cache file outside the output ([`cache`]); the JSON report and the diagnostics
//! ([`report`]). Where each URL was written (content file, template, static file) is
//! found by `publish`, which knows the site; reading and writing the cache file is
//! `source`'s and `output`'s business.

pub mod cache;
pub mod collect;
mod http;
pub mod report;

use std::path::PathBuf;
use std::time::Duration;

pub use cache::Cache;
pub use http::{Checked, Failure, Hop};

/// The cache file, relative to the site root (git-ignored by `init`'s `.gitignore`).
pub const CACHE_FILE: &str = ".verteller-cache/extern-links.json";

/// One place an external URL is written: the file editors or the web team change, the
/// line and column there, the template when a template wrote it, and the pages it
/// shows on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    /// Relative to the site root: `content/verhalen/x.md`, `templates/base.html`,
    /// `static/x.html`, `site.toml`; the output file when nothing else is known.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The template's name when the URL is written in one.
    pub template: Option<String>,
    /// The first page (as visitors see it: `/verhalen/x/`) with the URL from here.
    pub page: String,
    /// How many pages have it from here.
    pub pages: usize,
}

/// One external URL of the output (as requested: without its `#fragment`), with every
/// place it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    /// Sorted; at least one.
    pub from: Vec<Origin>,
}

/// How the check asks: time per request, how many requests at once to one host and in
/// all, and the User-Agent.
#[derive(Debug, Clone)]
pub struct Settings {
    /// For each request, from connecting to the answer's headers.
    pub timeout: Duration,
    /// Requests at once to one host (by name, any port).
    pub per_host: usize,
    /// Requests at once in all.
    pub jobs: usize,
    pub user_agent: String,
}

/// The default time per request.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 10;
/// The default number of requests at once to one host.
pub const DEFAULT_PER_HOST: usize = 2;
/// Requests at once in all.
pub const JOBS: usize = 8;
/// The default age (in days) of a good result that is used again without asking.
pub const DEFAULT_MAX_AGE_DAYS: u64 = 7;

/// `verteller/0.1.0 (…)`: who asks, so the other side's web team can tell.
pub fn user_agent() -> String {
    format!(
        "verteller/{} (linkcontrole van een statische site; check --extern)",
        env!("CARGO_PKG_VERSION")
    )
}

/// What became of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// `[check] extern_skip` names its host or a prefix of it: not requested.
    Skipped,
    /// Requested now (`cached: false`) or taken from the cache.
    Checked { result: Checked, cached: bool },
}

/// One URL's outcome, in the order of the links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub url: String,
    pub state: State,
}

/// What a run of the check needs besides the links.
pub struct Run<'a> {
    /// `[check] extern_skip`.
    pub skip: &'a [String],
    /// The results of earlier runs.
    pub cache: &'a Cache,
    /// Seconds since 1970 (the cache's clock; never in the output).
    pub now: u64,
    /// How long a good result is used again, in seconds.
    pub max_age: u64,
    pub settings: &'a Settings,
}

/// Checks every link: skipped ones are not asked, good results younger than the
/// maximum age come from the cache, the rest are requested. Returns the outcomes (in
/// the order of `links`) and the cache to keep.
pub fn run(links: &[Link], run: &Run<'_>) -> (Vec<Outcome>, Cache) {
    let mut to_ask = Vec::new();
    let mut states: Vec<Option<State>> = Vec::with_capacity(links.len());
    for link in links {
        if skipped(&link.url, run.skip) {
            states.push(Some(State::Skipped));
        } else if let Some(result) = run.cache.fresh(&link.url, run.now, run.max_age) {
            states.push(Some(State::Checked {
                result: result.clone(),
                cached: true,
            }));
        } else {
            to_ask.push(states.len());
            states.push(None);
        }
    }
    let urls: Vec<&str> = to_ask.iter().map(|&i| links[i].url.as_str()).collect();
    let mut answers = http::check_all(&urls, run.settings);
    if offline(&answers, &states, links, run.settings) {
        for answer in &mut answers {
            if answer.failure.as_ref().is_some_and(Failure::may_be_offline) {
                answer.failure = Some(Failure::NoNetwork);
            }
        }
    }
    let mut kept = Cache::default();
    for (&i, result) in to_ask.iter().zip(answers) {
        kept.insert(&links[i].url, run.now, result.clone());
        states[i] = Some(State::Checked {
            result,
            cached: false,
        });
    }
    let outcomes: Vec<Outcome> = links
        .iter()
        .zip(states)
        .map(|(link, state)| Outcome {
            url: link.url.clone(),
            state: state.unwrap_or(State::Skipped),
        })
        .collect();
    // Results taken from the cache keep their own age.
    for outcome in &outcomes {
        if let State::Checked { cached: true, .. } = outcome.state {
            kept.keep_from(run.cache, &outcome.url);
        }
    }
    (outcomes, kept)
}

/// Whether this machine seems to have no network: names were not found or connections
/// refused, and no site answered. A host that does not exist is only a dead link when
/// some other site can be reached: then one good link from the cache is asked again as
/// a witness (a machine without network often answers "no such name" for every name).
fn offline(
    answers: &[Checked],
    states: &[Option<State>],
    links: &[Link],
    settings: &Settings,
) -> bool {
    let suspect = answers
        .iter()
        .any(|a| a.failure.as_ref().is_some_and(Failure::may_be_offline));
    // An answer, or a redirect on the way to a failure, shows the network works.
    let answered = |a: &Checked| a.status.is_some() || !a.redirects.is_empty();
    if !suspect || answers.iter().any(answered) {
        return false;
    }
    let witness = states
        .iter()
        .zip(links)
        .find_map(|(state, link)| match state {
            Some(State::Checked { cached: true, .. }) => Some(link.url.as_str()),
            _ => None,
        });
    match witness {
        Some(url) => http::check_all(&[url], settings)
            .first()
            .is_none_or(|w| w.status.is_none()),
        None => true,
    }
}

/// Whether `[check] extern_skip` names the URL: its host (or a parent domain of it),
/// or a URL prefix of it.
pub fn skipped(url: &str, skip: &[String]) -> bool {
    let host = host_of(url);
    skip.iter().any(|entry| {
        if entry.contains("://") {
            let (entry_lower, url_lower) = (lower_origin(entry.as_str()), lower_origin(url));
            url_lower.starts_with(&entry_lower)
        } else {
            let entry = entry.to_ascii_lowercase();
            host == entry
                || host
                    .strip_suffix(&entry)
                    .is_some_and(|rest| rest.ends_with('.'))
        }
    })
}

/// The host of an http(s) URL, lower case, without port or user.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or(authority)
    } else {
        authority.split(':').next().unwrap_or(authority)
    };
    host.to_ascii_lowercase()
}

/// The URL with its scheme and host in lower case (they are case-insensitive; the path
/// is not).
fn lower_origin(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    format!(
        "{}://{}{}",
        scheme.to_ascii_lowercase(),
        rest[..end].to_ascii_lowercase(),
        &rest[end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_entries_name_hosts_with_their_subdomains_or_url_prefixes() {
        let skip = vec![
            "overheid.nl".to_string(),
            "https://Example.org/intranet/".to_string(),
        ];
        assert!(skipped("https://wetten.overheid.nl/BWBR0005537/", &skip));
        assert!(skipped("http://overheid.nl:8080/", &skip));
        assert!(!skipped("https://nietoverheid.nl/", &skip));
        assert!(skipped("https://example.ORG/intranet/a", &skip));
        assert!(!skipped("https://example.org/Intranet/a", &skip));
        assert!(!skipped("https://example.org/", &skip));
    }

    #[test]
    fn hosts_are_read_without_user_port_or_path() {
        assert_eq!(host_of("https://a@Www.X.nl:8443/p?q"), "www.x.nl");
        assert_eq!(host_of("http://[::1]:8080/"), "[::1]");
        assert_eq!(host_of("https://x.nl"), "x.nl");
    }
}
