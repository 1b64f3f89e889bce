//! Renderers for `lectio align`, one file per format. Every renderer takes the
//! [`Bitext`](crate::align::Bitext) by reference and writes into `impl Write`.
//!
//! `tmx` and `beads` describe one language pair, so they render one pair
//! ([`PairAlignment`](crate::align::PairAlignment)) at a time; the others render every pair.

pub mod beads;
pub mod html;
pub mod json;
pub mod parallel;
pub mod scores;
pub mod text;
pub mod tmx;
pub mod tsv;

use std::io::Write;

use crate::align::{Bead, Bitext, Finding};

/// Output formats of `lectio align`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Side by side, findings marked.
    Text,
    /// One JSON document (schema `version` 1).
    Json,
    /// TMX 1.4b, one bilingual file per language pair.
    Tmx,
    /// A side-by-side HTML page with findings highlighted.
    Html,
    /// vecalign beads: `[0, 1]:[0]` per line.
    Beads,
    /// Tab-separated values, one row per bead.
    Tsv,
    /// Two plain files per pair, one aligned sentence per line ([`parallel::write`]); the
    /// one-writer functions below write nothing for it.
    Parallel,
}

impl Format {
    /// The file name extension of this format (for `--out-dir`); empty for `Parallel`, whose
    /// two files end in their language codes.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::Tmx => "tmx",
            Format::Html => "html",
            Format::Beads => "beads",
            Format::Tsv => "tsv",
            Format::Parallel => "",
        }
    }
}

/// Render pair `k` of `b` alone (`tmx` and `beads` describe one pair; the other formats
/// render every pair).
pub fn render_pair(
    b: &Bitext,
    k: usize,
    format: Format,
    w: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        Format::Tmx => tmx::write(b, &b.pairs[k], w),
        Format::Beads => beads::write(&b.pairs[k], w),
        // Two files: written by `parallel::write`, never into one writer.
        Format::Parallel => Ok(()),
        _ => render_all(b, format, w),
    }
}

/// Render every pair of `b`.
pub fn render_all(b: &Bitext, format: Format, w: &mut impl Write) -> std::io::Result<()> {
    match format {
        Format::Text => text::write(b, w),
        Format::Json => json::write(b, w),
        Format::Html => html::write(b, w),
        Format::Tsv => tsv::write(b, w),
        Format::Tmx | Format::Beads | Format::Parallel => {
            for k in 0..b.pairs.len() {
                render_pair(b, k, format, w)?;
            }
            Ok(())
        }
    }
}

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
