//! Renderers for `lectio align`, one file per format. Every renderer takes the
//! [`Bitext`](crate::align::Bitext) by reference and writes into `impl Write`.
//!
//! `tmx` and `beads` describe one language pair, so they render one pair
//! ([`PairAlignment`](crate::align::PairAlignment)) at a time; the others render every pair.

pub mod beads;
pub mod html;
pub mod json;
pub mod scores;
pub mod text;
pub mod tmx;
pub mod tsv;

use crate::align::{Bead, Finding};

/// `[0, 1]` for a bead side, as vecalign writes it.
pub fn ids(r: &std::ops::Range<usize>) -> String {
    let v: Vec<String> = r.clone().map(|i| i.to_string()).collect();
    format!("[{}]", v.join(", "))
}

/// The findings that concern bead `k`: omissions and additions are attached to the first bead
/// of their run; other findings to their bead.
pub fn findings_of(findings: &[Finding], k: usize) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(move |f| f.bead == k)
}

/// Does bead `k` belong to a gap (omission or addition)?
pub fn is_gap(b: &Bead) -> bool {
    b.src.is_empty() || b.tgt.is_empty()
}
