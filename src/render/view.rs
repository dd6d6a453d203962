//! The template contract: the view types templates see.
//!
//! Borrow-free, serialisable copies of just what a page shows, built from the resolved
//! site. `docs/templates.md` documents every field; change both together.

use serde::Serialize;

use crate::config::Config;
use crate::locale::Locale;
use crate::model::{Date, Document, Extra, Fields, Kind, Withheld};
use crate::resolve::{DocIdx, Site};

/// A date as templates show it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2026-08-21`, for `<time datetime>` and feeds.
    pub iso: String,
    /// `21 augustus 2026` / `21 August 2026`.
    pub text: String,
}

impl DateView {
    pub fn new(date: Date, locale: Locale) -> DateView {
        DateView {
            iso: date.to_string(),
            text: locale.date(date.year, date.month, date.day),
        }
    }
}

/// A short reference to a document, for lists and links.
#[derive(Debug, Clone, Serialize)]
pub struct DocLink {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// With the base path: `/verhalen/buurtkamer-oost/`.
    pub url: String,
    pub summary: String,
    pub date: Option<DateView>,
    pub place: Option<String>,
    /// Agenda items: status token (`voornemen`, `lopend`, `afgerond`) and label.
    pub status: Option<StatusView>,
    /// Stories with a photo: its widths and formats, for a thumbnail on a card.
    pub picture: Option<std::sync::Arc<crate::images::Picture>>,
}

/// A [`DocLink`] as a template value: built once per document and build, and shared by
/// every page that lists the document (a Tera map behind an `Arc`, so a copy is a
/// reference count — a theme page listing 2,500 stories used to build 5,000 links).
#[derive(Debug, Clone)]
pub struct Link(tera::Value);

impl Serialize for Link {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Tera takes a value it meets while serialising a context as it is.
        self.0.serialize(serializer)
    }
}

/// The template values of the site's links, each made on first use (pages render in
/// parallel, and most documents are listed by several pages).
pub struct LinkValues(Vec<std::sync::OnceLock<tera::Value>>);

impl LinkValues {
    pub fn new(documents: usize) -> LinkValues {
        LinkValues((0..documents).map(|_| std::sync::OnceLock::new()).collect())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub token: &'static str,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A quadrant's place in the 2×2.
#[derive(Debug, Clone, Serialize)]
pub struct AxesView {
    /// `resultaat` or `waarde`.
    pub sturing: &'static str,
    /// `binnen-buiten` or `buiten-binnen`.
    pub richting: &'static str,
    pub sturing_label: String,
    pub richting_label: String,
}

/// One document page: its [`DocLink`]'s fields, then the page's own.
///
/// The link's fields are spelled out rather than `#[serde(flatten)]`: flattening makes
/// the page a map, whose keys Tera allocates one by one for every page (a struct's are
/// static). [`Views::page`] takes the link apart without `..`, so a field added to
/// `DocLink` does not compile until it is here too.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub date: Option<DateView>,
    pub place: Option<String>,
    pub status: Option<StatusView>,
    /// Absolute URL (canonical).
    pub permalink: String,
    pub description: String,
    /// Body HTML, links resolved (borrowed when resolving filled it, written here when a
    /// one-shot build deferred its fills; the template context copies it once).
    pub content: std::borrow::Cow<'a, str>,
    pub toc: Vec<TocEntry>,
    pub updated: Option<DateView>,
    pub authors: Vec<String>,
    pub word_count: usize,
    pub themes: Vec<Link>,
    pub quadrants: Vec<Link>,
    pub roles: Vec<Link>,
    /// Stories named in front matter (chapters, agenda items) or pointing here
    /// (agenda themes, quadrants, roles).
    pub stories: Vec<Link>,
    /// Chapters pointing here (quadrants, agenda themes).
    pub chapters: Vec<Link>,
    /// Agenda items pointing here (agenda themes, quadrants).
    pub items: Vec<Link>,
    pub related: Vec<Link>,
    pub backlinks: Vec<Link>,
    /// Agenda item: its agenda theme.
    pub theme: Option<Link>,
    pub owner: Option<String>,
    pub due: Option<DateView>,
    pub axes: Option<AxesView>,
    pub aka: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    /// A story's photo: its widths and formats (`srcset`, `sources`) and Open Graph crop.
    pub picture: Option<std::sync::Arc<crate::images::Picture>>,
    /// Chapters: previous and next in the storyline.
    pub previous: Option<Link>,
    pub next: Option<Link>,
    pub publish_date: Option<DateView>,
    pub expires: Option<DateView>,
    /// Set when the page is built although it is not published on the as-of date (a
    /// draft under `--drafts`, a scheduled or expired document in serve's preview).
    pub withheld: Option<WithheldView>,
    /// `extra`: the site's own front-matter fields, as written.
    pub extra: ExtraView<'a>,
    /// The site's own taxonomies the document names, with its terms in each.
    pub taxonomies: Vec<TermsView>,
}

/// One of the site's own taxonomies on a document's page: the terms it names.
#[derive(Debug, Clone, Serialize)]
pub struct TermsView {
    /// Its `name` (`wijken`): the search filter's name.
    pub name: String,
    /// Its `label` (`Wijken`).
    pub label: String,
    pub terms: Vec<TermLink>,
}

/// A link to a term's page.
#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    pub title: String,
    /// Its URL segment (`oost`).
    pub slug: String,
    /// With the base path: `/wijken/oost/`.
    pub url: String,
    /// How many documents name it.
    pub count: usize,
}

/// A taxonomy's overview or one of its term pages: the taxonomy and all its terms.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyView {
    pub name: String,
    pub label: String,
    /// With the base path: `/wijken/`.
    pub url: String,
    pub terms: Vec<TermLink>,
}

/// Why a page that is built is not published (its banner).
#[derive(Debug, Clone, Serialize)]
pub struct WithheldView {
    /// `draft`, `scheduled` or `expired`.
    pub state: &'static str,
    /// The banner's sentence in the site's language.
    pub text: String,
}

/// The `extra` mapping as templates see it: texts, numbers, true/false, lists and maps.
#[derive(Debug, Clone, Copy)]
pub struct ExtraView<'a>(pub &'a [(String, Extra)]);

impl Serialize for ExtraView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, &ExtraValue(value))?;
        }
        map.end()
    }
}

/// One `extra` value (see [`ExtraView`]).
struct ExtraValue<'a>(&'a Extra);

impl Serialize for ExtraValue<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self.0 {
            Extra::Null => serializer.serialize_none(),
            Extra::Bool(b) => serializer.serialize_bool(*b),
            Extra::Int(i) => serializer.serialize_i64(*i),
            Extra::Number(text) => match text.parse::<f64>() {
                Ok(n) if n.is_finite() => serializer.serialize_f64(n),
                _ => serializer.serialize_str(text),
            },
            Extra::Text(text) => serializer.serialize_str(text),
            Extra::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&ExtraValue(item))?;
                }
                seq.end()
            }
            Extra::Map(entries) => ExtraView(entries).serialize(serializer),
        }
    }
}

/// Builds views; holds what every view needs.
pub struct Views<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub links: &'a LinkValues,
}

impl<'a> Views<'a> {
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.config.base_path, site_path)
    }

    /// The link to term `term` of the site's own taxonomy `t`.
    pub fn term_link(&self, t: usize, term: usize) -> TermLink {
        let index = &self.site.taxonomies[t];
        let term = &index.terms[term];
        TermLink {
            title: term.label.clone(),
            slug: term.slug.clone(),
            url: self.url(&index.term_path(term, 1)),
            count: term.docs.len(),
        }
    }

    /// The site's own taxonomy `t` with every term.
    pub fn taxonomy(&self, t: usize) -> TaxonomyView {
        let index = &self.site.taxonomies[t];
        TaxonomyView {
            name: index.name.clone(),
            label: index.label.clone(),
            url: self.url(&index.path()),
            terms: (0..index.terms.len())
                .map(|term| self.term_link(t, term))
                .collect(),
        }
    }

    /// The terms document `i` names, per taxonomy in site.toml's order.
    fn terms_of(&self, i: DocIdx) -> Vec<TermsView> {
        let site = self.site;
        site.docs[i]
            .common
            .terms
            .iter()
            .filter_map(|terms| {
                let t = site
                    .taxonomies
                    .iter()
                    .position(|x| x.name == terms.taxonomy)?;
                let index = &site.taxonomies[t];
                let links = terms
                    .values
                    .iter()
                    .filter_map(|v| index.terms.iter().position(|x| x.slug == v.slug))
                    .map(|term| self.term_link(t, term))
                    .collect();
                Some(TermsView {
                    name: index.name.clone(),
                    label: index.label.clone(),
                    terms: links,
                })
            })
            .collect()
    }

    /// The link to document `i`, as a shared template value.
    pub fn link(&self, i: DocIdx) -> Link {
        let value = self.links.0[i].get_or_init(|| {
            tera::Value::try_from_serializable(&self.doc_link(i))
                .unwrap_or_else(|_| tera::Value::none())
        });
        Link(value.clone())
    }

    /// The link to document `i`, as its fields.
    pub fn doc_link(&self, i: DocIdx) -> DocLink {
        let d = &self.site.docs[i];
        let lang = self.config.locale;
        DocLink {
            kind: d.kind.token(),
            id: d.id.clone(),
            title: d.common.title.clone(),
            url: self.url(&d.url_path),
            summary: summary(d),
            date: d.fields.date().map(|x| DateView::new(x, lang)),
            place: match &d.fields {
                Fields::Story { place, .. } => place.clone(),
                _ => None,
            },
            status: match &d.fields {
                Fields::Agenda {
                    status: Some(s), ..
                } => Some(StatusView {
                    token: s.token(),
                    label: status_label(s.token(), lang).to_string(),
                }),
                _ => None,
            },
            picture: self.site.images[i].picture.clone(),
        }
    }

    pub fn links(&self, list: &[DocIdx]) -> Vec<Link> {
        list.iter().map(|&i| self.link(i)).collect()
    }

    pub fn page(&self, i: DocIdx) -> PageView<'a> {
        self.page_at(i, 1)
    }

    /// Document `i`'s page `page` (from 1): an agenda theme, quadrant or role lists one
    /// page of its stories.
    pub fn page_at(&self, i: DocIdx, page: usize) -> PageView<'a> {
        let site = self.site;
        let d = &site.docs[i];
        let lang = self.config.locale;
        let refs = &site.refs[i];
        let incoming = &site.incoming[i];
        let Listed {
            stories,
            chapters,
            items,
        } = self.listed(i, page);
        let (previous, next) = self.storyline(i);
        let DocLink {
            kind,
            id,
            title,
            url,
            summary,
            date,
            place,
            status,
            picture,
        } = self.doc_link(i);
        let mut view = PageView {
            kind,
            id,
            title,
            url,
            summary,
            date,
            place,
            status,
            permalink: self.config.absolute_url(&d.url_path),
            description: description(d),
            content: site.content(i),
            toc: toc(d),
            updated: d.fields.updated().map(|x| DateView::new(x, lang)),
            authors: Vec::new(),
            word_count: d.body.word_count,
            themes: if d.kind == Kind::Agenda {
                Vec::new()
            } else {
                self.links(&refs.themes)
            },
            quadrants: self.links(&refs.quadrants),
            roles: self.links(&refs.roles),
            stories,
            chapters,
            items,
            related: self.links(&site.related[i]),
            // Page 2 and on of a paginated list repeat none of page 1's lists: an agenda
            // theme's backlinks name every story that names it, and would tie each of
            // its pages to every story's title.
            backlinks: if page == 1 {
                self.links(&incoming.backlinks)
            } else {
                Vec::new()
            },
            theme: site.agenda_theme.get(&i).map(|&t| self.link(t)),
            owner: None,
            due: None,
            axes: None,
            aka: Vec::new(),
            image: site.images[i].src.clone(),
            image_alt: match &d.fields {
                Fields::Story { image_alt, .. } => image_alt.clone(),
                _ => None,
            },
            image_width: site.images[i].size.map(|(w, _)| w),
            image_height: site.images[i].size.map(|(_, h)| h),
            picture,
            previous,
            next,
            publish_date: d.common.publish_date.map(|p| DateView::new(p.date, lang)),
            expires: d.common.expires.map(|e| DateView::new(e.date, lang)),
            withheld: self.config.unpublished(&d.common).map(|why| {
                let (state, date) = match why {
                    Withheld::Draft => ("draft", None),
                    Withheld::Scheduled(date) => ("scheduled", Some(date)),
                    Withheld::Expired(date) => ("expired", Some(date)),
                };
                let date = date.map_or(String::new(), |d| DateView::new(d, lang).text);
                let text = lang
                    .text(&format!("withheld.{state}"))
                    .replace("{date}", &date);
                WithheldView { state, text }
            }),
            extra: ExtraView(&d.common.extra),
            taxonomies: self.terms_of(i),
        };
        self.kind_fields(&mut view, &d.fields);
        view
    }

    /// The stories, chapters and agenda items document `i`'s page lists: those pointing
    /// to it (agenda themes, quadrants, roles), or the stories it names itself.
    fn listed(&self, i: DocIdx, page: usize) -> Listed {
        let site = self.site;
        let incoming = &site.incoming[i];
        match site.docs[i].kind {
            Kind::AgendaTheme | Kind::Quadrant | Kind::Role => Listed {
                stories: self.links(site.term_stories(i, page, self.config.page_size)),
                chapters: self.links(&incoming.chapters),
                items: self.links(&incoming.items),
            },
            Kind::Chapter | Kind::Story | Kind::Agenda | Kind::Page => Listed {
                stories: self.links(&site.refs[i].stories),
                chapters: Vec::new(),
                items: Vec::new(),
            },
        }
    }

    /// A chapter's previous and next chapter in the storyline; none for other kinds.
    fn storyline(&self, i: DocIdx) -> (Option<Link>, Option<Link>) {
        if self.site.docs[i].kind != Kind::Chapter {
            return (None, None);
        }
        let order = self.site.of_kind(Kind::Chapter);
        let pos = order.iter().position(|&c| c == i);
        (
            pos.and_then(|p| p.checked_sub(1))
                .map(|p| self.link(order[p])),
            pos.and_then(|p| order.get(p + 1)).map(|&n| self.link(n)),
        )
    }

    /// The fields only some kinds have (authors, image, owner, due date, axes), from the
    /// document's front matter into its page.
    fn kind_fields(&self, view: &mut PageView<'a>, fields: &Fields) {
        let lang = self.config.locale;
        match fields {
            Fields::Chapter { authors, .. } => view.authors = authors.clone(),
            Fields::Story { authors, .. } => view.authors = authors.clone(),
            Fields::Agenda { owner, due, .. } => {
                view.owner = owner.clone();
                view.due = due.map(|x| DateView::new(x, lang));
            }
            Fields::Quadrant { axes, aka, .. } => {
                view.aka = aka.clone();
                view.axes = Some(AxesView {
                    sturing: axes.sturing(),
                    richting: axes.richting(),
                    sturing_label: axis_label(axes.sturing(), lang).to_string(),
                    richting_label: axis_label(axes.richting(), lang).to_string(),
                });
            }
            _ => {}
        }
    }
}

/// What a page lists besides its references (see `Views::listed`).
struct Listed {
    stories: Vec<Link>,
    chapters: Vec<Link>,
    items: Vec<Link>,
}

/// One link of the footer.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct FooterLink {
    pub title: String,
    pub url: String,
}

/// The footer's links: the site's pages `toegankelijkheid`, `privacy` and `over`, those
/// it has (a link to a page the site lacks would be dead). Every page shows them, so
/// their presence is part of every page's key.
pub fn footer(site: &Site, config: &Config) -> Vec<FooterLink> {
    if let Some(items) = &config.menus.footer {
        return items
            .iter()
            .map(|item| FooterLink {
                title: item.title.clone(),
                url: item.href(&config.base_path),
            })
            .collect();
    }
    [
        ("toegankelijkheid/", "footer_accessibility"),
        ("privacy/", "footer_privacy"),
        ("over/", "footer_about"),
    ]
    .into_iter()
    .filter(|(path, _)| {
        site.docs
            .iter()
            .any(|d| d.kind == Kind::Page && d.url_path == *path)
    })
    .map(|(path, key)| FooterLink {
        title: config.locale.text(key).to_string(),
        url: format!("{}{path}", config.base_path),
    })
    .collect()
}

/// A page's table of contents: its headings down to level 3.
fn toc(d: &Document) -> Vec<TocEntry> {
    d.body
        .headings
        .iter()
        .filter(|h| h.level <= 3)
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.text.clone(),
        })
        .collect()
}

/// A page's description: its front-matter `description`, else its summary.
pub fn description(d: &Document) -> String {
    d.common.description.clone().unwrap_or_else(|| summary(d))
}

/// A document's summary: its front-matter `summary`, else its first paragraph.
fn summary(d: &Document) -> String {
    d.common
        .summary
        .clone()
        .unwrap_or_else(|| d.body.first_paragraph.clone())
}

pub fn status_label(token: &str, locale: Locale) -> &'static str {
    locale.text(&format!("status.{token}"))
}

/// The label of an axis token (`resultaat`, `binnen-buiten`, …).
pub fn axis_label(token: &str, locale: Locale) -> &'static str {
    locale.text(&format!("axis.{token}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_dutch_and_english() {
        let d = Date::parse("2026-08-21").unwrap();
        assert_eq!(DateView::new(d, Locale::Nl).text, "21 augustus 2026");
        assert_eq!(DateView::new(d, Locale::En).text, "21 August 2026");
    }
}
