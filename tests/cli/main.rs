//! CLI integration tests: every test runs the real `lectio` binary.

mod align;
mod check;
mod collate;
mod diff;
mod hardening;
mod reliability;
mod store;
mod variants;

/// The engine's property checks, shared with the fuzz targets (terminal and markup safety).
#[path = "../../fuzz/src/engine_props.rs"]
pub mod engine_props;

use std::path::{Path, PathBuf};

/// `lectio` with a clean environment (no colour, no store variable).
pub fn lectio() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("lectio").expect("binary built");
    cmd.env_remove("LECTIO_STORE")
        .env_remove("LECTIO_COLOR")
        .env("NO_COLOR", "1");
    cmd
}

/// The repository root (where `editions/` lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the repository (source texts, dev data), if present.
pub fn shared_dir() -> Option<PathBuf> {
    let p = repo_root().join("../shared");
    p.is_dir().then_some(p)
}

/// Assert that a run did not panic.
pub fn assert_no_panic(out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "panicked: {stderr}");
    assert!(!stderr.contains("panicked at"), "panicked: {stderr}");
}

/// Run `cmd` with `args` and assert that it did not panic.
pub fn run_cmd(cmd: impl Into<assert_cmd::Command>, args: &[&str]) -> std::process::Output {
    let out = cmd.into().args(args).output().expect("run lectio");
    assert_no_panic(&out);
    out
}

/// Standard output, lossily decoded.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error, lossily decoded.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code (-1 when killed by a signal).
pub fn code(o: &std::process::Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Assert that standard error contains `needle`, showing it otherwise.
pub fn assert_stderr(o: &std::process::Output, needle: &str) {
    let e = stderr(o);
    assert!(e.contains(needle), "stderr lacks {needle:?}: {e}");
}

/// Write `text` to `dir/name` and return the path.
pub fn write_file(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test file");
    p
}
