//! Translator QA over an alignment: omissions, additions, numbers and names on one side only,
//! and beads whose length ratio is far outside the pair's norm.

use std::ops::Range;

use super::features::{SentFeatures, fold, name_key};
use super::{Bead, Side};
use crate::text::LineIndex;

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// Source sentences with no counterpart (one finding per consecutive run).
    Omission,
    /// Target sentences with no source (one finding per consecutive run).
    Addition,
    /// A number on one side of a bead only.
    Number,
    /// A name on one side of a bead only.
    Name,
    /// A bead whose length ratio is far outside the pair's norm.
    Length,
}

impl FindingKind {
    /// Short name used in every format.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Omission => "omission",
            FindingKind::Addition => "addition",
            FindingKind::Number => "number",
            FindingKind::Name => "name",
            FindingKind::Length => "length",
        }
    }
}

/// One QA finding with both texts and their positions.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Finding {
    /// What kind.
    pub kind: FindingKind,
    /// Index of the (first) bead concerned.
    pub bead: usize,
    /// Source sentences (empty range at the insertion point for additions).
    pub src: Range<usize>,
    /// Target sentences (empty range at the insertion point for omissions).
    pub tgt: Range<usize>,
    /// 1-based line of the first source sentence concerned (or the next one).
    pub src_line: Option<u32>,
    /// 1-based line of the first target sentence concerned (or the next one).
    pub tgt_line: Option<u32>,
    /// Source text of the sentences concerned.
    pub source_text: String,
    /// Target text of the sentences concerned.
    pub target_text: String,
    /// A one-line explanation.
    pub message: String,
}

fn line_of(side: &Side, idx: &LineIndex, i: usize) -> Option<u32> {
    side.sentences
        .get(i)
        .map(|s| idx.line_col(&side.text, s.start).0)
}

/// Builds findings with their lines and texts.
struct Maker<'a> {
    source: &'a Side,
    target: &'a Side,
    si: LineIndex,
    ti: LineIndex,
}

impl Maker<'_> {
    fn make(
        &self,
        kind: FindingKind,
        bead: usize,
        src: Range<usize>,
        tgt: Range<usize>,
        message: String,
    ) -> Finding {
        Finding {
            kind,
            bead,
            src_line: line_of(self.source, &self.si, src.start),
            tgt_line: line_of(self.target, &self.ti, tgt.start),
            source_text: self.source.joined(src.clone()),
            target_text: self.target.joined(tgt.clone()),
            src,
            tgt,
            message,
        }
    }
}

/// Compute the findings of one aligned pair.
pub fn findings(
    source: &Side,
    target: &Side,
    sf: &[SentFeatures],
    tf: &[SentFeatures],
    beads: &[Bead],
    ratio: f64,
) -> Vec<Finding> {
    let maker = Maker {
        source,
        target,
        si: LineIndex::new(&source.text),
        ti: LineIndex::new(&target.text),
    };
    let mut out = Vec::new();
    let norm = LengthNorm::of(sf, tf, beads, ratio);
    let mut k = 0;
    while k < beads.len() {
        let b = &beads[k];
        if b.tgt.is_empty() || b.src.is_empty() {
            let (finding, end) = unmatched_run(&maker, beads, k);
            out.push(finding);
            k = end;
            continue;
        }
        let checks = [
            (FindingKind::Number, numbers_differ(sf, tf, b)),
            (FindingKind::Name, names_differ(sf, tf, b)),
            (FindingKind::Length, norm.unusual(sf, tf, b)),
        ];
        for (kind, message) in checks {
            if let Some(message) = message {
                out.push(maker.make(kind, k, b.src.clone(), b.tgt.clone(), message));
            }
        }
        k += 1;
    }
    out
}

/// The typical log length ratio of the pair's 1-1 beads, and how far a bead may stray from it.
struct LengthNorm {
    median: f64,
    limit: f64,
}

impl LengthNorm {
    fn of(sf: &[SentFeatures], tf: &[SentFeatures], beads: &[Bead], ratio: f64) -> Self {
        // Typical log length ratio of 1-1 beads, and its spread (median absolute deviation).
        let mut logs: Vec<f64> = beads
            .iter()
            .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
            .filter_map(|b| {
                let (a, c) = (sf[b.src.start].len, tf[b.tgt.start].len);
                (a >= 20.0 && c >= 20.0).then(|| (c / a).ln())
            })
            .collect();
        logs.sort_by(f64::total_cmp);
        let median = logs.get(logs.len() / 2).copied().unwrap_or(ratio.ln());
        let mut devs: Vec<f64> = logs.iter().map(|x| (x - median).abs()).collect();
        devs.sort_by(f64::total_cmp);
        let mad = devs.get(devs.len() / 2).copied().unwrap_or(0.2);
        let limit = (4.0 * 1.4826 * mad).max(2f64.ln());
        LengthNorm { median, limit }
    }

    /// The message when bead `b`'s length ratio is far outside the norm.
    fn unusual(&self, sf: &[SentFeatures], tf: &[SentFeatures], b: &Bead) -> Option<String> {
        let l1: f64 = b.src.clone().map(|i| sf[i].len).sum();
        let l2: f64 = b.tgt.clone().map(|i| tf[i].len).sum();
        if l1 + l2 >= 60.0 && l1 > 0.0 && l2 > 0.0 {
            let d = (l2 / l1).ln() - self.median;
            if d.abs() > self.limit {
                return Some(format!(
                    "translation is {:.1}× {} than usual for this pair",
                    d.abs().exp(),
                    if d > 0.0 { "longer" } else { "shorter" }
                ));
            }
        }
        None
    }
}

/// The omission (or addition) finding of the run of unmatched beads starting at `k`, and the
/// index of the bead after the run.
fn unmatched_run(maker: &Maker, beads: &[Bead], k: usize) -> (Finding, usize) {
    let omission = beads[k].tgt.is_empty();
    let mut e = k;
    while e < beads.len()
        && (if omission {
            beads[e].tgt.is_empty()
        } else {
            beads[e].src.is_empty()
        })
    {
        e += 1;
    }
    let src = beads[k].src.start..beads[e - 1].src.end;
    let tgt = beads[k].tgt.start..beads[e - 1].tgt.end;
    let (kind, n, what) = if omission {
        (
            FindingKind::Omission,
            src.len(),
            "source sentence(s) without translation",
        )
    } else {
        (
            FindingKind::Addition,
            tgt.len(),
            "target sentence(s) without source",
        )
    };
    let range = if omission { &src } else { &tgt };
    let message = if n == 1 {
        format!("{n} {what} (sentence {})", range.start + 1)
    } else {
        format!("{n} {what} (sentences {}–{})", range.start + 1, range.end)
    };
    (maker.make(kind, k, src, tgt, message), e)
}

/// The message when numbers appear on one side of bead `b` only.
fn numbers_differ(sf: &[SentFeatures], tf: &[SentFeatures], b: &Bead) -> Option<String> {
    let nums = |f: &[SentFeatures], r: &Range<usize>| -> Vec<String> {
        let mut v: Vec<String> = r.clone().flat_map(|i| f[i].numbers.clone()).collect();
        v.sort();
        v
    };
    let (a, c) = (nums(sf, &b.src), nums(tf, &b.tgt));
    let only_a = multiset_minus(&a, &c);
    let only_c = multiset_minus(&c, &a);
    if only_a.is_empty() && only_c.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !only_a.is_empty() {
        parts.push(format!("only in source: {}", only_a.join(", ")));
    }
    if !only_c.is_empty() {
        parts.push(format!("only in translation: {}", only_c.join(", ")));
    }
    Some(format!("numbers differ: {}", parts.join("; ")))
}

/// The message when names appear on one side of bead `b` only.
fn names_differ(sf: &[SentFeatures], tf: &[SentFeatures], b: &Bead) -> Option<String> {
    let mut missing = Vec::new();
    for (f_from, f_to, r_from, r_to, label) in [
        (sf, tf, &b.src, &b.tgt, "source"),
        (tf, sf, &b.tgt, &b.src, "translation"),
    ] {
        missing_names(f_from, f_to, r_from, r_to, label, &mut missing);
    }
    (!missing.is_empty()).then(|| format!("names differ: {}", missing.join(", ")))
}

/// Push `NAME (only in LABEL)` for each name of the sentences `r_from` not found in `r_to`.
fn missing_names(
    f_from: &[SentFeatures],
    f_to: &[SentFeatures],
    r_from: &Range<usize>,
    r_to: &Range<usize>,
    label: &str,
    missing: &mut Vec<String>,
) {
    let keys: std::collections::HashSet<&str> = r_to
        .clone()
        .flat_map(|i| f_to[i].keys.iter().map(String::as_str))
        .collect();
    let words: Vec<&str> = r_to
        .clone()
        .flat_map(|i| f_to[i].words.iter().map(String::as_str))
        .collect();
    let gloss_to: std::collections::HashSet<usize> = r_to
        .clone()
        .flat_map(|i| f_to[i].gloss.iter().map(|g| g.1))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for i in r_from.clone() {
        if f_from[i].heading {
            continue;
        }
        for name in &f_from[i].names {
            let key = name_key(name);
            if keys.contains(key.as_str()) || !seen.insert(key) {
                continue;
            }
            // Spelling differs across languages (Communist ~ Comunista): a shared
            // three-letter start or a close spelling counts as present.
            let folded = fold(name.split(['\'', '’']).next().unwrap_or(name));
            let start: String = folded.chars().take(3).collect();
            let glossed = f_from[i]
                .gloss
                .iter()
                .any(|(w, n)| *w == folded && gloss_to.contains(n));
            let found = glossed
                || words
                    .iter()
                    .any(|w| w.starts_with(&start) || strsim::jaro_winkler(w, &folded) >= 0.85);
            if !found {
                missing.push(format!("{name} (only in {label})"));
            }
        }
    }
}

fn multiset_minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut b: Vec<&String> = b.iter().collect();
    let mut out = Vec::new();
    for x in a {
        if let Some(p) = b.iter().position(|y| *y == x) {
            b.swap_remove(p);
        } else {
            out.push(x.clone());
        }
    }
    out
}
