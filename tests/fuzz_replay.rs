//! Replays the fuzz corpus and crash artifacts (`fuzz/corpus/<target>/*`,
//! `fuzz/artifacts/<target>/*`) through the same property checks the fuzz targets run, so every
//! stable `cargo test` guards against regressions without libFuzzer.

#[path = "../fuzz/src/props.rs"]
mod props;
#[path = "../fuzz/src/replay.rs"]
mod replay;

use replay::replay;

#[test]
fn tokenize_corpus() {
    let n = replay("tokenize", props::tokenize);
    assert!(n > 0, "the tokenize corpus is empty");
}

#[test]
fn record_parse_corpus() {
    let n = replay("record_parse", props::record_parse);
    assert!(n > 0, "the record_parse corpus is empty");
}

#[test]
fn object_read_corpus() {
    let n = replay("object_read", props::object_read);
    // The fixture store props::object_read made for this process.
    let _ = std::fs::remove_dir_all(
        std::env::temp_dir().join(format!("lectio-fuzz-read-{}", std::process::id())),
    );
    assert!(n > 0, "the object_read corpus is empty");
}

#[test]
fn name_validate_corpus() {
    let n = replay("name_validate", props::name_validate);
    assert!(n > 0, "the name_validate corpus is empty");
}
