//! The dynamic programme over beads, optionally restricted to a band around a chain of
//! confident anchors.

use std::ops::Range;

use super::features::SentFeatures;

/// Bead shapes the aligner considers: (source sentences, target sentences).
pub const SHAPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
];

/// Bead sizes `(a + b) / 2` in [`SHAPES`] order.
const SIZE: [f64; 8] = [1.0, 0.5, 0.5, 1.5, 1.5, 2.0, 2.0, 2.0];

/// Tunable weights of the cost function (the defaults are what lectio uses).
#[derive(Clone, Debug)]
pub struct Weights {
    /// Gale–Church variance per character.
    pub variance: f64,
    /// Weight of the anchor similarity (Dice over shared anchor features).
    pub anchor: f64,
    /// Penalty per sentence of a bead (or gap) for its anchors that find no match on the
    /// other side (0 when all match or it has none).
    pub coverage: f64,
    /// Exponent of the bead size `(a + b) / 2` that scales the anchor bonus (0: none).
    pub size_scale: f64,
    /// Weight of the length cost of a gap (0-1 or 1-0 bead).
    pub gap_length: f64,
    /// Cap on that length cost.
    pub gap_cap: f64,
    /// Half width of the band around the first path for the second pass on long texts.
    pub refine_band: usize,
    /// Penalty (nats) for starting a paragraph on one side only.
    pub paragraph: f64,
    /// Prior cost (nats) of each bead shape, in [`SHAPES`] order.
    pub prior: [f64; 8],
    /// Above this many DP cells the search is banded.
    pub full_limit: usize,
    /// Half width of the band, in target sentences.
    pub band: usize,
    /// Cost (nats) of each further sentence of a gap run when gaps are re-placed
    /// ([`reanchor`]); opening a gap costs its prior.
    pub gap_extend: f64,
    /// Beads on each side of a gap run that [`reanchor`] may re-place (0: none).
    pub reanchor: usize,
    /// Prior cost (nats) of a bead larger than [`SHAPES`] built by [`merge_large`]
    /// (infinite: none).
    pub large_prior: f64,
    /// Weight (nats per word of evidence) of the lexical evidence learnt by IBM Model 1 for
    /// the second pass ([`super::lexical`]; 0: no lexical pass). Off by default: at 3 it
    /// raised strict F1 on the first half of align-dev (0.886 to 0.900) but not on the
    /// second (0.867 both), lowered it on align-dev repeated 26 times (0.869 to 0.861) and on
    /// Luke (0.995 to 0.994), and the pass cost half the alignment's time again.
    pub lexical: f64,
    /// Two neighbouring beads are merged by [`merge_crossing`] when the anchor weight that
    /// crosses between them (anchors of one bead's source found only in the other bead's
    /// target) reaches this (infinite: never). 10 was chosen on the first half of align-dev
    /// (strict F1 0.906 there from 8 to 12, 0.917 at 6, which costs Luke 0.995 -> 0.982).
    pub cross: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            variance: 6.8,
            anchor: 15.0,
            coverage: 2.0,
            size_scale: 0.5,
            gap_length: 0.0,
            gap_cap: 5.0,
            paragraph: 6.0,
            prior: [
                -(0.85f64).ln(),
                -(0.03f64).ln(),
                -(0.03f64).ln(),
                -(0.06f64).ln(),
                -(0.06f64).ln(),
                -(0.04f64).ln(),
                -(0.01f64).ln(),
                -(0.01f64).ln(),
            ],
            full_limit: 4_000_000,
            band: 45,
            refine_band: 12,
            gap_extend: 1.0,
            reanchor: 4,
            large_prior: 7.0,
            lexical: 0.0,
            cross: 10.0,
        }
    }
}

/// One side prepared for the DP.
pub struct Prepared<'a> {
    /// Per-sentence features.
    pub feats: &'a [SentFeatures],
    /// Paragraph of every sentence.
    pub paragraph: Vec<usize>,
    /// Union of features over windows of 1, 2 and 3 sentences starting at each index.
    windows: [Vec<Vec<u32>>; 3],
    /// Total anchor weight of each window.
    wsum: [Vec<f64>; 3],
    /// Document frequency weights are looked up here.
    len: Vec<f64>,
}

/// Feature weights: rarer features count more.
pub struct FeatureWeights {
    w: Vec<f64>,
}

impl FeatureWeights {
    /// Weights from document frequencies on both sides: `1 + ln(N / df)`.
    pub fn new(a: &[SentFeatures], b: &[SentFeatures]) -> Self {
        let max = a
            .iter()
            .chain(b)
            .flat_map(|s| s.feats.iter().copied())
            .max()
            .map_or(0, |x| x as usize + 1);
        let mut df = vec![0u32; max];
        for s in a.iter().chain(b) {
            for &f in &s.feats {
                df[f as usize] += 1;
            }
        }
        let n = (a.len() + b.len()).max(1) as f64;
        let w = df
            .into_iter()
            .map(|d| 1.0 + (n / f64::from(d.max(1))).ln())
            .collect();
        FeatureWeights { w }
    }

    #[inline]
    fn get(&self, f: u32) -> f64 {
        self.w.get(f as usize).copied().unwrap_or(1.0)
    }
}

impl<'a> Prepared<'a> {
    /// Prepare one side. `paragraph` may be all zeros (no paragraph information).
    pub fn new(feats: &'a [SentFeatures], paragraph: Vec<usize>, w: &FeatureWeights) -> Self {
        let n = feats.len();
        let mut windows: [Vec<Vec<u32>>; 3] = Default::default();
        let mut wsum: [Vec<f64>; 3] = Default::default();
        for k in 0..3 {
            for i in 0..n {
                let mut u: Vec<u32> = Vec::new();
                for s in feats.iter().skip(i).take(k + 1) {
                    u.extend_from_slice(&s.feats);
                }
                u.sort_unstable();
                u.dedup();
                wsum[k].push(u.iter().map(|&f| w.get(f)).sum());
                windows[k].push(u);
            }
        }
        Prepared {
            feats,
            paragraph,
            windows,
            wsum,
            len: feats.iter().map(|f| f.len).collect(),
        }
    }

    fn len_of(&self, r: Range<usize>) -> f64 {
        self.len[r].iter().sum()
    }

    fn same_paragraph(&self, r: &Range<usize>) -> bool {
        r.len() <= 1 || self.paragraph[r.start] == self.paragraph[r.end - 1]
    }

    /// Is position `i` (before sentence `i`) a paragraph boundary? The ends count.
    fn starts_paragraph(&self, i: usize) -> bool {
        i == 0 || i >= self.paragraph.len() || self.paragraph[i] != self.paragraph[i - 1]
    }
}

/// Everything the cost function needs for one pair.
pub struct Problem<'a> {
    /// The source side.
    pub src: &'a Prepared<'a>,
    /// The target side.
    pub tgt: &'a Prepared<'a>,
    /// Feature weights.
    pub fw: &'a FeatureWeights,
    /// Target characters per source character.
    pub ratio: f64,
    /// Whether paragraphs are hard boundaries (both sides have more than one).
    pub paragraphs: bool,
    /// Cost weights.
    pub weights: &'a Weights,
    /// Bead size factors `((a + b) / 2)^size_scale` in [`SHAPES`] order.
    pub size: [f64; 8],
    /// Lexical translation evidence (the second pass only).
    pub lex: Option<&'a super::lexical::Lexicon>,
}

/// Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf).
fn norm_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let y = 1.0
        - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736) * t
            + 0.254_829_592)
            * t
            * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + y)
    } else {
        0.5 * (1.0 - y)
    }
}

/// `-ln(2 (1 - Φ(z)))`, the Gale–Church cost of a length deviation `z ≥ 0` (floored at
/// probability 1e-12).
fn tail_cost(z: f64) -> f64 {
    let p = 2.0 * (1.0 - norm_cdf(z));
    -(p.max(1e-12)).ln()
}

/// Steps per unit of `z` in the table of [`tail_cost`].
const TAIL_STEPS: f64 = 64.0;
/// Past this `z` the cost is the floor's (`2 (1 - Φ(7.5)) < 1e-12`).
const TAIL_END: f64 = 7.5;

/// [`tail_cost`] from a table, linearly interpolated (within 1e-4 nats of it, 0.01 at the
/// floor's kink near z = 7.13, where the cost is 27.6 nats; the DP evaluates
/// it for every bead, and `exp` and `ln` were a tenth of the alignment's time).
fn tail_cost_table(z: f64) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let n = (TAIL_END * TAIL_STEPS) as usize;
        (0..=n + 1)
            .map(|k| tail_cost(k as f64 / TAIL_STEPS))
            .collect()
    });
    let x = z * TAIL_STEPS;
    if x.is_nan() || x >= TAIL_END * TAIL_STEPS {
        return tail_cost(TAIL_END);
    }
    let k = x as usize;
    let f = x - k as f64;
    t[k] + (t[k + 1] - t[k]) * f
}

impl Problem<'_> {
    /// Bead size factors for `weights`.
    pub fn sizes(weights: &Weights) -> [f64; 8] {
        SIZE.map(|x| x.powf(weights.size_scale))
    }

    /// Gale–Church length cost of `l1` source against `l2` target characters.
    pub fn length_cost(&self, l1: f64, l2: f64) -> f64 {
        let l1s = l1 * self.ratio;
        let mean = (l1s + l2) / 2.0;
        let delta = (l2 - l1s) / (self.weights.variance * mean + 1.0).sqrt();
        tail_cost_table(delta.abs())
    }

    /// Sum over the sentences of `s` and `t` of the unmatched share of their anchor weight.
    /// `union_shared` is the weight shared by the two windows, when computed: a side of one
    /// sentence then needs no further merge.
    fn uncovered(&self, s: Range<usize>, t: Range<usize>, union_shared: Option<f64>) -> f64 {
        let mut u = 0.0;
        let tu = (!t.is_empty()).then(|| &self.tgt.windows[t.len() - 1][t.start]);
        let su = (!s.is_empty()).then(|| &self.src.windows[s.len() - 1][s.start]);
        for (side, range, other) in [(self.src, s, tu), (self.tgt, t, su)] {
            let single = range.len() == 1;
            for i in range {
                let w = side.wsum[0][i];
                if w > 0.0 {
                    let m = match (other, union_shared) {
                        (None, _) => 0.0,
                        (Some(_), Some(m)) if single => m,
                        (Some(o), _) => self.shared(&side.windows[0][i], o),
                    };
                    u += 1.0 - m / w;
                }
            }
        }
        u
    }

    /// Total weight of the features in both sorted lists. The merge advances without a
    /// branch on the comparison (it was the alignment's hottest loop, and its branches are
    /// unpredictable); only the rare equal pair branches.
    fn shared(&self, a: &[u32], b: &[u32]) -> f64 {
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            let (x, y) = (a[i], b[j]);
            if x == y {
                shared += self.fw.get(x);
            }
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        shared
    }

    /// Cost of the bead `s`:`t` (at least one side non-empty), or `None` if not allowed.
    pub fn bead_cost(&self, shape: usize, s: Range<usize>, t: Range<usize>) -> Option<f64> {
        self.bead_cost_below(shape, s, t, f64::INFINITY)
    }

    /// As [`Problem::bead_cost`], but may return `None` early when the cost cannot be below
    /// `bound`.
    fn bead_cost_below(
        &self,
        shape: usize,
        s: Range<usize>,
        t: Range<usize>,
        bound: f64,
    ) -> Option<f64> {
        if self.paragraphs && !(self.src.same_paragraph(&s) && self.tgt.same_paragraph(&t)) {
            return None;
        }
        let w = self.weights;
        let size = self.size[shape];
        // The Dice similarity is at most 2·min/(sum) of the two sides' anchor weights; every
        // other term adds. So a bead whose prior minus that best bonus cannot beat `bound` is
        // dropped before its length cost is computed (most beads of the band are).
        let max_bonus = if !s.is_empty() && !t.is_empty() {
            let (ws, wt) = (
                self.src.wsum[s.len() - 1][s.start],
                self.tgt.wsum[t.len() - 1][t.start],
            );
            let max_sim = if ws + wt > 0.0 {
                2.0 * ws.min(wt) / (ws + wt)
            } else {
                0.0
            };
            w.anchor * size * max_sim + self.lex.map_or(0.0, |l| w.lexical * l.bound(&s, &t))
        } else {
            0.0
        };
        if w.prior[shape] - max_bonus >= bound {
            return None;
        }
        let l1 = self.src.len_of(s.clone());
        let l2 = self.tgt.len_of(t.clone());
        // A gap costs its prior and its unmatched anchors, not a length cost: Gale–Church's
        // length cost of a long sentence against nothing would make long omissions (a partial
        // translation) dearer than any misalignment.
        let length = if s.is_empty() || t.is_empty() {
            if w.gap_length > 0.0 {
                w.gap_length * self.length_cost(l1, l2).min(w.gap_cap)
            } else {
                0.0
            }
        } else {
            self.length_cost(l1, l2)
        };
        let mut cost = w.prior[shape] + length;
        if cost - max_bonus >= bound {
            return None;
        }
        let mut union_shared = None;
        if !s.is_empty() && !t.is_empty() {
            let (ws, wt) = (
                self.src.wsum[s.len() - 1][s.start],
                self.tgt.wsum[t.len() - 1][t.start],
            );
            if ws + wt > 0.0 {
                let m = self.shared(
                    &self.src.windows[s.len() - 1][s.start],
                    &self.tgt.windows[t.len() - 1][t.start],
                );
                union_shared = Some(m);
                cost -= w.anchor * size * 2.0 * m / (ws + wt);
            }
            // Not scaled by the bead's size: the evidence adds up over beads.
            if let Some(lex) = self.lex {
                cost -= w.lexical * lex.similarity(&s, &t);
            }
            if self.paragraphs
                && self.src.starts_paragraph(s.start) != self.tgt.starts_paragraph(t.start)
            {
                cost += w.paragraph;
            }
            if cost >= bound {
                // The coverage term only adds.
                return None;
            }
        } else if self.paragraphs {
            // A gap that opens a paragraph on its side while the other side is inside one:
            // paragraph synchrony is lost.
            let opens = if s.is_empty() {
                self.tgt.starts_paragraph(t.start) && !self.src.starts_paragraph(s.start)
            } else {
                self.src.starts_paragraph(s.start) && !self.tgt.starts_paragraph(t.start)
            };
            if opens {
                cost += w.paragraph;
            }
        }
        if w.coverage > 0.0 {
            cost += w.coverage * self.uncovered(s, t, union_shared);
        }
        Some(cost)
    }
}

/// For each source row `i` (0..=n) the allowed target columns `lo[i]..=hi[i]`.
pub struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Band {
    /// Every cell.
    pub fn full(n: usize, m: usize) -> Band {
        Band::from_bounds(vec![0; n + 1], vec![m; n + 1])
    }

    fn from_bounds(lo: Vec<usize>, hi: Vec<usize>) -> Band {
        let mut offset = Vec::with_capacity(lo.len() + 1);
        let mut acc = 0;
        for (l, h) in lo.iter().zip(&hi) {
            offset.push(acc);
            acc += h - l + 1;
        }
        offset.push(acc);
        Band { lo, hi, offset }
    }

    /// A band of half width `w` around the path through `anchors` (sorted, monotone points),
    /// always including (0, 0) and (n, m).
    pub fn around(n: usize, m: usize, anchors: &[(usize, usize)], w: usize) -> Band {
        let mut pts = vec![(0usize, 0usize)];
        pts.extend(anchors.iter().copied().filter(|&(i, j)| i <= n && j <= m));
        pts.push((n, m));
        let mut lo = vec![0; n + 1];
        let mut hi = vec![m; n + 1];
        let mut seg = 0;
        for i in 0..=n {
            while seg + 1 < pts.len() - 1 && pts[seg + 1].0 <= i {
                seg += 1;
            }
            let (i0, j0) = pts[seg];
            let (i1, j1) = pts[(seg + 1).min(pts.len() - 1)];
            let c = if i1 > i0 {
                j0 as f64 + (j1 as f64 - j0 as f64) * (i - i0) as f64 / (i1 - i0) as f64
            } else {
                j0 as f64
            };
            let c = c.round() as usize;
            lo[i] = c.saturating_sub(w);
            hi[i] = (c + w).min(m);
        }
        // Monotone bounds so every cell can be reached with the available shapes.
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        lo[0] = 0;
        hi[n] = m;
        for i in 1..=n {
            // Rows must overlap enough that a 1-1 or 1-0 step connects them.
            if lo[i] > hi[i - 1] {
                lo[i] = hi[i - 1];
            }
        }
        for i in 0..=n {
            if hi[i] < lo[i] {
                hi[i] = lo[i];
            }
        }
        Band::from_bounds(lo, hi)
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.offset[i] + j - self.lo[i])
    }

    /// Does the path of `beads` touch the band's edge somewhere other than the text's edges
    /// (a sign that the band was too narrow)?
    pub fn touched_by(&self, beads: &[(Range<usize>, Range<usize>)], m: usize) -> bool {
        beads.iter().any(|(s, t)| {
            let (i, j) = (s.end, t.end);
            (j == self.lo[i] && j > 0) || (j == self.hi[i] && j < m)
        })
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        *self.offset.last().unwrap_or(&0)
    }
}

/// Run the DP and return the beads as (source range, target range).
pub fn solve(p: &Problem<'_>, band: &Band) -> Vec<(Range<usize>, Range<usize>)> {
    let n = p.src.feats.len();
    let m = p.tgt.feats.len();
    let cells = band.cells();
    let mut cost = vec![f64::INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    if let Some(k) = band.index(0, 0) {
        cost[k] = 0.0;
    }
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let here = band.offset[i] + j - band.lo[i];
            let mut best = f64::INFINITY;
            let mut arg = u8::MAX;
            for (k, &(a, b)) in SHAPES.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(prev) = band.index(i - a, j - b) else {
                    continue;
                };
                let pc = cost[prev];
                if !pc.is_finite() {
                    continue;
                }
                if let Some(c) = p.bead_cost_below(k, i - a..i, j - b..j, best - pc) {
                    let total = pc + c;
                    if total < best {
                        best = total;
                        arg = k as u8;
                    }
                }
            }
            cost[here] = best;
            back[here] = arg;
        }
    }
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let k = band.index(i, j).map_or(u8::MAX, |x| back[x]);
        let (a, b) = if k == u8::MAX {
            // Unreachable corner (cannot happen with a connected band); fall back to a gap.
            if i > 0 { (1, 0) } else { (0, 1) }
        } else {
            SHAPES[k as usize]
        };
        beads.push((i - a..i, j - b..j));
        i -= a;
        j -= b;
    }
    beads.reverse();
    beads
}

/// A bead as (source range, target range).
pub type Path = Vec<(Range<usize>, Range<usize>)>;

fn is_gap(b: &(Range<usize>, Range<usize>)) -> bool {
    b.0.is_empty() || b.1.is_empty()
}

/// Re-place the gaps of `path` (omissions and additions) at the exact sentences.
///
/// The DP prices every sentence of a gap at the gap's prior, so near an omission it often
/// prefers a merge (a 2-1 bead) and a gap one sentence off to the run of gaps that really is
/// there. Around each run of gaps (with [`Weights::reanchor`] beads on each side) the window is
/// solved again with affine gap costs: opening a gap costs its prior, each further sentence of
/// the same run only [`Weights::gap_extend`]. The beads then pair on the strong matches on
/// either side and the omission is one run at its sentences.
pub fn reanchor(p: &Problem<'_>, path: Path) -> Path {
    let r = p.weights.reanchor;
    if r == 0 || !path.iter().any(is_gap) {
        return path;
    }
    let mut out: Path = Vec::with_capacity(path.len());
    // Beads of `out` before this index come from a re-solved window and stay.
    let mut frozen = 0;
    let mut k = 0;
    while k < path.len() {
        if !is_gap(&path[k]) {
            out.push(path[k].clone());
            k += 1;
            continue;
        }
        // The run: gaps no more than 2r beads apart.
        let mut last = k;
        let mut e = k + 1;
        while e < path.len() && e <= last + 2 * r {
            if is_gap(&path[e]) {
                last = e;
            }
            e += 1;
        }
        let end = (last + 1 + r).min(path.len());
        // Up to r beads already written go back into the window (never another window's).
        let back = r.min(out.len() - frozen);
        let start = k - back;
        out.truncate(out.len() - back);
        let window = &path[start..end];
        let s = window[0].0.start..window[window.len() - 1].0.end;
        let t = window[0].1.start..window[window.len() - 1].1.end;
        match solve_affine(p, s, t) {
            Some(local) => out.extend(local),
            None => out.extend_from_slice(window),
        }
        frozen = out.len();
        k = end;
    }
    out
}

/// The best path from (s.start, t.start) to (s.end, t.end) with affine gap costs, or `None`
/// when the window is too large to search (the caller keeps its path).
fn solve_affine(p: &Problem<'_>, s: Range<usize>, t: Range<usize>) -> Option<Path> {
    let (ns, nt) = (s.len(), t.len());
    if (ns + 1).saturating_mul(nt + 1) > 1_000_000 {
        return None;
    }
    let w = p.weights;
    // States: 0 after a bead with both sides (or at the start), 1 after 1-0, 2 after 0-1.
    let cells = (ns + 1) * (nt + 1);
    let at = |i: usize, j: usize, st: usize| (i * (nt + 1) + j) * 3 + st;
    let mut cost = vec![f64::INFINITY; cells * 3];
    let mut back = vec![(u8::MAX, 0u8); cells * 3];
    cost[at(0, 0, 0)] = 0.0;
    for i in 0..=ns {
        for j in 0..=nt {
            for (k, &(a, b)) in SHAPES.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let (gs, gt) = (s.start + i - a..s.start + i, t.start + j - b..t.start + j);
                let Some(c) = p.bead_cost(k, gs, gt) else {
                    continue;
                };
                let to = match (a, b) {
                    (1, 0) => 1,
                    (0, 1) => 2,
                    _ => 0,
                };
                for st in 0..3 {
                    let prev = cost[at(i - a, j - b, st)];
                    if !prev.is_finite() {
                        continue;
                    }
                    let extend = to != 0 && st == to;
                    let c = if extend {
                        c - w.prior[k] + w.gap_extend.min(w.prior[k])
                    } else {
                        c
                    };
                    if prev + c < cost[at(i, j, to)] {
                        cost[at(i, j, to)] = prev + c;
                        back[at(i, j, to)] = (k as u8, st as u8);
                    }
                }
            }
        }
    }
    let mut st = (0..3)
        .min_by(|&x, &y| cost[at(ns, nt, x)].total_cmp(&cost[at(ns, nt, y)]))
        .unwrap_or(0);
    if !cost[at(ns, nt, st)].is_finite() {
        return None;
    }
    let mut beads = Vec::new();
    let (mut i, mut j) = (ns, nt);
    while i > 0 || j > 0 {
        let (k, prev) = back[at(i, j, st)];
        let (a, b) = SHAPES[usize::from(k)];
        beads.push((s.start + i - a..s.start + i, t.start + j - b..t.start + j));
        i -= a;
        j -= b;
        st = usize::from(prev);
    }
    beads.reverse();
    Some(beads)
}

/// Largest side of a bead that [`merge_large`] may build.
const LARGE_MAX: usize = 5;

impl Problem<'_> {
    /// The cost of any bead `s`:`t` with both sides non-empty, its shape's prior given: as
    /// [`Problem::bead_cost`], with the two sides' anchor sets built here (for shapes beyond
    /// [`SHAPES`]). `None` when the bead crosses a paragraph boundary.
    fn large_cost(&self, prior: f64, s: Range<usize>, t: Range<usize>) -> Option<f64> {
        if self.paragraphs && !(self.src.same_paragraph(&s) && self.tgt.same_paragraph(&t)) {
            return None;
        }
        let w = self.weights;
        let union = union_of;
        let (us, ut) = (union(self.src, &s), union(self.tgt, &t));
        let weight = |u: &[u32]| -> f64 { u.iter().map(|&f| self.fw.get(f)).sum() };
        let (ws, wt) = (weight(&us), weight(&ut));
        let mut cost =
            prior + self.length_cost(self.src.len_of(s.clone()), self.tgt.len_of(t.clone()));
        if ws + wt > 0.0 {
            let size = ((s.len() + t.len()) as f64 / 2.0).powf(w.size_scale);
            cost -= w.anchor * size * 2.0 * self.shared(&us, &ut) / (ws + wt);
        }
        if let Some(lex) = self.lex {
            cost -= w.lexical * lex.similarity(&s, &t);
        }
        if self.paragraphs
            && self.src.starts_paragraph(s.start) != self.tgt.starts_paragraph(t.start)
        {
            cost += w.paragraph;
        }
        if w.coverage > 0.0 {
            let mut u = 0.0;
            for (side, range, other) in [(self.src, &s, &ut), (self.tgt, &t, &us)] {
                for i in range.clone() {
                    let own = side.wsum[0][i];
                    if own > 0.0 {
                        u += 1.0 - self.shared(&side.windows[0][i], other) / own;
                    }
                }
            }
            cost += w.coverage * u;
        }
        Some(cost)
    }

    /// Cost of a bead of `path` (any shape), for [`merge_large`].
    fn any_cost(&self, s: &Range<usize>, t: &Range<usize>) -> Option<f64> {
        let shape = (s.len(), t.len());
        match SHAPES.iter().position(|&x| x == shape) {
            Some(k) => self.bead_cost(k, s.clone(), t.clone()),
            None if s.is_empty() || t.is_empty() => None,
            None => self.large_cost(self.weights.large_prior, s.clone(), t.clone()),
        }
    }
}

/// Beads larger than the DP's shapes (1-4, 2-3, 3-2, 3-3, …, up to [`LARGE_MAX`] sentences a
/// side): neighbouring beads of `path` are merged, left to right, when the merged bead costs
/// less than the two apart (its prior is [`Weights::large_prior`]). One linear pass: a long
/// sentence rendered as four short ones (a 1-3 bead and a 0-1 gap in the DP) becomes one bead.
pub fn merge_large(p: &Problem<'_>, path: Path) -> Path {
    if !p.weights.large_prior.is_finite() {
        return path;
    }
    let mut out: Path = Vec::with_capacity(path.len());
    let mut cur_cost = None;
    for b in path {
        let Some((cs, ct)) = out.last().cloned() else {
            cur_cost = p.any_cost(&b.0, &b.1);
            out.push(b);
            continue;
        };
        let merged = (cs.start..b.0.end, ct.start..b.1.end);
        let shape = (merged.0.len(), merged.1.len());
        let large = !SHAPES.contains(&shape)
            && shape.0 <= LARGE_MAX
            && shape.1 <= LARGE_MAX
            && shape.0 + shape.1 <= LARGE_MAX + 1;
        let next_cost = p.any_cost(&b.0, &b.1);
        let merged_cost = if large {
            p.any_cost(&merged.0, &merged.1)
        } else {
            None
        };
        if let (Some(a), Some(c), Some(m)) = (cur_cost, next_cost, merged_cost)
            && m < a + c
        {
            *out.last_mut().expect("a bead") = merged;
            cur_cost = Some(m);
            continue;
        }
        cur_cost = next_cost;
        out.push(b);
    }
    out
}

/// The anchor features of sentences `r` of `side`, sorted and unique.
fn union_of(side: &Prepared<'_>, r: &Range<usize>) -> Vec<u32> {
    let mut u: Vec<u32> = r
        .clone()
        .flat_map(|i| side.feats[i].feats.iter().copied())
        .collect();
    u.sort_unstable();
    u.dedup();
    u
}

impl Problem<'_> {
    /// Weight of the anchors of `x` that are in `y` but not in `z` (all sorted).
    fn crossing_weight(&self, x: &[u32], y: &[u32], z: &[u32]) -> f64 {
        x.iter()
            .filter(|f| y.binary_search(f).is_ok() && z.binary_search(f).is_err())
            .map(|&f| self.fw.get(f))
            .sum()
    }

    /// Anchor weight that crosses between the neighbouring beads `a` and `b`: anchors of `a`'s
    /// source found in `b`'s target but not in `a`'s, and the other way round.
    fn crossing(&self, a: &(Range<usize>, Range<usize>), b: &(Range<usize>, Range<usize>)) -> f64 {
        let (s1, t1) = (union_of(self.src, &a.0), union_of(self.tgt, &a.1));
        let (s2, t2) = (union_of(self.src, &b.0), union_of(self.tgt, &b.1));
        self.crossing_weight(&s1, &t2, &t1) + self.crossing_weight(&s2, &t1, &t2)
    }
}

/// Neighbouring beads whose content crosses the sentence boundary are one bead: when anchors
/// of one bead's source sentences are found only in the next (or previous) bead's target
/// sentences with a weight of at least [`Weights::cross`], the two are merged (up to
/// [`LARGE_MAX`] sentences a side, six in all, within a paragraph). The DP itself prefers two
/// small beads (its anchor bonus grows with the square root of a bead's size), so a sentence
/// boundary placed differently on the two sides (`… 250 Höhenmeter.` / `Il fallut deux jours
/// pour gravir 250 m.` in the next sentence) came out as two wrong beads. One linear pass.
pub fn merge_crossing(p: &Problem<'_>, path: Path) -> Path {
    let th = p.weights.cross;
    if !th.is_finite() {
        return path;
    }
    let mut out: Path = Vec::with_capacity(path.len());
    for b in path {
        if let Some(a) = out.last()
            && !is_gap(a)
            && !is_gap(&b)
        {
            let merged = (a.0.start..b.0.end, a.1.start..b.1.end);
            let (ls, lt) = (merged.0.len(), merged.1.len());
            let fits = ls <= LARGE_MAX && lt <= LARGE_MAX && ls + lt <= LARGE_MAX + 1;
            let same = !p.paragraphs
                || (p.src.same_paragraph(&merged.0) && p.tgt.same_paragraph(&merged.1));
            if fits && same && p.crossing(a, &b) >= th {
                *out.last_mut().expect("a bead") = merged;
                continue;
            }
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn tail_cost_table_is_close_to_the_formula() {
        let mut z = 0.0;
        while z < 12.0 {
            let (a, b) = (tail_cost(z), tail_cost_table(z));
            // Within 1e-4 nats, but where the probability reaches its floor (a kink at
            // z ≈ 7.13, where the cost is 27.6 nats) within 0.01.
            let tol = if (7.0..7.3).contains(&z) { 1e-2 } else { 1e-4 };
            assert!((a - b).abs() < tol, "z {z}: {a} against {b}");
            z += 0.0137;
        }
        assert_eq!(tail_cost_table(f64::NAN), tail_cost(TAIL_END));
        assert_eq!(tail_cost_table(0.0), tail_cost(0.0));
    }
}
