//! The edit script over interned ids: common prefix and suffix first (so the cost follows the
//! amount of change), then `similar` on the middle, under a deadline.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::Algorithm;

/// What an [`Op`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpTag {
    /// The ranges hold equal tokens.
    Equal,
    /// The old range is removed (the new range is empty).
    Delete,
    /// The new range is inserted (the old range is empty).
    Insert,
    /// The old range is replaced by the new range.
    Replace,
}

/// One step of an edit script, over compared-token indices. The ops of a diff tile both
/// sides: their old ranges are contiguous, in order, and cover `0..old_len`; the same holds
/// for the new ranges. No op is empty on both sides.
///
/// Ranges are held as `u32` (token indices fit: a text is at most 1 GiB), so a long
/// script takes 20 bytes an op, not 40.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Op {
    /// What the op does.
    pub tag: OpTag,
    old: Range<u32>,
    new: Range<u32>,
}

impl Op {
    /// An op over old tokens `old` and new tokens `new`.
    pub fn of(tag: OpTag, old: Range<usize>, new: Range<usize>) -> Op {
        Op {
            tag,
            old: narrow(old),
            new: narrow(new),
        }
    }

    /// Range in the old side.
    #[inline]
    pub fn old_range(&self) -> Range<usize> {
        widen(&self.old)
    }

    /// Range in the new side.
    #[inline]
    pub fn new_range(&self) -> Range<usize> {
        widen(&self.new)
    }

    /// The op moved `by` tokens on the old side and `by_new` on the new side.
    pub fn shifted(&self, by: usize, by_new: usize) -> Op {
        let (o, n) = (self.old_range(), self.new_range());
        Op::of(
            self.tag,
            o.start + by..o.end + by,
            n.start + by_new..n.end + by_new,
        )
    }
}

/// A token or byte range as `u32`: both fit, as tokens hold `u32` offsets into texts of at
/// most `tokenize::MAX_TEXT_LEN` (1 GiB).
pub(super) fn narrow(r: Range<usize>) -> Range<u32> {
    debug_assert!(r.end <= u32::MAX as usize);
    r.start as u32..r.end as u32
}

/// A range stored by [`narrow`], as indices again.
#[inline]
pub(super) fn widen(r: &Range<u32>) -> Range<usize> {
    r.start as usize..r.end as usize
}

/// Above this many tokens (both sides, after trimming) the engine anchors on tokens unique
/// in both sides before running the algorithm between anchors.
pub const ANCHOR_MIN: usize = 4096;

/// Edit distance of a script: tokens deleted plus tokens inserted.
pub(super) fn edit_count(ops: &[Op]) -> usize {
    ops.iter()
        .filter(|o| o.tag != OpTag::Equal)
        .map(|o| o.old_range().len() + o.new_range().len())
        .sum()
}

/// Diff two id slices. Returns the edit script and whether the deadline cut the search short
/// (the script is then valid but may not be minimal).
///
/// The common prefix and suffix are trimmed first. When what remains is long (more than
/// [`ANCHOR_MIN`] tokens) and `anchor` is set, tokens that occur exactly once in each side
/// and in the same order (a longest increasing subsequence, as patience diff does) split the
/// texts into small independent gaps, which are diffed in parallel; so the cost follows the
/// amount of change, not the length of the text. Below that size, Myers is exact (minimal).
pub fn diff_ids(
    old: &[u32],
    new: &[u32],
    algorithm: Algorithm,
    deadline: Option<Duration>,
) -> (Vec<Op>, bool) {
    diff_ids_with(old, new, algorithm, deadline, true)
}

/// As [`diff_ids`], choosing whether to anchor long inputs.
pub fn diff_ids_with(
    old: &[u32],
    new: &[u32],
    algorithm: Algorithm,
    deadline: Option<Duration>,
    anchor: bool,
) -> (Vec<Op>, bool) {
    let start = Instant::now();
    let deadline = deadline.map(|d| start + d);
    let anchored = anchor && old.len() + new.len() > ANCHOR_MIN;
    let gaps = if anchored {
        anchors(old, new)
    } else {
        vec![(0..old.len(), 0..new.len())]
    };
    // Unanchored, Myers is `similar`'s raw Myers, which is exact: its default Myers, like
    // git's, stops searching for the minimum past a bound of edits on long inputs.
    let engine = match algorithm {
        Algorithm::Myers if !anchored => similar::Algorithm::RawMyers,
        _ => algorithm.similar(),
    };
    let ops = diff_gaps(&gaps, |(o, n)| {
        diff_gap_with(
            old,
            new,
            o.clone(),
            n.clone(),
            engine,
            deadline,
            DISCARD_MIN,
        )
    });
    let approximate = deadline.is_some_and(|d| Instant::now() >= d);
    (ops, approximate)
}

/// The script of texts cut into `gaps` (as [`cut_gaps`] makes them): each gap diffed with
/// `diff` (in parallel), then the anchor after it. Gaps go in batches, so that the gaps'
/// own scripts never all exist beside the whole one.
pub(super) fn diff_gaps(
    gaps: &[(Range<usize>, Range<usize>)],
    diff: impl Fn(&(Range<usize>, Range<usize>)) -> Vec<Op> + Sync,
) -> Vec<Op> {
    use rayon::prelude::*;
    let mut ops = Vec::new();
    for (b, batch) in gaps.chunks(BATCH).enumerate() {
        let parts: Vec<Vec<Op>> = if batch.len() > 1 {
            batch.par_iter().map(&diff).collect()
        } else {
            batch.iter().map(&diff).collect()
        };
        for (k, part) in parts.into_iter().enumerate() {
            reserve_more(&mut ops, part.len() + 1);
            for op in part {
                push(&mut ops, op.tag, op.old_range(), op.new_range());
            }
            // The anchor after the gap (every gap but the last ends at one).
            let g = &gaps[b * BATCH + k];
            if b * BATCH + k + 1 < gaps.len() {
                let (o, n) = (g.0.end, g.1.end);
                push(&mut ops, OpTag::Equal, o..o + 1, n..n + 1);
            }
        }
    }
    ops
}

/// Room in `ops` for `n` more, grown by half its length at least rather than doubled: a long
/// script is built while both texts' hashes are held, and a doubled vector's spare half was
/// then the largest block on the heap (measured on 100k words with 10 % changed).
fn reserve_more(ops: &mut Vec<Op>, n: usize) {
    if ops.capacity() - ops.len() < n {
        ops.reserve_exact(n.max(ops.len() / 2));
    }
}

/// Gaps diffed at a time by [`diff_gaps`].
const BATCH: usize = 512;

/// Gaps between anchors: tokens unique in both sides, kept in an order both sides agree on.
/// Each gap ends just before an anchor, except the last, which ends at the ends of the texts.
fn anchors(old: &[u32], new: &[u32]) -> Vec<(Range<usize>, Range<usize>)> {
    let max = old.iter().chain(new).copied().max().unwrap_or(0) as usize + 1;
    let mut count_old = vec![0u8; max];
    let mut count_new = vec![0u8; max];
    let mut pos_old = vec![0u32; max];
    for (i, &id) in old.iter().enumerate() {
        let c = &mut count_old[id as usize];
        *c = c.saturating_add(1);
        pos_old[id as usize] = i as u32;
    }
    for &id in new {
        let c = &mut count_new[id as usize];
        *c = c.saturating_add(1);
    }
    // Unique pairs in new order, then the longest run increasing in old order.
    let pairs: Vec<(u32, u32)> = new
        .iter()
        .enumerate()
        .filter(|&(_, &id)| count_old[id as usize] == 1 && count_new[id as usize] == 1)
        .map(|(j, &id)| (pos_old[id as usize], j as u32))
        .collect();
    drop((count_old, count_new, pos_old));
    let sure = |a: usize, b: usize| in_context(a, b, old.len(), new.len(), |i, j| old[i] == new[j]);
    cut_gaps(&longest_increasing(pairs), old.len(), new.len(), sure)
}

/// Tokens on each side of an anchor that must match too before the texts are cut there.
pub(super) const CONTEXT: usize = 3;

/// True when the anchor `(a, b)` of texts of `n` and `m` tokens is inside a run of matching
/// tokens ([`CONTEXT`] before and after it, by `eq`): a minimal script then almost surely
/// keeps it, where a lone unique word between changes may belong to a moved phrase and cost
/// edits if the texts were cut there.
pub(super) fn in_context(
    a: usize,
    b: usize,
    n: usize,
    m: usize,
    eq: impl Fn(usize, usize) -> bool,
) -> bool {
    (1..=CONTEXT).all(|k| a >= k && b >= k && eq(a - k, b - k))
        && (1..=CONTEXT).all(|k| a + k < n && b + k < m && eq(a + k, b + k))
}

/// Gaps between the anchors `chosen` (pairs of equal tokens, increasing on both sides) of
/// texts of `old_len` and `new_len` tokens. Each gap ends just before an anchor, except the
/// last, which ends at the ends of the texts.
pub(super) fn cut_gaps(
    chosen: &[(u32, u32)],
    old_len: usize,
    new_len: usize,
    sure: impl Fn(usize, usize) -> bool,
) -> Vec<(Range<usize>, Range<usize>)> {
    // Cut only at anchors that leave chunks of a useful size: many tiny gaps cost more in
    // bookkeeping than they save.
    let mut gaps = Vec::with_capacity(chosen.len() / CHUNK + 1);
    let (mut i, mut j) = (0usize, 0usize);
    for &(a, b) in chosen {
        let (a, b) = (a as usize, b as usize);
        let len = a - i + b - j;
        if len >= CHUNK && (sure(a, b) || len >= CHUNK_MAX) {
            gaps.push((i..a, j..b));
            i = a + 1;
            j = b + 1;
        }
    }
    gaps.push((i..old_len, j..new_len));
    gaps
}

/// Gaps up to this many tokens (both sides) are diffed without reading the clock.
const SMALL_GAP: usize = 1024;

/// Smallest chunk (tokens of both sides) cut at an anchor.
const CHUNK: usize = 256;

/// A chunk this long is cut at its next anchor even outside a run of matching tokens: texts
/// whose neighbours never agree (a permutation) would otherwise be one gap, and Myers over it
/// costs the square of its length.
const CHUNK_MAX: usize = 1 << 10;

/// The longest subsequence of `pairs` (sorted by `.1`) increasing in `.0` (patience sorting).
fn longest_increasing(pairs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    longest_increasing_by(pairs, |p| p.0)
}

/// The longest subsequence of `pairs` whose `key` strictly increases (patience sorting, ties to
/// the earliest pairs), kept in `pairs` itself. Shared by the diff's anchoring and collation's
/// anchor chains.
///
/// Besides `pairs`, it holds a `u32` link per pair and one per tail (a long text pairs tens of
/// thousands of anchors, and this runs while the texts' hashes are held).
pub(crate) fn longest_increasing_by(
    mut pairs: Vec<(u32, u32)>,
    key: impl Fn(&(u32, u32)) -> u32,
) -> Vec<(u32, u32)> {
    const NONE: u32 = u32::MAX;
    // Pair counts are token counts, far below `u32::MAX`.
    debug_assert!(pairs.len() < NONE as usize);
    // Index into `pairs` of the smallest tail of an increasing run of each length.
    let mut tails: Vec<u32> = Vec::new();
    let mut prev = vec![NONE; pairs.len()];
    for (k, p) in pairs.iter().enumerate() {
        let kp = key(p);
        let key_at = |t: u32| key(&pairs[t as usize]);
        // Texts mostly agree, so most pairs extend the longest run: try that first.
        let at = match tails.last() {
            Some(&t) if key_at(t) < kp => tails.len(),
            _ => tails.partition_point(|&t| key_at(t) < kp),
        };
        if at > 0 {
            prev[k] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(k as u32);
        } else {
            tails[at] = k as u32;
        }
    }
    // The run's indices, written back to front over `tails` (as long as the run), then its
    // pairs moved to the front of `pairs` (each index is at least its place in the run).
    let mut k = tails.last().copied().unwrap_or(NONE);
    for slot in tails.iter_mut().rev() {
        *slot = k;
        k = prev[k as usize];
    }
    drop(prev);
    for (w, &k) in tails.iter().enumerate() {
        pairs[w] = pairs[k as usize];
    }
    pairs.truncate(tails.len());
    pairs.shrink_to_fit();
    pairs
}

/// Diff one gap: trim its common prefix and suffix, then run the algorithm on the rest.
pub(super) fn diff_gap<T: Eq + std::hash::Hash>(
    old: &[T],
    new: &[T],
    o: Range<usize>,
    n: Range<usize>,
    algorithm: Algorithm,
    deadline: Option<Instant>,
) -> Vec<Op> {
    diff_gap_with(old, new, o, n, algorithm.similar(), deadline, DISCARD_MIN)
}

/// As [`diff_gap`], with `similar`'s algorithm given, setting aside unmatched tokens
/// ([`Kept`]) in gaps of `discard_min` tokens or more (tests set it low).
pub(super) fn diff_gap_with<T: Eq + std::hash::Hash>(
    old: &[T],
    new: &[T],
    o: Range<usize>,
    n: Range<usize>,
    algorithm: similar::Algorithm,
    deadline: Option<Instant>,
    discard_min: usize,
) -> Vec<Op> {
    let (a, b) = (&old[o.clone()], &new[n.clone()]);
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (os, ns) = (o.start + prefix, n.start + prefix);
    let (oe, ne) = (o.end - suffix, n.end - suffix);
    let mut ops = Vec::new();
    push(&mut ops, OpTag::Equal, o.start..os, n.start..ns);
    if os == oe {
        push(&mut ops, OpTag::Insert, os..os, ns..ne);
    } else if ns == ne {
        push(&mut ops, OpTag::Delete, os..oe, ns..ns);
    } else {
        // A small gap finishes in well under a millisecond: spare it the clock reads the
        // deadline costs at every step (unless the deadline has passed).
        let small = (oe - os) + (ne - ns) <= SMALL_GAP;
        let deadline = deadline.filter(|&d| !small || Instant::now() >= d);
        if (oe - os) + (ne - ns) >= discard_min
            && let Some(kept) = Kept::of(old, os..oe, new, ns..ne)
        {
            kept.diff(old, new, algorithm, deadline, &mut ops);
            push(&mut ops, OpTag::Equal, oe..o.end, ne..n.end);
            return ops;
        }
        let found = capture(algorithm, old, os..oe, new, ns..ne, deadline);
        if matches!(
            algorithm,
            similar::Algorithm::Myers | similar::Algorithm::RawMyers
        ) {
            for op in found {
                push(&mut ops, op.tag, op.old_range(), op.new_range());
            }
        } else {
            // Patience and histogram can leave a change region that deletes and inserts the
            // same token (`similar`'s histogram on `a c a` against `c`): such a region is solved
            // again exactly, so that their scripts stay locally minimal.
            for op in found {
                let (x, y) = (op.old_range(), op.new_range());
                if op.tag == OpTag::Replace && shares_a_token(&old[x.clone()], &new[y.clone()]) {
                    for o in capture(similar::Algorithm::Myers, old, x, new, y, deadline) {
                        push(&mut ops, o.tag, o.old_range(), o.new_range());
                    }
                } else {
                    push(&mut ops, op.tag, x, y);
                }
            }
        }
    }
    push(&mut ops, OpTag::Equal, oe..o.end, ne..n.end);
    ops
}

/// Gaps of at least this many tokens (both sides) first set aside the tokens that occur
/// nowhere on the other side ([`Kept`]).
const DISCARD_MIN: usize = 1 << 16;

/// The tokens of a gap that may occur on the other side. The others can never be equal to
/// anything, so the edit script of the kept tokens alone, spread back over the gap, is as
/// short as the whole gap's (as xdiff discards unmatched lines). This is the cheap part of
/// what `similar` does before Myers on long inputs, with bit sets in place of its table of
/// every item: on 1M distinct tokens against 1M others, that table took 200 MB, and there is
/// nothing to diff.
struct Kept {
    /// Indices (into the whole sequences) of the kept tokens of each side, in order.
    old: Vec<u32>,
    new: Vec<u32>,
    old_range: Range<usize>,
    new_range: Range<usize>,
}

impl Kept {
    /// Rounds of setting aside, each over the tokens the last one kept: a token is kept when
    /// its hash's bit is some token's of the other side (8 to 16 bits a token: kept wrongly
    /// one time in 8 to 16, then mostly set aside by the next round, which hashes afresh;
    /// on 1M distinct tokens against 1M others, 16 bits peaked at 63 MB, 8 at 59). `None`
    /// when the first round sets too few aside for it to pay.
    fn of<T: std::hash::Hash>(
        old: &[T],
        o: Range<usize>,
        new: &[T],
        n: Range<usize>,
    ) -> Option<Kept> {
        // Round 0 reads the gap's ranges; later rounds, the lists the last one kept.
        let total = o.len() + n.len();
        let (mut kept_old, mut kept_new) =
            Round::new(total, 0).split(old, o.clone(), new, n.clone());
        if kept_old.len() + kept_new.len() > total - total / 8 {
            return None;
        }
        for seed in 1..8 {
            if kept_old.is_empty() || kept_new.is_empty() {
                // Nothing can be equal.
                kept_old.clear();
                kept_new.clear();
                break;
            }
            let total = kept_old.len() + kept_new.len();
            fn at(k: &[u32]) -> impl Iterator<Item = usize> + Clone + '_ {
                k.iter().map(|&i| i as usize)
            }
            (kept_old, kept_new) =
                Round::new(total, seed).split(old, at(&kept_old), new, at(&kept_new));
            if kept_old.len() + kept_new.len() > total - total / 8 {
                break;
            }
        }
        kept_old.shrink_to_fit();
        kept_new.shrink_to_fit();
        Some(Kept {
            old: kept_old,
            new: kept_new,
            old_range: o,
            new_range: n,
        })
    }

    /// Diff the kept tokens and append the gap's script to `ops`: the kept tokens' equal
    /// pairs, every other token deleted or inserted.
    fn diff<T: Eq + std::hash::Hash>(
        self,
        old: &[T],
        new: &[T],
        algorithm: similar::Algorithm,
        deadline: Option<Instant>,
        ops: &mut Vec<Op>,
    ) {
        let ka: Vec<&T> = self.old.iter().map(|&i| &old[i as usize]).collect();
        let kb: Vec<&T> = self.new.iter().map(|&j| &new[j as usize]).collect();
        let found =
            similar::capture_diff_deadline(algorithm, &ka, 0..ka.len(), &kb, 0..kb.len(), deadline);
        drop((ka, kb));
        let (mut i, mut j) = (self.old_range.start, self.new_range.start);
        for op in found {
            let similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            else {
                continue;
            };
            for k in 0..len {
                let (x, y) = (
                    self.old[old_index + k] as usize,
                    self.new[new_index + k] as usize,
                );
                push(ops, OpTag::Delete, i..x, j..j);
                push(ops, OpTag::Insert, x..x, j..y);
                push(ops, OpTag::Equal, x..x + 1, y..y + 1);
                (i, j) = (x + 1, y + 1);
            }
        }
        let (oe, ne) = (self.old_range.end, self.new_range.end);
        push(ops, OpTag::Delete, i..oe, j..j);
        push(ops, OpTag::Insert, oe..oe, j..ne);
    }
}

/// One round of [`Kept::of`]: bit sets of 8 to 16 bits a token, hashed with the round's seed.
struct Round {
    seed: u64,
    shift: u32,
    words: usize,
}

impl Round {
    fn new(tokens: usize, seed: u64) -> Round {
        let bits = (tokens * 8).next_power_of_two().max(64);
        Round {
            seed,
            shift: 64 - bits.trailing_zeros(),
            words: bits / 64,
        }
    }

    /// The bit of `t`: the top bits of a multiplicative mix (Fx alone leaves integers' low
    /// bits weak).
    #[inline]
    fn bit<T: std::hash::Hash>(&self, t: &T) -> u64 {
        use std::hash::BuildHasher;
        let h = rustc_hash::FxBuildHasher.hash_one((self.seed, t));
        (h ^ h >> 32).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift
    }

    /// The tokens at `o` of `old` and at `n` of `new` whose bit a token of the other side
    /// shares, as indices.
    fn split<T: std::hash::Hash>(
        &self,
        old: &[T],
        o: impl Iterator<Item = usize> + Clone,
        new: &[T],
        n: impl Iterator<Item = usize> + Clone,
    ) -> (Vec<u32>, Vec<u32>) {
        let (in_old, in_new) = (self.set(old, o.clone()), self.set(new, n.clone()));
        (self.sharing(old, o, &in_new), self.sharing(new, n, &in_old))
    }

    /// The bits of the tokens at `at` of `seq`.
    fn set<T: std::hash::Hash>(&self, seq: &[T], at: impl Iterator<Item = usize>) -> Vec<u64> {
        let mut set = vec![0u64; self.words];
        for i in at {
            let b = self.bit(&seq[i]);
            set[(b / 64) as usize] |= 1 << (b % 64);
        }
        set
    }

    /// The tokens at `at` of `seq` whose bit is in `set`.
    fn sharing<T: std::hash::Hash>(
        &self,
        seq: &[T],
        at: impl Iterator<Item = usize>,
        set: &[u64],
    ) -> Vec<u32> {
        at.filter(|&i| {
            let b = self.bit(&seq[i]);
            set[(b / 64) as usize] & (1 << (b % 64)) != 0
        })
        .map(|i| i as u32)
        .collect()
    }
}

/// Append an op, dropping empty ones and merging it with the previous one when they are
/// adjacent changes (a delete next to an insert is one replace).
/// `similar`'s script of `old[o]` against `new[n]`, as merged ops (adjacent changes one region).
fn capture<T: Eq + std::hash::Hash>(
    algorithm: similar::Algorithm,
    old: &[T],
    o: Range<usize>,
    new: &[T],
    n: Range<usize>,
    deadline: Option<Instant>,
) -> Vec<Op> {
    let mut ops = Vec::new();
    for op in similar::capture_diff_deadline(algorithm, old, o, new, n, deadline) {
        let (tag, x, y) = op.as_tag_tuple();
        let tag = match tag {
            similar::DiffTag::Equal => OpTag::Equal,
            similar::DiffTag::Delete => OpTag::Delete,
            similar::DiffTag::Insert => OpTag::Insert,
            similar::DiffTag::Replace => OpTag::Replace,
        };
        push(&mut ops, tag, x, y);
    }
    ops
}

/// Whether any token of `a` is also in `b`.
fn shares_a_token<T: Eq + std::hash::Hash>(a: &[T], b: &[T]) -> bool {
    let set: std::collections::HashSet<&T> = a.iter().collect();
    b.iter().any(|t| set.contains(t))
}

pub(super) fn push(ops: &mut Vec<Op>, tag: OpTag, old: Range<usize>, new: Range<usize>) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    if let Some(last) = ops.last_mut()
        && last.old_range().end == old.start
        && last.new_range().end == new.start
    {
        let merged = match (last.tag, tag) {
            (OpTag::Equal, OpTag::Equal) => Some(OpTag::Equal),
            (OpTag::Equal, _) | (_, OpTag::Equal) => None,
            _ => {
                let o = last.old_range().start..old.end;
                let n = last.new_range().start..new.end;
                Some(match (o.is_empty(), n.is_empty()) {
                    (true, _) => OpTag::Insert,
                    (_, true) => OpTag::Delete,
                    _ => OpTag::Replace,
                })
            }
        };
        if let Some(t) = merged {
            *last = Op::of(
                t,
                last.old_range().start..old.end,
                last.new_range().start..new.end,
            );
            return;
        }
    }
    ops.push(Op::of(tag, old, new));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiles(ops: &[Op], a: usize, b: usize) {
        let (mut i, mut j) = (0, 0);
        for op in ops {
            let (o, n) = (op.old_range(), op.new_range());
            assert_eq!(o.start, i);
            assert_eq!(n.start, j);
            assert!(!o.is_empty() || !n.is_empty());
            i = o.end;
            j = n.end;
        }
        assert_eq!((i, j), (a, b));
    }

    #[test]
    fn trims_and_tiles() {
        let a = [1, 2, 3, 4, 5];
        let b = [1, 2, 9, 4, 5, 6];
        let (ops, approx) = diff_ids(&a, &b, Algorithm::Myers, None);
        assert!(!approx);
        tiles(&ops, 5, 6);
        assert_eq!(ops[1].tag, OpTag::Replace);
        let (ops, _) = diff_ids(&[], &b, Algorithm::Myers, None);
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].tag, OpTag::Insert);
        let (ops, _) = diff_ids(&a, &a, Algorithm::Histogram, None);
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].tag, OpTag::Equal);
    }

    #[test]
    fn anchored_matches_plain_on_local_changes() {
        // 100k distinct tokens with a few local edits: anchoring finds the same minimal script.
        let a: Vec<u32> = (0..100_000).collect();
        let mut b = a.clone();
        b[100] = 200_000;
        b.remove(5000);
        b.insert(7000, 200_001);
        b.swap(8000, 8001);
        let (x, _) = diff_ids_with(&a, &b, Algorithm::Myers, None, true);
        let (y, _) = diff_ids_with(&a, &b, Algorithm::Myers, None, false);
        tiles(&x, a.len(), b.len());
        assert_eq!(edit_count(&x), edit_count(&y));
        assert!(x.len() > 5);
    }

    #[test]
    fn long_chunks_are_cut_even_outside_runs() {
        // Anchors every 300 tokens a side, none inside a run of matching tokens (as in a
        // permutation): the texts are still cut once a chunk reaches CHUNK_MAX.
        let chosen: Vec<(u32, u32)> = (1..100).map(|k| (k * 300, k * 300)).collect();
        let gaps = cut_gaps(&chosen, 30_000, 30_000, |_, _| false);
        assert!(gaps.len() > 10, "{} gaps", gaps.len());
        assert!(
            gaps.iter()
                .all(|(o, n)| o.len() + n.len() <= CHUNK_MAX + 600)
        );
        // Where every anchor is sure, each one past CHUNK tokens cuts.
        assert!(cut_gaps(&chosen, 30_000, 30_000, |_, _| true).len() >= 99);
    }

    #[test]
    fn lis() {
        let p = [(3, 0), (1, 1), (2, 2), (0, 3), (4, 4)];
        assert_eq!(longest_increasing(p.to_vec()), vec![(1, 1), (2, 2), (4, 4)]);
    }

    proptest::proptest! {
        /// The run kept in place is a subsequence of the pairs, strictly increasing, and as
        /// long as the longest (by the quadratic recurrence).
        #[test]
        fn longest_increasing_run_is_longest(keys in proptest::collection::vec(0u32..40, 0..80)) {
            let pairs: Vec<(u32, u32)> = (0..).zip(keys.iter().copied()).map(|(j, k)| (k, j)).collect();
            let run = longest_increasing(pairs.clone());
            proptest::prop_assert!(run.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
            proptest::prop_assert!(run.iter().all(|&(k, j)| pairs[j as usize] == (k, j)));
            let mut best = vec![1usize; keys.len()];
            for i in 0..keys.len() {
                for h in 0..i {
                    if keys[h] < keys[i] {
                        best[i] = best[i].max(best[h] + 1);
                    }
                }
            }
            proptest::prop_assert_eq!(run.len(), best.iter().copied().max().unwrap_or(0));
        }
    }
}
