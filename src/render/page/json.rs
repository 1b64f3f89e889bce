//! `report --format json`: the [`Report`] model as one versioned JSON document.

use std::io::{self, Write};

use crate::usecase::work_report::Report;

/// Write `r` as pretty JSON followed by a newline.
pub fn render(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, r)?;
    writeln!(out)
}
