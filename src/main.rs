//! The `nianbao` command: check and fix report files, print rule docs, run the language server.

fn main() {
    println!("nianbao");
}
