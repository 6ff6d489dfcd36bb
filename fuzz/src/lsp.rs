//! The `lsp_messages` target: the real language server (`nianbao_lsp::serve`: relay, service,
//! handlers at concurrency level 1) in-process over `tokio::io::duplex` pipes on a
//! current-thread runtime, the fuzz input turned into the client's byte stream.
//!
//! The first byte of the input chooses the mode:
//!
//! - **raw** (even first byte): the rest of the input is the byte stream as is — broken
//!   Content-Length headers, truncated bodies, garbage JSON — optionally after a well-framed
//!   `initialize`, `initialized` and `didOpen` of a seed report (bit 1), so that raw bytes also
//!   reach an initialized server with a document;
//! - **structured** (odd first byte): an `initialize` built from the input (position encodings,
//!   settings, workspace folder, capabilities), then up to [`MAX_OPS`] well-framed JSON-RPC
//!   messages built from the input: `didOpen` (a seed report, a seed with fuzz text inserted,
//!   fuzz text), `didChange` with arbitrary ranges (in whichever encoding was negotiated, so
//!   also inside surrogate pairs and multi-byte characters, beyond the end, reversed),
//!   `codeAction`/`hover`/`documentSymbol`/`completion`/`codeLens`/`willSaveWaitUntil` at
//!   arbitrary positions, `executeCommand`, configuration and watched-file changes, responses to
//!   the server's requests, `$/cancelRequest`, unknown methods, known methods with arbitrary
//!   params, garbage bodies, `shutdown` and requests after it, `exit`.
//!
//! The client behaves like a real one: it writes `initialize`, waits for its answer, writes the
//! rest, waits for the answers to its requests, then closes its end.
//!
//! Properties: no panic (libFuzzer's panic hook aborts on any panic, even one the server's
//! guard would catch); no hang: writing and the answer to `initialize` within [`WRITE_LIMIT`],
//! the other answers within [`END_LIMIT`] of the input being written, the server's end within
//! [`END_LIMIT`] of its input ending; in the structured mode every request sent before `exit`
//! is answered; everything the server writes is well-framed JSON-RPC.

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::SEEDS;

/// How long the answers may take once the input is written, and the server to end once its
/// input has ended.
pub const END_LIMIT: Duration = Duration::from_secs(5);
/// How long writing the input (and the answer to `initialize`) may take.
pub const WRITE_LIMIT: Duration = Duration::from_secs(20);
/// At most this many messages in a structured session.
pub const MAX_OPS: usize = 48;

/// `Content-Length` framing.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The client's side of one session.
#[derive(Debug, Default)]
pub struct Session {
    /// The byte stream the client writes.
    pub bytes: Vec<u8>,
    /// Ids of the requests that must be answered (structured mode).
    pub expect: Vec<String>,
    /// Like a real client, wait for the answer to `initialize` (this id) after writing the
    /// first `.0` bytes before writing the rest. (tower-lsp-server checks the state when it
    /// reads a message, not when it handles it: messages sent before `initialize` is answered
    /// are refused as "not initialized", which would leave most sessions with nothing to do.)
    pub wait_for: Option<(usize, String)>,
}

/// A folder on disk for the documents that are files: a nianbao.toml with `[rules]` and
/// `[[ignore]]` entries, a report (a.txt) and last year's report of the same agency (b.txt), and
/// a subfolder with an invalid nianbao.toml. Written once per process.
fn workspace() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join("nianbao-fuzz-lsp");
        let _ = std::fs::create_dir_all(dir.join("bad"));
        let toml = "[rules]\nNB107 = \"off\"\nrow-total = \"warning\"\n\n\
                    [[ignore]]\ncode = \"NB201\"\nfile = \"a.txt\"\ncell = \"表三·一、本年新收·总计\"\nreason = \"fuzz\"\n\n\
                    [[ignore]]\ncode = \"NB301\"\nfile = \"a.txt\"\nphrase = \"申请\"\n\n\
                    [[aggregate]]\nreport = \"a.txt\"\nparts = [\"b.txt\", \"missing.txt\"]\n";
        let _ = std::fs::write(dir.join("nianbao.toml"), toml);
        let _ = std::fs::write(dir.join("a.txt"), SEEDS[2]);
        let _ = std::fs::write(dir.join("b.txt"), last_year(SEEDS[2]));
        let _ = std::fs::write(dir.join("bad/nianbao.toml"), "[rules\nNB999 = 1");
        let _ = std::fs::write(dir.join("bad/c.txt"), SEEDS[0]);
        dir
    })
}

/// A seed report one year earlier (its title's 2023 → 2022): last year's report of the seed.
fn last_year(seed: &str) -> String {
    seed.replacen("2023", "2022", 1)
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The document URIs a session uses.
fn uris() -> &'static [String] {
    static URIS: OnceLock<Vec<String>> = OnceLock::new();
    URIS.get_or_init(|| {
        let dir = workspace();
        vec![
            file_uri(&dir.join("a.txt")),
            file_uri(&dir.join("b.txt")),
            file_uri(&dir.join("bad/c.txt")),
            "untitled:Untitled-1".to_string(),
            "file:///nianbao-fuzz-nowhere/2023/d.txt".to_string(),
        ]
    })
}

/// Text pieces worth inserting: numbers (huge, full-width), separators, line ends, characters
/// that are 3 or 4 bytes in UTF-8 and 2 code units in UTF-16, headings and labels.
const PIECES: &[&str] = &[
    "",
    "0",
    "1",
    "147",
    "18446744073709551616",
    "99999999999999999999999999999999999999",
    "-3",
    "1.5",
    "1,000",
    "１２３",
    "〇",
    "\t",
    "  ",
    " | ",
    "|",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\u{3000}",
    "𠮷",
    "😀",
    "é",
    "总计",
    "一、",
    "（一）",
    "三、收到和处理政府信息公开申请情况\n",
    "四、政府信息公开行政复议、行政诉讼情况\n",
    "一、本年新收政府信息公开申请数量\t1\t2\t3\t4\t5\t6\t21\n",
    "共受理政府信息公开申请 749 件，",
    "2022 年",
    "\u{0}",
];

fn number(u: &mut Unstructured) -> Result<u32> {
    Ok(match u.int_in_range(0u8..=15)? {
        0..=8 => u.int_in_range(0..=60)?,
        9..=11 => u.int_in_range(0..=300)?,
        12 => u32::MAX,
        13 => u32::MAX / 2,
        _ => u.arbitrary()?,
    })
}

fn position(u: &mut Unstructured) -> Result<Value> {
    Ok(json!({"line": number(u)?, "character": number(u)?}))
}

fn range(u: &mut Unstructured) -> Result<Value> {
    let start = position(u)?;
    // Mostly short ranges on one line, sometimes anything (reversed, huge).
    let end = if u.ratio(3, 4)? {
        let mut e = start.clone();
        let c = e["character"].as_u64().unwrap_or(0).saturating_add(u.int_in_range(0..=8)?);
        e["character"] = json!(c.min(u64::from(u32::MAX)));
        e
    } else {
        position(u)?
    };
    Ok(json!({"start": start, "end": end}))
}

fn fuzz_text(u: &mut Unstructured) -> Result<String> {
    let len = u.int_in_range(0..=64)?;
    let bytes = u.bytes(len.min(u.len()))?;
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

fn piece(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0u8..=9)? {
        0..=5 => u.choose(PIECES)?.to_string(),
        6 | 7 => fuzz_text(u)?,
        8 => {
            // A whole line of a seed report.
            let seed = *u.choose(&SEEDS)?;
            let lines: Vec<&str> = seed.split_inclusive('\n').collect();
            u.choose(&lines)?.to_string()
        }
        _ => {
            let n = u.int_in_range(1..=20)?;
            u.choose(PIECES)?.repeat(n)
        }
    })
}

/// A document's text for `didOpen`.
fn document_text(u: &mut Unstructured) -> Result<String> {
    let seed = *u.choose(&SEEDS)?;
    Ok(match u.int_in_range(0u8..=7)? {
        0..=2 => seed.to_string(),
        3 => last_year(seed),
        4 | 5 => {
            // The seed with a piece inserted at a char boundary.
            let at = u.int_in_range(0..=seed.len())?;
            let at = (0..=at).rev().find(|&i| seed.is_char_boundary(i)).unwrap_or(0);
            format!("{}{}{}", &seed[..at], piece(u)?, &seed[at..])
        }
        6 => fuzz_text(u)?,
        _ => String::new(),
    })
}

/// A JSON value of bounded depth, for invalid params and settings.
fn value(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let top = if depth == 0 { 5 } else { 7 };
    Ok(match u.int_in_range(0u8..=top)? {
        0 => Value::Null,
        1 => json!(u.arbitrary::<bool>()?),
        2 => json!(u.arbitrary::<i64>()?),
        3 => json!(u.arbitrary::<f64>()?),
        4 => json!(fuzz_text(u)?),
        5 => json!(*u.choose(uris())?),
        6 => {
            let n = u.int_in_range(0..=4)?;
            Value::Array((0..n).map(|_| value(u, depth - 1)).collect::<Result<_>>()?)
        }
        _ => {
            const KEYS: &[&str] = &[
                "textDocument",
                "uri",
                "position",
                "range",
                "line",
                "character",
                "text",
                "version",
                "contentChanges",
                "context",
                "only",
                "command",
                "arguments",
                "settings",
                "nianbao",
                "lang",
                "rules",
                "fixOnSave",
                "changes",
                "type",
                "id",
            ];
            let n = u.int_in_range(0..=4)?;
            let mut map = serde_json::Map::new();
            for _ in 0..n {
                let key = if u.ratio(4, 5)? { u.choose(KEYS)?.to_string() } else { fuzz_text(u)? };
                map.insert(key, value(u, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}

/// Client settings (initializationOptions, didChangeConfiguration).
fn settings(u: &mut Unstructured) -> Result<Value> {
    let mut s = serde_json::Map::new();
    if u.arbitrary()? {
        s.insert("lang".into(), json!(*u.choose(&["zh", "en", "fr", ""])?));
    }
    if u.arbitrary()? {
        s.insert("fixOnSave".into(), json!(u.arbitrary::<bool>()?));
    }
    if u.arbitrary()? {
        let level = *u.choose(&["off", "error", "warning", "info", "hint", "loud"])?;
        let rule = *u.choose(&["NB107", "row-total", "NB201", "NB301", "NB999", ""])?;
        s.insert("rules".into(), json!({ rule: level }));
    }
    if u.ratio(1, 4)? {
        let url = *u.choose(&["https://example.org/{code}.md", "no placeholder", "{code}", "file:///{code}"])?;
        s.insert("ruleDocsUrl".into(), json!(url));
    }
    let s = Value::Object(s);
    Ok(match u.int_in_range(0u8..=5)? {
        0 | 1 => s,
        2 | 3 => json!({ "nianbao": s }),
        4 => Value::Null,
        _ => value(u, 2)?,
    })
}

/// All the methods the server knows, for messages with arbitrary params.
const METHODS: &[&str] = &[
    "initialize",
    "initialized",
    "shutdown",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/willSaveWaitUntil",
    "textDocument/codeAction",
    "textDocument/hover",
    "textDocument/documentSymbol",
    "textDocument/completion",
    "textDocument/codeLens",
    "workspace/executeCommand",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "nianbao/documentText",
    "$/cancelRequest",
    "$/setTrace",
];

struct Builder {
    session: Session,
    next_id: u64,
    /// `exit` was sent: the server reads nothing after it.
    exited: bool,
    /// Per document: the next version.
    versions: Vec<i32>,
}

impl Builder {
    fn new() -> Builder {
        Builder { session: Session::default(), next_id: 1, exited: false, versions: vec![1; uris().len()] }
    }

    fn send(&mut self, msg: &Value) {
        self.session.bytes.extend(frame(&serde_json::to_vec(msg).expect("JSON")));
    }

    fn request(&mut self, method: &str, params: Value) {
        let id = format!("c{}", self.next_id);
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        if !self.exited {
            self.session.expect.push(id);
        }
    }

    /// Waits for the answer to the last request before writing more.
    fn wait_for_last(&mut self) {
        if let Some(id) = self.session.expect.last() {
            self.session.wait_for = Some((self.session.bytes.len(), id.clone()));
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
        if method == "exit" {
            self.exited = true;
        }
    }

    /// A body sent as is (well-framed). If it happens to be an `exit`, nothing after it is read.
    fn garbage(&mut self, body: &[u8]) {
        self.session.bytes.extend(frame(body));
        let exit = serde_json::from_slice::<Value>(body).ok().is_some_and(|v| v.get("method") == Some(&json!("exit")));
        if exit {
            self.exited = true;
        }
    }

    fn initialize(&mut self, u: &mut Unstructured) -> Result<()> {
        let encodings: Value = match u.int_in_range(0u8..=6)? {
            0 => json!(["utf-16"]),
            1 | 2 => json!(["utf-8"]),
            3 => json!(["utf-32"]),
            4 => json!(["utf-8", "utf-16"]),
            5 => json!([]),
            _ => json!([fuzz_text(u)?]),
        };
        let mut general = json!({});
        if u.ratio(7, 8)? {
            general["positionEncodings"] = encodings;
        }
        let mut params = json!({
            "processId": null,
            "capabilities": {
                "general": general,
                "textDocument": {"completion": {"completionItem": {"snippetSupport": u.arbitrary::<bool>()?}}},
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": u.arbitrary::<bool>()?}},
            },
        });
        if u.arbitrary()? {
            params["initializationOptions"] = settings(u)?;
        }
        match u.int_in_range(0u8..=4)? {
            0 => params["rootUri"] = json!(file_uri(workspace())),
            1 => params["workspaceFolders"] = json!([{"uri": file_uri(workspace()), "name": "w"}]),
            2 => params["rootUri"] = json!("file:///nianbao-fuzz-nowhere"),
            _ => {}
        }
        self.request("initialize", params);
        Ok(())
    }

    fn doc(&self, u: &mut Unstructured) -> Result<String> {
        Ok(if u.ratio(1, 16)? { fuzz_text(u)? } else { u.choose(uris())?.clone() })
    }

    fn text_document(&self, u: &mut Unstructured) -> Result<Value> {
        Ok(json!({"uri": self.doc(u)?}))
    }

    fn version(&mut self, uri: &str, u: &mut Unstructured) -> Result<i32> {
        if u.ratio(1, 8)? {
            return u.arbitrary();
        }
        Ok(match uris().iter().position(|x| x == uri) {
            Some(i) => {
                self.versions[i] = self.versions[i].saturating_add(1);
                self.versions[i]
            }
            None => 1,
        })
    }

    /// One message built from the input.
    fn op(&mut self, u: &mut Unstructured) -> Result<()> {
        match u.int_in_range(0u8..=63)? {
            0..=7 => {
                let uri = self.doc(u)?;
                let version = self.version(&uri, u)?;
                let text = document_text(u)?;
                self.notify(
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
                );
            }
            8..=21 => {
                let uri = self.doc(u)?;
                let version = self.version(&uri, u)?;
                let n = u.int_in_range(1..=4)?;
                let mut changes = Vec::new();
                for _ in 0..n {
                    let text = piece(u)?;
                    changes.push(match u.int_in_range(0u8..=15)? {
                        0 => json!({"text": text}),
                        1 => json!({"range": range(u)?, "rangeLength": number(u)?, "text": text}),
                        _ => json!({"range": range(u)?, "text": text}),
                    });
                }
                self.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
                );
            }
            22..=25 => {
                let only = match u.int_in_range(0u8..=6)? {
                    0 => json!(["quickfix"]),
                    1 => json!(["source.fixAll"]),
                    2 => json!(["source.fixAll.nianbao"]),
                    3 => json!(["source"]),
                    4 => json!(["refactor"]),
                    5 => json!([]),
                    _ => Value::Null,
                };
                let mut context = json!({"diagnostics": []});
                if !only.is_null() {
                    context["only"] = only;
                }
                let params = json!({"textDocument": self.text_document(u)?, "range": range(u)?, "context": context});
                self.request("textDocument/codeAction", params);
            }
            26..=29 => {
                let params = json!({"textDocument": self.text_document(u)?, "position": position(u)?});
                self.request("textDocument/hover", params);
            }
            30 | 31 => {
                let params = json!({"textDocument": self.text_document(u)?, "position": position(u)?});
                self.request("textDocument/completion", params);
            }
            32 | 33 => {
                let params = json!({"textDocument": self.text_document(u)?});
                self.request("textDocument/documentSymbol", params);
            }
            34 => {
                let params = json!({"textDocument": self.text_document(u)?});
                self.request("textDocument/codeLens", params);
            }
            35 | 36 => {
                let params = json!({"textDocument": self.text_document(u)?, "reason": u.int_in_range(0..=4)?});
                self.request("textDocument/willSaveWaitUntil", params);
            }
            37 | 38 => {
                let table = match u.int_in_range(0u8..=6)? {
                    0 => json!("二"),
                    1 => json!("三"),
                    2 => json!("四"),
                    3 => Value::Null,
                    4 => json!("七"),
                    5 => json!(42),
                    _ => json!(fuzz_text(u)?),
                };
                let command = if u.ratio(7, 8)? { "nianbao.fixAllSums".to_string() } else { fuzz_text(u)? };
                let args = match u.int_in_range(0u8..=3)? {
                    0 => json!([]),
                    1 => json!([self.doc(u)?]),
                    _ => json!([self.doc(u)?, table]),
                };
                self.request("workspace/executeCommand", json!({"command": command, "arguments": args}));
            }
            39 => {
                let params = json!({"textDocument": self.text_document(u)?});
                self.notify("textDocument/didClose", params);
            }
            40 | 41 => {
                let s = settings(u)?;
                self.notify("workspace/didChangeConfiguration", json!({ "settings": s }));
            }
            42 => {
                let n = u.int_in_range(0..=3)?;
                let mut changes = Vec::new();
                for _ in 0..n {
                    let uri = match u.int_in_range(0u8..=3)? {
                        0 => file_uri(&workspace().join("nianbao.toml")),
                        1 => file_uri(&workspace().join("bad/nianbao.toml")),
                        _ => self.doc(u)?,
                    };
                    changes.push(json!({"uri": uri, "type": u.int_in_range(1..=3)?}));
                }
                self.notify("workspace/didChangeWatchedFiles", json!({ "changes": changes }));
            }
            43 => {
                let params = json!({"uri": self.doc(u)?});
                self.request("nianbao/documentText", params);
            }
            44 | 45 => {
                // An answer to one of the server's requests (registerCapability, applyEdit):
                // the server numbers its requests from 0.
                let id = u.int_in_range(0..=5)?;
                let msg = match u.int_in_range(0u8..=3)? {
                    0 => json!({"jsonrpc": "2.0", "id": id, "result": null}),
                    1 => json!({"jsonrpc": "2.0", "id": id, "result": {"applied": u.arbitrary::<bool>()?}}),
                    2 => json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "no"}}),
                    _ => json!({"jsonrpc": "2.0", "id": id, "result": value(u, 2)?}),
                };
                self.send(&msg);
            }
            46 => {
                let back = u.int_in_range(0..=3)?;
                let id = format!("c{}", self.next_id.saturating_sub(back));
                self.notify("$/cancelRequest", json!({ "id": id }));
            }
            47 | 48 => {
                // Unknown methods: a request (answered with an error) or a notification.
                let method = match u.int_in_range(0u8..=3)? {
                    0 => "nianbao/noSuchMethod".to_string(),
                    1 => "textDocument/rename".to_string(),
                    2 => "$/progress".to_string(),
                    _ => fuzz_text(u)?,
                };
                if method == "exit" {
                    return Ok(());
                }
                let params = value(u, 2)?;
                if u.arbitrary()? {
                    self.request(&method, params);
                } else {
                    self.notify(&method, params);
                }
            }
            49..=53 => {
                // A known method with arbitrary params.
                let method = *u.choose(METHODS)?;
                let params = value(u, 3)?;
                if u.arbitrary()? {
                    self.request(method, params);
                } else {
                    self.notify(method, params);
                }
            }
            54 | 55 => {
                // A body that is not JSON-RPC (or not JSON), well-framed.
                let body = match u.int_in_range(0u8..=3)? {
                    0 => serde_json::to_vec(&value(u, 3)?).expect("JSON"),
                    1 => {
                        // A request with an id but a broken shape: answered with an error.
                        let id = format!("c{}", self.next_id);
                        self.next_id += 1;
                        if !self.exited {
                            self.session.expect.push(id.clone());
                        }
                        serde_json::to_vec(&json!({"id": id, "params": value(u, 1)?})).expect("JSON")
                    }
                    _ => {
                        let n = u.int_in_range(0..=64)?;
                        u.bytes(n.min(u.len()))?.to_vec()
                    }
                };
                self.garbage(&body);
            }
            56 => self.request("shutdown", Value::Null),
            57 => self.notify("exit", Value::Null),
            58 => self.initialize(u)?,
            59 => self.notify("initialized", json!({})),
            60 => self.notify("textDocument/didSave", json!({"textDocument": self.text_document(u)?})),
            61 => {
                let params = json!({"textDocument": self.text_document(u)?, "reason": 1});
                self.notify("textDocument/willSave", params);
            }
            _ => {
                // A request with a numeric or null id, or params that are not an object.
                let id = if u.arbitrary()? { json!(u.arbitrary::<i64>()?) } else { Value::Null };
                let method = *u.choose(METHODS)?;
                self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": [1, 2]}));
            }
        }
        Ok(())
    }
}

/// The session for a structured input.
fn structured(data: &[u8]) -> Session {
    let mut u = Unstructured::new(data);
    let mut b = Builder::new();
    let skip_initialize = u.ratio(1, 32).unwrap_or(false);
    if !skip_initialize {
        let _ = b.initialize(&mut u);
        b.wait_for_last();
        if u.ratio(15, 16).unwrap_or(true) {
            b.notify("initialized", json!({}));
        }
    }
    for _ in 0..MAX_OPS {
        if u.is_empty() || b.op(&mut u).is_err() {
            break;
        }
    }
    // Handlers run in order: once this is answered, every message before it has been handled
    // (and the client keeps its end open until then, so the notifications they send arrive).
    b.request("nianbao/fuzzSentinel", json!({}));
    b.session
}

/// The session for a raw input: `prelude` well-framed messages first, then `data` as is.
fn raw(prelude: Option<usize>, data: &[u8]) -> Session {
    let mut b = Builder::new();
    if let Some(seed) = prelude {
        b.request("initialize", json!({"capabilities": {}}));
        b.wait_for_last();
        b.notify("initialized", json!({}));
        let doc = json!({"uri": uris()[0], "languageId": "plaintext", "version": 1, "text": SEEDS[seed % SEEDS.len()]});
        b.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }
    b.session.bytes.extend_from_slice(data);
    // What follows the prelude may swallow the requests after it (a header with a huge
    // Content-Length): only the answer to `initialize`, termination and framing are checked.
    b.session.expect.truncate(1);
    b.session
}

/// The session for a fuzz input.
pub fn session(data: &[u8]) -> Session {
    match data.split_first() {
        None => Session::default(),
        Some((&mode, rest)) if mode & 1 == 0 => raw((mode & 2 != 0).then_some(usize::from(mode >> 2)), rest),
        Some((_, rest)) => structured(rest),
    }
}

/// The first complete message in `buf` and its length in bytes, if `buf` holds one; panics
/// when what the server wrote is not a well-framed JSON-RPC message.
pub fn next_message(buf: &[u8]) -> Option<(Value, usize)> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let header = std::str::from_utf8(&buf[..end]).expect("headers are ASCII");
    let len: usize = header
        .split("\r\n")
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Content-Length in {header:?}"));
    let body = buf.get(end + 4..end + 4 + len)?;
    let msg: Value = serde_json::from_slice(body).expect("the server writes JSON");
    assert_eq!(msg["jsonrpc"], "2.0", "{msg}");
    Some((msg, end + 4 + len))
}

/// Reads the server's output to its end, message by message, sending the id of every
/// response on `answers` as it arrives.
async fn read_output(
    mut r: impl tokio::io::AsyncRead + Unpin,
    answers: tokio::sync::mpsc::UnboundedSender<String>,
) -> (Vec<Value>, Vec<u8>) {
    let (mut buf, mut messages, mut chunk) = (Vec::new(), Vec::new(), vec![0; 64 * 1024]);
    loop {
        let n = r.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut done = 0;
        while let Some((msg, len)) = next_message(&buf[done..]) {
            if msg.get("method").is_none() {
                if let Some(id) = msg.get("id").and_then(Value::as_str) {
                    let _ = answers.send(id.to_string());
                }
            }
            messages.push(msg);
            done += len;
        }
        buf.drain(..done);
    }
    (messages, buf)
}

/// Runs one session against the real server and checks the properties.
pub fn run(data: &[u8]) {
    let session = session(data);
    let debug = std::env::var_os("NIANBAO_FUZZ_DEBUG").is_some();
    if debug {
        // To see what a crashing input does: the client's stream, then the server's messages.
        eprintln!("--- client ({} bytes):\n{}", session.bytes.len(), shorten(&session.bytes));
        eprintln!("--- expected answers: {:?}; waiting for {:?}", session.expect, session.wait_for);
    }
    if let Some(path) = std::env::var_os("NIANBAO_FUZZ_DUMP") {
        // The client's byte stream, to replay against `nianbao lsp` (send the first
        // `wait_for` bytes, wait for the answer, then the rest).
        let _ = std::fs::write(path, &session.bytes);
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a tokio runtime");
    let (messages, rest) = runtime.block_on(async {
        let (mut client_w, server_r) = tokio::io::duplex(64 * 1024);
        let (server_w, client_r) = tokio::io::duplex(64 * 1024);
        let (answers_tx, mut answers) = tokio::sync::mpsc::unbounded_channel();
        let reader = tokio::spawn(read_output(client_r, answers_tx));
        let bytes = session.bytes.clone();
        let wait_for = session.wait_for.clone();
        let expect = session.expect.clone();
        // Like a real client: write, waiting for the answer to `initialize` before the rest,
        // then wait for the answers to every request, then close the input.
        let writer = tokio::spawn(async move {
            let mut answered = std::collections::HashSet::new();
            let write = async {
                let at = wait_for.as_ref().map_or(0, |(at, _)| *at);
                // A write error is the server having ended (after `exit`): the rest is not read.
                if client_w.write_all(&bytes[..at]).await.is_err() {
                    return;
                }
                if let Some((_, id)) = &wait_for {
                    while !answered.contains(id) {
                        let Some(a) = answers.recv().await else { break };
                        answered.insert(a);
                    }
                }
                let _ = client_w.write_all(&bytes[at..]).await;
            };
            if tokio::time::timeout(WRITE_LIMIT, write).await.is_err() {
                return Err(format!("the server did not read its input (or answer initialize) within {WRITE_LIMIT:?}"));
            }
            let all_answered = async {
                while !expect.iter().all(|id| answered.contains(id)) {
                    let Some(a) = answers.recv().await else { break };
                    answered.insert(a);
                }
            };
            if tokio::time::timeout(END_LIMIT, all_answered).await.is_err() {
                let missing: Vec<&String> = expect.iter().filter(|id| !answered.contains(*id)).collect();
                return Err(format!(
                    "requests not answered within {END_LIMIT:?} after the input was written: {missing:?}"
                ));
            }
            let _ = client_w.shutdown().await;
            Ok(())
        });
        let server = nianbao_lsp::serve(server_r, server_w);
        let ended = async {
            if let Err(e) = writer.await.expect("the writer task") {
                panic!("{e}");
            }
            tokio::time::sleep(END_LIMIT).await;
        };
        tokio::select! {
            () = server => {}
            () = ended => panic!("the server did not end within {END_LIMIT:?} after its input ended"),
        }
        match tokio::time::timeout(END_LIMIT, reader).await {
            Ok(out) => out.expect("the reader task"),
            Err(_) => panic!("the server's output did not end within {END_LIMIT:?} after the server ended"),
        }
    });
    // Tasks the server spawned (requests to the client nobody answers) are dropped here.
    drop(runtime);
    if debug {
        for m in &messages {
            eprintln!("server: {}", m.to_string().chars().take(300).collect::<String>());
        }
    }
    assert!(rest.is_empty(), "the server's output ends inside a message: {:?}", String::from_utf8_lossy(&rest));
    let answered: std::collections::HashSet<&str> = messages
        .iter()
        .filter(|m| m.get("method").is_none())
        .filter_map(|m| m.get("id").and_then(Value::as_str))
        .collect();
    for id in &session.expect {
        assert!(answered.contains(id.as_str()), "request {id} was never answered");
    }
    for m in &messages {
        if m.get("method").is_none() {
            assert!(m.get("result").is_some() != m.get("error").is_some(), "a response has a result or an error: {m}");
        }
    }
}

/// A byte stream for a debug print, long strings (document texts) cut short.
fn shorten(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for part in text.split("Content-Length").filter(|p| !p.is_empty()) {
        let part: String = part.chars().take(400).collect();
        out.push_str("Content-Length");
        out.push_str(&part);
        out.push('\n');
    }
    out
}
