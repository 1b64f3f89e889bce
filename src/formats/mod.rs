//! Input format readers. Placeholder until it lands.

/// An error from this module.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Placeholder.
    #[error("{0}")]
    Other(String),
}

impl FormatError {
    /// The exit code for this error.
    pub fn exit_code(&self) -> u8 {
        crate::exit::USAGE
    }
}
