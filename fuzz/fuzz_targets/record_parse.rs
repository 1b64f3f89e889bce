#![no_main]
#[path = "../src/props.rs"]
#[allow(dead_code)]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::record_parse(data));
