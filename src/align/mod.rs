//! Translation alignment: sentence alignment of a source text with its translations, and
//! translator QA (omissions, additions, numbers and names on one side only, odd lengths).
//!
//! The model is a [`Bitext`]: the source [`Side`] and one [`PairAlignment`] per translation,
//! each a list of [`Bead`]s (groups of source and target sentences that translate each other)
//! and [`Finding`]s. Renderers in `render::align` turn it into text, JSON, TMX, HTML, vecalign
//! beads or TSV.
//!
//! Method: one dynamic programme over bead shapes 0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3, 3-1. The
//! cost of a bead is a Gale–Church length cost (with the character ratio estimated from the
//! pair) plus a prior per shape, minus a bonus for shared anchors — numbers, names and
//! cognates compared by a folded, transliterated prefix (`Сталин` ~ `Stalin` ~ `Staline`),
//! `?`/`!`, and user glossary pairs. Paragraphs are hard boundaries when both sides have
//! more than one. After the DP, neighbouring beads are merged where the pair needs larger beads
//! (1-4, 2-3, …) or where anchors cross the sentence boundary between them
//! ([`dp::merge_crossing`]). Long texts are searched in a band around a chain of anchors that
//! are unique on both sides, so time and memory grow linearly.
//!
//! ```
//! use lectio::align::{AlignOptions, Side, align};
//!
//! let src = Side::new("en", "en", "One cat sat. Then 2 dogs came.".into(), false);
//! let tgt = Side::new("fr", "fr", "Un chat. Puis 2 chiens.".into(), false);
//! let bitext = align(src, vec![tgt], &AlignOptions::default());
//! assert_eq!(bitext.pairs[0].beads.len(), 2);
//! ```

pub mod dp;
pub mod features;
pub mod lexical;
pub mod names;
pub mod qa;
pub mod score;

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::exit::{Classify, Kind};
use crate::text::sentence::{self, Sentence};
pub use features::Glossary;
use features::{FeatureSpace, SentFeatures, SideKind};
pub use qa::{Finding, FindingKind};
pub use score::{IndexBead, Score, Scores, parse_beads, score};

/// An error from this module.
#[derive(Debug, thiserror::Error)]
pub enum AlignError {
    /// A glossary line could not be read.
    #[error("{path}:{line}: bad glossary entry: {message}")]
    Glossary {
        /// The glossary file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A beads file could not be read.
    #[error("{path}:{line}: bad bead `{text}`: expected `[0, 1]:[0]`")]
    Beads {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// The offending line.
        text: String,
    },
    /// Anything else the user must fix.
    #[error("{0}")]
    Other(String),
}

impl Classify for AlignError {
    fn kind(&self) -> Kind {
        match self {
            AlignError::Glossary { .. } | AlignError::Beads { .. } => Kind::Input,
            AlignError::Other(_) => Kind::Usage,
        }
    }
}

/// One text of the bitext, cut into sentences.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Side {
    /// What the user called it (file path or edition reference).
    pub label: String,
    /// Short name for output file names: the edition's name, else the file's stem.
    pub name: String,
    /// Language tag (`en`, `es`, …); empty when unknown.
    pub lang: String,
    /// The text.
    #[serde(skip)]
    pub text: String,
    /// Its sentences, as byte spans into `text`.
    pub sentences: Vec<Sentence>,
}

impl Side {
    /// Cut `text` into sentences (`segmented`: one sentence per line already).
    pub fn new(label: &str, lang: &str, text: String, segmented: bool) -> Side {
        let sentences = if segmented {
            sentence::segment_lines(&text)
        } else {
            sentence::segment(&text, lang)
        };
        let file = label.rsplit(['/', '\\']).next().unwrap_or(label);
        let stem = match file.rsplit_once('.') {
            Some((s, _)) if !s.is_empty() => s,
            _ => file,
        };
        Side {
            label: label.to_string(),
            name: stem.to_string(),
            lang: lang.to_string(),
            text,
            sentences,
        }
    }

    /// Sentence `i`'s text.
    pub fn sentence(&self, i: usize) -> &str {
        self.sentences[i].text(&self.text)
    }

    /// The texts of sentences `r`, joined by a space.
    pub fn joined(&self, r: Range<usize>) -> String {
        r.map(|i| self.sentence(i)).collect::<Vec<_>>().join(" ")
    }

    fn paragraph_count(&self) -> usize {
        self.sentences.last().map_or(0, |s| s.paragraph + 1)
    }
}

/// A group of source sentences and the target sentences that render them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Bead {
    /// Source sentence indices (0-based, consecutive).
    pub src: Range<usize>,
    /// Target sentence indices (0-based, consecutive).
    pub tgt: Range<usize>,
}

/// The alignment of the source with one translation.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PairAlignment {
    /// The translation.
    pub target: Side,
    /// Target characters per source character, estimated from the pair.
    pub ratio: f64,
    /// Beads in order; monotone, covering every sentence of both sides exactly once.
    pub beads: Vec<Bead>,
    /// QA findings, in source order.
    pub findings: Vec<Finding>,
    /// The deadline stopped the search before the band was wide enough: the alignment is
    /// whole and monotone, but a wider search might have found a better one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

/// A source text aligned with its translations.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Bitext {
    /// The source.
    pub source: Side,
    /// One alignment per translation, in the order given.
    pub pairs: Vec<PairAlignment>,
}

impl Bitext {
    /// Number of findings over all pairs.
    pub fn finding_count(&self) -> usize {
        self.pairs.iter().map(|p| p.findings.len()).sum()
    }
}

/// Options for [`align`].
#[derive(Clone, Debug, Default)]
pub struct AlignOptions {
    /// A user glossary of word pairs that count as anchors.
    pub glossary: Option<Glossary>,
    /// Cost weights (defaults when `None`).
    pub weights: Option<dp::Weights>,
    /// Time budget per translation: past it the band is no longer widened (the search stays
    /// linear in the texts' length) and the alignment is marked approximate.
    pub deadline: Option<std::time::Duration>,
}

/// Align `source` with every translation, in parallel (results do not depend on the number of
/// threads).
pub fn align(source: Side, targets: Vec<Side>, opts: &AlignOptions) -> Bitext {
    let pairs = targets
        .into_par_iter()
        .map(|t| align_pair(&source, t, opts))
        .collect();
    Bitext { source, pairs }
}

fn side_features(
    side: &Side,
    kind: SideKind,
    glossary: Option<&Glossary>,
    space: &mut FeatureSpace,
) -> Vec<SentFeatures> {
    (0..side.sentences.len())
        .map(|i| features::extract(side.sentence(i), &side.lang, kind, glossary, space))
        .collect()
}

/// Align `source` with one translation.
pub fn align_pair(source: &Side, target: Side, opts: &AlignOptions) -> PairAlignment {
    let default_weights = dp::Weights::default();
    let weights = opts.weights.as_ref().unwrap_or(&default_weights);
    let mut space = FeatureSpace::default();
    let g = opts.glossary.as_ref();
    // Both sides in parallel, each with its own space; then one shared space.
    let mut tspace = FeatureSpace::default();
    let (sf, mut tf) = rayon::join(
        || side_features(source, SideKind::Source, g, &mut space),
        || side_features(&target, SideKind::Target, g, &mut tspace),
    );
    space.absorb(&tspace, &mut tf);
    let l1: f64 = sf.iter().map(|f| f.len).sum();
    let l2: f64 = tf.iter().map(|f| f.len).sum();
    // The ratio of the totals misleads when a translation is partial; far from 1 it is only
    // a first guess, re-estimated from the first pass's beads below.
    let total_ratio = if l1 > 0.0 && l2 > 0.0 { l2 / l1 } else { 1.0 };
    let ratio0 = if (0.5..=2.0).contains(&total_ratio) {
        total_ratio
    } else {
        1.0
    };
    let paragraphs = source.paragraph_count() > 1 && target.paragraph_count() > 1;
    let para = |s: &Side| -> Vec<usize> {
        if paragraphs {
            s.sentences.iter().map(|x| x.paragraph).collect()
        } else {
            vec![0; s.sentences.len()]
        }
    };
    let (n, m) = (sf.len(), tf.len());
    let full = (n + 1).saturating_mul(m + 1) <= weights.full_limit;
    let run = |sf: &[SentFeatures],
               tf: &[SentFeatures],
               ratio: f64,
               band: &dp::Band,
               reanchor: bool,
               lex: Option<&lexical::Lexicon>|
     -> Vec<Bead> {
        let fw = dp::FeatureWeights::new(sf, tf);
        let ps = dp::Prepared::new(sf, para(source), &fw);
        let pt = dp::Prepared::new(tf, para(&target), &fw);
        let problem = dp::Problem {
            src: &ps,
            tgt: &pt,
            fw: &fw,
            ratio,
            paragraphs,
            weights,
            size: dp::Problem::sizes(weights),
            lex,
        };
        let path = dp::solve(&problem, band);
        // Gaps at their exact sentences: only in the final pass.
        let path = if reanchor {
            dp::merge_large(&problem, dp::reanchor(&problem, path))
        } else {
            path
        };
        path.into_iter()
            .map(|(src, tgt)| Bead { src, tgt })
            .collect()
    };
    // Long texts: a band around the anchor chain, widened while the best path runs along
    // its edge, and while the next (twice as wide) pass fits in the time left.
    let start = std::time::Instant::now();
    let mut approximate = false;
    let (first, band) = if full {
        let band = dp::Band::full(n, m);
        (run(&sf, &tf, ratio0, &band, false, None), band)
    } else {
        let anchors = anchor_chain(&sf, &tf, ratio0);
        let mut w = weights.band;
        loop {
            let pass = std::time::Instant::now();
            let band = dp::Band::around(n, m, &anchors, w);
            let beads = run(&sf, &tf, ratio0, &band, false, None);
            let path: Vec<_> = beads
                .iter()
                .map(|b| (b.src.clone(), b.tgt.clone()))
                .collect();
            if !band.touched_by(&path, m)
                || w >= m.max(n)
                || band.cells() > weights.full_limit.max(16_000_000)
            {
                break (beads, band);
            }
            // The next pass costs about twice this one (the band doubles); the second pass
            // (a narrow band) is cheap beside it.
            if opts
                .deadline
                .is_some_and(|d| start.elapsed() + 2 * pass.elapsed() > d)
            {
                approximate = true;
                break (beads, band);
            }
            w *= 2;
        }
    };
    let (mut a, mut c) = (0.0, 0.0);
    for b in first
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
    {
        a += b.src.clone().map(|i| sf[i].len).sum::<f64>();
        c += b.tgt.clone().map(|i| tf[i].len).sum::<f64>();
    }
    let ratio = if a > 0.0 && c > 0.0 {
        (c / a).clamp(0.1, 10.0)
    } else {
        ratio0
    };
    // Second pass: word pairs that keep landing in the same beads count as anchors too
    // (a lexicon learnt from the text pair itself, as hunalign does without a dictionary).
    let (sf2, tf2) = learn_lexicon(&sf, &tf, &first, &mut space);
    // On long texts the second pass only refines: a narrow band around the first path.
    let band2 = if full {
        band
    } else {
        let path: Vec<(usize, usize)> = first.iter().map(|b| (b.src.end, b.tgt.end)).collect();
        dp::Band::around(n, m, &path, weights.refine_band)
    };
    // IBM Model 1 on the first pass's beads, both directions: lexical evidence for every bead
    // of the second pass (off by default: see `Weights::lexical`).
    let lex = (weights.lexical > 0.0)
        .then(|| {
            let path: Vec<_> = first
                .iter()
                .map(|b| (b.src.clone(), b.tgt.clone()))
                .collect();
            lexical::Lexicon::learn(&sf, &tf, &path, &lexical::LexParams::default())
        })
        .flatten();
    let beads = run(&sf2, &tf2, ratio, &band2, true, lex.as_ref());
    // Beads whose content crosses a sentence boundary are merged, judged on the text's own
    // anchors (the learnt lexicon's pairs, frequent words among them, would merge too much).
    let beads = if weights.cross.is_finite() {
        let fw = dp::FeatureWeights::new(&sf, &tf);
        let (ps, pt) = (
            dp::Prepared::new(&sf, para(source), &fw),
            dp::Prepared::new(&tf, para(&target), &fw),
        );
        let problem = dp::Problem {
            src: &ps,
            tgt: &pt,
            fw: &fw,
            ratio,
            paragraphs,
            weights,
            size: dp::Problem::sizes(weights),
            lex: None,
        };
        let path = beads.into_iter().map(|b| (b.src, b.tgt)).collect();
        dp::merge_crossing(&problem, path)
            .into_iter()
            .map(|(src, tgt)| Bead { src, tgt })
            .collect()
    } else {
        beads
    };
    let findings = qa::findings(source, &target, &sf, &tf, &beads, ratio);
    PairAlignment {
        target,
        ratio,
        beads,
        findings,
        approximate,
    }
}

/// Learn word pairs from a first alignment: pairs that co-occur in at least two beads with a
/// Dice coefficient of at least one half, each word keeping its best partner. Returns the
/// features with one new anchor per learnt pair.
fn learn_lexicon(
    sf: &[SentFeatures],
    tf: &[SentFeatures],
    beads: &[Bead],
    space: &mut FeatureSpace,
) -> (Vec<SentFeatures>, Vec<SentFeatures>) {
    // Intern words per side so that counting works on integers.
    let intern = |f: &[SentFeatures]| -> (Vec<String>, Vec<Vec<u32>>) {
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut names = Vec::new();
        let per: Vec<Vec<u32>> = f
            .iter()
            .map(|s| {
                let mut v: Vec<u32> = s
                    .words
                    .iter()
                    .map(|w| {
                        *ids.entry(w.as_str()).or_insert_with(|| {
                            names.push(w.clone());
                            (names.len() - 1) as u32
                        })
                    })
                    .collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        (names, per)
    };
    let (snames, sw) = intern(sf);
    let (tnames, tw) = intern(tf);
    let mut fs = vec![0u32; snames.len()];
    let mut ft = vec![0u32; tnames.len()];
    let mut co: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let bag = |w: &[Vec<u32>], r: &Range<usize>| -> Vec<u32> {
        let mut v: Vec<u32> = r.clone().flat_map(|i| w[i].iter().copied()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let usable: Vec<&Bead> = beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty() && b.src.len() <= 2 && b.tgt.len() <= 2)
        .collect();
    for b in &usable {
        for x in bag(&sw, &b.src) {
            fs[x as usize] += 1;
        }
        for y in bag(&tw, &b.tgt) {
            ft[y as usize] += 1;
        }
    }
    for b in &usable {
        let a: Vec<u32> = bag(&sw, &b.src)
            .into_iter()
            .filter(|&x| fs[x as usize] >= 2)
            .collect();
        let c: Vec<u32> = bag(&tw, &b.tgt)
            .into_iter()
            .filter(|&y| ft[y as usize] >= 2)
            .collect();
        for &x in &a {
            for &y in &c {
                *co.entry((x, y)).or_default() += 1;
            }
        }
    }
    // Best partner per source word, deterministic on ties (by the words themselves).
    let mut best: std::collections::BTreeMap<&str, (f64, &str)> = Default::default();
    for (&(x, y), &c) in &co {
        if c < 2 {
            continue;
        }
        let dice = 2.0 * f64::from(c) / f64::from(fs[x as usize] + ft[y as usize]);
        if dice < 0.35 {
            continue;
        }
        let (xs, ys) = (snames[x as usize].as_str(), tnames[y as usize].as_str());
        let e = best.entry(xs).or_insert((0.0, ""));
        if dice > e.0 || (dice == e.0 && ys < e.1) {
            *e = (dice, ys);
        }
    }
    let mut src_map: FxHashMap<&str, u32> = FxHashMap::default();
    let mut tgt_map: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (x, (_, y)) in &best {
        let id = space.id(&format!("L{x}"));
        src_map.insert(x, id);
        tgt_map.entry(y).or_default().push(id);
    }
    let add = |f: &[SentFeatures], src: bool| -> Vec<SentFeatures> {
        f.iter()
            .map(|orig| {
                // Only what the DP reads: the second pass needs no strings.
                let mut s = SentFeatures {
                    len: orig.len,
                    feats: orig.feats.clone(),
                    ..Default::default()
                };
                for w in &orig.words {
                    if src {
                        if let Some(&id) = src_map.get(w.as_str()) {
                            s.feats.push(id);
                        }
                    } else if let Some(ids) = tgt_map.get(w.as_str()) {
                        s.feats.extend_from_slice(ids);
                    }
                }
                s.feats.sort_unstable();
                s.feats.dedup();
                s
            })
            .collect()
    };
    (add(sf, true), add(tf, false))
}

/// Confident anchor points: sentence pairs sharing a feature that occurs exactly once on each
/// side, near the length diagonal, reduced to the longest monotone chain.
fn anchor_chain(sf: &[SentFeatures], tf: &[SentFeatures], ratio: f64) -> Vec<(usize, usize)> {
    let mut once: FxHashMap<u32, (u32, u32, usize, usize)> = FxHashMap::default();
    for (i, s) in sf.iter().enumerate() {
        for &f in &s.feats {
            let e = once.entry(f).or_default();
            e.0 += 1;
            e.2 = i;
        }
    }
    for (j, s) in tf.iter().enumerate() {
        for &f in &s.feats {
            let e = once.entry(f).or_default();
            e.1 += 1;
            e.3 = j;
        }
    }
    let cum = |v: &[SentFeatures]| -> Vec<f64> {
        let mut acc = 0.0;
        let mut out = Vec::with_capacity(v.len() + 1);
        out.push(0.0);
        for s in v {
            acc += s.len;
            out.push(acc);
        }
        out
    };
    let (cs, ct) = (cum(sf), cum(tf));
    let total_t = ct.last().copied().unwrap_or(0.0).max(1.0);
    let mut pts: Vec<(usize, usize)> = once
        .values()
        .filter(|&&(a, b, _, _)| a == 1 && b == 1)
        .map(|&(_, _, i, j)| (i, j))
        .filter(|&(i, j)| ((cs[i] * ratio - ct[j]) / total_t).abs() < 0.1)
        .collect();
    pts.sort_unstable();
    pts.dedup();
    let chain = longest_chain(&pts);
    if chain.len() * 200 >= sf.len() {
        return chain;
    }
    // Too few anchors: follow the length diagonal (cumulative lengths times the ratio).
    let mut out = Vec::new();
    let mut i = 50;
    while i < sf.len() {
        let j = ct.partition_point(|&x| x < cs[i] * ratio);
        if j > 0 && j < tf.len() && out.last().is_none_or(|&(_, pj)| j > pj) {
            out.push((i, j));
        }
        i += 50;
    }
    out
}

/// Longest strictly increasing chain (in both coordinates) of sorted points.
fn longest_chain(pts: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // Patience sorting on j, with i strictly increasing handled by processing equal-i groups.
    let mut tails: Vec<usize> = Vec::new(); // index into pts
    let mut prev: Vec<Option<usize>> = vec![None; pts.len()];
    let mut k = 0;
    while k < pts.len() {
        let mut e = k;
        while e < pts.len() && pts[e].0 == pts[k].0 {
            e += 1;
        }
        let mut updates = Vec::new();
        for (idx, p) in pts.iter().enumerate().take(e).skip(k) {
            let pos = tails.partition_point(|&t| pts[t].1 < p.1);
            prev[idx] = pos.checked_sub(1).map(|q| tails[q]);
            updates.push((pos, idx));
        }
        for (pos, idx) in updates {
            if pos == tails.len() {
                tails.push(idx);
            } else if pts[idx].1 < pts[tails[pos]].1 {
                tails[pos] = idx;
            }
        }
        k = e;
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(c) = cur {
        out.push(pts[c]);
        cur = prev[c];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
