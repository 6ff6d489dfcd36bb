//! Property test (proptest) of the server's edit handling, issue 6: random sequences of
//! incremental changes (insert, delete, replace at random positions, with CJK, 𠮷, emoji, tabs
//! and all three line endings; sometimes several changes in one notification, sometimes a
//! whole-text replacement) are sent to the real `nianbao lsp` over stdio, in the utf-8 and the
//! utf-16 position encodings, and applied to a reference String on the client side. After
//! each sequence the server's copy (`nianbao/documentText`) must equal the reference.
//!
//! One server per encoding serves every case (each case is a new document, closed at the end),
//! so the suite stays fast. The framing client is the shared `tests/lsp_support`.

mod lsp_support;

use lsp_support::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

const PIECES: &[&str] = &[
    "",
    "1",
    "47",
    "\t",
    "总计",
    "行政复议",
    "𠮷",
    "😀",
    "👨‍👩‍👧",
    "é",
    "\n",
    "\r\n",
    "\r",
    "\r\r\n",
    "a",
    " ",
    "|",
    "\u{FEFF}",
    "一、总体情况\n",
    "（七）总计\t0\t0\n",
];

#[derive(Clone, Debug)]
enum Change {
    /// Replace `del` chars from the char boundary at `at / 65536` of the text by `text`.
    Range { at: u16, del: usize, text: String },
    /// A change without range: the whole text.
    Full(String),
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => prop::collection::vec(prop::sample::select(PIECES), 0..4).prop_map(|v| v.concat()),
        1 => "[a-z0-9\\u{4e00}-\\u{4e20}\\r\\n\\t 𠮷😀]{0,6}",
    ]
}

fn initial_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(PIECES), 0..30).prop_map(|v| v.concat()),
        (100usize..3000).prop_map(|n| {
            let seed = fixture("002_");
            let mut n = n.min(seed.len());
            while !seed.is_char_boundary(n) {
                n -= 1;
            }
            seed[..n].to_string()
        }),
    ]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        12 => (any::<u16>(), 0usize..5, piece()).prop_map(|(at, del, text)| Change::Range { at, del, text }),
        1 => piece().prop_map(Change::Full),
    ]
}

/// A char boundary near `at / 65536` of `text` that is a valid LSP position (not between
/// `\r` and `\n`, which no line/character pair can name).
fn lsp_boundary(text: &str, at: u16) -> usize {
    let mut i = (text.len() as u64 * at as u64 / 65536) as usize;
    loop {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        if !(text[..i].ends_with('\r') && text[i..].starts_with('\n')) {
            return i;
        }
        i -= 1;
    }
}

/// Applies `change` to the reference text and returns its LSP form.
fn apply(text: &mut String, change: &Change, utf8: bool) -> Value {
    match change {
        Change::Full(new) => {
            *text = new.clone();
            json!({"text": new})
        }
        Change::Range { at, del, text: new } => {
            let a = lsp_boundary(text, *at);
            let mut b = a;
            for _ in 0..*del {
                if let Some(c) = text[b..].chars().next() {
                    b += c.len_utf8();
                }
            }
            if text[..b].ends_with('\r') && text[b..].starts_with('\n') {
                b += 1;
            }
            let v = json!({
                "range": {"start": position_of(text, a, utf8), "end": position_of(text, b, utf8)},
                "text": new,
            });
            text.replace_range(a..b, new);
            v
        }
    }
}

fn server(utf8: bool) -> &'static Mutex<Client> {
    static UTF8: OnceLock<Mutex<Client>> = OnceLock::new();
    static UTF16: OnceLock<Mutex<Client>> = OnceLock::new();
    if utf8 {
        UTF8.get_or_init(|| Mutex::new(Client::utf8()))
    } else {
        UTF16.get_or_init(|| Mutex::new(Client::utf16()))
    }
}

static DOCS: AtomicUsize = AtomicUsize::new(0);

/// Opens a new document, sends the changes (grouped into notifications of `group` sizes), and
/// compares the server's text with the reference.
fn run(utf8: bool, initial: &str, changes: &[Change], groups: &[usize]) -> Result<(), TestCaseError> {
    let mut guard = server(utf8).lock().unwrap_or_else(|e| e.into_inner());
    let c = &mut *guard;
    let uri = format!(
        "file:///nianbao-prop/{}/{}.txt",
        if utf8 { "utf8" } else { "utf16" },
        DOCS.fetch_add(1, Ordering::Relaxed)
    );
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 0, "text": initial}}),
    );
    let mut text = initial.to_string();
    let mut version = 0;
    let mut rest = changes;
    let mut g = groups.iter().cycle();
    while !rest.is_empty() {
        let n = (*g.next().unwrap_or(&1)).clamp(1, rest.len());
        let (now, later) = rest.split_at(n);
        rest = later;
        let lsp: Vec<Value> = now.iter().map(|ch| apply(&mut text, ch, utf8)).collect();
        version += 1;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": lsp}),
        );
    }
    let r = c.request("nianbao/documentText", json!({"uri": uri}));
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    let r = r.map_err(|e| TestCaseError::fail(format!("documentText failed: {e}")))?;
    prop_assert_eq!(r["version"].as_i64(), Some(version));
    let server_text = r["text"].as_str().unwrap_or_default();
    prop_assert!(server_text == text, "server text differs\nserver:    {:?}\nreference: {:?}", server_text, text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn incremental_edits_utf8(initial in initial_text(), changes in prop::collection::vec(change(), 1..60), groups in prop::collection::vec(1usize..4, 1..4)) {
        run(true, &initial, &changes, &groups)?;
    }

    #[test]
    fn incremental_edits_utf16(initial in initial_text(), changes in prop::collection::vec(change(), 1..60), groups in prop::collection::vec(1usize..4, 1..4)) {
        run(false, &initial, &changes, &groups)?;
    }
}
