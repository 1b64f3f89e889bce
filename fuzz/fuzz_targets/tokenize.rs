#![no_main]
#[path = "../src/props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::tokenize(data));
