//! # lectio
//!
//! Document versioning and word-level comparison for textual scholarship: a crash-safe,
//! content-addressed store of versioned *editions* (transcriptions, emendations, translations),
//! a word-level diff that classifies every variant, N-witness collation into an alignment table
//! and critical apparatus, sentence alignment of translations, and reports for readers and CI.
//!
//! The crate is library first; the `lectio` binary is a thin layer over it. Computation
//! ([`text`], [`diff`], [`collate`], [`align`]) is kept apart from storage ([`store`]) and from
//! presentation ([`render`]); [`usecase`] ties them together for each command.
//!
//! ```
//! use lectio::text::{Interner, Normalizer};
//!
//! let mut interner = Interner::new();
//! let norm = Normalizer::default();
//! let a = interner.keyed("the black cat", &norm);
//! let b = interner.keyed("the white cat", &norm);
//! assert_eq!(a.ids[0], b.ids[0]); // "the" has one id in both texts
//! assert_ne!(a.ids[1], b.ids[1]);
//! ```

#![warn(missing_docs)]

// Leaves: used by every layer.
pub mod escape;
pub mod exit;
pub mod witness;

// Compute.
pub mod align;
pub mod collate;
pub mod diff;
pub mod formats;
pub mod text;
pub mod variants;

// Storage.
pub mod store;

// Use cases: what a command does end to end.
pub mod usecase;

// Presentation: one renderer per output format per result.
pub mod render;

/// A usage problem found by the library (a bad option combination, an unknown name…):
/// exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
