//! Fuzz target `lsp_messages`: the real language server in-process (`nianbao_lsp::serve` over
//! `tokio::io::duplex` pipes, a current-thread runtime), the input written as the client's byte
//! stream — raw bytes (broken framing, truncated bodies, garbage JSON) or a structured session
//! (initialize, then well-framed messages built from the input). No panic; the server ends within
//! a bounded time once the input ends; its output is well-framed JSON; in structured sessions
//! every request is answered. See `nianbao_fuzz::lsp`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    nianbao_fuzz::lsp::run(data);
});
