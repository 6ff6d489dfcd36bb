//! The `nianbao` command: check and fix report files, print rule docs, run the language server
//! and the web page (`nianbao serve`).

mod cli;
mod serve;

/// mimalloc, as ruff does on some of its platforms: checking a report allocates a few dozen
/// small blocks (rows, lines, findings) and frees them at once, where it is several times cheaper
/// than the system allocator (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
