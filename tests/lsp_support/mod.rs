//! A minimal LSP client for end-to-end tests: runs the real `nianbao lsp` over stdio with
//! Content-Length framing, answers the server's requests, and keeps every message it received.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    /// Messages received but not yet consumed, in arrival order.
    pending: VecDeque<Value>,
    next_id: i64,
    /// Server → client requests seen (method, params), already answered.
    pub server_requests: Vec<(String, Value)>,
    /// How to answer `workspace/applyEdit`: the edits are also recorded above.
    pub apply_edit_result: Value,
}

/// Reads one Content-Length framed message; `None` at end of stream.
pub fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

pub fn frame(msg: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(msg).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_nianbao"))
}

pub fn fixture(prefix: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        .collect();
    names.sort();
    std::fs::read_to_string(dir.join(&names[0])).unwrap()
}

pub fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).unwrap();
            (n, text)
        })
        .collect()
}

impl Client {
    /// Starts `nianbao lsp` in `cwd` (a temp dir, so no stray nianbao.toml applies).
    pub fn start() -> Client {
        let cwd = std::env::temp_dir();
        let mut child = Command::new(bin())
            .arg("lsp")
            .current_dir(cwd)
            .env("NIANBAO_LOG", "error")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start nianbao lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            rx,
            pending: VecDeque::new(),
            next_id: 1,
            server_requests: Vec::new(),
            apply_edit_result: json!({"applied": true}),
        }
    }

    /// Starts the server and initializes it with `capabilities` and `options`, waiting for the
    /// initialize response before sending `initialized`. Returns the initialize result.
    pub fn initialized(capabilities: Value, options: Value) -> (Client, Value) {
        let mut c = Client::start();
        let result = c
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": null,
                    "capabilities": capabilities,
                    "initializationOptions": options,
                }),
            )
            .expect("initialize succeeds");
        c.notify("initialized", json!({}));
        (c, result)
    }

    pub fn utf16() -> Client {
        Client::initialized(json!({}), Value::Null).0
    }

    pub fn utf8() -> Client {
        Client::initialized(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), Value::Null).0
    }

    pub fn send(&mut self, msg: &Value) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(&frame(msg)).unwrap();
        stdin.flush().unwrap();
    }

    /// Writes raw bytes (for malformed-message tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        let msg = self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none());
        match msg.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(msg.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(msg) => {
                // Answer server requests right away.
                if let (Some(id), Some(method)) = (msg.get("id"), msg.get("method").and_then(Value::as_str)) {
                    let result = match method {
                        "workspace/applyEdit" => self.apply_edit_result.clone(),
                        _ => Value::Null,
                    };
                    let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
                    self.server_requests.push((method.to_string(), msg.get("params").cloned().unwrap_or(Value::Null)));
                    self.send(&reply);
                }
                Some(msg)
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// The first message (already received or arriving) that satisfies `pred`; panics after
    /// [`TIMEOUT`].
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(&pred, TIMEOUT).unwrap_or_else(|| panic!("timed out; pending messages: {:#?}", self.pending))
    }

    pub fn try_wait_for(&mut self, pred: &impl Fn(&Value) -> bool, timeout: Duration) -> Option<Value> {
        if let Some(i) = self.pending.iter().position(pred) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + timeout;
        while let Some(msg) = self.recv(deadline) {
            if pred(&msg) {
                return Some(msg);
            }
            self.pending.push_back(msg);
        }
        None
    }

    /// The `publishDiagnostics` params for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Value {
        let uri = uri.to_string();
        let msg = self.wait_for(move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["version"] == version
        });
        msg["params"].clone()
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
        );
        self.diagnostics(uri, version)
    }

    /// Replaces the whole text (a change without range) and returns the diagnostics.
    pub fn replace_all(&mut self, uri: &str, text: &str, version: i64) -> Value {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        self.diagnostics(uri, version)
    }

    /// The server's copy of a document (`nianbao/documentText`).
    pub fn server_text(&mut self, uri: &str) -> String {
        let r = self.request("nianbao/documentText", json!({"uri": uri})).expect("documentText");
        r["text"].as_str().unwrap().to_string()
    }

    /// Sends shutdown and exit and waits for the process to end; returns its exit status.
    pub fn shutdown(mut self) -> std::process::ExitStatus {
        self.request("shutdown", Value::Null).expect("shutdown succeeds");
        let status = self.shutdown_after_shutdown();
        // After shutdown and exit the server exits with 0 (a panic's is 101).
        assert_eq!(status.code(), Some(0), "not a clean exit after shutdown: {status:?}");
        status
    }

    /// Sends exit (shutdown was already sent) and waits for the process to end.
    pub fn shutdown_after_shutdown(mut self) -> std::process::ExitStatus {
        self.notify("exit", Value::Null);
        self.hang_up()
    }

    /// Closes the server's stdin and waits for the process to end.
    pub fn hang_up(mut self) -> std::process::ExitStatus {
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Byte offset of an LSP position in `text` (client side, independent of the server's code):
/// `utf8` counts bytes, else UTF-16 units. Lines end at \n, \r\n or \r.
pub fn offset_of(text: &str, line: u64, character: u64, utf8: bool) -> usize {
    let mut starts = vec![0];
    let b = text.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    let Some(&start) = starts.get(line as usize) else {
        return text.len();
    };
    let end = starts.get(line as usize + 1).copied().unwrap_or(text.len());
    let content = text[start..end].trim_end_matches(['\r', '\n']);
    let mut units = 0u64;
    for (i, c) in content.char_indices() {
        if units >= character {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() } as u64;
    }
    start + content.len()
}

/// The LSP position of byte `offset` in `text`.
pub fn position_of(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0);
    let line = before.matches('\n').count() + before.matches('\r').count() - before.matches("\r\n").count();
    let col: usize = before[line_start..].chars().map(|c| if utf8 { c.len_utf8() } else { c.len_utf16() }).sum();
    json!({"line": line, "character": col})
}

/// Applies LSP text edits (all relative to `text`, non-overlapping) the way a client does.
pub fn apply_text_edits(text: &str, edits: &Value, utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .as_array()
        .expect("edits array")
        .iter()
        .map(|e| {
            let r = &e["range"];
            let s =
                offset_of(text, r["start"]["line"].as_u64().unwrap(), r["start"]["character"].as_u64().unwrap(), utf8);
            let t = offset_of(text, r["end"]["line"].as_u64().unwrap(), r["end"]["character"].as_u64().unwrap(), utf8);
            (s, t, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|(s, t, _)| (*s, *t));
    let mut out = String::new();
    let mut pos = 0;
    for (s, t, new) in spans {
        assert!(s >= pos, "overlapping edits");
        out.push_str(&text[pos..s]);
        out.push_str(&new);
        pos = t;
    }
    out.push_str(&text[pos..]);
    out
}

/// The edits for `uri` in a WorkspaceEdit (`changes` form).
pub fn workspace_edits(edit: &Value, uri: &str) -> Value {
    edit["changes"][uri].clone()
}

/// The text with the first occurrence of `from` after `anchor` replaced by `to`, and the byte
/// offset of the replacement.
pub fn replace_after(text: &str, anchor: &str, from: &str, to: &str) -> (String, usize) {
    let a = text.find(anchor).unwrap_or_else(|| panic!("{anchor:?} not in text"));
    let at = a + text[a..].find(from).unwrap();
    let mut out = text[..at].to_string();
    out.push_str(to);
    out.push_str(&text[at + from.len()..]);
    (out, at)
}
