//! The resolved site → an output map of pages, through Tera.
//!
//! Templates are looked up per file: site `templates/`, then `themes/<name>/templates/`,
//! then the default theme `gemeente` embedded in the binary. Each page's context is built
//! once from the view types in [`view`]; pages render in parallel.

pub mod components;
pub mod eject;
pub mod ids;
pub mod keys;
pub mod problems;
pub mod strings;
pub mod tags;
pub mod theme;
pub mod view;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::fingerprint::FastMap;
use crate::model::Kind;
use crate::output::{FileBytes, OutputMap};
use crate::resolve::{DocIdx, Site, page_count, page_slice};
pub use theme::Theme;
use view::{DocLink, Link, LinkValues, Views};

/// One page to render.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    /// The list page of a kind; `page` counts from 1 (stories are paginated).
    List {
        kind: Kind,
        page: usize,
    },
    Document(DocIdx),
    /// Page 2 and on of an agenda theme, quadrant or role (its stories paginated);
    /// page 1 is its [`Job::Document`].
    TermPage {
        doc: DocIdx,
        page: usize,
    },
    Print,
    NotFound,
    Feed,
    /// The search page `/zoeken/` (when search is on).
    Search,
    /// Atom feed of one agenda theme or quadrant (its stories).
    TermFeed(DocIdx),
    /// The overview of one of the site's own taxonomies (`/wijken/`): index in
    /// `Site::taxonomies`.
    Taxonomy(usize),
    /// Page `page` (from 1) of one term of the site's own taxonomy `taxonomy`
    /// (`/wijken/oost/`, `/wijken/oost/pagina/2/`): the documents naming it.
    Term {
        taxonomy: usize,
        term: usize,
        page: usize,
    },
    /// Atom feed of one term of the site's own taxonomy (its dated documents).
    TaxonomyFeed {
        taxonomy: usize,
        term: usize,
    },
    Sitemap,
    Alias {
        path: String,
        target: DocIdx,
    },
}

/// Every page of the site.
///
/// The longest pages come first: the jobs are rendered in parallel in this order, and a
/// long page near the end keeps one thread busy while the others have nothing left (the
/// eleven hub pages at the end of a 10k site's documents, each listing thousands of
/// stories, were a 50 ms tail on one core). The sitemap and the feed list every page, an
/// agenda theme, quadrant or role page every document that names it.
pub fn jobs(site: &Site, config: &Config) -> Vec<Job> {
    let hub = |i: &usize| is_hub(site.docs[*i].kind);
    let mut jobs = vec![
        Job::Sitemap,
        Job::Feed,
        Job::Home,
        Job::Print,
        Job::NotFound,
    ];
    if config.search {
        jobs.push(Job::Search);
    }
    jobs.extend((0..site.docs.len()).filter(hub).map(Job::Document));
    for doc in (0..site.docs.len()).filter(hub) {
        let pages = site.term_pages(doc, config.page_size);
        jobs.extend((2..=pages).map(|page| Job::TermPage { doc, page }));
    }
    for (taxonomy, index) in site.taxonomies.iter().enumerate() {
        for (term, t) in index.terms.iter().enumerate() {
            let pages = page_count(t.docs.len(), config.page_size);
            jobs.extend((1..=pages).map(|page| Job::Term {
                taxonomy,
                term,
                page,
            }));
        }
        jobs.push(Job::Taxonomy(taxonomy));
    }
    for kind in Kind::FOLDER_KINDS {
        let pages = if kind == Kind::Story {
            page_count(site.of_kind(kind).len(), config.page_size)
        } else {
            1
        };
        jobs.extend((1..=pages).map(|page| Job::List { kind, page }));
    }
    jobs.extend((0..site.docs.len()).filter(|i| !hub(i)).map(Job::Document));
    for kind in [Kind::AgendaTheme, Kind::Quadrant] {
        jobs.extend(site.of_kind(kind).iter().map(|&i| Job::TermFeed(i)));
    }
    for (taxonomy, index) in site.taxonomies.iter().enumerate() {
        jobs.extend((0..index.terms.len()).map(|term| Job::TaxonomyFeed { taxonomy, term }));
    }
    jobs.extend(site.aliases.iter().map(|(path, &target)| Job::Alias {
        path: path.clone(),
        target,
    }));
    jobs
}

/// A kind whose page lists every document that names it (long pages).
pub fn is_hub(kind: Kind) -> bool {
    matches!(kind, Kind::AgendaTheme | Kind::Quadrant | Kind::Role)
}

/// One rendered page (`path`, bytes; `None` when the sink took it) or why it could not
/// be rendered.
type Rendered = Result<Option<(String, FileBytes)>, Box<problems::Failure>>;

/// Rendered pages from earlier builds, keyed by job, with the key of their inputs.
/// A page is rendered again only when its key changes (serve's incremental rebuilds).
#[derive(Default)]
pub struct PageMemo {
    pages: FastMap<Job, (u64, String, FileBytes)>,
    /// Per-document hashes of the last build.
    keys: Option<keys::DocKeys>,
    /// Pages rendered (not reused) by the last build.
    pub rendered: usize,
    /// Whether the last build has every page: every job had its template and rendered.
    /// Without that, checks of the whole output (its links) would report consequences.
    pub complete: bool,
    /// Serve keeps pages for the next build; a one-shot build does not.
    pub mode: crate::mode::Mode,
}

/// Takes one rendered page: its path in the output and its bytes.
pub type PageSink<'a> = dyn Fn(&str, &[u8]) + Sync + 'a;

/// How [`render_all`] runs.
pub struct RenderOptions<'a> {
    /// Fingerprint of what every page depends on (config, templates, static files,
    /// sections).
    pub global: u64,
    /// A one-shot build's writer: each page goes here as soon as it is rendered, on the
    /// thread that rendered it, so writing overlaps rendering. Ignored when the memo
    /// remembers.
    pub sink: Option<&'a PageSink<'a>>,
    /// Keep pages given to the sink in the output map as well (the search index reads
    /// them); otherwise no page is held until the end.
    pub keep_sunk: bool,
}

/// Renders every job whose inputs changed since the last build with this memo; reuses
/// the rest. Template problems become diagnostics.
pub fn render_all(
    theme: &Theme,
    site: &Site,
    config: &Config,
    diags: &mut Diagnostics,
    memo: &mut PageMemo,
    options: &RenderOptions,
) -> OutputMap {
    // Keys only serve to compare with pages kept from an earlier build, or to keep this
    // build's pages for a later one: a one-shot build has neither, and every page gets
    // key 0 (half a percent of a build's instructions saved).
    let keyed_builds = memo.mode.remembers() || !memo.pages.is_empty();
    let doc_keys = keyed_builds.then(|| keys::DocKeys::of(site, memo.keys.as_ref()));
    let footer = view::footer(site, config);
    let global = crate::fingerprint::of((options.global, &footer));
    let (keyed, every_template) = keyed_jobs(theme, site, config, global, doc_keys.as_ref());
    let links = LinkValues::new(site.docs.len());
    let shared = Shared {
        links: &links,
        footer: &footer,
    };
    let fresh = render_changed(&keyed, memo, options, |job| {
        render_job(theme, site, config, &shared, job)
    });
    memo.rendered = fresh.len();
    if !memo.mode.remembers() {
        crate::memory::drop_in_background(links);
        memo.pages.clear();
    }
    let failures = diags.len();
    let mut out = collect_pages(&keyed, fresh, memo, diags, config);
    memo.complete = every_template && diags.len() == failures;
    if memo.mode.remembers() {
        memo.keys = doc_keys;
    }
    out.insert("robots.txt".into(), robots(config).into_bytes().into());
    out
}

/// Every job the theme has a template for, with the key of its inputs (0 without
/// `doc_keys`), and whether every job had one.
fn keyed_jobs(
    theme: &Theme,
    site: &Site,
    config: &Config,
    global: u64,
    doc_keys: Option<&keys::DocKeys>,
) -> (Vec<(Job, u64)>, bool) {
    let all = jobs(site, config);
    let count = all.len();
    let keyed: Vec<(Job, u64)> = all
        .into_par_iter()
        .filter(|job| theme.has(template_of(site, job)))
        .map(|job| {
            let key = doc_keys.map_or(0, |doc_keys| {
                keys::job_key(site, config, &job, global, doc_keys)
            });
            (job, key)
        })
        .collect();
    let every_template = keyed.len() == count;
    (keyed, every_template)
}

/// The jobs whose key differs from their page's in the memo, rendered in parallel by
/// `render`, each with its place in `keyed`. A one-shot build hands each page to the
/// sink on the thread that rendered it (and keeps it only with `keep_sunk`).
fn render_changed(
    keyed: &[(Job, u64)],
    memo: &PageMemo,
    options: &RenderOptions,
    render: impl Fn(&Job) -> Result<(String, Vec<u8>), Box<problems::Failure>> + Sync,
) -> Vec<(usize, Rendered)> {
    let sink = options.sink.filter(|_| !memo.mode.remembers());
    keyed
        .par_iter()
        .enumerate()
        .filter(|(_, (job, key))| memo.pages.get(job).is_none_or(|(k, _, _)| k != key))
        .map(|(n, (job, _))| {
            let rendered = match (render(job), sink) {
                (Ok((path, bytes)), Some(sink)) => {
                    sink(&path, &bytes);
                    Ok(options.keep_sunk.then(|| (path, bytes.into())))
                }
                (rendered, _) => rendered.map(|(path, bytes)| Some((path, bytes.into()))),
            };
            (n, rendered)
        })
        .collect()
}

/// The output map, in job order, from the pages just rendered (`fresh`, by place in
/// `keyed`) and the memo's: a failed page is a diagnostic, and serve keeps its last good
/// version. The memo takes the new pages when it remembers; jobs gone since the last
/// build leave it.
fn collect_pages(
    keyed: &[(Job, u64)],
    fresh: Vec<(usize, Rendered)>,
    memo: &mut PageMemo,
    diags: &mut Diagnostics,
    config: &Config,
) -> OutputMap {
    let mut fresh = fresh.into_iter().peekable();
    let mut out = OutputMap::new();
    let mut failures = Vec::new();
    // Pages not rendered again stay where they are in the memo; new ones replace theirs.
    for (n, (job, key)) in keyed.iter().enumerate() {
        let result = fresh.next_if(|(m, _)| *m == n).map(|(_, r)| r);
        match result {
            None => {
                if let Some((_, path, bytes)) = memo.pages.get(job) {
                    out.insert(path.clone(), bytes.clone());
                }
            }
            // Written by the sink.
            Some(Ok(None)) => {}
            Some(Ok(Some((path, bytes)))) if memo.mode.remembers() => {
                out.insert(path.clone(), bytes.clone());
                memo.pages.insert(job.clone(), (*key, path, bytes));
            }
            // A one-shot build keeps no memo: move the page, do not copy it.
            Some(Ok(Some((path, bytes)))) => {
                out.insert(path, bytes);
            }
            Some(Err(failure)) => {
                failures.push(*failure);
                match memo.pages.get_mut(job) {
                    // Key 0: render again next time, the template may be fixed.
                    Some((k, path, bytes)) if memo.mode.keeps_last_good() => {
                        *k = 0;
                        out.insert(path.clone(), bytes.clone());
                    }
                    Some(_) => {
                        memo.pages.remove(job);
                    }
                    None => {}
                }
            }
        }
    }
    // Jobs gone since the last build leave the memo.
    if memo.pages.len() > keyed.len() {
        let current: FastMap<&Job, ()> = keyed.iter().map(|(job, _)| (job, ())).collect();
        memo.pages.retain(|job, _| current.contains_key(job));
    }
    for d in problems::group(failures, config) {
        diags.push(d);
    }
    out
}

fn robots(config: &Config) -> String {
    if config.preview {
        return "User-agent: *\nDisallow: /\n".to_string();
    }
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        config.absolute_url("sitemap.xml")
    )
}

#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageNumber>,
}

impl Paginator {
    /// Page `current` of `total`, each page's URL from `url_of`.
    fn new(current: usize, total: usize, url_of: impl Fn(usize) -> String) -> Paginator {
        Paginator {
            current,
            total,
            previous: (current > 1).then(|| url_of(current - 1)),
            next: (current < total).then(|| url_of(current + 1)),
            pages: page_window(current, total)
                .into_iter()
                .scan(0, |prev, n| {
                    let gap = n > *prev + 1 && *prev > 0;
                    *prev = n;
                    Some((n, gap))
                })
                .map(|(n, gap_before)| PageNumber {
                    number: n,
                    gap_before,
                    url: url_of(n),
                    current: n == current,
                })
                .collect(),
        }
    }
}

/// The paginator of an agenda theme's, quadrant's or role's page `page`.
fn term_paginator(views: &Views<'_>, doc: DocIdx, page: usize) -> Paginator {
    let (site, config) = (views.site, views.config);
    let url = &site.docs[doc].url_path;
    Paginator::new(page, site.term_pages(doc, config.page_size), |n| {
        if n == 1 {
            views.url(url)
        } else {
            views.url(&format!("{url}pagina/{n}/"))
        }
    })
}

/// The page numbers a paginator shows: the first, the last, and two either side of the
/// current one — constant size, so pagination stays linear in the number of pages.
pub fn page_window(current: usize, total: usize) -> Vec<usize> {
    let mut pages: Vec<usize> = vec![1, total];
    pages.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
    pages.sort_unstable();
    pages.dedup();
    pages
}

#[derive(Serialize)]
struct PageNumber {
    number: usize,
    /// Numbers were skipped before this one (show "…").
    gap_before: bool,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Section {
    title: String,
    url: String,
    content: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct FeedEntry {
    #[serde(flatten)]
    link: DocLink,
    permalink: String,
    updated: String,
}

#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
}

/// The template a job renders with.
pub fn template_of(site: &Site, job: &Job) -> &'static str {
    let kind_template = |kind: Kind, list: bool| match (kind, list) {
        (Kind::Chapter, true) => "chapters.html",
        (Kind::Story, true) => "stories.html",
        (Kind::Agenda, true) => "agenda.html",
        (Kind::AgendaTheme, true) => "agenda_themes.html",
        (Kind::Quadrant, true) => "quadrants.html",
        (Kind::Role, true) => "roles.html",
        (Kind::Chapter, false) => "chapter.html",
        (Kind::Story, false) => "story.html",
        (Kind::Agenda, false) => "agenda_item.html",
        (Kind::AgendaTheme, false) => "agenda_theme.html",
        (Kind::Quadrant, false) => "quadrant.html",
        (Kind::Role, false) => "role.html",
        (Kind::Page, _) => "page.html",
    };
    match job {
        Job::Home => "home.html",
        Job::List { kind, .. } => kind_template(*kind, true),
        Job::Document(i) | Job::TermPage { doc: i, .. } => kind_template(site.docs[*i].kind, false),
        Job::Print => "print.html",
        Job::NotFound => "404.html",
        Job::Search => "search.html",
        Job::Feed | Job::TermFeed(_) | Job::TaxonomyFeed { .. } => "atom.xml",
        Job::Taxonomy(_) => "taxonomy.html",
        Job::Term { .. } => "taxonomy_term.html",
        Job::Sitemap => "sitemap.xml",
        Job::Alias { .. } => "alias.html",
    }
}

/// What every page of one build shares: the links' template values, the footer.
pub struct Shared<'a> {
    pub links: &'a LinkValues,
    pub footer: &'a [view::FooterLink],
}

/// The site path of the page a job renders (`verhalen/x/`, `atom.xml`; the home page
/// is `""`).
pub fn path_of(site: &Site, config: &Config, job: &Job) -> String {
    match job {
        Job::Home => String::new(),
        Job::List { kind, page } => {
            let folder = config.folder(*kind);
            if *page == 1 {
                format!("{folder}/")
            } else {
                format!("{folder}/pagina/{page}/")
            }
        }
        Job::Document(i) => site.docs[*i].url_path.clone(),
        Job::TermPage { doc, page } => format!("{}pagina/{page}/", site.docs[*doc].url_path),
        Job::Print => format!("{}/print/", config.folder(Kind::Chapter)),
        Job::NotFound => "404.html".to_string(),
        Job::Search => "zoeken/".to_string(),
        Job::Feed => "atom.xml".to_string(),
        Job::TermFeed(i) => format!("{}atom.xml", site.docs[*i].url_path),
        Job::Taxonomy(t) => site.taxonomies[*t].path(),
        Job::Term {
            taxonomy,
            term,
            page,
        } => {
            let index = &site.taxonomies[*taxonomy];
            index.term_path(&index.terms[*term], *page)
        }
        Job::TaxonomyFeed { taxonomy, term } => {
            let index = &site.taxonomies[*taxonomy];
            format!("{}atom.xml", index.term_path(&index.terms[*term], 1))
        }
        Job::Sitemap => "sitemap.xml".to_string(),
        Job::Alias { path, .. } => path.clone(),
    }
}

/// Renders one job into `(file, bytes)`.
pub fn render_job(
    theme: &Theme,
    site: &Site,
    config: &Config,
    shared: &Shared<'_>,
    job: &Job,
) -> Result<(String, Vec<u8>), Box<problems::Failure>> {
    let views = Views {
        site,
        config,
        links: shared.links,
    };
    let template = template_of(site, job);
    let path = path_of(site, config, job);
    let expand = Expand {
        theme,
        config,
        page: views.url(&path),
    };
    let mut ctx = tera::Context::new();
    match job {
        Job::Home => {
            let latest: Vec<DocIdx> = site.of_kind(Kind::Story).iter().take(6).copied().collect();
            ctx.insert("section", &section(site, config, "", &expand)?);
            ctx.insert("chapters", &views.links(site.of_kind(Kind::Chapter)));
            ctx.insert("latest_stories", &views.links(&latest));
            ctx.insert("agenda_themes", &theme_groups(&views));
            ctx.insert("quadrants", &quadrant_cells(&views));
        }
        Job::List { kind, page } => list_page(&views, &mut ctx, (*kind, *page), &expand)?,
        Job::Document(i) => {
            let mut page = views.page(*i);
            page.content = expand.body(page.content, &site.docs[*i].body.components)?;
            ctx.insert("withheld", &page.withheld);
            ctx.insert("page", &page);
            if is_hub(site.docs[*i].kind) {
                ctx.insert("paginator", &term_paginator(&views, *i, 1));
            }
        }
        Job::TermPage { doc, page } => {
            let mut view = views.page_at(*doc, *page);
            view.content = expand.body(view.content, &site.docs[*doc].body.components)?;
            ctx.insert("withheld", &view.withheld);
            ctx.insert("page", &view);
            ctx.insert("paginator", &term_paginator(&views, *doc, *page));
        }
        Job::Print => {
            let chapters = site
                .of_kind(Kind::Chapter)
                .iter()
                .map(|&i| print_chapter(&views, i, &expand))
                .collect::<Result<Vec<view::PageView>, _>>()?;
            ctx.insert("chapters", &chapters);
            ctx.insert(
                "section",
                &section(site, config, config.folder(Kind::Chapter), &expand)?,
            );
        }
        Job::NotFound | Job::Search => {}
        Job::Feed => site_feed(&views, &mut ctx),
        Job::TermFeed(i) => term_feed(&views, &mut ctx, *i, &path),
        Job::Taxonomy(t) => {
            ctx.insert("taxonomy", &views.taxonomy(*t));
        }
        Job::Term {
            taxonomy,
            term,
            page,
        } => {
            let index = &site.taxonomies[*taxonomy];
            let t = &index.terms[*term];
            let slice = page_slice(&t.docs, *page, config.page_size);
            ctx.insert("taxonomy", &views.taxonomy(*taxonomy));
            ctx.insert("term", &views.term_link(*taxonomy, *term));
            ctx.insert("items", &views.links(slice));
            let total = page_count(t.docs.len(), config.page_size);
            let paginator = Paginator::new(*page, total, |n| views.url(&index.term_path(t, n)));
            ctx.insert("paginator", &paginator);
        }
        Job::TaxonomyFeed { taxonomy, term } => {
            taxonomy_feed(&views, &mut ctx, (*taxonomy, *term), &path);
        }
        Job::Sitemap => sitemap(&views, &mut ctx),
        Job::Alias { target, .. } => {
            ctx.insert("target", &views.link(*target));
            ctx.insert(
                "permalink",
                &config.absolute_url(&site.docs[*target].url_path),
            );
        }
    }
    ctx.insert("current_url", &views.url(&path));
    ctx.insert("meta", &page_meta(&views, job, &path));
    ctx.insert("breadcrumbs", &breadcrumbs(&views, job));
    ctx.insert("footer", shared.footer);
    let current_quadrant = match job {
        Job::Document(i) | Job::TermPage { doc: i, .. } if site.docs[*i].kind == Kind::Quadrant => {
            ctx.insert("quadrants", &quadrant_cells(&views));
            site.docs[*i].id.as_str()
        }
        _ => "",
    };
    ctx.insert("current_quadrant", current_quadrant);
    if !matches!(job, Job::Document(_) | Job::TermPage { .. }) {
        ctx.insert("withheld", &None::<view::WithheldView>);
    }
    let html = theme.render(template, &ctx).map_err(|e| {
        problems::Failure::new(config, theme.templates(), template, &e, views.url(&path))
    })?;
    let file = crate::output::file_of(&path);
    Ok((file, html))
}

/// What renders the components of one page's bodies (see [`components`]), with the
/// page's URL for messages.
struct Expand<'a> {
    theme: &'a Theme,
    config: &'a Config,
    page: String,
}

impl Expand<'_> {
    fn body<'c>(
        &self,
        html: std::borrow::Cow<'c, str>,
        calls: &[crate::model::ComponentCall],
    ) -> Result<std::borrow::Cow<'c, str>, Box<problems::Failure>> {
        components::expand(self.theme, self.config, html, calls, &self.page)
    }
}

/// A chapter as the print page shows it: its body's ids and its table of contents
/// start with the chapter's id, so two chapters' headings never share an id there.
fn print_chapter<'a>(
    views: &Views<'a>,
    i: DocIdx,
    expand: &Expand<'_>,
) -> Result<view::PageView<'a>, Box<problems::Failure>> {
    let mut page = views.page(i);
    let content = expand.body(page.content, &views.site.docs[i].body.components)?;
    let id = &views.site.docs[i].id;
    page.content = ids::namespace_body(&content, id).into();
    ids::namespace_toc(&mut page.toc, id);
    Ok(page)
}

/// A kind's list page (stories paginated): its context.
fn list_page(
    views: &Views<'_>,
    ctx: &mut tera::Context,
    (kind, page): (Kind, usize),
    expand: &Expand<'_>,
) -> Result<(), Box<problems::Failure>> {
    let (site, config) = (views.site, views.config);
    let all = site.of_kind(kind);
    let folder = config.folder(kind);
    ctx.insert("section", &section(site, config, folder, expand)?);
    if kind == Kind::Story {
        let size = config.page_size.max(1);
        let total = page_count(all.len(), size);
        let start = (page - 1) * size;
        let slice = &all[start.min(all.len())..(start + size).min(all.len())];
        ctx.insert("items", &views.links(slice));
        ctx.insert(
            "paginator",
            &Paginator::new(page, total, |n| {
                if n == 1 {
                    views.url(&format!("{folder}/"))
                } else {
                    views.url(&format!("{folder}/pagina/{n}/"))
                }
            }),
        );
    } else {
        ctx.insert("items", &views.links(all));
    }
    if kind == Kind::Agenda {
        ctx.insert("agenda_themes", &theme_groups(views));
    }
    if kind == Kind::Quadrant {
        ctx.insert("quadrants", &quadrant_cells(views));
        ctx.insert("matrix", &matrix(views));
    }
    Ok(())
}

/// The site's Atom feed: the newest stories and dated chapters.
fn site_feed(views: &Views<'_>, ctx: &mut tera::Context) {
    let (site, config) = (views.site, views.config);
    let stories = site.of_kind(Kind::Story).iter().copied().take(20);
    let entries = newest_dated(
        site,
        stories.chain(site.of_kind(Kind::Chapter).iter().copied()),
    );
    let feed = Feed {
        url: config.absolute_url("atom.xml"),
        title: config.title.clone(),
        page_url: config.base_url.clone(),
    };
    feed.insert(views, ctx, &entries);
}

/// What an Atom feed says about itself besides its entries.
struct Feed {
    /// The feed's absolute URL.
    url: String,
    title: String,
    /// The absolute URL of the page it belongs to.
    page_url: String,
}

impl Feed {
    /// The feed's context: its entries, the newest entry's date as `updated`, and itself.
    fn insert(self, views: &Views<'_>, ctx: &mut tera::Context, entries: &[DocIdx]) {
        let entries: Vec<FeedEntry> = entries.iter().map(|&i| feed_entry(views, i)).collect();
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| "1970-01-01".to_string());
        ctx.insert("entries", &entries);
        ctx.insert("updated", &updated);
        ctx.insert("feed_url", &self.url);
        ctx.insert("feed_title", &self.title);
        ctx.insert("page_url", &self.page_url);
    }
}

/// The Atom feed of one agenda theme or quadrant (its stories).
fn term_feed(views: &Views<'_>, ctx: &mut tera::Context, i: DocIdx, path: &str) {
    let (site, config) = (views.site, views.config);
    let d = &site.docs[i];
    let stories = &site.incoming[i].stories;
    let feed = Feed {
        url: config.absolute_url(path),
        title: format!("{} · {}", d.common.title, config.title),
        page_url: config.absolute_url(&d.url_path),
    };
    feed.insert(views, ctx, &stories[..stories.len().min(20)]);
}

/// The Atom feed of one term of the site's own taxonomies: its newest dated documents.
fn taxonomy_feed(
    views: &Views<'_>,
    ctx: &mut tera::Context,
    (t, term): (usize, usize),
    path: &str,
) {
    let (site, config) = (views.site, views.config);
    let index = &site.taxonomies[t];
    let term = &index.terms[term];
    let feed = Feed {
        url: config.absolute_url(path),
        title: format!("{} · {} · {}", index.label, term.label, config.title),
        page_url: config.absolute_url(&index.term_path(term, 1)),
    };
    feed.insert(views, ctx, &newest_dated(site, term.docs.iter().copied()));
}

/// The 20 newest of `docs` that have a date, newest first (ties in site order): what a
/// feed lists.
pub fn newest_dated(site: &Site, docs: impl IntoIterator<Item = DocIdx>) -> Vec<DocIdx> {
    let mut dated: Vec<DocIdx> = docs
        .into_iter()
        .filter(|&i| site.docs[i].fields.date().is_some())
        .collect();
    dated.sort_by(|a, b| {
        site.docs[*b]
            .fields
            .date()
            .cmp(&site.docs[*a].fields.date())
            .then(a.cmp(b))
    });
    dated.truncate(20);
    dated
}

/// The sitemap: the home page, every list page and every document.
fn sitemap(views: &Views<'_>, ctx: &mut tera::Context) {
    let (site, config) = (views.site, views.config);
    let mut entries = vec![SitemapEntry {
        loc: config.absolute_url(""),
        lastmod: None,
    }];
    for kind in Kind::FOLDER_KINDS {
        entries.push(SitemapEntry {
            loc: config.absolute_url(&format!("{}/", config.folder(kind))),
            lastmod: None,
        });
    }
    for index in site.taxonomies.iter() {
        let pages = std::iter::once(index.path())
            .chain(index.terms.iter().map(|term| index.term_path(term, 1)));
        entries.extend(pages.map(|path| SitemapEntry {
            loc: config.absolute_url(&path),
            lastmod: None,
        }));
    }
    for d in &site.docs {
        let lastmod = d
            .fields
            .updated()
            .or(d.fields.date())
            .map(|x| x.to_string());
        entries.push(SitemapEntry {
            loc: config.absolute_url(&d.url_path),
            lastmod,
        });
    }
    ctx.insert("entries", &entries);
}

/// What the `<head>` says about a page: description, canonical URL, Open Graph, JSON-LD.
#[derive(Serialize)]
struct PageMeta {
    description: String,
    /// Absolute canonical URL.
    url: String,
    /// Open Graph type: `article` or `website`.
    og_type: &'static str,
    /// Absolute URL of the page's image, if any: a story photo's 1200×630 crop.
    image: Option<String>,
    /// Its size in pixels, when known, and its alt text.
    image_width: Option<u32>,
    image_height: Option<u32>,
    image_alt: Option<String>,
    /// schema.org JSON-LD, serialised (safe to print inside `<script>`).
    jsonld: Option<String>,
    /// Atom feed of this page (agenda themes and quadrants), absolute.
    feed: Option<String>,
}

fn page_meta(views: &Views<'_>, job: &Job, path: &str) -> PageMeta {
    let config = views.config;
    let organisation = OrganisationLd {
        context: None,
        kind: "GovernmentOrganization",
        description: None,
        name: &config.municipality,
        url: &config.base_url,
    };
    let mut meta = PageMeta {
        description: config.description.clone().unwrap_or_default(),
        url: config.absolute_url(path),
        og_type: "website",
        image: None,
        image_width: None,
        image_height: None,
        image_alt: None,
        jsonld: None,
        feed: None,
    };
    match job {
        Job::NotFound => meta.url = String::new(),
        Job::Home => {
            meta.jsonld = Some(json_for_script(&OrganisationLd {
                context: Some(SCHEMA_ORG),
                description: config.description.as_deref(),
                ..organisation
            }));
        }
        Job::Document(i) => document_meta(config, (views.site, *i), organisation, &mut meta),
        Job::TermPage { doc, .. } => {
            // Its description and feed, without the JSON-LD of the document's own page.
            document_meta(config, (views.site, *doc), organisation, &mut meta);
            meta.jsonld = None;
        }
        Job::Term { taxonomy, term, .. } => {
            let index = &views.site.taxonomies[*taxonomy];
            let path = index.term_path(&index.terms[*term], 1);
            meta.feed = Some(config.absolute_url(&format!("{path}atom.xml")));
        }
        _ => {}
    }
    meta
}

/// A document page's head: its own description, its image, its feed (agenda themes and
/// quadrants); stories and chapters are articles, with JSON-LD.
fn document_meta(
    config: &Config,
    (site, i): (&Site, DocIdx),
    organisation: OrganisationLd<'_>,
    meta: &mut PageMeta,
) {
    let d = &*site.docs[i];
    meta.description = view::description(d);
    // A photo's Open Graph crop; another image as it is; absolute.
    let image = &site.images[i];
    let absolute = |url: &str| {
        let path = url.strip_prefix(config.base_path.as_str()).unwrap_or(url);
        config.absolute_url(path)
    };
    if let Some(picture) = &image.picture {
        meta.image = Some(absolute(&picture.og));
        meta.image_width = Some(picture.og_width);
        meta.image_height = Some(picture.og_height);
    } else if let Some(src) = image.src.as_deref().filter(|s| s.starts_with('/')) {
        meta.image = Some(absolute(src));
        meta.image_width = image.size.map(|(w, _)| w);
        meta.image_height = image.size.map(|(_, h)| h);
    }
    if meta.image.is_some()
        && let crate::model::Fields::Story { image_alt, .. } = &d.fields
    {
        meta.image_alt = image_alt.clone();
    }
    if matches!(d.kind, Kind::AgendaTheme | Kind::Quadrant) {
        meta.feed = Some(config.absolute_url(&format!("{}atom.xml", d.url_path)));
    }
    if matches!(d.kind, Kind::Story | Kind::Chapter) {
        meta.og_type = "article";
        let jsonld = json_for_script(&article_ld(config, d, organisation, meta));
        meta.jsonld = Some(jsonld);
    }
}

/// A story's or chapter's schema.org `Article`: by its authors (the municipality when it
/// names none), with the description, image and URL of its head.
fn article_ld<'a>(
    config: &'a Config,
    d: &'a crate::model::Document,
    organisation: OrganisationLd<'a>,
    meta: &'a PageMeta,
) -> ArticleLd<'a> {
    let authors: &[String] = match &d.fields {
        crate::model::Fields::Story { authors, .. }
        | crate::model::Fields::Chapter { authors, .. } => authors,
        _ => &[],
    };
    let author = if authors.is_empty() {
        AuthorLd::Organisation(organisation)
    } else {
        AuthorLd::People(
            authors
                .iter()
                .map(|name| PersonLd {
                    kind: "Person",
                    name,
                })
                .collect(),
        )
    };
    ArticleLd {
        context: SCHEMA_ORG,
        kind: "Article",
        author,
        date_modified: d
            .fields
            .updated()
            .or(d.fields.date())
            .map(|x| x.to_string()),
        date_published: d.fields.date().map(|x| x.to_string()),
        description: &meta.description,
        headline: &d.common.title,
        image: meta.image.as_deref(),
        in_language: config.locale.code(),
        publisher: organisation,
        url: &meta.url,
    }
}

const SCHEMA_ORG: &str = "https://schema.org";

// JSON-LD for the `<head>`, serialised straight from these types. Fields are in
// alphabetical order (`@` first), the order the output has always had.

#[derive(Serialize, Clone, Copy)]
struct OrganisationLd<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct PersonLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum AuthorLd<'a> {
    People(Vec<PersonLd<'a>>),
    Organisation(OrganisationLd<'a>),
}

#[derive(Serialize)]
struct ArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: AuthorLd<'a>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    publisher: OrganisationLd<'a>,
    url: &'a str,
}

/// JSON that cannot close the `<script>` element it sits in.
fn json_for_script(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    if !json.contains('<') {
        return json;
    }
    json.replace("</", "<\\/").replace("<!--", "\\u003c!--")
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

/// Home › list › page, for the "Kruimelpad" (empty on the home page).
fn breadcrumbs(views: &Views<'_>, job: &Job) -> Vec<Crumb> {
    let config = views.config;
    let site = views.site;
    let lang = config.locale;
    let home = Crumb {
        title: lang.text("crumb.home").to_string(),
        url: config.base_path.clone(),
    };
    let list = |kind: Kind| Crumb {
        title: section_title(site, config, config.folder(kind)),
        url: views.url(&format!("{}/", config.folder(kind))),
    };
    match job {
        Job::List { kind, page } => {
            let mut crumbs = vec![home, list(*kind)];
            if *page > 1 {
                crumbs.push(Crumb {
                    title: format!("{} {page}", lang.text("crumb.page")),
                    url: views.url(&format!("{}/pagina/{page}/", config.folder(*kind))),
                });
            }
            crumbs
        }
        Job::Document(i) => {
            let d = &site.docs[*i];
            let mut crumbs = vec![home];
            if d.kind != Kind::Page {
                crumbs.push(list(d.kind));
            }
            crumbs.push(Crumb {
                title: d.common.title.clone(),
                url: views.url(&d.url_path),
            });
            crumbs
        }
        Job::TermPage { doc, page } => {
            let d = &site.docs[*doc];
            vec![
                home,
                list(d.kind),
                Crumb {
                    title: d.common.title.clone(),
                    url: views.url(&d.url_path),
                },
                Crumb {
                    title: format!("{} {page}", lang.text("crumb.page")),
                    url: views.url(&format!("{}pagina/{page}/", d.url_path)),
                },
            ]
        }
        Job::Taxonomy(t) => {
            let index = &site.taxonomies[*t];
            vec![
                home,
                Crumb {
                    title: index.label.clone(),
                    url: views.url(&index.path()),
                },
            ]
        }
        Job::Term {
            taxonomy,
            term,
            page,
        } => {
            let index = &site.taxonomies[*taxonomy];
            let t = &index.terms[*term];
            let mut crumbs = vec![
                home,
                Crumb {
                    title: index.label.clone(),
                    url: views.url(&index.path()),
                },
                Crumb {
                    title: t.label.clone(),
                    url: views.url(&index.term_path(t, 1)),
                },
            ];
            if *page > 1 {
                crumbs.push(Crumb {
                    title: format!("{} {page}", lang.text("crumb.page")),
                    url: views.url(&index.term_path(t, *page)),
                });
            }
            crumbs
        }
        Job::Print => vec![
            home,
            list(Kind::Chapter),
            Crumb {
                title: lang.text("crumb.print").to_string(),
                url: views.url(&format!("{}/print/", config.folder(Kind::Chapter))),
            },
        ],
        _ => Vec::new(),
    }
}

fn feed_entry(views: &Views<'_>, i: DocIdx) -> FeedEntry {
    let d = &views.site.docs[i];
    let updated = d
        .fields
        .updated()
        .or(d.fields.date())
        .map_or_else(|| "1970-01-01".into(), |x| x.to_string());
    FeedEntry {
        link: views.doc_link(i),
        permalink: views.config.absolute_url(&d.url_path),
        updated,
    }
}

/// The title of a folder's list page (the breadcrumb of every page in it needs only
/// that, not the intro text).
fn section_title(site: &Site, config: &Config, folder: &str) -> String {
    match site.sections.get(folder) {
        Some((s, _)) if !s.common.title.is_empty() => s.common.title.clone(),
        _ => match config.kind_of_folder(folder) {
            Some(k) => strings::list_title(k, config.locale).to_string(),
            None => config.title.clone(),
        },
    }
}

fn section(
    site: &Site,
    config: &Config,
    folder: &str,
    expand: &Expand<'_>,
) -> Result<Section, Box<problems::Failure>> {
    let title = section_title(site, config, folder);
    let content = match site.sections.get(folder) {
        Some((index, html)) => expand
            .body(html.as_str().into(), &index.body.components)?
            .into_owned(),
        None => String::new(),
    };
    let url = if folder.is_empty() {
        config.base_path.clone()
    } else {
        format!("{}{folder}/", config.base_path)
    };
    Ok(Section {
        title,
        url,
        content,
        kind: config.kind_of_folder(folder).map_or("home", Kind::token),
    })
}

#[derive(Serialize)]
struct ThemeGroup {
    theme: Link,
    items: Vec<Link>,
    stories: usize,
}

fn theme_groups(views: &Views<'_>) -> Vec<ThemeGroup> {
    views
        .site
        .of_kind(Kind::AgendaTheme)
        .iter()
        .map(|&t| {
            let inc = &views.site.incoming[t];
            let mut order = inc.items.clone();
            order.sort_by_key(|&i| match &views.site.docs[i].fields {
                crate::model::Fields::Agenda {
                    status: Some(s), ..
                } => status_order(Some(s.token())),
                _ => status_order(None),
            });
            let items = views.links(&order);
            ThemeGroup {
                theme: views.link(t),
                items,
                stories: inc.stories.len(),
            }
        })
        .collect()
}

fn status_order(token: Option<&str>) -> u8 {
    match token {
        Some("lopend") => 0,
        Some("voornemen") => 1,
        Some("afgerond") => 2,
        _ => 3,
    }
}

#[derive(Serialize)]
struct QuadrantCell {
    quadrant: Link,
    /// 0 = resultaat (top), 1 = waarde.
    row: u8,
    /// 0 = van binnen naar buiten (left), 1 = van buiten naar binnen.
    col: u8,
    sturing: &'static str,
    richting: &'static str,
    stories: usize,
}

fn quadrant_cells(views: &Views<'_>) -> Vec<QuadrantCell> {
    views
        .site
        .of_kind(Kind::Quadrant)
        .iter()
        .filter_map(|&q| match &views.site.docs[q].fields {
            crate::model::Fields::Quadrant { axes, .. } => Some(QuadrantCell {
                quadrant: views.link(q),
                row: u8::from(!axes.resultaat),
                col: u8::from(axes.buiten_binnen),
                sturing: axes.sturing(),
                richting: axes.richting(),
                stories: views.site.incoming[q].stories.len(),
            }),
            _ => None,
        })
        .collect()
}

#[derive(Serialize)]
struct MatrixRow {
    theme: Link,
    /// Story counts per quadrant, in the order of `quadrants`.
    counts: Vec<usize>,
}

/// Agenda theme × quadrant: how many stories share both.
fn matrix(views: &Views<'_>) -> Vec<MatrixRow> {
    let site = views.site;
    let quadrants = site.of_kind(Kind::Quadrant);
    site.of_kind(Kind::AgendaTheme)
        .iter()
        .map(|&t| {
            let mut counts = vec![0; quadrants.len()];
            for &s in &site.incoming[t].stories {
                for (c, q) in quadrants.iter().enumerate() {
                    if site.refs[s].quadrants.contains(q) {
                        counts[c] += 1;
                    }
                }
            }
            MatrixRow {
                theme: views.link(t),
                counts,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn the_page_window_has_constant_size() {
        assert_eq!(page_window(1, 1), [1]);
        assert_eq!(page_window(1, 3), [1, 2, 3]);
        assert_eq!(page_window(250, 499), [1, 248, 249, 250, 251, 252, 499]);
        assert_eq!(page_window(499, 499), [1, 497, 498, 499]);
    }
}
