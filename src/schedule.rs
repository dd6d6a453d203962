//! Publication dates: the build's as-of date and what changes after it.
//!
//! A document is published from its `publish_date` until (not on) its `expires`, judged
//! on the build's *as-of* date. That date is an input like the files (`--as-of`, or
//! today in Europe/Amsterdam, where the municipalities' councils decide), so the output
//! stays a pure function of its inputs. This module reads the clock once, for that
//! default, and tells `check --next-change` on which day the output would change.

use std::sync::Arc;

use crate::model::{Date, Document};

/// Today in Europe/Amsterdam: central European time, summer time from the last Sunday
/// of March to the last Sunday of October, both at 01:00 UTC (EU directive 2000/84/EC,
/// the rule since 1996). `None` if the clock is before 1970.
pub fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    amsterdam_date(i64::try_from(secs).ok()?)
}

/// The date in Amsterdam at `unix` seconds since 1970-01-01T00:00:00Z.
fn amsterdam_date(unix: i64) -> Option<Date> {
    let (year, _, _) = civil(unix.div_euclid(86_400));
    let summer_start = last_sunday(year, 3) * 86_400 + 3_600;
    let summer_end = last_sunday(year, 10) * 86_400 + 3_600;
    let offset = if (summer_start..summer_end).contains(&unix) {
        7_200
    } else {
        3_600
    };
    let (y, m, d) = civil((unix + offset).div_euclid(86_400));
    Some(Date {
        year: u16::try_from(y).ok()?,
        month: u8::try_from(m).ok()?,
        day: u8::try_from(d).ok()?,
    })
}

/// Days since 1970-01-01 of the last Sunday of `month` (March or October: 31 days).
fn last_sunday(year: i64, month: i64) -> i64 {
    let last = days_from_civil(year, month, 31);
    // 1970-01-01 was a Thursday: weekday 0 is Sunday.
    let weekday = (last + 4).rem_euclid(7);
    last - weekday
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm; also the
/// benchmark site generator's calendar).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a day counted from 1970-01-01 (Howard
/// Hinnant's algorithm).
pub fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// What happens to one document on a change day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Its `publish_date`: it appears.
    Appears,
    /// Its `expires`: it disappears.
    Disappears,
}

/// The next day after the as-of date on which the output changes, and the documents
/// that change on it (in site order: kind, id, path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextChange {
    pub date: Date,
    pub changes: Vec<(Arc<Document>, Change)>,
}

/// The first `publish_date` or `expires` after `as_of` among the documents that are
/// built (drafts only when `drafts`); `None` when nothing is scheduled.
pub fn next_change(documents: &[Arc<Document>], as_of: Date, drafts: bool) -> Option<NextChange> {
    let dates = |d: &Arc<Document>| {
        let c = &d.common;
        [
            c.publish_date.map(|p| (p.date, Change::Appears)),
            c.expires.map(|e| (e.date, Change::Disappears)),
        ]
    };
    let built = || documents.iter().filter(|d| drafts || !d.common.draft);
    let date = built()
        .flat_map(dates)
        .flatten()
        .map(|(date, _)| date)
        .filter(|&date| date > as_of)
        .min()?;
    let mut changes: Vec<(Arc<Document>, Change)> = built()
        .flat_map(|d| {
            dates(d)
                .into_iter()
                .flatten()
                .filter(|&(on, _)| on == date)
                .map(|(_, change)| (d.clone(), change))
                .collect::<Vec<_>>()
        })
        .collect();
    changes.sort_by(|(a, _), (b, _)| {
        (a.kind, &a.id, &a.source_path).cmp(&(b.kind, &b.id, &b.source_path))
    });
    Some(NextChange { date, changes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;
    use crate::model::{Body, Common, DateAt, Fields, Kind};

    fn unix(y: i64, m: i64, d: i64, hour: i64, minute: i64) -> i64 {
        days_from_civil(y, m, d) * 86_400 + hour * 3_600 + minute * 60
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in [-1, 0, 59, 60, 365, 11_016, 20_000, 30_000] {
            let (y, m, d) = civil(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(last_sunday(2026, 3), days_from_civil(2026, 3, 29));
        assert_eq!(last_sunday(2026, 10), days_from_civil(2026, 10, 25));
    }

    #[test]
    fn amsterdam_midnight_follows_winter_and_summer_time() {
        // Winter: UTC+1, so 23:30 UTC is already the next day.
        assert_eq!(
            amsterdam_date(unix(2026, 1, 14, 22, 59)),
            Some(date("2026-01-14"))
        );
        assert_eq!(
            amsterdam_date(unix(2026, 1, 14, 23, 0)),
            Some(date("2026-01-15"))
        );
        // Summer: UTC+2.
        assert_eq!(
            amsterdam_date(unix(2026, 7, 1, 21, 59)),
            Some(date("2026-07-01"))
        );
        assert_eq!(
            amsterdam_date(unix(2026, 7, 1, 22, 0)),
            Some(date("2026-07-02"))
        );
        // New Year's Eve in UTC is New Year's Day in Amsterdam.
        assert_eq!(
            amsterdam_date(unix(2026, 12, 31, 23, 30)),
            Some(date("2027-01-01"))
        );
        // The switch days themselves: 29 March and 25 October 2026.
        assert_eq!(
            amsterdam_date(unix(2026, 3, 29, 22, 0)),
            Some(date("2026-03-30"))
        );
        assert_eq!(
            amsterdam_date(unix(2026, 10, 25, 22, 59)),
            Some(date("2026-10-25"))
        );
        assert_eq!(
            amsterdam_date(unix(2026, 10, 25, 23, 0)),
            Some(date("2026-10-26"))
        );
    }

    fn doc(id: &str, publish: Option<&str>, expires: Option<&str>, draft: bool) -> Arc<Document> {
        let at = |d: Option<&str>| {
            d.map(|d| DateAt {
                date: date(d),
                position: Position::START,
            })
        };
        Arc::new(Document {
            kind: Kind::Page,
            id: id.into(),
            source_path: format!("content/{id}.md").into(),
            content_path: format!("{id}.md"),
            url_path: format!("{id}/"),
            common: Common {
                title: id.into(),
                draft,
                publish_date: at(publish),
                expires: at(expires),
                ..Common::default()
            },
            fields: Fields::Page,
            body: Body::default(),
        })
    }

    #[test]
    fn the_next_change_is_the_first_date_after_the_as_of_date() {
        let docs = vec![
            doc("b", Some("2027-03-01"), Some("2027-04-01"), false),
            doc("a", None, Some("2027-03-01"), false),
            doc("c", Some("2027-02-01"), None, true),
            doc("d", Some("2026-01-01"), None, false),
        ];
        let next = next_change(&docs, date("2027-01-01"), false).unwrap();
        assert_eq!(next.date, date("2027-03-01"));
        let found: Vec<(&str, Change)> = next
            .changes
            .iter()
            .map(|(d, c)| (d.id.as_str(), *c))
            .collect();
        assert_eq!(found, [("a", Change::Disappears), ("b", Change::Appears)]);
        // With drafts built, the draft's date comes first.
        let next = next_change(&docs, date("2027-01-01"), true).unwrap();
        assert_eq!(next.date, date("2027-02-01"));
        // The as-of date itself is not a change to come.
        let next = next_change(&docs, date("2027-03-01"), false).unwrap();
        assert_eq!(next.date, date("2027-04-01"));
        assert_eq!(next_change(&docs, date("2027-04-01"), false), None);
    }

    #[test]
    fn publication_is_due_between_its_dates() {
        use crate::model::Publication;
        let d = doc("x", Some("2027-03-01"), Some("2027-04-01"), false);
        let on = |s| d.common.publication(date(s));
        assert_eq!(on("2027-02-28"), Publication::Scheduled(date("2027-03-01")));
        assert_eq!(on("2027-03-01"), Publication::Due);
        assert_eq!(on("2027-03-31"), Publication::Due);
        assert_eq!(on("2027-04-01"), Publication::Expired(date("2027-04-01")));
    }
}
