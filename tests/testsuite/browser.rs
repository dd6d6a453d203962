//! Browser tests: the built site in headless Chromium, served on loopback.
//! Skipped loudly without Chromium/chromedriver; under `CI=true` that is a failure.

use std::time::Instant;

use crate::support::Fixture;
use crate::support::browser::{StaticServer, require_browser};

#[test]
fn home_page_has_its_h1_in_a_real_browser() {
    let started = Instant::now();
    let Some(browser) = require_browser() else {
        return;
    };

    let fixture = Fixture::with(&[]);
    let public = fixture.path("public");
    let out = fixture.run(&[
        "build",
        "--output",
        public.to_str().expect("utf-8 temp path"),
    ]);
    assert_eq!(
        out.code, 0,
        "build failed\nstdout:\n{}\nstderr:\n{}",
        out.stdout, out.stderr
    );
    assert!(
        public.join("index.html").is_file(),
        "build wrote no public/index.html"
    );

    let server = StaticServer::start(&public);
    browser.goto(&server.url("/"));

    assert_eq!(
        browser.find_text("h1").as_deref().map(str::trim),
        Some("Welkom"),
        "requests: {:?}",
        server.requests()
    );
    assert_eq!(
        browser.execute("return document.documentElement.lang;", &[]),
        "nl"
    );
    assert!(
        server.requests().iter().any(|r| r == "GET / 200"),
        "requests: {:?}",
        server.requests()
    );

    eprintln!("browser test took {:?}", started.elapsed());
}
