//! Settings: `initializationOptions`, `workspace/didChangeConfiguration` (plain and wrapped in
//! `{"nianbao": …}`), `fixOnSave`, and the workspace's nianbao.toml under the editor settings.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

const ROW: &str = "一、本年新收政府信息公开申请数量";

fn broken() -> String {
    replace_after(&fixture("002_"), ROW, "146", "147").0
}

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn initialization_options_set_language_and_rules() {
    let uri = "file:///nianbao-test/en.txt";
    let (mut c, _) = Client::initialized(
        json!({}),
        json!({"lang": "en", "ruleDocsUrl": "https://example.org/nianbao/blob/main/docs/rules/{code}.md"}),
    );
    let d = c.open(uri, &broken(), 1);
    assert_eq!(
        d["diagnostics"][0]["codeDescription"]["href"],
        "https://example.org/nianbao/blob/main/docs/rules/NB201.md"
    );
    let msg = d["diagnostics"][0]["message"].as_str().unwrap();
    assert_eq!(d["diagnostics"][0]["code"], "NB201");
    assert!(msg.is_ascii() || msg.contains("total"), "English message: {msg}");
    // didChangeConfiguration overlays initializationOptions: still English, now a warning.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"rules": {"NB201": "warning"}}}));
    let d = c.diagnostics(uri, 1);
    assert_eq!(d["diagnostics"][0]["message"].as_str().unwrap(), msg);
    assert_eq!(d["diagnostics"][0]["severity"], 2);
    c.shutdown();

    let (mut c, _) = Client::initialized(json!({}), json!({"rules": {"NB201": "off"}}));
    let d = c.open(uri, &broken(), 1);
    assert!(!codes(&d).contains(&"NB201".to_string()), "{d:#}");
    c.shutdown();
}

#[test]
fn did_change_configuration_republishes_and_controls_fix_on_save() {
    let uri = "file:///nianbao-test/config.txt";
    let mut c = Client::utf16();
    let d = c.open(uri, &broken(), 7);
    assert_eq!(codes(&d), ["NB201"]);
    let save = json!({"textDocument": {"uri": uri}, "reason": 1});
    assert_ne!(c.request("textDocument/willSaveWaitUntil", save.clone()).unwrap(), Value::Null);

    // Turning the rule off republishes the open document (same version) without it.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"nianbao": {"rules": {"row-total": "off"}, "fixOnSave": false}}}),
    );
    let d = c.diagnostics(uri, 7);
    assert_eq!(codes(&d), Vec::<String>::new());
    assert_eq!(c.request("textDocument/willSaveWaitUntil", save.clone()).unwrap(), Value::Null);

    // Severity override and the unwrapped shape; fixOnSave back to its default.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"rules": {"NB201": "hint"}, "lang": "zh"}}));
    let d = c.diagnostics(uri, 7);
    assert_eq!(codes(&d), ["NB201"]);
    assert_eq!(d["diagnostics"][0]["severity"], 4);
    assert_ne!(c.request("textDocument/willSaveWaitUntil", save.clone()).unwrap(), Value::Null);

    // Bad settings are logged and ignored, not fatal.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"lang": 5, "rules": "x"}}));
    let d = c.diagnostics(uri, 7);
    assert_eq!(d["diagnostics"][0]["severity"], 1, "defaults again");
    assert!(c.alive());
    c.shutdown();
}

#[test]
fn workspace_nianbao_toml_applies_under_editor_settings() {
    let dir = std::env::temp_dir().join(format!("nianbao-lsp-settings-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("nianbao.toml"), "lang = \"en\"\n[rules]\nNB201 = \"warning\"\n").unwrap();
    assert_eq!(nianbao_core::config::find(&dir.join("sub")), Some(dir.join("nianbao.toml")));
    let path = dir.join("sub/report.txt");
    let uri = format!("file://{}", path.display());
    let (mut c, _) = Client::initialized(
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        Value::Null,
    );
    let d = c.open(&uri, &broken(), 1);
    assert_eq!(codes(&d), ["NB201"]);
    assert_eq!(d["diagnostics"][0]["severity"], 2, "warning from nianbao.toml");
    // The server asked to watch nianbao.toml files.
    let deadline = std::time::Instant::now() + TIMEOUT;
    while !c
        .server_requests
        .iter()
        .any(|(m, p)| m == "client/registerCapability" && p.to_string().contains("**/nianbao.toml"))
    {
        assert!(std::time::Instant::now() < deadline, "no watcher registration");
        c.try_wait_for(&|_: &Value| false, std::time::Duration::from_millis(20));
    }
    let msg = d["diagnostics"][0]["message"].as_str().unwrap().to_string();
    // Editor settings win over the file.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"lang": "zh", "rules": {"NB201": "error"}}}));
    let d = c.diagnostics(&uri, 1);
    assert_eq!(d["diagnostics"][0]["severity"], 1);
    assert_ne!(d["diagnostics"][0]["message"].as_str().unwrap(), msg, "zh message");
    // A changed nianbao.toml (as reported by the client's watcher) is re-read; the editor's
    // NB201 = error still wins until the editor settings drop it.
    std::fs::write(dir.join("nianbao.toml"), "[rules]\nNB201 = \"off\"\n").unwrap();
    let toml_uri = format!("file://{}", dir.join("nianbao.toml").display());
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": toml_uri, "type": 2}]}));
    let d = c.diagnostics(&uri, 1);
    assert_eq!(d["diagnostics"][0]["severity"], 1);
    // New editor settings replace the previous ones: without NB201 the file's `off` applies.
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"rules": {}}}));
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), Vec::<String>::new());
    c.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn last_years_report_open_in_the_editor_is_used_for_cross_year_checks() {
    let this_year = fixture("002_");
    let last_year = this_year.replacen("2023 年政府信息公开工作年度报告", "2022 年政府信息公开工作年度报告", 1);
    // Last year carried 0 over (seed 002's 四 is all zeros) but this year says 2 were carried in.
    let carried = |text: &str| {
        text.replacen(
            "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0",
            "四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2",
            1,
        )
    };
    assert_ne!(carried(&last_year), last_year, "the seed's row 四 changed");
    let (u23, u22) = ("file:///nianbao-test/2023.txt", "file:///nianbao-test/2022.txt");
    let mut c = Client::utf16();
    let d = c.open(u23, &this_year, 1);
    assert!(!codes(&d).contains(&"NB303".to_string()), "{d:#}");
    // Opening last year's report re-checks this year's against it.
    c.open(u22, &last_year, 1);
    let d = c.diagnostics(u23, 1);
    let nb303: Vec<&Value> = d["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "NB303").collect();
    assert!(!nb303.is_empty(), "{d:#}");
    assert!(nb303[0]["message"].as_str().unwrap().contains("2022.txt"), "{nb303:?}");
    // Fixing last year's report clears it; closing last year's report forgets it.
    c.replace_all(u22, &carried(&last_year), 2);
    let d = c.diagnostics(u23, 1);
    assert!(!codes(&d).contains(&"NB303".to_string()), "{d:#}");
    c.replace_all(u22, &last_year, 3);
    let d = c.diagnostics(u23, 1);
    assert!(codes(&d).contains(&"NB303".to_string()), "{d:#}");
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": u22}}));
    let d = c.diagnostics(u23, 1);
    assert!(!codes(&d).contains(&"NB303".to_string()), "{d:#}");
    c.shutdown();
}

#[test]
fn ignore_entries_in_nianbao_toml_dismiss_findings() {
    let dir = std::env::temp_dir().join(format!("nianbao-lsp-ignore-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("2023")).unwrap();
    std::fs::write(
        dir.join("nianbao.toml"),
        "[[ignore]]\ncode = \"NB201\"\nfile = \"2023/a.txt\"\ncell = \"表三·一、本年新收·总计\"\nreason = \"test\"\n",
    )
    .unwrap();
    let mut c = Client::utf16();
    let ignored = format!("file://{}", dir.join("2023/a.txt").display());
    let other = format!("file://{}", dir.join("2023/b.txt").display());
    let d = c.open(&ignored, &broken(), 1);
    assert!(!codes(&d).contains(&"NB201".to_string()), "dismissed: {d:#}");
    // Fix-on-save follows what is shown: nothing to fix.
    let r = c.request("textDocument/willSaveWaitUntil", json!({"textDocument": {"uri": ignored}, "reason": 1}));
    assert_eq!(r, Ok(Value::Null));
    // The entry names one file: the same text elsewhere is still checked.
    let d = c.open(&other, &broken(), 1);
    assert!(codes(&d).contains(&"NB201".to_string()), "{d:#}");
    c.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ignore_action_appends_an_entry_to_nianbao_toml() {
    let dir = std::env::temp_dir().join(format!("nianbao-lsp-ignore-action-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("2023")).unwrap();
    let toml_path = dir.join("nianbao.toml");
    std::fs::write(&toml_path, "lang = \"zh\"").unwrap(); // no final line break
    let uri = format!("file://{}", dir.join("2023/a.txt").display());
    let toml_uri = format!("file://{}", toml_path.display());
    let (broken_text, at) = replace_after(&fixture("002_"), ROW, "146", "147");
    let mut c = Client::utf16();
    let d = c.open(&uri, &broken_text, 1);
    assert!(codes(&d).contains(&"NB201".to_string()), "{d:#}");
    let cell = json!({"start": position_of(&broken_text, at, false), "end": position_of(&broken_text, at + 3, false)});
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": cell, "context": {"diagnostics": [], "only": ["quickfix"]}}),
        )
        .unwrap();
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("nianbao.toml") && a["diagnostics"][0]["code"] == "NB201")
        .unwrap_or_else(|| panic!("an ignore action: {actions:#}"));
    assert_eq!(ignore["isPreferred"], false);
    let before = std::fs::read_to_string(&toml_path).unwrap();
    let after = apply_text_edits(&before, &workspace_edits(&ignore["edit"], &toml_uri), false);
    assert!(after.starts_with("lang = \"zh\"\n"), "{after}");
    assert!(after.contains("file = \"2023/a.txt\"") && after.contains("cell = \"表三·一、本年新收·总计\""), "{after}");
    std::fs::write(&toml_path, &after).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": toml_uri, "type": 2}]}));
    let d = c.diagnostics(&uri, 1);
    assert!(!codes(&d).contains(&"NB201".to_string()), "dismissed now: {d:#}");
    c.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn workspace_nianbao_toml_sets_the_report_format() {
    let dir = std::env::temp_dir().join(format!("nianbao-lsp-format-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let shanghai = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/ok-shanghai-layout.txt"),
    )
    .unwrap();
    let uri = format!("file://{}", dir.join("report.txt").display());
    // Read as the national format, the Shanghai layout's sections are structure findings.
    std::fs::write(dir.join("nianbao.toml"), "format = \"national\"\n").unwrap();
    let (mut c, _) = Client::initialized(json!({}), Value::Null);
    let d = c.open(&uri, &shanghai, 1);
    assert!(codes(&d).contains(&"NB102".to_string()), "{:?}", codes(&d));
    // Detected (the default) once nianbao.toml no longer forces it.
    std::fs::write(dir.join("nianbao.toml"), "format = \"auto\"\n").unwrap();
    let toml_uri = format!("file://{}", dir.join("nianbao.toml").display());
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": toml_uri, "type": 2}]}));
    let d = c.diagnostics(&uri, 1);
    assert_eq!(codes(&d), Vec::<String>::new());
    c.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}
