//! The checkers themselves (`support::xml`, `support::feeds`,
//! `support::links`): they must reject what they are there to catch.

use std::fs;

use crate::support::feeds::{ATOM_NS, SITEMAP_NS, atom_problems, is_rfc3339, sitemap_locs};
use crate::support::links::{Target, html_links, resolve};
use crate::support::xml::parse_xml;

#[test]
fn the_checkers_reject_broken_xml_feeds_dates_and_links() {
    // XML well-formedness.
    for bad in [
        "<a><b></a></b>",
        "<a>&nbsp;</a>",
        "<a/><b/>",
        "<a>",
        "text<a/>",
        "<!DOCTYPE a><a/>",
    ] {
        assert!(parse_xml(bad).is_err(), "accepted {bad:?}");
    }
    let el = parse_xml("<a x=\"1 &amp; 2\">t&#233;&lt;<b/></a>").expect("well-formed");
    assert_eq!((el.attr("x"), el.text.as_str()), (Some("1 & 2"), "té<"));

    // RFC 3339.
    for good in ["2026-10-05T00:00:00Z", "2024-02-29T23:59:60.5+01:00"] {
        assert!(is_rfc3339(good), "{good}");
    }
    for bad in [
        "2026-10-05",
        "2026-10-05T00:00:00",
        "2025-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-10-05 00:00:00Z",
        "2026-10-05T00:00:00+0100",
    ] {
        assert!(!is_rfc3339(bad), "{bad}");
    }

    // Atom: a feed that breaks several RFC 4287 rules.
    let out = tempfile::tempdir().expect("temp dir");
    fs::write(out.path().join("index.html"), "<h1>x</h1>").expect("write");
    let base = "https://example.org/";
    let feed = format!(
        "<feed xmlns=\"{ATOM_NS}\"><title>t</title><id>feed</id>\
         <updated>2026-10-05</updated>\
         <entry><title>a</title><id>{base}a/</id><updated>2026-10-05T00:00:00Z</updated></entry>\
         <entry><title>b</title><title>c</title><id>{base}a/</id>\
         <link href=\"{base}gone/\"/><updated>2026-10-05T00:00:00Z</updated></entry></feed>"
    );
    let (problems, _) = atom_problems(&feed, &format!("{base}atom.xml"), base, out.path());
    let text = problems.join("\n");
    for want in [
        "not an absolute IRI",
        "not an RFC 3339 date",
        "rel=self",
        "no <author>",
        "neither <content> nor an alternate link",
        "2 <title>",
        "duplicate id",
        "is not a page of the site",
    ] {
        assert!(text.contains(want), "missed {want:?} in:\n{text}");
    }
    assert!(
        sitemap_locs("<urlset xmlns=\"x\"/>").is_err()
            && sitemap_locs(&format!(
                "<urlset xmlns=\"{SITEMAP_NS}\"><url><loc>a</loc><lastmod>5 mei</lastmod></url></urlset>"
            ))
            .is_err()
    );

    // Links.
    let origin = "http://127.0.0.1:8080";
    let page = "/ons-verhaal/verhalen/x/";
    let internal = |p: &str, f: Option<&str>| Target::Internal(p.into(), f.map(str::to_string));
    for (link, want) in [
        (
            "../y/#aanpak",
            internal("/ons-verhaal/verhalen/y/", Some("aanpak")),
        ),
        ("#inhoud", internal(page, Some("inhoud"))),
        ("/ons-verhaal/", internal("/ons-verhaal/", None)),
        (
            "http://127.0.0.1:8080/ons-verhaal/a/",
            internal("/ons-verhaal/a/", None),
        ),
        ("http://127.0.0.1:8080", internal("/", None)),
        (
            "http://127.0.0.1:80801/",
            Target::External("http://127.0.0.1:80801/".into()),
        ),
        ("//127.0.0.1:8080/b", internal("/b", None)),
        ("mailto:a@b.nl", Target::External("mailto:a@b.nl".into())),
        (
            "javascript:void(0)",
            Target::Script("javascript:void(0)".into()),
        ),
        (
            "./../../css/x.css",
            internal("/ons-verhaal/css/x.css", None),
        ),
    ] {
        assert_eq!(resolve(origin, page, link), want, "{link}");
    }
    let html = "<a href=\"/a/?x=1&amp;y=2\" class=\"k\">x = \"y\"</a>\
                <img src='/i.png' alt=\"\"><meta http-equiv=\"refresh\" content=\"0; url=/r/\">\
                <meta property=\"og:url\" content=\"http://h/p/\"><p data-x=\"href\">";
    assert_eq!(
        html_links(html),
        ["/a/?x=1&y=2", "/i.png", "/r/", "http://h/p/"]
    );
}
