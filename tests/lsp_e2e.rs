//! End-to-end tests of `nianbao lsp` over stdio: JSON snapshots of initialize,
//! publishDiagnostics, codeAction, willSaveWaitUntil, hover, documentSymbol and codeLens on the
//! seed reports, and a changed total that every fix path gives back.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

const URI: &str = "file:///nianbao-test/002.txt";
const ROW: &str = "一、本年新收政府信息公开申请数量";

/// Seed 002 with 一、本年新收's 总计 changed from 146 to 147, and the byte offset of the cell.
fn broken_002() -> (String, String, usize) {
    let original = fixture("002_");
    let (broken, at) = replace_after(&original, ROW, "146", "147");
    (original, broken, at)
}

fn cell_range(text: &str, at: usize) -> Value {
    json!({"start": position_of(text, at, false), "end": position_of(text, at + 3, false)})
}

#[test]
fn initialize_answers_capabilities_and_encoding() {
    let (c, utf16) = Client::initialized(json!({}), Value::Null);
    assert_eq!(c.shutdown().code(), Some(0));
    insta::assert_json_snapshot!("lsp_initialize_utf16", utf16);
    let (c, utf8) =
        Client::initialized(json!({"general": {"positionEncodings": ["utf-32", "utf-16", "utf-8"]}}), Value::Null);
    assert_eq!(c.shutdown().code(), Some(0));
    assert_eq!(utf8["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(utf16["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn seeds_publish_no_findings_and_non_reports_get_an_empty_publish() {
    let mut c = Client::utf16();
    let mut all = serde_json::Map::new();
    for (i, (name, text)) in fixtures().iter().enumerate() {
        let uri = format!("file:///nianbao-test/{name}");
        let d = c.open(&uri, text, i as i64 + 1);
        all.insert(name.clone(), d["diagnostics"].clone());
    }
    insta::assert_json_snapshot!("lsp_seed_diagnostics", all);
    // A text that is not a report gets an empty publish, even with a wrong-looking sum.
    let d = c.open("file:///nianbao-test/notes.txt", "总计\t1\t1\t3\n一、总体情况\n", 1);
    assert_eq!(d["diagnostics"], json!([]));
    c.shutdown();
}

#[test]
fn changed_total_is_reported_and_every_fix_path_restores_it() {
    let (original, broken, at) = broken_002();
    let mut c = Client::utf16();
    let published = c.open(URI, &broken, 1);
    insta::assert_json_snapshot!("lsp_changed_total_diagnostics", published);
    let diags = published["diagnostics"].as_array().unwrap();
    let nb201 = diags.iter().find(|d| d["code"] == "NB201").expect("an NB201 finding");
    assert_eq!(nb201["range"], cell_range(&broken, at), "on the 总计 cell");
    assert!(nb201["codeDescription"]["href"].as_str().unwrap().ends_with("/docs/rules/NB201.md"));

    // Quick-fix at the cell.
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": URI},
                "range": cell_range(&broken, at),
                "context": {"diagnostics": [nb201], "only": ["quickfix"]},
            }),
        )
        .unwrap();
    insta::assert_json_snapshot!("lsp_changed_total_quickfix", actions);
    let quickfix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "NB201")
        .expect("a quick-fix for NB201");
    assert_eq!(quickfix["kind"], "quickfix");
    assert_eq!(quickfix["isPreferred"], true);
    let fixed = apply_text_edits(&broken, &workspace_edits(&quickfix["edit"], URI), false);
    assert_eq!(fixed, original, "quick-fix restores the text");

    // source.fixAll, asked for with the parent kind.
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
    insta::assert_json_snapshot!("lsp_changed_total_fix_all", actions);
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "only the fix-all action");
    assert_eq!(actions[0]["kind"], "source.fixAll.nianbao");
    let fixed = apply_text_edits(&broken, &workspace_edits(&actions[0]["edit"], URI), false);
    assert_eq!(fixed, original, "source.fixAll restores the text");

    // willSaveWaitUntil (fixOnSave defaults to on).
    let edits =
        c.request("textDocument/willSaveWaitUntil", json!({"textDocument": {"uri": URI}, "reason": 1})).unwrap();
    insta::assert_json_snapshot!("lsp_changed_total_will_save", edits);
    assert_eq!(apply_text_edits(&broken, &edits, false), original);

    // The table's code lens runs "fix all sums" through workspace/applyEdit.
    let lenses = c.request("textDocument/codeLens", json!({"textDocument": {"uri": URI}})).unwrap();
    insta::assert_json_snapshot!("lsp_changed_total_code_lens", lenses);
    let lens = lenses
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["command"]["command"] == "nianbao.fixAllSums")
        .expect("a fix-all-sums lens");
    let r = c
        .request(
            "workspace/executeCommand",
            json!({"command": "nianbao.fixAllSums", "arguments": lens["command"]["arguments"]}),
        )
        .unwrap();
    assert_eq!(r, Value::Null);
    let fixed = {
        // The applyEdit request may arrive after the command's response: wait for it.
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            if let Some((_, p)) = c.server_requests.iter().find(|(m, _)| m == "workspace/applyEdit") {
                break apply_text_edits(&broken, &workspace_edits(&p["edit"], URI), false);
            }
            assert!(std::time::Instant::now() < deadline, "no workspace/applyEdit");
            c.try_wait_for(&|_: &Value| false, std::time::Duration::from_millis(20));
        }
    };
    assert_eq!(fixed, original, "fix all sums restores the text");

    // The quick-fix's edit applied as a client would: the total balances again.
    let d = c.replace_all(URI, &original, 2);
    assert_eq!(d["diagnostics"], json!([]));
    c.shutdown();
}

#[test]
fn hover_on_a_total_shows_row_column_and_formula() {
    let original = fixture("002_");
    let a = original.find(ROW).unwrap();
    let at = a + original[a..].find("146").unwrap();
    let mut c = Client::utf16();
    c.open(URI, &original, 1);
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": position_of(&original, at + 1, false)}),
        )
        .unwrap();
    insta::assert_json_snapshot!("lsp_hover_total", hover);
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("91 + 0 + 0 + 0 + 55 + 0 = 146 ✓"), "{md}");
    assert!(md.contains("总计"), "{md}");
    // Not on a cell: no hover.
    let none = c
        .request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}))
        .unwrap();
    assert_eq!(none, Value::Null);
    c.shutdown();
}

#[test]
fn document_symbols_outline_the_report() {
    let original = fixture("002_");
    let mut c = Client::utf16();
    c.open(URI, &original, 1);
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).unwrap();
    insta::assert_json_snapshot!("lsp_document_symbols", symbols);
    let top: Vec<&str> = symbols.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(top.len(), 7, "title and six sections: {top:?}");
    assert!(top[0].contains("政府信息公开工作年度报告"));
    let tables: usize = symbols.as_array().unwrap().iter().map(|s| s["children"].as_array().map_or(0, Vec::len)).sum();
    assert_eq!(tables, 3);
    c.shutdown();
}

#[test]
fn completion_offers_missing_headings_and_a_blank_report() {
    let original = fixture("002_");
    // Drop section 六's heading: it becomes a completion.
    let six = original.find("六、其他需要报告的事项").unwrap();
    let without = original.replacen("六、其他需要报告的事项", "", 1);
    let mut c = Client::utf16();
    c.open(URI, &without, 1);
    let items = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": position_of(&without, six, false)}),
        )
        .unwrap();
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"六、其他需要报告的事项"), "{labels:?}");
    // In table 三 with a row deleted: that row is offered.
    let row = "3.要求提供公开出版物";
    let a = without.find("3. 要求提供公开出版物").unwrap();
    let line_end = a + without[a..].find('\n').unwrap() + 1;
    let line_start = without[..a].rfind('\n').unwrap() + 1;
    let no_row = format!("{}{}", &without[..line_start], &without[line_end..]);
    c.replace_all(URI, &no_row, 2);
    let items = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": position_of(&no_row, line_start, false)}),
        )
        .unwrap();
    insta::assert_json_snapshot!("lsp_completion_missing_row", items);
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&row), "{labels:?}");
    // An empty document is offered the blank report.
    c.open("untitled:Untitled-1", "", 1);
    let items = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": "untitled:Untitled-1"}, "position": {"line": 0, "character": 0}}),
        )
        .unwrap();
    let item = &items[0];
    assert_eq!(item["kind"], 15, "a snippet item");
    let text = item["insertText"].as_str().unwrap();
    assert!(text.contains("三、收到和处理政府信息公开申请情况"));
    c.shutdown();
}
