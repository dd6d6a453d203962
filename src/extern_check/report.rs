//! What `check --extern` tells: a diagnostic for every external link that is not fine,
//! at each place it is written, and the JSON report of every URL (`--extern-report`).
//!
//! Severity (docs/handboek.md): a link that leads nowhere — 404 or 410 (also at the end
//! of its redirects), a host name that does not exist, a refused connection, endless
//! redirects — is an error (`extern-dead`). What may pass by itself, or is the other
//! side's choice, is a warning: a permanent redirect (`extern-moved`, with the new URL),
//! no answer in time (`extern-timeout`), a server error 5xx (`extern-server-error`), and
//! a site that does not let the check through or an answer that cannot be read
//! (`extern-not-checked`: 401, 403, 429, other statuses, TLS, a broken connection).

use crate::diagnostics::{Diagnostic, Position, Severity, diagnostic};
use crate::messages::{ExternLink, ExternWhy, Lang, Msg};

use super::{Checked, Failure, Link, Origin, Outcome, State};

/// What a result means for the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// An answer 2xx, directly or after temporary redirects only.
    Fine,
    /// An answer 2xx after a permanent redirect: link to `to` instead.
    Moved {
        to: String,
    },
    /// Leads nowhere; `via`: where its redirects ended, when it had any.
    Dead {
        why: ExternWhy,
        via: Option<String>,
    },
    Timeout,
    ServerError {
        status: u16,
    },
    NotChecked {
        why: ExternWhy,
    },
}

impl Verdict {
    pub fn of(checked: &Checked) -> Verdict {
        let via = checked.final_url().map(str::to_string);
        if let Some(failure) = &checked.failure {
            return match failure {
                Failure::Timeout => Verdict::Timeout,
                Failure::NoHost => Verdict::Dead {
                    why: ExternWhy::NoHost,
                    via,
                },
                Failure::Refused => Verdict::Dead {
                    why: ExternWhy::Refused,
                    via,
                },
                Failure::Loop => Verdict::Dead {
                    why: ExternWhy::Loop,
                    via: None,
                },
                Failure::Invalid if via.is_some() => Verdict::Dead {
                    why: ExternWhy::Invalid,
                    via,
                },
                Failure::Invalid => Verdict::NotChecked {
                    why: ExternWhy::Invalid,
                },
                Failure::Proxy => Verdict::NotChecked {
                    why: ExternWhy::Proxy,
                },
                Failure::NoNetwork => Verdict::NotChecked {
                    why: ExternWhy::NoNetwork,
                },
                Failure::Tls(detail) => Verdict::NotChecked {
                    why: ExternWhy::Tls(detail.clone()),
                },
                Failure::Broken(detail) => Verdict::NotChecked {
                    why: ExternWhy::Broken(detail.clone()),
                },
            };
        }
        match checked.status.unwrap_or(0) {
            200..=299 => {
                // The permanent redirects at the start of the chain say where the page
                // lives now; a temporary one after them is the other site's business.
                let moved = checked
                    .redirects
                    .iter()
                    .take_while(|hop| hop.is_permanent())
                    .last();
                match moved {
                    Some(hop) => Verdict::Moved { to: hop.to.clone() },
                    None => Verdict::Fine,
                }
            }
            status @ (404 | 410) => Verdict::Dead {
                why: ExternWhy::Status(status),
                via,
            },
            status @ 500..=599 => Verdict::ServerError { status },
            status => Verdict::NotChecked {
                why: ExternWhy::Status(status),
            },
        }
    }

    pub fn severity(&self) -> Option<Severity> {
        match self {
            Verdict::Fine => None,
            Verdict::Dead { .. } => Some(Severity::Error),
            _ => Some(Severity::Warning),
        }
    }

    /// The word the JSON report uses.
    fn word(&self) -> &'static str {
        match self {
            Verdict::Fine => "ok",
            Verdict::Moved { .. } => "moved",
            Verdict::Dead { .. } => "dead",
            Verdict::Timeout => "timeout",
            Verdict::ServerError { .. } => "server-error",
            Verdict::NotChecked { .. } => "not-checked",
        }
    }

    fn msg(&self, link: ExternLink, timeout_seconds: u64) -> Option<Msg> {
        let link = Box::new(link);
        Some(match self.clone() {
            Verdict::Fine => return None,
            Verdict::Moved { to } => Msg::ExternMoved { link, to },
            Verdict::Dead { why, via } => Msg::ExternDead { link, why, via },
            Verdict::Timeout => Msg::ExternTimeout {
                link,
                seconds: timeout_seconds,
            },
            Verdict::ServerError { status } => Msg::ExternServerError { link, status },
            Verdict::NotChecked { why } => Msg::ExternNotChecked { link, why },
        })
    }
}

/// One diagnostic per place an external link that is not fine is written.
pub fn diagnostics(
    links: &[Link],
    outcomes: &[Outcome],
    lang: Lang,
    timeout_seconds: u64,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (link, outcome) in links.iter().zip(outcomes) {
        let State::Checked { result, .. } = &outcome.state else {
            continue;
        };
        let verdict = Verdict::of(result);
        let Some(severity) = verdict.severity() else {
            continue;
        };
        for origin in &link.from {
            let named = ExternLink {
                url: link.url.clone(),
                page: origin.page.clone(),
                others: origin.pages.saturating_sub(1),
            };
            if let Some(msg) = verdict.msg(named, timeout_seconds) {
                let position = Position {
                    line: origin.line,
                    column: origin.column,
                };
                out.push(diagnostic(lang, severity, &origin.file, position, msg));
            }
        }
    }
    out
}

/// How many URLs were asked, came from the cache and were skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub checked: usize,
    pub cached: usize,
    pub skipped: usize,
}

pub fn counts(outcomes: &[Outcome]) -> Counts {
    let mut counts = Counts::default();
    for outcome in outcomes {
        match outcome.state {
            State::Skipped => counts.skipped += 1,
            State::Checked { cached: true, .. } => counts.cached += 1,
            State::Checked { cached: false, .. } => counts.checked += 1,
        }
    }
    counts
}

/// The JSON report: every URL with its result, where it is linked from and whether the
/// result came from the cache (docs/publishing.md describes the fields).
pub fn json(links: &[Link], outcomes: &[Outcome]) -> String {
    use serde_json::{Value, json};
    let mut errors = 0;
    let mut warnings = 0;
    let items: Vec<Value> = links
        .iter()
        .zip(outcomes)
        .map(|(link, outcome)| {
            let from: Vec<Value> = link.from.iter().map(origin_json).collect();
            let State::Checked { result, cached } = &outcome.state else {
                return json!({
                    "url": link.url,
                    "result": "skipped",
                    "severity": null,
                    "code": null,
                    "status": null,
                    "redirect": null,
                    "redirects": [],
                    "failure": null,
                    "cached": false,
                    "from": from,
                });
            };
            let verdict = Verdict::of(result);
            let severity = verdict.severity();
            match severity {
                Some(Severity::Error) => errors += link.from.len(),
                Some(Severity::Warning) => warnings += link.from.len(),
                None => {}
            }
            let placeholder = ExternLink {
                url: String::new(),
                page: String::new(),
                others: 0,
            };
            let code = verdict.msg(placeholder, 0).map(|m| m.code());
            let redirects: Vec<Value> = result
                .redirects
                .iter()
                .map(|hop| json!({"status": hop.status, "url": hop.to}))
                .collect();
            let failure = result.failure.as_ref().map(|f| match f {
                Failure::Timeout => json!({"kind": "timeout"}),
                Failure::NoHost => json!({"kind": "no-host"}),
                Failure::Refused => json!({"kind": "refused"}),
                Failure::Invalid => json!({"kind": "invalid"}),
                Failure::Loop => json!({"kind": "loop"}),
                Failure::Proxy => json!({"kind": "proxy"}),
                Failure::NoNetwork => json!({"kind": "no-network"}),
                Failure::Tls(detail) => json!({"kind": "tls", "detail": detail}),
                Failure::Broken(detail) => json!({"kind": "broken", "detail": detail}),
            });
            json!({
                "url": link.url,
                "result": verdict.word(),
                "severity": severity.map(|s| match s {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                }),
                "code": code,
                "status": result.status,
                "redirect": result.final_url(),
                "redirects": redirects,
                "failure": failure,
                "cached": cached,
                "from": from,
            })
        })
        .collect();
    let counts = counts(outcomes);
    let report = json!({
        "version": 1,
        "summary": {
            "urls": links.len(),
            "checked": counts.checked,
            "cached": counts.cached,
            "skipped": counts.skipped,
            "errors": errors,
            "warnings": warnings,
        },
        "links": items,
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn origin_json(origin: &Origin) -> serde_json::Value {
    serde_json::json!({
        "file": crate::diagnostics::shown(&origin.file),
        "line": origin.line,
        "column": origin.column,
        "template": origin.template,
        "page": origin.page,
        "pages": origin.pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extern_check::Hop;

    fn answer(status: u16, hops: &[(u16, &str)]) -> Checked {
        Checked {
            status: Some(status),
            redirects: hops
                .iter()
                .map(|&(status, to)| Hop {
                    status,
                    to: to.into(),
                })
                .collect(),
            failure: None,
        }
    }

    #[test]
    fn verdicts_follow_the_documented_severities() {
        assert_eq!(Verdict::of(&answer(200, &[])), Verdict::Fine);
        assert_eq!(
            Verdict::of(&answer(204, &[(302, "https://b/")])),
            Verdict::Fine
        );
        assert_eq!(
            Verdict::of(&answer(
                200,
                &[
                    (301, "https://b/"),
                    (308, "https://c/"),
                    (302, "https://d/")
                ]
            )),
            Verdict::Moved {
                to: "https://c/".into()
            }
        );
        assert_eq!(
            Verdict::of(&answer(404, &[(301, "https://b/weg")])),
            Verdict::Dead {
                why: ExternWhy::Status(404),
                via: Some("https://b/weg".into())
            }
        );
        assert_eq!(
            Verdict::of(&answer(503, &[])).severity(),
            Some(Severity::Warning)
        );
        assert_eq!(
            Verdict::of(&answer(403, &[])).severity(),
            Some(Severity::Warning)
        );
        assert_eq!(
            Verdict::of(&answer(410, &[])).severity(),
            Some(Severity::Error)
        );
        let failed = |failure| Checked {
            status: None,
            redirects: Vec::new(),
            failure: Some(failure),
        };
        assert_eq!(
            Verdict::of(&failed(Failure::Refused)).severity(),
            Some(Severity::Error)
        );
        assert_eq!(
            Verdict::of(&failed(Failure::NoHost)).severity(),
            Some(Severity::Error)
        );
        assert_eq!(
            Verdict::of(&failed(Failure::Loop)).severity(),
            Some(Severity::Error)
        );
        assert_eq!(Verdict::of(&failed(Failure::Timeout)), Verdict::Timeout);
        assert_eq!(
            Verdict::of(&failed(Failure::Tls("x".into()))).severity(),
            Some(Severity::Warning)
        );
    }
}
