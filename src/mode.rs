//! How a build runs: once (`build`, `check`), or again and again on every save
//! (`serve`). Decided once, where the memo is made, and read by the stages that behave
//! differently — instead of a flag per behaviour.

/// How a build runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// One build: nothing is kept for a next one.
    #[default]
    Once,
    /// `serve`: every stage keeps what the next rebuild can reuse, and a file that no
    /// longer parses (or a page whose template fails) keeps its last good version.
    Serve,
}

impl Mode {
    /// Parsed files, resolved bodies and rendered pages are kept for the next build.
    pub fn remembers(self) -> bool {
        self == Mode::Serve
    }

    /// A file that no longer parses and a page whose template fails keep their last good
    /// version, so the preview stays whole while an editor types.
    pub fn keeps_last_good(self) -> bool {
        self == Mode::Serve
    }
}
