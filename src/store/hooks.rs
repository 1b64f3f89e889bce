//! Test hooks for the reliability work, read from the environment once per process.
//!
//! - `LECTIO_FAILPOINT=<name>` calls [`std::process::abort`] when a write reaches the named
//!   point: `after-temp-write` (text bytes written to the temp file, not yet synced),
//!   `after-temp-fsync`, `after-object-publish` (text object renamed into place),
//!   `after-record` (version record published), `before-ref-rename` (new ref written and
//!   synced in a temp file), `after-ref-rename` (the commit point has passed).
//!   Up to `before-ref-rename` readers see the old head; from `after-ref-rename` the new one.
//!   `<name>:pause` sleeps there instead (for a minute), so a test can `kill -9` a writer at a
//!   known point, e.g. while it holds the store lock (`after-record`, `before-ref-rename`);
//!   `<name>:pause:SECS` sleeps SECS seconds and goes on (e.g. to run `gc` between an add's
//!   `after-object-publish` and its lock).
//! - `LECTIO_FAILPOINT=error:<op>` makes the named operation fail with an injected I/O error
//!   (`EIO`), for operations that `fiu-run` cannot reach because they bypass libc:
//!   `object-rename` (publishing a text or record), `ref-rename` (the commit point),
//!   `dir-fsync` (syncing a folder), `intent-fsync` (syncing `tmp/` after writing an add's
//!   ref-to-be, the evidence that tells an interrupted add from a lost ref).
//! - `LECTIO_TEST_NO_FSYNC=1` skips every fsync (files and folders) to make tests fast. Crash
//!   tests must run with fsync.

use std::sync::OnceLock;

/// The named crash points, in the order a write reaches them.
pub const FAILPOINTS: &[&str] = &[
    "after-temp-write",
    "after-temp-fsync",
    "after-object-publish",
    "after-record",
    "before-ref-rename",
    "after-ref-rename",
];

fn failpoint_env() -> Option<&'static str> {
    static FP: OnceLock<Option<String>> = OnceLock::new();
    FP.get_or_init(|| {
        std::env::var("LECTIO_FAILPOINT")
            .ok()
            .filter(|s| !s.is_empty())
    })
    .as_deref()
}

/// Abort the process if `LECTIO_FAILPOINT` names `name` (or pause there with `name:pause`).
pub fn failpoint(name: &str) {
    match failpoint_env() {
        Some(fp) if fp == name => std::process::abort(),
        Some(fp) if fp.strip_suffix(":pause") == Some(name) => {
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
        Some(fp)
            if let Some((point, secs)) = fp.split_once(":pause:")
                && point == name =>
        {
            let secs = secs.parse().unwrap_or(60.0f64).clamp(0.0, 600.0);
            std::thread::sleep(std::time::Duration::from_secs_f64(secs));
        }
        _ => {}
    }
}

/// The operations `LECTIO_FAILPOINT=error:<op>` can make fail.
pub const ERROR_POINTS: &[&str] = &["object-rename", "ref-rename", "dir-fsync", "intent-fsync"];

/// An injected I/O error if `LECTIO_FAILPOINT` is `error:<op>`.
pub fn inject(op: &str) -> std::io::Result<()> {
    match failpoint_env().and_then(|fp| fp.strip_prefix("error:")) {
        Some(o) if o == op => Err(std::io::Error::from_raw_os_error(5)),
        _ => Ok(()),
    }
}

/// Whether fsync is on (it is unless `LECTIO_TEST_NO_FSYNC=1`).
pub fn fsync_enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("LECTIO_TEST_NO_FSYNC").is_none_or(|v| v != "1"))
}
