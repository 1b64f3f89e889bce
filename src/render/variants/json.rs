//! `--format json`: the [`Variants`] model as one JSON document with a `version` field.

use std::io::{self, Write};

use crate::variants::Variants;

/// Write `v` as pretty JSON followed by a newline.
pub fn render(v: &Variants, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)
}
