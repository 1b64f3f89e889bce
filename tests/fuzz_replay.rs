//! Replays the fuzz corpus and crash artifacts (`fuzz/corpus/<target>/*`,
//! `fuzz/artifacts/<target>/*`) through the same property checks the fuzz targets run, so every
//! stable `cargo test` guards against regressions without libFuzzer.

#[path = "../fuzz/src/props.rs"]
mod props;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries.flatten() {
            let data = std::fs::read(entry.path()).expect("read corpus file");
            check(&data);
            n += 1;
        }
    }
    n
}

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
