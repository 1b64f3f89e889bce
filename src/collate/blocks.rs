//! Rewritten passages as one place (issue 16, "placement in two tiers").
//!
//! Word-level alignment matches every token it can. Where a witness rewrote a passage, what it
//! still shares with the others is mostly function words and punctuation (`of`, `the`, `to`,
//! `,`), matched across unrelated sentences: the apparatus becomes a chain of fragments
//! (`om.] our`, `om.] a`, `time`…). An editor draws one place with each witness's whole
//! reading instead.
//!
//! So, after alignment, the columns are read in two tiers. **Anchors** are runs of columns
//! where every witness reads the same, long enough or holding a content word (a token that is
//! neither punctuation nor a frequent function word). Between two anchors lies a *stretch*;
//! when a stretch holds several separate variation places and the witnesses share too little
//! of its content words, the span from its first to its last variant column becomes one place.
//! Low-priority tokens (function words, punctuation) aligned inside the stretch are kept in
//! the table's cells but no longer cut the place into fragments.
//!
//! The decision depends only on the columns and on which witnesses read alike, never on the
//! order the witnesses were given, so order independence is kept.

use std::ops::Range;

/// Share of matched content tokens below which a stretch is one place: for some pair of
/// witnesses that read the stretch differently, under this share of the content tokens
/// either reads stand in a column where the other reads the same token. Chosen on the Frankenstein development set
/// (`scripts/score-spine.py`, BENCHMARKS-collate.md): 0.5 merges the rewritten letter of C11
/// into blocks and leaves the lightly varied units as they were.
pub const MIN_SHARED: f64 = 0.5;

/// A stretch is merged only when it holds at least this many separate variation places: one
/// or two places with agreeing words between them are read best as they are.
const MIN_PLACES: usize = 3;

/// … and spans at least this many tokens in some witness: a sentence with three one-word
/// changes (`interested` / `disinterested` … `effect` / `effects`) stays fine-grained.
const MIN_SPAN: usize = 12;

/// An anchor is a run of full agreement of at least this many tokens, or one holding a
/// content word and at least `ANCHOR_CONTENT_LEN` tokens.
const ANCHOR_LEN: usize = 4;
const ANCHOR_CONTENT_LEN: usize = 2;

/// What the block pass needs to know of each unit column.
pub(super) struct ColumnFacts<'a> {
    /// Per column, per witness: the unit id read there, if any.
    pub ids: &'a [Vec<Option<u32>>],
    /// Per id: true for low-priority tokens (punctuation, function words, frequent words).
    pub low: &'a [bool],
}

impl ColumnFacts<'_> {
    fn full_agreement(&self, c: usize) -> bool {
        let col = &self.ids[c];
        col[0].is_some() && col.iter().all(|x| *x == col[0])
    }

    fn content(&self, id: u32) -> bool {
        !self.low[id as usize]
    }

    /// The most tokens any witness reads in `cols`.
    fn span(&self, cols: Range<usize>) -> usize {
        let w = self.ids.first().map_or(0, Vec::len);
        (0..w)
            .map(|w| cols.clone().filter(|&c| self.ids[c][w].is_some()).count())
            .max()
            .unwrap_or(0)
    }

    /// The lowest share of matched content tokens between two witnesses that read `cols`
    /// differently: for such a pair, the content tokens both read in one column over all the
    /// content tokens either reads. `None` when no pair reads content differently. (Pairs,
    /// not all witnesses at once: three editions that agree share everything among themselves,
    /// and the fourth that rewrote the passage shares nothing with any of them.)
    fn min_shared(&self, cols: Range<usize>) -> Option<f64> {
        let n = self.ids.first().map_or(0, Vec::len);
        let mut best: Option<f64> = None;
        for w in 0..n {
            for v in w + 1..n {
                let (mut total, mut shared, mut differ) = (0usize, 0usize, false);
                for c in cols.clone() {
                    let (a, b) = (self.ids[c][w], self.ids[c][v]);
                    differ |= a != b;
                    let ca = a.is_some_and(|id| self.content(id));
                    let cb = b.is_some_and(|id| self.content(id));
                    total += ca as usize + cb as usize;
                    if ca && a == b {
                        shared += 2;
                    }
                }
                if differ && total > 0 {
                    let s = shared as f64 / total as f64;
                    best = Some(best.map_or(s, |b: f64| b.min(s)));
                }
            }
        }
        best
    }
}

/// Merge the runs (ranges of unit columns, in order, covering all columns) that make up
/// rewritten passages. Returns the new runs and, per new run, whether it is a merged block.
pub(super) fn merge_blocks(
    runs: Vec<Range<usize>>,
    facts: &ColumnFacts<'_>,
    min_shared: f64,
) -> (Vec<Range<usize>>, Vec<bool>) {
    let n = facts.ids.len();
    // Anchor columns.
    let mut anchor = vec![false; n];
    let mut c = 0;
    while c < n {
        if !facts.full_agreement(c) {
            c += 1;
            continue;
        }
        let s = c;
        while c < n && facts.full_agreement(c) {
            c += 1;
        }
        let len = c - s;
        let has_content = (s..c).any(|k| facts.ids[k][0].is_some_and(|id| facts.content(id)));
        if len >= ANCHOR_LEN || (has_content && len >= ANCHOR_CONTENT_LEN) {
            anchor[s..c].iter_mut().for_each(|a| *a = true);
        }
    }
    let variant_run = |r: &Range<usize>| !facts.full_agreement(r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(runs.len());
    let mut block = Vec::with_capacity(runs.len());
    let mut i = 0;
    while i < runs.len() {
        if anchor[runs[i].start] {
            out.push(runs[i].clone());
            block.push(false);
            i += 1;
            continue;
        }
        // A stretch: runs up to the next anchor.
        let mut j = i;
        while j < runs.len() && !anchor[runs[j].start] {
            j += 1;
        }
        let first = (i..j).find(|&k| variant_run(&runs[k]));
        let last = (i..j).rev().find(|&k| variant_run(&runs[k]));
        let places = (i..j).filter(|&k| variant_run(&runs[k])).count();
        let merge = match (first, last) {
            (Some(f), Some(l))
                if places >= MIN_PLACES && facts.span(runs[f].start..runs[l].end) >= MIN_SPAN =>
            {
                facts
                    .min_shared(runs[f].start..runs[l].end)
                    .is_some_and(|s| s < min_shared)
            }
            _ => false,
        };
        if merge {
            let (f, l) = (first.unwrap_or(i), last.unwrap_or(i));
            for r in &runs[i..f] {
                out.push(r.clone());
                block.push(false);
            }
            out.push(runs[f].start..runs[l].end);
            block.push(true);
            for r in &runs[l + 1..j] {
                out.push(r.clone());
                block.push(false);
            }
        } else {
            for r in &runs[i..j] {
                out.push(r.clone());
                block.push(false);
            }
        }
        i = j;
    }
    (out, block)
}

/// Merge adjacent variation runs (no column of agreement between them) into one place, so
/// that the readings of one place share a column (`om.` / `and white` / `and green`), except
/// runs in `keep` (the places of a transposition). Returns the new runs and, per old run, the
/// index of the new run holding it.
pub(super) fn merge_adjacent(
    runs: Vec<Range<usize>>,
    variant: impl Fn(&Range<usize>) -> bool,
    keep: &[bool],
) -> (Vec<Range<usize>>, Vec<usize>) {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(runs.len());
    let mut index = Vec::with_capacity(runs.len());
    let mut open = false; // the last output run is a mergeable variant run
    for (i, r) in runs.into_iter().enumerate() {
        let mergeable = variant(&r) && !keep[i];
        match out.last_mut() {
            Some(last) if open && mergeable => last.end = r.end,
            _ => out.push(r),
        }
        open = mergeable;
        index.push(out.len() - 1);
    }
    (out, index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs_of(ids: &[Vec<Option<u32>>]) -> Vec<Range<usize>> {
        // One run per column, as segmentation would give for alternating partitions.
        (0..ids.len()).map(|c| c..c + 1).collect()
    }

    #[test]
    fn fragments_of_a_rewrite_become_one_block() {
        // Two witnesses: an anchor (ids 0..4), a rewrite sharing only a low-priority token
        // (id 9, "the") every third column, an anchor again.
        let s = Some;
        let mut ids: Vec<Vec<Option<u32>>> = (0..4).map(|k| vec![s(k), s(k)]).collect();
        for k in 0..15u32 {
            ids.push(if k % 3 == 2 {
                vec![s(9), s(9)]
            } else {
                vec![s(100 + k), s(200 + k)]
            });
        }
        ids.extend((4..8).map(|k| vec![s(k), s(k)]));
        let mut low = vec![false; 256];
        low[9] = true;
        let facts = ColumnFacts {
            ids: &ids,
            low: &low,
        };
        let mut runs: Vec<Range<usize>> = Vec::new();
        runs.push(0..4);
        runs.extend((4..19).map(|c| c..c + 1));
        runs.push(19..23);
        let (out, block) = merge_blocks(runs, &facts, MIN_SHARED);
        // The last column of the stretch reads "the" in both: it stays outside the block.
        assert_eq!(out, vec![0..4, 4..18, 18..19, 19..23]);
        assert_eq!(block, vec![false, true, false, false]);
    }

    #[test]
    fn shared_content_keeps_fine_places() {
        // Variants separated by two shared content words each: most content is shared.
        let s = Some;
        let ids: Vec<Vec<Option<u32>>> = (0..30u32)
            .map(|k| {
                if k % 3 == 0 {
                    vec![s(100 + k), s(200 + k)]
                } else {
                    vec![s(k), s(k)]
                }
            })
            .collect();
        let low = vec![false; 256];
        let facts = ColumnFacts {
            ids: &ids,
            low: &low,
        };
        let runs = runs_of(&ids);
        let (out, block) = merge_blocks(runs.clone(), &facts, MIN_SHARED);
        assert_eq!(out, runs);
        assert!(block.iter().all(|b| !b));
    }

    #[test]
    fn adjacent_places_share_one() {
        let runs = vec![0..2, 2..3, 3..4, 4..6, 6..7, 7..8];
        let variant = |r: &Range<usize>| [2, 3, 6, 7].contains(&r.start);
        let keep = [false, false, false, false, false, true];
        let (out, index) = merge_adjacent(runs, variant, &keep);
        assert_eq!(out, vec![0..2, 2..4, 4..6, 6..7, 7..8]);
        assert_eq!(index, vec![0, 1, 1, 2, 3, 4]);
    }

    #[test]
    fn short_sentences_with_one_word_changes_stay_fine() {
        let s = Some;
        // interested | in his | mother's | great | effect: share 0.25 but only 6 tokens.
        let ids: Vec<Vec<Option<u32>>> = vec![
            vec![s(10), s(20)],
            vec![s(1), s(1)],
            vec![s(2), s(2)],
            vec![s(11), s(21)],
            vec![s(3), s(3)],
            vec![s(12), s(22)],
        ];
        let mut low = vec![false; 32];
        low[1] = true;
        low[2] = true;
        let facts = ColumnFacts {
            ids: &ids,
            low: &low,
        };
        let runs = runs_of(&ids);
        let (out, _) = merge_blocks(runs.clone(), &facts, MIN_SHARED);
        assert_eq!(out, runs);
    }
}
