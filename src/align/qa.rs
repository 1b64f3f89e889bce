//! Translator QA over an alignment: omissions, additions, numbers and names on one side only,
//! and beads whose length ratio is far outside the pair's norm.

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::features::{SentFeatures, name_key};
use super::names::{expected, fold_name, same_name};
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
    /// A translation sentence repeated (translated twice) where the source does not repeat.
    Repeat,
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
            FindingKind::Repeat => "repeat",
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
    let vocab = [NameVocab::of(sf), NameVocab::of(tf)];
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
            (FindingKind::Name, name_message(sf, tf, beads, k, &vocab)),
            (FindingKind::Length, norm.unusual(sf, tf, b)),
        ];
        for (kind, message) in checks {
            if let Some(message) = message {
                out.push(maker.make(kind, k, b.src.clone(), b.tgt.clone(), message));
            }
        }
        k += 1;
    }
    out.extend(repeats(sf, tf, beads, &maker));
    out.sort_by_key(|f| (f.bead, f.kind as u8));
    out
}

/// Characters (without spaces and markers) a side needs for its length ratio to be measured.
const MIN_MEASURED: f64 = 20.0;

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
                (a >= MIN_MEASURED && c >= MIN_MEASURED).then(|| (c / a).ln())
            })
            .collect();
        logs.sort_by(f64::total_cmp);
        let median = logs.get(logs.len() / 2).copied().unwrap_or(ratio.ln());
        let mut devs: Vec<f64> = logs.iter().map(|x| (x - median).abs()).collect();
        devs.sort_by(f64::total_cmp);
        let mad = devs.get(devs.len() / 2).copied().unwrap_or(0.2);
        // An outlier by the pair's own spread (modified z-score above 3.5, Iglewicz &
        // Hoaglin); with too few beads to estimate a spread, twice or half the usual ratio.
        let limit = if logs.len() >= 8 && mad > 0.0 {
            3.5 * 1.4826 * mad
        } else {
            2f64.ln()
        };
        LengthNorm { median, limit }
    }

    /// The message when bead `b`'s length ratio is far outside the norm.
    fn unusual(&self, sf: &[SentFeatures], tf: &[SentFeatures], b: &Bead) -> Option<String> {
        let l1: f64 = b.src.clone().map(|i| sf[i].len).sum();
        let l2: f64 = b.tgt.clone().map(|i| tf[i].len).sum();
        // Judged only where the norm was measured: a source of 20 characters or more. A
        // shorter one (an address line, a title) is spelt out or abbreviated freely — `В
        // Политбюро ВКП(б)` is `To the Politburo of the All-Union Communist Party (B)` —
        // and its ratio says nothing; a translation cut short still has a long source.
        if l1 >= MIN_MEASURED && l1 + l2 >= 60.0 && l2 > 0.0 {
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
    // Sentence numbers are 0-based everywhere (text, JSON, HTML, TSV, beads).
    let message = if n == 1 {
        format!("{n} {what} (sentence {})", range.start)
    } else {
        format!("{n} {what} (sentences {}–{})", range.start, range.end - 1)
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

/// The comparison form of a sentence for repeats: its folded words.
fn sentence_key(f: &SentFeatures) -> Option<String> {
    (f.words.len() >= 3).then(|| f.words.join(" "))
}

/// Translation sentences that repeat one of the two before them while the source sentences
/// they render do not repeat: a sentence translated twice.
fn repeats(
    sf: &[SentFeatures],
    tf: &[SentFeatures],
    beads: &[Bead],
    maker: &Maker,
) -> Vec<Finding> {
    let mut bead_of = vec![0; tf.len()];
    for (k, b) in beads.iter().enumerate() {
        for j in b.tgt.clone() {
            bead_of[j] = k;
        }
    }
    let keys: Vec<Option<String>> = tf.iter().map(sentence_key).collect();
    let mut out = Vec::new();
    for j in 1..tf.len() {
        let Some(key) = &keys[j] else { continue };
        let Some(p) = (j.saturating_sub(2)..j).find(|&p| keys[p].as_ref() == Some(key)) else {
            continue;
        };
        let (kp, kj) = (bead_of[p], bead_of[j]);
        let src = beads[kp].src.start..beads[kj].src.end;
        let skeys: Vec<Option<String>> = src.clone().map(|i| sentence_key(&sf[i])).collect();
        let source_repeats = skeys
            .iter()
            .enumerate()
            .any(|(a, x)| x.is_some() && skeys[a + 1..].contains(x));
        if source_repeats {
            continue;
        }
        out.push(maker.make(
            FindingKind::Repeat,
            kj,
            beads[kj].src.clone(),
            j..j + 1,
            format!("translation sentence {j} repeats sentence {p} (translated twice?)"),
        ));
    }
    out
}

/// What a text says about its capitalised words.
struct NameVocab<'a> {
    /// Folded words written in lower case somewhere.
    lower: FxHashSet<&'a str>,
    /// Folded name candidates seen right after a word somewhere.
    strong: FxHashSet<&'a str>,
}

impl<'a> NameVocab<'a> {
    fn of(f: &'a [SentFeatures]) -> Self {
        NameVocab {
            lower: f
                .iter()
                .flat_map(|x| x.lower.iter().map(String::as_str))
                .collect(),
            strong: f
                .iter()
                .flat_map(|x| x.strong.iter().map(String::as_str))
                .collect(),
        }
    }

    /// Is the folded capitalised word `w` a name by this text's own usage?
    fn is_name(&self, w: &str) -> bool {
        self.strong.contains(w) && !self.lower.contains(w)
    }
}

/// Source names of bead `k` with no counterpart in the translation's bead (or the beads just
/// before and after it, so that a name moved across a bead boundary is not reported), as one
/// message that says what was expected and which names the translation has instead. Names
/// only in the translation are not findings by themselves (translators make a pronoun's
/// referent explicit); they are shown as what the translation has instead.
fn name_message(
    sf: &[SentFeatures],
    tf: &[SentFeatures],
    beads: &[Bead],
    k: usize,
    vocab: &[NameVocab; 2],
) -> Option<String> {
    let b = &beads[k];
    let near = beads[k.saturating_sub(1)].tgt.start..beads[(k + 1).min(beads.len() - 1)].tgt.end;
    let keys: FxHashSet<&str> = near
        .clone()
        .flat_map(|i| tf[i].keys.iter().map(String::as_str))
        .collect();
    let words: Vec<&str> = near
        .clone()
        .flat_map(|i| tf[i].words.iter().map(String::as_str))
        .collect();
    let gloss_to: FxHashSet<usize> = near
        .clone()
        .flat_map(|i| tf[i].gloss.iter().map(|g| g.1))
        .collect();
    let mut missing: Vec<(&str, String)> = Vec::new();
    let mut seen = FxHashSet::default();
    for i in b.src.clone() {
        if sf[i].heading {
            continue;
        }
        for name in &sf[i].names {
            let folded = fold_name(name);
            if !vocab[0].is_name(&folded) || !seen.insert(folded.clone()) {
                continue;
            }
            let glossed = sf[i]
                .gloss
                .iter()
                .any(|(w, n)| *w == folded && gloss_to.contains(n));
            let found = glossed
                || keys.contains(name_key(name).as_str())
                || words.iter().any(|w| same_name(&folded, w));
            if !found {
                missing.push((name, folded));
            }
        }
    }
    if missing.is_empty() {
        return None;
    }
    // What the translation's bead names instead: its names with no counterpart in the source.
    let src_words: Vec<&str> = b
        .src
        .clone()
        .flat_map(|i| sf[i].words.iter().map(String::as_str))
        .collect();
    let mut instead: Vec<&str> = Vec::new();
    for j in b.tgt.clone() {
        for name in &tf[j].names {
            let folded = fold_name(name);
            if vocab[1].is_name(&folded)
                && !src_words.iter().any(|w| same_name(&folded, w))
                && !instead.contains(&name.as_str())
            {
                instead.push(name);
            }
        }
    }
    let parts: Vec<String> = missing
        .iter()
        .map(|(name, folded)| {
            let mut m = format!(
                "{name} (only in source; expected {} in the translation",
                expected(folded, name)
            );
            if !instead.is_empty() {
                m.push_str(&format!(", which has {} instead", instead.join(", ")));
            }
            m.push(')');
            m
        })
        .collect();
    Some(format!("names differ: {}", parts.join("; ")))
}
