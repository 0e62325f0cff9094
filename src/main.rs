use clap::Parser;

// mimalloc: the analysis allocates many small strings; glibc's allocator is measurably slower
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = preflight::cli::Cli::parse();
    // a panic is an internal error: report it and exit 2, never 0
    let code = std::panic::catch_unwind(|| preflight::cli::run(cli)).unwrap_or(preflight::cli::EXIT_ERROR);
    std::process::exit(code);
}
