//! `--format text`: pairs with counts and distance, the matrix, the tree, the places.

use std::io::{self, Write};

use super::fmt_distance;
use crate::diff::VariantClass;
use crate::escape::terminal;
use crate::variants::Variants;

/// Render the text report.
pub fn render(v: &Variants, out: &mut dyn Write) -> io::Result<()> {
    let t = |s: &str| terminal(s).into_owned();
    let n = v.witnesses.len();
    writeln!(out, "{} witnesses, {} pairs", n, v.pairs.len())?;
    for w in &v.witnesses {
        writeln!(
            out,
            "  {:<12} {} ({} tokens)",
            t(&w.siglum),
            t(&w.label),
            w.tokens
        )?;
    }
    writeln!(out, "\ndistance = {}", v.distance)?;
    writeln!(out, "\npairs:")?;
    for p in &v.pairs {
        let classes: Vec<String> = VariantClass::ALL
            .iter()
            .filter(|&&c| p.counts.by_class.get(c) > 0)
            .map(|&c| format!("{c} {}", p.counts.by_class.get(c)))
            .collect();
        writeln!(
            out,
            "  {} ~ {}  distance {}  variants {}{}{}",
            t(&v.witnesses[p.a].siglum),
            t(&v.witnesses[p.b].siglum),
            fmt_distance(p.distance()),
            p.counts.variants,
            if classes.is_empty() { "" } else { ": " },
            classes.join(", ")
        )?;
    }
    let width = v
        .witnesses
        .iter()
        .map(|w| t(&w.siglum).chars().count())
        .max()
        .unwrap_or(1)
        .max(6);
    writeln!(out, "\nmatrix:")?;
    write!(out, "  {:width$}", "")?;
    for w in &v.witnesses {
        write!(out, " {:>width$}", t(&w.siglum))?;
    }
    writeln!(out)?;
    for (i, w) in v.witnesses.iter().enumerate() {
        write!(out, "  {:width$}", t(&w.siglum))?;
        for j in 0..n {
            write!(out, " {:>width$}", fmt_distance(v.matrix[i][j]))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "\ntree ({}):\n  {}", tree_name(v), t(&v.newick))?;
    if let Some(places) = &v.places {
        writeln!(out, "\nplaces ({}):", places.len())?;
        for p in places {
            write!(
                out,
                "  {:>4}  line {:<5} {} {}: ",
                p.n, p.line, p.class, p.kind
            )?;
            for (i, r) in p.readings.iter().enumerate() {
                let text = if r.text.is_empty() {
                    crate::render::collate::absent(r.lacuna).to_string()
                } else {
                    t(&r.text)
                };
                let sep = if i == 0 { "]" } else { ";" };
                let names = crate::render::collate::sigla_cited(
                    |w| v.witnesses[w].siglum.clone(),
                    &r.witnesses,
                    &r.cites,
                );
                if i == 0 {
                    write!(out, "{text}{sep} {}", t(&names))?;
                } else {
                    write!(out, "{sep} {text} {}", t(&names))?;
                }
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

pub(crate) fn tree_name(v: &Variants) -> &'static str {
    match v.tree_method {
        crate::variants::TreeMethod::Nj => "neighbour-joining",
        crate::variants::TreeMethod::Upgma => "UPGMA",
    }
}
