//! The nianbao language server: documents in ropey buffers, position encodings, LSP protocol.
//! The only place that converts engine byte offsets to LSP positions and back.
//!
//! Modules: [`position`] (encodings), [`document`] (buffers and analysis), [`convert`]
//! (engine → LSP values), the features ([`actions`], [`hover`], [`symbols`], [`completion`],
//! [`lens`]), [`settings`], the handlers in [`server`] and the [`output`] stream.

pub mod actions;
pub mod completion;
pub mod convert;
pub mod document;
pub mod hover;
pub mod lens;
pub mod output;
pub mod position;
pub mod relay;
pub mod server;
pub mod settings;
pub mod symbols;
pub mod workspace;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{ClientSocket, LspService, Server};

/// The custom request that returns the server's copy of a document:
/// params `{"uri": "…"}`, result `{"uri": "…", "version": 3, "text": "…"}`.
pub const DOCUMENT_TEXT_METHOD: &str = "nianbao/documentText";

/// Runs the server over stdin/stdout until the client exits. Logs go to stderr
/// (filter with `NIANBAO_LOG`, e.g. `NIANBAO_LOG=debug`).
pub fn run_stdio() -> std::io::Result<()> {
    init_logging();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    // A blocking read of stdin may still be pending: do not wait for it.
    runtime.shutdown_background();
    Ok(())
}

/// The language service and its client socket (with the custom [`DOCUMENT_TEXT_METHOD`]
/// request), publishing into `frames` for an [`output::Output`] sharing them.
fn service(frames: output::Frames) -> (LspService<server::Backend>, ClientSocket) {
    LspService::build(move |client| server::Backend::new(client, frames))
        .custom_method(DOCUMENT_TEXT_METHOD, server::Backend::document_text)
        .finish()
}

/// Serves one client whose byte stream is `input` (Content-Length framed JSON-RPC) and writes
/// the server's messages to `output`: exactly what [`run_stdio`] does over stdin/stdout (input
/// through the [`relay`], the service, handlers one at a time, publishes rendered by the
/// server and put in place by [`output::Output`]). Returns when the input ends
/// (after answering what was read) or after the client's `exit`. Must run inside a tokio
/// runtime; the relay is a spawned task, so `input` must be `Send + 'static`.
///
/// For embedding the server in-process: the `lsp_messages` fuzz target runs it over
/// `tokio::io::duplex` pipes.
pub async fn serve<I, O>(input: I, output: O)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin,
{
    let frames = output::Frames::default();
    let (service, socket) = service(frames.clone());
    // input → relay (drops or answers malformed messages) → the framework.
    let (relay_end, server_end) = tokio::io::duplex(256 * 1024);
    let relay = tokio::spawn(async move {
        if let Err(e) = relay::relay(input, relay_end).await {
            tracing::warn!("reading the client's input: {e}");
        }
    });
    let output = output::Output::new(output, frames);
    Server::new(server_end, output, socket).concurrency_level(1).serve(service).await;
    // After `exit` the relay may still wait for input that never comes.
    relay.abort();
    if let Err(e) = relay.await {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("NIANBAO_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(false).try_init();
}
