//! Paragraph rows for a side-by-side diff: the older text cut at its paragraph starts (after a
//! blank line), and the newer text cut at the same places, found through the variants: between
//! two variants both texts have the same words, so a place is the same number of words after
//! the end of the last variant before it on each side. A paragraph start inside a variant is not
//! a cut (its row holds the whole variant).

use std::ops::Range;

use crate::usecase::work_report::VersionDiff;

/// `(older, newer)` byte ranges, in order, covering both texts.
pub fn rows(d: &VersionDiff) -> Vec<(Range<usize>, Range<usize>)> {
    let (old, new) = (d.old_text.as_str(), d.new_text.as_str());
    let mut cuts: Vec<(usize, usize)> = vec![(0, 0)];
    for p in paragraph_starts(old) {
        let Some(q) = map(d, p) else { continue };
        let last = cuts.last().expect("a first cut");
        if p > last.0 && q > last.1 && new.is_char_boundary(q) {
            cuts.push((p, q));
        }
    }
    cuts.push((old.len(), new.len()));
    cuts.windows(2)
        .map(|w| (w[0].0..w[1].0, w[0].1..w[1].1))
        .collect()
}

/// Byte offsets where a paragraph starts: the first non-blank character after a blank line.
fn paragraph_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut blank = false;
    let mut line_start = true;
    let mut line_empty = true;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            if line_start || line_empty {
                blank = true;
            }
            line_start = true;
            line_empty = true;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if blank && line_empty {
            out.push(i);
        }
        blank = false;
        line_start = false;
        line_empty = false;
    }
    out
}

/// Where the older text's offset `p` (a word start outside every variant) is in the newer text.
fn map(d: &VersionDiff, p: usize) -> Option<usize> {
    let mut anchor = (0, 0);
    for v in &d.variants {
        if v.kind == crate::diff::VariantKind::Transposition {
            continue;
        }
        let [a, b] = v.old_bytes;
        if a == p {
            return Some(v.new_bytes[0]);
        }
        if a < p && p < b {
            return None;
        }
        if b <= p && b >= anchor.0 {
            anchor = (b, v.new_bytes[1]);
        }
    }
    let words = d.old_text[anchor.0..p].split_whitespace().count();
    let rest = &d.new_text[anchor.1..];
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in rest.char_indices() {
        let ws = c.is_whitespace();
        if !ws && !in_word {
            if seen == words {
                return Some(anchor.1 + i);
            }
            seen += 1;
        }
        in_word = !ws;
    }
    None
}
