//! Position encodings end to end: CJK (1 UTF-16 unit, 3 bytes), 𠮷 and emoji (2 units, 4 bytes)
//! in front of a wrong cell on the same line must give exact ranges in utf-8 and utf-16, and
//! positions from the client (hover, code actions, edits) must land on the same bytes.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

const URI: &str = "file:///nianbao-test/wide.txt";
const ROW: &str = "一、本年新收政府信息公开申请数量";

/// Seed 002 with 𠮷 and emoji in the row's label and its 总计 changed to 147; the offset of 147.
fn wide_report() -> (String, String, usize) {
    let original = fixture("002_");
    let widened = original.replacen(ROW, &format!("{ROW}𠮷😀"), 1);
    let (broken, at) = replace_after(&widened, ROW, "146", "147");
    (widened, broken, at)
}

fn check(utf8: bool) {
    let (widened, broken, at) = wide_report();
    let mut c = if utf8 { Client::utf8() } else { Client::utf16() };
    let published = c.open(URI, &broken, 1);
    let nb201 = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "NB201")
        .unwrap_or_else(|| panic!("NB201 expected: {published:#}"))
        .clone();
    let line_start = broken[..at].rfind('\n').unwrap() + 1;
    let prefix = &broken[line_start..at];
    // Independent of the test helpers: the prefix spelled out and its units counted by hand.
    // ROW is 16 CJK characters (3 bytes, 1 UTF-16 unit each); 𠮷 and 😀 are 4 bytes, 2 units
    // each; the 16 ASCII characters before 147 are 1 of each.
    let tail = "\t\t91\t0\t0\t0\t55\t0\t";
    assert_eq!(prefix, format!("{ROW}𠮷😀{tail}"));
    assert_eq!((ROW.chars().count(), tail.len()), (16, 16));
    let col = if utf8 { 16 * 3 + 4 + 4 + 16 } else { 16 + 2 + 2 + 16 };
    assert_eq!(col, if utf8 { prefix.len() } else { prefix.encode_utf16().count() });
    assert_eq!(nb201["range"]["start"]["character"], json!(col));
    assert_eq!(nb201["range"]["end"]["character"], json!(col + 3));
    assert_eq!(
        nb201["range"],
        json!({"start": position_of(&broken, at, utf8), "end": position_of(&broken, at + 3, utf8)})
    );

    // Hover at the position the client computes lands on the same cell.
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": position_of(&broken, at + 1, utf8)}),
        )
        .unwrap();
    assert_eq!(hover["range"], nb201["range"], "{hover:#}");

    // The quick-fix's edit, applied with the client's own conversion, restores the text.
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": nb201["range"], "context": {"diagnostics": [nb201], "only": ["quickfix"]}}),
        )
        .unwrap();
    let fix = actions.as_array().unwrap().iter().find(|a| a["diagnostics"][0]["code"] == "NB201").expect("quick-fix");
    let fixed = apply_text_edits(&broken, &workspace_edits(&fix["edit"], URI), utf8);
    assert_eq!(fixed, widened);

    // An incremental edit typed after the emoji is applied where the client meant it.
    let pos = position_of(&broken, at, utf8);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": pos, "end": {"line": pos["line"], "character": pos["character"].as_u64().unwrap() + 3}}, "text": "146"}
        ]}),
    );
    let d = c.diagnostics(URI, 2);
    assert!(!d["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "NB201"), "{d:#}");
    assert_eq!(c.server_text(URI), widened);
    c.shutdown();
}

#[test]
fn utf16_ranges_are_exact_with_cjk_and_non_bmp() {
    check(false);
}

#[test]
fn utf8_ranges_are_exact_with_cjk_and_non_bmp() {
    check(true);
}

#[test]
fn positions_past_the_end_and_inside_surrogate_pairs_do_not_break_the_server() {
    let text = "𠮷😀总计\r\nab\rc\n";
    let mut c = Client::utf16();
    c.open(URI, text, 1);
    // Inside 𠮷's surrogate pair, past the end of a line, past the end of the file.
    for (line, character) in [(0, 1), (0, 3), (0, 999), (1, 99), (7, 0), (u32::MAX as u64, u32::MAX as u64)] {
        let r = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}}),
        );
        assert_eq!(r, Ok(Value::Null));
    }
    // Edits at such positions clamp: inside the pair means before 𠮷; past the line's end
    // means before its line break; past the file's end means at the end.
    let edits = [((0, 1), (0, 1), "<"), ((1, 99), (1, 99), ">"), ((99, 0), (99, 5), "!")];
    for (v, (s, e, t)) in edits.iter().enumerate() {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": v + 2}, "contentChanges": [
                {"range": {"start": {"line": s.0, "character": s.1}, "end": {"line": e.0, "character": e.1}}, "text": t}
            ]}),
        );
    }
    c.diagnostics(URI, 4);
    assert_eq!(c.server_text(URI), "<𠮷😀总计\r\nab>\rc\n!");
    assert!(c.alive());
    c.shutdown();
}

#[test]
fn crlf_documents_get_exact_ranges_and_fixes() {
    let original = fixture("002_").replace("\r\n", "\n").replace('\n', "\r\n");
    let (broken, at) = replace_after(&original, "一、本年新收政府信息公开申请数量", "146", "147");
    let uri = "file:///nianbao-test/crlf.txt";
    let mut c = Client::utf16();
    let d = c.open(uri, &broken, 1);
    let nb201 = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "NB201")
        .unwrap_or_else(|| panic!("NB201 expected: {d:#}"))
        .clone();
    assert_eq!(
        nb201["range"],
        json!({"start": position_of(&broken, at, false), "end": position_of(&broken, at + 3, false)})
    );
    let edits =
        c.request("textDocument/willSaveWaitUntil", json!({"textDocument": {"uri": uri}, "reason": 1})).unwrap();
    assert_eq!(apply_text_edits(&broken, &edits, false), original);
    c.shutdown();
}
