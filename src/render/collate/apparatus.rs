//! Plain-text positive apparatus keyed to the base witness's line and column:
//! `12:5  lemma] A B; reading C; om. D  (class)`. A place the base does not read is named by
//! the base word before it (`cat] A; cat black B`), or after it at the start of the text.
//! Regularized variants (equal to the base's reading under the `--regularize` table) are
//! listed among the readings of their place, in a section of their own, or not at all
//! ([`Regularized`]).

use std::io::{self, Write};

use super::{Regularized, absent, listed, one_line, sigla, sigla_cited};
use crate::collate::{Collation, Entry};
use crate::escape::terminal;

/// Render the apparatus.
pub fn render(c: &Collation, regularized: Regularized, out: &mut dyn Write) -> io::Result<()> {
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
    // With an anchor word, every reading is shown with it: `cat] A; cat black B`; a lacuna
    // stays `lac.` after it.
    let located = |r: &crate::collate::Reading, a: Option<&crate::collate::Anchor>| -> String {
        match a {
            None => read(r),
            Some(a) if r.text.is_empty() && !r.lacuna => terminal(&a.word).into_owned(),
            Some(a) if a.before || r.text.is_empty() => {
                format!("{} {}", terminal(&a.word), read(r))
            }
            Some(a) => format!("{} {}", read(r), terminal(&a.word)),
        }
    };
    let key = |e: &crate::collate::Entry| e.key.clone();
    let sig = |w: usize| c.witnesses[w].siglum.clone();
    let line = |e: &Entry| -> String {
        let mut parts = Vec::new();
        for (i, r) in e.readings.iter().enumerate() {
            let s = sigla_cited(sig, &r.witnesses, &r.cites);
            let text = located(r, e.anchor.as_ref());
            if i == 0 {
                parts.push(format!("{text}] {}", terminal(&s)));
            } else {
                parts.push(format!("{text} {}", terminal(&s)));
            }
        }
        let mut note = format!("{} {}", e.class, e.kind);
        if let Some(t) = e.transposition {
            note.push_str(&format!(", T{}", t + 1));
        }
        format!("{:>9}  {}  ({note})", key(e), parts.join("; "))
    };
    let (entries, separate) = listed(c, regularized);
    for e in &entries {
        writeln!(out, "{}", line(e))?;
    }
    for t in &c.transpositions {
        // Cite the places by their apparatus keys (base line:column).
        let at = |cols: &std::ops::Range<usize>| -> String {
            c.apparatus
                .entries
                .iter()
                .find(|e| cols.contains(&e.column))
                .map_or_else(|| format!("column {}", cols.start + 1), key)
        };
        writeln!(
            out,
            "T{}: {} — at {} in {}; at {} in {}",
            t.id + 1,
            terminal(&one_line(&t.text)),
            at(&t.columns[0]),
            terminal(&sigla(c, &t.witnesses[0])),
            at(&t.columns[1]),
            terminal(&sigla(c, &t.witnesses[1])),
        )?;
    }
    if !separate.is_empty() {
        writeln!(out, "\nRegularized:")?;
        for e in separate {
            writeln!(out, "{}", line(e))?;
        }
    }
    Ok(())
}
