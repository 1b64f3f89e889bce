//! The score table of `align --gold` and `align-score`: strict and lax precision, recall and F1.

use std::io::Write;

use crate::align::Scores;

/// Print a score table.
pub fn write(s: &Scores, w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "        precision  recall  f1")?;
    for (name, x) in [("strict", s.strict), ("lax", s.lax)] {
        writeln!(
            w,
            "{name:<8}{:<11.4}{:<8.4}{:.4}",
            x.precision, x.recall, x.f1
        )?;
    }
    writeln!(
        w,
        "({} predicted and {} gold beads with both sides non-empty)",
        s.predicted, s.gold
    )
}
