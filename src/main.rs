use clap::Parser;

// mimalloc: the analysis allocates many small strings; glibc's allocator is measurably slower
// (`--no-default-features` builds with the system allocator, see docs/performance.md)
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "mimalloc")]
unsafe extern "C" {
    /// mimalloc's option setter (`mi_option_set` in mimalloc.h; linked from libmimalloc-sys).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

fn main() {
    let cli = preflight::cli::Cli::parse();
    // for the runs that allocate a lot (a whole tree, an editor session), freed memory goes
    // back to the system at once instead of after a delay: a corpus run's peak RSS drops from
    // ~55 MB to ~40 MB for a few percent of speed. A hook run is too short to gain from it, and
    // giving pages back at its exit costs it dozens of system calls. (mi_option_purge_delay is
    // 15 in mimalloc v3's `mi_option_e`.)
    #[cfg(feature = "mimalloc")]
    if matches!(
        cli.command,
        preflight::cli::Command::Check(_) | preflight::cli::Command::Lsp(_)
    ) {
        unsafe { mi_option_set(15, 0) };
    }
    // a panic is an internal error: report it and exit 2, never 0
    let code = std::panic::catch_unwind(|| preflight::cli::run(cli)).unwrap_or(preflight::cli::EXIT_ERROR);
    std::process::exit(code);
}
