//! vecalign beads: one `[src ids]:[tgt ids]` line per bead.

use std::io::{self, Write};

use super::ids;
use crate::align::PairAlignment;

/// Write the beads of one pair.
pub fn write(pair: &PairAlignment, w: &mut impl Write) -> io::Result<()> {
    for b in &pair.beads {
        writeln!(w, "{}:{}", ids(&b.src), ids(&b.tgt))?;
    }
    Ok(())
}
