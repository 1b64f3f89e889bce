//! `--format word-diff`: the old text with every variant inline, `[-old-]{+new+}`, as wdiff
//! and `git diff --word-diff=plain` print it. Variants left out by filters show the old text.

use std::io::{self, Write};
use std::ops::Range;

use anstyle::{AnsiColor, Style};

use super::Input;
use crate::diff::VariantClass;
use crate::escape::terminal;

/// Render the old text with the variants inline.
///
/// Outside the variants the output is the old text, byte for byte. A removal or a
/// substitution stands where its old side stood. An addition (or the landing place of a
/// transposition) stands at its gap in the old text, which is the end of the token before it
/// (see [`crate::diff::Side::bytes`]), and is spaced as the new text spaces it:
///
/// - glued to the token before it when the new text glues it (`the end{+.+}` then the old
///   text's whitespace, a paragraph break included);
/// - else glued to the token after it when the new text glues that (`cat {+(+}sat`);
/// - else set off from both: the new text's whitespace before it, then the addition, then the
///   old text's whitespace (`one {+two+} three`, `the end` `\n\n{+New para.+}\n\nNext`,
///   `cat sat {+dog+}` then the old text's final line break); at the start of the text, the
///   new text's whitespace after it (`{+the+} cat sat`).
///
/// So no space is doubled and none dropped: between an addition and its neighbours stands
/// either the old text's whitespace or the new text's.
pub fn render(input: &Input<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (ot, nt) = (&input.old.text, &input.new.text);
    // (old start, old end, order, deleted, inserted bytes of the new text): insertions before
    // removals at one place.
    let mut edits: Vec<(usize, usize, u8, &str, Range<usize>)> = Vec::new();
    for v in &input.diff.variants {
        if v.class == VariantClass::Whitespace {
            continue;
        }
        match v.moved.as_deref() {
            Some(m) => {
                let (s, e) = (v.old.bytes().start, v.old.bytes().end);
                edits.push((s, e, 1, v.old.reading(ot), 0..0));
                edits.push((m.old_byte, m.old_byte, 0, "", v.new.bytes()));
            }
            None => edits.push((
                v.old.bytes().start,
                v.old.bytes().end,
                1,
                v.old.reading(ot),
                v.new.bytes(),
            )),
        }
    }
    edits.sort_by_key(|e| (e.0, e.2));
    let del = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let ins = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let mut cursor = 0;
    let old_to = |out: &mut dyn Write, cursor: &mut usize, to: usize| -> io::Result<()> {
        if to > *cursor {
            out.write_all(terminal(&ot[*cursor..to]).as_bytes())?;
            *cursor = to;
        }
        Ok(())
    };
    for (s, e, _, d, r) in edits {
        let i = &nt[r.clone()];
        if d.is_empty() && !i.is_empty() {
            let p = s.max(cursor);
            let ws_before = trailing_ws(&nt[..r.start]);
            let ws_after = leading_ws(&nt[r.end..]);
            let at_new_start = nt[..r.start].trim_end().is_empty();
            let at_new_end = nt[r.end..].trim_start().is_empty();
            let glued_before = !at_new_start && ws_before.is_empty();
            let glued_after = !at_new_end && ws_after.is_empty();
            let old_ws = leading_ws(&ot[p..]);
            let at_old_start = ot[..p].trim_end().is_empty();
            let at_old_end = ot[p..].trim_start().is_empty();
            if glued_before {
                old_to(out, &mut cursor, p)?;
                paint(out, input.color, ins, &format!("{{+{}+}}", terminal(i)))?;
                if old_ws.is_empty() && !at_old_end && !glued_after {
                    out.write_all(terminal(ws_after).as_bytes())?;
                }
            } else if glued_after && !at_old_end {
                old_to(out, &mut cursor, p + old_ws.len())?;
                if old_ws.is_empty() && !at_old_start {
                    out.write_all(terminal(ws_before).as_bytes())?;
                }
                paint(out, input.color, ins, &format!("{{+{}+}}", terminal(i)))?;
            } else {
                old_to(out, &mut cursor, p)?;
                if !at_old_start && !at_new_start {
                    out.write_all(terminal(ws_before).as_bytes())?;
                }
                paint(out, input.color, ins, &format!("{{+{}+}}", terminal(i)))?;
                if old_ws.is_empty() && !at_old_end && !at_new_end {
                    out.write_all(terminal(ws_after).as_bytes())?;
                }
            }
            continue;
        }
        old_to(out, &mut cursor, s)?;
        if !d.is_empty() {
            paint(out, input.color, del, &format!("[-{}-]", terminal(d)))?;
        }
        if !i.is_empty() {
            paint(out, input.color, ins, &format!("{{+{}+}}", terminal(i)))?;
        }
        cursor = cursor.max(e);
    }
    old_to(out, &mut cursor, ot.len())?;
    if !ot.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

/// The whitespace `s` starts with.
fn leading_ws(s: &str) -> &str {
    &s[..s.len() - s.trim_start().len()]
}

/// The whitespace `s` ends with.
fn trailing_ws(s: &str) -> &str {
    &s[s.trim_end().len()..]
}

fn paint(out: &mut dyn Write, color: bool, style: Style, s: &str) -> io::Result<()> {
    if color {
        write!(out, "{}{}{}", style.render(), s, style.render_reset())
    } else {
        out.write_all(s.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{DiffOptions, Filter, diff_texts};
    use crate::witness::Witness;

    fn word_diff(a: &str, b: &str) -> String {
        let diff = diff_texts(a, b, &DiffOptions::default());
        let w = |text: &str| Witness {
            text: text.to_string(),
            ..Default::default()
        };
        let (old, new) = (w(a), w(b));
        let input = Input {
            diff: &diff,
            old: &old,
            new: &new,
            filter: &Filter::default(),
            normalized: &[],
            color: false,
            context: 0,
        };
        let mut out = Vec::new();
        render(&input, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn glued_insertion_stays_with_the_word_before_it() {
        // Not after the paragraph break, before the next paragraph's first word.
        assert_eq!(
            word_diff("the end\n\nNext one\n", "the end.\n\nNext one\n"),
            "the end{+.+}\n\nNext one\n"
        );
        // No space that is in neither text.
        assert_eq!(
            word_diff("the end Next\n", "the end, Next\n"),
            "the end{+,+} Next\n"
        );
        assert_eq!(word_diff("cat sat\n", "cat sat.\n"), "cat sat{+.+}\n");
    }

    #[test]
    fn insertion_at_the_start_is_spaced_from_what_follows() {
        assert_eq!(word_diff("cat sat\n", "the cat sat\n"), "{+the+} cat sat\n");
        assert_eq!(
            word_diff("  cat sat\n", "  the cat sat\n"),
            "  {+the+} cat sat\n"
        );
        // Glued to the next word in the new text: glued in the output.
        assert_eq!(word_diff("cat sat\n", "(cat sat\n"), "{+(+}cat sat\n");
    }

    #[test]
    fn insertion_at_the_end_comes_before_the_final_line_break() {
        assert_eq!(word_diff("cat sat\n", "cat sat dog\n"), "cat sat {+dog+}\n");
        assert_eq!(word_diff("cat sat", "cat sat dog"), "cat sat {+dog+}\n");
        assert_eq!(word_diff("x\n", "x\n\ny\n"), "x\n\n{+y+}\n");
    }

    #[test]
    fn insertion_inside_is_spaced_as_the_new_text_spaces_it() {
        assert_eq!(
            word_diff("one three\n", "one two three\n"),
            "one {+two+} three\n"
        );
        assert_eq!(word_diff("cat sat\n", "cat (sat\n"), "cat {+(+}sat\n");
        assert_eq!(
            word_diff(
                "the end\n\nNext one\n",
                "the end\n\nNew para.\n\nNext one\n"
            ),
            "the end\n\n{+New para.+}\n\nNext one\n"
        );
    }

    #[test]
    fn transposition_lands_spaced_like_an_insertion() {
        assert_eq!(
            word_diff(
                "one two three four five six seven eight\n",
                "one five six two three four seven eight\n"
            ),
            "one {+five six+} two three four [-five six-] seven eight\n"
        );
        assert_eq!(
            word_diff("a b c d e\n", "b c d a e\n"),
            "[-a-] b c d {+a+} e\n"
        );
        // A block moved to the very end lands before the final line break.
        assert_eq!(
            word_diff(
                "one two three four five six seven eight\n",
                "one five six seven eight two three four\n"
            ),
            "one [-two three four-] five six seven eight {+two three four+}\n"
        );
    }
}
