//! Fuzz target `seed_mutations`: the input is a small program of structured mutations applied
//! to one of the five seed reports (cell edits with huge, negative, decimal and full-width
//! numbers; inserted and deleted text; random section headings; tabs, spaces, pipes, CRLF and
//! BOM), so the fuzzer explores real reports rather than random bytes. The mutated text, and
//! its bytes in each encoding, then go through every property of `nianbao_fuzz`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let m = nianbao_fuzz::mutate::Mutated::from_program(data);
    nianbao_fuzz::check_text(&m.text, m.lang, m.previous.as_deref());
    nianbao_fuzz::assert_round_trips(&m.text);
    if let Ok(bytes) = nianbao_core::source::encode(&m.text, m.encoding) {
        let back = nianbao_core::source::decode(&bytes).expect("encoded text decodes");
        assert_eq!(back.text, m.text);
    }
});
