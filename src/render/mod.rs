//! Presentation: one renderer per output format. Every renderer takes a model by reference and
//! writes into `impl Write`; escaping for each medium lives in
//! [`crate::escape`].

pub mod align;
pub mod check;
pub mod collate;
pub mod diff;
pub mod extract;
pub mod html_kit;
pub mod page;
pub mod store;
pub mod variants;
