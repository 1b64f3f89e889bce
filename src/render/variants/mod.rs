//! Renderers for `lectio variants`, one file per format. Each takes a [`Variants`] by
//! reference and writes into `impl Write`.

pub mod csv;
pub mod html;
pub mod json;
pub mod shard;
pub mod text;

use std::io::{self, Write};

use crate::variants::Variants;

/// Output formats of `lectio variants`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Human-readable summary: pairs, matrix, tree, places.
    Text,
    /// lectio's JSON (versioned): witnesses, pairs, matrix, tree, places.
    Json,
    /// CSV: one table (`--table pairs|matrix|places`; default one row per pair).
    Csv,
    /// One self-contained HTML page (heat map, tree, pairs, places).
    Html,
    /// The tree alone, in Newick format.
    Newick,
}

/// Render `v` in `format`.
pub fn render(v: &Variants, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::render(v, out),
        Format::Json => json::render(v, out),
        Format::Csv => csv::render(v, csv::Table::default(), out),
        Format::Html => html::render(v, out),
        Format::Newick => writeln!(out, "{}", v.newick),
    }
}

/// Sigla of witnesses `ws`, space-separated.
pub(crate) fn sigla(v: &Variants, ws: &[usize]) -> String {
    ws.iter()
        .map(|&w| v.witnesses[w].siglum.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) use crate::render::html_kit::fmt_distance;
