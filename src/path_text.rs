//! How a path reads to editors: the one place where a path becomes display text.
//!
//! Diagnostics, the serve overlay, `new`'s and `init`'s lines, `build`'s summary and the
//! writer's failures all name files the same way on every platform, with `/` between
//! folders: `content/verhalen/buurtkamer.md:3:7`, as the docs, the handbook and links in
//! Markdown write them. On Windows a path joins its parts with `\` (`.\content\verhalen`)
//! and may carry the verbatim prefix that `canonicalize` adds (`\\?\C:\…`); both are
//! turned into what a reader expects (`./content/verhalen`, `C:/…`). Elsewhere `\` is an
//! ordinary character of a file name and stays.

use std::path::Path;

/// `path` as editors read it: `/` between folders on every platform.
pub fn shown(path: &Path) -> String {
    slashed(&path.to_string_lossy(), cfg!(windows))
}

/// The text of a path with `\` separators (`windows`) written with `/`, without the
/// verbatim prefix; unchanged elsewhere. Pure, so the Windows rules are tested on every
/// platform.
pub fn slashed(text: &str, windows: bool) -> String {
    if !windows {
        return text.to_string();
    }
    let text = if let Some(unc) = text.strip_prefix(r"\\?\UNC\") {
        format!(r"\\{unc}")
    } else if let Some(rest) = text.strip_prefix(r"\\?\") {
        rest.to_string()
    } else {
        text.to_string()
    };
    text.replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_paths_read_with_slashes() {
        let cases = [
            (
                r"content\verhalen\buurtkamer.md",
                "content/verhalen/buurtkamer.md",
            ),
            // `new` joins the root `.` with a `/`-separated site path.
            (r".\content/verhalen/x.md", "./content/verhalen/x.md"),
            (
                r"C:\Users\redactie\site\public",
                "C:/Users/redactie/site/public",
            ),
            (r"\\?\C:\Users\redactie\site", "C:/Users/redactie/site"),
            (r"\\?\UNC\server\deel\site", "//server/deel/site"),
            (r"\\server\deel\site", "//server/deel/site"),
            ("content/al/goed.md", "content/al/goed.md"),
        ];
        for (windows, want) in cases {
            assert_eq!(slashed(windows, true), want, "{windows}");
        }
    }

    #[test]
    fn elsewhere_a_backslash_is_part_of_the_name() {
        assert_eq!(
            slashed(r"content/verhalen/a\b.md", false),
            r"content/verhalen/a\b.md"
        );
    }

    /// A path built from components reads with `/` on the platform the tests run on:
    /// on Windows `join` puts `\` between them.
    #[test]
    fn joined_paths_read_with_slashes_here() {
        let path = Path::new(".").join("content").join("verhalen").join("x.md");
        assert_eq!(shown(&path), "./content/verhalen/x.md");
        #[cfg(windows)]
        assert_eq!(
            shown(Path::new(r"content\verhalen\x.md")),
            "content/verhalen/x.md"
        );
    }
}
