//! Input format readers: CollateX JSON input ([`collatex`]).

pub mod collatex;

/// An error reading an input format.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid JSON of the expected shape.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong, and where.
        message: String,
    },
}

impl crate::exit::Classify for FormatError {
    fn kind(&self) -> crate::exit::Kind {
        crate::exit::Kind::Input
    }
}
