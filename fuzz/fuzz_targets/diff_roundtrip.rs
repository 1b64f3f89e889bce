#![no_main]
#[path = "../src/engine_props.rs"]
mod engine_props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| engine_props::diff_roundtrip(data));
