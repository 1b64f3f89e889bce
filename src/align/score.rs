//! Scoring a predicted alignment against a gold one (Sennrich & Volk 2011, as in vecalign):
//! strict (exact bead) and lax (overlap on both sides) precision, recall and F1. Precision is
//! over predicted beads with both sides non-empty, recall over such gold beads.

use super::{AlignError, Bead};

/// A bead as read from a file: sentence indices on each side (gold beads need not be
/// consecutive).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IndexBead {
    /// Source sentence indices.
    pub src: Vec<usize>,
    /// Target sentence indices.
    pub tgt: Vec<usize>,
}

impl From<&Bead> for IndexBead {
    fn from(b: &Bead) -> Self {
        IndexBead {
            src: b.src.clone().collect(),
            tgt: b.tgt.clone().collect(),
        }
    }
}

/// Precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Score {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

/// Strict and lax scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Exact bead matches.
    pub strict: Score,
    /// Beads overlapping on both sides.
    pub lax: Score,
    /// Predicted beads counted (both sides non-empty).
    pub predicted: usize,
    /// Gold beads counted (both sides non-empty).
    pub gold: usize,
}

/// Parse vecalign-style beads (`[0, 1]:[0]` per line; empty lines ignored). `origin` names the
/// file in errors.
pub fn parse_beads(text: &str, origin: &str) -> Result<Vec<IndexBead>, AlignError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let bad = || AlignError::Beads {
            path: origin.to_string(),
            line: n + 1,
            text: l.chars().take(80).collect(),
        };
        let (a, b) = l.split_once(':').ok_or_else(bad)?;
        let list = |s: &str| -> Option<Vec<usize>> {
            let inner = s.trim().strip_prefix('[')?.strip_suffix(']')?;
            inner
                .split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(|x| x.parse().ok())
                .collect()
        };
        out.push(IndexBead {
            src: list(a).ok_or_else(bad)?,
            tgt: list(b).ok_or_else(bad)?,
        });
    }
    Ok(out)
}

fn overlaps(a: &[usize], b: &[usize]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// Counts (strict hits, lax hits, total) of `test` beads against `gold` beads.
fn hits(test: &[&IndexBead], gold: &[&IndexBead]) -> (usize, usize, usize) {
    let exact: std::collections::HashSet<&IndexBead> = gold.iter().copied().collect();
    let (mut strict, mut lax) = (0, 0);
    for b in test {
        if exact.contains(b) {
            strict += 1;
            lax += 1;
        } else if gold
            .iter()
            .any(|g| overlaps(&g.src, &b.src) && overlaps(&g.tgt, &b.tgt))
        {
            lax += 1;
        }
    }
    (strict, lax, test.len())
}

fn prf(p_hits: usize, p_total: usize, r_hits: usize, r_total: usize) -> Score {
    let precision = if p_total == 0 {
        0.0
    } else {
        p_hits as f64 / p_total as f64
    };
    let recall = if r_total == 0 {
        0.0
    } else {
        r_hits as f64 / r_total as f64
    };
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Score {
        precision,
        recall,
        f1,
    }
}

/// Score predicted against gold alignments, summing counts over all (pred, gold) pairs.
pub fn score(pairs: &[(&[IndexBead], &[IndexBead])]) -> Scores {
    let (mut ps, mut pl, mut pt, mut rs, mut rl, mut rt) = (0, 0, 0, 0, 0, 0);
    for (pred, gold) in pairs {
        let p: Vec<&IndexBead> = pred
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .collect();
        let g: Vec<&IndexBead> = gold
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
            .collect();
        let (s, l, t) = hits(&p, &g);
        ps += s;
        pl += l;
        pt += t;
        let (s, l, t) = hits(&g, &p);
        rs += s;
        rl += l;
        rt += t;
    }
    Scores {
        strict: prf(ps, pt, rs, rt),
        lax: prf(pl, pt, rl, rt),
        predicted: pt,
        gold: rt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_scores() {
        let gold = parse_beads("[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[3]\n", "g").unwrap();
        let pred = parse_beads("[0]:[0]\n[1]:[1]\n[2]:[]\n[]:[2]\n[3]:[3]\n", "p").unwrap();
        let s = score(&[(&pred, &gold)]);
        assert_eq!((s.predicted, s.gold), (3, 3));
        assert!((s.strict.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.lax.precision - 1.0).abs() < 1e-9);
        assert!(parse_beads("[0]-[1]", "x").is_err());
        assert_eq!(parse_beads("[0, 2]:[1]", "x").unwrap()[0].src, [0, 2]);
    }

    fn close(got: Score, want: (f64, f64, f64)) {
        let ok = (got.precision - want.0).abs() < 1e-12
            && (got.recall - want.1).abs() < 1e-12
            && (got.f1 - want.2).abs() < 1e-12;
        assert!(ok, "{got:?} != {want:?}");
    }

    /// Precision, recall and F1 worked out by hand, with precision and recall apart.
    #[test]
    fn precision_recall_and_f1_by_hand() {
        // Gold: 4 beads with both sides (the 0:1 bead is left out).
        let gold = parse_beads("[0]:[0]\n[1]:[1]\n[2, 3]:[2]\n[4]:[3]\n[]:[4]\n", "g").unwrap();
        // Predicted: 5 beads with both sides: two exact ([0]:[0], [4]:[3]); [1, 2]:[1] overlaps
        // gold [1]:[1] on both sides, [3]:[2] overlaps gold [2, 3]:[2]; [5]:[5] overlaps none.
        let pred = parse_beads("[0]:[0]\n[1, 2]:[1]\n[3]:[2]\n[4]:[3]\n[5]:[5]\n", "p").unwrap();
        let s = score(&[(&pred, &gold)]);
        assert_eq!((s.predicted, s.gold), (5, 4));
        // Strict: P = 2/5, R = 2/4, F1 = 2·0.4·0.5 / 0.9 = 4/9.
        close(s.strict, (0.4, 0.5, 4.0 / 9.0));
        // Lax: P = 4/5 ([5]:[5] misses), R = 4/4 (every gold bead is overlapped),
        // F1 = 2·0.8·1 / 1.8 = 8/9.
        close(s.lax, (0.8, 1.0, 8.0 / 9.0));
        // Several pairs sum their counts (micro average): one more exact bead gives strict
        // P = 3/6, R = 3/5, F1 = 2·0.5·0.6 / 1.1 = 6/11 (not the mean of the two F1s).
        let one = parse_beads("[0]:[0]\n", "o").unwrap();
        let s = score(&[(&pred, &gold), (&one, &one)]);
        assert_eq!((s.predicted, s.gold), (6, 5));
        close(s.strict, (0.5, 0.6, 6.0 / 11.0));
        // Nothing predicted: all zero, no division by zero.
        let s = score(&[(&[], &gold)]);
        close(s.strict, (0.0, 0.0, 0.0));
        close(s.lax, (0.0, 0.0, 0.0));
    }
}
