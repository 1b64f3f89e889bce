//! Collation (issue 4): many witnesses aligned token by token into an [`AlignmentTable`], and
//! the places where they disagree gathered into an [`Apparatus`], with moved blocks reported as
//! [`Transposition`]s.
//!
//! ```
//! use lectio::collate::{collate, CollateOptions, WitnessInput};
//!
//! let wits = vec![
//!     WitnessInput::text("A", "The black cat"),
//!     WitnessInput::text("B", "The white cat"),
//! ];
//! let c = collate(wits, &CollateOptions::default()).unwrap();
//! assert_eq!(c.apparatus.entries.len(), 1);
//! assert_eq!(c.apparatus.entries[0].readings[0].text, "black");
//! ```
//!
//! The alignment does not depend on the order in which witnesses are given: witnesses are
//! merged in a canonical order computed from their contents (the most central first), and the
//! table's rows are then reported in the given order. All witnesses share one interner.

mod align;
mod apparatus;
mod blocks;
mod settle;
mod sources;

use std::ops::Range;

use rayon::prelude::*;

use crate::text::tokenize::is_punctuation;
use crate::text::{Interner, Normalizer, Token, TokenKind, tokenize};
use crate::witness::Markup;

pub use apparatus::{Anchor, Apparatus, Entry, Reading, Transposition};

/// An error from collation.
#[derive(Debug, thiserror::Error)]
pub enum CollateError {
    /// No witness at all (one witness is a valid collation: a one-row table).
    #[error("collation needs at least one witness, got {0}")]
    TooFew(usize),
    /// Two witnesses share a siglum.
    #[error("two witnesses have the siglum {0:?}; sigla must be unique")]
    DuplicateSiglum(String),
    /// `--base` names no witness.
    #[error("base witness {name:?} is not among the witnesses; valid choices: {valid}")]
    UnknownBase {
        /// The name given.
        name: String,
        /// The witnesses' sigla (and labels where they differ), comma-separated.
        valid: String,
    },
}

impl crate::exit::Classify for CollateError {
    fn kind(&self) -> crate::exit::Kind {
        crate::exit::Kind::Usage
    }
}

/// A token given already cut (CollateX's pre-tokenized input).
#[derive(Clone, Debug, PartialEq)]
pub struct GivenToken {
    /// The reading as displayed (CollateX `t`; may carry trailing whitespace).
    pub t: String,
    /// The comparison form (CollateX `n`), when given.
    pub n: Option<String>,
    /// The whole token object as given, echoed in JSON output (extra properties kept).
    pub raw: serde_json::Map<String, serde_json::Value>,
}

/// A witness to collate.
#[derive(Clone, Debug)]
pub struct WitnessInput {
    /// Short identifier shown in tables and the apparatus.
    pub siglum: String,
    /// Longer description (a path, an edition reference).
    pub label: String,
    /// Its text, or its tokens.
    pub content: Content,
    /// For a witness read from TEI: its source, lacunae and page/line map.
    pub markup: Option<Box<Markup>>,
}

/// What a witness is made of.
#[derive(Clone, Debug)]
pub enum Content {
    /// Plain text, cut by lectio's tokenizer.
    Text(String),
    /// Tokens as given.
    Tokens(Vec<GivenToken>),
}

impl WitnessInput {
    /// A witness from plain text; the label is the siglum.
    pub fn text(siglum: &str, text: &str) -> Self {
        WitnessInput {
            siglum: siglum.to_string(),
            label: siglum.to_string(),
            content: Content::Text(text.to_string()),
            markup: None,
        }
    }
}

impl From<crate::witness::Witness> for WitnessInput {
    /// A witness read by the store (a file or an edition; TEI keeps its markup, so that the
    /// apparatus can cite pages and lines).
    fn from(w: crate::witness::Witness) -> Self {
        WitnessInput {
            siglum: w.siglum,
            label: w.label,
            content: Content::Text(w.text),
            markup: w.markup,
        }
    }
}

/// Collation options.
#[derive(Clone, Debug, Default)]
pub struct CollateOptions {
    /// Comparison keys (normalization options and regularization table).
    pub normalizer: Normalizer,
    /// Let unequal tokens that are spelled alike share a column when they stand in the same
    /// gap (never drops a token).
    pub near_match: bool,
    /// Do not merge runs of columns where the same witnesses agree.
    pub no_segmentation: bool,
    /// Siglum (or label) of the base witness for the lemma; default the first.
    pub base: Option<String>,
    /// How variation in rewritten passages is drawn: `Block` (default) makes a stretch whose
    /// witnesses share too few content words one place; `Word` keeps every word-level place.
    pub granularity: Granularity,
    /// Extra low-priority tokens (besides punctuation and the built-in function words):
    /// tokens whose comparison key matches are never counted as shared content.
    pub low_priority: Option<LowPriority>,
    /// Time budget. Past it, gaps between anchors are no longer solved by dynamic programming:
    /// their tokens stay in columns of their own (never lost, order kept), so the table is
    /// correct but may align less than it could ([`Collation::approximate`]). `None`: no limit.
    pub deadline: Option<std::time::Duration>,
}

/// How finely variation places are drawn (`--granularity`): the diff's, so that both
/// commands draw rewritten passages alike.
pub use crate::diff::Granularity;

/// User-given low-priority tokens (`--low-priority FILE|REGEX`): a list of words, or a pattern
/// matched against whole comparison keys.
#[derive(Clone, Debug)]
pub enum LowPriority {
    /// Words, one a line (compared to comparison keys, and to their lower-case form).
    Words(std::collections::HashSet<String>),
    /// A regular expression over whole keys.
    Pattern(regex::Regex),
}

impl LowPriority {
    /// True when `key` is low priority.
    pub fn is_match(&self, key: &str) -> bool {
        match self {
            LowPriority::Words(w) => w.contains(key) || w.contains(&key.to_lowercase()),
            LowPriority::Pattern(re) => re
                .find(key)
                .is_some_and(|m| m.start() == 0 && m.end() == key.len()),
        }
    }
}

/// A witness after tokenization.
#[derive(Clone, Debug)]
pub struct CollatedWitness {
    /// Short identifier.
    pub siglum: String,
    /// Longer description.
    pub label: String,
    /// The text the tokens are spans of (for pre-tokenized input, the concatenation of `t`).
    pub text: String,
    /// Every token.
    pub tokens: Vec<Token>,
    /// Interned comparison key of every token.
    pub keys: Vec<u32>,
    /// Token ranges of the alignment units: a compared token and the ignored tokens (such as
    /// punctuation under `--ignore punctuation`) that follow it.
    pub units: Vec<Range<u32>>,
    /// The tokens' objects as given (pre-tokenized input only).
    pub given: Option<Vec<serde_json::Map<String, serde_json::Value>>>,
    /// For a witness read from TEI: its source, lacunae and page/line map.
    pub markup: Option<Box<Markup>>,
}

impl CollatedWitness {
    /// The reading of token `i`.
    pub fn reading(&self, i: usize) -> &str {
        self.tokens[i].text(&self.text)
    }

    /// The whitespace after token `i` (up to the next token or the end).
    pub fn space_after(&self, i: usize) -> &str {
        let end = self
            .tokens
            .get(i + 1)
            .map_or(self.text.len(), |t| t.start() as usize);
        &self.text[self.tokens[i].end() as usize..end]
    }

    /// The text of tokens `r` with the whitespace between them, without trailing whitespace.
    pub fn span_text(&self, r: &Range<u32>) -> &str {
        if r.is_empty() {
            return "";
        }
        let s = self.tokens[r.start as usize].start() as usize;
        let e = self.tokens[r.end as usize - 1].end() as usize;
        &self.text[s..e]
    }

    /// Readings of tokens `r`.
    pub fn readings(&self, r: &Range<u32>) -> Vec<&str> {
        (r.start..r.end).map(|i| self.reading(i as usize)).collect()
    }
}

/// One column of the alignment table (a segment when segmentation is on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// Per witness (given order): the token range in this column, or `None` for a gap.
    pub cells: Vec<Option<Range<u32>>>,
    /// True when the witnesses do not all agree here.
    pub variant: bool,
    /// Per witness: the first witness (given order) with the same reading here; witnesses with
    /// equal numbers read alike (gaps group together).
    pub groups: Vec<usize>,
    /// The transposition this column takes part in, if any (index into
    /// [`Collation::transpositions`]).
    pub transposition: Option<usize>,
}

/// The alignment table: witnesses in the given order, columns in text order.
#[derive(Clone, Debug, Default)]
pub struct AlignmentTable {
    /// The columns.
    pub columns: Vec<Column>,
}

/// Everything a collation produces; renderers take it by reference.
#[derive(Debug)]
pub struct Collation {
    /// The witnesses, in the given order.
    pub witnesses: Vec<CollatedWitness>,
    /// The shared interner (comparison keys).
    pub interner: Interner,
    /// The alignment table.
    pub table: AlignmentTable,
    /// The critical apparatus.
    pub apparatus: Apparatus,
    /// Moved blocks.
    pub transpositions: Vec<Transposition>,
    /// Whether columns were merged into segments.
    pub segmented: bool,
    /// True when the time budget ran out and some gaps were left unaligned.
    pub approximate: bool,
}

impl Collation {
    /// True when at least one column is a variant.
    pub fn has_variants(&self) -> bool {
        self.table.columns.iter().any(|c| c.variant)
    }

    /// The comparison key of token `i` of witness `w`.
    pub fn key(&self, w: usize, i: usize) -> &str {
        self.interner.key(self.witnesses[w].keys[i])
    }
}

/// Collate `inputs`.
pub fn collate(
    inputs: Vec<WitnessInput>,
    opts: &CollateOptions,
) -> Result<Collation, CollateError> {
    if inputs.is_empty() {
        return Err(CollateError::TooFew(0));
    }
    for (i, w) in inputs.iter().enumerate() {
        if inputs[..i].iter().any(|x| x.siglum == w.siglum) {
            return Err(CollateError::DuplicateSiglum(w.siglum.clone()));
        }
    }
    let base = match &opts.base {
        None => 0,
        Some(b) => inputs
            .iter()
            .position(|w| &w.siglum == b)
            .or_else(|| inputs.iter().position(|w| &w.label == b))
            .ok_or_else(|| CollateError::UnknownBase {
                name: b.clone(),
                valid: inputs
                    .iter()
                    .map(|w| {
                        if w.label == w.siglum {
                            w.siglum.clone()
                        } else {
                            format!("{} ({})", w.siglum, w.label)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            })?,
    };
    let norm = &opts.normalizer;
    // Tokenize and compute keys in parallel; intern serially (ids are never compared by value
    // for any decision, so the interning order does not matter).
    let prepared: Vec<Prepared> = inputs.into_par_iter().map(|w| prepare(w, norm)).collect();
    let mut interner = Interner::new();
    let mut witnesses = Vec::with_capacity(prepared.len());
    let mut unit_ids: Vec<Vec<u32>> = Vec::with_capacity(prepared.len());
    for p in prepared {
        let keys: Vec<u32> = p
            .keys
            .iter()
            .zip(&p.tokens)
            .map(|(k, t)| interner.intern(k.as_deref().unwrap_or_else(|| t.text(&p.text))))
            .collect();
        let (units, heads) = units_of(&p.tokens, &p.compared);
        unit_ids.push(heads.iter().map(|&h| keys[h as usize]).collect());
        witnesses.push(CollatedWitness {
            siglum: p.siglum,
            label: p.label,
            text: p.text,
            tokens: p.tokens,
            keys,
            units,
            given: p.given,
            markup: p.markup,
        });
    }
    let weight = weights(&unit_ids, &interner);
    let low: Vec<bool> = (0..interner.len())
        .map(|id| {
            weight[id] < align::W_CONTENT
                || crate::text::function_words::is_function_word(interner.key(id as u32))
                || opts
                    .low_priority
                    .as_ref()
                    .is_some_and(|re| re.is_match(interner.key(id as u32)))
        })
        .collect();
    // Witnesses with the same key sequence are aligned once and their copies take the same
    // columns: identical witnesses can never be aligned differently, and the merge order is
    // then a total order on contents, so the result cannot depend on the given order.
    let mut rep = Vec::with_capacity(unit_ids.len());
    let mut uniq: Vec<usize> = Vec::new();
    {
        let mut seen: rustc_hash::FxHashMap<&[u32], usize> = Default::default();
        for (i, ids) in unit_ids.iter().enumerate() {
            let u = *seen.entry(ids.as_slice()).or_insert_with(|| {
                uniq.push(i);
                uniq.len() - 1
            });
            rep.push(u);
        }
    }
    let uniq_ids: Vec<Vec<u32>> = uniq.iter().map(|&i| unit_ids[i].clone()).collect();
    let order = canonical_order(&uniq_ids, &interner);
    let refs: Vec<&[u32]> = uniq_ids.iter().map(Vec::as_slice).collect();
    let near_fn = |a: u32, b: u32| near(interner.key(a), interner.key(b));
    let near: Option<&dyn Fn(u32, u32) -> bool> = if opts.near_match {
        Some(&near_fn)
    } else {
        None
    };
    let deadline = opts.deadline.map(|d| std::time::Instant::now() + d);
    let (aligned, approximate) = align::align(&refs, &order, &weight, near, deadline);
    let mut unit_cols: Vec<Vec<Option<u32>>> = aligned
        .into_iter()
        .map(|col| rep.iter().map(|&u| col[u]).collect())
        .collect();
    settle::settle(&mut unit_cols, &witnesses);
    let (table, transpositions) = apparatus::build_table(
        &witnesses,
        &unit_ids,
        &weight,
        &low,
        unit_cols,
        !opts.no_segmentation,
        (opts.granularity == Granularity::Block && !opts.no_segmentation).then_some(low.as_slice()),
    );
    let mut apparatus = apparatus::build_apparatus(&witnesses, &table, base, norm);
    sources::mark(&witnesses, &table, &mut apparatus);
    Ok(Collation {
        witnesses,
        interner,
        table,
        apparatus,
        transpositions,
        segmented: !opts.no_segmentation,
        approximate,
    })
}

struct Prepared {
    siglum: String,
    label: String,
    text: String,
    tokens: Vec<Token>,
    /// Each token's comparison key, or `None` when the key is the token's own reading (the
    /// common case: no allocation per token).
    keys: Vec<Option<Box<str>>>,
    compared: Vec<bool>,
    given: Option<Vec<serde_json::Map<String, serde_json::Value>>>,
    markup: Option<Box<Markup>>,
}

fn prepare(w: WitnessInput, norm: &Normalizer) -> Prepared {
    let (text, tokens, keys, compared, given) = match w.content {
        Content::Text(text) => {
            let tokens = norm.merge_spans(&text, tokenize(&text));
            let keys = tokens
                .iter()
                .map(|t| {
                    let reading = t.text(&text);
                    match norm.key(reading) {
                        std::borrow::Cow::Borrowed(k) if k.len() == reading.len() => None,
                        k => Some(k.into_owned().into_boxed_str()),
                    }
                })
                .collect();
            let compared = tokens.iter().map(|t| !norm.ignores(t)).collect();
            (text, tokens, keys, compared, None)
        }
        Content::Tokens(given) => {
            let mut text = String::new();
            let mut tokens = Vec::with_capacity(given.len());
            let mut keys = Vec::with_capacity(given.len());
            let mut compared = Vec::with_capacity(given.len());
            for g in &given {
                let start = text.len() as u32;
                text.push_str(&g.t);
                let n = g.n.clone().unwrap_or_else(|| g.t.trim().to_string());
                let kind = kind_of(&n);
                // The token's span is its reading without trailing whitespace; the whitespace
                // stays in the text, between spans.
                let end = start + g.t.trim_end().len() as u32;
                let tok = Token::new(start, end, kind);
                compared.push(!norm.ignores(&tok));
                tokens.push(tok);
                keys.push(Some(norm.key(&n).into_owned().into_boxed_str()));
            }
            let raw = given.into_iter().map(|g| g.raw).collect();
            (text, tokens, keys, compared, Some(raw))
        }
    };
    Prepared {
        siglum: w.siglum,
        label: w.label,
        text,
        tokens,
        keys,
        compared,
        given,
        markup: w.markup,
    }
}

fn kind_of(n: &str) -> TokenKind {
    if n.is_empty() {
        TokenKind::Symbol
    } else if is_punct_str(n) {
        TokenKind::Punct
    } else if n.chars().all(|c| c.is_numeric() || c == '.' || c == ',') {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// Units: each compared token with the ignored tokens after it; ignored tokens before the first
/// compared token join the first unit. A witness with no compared token compares all.
/// Returns the units and the index of each unit's compared token.
fn units_of(tokens: &[Token], compared: &[bool]) -> (Vec<Range<u32>>, Vec<u32>) {
    let n = tokens.len() as u32;
    if !compared.iter().any(|&c| c) {
        return ((0..n).map(|i| i..i + 1).collect(), (0..n).collect());
    }
    let heads: Vec<u32> = (0..n).filter(|&i| compared[i as usize]).collect();
    let mut units = Vec::with_capacity(heads.len());
    for (k, &s) in heads.iter().enumerate() {
        let s = if k == 0 { 0 } else { s };
        let e = heads.get(k + 1).copied().unwrap_or(n);
        units.push(s..e);
    }
    (units, heads)
}

fn is_punct_str(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_punctuation)
}

/// Match weights per id: punctuation 1, frequent words 2, other words 3. "Frequent" is decided
/// by frequency across all witnesses, so it does not depend on witness order.
fn weights(unit_ids: &[Vec<u32>], interner: &Interner) -> Vec<u32> {
    let mut count = vec![0u32; interner.len()];
    let mut total = 0u64;
    for ids in unit_ids {
        for &id in ids {
            count[id as usize] += 1;
        }
        total += ids.len() as u64;
    }
    // A word making up more than 1% of all tokens is a function word for alignment purposes.
    let frequent = (total / 100).max(8) as u32;
    (0..interner.len())
        .map(|id| {
            let k = interner.key(id as u32);
            if is_punct_str(k) {
                align::W_PUNCT
            } else if count[id] > frequent {
                align::W_FREQUENT
            } else {
                align::W_CONTENT
            }
        })
        .collect()
}

/// Merge order: most central witness first (largest bag-of-words overlap with the others),
/// ties broken by the witnesses' key sequences, so the order depends on contents only.
fn canonical_order(unit_ids: &[Vec<u32>], interner: &Interner) -> Vec<usize> {
    let n = unit_ids.len();
    let bags: Vec<rustc_hash::FxHashMap<u32, u32>> = unit_ids
        .par_iter()
        .map(|ids| {
            let mut m = rustc_hash::FxHashMap::default();
            for &id in ids {
                *m.entry(id).or_insert(0u32) += 1;
            }
            m
        })
        .collect();
    let overlap = |a: usize, b: usize| -> u64 {
        let (x, y) = if bags[a].len() <= bags[b].len() {
            (&bags[a], &bags[b])
        } else {
            (&bags[b], &bags[a])
        };
        x.iter()
            .map(|(id, &c)| c.min(*y.get(id).unwrap_or(&0)) as u64)
            .sum()
    };
    let score: Vec<u64> = (0..n)
        .into_par_iter()
        .map(|a| (0..n).filter(|&b| b != a).map(|b| overlap(a, b)).sum())
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        score[b].cmp(&score[a]).then_with(|| {
            let ka = unit_ids[a].iter().map(|&i| interner.key(i));
            let kb = unit_ids[b].iter().map(|&i| interner.key(i));
            ka.cmp(kb)
        })
    });
    order
}

/// Near match: normalized Levenshtein similarity of at least 0.6 on case-folded keys. Keys
/// longer than [`crate::diff::classify::MAX_SPELLING_LEN`] characters are never near (the
/// distance is quadratic), nor are keys whose lengths alone rule it out.
fn near(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (na, nb) = (a.chars().count(), b.chars().count());
    let n = na.max(nb);
    if n > crate::diff::classify::MAX_SPELLING_LEN || na.min(nb) * 5 < n * 3 {
        return false;
    }
    strsim::normalized_levenshtein(&a, &b) >= 0.6
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod cases;
