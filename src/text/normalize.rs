//! Comparison keys.
//!
//! A token's key is what the diff engines compare; its reading (the original bytes) is what
//! users see. The key is NFC by default (NFKC with `nfkc`), then optionally case-folded, with
//! diacritics stripped, and finally mapped through a user regularization table.
//!
//! With `punctuation` ignored, punctuation tokens are left out of the compared sequence
//! altogether (see [`Normalizer::ignores`]) rather than given an empty key, so they can neither
//! cause nor hide a variant.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use unicode_normalization::{
    IsNormalized, UnicodeNormalization, char::is_combining_mark, is_nfc_quick,
};

use super::tokenize::{Token, TokenKind};

/// What to ignore when comparing tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NormalizeOptions {
    /// Compare case-insensitively.
    pub case: bool,
    /// Leave punctuation tokens out of the comparison.
    pub punctuation: bool,
    /// Strip combining marks (after canonical decomposition) before comparing.
    pub diacritics: bool,
    /// Use compatibility normalization (NFKC) instead of NFC: ligatures, full-width forms…
    pub nfkc: bool,
}

/// A user table of equivalent readings (`colour = color`, `ѣ = е`).
///
/// File format: one rule per line, `READING = READING [= READING…]`; `#` starts a comment;
/// blank lines are skipped. A rule whose sides are single characters is a character rule and
/// applies inside every token (old orthography: `ѣ = е`); any other rule maps whole tokens.
/// All readings of a rule compare as the first one. Rules are matched after the other
/// normalizations, so `Colour = color` also covers `colour` when case is ignored. A rule with a
/// reading of several tokens (`con- tinues = continues`) can never match one token: it is kept
/// aside, unapplied, and listed by [`Regularization::spanning_rules`] so that callers can warn.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Regularization {
    chars: HashMap<char, char>,
    words: HashMap<String, String>,
    spanning: Vec<SpanningRule>,
}

/// A rule of a regularization table that spans several tokens and so is never applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanningRule {
    /// The table's path or name.
    pub origin: String,
    /// 1-based line number.
    pub line: usize,
    /// The rule as written (comment and outer whitespace removed).
    pub rule: String,
}

/// An error in a regularization table.
#[derive(Debug, thiserror::Error)]
pub enum RegularizationError {
    /// The table file could not be read.
    #[error("cannot read regularization table {path}: {source}")]
    Read {
        /// The table's path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line is not of the form `a = b`.
    #[error("{origin}:{line}: expected `reading = reading`, found {text:?}")]
    Syntax {
        /// The table's path or name.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// The offending line.
        text: String,
    },
}

impl crate::exit::Classify for RegularizationError {
    fn kind(&self) -> crate::exit::Kind {
        crate::exit::Kind::Input
    }
}

impl Regularization {
    /// Read a table from a file.
    pub fn from_path(path: &Path) -> Result<Self, RegularizationError> {
        let text = std::fs::read_to_string(path).map_err(|source| RegularizationError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parse a table. Rules are stored raw; [`Normalizer::new`] normalizes them.
    pub fn parse(text: &str, origin: &str) -> Result<Self, RegularizationError> {
        let mut table = Self::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let sides: Vec<&str> = line.split('=').map(str::trim).collect();
            if sides.len() < 2 || sides.iter().any(|s| s.is_empty()) {
                return Err(RegularizationError::Syntax {
                    origin: origin.to_string(),
                    line: n + 1,
                    text: raw.to_string(),
                });
            }
            if sides.iter().any(|s| super::tokenize(s).len() > 1) {
                table.spanning.push(SpanningRule {
                    origin: origin.to_string(),
                    line: n + 1,
                    rule: line.to_string(),
                });
                continue;
            }
            let target = sides[0];
            let single = |s: &str| s.chars().count() == 1;
            if sides.iter().all(|s| single(s)) {
                let t = target.chars().next().unwrap_or_default();
                for s in &sides[1..] {
                    table.chars.insert(s.chars().next().unwrap_or_default(), t);
                }
            } else {
                for s in &sides[1..] {
                    table.words.insert((*s).to_string(), target.to_string());
                }
                table.words.insert(target.to_string(), target.to_string());
            }
        }
        Ok(table)
    }

    /// The rules whose readings span several tokens: accepted, never applied (each rule maps
    /// one token to another).
    pub fn spanning_rules(&self) -> &[SpanningRule] {
        &self.spanning
    }

    /// True when the table has no rules that apply.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.words.is_empty()
    }

    /// True when `a` and `b` (already normalized keys) are made equal by a rule of the table.
    pub fn relates(&self, a: &str, b: &str) -> bool {
        match (self.words.get(a), self.words.get(b)) {
            (Some(x), Some(y)) => x == y,
            (Some(x), None) => x == b,
            (None, Some(y)) => y == a,
            (None, None) => false,
        }
    }
}

/// Computes comparison keys.
#[derive(Clone, Debug)]
pub struct Normalizer {
    opts: NormalizeOptions,
    reg: Regularization,
    /// True when an ASCII reading is its own key (no case folding, no table).
    plain_ascii: bool,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new(NormalizeOptions::default(), Regularization::default())
    }
}

impl Normalizer {
    /// A normalizer with the given options and table (the table's own readings are
    /// normalized with the same options, so rules match keys).
    pub fn new(opts: NormalizeOptions, reg: Regularization) -> Self {
        let chars = reg.chars;
        let with_chars = Normalizer {
            plain_ascii: false,
            opts: opts.clone(),
            reg: Regularization {
                chars: chars.clone(),
                words: HashMap::new(),
                spanning: Vec::new(),
            },
        };
        let words: HashMap<String, String> = reg
            .words
            .iter()
            .map(|(k, v)| {
                (
                    with_chars.key_without_words(k).into_owned(),
                    with_chars.key_without_words(v).into_owned(),
                )
            })
            .collect();
        let plain_ascii = !opts.case && chars.is_empty() && words.is_empty();
        Normalizer {
            opts,
            reg: Regularization {
                chars,
                words,
                spanning: reg.spanning,
            },
            plain_ascii,
        }
    }

    /// The options in force.
    pub fn options(&self) -> &NormalizeOptions {
        &self.opts
    }

    /// The regularization table in force (normalized).
    pub fn regularization(&self) -> &Regularization {
        &self.reg
    }

    /// True when an ASCII reading is its own key (no case folding, no regularization table).
    #[inline]
    pub fn ascii_is_key(&self) -> bool {
        self.plain_ascii
    }

    /// True when the token is left out of comparison (punctuation under `punctuation`).
    pub fn ignores(&self, token: &Token) -> bool {
        self.opts.punctuation && token.kind() == TokenKind::Punct
    }

    /// The comparison key of a reading. Borrowed when nothing changes (the common ASCII case).
    pub fn key<'a>(&self, reading: &'a str) -> Cow<'a, str> {
        if self.plain_ascii && reading.is_ascii() {
            return Cow::Borrowed(reading);
        }
        let k = self.key_without_words(reading);
        if let Some(t) = self.reg.words.get(k.as_ref()) {
            return Cow::Owned(t.clone());
        }
        k
    }

    /// True when two readings have equal keys (equal readings need no key).
    #[inline]
    pub fn same_key(&self, a: &str, b: &str) -> bool {
        a == b
            || (!(self.plain_ascii && a.is_ascii() && b.is_ascii()) && self.key(a) == self.key(b))
    }

    /// True when the regularization table, and nothing else, makes `a` and `b` compare equal
    /// (such pairs are still reported, as spelling variants).
    pub fn regularized(&self, a: &str, b: &str) -> bool {
        !self.reg.is_empty()
            && a != b
            && self.key(a) == self.key(b)
            && self.key_unregularized(a) != self.key_unregularized(b)
    }

    fn key_unregularized<'a>(&self, reading: &'a str) -> Cow<'a, str> {
        let ascii = reading.is_ascii();
        let mut key: Cow<'a, str> = if ascii {
            Cow::Borrowed(reading)
        } else if self.opts.nfkc {
            Cow::Owned(reading.nfkc().collect())
        } else if is_nfc_quick(reading.chars()) == IsNormalized::Yes {
            Cow::Borrowed(reading)
        } else {
            Cow::Owned(reading.nfc().collect())
        };
        if self.opts.diacritics && !ascii {
            let stripped: String = key.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect();
            key = Cow::Owned(stripped);
        }
        if self.opts.case && key.chars().any(|c| c.is_uppercase()) {
            key = Cow::Owned(key.to_lowercase());
        }
        key
    }

    fn key_without_words<'a>(&self, reading: &'a str) -> Cow<'a, str> {
        let mut key = self.key_unregularized(reading);
        if !self.reg.chars.is_empty() && key.chars().any(|c| self.reg.chars.contains_key(&c)) {
            key = Cow::Owned(
                key.chars()
                    .map(|c| *self.reg.chars.get(&c).unwrap_or(&c))
                    .collect(),
            );
        }
        key
    }
}

/// Helpers used by variant classification: each answers "are these two readings equal once X
/// is ignored?", independent of the options in force.
pub mod equal_under {
    use super::*;

    /// Equal ignoring case (full lowercase mapping, after NFC).
    pub fn case(a: &str, b: &str) -> bool {
        if a.is_ascii() && b.is_ascii() {
            return a.eq_ignore_ascii_case(b);
        }
        nfc(a).to_lowercase() == nfc(b).to_lowercase()
    }

    /// Equal after NFC (but not byte-equal: a normalization-only difference).
    pub fn nfc_form(a: &str, b: &str) -> bool {
        nfc(a) == nfc(b)
    }

    /// Equal after stripping combining marks (and NFC, case kept).
    pub fn diacritics(a: &str, b: &str) -> bool {
        if a.is_ascii() && b.is_ascii() {
            return a == b;
        }
        strip(a) == strip(b)
    }

    /// Equal after NFKC.
    pub fn compatibility(a: &str, b: &str) -> bool {
        if a.is_ascii() && b.is_ascii() {
            return a == b;
        }
        a.nfkc().eq(b.nfkc())
    }

    fn nfc(s: &str) -> Cow<'_, str> {
        if s.is_ascii() {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(s.nfc().collect())
        }
    }

    fn strip(s: &str) -> String {
        s.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(opts: NormalizeOptions, table: &str) -> Normalizer {
        Normalizer::new(opts, Regularization::parse(table, "t").unwrap())
    }

    /// A rule of several tokens is kept aside, listed with its line, and never applied; the
    /// table's other rules still apply.
    #[test]
    fn spanning_rules_are_listed_not_applied() {
        let t = "# hyphenation\ncon- tinues = continues\ncolour = color\nin deed = indeed\n";
        let reg = Regularization::parse(t, "reg.txt").unwrap();
        let lines: Vec<(usize, &str)> = reg
            .spanning_rules()
            .iter()
            .map(|r| (r.line, r.rule.as_str()))
            .collect();
        assert_eq!(
            lines,
            [(2, "con- tinues = continues"), (4, "in deed = indeed")]
        );
        let norm = Normalizer::new(NormalizeOptions::default(), reg);
        assert_eq!(norm.key("colour"), norm.key("color"));
        assert_ne!(norm.key("continues"), norm.key("tinues"));
        assert_ne!(norm.key("indeed"), norm.key("deed"));
    }

    #[test]
    fn nfc_by_default() {
        let norm = Normalizer::default();
        assert_eq!(norm.key("e\u{301}"), "\u{e9}");
        assert!(matches!(norm.key("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn options_combine() {
        let opts = NormalizeOptions {
            case: true,
            diacritics: true,
            ..Default::default()
        };
        assert_eq!(n(opts, "").key("Évidemment"), "evidemment");
    }

    #[test]
    fn nfkc_folds_ligatures() {
        let opts = NormalizeOptions {
            nfkc: true,
            ..Default::default()
        };
        assert_eq!(n(opts, "").key("\u{FB01}ne"), "fine");
    }

    #[test]
    fn regularization_words_and_chars() {
        let norm = n(
            NormalizeOptions {
                case: true,
                ..Default::default()
            },
            "# spelling\ncolor = colour\npro's = pros\nе = ѣ\n",
        );
        assert_eq!(norm.key("Colour"), "color");
        assert_eq!(norm.key("pros"), "pro's");
        assert_eq!(norm.key("вѣра"), "вера");
        assert!(norm.regularization().relates("color", "colour"));
    }

    #[test]
    fn bad_table_names_line() {
        let e = Regularization::parse("a = b\nnonsense\n", "reg.txt").unwrap_err();
        assert_eq!(
            e.to_string(),
            "reg.txt:2: expected `reading = reading`, found \"nonsense\""
        );
    }

    #[test]
    fn equalities() {
        assert!(equal_under::case("Stalin", "stalin"));
        assert!(equal_under::nfc_form("e\u{301}", "\u{e9}"));
        assert!(equal_under::diacritics("café", "cafe"));
    }
}
