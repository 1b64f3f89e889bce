//! The multiple-alignment engine: witnesses (as interned unit ids) merged one by one into a
//! growing sequence of columns — a linearized variant graph, where a column holds every reading
//! seen at that rank — in a canonical order that depends only on the witnesses' contents.
//!
//! Each merge aligns the new witness against the columns, region by region: anchors are ids
//! unique in both sides of a region (patience) with a matching neighbour, plus — in a long
//! region — ids unique within a window around the current offset between the two sides (so a
//! text that repeats itself still anchors, and coincidental unique ids far apart are outvoted),
//! chained by a longest increasing subsequence. The gaps between anchors are aligned
//! recursively; a small region without anchors is solved by a weighted dynamic programme
//! (content words weigh more than frequent words, which weigh more than punctuation). No
//! quadratic table is ever built for a long region.

use rustc_hash::FxHashMap;

/// Above this many cells (tokens × columns), a region is never solved by dynamic programming.
const DP_LIMIT: usize = 1 << 20;

/// Match weight classes: a match of a rare content word counts more than a match of a frequent
/// word, which counts more than a match of punctuation.
pub(crate) const W_PUNCT: u32 = 1;
pub(crate) const W_FREQUENT: u32 = 2;
pub(crate) const W_CONTENT: u32 = 3;

/// One column: the ids seen in it and, per witness (in merge order), the unit in it.
#[derive(Clone, Debug)]
struct Col {
    ids: Vec<u32>,
    units: Vec<Option<u32>>,
}

/// Align `wits` (unit ids per witness) in the order `order` (indices into `wits`). Returns
/// columns, each with one entry per witness in the order of `wits`, and whether `deadline`
/// was reached (then some gaps were left to columns of their own).
pub(crate) fn align(
    wits: &[&[u32]],
    order: &[usize],
    weight: &[u32],
    near: Option<&dyn Fn(u32, u32) -> bool>,
    deadline: Option<std::time::Instant>,
) -> (Vec<Vec<Option<u32>>>, bool) {
    let mut late = false;
    let n = wits.len();
    let mut cols: Vec<Col> = Vec::new();
    for (k, &w) in order.iter().enumerate() {
        let ids = wits[w];
        if k == 0 {
            cols = ids
                .iter()
                .enumerate()
                .map(|(i, &id)| Col {
                    ids: vec![id],
                    units: vec![Some(i as u32)],
                })
                .collect();
            continue;
        }
        let (matches, out_of_time) = match_witness(ids, &cols, weight, deadline);
        late |= out_of_time;
        cols = merge(cols, ids, &matches, k, near);
    }
    // Reorder each column's cells from merge order back to the given order.
    let table = cols
        .into_iter()
        .map(|c| {
            let mut cells = vec![None; n];
            for (k, &w) in order.iter().enumerate() {
                cells[w] = c.units.get(k).copied().flatten();
            }
            cells
        })
        .collect();
    (table, late)
}

/// Put witness `ids` into `cols` given the matched pairs (token, column), both increasing.
fn merge(
    cols: Vec<Col>,
    ids: &[u32],
    matches: &[(u32, u32)],
    k: usize,
    near: Option<&dyn Fn(u32, u32) -> bool>,
) -> Vec<Col> {
    let mut out: Vec<Col> = Vec::with_capacity(cols.len() + ids.len() / 8 + 1);
    let mut cols = cols.into_iter();
    let (mut ti, mut ci) = (0usize, 0usize);
    let place = |out: &mut Vec<Col>, gap_cols: Vec<Col>, toks: std::ops::Range<usize>| {
        let q = toks.len();
        let p = gap_cols.len();
        if let Some(near) = near.filter(|_| p > 0 && q > 0 && p * q <= DP_LIMIT) {
            let pairs = near_pairs(&gap_cols, &ids[toks.clone()], near);
            let (mut a, mut b) = (0usize, 0usize);
            let mut gap_cols = gap_cols.into_iter();
            for (x, y) in pairs.into_iter().chain(std::iter::once((q, p))) {
                while a < x {
                    out.push(new_col(ids[toks.start + a], toks.start + a, k));
                    a += 1;
                }
                while b < y {
                    let mut c = gap_cols.next().expect("gap column");
                    c.units.push(None);
                    out.push(c);
                    b += 1;
                }
                if x < q {
                    let mut c = gap_cols.next().expect("gap column");
                    join(&mut c, ids[toks.start + x], toks.start + x);
                    out.push(c);
                    a += 1;
                    b += 1;
                }
            }
            return;
        }
        // Left-aligned: the i-th unmatched token shares the i-th unmatched column (as ranks
        // in a variant graph would place them); extra tokens get columns of their own.
        let mut t = toks.start;
        for mut c in gap_cols {
            if t < toks.end {
                join(&mut c, ids[t], t);
                t += 1;
            } else {
                c.units.push(None);
            }
            out.push(c);
        }
        while t < toks.end {
            out.push(new_col(ids[t], t, k));
            t += 1;
        }
    };
    for &(t, c) in matches.iter().chain(std::iter::once(&(
        ids.len() as u32,
        u32::MAX, // sentinel: take all remaining columns
    ))) {
        let (t, c) = (t as usize, c as usize);
        let gap_cols: Vec<Col> = if c == u32::MAX as usize {
            cols.by_ref().collect()
        } else {
            cols.by_ref().take(c - ci).collect()
        };
        place(&mut out, gap_cols, ti..t);
        if t < ids.len() {
            let mut col = cols.next().expect("matched column");
            col.units.push(Some(t as u32));
            out.push(col);
            ti = t + 1;
            ci = c + 1;
        }
    }
    out
}

fn new_col(id: u32, t: usize, k: usize) -> Col {
    let mut units = vec![None; k];
    units.push(Some(t as u32));
    Col {
        ids: vec![id],
        units,
    }
}

fn join(c: &mut Col, id: u32, t: usize) {
    if !c.ids.contains(&id) {
        c.ids.push(id);
    }
    c.units.push(Some(t as u32));
}

/// Pairs (token, column) of near matches in a gap, increasing, by a small DP that maximizes
/// their number. Every token stays in the output either way.
fn near_pairs(cols: &[Col], ids: &[u32], near: &dyn Fn(u32, u32) -> bool) -> Vec<(usize, usize)> {
    let (q, p) = (ids.len(), cols.len());
    let ok = |i: usize, j: usize| cols[j].ids.iter().any(|&c| near(c, ids[i]));
    let w = p + 1;
    let mut dp = vec![0u32; (q + 1) * w];
    let mut okm = vec![false; q * p];
    for i in (0..q).rev() {
        for j in (0..p).rev() {
            let m = ok(i, j);
            okm[i * p + j] = m;
            let mut best = dp[(i + 1) * w + j].max(dp[i * w + j + 1]);
            if m {
                best = best.max(1 + dp[(i + 1) * w + j + 1]);
            }
            dp[i * w + j] = best;
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < q && j < p {
        if okm[i * p + j] && dp[i * w + j] == 1 + dp[(i + 1) * w + j + 1] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if dp[(i + 1) * w + j] >= dp[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Positions of each id in a sequence, as a compressed index: `pos[off[id]..off[id + 1]]`.
struct Postings {
    off: FxHashMap<u32, (u32, u32)>,
    pos: Vec<u32>,
}

impl Postings {
    fn build<'a>(items: impl Iterator<Item = (u32, &'a [u32])> + Clone) -> Self {
        let mut count: FxHashMap<u32, u32> = FxHashMap::default();
        for (_, ids) in items.clone() {
            for &id in ids {
                *count.entry(id).or_default() += 1;
            }
        }
        let mut off: FxHashMap<u32, (u32, u32)> = FxHashMap::default();
        let mut total = 0u32;
        // Offsets are assigned in first-occurrence order, so nothing depends on id values.
        for (_, ids) in items.clone() {
            for &id in ids {
                off.entry(id).or_insert_with(|| {
                    let s = total;
                    total += count[&id];
                    (s, s)
                });
            }
        }
        let mut pos = vec![0u32; total as usize];
        for (p, ids) in items {
            for &id in ids {
                let e = off.get_mut(&id).expect("counted");
                pos[e.1 as usize] = p;
                e.1 += 1;
            }
        }
        Postings { off, pos }
    }

    /// Sorted positions of `id`.
    fn of(&self, id: u32) -> &[u32] {
        match self.off.get(&id) {
            Some(&(s, e)) => &self.pos[s as usize..e as usize],
            None => &[],
        }
    }

    /// Positions of `id` within `range`.
    fn within(&self, id: u32, lo: u32, hi: u32) -> &[u32] {
        let p = self.of(id);
        let a = p.partition_point(|&x| x < lo);
        let b = p.partition_point(|&x| x < hi);
        &p[a..b]
    }
}

struct Matcher<'a> {
    deadline: Option<std::time::Instant>,
    late: bool,
    ids: &'a [u32],
    cols: &'a [Col],
    weight: &'a [u32],
    wpost: Postings,
    cpost: Postings,
    out: Vec<(u32, u32)>,
}

/// Matched pairs (token index, column index), strictly increasing in both.
fn match_witness(
    ids: &[u32],
    cols: &[Col],
    weight: &[u32],
    deadline: Option<std::time::Instant>,
) -> (Vec<(u32, u32)>, bool) {
    let wpost = Postings::build(
        ids.iter()
            .enumerate()
            .map(|(i, id)| (i as u32, std::slice::from_ref(id))),
    );
    let cpost = Postings::build(
        cols.iter()
            .enumerate()
            .map(|(j, c)| (j as u32, c.ids.as_slice())),
    );
    let mut m = Matcher {
        deadline,
        late: false,
        ids,
        cols,
        weight,
        wpost,
        cpost,
        out: Vec::new(),
    };
    m.region(0, ids.len() as u32, 0, cols.len() as u32);
    m.slide();
    (m.out, m.late)
}

impl Matcher<'_> {
    fn is_match(&self, i: u32, j: u32) -> bool {
        self.cols[j as usize].ids.contains(&self.ids[i as usize])
    }

    fn region(&mut self, mut i0: u32, mut i1: u32, mut j0: u32, mut j1: u32) {
        // Common prefix and suffix.
        while i0 < i1 && j0 < j1 && self.is_match(i0, j0) {
            self.out.push((i0, j0));
            i0 += 1;
            j0 += 1;
        }
        let mut suffix = Vec::new();
        while i0 < i1 && j0 < j1 && self.is_match(i1 - 1, j1 - 1) {
            i1 -= 1;
            j1 -= 1;
            suffix.push((i1, j1));
        }
        if i0 < i1 && j0 < j1 {
            self.inner(i0, i1, j0, j1);
        }
        self.out.extend(suffix.into_iter().rev());
    }

    fn inner(&mut self, i0: u32, i1: u32, j0: u32, j1: u32) {
        let (m, n) = ((i1 - i0) as usize, (j1 - j0) as usize);
        let small = m.saturating_mul(n) <= DP_LIMIT;
        let mut cand = self.unique_anchors(i0, i1, j0, j1);
        if !small {
            // In a long region a few ids unique on both sides may be coincidences far apart
            // (the same spelling change made at two different places); anchors found by
            // tracking the offset outvote them in the chain.
            cand.extend(self.diagonal_anchors(i0, i1, j0, j1));
            cand.sort_unstable();
            cand.dedup_by_key(|p| p.0);
        }
        let anchors = lis(cand);
        if anchors.is_empty() {
            if small && !self.out_of_time() {
                self.dp(i0, i1, j0, j1);
            }
            return;
        }
        let (mut pi, mut pj) = (i0, j0);
        for (i, j) in anchors {
            self.region(pi, i, pj, j);
            self.out.push((i, j));
            pi = i + 1;
            pj = j + 1;
        }
        self.region(pi, i1, pj, j1);
    }

    /// Prefer the longest common block over the first occurrence: where a match stands just
    /// before a gap on one side and the same token ends that gap, move the match to the end
    /// of the gap when that joins it to a longer run of matches after the gap (`the cat and
    /// the dog` / `the dog`: `the dog` is one block, not `the … dog`).
    fn slide(&mut self) {
        let n = self.out.len();
        if n < 2 {
            return;
        }
        // Length of the run of consecutive matches ending at each match (matches before `k`
        // never move before `k` is visited) and starting at each match (kept up to date as
        // matches after `k` move): linear, where counting each run afresh was quadratic in
        // the length of long agreeing runs.
        let step = |a: (u32, u32), b: (u32, u32)| b.0 == a.0 + 1 && b.1 == a.1 + 1;
        let mut ending = vec![1usize; n];
        for x in 1..n {
            if step(self.out[x - 1], self.out[x]) {
                ending[x] = ending[x - 1] + 1;
            }
        }
        let mut starting = vec![1usize; n];
        let mut k = n - 1;
        while k > 0 {
            k -= 1;
            let (i, j) = self.out[k];
            let (i2, j2) = self.out[k + 1];
            let (left, right) = (ending[k], starting[k + 1]);
            let moved = if right < left {
                None
            } else if i2 == i + 1 && j2 > j + 1 && self.is_match(i, j2 - 1) {
                Some((i, j2 - 1))
            } else if j2 == j + 1 && i2 > i + 1 && self.ids[i2 as usize - 1] == self.ids[i as usize]
            {
                Some((i2 - 1, j))
            } else {
                None
            };
            if let Some(m) = moved {
                self.out[k] = m;
            }
            starting[k] = if step(self.out[k], self.out[k + 1]) {
                right + 1
            } else {
                1
            };
        }
    }

    /// True once the deadline has passed (checked only before the quadratic step).
    fn out_of_time(&mut self) -> bool {
        if !self.late
            && self
                .deadline
                .is_some_and(|d| std::time::Instant::now() >= d)
        {
            self.late = true;
        }
        self.late
    }

    /// True when a neighbour of the pair (i, j) matches too: a lone coincidence (the same typo
    /// made at two different places) is not trusted as an anchor.
    fn in_context(&self, i: u32, j: u32, i0: u32, i1: u32, j0: u32, j1: u32) -> bool {
        (i > i0 && j > j0 && self.is_match(i - 1, j - 1))
            || (i + 1 < i1 && j + 1 < j1 && self.is_match(i + 1, j + 1))
            || (i1 - i0 == 1 || j1 - j0 == 1)
    }

    /// Pairs of ids that occur once among the tokens and in one column of the region.
    fn unique_anchors(&self, i0: u32, i1: u32, j0: u32, j1: u32) -> Vec<(u32, u32)> {
        let mut cand = Vec::new();
        for i in i0..i1 {
            let id = self.ids[i as usize];
            if self.wpost.within(id, i0, i1).len() != 1 {
                continue;
            }
            let c = self.cpost.within(id, j0, j1);
            if c.len() == 1 && self.in_context(i, c[0], i0, i1, j0, j1) {
                cand.push((i, c[0]));
            }
        }
        cand
    }

    /// For a large region without unique ids (a text that repeats itself): walk the tokens
    /// keeping track of the current offset between token and column positions, and take as
    /// anchors the tokens that occur once within a window around that offset on both sides.
    /// The offset follows each anchor, so insertions and deletions do not make it drift; when
    /// it is lost for long, it falls back to the region's diagonal.
    fn diagonal_anchors(&self, i0: u32, i1: u32, j0: u32, j1: u32) -> Vec<(u32, u32)> {
        const WINDOW: i64 = 160;
        let slope = (j1 - j0) as f64 / (i1 - i0) as f64;
        let mut off: i64 = j0 as i64 - i0 as i64;
        let mut last_hit = i0 as i64;
        let mut cand = Vec::new();
        for i in i0..i1 {
            let id = self.ids[i as usize];
            if i as i64 - last_hit > 4 * WINDOW {
                // Lost: re-synchronize on the diagonal.
                off = (j0 as f64 + (i - i0) as f64 * slope) as i64 - i as i64;
                last_hit = i as i64;
            }
            let exp = i as i64 + off;
            let lo = (exp - WINDOW).clamp(j0 as i64, j1 as i64) as u32;
            let hi = (exp + WINDOW + 1).clamp(j0 as i64, j1 as i64) as u32;
            if lo >= hi {
                continue;
            }
            let c = self.cpost.within(id, lo, hi);
            if c.len() != 1 {
                continue;
            }
            let wlo = (i as i64 - WINDOW).max(i0 as i64) as u32;
            let whi = (i as i64 + WINDOW + 1).min(i1 as i64) as u32;
            if self.wpost.within(id, wlo, whi).len() != 1 {
                continue;
            }
            if !self.in_context(i, c[0], i0, i1, j0, j1) {
                continue;
            }
            cand.push((i, c[0]));
            off = c[0] as i64 - i as i64;
            last_hit = i as i64;
        }
        cand
    }

    /// Weighted LCS of a small region; the earliest best alignment wins ties.
    fn dp(&mut self, i0: u32, i1: u32, j0: u32, j1: u32) {
        let (m, n) = ((i1 - i0) as usize, (j1 - j0) as usize);
        let w = n + 1;
        let mut dp = vec![0u32; (m + 1) * w];
        for a in (0..m).rev() {
            let id = self.ids[i0 as usize + a];
            let wt = self.weight[id as usize];
            for b in (0..n).rev() {
                let mut best = dp[(a + 1) * w + b].max(dp[a * w + b + 1]);
                if self.cols[j0 as usize + b].ids.contains(&id) {
                    best = best.max(wt + dp[(a + 1) * w + b + 1]);
                }
                dp[a * w + b] = best;
            }
        }
        let (mut a, mut b) = (0, 0);
        while a < m && b < n {
            let id = self.ids[i0 as usize + a];
            let wt = self.weight[id as usize];
            if self.cols[j0 as usize + b].ids.contains(&id)
                && dp[a * w + b] == wt + dp[(a + 1) * w + b + 1]
            {
                self.out.push((i0 + a as u32, j0 + b as u32));
                a += 1;
                b += 1;
            } else if dp[(a + 1) * w + b] >= dp[a * w + b + 1] {
                a += 1;
            } else {
                b += 1;
            }
        }
    }
}

/// Longest subsequence of `pairs` (sorted by first element, firsts distinct) whose second
/// elements strictly increase. Ties resolve to the earliest pairs.
pub(crate) fn lis(pairs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    crate::diff::longest_increasing_by(pairs, |p| p.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lis_basic() {
        let p = [(0, 5), (1, 1), (2, 2), (3, 9), (4, 3)];
        assert_eq!(lis(p.to_vec()), vec![(1, 1), (2, 2), (4, 3)]);
    }

    #[test]
    fn two_witnesses() {
        let a = [0u32, 1, 2];
        let b = [0u32, 3, 2];
        let w = vec![W_CONTENT; 4];
        let (cols, _) = align(&[&a, &b], &[0, 1], &w, None, None);
        assert_eq!(cols.len(), 3);
        assert_eq!(cols[1], vec![Some(1), Some(1)]);
    }

    #[test]
    fn large_repeats_stay_diagonal() {
        // 40 repeats of a 50-token block: no unique ids anywhere.
        let block: Vec<u32> = (0..50).collect();
        let a: Vec<u32> = block.iter().cycle().take(2000).copied().collect();
        let mut b = a.clone();
        b.remove(1000);
        let w = vec![W_CONTENT; 50];
        let (cols, _) = align(&[&a, &b], &[0, 1], &w, None, None);
        assert_eq!(cols.len(), 2000);
        let both = cols
            .iter()
            .filter(|c| c[0].is_some() && c[1].is_some())
            .count();
        assert_eq!(both, 1999);
    }
}
