//! How the binary's allocator (mimalloc, set in `main.rs`) behaves per command.
//!
//! mimalloc hands pages that stay free for a second back to the system ("purging") and
//! faults them in again when they are needed. That keeps a long-running `serve` small,
//! but a one-shot `build` frees and reuses memory between its stages all the time, and
//! purging cost it about a tenth of its wall time at 10,000 stories (more system time,
//! same peak memory). So `build` and `check` turn purging off; the process ends soon
//! after anyway. Without mimalloc as the global allocator (tests, fuzzing) the setting
//! has no effect.
//!
//! `serve` runs for hours and frees a whole site version per rebuild, on several threads
//! (rebuilds, HTTP workers, the search index). After each rebuild and each index it hands
//! what is free back at once (`release_freed`) — with mimalloc's collection, and with
//! glibc's `malloc_trim` where glibc is the allocator (its per-thread arenas otherwise
//! keep the pages of earlier versions; docs/reliability.md).

/// `mi_option_purge_delay` in mimalloc's `mimalloc.h` (the 16th option in v2 and v3
/// alike); the Rust bindings name only the options before it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For a process that runs one build and exits: never give freed pages back.
#[allow(unsafe_code)] // mimalloc's options have no safe wrapper; they take no pointers.
pub fn one_shot() {
    // SAFETY: sets an integer option; valid at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// Hands memory that is free back to the system: the calling thread's mimalloc heap
/// and mimalloc's shared pages, and glibc's free lists.
#[allow(unsafe_code)] // neither call has a safe wrapper; they take no pointers.
pub fn release_freed() {
    // SAFETY: collects the allocator's own free memory; no pointers are passed.
    let collect = || unsafe { libmimalloc_sys::mi_collect(true) };
    collect();
    // mimalloc's heaps are per thread: the rayon workers (parsing, rendering, and the
    // search index's parsing) hold pages of their own.
    rayon::broadcast(|_| collect());
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Frees `value` on a thread of its own. A one-shot build hands it the site graph and
/// the per-document template values when it no longer needs them: freeing hundreds of
/// thousands of small allocations took one core for a tenth of a second at 10,000
/// stories while the other waited. The process may exit before the thread is done;
/// the system takes the memory back then.
pub fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be started, the value is dropped here, now.
    let _ = std::thread::Builder::new()
        .name("verteller-free".into())
        .spawn(move || drop(value));
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
