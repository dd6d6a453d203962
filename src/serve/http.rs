//! The HTTP side of `serve` (axum on tokio, each connection driven by hyper): only GET
//! and HEAD, only a Host naming this server on its own port, only files from the
//! in-memory site (no path can reach the disk), the event stream for same-origin pages,
//! and no CORS headers. A client gets [`Limits::header_read_timeout`] to send a request's
//! headers, and at most [`Limits::max_connections`] connections are served at once.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

use super::inject::{self, PREFIX};
use super::{Limits, Shared};

pub async fn serve(listener: TcpListener, shared: Arc<Shared>, limits: Limits) {
    let app = Router::new().fallback(handle).with_state(shared);
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(e) => return eprintln!("fout: kan niet luisteren: {e}"),
    };
    let mut http = hyper::server::conn::http1::Builder::new();
    // The timer runs while hyper waits for a request's headers (from the accept, or from
    // the end of the previous response on a kept-alive connection), not while a response
    // is written: the event stream lives on.
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    // Over the cap, serve stops accepting rather than accepting and closing: the waiting
    // connections cost no descriptor in the kernel's queue, and each is taken as soon as
    // a slot frees (an idle one frees its slot within the header timeout), where closing
    // would fail a real browser's request as surely as an idle socket's.
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let mut failing = false;
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                if !is_connection_error(&e) {
                    // Out of descriptors (EMFILE) or memory: wait for connections to close.
                    if !failing {
                        eprintln!(
                            "serve: kan geen verbinding aannemen ({e}); verteller probeert het zo opnieuw."
                        );
                    }
                    failing = true;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        failing = false;
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        tokio::spawn(async move {
            // Errors are the client's (a timeout, a malformed request, a reset).
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// An accept error that concerns only the connection being accepted.
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

fn plain(status: StatusCode, text: &str) -> Response {
    let mut r = Response::new(Body::from(text.to_string()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// Splits `name[:port]` (`[v6]` with brackets) into the name and the port as written.
/// `None` when anything but `:port` follows the name.
fn split_authority(authority: &str) -> Option<(&str, Option<&str>)> {
    let (name, rest) = if authority.starts_with('[') {
        authority.split_at(authority.find(']')? + 1)
    } else {
        authority.split_at(authority.find(':').unwrap_or(authority.len()))
    };
    match rest.strip_prefix(':') {
        _ if name.is_empty() => None,
        None if rest.is_empty() => Some((name, None)),
        None => None,
        Some(port) => Some((name, Some(port))),
    }
}

/// Whether `port`, as written, is `bound` exactly (digits only, no sign or leading zero).
fn is_port(port: &str, bound: u16) -> bool {
    port == bound.to_string()
}

/// Whether `name` is one the server answers to (ASCII case does not matter).
fn is_known(name: &str, hosts: &[String]) -> bool {
    hosts.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// Whether a Host value (or a request target's authority) names this server: a known
/// name, with nothing after it but, optionally, `:` and the bound port.
pub fn authority_allowed(authority: &str, hosts: &[String], port: u16) -> bool {
    split_authority(authority).is_some_and(|(name, written)| {
        is_known(name, hosts) && written.is_none_or(|p| is_port(p, port))
    })
}

/// Whether the request names this server (DNS-rebinding protection): exactly one Host
/// header, allowed by [`authority_allowed`], and the same for the authority of an
/// absolute request target, if any.
pub fn host_allowed(headers: &HeaderMap, uri: &Uri, hosts: &[String], port: u16) -> bool {
    let mut values = headers.get_all(header::HOST).iter();
    let (Some(host), None) = (values.next(), values.next()) else {
        return false;
    };
    host.to_str()
        .is_ok_and(|host| authority_allowed(host, hosts, port))
        && uri
            .authority()
            .is_none_or(|a| authority_allowed(a.as_str(), hosts, port))
}

/// Whether an Origin is this server's: `http`, a known name and the bound port (an
/// origin without a port means port 80).
pub fn origin_allowed(origin: &str, hosts: &[String], port: u16) -> bool {
    let Some(authority) = origin
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("http://"))
        .map(|_| &origin[7..])
    else {
        return false;
    };
    split_authority(authority).is_some_and(|(name, written)| {
        is_known(name, hosts) && is_port(written.unwrap_or("80"), port)
    })
}

/// Whether a raw request path could step outside the site.
pub fn path_is_suspicious(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    !path.starts_with('/')
        || path.contains("..")
        || path.contains('\\')
        || path.contains("//")
        || lower.contains("%2e")
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "Alleen GET en HEAD.\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if !host_allowed(&headers, &uri, &shared.hosts, shared.port) {
        return plain(
            StatusCode::FORBIDDEN,
            "Onbekende Host. Start verteller serve met --allow-host NAAM.\n",
        );
    }
    let path = uri.path();
    if path_is_suspicious(path) {
        return plain(StatusCode::BAD_REQUEST, "Ongeldig pad.\n");
    }
    let mut response = if let Some(own) = path.strip_prefix(PREFIX) {
        own_file(&shared, own, &headers)
    } else {
        site_file(&shared, path)
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
    response
}

fn own_file(shared: &Arc<Shared>, name: &str, headers: &HeaderMap) -> Response {
    match name {
        "reload.js" => typed(
            inject::RELOAD_JS.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ),
        "overlay.css" => typed(
            inject::OVERLAY_CSS.as_bytes().to_vec(),
            "text/css; charset=utf-8",
        ),
        "events" => events(shared, headers),
        _ => plain(StatusCode::NOT_FOUND, "Niet gevonden.\n"),
    }
}

/// The event stream, for pages of this site only. A browser sends no Origin with a
/// same-origin EventSource (a GET in CORS mode whose response is not CORS-tainted), so
/// none is fine; one that is sent must be this server's exactly.
fn events(shared: &Arc<Shared>, headers: &HeaderMap) -> Response {
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v != "same-origin" && v != "none");
    let mut origins = headers.get_all(header::ORIGIN).iter();
    let foreign_origin = match (origins.next(), origins.next()) {
        (None, _) => false,
        (Some(origin), None) => !origin
            .to_str()
            .is_ok_and(|o| origin_allowed(o, &shared.hosts, shared.port)),
        (Some(_), Some(_)) => true,
    };
    if cross_site || foreign_origin {
        return plain(
            StatusCode::FORBIDDEN,
            "Alleen voor pagina's van deze site.\n",
        );
    }
    let version = shared.current().version;
    let receiver = shared.events.subscribe();
    let hello = futures_util::stream::once(async move {
        Ok::<_, std::convert::Infallible>(format!("event: hello\ndata: {version}\n\n"))
    });
    let updates = futures_util::stream::unfold(receiver, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok((version, kind)) => {
                    return Some((Ok(format!("event: {kind}\ndata: {version}\n\n")), rx));
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let stream = futures_util::StreamExt::chain(hello, updates);
    let mut r = Response::new(Body::from_stream(stream));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    r
}

fn typed(bytes: Vec<u8>, content_type: &'static str) -> Response {
    let mut r = Response::new(Body::from(bytes));
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn site_file(shared: &Arc<Shared>, path: &str) -> Response {
    let base = shared.base_path.as_str();
    let Some(rel) = path
        .strip_prefix(base)
        .or_else(|| (path.to_string() + "/" == base).then_some(""))
    else {
        if path == "/" {
            let mut r = plain(StatusCode::FOUND, "");
            r.headers_mut().insert(
                header::LOCATION,
                HeaderValue::from_str(base).unwrap_or(HeaderValue::from_static("/")),
            );
            return r;
        }
        return not_found(shared);
    };
    let rel = crate::html_policy::percent_decode(rel).into_owned();
    let snapshot = shared.current();
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    match snapshot.get(&key) {
        Some(bytes) => file_response(shared, &snapshot, &key, bytes, StatusCode::OK),
        None if snapshot.get(&format!("{rel}/index.html")).is_some() => {
            let mut r = plain(StatusCode::MOVED_PERMANENTLY, "");
            let location = format!("{path}/");
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        None => not_found(shared),
    }
}

fn not_found(shared: &Arc<Shared>) -> Response {
    let snapshot = shared.current();
    match snapshot.get("404.html") {
        Some(bytes) => file_response(shared, &snapshot, "404.html", bytes, StatusCode::NOT_FOUND),
        None => plain(StatusCode::NOT_FOUND, "Niet gevonden.\n"),
    }
}

fn file_response(
    shared: &Arc<Shared>,
    snapshot: &super::Snapshot,
    key: &str,
    bytes: &[u8],
    status: StatusCode,
) -> Response {
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        inject::inject(
            bytes,
            &inject::snippet(snapshot.version, &snapshot.errors, shared.lang),
        )
    } else {
        bytes.to_vec()
    };
    let mut r = typed(body, content_type);
    *r.status_mut() = status;
    r
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_variants_are_suspicious() {
        for p in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/%2E%2E/x",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "//etc",
            "/a%00",
        ] {
            assert!(path_is_suspicious(p), "{p}");
        }
        assert!(!path_is_suspicious("/verhalen/buurt/"));
    }

    fn hosts() -> Vec<String> {
        ["localhost", "127.0.0.1", "[::1]", "verteller.test"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn host_names() {
        let hosts = hosts();
        let with = |h: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_str(h).unwrap());
            host_allowed(&m, &Uri::from_static("/"), &hosts, 1111)
        };
        for good in [
            "localhost:1111",
            "localhost",
            "LocalHost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[::1]",
            "verteller.test:1111",
            "VERTELLER.test",
        ] {
            assert!(with(good), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1.evil.example",
            "localhost:1111@evil",
            "localhost:evil.example",
            "[::1]evil.example",
            "[::1",
            "::1",
            "[::1]:",
            "localhost:",
            "localhost:1112",
            "localhost:01111",
            "localhost:+1111",
            "localhost:99999",
            "localhost:1111:1111",
            "localhost.:1111",
            ":1111",
            "",
            "verteller.test:80",
        ] {
            assert!(!with(bad), "{bad}");
        }
    }

    #[test]
    fn one_host_header_and_a_matching_target() {
        let hosts = hosts();
        let mut two = HeaderMap::new();
        two.append(header::HOST, HeaderValue::from_static("localhost:1111"));
        two.append(header::HOST, HeaderValue::from_static("localhost:1111"));
        assert!(!host_allowed(&two, &Uri::from_static("/"), &hosts, 1111));
        assert!(!host_allowed(
            &HeaderMap::new(),
            &Uri::from_static("/"),
            &hosts,
            1111
        ));
        let mut one = HeaderMap::new();
        one.insert(header::HOST, HeaderValue::from_static("localhost:1111"));
        let target = |t: &'static str| host_allowed(&one, &Uri::from_static(t), &hosts, 1111);
        assert!(target("http://localhost:1111/"));
        assert!(!target("http://evil.example/"));
        assert!(!target("http://localhost:2222/"));
    }

    #[test]
    fn origins() {
        let hosts = hosts();
        for good in [
            "http://localhost:1111",
            "http://127.0.0.1:1111",
            "http://[::1]:1111",
            "HTTP://LOCALHOST:1111",
            "http://verteller.test:1111",
        ] {
            assert!(origin_allowed(good, &hosts, 1111), "{good}");
        }
        for bad in [
            "https://localhost:1111",
            "http://localhost:1112",
            "http://localhost",
            "http://evil.example",
            "http://evil.example:1111",
            "http://localhost:1111/",
            "http://localhost:1111@evil",
            "http://user@localhost:1111",
            "localhost:1111",
            "null",
            "",
        ] {
            assert!(!origin_allowed(bad, &hosts, 1111), "{bad}");
        }
        // Port 80 is the origin without a port.
        assert!(origin_allowed("http://localhost", &hosts, 80));
    }
}
