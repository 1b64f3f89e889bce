//! Plain-text positive apparatus keyed to the base witness's line numbers:
//! `12  lemma] A B; reading C; om. D  (class)`.

use std::io::{self, Write};

use super::{absent, one_line, sigla, sigla_cited};
use crate::collate::Collation;
use crate::escape::terminal;

/// Render the apparatus.
pub fn render(c: &Collation, out: &mut dyn Write) -> io::Result<()> {
    let base = &c.witnesses[c.apparatus.base];
    writeln!(out, "Base: {}", terminal(&base.siglum))?;
    for w in &c.witnesses {
        writeln!(out, "  {} = {}", terminal(&w.siglum), terminal(&w.label))?;
    }
    writeln!(out)?;
    let read = |r: &crate::collate::Reading| {
        if r.text.is_empty() {
            absent(r.lacuna).to_string()
        } else {
            terminal(&one_line(&r.text)).into_owned()
        }
    };
    let sig = |w: usize| c.witnesses[w].siglum.clone();
    for e in &c.apparatus.entries {
        let mut parts = Vec::new();
        for (i, r) in e.readings.iter().enumerate() {
            let s = sigla_cited(sig, &r.witnesses, &r.cites);
            if i == 0 {
                parts.push(format!("{}] {}", read(r), terminal(&s)));
            } else {
                parts.push(format!("{} {}", read(r), terminal(&s)));
            }
        }
        let mut note = format!("{} {}", e.class, e.kind);
        if let Some(t) = e.transposition {
            note.push_str(&format!(", T{}", t + 1));
        }
        writeln!(out, "{:>5}  {}  ({note})", e.line, parts.join("; "))?;
    }
    for t in &c.transpositions {
        writeln!(
            out,
            "T{}: {} — at column {} in {}; at column {} in {}",
            t.id + 1,
            terminal(&one_line(&t.text)),
            t.columns[0].start + 1,
            terminal(&sigla(c, &t.witnesses[0])),
            t.columns[1].start + 1,
            terminal(&sigla(c, &t.witnesses[1])),
        )?;
    }
    Ok(())
}
