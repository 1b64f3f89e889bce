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
//! - Every punctuation or symbol character is its own token, so `,"` is two tokens. This holds
//!   inside words too, where UAX #29 would join: `.`, `:`, `;` and `_` between letters are
//!   punctuation (`e.g.` is four tokens, `snake_case` three, `naïve.Then` three).
//! - Digits joined by `.`, `,` or hyphens are a number (`1,000.5`, `1914-1918`).
//! - A combining accent stays with the character it follows, a punctuation mark included
//!   (`-́` is one token): a grapheme cluster is never split.
//! - The ASCII fast paths cut exactly as the Unicode path does on any text (tested against
//!   [`tokenize_unicode`] by proptest and fuzzing).

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
/// texts are limited to [`MAX_TEXT_LEN`] (1 GiB) bytes. A text's tokens held for long (by the
/// word diff, millions of them) are kept at five bytes each in [`crate::text::Tokens`].
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
    tokenize_from(clamp(text), 0, out);
}

/// `text` cut to at most [`MAX_TEXT_LEN`] bytes (at a character boundary).
pub(crate) fn clamp(text: &str) -> &str {
    if text.len() > MAX_TEXT_LEN {
        let mut end = MAX_TEXT_LEN;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    }
}

/// Append the tokens of `text[from..]` to `out`. `from` must be 0 or just after an ASCII
/// whitespace byte (no token spans one), and `text` at most [`MAX_TEXT_LEN`] bytes long; so a
/// text can be cut into blocks at whitespace and tokenized block by block, each while its
/// bytes are in cache.
pub(crate) fn tokenize_from(text: &str, from: usize, out: &mut Vec<Token>) {
    debug_assert!(text.len() <= MAX_TEXT_LEN);
    debug_assert!(from == 0 || text.as_bytes()[from - 1].is_ascii_whitespace());
    let bytes = text.as_bytes();
    let mut i = from;
    // Below this offset, bytes are left to the byte-by-byte path.
    let mut slow_to = from;
    while i < bytes.len() {
        if i >= slow_to && i + WINDOW <= bytes.len() {
            let (next, hard) = window(bytes, i, out);
            if next > i {
                i = next;
                continue;
            }
            slow_to = hard;
        }
        i = step(text, i, out);
    }
}

/// [`tokenize`] without the windowed fast path: one [`step`] at a time. The reference the
/// window path is checked against (tests and fuzzing); not for use.
#[doc(hidden)]
pub fn tokenize_bytewise(text: &str) -> Vec<Token> {
    let text = clamp(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        i = step(text, i, &mut out);
    }
    out
}

/// Every whitespace-delimited chunk cut by the Unicode path alone ([`unicode_chunk`]): the
/// reference the ASCII fast path is checked against (tests and fuzzing); not for use.
#[doc(hidden)]
pub fn tokenize_unicode(text: &str) -> Vec<Token> {
    let text = clamp(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        i = unicode_chunk(text, i, &mut out);
    }
    out
}

/// Bytes classified at once by [`window`].
const WINDOW: usize = 64;

/// The masks of one window: bit `k` is byte `i + k`.
struct Masks {
    alnum: u64,
    digit: u64,
    white: u64,
    /// Non-ASCII bytes and control characters other than space and line feed.
    hard: u64,
}

/// Written as plain per-byte predicates over fixed-size chunks, which the compiler turns into
/// vector compares and mask extraction (SSE2 on x86_64: measured 2.4× the byte-by-byte loop).
#[inline]
fn masks(w: &[u8; WINDOW]) -> Masks {
    let mut m = Masks {
        alnum: 0,
        digit: 0,
        white: 0,
        hard: 0,
    };
    for (c, chunk) in w.chunks_exact(16).enumerate() {
        let (mut alnum, mut digit, mut white, mut hard) = (0u16, 0u16, 0u16, 0u16);
        for (k, &b) in chunk.iter().enumerate() {
            let d = b.wrapping_sub(b'0') < 10;
            let l = (b | 0x20).wrapping_sub(b'a') < 26;
            let w = b == b' ' || b == b'\n';
            alnum |= u16::from(d | l) << k;
            digit |= u16::from(d) << k;
            white |= u16::from(w) << k;
            hard |= u16::from(!w & (b.wrapping_sub(b'!') >= 0x5F)) << k;
        }
        let shift = 16 * c;
        m.alnum |= u64::from(alnum) << shift;
        m.digit |= u64::from(digit) << shift;
        m.white |= u64::from(white) << shift;
        m.hard |= u64::from(hard) << shift;
    }
    m
}

/// Cut the plain tokens of the window at `i` (runs of ASCII letters and digits, and single
/// ASCII punctuation marks or symbols, separated by spaces and line feeds) exactly as
/// [`step`] would, and stop before anything else: a non-ASCII byte, another control
/// character, a mark between two alphanumeric bytes (it may join them: `don't`, `1,000`,
/// `counter-blows`), or a run that may go on past the window. Returns where it stopped and
/// one past the first byte it could not take. `i` must be where [`step`] could start.
fn window(bytes: &[u8], i: usize, out: &mut Vec<Token>) -> (usize, usize) {
    let w: &[u8; WINDOW] = bytes[i..i + WINDOW].try_into().expect("a whole window");
    let m = masks(w);
    let a = m.alnum;
    let between = !a & !m.white & (a << 1) & (a >> 1);
    // Bytes 62 and 63 are only looked at as neighbours.
    let stop = (m.hard | between | 1 << (WINDOW - 2)).trailing_zeros();
    // Back off to the start of the chunk (the bytes since the last space or line feed) that
    // touches the stop: what follows may join it, or be an accent on its last mark.
    let limit = if stop > 0 && m.white >> (stop - 1) & 1 == 0 {
        let whites = m.white & ((1u64 << stop) - 1);
        64 - whites.leading_zeros()
    } else {
        stop
    };
    let mut starts = ((a & !(a << 1)) | (!a & !m.white)) & ((1u64 << limit) - 1);
    while starts != 0 {
        let k = starts.trailing_zeros();
        let at = i + k as usize;
        if a >> k & 1 == 1 {
            let len = (!(a >> k)).trailing_zeros();
            let run = ((1u64 << len) - 1) << k;
            let kind = if m.digit & run == run {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            push(out, at, at + len as usize, kind);
        } else {
            let kind = if CLASS[bytes[at] as usize] & PUNCT != 0 {
                TokenKind::Punct
            } else {
                TokenKind::Symbol
            };
            push(out, at, at + 1, kind);
        }
        starts &= starts - 1;
    }
    (i + limit as usize, i + stop as usize + 1)
}

/// One step of the byte-by-byte tokenizer at `i`: skip a whitespace byte or cut the token
/// (or, for non-ASCII text, the chunk up to the next whitespace) starting there. Returns
/// where the next step starts.
fn step(text: &str, i: usize, out: &mut Vec<Token>) -> usize {
    let bytes = text.as_bytes();
    let b = bytes[i];
    let class = CLASS[b as usize];
    if class & WHITE != 0 {
        return i + 1;
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
        return match bytes.get(j) {
            Some(&c) if c >= 0x80 => unicode_chunk(text, start, out),
            // A character that may join (a hyphen, an apostrophe, `.`/`,` in a number).
            Some(&c) if CLASS[c as usize] & JOINER != 0 => extend_word(text, start, j, out),
            // Whitespace, end of text or a character that cannot join: the common case.
            _ => {
                let kind = if seen & ALPHA != 0 {
                    TokenKind::Word
                } else {
                    TokenKind::Number
                };
                push(out, start, j, kind);
                j
            }
        };
    }
    // A mark or symbol followed by a non-ASCII byte (a combining accent, a letter it may
    // join) is left to the Unicode path with the rest of its chunk.
    if b < 0x80 && bytes.get(i + 1).is_none_or(|&c| c < 0x80) {
        let kind = if class & PUNCT != 0 {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        push(out, i, i + 1, kind);
        i + 1
    } else {
        unicode_chunk(text, i, out)
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
        // `char::is_whitespace` for ASCII: `is_ascii_whitespace` leaves out the vertical tab.
        if c.is_ascii_whitespace() || c == 0x0B {
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
            // A joiner before a non-ASCII letter (`l'été`, `pro-émigré`) or accent: the
            // Unicode path decides from the start of the word.
            Some(len) if bytes.get(j + len).is_some_and(|&c| c >= 0x80) => {
                return unicode_chunk(text, start, out);
            }
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
    // Digits joined by `.`, `,` or hyphens (`1,000.5`, `1914-1918`) are a number.
    let kind = if bytes[start..j].iter().any(u8::is_ascii_alphabetic) {
        TokenKind::Word
    } else {
        TokenKind::Number
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
            split_marks(seg, s, out);
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

/// Push the UAX #29 word `seg` (at byte `at`), cut at the ASCII marks UAX #29 lets inside a
/// word but the documented rules do not: `.` and `,` stay only between digits (`1,000.5`), an
/// apostrophe (`'` or `’`) only between letters (`l’été`), and `:`, `;` and `_` never (UAX #29
/// keeps `naïve.Then`, `a:b` and `snake_case` whole, where the ASCII path cuts them). Each
/// mark is a token of its own, with any combining marks on it (a grapheme cluster is never
/// split).
fn split_marks(seg: &str, at: usize, out: &mut Vec<Token>) {
    let is_mark = |s: &str| {
        matches!(s.as_bytes()[0], b'.' | b',' | b':' | b';' | b'_' | b'\'')
            || s.starts_with('\u{2019}')
    };
    // Most words hold no mark: one scan, without cutting graphemes.
    if !(0..seg.len()).any(|i| seg.is_char_boundary(i) && is_mark(&seg[i..])) {
        push(out, at, at + seg.len(), classify_segment(seg));
        return;
    }
    let first = |g: Option<&(usize, &str)>| g.and_then(|(_, g)| g.chars().next());
    let graphemes: Vec<(usize, &str)> = seg.grapheme_indices(true).collect();
    let mut from = 0;
    // Just after a cut mark: invisible format characters (U+202E, U+200B…) that UAX #29 lets
    // inside a word but that are grapheme clusters of their own are each a token, as when the
    // chunk is cut from the mark on (the ASCII fast path starts there).
    let mut after_mark = false;
    for (k, &(off, g)) in graphemes.iter().enumerate() {
        if !is_mark(g) {
            if after_mark && from == off && !is_wordish(g) {
                push(out, at + off, at + off + g.len(), classify_segment(g));
                from = off + g.len();
            } else {
                after_mark = false;
            }
            continue;
        }
        let (prev, next) = (
            first(k.checked_sub(1).and_then(|p| graphemes.get(p))),
            first(graphemes.get(k + 1)),
        );
        let both = |f: fn(char) -> bool| prev.is_some_and(f) && next.is_some_and(f);
        let stays = match g.as_bytes()[0] {
            b'.' | b',' => both(char::is_numeric),
            b'\'' | 0xE2 => both(char::is_alphabetic),
            _ => false,
        };
        if stays {
            continue;
        }
        if from < off {
            push(out, at + from, at + off, classify_segment(&seg[from..off]));
        }
        push(out, at + off, at + off + g.len(), classify_segment(g));
        from = off + g.len();
        after_mark = true;
    }
    if from < seg.len() {
        push(
            out,
            at + from,
            at + seg.len(),
            classify_segment(&seg[from..]),
        );
    }
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
            // An apostrophe joins two letters (not `A0'a`): the characters beside it decide.
            let letters = || {
                text[..mid.start as usize]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
                    && text[next.start as usize..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic)
            };
            let joins = adjacent
                && cur.kind() != TokenKind::Punct
                && cur.kind() != TokenKind::Symbol
                && (next.kind() == TokenKind::Word || next.kind() == TokenKind::Number)
                && (is_hyphen(ms) || (ms == "\u{2019}" || ms == "'") && letters());
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

/// What a gap between two tokens looks like to a reader: glued, a space, a line break, or a
/// paragraph break (0 to 3, wider breaks higher). `diff` and `collate` settle an added or
/// omitted phrase where its ends fall on the widest breaks.
pub fn gap_shape(s: &str) -> u8 {
    if s.is_empty() {
        return 0;
    }
    let newlines = s
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        .max(s.bytes().filter(|&b| b == b'\r').count());
    match newlines {
        0 => 1,
        1 => 2,
        _ => 3,
    }
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
    fn accented_text_cuts_as_its_plain_spelling() {
        // Found in review: an accent after a mark was split off; an apostrophe or hyphen
        // before a non-ASCII letter did not join; `.` between letters joined only when the
        // word had an accent.
        assert_eq!(words("x -\u{301} y"), ["x", "-\u{301}", "y"]);
        assert_eq!(
            words("l'été pro-émigré Jean-Émile"),
            ["l'été", "pro-émigré", "Jean-Émile"]
        );
        for (plain, accented) in [
            ("l'ete", "l'été"),
            ("the naive.Then x", "the naïve.Then x"),
            ("e.g. i.e.", "é.g. ï.e."),
            ("snake_case a:b", "snäke_case ä:b"),
        ] {
            let (p, a) = (tokenize(plain), tokenize(accented));
            assert_eq!(p.len(), a.len(), "{plain} / {accented}");
            assert!(p.iter().zip(&a).all(|(x, y)| x.kind() == y.kind()));
        }
        assert_eq!(words("naïve.Then"), ["naïve", ".", "Then"]);
        assert_eq!(tokenize("1914-1918")[0].kind(), TokenKind::Number);
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

    #[test]
    fn a_format_character_after_a_cut_mark_is_its_own_token_on_every_path() {
        // Found by fuzzing: the ASCII path cut `:` off `ab` and started UAX #29 at the mark,
        // where U+202E is a symbol of its own; from the word's start it rode on `cd`.
        for s in [
            "ab:\u{202e}cd",
            "x ab:\u{202e}\u{200b}cd.",
            "1,\u{202e}2 a_\u{202e}_b",
        ] {
            assert_eq!(tokenize(s), tokenize_unicode(s), "{s:?}");
        }
        let cut: Vec<&str> = tokenize("ab:\u{202e}cd")
            .iter()
            .map(|t| t.text("ab:\u{202e}cd"))
            .collect();
        assert_eq!(cut, ["ab", ":", "\u{202e}", "cd"]);
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
        fn windows_cut_as_the_byte_by_byte_path(
            s in "[a-zA-Z0-9 \n\t\r.,'’—\\-!?\"()\u{0}\u{7f}\u{b}éж\u{301}😀]{0,300}",
            pad in 0usize..70,
        ) {
            // Every window position, so every byte sits at every place in a window.
            let s = format!("{}{s}", " ".repeat(pad));
            proptest::prop_assert_eq!(tokenize(&s), tokenize_bytewise(&s));
        }

        #[test]
        fn fast_paths_cut_as_the_unicode_path(
            s in "[a-zA-Z0-9 \n\t\r\u{b}\u{c}.,:;_'’‐—\\-!?\"()$éжЁ٣\u{301}\u{a0}\u{200b}\u{200d}\u{202e}\u{ad}😀]{0,200}",
        ) {
            // The ASCII fast paths are only faster: every text is cut as UAX #29 plus the
            // documented rules cut it.
            proptest::prop_assert_eq!(tokenize(&s), tokenize_unicode(&s));
        }

        #[test]
        fn fast_paths_cut_ascii_text_with_one_accent_as_the_unicode_path(
            s in "[a-zA-Z0-9 \n.,:;_'\\-!\"(]{40,200}",
            at in proptest::prelude::any::<proptest::sample::Index>(),
            c in "[é\u{301}ж’‐\u{a0}\u{200b}\u{202e}\u{ad}]",
        ) {
            // Mostly ASCII, so the windowed path runs, with one character that sends a chunk
            // to the Unicode path.
            let k = (0..=s.len()).nth(at.index(s.len() + 1)).unwrap_or(0);
            let s = format!("{}{c}{}", &s[..k], &s[k..]);
            proptest::prop_assert_eq!(tokenize(&s), tokenize_unicode(&s));
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
