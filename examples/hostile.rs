//! Times every hostile-content case of the reliability issue in release mode and prints
//! a table: the case, the build's wall time, and its outcome (the page it must produce,
//! or the diagnostic it must report).
//!
//! Why: the test suite checks each case's outcome in a debug build; the issue asks how
//! long each one takes for real. The cases come from the test suite's own catalogue
//! (`tests/testsuite/support/hostile_cases.rs`), so the two cannot drift apart.
//!
//! Run: `cargo run --release --example hostile`

#[path = "../tests/testsuite/support/hostile_cases.rs"]
#[allow(dead_code)]
mod hostile_cases;

use std::process::ExitCode;
use std::time::Instant;

use hostile_cases::Expect;
use verteller::diagnostics::Severity;
use verteller::pipeline::{self, BuildOptions};

fn main() -> ExitCode {
    println!("| geval | bouwtijd (ms) | uitkomst |");
    println!("|---|---:|---|");
    let mut all_ok = true;
    for case in hostile_cases::cases() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => {
                eprintln!("tijdelijke map: {e}");
                return ExitCode::FAILURE;
            }
        };
        hostile_cases::write_base(dir.path());
        (case.write)(dir.path());
        let mut options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        options
            .source
            .fail_reads
            .extend(case.fail_reads.iter().map(std::path::PathBuf::from));
        let started = Instant::now();
        let built = pipeline::build(&options);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let outcome = match (&built, &case.expect) {
            (Err(e), _) => format!("FOUT: {e:#}"),
            (Ok(b), Expect::Page(page)) => {
                let errors = b.diagnostics.count(Severity::Error);
                if errors == 0 && b.output.contains_key(*page) {
                    let size = b.output[*page].len();
                    format!("site gebouwd, {page} ({} kB)", size / 1024)
                } else {
                    format!("NIET GOED: {errors} fouten, {page} ontbreekt of site onvolledig")
                }
            }
            (Ok(b), Expect::Diagnostic { code, file }) => {
                match b
                    .diagnostics
                    .iter()
                    .find(|d| d.code == *code && d.file == std::path::Path::new(file))
                {
                    Some(d) => format!("melding `{code}` bij {file}: {}", d.message),
                    None => format!("NIET GOED: geen `{code}` bij {file}"),
                }
            }
        };
        all_ok &= !outcome.starts_with("NIET") && !outcome.starts_with("FOUT");
        println!("| {} | {ms:.0} | {outcome} |", case.name);
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
