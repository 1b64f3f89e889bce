//! Replaying a fuzz target's corpus and crash artifacts (`fuzz/corpus/<target>/*`,
//! `fuzz/artifacts/<target>/*`) through its property check: shared by `tests/fuzz_replay.rs`
//! and `tests/fuzz_replay_engine.rs` (included with `#[path]`).

use std::path::Path;

/// Run `check` on every stored input of `target`, naming the file that fails; returns how
/// many inputs were run.
pub fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "artifacts"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries.flatten() {
            let data = std::fs::read(entry.path()).expect("read corpus file");
            let r = std::panic::catch_unwind(|| check(&data));
            assert!(r.is_ok(), "{target}: {} fails", entry.path().display());
            n += 1;
        }
    }
    n
}
