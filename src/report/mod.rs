//! Presentation: one renderer per output format. Every renderer takes a model by reference and
//! writes into `impl Write`; escaping for each medium lives in [`escape`].

pub mod align;
pub mod check;
pub mod collate;
pub mod diff;
pub mod escape;
pub mod page;
pub mod variants;
