//! The reading text as it is built: whitespace normalised as TEI processors do (a run of
//! whitespace is one space, none at a paragraph's edges), paragraphs separated by a blank
//! line, and the source offset of every stretch copied.

use crate::witness::SourceMap;

/// What separates the next text from the text before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Pending {
    /// Nothing: the next text continues the word.
    None,
    /// A space.
    Space,
    /// A paragraph break.
    Para,
}

/// The reading text being built.
#[derive(Debug)]
pub(super) struct Out {
    pub text: String,
    pub map: SourceMap,
    pub lacunae: Vec<u32>,
    pending: Pending,
    /// After a `break="no"`: whitespace is ignored until the next text.
    glued: bool,
    /// `source offset - reading offset` of the last segment (a new segment is recorded only
    /// when it changes).
    delta: Option<i64>,
}

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl Out {
    pub fn new(capacity: usize) -> Self {
        Out {
            text: String::with_capacity(capacity),
            map: SourceMap::default(),
            lacunae: Vec::new(),
            pending: Pending::None,
            glued: false,
            delta: None,
        }
    }

    /// The offset the next text will start from, separators aside.
    pub fn len(&self) -> u32 {
        self.text.len() as u32
    }

    /// Ask for at least separator `p` before the next text.
    pub fn separate(&mut self, p: Pending) {
        if p == Pending::Space && self.glued {
            return;
        }
        self.pending = self.pending.max(p);
    }

    /// A break with `break="no"`: the words on either side are one word.
    pub fn glue(&mut self) {
        if self.pending == Pending::Space {
            self.pending = Pending::None;
        }
        self.glued = true;
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            match self.pending {
                Pending::None => {}
                Pending::Space => self.text.push(' '),
                Pending::Para => self.text.push_str("\n\n"),
            }
        }
        self.pending = Pending::None;
        self.glued = false;
    }

    /// Append `s` (words separated by single spaces), copied from source offset `src`.
    fn word(&mut self, s: &str, src: usize) {
        self.flush();
        let delta = src as i64 - self.text.len() as i64;
        if self.delta != Some(delta) {
            self.map.segments.push((self.len(), src as u32));
            self.delta = Some(delta);
        }
        self.text.push_str(s);
    }

    /// Append text `s` found at source offset `src`, normalising its whitespace.
    pub fn text(&mut self, s: &str, src: usize) {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if is_xml_space(bytes[i]) {
                self.separate(Pending::Space);
                i += 1;
                while i < bytes.len() && is_xml_space(bytes[i]) {
                    i += 1;
                }
            } else {
                // Words separated by single spaces are already normalised, and their offsets
                // move together: copy them as one stretch, up to the next tab, line end or
                // double space (searched for within that line only, so the scan stays linear).
                let rest = &bytes[i..];
                let line = memchr::memchr3(b'\t', b'\r', b'\n', rest).unwrap_or(rest.len());
                let end = memchr::memmem::find(&rest[..line], b"  ").unwrap_or(line);
                let mut len = end;
                while len > 0 && rest[len - 1] == b' ' {
                    len -= 1;
                }
                self.word(&s[i..i + len], src + i);
                i += len;
            }
        }
    }

    /// Append a character that stands for the reference at source offset `src` (`&amp;`).
    pub fn reference(&mut self, c: char, src: usize) {
        if c.is_whitespace() && c.is_ascii() {
            self.separate(Pending::Space);
            return;
        }
        self.flush();
        self.map.segments.push((self.len(), src as u32));
        self.delta = None;
        self.text.push(c);
    }

    /// A lacuna here; it separates words.
    pub fn lacuna(&mut self) {
        let at = self.len();
        if self.lacunae.last() != Some(&at) {
            self.lacunae.push(at);
        }
        self.separate(Pending::Space);
    }

    /// The finished text: one final newline when there is any text.
    pub fn finish(mut self) -> (String, SourceMap, Vec<u32>) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        (self.text, self.map, self.lacunae)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reading offset `at` mapped back to the source through the segments.
    fn source_of(map: &SourceMap, at: usize) -> usize {
        let i = map.segments.partition_point(|&(out, _)| out as usize <= at);
        let (out, src) = map.segments[i - 1];
        src as usize + (at - out as usize)
    }

    proptest! {
        /// Whitespace is normalised as TEI processors do, and every character of the reading
        /// text maps back to the same character of the source.
        #[test]
        fn text_normalises_whitespace_and_maps_back(s in "[ \t\r\na-c\u{e9}]{0,40}") {
            let mut out = Out::new(0);
            out.text(&s, 7);
            let (text, map, _) = out.finish();
            let want: Vec<&str> = s.split_ascii_whitespace().collect();
            let want = if want.is_empty() { String::new() } else { want.join(" ") + "\n" };
            prop_assert_eq!(&text, &want);
            for (at, c) in text.trim_end_matches('\n').char_indices() {
                if c != ' ' {
                    let src = source_of(&map, at) - 7;
                    prop_assert_eq!(s[src..].chars().next(), Some(c));
                }
            }
        }
    }
}
