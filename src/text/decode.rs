//! Input decoding: bytes → text, with the facts a version record keeps about them.
//!
//! Policy (see `RELIABILITY.md`): UTF-8 is the input encoding; a UTF-8 BOM is accepted and
//! recorded; UTF-16 is decoded only when it starts with a BOM; a NUL byte in the first
//! 8,000 bytes marks the input as binary (git's rule); invalid UTF-8 is refused with the
//! byte offset, line and column of the first bad byte.

use std::borrow::Cow;

/// How the input bytes were encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 starting with a byte-order mark.
    Utf8Bom,
    /// UTF-16 little-endian with a BOM.
    Utf16leBom,
    /// UTF-16 big-endian with a BOM.
    Utf16beBom,
}

impl TextEncoding {
    /// The name used in records and JSON (`utf-8`, `utf-8-bom`, `utf-16le-bom`, `utf-16be-bom`).
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16leBom => "utf-16le-bom",
            TextEncoding::Utf16beBom => "utf-16be-bom",
        }
    }

    /// Parse [`TextEncoding::as_str`]'s names.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "utf-8" => TextEncoding::Utf8,
            "utf-8-bom" => TextEncoding::Utf8Bom,
            "utf-16le-bom" => TextEncoding::Utf16leBom,
            "utf-16be-bom" => TextEncoding::Utf16beBom,
            _ => return None,
        })
    }
}

/// Which line endings a text uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEndings {
    /// No line break at all.
    None,
    /// `\n` only.
    Lf,
    /// `\r\n` only.
    Crlf,
    /// Lone `\r` only.
    Cr,
    /// More than one kind.
    Mixed,
}

impl LineEndings {
    /// The name used in records (`none`, `lf`, `crlf`, `cr`, `mixed`).
    pub fn as_str(self) -> &'static str {
        match self {
            LineEndings::None => "none",
            LineEndings::Lf => "lf",
            LineEndings::Crlf => "crlf",
            LineEndings::Cr => "cr",
            LineEndings::Mixed => "mixed",
        }
    }

    /// Parse [`LineEndings::as_str`]'s names.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "none" => LineEndings::None,
            "lf" => LineEndings::Lf,
            "crlf" => LineEndings::Crlf,
            "cr" => LineEndings::Cr,
            "mixed" => LineEndings::Mixed,
            _ => return None,
        })
    }

    /// Scan `text` for its line endings.
    pub fn detect(text: &str) -> Self {
        let (mut lf, mut crlf, mut cr) = (false, false, false);
        let b = text.as_bytes();
        for i in memchr_iter(b) {
            match b[i] {
                b'\n' if i > 0 && b[i - 1] == b'\r' => crlf = true,
                b'\n' => lf = true,
                _ if b.get(i + 1) != Some(&b'\n') => cr = true,
                _ => {}
            }
        }
        match (lf, crlf, cr) {
            (false, false, false) => LineEndings::None,
            (true, false, false) => LineEndings::Lf,
            (false, true, false) => LineEndings::Crlf,
            (false, false, true) => LineEndings::Cr,
            _ => LineEndings::Mixed,
        }
    }
}

fn memchr_iter(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', b)
}

/// Input that cannot be read as text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InputError {
    /// Not valid UTF-8.
    #[error(
        "{origin}: invalid UTF-8 at byte {offset} (line {line}, column {column})\nhint: convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"
    )]
    InvalidUtf8 {
        /// File or edition name.
        origin: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// 1-based column (in characters) of that byte.
        column: usize,
    },
    /// A NUL byte near the start: a binary file.
    #[error(
        "{origin}: looks like a binary file (NUL byte at offset {offset}); lectio compares text only"
    )]
    Binary {
        /// File or edition name.
        origin: String,
        /// Offset of the NUL byte.
        offset: usize,
    },
    /// NUL bytes at every other position: UTF-16 without a byte-order mark.
    #[error(
        "{origin}: looks like UTF-16{endian} without a byte-order mark (NUL byte at offset {offset}); lectio reads UTF-8, or UTF-16 with a BOM\nhint: convert it with `iconv -f utf-16{endian} -t utf-8`"
    )]
    Utf16WithoutBom {
        /// File or edition name.
        origin: String,
        /// `le` or `be`.
        endian: &'static str,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// UTF-16 with a BOM and an odd number of bytes: the last byte is half a code unit.
    #[error(
        "{origin}: invalid UTF-16 (odd length: {len} bytes, so the last byte is half a code unit; the file may be truncated)"
    )]
    OddUtf16 {
        /// File or edition name.
        origin: String,
        /// Length in bytes, BOM included.
        len: usize,
    },
    /// UTF-16 with a BOM that does not decode.
    #[error("{origin}: invalid UTF-16 (unpaired surrogate near byte {offset})")]
    InvalidUtf16 {
        /// File or edition name.
        origin: String,
        /// Byte offset of the bad code unit.
        offset: usize,
    },
}

impl crate::exit::Classify for InputError {
    fn kind(&self) -> crate::exit::Kind {
        crate::exit::Kind::Input
    }
}

/// Bytes read as text, with the facts about them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without any BOM.
    pub text: Cow<'a, str>,
    /// The encoding found.
    pub encoding: TextEncoding,
    /// The line endings found.
    pub line_endings: LineEndings,
}

/// How many leading bytes are searched for NUL (git's rule).
pub const BINARY_SNIFF_LEN: usize = 8000;

/// Decode `bytes` (from `origin`, named in errors) following the module's policy.
pub fn decode<'a>(bytes: &'a [u8], origin: &str) -> Result<Decoded<'a>, InputError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, origin, TextEncoding::Utf16leBom, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, origin, TextEncoding::Utf16beBom, u16::from_be_bytes);
    }
    let (body, encoding, shift) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, TextEncoding::Utf8Bom, 3),
        None => (bytes, TextEncoding::Utf8, 0),
    };
    check_binary(bytes, origin)?;
    let text = std::str::from_utf8(body).map_err(|e| {
        let offset = e.valid_up_to();
        let (line, column) = line_col_of_valid_prefix(&body[..offset]);
        InputError::InvalidUtf8 {
            origin: origin.to_string(),
            offset: offset + shift,
            line,
            column,
        }
    })?;
    Ok(Decoded {
        line_endings: LineEndings::detect(text),
        text: Cow::Borrowed(text),
        encoding,
    })
}

/// As [`decode`], taking the bytes: plain UTF-8 (the usual case) becomes the text without a
/// copy and is validated once.
pub fn decode_owned(bytes: Vec<u8>, origin: &str) -> Result<String, InputError> {
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[0xEF, 0xBB, 0xBF])
    {
        return decode(&bytes, origin).map(|d| d.text.into_owned());
    }
    check_binary(&bytes, origin)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let (line, column) = line_col_of_valid_prefix(&e.as_bytes()[..offset]);
        InputError::InvalidUtf8 {
            origin: origin.to_string(),
            offset,
            line,
            column,
        }
    })
}

/// Refuse input with a NUL byte in its first [`BINARY_SNIFF_LEN`] bytes.
pub fn check_binary(bytes: &[u8], origin: &str) -> Result<(), InputError> {
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    match head.iter().position(|&b| b == 0) {
        Some(offset) => Err(match utf16_without_bom(head) {
            Some(endian) => InputError::Utf16WithoutBom {
                origin: origin.to_string(),
                endian,
                offset,
            },
            None => InputError::Binary {
                origin: origin.to_string(),
                offset,
            },
        }),
        None => Ok(()),
    }
}

/// `Some("le")` or `Some("be")` when `head` looks like UTF-16 text without a BOM: NUL bytes
/// only at odd (LE) or only at even (BE) offsets, in at least one code unit of 16 (the spaces,
/// digits and punctuation of any script), no code unit made of two printable ASCII bytes
/// (that is 8-bit text with a NUL in it), and the whole head decodes as UTF-16 into text
/// without NUL or other C0 controls (but tab, line feed, form feed and carriage return).
/// CJK text in UTF-16 without a BOM fails the ASCII-pair test and is reported as binary.
fn utf16_without_bom(head: &[u8]) -> Option<&'static str> {
    let head = &head[..head.len() & !1];
    if head.len() < 4 {
        return None;
    }
    let nuls = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let n = head.len() / 2;
    let (endian, unit): (&'static str, fn([u8; 2]) -> u16) = match (nuls(0), nuls(1)) {
        (0, k) if k * 16 >= n => ("le", u16::from_le_bytes),
        (k, 0) if k * 16 >= n => ("be", u16::from_be_bytes),
        _ => return None,
    };
    let printable = |b: u8| (0x20..0x7F).contains(&b);
    if head
        .chunks_exact(2)
        .any(|c| printable(c[0]) && printable(c[1]))
    {
        return None;
    }
    let units: Vec<u16> = head.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    let mut seen = 0;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\x0c' | '\r') => {
                return None;
            }
            Ok(c) => seen += c.len_utf16(),
            // The sniffed head may cut a surrogate pair at its end.
            Err(_) if seen + 1 == n => seen += 1,
            Err(_) => return None,
        }
    }
    Some(endian)
}

/// 1-based line and column just past a valid UTF-8 prefix.
pub fn line_col_of_valid_prefix(prefix: &[u8]) -> (usize, usize) {
    let line_start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = std::str::from_utf8(&prefix[line_start..])
        .map_or(prefix.len() - line_start, |s| s.chars().count())
        + 1;
    (line, col)
}

fn utf16<'a>(
    rest: &[u8],
    origin: &str,
    encoding: TextEncoding,
    unit: fn([u8; 2]) -> u16,
) -> Result<Decoded<'a>, InputError> {
    if rest.len() % 2 == 1 {
        return Err(InputError::OddUtf16 {
            origin: origin.to_string(),
            len: rest.len() + 2,
        });
    }
    let units = rest.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(rest.len() / 2);
    // Byte offset of the next unit (after the BOM); a character outside the BMP takes two.
    let mut offset = 2;
    for r in char::decode_utf16(units) {
        match r {
            Ok('\0') => {
                return Err(InputError::Binary {
                    origin: origin.to_string(),
                    offset,
                });
            }
            Ok(c) => {
                text.push(c);
                offset += 2 * c.len_utf16();
            }
            Err(_) => {
                return Err(InputError::InvalidUtf16 {
                    origin: origin.to_string(),
                    offset,
                });
            }
        }
    }
    Ok(Decoded {
        line_endings: LineEndings::detect(&text),
        text: Cow::Owned(text),
        encoding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_position() {
        let e = decode(b"ab\ncd\xffe", "x.txt").unwrap_err();
        assert_eq!(
            e,
            InputError::InvalidUtf8 {
                origin: "x.txt".into(),
                offset: 5,
                line: 2,
                column: 3
            }
        );
    }

    #[test]
    fn binary_and_bom() {
        assert!(matches!(
            decode(b"a\0b", "f"),
            Err(InputError::Binary { offset: 1, .. })
        ));
        let d = decode(b"\xEF\xBB\xBFhi\r\n", "f").unwrap();
        assert_eq!(d.text, "hi\r\n");
        assert_eq!(d.encoding, TextEncoding::Utf8Bom);
        assert_eq!(d.line_endings, LineEndings::Crlf);
    }

    #[test]
    fn utf16_only_with_bom() {
        let d = decode(b"\xFF\xFEh\0i\0\n\0", "f").unwrap();
        assert_eq!(d.text, "hi\n");
        assert_eq!(d.encoding, TextEncoding::Utf16leBom);
        // Without a BOM, UTF-16 has NULs: refused, and named as UTF-16.
        assert!(matches!(
            decode(b"h\0i\0", "f"),
            Err(InputError::Utf16WithoutBom { endian: "le", .. })
        ));
        assert!(matches!(
            decode(b"\0h\0i\0\n", "f"),
            Err(InputError::Utf16WithoutBom { endian: "be", .. })
        ));
        let cyrillic: Vec<u8> = "Съешь же ещё.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(matches!(
            decode(&cyrillic, "f"),
            Err(InputError::Utf16WithoutBom { endian: "le", .. })
        ));
        // A NUL in otherwise 8-bit data is binary; so is a PNG header.
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "f"),
            Err(InputError::Binary { offset: 8, .. })
        ));
        assert!(matches!(
            decode(b"PNG\0\x01\x02", "f"),
            Err(InputError::Binary { offset: 3, .. })
        ));
        assert!(matches!(
            decode(b"text\0more", "f"),
            Err(InputError::Binary { offset: 4, .. })
        ));
    }

    #[test]
    fn line_endings() {
        assert_eq!(LineEndings::detect("a\nb\r\n"), LineEndings::Mixed);
        assert_eq!(LineEndings::detect("a\rb"), LineEndings::Cr);
        assert_eq!(LineEndings::detect("ab"), LineEndings::None);
    }
}
