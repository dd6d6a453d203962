//! Printing diagnostics and the summary line, shared by the commands.

use std::io::IsTerminal as _;

use crate::diagnostics::{self, Severity};
use crate::messages::{Lang, Say};
use crate::pipeline::Built;

/// Prints every diagnostic (sorted) to stderr; returns (errors, warnings).
/// Errors and warnings of a build, without printing them.
pub fn count_diagnostics(built: &Built) -> (usize, usize) {
    (
        built.diagnostics.count(Severity::Error),
        built.diagnostics.count(Severity::Warning),
    )
}

pub fn print_diagnostics(built: &Built, json: bool) -> (usize, usize) {
    let errors = built.diagnostics.count(Severity::Error);
    let warnings = built.diagnostics.count(Severity::Warning);
    let items = built.diagnostics.clone().into_sorted();
    if built.config.raw_html && !json {
        // Said on every run, so nobody forgets the site trusts its editors' HTML.
        eprintln!("{}", Say::RawHtmlOn.text(built.config.language));
    }
    if json {
        println!("{}", diagnostics::render_json(&items));
    } else if !items.is_empty() {
        let text = diagnostics::render_human(&items, built.config.language, colored(), |p| {
            built.texts.get(p).map(String::as_str)
        });
        eprint!("{text}");
    }
    (errors, warnings)
}

/// Whether diagnostics on stderr get colours: on a terminal, without `NO_COLOR`, and on
/// Windows only once the console takes ANSI escapes (turned on here; a console that
/// cannot, or output that is redirected, gets plain text instead of escape codes).
fn colored() -> bool {
    let console_takes_escapes = {
        #[cfg(windows)]
        {
            anstyle_query::windows::enable_ansi_colors() == Some(true)
        }
        #[cfg(not(windows))]
        {
            true
        }
    };
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
        && console_takes_escapes
}

/// A spinner that appears only when the work takes more than a second, on a terminal.
pub struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// The spinner says it is busy in Dutch (the site's language is not known yet).
    pub fn start() -> Progress {
        let message = Say::Busy.text(Lang::Nl);
        use std::sync::atomic::Ordering;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = done.clone();
        let thread = std::io::stderr().is_terminal().then(|| {
            std::thread::spawn(move || {
                let start = std::time::Instant::now();
                while start.elapsed() < std::time::Duration::from_secs(1) {
                    if flag.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                let bar = indicatif::ProgressBar::new_spinner().with_message(message);
                while !flag.load(Ordering::Relaxed) {
                    bar.tick();
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                bar.finish_and_clear();
            })
        });
        Progress { done, thread }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// `3 fouten, 1 waarschuwing` in the site's language.
pub fn counts(lang: Lang, errors: usize, warnings: usize) -> String {
    Say::Counts { errors, warnings }.text(lang)
}

/// Seconds with a decimal comma in Dutch.
pub fn seconds(lang: Lang, elapsed: std::time::Duration) -> String {
    decimal(lang, format!("{:.2} s", elapsed.as_secs_f64()))
}

/// A formatted number with a decimal comma in Dutch.
fn decimal(lang: Lang, text: String) -> String {
    if lang == Lang::Nl {
        text.replace('.', ",")
    } else {
        text
    }
}

/// `verteller build --timings`: one line per stage, in milliseconds, with a total.
pub fn stage_table(lang: Lang, stages: &[(&'static str, std::time::Duration)]) -> String {
    let label = |stage: &'static str| Say::Stage(stage).text(lang);
    let millis =
        |d: std::time::Duration| decimal(lang, format!("{:>9.1} ms", d.as_secs_f64() * 1e3));
    let mut out = String::new();
    for &(stage, time) in stages {
        out.push_str(&format!("  {:<30}{}\n", label(stage), millis(time)));
    }
    let total: std::time::Duration = stages.iter().map(|(_, t)| *t).sum();
    out.push_str(&format!("  {:<30}{}", label("total"), millis(total)));
    out
}
