//! Fuzz target `engine`: arbitrary bytes as a report file, through decode → parse → check →
//! fix (safe and unsafe), asserting the properties of `nianbao_fuzz` (no panic, no overflow,
//! spans on char boundaries, safe fixes reach their fixed point, encodings round-trip).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_core::Lang;

fuzz_target!(|data: &[u8]| {
    let lang = if data.len().is_multiple_of(2) { Lang::Zh } else { Lang::En };
    nianbao_fuzz::check_bytes(data, lang);
});
