//! Front-matter splitting (`parse::frontmatter::{normalise, split}`): total on any text,
//! and a split's pieces are the slices of the text its offsets say they are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use verteller::parse::frontmatter::{self, Split};

/// What a split must satisfy for `text`.
fn check(text: &str, split: &Split<'_>) {
    let fm = split.front_matter_offset;
    assert!(
        fm <= split.body_offset,
        "front matter starts after the body"
    );
    assert_eq!(&text[fm..fm + split.front_matter.len()], split.front_matter);
    assert_eq!(&text[split.body_offset..], split.body);
    // The opening fence is the first line, the closing fence lies between the halves.
    let first = text.split('\n').next().unwrap_or("");
    assert_eq!(first.trim_end(), "---", "split without an opening fence");
    let fence = &text[fm + split.front_matter.len()..split.body_offset];
    assert_eq!(fence.trim_end(), "---", "closing fence is {fence:?}");
}

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);

    let normal = frontmatter::normalise(&raw);
    assert!(!normal.contains('\r'), "normalised text keeps a CR");
    assert!(!normal.starts_with('\u{feff}') || raw.starts_with("\u{feff}\u{feff}"));
    assert_eq!(
        normal,
        frontmatter::normalise(&raw),
        "normalise is not deterministic"
    );

    // `split` is documented for normalised text but is total on any text.
    for text in [normal.as_ref(), raw.as_ref()] {
        let a = frontmatter::split(text);
        let b = frontmatter::split(text);
        assert_eq!(a, b, "split is not deterministic");
        if let Ok(split) = &a {
            check(text, split);
        }
    }
});
