//! How the binary's allocator (mimalloc, set in `main.rs`) behaves per command.
//!
//! mimalloc hands pages that stay free for a second back to the system ("purging") and
//! faults them in again when they are needed. That keeps a long-running `serve` small,
//! but a one-shot `build` frees and reuses memory between its stages all the time, and
//! purging cost it about a tenth of its wall time at 10,000 stories (more system time,
//! same peak memory). So `build` and `check` turn purging off; the process ends soon
//! after anyway. Without mimalloc as the global allocator (tests, fuzzing) the setting
//! has no effect.

/// `mi_option_purge_delay` in mimalloc's `mimalloc.h` (the 16th option in v2 and v3
/// alike); the Rust bindings name only the options before it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For a process that runs one build and exits: never give freed pages back.
#[allow(unsafe_code)] // mimalloc's options have no safe wrapper; they take no pointers.
pub fn one_shot() {
    // SAFETY: sets an integer option; valid at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    /// The option number is the purge delay: its default in mimalloc 3 is 1000 (ms), and
    /// `one_shot` sets -1. Its neighbours default to 1 (14) and 0 (16).
    #[test]
    #[allow(unsafe_code)]
    fn the_option_is_the_purge_delay() {
        // SAFETY: reads an integer option.
        let value = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert!(value == 1000 || value == -1, "{value}");
    }
}
