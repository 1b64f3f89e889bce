//! The edition store (issue 2). Until the store lands, only [`source`] (loading a witness from a
//! file) works; references to editions are refused.

pub mod source;

pub use source::{Witness, load_witness, load_work};

/// An error from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Input that is not text.
    #[error(transparent)]
    Input(#[from] crate::text::InputError),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Anything else (placeholder until the store lands).
    #[error("{0}")]
    Other(String),
}

impl StoreError {
    /// The exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            StoreError::Input(e) => e.exit_code(),
            StoreError::Read { .. } => crate::exit::USAGE,
            StoreError::Other(_) => crate::exit::USAGE,
        }
    }
}
