//! The variant model: reading an edit script as a scholar's list of variants.

mod blocks;

use std::cell::Cell;
use std::hash::Hasher;
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHasher};

use super::engine::{Op, OpTag, narrow, widen};
use super::{Algorithm, DiffOptions, Granularity, VariantClass, VariantKind, classify};
use crate::text::keyhash::hash_key;
use crate::text::lines::Cursor;
use crate::text::normalize::equal_under;
use crate::text::{Keyed, LineIndex, Normalizer, TokenKind, gap_shape};

/// One side of a variant: where it is and what it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    /// See [`Side::tokens`]. (Held as `u32`, as token offsets are: a long diff holds hundreds of
    /// thousands of sides.)
    tokens: Range<u32>,
    /// See [`Side::bytes`].
    bytes: Range<u32>,
    /// 1-based line of `bytes.start`.
    pub line: u32,
    /// 1-based column (in Unicode scalar values) of `bytes.start`.
    pub column: u32,
}

impl Side {
    /// Compared-token indices (every token, unless punctuation is ignored). Empty for the
    /// absent side of an addition or omission: then it is the position of the gap.
    #[inline]
    pub fn tokens(&self) -> Range<usize> {
        widen(&self.tokens)
    }

    /// Byte range in the text (from the first token's start to the last token's end; empty at
    /// the gap for an absent side).
    #[inline]
    pub fn bytes(&self) -> Range<usize> {
        widen(&self.bytes)
    }

    /// What the side reads: the original text of [`Side::bytes`] in `text`, the text of this
    /// side, whitespace inside it included. (Not held: a long diff holds hundreds of thousands
    /// of sides, each a slice of a text the caller has.)
    #[inline]
    pub fn reading<'t>(&self, text: &'t str) -> &'t str {
        &text[self.bytes()]
    }
}

/// Where a transposed block went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moved {
    /// Compared-token index in the old side where the block reappears in the new side.
    pub old_at: usize,
    /// Compared-token index in the new side where the block stood in the old side.
    pub new_at: usize,
    /// Byte offset in the old text matching `old_at`.
    pub old_byte: usize,
    /// Byte offset in the new text matching `new_at`.
    pub new_byte: usize,
}

/// One variation place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// What happened.
    pub kind: VariantKind,
    /// What sort of difference it is.
    pub class: VariantClass,
    /// The old side. For a transposition: the block where it stood.
    pub old: Side,
    /// The new side. For a transposition: the block where it stands now.
    pub new: Side,
    /// For a transposition, the other ends of the move.
    pub moved: Option<Box<Moved>>,
}

/// Counts of variants by kind and class.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Number of variants.
    pub variants: usize,
    /// Counts indexed like [`VariantKind::ALL`].
    pub by_kind: [usize; 4],
    /// Counts indexed like [`VariantClass::ALL`].
    pub by_class: [usize; 9],
    /// Old-side tokens inside variants.
    pub old_tokens: usize,
    /// New-side tokens inside variants.
    pub new_tokens: usize,
}

impl Stats {
    /// Count `variants`.
    pub fn of(variants: &[Variant]) -> Self {
        let mut s = Stats::default();
        for v in variants {
            s.variants += 1;
            s.by_kind[v.kind as usize] += 1;
            s.by_class[v.class as usize] += 1;
            s.old_tokens += v.old.tokens().len();
            s.new_tokens += v.new.tokens().len();
        }
        s
    }

    /// `(kind, count)` for every kind.
    pub fn kinds(&self) -> impl Iterator<Item = (VariantKind, usize)> + '_ {
        VariantKind::ALL.into_iter().zip(self.by_kind)
    }

    /// `(class, count)` for every class.
    pub fn classes(&self) -> impl Iterator<Item = (VariantClass, usize)> + '_ {
        VariantClass::ALL.into_iter().zip(self.by_class)
    }
}

/// The result of comparing two texts.
#[derive(Clone, Debug)]
pub struct Diff {
    /// Number of compared tokens on the old side.
    pub old_tokens: usize,
    /// Number of compared tokens on the new side.
    pub new_tokens: usize,
    /// The edit script over compared tokens (tiles both sides).
    pub ops: Vec<Op>,
    /// The variants, in old-side order.
    pub variants: Vec<Variant>,
    /// True when the deadline was reached: the script is correct but may not be minimal.
    pub approximate: bool,
    /// The algorithm used.
    pub algorithm: Algorithm,
}

impl Diff {
    /// True when there is no variant.
    pub fn is_empty(&self) -> bool {
        self.variants.is_empty()
    }

    /// Counts of the variants.
    pub fn stats(&self) -> Stats {
        Stats::of(&self.variants)
    }

    /// Keep only the variants `keep` accepts (filters change what is reported, never the
    /// edit script).
    pub fn retain(&mut self, mut keep: impl FnMut(&Variant) -> bool) {
        self.variants.retain(|v| keep(v));
    }

    /// Apply the variants to the old side's compared tokens: `old` and `new` are per-token
    /// values of each side (readings, ids…); `new` is read only inside variants. With every
    /// variant kept, the result equals `new` (readings exactly with default options, keys
    /// always).
    pub fn apply<T: Clone>(&self, old: &[T], new: &[T]) -> Vec<T> {
        // (old start, old end, order, new range)
        let mut edits: Vec<(usize, usize, u8, Range<usize>)> = Vec::new();
        for v in &self.variants {
            match v.moved.as_deref() {
                Some(m) => {
                    edits.push((v.old.tokens().start, v.old.tokens().end, 1, 0..0));
                    edits.push((m.old_at, m.old_at, 0, v.new.tokens()));
                }
                None => {
                    if v.old.tokens().is_empty() && v.new.tokens().is_empty() {
                        continue;
                    }
                    edits.push((v.old.tokens().start, v.old.tokens().end, 1, v.new.tokens()))
                }
            }
        }
        edits.sort_by_key(|e| (e.0, e.2, e.3.start));
        let mut out = Vec::with_capacity(new.len());
        let mut cursor = 0;
        for (s, e, _, r) in edits {
            out.extend_from_slice(&old[cursor..s.max(cursor)]);
            out.extend_from_slice(&new[r]);
            cursor = cursor.max(e);
        }
        out.extend_from_slice(&old[cursor.min(old.len())..]);
        out
    }

    /// Check the edit script's structure: the ops tile both sides in order, none is empty, and
    /// each tag fits its ranges. Property tests and fuzz targets assert it on every diff.
    pub fn check_ops(&self) -> Result<(), String> {
        let (mut i, mut j) = (0, 0);
        for (k, op) in self.ops.iter().enumerate() {
            let (o, n) = (op.old_range(), op.new_range());
            let fits = match op.tag {
                OpTag::Equal => o.len() == n.len(),
                OpTag::Insert => o.is_empty(),
                OpTag::Delete => n.is_empty(),
                OpTag::Replace => !o.is_empty() && !n.is_empty(),
            };
            if (o.start, n.start) != (i, j) {
                return Err(format!("op {k} is not contiguous: {op:?} after ({i}, {j})"));
            }
            if o.is_empty() && n.is_empty() {
                return Err(format!("op {k} is empty"));
            }
            if !fits {
                return Err(format!("op {k}'s ranges do not fit its tag: {op:?}"));
            }
            (i, j) = (o.end, n.end);
        }
        if (i, j) != (self.old_tokens, self.new_tokens) {
            return Err(format!(
                "ops end at ({i}, {j}), not at ({}, {})",
                self.old_tokens, self.new_tokens
            ));
        }
        Ok(())
    }

    /// Edit distance of the script: tokens deleted plus tokens inserted.
    pub fn edit_count(&self) -> usize {
        super::engine::edit_count(&self.ops)
    }
}

struct SideCtx<'a, I> {
    text: &'a str,
    keyed: &'a Keyed<I>,
    lines: LineIndex,
}

impl<'t, I> SideCtx<'t, I> {
    /// Side `r`; `cur` is the last column found on this side (variants come in order, so
    /// columns are counted on from the last one rather than from each line's start).
    fn side(&self, r: Range<usize>, cur: &Cell<Cursor>) -> Side {
        let k = self.keyed;
        let bytes = if r.is_empty() {
            let p = if r.start > 0 {
                k.token(r.start - 1).end() as usize
            } else if !k.is_empty() {
                k.token(0).start() as usize
            } else {
                0
            };
            p..p
        } else {
            k.token(r.start).start() as usize..k.token(r.end - 1).end() as usize
        };
        self.side_at(r, bytes, cur)
    }

    fn side_at(&self, tokens: Range<usize>, bytes: Range<usize>, cur: &Cell<Cursor>) -> Side {
        let mut c = cur.get();
        let (line, column) = self.lines.line_col_from(self.text, bytes.start, &mut c);
        cur.set(c);
        Side {
            tokens: narrow(tokens),
            bytes: narrow(bytes),
            line,
            column,
        }
    }

    fn reading(&self, i: usize) -> &'t str {
        self.keyed.token(i).text(self.text)
    }

    fn readings(&self, r: Range<usize>) -> Vec<&str> {
        r.map(|i| self.reading(i)).collect()
    }

    /// The readings of tokens `r` in `buf` (cleared first): one buffer serves every variant
    /// of a chunk, where [`SideCtx::readings`] allocated one for each.
    fn readings_in<'b>(&self, r: Range<usize>, buf: &'b mut Vec<&'t str>) -> &'b [&'t str] {
        buf.clear();
        buf.extend(r.map(|i| self.reading(i)));
        buf
    }

    /// Words (and numbers) among tokens `r`.
    fn words(&self, r: Range<usize>) -> usize {
        r.filter(|&i| {
            matches!(
                self.keyed.token(i).kind(),
                TokenKind::Word | TokenKind::Number
            )
        })
        .count()
    }

    /// A block a reader would call moved anywhere within [`MAX_MOVE`]: a content word, or a
    /// phrase of two words or more — not a lone function word (that only in a local swap, see
    /// [`NEAR`]) or punctuation.
    fn movable(&self, r: Range<usize>) -> bool {
        let content = r.clone().any(|i| {
            matches!(
                self.keyed.token(i).kind(),
                TokenKind::Word | TokenKind::Number
            ) && !crate::text::function_words::is_function_word(self.reading(i))
        });
        content || self.words(r) >= 2
    }

    fn has_word(&self, r: Range<usize>) -> bool {
        r.into_iter().any(|i| {
            matches!(
                self.keyed.token(i).kind(),
                TokenKind::Word | TokenKind::Number
            )
        })
    }

    /// The whitespace before compared token `i` (`i > 0`), as a byte range.
    fn gap(&self, i: usize) -> Range<usize> {
        self.keyed.token(i - 1).end() as usize..self.keyed.token(i).start() as usize
    }
}

/// True when two tokens with equal keys but different bytes are reported (as class
/// `normalization`).
///
/// A pair of tokens with equal keys is reported only when its difference is not one the user
/// asked to ignore. Keys are the readings after NFC (NFKC under `nfkc`) plus the user's
/// foldings (case, diacritics, the regularization table), so:
///
/// - a pair whose NFC forms differ differs only by what the user folded (`Café` / `cafe`
///   under `--ignore case,diacritics`, `ﬁne` / `fine` under `--ignore nfkc`): it is dropped,
///   whatever [`classify`] would call the combined difference;
/// - a pair whose NFC forms are equal differs only in normalization (NFC vs NFD): it is
///   reported, class `normalization`, unless `--ignore nfkc` is given.
///
/// A pair made equal by the regularization table alone (`colour` / `color` under
/// `colour = color`) is reported too, class `spelling`: the table says which readings are the
/// same word, not that their difference does not exist (`--ignore spelling` drops them).
fn reported_despite_equal_keys(
    old: &str,
    new: &str,
    opts: &DiffOptions,
    norm: &Normalizer,
) -> bool {
    old != new
        && ((!opts.normalize.nfkc && equal_under::nfc_form(old, new)) || norm.regularized(old, new))
}

/// True when compared tokens `ra` of `a` and `rb` of `b` have equal keys (equal readings
/// need no key). Ids may be hashes, so a match of ids is confirmed here.
fn same_keys<I>(
    a: &SideCtx<'_, I>,
    ra: Range<usize>,
    b: &SideCtx<'_, I>,
    rb: Range<usize>,
    norm: &Normalizer,
) -> bool {
    ra.len() == rb.len()
        && ra
            .zip(rb)
            .all(|(i, j)| norm.same_key(a.reading(i), b.reading(j)))
}

/// A variant longer than this (tokens of both sides) is substantive without a closer look:
/// classifying it would cost time and memory for nothing a reader needs.
const CLASSIFY_MAX: usize = 4096;

/// Longest distance (in compared tokens) over which a block still counts as moved rather than
/// as an unrelated omission and addition of the same words (about two sentences), unless it
/// is long ([`MOVE_ANYWHERE`]). The same bound as `collate`'s.
const MAX_MOVE: usize = 50;
/// A block of this many words or more counts as moved wherever it went.
const MOVE_ANYWHERE: usize = 8;
/// A lone function word counts as moved only over this many tokens at most: a local swap
/// (`differ from each other more` / `differ more from each other`).
const NEAR: usize = 4;

/// How far the block deleted by `del` and inserted by `ins` moved, in compared tokens: the
/// larger of the distances between its two places in the old text and in the new text. (The
/// same either way round: the reverse diff sees the same move, its texts swapped.)
fn move_distance(del: &Op, ins: &Op) -> usize {
    let in_old = del.old_range().start.abs_diff(ins.old_range().start);
    let in_new = del.new_range().start.abs_diff(ins.new_range().start);
    in_old.max(in_new)
}

/// Farthest a block is slid (in tokens, either way) to settle it on a boundary.
const SLIDE_MAX: usize = 64;

/// Slide every added or omitted phrase (two words or more, between two equal runs) to where a
/// reader puts it: of the places the script could equally have drawn it — an addition of
/// `. When … modification` after `climate` is the same script as `When … modification .` after
/// `climate .` — the one whose ends fall on the widest breaks (a paragraph break, then a line
/// break, then a space). So an added paragraph reads as the paragraph, and a paragraph moved
/// elsewhere is the same block at both places and is paired as a move (issue 16). Only tokens
/// with identical bytes are slid over, so the variants inside the equal runs stay the same.
fn settle_blocks<I>(ops: &mut [Op], a: &SideCtx<'_, I>, b: &SideCtx<'_, I>) {
    for k in 1..ops.len().saturating_sub(1) {
        let (tag, prev, next) = (ops[k].tag, &ops[k - 1], &ops[k + 1]);
        if prev.tag != OpTag::Equal || next.tag != OpTag::Equal {
            continue;
        }
        let (side, r) = match tag {
            OpTag::Insert => (b, ops[k].new_range()),
            OpTag::Delete => (a, ops[k].old_range()),
            _ => continue,
        };
        if side.words(r.clone()) < 2 {
            continue;
        }
        let (room_left, room_right) = (prev.old_range().len() - 1, next.old_range().len() - 1);
        let same = |i: usize, j: usize| side.reading(i) == side.reading(j);
        let mut left = 0;
        while left < SLIDE_MAX.min(room_left) && same(r.start - 1 - left, r.end - 1 - left) {
            left += 1;
        }
        let mut right = 0;
        while right < SLIDE_MAX.min(room_right) && same(r.start + right, r.end + right) {
            right += 1;
        }
        if left == 0 && right == 0 {
            continue;
        }
        let shape = |i: usize| {
            if i == 0 || i >= side.keyed.len() {
                3
            } else {
                gap_shape(&side.text[side.gap(i)])
            }
        };
        let score = |d: isize| {
            let s = r.start.wrapping_add_signed(d);
            let e = r.end.wrapping_add_signed(d);
            shape(s) + shape(e)
        };
        // The best score; among equals the place the script drew, then the nearest to it.
        let best = (-(left as isize)..=right as isize)
            .max_by_key(|&d| (score(d), d == 0, std::cmp::Reverse(d.unsigned_abs())))
            .unwrap_or(0);
        if best == 0 {
            continue;
        }
        let shift = |r: Range<usize>, from_start: bool, from_end: bool| {
            let s = if from_start {
                r.start.wrapping_add_signed(best)
            } else {
                r.start
            };
            let e = if from_end {
                r.end.wrapping_add_signed(best)
            } else {
                r.end
            };
            s..e
        };
        let p = &ops[k - 1];
        ops[k - 1] = Op::of(
            OpTag::Equal,
            shift(p.old_range(), false, true),
            shift(p.new_range(), false, true),
        );
        let o = &ops[k];
        ops[k] = Op::of(
            tag,
            shift(o.old_range(), true, true),
            shift(o.new_range(), true, true),
        );
        let n = &ops[k + 1];
        ops[k + 1] = Op::of(
            OpTag::Equal,
            shift(n.old_range(), true, false),
            shift(n.new_range(), true, false),
        );
    }
}

/// Pair pure deletions with pure insertions of the same tokens: `(delete op, insert op)`.
/// Blocks are matched by a hash of their keys, then confirmed key by key.
fn pair_moves<I: Sync>(
    ops: &[Op],
    a: &SideCtx<'_, I>,
    b: &SideCtx<'_, I>,
    norm: &Normalizer,
) -> Vec<(usize, usize)> {
    use rayon::prelude::*;
    let block_hash = |s: &SideCtx<'_, I>, r: Range<usize>| {
        let mut h = FxHasher::default();
        for i in r {
            h.write_u64(hash_key(norm.key(s.reading(i)).as_bytes()).0);
        }
        h.finish()
    };
    // Every deleted block's (holding a word) and inserted block's keys, hashed in parallel.
    let hashes: Vec<Option<u64>> = ops
        .par_iter()
        .with_min_len(1024)
        .map(|op| match op.tag {
            OpTag::Delete if a.has_word(op.old_range()) => Some(block_hash(a, op.old_range())),
            OpTag::Insert => Some(block_hash(b, op.new_range())),
            _ => None,
        })
        .collect();
    let mut dels: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (k, op) in ops.iter().enumerate() {
        if op.tag == OpTag::Delete
            && let Some(h) = hashes[k]
        {
            dels.entry(h).or_default().push(k);
        }
    }
    if dels.is_empty() {
        return Vec::new();
    }
    let mut used = vec![false; ops.len()];
    let mut pairs = Vec::new();
    for (k, op) in ops.iter().enumerate() {
        if op.tag != OpTag::Insert {
            continue;
        }
        let Some(cands) = hashes[k].and_then(|h| dels.get(&h)) else {
            continue;
        };
        let words = b.words(op.new_range());
        let content = b.movable(op.new_range());
        let best = cands
            .iter()
            .copied()
            .filter(|&d| !used[d] && same_keys(a, ops[d].old_range(), b, op.new_range(), norm))
            .map(|d| (d, move_distance(&ops[d], op)))
            .filter(|&(_, dist)| {
                (content || dist <= NEAR) && (words >= MOVE_ANYWHERE || dist <= MAX_MOVE)
            })
            .min_by_key(|&(_, dist)| dist);
        if let Some((d, _)) = best {
            used[d] = true;
            pairs.push((d, k));
        }
    }
    pairs
}

#[allow(clippy::too_many_arguments)]
pub(super) fn build<I: Sync>(
    old_text: &str,
    old: &Keyed<I>,
    new_text: &str,
    new: &Keyed<I>,
    mut ops: Vec<Op>,
    approximate: bool,
    norm: &Normalizer,
    opts: &DiffOptions,
) -> Diff {
    let a = SideCtx {
        text: old_text,
        keyed: old,
        lines: LineIndex::new(old_text),
    };
    let b = SideCtx {
        text: new_text,
        keyed: new,
        lines: LineIndex::new(new_text),
    };
    let reg = norm.regularization();
    settle_blocks(&mut ops, &a, &b);
    let pairs = if opts.transpositions {
        pair_moves(&ops, &a, &b, norm)
    } else {
        Vec::new()
    };
    let mut partner: FxHashMap<usize, usize> = FxHashMap::default();
    for &(d, i) in &pairs {
        partner.insert(d, i);
        partner.insert(i, usize::MAX);
    }
    // Chunks of the script cut after equal runs too long to glue changes together (see
    // [`glue`]), so that no variant spans two chunks: they are read in parallel.
    let mut chunks = Vec::new();
    let mut from = 0;
    for (k, op) in ops.iter().enumerate() {
        if k + 1 - from >= CHUNK_OPS && op.tag == OpTag::Equal && op.old_range().len() > GLUE_MAX {
            chunks.push(from..k + 1);
            from = k + 1;
        }
    }
    chunks.push(from..ops.len());
    let ctx = Reading {
        ops: &ops,
        partner: &partner,
        a: &a,
        b: &b,
        reg,
        norm,
        opts,
    };
    let mut variants: Vec<Variant> = if chunks.len() > 1 {
        use rayon::prelude::*;
        // A few chunks at a time, each batch moved into the whole and freed before the next
        // is read (its memory serves the next): never two copies of all the variants. The
        // whole grows by exactly each batch (no doubling's spare half: measured on 100k words
        // with 10 % changed, 1.75 MB of room for 0.88 MB of variants); once large, the
        // allocator moves it by remapping its pages, not by copying.
        let mut all = Vec::new();
        for batch in chunks.chunks(CHUNKS_PER_THREAD * rayon::current_num_threads()) {
            let parts: Vec<Vec<Variant>> =
                batch.par_iter().map(|r| ctx.variants(r.clone())).collect();
            all.reserve_exact(parts.iter().map(Vec::len).sum());
            for part in parts {
                all.extend(part);
            }
        }
        all
    } else {
        ctx.variants(0..ops.len())
    };
    let order = |v: &Variant| {
        (
            v.old.tokens().start,
            v.old.tokens().end,
            v.new.tokens().start,
        )
    };
    // Variants come out of the script in order unless something moved: then sort (stably).
    if !variants.is_sorted_by_key(order) {
        variants.sort_by_key(order);
    }
    if opts.granularity == Granularity::Block {
        variants = blocks::merge(variants, &a, &b, reg);
    }
    Diff {
        old_tokens: old.len(),
        new_tokens: new.len(),
        ops,
        variants,
        approximate,
        algorithm: opts.algorithm,
    }
}

/// What reading a chunk of the edit script as variants needs.
struct Reading<'a, I> {
    ops: &'a [Op],
    partner: &'a FxHashMap<usize, usize>,
    a: &'a SideCtx<'a, I>,
    b: &'a SideCtx<'a, I>,
    reg: &'a crate::text::Regularization,
    norm: &'a Normalizer,
    opts: &'a DiffOptions,
}

/// Ops per chunk read in parallel (at least; a chunk ends after a long equal run).
const CHUNK_OPS: usize = 512;
/// Chunks read at once (in parallel), per thread, before they are moved into the result:
/// enough to keep the threads busy, few enough that the batch's variants stay a small part
/// of the whole (16 chunks at once held 1.9 MB of variants on 100k words at 10 % change).
const CHUNKS_PER_THREAD: usize = 2;
/// Longest equal run (in tokens) that can glue two changes into one variant.
const GLUE_MAX: usize = 3;

impl<I> Reading<'_, I> {
    fn is_plain_change(&self, k: usize) -> bool {
        self.ops
            .get(k)
            .is_some_and(|o| o.tag != OpTag::Equal && !self.partner.contains_key(&k))
    }

    /// The variants of ops `range` (a variant starting in it ends in it).
    fn variants(&self, range: Range<usize>) -> Vec<Variant> {
        let Reading {
            ops,
            partner,
            a,
            b,
            reg,
            norm,
            opts,
        } = *self;
        let is_plain_change = |k| self.is_plain_change(k);
        let (ca, cb) = (Cell::new(Cursor::default()), Cell::new(Cursor::default()));
        let mut variants = Vec::with_capacity(range.len() / 2 + 4);
        let (mut buf_a, mut buf_b) = (Vec::new(), Vec::new());
        let mut skip_to = 0;
        for k in range {
            let op = &ops[k];
            if k < skip_to {
                continue;
            }
            match op.tag {
                OpTag::Equal => {
                    equal_run(op, (a, &ca), (b, &cb), (opts, norm), &mut variants);
                }
                _ if partner.get(&k) == Some(&usize::MAX) => {}
                OpTag::Delete if partner.contains_key(&k) => {
                    let ins = &ops[partner[&k]];
                    let ra = a.readings_in(op.old_range(), &mut buf_a);
                    let rb = b.readings_in(ins.new_range(), &mut buf_b);
                    let class = if ra == rb {
                        VariantClass::Substantive
                    } else {
                        classify(ra, rb, reg).max(VariantClass::Substantive)
                    };
                    variants.push(Variant {
                        kind: VariantKind::Transposition,
                        class,
                        old: a.side(op.old_range(), &ca),
                        new: b.side(ins.new_range(), &cb),
                        moved: Some(Box::new(Moved {
                            old_at: ins.old_range().start,
                            new_at: op.new_range().start,
                            old_byte: a
                                .side(ins.old_range().start..ins.old_range().start, &ca)
                                .bytes()
                                .start,
                            new_byte: b
                                .side(op.new_range().start..op.new_range().start, &cb)
                                .bytes()
                                .start,
                        })),
                    });
                }
                _ => {
                    // A reader takes changes glued together by a little punctuation
                    // (`<b>text</b>` → `<i>text</i>`) as one variant.
                    let mut last = k;
                    while is_plain_change(last + 2) && glue(&ops[last + 1], a, b) {
                        last += 2;
                    }
                    skip_to = last + 1;
                    let (ro, rn) = (
                        op.old_range().start..ops[last].old_range().end,
                        op.new_range().start..ops[last].new_range().end,
                    );
                    let kind = match (ro.is_empty(), rn.is_empty()) {
                        (true, _) => VariantKind::Addition,
                        (_, true) => VariantKind::Omission,
                        _ => VariantKind::Substitution,
                    };
                    let class = if ro.len() + rn.len() > CLASSIFY_MAX {
                        VariantClass::Substantive
                    } else {
                        classify(
                            a.readings_in(ro.clone(), &mut buf_a),
                            b.readings_in(rn.clone(), &mut buf_b),
                            reg,
                        )
                    };
                    variants.push(Variant {
                        kind,
                        class,
                        old: a.side(ro, &ca),
                        new: b.side(rn, &cb),
                        moved: None,
                    });
                }
            }
        }
        variants
    }
}

/// True when the equal op `eq` is a little punctuation glued to the changes on both sides of
/// it (no whitespace, no word) in both texts: then those changes read as one. (In both, so
/// that the reverse diff reads them alike.)
fn glue<I>(eq: &Op, a: &SideCtx<'_, I>, b: &SideCtx<'_, I>) -> bool {
    let glued = |r: Range<usize>, s: &SideCtx<'_, I>| {
        if r.len() > GLUE_MAX || r.start == 0 || r.end >= s.keyed.len() || s.has_word(r.clone()) {
            return false;
        }
        (r.start..=r.end).all(|i| s.gap(i).is_empty())
    };
    glued(eq.old_range(), a) && glued(eq.new_range(), b)
}

/// Variants inside a run of equal keys: readings that differ only in normalization (see
/// [`reported_despite_equal_keys`]), and, when asked, differences in lineation.
fn equal_run<I>(
    op: &Op,
    (a, ca): (&SideCtx<'_, I>, &Cell<Cursor>),
    (b, cb): (&SideCtx<'_, I>, &Cell<Cursor>),
    (opts, norm): (&DiffOptions, &Normalizer),
    out: &mut Vec<Variant>,
) {
    let run = op.old_range();
    let offset = op.new_range().start as isize - run.start as isize;
    let to_new = |i: usize| (i as isize + offset) as usize;
    // Equal ids are equal keys; when every key is its reading, equal readings too. Under
    // `nfkc` no pair of equal keys is reported.
    let regularizing = !norm.regularization().is_empty();
    let mut i = if (a.keyed.exact && b.keyed.exact) || (opts.normalize.nfkc && !regularizing) {
        run.end
    } else {
        run.start
    };
    let reported =
        |i: usize| reported_despite_equal_keys(a.reading(i), b.reading(to_new(i)), opts, norm);
    while i < run.end {
        if !reported(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < run.end && reported(i) {
            i += 1;
        }
        let (ro, rn) = (start..i, to_new(start)..to_new(i));
        let class = if ro
            .clone()
            .all(|k| equal_under::nfc_form(a.reading(k), b.reading(to_new(k))))
        {
            VariantClass::Normalization
        } else {
            VariantClass::Spelling
        };
        out.push(Variant {
            kind: VariantKind::Substitution,
            class,
            old: a.side(ro, ca),
            new: b.side(rn, cb),
            moved: None,
        });
    }
    if opts.whitespace {
        // Only gaps between two tokens of the run: the gaps at its ends border a change.
        for i in run.start + 1..run.end {
            let j = to_new(i);
            let (ga, gb) = (a.gap(i), b.gap(j));
            if gap_shape(&a.text[ga.clone()]) != gap_shape(&b.text[gb.clone()]) {
                out.push(Variant {
                    kind: VariantKind::Substitution,
                    class: VariantClass::Whitespace,
                    old: a.side_at(i..i, ga, ca),
                    new: b.side_at(j..j, gb, cb),
                    moved: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
