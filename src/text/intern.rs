//! Interning: every distinct comparison key becomes a `u32` once, and diffs run over integer
//! slices (the imara-diff approach). One interner is shared by all texts compared together,
//! so equal keys get equal ids across witnesses.

use std::borrow::Cow;
use std::hash::Hasher;

use rustc_hash::FxHasher;

use super::normalize::Normalizer;
use super::tokenize::{Token, tokenize};
use super::tokens::Tokens;

const NONE: u32 = u32::MAX;
const EMPTY: u64 = u64::MAX;

/// Maps comparison keys to dense `u32` ids.
///
/// Compact on purpose (texts of millions of words have hundreds of thousands of distinct
/// keys): keys live in one arena string (each key's end offset kept, its start being the
/// previous key's end), and an open-addressing table (at most three quarters full) holds each
/// id beside 32 bits of its key's hash, so that most probes are settled without touching the
/// arena.
#[derive(Debug, Default)]
pub struct Interner {
    /// `tag << 32 | id`, or [`EMPTY`]; the tag (high half of the key's hash) settles most
    /// probes without a second memory access.
    slots: Vec<u64>,
    arena: String,
    /// `ends[id]`: where key `id` ends in the arena.
    ends: Vec<u32>,
}

const TAG: u64 = 0xFFFF_FFFF_0000_0000;

#[inline]
fn hash_key(key: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(key);
    h.finish()
}

/// Byte equality without a call into `memcmp` (keys are mostly a few bytes long).
#[inline]
fn eq_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// Make room for `more` further keys without growing the table.
    pub fn reserve(&mut self, more: usize) {
        let want = ((self.ends.len() + more) * 4 / 3 + 1)
            .next_power_of_two()
            .max(64);
        if want > self.slots.len() {
            self.rehash(want);
        }
    }

    #[cold]
    #[inline(never)]
    fn rehash(&mut self, size: usize) {
        let mut slots = vec![EMPTY; size];
        let mask = size - 1;
        for id in 0..self.ends.len() as u32 {
            let h = hash_key(self.key_bytes(id));
            let mut i = h as usize & mask;
            while slots[i] != EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = (h >> 32) << 32 | u64::from(id);
        }
        self.slots = slots;
    }

    /// The id of `key`, assigning the next free id the first time it is seen.
    #[inline]
    pub fn intern(&mut self, key: &str) -> u32 {
        // At most three quarters full.
        if (self.ends.len() + 1) * 4 > self.slots.len() * 3 {
            self.rehash((self.slots.len() * 2).max(64));
        }
        let h = hash_key(key.as_bytes());
        match self.probe(key.as_bytes(), h) {
            Ok(id) => id,
            Err(free) => self.insert_at(free, h & TAG, key),
        }
    }

    /// Look `bytes` (hashing to `h`) up: `Ok(id)` when interned, else `Err(the free slot where
    /// it belongs)`. The table must not be empty, nor full (it never is: see [`Self::intern`]).
    #[inline]
    fn probe(&self, bytes: &[u8], h: u64) -> Result<u32, usize> {
        let tag = h & TAG;
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == EMPTY {
                return Err(i);
            }
            if slot & TAG == tag && eq_bytes(self.key_bytes(slot as u32), bytes) {
                return Ok(slot as u32);
            }
            i = (i + 1) & mask;
        }
    }

    /// Give `key` (not yet interned) the next id, in free slot `i`.
    #[inline(never)]
    fn insert_at(&mut self, i: usize, tag: u64, key: &str) -> u32 {
        let id = u32::try_from(self.ends.len())
            .ok()
            .filter(|&id| id != NONE)
            .expect("more than 4 billion distinct tokens");
        self.arena.push_str(key);
        let end = u32::try_from(self.arena.len()).expect("interned keys exceed 4 GiB");
        self.ends.push(end);
        self.slots[i] = tag | u64::from(id);
        id
    }

    /// The id of `key` if it was interned.
    pub fn get(&self, key: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(key.as_bytes(), hash_key(key.as_bytes())).ok()
    }

    /// The key of `id`.
    pub fn key(&self, id: u32) -> &str {
        &self.arena[self.key_range(id)]
    }

    #[inline]
    fn key_range(&self, id: u32) -> std::ops::Range<usize> {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        start as usize..self.ends[id] as usize
    }

    #[inline]
    fn key_bytes(&self, id: u32) -> &[u8] {
        &self.arena.as_bytes()[self.key_range(id)]
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Intern every key of `other` here; the result maps `other`'s ids to this interner's
    /// (so texts keyed in parallel with separate interners can be joined afterwards).
    pub fn absorb(&mut self, other: &Interner) -> Vec<u32> {
        (0..other.len() as u32)
            .map(|id| self.intern(other.key(id)))
            .collect()
    }

    /// Tokenize `text`, key each token with `norm`, and intern the keys.
    pub fn keyed(&mut self, text: &str, norm: &Normalizer) -> Keyed {
        let tokens = tokenize(text);
        self.key_tokens(text, tokens, norm)
    }

    /// Key and intern already cut tokens of `text`.
    /// Stretches a rule of several tokens names are joined first ([`Normalizer::merge_spans`]).
    pub fn key_tokens(&mut self, text: &str, tokens: Vec<Token>, norm: &Normalizer) -> Keyed {
        let tokens = norm.merge_spans(text, tokens);
        let mut ids = Vec::with_capacity(tokens.len());
        let mut positions = Vec::new();
        if self.slots.is_empty() {
            // Distinct keys run to a fraction of the tokens; the table grows past that.
            self.reserve(tokens.len() / 8);
        }
        let ignoring = norm.options().punctuation;
        let plain = norm.ascii_is_key();
        let mut exact = true;
        for (i, t) in tokens.iter().enumerate() {
            if norm.ignores(t) {
                continue;
            }
            if ignoring {
                positions.push(i as u32);
            }
            let reading = t.text(text);
            let id = if plain && reading.is_ascii() {
                self.intern(reading)
            } else {
                let key = norm.key(reading);
                exact &= matches!(key, Cow::Borrowed(_));
                self.intern(&key)
            };
            ids.push(id);
        }
        Keyed {
            tokens: Tokens::from(&tokens[..]),
            ids,
            positions: if ignoring { Some(positions) } else { None },
            exact,
        }
    }
}

/// A text cut into tokens, with the interned keys of the tokens that take part in comparison.
///
/// `I` is the id type: interned `u32` ids (equal ids are equal keys), or, in the word diff's
/// line-anchored path, 64-bit key hashes (equal keys have equal hashes; the diff checks the
/// keys of every pair it matches).
#[derive(Clone, Debug, Default)]
pub struct Keyed<I = u32> {
    /// Every token of the text, in order (held compactly: read one with [`Tokens::get`]).
    pub tokens: Tokens,
    /// Interned keys (or key hashes) of the compared tokens, in order.
    pub ids: Vec<I>,
    /// `positions[i]` is the index in `tokens` of the token behind `ids[i]`; `None` when every
    /// token is compared (then the index is `i` itself).
    pub positions: Option<Vec<u32>>,
    /// True when every compared token's key is its reading (so equal ids mean equal
    /// readings); false when unknown.
    pub exact: bool,
}

impl<I> Keyed<I> {
    /// The number of compared tokens (every token unless some are left out of comparison).
    /// Kept when the ids are dropped.
    pub fn len(&self) -> usize {
        self.positions.as_ref().map_or(self.tokens.len(), Vec::len)
    }

    /// True when no token is compared.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index in [`Keyed::tokens`] of compared token `i`.
    pub fn token_index(&self, i: usize) -> usize {
        match &self.positions {
            Some(p) => p[i] as usize,
            None => i,
        }
    }

    /// The compared token `i`.
    #[inline]
    pub fn token(&self, i: usize) -> Token {
        self.tokens.get(self.token_index(i))
    }
}

impl Keyed {
    /// Replace every id by `map[id]` (after [`Interner::absorb`]).
    pub fn remap(&mut self, map: &[u32]) {
        for id in &mut self.ids {
            *id = map[*id as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::NormalizeOptions;

    #[test]
    fn shared_ids_across_texts() {
        let mut int = Interner::new();
        let norm = Normalizer::default();
        let a = int.keyed("the black cat", &norm);
        let b = int.keyed("the white cat", &norm);
        assert_eq!(a.ids[0], b.ids[0]);
        assert_eq!(a.ids[2], b.ids[2]);
        assert_ne!(a.ids[1], b.ids[1]);
        assert_eq!(int.len(), 4);
        assert_eq!(int.key(b.ids[1]), "white");
        assert_eq!(int.get("black"), Some(a.ids[1]));
        assert_eq!(int.get("grey"), None);
        for i in 0..1000 {
            let k = format!("k{i}");
            let id = int.intern(&k);
            assert_eq!(int.key(id), k);
            assert_eq!(int.intern(&k), id);
        }
    }

    #[test]
    fn absorb_joins_interners() {
        let norm = Normalizer::default();
        let mut a = Interner::new();
        let mut b = Interner::new();
        let ka = a.keyed("one two three", &norm);
        let mut kb = b.keyed("three four one", &norm);
        let map = a.absorb(&b);
        kb.remap(&map);
        assert_eq!(kb.ids[0], ka.ids[2]);
        assert_eq!(kb.ids[2], ka.ids[0]);
        assert_eq!(a.key(kb.ids[1]), "four");
        assert_eq!(a.len(), 4);
    }

    #[test]
    fn ignored_punctuation_keeps_positions() {
        let mut int = Interner::new();
        let norm = Normalizer::new(
            NormalizeOptions {
                punctuation: true,
                ..Default::default()
            },
            Default::default(),
        );
        let text = "a, b.";
        let k = int.keyed(text, &norm);
        assert_eq!(k.tokens.len(), 4);
        assert_eq!(k.ids.len(), 2);
        assert_eq!(k.token(1).text(text), "b");
    }
}
