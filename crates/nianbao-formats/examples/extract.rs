//! Prints the text extracted from a .docx/.html/.pdf file (or its piece map with `--map`).

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: extract FILE [--map]");
        std::process::exit(2);
    };
    let Some(kind) = nianbao_formats::kind_of(Path::new(path)) else {
        eprintln!("{path}: not .docx, .html or .pdf");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).expect("read file");
    match nianbao_formats::extract(kind, &bytes) {
        Ok(x) if args.iter().any(|a| a == "--map") => {
            for p in &x.map {
                println!("{:?} {:?} {:?}", p.text, &x.text[p.text.clone()], p.source);
            }
        }
        Ok(x) => print!("{}", x.text),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
