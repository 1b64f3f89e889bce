//! Renderers for `lectio collate`, one file per format. Each takes a [`Collation`] by
//! reference and writes into `impl Write`.

pub mod apparatus;
pub mod collatex;
pub mod collatex_java;
pub mod csv;
pub mod dot;
pub mod graphml;
pub mod html;
pub mod json;
pub mod table;
pub mod tei;

use std::borrow::Cow;
use std::io::{self, Write};

use crate::collate::{Collation, Entry};

/// Output formats of `lectio collate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Alignment table for the terminal (horizontal, or `--vertical`).
    Table,
    /// CollateX JSON alignment table (witness-major; cells are token lists or null).
    Collatex,
    /// lectio's own JSON: table, apparatus, transpositions, classes (versioned).
    Json,
    /// Comma-separated values, one row per column.
    Csv,
    /// Tab-separated values, one row per column.
    Tsv,
    /// TEI P5 parallel segmentation.
    Tei,
    /// One self-contained HTML page.
    Html,
    /// Variant graph for Graphviz.
    Dot,
    /// Plain-text positive apparatus keyed to the base's line numbers.
    Apparatus,
    /// Variant graph as GraphML, with CollateX's keys (networkx, Gephi, yEd).
    Graphml,
    /// CollateX-Java's JSON alignment table (column-major; gaps are empty lists).
    CollatexJava,
}

/// Options shared by the renderers.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Table: one line per column instead of one line per witness.
    pub vertical: bool,
    /// Terminal colour.
    pub color: bool,
    /// Where the apparatus lists regularized variants ([`crate::collate::Apparatus::regularized`]).
    pub regularized: Regularized,
}

/// Where the apparatus (of the `apparatus`, `json`, `html` and `tei` formats) lists the
/// variants the `--regularize` table makes equal to the base's reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Regularized {
    /// Among the other places, in text order, classed spelling.
    #[default]
    Inline,
    /// In a section of their own after the apparatus.
    Separate,
    /// Not at all.
    Hide,
}

/// The apparatus entries a renderer lists in its apparatus under `mode` (the regularized
/// variants among them, in text order, when inline), and those it lists in a section of their
/// own after it (the regularized variants when separate; none otherwise).
pub(crate) fn listed(c: &Collation, mode: Regularized) -> (Vec<Cow<'_, Entry>>, &[Entry]) {
    let app = &c.apparatus;
    match mode {
        Regularized::Inline => (inline(&app.entries, &app.regularized), &[]),
        Regularized::Separate => (
            app.entries.iter().map(Cow::Borrowed).collect(),
            &app.regularized,
        ),
        Regularized::Hide => (app.entries.iter().map(Cow::Borrowed).collect(), &[]),
    }
}

/// True when `e` is a regularized variant (one of [`crate::collate::Apparatus::regularized`]).
pub(crate) fn is_regularized(e: &Entry) -> bool {
    e.narrowed.is_some()
}

/// The entries with the regularized variants among them, in text order (a regularized
/// variant before the entry of a later column; it shares its column with no other entry).
fn inline<'a>(entries: &'a [Entry], regularized: &'a [Entry]) -> Vec<Cow<'a, Entry>> {
    let mut out: Vec<Cow<'a, Entry>> = Vec::with_capacity(entries.len() + regularized.len());
    let mut reg = regularized.iter().peekable();
    for e in entries {
        while let Some(r) = reg.next_if(|r| r.column < e.column) {
            out.push(Cow::Borrowed(r));
        }
        out.push(Cow::Borrowed(e));
    }
    out.extend(reg.map(Cow::Borrowed));
    out
}

/// Render `c` in `format`.
pub fn render(
    c: &Collation,
    format: Format,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::render(c, opts, out),
        Format::Collatex => collatex::render(c, out),
        Format::Json => json::render(c, opts.regularized, out),
        Format::Csv => csv::render(c, b',', out),
        Format::Tsv => csv::render(c, b'\t', out),
        Format::Tei => tei::render(c, opts.regularized, out),
        Format::Html => html::render(c, opts.regularized, out),
        Format::Dot => dot::render(c, out),
        Format::Apparatus => apparatus::render(c, opts.regularized, out),
        Format::Graphml => graphml::render(c, out),
        Format::CollatexJava => collatex_java::render(c, out),
    }
}

/// The cell of witness `w` in column `col` as one line of text (`None` for a gap).
pub(crate) fn cell_text(c: &Collation, col: usize, w: usize) -> Option<String> {
    c.table.columns[col].cells[w]
        .as_ref()
        .map(|r| one_line(c.witnesses[w].span_text(r)))
}

/// Whitespace runs (line breaks included) become one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sigla of witnesses `ws`, space-separated.
/// The sigla of `witnesses`, each TEI witness followed by its page and line reference:
/// `A [p. 12, l. 7] B`.
pub(crate) fn sigla_cited(
    sig: impl Fn(usize) -> String,
    witnesses: &[usize],
    cites: &[(usize, String)],
) -> String {
    witnesses
        .iter()
        .map(|&w| match cites.iter().find(|(c, _)| *c == w) {
            Some((_, cite)) => format!("{} [{cite}]", sig(w)),
            None => sig(w),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `om.` or, where the witnesses have a lacuna, `lac.`.
pub(crate) fn absent(lacuna: bool) -> &'static str {
    if lacuna { "lac." } else { "om." }
}

pub(crate) fn sigla(c: &Collation, ws: &[usize]) -> String {
    ws.iter()
        .map(|&w| c.witnesses[w].siglum.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collate::{CollateOptions, WitnessInput, collate};

    fn sample() -> Collation {
        let w = vec![
            WitnessInput::text("A", "The black cat\nsat <here> & \"there\"."),
            WitnessInput::text("B", "The white cat sat there =1+1"),
            WitnessInput::text("C", "The black cat sat <here>."),
        ];
        collate(w, &CollateOptions::default()).expect("collates")
    }

    fn rendered(format: Format, vertical: bool) -> String {
        let mut out = Vec::new();
        let opts = RenderOptions {
            vertical,
            color: false,
            ..Default::default()
        };
        render(&sample(), format, &opts, &mut out).expect("renders");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn snapshots() {
        insta::assert_snapshot!("table", rendered(Format::Table, false));
        insta::assert_snapshot!("table_vertical", rendered(Format::Table, true));
        insta::assert_snapshot!("collatex", rendered(Format::Collatex, false));
        insta::assert_snapshot!("json", rendered(Format::Json, false));
        insta::assert_snapshot!("csv", rendered(Format::Csv, false));
        insta::assert_snapshot!("tsv", rendered(Format::Tsv, false));
        insta::assert_snapshot!("tei", rendered(Format::Tei, false));
        insta::assert_snapshot!("html", rendered(Format::Html, false));
        insta::assert_snapshot!("dot", rendered(Format::Dot, false));
        insta::assert_snapshot!("apparatus", rendered(Format::Apparatus, false));
        insta::assert_snapshot!("graphml", rendered(Format::Graphml, false));
        insta::assert_snapshot!("collatex_java", rendered(Format::CollatexJava, false));
    }
}
