//! What a test needs from the machine beyond the repository, shared by the CLI tests
//! (`tests/cli/`) and the library's tests (included with `#[path]`): the shared data folder, and
//! the one way to skip a test that cannot run here.
//!
//! A skipped test prints `SKIP: <test>: <why>` and passes, except under `LECTIO_REQUIRE_ALL=1`
//! (set by `.ci/run`), where it fails: in CI every test must run.

use std::path::PathBuf;

/// The shared data folder (source texts, dev sets): `LECTIO_SHARED`, else `../shared` beside
/// the repository, else `../../shared` (a worktree one level deeper), if it exists.
pub fn shared_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("LECTIO_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([root.join("../shared"), root.join("../../shared")])
        .find(|p| p.is_dir())
}

/// `<shared>/<rel>`, if it exists.
pub fn shared(rel: &str) -> Option<PathBuf> {
    shared_dir().map(|d| d.join(rel)).filter(|p| p.exists())
}

/// Skip `test` because of `why` (a missing tool or data folder): print a `SKIP:` line, or panic
/// when `LECTIO_REQUIRE_ALL=1`. The caller returns (or carries on with less) after it.
pub fn skip_or_fail(test: &str, why: &str) {
    if std::env::var_os("LECTIO_REQUIRE_ALL").is_some_and(|v| v == "1") {
        panic!("{test}: cannot run here ({why}) and LECTIO_REQUIRE_ALL=1");
    }
    println!("SKIP: {test}: {why}");
    eprintln!("SKIP: {test}: {why}");
}

/// The flags every headless Chromium run of the tests takes: no sandbox (root in CI), no GPU,
/// and no network traffic of its own (QUIC, first-run, background, component updates, sync).
#[allow(dead_code)] // included by src/align tests too, which run no browser
pub const CHROMIUM_HEADLESS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];
