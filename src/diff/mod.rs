//! Word-level diff (issue 3): the variant model and its classification. The engine lands with
//! issue 3; [`classify`] is shared with collation.

pub mod classify;

pub use classify::{VariantClass, VariantKind, classify};

/// An error from the diff engine.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Placeholder.
    #[error("{0}")]
    Other(String),
}

impl DiffError {
    /// The exit code for this error.
    pub fn exit_code(&self) -> u8 {
        crate::exit::USAGE
    }
}
