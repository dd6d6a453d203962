//! Hostile content, generated at run time (odd names do not survive every checkout):
//! one catalogue shared by the test that checks each case's outcome
//! (`tests/testsuite/robustness.rs`) and the example that times each case in release mode
//! (`examples/hostile.rs`). Each case writes into a copy of the minimal test site.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use verteller::diagnostics::Severity;
use verteller::pipeline::{self, BuildOptions};

/// A symbolic link at `link` to `target` (a folder when `dir`). On Windows a link is a
/// file link or a folder link, and making one needs the right to (an administrator, or
/// Developer Mode).
pub fn symlink(target: impl AsRef<Path>, link: &Path, dir: bool) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let _ = dir;
        std::os::unix::fs::symlink(target, link)
    }
    #[cfg(windows)]
    {
        if dir {
            std::os::windows::fs::symlink_dir(target, link)
        } else {
            std::os::windows::fs::symlink_file(target, link)
        }
    }
}

/// What a case must give.
pub enum Expect {
    /// A successful build containing this output file.
    Page(&'static str),
    /// A diagnostic with this code at this file (relative to the site root).
    Diagnostic {
        code: &'static str,
        file: &'static str,
    },
}

/// One hostile input.
pub struct Case {
    pub name: &'static str,
    /// Writes the case into the site at the given root.
    pub write: fn(&Path),
    /// Files whose reads fail (injected in `source`, as root reads `chmod 000` files).
    pub fail_reads: &'static [&'static str],
    pub expect: Expect,
}

/// The minimal site of the test support, as the base of every case.
pub fn write_base(root: &Path) {
    for (path, text) in super::minimal::MINIMAL {
        write(root, path, text.as_bytes());
    }
}

/// What one case gave: how long its build took, and whether it gave what it must
/// (`Ok` with what it gave, `Err` with what is wrong).
pub struct Outcome {
    pub took: Duration,
    pub verdict: Result<String, String>,
}

/// Builds the minimal site with `case` applied (in memory, `pipeline::build`) and checks
/// its expectation.
pub fn run(case: &Case) -> Outcome {
    let dir = tempfile::tempdir().expect("temp dir");
    write_base(dir.path());
    (case.write)(dir.path());
    let mut options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    options
        .source
        .fail_reads
        .extend(case.fail_reads.iter().map(PathBuf::from));
    let started = Instant::now();
    let built = pipeline::build(&options);
    let took = started.elapsed();
    let verdict = match (built, &case.expect) {
        (Err(e), _) => Err(format!("de build liep niet: {e:#}")),
        (Ok(built), Expect::Page(page)) => {
            let errors: Vec<_> = built
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            match built.output.get(*page) {
                Some(bytes) if errors.is_empty() => {
                    Ok(format!("site gebouwd, {page} ({} kB)", bytes.len() / 1024))
                }
                _ => Err(format!("{page} ontbreekt of er zijn fouten: {errors:#?}")),
            }
        }
        (Ok(built), Expect::Diagnostic { code, file }) => built
            .diagnostics
            .iter()
            .find(|d| d.code == *code && d.file == Path::new(file) && !d.message.is_empty())
            .map(|d| format!("melding `{code}` bij {file}: {}", d.message))
            .ok_or_else(|| {
                let all: Vec<_> = built.diagnostics.iter().collect();
                format!("geen `{code}` bij {file}: {all:#?}")
            }),
    };
    Outcome { took, verdict }
}

pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn story(title: &str, body: &str) -> Vec<u8> {
    format!("---\ntitle: {title}\ndate: 2025-01-01\n---\n{body}\n").into_bytes()
}

/// Every case.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "verhaal van 50 MB",
            write: |root| {
                let paragraph =
                    "De buurt praat mee over het plein, en de gemeente luistert. ".repeat(20);
                let mut body = String::with_capacity(51 << 20);
                let mut n = 0;
                while body.len() < 50 << 20 {
                    n += 1;
                    if n % 40 == 0 {
                        body.push_str(&format!("## Deel {n}\n\n"));
                    }
                    body.push_str(&paragraph);
                    body.push_str("\n\n");
                }
                write(root, "content/verhalen/groot.md", &story("Groot", &body));
            },
            fail_reads: &[],
            expect: Expect::Page("verhalen/groot/index.html"),
        },
        Case {
            name: "één regel van 1 MB",
            write: |root| {
                let line = "woord ".repeat(175_000);
                write(root, "content/verhalen/regel.md", &story("Regel", &line));
            },
            fail_reads: &[],
            expect: Expect::Page("verhalen/regel/index.html"),
        },
        Case {
            name: "lijst 10.000 niveaus diep",
            write: |root| {
                let list = format!("{}x", "- ".repeat(10_000));
                write(root, "content/verhalen/lijst.md", &story("Lijst", &list));
            },
            fail_reads: &[],
            expect: Expect::Page("verhalen/lijst/index.html"),
        },
        Case {
            name: "citaat 10.000 niveaus diep",
            write: |root| {
                let quote = format!("{}diep", "> ".repeat(10_000));
                write(root, "content/verhalen/citaat.md", &story("Citaat", &quote));
            },
            fail_reads: &[],
            expect: Expect::Page("verhalen/citaat/index.html"),
        },
        Case {
            name: "symbolische lus in content/",
            write: |root| {
                symlink("..", &root.join("content/verhalen/lus"), true).expect("symlink");
            },
            fail_reads: &[],
            // A link to a folder is never followed (a loop, or the same files twice),
            // and says so.
            expect: Expect::Diagnostic {
                code: "unreadable",
                file: "content/verhalen/lus",
            },
        },
        Case {
            name: "symbolische link naar buiten de site",
            write: |root| {
                // A file outside the site that exists on every platform.
                let outside = std::env::temp_dir().join("verteller-buiten.md");
                std::fs::write(&outside, "---\ntitle: Buiten\n---\n").expect("outside file");
                symlink(&outside, &root.join("content/verhalen/buiten.md"), false)
                    .expect("symlink");
            },
            fail_reads: &[],
            expect: Expect::Diagnostic {
                code: "unreadable",
                file: "content/verhalen/buiten.md",
            },
        },
        Case {
            name: "onleesbaar bestand",
            write: |_| {},
            fail_reads: &["content/verhalen/buurt.md"],
            expect: Expect::Diagnostic {
                code: "unreadable",
                file: "content/verhalen/buurt.md",
            },
        },
        Case {
            name: "map met de naam van een Markdown-bestand",
            write: |root| {
                std::fs::create_dir_all(root.join("content/verhalen/map.md")).expect("mkdir");
                write(
                    root,
                    "content/verhalen/map.md/binnen.md",
                    &story("Binnen", "x"),
                );
            },
            fail_reads: &[],
            expect: Expect::Page("verhalen/binnen/index.html"),
        },
        Case {
            name: "naam met spaties",
            write: |root| {
                write(
                    root,
                    "content/verhalen/met spatie.md",
                    &story("Spatie", "x"),
                )
            },
            fail_reads: &[],
            expect: Expect::Page("verhalen/met-spatie/index.html"),
        },
        Case {
            name: "NFC en NFD van dezelfde naam",
            write: |root| {
                write(root, "content/verhalen/Caf\u{e9}.md", &story("NFC", "x"));
                write(root, "content/verhalen/Cafe\u{301}.md", &story("NFD", "x"));
            },
            fail_reads: &[],
            expect: Expect::Diagnostic {
                code: "duplicate-id",
                file: "content/verhalen/Caf\u{e9}.md",
            },
        },
        Case {
            name: "alleen hoofdletters verschillen",
            write: |root| write(root, "content/verhalen/Buurt.md", &story("Buurt twee", "x")),
            fail_reads: &[],
            expect: Expect::Diagnostic {
                code: "duplicate-id",
                file: "content/verhalen/buurt.md",
            },
        },
    ]
}
