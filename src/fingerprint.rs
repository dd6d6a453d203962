//! Fingerprints of build inputs, for every memo key (parsed files, filled bodies, page
//! keys, shapes). One hasher for all of them: foldhash's quality variant with a fixed
//! seed — several times faster than std's SipHash on the many small writes a key is
//! made of, well distributed, and the same in every run. Keys decide what an
//! incremental rebuild reuses; nothing here needs resistance to crafted collisions
//! (the inputs are the site's own files).

use std::hash::{BuildHasher as _, Hash, Hasher as _};

/// The hasher keys are computed with.
pub type Hasher = foldhash::quality::FoldHasher<'static>;

/// A fresh hasher (the same seed every time).
pub fn hasher() -> Hasher {
    foldhash::quality::FixedState::with_seed(0x5645_5254_454c_4c52).build_hasher()
}

/// The fingerprint of one value.
pub fn of(value: impl Hash) -> u64 {
    let mut h = hasher();
    value.hash(&mut h);
    h.finish()
}

/// Hash maps on the hot paths of a rebuild (keys are the site's own paths and ids).
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// The set of [`FastMap`].
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_equal_fingerprints_and_order_matters() {
        assert_eq!(of(("a", 1)), of(("a", 1)));
        assert_ne!(of(("a", 1)), of(("a", 2)));
        assert_ne!(of(("ab", "c")), of(("a", "bc")));
    }
}
