//! A guard in front of tower-lsp-server's input: it stops reading for good after the first
//! message it cannot decode (tokio-util's `FramedRead` ends the stream on a decoder error), so one
//! malformed message from a careless client would end the session. This relay reads the
//! Content-Length frames itself, passes well-formed JSON-RPC messages through unchanged, and
//! handles the rest without ending the session:
//!
//! - a body that is not JSON, or JSON that is not a JSON-RPC message and has no `id`: dropped,
//!   with a log line;
//! - a malformed message that has an `id` (a request the client waits for): replaced by a request
//!   for the unknown method `nianbao/malformedRequest` with the same `id`, which the framework
//!   answers with a `-32601` error response (with id null when the id is a number the framework
//!   cannot represent: a fraction, or an integer beyond i64);
//! - header lines without a usable `Content-Length`: skipped with a log line;
//! - a request (with an `id`) for a method starting with `$/`: tower-lsp-server drops its
//!   `MethodNotFound` answer (right for `$/` notifications, which may be ignored, but the LSP
//!   specification says such a request must be answered with `MethodNotFound`, and a client
//!   would wait for the answer forever), so the method is renamed to
//!   `nianbao/unsupported:$/…`, which the framework answers with a `-32601` error response.
//!   Found by the `lsp_messages` fuzz target.

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};
use tracing::warn;

/// Messages larger than this are refused (and skipped) rather than buffered.
const MAX_BODY: usize = 1 << 30;

/// What a request for an unsupported `$/` method is renamed to (the original method follows).
pub const UNSUPPORTED_PREFIX: &str = "nianbao/unsupported:";

/// What to forward for one frame's body, if anything.
pub fn vet(body: &[u8]) -> Option<Vec<u8>> {
    if let Ok(request) = serde_json::from_slice::<Request>(body) {
        if request.id().is_some() && request.method().starts_with("$/") {
            warn!("request {:?} for {}: answering with an error", request.id(), request.method());
            let mut value: serde_json::Value = serde_json::from_slice(body).ok()?;
            value["method"] = format!("{UNSUPPORTED_PREFIX}{}", request.method()).into();
            return serde_json::to_vec(&value).ok();
        }
        return Some(body.to_vec());
    }
    if serde_json::from_slice::<Response>(body).is_ok() {
        return Some(body.to_vec());
    }
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            warn!("dropped a message that is not JSON ({} bytes): {e}", body.len());
            return None;
        }
    };
    match value.get("id") {
        Some(id) if id.is_string() || id.is_number() => {
            warn!("malformed request with id {id}: answering with an error");
            // The framework's ids are strings and i64 integers: a message with any other id
            // (1.5, 1e300, 2^64 − 1) would not decode, and the framework stops reading after the
            // first message it cannot decode. Such a request is answered with id null, as
            // JSON-RPC answers a request whose id cannot be told (found by fuzzing).
            let id = if id.is_string() || id.is_i64() { id.clone() } else { serde_json::Value::Null };
            let replacement = serde_json::json!({
                "jsonrpc": "2.0",
                "id": id,
                "method": "nianbao/malformedRequest",
            });
            Some(serde_json::to_vec(&replacement).unwrap_or_default())
        }
        _ => {
            warn!("dropped a message that is not JSON-RPC: {}", truncate(&value.to_string()));
            None
        }
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(200) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Copies frames from `input` to `output` until `input` ends, vetting each body.
pub async fn relay(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) -> std::io::Result<()> {
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    let mut line = Vec::new();
    loop {
        let mut content_len: Option<usize> = None;
        let mut any_header = false;
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).await? == 0 {
                return output.shutdown().await;
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                if any_header {
                    break;
                }
                continue;
            }
            any_header = true;
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    content_len = value.trim().parse().ok();
                }
            }
        }
        let Some(len) = content_len.filter(|n| *n <= MAX_BODY) else {
            warn!("skipped a header block without a usable Content-Length");
            continue;
        };
        // Grown as the bytes arrive: a header announcing a gigabyte allocates nothing up front.
        let mut body = Vec::with_capacity(len.min(64 * 1024));
        (&mut reader).take(len as u64).read_to_end(&mut body).await?;
        if body.len() < len {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if let Some(body) = vet(&body) {
            output.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
            output.write_all(&body).await?;
            output.flush().await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vets_messages() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        assert_eq!(vet(ok).as_deref(), Some(&ok[..]));
        let note = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        assert!(vet(note).is_some());
        let resp = br#"{"jsonrpc":"2.0","id":3,"result":null}"#;
        assert!(vet(resp).is_some());
        assert_eq!(vet(b"not json!"), None);
        assert_eq!(vet(b"[]"), None);
        assert_eq!(vet(b"{}"), None);
        let bad = vet(br#"{"id":7,"params":1}"#).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&bad).unwrap();
        assert_eq!(v["id"], 7);
        assert_eq!(v["method"], "nianbao/malformedRequest");
        // Every replacement decodes as the framework's message type, whatever the id was.
        for body in [
            &br#"{"id":1.5,"params":1}"#[..],
            br#"{"id":18446744073709551615,"method":7}"#,
            br#"{"id":-9223372036854775808,"method":7}"#,
            br#"{"id":1e300}"#,
            br#"{"id":"x","method":null}"#,
            br#"{"jsonrpc":"2.0","id":2.5,"method":"shutdown"}"#,
        ] {
            let out = vet(body).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert!(serde_json::from_slice::<Request>(&out).is_ok(), "{v}");
            assert_eq!(v["method"], "nianbao/malformedRequest");
        }
        let v: serde_json::Value = serde_json::from_slice(&vet(br#"{"id":1.5}"#).unwrap()).unwrap();
        assert_eq!(v["id"], serde_json::Value::Null);
        // A `$/` request is renamed so that it gets an answer; a `$/` notification is not.
        let dollar = vet(br#"{"jsonrpc":"2.0","id":"a","method":"$/progress","params":{"x":1}}"#).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&dollar).unwrap();
        assert_eq!(v["method"], "nianbao/unsupported:$/progress");
        assert_eq!((&v["id"], &v["params"]), (&serde_json::json!("a"), &serde_json::json!({"x": 1})));
        let note = br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#;
        assert_eq!(vet(note).as_deref(), Some(&note[..]));
    }

    #[tokio::test]
    async fn a_truncated_body_ends_the_input_without_forwarding_it() {
        let input = b"Content-Length: 1073741824\r\n\r\n{\"jsonrpc\":\"2.0\"";
        let mut out = Vec::new();
        let e = relay(&input[..], &mut out).await.unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
        assert!(out.is_empty());
    }

    #[tokio::test]
    async fn relays_frames_and_skips_garbage() {
        let input = b"Content-Length: 9\r\n\r\nnot json!garbage\r\n\r\nContent-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}";
        let mut out = Vec::new();
        relay(&input[..], &mut out).await.unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}"
        );
    }
}
