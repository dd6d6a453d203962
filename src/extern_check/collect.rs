//! The external URLs of one HTML page: every `http:`/`https:` (and `//host/…`) URL in
//! an attribute the output link check follows (`href`, `src`, `srcset`, `poster`,
//! `action`) that leaves the site, read by `html_policy`'s tokenizer as a browser reads
//! it (entities decoded, raw-text elements skipped). Each comes back as it is requested
//! — without its `#fragment`, `//` made `https://` — with the byte offset of its
//! attribute.

use crate::html_policy::{Ev, Listener, normalise_url, scan_listening};
use crate::link_check::Scope;

/// `(URL as requested, byte offset of its attribute)` of every external link of `html`,
/// in page order (a URL written twice is there twice).
pub fn external_urls(html: &str, scope: &Scope) -> Vec<(String, usize)> {
    let mut collector = Collector {
        scope,
        found: Vec::new(),
    };
    scan_listening(html, &mut collector);
    collector.found
}

struct Collector<'a> {
    scope: &'a Scope,
    found: Vec<(String, usize)>,
}

fn wanted(_tag: &str, attribute: &str) -> bool {
    matches!(attribute, "href" | "src" | "srcset" | "poster" | "action")
}

impl Listener for Collector<'_> {
    fn wanted(&self) -> fn(&str, &str) -> bool {
        wanted
    }

    fn event(&mut self, event: &Ev<'_>) {
        let Ev::Attribute { name, value, at } = *event else {
            return;
        };
        if name == "srcset" {
            for candidate in value.split(',') {
                if let Some(url) = candidate.split_whitespace().next() {
                    self.keep(url, at);
                }
            }
        } else {
            self.keep(value, at);
        }
    }
}

impl Collector<'_> {
    fn keep(&mut self, written: &str, at: usize) {
        let url = normalise_url(written);
        if let Some(url) = requested(&url)
            && self.scope.leaves_site(&url)
        {
            self.found.push((url, at));
        }
    }
}

/// An http(s) URL as it is requested: scheme in lower case, `//host` as https, without
/// its fragment; `None` for any other URL (relative, `mailto:`, …) or one without host.
pub fn requested(url: &str) -> Option<String> {
    let url = url.split('#').next().unwrap_or("");
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("//") {
        ("https", rest)
    } else {
        let (scheme, rest) = url.split_once(':')?;
        let scheme = scheme.to_ascii_lowercase();
        let scheme = match scheme.as_str() {
            "http" => "http",
            "https" => "https",
            _ => return None,
        };
        (scheme, rest.strip_prefix("//")?)
    };
    let host = rest.split(['/', '?']).next().unwrap_or("");
    if host.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_found_as_a_browser_reads_them() {
        let scope = Scope::new("https://example.org/verhaal/", "/verhaal/");
        let html = "<a href=\"https://wetten.overheid.nl/BWBR0005537/#artikel1\">wet</a>\
             <a href=\"/verhaal/x/\">hier</a><a href=\"https://example.org/verhaal/y/\">ook hier</a>\
             <a href=\"https://EXAMPLE.org/contact/\">buiten het pad</a>\
             <img srcset=\"//cdn.example/a.png 1x, /b.png 2x\"><a href=\"mailto:a@b.nl\">m</a>\
             <a href=\" HTTPS://x.example/?a=1&amp;b=2 \">x</a><script>var a = '<a href=\"https://nee.example/\">';</script>";
        let found: Vec<String> = external_urls(html, &scope)
            .into_iter()
            .map(|(u, _)| u)
            .collect();
        assert_eq!(
            found,
            [
                "https://wetten.overheid.nl/BWBR0005537/",
                "https://EXAMPLE.org/contact/",
                "https://cdn.example/a.png",
                "https://x.example/?a=1&b=2",
            ]
        );
        let at = external_urls(html, &scope)[0].1;
        assert_eq!(&html[at..at + 4], "href");
    }

    #[test]
    fn only_http_urls_with_a_host_are_requested() {
        assert_eq!(requested("http://a.nl#x").as_deref(), Some("http://a.nl"));
        assert_eq!(requested("ftp://a.nl/"), None);
        assert_eq!(requested("https:///pad"), None);
        assert_eq!(requested("https:a.nl"), None);
        assert_eq!(requested("pad/x"), None);
    }
}
