//! The server survives careless and hostile clients under load: a wrong Content-Length, a
//! 50 MB didOpen, 10,000 changes as fast as the pipe takes them (with memory bounded), and a
//! client that disappears.

mod lsp_support;

use lsp_support::{fixture, Client};
use serde_json::json;
use std::time::{Duration, Instant};

const URI: &str = "file:///nianbao-stress/report.txt";

/// Resident memory of a process in MiB, from `/proc/PID/status` (the server runs on Linux here;
/// a memory limit that cannot be measured is a failure, not a pass).
fn rss_mib(pid: u32) -> u64 {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or_else(|| panic!("no VmRSS in {path}"));
    let kib: u64 = line.split_whitespace().nth(1).and_then(|k| k.parse().ok()).unwrap_or_else(|| panic!("{line}"));
    kib / 1024
}

#[test]
fn a_wrong_content_length_gets_an_error_or_a_clean_exit() {
    let mut c = Client::utf16();
    c.open(URI, "第一行", 1);
    // Content-Length says 5 but the body is longer: the rest of the stream is garbage.
    c.send_raw(b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"shutdown\"}");
    // Then a well-formed request. The server either answers it or ends the session cleanly.
    let id = c.send_request("nianbao/documentText", json!({"uri": URI}));
    let answered = c.try_wait_for(&|m: &serde_json::Value| m["id"] == id, Duration::from_secs(5));
    if answered.is_none() {
        let status = c.hang_up();
        assert_eq!(status.code(), Some(0), "not a clean exit (101 is a panic): {status:?}");
    } else {
        assert!(c.alive());
        c.shutdown();
    }
}

#[test]
fn a_fifty_megabyte_document_is_checked_and_the_server_goes_on() {
    let seed = fixture("002_");
    // The seed, then prose up to 50 MB.
    let filler = "本年度我局持续深化政务公开，完善制度，规范流程，提升公开质量和实效。".repeat(20) + "\n";
    let mut text = seed.clone();
    while text.len() < 50 << 20 {
        text.push_str(&filler);
    }
    let mut c = Client::utf16();
    let started = Instant::now();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    // Generous: the test binary is a debug build on a shared machine.
    let d = c
        .try_wait_for(
            &|m: &serde_json::Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI,
            Duration::from_secs(300),
        )
        .expect("diagnostics for the 50 MB document");
    assert!(d["params"]["diagnostics"].is_array(), "{d}");
    eprintln!("50 MB didOpen → publishDiagnostics in {:?}", started.elapsed());
    // Still serving.
    let small = c.open("file:///nianbao-stress/small.txt", &seed, 1);
    assert_eq!(small["diagnostics"].as_array().unwrap().len(), 0);
    // The text is held a few times over (rope, string, decoded request): bounded, not leaking.
    let mib = rss_mib(c.pid());
    assert!(mib < 1024, "resident memory {mib} MiB after a 50 MB document");
    c.shutdown();
}

#[test]
fn ten_thousand_changes_in_a_burst_leave_the_text_right_and_memory_bounded() {
    let seed = fixture("002_");
    let mut c = Client::utf16();
    c.open(URI, &seed, 1);
    let before = rss_mib(c.pid());
    // Type and delete a character at the end of the first line, 10,000 times, without waiting.
    let first_line_len: usize = seed.lines().next().unwrap().encode_utf16().count();
    for v in 0..10_000i64 {
        let change = if v % 2 == 0 {
            json!({"range": {"start": {"line": 0, "character": first_line_len}, "end": {"line": 0, "character": first_line_len}}, "text": "字"})
        } else {
            json!({"range": {"start": {"line": 0, "character": first_line_len}, "end": {"line": 0, "character": first_line_len + 1}}, "text": ""})
        };
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": v + 2}, "contentChanges": [change]}),
        );
    }
    // Every change was applied in order: the text is the seed again.
    assert_eq!(c.server_text(URI), seed);
    let after = rss_mib(c.pid());
    assert!(after < before + 200, "resident memory grew from {before} to {after} MiB over 10,000 changes");
    c.shutdown();
}

#[test]
fn a_client_that_disappears_ends_the_server_cleanly() {
    let mut c = Client::utf16();
    c.open(URI, &fixture("002_"), 1);
    let status = c.hang_up();
    assert_eq!(status.code(), Some(0), "not a clean exit (101 is a panic): {status:?}");
}
