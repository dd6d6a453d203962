//! The `verteller` binary: parse the command line, run it, exit with its code.

/// mimalloc instead of glibc's malloc: verteller makes many small allocations on every
/// core, and a build spends about a sixth less CPU with it (src/memory.rs tunes it per
/// command).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    verteller::cli::main()
}
