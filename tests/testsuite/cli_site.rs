//! Good input: what a build writes, page by page.
