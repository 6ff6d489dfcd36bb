//! The `nianbao` command: check and fix report files, print rule docs, run the language server.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("lsp") {
        if let Err(e) = nianbao_lsp::run_stdio() {
            eprintln!("nianbao lsp: {e}");
            std::process::exit(2);
        }
        return;
    }
    eprintln!("usage: nianbao lsp");
    std::process::exit(2);
}
