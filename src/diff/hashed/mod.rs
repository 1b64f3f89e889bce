//! The word diff's path for long texts, where the cost of interning every token would dominate.
//!
//! - Each side is tokenized and its tokens' keys are hashed to 64 bits, both sides at once
//!   (no shared table, so no cache misses on one: the costly part of interning); each token's
//!   hash is kept cut to 32 bits.
//! - With Myers (the default), both texts are then walked change by change over those hashes
//!   ([`super::walk`]): no line pass and no anchors, so texts whose sentences all repeat cost
//!   no more than others. A place the walk cannot rejoin goes to the anchored diff of a window
//!   around it ([`diff_stretch`]). Patience and histogram take the line pass below.
//! - The text is cut into *lines* for a first pass: not its lines as written, but sentences
//!   (cut after `.`, `!`, `?`, `…` and their forms in other scripts: [`ends_sentence`]) and
//!   paragraphs (cut at a blank line), so that re-wrapping
//!   a witness changes none of them; a line break cuts too once a line has run past
//!   [`LINE_MAX`] tokens, so texts without punctuation still have lines. Lines are hashed
//!   from their tokens' hashes. Lines that occur in both texts are aligned first, the others
//!   set aside (as xdiff discards lines without a partner), so the line diff's cost follows
//!   the number of changed lines, not the length of the text.
//! - Only the stretches between aligned lines are diffed token by token, in parallel; a long
//!   stretch (a much-changed text has few equal lines) is anchored on its unique tokens as
//!   the interned path does.
//! - Every pair of tokens the script calls equal is then checked by key, so a hash collision
//!   costs time (the caller runs the interned path instead), never a wrong variant.
//!
//! Whitespace is not hashed and a line's hash covers only its tokens, so lines that differ
//! in spacing still align; lineation never changes which tokens are equal.

use std::borrow::Cow;
use std::ops::Range;
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::engine::{
    ANCHOR_MIN, Op, OpTag, cut_gaps, diff_gap, diff_gaps, diff_ids_with, in_context,
    longest_increasing_by, push,
};
use super::{Algorithm, DiffOptions};
use crate::text::keyhash::{hash_in, hash_key};
use crate::text::{Keyed, Normalizer, Tokens, tokenize};

mod anchored;

use super::walk::{MAX_D, walk};

use anchored::{Rehash, Short, diff_anchored, short};

/// One text, tokenized, with its lines' hashes (lines as the module's documentation defines
/// them: sentences and paragraphs). Tokens' key hashes are not kept (they would take as much
/// memory as the tokens): the stretches that need them hash them again.
pub(super) struct Hashed<'t> {
    text: &'t str,
    /// Another key hash, with which tests forge collisions.
    forge: Forge,
    /// The tokens (no ids).
    pub keyed: Keyed<()>,
    /// `line_starts[k]..line_starts[k + 1]`: the compared tokens of line `k` (lines without a
    /// compared token are left out); the last entry is the number of compared tokens.
    line_starts: Vec<u32>,
    /// One hash per line, of its tokens' hashes.
    line_hashes: Vec<u64>,
    /// Each compared token's key hash cut to a [`Short`] (what the walk reads).
    shorts: Vec<Short>,
}

impl Hashed<'_> {
    fn line(&self, k: usize) -> Range<usize> {
        self.line_starts[k] as usize..self.line_starts[k + 1] as usize
    }

    fn len(&self) -> usize {
        self.keyed.len()
    }

    /// The key hash of compared token `i` (`plain`: [`Normalizer::ascii_is_key`]).
    #[inline]
    fn hash_at(&self, i: usize, norm: &Normalizer, plain: bool) -> u64 {
        let span = self.keyed.token(i).range();
        self.forge.hash(self.text, span, norm, plain).0
    }

    /// The key hashes of compared tokens `r`, each as `held` keeps it (whole, or cut to a
    /// [`Short`](anchored::Short)).
    fn hashes<H>(&self, r: Range<usize>, norm: &Normalizer, held: fn(u64) -> H) -> Vec<H> {
        let plain = norm.ascii_is_key();
        r.map(|i| held(self.hash_at(i, norm, plain))).collect()
    }

    /// Free the lines of both texts when they are too short for the line pass to pay: lines
    /// of a token or two (word lists, one word per line) cost it more memory than the tokens
    /// themselves, and save the token diff nothing.
    pub fn drop_short_lines(a: &mut Self, b: &mut Self) {
        let lines = a.line_hashes.len() + b.line_hashes.len();
        if lines * LINE_MIN_TOKENS > a.len() + b.len() {
            for h in [a, b] {
                h.line_hashes = Vec::new();
                h.line_starts = vec![0, h.len() as u32];
            }
        }
    }

    /// The lines' token ranges' starts and their hashes (for tests).
    #[cfg(test)]
    pub fn lines(&self) -> (&[u32], &[u64]) {
        (&self.line_starts, &self.line_hashes)
    }

    /// The tokens, without the lines.
    pub fn into_keyed(self) -> Keyed<()> {
        self.keyed
    }
}

/// A function hashing keys as [`key_hash`] does.
#[cfg(test)]
pub(super) type KeyHash = fn(&str, Range<usize>, &Normalizer, bool) -> (u64, bool);

/// The key hash tests put in place of [`key_hash`] to forge collisions (nothing outside
/// tests, where the call is direct and inlined).
#[derive(Clone, Copy, Default)]
struct Forge(#[cfg(test)] Option<KeyHash>);

impl Forge {
    #[inline(always)]
    fn hash(self, text: &str, span: Range<usize>, norm: &Normalizer, plain: bool) -> (u64, bool) {
        #[cfg(test)]
        if let Some(f) = self.0 {
            return f(text, span, norm, plain);
        }
        key_hash(text, span, norm, plain)
    }
}

/// The hash of the key of the token at `span` of `text`, and whether the key is its reading.
#[inline]
pub(super) fn key_hash(
    text: &str,
    span: Range<usize>,
    norm: &Normalizer,
    plain: bool,
) -> (u64, bool) {
    let (h, ascii) = hash_in(text.as_bytes(), span.clone());
    if plain && ascii {
        return (h, true);
    }
    match norm.key(&text[span]) {
        Cow::Owned(k) => (hash_key(k.as_bytes()).0, false),
        Cow::Borrowed(_) => (h, true),
    }
}

/// Bytes of text tokenized at a time, so that hashing reads tokens and bytes still in cache.
const BLOCK: usize = 1 << 15;

/// Tokenize `text` and hash its compared tokens' keys and its lines.
pub(super) fn hash_side<'t>(text: &'t str, norm: &Normalizer) -> Hashed<'t> {
    hash_side_forged(text, norm, Forge::default())
}

/// As [`hash_side`], hashing keys with `hash` (to forge collisions).
#[cfg(test)]
pub(super) fn hash_side_with<'t>(text: &'t str, norm: &Normalizer, hash: KeyHash) -> Hashed<'t> {
    hash_side_forged(text, norm, Forge(Some(hash)))
}

fn hash_side_forged<'t>(text: &'t str, norm: &Normalizer, forge: Forge) -> Hashed<'t> {
    let text = tokenize::clamp(text);
    let bytes = text.as_bytes();
    let ignoring = norm.options().punctuation;
    let plain = norm.ascii_is_key();
    let mut tokens = Tokens::with_capacity(text.len() / 5 + 1);
    // Each block is cut into `block` first, then held compactly in `tokens`.
    let mut block = Vec::new();
    let mut compared = 0u32;
    let mut positions = Vec::new();
    let mut line_starts = Vec::with_capacity(text.len() / 256 + 2);
    let mut line_hashes = Vec::with_capacity(text.len() / 256 + 1);
    let mut exact = true;
    let mut shorts: Vec<Short> = Vec::with_capacity(text.len() / 5 + 1);
    let mut line = 0u64;
    let mut line_open = false;
    let mut prev_end = 0;
    let mut from = 0;
    let mut sentence_end = false;
    while from < bytes.len() {
        // Cut after the first line break, carriage return or space past BLOCK bytes: no token
        // spans one. The search stops at the cut, so the text is scanned once in all (searching
        // the rest of the text for a line feed first made a text without one quadratic).
        let end = if bytes.len() - from <= BLOCK {
            bytes.len()
        } else {
            let rest = &bytes[from + BLOCK..];
            memchr::memchr3(b'\n', b'\r', b' ', rest).map_or(bytes.len(), |k| from + BLOCK + k + 1)
        };
        let first = tokens.len();
        block.clear();
        tokenize::tokenize_from(&text[..end], from, &mut block);
        from = end;
        for (i, &t) in (first..).zip(&block) {
            tokens.push(t);
            let start = t.start() as usize;
            if line_open
                && (sentence_end || {
                    // The gap is a byte or two: a loop beats a call into memchr.
                    let breaks = bytes[prev_end..start]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                    breaks >= 2
                        || breaks == 1
                            && compared - line_starts.last().copied().unwrap_or(0) >= LINE_MAX
                })
            {
                line_hashes.push(line);
                line = 0;
                line_open = false;
            }
            prev_end = t.end() as usize;
            sentence_end = t.kind() == tokenize::TokenKind::Punct
                && text[start..prev_end].chars().all(ends_sentence);
            if ignoring {
                if norm.ignores(&t) {
                    continue;
                }
                positions.push(i as u32);
            }
            let (h, is_reading) = forge.hash(text, start..prev_end, norm, plain);
            exact &= is_reading;
            shorts.push(short(h));
            if !line_open {
                line_starts.push(compared);
                line_open = true;
            }
            line = (line.rotate_left(5) ^ h).wrapping_mul(0x517c_c1b7_2722_0a95);
            compared += 1;
        }
    }
    if line_open {
        line_hashes.push(line);
    }
    line_starts.push(compared);
    tokens.shrink_to_fit();
    Hashed {
        text,
        forge,
        keyed: Keyed {
            tokens,
            ids: Vec::new(),
            positions: ignoring.then_some(positions),
            exact,
        },
        line_starts,
        line_hashes,
        shorts,
    }
}

/// The edit script of two hashed texts, and whether the deadline cut the search short.
/// `None` when a pair the script calls equal has different keys (a hash collision).
pub(super) fn diff_hashed(
    old: &Hashed,
    new: &Hashed,
    norm: &Normalizer,
    opts: &DiffOptions,
) -> Option<(Vec<Op>, bool)> {
    diff_hashed_with(old, new, norm, opts, STREAM_MIN)
}

/// As [`diff_hashed`], with stretches above `stream_min` tokens hashed again on each read
/// (tests compare both ways on short texts).
pub(super) fn diff_hashed_with(
    old: &Hashed,
    new: &Hashed,
    norm: &Normalizer,
    opts: &DiffOptions,
    stream_min: usize,
) -> Option<(Vec<Op>, bool)> {
    let start = Instant::now();
    let deadline = opts.deadline.map(|d| start + d);
    if opts.algorithm == Algorithm::Myers {
        // Near-copies are walked change by change (see `walk`); a place the walk cannot
        // rejoin goes to the anchored diff of a window around it.
        // Not strict: a window the walk gives up on has few equal runs, and anchors that must
        // agree with their neighbours would leave it none (a permutation became one
        // replacement, in 7 s).
        let how = How {
            norm,
            algorithm: opts.algorithm,
            deadline,
            strict: false,
            stream_min,
        };
        let mut ops = walk(&old.shorts, &new.shorts, MAX_D, |o, n| {
            diff_stretch(old, new, o, n, how)
        });
        let approximate = deadline.is_some_and(|d| Instant::now() >= d);
        return finish(old, new, norm, &mut ops).then_some((ops, approximate));
    }
    let lines = line_pairs(old, new, deadline);
    // Stretches between aligned lines, each followed by its run of aligned lines (lines
    // aligned in a row with nothing between them are one run), the last by none.
    let mut gaps: Vec<Stretch> = Vec::new();
    let (mut i, mut j) = (0, 0);
    for &(la, lb) in &lines {
        let (ra, rb) = (old.line(la as usize), new.line(lb as usize));
        if let Some(Stretch {
            line: Some((run_a, run_b)),
            ..
        }) = gaps.last_mut()
            && run_a.end == ra.start
            && run_b.end == rb.start
        {
            run_a.end = ra.end;
            run_b.end = rb.end;
        } else {
            gaps.push(Stretch {
                old: i..ra.start,
                new: j..rb.start,
                line: Some((ra.clone(), rb.clone())),
            });
        }
        (i, j) = (ra.end, rb.end);
    }
    gaps.push(Stretch {
        old: i..old.len(),
        new: j..new.len(),
        line: None,
    });
    let how = How {
        norm,
        algorithm: opts.algorithm,
        deadline,
        strict: !lines.is_empty(),
        stream_min,
    };
    let mut ops = if lines.is_empty() {
        diff_stretch(old, new, 0..old.len(), 0..new.len(), how)
    } else {
        stitch(old, new, &gaps, how)
    };
    let approximate = deadline.is_some_and(|d| Instant::now() >= d);
    finish(old, new, norm, &mut ops).then_some((ops, approximate))
}

/// Check every pair of tokens `ops` calls equal by key (false on a hash collision), and
/// shrink the script.
fn finish(old: &Hashed, new: &Hashed, norm: &Normalizer, ops: &mut Vec<Op>) -> bool {
    let checked = ops.par_iter().with_min_len(256).all(|op| {
        op.tag != OpTag::Equal || equal_keys(old, op.old_range(), new, op.new_range(), norm)
    });
    ops.shrink_to_fit();
    checked
}

/// How stretches are diffed.
#[derive(Clone, Copy)]
struct How<'n> {
    norm: &'n Normalizer,
    algorithm: Algorithm,
    deadline: Option<Instant>,
    /// Anchors must agree with their neighbours (see [`diff_anchored`]).
    strict: bool,
    /// Stretches above this many tokens are hashed again on each read ([`STREAM_MIN`]).
    stream_min: usize,
}

/// Tokens between two runs of aligned lines, and the run after them (none after the last).
struct Stretch {
    old: Range<usize>,
    new: Range<usize>,
    line: Option<(Range<usize>, Range<usize>)>,
}

/// The script of the stretches between aligned lines, each stretch followed by its line.
fn stitch(a: &Hashed<'_>, b: &Hashed<'_>, gaps: &[Stretch], how: How<'_>) -> Vec<Op> {
    let parts: Vec<Vec<Op>> = gaps
        .par_iter()
        .with_min_len(64)
        .map(|g| diff_stretch(a, b, g.old.clone(), g.new.clone(), how))
        .collect();
    let mut ops = Vec::with_capacity(parts.iter().map(Vec::len).sum::<usize>() + gaps.len());
    // Each part is freed once copied.
    for (part, g) in parts.into_iter().zip(gaps) {
        for op in part {
            push(&mut ops, op.tag, op.old_range(), op.new_range());
        }
        if let Some((ra, rb)) = &g.line {
            push(&mut ops, OpTag::Equal, ra.clone(), rb.clone());
        }
    }
    ops
}

/// True when compared tokens `ra` of `a` and `rb` of `b` (as many) have equal keys. The
/// common case is checked in bulk: the same bytes from the first token to the last, cut at
/// the same offsets.
fn equal_keys(
    a: &Hashed<'_>,
    ra: Range<usize>,
    b: &Hashed<'_>,
    rb: Range<usize>,
    norm: &Normalizer,
) -> bool {
    let (a_text, b_text) = (a.text, b.text);
    let (a, b) = (&a.keyed, &b.keyed);
    if ra.is_empty() {
        return true;
    }
    let (a0, b0) = (a.token(ra.start).start(), b.token(rb.start).start());
    let (a1, b1) = (a.token(ra.end - 1).end(), b.token(rb.end - 1).end());
    let same_cuts = || {
        ra.clone().zip(rb.clone()).all(|(i, j)| {
            let (x, y) = (a.token(i), b.token(j));
            x.start() - a0 == y.start() - b0 && x.end() - a0 == y.end() - b0
        })
    };
    if a_text.as_bytes()[a0 as usize..a1 as usize] == b_text.as_bytes()[b0 as usize..b1 as usize]
        && same_cuts()
    {
        return true;
    }
    ra.zip(rb)
        .all(|(i, j)| norm.same_key(a.token(i).text(a_text), b.token(j).text(b_text)))
}

/// Lines aligned between the texts, as `(old line, new line)` in increasing order: a diff of
/// the lines that occur in both (by hash, with the same number of tokens). Empty when such
/// lines hold too few of the tokens for the pass to pay.
fn line_pairs(old: &Hashed, new: &Hashed, deadline: Option<Instant>) -> Vec<(u32, u32)> {
    if old.line_hashes.is_empty() || new.line_hashes.is_empty() {
        return Vec::new();
    }
    let mut table: FxHashMap<u64, u32> = FxHashMap::default();
    table.reserve(old.line_hashes.len() + new.line_hashes.len());
    let mut seen: Vec<[bool; 2]> = Vec::new();
    let mut id_of = |h: u64, side: usize| {
        let next = table.len() as u32;
        let id = *table.entry(h).or_insert(next);
        if id == next {
            seen.push([false; 2]);
        }
        seen[id as usize][side] = true;
        id
    };
    let ids_old: Vec<u32> = old.line_hashes.iter().map(|&h| id_of(h, 0)).collect();
    let ids_new: Vec<u32> = new.line_hashes.iter().map(|&h| id_of(h, 1)).collect();
    drop(table);
    let shared = |id: u32| seen[id as usize] == [true, true];
    let keep = |ids: &[u32]| -> Vec<u32> {
        (0..ids.len() as u32)
            .filter(|&k| shared(ids[k as usize]))
            .collect()
    };
    let (keep_old, keep_new) = (keep(&ids_old), keep(&ids_new));
    let covered: usize = keep_old.iter().map(|&k| old.line(k as usize).len()).sum();
    // Below a quarter of the tokens in shared lines (re-wrapped witnesses share almost none),
    // the token-level anchoring does the work alone.
    if covered * 4 < old.len() {
        return Vec::new();
    }
    // Triples of consecutive lines that occur once in a text: a run of aligned lines is kept
    // only when it holds one that occurs once in each (so it cannot be a chance alignment
    // with another copy of repeated lines) and is at least MIN_RUN lines long. With no such
    // triple in common (a text of repeated lines), no run could be kept: skip the line diff.
    let (once_old, once_new) =
        rayon::join(|| unique_triples(&ids_old), || unique_triples(&ids_new));
    let once = |set: &Triples, t: (u32, u32, u32)| set.get(&t) == Some(&true);
    if !once_old.iter().any(|(&t, &u)| u && once(&once_new, t)) {
        return Vec::new();
    }
    let ra: Vec<u32> = keep_old.iter().map(|&k| ids_old[k as usize]).collect();
    let rb: Vec<u32> = keep_new.iter().map(|&k| ids_new[k as usize]).collect();
    let (ops, _) = diff_ids_with(
        &ra,
        &rb,
        Algorithm::Myers,
        deadline.map(|d| d.saturating_duration_since(Instant::now())),
        true,
    );
    let anchored = |la: u32, lb: u32, len: usize| {
        (0..len.saturating_sub(2)).any(|t| {
            let (x, y) = (la as usize + t, lb as usize + t);
            once(&once_old, (ids_old[x], ids_old[x + 1], ids_old[x + 2]))
                && once(&once_new, (ids_new[y], ids_new[y + 1], ids_new[y + 2]))
        })
    };
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(ra.len());
    let mut run = 0;
    let end_run = |pairs: &mut Vec<(u32, u32)>, run: usize| {
        if run > 0 {
            let (la, lb) = pairs[pairs.len() - run];
            if run < MIN_RUN || !anchored(la, lb, run) {
                pairs.truncate(pairs.len() - run);
            }
        }
    };
    for op in ops.iter().filter(|op| op.tag == OpTag::Equal) {
        for (x, y) in op.old_range().zip(op.new_range()) {
            let (la, lb) = (keep_old[x], keep_new[y]);
            if old.line(la as usize).len() != new.line(lb as usize).len() {
                continue;
            }
            let follows = pairs
                .last()
                .is_some_and(|&(pa, pb)| pa + 1 == la && pb + 1 == lb);
            if !follows {
                end_run(&mut pairs, run);
                run = 0;
            }
            pairs.push((la, lb));
            run += 1;
        }
    }
    end_run(&mut pairs, run);
    let same_old = |x: u32, y: u32| {
        ids_old[x as usize] == ids_old[y as usize]
            && old.line(x as usize).len() == old.line(y as usize).len()
    };
    let same_new = |x: u32, y: u32| {
        ids_new[x as usize] == ids_new[y as usize]
            && new.line(x as usize).len() == new.line(y as usize).len()
    };
    slide(
        &mut pairs,
        ids_old.len() as u32,
        ids_new.len() as u32,
        same_old,
        same_new,
    );
    pairs
}

/// Slide the line script's one-sided changes next to a change on the other side where
/// equal lines allow it (as xdiff's compaction does): `Q P P R` against `Q P' P R` may come
/// out as `P'` inserted before the first `P` and the second `P` deleted; sliding the
/// deletion up over the equal `P` puts it beside the insertion, so the token diff pairs `P`
/// with `P'` and finds one changed word instead of two whole lines.
///
/// `pairs` are aligned lines in increasing order; `same_old(x, y)` tells whether old lines
/// `x` and `y` are equal (likewise `same_new`).
fn slide(
    pairs: &mut [(u32, u32)],
    old_len: u32,
    new_len: u32,
    same_old: impl Fn(u32, u32) -> bool,
    same_new: impl Fn(u32, u32) -> bool,
) {
    // Work on one side at a time: side 0 slides deletions (old lines), side 1 insertions.
    for side in 0..2 {
        let (len, other_len) = if side == 0 {
            (old_len, new_len)
        } else {
            (new_len, old_len)
        };
        let same = |x: u32, y: u32| {
            if side == 0 {
                same_old(x, y)
            } else {
                same_new(x, y)
            }
        };
        let this = |p: (u32, u32)| if side == 0 { p.0 } else { p.1 };
        let other = |p: (u32, u32)| if side == 0 { p.1 } else { p.0 };
        let set = |p: &mut (u32, u32), v: u32| if side == 0 { p.0 = v } else { p.1 = v };
        // Gap g lies between pairs[g - 1] and pairs[g] (gap 0 before the first pair, gap
        // pairs.len() after the last).
        let start = |pairs: &[(u32, u32)], g: usize, f: &dyn Fn((u32, u32)) -> u32| {
            if g == 0 { 0 } else { f(pairs[g - 1]) + 1 }
        };
        let end = |pairs: &[(u32, u32)], g: usize, total: u32, f: &dyn Fn((u32, u32)) -> u32| {
            pairs.get(g).map_or(total, |&p| f(p))
        };
        for g in 0..=pairs.len() {
            let (gs, ge) = (start(pairs, g, &this), end(pairs, g, len, &this));
            let one_sided = gs < ge && start(pairs, g, &other) == end(pairs, g, other_len, &other);
            if !one_sided {
                continue;
            }
            // What moved, to undo a slide that reaches no change on the other side.
            let mut undo: Vec<(usize, (u32, u32))> = Vec::new();
            // Up: the aligned line above the group moves below it, while they are equal.
            let (mut k, mut s, mut e) = (g, gs, ge);
            let mut done = false;
            while k > 0
                && undo.len() < MAX_SLIDE
                && this(pairs[k - 1]) + 1 == s
                && same(this(pairs[k - 1]), e - 1)
            {
                undo.push((k - 1, pairs[k - 1]));
                set(&mut pairs[k - 1], e - 1);
                (s, e, k) = (s - 1, e - 1, k - 1);
                if start(pairs, k, &other) < end(pairs, k, other_len, &other) {
                    done = true;
                    break;
                }
            }
            if done {
                continue;
            }
            for (i, p) in undo.drain(..).rev() {
                pairs[i] = p;
            }
            // Down: the aligned line below the group moves above it, while they are equal.
            let (mut k, mut s, mut e) = (g, gs, ge);
            while k < pairs.len()
                && undo.len() < MAX_SLIDE
                && this(pairs[k]) == e
                && e < len
                && same(s, e)
            {
                undo.push((k, pairs[k]));
                set(&mut pairs[k], s);
                (s, e, k) = (s + 1, e + 1, k + 1);
                if start(pairs, k, &other) < end(pairs, k, other_len, &other) {
                    done = true;
                    break;
                }
            }
            if !done {
                for (i, p) in undo.drain(..).rev() {
                    pairs[i] = p;
                }
            }
        }
    }
}

/// Marks that end a sentence, and so a line of the line pass: Latin, Greek and Cyrillic
/// `.`, `!`, `?`, `…`; the full-width forms of CJK; the Arabic question mark; the
/// Devanagari danda.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟' | '।' | '॥'
    )
}

/// Fewest tokens per line (on average) for the line pass to run.
const LINE_MIN_TOKENS: usize = 3;

/// Tokens past which a line break ends a line (see the module's documentation): below it, a
/// line ends only at a sentence's end or a blank line, wherever the text is wrapped.
const LINE_MAX: u32 = 256;

/// Each triple of consecutive line ids in a text, and whether it occurs there once.
type Triples = FxHashMap<(u32, u32, u32), bool>;

/// The triples of consecutive line ids in `ids`, each with whether it occurs once.
fn unique_triples(ids: &[u32]) -> Triples {
    let mut count = Triples::default();
    count.reserve(ids.len());
    for w in ids.windows(3) {
        count
            .entry((w[0], w[1], w[2]))
            .and_modify(|once| *once = false)
            .or_insert(true);
    }
    count
}

/// Farthest (in lines) a change slides: texts of one repeated line would otherwise slide
/// every change the length of the text.
const MAX_SLIDE: usize = 64;

/// Fewest lines aligned in a row that the line pass keeps. Lines without a partner are set
/// aside before the line diff, so it may align a line with a copy of it far away at no cost
/// to itself, where the token diff would find a few changed words; a short run of aligned
/// lines is such a chance alignment more often than not in texts that repeat their lines,
/// and the stretch around it goes to the token diff instead. A run must also hold three
/// lines in a row found once in each text. (Measured with
/// `hashed_path_round_trips_and_stays_near_minimal` on texts of repeated paragraphs: runs
/// of 1 and 2 lines gave scripts up to 3.5× the minimal; runs of 3 passed 300 cases but
/// a CI run found one 15 % over at 9 % change; with the unique triple, 4,000 cases passed.)
const MIN_RUN: usize = 3;

/// Stretches above this many tokens (both sides) are not hashed into memory at once: their
/// hashes (4 bytes a token) would take nearly as much memory as their tokens (5 bytes; a whole
/// text, re-wrapped or much changed, is one stretch). The anchored diff then hashes them again
/// on each pass, which costs a few milliseconds per million tokens and holds no per-token
/// table. (Measured on 100k words with 10 % changed, one stretch of 229k tokens: held, peak RSS
/// 11.1 MB median and 11.8 MB at worst of 15 runs, as where the freed hashes land varies;
/// streamed, 11.0 and 11.1 MB, in 18.7 ms against 17.8 ms.)
const STREAM_MIN: usize = 1 << 17;

/// Diff one stretch of tokens over their key hashes: directly when it is short, else
/// anchored ([`diff_anchored`]), over hashes held in memory (each side hashed on its own
/// thread when long) or, for the longest, hashed again on each read ([`Rehash`]).
fn diff_stretch(
    old: &Hashed<'_>,
    new: &Hashed<'_>,
    o: Range<usize>,
    n: Range<usize>,
    how: How<'_>,
) -> Vec<Op> {
    let How {
        norm,
        algorithm,
        deadline,
        strict,
        stream_min,
    } = how;
    let mut ops = if o.len() + n.len() > stream_min.max(ANCHOR_MIN) {
        let (sa, sb) = (
            Rehash::new(old, o.clone(), norm),
            Rehash::new(new, n.clone(), norm),
        );
        diff_anchored(&sa, &sb, strict, algorithm, deadline)
    } else {
        let (sa, sb) = if o.len() + n.len() > 1 << 14 {
            rayon::join(
                || old.hashes(o.clone(), norm, short),
                || new.hashes(n.clone(), norm, short),
            )
        } else {
            (
                old.hashes(o.clone(), norm, short),
                new.hashes(n.clone(), norm, short),
            )
        };
        if sa.len() + sb.len() <= ANCHOR_MIN {
            diff_gap(&sa, &sb, 0..sa.len(), 0..sb.len(), algorithm, deadline)
        } else {
            diff_anchored(&sa[..], &sb[..], strict, algorithm, deadline)
        }
    };
    for op in &mut ops {
        *op = op.shifted(o.start, n.start);
    }
    ops
}
