//! Rewritten passages as one variant (issue 16, `--granularity block`), as the collation draws
//! them (`collate::blocks`): the edit script stays minimal, word by word, but where a passage
//! was rewritten what the texts still share is mostly function words and punctuation, and a
//! reader wants one place with each text's whole reading rather than a chain of fragments
//! matched on `of` and `the`.
//!
//! The variants are read in two tiers. **Anchors** are runs of equal tokens at least
//! [`ANCHOR_LEN`] long, or [`ANCHOR_CONTENT_LEN`] long holding a content word (a word or
//! number that is not one of its language's most frequent function words). Between anchors
//! lies a *stretch*; when it holds at least [`MIN_PLACES`] variants, spans at least
//! [`MIN_SPAN`] tokens on one side, and under [`MIN_SHARED`] of the content tokens either text
//! reads there stand in equal runs, the stretch from its first variant to its last becomes one
//! substitution. The thresholds are the collation's (chosen on the Frankenstein development
//! set, see BENCHMARKS-collate.md). Transpositions and variants inside equal keys (normalization,
//! whitespace) are never merged and end a stretch.

use super::*;
use crate::text::function_words::is_function_word;

const MIN_SHARED: f64 = 0.5;
const MIN_PLACES: usize = 3;
const MIN_SPAN: usize = 12;
const ANCHOR_LEN: usize = 4;
const ANCHOR_CONTENT_LEN: usize = 2;

impl<I> SideCtx<'_, I> {
    /// Whether compared token `i` is a content token.
    fn content(&self, i: usize) -> bool {
        let t = self.keyed.token(i);
        matches!(t.kind(), TokenKind::Word | TokenKind::Number)
            && !is_function_word(t.text(self.text))
    }

    fn content_in(&self, r: Range<usize>) -> usize {
        r.filter(|&i| self.content(i)).count()
    }
}

/// Whether `v` may be merged into a block: a plain addition, omission or substitution.
fn mergeable(v: &Variant) -> bool {
    v.moved.is_none()
        && !matches!(
            v.class,
            VariantClass::Whitespace | VariantClass::Normalization
        )
}

/// The variants with each rewritten passage's variants merged into one (see the module's
/// documentation). `variants` are in order.
pub(super) fn merge<I>(
    variants: Vec<Variant>,
    a: &SideCtx<'_, I>,
    b: &SideCtx<'_, I>,
    reg: &crate::text::Regularization,
) -> Vec<Variant> {
    // The equal tokens between two variants of a stretch, or `None` where an anchor (or
    // anything but equal tokens) separates them.
    let between = |p: &Variant, q: &Variant| -> Option<Range<usize>> {
        if !mergeable(p) || !mergeable(q) {
            return None;
        }
        let (o, n) = (
            p.old.tokens().end..q.old.tokens().start,
            p.new.tokens().end..q.new.tokens().start,
        );
        if o.start > o.end || n.start > n.end || o.len() != n.len() {
            return None;
        }
        let anchor =
            o.len() >= ANCHOR_LEN || (o.len() >= ANCHOR_CONTENT_LEN && a.content_in(o.clone()) > 0);
        (!anchor).then_some(o)
    };
    // The stretches to merge, as (first variant, past the last, the merged variant).
    let mut blocks: Vec<(usize, usize, Variant)> = Vec::new();
    let mut i = 0;
    while i < variants.len() {
        let mut j = i + 1;
        let mut shared = 0;
        while j < variants.len()
            && let Some(gap) = between(&variants[j - 1], &variants[j])
        {
            shared += a.content_in(gap);
            j += 1;
        }
        let (first, last) = (&variants[i], &variants[j - 1]);
        let ro = first.old.tokens().start..last.old.tokens().end;
        let rn = first.new.tokens().start..last.new.tokens().end;
        let merge = j - i >= MIN_PLACES && ro.len().max(rn.len()) >= MIN_SPAN && {
            let differing: usize = variants[i..j]
                .iter()
                .map(|v| a.content_in(v.old.tokens()) + b.content_in(v.new.tokens()))
                .sum();
            let total = 2 * shared + differing;
            total > 0 && ((2 * shared) as f64) < MIN_SHARED * total as f64
        };
        if merge {
            let class = if ro.len() + rn.len() > CLASSIFY_MAX {
                VariantClass::Substantive
            } else {
                classify(&a.readings(ro.clone()), &b.readings(rn.clone()), reg)
            };
            let (ca, cb) = (Cell::new(Cursor::default()), Cell::new(Cursor::default()));
            let v = Variant {
                kind: VariantKind::Substitution,
                class,
                old: a.side(ro, &ca),
                new: b.side(rn, &cb),
                moved: None,
            };
            blocks.push((i, j, v));
        }
        i = j;
    }
    if blocks.is_empty() {
        return variants;
    }
    // Compacted in place (no second vector of every variant): `w` never passes `k`, and what
    // is swapped behind `k` is never read again.
    let mut variants = variants;
    let mut blocks = blocks.into_iter().peekable();
    let (mut w, mut k) = (0, 0);
    while k < variants.len() {
        match blocks.peek() {
            Some(&(s, _, _)) if s == k => {
                let (_, e, merged) = blocks.next().expect("peeked");
                variants[w] = merged;
                k = e;
            }
            _ => {
                variants.swap(w, k);
                k += 1;
            }
        }
        w += 1;
    }
    variants.truncate(w);
    variants
}
