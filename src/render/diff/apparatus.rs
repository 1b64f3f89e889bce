//! `--format apparatus`: a critical apparatus keyed to the old (first) text, one line per
//! variant: `LINE:COL lemma] reading SIGLUM`.
//!
//! - substitution: `12:3 colour] color B`
//! - omission: `12:3 is] om. B`
//! - addition: the neighbouring word of the old text is the lemma, so the line reads as a
//!   scholar writes it: `12:3 Everything] is Everything B`; punctuation, and an addition at
//!   the end of a line, hang on the word before: `23:750 counter-blows] counter-blows. B`
//! - transposition: `12:3 a b] transp. B 14:1` (where the block stands in B)
//! - whitespace: `12:3 ⏎] ␠ B`

use std::io::{self, Write};

use super::{Input, collapse};
use crate::diff::{VariantClass, VariantKind};
use crate::escape::terminal;
use crate::text::LineIndex;

/// Render the apparatus.
pub fn render(input: &Input<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (ot, nt) = (&input.old.text, &input.new.text);
    let sig = terminal(&input.new.siglum).into_owned();
    let lines = LineIndex::new(ot);
    let show = |s: &str| terminal(&collapse(s)).into_owned();
    for v in &input.diff.variants {
        let (l, c) = (v.old.line, v.old.column);
        match (v.kind, v.class) {
            (_, VariantClass::Whitespace) => writeln!(
                out,
                "{l}:{c} {}] {} {sig}",
                ws(v.old.reading(ot)),
                ws(v.new.reading(nt))
            )?,
            (VariantKind::Transposition, _) => writeln!(
                out,
                "{l}:{c} {}] transp. {sig} {}:{}",
                show(v.old.reading(ot)),
                v.new.line,
                v.new.column
            )?,
            (VariantKind::Omission, _) => {
                writeln!(out, "{l}:{c} {}] om. {sig}", show(v.old.reading(ot)))?
            }
            (VariantKind::Addition, _) => {
                let at = v.old.bytes().start;
                let added = show(v.new.reading(nt));
                let prev = ot[..at].split_whitespace().next_back();
                let next = ot[at..].split_whitespace().next();
                // Punctuation hangs on the word before it, and so does an addition at the end
                // of a line or paragraph: `blows] blows. B`. Otherwise the next word is the
                // lemma: `Everything] is Everything B`.
                let glued = added.starts_with(crate::text::tokenize::is_punctuation);
                let line_end = ot[at..]
                    .find(|ch: char| !ch.is_whitespace())
                    .is_none_or(|k| ot[at..at + k].contains(['\n', '\r']));
                match (prev, next) {
                    (Some(w), _) if glued || line_end || next.is_none() => {
                        let pos = ot[..at].rfind(w).unwrap_or(0);
                        let (l, c) = lines.line_col(ot, pos);
                        let w = terminal(w);
                        let sep = if glued { "" } else { " " };
                        writeln!(out, "{l}:{c} {w}] {w}{sep}{added} {sig}")?
                    }
                    (_, Some(w)) => {
                        let pos = at + ot[at..].find(w).unwrap_or(0);
                        let (l, c) = lines.line_col(ot, pos);
                        let w = terminal(w);
                        writeln!(out, "{l}:{c} {w}] {added} {w} {sig}")?
                    }
                    _ => writeln!(out, "{l}:{c} ] {added} {sig}")?,
                }
            }
            _ => writeln!(
                out,
                "{l}:{c} {}] {} {sig}",
                show(v.old.reading(ot)),
                show(v.new.reading(nt))
            )?,
        }
    }
    Ok(())
}

/// A whitespace reading made visible, then escaped: form feeds, vertical tabs and NEL are
/// whitespace too, and must not reach the terminal raw.
fn ws(s: &str) -> String {
    let shown: String = s
        .chars()
        .map(|ch| match ch {
            '\n' => '⏎',
            ' ' => '␠',
            '\t' => '⇥',
            '\r' => '␍',
            c => c,
        })
        .collect();
    terminal(&shown).into_owned()
}
