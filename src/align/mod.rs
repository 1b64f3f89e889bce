//! Translation alignment (issue 5). Placeholder until it lands.

/// An error from this module.
#[derive(Debug, thiserror::Error)]
pub enum AlignError {
    /// Placeholder.
    #[error("{0}")]
    Other(String),
}

impl AlignError {
    /// The exit code for this error.
    pub fn exit_code(&self) -> u8 {
        crate::exit::USAGE
    }
}
