//! Keystroke latency of a language server over stdio (a benchmark, not a test).
//!
//! Measures the time from writing a `textDocument/didChange` (one keystroke: a digit typed after
//! a table total, then deleted again, alternately) to reading the `publishDiagnostics` for that
//! version (or, for servers that publish without a version, the next publish for the document).
//! Reports p50/p99 over N keystrokes on a seed report and on a ~1 MB report.
//!
//! ```text
//! cargo build --release
//! cargo bench -p nianbao-lsp --bench latency -- \
//!     --server "nianbao=target/release/nianbao lsp" \
//!     --server "typos-lsp=/path/to/typos-lsp" \
//!     --seed tests/fixtures/002_57935d37ad0b2f69.txt --keystrokes 1000
//! ```
//!
//! `--document seed|prose|tables` (repeatable) runs only the named documents.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

fn frame(msg: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(msg).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

impl Server {
    fn start(cmdline: &str) -> Server {
        let mut parts = cmdline.split_whitespace();
        let mut program = parts.next().expect("server command").to_string();
        // `cargo bench` runs in the package directory: relative paths are from the workspace.
        let from_root = format!("{}/../../{program}", env!("CARGO_MANIFEST_DIR"));
        if program.contains('/') && !program.starts_with('/') && std::path::Path::new(&from_root).exists() {
            program = from_root;
        }
        let mut child = Command::new(&program)
            .args(parts)
            .env("NIANBAO_LOG", "error")
            .env("RUST_LOG", "error")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmdline}: {e}"));
        Server {
            stdin: child.stdin.take().unwrap(),
            stdout: BufReader::new(child.stdout.take().unwrap()),
            child,
            next_id: 1,
        }
    }

    fn send(&mut self, msg: &Value) {
        self.stdin.write_all(&frame(msg)).unwrap();
        self.stdin.flush().unwrap();
    }

    fn read(&mut self) -> Value {
        let mut len = 0;
        loop {
            let mut line = String::new();
            if self.stdout.read_line(&mut line).unwrap() == 0 {
                panic!("server closed its output");
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut buf = vec![0; len];
        self.stdout.read_exact(&mut buf).unwrap();
        let msg: Value = serde_json::from_slice(&buf).unwrap();
        // Answer server requests (registerCapability, workspace/configuration …) with null.
        if msg.get("method").is_some() {
            if let Some(id) = msg.get("id") {
                let reply = json!({"jsonrpc": "2.0", "id": id, "result": null});
                self.send(&reply);
            }
        }
        msg
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.read();
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Waits for the publish for `uri` at `version` (or a versionless one).
    fn wait_publish(&mut self, uri: &str, version: i64) -> Value {
        loop {
            let m = self.read();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                let v = &m["params"]["version"];
                if v.is_null() || *v == json!(version) {
                    return m;
                }
            }
        }
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.child.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
    }
}

/// The UTF-16 position of byte `offset` (the benchmark's edits are in ASCII after CJK text).
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": before[start..].encode_utf16().count()})
}

struct Stats {
    p50: Duration,
    p99: Duration,
    max: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Stats { p50: at(0.50), p99: at(0.99), max: *samples.last().unwrap() }
}

/// Runs `keystrokes` keystrokes at byte `at` of `text`; returns the latencies and how many of
/// the publishes had findings (a sanity check that the server really checked each version).
fn measure(cmdline: &str, text: &str, at: usize, keystrokes: usize) -> (Vec<Duration>, usize) {
    let mut s = Server::start(cmdline);
    let init = s.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    assert!(init.get("result").is_some(), "initialize failed: {init}");
    s.notify("initialized", json!({}));
    let uri = "file:///tmp/nianbao-latency/report.txt";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 0, "text": text}}),
    );
    s.wait_publish(uri, 0);
    let p = position(text, at);
    let after = json!({"line": p["line"], "character": p["character"].as_u64().unwrap() + 1});
    let mut out = Vec::with_capacity(keystrokes);
    let mut with_findings = 0;
    for v in 1..=keystrokes as i64 {
        let change = if v % 2 == 1 {
            json!({"range": {"start": p, "end": p}, "text": "9"})
        } else {
            json!({"range": {"start": p, "end": after}, "text": ""})
        };
        let msg = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params":
            {"textDocument": {"uri": uri, "version": v}, "contentChanges": [change]}});
        let bytes = frame(&msg);
        let t0 = Instant::now();
        s.stdin.write_all(&bytes).unwrap();
        s.stdin.flush().unwrap();
        let published = s.wait_publish(uri, v);
        out.push(t0.elapsed());
        if published["params"]["diagnostics"].as_array().is_some_and(|d| !d.is_empty()) {
            with_findings += 1;
        }
    }
    s.stop();
    (out, with_findings)
}

/// A ~1 MB report of tables: the seed repeated until the text is ≥ 1 MiB (every line is a
/// short heading, row or table line: the parser's slow path everywhere).
fn repeated_report(seed: &str) -> String {
    let mut out = String::new();
    while out.len() < 1 << 20 {
        out.push_str(seed);
        out.push('\n');
    }
    out
}

/// A ~1 MB report: the seed with its section 一 prose repeated until the text is ≥ 1 MiB.
fn big_report(seed: &str) -> String {
    let start = seed.find("一、总体情况").expect("section 一");
    let end = seed.find("二、主动公开政府信息情况").expect("section 二");
    let prose = &seed[start + "一、总体情况".len()..end];
    let mut filler = String::new();
    while seed.len() + filler.len() < 1 << 20 {
        filler.push_str(prose);
    }
    format!("{}{}{}", &seed[..end], filler, &seed[end..])
}

fn main() {
    let mut servers: Vec<(String, String)> = Vec::new();
    let mut seed_path = "tests/fixtures/002_57935d37ad0b2f69.txt".to_string();
    let mut keystrokes = 1000;
    let mut only: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--server" => {
                let v = args.next().expect("--server NAME=COMMAND");
                let (name, cmd) = v.split_once('=').expect("--server NAME=COMMAND");
                servers.push((name.to_string(), cmd.to_string()));
            }
            "--seed" => seed_path = args.next().expect("--seed FILE"),
            "--keystrokes" => keystrokes = args.next().expect("--keystrokes N").parse().unwrap(),
            "--document" => only.push(args.next().expect("--document seed|prose|tables")),
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    if servers.is_empty() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/release/nianbao");
        servers.push(("nianbao".into(), format!("{root} lsp")));
    }
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let seed_file =
        if std::path::Path::new(&seed_path).exists() { seed_path.clone() } else { format!("{root}/{seed_path}") };
    let seed = std::fs::read_to_string(&seed_file).expect("read the seed");
    let big = big_report(&seed);
    let repeated = repeated_report(&seed);
    let anchor = "一、本年新收政府信息公开申请数量";
    let edit_at = |text: &str| {
        let row = text.find(anchor).expect("row 一 in the seed");
        let line_end = row + text[row..].find('\n').unwrap();
        // Just after the row's last number (its 总计).
        row + text[row..line_end].trim_end().len()
    };
    println!(
        "keystrokes: {keystrokes} per document; seed {} ({} bytes); 1 MB prose {} bytes; 1 MB tables {} bytes",
        seed_path,
        seed.len(),
        big.len(),
        repeated.len()
    );
    println!("| server | document | p50 | p99 | max | publishes with findings |");
    println!("|---|---|---|---|---|---|");
    for (key, doc_name, text) in
        [("seed", "seed", &seed), ("prose", "1 MB prose", &big), ("tables", "1 MB tables", &repeated)]
    {
        if !only.is_empty() && !only.iter().any(|o| o == key) {
            continue;
        }
        for (name, cmd) in &servers {
            let (samples, with_findings) = measure(cmd, text, edit_at(text), keystrokes);
            let st = stats(samples);
            println!(
                "| {name} | {doc_name} | {:.3} ms | {:.3} ms | {:.3} ms | {with_findings}/{keystrokes} |",
                st.p50.as_secs_f64() * 1e3,
                st.p99.as_secs_f64() * 1e3,
                st.max.as_secs_f64() * 1e3
            );
        }
    }
}
