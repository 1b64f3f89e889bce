//! A text's tokens held compactly: five bytes each instead of a [`Token`]'s eight.
//!
//! A long diff keeps every token of both texts from the tokenizer to the last variant: at
//! about six bytes of text per token, eight bytes per token held more than the text itself.
//! Here each token is its start (four bytes) and one byte of length and kind; the few tokens
//! of 63 bytes or more keep their end in a short side list, found by binary search.

use std::fmt;

use super::tokenize::{Token, TokenKind};

/// The length field's value for a token whose end is in [`Tokens::long`].
const LONG: u32 = 63;

/// The tokens of one text, in order, five bytes each (see the module docs). Read one with
/// [`Tokens::get`], which gives a [`Token`] by value.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Per token: its start (little-endian), then `length << 2 | kind`, the length capped at
    /// [`LONG`].
    packed: Vec<[u8; 5]>,
    /// `(index, end)` of every token [`LONG`] bytes long or longer, by index.
    long: Vec<(u32, u32)>,
}

impl Tokens {
    /// No tokens.
    pub fn new() -> Self {
        Self::default()
    }

    /// No tokens, with room for `n`.
    pub fn with_capacity(n: usize) -> Self {
        Tokens {
            packed: Vec::with_capacity(n),
            long: Vec::new(),
        }
    }

    /// The number of tokens.
    #[inline]
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    /// True when there are no tokens.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// Append `t` (tokens must come in text order, as the tokenizer gives them).
    #[inline]
    pub fn push(&mut self, t: Token) {
        let len = t.end() - t.start();
        if len >= LONG {
            self.long.push((self.packed.len() as u32, t.end()));
        }
        let [a, b, c, d] = t.start().to_le_bytes();
        self.packed
            .push([a, b, c, d, (len.min(LONG) << 2 | t.kind() as u32) as u8]);
    }

    /// Token `i`. Panics when `i` is out of range, as indexing a slice does.
    #[inline]
    pub fn get(&self, i: usize) -> Token {
        let [a, b, c, d, tail] = self.packed[i];
        let start = u32::from_le_bytes([a, b, c, d]);
        let len = u32::from(tail >> 2);
        let end = if len < LONG {
            start + len
        } else {
            self.long_end(i)
        };
        let kind = match tail & 3 {
            0 => TokenKind::Word,
            1 => TokenKind::Number,
            2 => TokenKind::Punct,
            _ => TokenKind::Symbol,
        };
        Token::new(start, end, kind)
    }

    #[cold]
    fn long_end(&self, i: usize) -> u32 {
        let k = self
            .long
            .binary_search_by_key(&(i as u32), |&(j, _)| j)
            .expect("a long token's end is listed");
        self.long[k].1
    }

    /// The tokens in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Token> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The tokens as a vector of [`Token`]s.
    pub fn to_vec(&self) -> Vec<Token> {
        self.iter().collect()
    }

    /// Give back unused room.
    pub fn shrink_to_fit(&mut self) {
        self.packed.shrink_to_fit();
        self.long.shrink_to_fit();
    }
}

impl FromIterator<Token> for Tokens {
    fn from_iter<T: IntoIterator<Item = Token>>(iter: T) -> Self {
        let iter = iter.into_iter();
        let mut out = Tokens::with_capacity(iter.size_hint().0);
        for t in iter {
            out.push(t);
        }
        out
    }
}

impl From<&[Token]> for Tokens {
    fn from(tokens: &[Token]) -> Self {
        tokens.iter().copied().collect()
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::{MAX_TEXT_LEN, tokenize};
    use proptest::prelude::*;

    fn kind(k: u8) -> TokenKind {
        [
            TokenKind::Word,
            TokenKind::Number,
            TokenKind::Punct,
            TokenKind::Symbol,
        ][k as usize % 4]
    }

    proptest! {
        /// Every token comes back as pushed, whatever its length (short, at the cut, long)
        /// and wherever it starts.
        #[test]
        fn tokens_come_back_as_pushed(
            spans in prop::collection::vec((0u32..4, 0u32..200, 0u8..4), 0..200),
            far in any::<bool>(),
        ) {
            let mut at = if far { MAX_TEXT_LEN as u32 - 200 * 204 } else { 0 };
            let mut given = Vec::new();
            for (gap, len, k) in spans {
                let start = at + gap;
                at = start + len.max(1);
                given.push(Token::new(start, at, kind(k)));
            }
            let held: Tokens = given.iter().copied().collect();
            prop_assert_eq!(held.len(), given.len());
            for (i, t) in given.iter().enumerate() {
                prop_assert_eq!(held.get(i), *t);
            }
            prop_assert_eq!(held.to_vec(), given);
        }
    }

    #[test]
    fn a_tokenized_text_round_trips() {
        let text = format!(
            "Everything, «comrades»: 1,000 counter-blows {} and ∑ — then l'homme.",
            "x".repeat(300)
        );
        let tokens = tokenize(&text);
        let held = Tokens::from(&tokens[..]);
        assert_eq!(held.to_vec(), tokens);
        assert_eq!(held.long.len(), 1);
        assert_eq!(held.get(8).text(&text), "x".repeat(300));
    }

    #[test]
    #[should_panic(expected = "index out of bounds: the len is 0 but the index is 0")]
    fn reading_past_the_end_panics_as_a_slice_does() {
        Tokens::new().get(0);
    }
}
