//! `--format csv`: one table per output, chosen with `--table`: `pairs` (the default: one row
//! per pair, counts by class and kind, distance), `matrix` (the distance matrix: `siglum` then
//! one column per witness) or `places` (one row per reading of each variation place). Each is
//! one header line and rows, loadable as is by pandas or a spreadsheet. Cells from the
//! witnesses pass through [`csv_cell`] so spreadsheets never run them as formulas.

use std::io::{self, Write};

use super::{fmt_distance, sigla};
use crate::diff::{VariantClass, VariantKind};
use crate::escape::csv_cell;
use crate::variants::Variants;

/// The tables `--format csv` can write, one per output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Table {
    /// One row per pair of witnesses.
    #[default]
    Pairs,
    /// The distance matrix.
    Matrix,
    /// One row per reading of each variation place (empty without places).
    Places,
}

/// Render one table as CSV.
pub fn render(v: &Variants, table: Table, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new().from_writer(&mut *out);
    match table {
        Table::Matrix => matrix(v, &mut w)?,
        Table::Pairs => pairs(v, &mut w)?,
        Table::Places => places(v, &mut w)?,
    }
    w.flush()
}

type Csv<'a> = ::csv::Writer<&'a mut dyn Write>;

fn matrix(v: &Variants, w: &mut Csv) -> io::Result<()> {
    let mut row: Vec<String> = vec!["siglum".into()];
    row.extend(v.witnesses.iter().map(|x| csv_cell(&x.siglum).into_owned()));
    w.write_record(&row)?;
    for (i, x) in v.witnesses.iter().enumerate() {
        let mut row = vec![csv_cell(&x.siglum).into_owned()];
        row.extend(v.matrix[i].iter().map(|d| fmt_distance(*d)));
        w.write_record(&row)?;
    }
    Ok(())
}

fn pairs(v: &Variants, w: &mut Csv) -> io::Result<()> {
    let mut head: Vec<String> = [
        "a",
        "b",
        "distance",
        "variants",
        "variant_tokens",
        "aligned_tokens",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend(VariantKind::ALL.iter().map(|k| k.as_str().to_string()));
    head.extend(VariantClass::ALL.iter().map(|c| c.to_string()));
    w.write_record(&head)?;
    for p in &v.pairs {
        let mut row = vec![
            csv_cell(&v.witnesses[p.a].siglum).into_owned(),
            csv_cell(&v.witnesses[p.b].siglum).into_owned(),
            fmt_distance(p.distance()),
            p.counts.variants.to_string(),
            p.counts.variant_tokens.to_string(),
            p.counts.aligned_tokens.to_string(),
        ];
        row.extend(
            VariantKind::ALL
                .iter()
                .map(|&k| p.counts.by_kind.get(k).to_string()),
        );
        row.extend(
            VariantClass::ALL
                .iter()
                .map(|&c| p.counts.by_class.get(c).to_string()),
        );
        w.write_record(&row)?;
    }
    Ok(())
}

fn places(v: &Variants, w: &mut Csv) -> io::Result<()> {
    w.write_record([
        "place",
        "line",
        "class",
        "kind",
        "lemma",
        "reading",
        "witnesses",
    ])?;
    for p in v.places.iter().flatten() {
        for r in &p.readings {
            w.write_record([
                p.n.to_string(),
                p.line.to_string(),
                p.class.to_string(),
                p.kind.as_str().to_string(),
                if r.lemma { "1" } else { "0" }.to_string(),
                csv_cell(&r.text).into_owned(),
                csv_cell(&sigla(v, &r.witnesses)).into_owned(),
            ])?;
        }
    }
    Ok(())
}
