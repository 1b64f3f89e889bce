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
pub mod tei;
pub mod text;
pub mod variants;

// Storage.
pub mod store;

// Use cases: what a command does end to end.
pub mod usecase;

// Presentation: one renderer per output format per result.
pub mod render;

use std::error::Error;

use exit::{Classify, Kind};

/// A usage problem found by the library (a bad option combination, an unknown name…).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl Classify for UsageError {
    fn kind(&self) -> Kind {
        Kind::Usage
    }
}

/// The [`Kind`] of `err` when it is one of the library's errors, else `None`. The CLI asks it
/// of each error in a chain. Every error type of the library is in this table (a test checks
/// it), and only a type that implements [`Classify`] can be.
pub fn error_kind(err: &(dyn Error + 'static)) -> Option<Kind> {
    fn as_kind<E: Classify + 'static>(err: &(dyn Error + 'static)) -> Option<Kind> {
        err.downcast_ref::<E>().map(Classify::kind)
    }
    const TABLE: &[fn(&(dyn Error + 'static)) -> Option<Kind>] = &[
        as_kind::<UsageError>,
        as_kind::<text::InputError>,
        as_kind::<text::normalize::RegularizationError>,
        as_kind::<diff::DiffError>,
        as_kind::<collate::CollateError>,
        as_kind::<align::AlignError>,
        as_kind::<variants::VariantsError>,
        as_kind::<formats::FormatError>,
        as_kind::<tei::TeiError>,
        as_kind::<store::StoreError>,
        as_kind::<store::record::RecordParseError>,
        as_kind::<usecase::work_report::ReportError>,
        as_kind::<usecase::all_pairs::AllPairsError>,
    ];
    TABLE.iter().find_map(|kind_of| kind_of(err))
}
