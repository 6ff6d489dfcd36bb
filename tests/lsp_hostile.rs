//! Hostile or careless clients get an error response or a log line, never a crash: unknown
//! documents, changes to closed documents, bad params, unknown methods and commands, a second
//! initialize, requests after shutdown.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::time::Duration;

const URI: &str = "file:///nianbao-test/hostile.txt";
const GHOST: &str = "file:///nianbao-test/never-opened.txt";

fn pos() -> Value {
    json!({"line": 0, "character": 0})
}

#[test]
fn requests_on_unknown_documents_are_errors() {
    let mut c = Client::utf16();
    let requests = [
        ("textDocument/hover", json!({"textDocument": {"uri": GHOST}, "position": pos()})),
        ("textDocument/completion", json!({"textDocument": {"uri": GHOST}, "position": pos()})),
        ("textDocument/documentSymbol", json!({"textDocument": {"uri": GHOST}})),
        ("textDocument/codeLens", json!({"textDocument": {"uri": GHOST}})),
        ("textDocument/willSaveWaitUntil", json!({"textDocument": {"uri": GHOST}, "reason": 1})),
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": GHOST}, "range": {"start": pos(), "end": pos()}, "context": {"diagnostics": []}}),
        ),
        ("nianbao/documentText", json!({"uri": GHOST})),
        ("workspace/executeCommand", json!({"command": "nianbao.fixAllSums", "arguments": [GHOST, "三"]})),
    ];
    for (method, params) in requests {
        let e = c.request(method, params).expect_err(method);
        assert_eq!(e["code"], -32602, "{method}: {e}");
    }
    assert!(c.alive());
    c.shutdown();
}

#[test]
fn notifications_for_closed_or_unknown_documents_are_ignored() {
    let mut c = Client::utf16();
    let text = fixture("002_");
    c.open(URI, &text, 1);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    // Closing clears the diagnostics.
    let cleared = c.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI);
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": pos(), "end": {"line": 99, "character": 0}}, "text": "x"}
        ]}),
    );
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": GHOST}}));
    c.notify("textDocument/didChange", json!({"garbage": true}));
    c.notify("nianbao/unknownNotification", json!({}));
    // The closed document stays closed; the server still answers.
    assert!(c.request("nianbao/documentText", json!({"uri": URI})).is_err());
    c.open(URI, "again", 3);
    assert_eq!(c.server_text(URI), "again");
    c.shutdown();
}

#[test]
fn bad_params_unknown_methods_and_commands_are_errors() {
    let mut c = Client::utf16();
    c.open(URI, &fixture("002_"), 1);
    let e = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}})).unwrap_err();
    assert_eq!(e["code"], -32602);
    let e = c.request("nianbao/noSuchMethod", json!({})).unwrap_err();
    assert_eq!(e["code"], -32601);
    for args in [json!([]), json!([42]), json!([URI, "七"])] {
        let e = c
            .request("workspace/executeCommand", json!({"command": "nianbao.fixAllSums", "arguments": args}))
            .unwrap_err();
        assert_eq!(e["code"], -32602, "{args}");
    }
    let e = c.request("workspace/executeCommand", json!({"command": "rm -rf", "arguments": []})).unwrap_err();
    assert_eq!(e["code"], -32602);
    // A second initialize is refused.
    let e = c.request("initialize", json!({"capabilities": {}})).unwrap_err();
    assert_eq!(e["code"], -32600);
    // A clean document: the command has nothing to do and asks the client for nothing.
    let r = c
        .request("workspace/executeCommand", json!({"command": "nianbao.fixAllSums", "arguments": [URI, "三"]}))
        .unwrap();
    assert_eq!(r, Value::Null);
    assert!(c.alive());
    c.shutdown();
}

#[test]
fn requests_after_shutdown_are_refused_and_exit_ends_the_process() {
    let mut c = Client::utf16();
    c.open(URI, &fixture("002_"), 1);
    c.request("shutdown", Value::Null).unwrap();
    let e = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos()})).unwrap_err();
    assert_eq!(e["code"], -32600, "{e}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    assert!(c.alive());
    let status = c.shutdown_after_shutdown();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_client_that_never_initializes_and_hangs_up_does_not_crash_it() {
    let mut c = Client::start();
    let e = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": pos()})).unwrap_err();
    assert_eq!(e["code"], -32002, "server not initialized: {e}");
    let status = c.hang_up();
    assert_eq!(status.code(), Some(0), "not a clean exit (101 is a panic): {status:?}");
}

#[test]
fn malformed_messages_get_an_error_or_a_log_line_and_the_server_goes_on() {
    let mut c = Client::utf16();
    // Not JSON, JSON that is not JSON-RPC, a header block without Content-Length: dropped.
    c.send_raw(b"Content-Length: 9\r\n\r\nnot json!");
    c.send_raw(b"Content-Length: 2\r\n\r\n[]");
    c.send_raw(b"X-Garbage: 1\r\n\r\n");
    // A request with an id but no method gets an error response with that id.
    c.send_raw(b"Content-Length: 20\r\n\r\n{\"id\":77,\"params\":1}");
    let r = c.wait_for(|m| m["id"] == 77);
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // Wrong params type: invalid params.
    let e = c.request("textDocument/hover", json!([1, 2, 3])).unwrap_err();
    assert_eq!(e["code"], -32602);
    c.open(URI, "still here", 1);
    assert_eq!(c.server_text(URI), "still here");
    assert!(c.alive());
    c.shutdown();
}

/// Found by the `lsp_messages` fuzz target: a request (with an id) for a `$/` method was never
/// answered (the framework drops `MethodNotFound` answers for `$/` methods, right for
/// notifications only), so a client waiting for it waited forever. It gets `-32601` now;
/// `$/` notifications are still ignored silently.
#[test]
fn dollar_requests_are_answered_and_dollar_notifications_ignored() {
    let mut c = Client::utf16();
    for method in ["$/progress", "$/cancelRequest", "$/setTrace", "$/noSuchThing"] {
        let e = c.request(method, json!({"token": 1, "value": {}})).expect_err(method);
        assert_eq!(e["code"], -32601, "{method}: {e}");
    }
    c.notify("$/noSuchNotification", json!({}));
    c.notify("$/cancelRequest", json!({"id": 12345}));
    c.open(URI, "still here", 1);
    assert_eq!(c.server_text(URI), "still here");
    // Nothing was sent for the notifications (handled in order, before documentText).
    let stray = c.try_wait_for(&|m: &Value| m.get("method").is_none() && m["id"].is_null(), Duration::from_millis(200));
    assert_eq!(stray, None);
    assert!(c.alive());
    c.shutdown();
}

/// Found by the `lsp_messages` fuzz target: a malformed request whose id is a number the
/// framework cannot represent (a fraction, an integer beyond i64) was passed on with that id by
/// the relay; the framework could not decode it and stopped reading, so every later message went
/// unanswered. It is answered with id null now, and the session goes on.
#[test]
fn malformed_requests_with_odd_numeric_ids_do_not_end_the_session() {
    let mut c = Client::utf16();
    for body in [&br#"{"id":1.5,"params":1}"#[..], br#"{"id":18446744073709551615,"method":7}"#, br#"{"id":1e300}"#] {
        c.send_raw(&[format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat());
        let r = c.wait_for(|m| m.get("method").is_none() && m["id"].is_null() && m.get("error").is_some());
        assert_eq!(r["error"]["code"], -32601, "{r}");
    }
    c.open(URI, "still here", 1);
    assert_eq!(c.server_text(URI), "still here");
    assert!(c.alive());
    c.shutdown();
}
