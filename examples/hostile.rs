//! Times every hostile-content case of the reliability issue in release mode and prints
//! a table: the case, the build's wall time, and its outcome (the page it must produce,
//! or the diagnostic it must report).
//!
//! Why: the test suite checks each case's outcome in a debug build; the issue asks how
//! long each one takes for real. Cases, base site and check come from the test suite's
//! own catalogue (`tests/testsuite/support/hostile_cases.rs`), so the two cannot drift
//! apart.
//!
//! Run: `cargo run --release --example hostile`

#[path = "../tests/testsuite/support/minimal.rs"]
mod minimal;

#[path = "../tests/testsuite/support/hostile_cases.rs"]
#[allow(dead_code)]
mod hostile_cases;

use std::process::ExitCode;

fn main() -> ExitCode {
    println!("| geval | bouwtijd (ms) | uitkomst |");
    println!("|---|---:|---|");
    let mut all_ok = true;
    for case in hostile_cases::cases() {
        let outcome = hostile_cases::run(&case);
        let ms = outcome.took.as_secs_f64() * 1000.0;
        let text = match outcome.verdict {
            Ok(gave) => gave,
            Err(wrong) => {
                all_ok = false;
                format!("NIET GOED: {}", wrong.replace('\n', " "))
            }
        };
        println!("| {} | {ms:.0} | {text} |", case.name);
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
