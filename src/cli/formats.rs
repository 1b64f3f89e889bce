//! `--format` values several commands share.

/// `--format` values for the store commands (`add`, `list`, `log`, `verify`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StoreFormat {
    /// Human-readable text.
    Text,
    /// JSON (with a schema `version` field).
    Json,
}
