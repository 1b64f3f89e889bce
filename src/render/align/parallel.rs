//! Parallel text, the form MT and corpus tools read: two plain files, one sentence (bead side)
//! per line, line *n* of one file translating line *n* of the other.
//!
//! One line per bead that has both sides; the sentences of a 1-2, 2-1… bead share one line
//! (joined by a space). Beads with an empty side (omissions, additions) are left out, since a
//! line must have a counterpart. Line breaks inside a sentence become spaces; nothing else is
//! changed.

use std::io::{self, Write};

use crate::align::{Bitext, PairAlignment};

fn line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(
                c,
                '\n' | '\r' | '\u{B}' | '\u{C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
            ) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Write pair `pair` of `b`: source lines into `src`, translation lines into `tgt`.
pub fn write(
    b: &Bitext,
    pair: &PairAlignment,
    src: &mut impl Write,
    tgt: &mut impl Write,
) -> io::Result<()> {
    for bead in pair
        .beads
        .iter()
        .filter(|x| !x.src.is_empty() && !x.tgt.is_empty())
    {
        writeln!(src, "{}", line(&b.source.joined(bead.src.clone())))?;
        writeln!(tgt, "{}", line(&pair.target.joined(bead.tgt.clone())))?;
    }
    Ok(())
}
