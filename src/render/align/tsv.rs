//! Tab-separated values: one row per bead with both texts and its findings.

use std::io::{self, Write};

use super::{findings_of, ids};
use crate::align::Bitext;
use crate::escape::csv_cell;

/// Write every pair: `translation, bead, source_ids, target_ids, source, target, findings`.
pub fn write(b: &Bitext, w: &mut impl Write) -> io::Result<()> {
    let mut csv = csv::WriterBuilder::new().delimiter(b'\t').from_writer(w);
    let err = |e: csv::Error| io::Error::other(e.to_string());
    csv.write_record([
        "translation",
        "bead",
        "source_ids",
        "target_ids",
        "source",
        "target",
        "findings",
    ])
    .map_err(err)?;
    for p in &b.pairs {
        for (k, bead) in p.beads.iter().enumerate() {
            let f: Vec<String> = findings_of(&p.findings, k)
                .map(|f| format!("{}: {}", f.kind.as_str(), f.message))
                .collect();
            let src = b.source.joined(bead.src.clone());
            let tgt = p.target.joined(bead.tgt.clone());
            csv.write_record([
                csv_cell(&p.target.label).as_ref(),
                &(k + 1).to_string(),
                &ids(&bead.src),
                &ids(&bead.tgt),
                &csv_cell(&src),
                &csv_cell(&tgt),
                &csv_cell(&f.join("; ")),
            ])
            .map_err(err)?;
        }
    }
    csv.flush()
}
