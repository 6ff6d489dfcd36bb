//! Incremental sync: hundreds of rapid edits (sent without waiting, with CJK, 𠮷, emoji and all
//! three line endings) leave the server's text equal to the client's, in both encodings, and
//! the last diagnostics carry the last version.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

const URI: &str = "file:///nianbao-test/sync.txt";

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A char boundary of `text` that is a valid LSP position (not between `\r` and `\n`).
fn boundary(rng: &mut Rng, text: &str) -> usize {
    loop {
        let mut i = rng.below(text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        if !(text[..i].ends_with('\r') && text[i..].starts_with('\n')) {
            return i;
        }
    }
}

const PIECES: &[&str] =
    &["", "1", "47", "\t", "总计", "𠮷", "😀", "\n", "\r\n", "\r", "一、总体情况\n", "行政复议", "a", " "];

fn random_change(rng: &mut Rng, text: &mut String, utf8: bool) -> Value {
    let a = boundary(rng, text);
    let mut b = a;
    for _ in 0..rng.below(4) {
        if b < text.len() {
            b += text[b..].chars().next().unwrap().len_utf8();
        }
    }
    while text[..b].ends_with('\r') && text[b..].starts_with('\n') {
        b += 1;
    }
    let new = PIECES[rng.below(PIECES.len())];
    let change = json!({
        "range": {"start": position_of(text, a, utf8), "end": position_of(text, b, utf8)},
        "text": new,
    });
    text.replace_range(a..b, new);
    change
}

fn run(utf8: bool, seed: u64) {
    let mut text = fixture("002_");
    let mut c = if utf8 { Client::utf8() } else { Client::utf16() };
    c.open(URI, &text, 0);
    let mut rng = Rng(seed);
    let mut version = 0;
    for _ in 0..400 {
        version += 1;
        // Mostly one change per notification, sometimes several applied in order.
        let n = if rng.below(5) == 0 { 1 + rng.below(4) } else { 1 };
        let changes: Vec<Value> = (0..n).map(|_| random_change(&mut rng, &mut text, utf8)).collect();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": changes}),
        );
    }
    let last = c.diagnostics(URI, version);
    assert_eq!(last["version"], version);
    let server = c.server_text(URI);
    assert!(server == text, "server text differs from the client's after {version} edits");
    let r = c.request("nianbao/documentText", json!({"uri": URI})).unwrap();
    assert_eq!(r["version"], version);
    c.shutdown();
}

#[test]
fn rapid_incremental_edits_utf16() {
    run(false, 0x9E37_79B9_7F4A_7C15);
}

#[test]
fn rapid_incremental_edits_utf8() {
    run(true, 0xD1B5_4A32_D192_ED03);
}

#[test]
fn diagnostics_follow_every_version_in_order() {
    let original = fixture("002_");
    let mut c = Client::utf16();
    c.open(URI, &original, 0);
    // Type a digit after 146 and delete it again, 100 times, without waiting.
    let row = original.find("一、本年新收").unwrap();
    let at = row + original[row..].find("146").unwrap() + 3;
    let pos = position_of(&original, at, false);
    let after = json!({"line": pos["line"], "character": pos["character"].as_u64().unwrap() + 1});
    for v in 1..=200 {
        let change = if v % 2 == 1 {
            json!({"range": {"start": pos, "end": pos}, "text": "9"})
        } else {
            json!({"range": {"start": pos, "end": after}, "text": ""})
        };
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": v}, "contentChanges": [change]}),
        );
    }
    // Every version is published once, in order; odd versions (1469) are wrong, even ones not.
    let mut seen = vec![0]; // version 0 was consumed by `open`
    while seen.len() < 201 {
        let m = c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
        let v = m["params"]["version"].as_i64().unwrap();
        let wrong = m["params"]["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "NB201");
        if v > 0 {
            assert_eq!(wrong, v % 2 == 1, "version {v}");
        }
        seen.push(v);
    }
    assert_eq!(seen, (0..=200).collect::<Vec<i64>>());
    assert_eq!(c.server_text(URI), original);
    c.shutdown();
}
