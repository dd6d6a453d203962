//! The default site behind a real nginx running `docs/nginx.conf`, as the
//! nginx and Chromium tests use it.

use std::fs;
use std::path::{Path, PathBuf};

use super::{SUB, build, default_site_copy};
use crate::support::Fixture;
use crate::support::nginx::{Http, Nginx, Response, free_port, require_nginx};
use crate::support::site::repo;

/// docs/nginx.conf made runnable here: plain HTTP on `127.0.0.1:<port>` (the
/// listen and certificate lines), `root` → `www`, `/verhaal` → `/ons-verhaal`.
/// Nothing else changes; each replaced line must be there exactly once.
fn nginx_conf(port: u16, www: &Path) -> String {
    let mut conf = fs::read_to_string(repo().join("docs/nginx.conf")).expect("docs/nginx.conf");
    let listen = format!("    listen 127.0.0.1:{port};\n");
    let lines: [(&str, &str); 4] = [
        ("    listen 443 ssl http2;\n", &listen),
        ("    listen [::]:443 ssl http2;\n", ""),
        (
            "    ssl_certificate     /etc/ssl/verhaal/fullchain.pem;\n",
            "",
        ),
        (
            "    ssl_certificate_key /etc/ssl/verhaal/privkey.pem;\n",
            "",
        ),
    ];
    for (from, to) in lines {
        assert_eq!(
            conf.matches(from).count(),
            1,
            "docs/nginx.conf should have {from:?} exactly once (the test replaces it)"
        );
        conf = conf.replace(from, to);
    }
    assert!(
        conf.contains("    root /var/www/html;\n") && conf.contains("location /verhaal/"),
        "docs/nginx.conf serves /verhaal/ from /var/www/html (the test replaces both)"
    );
    let www = www.to_str().expect("utf-8 temp path");
    assert!(!www.contains("/verhaal"), "temp path {www}");
    conf.replace("/verhaal", SUB.trim_end_matches('/'))
        .replace("/var/www/html", www)
}

/// The default site built for `http://127.0.0.1:<port>/ons-verhaal/` and served
/// by nginx from `<www>/ons-verhaal/`.
pub(super) struct Served {
    _site: Fixture,
    pub(super) www: tempfile::TempDir,
    pub(super) nginx: Nginx,
    pub(super) http: Http,
    /// The story that the alias points at.
    pub(super) alias_target: String,
}

impl Served {
    /// `None` (loudly) without nginx.
    pub(super) fn start() -> Option<Served> {
        let binary = require_nginx()?;
        let port = free_port();
        let (site, alias_target) = default_site_copy(true);
        let www = tempfile::tempdir().expect("temp dir");
        build(
            &site,
            &www.path().join(SUB.trim_matches('/')),
            &format!("http://127.0.0.1:{port}{SUB}"),
            &[],
        );
        let nginx = Nginx::start(&binary, &nginx_conf(port, www.path()), port);
        Some(Served {
            _site: site,
            www,
            nginx,
            http: Http::new(),
            alias_target,
        })
    }

    /// The build output nginx serves.
    pub(super) fn out(&self) -> PathBuf {
        self.www.path().join(SUB.trim_matches('/'))
    }

    pub(super) fn origin(&self) -> String {
        self.nginx.url("")
    }

    /// Absolute URL of `rel`, a path below the base path.
    pub(super) fn url(&self, rel: &str) -> String {
        self.nginx.url(&format!("{SUB}{rel}"))
    }

    pub(super) fn get(&self, rel: &str) -> Response {
        self.http.get(&self.url(rel), &[])
    }
}
