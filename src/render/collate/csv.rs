//! CSV and TSV: one row per column (`column`, `variant`, `transposition`, then one field per
//! witness). Cells are neutralized against spreadsheet formulas.

use std::io::{self, Write};

use super::cell_text;
use crate::collate::Collation;
use crate::escape::csv_cell;

/// Render with `delimiter` (`b','` or `b'\t'`).
pub fn render(c: &Collation, delimiter: u8, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    let mut header = vec![
        "column".to_string(),
        "variant".to_string(),
        "transposition".to_string(),
    ];
    header.extend(c.witnesses.iter().map(|x| csv_cell(&x.siglum).into_owned()));
    w.write_record(&header)?;
    for (k, col) in c.table.columns.iter().enumerate() {
        let mut rec = vec![
            (k + 1).to_string(),
            col.variant.to_string(),
            col.transposition
                .map_or_else(String::new, |t| format!("T{}", t + 1)),
        ];
        for x in 0..c.witnesses.len() {
            rec.push(cell_text(c, k, x).map_or_else(String::new, |s| csv_cell(&s).into_owned()));
        }
        w.write_record(&rec)?;
    }
    w.flush()
}
