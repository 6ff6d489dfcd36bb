//! The server's output stream, and the frames of its publishes.
//!
//! tower-lsp-server turns every outgoing notification into a `serde_json::Value` tree before it
//! writes it (`Request::from_notification` calls `serde_json::to_value`). For a publish with
//! hundreds of findings that tree — a map with `String` keys for every range, position and
//! related location — costs more to build, write out and drop than checking the document does.
//! So every publish of [`Backend`](crate::server::Backend) is written by serde straight from its
//! `PublishDiagnosticsParams` into a frame ([`notification`]), kept in [`Frames`] under an id,
//! and the framework is sent a tiny [`RawFrame`] notification carrying only that id. [`Output`],
//! between the framework and stdout, swaps that notification's frame for the stored one as it
//! goes by. The publish keeps its place among the framework's messages, and the framework's
//! rules (nothing is sent before `initialize`) still apply to it. The bytes the client gets are
//! what the framework would have written (object keys in declaration order rather than sorted,
//! which JSON does not care about).

use std::collections::{BTreeMap, VecDeque};
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use tokio::io::AsyncWrite;
use tower_lsp_server::ls_types::notification::Notification;

/// The method of the placeholder notification that [`Output`] replaces with a stored frame.
pub const RAW_FRAME_METHOD: &str = "nianbao/rawFrame";

/// The placeholder notification: its params are the id of a frame in [`Frames`].
#[derive(Debug)]
pub enum RawFrame {}

impl Notification for RawFrame {
    type Params = u64;
    const METHOD: &'static str = RAW_FRAME_METHOD;
}

/// Rendered frames waiting for their placeholder to reach [`Output`].
#[derive(Clone, Debug, Default)]
pub struct Frames {
    inner: Arc<Mutex<Stored>>,
}

#[derive(Debug, Default)]
struct Stored {
    next: u64,
    frames: BTreeMap<u64, Frame>,
}

impl Frames {
    /// Keeps `frame` and returns the id to send in a [`RawFrame`] notification.
    pub fn store(&self, frame: Frame) -> u64 {
        let mut s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        s.next += 1;
        let id = s.next;
        s.frames.insert(id, frame);
        id
    }

    /// The frame stored under `id`. Frames with smaller ids are dropped: placeholders arrive in
    /// the order they were sent, so theirs were never written (the framework drops
    /// notifications sent before `initialize`).
    fn take(&self, id: u64) -> Option<Frame> {
        let mut s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let later = s.frames.split_off(&(id + 1));
        let mut earlier = std::mem::replace(&mut s.frames, later);
        earlier.remove(&id)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).frames.len()
    }
}

/// Bytes to write: `bytes[start..]`.
#[derive(Debug, Default)]
pub struct Frame {
    bytes: Vec<u8>,
    start: usize,
}

impl Frame {
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[self.start..]
    }
}

impl From<Vec<u8>> for Frame {
    fn from(bytes: Vec<u8>) -> Frame {
        Frame { bytes, start: 0 }
    }
}

/// The notification `N` with `params` as a frame, serialised by serde straight from `params`.
pub fn notification<N: Notification>(params: &N::Params) -> Frame {
    frame_with(N::METHOD, |out| {
        // Serialising LSP values into a Vec cannot fail.
        let _ = serde_json::to_writer(out, params);
    })
}

/// Room kept before a body for its header: `Content-Length: ` and 20 digits and `\r\n\r\n`.
const HEADER_ROOM: usize = 40;

/// A notification as a Content-Length framed JSON-RPC message, its params written as JSON by
/// `write_params`. The header goes into room kept before the body, so that a publish of
/// hundreds of kilobytes is not copied after it.
fn frame_with(method: &str, write_params: impl FnOnce(&mut Vec<u8>)) -> Frame {
    let mut body = vec![b' '; HEADER_ROOM];
    body.extend_from_slice(br#"{"jsonrpc":"2.0","method":"#);
    // Writing a string to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut body, method);
    body.extend_from_slice(br#","params":"#);
    write_params(&mut body);
    body.push(b'}');
    let header = format!("Content-Length: {}\r\n\r\n", body.len() - HEADER_ROOM);
    let start = HEADER_ROOM - header.len();
    body[start..HEADER_ROOM].copy_from_slice(header.as_bytes());
    Frame { bytes: body, start }
}

/// The framework's output stream (`W`: stdout), with [`RawFrame`] placeholders replaced by their
/// stored frames. Bytes written are held until `flush` (tokio-util's `FramedWrite` flushes
/// after writing out whole frames); the complete frames are then passed on in order.
#[derive(Debug)]
pub struct Output<W> {
    inner: W,
    frames: Frames,
    /// Bytes written by the framework and not yet looked at (an incomplete frame at most, after
    /// a flush).
    pending: Vec<u8>,
    /// Frames ready for `inner`, in order; the first one is `written` bytes in.
    ready: VecDeque<Frame>,
    written: usize,
}

impl<W> Output<W> {
    pub fn new(inner: W, frames: Frames) -> Output<W> {
        Output { inner, frames, pending: Vec::new(), ready: VecDeque::new(), written: 0 }
    }

    /// Moves the complete frames in `pending` to `ready`, swapping placeholders for their frames.
    fn sort_pending(&mut self) {
        let mut at = 0;
        let mut plain = Vec::new();
        while at < self.pending.len() {
            let rest = &self.pending[at..];
            let Some(header_len) = memchr::memmem::find(rest, b"\r\n\r\n").map(|i| i + 4) else { break };
            let Some(body_len) = content_length(&rest[..header_len]) else {
                // Not a frame this module can read: pass everything on untouched.
                plain.extend_from_slice(rest);
                at = self.pending.len();
                break;
            };
            let Some(body) = rest.get(header_len..header_len + body_len) else { break };
            match placeholder_id(body) {
                Some(id) => {
                    if !plain.is_empty() {
                        self.ready.push_back(std::mem::take(&mut plain).into());
                    }
                    match self.frames.take(id) {
                        Some(frame) => self.ready.push_back(frame),
                        None => tracing::error!("no frame stored for placeholder {id}"),
                    }
                }
                None => plain.extend_from_slice(&rest[..header_len + body_len]),
            }
            at += header_len + body_len;
        }
        if !plain.is_empty() {
            self.ready.push_back(plain.into());
        }
        self.pending.drain(..at);
    }
}

/// The Content-Length of a header block (`…\r\n\r\n` included).
fn content_length(header: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(header).ok()?;
    text.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("content-length").then(|| value.trim().parse().ok())?
    })
}

/// The frame id of a [`RawFrame`] notification's body.
fn placeholder_id(body: &[u8]) -> Option<u64> {
    if body.len() > 128 || memchr::memmem::find(body, RAW_FRAME_METHOD.as_bytes()).is_none() {
        return None;
    }
    let msg: serde_json::Value = serde_json::from_slice(body).ok()?;
    if msg.get("method")?.as_str()? != RAW_FRAME_METHOD || msg.get("id").is_some() {
        return None;
    }
    msg.get("params")?.as_u64()
}

impl<W: AsyncWrite + Unpin> AsyncWrite for Output<W> {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        // Held until the flush; the framework does not write again while a flush is pending,
        // so this stays at most a frame or two.
        self.get_mut().pending.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.sort_pending();
        while let Some(front) = this.ready.front() {
            let front = front.as_bytes();
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &front[this.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            this.written += n;
            if this.written == front.len() {
                this.ready.pop_front();
                this.written = 0;
            }
        }
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.as_mut().poll_flush(cx))?;
        if !self.pending.is_empty() {
            tracing::debug!("output closed with {} bytes of an incomplete frame", self.pending.len());
        }
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;
    use tower_lsp_server::jsonrpc::Request;

    fn framed(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    /// A placeholder as the framework writes it.
    fn placeholder(id: u64) -> Vec<u8> {
        let req = Request::build(RAW_FRAME_METHOD).params(serde_json::json!(id)).finish();
        framed(&serde_json::to_string(&req).unwrap())
    }

    #[test]
    fn a_notification_frame_is_the_message_the_framework_would_write() {
        use tower_lsp_server::ls_types::notification::PublishDiagnostics;
        use tower_lsp_server::ls_types::{Diagnostic, PublishDiagnosticsParams, Range};
        let uri = "file:///tmp/%E5%B9%B4%E6%8A%A5.txt".parse().unwrap();
        let d = Diagnostic::new_simple(Range::default(), "总计应为 146，此处为 \"147\"".to_string());
        let params = PublishDiagnosticsParams::new(uri, vec![d], Some(3));
        let f = notification::<PublishDiagnostics>(&params);
        let text = String::from_utf8(f.as_bytes().to_vec()).unwrap();
        let (header, body) = text.split_once("\r\n\r\n").unwrap();
        assert_eq!(header, format!("Content-Length: {}", body.len()));
        let sent: serde_json::Value = serde_json::from_str(body).unwrap();
        // What `Client::publish_diagnostics` sends: the params as a `Value` in a notification.
        let req = Request::build(PublishDiagnostics::METHOD).params(serde_json::to_value(&params).unwrap()).finish();
        let framework = serde_json::to_value(req).unwrap();
        assert_eq!(sent, framework);
        assert_eq!(sent["params"]["version"], 3);
    }

    #[tokio::test]
    async fn placeholders_are_replaced_in_order() {
        let frames = Frames::default();
        let mut out = Output::new(Vec::new(), frames.clone());
        let lost = frames.store(b"never sent".to_vec().into());
        let frame_a = frame_with("a", |out| out.push(b'1'));
        let bytes_a = frame_a.as_bytes().to_vec();
        assert_eq!(bytes_a, framed(r#"{"jsonrpc":"2.0","method":"a","params":1}"#));
        let a = frames.store(frame_a);
        let b = frames.store(framed("{\"b\":2}").into());
        let log = framed(
            r#"{"jsonrpc":"2.0","method":"window/logMessage","params":{"type":3,"message":"nianbao/rawFrame"}}"#,
        );
        // Written in pieces, as a framed writer may; only flushed bytes count.
        let mut input = log.clone();
        input.extend(placeholder(a));
        input.extend(framed(r#"{"jsonrpc":"2.0","id":1,"result":null}"#));
        input.extend(placeholder(b));
        let (first, second) = input.split_at(30);
        out.write_all(first).await.unwrap();
        out.write_all(second).await.unwrap();
        out.flush().await.unwrap();
        let mut expected = log;
        expected.extend(bytes_a);
        expected.extend(framed(r#"{"jsonrpc":"2.0","id":1,"result":null}"#));
        expected.extend(framed("{\"b\":2}"));
        assert_eq!(String::from_utf8_lossy(&out.inner), String::from_utf8_lossy(&expected));
        assert!(lost < a);
        assert_eq!(frames.len(), 0, "the frame whose placeholder never came is dropped too");
    }

    #[tokio::test]
    async fn an_incomplete_frame_waits_for_the_rest() {
        let frames = Frames::default();
        let mut out = Output::new(Vec::new(), frames.clone());
        let id = frames.store(framed("{}").into());
        let p = placeholder(id);
        out.write_all(&p[..p.len() - 3]).await.unwrap();
        out.flush().await.unwrap();
        assert!(out.inner.is_empty());
        out.write_all(&p[p.len() - 3..]).await.unwrap();
        out.flush().await.unwrap();
        assert_eq!(out.inner, framed("{}"));
        // A request with the placeholder's method (it has an id) is not a placeholder.
        let req = framed(r#"{"jsonrpc":"2.0","id":4,"method":"nianbao/rawFrame","params":1}"#);
        out.write_all(&req).await.unwrap();
        out.shutdown().await.unwrap();
        assert!(out.inner.ends_with(&req));
    }
}
