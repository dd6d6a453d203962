//! Ids (`model::slugify`): never panics; only `[a-z0-9-]`, no leading, trailing or
//! doubled `-`; idempotent; deterministic; NFC and NFD spellings give the same id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unicode_normalization::UnicodeNormalization;
use verteller::model::slugify;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let id = slugify(&text);
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{id:?}"
    );
    assert!(
        !id.starts_with('-') && !id.ends_with('-') && !id.contains("--"),
        "{id:?}"
    );
    assert_eq!(slugify(&id), id, "not idempotent");
    assert_eq!(slugify(&text), id, "not deterministic");
    let nfd: String = text.nfd().collect();
    assert_eq!(slugify(&nfd), id, "NFD spelling gives another id");
    let nfc: String = text.nfc().collect();
    assert_eq!(slugify(&nfc), id, "NFC spelling gives another id");
});
