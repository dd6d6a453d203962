//! The requests of the external link check: ureq (blocking, rustls) on plain threads.
//!
//! Each URL is asked with HEAD first, and with GET when the server does not answer HEAD
//! well (a status from 400 up — many servers refuse HEAD with 403, 405 or 501 — or a
//! broken answer); a GET's body is never read. Redirects are followed here, one request
//! per hop, so each hop's status is known (a permanent redirect is reported with its
//! target; a chain that ends in 404 is a dead link). Each request has its own time
//! limit. At most [`Settings::per_host`] requests go to one host at once and at most
//! [`Settings::jobs`] in all: each host's URLs wait in their own queue, which that
//! many workers drain.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::Settings;

/// Redirects followed before a chain counts as endless.
const MAX_REDIRECTS: usize = 10;

/// What one URL's check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    /// The status of the last answer (after the redirects); `None` without an answer.
    pub status: Option<u16>,
    /// The redirects followed, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<Hop>,
    /// Why there is no answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<Failure>,
}

impl Checked {
    /// An answer 2xx (perhaps after redirects): worth keeping for a while.
    pub fn is_good(&self) -> bool {
        self.failure.is_none() && self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// Where the redirects ended, when there were any.
    pub fn final_url(&self) -> Option<&str> {
        self.redirects.last().map(|h| h.to.as_str())
    }

    fn failed(failure: Failure, redirects: Vec<Hop>) -> Checked {
        Checked {
            status: None,
            redirects,
            failure: Some(failure),
        }
    }
}

/// One redirect: its status and the URL it points to (made absolute).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub status: u16,
    pub to: String,
}

impl Hop {
    /// 301 and 308 say the page has moved for good.
    pub fn is_permanent(&self) -> bool {
        matches!(self.status, 301 | 308)
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum Failure {
    /// No answer within the time limit.
    Timeout,
    /// The host name does not exist.
    NoHost,
    /// The server refused the connection.
    Refused,
    /// The secure connection failed.
    Tls(String),
    /// The URL cannot be requested as written.
    Invalid,
    /// Redirects in a circle, or more than `MAX_REDIRECTS` (10).
    Loop,
    /// The proxy (from `HTTPS_PROXY`, …) could not be reached.
    Proxy,
    /// The name was not found or the connection refused, but no site at all answered
    /// this run: the machine may have no network (see `super::run`).
    NoNetwork,
    /// Anything else: a reset connection, a broken answer, the network itself.
    Broken(String),
}

impl Failure {
    /// Whether this failure may mean that this machine, not the link, has no network.
    pub fn may_be_offline(&self) -> bool {
        matches!(self, Failure::NoHost | Failure::Refused)
    }
}

/// Checks every URL (at most `settings.per_host` at once per host, `settings.jobs` in
/// all); the results in the order of `urls`.
pub fn check_all(urls: &[&str], settings: &Settings) -> Vec<Checked> {
    if urls.is_empty() {
        return Vec::new();
    }
    let proxy = ureq::Proxy::try_from_env();
    let agent = agent(settings, proxy.clone());
    // Each host's URLs in a queue of their own; the queues' lanes (per_host of each)
    // taken in turn, so the first hosts do not get every worker.
    let mut by_host: BTreeMap<String, VecDeque<usize>> = BTreeMap::new();
    for (i, url) in urls.iter().enumerate() {
        by_host.entry(super::host_of(url)).or_default().push_back(i);
    }
    let queues: Vec<Mutex<VecDeque<usize>>> = by_host.into_values().map(Mutex::new).collect();
    let per_host = settings.per_host.max(1);
    let mut lanes: VecDeque<usize> = VecDeque::new();
    for round in 0..per_host {
        for (q, queue) in queues.iter().enumerate() {
            if round < locked(queue).len() {
                lanes.push_back(q);
            }
        }
    }
    let workers = settings.jobs.max(1).min(lanes.len());
    let lanes = Mutex::new(lanes);
    let results: Mutex<Vec<Option<Checked>>> = Mutex::new(vec![None; urls.len()]);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    // (A statement of its own: the guard must not live through the
                    // loop's body, as it would in `while let`.)
                    let lane = locked(&lanes).pop_front();
                    let Some(lane) = lane else { break };
                    loop {
                        let next = locked(&queues[lane]).pop_front();
                        let Some(i) = next else { break };
                        let mut result = check_one(&agent, urls[i]);
                        if proxied(proxy.as_ref(), urls[i])
                            && result.failure.as_ref().is_some_and(Failure::may_be_offline)
                        {
                            // Through a proxy, that is the proxy's name or port.
                            result.failure = Some(Failure::Proxy);
                        }
                        locked(&results)[i] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Checked::failed(Failure::Broken("—".into()), Vec::new())))
        .collect()
}

/// A lock that a panicking worker does not poison for the others.
fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether a request for `url` goes through the proxy.
fn proxied(proxy: Option<&ureq::Proxy>, url: &str) -> bool {
    let Some(proxy) = proxy else {
        return false;
    };
    match request_form(url).parse::<ureq::http::Uri>() {
        Ok(uri) => !proxy.is_no_proxy(&uri),
        Err(_) => true,
    }
}

/// One client for the run: statuses as answers (not errors), no redirects followed by
/// ureq (we follow them, hop by hop), the time limit per request, the User-Agent;
/// the proxy from `ALL_PROXY`/`HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, as ureq reads them.
fn agent(settings: &Settings, proxy: Option<ureq::Proxy>) -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(proxy)
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(settings.timeout))
        .user_agent(settings.user_agent.as_str())
        .max_idle_connections_per_host(settings.per_host.max(1))
        .build()
        .into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Head,
    Get,
}

/// HEAD, then GET when HEAD was not answered well.
fn check_one(agent: &ureq::Agent, url: &str) -> Checked {
    let head = follow(agent, Method::Head, url);
    let retry = match (&head.failure, head.status) {
        (None, Some(status)) => status >= 400,
        (Some(Failure::Broken(_)), _) => true,
        _ => false,
    };
    if retry {
        follow(agent, Method::Get, url)
    } else {
        head
    }
}

/// One request per hop until an answer that is no redirect.
fn follow(agent: &ureq::Agent, method: Method, url: &str) -> Checked {
    let mut redirects: Vec<Hop> = Vec::new();
    let mut current = request_form(url);
    for _ in 0..=MAX_REDIRECTS {
        let answer = match method {
            Method::Head => agent.head(&current).call(),
            Method::Get => agent.get(&current).call(),
        };
        let response = match answer {
            Ok(response) => response,
            Err(e) => return Checked::failed(failure_of(&e), redirects),
        };
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        // The body is not read: dropping it closes the connection when it has one.
        drop(response);
        let next = match location {
            Some(location) if (300..400).contains(&status) => location,
            _ => {
                return Checked {
                    status: Some(status),
                    redirects,
                    failure: None,
                };
            }
        };
        let Some(next) = join(&current, next.trim()) else {
            return Checked::failed(Failure::Invalid, redirects);
        };
        let next = request_form(&next);
        let circle = next == request_form(url) || redirects.iter().any(|h| h.to == next);
        redirects.push(Hop {
            status,
            to: next.clone(),
        });
        if circle {
            return Checked::failed(Failure::Loop, redirects);
        }
        current = next;
    }
    Checked::failed(Failure::Loop, redirects)
}

/// What a failed request means for the link.
fn failure_of(e: &ureq::Error) -> Failure {
    use std::io::ErrorKind;
    match e {
        ureq::Error::Timeout(_) => Failure::Timeout,
        ureq::Error::HostNotFound => Failure::NoHost,
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => Failure::Invalid,
        ureq::Error::TooManyRedirects => Failure::Loop,
        ureq::Error::Tls(detail) => Failure::Tls((*detail).to_string()),
        ureq::Error::Rustls(e) => Failure::Tls(e.to_string()),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => Failure::Refused,
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Failure::Timeout,
            _ => {
                let text = io.to_string();
                // std's lookup error: a name that does not exist (getaddrinfo's
                // EAI_NONAME / EAI_NODATA) is a dead link; a lookup that could not be
                // done (no network, EAI_AGAIN) is not.
                if text.contains("not known") || text.contains("No address associated") {
                    Failure::NoHost
                } else {
                    Failure::Broken(text)
                }
            }
        },
        other => Failure::Broken(other.to_string()),
    }
}

/// The URL as it goes on the wire: what HTTP does not allow in a URL (spaces, letters
/// beyond ASCII, `"<>\^`{|}`) percent-encoded byte by byte, as browsers do.
pub fn request_form(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for &b in url.as_bytes() {
        let fine = b.is_ascii_graphic()
            && !matches!(
                b,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            );
        if fine {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `Location` made absolute against the URL that gave it (RFC 3986's cases that
/// servers send: absolute, `//host/…`, `/path`, `?query`, `relative/path`).
fn join(base: &str, location: &str) -> Option<String> {
    let (scheme, rest) = base.split_once("://")?;
    if location.is_empty() {
        return Some(base.to_string());
    }
    let has_scheme = location.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
    });
    if has_scheme {
        return Some(location.to_string());
    }
    if location.starts_with("//") {
        return Some(format!("{scheme}:{location}"));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    let path_and_more = &rest[authority_end..];
    let path = path_and_more
        .split(['?', '#'])
        .next()
        .filter(|p| !p.is_empty())
        .unwrap_or("/");
    if location.starts_with('/') {
        return Some(format!("{origin}{}", fold_dots(location)));
    }
    if location.starts_with('?') || location.starts_with('#') {
        return Some(format!("{origin}{path}{location}"));
    }
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    Some(format!(
        "{origin}{}",
        fold_dots(&format!("{dir}{location}"))
    ))
}

/// `/a/./b/../c` → `/a/c` (the path only; its query kept as it is).
fn fold_dots(path_and_query: &str) -> String {
    let (path, query) = match path_and_query.find(['?', '#']) {
        Some(i) => path_and_query.split_at(i),
        None => (path_and_query, ""),
    };
    if !path.split('/').any(|s| s == "." || s == "..") {
        return path_and_query.to_string();
    }
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut parts: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
        if last && matches!(*segment, "." | "..") {
            parts.push("");
        }
    }
    format!("/{}{query}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_made_absolute() {
        let base = "https://a.example/wet/artikel?x=1";
        assert_eq!(
            join(base, "https://b.example/").as_deref(),
            Some("https://b.example/")
        );
        assert_eq!(
            join(base, "//c.example/p").as_deref(),
            Some("https://c.example/p")
        );
        assert_eq!(
            join(base, "/nieuw/").as_deref(),
            Some("https://a.example/nieuw/")
        );
        assert_eq!(
            join(base, "ander").as_deref(),
            Some("https://a.example/wet/ander")
        );
        assert_eq!(
            join(base, "../boven?y").as_deref(),
            Some("https://a.example/boven?y")
        );
        assert_eq!(
            join(base, "?z=2").as_deref(),
            Some("https://a.example/wet/artikel?z=2")
        );
        assert_eq!(
            join("https://a.example", "p").as_deref(),
            Some("https://a.example/p")
        );
        assert_eq!(join("geen-url", "/p"), None);
    }

    #[test]
    fn urls_go_on_the_wire_percent_encoded() {
        assert_eq!(
            request_form("https://a.example/é b|c"),
            "https://a.example/%C3%A9%20b%7Cc"
        );
        assert_eq!(
            request_form("https://a.example/?q=1&r=%20"),
            "https://a.example/?q=1&r=%20"
        );
    }

    #[test]
    fn lookup_failures_tell_a_missing_name_from_a_missing_network() {
        let io = |kind, text: &str| ureq::Error::Io(std::io::Error::new(kind, text.to_string()));
        use std::io::ErrorKind;
        assert_eq!(
            failure_of(&io(
                ErrorKind::Other,
                "failed to lookup address information: Name or service not known"
            )),
            Failure::NoHost
        );
        assert!(matches!(
            failure_of(&io(
                ErrorKind::Other,
                "failed to lookup address information: Temporary failure in name resolution"
            )),
            Failure::Broken(_)
        ));
        assert_eq!(
            failure_of(&io(ErrorKind::ConnectionRefused, "refused")),
            Failure::Refused
        );
        assert_eq!(failure_of(&ureq::Error::HostNotFound), Failure::NoHost);
        assert!(matches!(
            failure_of(&io(ErrorKind::NetworkUnreachable, "no route")),
            Failure::Broken(_)
        ));
    }
}
