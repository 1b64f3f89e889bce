//! Byte offset → line and column.

/// The last answer of [`LineIndex::line_col_from`]: 1-based line, byte offset (a character
/// boundary) and its 1-based column. The default matches nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cursor {
    line: usize,
    offset: usize,
    column: usize,
}

/// Line starts of a text, for turning byte offsets into 1-based line and column numbers.
/// Columns count Unicode scalar values, as editors and GitHub annotations do.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Index the line starts of `text` (`\n`, `\r\n` and lone `\r` all end a line).
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i as u32 + 1);
            }
        }
        LineIndex { starts }
    }

    /// 1-based line and column of byte `offset` in `text` (the text this index was built from).
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        self.line_col_from(text, offset, &mut Cursor::default())
    }

    /// As [`LineIndex::line_col`], counting the column on from `cur` (the last answer,
    /// updated here) when `offset` lies after it on the same line: for offsets asked in
    /// increasing order, columns cost the text between them, not each line's prefix.
    pub fn line_col_from(&self, text: &str, offset: usize, cur: &mut Cursor) -> (u32, u32) {
        let offset = offset.min(text.len());
        // Offsets come in order, mostly on the cursor's line: check it before searching.
        let on_cursor_line = cur.line >= 1
            && self
                .starts
                .get(cur.line - 1)
                .is_some_and(|&s| s as usize <= offset)
            && self
                .starts
                .get(cur.line)
                .is_none_or(|&s| s as usize > offset);
        let line = if on_cursor_line {
            cur.line - 1
        } else {
            self.starts.partition_point(|&s| s as usize <= offset) - 1
        };
        let start = self.starts[line] as usize;
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let (from, col) = if cur.line == line + 1 && (start..=end).contains(&cur.offset) {
            (cur.offset, cur.column)
        } else {
            (start, 1)
        };
        let column = col + text[from..end].chars().count();
        *cur = Cursor {
            line: line + 1,
            offset: end,
            column,
        };
        (line as u32 + 1, column as u32)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Always false: a text has at least one (possibly empty) line.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts
            .get((line as usize).checked_sub(1)?)
            .map(|&s| s as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let t = "ab\r\nçd\ref\n";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_col(t, 0), (1, 1));
        assert_eq!(ix.line_col(t, 4), (2, 1));
        assert_eq!(ix.line_col(t, 6), (2, 2)); // after the two-byte ç
        assert_eq!(ix.line_col(t, 8), (3, 1));
        assert_eq!(ix.len(), 4);
    }

    #[test]
    fn counting_on_from_a_cursor_agrees() {
        let t = "ab\r\nçd\ref\nжжж x\n\nlast";
        let ix = LineIndex::new(t);
        // Every pair of offsets, in either order: the cursor never changes an answer.
        for x in 0..=t.len() {
            for y in 0..=t.len() {
                let mut cur = Cursor::default();
                assert_eq!(ix.line_col_from(t, x, &mut cur), ix.line_col(t, x));
                assert_eq!(
                    ix.line_col_from(t, y, &mut cur),
                    ix.line_col(t, y),
                    "{x} then {y}"
                );
            }
        }
    }
}
