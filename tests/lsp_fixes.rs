//! `nianbao lsp` says what its fixes did and where they are offered (issue 16): the notice after
//! fix-on-save and fix-all, quick-fixes anywhere on a flagged row, code lenses refreshed when
//! what they say changes, hover on a row's label and on a heading.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::time::Duration;

const URI: &str = "file:///nianbao-test/fixes.txt";
const ROW: &str = "一、本年新收政府信息公开申请数量";

/// Seed 002 with 一、本年新收's 总计 changed from 146 to 147, and the byte offset of the cell.
fn broken_002() -> (String, String, usize) {
    let original = fixture("002_");
    let (broken, at) = replace_after(&original, ROW, "146", "147");
    (original, broken, at)
}

fn show_message(c: &mut Client) -> Option<String> {
    let m = c.try_wait_for(&|m: &Value| m["method"] == "window/showMessage", Duration::from_secs(5))?;
    Some(m["params"]["message"].as_str().unwrap_or_default().to_string())
}

#[test]
fn fix_on_save_tells_the_author_what_it_fixed() {
    let (original, broken, _) = broken_002();
    let mut c = Client::utf16();
    c.open(URI, &broken, 1);
    let edits =
        c.request("textDocument/willSaveWaitUntil", json!({"textDocument": {"uri": URI}, "reason": 1})).unwrap();
    assert_eq!(apply_text_edits(&broken, &edits, false), original);
    assert_eq!(show_message(&mut c).as_deref(), Some("保存时修正了 1 处合计：一、本年新收·总计 147 → 146"));
    // Nothing to fix: no edits and no notice.
    c.replace_all(URI, &original, 2);
    let edits =
        c.request("textDocument/willSaveWaitUntil", json!({"textDocument": {"uri": URI}, "reason": 1})).unwrap();
    assert_eq!(edits, Value::Null);
    assert_eq!(show_message(&mut c), None);
    c.shutdown();
}

#[test]
fn fix_all_carries_a_notice_the_client_runs_after_the_edit() {
    let (original, broken, _) = broken_002();
    let (mut c, init) = Client::initialized(json!({}), json!({"lang": "en"}));
    let commands = init["capabilities"]["executeCommandProvider"]["commands"].as_array().unwrap();
    assert!(commands.contains(&json!("nianbao.showFixes")), "{commands:?}");
    c.open(URI, &broken, 1);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": URI},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": [], "only": ["source.fixAll"]},
            }),
        )
        .unwrap();
    let action = &actions[0];
    assert_eq!(apply_text_edits(&broken, &workspace_edits(&action["edit"], URI), false), original);
    let command = &action["command"];
    assert_eq!(command["command"], "nianbao.showFixes");
    let notice = "Fixed 1 total: 一、本年新收·total 147 → 146";
    assert_eq!(command["arguments"], json!([notice]));
    // What VS Code does once it has applied the edit (on save too): run the command.
    let r = c.request("workspace/executeCommand", json!({"command": "nianbao.showFixes", "arguments": [notice]}));
    assert_eq!(r, Ok(Value::Null));
    assert_eq!(show_message(&mut c).as_deref(), Some(notice));
    let bad = c.request("workspace/executeCommand", json!({"command": "nianbao.showFixes", "arguments": [1]}));
    assert!(bad.is_err(), "{bad:?}");
    c.shutdown();
}

#[test]
fn a_quick_fix_is_offered_anywhere_on_the_flagged_row() {
    let (original, broken, at) = broken_002();
    let mut c = Client::utf16();
    c.open(URI, &broken, 1);
    let row_start = broken[..at].rfind('\n').unwrap() + 1;
    let quick_fixes = |c: &mut Client, offset: usize| -> Vec<Value> {
        let p = position_of(&broken, offset, false);
        let actions = c
            .request(
                "textDocument/codeAction",
                json!({
                    "textDocument": {"uri": URI},
                    "range": {"start": p, "end": p},
                    "context": {"diagnostics": [], "only": ["quickfix"]},
                }),
            )
            .unwrap();
        actions.as_array().unwrap().iter().filter(|a| a["diagnostics"][0]["code"] == "NB201").cloned().collect()
    };
    // On the label, on the 自然人 cell, at the line's end: the row's NB201 fix.
    let natural = row_start + broken[row_start..].find("\t91\t").unwrap() + 1;
    let eol = at + broken[at..].find('\n').unwrap();
    for offset in [row_start, row_start + 3, natural, eol] {
        let found = quick_fixes(&mut c, offset);
        assert_eq!(found.len(), 1, "at {offset}: {found:#?}");
        assert_eq!(apply_text_edits(&broken, &workspace_edits(&found[0]["edit"], URI), false), original);
    }
    // Not on the next row.
    assert!(quick_fixes(&mut c, eol + 1).is_empty());
    c.shutdown();
}

#[test]
fn code_lenses_are_refreshed_when_what_they_say_changes() {
    let (original, broken, _) = broken_002();
    let (mut c, _) = Client::initialized(json!({"workspace": {"codeLens": {"refreshSupport": true}}}), Value::Null);
    let refreshes = |c: &mut Client| {
        c.request("textDocument/codeLens", json!({"textDocument": {"uri": URI}})).unwrap();
        c.server_requests.iter().filter(|(m, _)| m == "workspace/codeLens/refresh").count()
    };
    c.open(URI, &original, 1);
    let after_open = refreshes(&mut c);
    assert_eq!(after_open, 1, "the lenses of a newly opened report");
    // The total broken: table 三's lens says so.
    c.replace_all(URI, &broken, 2);
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": URI}})).unwrap();
    assert!(lenses.to_string().contains("1 处问题"), "{lenses}");
    assert_eq!(refreshes(&mut c), 2);
    // A change that leaves every lens as it was: no refresh.
    let (same, _) = replace_after(&broken, "一、总体情况", "一", "一");
    c.replace_all(URI, &same, 3);
    assert_eq!(refreshes(&mut c), 2);
    c.replace_all(URI, &original, 4);
    assert_eq!(refreshes(&mut c), 3);
    c.shutdown();
    // A client without the capability is never asked.
    let mut c = Client::utf16();
    c.open(URI, &original, 1);
    c.replace_all(URI, &broken, 2);
    assert_eq!(refreshes(&mut c), 0);
    c.shutdown();
}

fn hover_at(c: &mut Client, text: &str, offset: usize) -> String {
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": position_of(text, offset, false)}),
        )
        .unwrap();
    hover["contents"]["value"].as_str().unwrap_or_default().to_string()
}

#[test]
fn hover_on_a_row_label_or_heading_says_what_it_counts() {
    let text = fixture("002_");
    let mut c = Client::utf16();
    c.open(URI, &text, 1);
    let md = hover_at(&mut c, &text, text.find(ROW).unwrap() + 3);
    assert!(md.contains("本年度新收到的政府信息公开申请件数"), "{md}");
    assert!(md.contains("一＋二＝三（七）＋四"), "{md}");
    let md = hover_at(&mut c, &text, text.find("属于国家秘密").unwrap() + 3);
    assert!(md.contains("办理结果为“（三）1.属于国家秘密”"), "{md}");
    assert!(md.contains("（七）总计"), "{md}");
    let md = hover_at(&mut c, &text, text.find("三、收到和处理政府信息公开申请情况").unwrap() + 3);
    assert!(md.contains("表三（依申请公开）：一、本年新收、二、上年结转"), "{md}");
    assert!(md.contains("勾稽关系"), "{md}");
    let md = hover_at(&mut c, &text, text.find("六、其他需要报告的事项").unwrap() + 3);
    assert!(md.contains("信息处理费"), "{md}");
    c.shutdown();
}
