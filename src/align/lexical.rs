//! Lexical translation evidence learnt from the bitext itself: IBM Model 1 trained on the
//! confident 1-1 beads of a first alignment, in both directions (as Moore's aligner and
//! Bleualign do, without a dictionary or a model).
//!
//! Each sentence becomes a sparse vector of the words it is expected to contain in the other
//! language (`Σ t(f|e)` over its words, pruned); a bead's lexical similarity is the share of
//! the words on each side that the other side predicts (each word counts at most once). The
//! vectors of windows of one to three sentences are summed once, so the DP compares two
//! sorted lists per bead, as it does for anchors: time and memory stay linear.

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::features::SentFeatures;

/// Training and pruning settings.
#[derive(Clone, Debug)]
pub struct LexParams {
    /// EM iterations of IBM Model 1.
    pub iterations: usize,
    /// A word is modelled only if it occurs in at least this many training beads.
    pub min_count: u32,
    /// Translation probabilities below this are dropped.
    pub min_prob: f64,
    /// At most this many training beads (evenly spaced) bound the memory of training.
    pub max_beads: usize,
}

impl Default for LexParams {
    fn default() -> Self {
        LexParams {
            iterations: 5,
            min_count: 2,
            min_prob: 0.05,
            max_beads: 50_000,
        }
    }
}

/// A sparse vector over word ids, sorted by id.
type Sparse = Vec<(u32, f32)>;

/// One side of the pair prepared for scoring: for windows of 1, 2 and 3 sentences starting at
/// each index, the known words it has (sorted ids) and the other side's words it predicts.
struct SideLex {
    /// Weight of each word id: its inverse document frequency over the side's sentences,
    /// scaled to 0..=1 (`ln(N/df) / ln N`), so that a function word found everywhere counts
    /// for little.
    weight: Vec<f32>,
    /// Known word ids (in this side's vocabulary), sorted and unique, per sentence.
    bag: Vec<Vec<u32>>,
    /// Predicted words of the other side (in its vocabulary), per sentence.
    pred: Vec<Sparse>,
    /// Window unions of `bag` (index 0: one sentence, 1: two, 2: three).
    bag_w: [Vec<Vec<u32>>; 3],
    /// Total weight of each window of `bag_w`.
    weight_w: [Vec<f32>; 3],
    /// Window sums of `pred`.
    pred_w: [Vec<Sparse>; 3],
}

/// The learnt lexical model of one pair, ready for the DP.
pub struct Lexicon {
    src: SideLex,
    tgt: SideLex,
}

/// Word ids per sentence (unique, sorted), and the number of words.
fn intern(f: &[SentFeatures]) -> (Vec<Vec<u32>>, usize) {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let per = f
        .iter()
        .map(|s| {
            let mut v: Vec<u32> = s
                .words
                .iter()
                .map(|w| {
                    let n = ids.len() as u32;
                    *ids.entry(w.as_str()).or_insert(n)
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    (per, ids.len())
}

/// IBM Model 1, `t(f|e)` for target words `f` given source words `e` (and the empty word,
/// id `ne`), trained on `pairs` of word bags. Returns, per source word, its translations
/// above `min_prob`, sorted by target id.
fn ibm1(pairs: &[(&[u32], &[u32])], ne: usize, p: &LexParams) -> Vec<Sparse> {
    // Every co-occurring (e, f) once, and for each training pair the index of each of its
    // (e, f) cells: EM then runs over flat arrays.
    let mut index: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut keys: Vec<(u32, u32)> = Vec::new();
    let mut cells: Vec<u32> = Vec::new();
    let null = ne as u32;
    for (s, t) in pairs {
        for &f in *t {
            for &e in s.iter().chain(std::iter::once(&null)) {
                let k = *index.entry((e, f)).or_insert_with(|| {
                    keys.push((e, f));
                    (keys.len() - 1) as u32
                });
                cells.push(k);
            }
        }
    }
    drop(index);
    let mut t = vec![1.0f64; keys.len()];
    let mut count = vec![0.0f64; keys.len()];
    let mut total = vec![0.0f64; ne + 1];
    for _ in 0..p.iterations {
        count.iter_mut().for_each(|c| *c = 0.0);
        total.iter_mut().for_each(|c| *c = 0.0);
        let mut at = 0;
        for (s, tt) in pairs {
            let width = s.len() + 1;
            for _ in 0..tt.len() {
                let row = &cells[at..at + width];
                let z: f64 = row.iter().map(|&k| t[k as usize]).sum();
                if z > 0.0 {
                    for &k in row {
                        let c = t[k as usize] / z;
                        count[k as usize] += c;
                        total[keys[k as usize].0 as usize] += c;
                    }
                }
                at += width;
            }
        }
        for (k, &(e, _)) in keys.iter().enumerate() {
            let z = total[e as usize];
            t[k] = if z > 0.0 { count[k] / z } else { 0.0 };
        }
    }
    let mut out: Vec<Sparse> = vec![Vec::new(); ne];
    for (k, &(e, f)) in keys.iter().enumerate() {
        if (e as usize) < ne && t[k] >= p.min_prob {
            out[e as usize].push((f, t[k] as f32));
        }
    }
    for v in &mut out {
        v.sort_unstable_by_key(|x| x.0);
    }
    out
}

/// Sum sparse vectors.
fn sum<'a>(vs: impl Iterator<Item = &'a Sparse>) -> Sparse {
    let mut all: Sparse = vs.flat_map(|v| v.iter().copied()).collect();
    all.sort_unstable_by_key(|x| x.0);
    let mut out: Sparse = Vec::with_capacity(all.len());
    for (id, x) in all {
        match out.last_mut() {
            Some(last) if last.0 == id => last.1 += x,
            _ => out.push((id, x)),
        }
    }
    out
}

fn union<'a>(vs: impl Iterator<Item = &'a Vec<u32>>) -> Vec<u32> {
    let mut u: Vec<u32> = vs.flat_map(|v| v.iter().copied()).collect();
    u.sort_unstable();
    u.dedup();
    u
}

impl SideLex {
    fn new(bag: Vec<Vec<u32>>, pred: Vec<Sparse>, words: usize) -> SideLex {
        let n = bag.len();
        let mut df = vec![0u32; words];
        for v in &bag {
            v.iter().for_each(|&x| df[x as usize] += 1);
        }
        let ln_n = (n.max(2) as f64).ln();
        let weight = df
            .iter()
            .map(|&d| (((n as f64) / f64::from(d.max(1))).ln() / ln_n).clamp(0.0, 1.0) as f32)
            .collect::<Vec<f32>>();
        let mut bag_w: [Vec<Vec<u32>>; 3] = Default::default();
        let mut pred_w: [Vec<Sparse>; 3] = Default::default();
        let mut weight_w: [Vec<f32>; 3] = Default::default();
        for k in 0..3 {
            for i in 0..n {
                let r = i..(i + k + 1).min(n);
                let u = union(bag[r.clone()].iter());
                weight_w[k].push(u.iter().map(|&x| weight[x as usize]).sum());
                bag_w[k].push(u);
                pred_w[k].push(sum(pred[r].iter()));
            }
        }
        SideLex {
            weight,
            bag,
            pred,
            bag_w,
            weight_w,
            pred_w,
        }
    }

    /// The known words of sentences `r` and the words they predict.
    fn window(&self, r: &Range<usize>) -> (Cow<'_, [u32]>, Cow<'_, Sparse>) {
        if (1..=3).contains(&r.len()) {
            let k = r.len() - 1;
            (
                Cow::Borrowed(&self.bag_w[k][r.start]),
                Cow::Borrowed(&self.pred_w[k][r.start]),
            )
        } else {
            (
                Cow::Owned(union(self.bag[r.clone()].iter())),
                Cow::Owned(sum(self.pred[r.clone()].iter())),
            )
        }
    }
}

/// Sum over the words of `bag` of the prediction `pred` gives them, each capped at 1 and
/// weighted.
fn covered(bag: &[u32], pred: &[(u32, f32)], weight: &[f32]) -> f64 {
    let (mut i, mut j, mut acc) = (0, 0, 0.0f32);
    while i < bag.len() && j < pred.len() {
        let (x, (y, v)) = (bag[i], pred[j]);
        if x == y {
            acc += v.min(1.0) * weight[x as usize];
        }
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    f64::from(acc)
}

impl Lexicon {
    /// Train both directions on the beads of `beads` (source range, target range) with both
    /// sides non-empty and at most two sentences a side, and prepare both sides. `None` when there is too little to learn from.
    pub fn learn(
        sf: &[SentFeatures],
        tf: &[SentFeatures],
        beads: &[(Range<usize>, Range<usize>)],
        p: &LexParams,
    ) -> Option<Lexicon> {
        let (mut sw, ns) = intern(sf);
        let (mut tw, nt) = intern(tf);
        let ones: Vec<(usize, usize)> = beads
            .iter()
            .filter(|(s, t)| !s.is_empty() && !t.is_empty() && s.len() <= 2 && t.len() <= 2)
            .map(|(s, t)| {
                if s.len() > 1 || t.len() > 1 {
                    // A bead of two sentences trains as one pair of bags, appended after the
                    // sentences (and dropped again before the sentences are scored).
                    let us = union(sw[s.clone()].iter());
                    let ut = union(tw[t.clone()].iter());
                    sw.push(us);
                    tw.push(ut);
                    (sw.len() - 1, tw.len() - 1)
                } else {
                    (s.start, t.start)
                }
            })
            .collect();
        let (n_s, n_t) = (sf.len(), tf.len());
        if ones.len() < 10 {
            return None;
        }
        let step = ones.len().div_ceil(p.max_beads.max(1));
        let ones: Vec<(usize, usize)> = ones.into_iter().step_by(step).collect();
        // Words seen in fewer than `min_count` training beads are left out (a word seen once
        // would only learn its first-pass partner back).
        let mut cs = vec![0u32; ns];
        let mut ct = vec![0u32; nt];
        for &(i, j) in &ones {
            sw[i].iter().for_each(|&x| cs[x as usize] += 1);
            tw[j].iter().for_each(|&y| ct[y as usize] += 1);
        }
        let keep = |w: &[Vec<u32>], c: &[u32]| -> Vec<Vec<u32>> {
            w.iter()
                .map(|v| {
                    v.iter()
                        .copied()
                        .filter(|&x| c[x as usize] >= p.min_count)
                        .collect()
                })
                .collect()
        };
        let (mut sk, mut tk) = (keep(&sw, &cs), keep(&tw, &ct));
        let fwd: Vec<(&[u32], &[u32])> = ones
            .iter()
            .map(|&(i, j)| (sk[i].as_slice(), tk[j].as_slice()))
            .collect();
        let bwd: Vec<(&[u32], &[u32])> = fwd.iter().map(|&(a, b)| (b, a)).collect();
        let (t_fe, t_ef) = rayon::join(|| ibm1(&fwd, ns, p), || ibm1(&bwd, nt, p));
        sk.truncate(n_s);
        tk.truncate(n_t);
        let predict = |bags: &[Vec<u32>], table: &[Sparse]| -> Vec<Sparse> {
            bags.iter()
                .map(|v| sum(v.iter().map(|&x| &table[x as usize])))
                .collect()
        };
        let (ps, pt) = (predict(&sk, &t_fe), predict(&tk, &t_ef));
        // Only words the model knows count against a bead.
        let known = |bags: Vec<Vec<u32>>, table: &[Sparse]| -> Vec<Vec<u32>> {
            bags.into_iter()
                .map(|v| {
                    v.into_iter()
                        .filter(|&x| !table[x as usize].is_empty())
                        .collect()
                })
                .collect()
        };
        let (sk, tk) = (known(sk, &t_fe), known(tk, &t_ef));
        let (src, tgt) = rayon::join(|| SideLex::new(sk, ps, ns), || SideLex::new(tk, pt, nt));
        Some(Lexicon { src, tgt })
    }

    /// Upper bound of [`Lexicon::similarity`] for the bead `s`:`t`: half the weight of the
    /// known words on both sides.
    pub fn bound(&self, s: &Range<usize>, t: &Range<usize>) -> f64 {
        let w = |x: &SideLex, r: &Range<usize>| -> f64 {
            if (1..=3).contains(&r.len()) {
                f64::from(x.weight_w[r.len() - 1][r.start])
            } else {
                let (b, _) = x.window(r);
                b.iter().map(|&i| f64::from(x.weight[i as usize])).sum()
            }
        };
        (w(&self.src, s) + w(&self.tgt, t)) / 2.0
    }

    /// Lexical evidence for the bead `s`:`t` (both non-empty): the weight of the known words
    /// of each side that the other side predicts (each word at most once), averaged over the
    /// two directions. It adds up over beads, so a merge gains exactly the words that cross
    /// the sentence boundary.
    pub fn similarity(&self, s: &Range<usize>, t: &Range<usize>) -> f64 {
        let (sb, sp) = self.src.window(s);
        let (tb, tp) = self.tgt.window(t);
        (covered(&tb, &sp, &self.tgt.weight) + covered(&sb, &tp, &self.src.weight)) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(words: &[&str]) -> SentFeatures {
        SentFeatures {
            words: words.iter().map(|w| w.to_string()).collect(),
            ..Default::default()
        }
    }

    /// Twelve sentence pairs over a small vocabulary: IBM Model 1 learns which word translates
    /// which from co-occurrence alone (`der` occurs everywhere and is explained away), so a
    /// sentence's own translation gets more evidence than its neighbour.
    #[test]
    fn learns_word_pairs_from_beads() {
        let de = [
            "haus", "berg", "schnee", "gipfel", "wand", "seil", "lager", "sturm",
        ];
        let fr = [
            "maison", "montagne", "neige", "sommet", "paroi", "corde", "camp", "tempete",
        ];
        let (mut sf, mut tf) = (Vec::new(), Vec::new());
        for i in 0..12 {
            let (a, b) = (i % 8, (i * 3 + 1) % 8);
            sf.push(sent(&["der", de[a], de[b]]));
            tf.push(sent(&["les", fr[b], fr[a]]));
        }
        let beads: Vec<(Range<usize>, Range<usize>)> =
            (0..12).map(|i| (i..i + 1, i..i + 1)).collect();
        let lex = Lexicon::learn(&sf, &tf, &beads, &LexParams::default()).unwrap();
        for i in 0..11 {
            let own = lex.similarity(&(i..i + 1), &(i..i + 1));
            let next = lex.similarity(&(i..i + 1), &(i + 1..i + 2));
            assert!(own > next + 0.3, "sentence {i}: {own} against {next}");
            assert!(own <= lex.bound(&(i..i + 1), &(i..i + 1)) + 1e-9);
        }
        // Windows of two sentences add the evidence of both.
        let two = lex.similarity(&(0..2), &(0..2));
        let (a, b) = (
            lex.similarity(&(0..1), &(0..1)),
            lex.similarity(&(1..2), &(1..2)),
        );
        assert!(two >= a.max(b));
        // Too few beads: nothing learnt.
        assert!(Lexicon::learn(&sf, &tf, &beads[..5], &LexParams::default()).is_none());
    }
}
