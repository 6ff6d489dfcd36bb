//! The nianbao language server: documents in ropey buffers, position encodings, LSP protocol.
//! The only place that converts engine byte offsets to LSP positions and back.
//!
//! Modules: [`position`] (encodings), [`document`] (buffers and analysis), [`convert`]
//! (engine → LSP values), the features ([`actions`], [`hover`], [`symbols`], [`completion`],
//! [`lens`]), [`settings`] and the handlers in [`server`].

pub mod actions;
pub mod completion;
pub mod convert;
pub mod document;
pub mod hover;
pub mod lens;
pub mod position;
pub mod relay;
pub mod server;
pub mod settings;
pub mod symbols;
pub mod workspace;

use tower_lsp_server::{LspService, Server};

/// The custom request that returns the server's copy of a document:
/// params `{"uri": "…"}`, result `{"uri": "…", "version": 3, "text": "…"}`.
pub const DOCUMENT_TEXT_METHOD: &str = "nianbao/documentText";

/// Runs the server over stdin/stdout until the client exits. Logs go to stderr
/// (filter with `NIANBAO_LOG`, e.g. `NIANBAO_LOG=debug`).
pub fn run_stdio() -> std::io::Result<()> {
    init_logging();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let (service, socket) = LspService::build(server::Backend::new)
            .custom_method(DOCUMENT_TEXT_METHOD, server::Backend::document_text)
            .finish();
        // stdin → relay (drops or answers malformed messages) → the framework.
        let (relay_end, server_end) = tokio::io::duplex(256 * 1024);
        tokio::spawn(async move {
            if let Err(e) = relay::relay(tokio::io::stdin(), relay_end).await {
                tracing::warn!("reading stdin: {e}");
            }
        });
        Server::new(server_end, tokio::io::stdout(), socket).concurrency_level(1).serve(service).await;
    });
    // A blocking read of stdin may still be pending: do not wait for it.
    runtime.shutdown_background();
    Ok(())
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("NIANBAO_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(false).try_init();
}
