//! Word-level diff (issue 3): the engine, the variant model and its classification.
//!
//! Two texts are cut into tokens, every token gets a comparison key (see
//! [`crate::text::normalize`]), keys are interned into `u32` ids with one shared
//! [`Interner`], and the id slices are diffed with `similar` after trimming the common prefix
//! and suffix. The edit script ([`Op`]s over compared-token indices) is then read as
//! [`Variant`]s the way a textual scholar reads them: additions, omissions, substitutions and
//! transpositions, each with a [`VariantClass`] (case, punctuation, spelling, …).
//!
//! Whitespace is never a token, so re-wrapped lines never cause a variant. Differences
//! in lineation are reported (class `whitespace`) only when [`DiffOptions::whitespace`] is set.
//! Tokens whose keys are equal but whose bytes differ are reported only when their difference
//! is not one the options ignore: an NFC/NFD difference is reported (class `normalization`)
//! unless `nfkc` is set; any other difference between equal keys is one the options fold away,
//! and is dropped. See [`DiffOptions`].
//!
//! ```
//! use lectio::diff::{DiffOptions, VariantKind, diff_texts};
//!
//! let d = diff_texts("the black cat sat", "the cat sat down", &DiffOptions::default());
//! assert_eq!(d.variants.len(), 2);
//! assert_eq!(d.variants[0].kind, VariantKind::Omission);
//! assert_eq!(d.variants[0].old.reading("the black cat sat"), "black");
//! let old: Vec<&str> = vec!["the", "black", "cat", "sat"];
//! let new: Vec<&str> = vec!["the", "cat", "sat", "down"];
//! assert_eq!(d.apply(&old, &new), new);
//! ```

pub mod classify;
mod engine;
pub mod filter;
mod hashed;
pub mod ignore;
mod lcs;
mod model;
#[cfg(test)]
mod tests;
mod walk;

use std::time::Duration;

pub use classify::{VariantClass, VariantKind, classify};
pub(crate) use engine::longest_increasing_by;
pub use engine::{ANCHOR_MIN, Op, OpTag, diff_ids, diff_ids_with};
pub use filter::Filter;
#[doc(hidden)]
pub use lcs::lcs_len;
pub use model::{Diff, Moved, Side, Stats, Variant};

use crate::text::{Interner, Keyed, Normalizer};
pub use crate::text::{NormalizeOptions, Regularization};

/// The diff algorithm run over the interned ids (after prefix/suffix trimming).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// Myers' O(ND) algorithm with `similar`'s heuristics for hard inputs (default).
    #[default]
    Myers,
    /// Patience diff: anchors on tokens unique in both sides.
    Patience,
    /// Histogram diff (as git's `--histogram`): anchors on the rarest tokens.
    Histogram,
}

impl Algorithm {
    /// The algorithm's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Myers => "myers",
            Algorithm::Patience => "patience",
            Algorithm::Histogram => "histogram",
        }
    }

    pub(crate) fn similar(self) -> similar::Algorithm {
        match self {
            Algorithm::Myers => similar::Algorithm::Myers,
            Algorithm::Patience => similar::Algorithm::Patience,
            Algorithm::Histogram => similar::Algorithm::Histogram,
        }
    }
}

/// How finely variation places are drawn (`--granularity`), by `diff` as by `collate`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Granularity {
    /// Rewritten passages are one place with each witness's whole reading.
    #[default]
    Block,
    /// Every word-level place, however fragmented.
    Word,
}

/// The default time budget of one diff.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10);

/// How to compare two texts.
///
/// Normalization options both change the comparison keys (so `Stalin` and `stalin` align)
/// and drop the variants that would otherwise be reported from the original readings: a pair
/// of tokens with equal keys is reported only when its difference is not one the user asked
/// to ignore. So `case` drops case differences, `diacritics` diacritics, both together a
/// difference of both (`Café` / `cafe`), a regularization table the spellings it explains;
/// `punctuation` leaves punctuation out altogether; an NFC/NFD difference alone is reported
/// (class `normalization`) unless `nfkc` is set.
#[derive(Clone, Debug)]
pub struct DiffOptions {
    /// What to ignore when comparing tokens.
    pub normalize: NormalizeOptions,
    /// The user's table of equivalent readings (raw; normalized with `normalize`).
    pub regularization: Regularization,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Time budget: past it the engine stops searching for a minimal script and returns a
    /// correct but possibly longer one ([`Diff::approximate`]). `None` means no limit.
    pub deadline: Option<Duration>,
    /// Report differences in lineation (whitespace between equal tokens) as variants of class
    /// `whitespace`. Off by default: re-wrapped or re-indented witnesses show only their real
    /// variants.
    pub whitespace: bool,
    /// Detect transpositions (a block deleted in one place and inserted elsewhere). On by
    /// default.
    pub transpositions: bool,
    /// Anchor long inputs on tokens unique in both sides first (see [`diff_ids`]). On by
    /// default; off gives a minimal script on any input, at a cost that grows with length.
    pub anchoring: bool,
    /// How finely variants are drawn: [`Granularity::Word`] (the library's default) reads
    /// every change of the edit script as it is; [`Granularity::Block`] (`lectio diff`'s
    /// default) reads a rewritten passage as one substitution. The edit script (and so
    /// [`Diff::edit_count`]) is the same either way.
    pub granularity: Granularity,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            normalize: NormalizeOptions::default(),
            regularization: Regularization::default(),
            algorithm: Algorithm::Myers,
            deadline: Some(DEFAULT_DEADLINE),
            whitespace: false,
            transpositions: true,
            anchoring: true,
            granularity: Granularity::Word,
        }
    }
}

impl DiffOptions {
    /// The normalizer these options describe.
    pub fn normalizer(&self) -> Normalizer {
        Normalizer::new(self.normalize.clone(), self.regularization.clone())
    }
}

/// Texts shorter than this (both, in bytes) are interned and diffed exactly; longer ones
/// take the line-anchored path over token hashes (see [`diff_texts`]).
const HASHED_MIN: usize = 1 << 16;

/// Compare two texts word by word.
///
/// Long texts (more than 64 KiB together, with [`DiffOptions::anchoring`] on) are hashed
/// rather than interned, both sides at once, and walked change by change (Myers: each change
/// is solved where it stands, so the cost follows the amount of change) or, with patience and
/// histogram, aligned on lines found in both texts first. Every token pair the script calls equal is checked by key; should a hash
/// collision make one wrong, the texts are interned and diffed again.
pub fn diff_texts(old: &str, new: &str, opts: &DiffOptions) -> Diff {
    let norm = opts.normalizer();
    // The hashed path cuts tokens itself: rules of several tokens join them in the interned one.
    if opts.anchoring
        && !norm.regularization().has_spans()
        && old.len() + new.len() >= HASHED_MIN
        && let Some(d) = hashed_path(old, new, &norm, opts)
    {
        return d;
    }
    let mut interner = Interner::new();
    let (a, b) = key_pair(&mut interner, old, new, &norm);
    drop(interner);
    diff_keyed(old, &a, new, &b, &norm, opts)
}

/// [`diff_texts`], keeping only the variants `filter` reports: the one place where `--only`
/// and the classes `--ignore` names are applied, for every command that compares two texts.
pub fn diff_filtered(old: &str, new: &str, opts: &DiffOptions, filter: &Filter) -> Diff {
    let mut diff = diff_texts(old, new, opts);
    diff.retain(|v| filter.keeps(v));
    diff
}

/// The long-text path of [`diff_texts`] whatever the texts' length; `None` when a hash
/// collision made it refuse (then [`diff_texts`] interns). For tests and fuzzing.
#[doc(hidden)]
pub fn diff_texts_hashed(old: &str, new: &str, opts: &DiffOptions) -> Option<Diff> {
    hashed_path(old, new, &opts.normalizer(), opts)
}

/// [`diff_texts_hashed`] with the options' normalizer already built.
fn hashed_path(old: &str, new: &str, norm: &Normalizer, opts: &DiffOptions) -> Option<Diff> {
    let (mut a, mut b) = rayon::join(
        || hashed::hash_side(old, norm),
        || hashed::hash_side(new, norm),
    );
    hashed::Hashed::drop_short_lines(&mut a, &mut b);
    let (ops, approximate) = hashed::diff_hashed(&a, &b, norm, opts)?;
    // The hashes and lines have served: free them before the variants take memory.
    let (a, b) = (a.into_keyed(), b.into_keyed());
    Some(model::build(old, &a, new, &b, ops, approximate, norm, opts))
}

/// Tokenize and key both texts (in parallel when they are large) into one interner.
pub fn key_pair(
    interner: &mut Interner,
    old: &str,
    new: &str,
    norm: &Normalizer,
) -> (Keyed, Keyed) {
    if old.len() + new.len() < 1 << 16 {
        let a = interner.keyed(old, norm);
        let b = interner.keyed(new, norm);
        return (a, b);
    }
    // Cutting tokens is independent per side; interning stays serial into the one interner
    // (measured: a second interner joined afterwards costs memory and, on a busy machine,
    // more time than it saves).
    let (ta, tb) = rayon::join(|| crate::text::tokenize(old), || crate::text::tokenize(new));
    let a = interner.key_tokens(old, ta, norm);
    let b = interner.key_tokens(new, tb, norm);
    (a, b)
}

/// Compare two texts already keyed with one shared [`Interner`] (collation and all-pairs
/// reports key every witness once). `norm` must be the normalizer the sides were keyed with.
pub fn diff_keyed(
    old_text: &str,
    old: &Keyed,
    new_text: &str,
    new: &Keyed,
    norm: &Normalizer,
    opts: &DiffOptions,
) -> Diff {
    let (ops, approximate) = diff_ids_with(
        &old.ids,
        &new.ids,
        opts.algorithm,
        opts.deadline,
        opts.anchoring,
    );
    model::build(old_text, old, new_text, new, ops, approximate, norm, opts)
}

/// An error from the diff command layer.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A class or option name that does not exist.
    #[error("unknown name {0:?} for --only/--ignore; expected one of: {1}")]
    UnknownName(String, String),
    /// An input too large to compare.
    #[error("{path}: {tokens} tokens is more than the word-diff limit of {limit}")]
    TooLarge {
        /// The file or reference.
        path: String,
        /// Its token count.
        tokens: usize,
        /// The limit.
        limit: usize,
    },
    /// An input file larger than the size cap (`--max-size`).
    #[error(
        "{path}: {bytes} bytes is more than the size limit of {limit} bytes for comparing texts\nhint: raise it with --max-size (or LECTIO_MAX_SIZE), e.g. --max-size 1GiB"
    )]
    FileTooLarge {
        /// The file.
        path: String,
        /// Its size in bytes.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
}

impl crate::exit::Classify for DiffError {
    fn kind(&self) -> crate::exit::Kind {
        use crate::exit::Kind;
        match self {
            DiffError::UnknownName(..) => Kind::Usage,
            DiffError::TooLarge { .. } | DiffError::FileTooLarge { .. } => Kind::Limit,
        }
    }
}

/// Point every variant's line and column at the source of a TEI witness (the XML file's own
/// line and column of the reading's first character) instead of its reading text, so that an
/// annotation lands on the right line of the file under review. Plain-text sides are unchanged.
pub fn locate_in_sources(
    diff: &mut Diff,
    old: &crate::witness::Witness,
    new: &crate::witness::Witness,
) {
    let old_loc = old.markup.as_ref().map(|m| m.locator());
    let new_loc = new.markup.as_ref().map(|m| m.locator());
    for v in &mut diff.variants {
        for (side, loc) in [(&mut v.old, &old_loc), (&mut v.new, &new_loc)] {
            if let Some(l) = loc {
                let at = l.locate(side.bytes().start);
                side.line = at.xml_line;
                side.column = at.xml_col;
            }
        }
    }
}
