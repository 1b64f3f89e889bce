//! Interning: every distinct comparison key becomes a `u32` once, and diffs run over integer
//! slices (the imara-diff approach). One interner is shared by all texts compared together,
//! so equal keys get equal ids across witnesses.

use rustc_hash::FxHashMap;

use super::normalize::Normalizer;
use super::tokenize::{Token, tokenize};

/// Maps comparison keys to dense `u32` ids.
#[derive(Debug, Default)]
pub struct Interner {
    map: FxHashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `key`, assigning the next free id the first time it is seen.
    pub fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.map.get(key) {
            return id;
        }
        let id = u32::try_from(self.keys.len()).expect("more than 4 billion distinct tokens");
        let owned: Box<str> = key.into();
        self.keys.push(owned.clone());
        self.map.insert(owned, id);
        id
    }

    /// The id of `key` if it was interned.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.map.get(key).copied()
    }

    /// The key of `id`.
    pub fn key(&self, id: u32) -> &str {
        &self.keys[id as usize]
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Tokenize `text`, key each token with `norm`, and intern the keys.
    pub fn keyed(&mut self, text: &str, norm: &Normalizer) -> Keyed {
        let tokens = tokenize(text);
        self.key_tokens(text, tokens, norm)
    }

    /// Key and intern already cut tokens of `text`.
    pub fn key_tokens(&mut self, text: &str, tokens: Vec<Token>, norm: &Normalizer) -> Keyed {
        let mut ids = Vec::with_capacity(tokens.len());
        let mut positions = Vec::new();
        let ignoring = norm.options().punctuation;
        for (i, t) in tokens.iter().enumerate() {
            if norm.ignores(t) {
                continue;
            }
            if ignoring {
                positions.push(i as u32);
            }
            ids.push(self.intern(&norm.key(t.text(text))));
        }
        Keyed {
            tokens,
            ids,
            positions: if ignoring { Some(positions) } else { None },
        }
    }
}

/// A text cut into tokens, with the interned keys of the tokens that take part in comparison.
#[derive(Clone, Debug, Default)]
pub struct Keyed {
    /// Every token of the text, in order.
    pub tokens: Vec<Token>,
    /// Interned keys of the compared tokens, in order.
    pub ids: Vec<u32>,
    /// `positions[i]` is the index in `tokens` of the token behind `ids[i]`; `None` when every
    /// token is compared (then the index is `i` itself).
    pub positions: Option<Vec<u32>>,
}

impl Keyed {
    /// The index in [`Keyed::tokens`] of compared token `i`.
    pub fn token_index(&self, i: usize) -> usize {
        match &self.positions {
            Some(p) => p[i] as usize,
            None => i,
        }
    }

    /// The compared token `i`.
    pub fn token(&self, i: usize) -> &Token {
        &self.tokens[self.token_index(i)]
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
