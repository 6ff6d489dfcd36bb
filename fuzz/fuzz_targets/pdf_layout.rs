//! Fuzz target `pdf_layout`: see `nianbao_fuzz::readers` for what it asserts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    nianbao_fuzz::readers::check_pdf_layout(data);
});
