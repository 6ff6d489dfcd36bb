//! Fuzz target `docx`: see `nianbao_fuzz::readers` for what it asserts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    nianbao_fuzz::readers::check_docx(data);
});
