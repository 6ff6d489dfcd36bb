//! The server indexes the workspace folder's reports on disk: an open report is checked against
//! last year's report of the same agency even when that file is not open, and is re-checked when
//! that file changes on disk (`workspace/didChangeWatchedFiles`).

mod lsp_support;

use lsp_support::{fixture, Client};
use serde_json::{json, Value};

fn codes(d: &Value) -> Vec<String> {
    d["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn last_years_report_on_disk_is_used_and_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let this_year = fixture("002_");
    let last_year = this_year.replacen("2023 年政府信息公开工作年度报告", "2022 年政府信息公开工作年度报告", 1);
    // Seed 002 carries 2 in, but last year's report (a copy) carried 0 over: NB303.
    std::fs::create_dir(root.join("2022")).unwrap();
    std::fs::write(root.join("2022/report.txt"), &last_year).unwrap();
    let root_uri = format!("file://{}", root.display());
    let mut c = Client::start();
    c.request("initialize", json!({"processId": null, "rootUri": root_uri, "capabilities": {}})).expect("initialize");
    c.notify("initialized", json!({}));
    let u23 = format!("{root_uri}/2023.txt");
    let d = c.open(&u23, &this_year, 1);
    let d = if codes(&d).contains(&"NB303".to_string()) { d } else { c.diagnostics(&u23, 1) };
    assert!(codes(&d).contains(&"NB303".to_string()), "{d:#}");
    let nb303 = d["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "NB303").unwrap();
    assert!(nb303["message"].as_str().unwrap().contains("report.txt"), "{nb303:#}");
    // Last year's report is corrected on disk: this year's is re-checked.
    let fixed = last_year.replacen(
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0",
        "四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2",
        1,
    );
    assert_ne!(fixed, last_year);
    std::fs::write(root.join("2022/report.txt"), &fixed).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root_uri}/2022/report.txt"), "type": 2}]}),
    );
    let d = c.diagnostics(&u23, 1);
    assert!(!codes(&d).contains(&"NB303".to_string()), "{d:#}");
    c.shutdown();
}
