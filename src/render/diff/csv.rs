//! `--format csv` / `tsv`: one header line, then one variant a row: `kind`, `class`, the old
//! and new readings (text exactly, line breaks kept inside quotes), and both positions
//! (`line`, `column`, and the byte range `start`–`end`). Cells pass through [`csv_cell`] so
//! that spreadsheets never run them as formulas.

use std::io::{self, Write};

use super::Input;
use crate::escape::csv_cell;

/// The header, in order.
pub const HEADER: [&str; 12] = [
    "kind",
    "class",
    "old",
    "new",
    "old_line",
    "old_column",
    "new_line",
    "new_column",
    "old_start",
    "old_end",
    "new_start",
    "new_end",
];

/// Render the variants, `delimiter` separated.
pub fn render(input: &Input<'_>, delimiter: u8, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(&mut *out);
    w.write_record(HEADER)?;
    let (ot, nt) = (&input.old.text, &input.new.text);
    for v in &input.diff.variants {
        let (o, n) = (v.old.bytes(), v.new.bytes());
        w.write_record([
            v.kind.as_str().to_string(),
            v.class.as_str().to_string(),
            csv_cell(v.old.reading(ot)).into_owned(),
            csv_cell(v.new.reading(nt)).into_owned(),
            v.old.line.to_string(),
            v.old.column.to_string(),
            v.new.line.to_string(),
            v.new.column.to_string(),
            o.start.to_string(),
            o.end.to_string(),
            n.start.to_string(),
            n.end.to_string(),
        ])?;
    }
    w.flush()
}
