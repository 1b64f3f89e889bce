#![no_main]
#[path = "../src/tei_props.rs"]
mod tei_props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| tei_props::tei(data));
