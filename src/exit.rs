//! Exit codes shared by every command (documented in `--help` and README).

/// Success, no differences.
pub const OK: u8 = 0;
/// Differences (or disallowed changes) found.
pub const DIFFERENCES: u8 = 1;
/// Usage or input error.
pub const USAGE: u8 = 2;
/// Store corruption found.
pub const CORRUPT: u8 = 3;
/// Store busy: lock timeout or concurrent update refused.
pub const BUSY: u8 = 4;
/// A resource limit was hit.
pub const LIMIT: u8 = 5;
/// An I/O or environment error (disk full, read-only, output failure).
pub const IO: u8 = 6;

/// The table printed in every `--help`.
pub const HELP: &str = "Exit codes: 0 no differences / success, 1 differences found, \
2 usage or input error, 3 store corruption, 4 store busy, 5 resource limit hit, \
6 I/O or environment error";
