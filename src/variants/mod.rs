//! Variants across many witnesses (issue 6): every pair of witnesses compared word by word in
//! parallel, counts by kind and class, a distance per pair, the distance matrix, a tree of the
//! witnesses grouped by similarity, and the variation places of the group's collation.
//!
//! # Distance
//!
//! For a pair of witnesses A and B, diffed with the shared options (normalization, filters):
//!
//! ```text
//! distance(A, B) = variant tokens / aligned tokens
//! variant tokens = Σ over the reported variants of (A-side tokens + B-side tokens)
//! aligned tokens = compared tokens of A + compared tokens of B
//! ```
//!
//! so it lies in `[0, 1]`: 0 for witnesses that agree everywhere, 1 for witnesses without a
//! single shared token. A substitution of one word counts 2 (one token on each side), an
//! omission or addition of one word counts 1, a transposed block counts its length on both
//! sides. Variants that hold no token (lineation, class `whitespace`) count 0. Variants a
//! filter (`--only`, `--ignore`) drops do not count. Each pair is compared once, the earlier
//! witness (in the given order) as the old side, and its distance fills both cells of the
//! symmetric matrix.
//!
//! # Work and memory
//!
//! Every witness is keyed once into one shared [`Interner`] (in parallel, then joined in the
//! given order, so the ids do not depend on the number of threads); then the pairs are diffed
//! in parallel, and each diff is reduced to its [`PairCounts`] at once: memory grows with the
//! witnesses, not with the pairs. Pairs are numbered in row-major order of the upper triangle
//! (`(0,1), (0,2), …, (1,2), …`); [`shard_range`] cuts that numbering into contiguous slices for
//! `--shard K/N`.
//!
//! ```
//! use lectio::variants::{VariantsOptions, compare_all};
//!
//! let texts = ["the black cat", "the white cat", "the black cat sat"];
//! let r = compare_all(&texts, &VariantsOptions::default());
//! assert_eq!(r.len(), 3);
//! assert_eq!(r[0].counts.variants, 1); // black / white
//! assert_eq!(r[0].counts.variant_tokens, 2);
//! assert_eq!(r[0].distance(), 2.0 / 6.0);
//! ```

mod shard_check;
pub mod tree;

use std::ops::Range;

use rayon::prelude::*;

use crate::collate::Collation;
use crate::diff::{DiffOptions, Filter, VariantClass, VariantKind};
use crate::text::{Interner, Keyed, Normalizer};

pub use tree::{Tree, TreeMethod, neighbor_joining, upgma};

/// Version of the JSON documents (`variants --format json`, shard files, `report --format
/// json`).
pub const JSON_VERSION: u32 = 1;

/// An error from this module.
#[derive(Debug, thiserror::Error)]
pub enum VariantsError {
    /// Fewer than two witnesses.
    #[error("variants needs at least two witnesses, got {0}")]
    TooFew(usize),
    /// A `--shard` value that is not `K/N` with `1 ≤ K ≤ N`.
    #[error("bad --shard {0:?}: expected K/N with 1 <= K <= N, e.g. 2/8")]
    BadShard(String),
    /// A shard file that cannot be read or parsed.
    #[error("{path}:{line}: {message}")]
    ShardFile {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Shards that do not fit together.
    #[error("shards do not fit together: {0}")]
    Mismatch(String),
}

impl crate::exit::Classify for VariantsError {
    fn kind(&self) -> crate::exit::Kind {
        use crate::exit::Kind;
        match self {
            VariantsError::TooFew(_) | VariantsError::BadShard(_) => Kind::Usage,
            VariantsError::ShardFile { .. } | VariantsError::Mismatch(_) => Kind::Input,
        }
    }
}

/// How to compare the witnesses.
#[derive(Clone, Debug, Default)]
pub struct VariantsOptions {
    /// Diff options (normalization, algorithm, deadline…), shared by every pair.
    pub diff: DiffOptions,
    /// Which variants count.
    pub filter: Filter,
    /// Per text (given order), the reading offsets of its lacunae (TEI `<gap/>`): a text that
    /// reads nothing at its own lacuna neither omits nor adds there, so such a variant does
    /// not count. Empty: no lacunae.
    pub lacunae: Vec<Vec<u32>>,
}

/// Whether `lacunae` has one at the word gap `at` (within the whitespace around it).
fn lacuna_at(lacunae: Option<&Vec<u32>>, at: usize) -> bool {
    lacunae.is_some_and(|l| {
        let i = l.partition_point(|&x| (x as usize) + 2 < at);
        l.get(i).is_some_and(|&x| x as usize <= at + 2)
    })
}

/// Whether variant `v` between texts `a` and `b` is only one text's lacuna.
fn at_lacuna(v: &crate::diff::Variant, a: usize, b: usize, opts: &VariantsOptions) -> bool {
    let (old, new) = (v.old.bytes(), v.new.bytes());
    (old.is_empty() && lacuna_at(opts.lacunae.get(a), old.start))
        || (new.is_empty() && lacuna_at(opts.lacunae.get(b), new.start))
}

/// Counts of one pair: variants by kind and class, and the tokens of the distance.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PairCounts {
    /// Number of variants.
    pub variants: usize,
    /// Counts by kind.
    pub by_kind: KindCounts,
    /// Counts by class.
    pub by_class: ClassCounts,
    /// Tokens inside variants, both sides.
    pub variant_tokens: usize,
    /// Compared tokens of both witnesses.
    pub aligned_tokens: usize,
    /// True when the diff's deadline was reached (correct, maybe not minimal).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

/// Counts by [`VariantKind`], one named field each (for readable JSON).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[allow(missing_docs)]
pub struct KindCounts {
    pub addition: usize,
    pub omission: usize,
    pub substitution: usize,
    pub transposition: usize,
}

impl KindCounts {
    /// Add one variant of `kind`.
    pub fn add(&mut self, kind: VariantKind, n: usize) {
        *self.get_mut(kind) += n;
    }

    fn get_mut(&mut self, kind: VariantKind) -> &mut usize {
        match kind {
            VariantKind::Addition => &mut self.addition,
            VariantKind::Omission => &mut self.omission,
            VariantKind::Substitution => &mut self.substitution,
            VariantKind::Transposition => &mut self.transposition,
        }
    }

    /// The count of `kind`.
    pub fn get(&self, kind: VariantKind) -> usize {
        let mut c = *self;
        *c.get_mut(kind)
    }

    /// Add every count of `o`.
    pub fn merge(&mut self, o: &KindCounts) {
        for k in VariantKind::ALL {
            self.add(k, o.get(k));
        }
    }
}

/// Counts by [`VariantClass`], one named field each (for readable JSON).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[allow(missing_docs)]
pub struct ClassCounts {
    pub normalization: usize,
    pub whitespace: usize,
    pub case: usize,
    pub punctuation: usize,
    pub diacritics: usize,
    pub spelling: usize,
    pub inflection: usize,
    pub number: usize,
    pub substantive: usize,
}

impl ClassCounts {
    fn get_mut(&mut self, class: VariantClass) -> &mut usize {
        match class {
            VariantClass::Normalization => &mut self.normalization,
            VariantClass::Whitespace => &mut self.whitespace,
            VariantClass::Case => &mut self.case,
            VariantClass::Punctuation => &mut self.punctuation,
            VariantClass::Diacritics => &mut self.diacritics,
            VariantClass::Spelling => &mut self.spelling,
            VariantClass::Inflection => &mut self.inflection,
            VariantClass::Number => &mut self.number,
            VariantClass::Substantive => &mut self.substantive,
        }
    }

    /// Add `n` variants of `class`.
    pub fn add(&mut self, class: VariantClass, n: usize) {
        *self.get_mut(class) += n;
    }

    /// The count of `class`.
    pub fn get(&self, class: VariantClass) -> usize {
        let mut c = *self;
        *c.get_mut(class)
    }

    /// Add every count of `o`.
    pub fn merge(&mut self, o: &ClassCounts) {
        for k in VariantClass::ALL {
            self.add(k, o.get(k));
        }
    }

    /// Sum of all classes.
    pub fn total(&self) -> usize {
        VariantClass::ALL.iter().map(|&c| self.get(c)).sum()
    }
}

/// The result of comparing witnesses `a < b`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PairResult {
    /// First witness (index in the given order).
    pub a: usize,
    /// Second witness.
    pub b: usize,
    /// Its counts.
    pub counts: PairCounts,
}

impl PairResult {
    /// `variant tokens / aligned tokens` (0 when both witnesses are empty).
    pub fn distance(&self) -> f64 {
        if self.counts.aligned_tokens == 0 {
            0.0
        } else {
            self.counts.variant_tokens as f64 / self.counts.aligned_tokens as f64
        }
    }
}

/// Number of pairs of `n` witnesses.
pub fn pair_count(n: usize) -> usize {
    n * n.saturating_sub(1) / 2
}

/// The witnesses `(a, b)` of pair number `p` (row-major upper triangle) among `n`.
pub fn pair_at(p: usize, n: usize) -> (usize, usize) {
    let mut a = 0;
    let mut start = 0;
    loop {
        let row = n - a - 1;
        if p < start + row {
            return (a, a + 1 + (p - start));
        }
        start += row;
        a += 1;
    }
}

/// The pair numbers of shard `k` (1-based) of `n` over `total` pairs: contiguous slices whose
/// sizes differ by at most one; together they cover `0..total` exactly once.
pub fn shard_range(total: usize, k: usize, n: usize) -> Range<usize> {
    debug_assert!(1 <= k && k <= n);
    (total * (k - 1) / n)..(total * k / n)
}

/// Parse `K/N` with `1 ≤ K ≤ N`.
pub fn parse_shard(s: &str) -> Result<(usize, usize), VariantsError> {
    let bad = || VariantsError::BadShard(s.to_string());
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: usize = k.trim().parse().map_err(|_| bad())?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// Key every text into one interner: each text in parallel with its own interner, then joined
/// in the given order (deterministic whatever the number of threads).
pub fn key_all(texts: &[&str], norm: &Normalizer) -> (Interner, Vec<Keyed>) {
    let locals: Vec<(Interner, Keyed)> = texts
        .par_iter()
        .map(|t| {
            let mut i = Interner::new();
            let k = i.keyed(t, norm);
            (i, k)
        })
        .collect();
    let mut interner = Interner::new();
    let keyed = locals
        .into_iter()
        .map(|(local, mut k)| {
            let map = interner.absorb(&local);
            k.remap(&map);
            k
        })
        .collect();
    (interner, keyed)
}

/// Compare the pairs numbered `range` (see [`pair_at`]) of `texts`, keyed by [`key_all`], in
/// parallel; `tick` is called once per finished pair (for a progress bar). Results are in pair
/// order.
pub fn compare_range(
    texts: &[&str],
    keyed: &[Keyed],
    range: Range<usize>,
    opts: &VariantsOptions,
    tick: &(dyn Fn() + Sync),
) -> Vec<PairResult> {
    let n = texts.len();
    let norm = opts.diff.normalizer();
    range
        .into_par_iter()
        .map(|p| {
            let (a, b) = pair_at(p, n);
            let d = crate::diff::diff_keyed(
                texts[a], &keyed[a], texts[b], &keyed[b], &norm, &opts.diff,
            );
            let mut c = PairCounts {
                aligned_tokens: d.old_tokens + d.new_tokens,
                approximate: d.approximate,
                ..Default::default()
            };
            for v in d
                .variants
                .iter()
                .filter(|v| opts.filter.keeps(v) && !at_lacuna(v, a, b, opts))
            {
                c.variants += 1;
                c.by_kind.add(v.kind, 1);
                c.by_class.add(v.class, 1);
                c.variant_tokens += v.old.tokens().len() + v.new.tokens().len();
            }
            tick();
            PairResult { a, b, counts: c }
        })
        .collect()
}

/// Compare every pair of `texts` (a convenience over [`key_all`] and [`compare_range`]).
pub fn compare_all(texts: &[&str], opts: &VariantsOptions) -> Vec<PairResult> {
    let (_interner, keyed) = key_all(texts, &opts.diff.normalizer());
    compare_range(texts, &keyed, 0..pair_count(texts.len()), opts, &|| {})
}

/// One reading at a variation place, with the witnesses that carry it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlaceReading {
    /// The reading (whitespace runs made one space; empty for an omission).
    pub text: String,
    /// Witness indices (given order).
    pub witnesses: Vec<usize>,
    /// True for the base witness's reading.
    pub lemma: bool,
    /// Its class relative to the lemma (none for the lemma).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<VariantClass>,
    /// The witnesses have a lacuna here (TEI `<gap/>`): `lac.`, not `om.`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lacuna: bool,
    /// `(witness, "p. 12, l. 7")` for witnesses read from TEI with pages or lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cites: Vec<(usize, String)>,
}

/// One variation place of the group's collation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Place {
    /// 1-based number of the place among those reported.
    pub n: usize,
    /// The alignment-table column.
    pub column: usize,
    /// 1-based line in the base witness.
    pub line: u32,
    /// The most substantive class among the readings.
    pub class: VariantClass,
    /// What happened relative to the lemma.
    pub kind: VariantKind,
    /// The readings, lemma first.
    pub readings: Vec<PlaceReading>,
    /// The transposition it belongs to (1-based `T` number), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transposition: Option<usize>,
}

/// The variation places of `c` that `filter` keeps (by the place's class), numbered from 1.
pub fn places(c: &Collation, filter: &Filter) -> Vec<Place> {
    let keeps = |class: VariantClass| {
        (filter.only.is_empty() || filter.only.contains(&class)) && !filter.ignore.contains(&class)
    };
    c.apparatus
        .entries
        .iter()
        .filter(|e| keeps(e.class))
        .enumerate()
        .map(|(i, e)| Place {
            n: i + 1,
            column: e.column,
            line: e.line,
            class: e.class,
            kind: e.kind,
            readings: e
                .readings
                .iter()
                .map(|r| PlaceReading {
                    text: r.text.split_whitespace().collect::<Vec<_>>().join(" "),
                    witnesses: r.witnesses.clone(),
                    lemma: r.lemma,
                    class: r.class,
                    lacuna: r.lacuna,
                    cites: r.cites.clone(),
                })
                .collect(),
            transposition: e.transposition.map(|t| t + 1),
        })
        .collect()
}

/// What is known of one witness in a variants result.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WitnessInfo {
    /// Short identifier (unique within the result).
    pub siglum: String,
    /// What the user called it (reference or path).
    pub label: String,
    /// blake3 of its bytes.
    pub hash: String,
    /// Compared tokens (under the options' normalization).
    pub tokens: usize,
}

/// The whole result: witnesses, pairs, matrix, tree and places.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Variants {
    /// Schema version ([`JSON_VERSION`]).
    pub version: u32,
    /// Always `"variants"` (the document type, as `diff`'s JSON has `"type": "diff"`).
    #[serde(rename = "type")]
    pub doc_type: &'static str,
    /// How the distance is defined (one line, for readers of the JSON).
    pub distance: &'static str,
    /// The witnesses, in the given order.
    pub witnesses: Vec<WitnessInfo>,
    /// The options that shaped the counts.
    pub options: OptionsInfo,
    /// Every pair `a < b`, in pair order.
    pub pairs: Vec<PairResult>,
    /// Sums over all pairs.
    pub totals: PairCounts,
    /// The symmetric distance matrix (0 on the diagonal).
    pub matrix: Vec<Vec<f64>>,
    /// The tree method.
    pub tree_method: TreeMethod,
    /// The tree.
    pub tree: Option<Tree>,
    /// The tree in Newick format, leaves named by sigla.
    pub newick: String,
    /// Variation places of the group's collation (`None` when not computed).
    pub places: Option<Vec<Place>>,
}

/// The options recorded in results and shard headers (so shards can be checked against each
/// other).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OptionsInfo {
    /// Normalizations applied to comparison keys (`case`, `punctuation`, …).
    pub normalize: Vec<String>,
    /// `--only` classes.
    pub only: Vec<VariantClass>,
    /// Classes dropped by `--ignore`.
    pub ignore: Vec<VariantClass>,
    /// The diff algorithm.
    pub algorithm: String,
    /// Whether lineation variants were looked for.
    pub whitespace: bool,
}

impl OptionsInfo {
    /// Describe `opts`.
    pub fn of(opts: &VariantsOptions) -> Self {
        let n = &opts.diff.normalize;
        let mut normalize = Vec::new();
        for (on, name) in [
            (n.case, "case"),
            (n.punctuation, "punctuation"),
            (n.diacritics, "diacritics"),
            (n.nfkc, "nfkc"),
        ] {
            if on {
                normalize.push(name.to_string());
            }
        }
        if !opts.diff.regularization.is_empty() {
            normalize.push("regularization".into());
        }
        OptionsInfo {
            normalize,
            only: opts.filter.only.clone(),
            ignore: opts.filter.ignore.clone(),
            algorithm: opts.diff.algorithm.as_str().to_string(),
            whitespace: opts.diff.whitespace,
        }
    }
}

/// The distance definition recorded in JSON.
pub const DISTANCE_DEFINITION: &str = "variant tokens (both sides of every reported variant) / aligned tokens (compared tokens of both witnesses)";

/// Build the result from every pair (in any order; each pair exactly once).
pub fn assemble(
    witnesses: Vec<WitnessInfo>,
    options: OptionsInfo,
    mut pairs: Vec<PairResult>,
    method: TreeMethod,
    places: Option<Vec<Place>>,
) -> Result<Variants, VariantsError> {
    let n = witnesses.len();
    if n < 2 {
        return Err(VariantsError::TooFew(n));
    }
    pairs.sort_by_key(|p| (p.a, p.b));
    if pairs.len() != pair_count(n) {
        return Err(VariantsError::Mismatch(format!(
            "{} pairs for {n} witnesses, expected {}",
            pairs.len(),
            pair_count(n)
        )));
    }
    let mut matrix = vec![vec![0.0; n]; n];
    let mut totals = PairCounts::default();
    for (p, r) in pairs.iter().enumerate() {
        if (r.a, r.b) != pair_at(p, n) {
            return Err(VariantsError::Mismatch(format!(
                "pair ({}, {}) is missing or repeated",
                pair_at(p, n).0,
                pair_at(p, n).1
            )));
        }
        let d = r.distance();
        matrix[r.a][r.b] = d;
        matrix[r.b][r.a] = d;
        totals.variants += r.counts.variants;
        totals.by_kind.merge(&r.counts.by_kind);
        totals.by_class.merge(&r.counts.by_class);
        totals.variant_tokens += r.counts.variant_tokens;
        totals.aligned_tokens += r.counts.aligned_tokens;
        totals.approximate |= r.counts.approximate;
    }
    let tree = match method {
        TreeMethod::Nj => neighbor_joining(&matrix),
        TreeMethod::Upgma => upgma(&matrix),
    };
    let names: Vec<String> = witnesses.iter().map(|w| w.siglum.clone()).collect();
    let newick = tree.as_ref().map(|t| t.newick(&names)).unwrap_or_default();
    Ok(Variants {
        version: JSON_VERSION,
        doc_type: "variants",
        distance: DISTANCE_DEFINITION,
        witnesses,
        options,
        pairs,
        totals,
        matrix,
        tree_method: method,
        tree,
        newick,
        places,
    })
}

/// One line of a shard file (JSON Lines, tagged by `type`).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ShardLine {
    /// First line: what was compared and how.
    Header(ShardHeader),
    /// One pair's counts.
    Pair(PairResult),
    /// One variation place (only in shard 1).
    Place(Place),
}

/// The first line of a shard file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ShardHeader {
    /// Schema version.
    pub version: u32,
    /// This shard, 1-based.
    pub shard: usize,
    /// Number of shards.
    pub shards: usize,
    /// The witnesses.
    pub witnesses: Vec<WitnessInfo>,
    /// The options.
    pub options: OptionsInfo,
    /// Whether shard 1 carries the variation places.
    pub places: bool,
}

/// Combine shard files (already parsed into lines, one `Vec` per file, with its name for
/// messages) into the pairs, places and shared header.
#[allow(clippy::type_complexity)]
pub fn merge_shards(
    files: &[(String, Vec<ShardLine>)],
) -> Result<(ShardHeader, Vec<PairResult>, Option<Vec<Place>>), VariantsError> {
    let mut header: Option<ShardHeader> = None;
    let mut seen_shards = Vec::new();
    let mut pairs = Vec::new();
    let mut places: Vec<Place> = Vec::new();
    for (name, lines) in files {
        let Some(ShardLine::Header(h)) = lines.first() else {
            return Err(VariantsError::ShardFile {
                path: name.clone(),
                line: 1,
                message: "expected a header line first".into(),
            });
        };
        if h.version != JSON_VERSION {
            return Err(VariantsError::ShardFile {
                path: name.clone(),
                line: 1,
                message: format!("unsupported version {}", h.version),
            });
        }
        shard_check::header(name, h)?;
        if let Some(first) = &header {
            if first.witnesses != h.witnesses
                || first.options != h.options
                || first.shards != h.shards
                || first.places != h.places
            {
                return Err(VariantsError::Mismatch(format!(
                    "{name} was computed over other witnesses or options"
                )));
            }
        } else {
            header = Some(h.clone());
        }
        if seen_shards.contains(&h.shard) {
            return Err(VariantsError::Mismatch(format!(
                "shard {}/{} given twice",
                h.shard, h.shards
            )));
        }
        seen_shards.push(h.shard);
        for (i, l) in lines.iter().enumerate().skip(1) {
            match l {
                ShardLine::Pair(p) => {
                    shard_check::pair(name, i + 1, h, p)?;
                    pairs.push(p.clone());
                }
                ShardLine::Place(p) => places.push(p.clone()),
                ShardLine::Header(_) => {
                    return Err(VariantsError::ShardFile {
                        path: name.clone(),
                        line: i + 1,
                        message: "a second header".into(),
                    });
                }
            }
        }
    }
    let header = header.ok_or_else(|| VariantsError::Mismatch("no shard files".into()))?;
    if seen_shards.len() != header.shards {
        return Err(VariantsError::Mismatch(format!(
            "missing shard(s) {}",
            shard_check::missing(header.shards, &seen_shards)
        )));
    }
    places.sort_by_key(|p| p.n);
    let places = header.places.then_some(places);
    Ok((header, pairs, places))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_numbering_and_shards() {
        let n = 7;
        let mut p = 0;
        for a in 0..n {
            for b in a + 1..n {
                assert_eq!(pair_at(p, n), (a, b));
                p += 1;
            }
        }
        assert_eq!(p, pair_count(n));
        for shards in 1..=25 {
            let mut next = 0;
            for k in 1..=shards {
                let r = shard_range(p, k, shards);
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next, p);
        }
        assert!(parse_shard("0/3").is_err());
        assert!(parse_shard("4/3").is_err());
        assert_eq!(parse_shard("2/3").unwrap(), (2, 3));
    }

    #[test]
    fn distance_is_symmetric_and_threads_do_not_matter() {
        let texts = [
            "In the beginning was the Word, and the Word was with God.",
            "In the begining was the word, and the Word was with God",
            "In beginning was the Word and the Word was God.",
            "The Word was in the beginning, and with God.",
        ];
        let opts = VariantsOptions::default();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| compare_all(&texts, &opts));
        let four = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap()
            .install(|| compare_all(&texts, &opts));
        assert_eq!(one, four);
        let rev: Vec<&str> = texts.iter().rev().copied().collect();
        let r = compare_all(&rev, &opts);
        // pair (0,1) forward is (3,2) reversed, i.e. pair (2,3) of rev.
        let fwd = one.iter().find(|p| (p.a, p.b) == (0, 1)).unwrap();
        let back = r.iter().find(|p| (p.a, p.b) == (2, 3)).unwrap();
        assert_eq!(fwd.counts.variant_tokens, back.counts.variant_tokens);
        assert!(one.iter().all(|p| (0.0..=1.0).contains(&p.distance())));
    }

    #[test]
    fn assemble_checks_pairs() {
        let w = |s: &str| WitnessInfo {
            siglum: s.into(),
            label: s.into(),
            hash: String::new(),
            tokens: 3,
        };
        let texts = ["a b c", "a x c", "a b"];
        let pairs = compare_all(&texts, &VariantsOptions::default());
        let v = assemble(
            vec![w("A"), w("B"), w("C")],
            OptionsInfo::default(),
            pairs.clone(),
            TreeMethod::Nj,
            None,
        )
        .unwrap();
        assert_eq!(v.matrix[0][1], v.matrix[1][0]);
        assert!(v.newick.ends_with(';'));
        assert!(
            assemble(
                vec![w("A"), w("B"), w("C")],
                OptionsInfo::default(),
                pairs[..2].to_vec(),
                TreeMethod::Nj,
                None
            )
            .is_err()
        );
    }
}
