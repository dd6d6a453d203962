//! The external links of the output for `check --extern`, each with the places it is
//! written: the content file (line and column of the URL in its source, front matter or
//! body) when a text the page shows holds it, else the template that wrote it (as the
//! output link check names templates, `publish/dead_links`), else `site.toml`, else the
//! static file or the output file. Only `check --extern` pays for this.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Position, Positions};
use crate::extern_check::{Link, Origin, collect};
use crate::fingerprint::FastMap;
use crate::html_policy::percent_decode;
use crate::link_check::Scope;
use crate::output::OutputMap;
use crate::render::{self, Job};

use super::dead_links::{self, Origins};

/// Where a URL is written: the file, the position there, the template when one wrote it.
type Place = (PathBuf, Position, Option<String>);

/// A URL found in a template: the template's name, its file, the position there.
type InTemplate = (String, PathBuf, Position);

/// Every external URL of the HTML pages of `output` (sorted by URL) with where it is
/// written. `texts`: the source texts of the site's files (`check` keeps them all).
pub fn collect(
    output: &OutputMap,
    origins: &Origins<'_>,
    texts: &HashMap<PathBuf, String>,
) -> Vec<Link> {
    let (site, config) = (origins.site, origins.config);
    let scope = Scope::new(&config.base_url, &config.base_path);
    // Each page's external URLs with their line and column in the page.
    let found: Vec<(&str, Vec<(String, Position)>)> = output
        .par_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .filter_map(|(path, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            let urls = collect::external_urls(text, &scope);
            if urls.is_empty() {
                return None;
            }
            let mut positions = Positions::new(text);
            let urls = urls
                .into_iter()
                .map(|(url, at)| (url, positions.at(at)))
                .collect();
            Some((path.as_str(), urls))
        })
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    let jobs: FastMap<String, Job> = render::jobs(site, config)
        .into_iter()
        .map(|job| {
            let file = crate::output::file_of(&render::path_of(site, config, &job));
            (file, job)
        })
        .collect();
    let mut finder = Finder {
        origins,
        texts,
        searched: FastMap::default(),
    };
    // URL → place → (first page, pages).
    type Places = BTreeMap<Place, (String, usize)>;
    let mut links: BTreeMap<String, Places> = BTreeMap::new();
    for (page, urls) in found {
        let mut seen: Vec<(&str, Place)> = Vec::new();
        for (url, in_page) in &urls {
            let place = finder.place(page, jobs.get(page), url, *in_page);
            // One page writing a URL twice from one place counts once.
            if seen.iter().any(|(u, p)| *u == url.as_str() && *p == place) {
                continue;
            }
            seen.push((url.as_str(), place.clone()));
            let entry = links
                .entry(url.clone())
                .or_default()
                .entry(place)
                .or_insert_with(|| (dead_links::page_url(config, page), 0));
            entry.1 += 1;
        }
    }
    links
        .into_iter()
        .map(|(url, places)| Link {
            url,
            from: places
                .into_iter()
                .map(|((file, position, template), (page, pages))| Origin {
                    file,
                    line: position.line,
                    column: position.column,
                    template,
                    page,
                    pages,
                })
                .collect(),
        })
        .collect()
}

/// Finds where a URL of a page is written, remembering what templates hold.
struct Finder<'a> {
    origins: &'a Origins<'a>,
    texts: &'a HashMap<PathBuf, String>,
    /// (page template, URL) → what was found in its templates.
    searched: FastMap<(&'static str, String), Option<InTemplate>>,
}

impl Finder<'_> {
    fn place(&mut self, page: &str, job: Option<&Job>, url: &str, in_page: Position) -> Place {
        let origins = self.origins;
        if (origins.is_static)(page) {
            return (Path::new("static").join(page), in_page, None);
        }
        if origins.theme.static_files.contains_key(page) {
            let file = Path::new("themes")
                .join(origins.theme_name)
                .join("static")
                .join(page);
            return (file, in_page, None);
        }
        let output_file = origins.label.join(page);
        let Some(job) = job else {
            return (output_file, in_page, None);
        };
        for source in dead_links::shown_sources(origins.site, origins.config, job) {
            if let Some(position) = self.texts.get(source).and_then(|t| find(t, url)) {
                return (source.to_path_buf(), position, None);
            }
        }
        let template = render::template_of(origins.site, job);
        let theme = origins.theme;
        let found = self
            .searched
            .entry((template, url.to_string()))
            .or_insert_with(|| dead_links::in_templates(theme, template, &needles(url)));
        if let Some((name, file, position)) = found.clone() {
            return (file, position, Some(name));
        }
        let config_file = Path::new(crate::config::CONFIG_FILE);
        if let Some(position) = self.texts.get(config_file).and_then(|t| find(t, url)) {
            return (config_file.to_path_buf(), position, None);
        }
        (output_file, in_page, Some(template.to_string()))
    }
}

/// How a template may write a URL: as requested, with `&amp;`, or as `//host/…`.
fn needles(url: &str) -> Vec<String> {
    let mut out = vec![url.to_string()];
    if url.contains('&') {
        out.push(url.replace('&', "&amp;"));
    }
    if let Some(rest) = url.strip_prefix("https:") {
        out.push(rest.to_string());
    }
    out
}

/// Where a source text writes `url` (as requested, or with its `%`-escapes decoded, as
/// an editor types `é`), ending where a URL ends; the first such place.
fn find(text: &str, url: &str) -> Option<Position> {
    let decoded = percent_decode(url);
    let mut candidates = vec![url];
    if decoded != url {
        candidates.push(&decoded);
    }
    for needle in candidates {
        for (at, _) in text.match_indices(needle) {
            let after = text[at + needle.len()..].chars().next();
            let ends = after.is_none_or(|c| {
                c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | ']' | '#' | '|' | '<')
            });
            if ends {
                return Some(Position::of_offset(text, at));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_found_where_they_end() {
        let text = "---\ntitle: x\n---\nZie [de wet](https://a.nl/wet/b) en <https://a.nl/wet> of https://a.nl/caf%C3%A9.\n";
        assert_eq!(
            find(text, "https://a.nl/wet"),
            Some(Position {
                line: 4,
                column: 38
            })
        );
        assert_eq!(find(text, "https://a.nl/wet/b").map(|p| p.column), Some(14));
        assert_eq!(find(text, "https://a.nl/w"), None);
        let typed = "[café](https://a.nl/café)\n";
        assert_eq!(
            find(typed, "https://a.nl/caf%C3%A9").map(|p| p.column),
            Some(8)
        );
    }
}
