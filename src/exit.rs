//! Exit codes shared by every command (documented in `--help` and README), and the one table
//! from error kinds to them.
//!
//! Every library error type says what kind of failure it is through [`Classify`]; only this
//! file and the CLI turn a [`Kind`] (or a command's [`Outcome`]) into an exit code, so library
//! code never names a number.

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

/// What kind of failure an error is. It decides the exit code ([`Kind::code`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The command was used wrongly: a bad option, name or reference, a missing argument.
    Usage,
    /// An input that cannot be used: unreadable, not text, malformed.
    Input,
    /// The store is damaged: a corrupt object or record, a broken ref.
    Corrupt,
    /// The store is busy: the writer lock was not obtained, or an edition moved meanwhile.
    Busy,
    /// A resource limit was hit (size, token count).
    Limit,
    /// An I/O or environment failure (disk full, read-only folder).
    Io,
}

impl Kind {
    /// The exit code of an error of this kind.
    pub fn code(self) -> u8 {
        match self {
            Kind::Usage | Kind::Input => USAGE,
            Kind::Corrupt => CORRUPT,
            Kind::Busy => BUSY,
            Kind::Limit => LIMIT,
            Kind::Io => IO,
        }
    }
}

/// An error that knows its [`Kind`]. Every error type of the library implements it, and the
/// crate's `error_kind` table lists each one (a test checks the list is complete).
pub trait Classify: std::error::Error {
    /// What kind of failure this is.
    fn kind(&self) -> Kind;
}

/// How a command that judges its inputs ended, when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report: no differences, or none that is not allowed.
    Clean,
    /// Differences found (or changes that are not allowed).
    Differences,
    /// Some input could not be judged.
    Failed(Kind),
}

impl Outcome {
    /// The exit code of this outcome.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => OK,
            Outcome::Differences => DIFFERENCES,
            Outcome::Failed(kind) => kind.code(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_the_documented_codes() {
        let codes: Vec<u8> = [
            Kind::Usage,
            Kind::Input,
            Kind::Corrupt,
            Kind::Busy,
            Kind::Limit,
            Kind::Io,
        ]
        .into_iter()
        .map(Kind::code)
        .collect();
        assert_eq!(codes, [2, 2, 3, 4, 5, 6]);
        assert_eq!(Outcome::Clean.code(), 0);
        assert_eq!(Outcome::Differences.code(), 1);
        assert_eq!(Outcome::Failed(Kind::Input).code(), 2);
    }
}
