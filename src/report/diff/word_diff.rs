//! `--format word-diff`: the old text with every variant inline, `[-old-]{+new+}`, as wdiff
//! and `git diff --word-diff=plain` print it. Variants left out by filters show the old text.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::Input;
use crate::diff::VariantClass;
use crate::report::escape::terminal;

/// Render the old text with the variants inline.
pub fn render(input: &Input<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (ot, nt) = (&input.old.text, &input.new.text);
    // (old byte position, order, deleted, inserted): insertions before removals at one place.
    let mut edits: Vec<(usize, usize, u8, &str, &str)> = Vec::new();
    for v in &input.diff.variants {
        if v.class == VariantClass::Whitespace {
            continue;
        }
        match v.moved.as_deref() {
            Some(m) => {
                edits.push((
                    v.old.bytes().start,
                    v.old.bytes().end,
                    1,
                    v.old.reading(ot),
                    "",
                ));
                edits.push((m.old_byte, m.old_byte, 0, "", v.new.reading(nt)));
            }
            None => edits.push((
                v.old.bytes().start,
                v.old.bytes().end,
                1,
                v.old.reading(ot),
                v.new.reading(nt),
            )),
        }
    }
    edits.sort_by_key(|e| (e.0, e.2));
    let del = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let ins = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let mut cursor = 0;
    for (s, e, _, d, i) in edits {
        let s = s.max(cursor);
        if d.is_empty() && !i.is_empty() {
            // A pure insertion sits after the previous word: show it before the next word,
            // spaced like one (`one {+two+} three`, `end {+more+}`).
            let ws = ot[s..].len() - ot[s..].trim_start().len();
            if ws > 0 && s + ws < ot.len() {
                out.write_all(terminal(&ot[cursor..s + ws]).as_bytes())?;
                paint(out, input.color, ins, &format!("{{+{}+}}", terminal(i)))?;
                out.write_all(b" ")?;
                cursor = s + ws;
            } else {
                out.write_all(terminal(&ot[cursor..s]).as_bytes())?;
                let lead = if s > 0 && ws > 0 { " " } else { "" };
                out.write_all(lead.as_bytes())?;
                paint(out, input.color, ins, &format!("{{+{}+}}", terminal(i)))?;
                cursor = s;
            }
            continue;
        }
        out.write_all(terminal(&ot[cursor..s]).as_bytes())?;
        if !d.is_empty() {
            paint(out, input.color, del, &format!("[-{}-]", terminal(d)))?;
        }
        if !i.is_empty() {
            paint(out, input.color, ins, &format!("{{+{}+}}", terminal(i)))?;
        }
        cursor = cursor.max(e);
    }
    out.write_all(terminal(&ot[cursor..]).as_bytes())?;
    if !ot.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

fn paint(out: &mut dyn Write, color: bool, style: Style, s: &str) -> io::Result<()> {
    if color {
        write!(out, "{}{}{}", style.render(), s, style.render_reset())
    } else {
        out.write_all(s.as_bytes())
    }
}
