//! Word tokenizer.
//!
//! Tokens are words, numbers, punctuation marks and other symbols. Each token is a byte span
//! into the source text; whitespace is the gap between spans.
//!
//! Rules (deliberate choices, documented for users):
//! - Word boundaries follow UAX #29 (`unicode-segmentation`) for non-ASCII text; an ASCII fast
//!   path gives the same tokens for ASCII input. A grapheme cluster is never split.
//! - An apostrophe (`'` or `’`) between two letters stays inside the word: `don't`, `pro's`,
//!   `l'homme` are one token each. A leading or trailing apostrophe is punctuation.
//! - A hyphen (`-`, U+2010 or U+2011) between two letters or digits joins them: `counter-blows`
//!   is one word, so that `counter-blows` / `counterblows` reads as one spelling variant. A
//!   spaced or doubled hyphen, and every dash (`–`, `—`), is punctuation.
//! - Numbers keep inner `.` and `,` between digits (`1,000`, `3.5`). A number glued to a word
//!   (`conditions,"19`) stays a separate token.
//! - Every punctuation or symbol character is its own token, so `,"` is two tokens.

use unicode_segmentation::UnicodeSegmentation;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[repr(u8)]
pub enum TokenKind {
    /// Letters (possibly with digits, inner apostrophes or hyphens).
    Word,
    /// Digits (possibly with inner `.` or `,`).
    Number,
    /// A punctuation mark.
    Punct,
    /// Anything else that is not whitespace: symbols, emoji, control characters.
    Symbol,
}

/// One token: a byte span `start..end` into the text it was cut from, and its kind.
///
/// Eight bytes: the end and the kind share one `u32` (kind in the low two bits), which is why
/// texts are limited to [`MAX_TEXT_LEN`] (1 GiB) bytes. Millions of tokens are kept per text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    start: u32,
    /// `end << 2 | kind`.
    end_kind: u32,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("start", &self.start())
            .field("end", &self.end())
            .field("kind", &self.kind())
            .finish()
    }
}

impl Token {
    /// A token spanning `start..end`. Offsets past [`MAX_TEXT_LEN`] are clamped to it (the
    /// tokenizer never makes such tokens; other callers enforce much smaller limits).
    #[inline]
    pub fn new(start: u32, end: u32, kind: TokenKind) -> Self {
        debug_assert!(end as usize <= MAX_TEXT_LEN);
        let end = end.min(MAX_TEXT_LEN as u32);
        Token {
            start: start.min(end),
            end_kind: end << 2 | kind as u32,
        }
    }

    /// Byte offset of the first byte.
    #[inline]
    pub fn start(&self) -> u32 {
        self.start
    }

    /// Byte offset one past the last byte.
    #[inline]
    pub fn end(&self) -> u32 {
        self.end_kind >> 2
    }

    /// What the token is.
    #[inline]
    pub fn kind(&self) -> TokenKind {
        match self.end_kind & 3 {
            0 => TokenKind::Word,
            1 => TokenKind::Number,
            2 => TokenKind::Punct,
            _ => TokenKind::Symbol,
        }
    }

    /// Change the token's end.
    #[inline]
    pub fn set_end(&mut self, end: u32) {
        *self = Token::new(self.start, end, self.kind());
    }

    /// Change the token's kind.
    #[inline]
    pub fn set_kind(&mut self, kind: TokenKind) {
        *self = Token::new(self.start, self.end(), kind);
    }

    /// The token's byte range.
    #[inline]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end() as usize
    }

    /// The token's reading in `text` (the text it was cut from).
    #[inline]
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range()]
    }
}

/// Maximum text length the tokenizer accepts (1 GiB: see [`Token`]).
pub const MAX_TEXT_LEN: usize = (1 << 30) - 1;

/// Cut `text` into tokens. Panics never; texts longer than [`MAX_TEXT_LEN`] bytes are cut at
/// that length (callers enforce much smaller size limits first).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    tokenize_into(text, &mut out);
    // The estimate is generous; give back what a long text did not use.
    if out.capacity() - out.len() > out.len() / 8 + 1024 {
        out.shrink_to_fit();
    }
    out
}

/// As [`tokenize`], appending to `out`.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    let text = if text.len() > MAX_TEXT_LEN {
        let mut end = MAX_TEXT_LEN;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let class = CLASS[b as usize];
        if class & WHITE != 0 {
            i += 1;
            continue;
        }
        // ASCII fast path; falls through to the Unicode path when a run of letters
        // touches a non-ASCII byte (e.g. `café`).
        if class & ALNUM != 0 {
            let start = i;
            let mut j = i + 1;
            let mut seen = class;
            while let Some(&c) = bytes.get(j) {
                let cl = CLASS[c as usize];
                if cl & ALNUM == 0 {
                    break;
                }
                seen |= cl;
                j += 1;
            }
            match bytes.get(j) {
                Some(&c) if c >= 0x80 => {
                    i = unicode_chunk(text, start, out);
                }
                // A character that may join (a hyphen, an apostrophe, `.`/`,` in a number).
                Some(&c) if CLASS[c as usize] & JOINER != 0 => {
                    i = extend_word(text, start, j, out);
                }
                // Whitespace, end of text or a character that cannot join: the common case.
                _ => {
                    let kind = if seen & ALPHA != 0 {
                        TokenKind::Word
                    } else {
                        TokenKind::Number
                    };
                    push(out, start, j, kind);
                    i = j;
                }
            }
            continue;
        }
        if b < 0x80 {
            let kind = if class & PUNCT != 0 {
                TokenKind::Punct
            } else {
                TokenKind::Symbol
            };
            push(out, i, i + 1, kind);
            i += 1;
        } else {
            i = unicode_chunk(text, i, out);
        }
    }
}

/// Byte classes of the ASCII fast path ([`CLASS`]).
const WHITE: u8 = 1;
const ALNUM: u8 = 2;
const ALPHA: u8 = 4;
const PUNCT: u8 = 8;
/// `-`, `'`, `.`, `,`: may join two alphanumeric runs into one token.
const JOINER: u8 = 16;

/// Class bits of every byte (non-ASCII bytes have none).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut v = 0;
        if c.is_ascii_whitespace() {
            v |= WHITE;
        }
        if c.is_ascii_alphanumeric() {
            v |= ALNUM;
        }
        if c.is_ascii_alphabetic() {
            v |= ALPHA;
        }
        if c.is_ascii_punctuation() {
            v |= PUNCT;
        }
        if matches!(c, b'-' | b'\'' | b'.' | b',') {
            v |= JOINER;
        }
        t[b] = v;
        b += 1;
    }
    t
};

fn push(out: &mut Vec<Token>, start: usize, end: usize, kind: TokenKind) {
    out.push(Token::new(start as u32, end as u32, kind));
}

/// After an ASCII alphanumeric run `start..j`, take joiners (apostrophes, hyphens, number
/// separators) and further runs, push the word, and return where it ends.
fn extend_word(text: &str, start: usize, mut j: usize, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    loop {
        match joiner_len(text, j) {
            Some(len) if j + len < bytes.len() && bytes[j + len].is_ascii_alphanumeric() => {
                let prev = bytes[j - 1];
                let next = bytes[j + len];
                let sep = &text[j..j + len];
                let ok = match sep {
                    "." | "," => prev.is_ascii_digit() && next.is_ascii_digit(),
                    "'" | "\u{2019}" => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
                    _ => true, // hyphens
                };
                if !ok {
                    break;
                }
                let mut k = j + len;
                while k < bytes.len() && bytes[k].is_ascii_alphanumeric() {
                    k += 1;
                }
                if k < bytes.len() && bytes[k] >= 0x80 && !text[k..].starts_with('\u{2019}') {
                    // The next run goes on in non-ASCII letters: let the Unicode path decide
                    // from the start of the word.
                    return unicode_chunk(text, start, out);
                }
                j = k;
            }
            _ => break,
        }
    }
    let word = &bytes[start..j];
    let kind = if word
        .iter()
        .all(|c| c.is_ascii_digit() || *c == b'.' || *c == b',')
    {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    push(out, start, j, kind);
    j
}

fn joiner_len(text: &str, j: usize) -> Option<usize> {
    let rest = &text.as_bytes()[j..];
    match rest.first()? {
        b'-' | b'\'' | b'.' | b',' => Some(1),
        0xE2 => {
            let s = &text[j..];
            if s.starts_with('\u{2019}') || s.starts_with('\u{2010}') || s.starts_with('\u{2011}') {
                Some(3)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "\u{2010}" | "\u{2011}")
}

fn is_wordish(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn classify_segment(s: &str) -> TokenKind {
    if s.chars().any(char::is_alphabetic) {
        TokenKind::Word
    } else if s.chars().any(char::is_numeric) {
        TokenKind::Number
    } else if s.chars().all(is_punctuation) {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

/// Unicode punctuation: general categories P* (approximated by std and common ranges).
pub fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{037E}' | '\u{0387}'
        | '\u{055A}'..='\u{055F}' | '\u{0589}' | '\u{058A}'
        | '\u{05BE}' | '\u{05C0}' | '\u{05C3}' | '\u{05C6}' | '\u{05F3}' | '\u{05F4}'
        | '\u{060C}' | '\u{060D}' | '\u{061B}' | '\u{061E}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}'
        | '\u{0964}' | '\u{0965}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'
        | '\u{2E00}'..='\u{2E4F}'
        | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
        | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE4F}' | '\u{FE50}'..='\u{FE6B}'
        | '\u{FF01}'..='\u{FF03}' | '\u{FF05}'..='\u{FF0A}' | '\u{FF0C}'..='\u{FF0F}'
        | '\u{FF1A}' | '\u{FF1B}' | '\u{FF1F}' | '\u{FF20}' | '\u{FF3B}'..='\u{FF3D}'
        | '\u{FF3F}' | '\u{FF5B}' | '\u{FF5D}' | '\u{FF5F}'..='\u{FF65}')
}

/// Tokenize the whitespace-delimited chunk starting at `start` with UAX #29 word bounds and
/// return the byte offset where the chunk ends.
fn unicode_chunk(text: &str, start: usize, out: &mut Vec<Token>) -> usize {
    let rest = &text[start..];
    if let Some(c) = rest.chars().next().filter(|c| c.is_whitespace()) {
        return start + c.len_utf8();
    }
    let len = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(rest.len(), |(i, _)| i);
    let chunk = &rest[..len];
    let first = out.len();
    for (off, seg) in chunk.split_word_bound_indices() {
        let s = start + off;
        if is_wordish(seg) {
            push(out, s, s + seg.len(), classify_segment(seg));
        } else {
            // Punctuation and symbols: one token per grapheme cluster, so that `,"` is two
            // tokens but an emoji with modifiers stays whole.
            for (goff, g) in seg.grapheme_indices(true) {
                let gs = s + goff;
                push(out, gs, gs + g.len(), classify_segment(g));
            }
        }
    }
    join_inner(text, first, out);
    start + len
}

/// Merge `word hyphen word` and `word ’ word` sequences without gaps into one word token,
/// within `out[first..]`.
fn join_inner(text: &str, first: usize, out: &mut Vec<Token>) {
    if out.len() - first < 3 {
        return;
    }
    let mut w = first;
    let mut r = first;
    let n = out.len();
    while r < n {
        let mut cur = out[r];
        r += 1;
        while r + 1 < n {
            let mid = out[r];
            let next = out[r + 1];
            let adjacent = cur.end() == mid.start && mid.end() == next.start;
            let ms = mid.text(text);
            let joins = adjacent
                && cur.kind() != TokenKind::Punct
                && cur.kind() != TokenKind::Symbol
                && (next.kind() == TokenKind::Word || next.kind() == TokenKind::Number)
                && (is_hyphen(ms)
                    || (ms == "\u{2019}" || ms == "'")
                        && cur.kind() == TokenKind::Word
                        && next.kind() == TokenKind::Word);
            if !joins {
                break;
            }
            cur.set_end(next.end());
            if next.kind() == TokenKind::Word {
                cur.set_kind(TokenKind::Word);
            }
            r += 2;
        }
        out[w] = cur;
        w += 1;
    }
    out.truncate(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn ascii_words_and_punct() {
        assert_eq!(
            words("Stalin's six conditions,\"19 pro's and con's."),
            [
                "Stalin's",
                "six",
                "conditions",
                ",",
                "\"",
                "19",
                "pro's",
                "and",
                "con's",
                "."
            ]
        );
    }

    #[test]
    fn hyphens_and_dashes() {
        assert_eq!(
            words("counter-blows — a -b- 1,000.5 x--y"),
            [
                "counter-blows",
                "—",
                "a",
                "-",
                "b",
                "-",
                "1,000.5",
                "x",
                "-",
                "-",
                "y"
            ]
        );
    }

    #[test]
    fn unicode_words() {
        assert_eq!(
            words("«Письмо в Политбюро», l’homme dictadura[5] café-bar"),
            [
                "«",
                "Письмо",
                "в",
                "Политбюро",
                "»",
                ",",
                "l’homme",
                "dictadura",
                "[",
                "5",
                "]",
                "café-bar"
            ]
        );
    }

    #[test]
    fn graphemes_are_never_split() {
        let s = "e\u{301}t\u{e9} 👩‍👩‍👧 x";
        let toks = tokenize(s);
        for t in &toks {
            assert!(s.is_char_boundary(t.start as usize));
        }
        assert_eq!(words(s), ["e\u{301}t\u{e9}", "👩‍👩‍👧", "x"]);
    }

    #[test]
    fn kinds() {
        let s = "a 12 , ©";
        let k: Vec<_> = tokenize(s).iter().map(|t| t.kind()).collect();
        assert_eq!(
            k,
            [
                TokenKind::Word,
                TokenKind::Number,
                TokenKind::Punct,
                TokenKind::Symbol
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn spans_are_ordered_and_cover_all_non_whitespace(s in "\\PC{0,60}|[a-z ,.'’—-]{0,40}") {
            let toks = tokenize(&s);
            let mut pos = 0usize;
            for t in &toks {
                proptest::prop_assert!(t.start as usize >= pos && t.end() > t.start);
                proptest::prop_assert!(s[pos..t.start as usize].chars().all(char::is_whitespace));
                pos = t.end() as usize;
            }
            proptest::prop_assert!(s[pos..].chars().all(char::is_whitespace));
        }

        #[test]
        fn ascii_fast_path_agrees_with_itself_inside_unicode_text(s in "[a-z0-9 ,.'-]{0,40}") {
            // Prefixing non-ASCII text must not change how the ASCII part is cut.
            let prefixed = format!("ж {s}");
            let a: Vec<_> = words(&s);
            let b: Vec<_> = words(&prefixed)[1..].to_vec();
            proptest::prop_assert_eq!(a, b);
        }
    }
}
