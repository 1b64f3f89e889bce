//! Streaming text checks for `add`: UTF-8 validation with byte offset, line and column of the
//! first bad byte, BOM and binary detection, line-ending facts and a word count, fed chunk by
//! chunk so memory stays flat however large the input.

use crate::text::tokenize::tokenize_into;
use crate::text::{InputError, LineEndings, TextEncoding, TokenKind};

/// Longest run without whitespace kept for the word count before it is counted as is (a
/// pathological input with no whitespace at all may then count a word split at this point
/// twice; ordinary text never reaches it).
const MAX_WORD_CARRY: usize = 1 << 20;

/// What the scan found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextFacts {
    /// Encoding (with or without BOM).
    pub encoding: TextEncoding,
    /// Line endings.
    pub line_endings: LineEndings,
    /// Word and number tokens.
    pub words: u64,
}

/// Counts words of text fed in pieces, cutting only at whitespace so no token is split.
#[derive(Default)]
pub struct WordCounter {
    carry: String,
    tokens: Vec<crate::text::Token>,
    words: u64,
}

impl WordCounter {
    /// Feed the next piece of text.
    pub fn feed(&mut self, s: &str) {
        self.carry.push_str(s);
        let cut = self
            .carry
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, _)| i);
        match cut {
            Some(i) => self.count_prefix(i),
            None if self.carry.len() > MAX_WORD_CARRY => self.count_prefix(self.carry.len()),
            None => {}
        }
    }

    fn count_prefix(&mut self, end: usize) {
        self.tokens.clear();
        tokenize_into(&self.carry[..end], &mut self.tokens);
        self.words += self
            .tokens
            .iter()
            .filter(|t| matches!(t.kind(), TokenKind::Word | TokenKind::Number))
            .count() as u64;
        self.carry.drain(..end);
    }

    /// The total, counting what is left.
    pub fn finish(mut self) -> u64 {
        let n = self.carry.len();
        self.count_prefix(n);
        self.words
    }
}

/// Count words in `text` at once (same rule as the streaming count).
pub fn count_words(text: &str) -> u64 {
    let mut w = WordCounter::default();
    w.feed(text);
    w.finish()
}

/// Streaming UTF-8 scanner. Feed the input's bytes in order; the first call must hold at least
/// the first [`crate::text::decode::BINARY_SNIFF_LEN`] bytes (or the whole input if shorter).
pub struct Utf8Scan {
    origin: String,
    started: bool,
    encoding: TextEncoding,
    pending: Vec<u8>,
    offset: u64,
    line: u64,
    col: u64,
    last_cr: bool,
    lf: bool,
    crlf: bool,
    cr: bool,
    words: WordCounter,
}

impl Utf8Scan {
    /// A scanner for input named `origin` in errors.
    pub fn new(origin: &str) -> Self {
        Utf8Scan {
            origin: origin.to_string(),
            started: false,
            encoding: TextEncoding::Utf8,
            pending: Vec::new(),
            offset: 0,
            line: 1,
            col: 1,
            last_cr: false,
            lf: false,
            crlf: false,
            cr: false,
            words: WordCounter::default(),
        }
    }

    /// Feed the next bytes.
    pub fn feed(&mut self, mut bytes: &[u8]) -> Result<(), InputError> {
        if !self.started {
            self.started = true;
            crate::text::decode::check_binary(bytes, &self.origin)?;
            if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
                self.encoding = TextEncoding::Utf8Bom;
                self.offset = 3;
                bytes = rest;
            }
        }
        let joined;
        let buf: &[u8] = if self.pending.is_empty() {
            bytes
        } else {
            let mut j = std::mem::take(&mut self.pending);
            j.extend_from_slice(bytes);
            joined = j;
            &joined
        };
        match std::str::from_utf8(buf) {
            Ok(s) => self.consume(s),
            Err(e) => {
                let valid = e.valid_up_to();
                // SAFETY-free: the prefix up to valid_up_to is valid UTF-8.
                let s = std::str::from_utf8(&buf[..valid]).unwrap_or_default();
                self.consume(s);
                match e.error_len() {
                    None => self.pending = buf[valid..].to_vec(),
                    Some(_) => return Err(self.error_here()),
                }
            }
        }
        Ok(())
    }

    fn error_here(&self) -> InputError {
        InputError::InvalidUtf8 {
            origin: self.origin.clone(),
            offset: self.offset as usize,
            line: self.line as usize,
            column: self.col as usize,
        }
    }

    fn consume(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let b = s.as_bytes();
        let mut last_nl = None;
        for (i, &c) in b.iter().enumerate() {
            match c {
                b'\n' => {
                    if self.last_cr {
                        self.crlf = true;
                    } else {
                        self.lf = true;
                    }
                    self.line += 1;
                    last_nl = Some(i);
                    self.last_cr = false;
                }
                b'\r' => {
                    if self.last_cr {
                        self.cr = true;
                    }
                    self.last_cr = true;
                }
                _ => {
                    if self.last_cr {
                        self.cr = true;
                    }
                    self.last_cr = false;
                }
            }
        }
        match last_nl {
            Some(i) => self.col = s[i + 1..].chars().count() as u64 + 1,
            None => self.col += s.chars().count() as u64,
        }
        self.offset += b.len() as u64;
        self.words.feed(s);
    }

    /// End of input: the facts, or an error for a truncated final character.
    pub fn finish(mut self) -> Result<TextFacts, InputError> {
        if !self.started {
            self.feed(&[])?;
        }
        if !self.pending.is_empty() {
            return Err(self.error_here());
        }
        if self.last_cr {
            self.cr = true;
        }
        let line_endings = match (self.lf, self.crlf, self.cr) {
            (false, false, false) => LineEndings::None,
            (true, false, false) => LineEndings::Lf,
            (false, true, false) => LineEndings::Crlf,
            (false, false, true) => LineEndings::Cr,
            _ => LineEndings::Mixed,
        };
        Ok(TextFacts {
            encoding: self.encoding,
            line_endings,
            words: self.words.finish(),
        })
    }
}

/// Facts about a whole text already in memory (used for UTF-16 input, which is decoded whole).
pub fn facts_of(bytes: &[u8], origin: &str) -> Result<TextFacts, InputError> {
    let d = crate::text::decode(bytes, origin)?;
    Ok(TextFacts {
        encoding: d.encoding,
        line_endings: d.line_endings,
        words: count_words(&d.text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scan_chunks(bytes: &[u8], chunk: usize) -> Result<TextFacts, InputError> {
        let mut s = Utf8Scan::new("t");
        let first = bytes.len().min(crate::text::decode::BINARY_SNIFF_LEN);
        s.feed(&bytes[..first])?;
        for c in bytes[first..].chunks(chunk.max(1)) {
            s.feed(c)?;
        }
        s.finish()
    }

    #[test]
    fn error_positions_match_decode() {
        for bad in [
            &b"ab\ncd\xffe"[..],
            b"\xEF\xBB\xBFx\n\xC3\x28",
            b"ok \xF0\x9F\x98",
            b"\xC0\xAF",
        ] {
            let whole = crate::text::decode(bad, "t").unwrap_err();
            let streamed = scan_chunks(bad, 1).unwrap_err();
            assert_eq!(whole, streamed);
        }
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("word".to_string()),
                Just(" ".to_string()),
                Just("\r\n".to_string()),
                Just("\n".to_string()),
                Just("\r".to_string()),
                Just("don't".to_string()),
                Just("counter-blows".to_string()),
                Just("1,000".to_string()),
                Just("\"19".to_string()),
                Just("й".to_string()),
                Just("👍🏽".to_string()),
                Just("\u{00A0}".to_string()),
                Just("—".to_string()),
            ],
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn streaming_equals_whole(text in text_strategy(), chunk in 1usize..9) {
            let streamed = scan_chunks(text.as_bytes(), chunk).unwrap();
            let whole = facts_of(text.as_bytes(), "t").unwrap();
            prop_assert_eq!(streamed, whole);
            let expected = crate::text::tokenize(&text).iter()
                .filter(|t| matches!(t.kind(), TokenKind::Word | TokenKind::Number)).count() as u64;
            prop_assert_eq!(streamed.words, expected);
        }
    }
}
