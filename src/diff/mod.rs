//! Word-level diff (issue 3). Placeholder until it lands.

/// An error from this module.
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
