//! The HTTP side of `serve` (axum on tokio): only GET and HEAD, only known Host names,
//! only files from the in-memory site (no path can reach the disk), the event stream for
//! same-origin pages, and no CORS headers.

use std::net::TcpListener;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;

use super::Shared;
use super::inject::{self, PREFIX};

pub async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let app = Router::new().fallback(handle).with_state(shared);
    match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => {
            if let Err(e) = axum::serve(listener, app).await {
                eprintln!("fout: de server stopte: {e}");
            }
        }
        Err(e) => eprintln!("fout: kan niet luisteren: {e}"),
    }
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

/// Whether the Host header names this server (DNS-rebinding protection).
pub fn host_allowed(headers: &HeaderMap, hosts: &[String]) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let name = if host.starts_with('[') {
        host.find(']').map_or(host, |i| &host[..=i])
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    hosts.iter().any(|h| h.eq_ignore_ascii_case(name))
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
    if !host_allowed(&headers, &shared.hosts) {
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

/// The event stream, for pages of this site only.
fn events(shared: &Arc<Shared>, headers: &HeaderMap) -> Response {
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v != "same-origin" && v != "none");
    let foreign_origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| {
            let host = origin.split("://").nth(1).unwrap_or("");
            let mut fake = HeaderMap::new();
            match HeaderValue::from_str(host) {
                Ok(v) => {
                    fake.insert(header::HOST, v);
                    !host_allowed(&fake, &shared.hosts)
                }
                Err(_) => true,
            }
        });
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
    let rel = crate::markdown::percent_decode(rel);
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

    #[test]
    fn host_names() {
        let hosts = vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "[::1]".to_string(),
        ];
        let with = |h: &str| {
            let mut m = HeaderMap::new();
            m.insert(header::HOST, HeaderValue::from_str(h).unwrap());
            host_allowed(&m, &hosts)
        };
        assert!(with("localhost:1111"));
        assert!(with("127.0.0.1:1111"));
        assert!(with("[::1]:1111"));
        assert!(!with("evil.example:1111"));
        assert!(!with("127.0.0.1.evil.example"));
    }
}
