//! Added or omitted phrases settled on the widest breaks (issue 16), as `diff` does.
//!
//! The matcher sees comparison keys, not whitespace: a paragraph that some witnesses add may be
//! drawn one token off (`. The author … unexplained` after `itself`, where the reader sees
//! `The author … unexplained.` after `itself.`), and a moved paragraph then reads as two
//! blocks that differ by a full stop. Here, after alignment, each such block is slid over the
//! identical tokens around it to where its ends fall on the widest breaks the witnesses that
//! read it print (a paragraph break, then a line break, then a space:
//! [`crate::text::gap_shape`], the diff's rule).
//!
//! A block is a run of columns between two columns where every witness reads the same bytes,
//! in which some witnesses (the *absent*) have no token at all. Sliding it one column right
//! moves the absent witnesses' cells of the agreeing column after it to its first column, which
//! is allowed when the witnesses that read the block (the *present*) all read, in that first
//! column, the same bytes as the agreeing column; sliding left is the mirror. The present
//! witnesses' cells never move and the absent witnesses' tokens keep their order, so every
//! token stays where it was in its witness, and no variant changes. The rule reads only the
//! columns and the witnesses' texts and treats all witnesses alike, so the result does not
//! depend on the order the witnesses were given.

use super::CollatedWitness;
use crate::text::{TokenKind, gap_shape};

/// Farthest a block is slid (in columns, either way), as in `diff`.
const SLIDE_MAX: usize = 64;

/// Settle every block of `cols` (per column, per witness in the given order: the unit there).
pub(super) fn settle(cols: &mut [Vec<Option<u32>>], wits: &[CollatedWitness]) {
    let n = wits.len();
    if n < 2 || cols.len() < 3 {
        return;
    }
    let same = |w: usize, u: u32, v: usize, x: u32| -> bool {
        let (a, b) = (&wits[w], &wits[v]);
        let (ra, rb) = (&a.units[u as usize], &b.units[x as usize]);
        ra.len() == rb.len()
            && ra
                .clone()
                .zip(rb.clone())
                .all(|(i, j)| a.reading(i as usize) == b.reading(j as usize))
    };
    // Every witness reads the same bytes in column `c`.
    let full = |cols: &[Vec<Option<u32>>], c: usize| -> bool {
        let col = &cols[c];
        let Some(u0) = col[0] else { return false };
        col.iter()
            .enumerate()
            .all(|(w, cell)| cell.is_some_and(|u| same(0, u0, w, u)))
    };
    let mut c = 1;
    while c + 1 < cols.len() {
        if !full(cols, c - 1) || full(cols, c) {
            c += 1;
            continue;
        }
        let s = c;
        let mut e = s + 1;
        while e < cols.len() && !full(cols, e) {
            e += 1;
        }
        if e >= cols.len() {
            break;
        }
        if let Some(d) = best_shift(cols, wits, s, e, &same, &full) {
            let absent: Vec<usize> = (0..n)
                .filter(|&w| (s..e).all(|k| cols[k][w].is_none()))
                .collect();
            if d > 0 {
                for x in 0..d as usize {
                    for &a in &absent {
                        cols[s + x][a] = cols[e + x][a].take();
                    }
                }
            } else {
                for x in 0..d.unsigned_abs() {
                    for &a in &absent {
                        cols[e - 1 - x][a] = cols[s - 1 - x][a].take();
                    }
                }
            }
            c = e.wrapping_add_signed(d) + 1;
        } else {
            c = e + 1;
        }
    }
}

/// The shift (columns, negative: left) that settles the block `s..e` on the widest breaks, or
/// `None` when it stays.
fn best_shift(
    cols: &[Vec<Option<u32>>],
    wits: &[CollatedWitness],
    s: usize,
    e: usize,
    same: &impl Fn(usize, u32, usize, u32) -> bool,
    full: &impl Fn(&[Vec<Option<u32>>], usize) -> bool,
) -> Option<isize> {
    let n = wits.len();
    let block = s..e;
    let absent: Vec<bool> = (0..n)
        .map(|w| block.clone().all(|k| cols[k][w].is_none()))
        .collect();
    let present: Vec<usize> = (0..n).filter(|&w| !absent[w]).collect();
    if present.is_empty() || present.len() == n {
        return None;
    }
    // Each present witness's units in the block: `first..end` (end: its unit in column `e`).
    let spans: Vec<(usize, u32, u32)> = present
        .iter()
        .map(|&w| {
            let first = block.clone().find_map(|k| cols[k][w]).expect("present");
            (w, first, cols[e][w].expect("agreeing column"))
        })
        .collect();
    let words = |w: usize, a: u32, b: u32| -> usize {
        let wit = &wits[w];
        let (t0, t1) = (wit.units[a as usize].start, wit.units[b as usize - 1].end);
        (t0..t1)
            .filter(|&t| {
                matches!(
                    wit.tokens[t as usize].kind(),
                    TokenKind::Word | TokenKind::Number
                )
            })
            .count()
    };
    if spans.iter().any(|&(w, a, b)| words(w, a, b) < 2) {
        return None;
    }
    // Column `k`'s present cells all read what agreeing column `f` reads.
    let present_reads = |k: usize, f: usize| -> bool {
        let (w0, u0) = (0, cols[f][0].expect("agreeing column"));
        present
            .iter()
            .all(|&p| cols[k][p].is_some_and(|u| same(w0, u0, p, u)))
    };
    let mut right = 0;
    while right < SLIDE_MAX
        && e + right + 1 < cols.len()
        && full(cols, e + right + 1)
        && present_reads(s + right, e + right)
    {
        right += 1;
    }
    let mut left = 0;
    while left < SLIDE_MAX
        && s >= left + 2
        && full(cols, s - 2 - left)
        && present_reads(e - 1 - left, s - 1 - left)
    {
        left += 1;
    }
    if left == 0 && right == 0 {
        return None;
    }
    let shape_before = |w: usize, t: u32| -> u8 {
        let wit = &wits[w];
        if t == 0 || t as usize >= wit.tokens.len() {
            3
        } else {
            let (p, q) = (&wit.tokens[t as usize - 1], &wit.tokens[t as usize]);
            gap_shape(&wit.text[p.end() as usize..q.start() as usize])
        }
    };
    let score = |d: isize| -> u32 {
        spans
            .iter()
            .map(|&(w, a, b)| {
                let units = &wits[w].units;
                let start = units[a.wrapping_add_signed(d as i32) as usize].start;
                let end = units[b.wrapping_add_signed(d as i32) as usize - 1].end;
                u32::from(shape_before(w, start)) + u32::from(shape_before(w, end))
            })
            .sum()
    };
    // The best score; among equals the place the alignment drew, then the nearest to it.
    let best = (-(left as isize)..=right as isize)
        .max_by_key(|&d| (score(d), d == 0, std::cmp::Reverse(d.unsigned_abs())))
        .unwrap_or(0);
    (best != 0).then_some(best)
}
