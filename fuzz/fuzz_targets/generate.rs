//! Any bytes through parse → lower → validate → emit: no panic, and whatever the generator
//! emits parses as Rust (`emit::files` formats every file through `syn`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(lowered) = postman_codegen::lower_json(text, "fuzz.json", &postman_codegen::CrateOptions::default()) else { return };
    if let Err(error) = postman_codegen::emit::files(&lowered.api, &postman_codegen::CrateOptions { crate_name: None, conformance_driver: true }) {
        panic!("emitted code does not parse: {error}");
    }
});
