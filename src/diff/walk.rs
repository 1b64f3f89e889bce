//! The inner diff of long near-copies (issue 19): a walk along both sequences that solves
//! each change where it stands.
//!
//! Two witnesses of one text agree almost everywhere and differ in places a few words long.
//! Myers' algorithm over the whole text costs O(N·D), D the number of edits of the whole text;
//! anchoring on tokens unique in both texts bounds that only where such tokens exist (a text
//! whose sentences all repeat has none). The walk needs no anchors: it follows the equal tokens
//! from the start, and at each point where the texts part it runs Myers' search from that
//! point only until some path has rejoined the texts for [`SYNC`] equal tokens in a row (or
//! reached both ends). The edits up to that point are the fewest that reach such a run, so
//! each change region costs O(d²) for its own d edits, and the whole walk O(N + Σ d²).
//!
//! The script is not minimal in general (a chance run of [`SYNC`] equal tokens on a wrong
//! diagonal could be taken), but on real and generated witnesses it is within a few edits in
//! a million of the minimum (measured against the exact LCS, see BENCHMARKS.md). A place where
//! no path rejoins within [`MAX_D`] edits (a rewritten passage longer than that, a permutation,
//! texts with nothing in common) is handed to `fallback` over a window around it, which grows
//! until the fallback's script holds a run of [`SYNC`] equal tokens to resume the walk after.

use std::ops::Range;

use super::engine::{Op, OpTag, push};

/// Equal tokens in a row that end a change region.
pub(super) const SYNC: usize = 8;

/// Edits past which one change region is handed to the fallback.
pub(super) const MAX_D: usize = 1024;

/// First window (tokens a side) given to the fallback; it grows fourfold until the fallback's
/// script rejoins the texts. Two such windows are long enough for the fallback to set aside
/// the tokens found nowhere on the other side first (`engine::DISCARD_MIN`), so that texts
/// with nothing in common cost no Myers search.
const WINDOW: usize = 1 << 15;

/// The search of one change region: for each number of edits `d`, the furthest point on each
/// diagonal, stored level after level (level `d` holds the `d + 1` diagonals `-d, -d + 2, …,
/// d`, from `d(d + 1)/2` on).
#[derive(Default)]
struct Trace {
    /// Where the last edit left the path on the diagonal (before its run of equal tokens).
    start: Vec<i32>,
    /// Where the run of equal tokens ended.
    end: Vec<i32>,
    /// Whether the last edit was an insertion (else a deletion).
    ins: Vec<bool>,
}

impl Trace {
    fn clear(&mut self) {
        self.start.clear();
        self.end.clear();
        self.ins.clear();
    }

    #[inline]
    fn at(d: usize, k: isize) -> usize {
        d * (d + 1) / 2 + ((k + d as isize) / 2) as usize
    }
}

const NONE: i32 = -1;

/// See [`region`]'s `snake`: past [`SYNC`], so that of two runs that both end a region the
/// longer (up to this) wins.
const RUN_CAP: isize = 4 * SYNC as isize;

/// A change region found by [`region`]: `d` edits leave the path at `(x, y)` (relative to the
/// region's start) on diagonal `k`, followed by equal tokens up to `x_end`.
struct Found {
    d: usize,
    k: isize,
    x_end: usize,
}

/// Myers' forward search from the start of `a` and `b` (which differ at their first tokens),
/// until a path of the fewest edits is followed by [`SYNC`] equal tokens or reaches both
/// ends. `None` past `max_d` edits.
fn region<T: Eq>(a: &[T], b: &[T], max_d: usize, tr: &mut Trace) -> Option<Found> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    tr.clear();
    // A run is followed no further than `RUN_CAP` tokens: enough to tell the region has ended
    // (the walk follows the rest), and no diagonal costs more (in a text of one repeated
    // token every diagonal's run would reach the next change).
    let snake = |mut x: isize, mut y: isize| {
        let stop = (x + RUN_CAP).min(n);
        while x < stop && y < m && a[x as usize] == b[y as usize] {
            x += 1;
            y += 1;
        }
        x
    };
    let x0 = snake(0, 0);
    tr.start.push(0);
    tr.end.push(x0 as i32);
    tr.ins.push(false);
    if x0 as usize >= SYNC || (x0 == n && x0 == m) {
        return Some(Found {
            d: 0,
            k: 0,
            x_end: x0 as usize,
        });
    }
    for d in 1..=max_d {
        let di = d as isize;
        let mut best: Option<(usize, isize, usize)> = None;
        for k in (-di..=di).step_by(2) {
            // From diagonal k + 1 by an insertion (x stays), or from k - 1 by a deletion.
            let prev = |kk: isize| -> Option<isize> {
                if kk < -(di - 1) || kk > di - 1 {
                    return None;
                }
                let v = tr.end[Trace::at(d - 1, kk)];
                (v != NONE).then_some(v as isize)
            };
            let from_ins = prev(k + 1).filter(|&x| x - k <= m);
            let from_del = prev(k - 1).map(|x| x + 1).filter(|&x| x <= n);
            let (x, ins) = match (from_ins, from_del) {
                (Some(i), Some(dl)) if i >= dl => (i, true),
                (_, Some(dl)) => (dl, false),
                (Some(i), None) => (i, true),
                (None, None) => {
                    tr.start.push(NONE);
                    tr.end.push(NONE);
                    tr.ins.push(false);
                    continue;
                }
            };
            let y = x - k;
            let xe = snake(x, y);
            tr.start.push(x as i32);
            tr.end.push(xe as i32);
            tr.ins.push(ins);
            let run = (xe - x) as usize;
            if run >= SYNC || (xe == n && xe - k == m) {
                // The longest run wins; on a tie, the diagonal nearest the middle.
                let better = match best {
                    None => true,
                    Some((r, bk, _)) => run > r || (run == r && k.abs() < bk.abs()),
                };
                if better {
                    best = Some((run, k, xe as usize));
                }
            }
        }
        if let Some((_, k, x_end)) = best {
            return Some(Found { d, k, x_end });
        }
    }
    None
}

/// Append to `ops` (shifted by `(oa, ob)`) the path of `f` through `tr`: its edits and the
/// equal runs between them, then the run that ends the region.
fn emit(tr: &Trace, f: &Found, oa: usize, ob: usize, ops: &mut Vec<Op>, rev: &mut Vec<Op>) {
    rev.clear();
    let (mut d, mut k) = (f.d, f.k);
    let last = Trace::at(d, k);
    let xs = tr.start[last] as usize;
    let ys = (xs as isize - k) as usize;
    rev.push(Op::of(OpTag::Equal, xs..f.x_end, ys..ys + (f.x_end - xs)));
    while d > 0 {
        let i = Trace::at(d, k);
        let x = tr.start[i] as isize;
        let y = x - k;
        let (px, py, kp) = if tr.ins[i] {
            rev.push(Op::of(
                OpTag::Insert,
                x as usize..x as usize,
                (y - 1) as usize..y as usize,
            ));
            (x, y - 1, k + 1)
        } else {
            rev.push(Op::of(
                OpTag::Delete,
                (x - 1) as usize..x as usize,
                y as usize..y as usize,
            ));
            (x - 1, y, k - 1)
        };
        let s = tr.start[Trace::at(d - 1, kp)] as isize;
        let sy = s - kp;
        rev.push(Op::of(
            OpTag::Equal,
            s as usize..px as usize,
            sy as usize..py as usize,
        ));
        d -= 1;
        k = kp;
    }
    for op in rev.drain(..).rev() {
        let (o, n) = (op.old_range(), op.new_range());
        push(
            ops,
            op.tag,
            o.start + oa..o.end + oa,
            n.start + ob..n.end + ob,
        );
    }
}

/// The edit script of `a` against `b` by the walk, over indices of `a` and `b`. `fallback`
/// diffs a window where the walk finds no short path (its arguments and its script's ranges
/// are indices of `a` and `b` too).
pub(super) fn walk<T: Eq>(
    a: &[T],
    b: &[T],
    max_d: usize,
    fallback: impl Fn(Range<usize>, Range<usize>) -> Vec<Op>,
) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    let mut ops = Vec::new();
    let mut tr = Trace::default();
    let mut rev = Vec::new();
    let (mut i, mut j) = (0usize, 0usize);
    loop {
        // The equal run from here.
        let run = a[i..]
            .iter()
            .zip(&b[j..])
            .take_while(|(x, y)| x == y)
            .count();
        push(&mut ops, OpTag::Equal, i..i + run, j..j + run);
        (i, j) = (i + run, j + run);
        if i == n || j == m {
            push(&mut ops, OpTag::Delete, i..n, j..j);
            push(&mut ops, OpTag::Insert, n..n, j..m);
            return ops;
        }
        if let Some(f) = region(&a[i..], &b[j..], max_d, &mut tr) {
            emit(&tr, &f, i, j, &mut ops, &mut rev);
            (i, j) = (i + f.x_end, j + (f.x_end as isize - f.k) as usize);
            continue;
        }
        // No short path: the fallback over a growing window, up to its last long equal run.
        let mut w = WINDOW;
        loop {
            let (oe, ne) = ((i + w).min(n), (j + w).min(m));
            let whole = oe == n && ne == m;
            let part = fallback(i..oe, j..ne);
            let cut = if whole {
                Some(part.len())
            } else {
                part.iter()
                    .rposition(|op| {
                        op.tag == OpTag::Equal
                            && op.old_range().len() >= SYNC
                            && op.old_range().end < oe
                            && op.new_range().end < ne
                    })
                    .map(|p| p + 1)
            };
            if let Some(c) = cut {
                for op in &part[..c] {
                    push(&mut ops, op.tag, op.old_range(), op.new_range());
                }
                let last = ops.last().expect("a window's script is not empty");
                (i, j) = (last.old_range().end, last.new_range().end);
                break;
            }
            w *= 4;
        }
        if i == n && j == m {
            return ops;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn edits(ops: &[Op]) -> usize {
        ops.iter()
            .filter(|o| o.tag != OpTag::Equal)
            .map(|o| o.old_range().len() + o.new_range().len())
            .sum()
    }

    fn check(a: &[u32], b: &[u32], ops: &[Op]) {
        let (mut i, mut j) = (0, 0);
        for op in ops {
            let (o, n) = (op.old_range(), op.new_range());
            assert_eq!((o.start, n.start), (i, j), "{ops:?}");
            assert!(!o.is_empty() || !n.is_empty());
            if op.tag == OpTag::Equal {
                assert_eq!(&a[o.clone()], &b[n.clone()]);
            }
            (i, j) = (o.end, n.end);
        }
        assert_eq!((i, j), (a.len(), b.len()));
    }

    fn plain(a: &[u32], b: &[u32]) -> impl Fn(Range<usize>, Range<usize>) -> Vec<Op> {
        let (a, b) = (a.to_vec(), b.to_vec());
        move |o, n| {
            super::super::engine::diff_gap(&a, &b, o, n, super::super::Algorithm::Myers, None)
        }
    }

    #[test]
    fn local_changes_are_minimal() {
        // A text of one repeated sentence (no unique token) with a substitution, an insertion,
        // a deletion and a swap, each far from the others.
        let sentence: Vec<u32> = (0..20).collect();
        let a: Vec<u32> = sentence.iter().cycle().take(2000).copied().collect();
        let mut b = a.clone();
        b[100] = 99;
        b.insert(500, 98);
        b.remove(900);
        b.swap(1300, 1301);
        let ops = walk(&a, &b, MAX_D, plain(&a, &b));
        check(&a, &b, &ops);
        assert_eq!(edits(&ops), 2 + 1 + 1 + 2);
    }

    #[test]
    fn no_common_run_falls_back() {
        let a: Vec<u32> = (0..30_000).collect();
        let b: Vec<u32> = (0..30_000).map(|i| (i * 7919) % 30_000 + 40_000).collect();
        let ops = walk(&a, &b, 64, plain(&a, &b));
        check(&a, &b, &ops);
        assert_eq!(edits(&ops), 60_000);
        // A long rewritten passage between equal text: the walk resumes after it.
        let mut c = a.clone();
        c.splice(1000..3000, 100_000..102_500);
        let ops = walk(&a, &c, 64, plain(&a, &c));
        check(&a, &c, &ops);
        assert_eq!(edits(&ops), 2000 + 2500);
    }

    proptest! {
        /// The walk's script tiles both sides with equal ops over equal tokens, and on sparse
        /// edits to text over a small alphabet stays near the minimum.
        #[test]
        fn walk_tiles_and_stays_near_minimal(
            a in proptest::collection::vec(0u32..12, 0..400),
            edits_at in proptest::collection::vec((0usize..400, 0u8..3, 0u32..14), 0..12),
            max_d in 1usize..40,
        ) {
            let mut b = a.clone();
            for (p, op, key) in edits_at {
                let p = p.min(b.len());
                match op {
                    0 if p < b.len() => { b.remove(p); }
                    1 if p < b.len() => b[p] = key,
                    _ => b.insert(p, key),
                }
            }
            let ops = walk(&a, &b, max_d, plain(&a, &b));
            check(&a, &b, &ops);
            let least = a.len() + b.len() - 2 * crate::diff::lcs_len(&a, &b);
            prop_assert!(edits(&ops) >= least);
        }
    }
}
