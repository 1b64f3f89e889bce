//! `--format csv`: three blocks separated by an empty line: the distance matrix (`siglum`
//! then one column per witness), one row per pair (counts by class and kind, distance), and one
//! row per reading of each variation place. Cells from the witnesses pass through
//! [`csv_cell`] so spreadsheets never run them as formulas.

use std::io::{self, Write};

use super::{fmt_distance, sigla};
use crate::diff::{VariantClass, VariantKind};
use crate::escape::csv_cell;
use crate::variants::Variants;

/// Render the CSV.
pub fn render(v: &Variants, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new().from_writer(&mut *out);
    let mut row: Vec<String> = vec!["siglum".into()];
    row.extend(v.witnesses.iter().map(|x| csv_cell(&x.siglum).into_owned()));
    w.write_record(&row)?;
    for (i, x) in v.witnesses.iter().enumerate() {
        let mut row = vec![csv_cell(&x.siglum).into_owned()];
        row.extend(v.matrix[i].iter().map(|d| fmt_distance(*d)));
        w.write_record(&row)?;
    }
    w.flush()?;
    drop(w);
    out.write_all(b"\n")?;
    let mut w = ::csv::WriterBuilder::new().from_writer(&mut *out);
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
    if let Some(places) = &v.places {
        w.flush()?;
        drop(w);
        out.write_all(b"\n")?;
        w = ::csv::WriterBuilder::new().from_writer(&mut *out);
        w.write_record([
            "place",
            "line",
            "class",
            "kind",
            "lemma",
            "reading",
            "witnesses",
        ])?;
        for p in places {
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
    }
    w.flush()
}
