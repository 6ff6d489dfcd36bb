//! The `nianbao` command: check and fix report files, print rule docs, run the language server.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
