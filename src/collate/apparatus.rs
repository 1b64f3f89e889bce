//! From aligned units to the table (segmentation), the transpositions and the apparatus.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{AlignmentTable, CollatedWitness, Column, align};
use crate::diff::{VariantClass, VariantKind, classify};
use crate::text::{LineIndex, Normalizer};

/// A moved block: the same reading stands at two places, read by complementary sets of
/// witnesses, and is absent from the other place in each.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Transposition {
    /// Index of this transposition (`T1` is index 0).
    pub id: usize,
    /// The table columns of each place (ranges into [`AlignmentTable::columns`]).
    pub columns: [Range<usize>; 2],
    /// The witnesses reading the block at each place (given order).
    pub witnesses: [Vec<usize>; 2],
    /// The block's reading (from the first witness at the first place).
    pub text: String,
}

/// The critical apparatus: one entry per variant column.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Apparatus {
    /// The base witness (index in the given order) whose readings are the lemmata.
    pub base: usize,
    /// Entries in text order.
    pub entries: Vec<Entry>,
    /// Regularized variants, in text order: places where a witness reads the base's reading
    /// only under the `--regularize` table (`colour` for `color`). Each entry's lemma is the
    /// base's reading and its other readings are classed spelling. They share a column with
    /// the base, so [`Apparatus::entries`] leaves them out; renderers list them inline,
    /// separately or not at all.
    pub regularized: Vec<Entry>,
}

/// One variation place.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Entry {
    /// The table column.
    pub column: usize,
    /// 1-based line in the base witness where the place is (for an addition, the line of the
    /// base text just before it).
    pub line: u32,
    /// 1-based column (in characters) of the place in that line: its first base token, or for
    /// an addition the end of the base token before it.
    pub col: u32,
    /// The place's key in the apparatus, unique per entry: `LINE.WORD` — the base's line and
    /// the place's first base word counted on that line from 1 (`12.5`); a place that does not
    /// begin with a base word (an addition, or a punctuation mark) is keyed after the base word
    /// before it (`12.5+`, `12.0+` before a line's first word), and a second place there adds
    /// a letter (`12.5+b`). For a TEI base, `LINE:COL` of its XML file.
    pub key: String,
    /// For a place the base does not read (an addition against the base): the neighbouring
    /// base word that names it, and whether that word stands before the place (`cat] cat
    /// black W2`) or, at the very start of the text, after it.
    pub anchor: Option<Anchor>,
    /// The readings: the lemma (the base witness's reading) first, then the others in the order
    /// of their first witness.
    pub readings: Vec<Reading>,
    /// The most substantive class among the readings.
    pub class: VariantClass,
    /// What happened relative to the lemma.
    pub kind: VariantKind,
    /// The transposition this place belongs to, if any.
    pub transposition: Option<usize>,
    /// For a regularized variant ([`Apparatus::regularized`]), the base tokens its lemma reads:
    /// part of its column's base cell (`colour` in `The colour of`). `None` for the other
    /// entries, whose lemma is their column's whole base cell.
    #[serde(skip)]
    pub narrowed: Option<Range<u32>>,
}

/// The base word that locates an addition in the apparatus.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Anchor {
    /// The word as the base reads it.
    pub word: String,
    /// True when the word stands before the place (the usual case).
    pub before: bool,
}

/// One reading at a variation place.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Reading {
    /// The reading as in its first witness (empty for an omission).
    pub text: String,
    /// The witnesses attesting it (given order).
    pub witnesses: Vec<usize>,
    /// True for the lemma.
    pub lemma: bool,
    /// Class of the difference from the lemma (`None` for the lemma).
    pub class: Option<VariantClass>,
    /// Kind of the difference from the lemma (`None` for the lemma).
    pub kind: Option<VariantKind>,
    /// The witnesses have a lacuna here (`<gap/>` in TEI): `lac.`, not `om.`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lacuna: bool,
    /// `(witness, "p. 12, l. 7")` for the witnesses read from TEI that have pages or lines.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cites: Vec<(usize, String)>,
}

const GAP: u32 = 1 << 31;

/// Group labels of a unit column: per witness, the first witness with the same unit id (gaps
/// together, flagged with `GAP`).
fn labels(col: &[Option<u32>], unit_ids: &[Vec<u32>]) -> Vec<u32> {
    let key = |w: usize| col[w].map(|u| unit_ids[w][u as usize]);
    (0..col.len())
        .map(|w| {
            let k = key(w);
            let first = (0..w).find(|&v| key(v) == k).unwrap_or(w) as u32;
            if k.is_none() { first | GAP } else { first }
        })
        .collect()
}

/// Same groups of agreeing witnesses, whether a group reads something or nothing: "look to" /
/// "compare" is one place, not a substitution followed by an omission.
fn same_partition(a: &[u32], b: &[u32]) -> bool {
    a.iter().zip(b).all(|(x, y)| x & !GAP == y & !GAP)
}

/// Group labels of a merged block: witnesses with the same sequence of unit ids over the
/// block's columns read alike (an empty sequence is a gap).
fn block_labels(
    cols: Range<usize>,
    unit_cols: &[Vec<Option<u32>>],
    unit_ids: &[Vec<u32>],
) -> Vec<u32> {
    let n = unit_cols.first().map_or(0, Vec::len);
    let seq = |w: usize| -> Vec<u32> {
        cols.clone()
            .filter_map(|c| unit_cols[c][w].map(|u| unit_ids[w][u as usize]))
            .collect()
    };
    let seqs: Vec<Vec<u32>> = (0..n).map(seq).collect();
    (0..n)
        .map(|w| {
            let first = (0..w).find(|&v| seqs[v] == seqs[w]).unwrap_or(w) as u32;
            if seqs[w].is_empty() {
                first | GAP
            } else {
                first
            }
        })
        .collect()
}

/// Runs into places: rewritten stretches merged into blocks (when `low` is given), moved blocks
/// found, then adjacent variation runs merged into one place (transposed ones kept apart).
fn shape_runs(
    mut runs: Vec<Range<usize>>,
    labs: &[Vec<u32>],
    unit_cols: &[Vec<Option<u32>>],
    unit_ids: &[Vec<u32>],
    (weight, low_ids): (&[u32], &[bool]),
    low: Option<&[bool]>,
) -> (Vec<Range<usize>>, Vec<(usize, usize)>) {
    let variant = |l: &[u32]| l.iter().any(|&x| x != 0);
    if let Some(low) = low {
        let ids: Vec<Vec<Option<u32>>> = unit_cols
            .iter()
            .map(|col| {
                col.iter()
                    .enumerate()
                    .map(|(w, u)| u.map(|u| unit_ids[w][u as usize]))
                    .collect()
            })
            .collect();
        let facts = super::blocks::ColumnFacts { ids: &ids, low };
        runs = super::blocks::merge_blocks(runs, &facts, super::blocks::MIN_SHARED).0;
    }
    let (runs, mut trans_runs) =
        find_transpositions(runs, labs, unit_cols, unit_ids, (weight, low_ids));
    let runs = if low.is_some() {
        let mut keep = vec![false; runs.len()];
        for &(p, q) in &trans_runs {
            keep[p] = true;
            keep[q] = true;
        }
        let (merged, index) =
            super::blocks::merge_adjacent(runs, |r| variant(&labs[r.start]), &keep);
        for pq in &mut trans_runs {
            *pq = (index[pq.0], index[pq.1]);
        }
        merged
    } else {
        runs
    };
    (runs, trans_runs)
}

/// Build the table from unit columns: group labels, transpositions (moves of content words
/// over [`MAX_MOVE`] tokens at most, `low_ids` flagging each id's low priority), optional
/// segmentation, and (with `low`, the same flags) rewritten passages merged into blocks.
#[allow(clippy::too_many_arguments)]
pub(super) fn build_table(
    wits: &[CollatedWitness],
    unit_ids: &[Vec<u32>],
    weight: &[u32],
    low_ids: &[bool],
    unit_cols: Vec<Vec<Option<u32>>>,
    segment: bool,
    low: Option<&[bool]>,
) -> (AlignmentTable, Vec<Transposition>) {
    let labs: Vec<Vec<u32>> = unit_cols.par_iter().map(|c| labels(c, unit_ids)).collect();
    let variant = |l: &[u32]| l.iter().any(|&x| x != 0);
    // Runs of columns with the same partition of witnesses.
    let mut runs: Vec<Range<usize>> = Vec::new();
    for c in 0..unit_cols.len() {
        match runs.last_mut() {
            Some(r) if same_partition(&labs[r.start], &labs[c]) => r.end = c + 1,
            _ => runs.push(c..c + 1),
        }
    }
    let (runs, trans_runs) = shape_runs(runs, &labs, &unit_cols, unit_ids, (weight, low_ids), low);
    // A block is a run whose columns do not all split the witnesses alike.
    let run_labs: Vec<Option<Vec<u32>>> = runs
        .iter()
        .map(|r| {
            let block = !r.clone().all(|c| same_partition(&labs[r.start], &labs[c]));
            block.then(|| block_labels(r.clone(), &unit_cols, unit_ids))
        })
        .collect();
    let mut run_trans: Vec<Option<usize>> = vec![None; runs.len()];
    for (t, &(p, q)) in trans_runs.iter().enumerate() {
        run_trans[p] = Some(t);
        run_trans[q] = Some(t);
    }
    let cell = |cols: Range<usize>, w: usize| -> Option<Range<u32>> {
        let mut r: Option<Range<u32>> = None;
        for c in cols {
            if let Some(u) = unit_cols[c][w] {
                let ur = &wits[w].units[u as usize];
                r = Some(match r {
                    None => ur.clone(),
                    Some(x) => x.start..ur.end,
                });
            }
        }
        r
    };
    let n = wits.len();
    let mut columns = Vec::new();
    let mut run_cols: Vec<Range<usize>> = Vec::with_capacity(runs.len());
    for (ri, run) in runs.iter().enumerate() {
        let start = columns.len();
        let pieces: Vec<Range<usize>> = if segment || run_labs[ri].is_some() {
            vec![run.clone()]
        } else {
            run.clone().map(|c| c..c + 1).collect()
        };
        for p in pieces {
            let l = run_labs[ri].as_ref().unwrap_or(&labs[p.start]);
            columns.push(Column {
                cells: (0..n).map(|w| cell(p.clone(), w)).collect(),
                variant: variant(l),
                groups: l.iter().map(|&x| (x & !GAP) as usize).collect(),
                transposition: run_trans[ri],
            });
        }
        run_cols.push(start..columns.len());
    }
    let transpositions = trans_runs
        .iter()
        .enumerate()
        .map(|(id, &(p, q))| {
            let who = |r: usize| -> Vec<usize> {
                let c = &columns[run_cols[r].start];
                (0..n).filter(|&w| c.cells[w].is_some()).collect()
            };
            let wp = who(p);
            let text = wp
                .first()
                .map(|&w| {
                    let s = columns[run_cols[p].start].cells[w].clone().unwrap_or(0..0);
                    let e = columns[run_cols[p].end - 1].cells[w]
                        .clone()
                        .unwrap_or(0..0);
                    wits[w].span_text(&(s.start..e.end)).to_string()
                })
                .unwrap_or_default();
            Transposition {
                id,
                columns: [run_cols[p].clone(), run_cols[q].clone()],
                witnesses: [wp, who(q)],
                text,
            }
        })
        .collect();
    (AlignmentTable { columns }, transpositions)
}

/// A run considered for transpositions.
struct Piece {
    cols: Range<usize>,
    /// For a pure presence/absence run: which witnesses read it.
    present: Option<Vec<bool>>,
    /// Unit ids of the reading.
    key: Vec<u32>,
    /// The transposition (provisional number) this run belongs to.
    pair: Option<usize>,
}

/// How far apart (in table columns) the two places of a transposition may be at most, even
/// for a long block (bounds the search).
const MAX_DISTANCE: usize = 2000;
/// How far a block moves, at most, for a reader to call it a transposition: the tokens between
/// its two places, in the witness where they lie furthest apart (about two sentences).
/// Further apart, an omission and an addition of the same words are independent changes —
/// unless the block is long ([`MOVE_ANYWHERE`]).
pub(crate) const MAX_MOVE: usize = 50;
/// A block of this many words or more is moved wherever it went.
pub(crate) const MOVE_ANYWHERE: usize = 8;
/// A lone function word moves only over this many tokens at most: a local swap (`differ from
/// each other more` / `differ more from each other`, `of the` / `the of`).
const NEAR: usize = 4;
/// Longest reading compared for partial transpositions.
const MAX_PARTIAL: usize = 64;
/// How far apart (in table columns) the places of a partial transposition may be.
const MAX_PARTIAL_DISTANCE: usize = 64;

/// Find transpositions among the runs: two pure presence/absence places (two groups, one the
/// gap) that read the same block, where the witnesses reading it at one place are exactly those
/// lacking it at the other. When two such places share only part of their reading (`a red
/// cat chased` / `chased a red cat`), both are split around their longest common block, and the
/// rest may pair in turn. Returns the (possibly split) runs and the pairs of run indices.
fn find_transpositions(
    runs: Vec<Range<usize>>,
    labs: &[Vec<u32>],
    unit_cols: &[Vec<Option<u32>>],
    unit_ids: &[Vec<u32>],
    (weight, low): (&[u32], &[bool]),
) -> (Vec<Range<usize>>, Vec<(usize, usize)>) {
    let mut pieces: Vec<Piece> = runs
        .into_iter()
        .map(|r| piece_of(r, labs, unit_cols, unit_ids))
        .collect();
    let n = unit_cols.first().map_or(0, Vec::len);
    let mut before = Vec::with_capacity(unit_cols.len() + 1);
    let mut count = vec![0u32; n];
    for col in unit_cols {
        before.push(count.clone());
        for (w, u) in col.iter().enumerate() {
            count[w] += u32::from(u.is_some());
        }
    }
    before.push(count);
    let rules = MoveRules {
        weight,
        low,
        before,
    };
    let mut next_pair = pair_exact(&mut pieces, &rules);
    pair_partial(&mut pieces, &rules, &mut next_pair);
    // Number the transpositions in text order of their first place.
    let mut first: FxHashMap<usize, usize> = FxHashMap::default();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, pc) in pieces.iter().enumerate() {
        if let Some(id) = pc.pair {
            match first.get(&id) {
                None => {
                    first.insert(id, pairs.len());
                    pairs.push((i, usize::MAX));
                }
                Some(&t) => pairs[t].1 = i,
            }
        }
    }
    let runs: Vec<Range<usize>> = pieces.iter().map(|pc| pc.cols.clone()).collect();
    (runs, pairs)
}

/// The piece of run `r`: a pure presence/absence place gets who reads it and its unit ids.
fn piece_of(
    r: Range<usize>,
    labs: &[Vec<u32>],
    unit_cols: &[Vec<Option<u32>>],
    unit_ids: &[Vec<u32>],
) -> Piece {
    let l = &labs[r.start];
    let has_gap = l.iter().any(|&x| x & GAP != 0);
    let mut g: Vec<u32> = l.clone();
    g.sort_unstable();
    g.dedup();
    let pure = has_gap && g.len() == 2 && r.clone().all(|c| &labs[c] == l);
    if !pure {
        return Piece {
            cols: r,
            present: None,
            key: Vec::new(),
            pair: None,
        };
    }
    let w = (0..l.len())
        .find(|&w| l[w] & GAP == 0)
        .expect("a present witness");
    let key = r
        .clone()
        .map(|c| unit_ids[w][unit_cols[c][w].expect("present") as usize])
        .collect();
    Piece {
        cols: r,
        present: Some(l.iter().map(|&x| x & GAP == 0).collect()),
        key,
        pair: None,
    }
}

/// Which readings may move, and how far: moves a reader would call one.
struct MoveRules<'a> {
    weight: &'a [u32],
    /// Per id: a low-priority token (punctuation, a function word, a frequent word).
    low: &'a [bool],
    /// Per column, per witness: its units in the columns before.
    before: Vec<Vec<u32>>,
}

impl MoveRules<'_> {
    fn words(&self, k: &[u32]) -> usize {
        k.iter()
            .filter(|&&id| self.weight[id as usize] >= align::W_FREQUENT)
            .count()
    }

    fn wordy(&self, k: &[u32]) -> bool {
        self.words(k) > 0
    }

    /// A content word, or a phrase of two words or more: not a lone function word or
    /// punctuation.
    fn content(&self, k: &[u32]) -> bool {
        k.iter()
            .any(|&id| self.weight[id as usize] >= align::W_FREQUENT && !self.low[id as usize])
            || self.words(k) >= 2
    }

    /// Tokens between columns `a` (exclusive end of the first place) and `b` (start of the
    /// second), in the witness where they are furthest apart.
    fn tokens_between(&self, a: usize, b: usize) -> usize {
        let (x, y) = (&self.before[a], &self.before[b.max(a)]);
        x.iter()
            .zip(y)
            .map(|(p, q)| (q - p) as usize)
            .max()
            .unwrap_or(0)
    }

    /// Whether reading `k` may move from the place ending at column `a` to the one starting
    /// at column `b`.
    fn allowed(&self, k: &[u32], a: usize, b: usize) -> bool {
        let between = self.tokens_between(a, b);
        self.wordy(k)
            && (self.content(k) || between <= NEAR)
            && (self.words(k) >= MOVE_ANYWHERE || between <= MAX_MOVE)
    }
}

/// Whether the witnesses reading `a` are exactly those lacking `b`.
fn complementary(a: &Piece, b: &Piece) -> bool {
    match (&a.present, &b.present) {
        (Some(x), Some(y)) => x.iter().zip(y).all(|(p, q)| p != q),
        _ => false,
    }
}

/// Exact pass: pair places with the same reading. Returns the number of pairs made (their
/// provisional numbers are 0..n).
fn pair_exact(pieces: &mut [Piece], rules: &MoveRules) -> usize {
    let mut by_key: FxHashMap<&[u32], Vec<usize>> = FxHashMap::default();
    for (i, p) in pieces.iter().enumerate() {
        if p.present.is_some() && rules.wordy(&p.key) {
            by_key.entry(p.key.as_slice()).or_default().push(i);
        }
    }
    let mut used = vec![false; pieces.len()];
    let mut exact = Vec::new();
    for p in 0..pieces.len() {
        if used[p] || pieces[p].present.is_none() || !rules.wordy(&pieces[p].key) {
            continue;
        }
        for &q in &by_key[pieces[p].key.as_slice()] {
            if q <= p || used[q] {
                continue;
            }
            let gap = pieces[q].cols.start - pieces[p].cols.end;
            if gap > MAX_DISTANCE {
                break;
            }
            if rules.allowed(&pieces[p].key, pieces[p].cols.end, pieces[q].cols.start)
                && complementary(&pieces[p], &pieces[q])
            {
                used[p] = true;
                used[q] = true;
                exact.push((p, q));
                break;
            }
        }
    }
    drop(by_key);
    let mut next_pair = 0usize;
    for (p, q) in exact {
        pieces[p].pair = Some(next_pair);
        pieces[q].pair = Some(next_pair);
        next_pair += 1;
    }
    next_pair
}

/// Partial pass: split unpaired places around their longest common block, which pair.
fn pair_partial(pieces: &mut Vec<Piece>, rules: &MoveRules, next_pair: &mut usize) {
    let mut p = 0;
    while p < pieces.len() {
        if pieces[p].pair.is_some()
            || pieces[p].present.is_none()
            || pieces[p].key.len() > MAX_PARTIAL
        {
            p += 1;
            continue;
        }
        let Some((q, a, b, len)) = partial_partner(pieces, p, rules) else {
            p += 1;
            continue;
        };
        // Split q first (it is later), then p; each into before / common / after.
        let id = *next_pair;
        *next_pair += 1;
        let qs = split_piece(&pieces[q], b, len, id);
        pieces.splice(q..q + 1, qs);
        let ps = split_piece(&pieces[p], a, len, id);
        pieces.splice(p..p + 1, ps);
        // Stay at p: its first piece may pair again.
    }
}

/// The first later place that shares most of its reading with place `p`: (its index, the
/// common block's start in `p`, its start there, its length).
fn partial_partner(
    pieces: &[Piece],
    p: usize,
    rules: &MoveRules,
) -> Option<(usize, usize, usize, usize)> {
    for q in p + 1..pieces.len() {
        let gap = pieces[q].cols.start - pieces[p].cols.end;
        if gap > MAX_PARTIAL_DISTANCE {
            break;
        }
        let pq = &pieces[q];
        if pq.pair.is_some() || pq.key.len() > MAX_PARTIAL || !complementary(&pieces[p], pq) {
            continue;
        }
        let (a, b, len) = longest_common(&pieces[p].key, &pq.key);
        // The common block must be most of both places, or unrelated additions and
        // omissions that happen to share a word would pair.
        let most = 2 * len > pieces[p].key.len() && 2 * len > pq.key.len();
        let (end, start) = (pieces[p].cols.start + a + len, pq.cols.start + b);
        if len > 0 && most && rules.allowed(&pieces[p].key[a..a + len], end, start) {
            return Some((q, a, b, len));
        }
    }
    None
}

/// `piece` cut into before / the common block at `at` (paired as `id`) / after.
fn split_piece(piece: &Piece, at: usize, len: usize, id: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let s = piece.cols.start;
    for (lo, hi, pair) in [
        (0, at, None),
        (at, at + len, Some(id)),
        (at + len, piece.key.len(), None),
    ] {
        if lo < hi {
            out.push(Piece {
                cols: s + lo..s + hi,
                present: piece.present.clone(),
                key: piece.key[lo..hi].to_vec(),
                pair,
            });
        }
    }
    out
}

/// Longest common contiguous block of `x` and `y`: (start in x, start in y, length); the
/// earliest in `x` on ties.
fn longest_common(x: &[u32], y: &[u32]) -> (usize, usize, usize) {
    let mut best = (0, 0, 0);
    let mut prev = vec![0usize; y.len() + 1];
    let mut cur = vec![0usize; y.len() + 1];
    for (i, xi) in x.iter().enumerate() {
        for (j, yj) in y.iter().enumerate() {
            cur[j + 1] = if xi == yj { prev[j] + 1 } else { 0 };
            if cur[j + 1] > best.2 {
                best = (i + 1 - cur[j + 1], j + 1 - cur[j + 1], cur[j + 1]);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

/// Per table column: the base's line and column there (its first token, else the end of the
/// last base token before it), the last base word before it, and its word key
/// ([`Entry::key`] before duplicates are lettered); and the base's first word.
#[allow(clippy::type_complexity)]
fn base_positions(
    bw: &CollatedWitness,
    table: &AlignmentTable,
    base: usize,
) -> (Vec<(u32, u32)>, Vec<Option<u32>>, Option<u32>, Vec<String>) {
    let lines = LineIndex::new(&bw.text);
    let mut col_line = Vec::with_capacity(table.columns.len());
    let mut prev_word: Vec<Option<u32>> = Vec::with_capacity(table.columns.len());
    let mut keys: Vec<String> = Vec::with_capacity(table.columns.len());
    let mut last = (1u32, 1u32);
    let mut word: Option<u32> = None;
    let is_word = |i: u32| !super::is_punct_str(bw.reading(i as usize));
    // The line of the last base token seen, and its words so far.
    let (mut line, mut words) = (1u32, 0u32);
    for c in &table.columns {
        prev_word.push(word);
        if let Some(r) = &c.cells[base]
            && !r.is_empty()
        {
            let first = lines.line_col(&bw.text, bw.tokens[r.start as usize].start() as usize);
            col_line.push(first);
            if first.0 != line {
                (line, words) = (first.0, 0);
            }
            keys.push(if is_word(r.start) {
                format!("{line}.{}", words + 1)
            } else {
                format!("{line}.{words}+")
            });
            for i in r.start..r.end {
                let l = lines
                    .line_col(&bw.text, bw.tokens[i as usize].start() as usize)
                    .0;
                if l != line {
                    (line, words) = (l, 0);
                }
                words += u32::from(is_word(i));
            }
            last = lines.line_col(&bw.text, bw.tokens[r.end as usize - 1].end() as usize);
            word = (r.start..r.end).rev().find(|&i| is_word(i)).or(word);
        } else {
            col_line.push(last);
            keys.push(format!("{line}.{words}+"));
        }
    }
    let first_word = (0..bw.tokens.len() as u32).find(|&i| is_word(i));
    (col_line, prev_word, first_word, keys)
}

/// Letter repeated keys in text order (`12.5+`, `12.5+b`, `12.5+c`…), so every entry has its
/// own.
fn letter_duplicates(entries: &mut [Entry]) {
    let mut run = 0u8;
    for i in 1..entries.len() {
        let (before, rest) = entries.split_at_mut(i);
        let prev = before[i - 1]
            .key
            .trim_end_matches(|c: char| c.is_ascii_lowercase());
        if rest[0].key == prev {
            run = run.saturating_add(1);
            let letter = char::from(b'a' + run.min(25));
            rest[0].key.push(letter);
        } else {
            run = 0;
        }
    }
}

pub(super) fn build_apparatus(
    wits: &[CollatedWitness],
    table: &AlignmentTable,
    base: usize,
    norm: &Normalizer,
) -> Apparatus {
    let reg = norm.regularization();
    let bw = &wits[base];
    let (col_line, prev_word, first_word, keys) = base_positions(bw, table, base);
    let variant_cols: Vec<usize> = (0..table.columns.len())
        .filter(|&c| table.columns[c].variant)
        .collect();
    let entries = variant_cols
        .par_iter()
        .map(|&ci| {
            let col = &table.columns[ci];
            let n = wits.len();
            let mut order: Vec<usize> = vec![col.groups[base]];
            for w in 0..n {
                if !order.contains(&col.groups[w]) {
                    order.push(col.groups[w]);
                }
            }
            let read = |w: usize| -> Vec<&str> {
                col.cells[w]
                    .as_ref()
                    .map(|r| wits[w].readings(r))
                    .unwrap_or_default()
            };
            let lemma_tokens = read(base);
            let mut readings: Vec<Reading> = order
                .iter()
                .map(|&g| {
                    let members: Vec<usize> = (0..n).filter(|&w| col.groups[w] == g).collect();
                    let first = if g == col.groups[base] {
                        base
                    } else {
                        members[0]
                    };
                    let text = col.cells[first]
                        .as_ref()
                        .map(|r| wits[first].span_text(r).to_string())
                        .unwrap_or_default();
                    let lemma = g == col.groups[base];
                    let (class, kind) = if lemma {
                        (None, None)
                    } else {
                        let toks = read(first);
                        let kind = match (lemma_tokens.is_empty(), toks.is_empty()) {
                            (true, _) => VariantKind::Addition,
                            (_, true) => VariantKind::Omission,
                            _ => VariantKind::Substitution,
                        };
                        (Some(classify(&lemma_tokens, &toks, reg)), Some(kind))
                    };
                    Reading {
                        text,
                        witnesses: members,
                        lemma,
                        class,
                        kind,
                        lacuna: false,
                        cites: Vec::new(),
                    }
                })
                .collect();
            if readings.len() == 1 {
                // Only possible when the base shares its group with everyone: not a variant.
                readings[0].lemma = true;
            }
            let class = readings
                .iter()
                .filter_map(|r| r.class)
                .max()
                .unwrap_or(VariantClass::Whitespace);
            let kinds: Vec<VariantKind> = readings.iter().filter_map(|r| r.kind).collect();
            let kind = if col.transposition.is_some() {
                VariantKind::Transposition
            } else if kinds.iter().all(|&k| Some(k) == kinds.first().copied()) {
                kinds.first().copied().unwrap_or(VariantKind::Substitution)
            } else {
                VariantKind::Substitution
            };
            let anchor = if readings[0].text.is_empty() {
                match (prev_word[ci], first_word) {
                    (Some(i), _) => Some(Anchor {
                        word: bw.reading(i as usize).to_string(),
                        before: true,
                    }),
                    (None, Some(i)) => Some(Anchor {
                        word: bw.reading(i as usize).to_string(),
                        before: false,
                    }),
                    _ => None,
                }
            } else {
                None
            };
            Entry {
                column: ci,
                line: col_line[ci].0,
                col: col_line[ci].1,
                key: keys[ci].clone(),
                anchor,
                readings,
                class,
                kind,
                transposition: col.transposition,
                narrowed: None,
            }
        })
        .collect();
    let mut entries: Vec<Entry> = entries;
    letter_duplicates(&mut entries);
    let regularized = if reg.is_empty() {
        Vec::new()
    } else {
        regularized_entries(wits, table, base, norm)
    };
    Apparatus {
        base,
        entries,
        regularized,
    }
}

/// The regularized variants of the base's readings: per column, the witnesses grouped with the
/// base (equal keys) whose reading differs from the base's by a rule of the table.
fn regularized_entries(
    wits: &[CollatedWitness],
    table: &AlignmentTable,
    base: usize,
    norm: &Normalizer,
) -> Vec<Entry> {
    let bw = &wits[base];
    let lines = LineIndex::new(&bw.text);
    // Each base token's key, `LINE.WORD` (`LINE.WORD+` for punctuation: after that word).
    let mut word_keys = Vec::with_capacity(bw.tokens.len());
    let (mut line, mut words) = (0u32, 0u32);
    for (i, t) in bw.tokens.iter().enumerate() {
        let l = lines.line_col(&bw.text, t.start() as usize).0;
        if l != line {
            (line, words) = (l, 0);
        }
        if super::is_punct_str(bw.reading(i)) {
            word_keys.push(format!("{line}.{words}+"));
        } else {
            words += 1;
            word_keys.push(format!("{line}.{words}"));
        }
    }
    let mut out = Vec::new();
    for (ci, col) in table.columns.iter().enumerate() {
        let Some(br) = col.cells[base].as_ref().filter(|r| !r.is_empty()) else {
            continue;
        };
        let lemma = wits[base].readings(br);
        // The tokens (offsets in the cell) from the first to the last that a witness grouped
        // with the base reads otherwise under the table: the entry is narrowed to them
        // (`colour] A; color B`, not the whole agreeing run).
        let mut found: Vec<(usize, &Range<u32>)> = Vec::new();
        let mut span: Option<(usize, usize)> = None;
        for (w, wit) in wits.iter().enumerate() {
            if w == base || col.groups[w] != col.groups[base] {
                continue;
            }
            let Some(r) = col.cells[w].as_ref() else {
                continue;
            };
            let mine = wit.readings(r);
            if mine.len() != lemma.len() {
                continue;
            }
            let differ: Vec<usize> = (0..lemma.len())
                .filter(|&k| norm.regularized(lemma[k], mine[k]))
                .collect();
            if let (Some(&a), Some(&b)) = (differ.first(), differ.last()) {
                span = Some(span.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
                found.push((w, r));
            }
        }
        let Some((a, b)) = span else {
            continue;
        };
        let narrow = |r: &Range<u32>| r.start + a as u32..r.start + b as u32 + 1;
        let mut readings: Vec<Reading> = Vec::new();
        for (w, r) in found {
            let text = wits[w].span_text(&narrow(r)).to_string();
            match readings.iter_mut().find(|x| x.text == text) {
                Some(x) => x.witnesses.push(w),
                None => readings.push(Reading {
                    text,
                    witnesses: vec![w],
                    lemma: false,
                    class: Some(VariantClass::Spelling),
                    kind: Some(VariantKind::Substitution),
                    lacuna: false,
                    cites: Vec::new(),
                }),
            }
        }
        let others: Vec<usize> = readings
            .iter()
            .flat_map(|r| r.witnesses.iter().copied())
            .collect();
        let at = narrow(br);
        let lemma = Reading {
            text: wits[base].span_text(&at).to_string(),
            witnesses: (0..wits.len())
                .filter(|w| col.groups[*w] == col.groups[base] && !others.contains(w))
                .collect(),
            lemma: true,
            class: None,
            kind: None,
            lacuna: false,
            cites: Vec::new(),
        };
        readings.insert(0, lemma);
        let (line, col_no) =
            lines.line_col(&bw.text, bw.tokens[at.start as usize].start() as usize);
        out.push(Entry {
            column: ci,
            line,
            col: col_no,
            key: word_keys[at.start as usize].clone(),
            anchor: None,
            readings,
            class: VariantClass::Spelling,
            kind: VariantKind::Substitution,
            transposition: col.transposition,
            narrowed: Some(at),
        });
    }
    out
}
