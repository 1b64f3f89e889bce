//! Version records: immutable, canonical, human-readable manifests, one per version.
//!
//! The encoding is a header line `lectio-version 1` followed by one `key: value` line per field
//! in a fixed order, every field always present (an absent value is written `key:`), LF line
//! ends, UTF-8. Values escape `\` as `\\`, line feed as `\n`, carriage return as `\r`, tab as
//! `\t` and any other control character as `\u{XXXX}`, so every field is one line. A record's
//! id is the blake3 of exactly these bytes; [`VersionRecord::parse`] accepts only the canonical
//! form (parsing and re-encoding must give the same bytes), so one record has one id.

use std::fmt::Write as _;

use super::id::ObjectId;
use crate::text::{LineEndings, TextEncoding};

/// First line of every record.
pub const HEADER: &str = "lectio-version 1";

/// What kind of edition a text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EditionKind {
    /// The author's own text.
    Original,
    /// A transcription of a witness.
    Transcription,
    /// An edition corrected by an editor.
    Emendation,
    /// A translation.
    Translation,
}

impl EditionKind {
    /// The name used in records (`original`, `transcription`, `emendation`, `translation`).
    pub fn as_str(self) -> &'static str {
        match self {
            EditionKind::Original => "original",
            EditionKind::Transcription => "transcription",
            EditionKind::Emendation => "emendation",
            EditionKind::Translation => "translation",
        }
    }

    /// Parse [`EditionKind::as_str`]'s names.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "original" => EditionKind::Original,
            "transcription" => EditionKind::Transcription,
            "emendation" => EditionKind::Emendation,
            "translation" => EditionKind::Translation,
            _ => return None,
        })
    }
}

/// An edition's metadata, repeated in each of its version records (so every record stands
/// alone); inherited from the previous version unless changed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EditionMeta {
    /// Language, a BCP 47 tag (`en`, `es`, `ru`).
    pub lang: String,
    /// Kind of edition.
    pub kind: EditionKind,
    /// Title.
    pub title: String,
    /// Where the text comes from (a citation or URL).
    pub source: String,
    /// Short identifier for apparatus and tables (empty: the edition's name is used).
    pub siglum: String,
    /// The edition this one translates, `WORK/EDITION` (empty if none or unknown).
    pub translation_of: String,
    /// The language translated from, when the source edition is not in the store.
    pub source_lang: String,
    /// Whether the edition covers only part of the work.
    pub partial: bool,
    /// Free notes about the edition.
    pub notes: String,
}

/// One version of an edition.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct VersionRecord {
    /// Work name.
    pub work: String,
    /// Edition name.
    pub edition: String,
    /// Version number, from 1.
    pub number: u32,
    /// The previous version's record id (none for version 1).
    pub parent: Option<ObjectId>,
    /// blake3 of the text's bytes.
    pub content: ObjectId,
    /// Size of the text in bytes.
    pub size: u64,
    /// Number of words (word and number tokens of [`crate::text::tokenize()`]).
    pub words: u64,
    /// Encoding found (`utf-8`, `utf-8-bom`, `utf-16le-bom`, `utf-16be-bom`).
    #[serde(serialize_with = "encoding_name")]
    pub encoding: TextEncoding,
    /// Line endings found.
    pub line_endings: LineEndings,
    /// When it was added, in seconds since the Unix epoch (UTC).
    pub time: i64,
    /// Who added it (`LECTIO_AUTHOR`; may be empty).
    pub author: String,
    /// The file it was added from, relative to the store's parent folder (empty for stdin).
    pub source_path: String,
    /// The edition's metadata.
    pub meta: EditionMeta,
    /// What changed and why.
    pub message: String,
}

fn encoding_name<S: serde::Serializer>(e: &TextEncoding, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.as_str())
}

/// Why record bytes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RecordParseError(pub String);

impl crate::exit::Classify for RecordParseError {
    fn kind(&self) -> crate::exit::Kind {
        crate::exit::Kind::Corrupt
    }
}

const KEYS: &[&str] = &[
    "work",
    "edition",
    "number",
    "parent",
    "content",
    "size",
    "words",
    "encoding",
    "line-endings",
    "time",
    "author",
    "source-path",
    "lang",
    "kind",
    "title",
    "source",
    "siglum",
    "translation-of",
    "source-lang",
    "partial",
    "notes",
    "message",
];

impl VersionRecord {
    /// The canonical bytes (what the id hashes).
    pub fn encode(&self) -> Vec<u8> {
        let parent = self
            .parent
            .map_or_else(|| "none".to_string(), |p| p.to_hex());
        let values: [String; 22] = [
            self.work.clone(),
            self.edition.clone(),
            self.number.to_string(),
            parent,
            self.content.to_hex(),
            self.size.to_string(),
            self.words.to_string(),
            self.encoding.as_str().to_string(),
            self.line_endings.as_str().to_string(),
            format_time(self.time),
            self.author.clone(),
            self.source_path.clone(),
            self.meta.lang.clone(),
            self.meta.kind.as_str().to_string(),
            self.meta.title.clone(),
            self.meta.source.clone(),
            self.meta.siglum.clone(),
            self.meta.translation_of.clone(),
            self.meta.source_lang.clone(),
            if self.meta.partial { "yes" } else { "no" }.to_string(),
            self.meta.notes.clone(),
            self.message.clone(),
        ];
        let mut out = String::with_capacity(512);
        out.push_str(HEADER);
        out.push('\n');
        for (key, value) in KEYS.iter().zip(values.iter()) {
            out.push_str(key);
            out.push(':');
            if !value.is_empty() {
                out.push(' ');
                escape_into(value, &mut out);
            }
            out.push('\n');
        }
        out.into_bytes()
    }

    /// The record's id: blake3 of [`VersionRecord::encode`].
    pub fn id(&self) -> ObjectId {
        ObjectId::of(&self.encode())
    }

    /// Parse canonical record bytes; anything else is an error.
    pub fn parse(bytes: &[u8]) -> Result<Self, RecordParseError> {
        let err = |m: String| RecordParseError(m);
        if bytes.is_empty() {
            return Err(err("empty (likely an interrupted write)".into()));
        }
        if bytes.iter().all(|&b| b == 0) {
            return Err(err(
                "filled with NUL bytes (likely an interrupted write)".into()
            ));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|e| err(format!("not UTF-8 (byte {})", e.valid_up_to())))?;
        let body = text
            .strip_suffix('\n')
            .ok_or_else(|| err("does not end with a newline (truncated?)".into()))?;
        let mut lines = body.split('\n');
        if lines.next() != Some(HEADER) {
            return Err(err(format!("does not start with '{HEADER}'")));
        }
        let mut values: Vec<String> = Vec::with_capacity(KEYS.len());
        for key in KEYS {
            let line = lines
                .next()
                .ok_or_else(|| err(format!("field '{key}' missing (truncated?)")))?;
            let rest = line
                .strip_prefix(key)
                .and_then(|r| r.strip_prefix(':'))
                .ok_or_else(|| err(format!("expected field '{key}', found '{}'", short(line))))?;
            let value = match rest.strip_prefix(' ') {
                Some(v) => unescape(v).ok_or_else(|| err(format!("field '{key}': bad escape")))?,
                None if rest.is_empty() => String::new(),
                None => return Err(err(format!("field '{key}': missing space after ':'"))),
            };
            values.push(value);
        }
        if let Some(extra) = lines.next() {
            return Err(err(format!("unexpected line '{}'", short(extra))));
        }
        let num = |i: usize| -> Result<u64, RecordParseError> {
            let v = &values[i];
            if v.is_empty()
                || (v.len() > 1 && v.starts_with('0'))
                || !v.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(err(format!("field '{}': not a number", KEYS[i])));
            }
            v.parse()
                .map_err(|_| err(format!("field '{}': number too large", KEYS[i])))
        };
        let number = u32::try_from(num(2)?).map_err(|_| err("field 'number': too large".into()))?;
        if number == 0 {
            return Err(err("field 'number': versions count from 1".into()));
        }
        let parent = match values[3].as_str() {
            "none" => None,
            h => Some(ObjectId::parse(h).ok_or_else(|| err("field 'parent': not a hash".into()))?),
        };
        if (number == 1) != parent.is_none() {
            return Err(err("field 'parent': only version 1 has no parent".into()));
        }
        let content =
            ObjectId::parse(&values[4]).ok_or_else(|| err("field 'content': not a hash".into()))?;
        let record = VersionRecord {
            work: values[0].clone(),
            edition: values[1].clone(),
            number,
            parent,
            content,
            size: num(5)?,
            words: num(6)?,
            encoding: TextEncoding::parse(&values[7])
                .ok_or_else(|| err("field 'encoding': unknown".into()))?,
            line_endings: LineEndings::parse(&values[8])
                .ok_or_else(|| err("field 'line-endings': unknown".into()))?,
            time: parse_time(&values[9])
                .ok_or_else(|| err("field 'time': not a UTC time".into()))?,
            author: values[10].clone(),
            source_path: values[11].clone(),
            meta: EditionMeta {
                lang: values[12].clone(),
                kind: EditionKind::parse(&values[13])
                    .ok_or_else(|| err("field 'kind': unknown".into()))?,
                title: values[14].clone(),
                source: values[15].clone(),
                siglum: values[16].clone(),
                translation_of: values[17].clone(),
                source_lang: values[18].clone(),
                partial: match values[19].as_str() {
                    "yes" => true,
                    "no" => false,
                    _ => return Err(err("field 'partial': expected yes or no".into())),
                },
                notes: values[20].clone(),
            },
            message: values[21].clone(),
        };
        for (what, name) in [("work", &record.work), ("edition", &record.edition)] {
            if let Some(reason) = super::name::invalid_reason(name) {
                return Err(err(format!("field '{what}': {reason}")));
            }
        }
        if record.encode() != bytes {
            return Err(err("not in canonical form".into()));
        }
        Ok(record)
    }
}

fn short(s: &str) -> String {
    let s: String = s.chars().take(40).collect();
    crate::escape::terminal(&s).into_owned()
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:04X}}}", c as u32);
            }
            c => out.push(c),
        }
    }
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c.is_control() {
            return None;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (UTC, proleptic Gregorian).
pub fn format_time(t: i64) -> String {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Parse [`format_time`]'s form (years 0000–9999).
pub fn parse_time(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<i64> {
        let p = &s[r];
        p.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse().ok())?
    };
    let (y, mo, d, h, mi, se) = (
        n(0..4)?,
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    let t = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se;
    (format_time(t) == s).then_some(t)
}

// Howard Hinnant's civil-date algorithms.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn sample() -> VersionRecord {
        VersionRecord {
            work: "politburo-1932".into(),
            edition: "en-marxists".into(),
            number: 2,
            parent: Some(ObjectId::of(b"parent")),
            content: ObjectId::of(b"text"),
            size: 4,
            words: 1,
            encoding: TextEncoding::Utf8,
            line_endings: LineEndings::Lf,
            time: 1_767_225_600,
            author: "editor".into(),
            source_path: "../shared/editions-src/x.txt".into(),
            meta: EditionMeta {
                lang: "en".into(),
                kind: EditionKind::Transcription,
                title: "Letter to the Politburo".into(),
                source: "https://example.org".into(),
                siglum: "M".into(),
                translation_of: String::new(),
                source_lang: String::new(),
                partial: false,
                notes: String::new(),
            },
            message: "site chrome removed\nsecond line \\ backslash".into(),
        }
    }

    #[test]
    fn encoding_is_readable_and_stable() {
        let r = sample();
        let text = String::from_utf8(r.encode()).unwrap();
        assert!(text.starts_with(
            "lectio-version 1\nwork: politburo-1932\nedition: en-marxists\nnumber: 2\n"
        ));
        assert!(text.contains("\ntime: 2026-01-01T00:00:00Z\n"));
        assert!(text.contains("\ntranslation-of:\n"));
        assert!(text.ends_with("message: site chrome removed\\nsecond line \\\\ backslash\n"));
        assert_eq!(VersionRecord::parse(&r.encode()).unwrap(), r);
    }

    #[test]
    fn refuses_non_canonical_and_damaged() {
        let good = sample().encode();
        let text = String::from_utf8(good.clone()).unwrap();
        for bad in [
            Vec::new(),
            vec![0; good.len()],
            good[..good.len() / 2].to_vec(),
            good[..good.len() - 1].to_vec(),
            text.replace("number: 2", "number: 02").into_bytes(),
            text.replace("title: ", "title:").into_bytes(),
            format!("{text}extra\n").into_bytes(),
            format!("\u{feff}{text}").into_bytes(),
            text.replace("\n", "\r\n").into_bytes(),
            text.replace("work: politburo-1932", "work: ../x")
                .into_bytes(),
        ] {
            assert!(
                VersionRecord::parse(&bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(&bad)
            );
        }
    }

    #[test]
    fn time_round_trip_known() {
        assert_eq!(format_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(parse_time("2000-02-29T12:34:56Z"), Some(951_827_696));
        assert_eq!(parse_time("2001-02-29T00:00:00Z"), None);
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                any::<char>(),
                Just('\n'),
                Just('\\'),
                Just('\r'),
                Just('\u{1b}'),
                Just('u'),
                Just('{')
            ],
            0..40,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn record_round_trip(
            message in text(), title in text(), notes in text(),
            number in 1u32..100_000, size in any::<u64>(), words in any::<u64>(),
            time in 0i64..253_402_300_799, partial in any::<bool>(),
        ) {
            let mut r = sample();
            r.message = message;
            r.meta.title = title;
            r.meta.notes = notes;
            r.number = number;
            if number == 1 { r.parent = None; }
            r.size = size;
            r.words = words;
            r.time = time;
            r.meta.partial = partial;
            let bytes = r.encode();
            prop_assert!(std::str::from_utf8(&bytes).unwrap().lines().count() == 23);
            let back = VersionRecord::parse(&bytes).unwrap();
            prop_assert_eq!(&back, &r);
            prop_assert_eq!(back.id(), ObjectId::of(&bytes));
        }

        /// Arbitrary bytes, and a valid record with one byte replaced, inserted or removed
        /// (which keeps most of them parseable): parse never panics, and what it accepts is
        /// canonical and round-trips (`encode(parse(b)) == b`, `parse(encode(r)) == r`).
        #[test]
        fn parse_never_panics(
            random in proptest::collection::vec(any::<u8>(), 0..600),
            mutate in any::<bool>(),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            how in 0u8..3,
        ) {
            let bytes = if mutate {
                let mut b = sample().encode();
                let i = at.index(b.len());
                match how {
                    0 => b[i] = byte,
                    1 => b.insert(i, byte),
                    _ => { b.remove(i); }
                }
                b
            } else {
                random
            };
            if let Ok(r) = VersionRecord::parse(&bytes) {
                prop_assert_eq!(&r.encode(), &bytes);
                prop_assert_eq!(VersionRecord::parse(&r.encode()).unwrap(), r);
            }
        }

        #[test]
        fn time_round_trip(t in 0i64..253_402_300_799) {
            prop_assert_eq!(parse_time(&format_time(t)), Some(t));
        }
    }
}
