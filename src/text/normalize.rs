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

/// A user table of equivalent readings (`colour = color`, `ѣ = е`, `con- tinues = continues`).
///
/// File format: one rule per line, `READING = READING [= READING…]`; `#` starts a comment;
/// blank lines are skipped. A rule whose sides are single characters is a character rule and
/// applies inside every token (old orthography: `ѣ = е`); any other rule maps whole tokens, or
/// sequences of tokens. All readings of a rule compare as the first one. Rules are matched
/// after the other normalizations, so `Colour = color` also covers `colour` when case is
/// ignored.
///
/// A reading of several tokens (`con- tinues`, `to day`) is matched on the tokens' keys: where
/// a text reads that sequence, [`Normalizer::merge_spans`] joins its tokens into one token (its
/// reading is the whole stretch, spaces and line breaks included), which then compares as the
/// rule's first reading. [`Normalizer::unapplied_rules`] lists the rules no text reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Regularization {
    chars: HashMap<char, char>,
    words: HashMap<String, String>,
    /// Readings of several tokens, by their tokens' keys joined with one space, to the key
    /// they compare as.
    spans: HashMap<String, String>,
    /// The key of the first token of a reading of several tokens, to the longest such
    /// reading's length in tokens.
    span_first: HashMap<String, usize>,
    rules: Vec<Rule>,
}

/// A rule of a regularization table, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The table's path or name.
    pub origin: String,
    /// 1-based line number.
    pub line: usize,
    /// The rule as written (comment and outer whitespace removed).
    pub rule: String,
    /// Its readings (trimmed), the first being the one all compare as.
    readings: Vec<String>,
}

impl Rule {
    /// True when every reading is one character (a character rule).
    fn is_char_rule(&self) -> bool {
        self.readings.iter().all(|s| s.chars().count() == 1)
    }
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
            let rule = Rule {
                origin: origin.to_string(),
                line: n + 1,
                rule: line.to_string(),
                readings: sides.iter().map(|s| (*s).to_string()).collect(),
            };
            let target = sides[0];
            if rule.is_char_rule() {
                let t = target.chars().next().unwrap_or_default();
                for s in &sides[1..] {
                    table.chars.insert(s.chars().next().unwrap_or_default(), t);
                }
            } else {
                for s in &sides {
                    if super::tokenize(s).len() > 1 {
                        table.spans.insert((*s).to_string(), target.to_string());
                    } else {
                        table.words.insert((*s).to_string(), target.to_string());
                    }
                }
            }
            table.rules.push(rule);
        }
        Ok(table)
    }

    /// Every rule of the table, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// True when the table has no rules that apply.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.words.is_empty() && self.spans.is_empty()
    }

    /// True when the table has a rule with a reading of several tokens (texts are then cut
    /// with [`Normalizer::merge_spans`]).
    pub fn has_spans(&self) -> bool {
        !self.spans.is_empty()
    }

    /// True when `a` and `b` (already normalized keys) are made equal by a rule of the table.
    pub fn relates(&self, a: &str, b: &str) -> bool {
        match (self.canonical(a), self.canonical(b)) {
            (Some(x), Some(y)) => x == y,
            (Some(x), None) => x == b,
            (None, Some(y)) => y == a,
            (None, None) => false,
        }
    }

    /// The reading `s` compares as under a word or sequence rule, if one names it.
    fn canonical(&self, s: &str) -> Option<&str> {
        if let Some(t) = self.words.get(s) {
            return Some(t);
        }
        if self.spans.is_empty() {
            return None;
        }
        let tokens = super::tokenize(s);
        if tokens.len() < 2 {
            return None;
        }
        let joined: Vec<&str> = tokens.iter().map(|t| t.text(s)).collect();
        self.spans.get(&joined.join(" ")).map(String::as_str)
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
                ..Regularization::default()
            },
        };
        let canon = |s: &str| with_chars.reading_key(s);
        let words: HashMap<String, String> = reg
            .words
            .iter()
            .map(|(k, v)| (canon(k), canon(v)))
            .collect();
        let spans: HashMap<String, String> = reg
            .spans
            .iter()
            .map(|(k, v)| (canon(k), canon(v)))
            .collect();
        let mut span_first: HashMap<String, usize> = HashMap::new();
        for k in spans.keys() {
            let parts: Vec<&str> = k.split(' ').collect();
            let longest = span_first.entry(parts[0].to_string()).or_insert(0);
            *longest = (*longest).max(parts.len());
        }
        let plain_ascii = !opts.case && chars.is_empty() && words.is_empty() && spans.is_empty();
        Normalizer {
            opts,
            reg: Regularization {
                chars,
                words,
                spans,
                span_first,
                rules: reg.rules,
            },
            plain_ascii,
        }
    }

    /// The key of a rule's reading before word rules: one token's key, or the keys of its
    /// tokens joined with one space.
    fn reading_key(&self, s: &str) -> String {
        let tokens = super::tokenize(s);
        if tokens.len() < 2 {
            return self.key_without_words(s).into_owned();
        }
        let keys: Vec<String> = tokens
            .iter()
            .map(|t| self.key_without_words(t.text(s)).into_owned())
            .collect();
        keys.join(" ")
    }

    /// Join every stretch of `tokens` that reads a rule's reading of several tokens (matched on
    /// the tokens' keys, longest first, left to right) into one token spanning it, so that it
    /// compares as the rule's first reading. Without such rules the tokens are returned as
    /// they are.
    pub fn merge_spans(&self, text: &str, tokens: Vec<Token>) -> Vec<Token> {
        if self.reg.span_first.is_empty() {
            return tokens;
        }
        let keys: Vec<Cow<'_, str>> = tokens
            .iter()
            .map(|t| self.key_without_words(t.text(text)))
            .collect();
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        while i < tokens.len() {
            if let Some(len) = self.span_at(&keys, i) {
                let last = tokens[i + len - 1];
                let kind = tokens[i..i + len]
                    .iter()
                    .map(|t| t.kind())
                    .find(|k| matches!(k, TokenKind::Word | TokenKind::Number))
                    .unwrap_or(tokens[i].kind());
                out.push(Token::new(tokens[i].start(), last.end(), kind));
                i += len;
            } else {
                out.push(tokens[i]);
                i += 1;
            }
        }
        out
    }

    /// The length of the longest rule reading of several tokens that `keys` read from `i`.
    fn span_at(&self, keys: &[Cow<'_, str>], i: usize) -> Option<usize> {
        let longest = *self.reg.span_first.get(keys[i].as_ref())?;
        (2..=longest.min(keys.len() - i)).rev().find(|&len| {
            let joined: Vec<&str> = keys[i..i + len].iter().map(|k| k.as_ref()).collect();
            self.reg.spans.contains_key(&joined.join(" "))
        })
    }

    /// The rules of the table that none of `texts` reads: no reading of the rule (one of its
    /// characters, for a character rule) occurs in any of them, once normalized as the keys
    /// are. Such a rule changes nothing; callers warn about it.
    pub fn unapplied_rules<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> Vec<&Rule> {
        let rules = &self.reg.rules;
        if rules.is_empty() {
            return Vec::new();
        }
        let with_chars = Normalizer::new(self.opts.clone(), Regularization::default());
        let mut by_reading: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_char: HashMap<char, Vec<usize>> = HashMap::new();
        let mut longest = 1;
        for (r, rule) in rules.iter().enumerate() {
            for s in &rule.readings {
                if rule.is_char_rule() {
                    for c in with_chars.key(s).chars() {
                        by_char.entry(c).or_default().push(r);
                    }
                } else {
                    let k = with_chars.reading_key(s);
                    longest = longest.max(k.split(' ').count());
                    by_reading.entry(k).or_default().push(r);
                }
            }
        }
        let mut applied = vec![false; rules.len()];
        for text in texts {
            let tokens = super::tokenize(text);
            let keys: Vec<Cow<'_, str>> = tokens
                .iter()
                .map(|t| with_chars.key(t.text(text)))
                .collect();
            for i in 0..keys.len() {
                for c in keys[i].chars() {
                    for &r in by_char.get(&c).into_iter().flatten() {
                        applied[r] = true;
                    }
                }
                for len in 1..=longest.min(keys.len() - i) {
                    let joined: Vec<&str> = keys[i..i + len].iter().map(|k| k.as_ref()).collect();
                    for &r in by_reading.get(&joined.join(" ")).into_iter().flatten() {
                        applied[r] = true;
                    }
                }
            }
            if applied.iter().all(|&a| a) {
                break;
            }
        }
        rules
            .iter()
            .zip(applied)
            .filter(|(_, a)| !a)
            .map(|(r, _)| r)
            .collect()
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
        if !self.reg.spans.is_empty() && reading.len() > 1 {
            // A token joined by [`Normalizer::merge_spans`] reads several tokens.
            let tokens = super::tokenize(reading);
            if tokens.len() > 1 {
                let keys: Vec<Cow<'_, str>> = tokens
                    .iter()
                    .map(|t| self.key_without_words(t.text(reading)))
                    .collect();
                let joined: Vec<&str> = keys.iter().map(|k| k.as_ref()).collect();
                if let Some(t) = self.reg.spans.get(&joined.join(" ")) {
                    return Cow::Owned(t.clone());
                }
            }
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

    /// A rule of several tokens joins the stretches that read it into one token, which
    /// compares as the rule's first reading; sequences the rule does not name stay apart.
    #[test]
    fn rules_of_several_tokens_join_and_compare() {
        let t = "# hyphenation\ncon- tinues = continues\ncolour = color\nto day = today\n";
        let norm = Normalizer::new(
            NormalizeOptions {
                case: true,
                ..Default::default()
            },
            Regularization::parse(t, "reg.txt").unwrap(),
        );
        let text = "It con- tinues To\nday, con tinues.";
        let tokens = norm.merge_spans(text, crate::text::tokenize(text));
        let read: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            read,
            ["It", "con- tinues", "To\nday", ",", "con", "tinues", "."]
        );
        assert_eq!(tokens[1].kind(), TokenKind::Word);
        assert_eq!(norm.key("con- tinues"), norm.key("continues"));
        assert_eq!(norm.key("To\nday"), norm.key("today"));
        assert_ne!(norm.key("continues"), norm.key("tinues"));
        assert!(norm.regularized("con- tinues", "continues"));
        assert!(norm.regularization().relates("to day", "today"));
        // Without such rules the tokens pass through.
        let plain = Normalizer::default();
        assert_eq!(
            plain.merge_spans(text, crate::text::tokenize(text)).len(),
            10
        );
    }

    /// Rules that no text reads are listed with their lines, whatever their length.
    #[test]
    fn unapplied_rules_are_listed() {
        let t = "con- tinues = continues\ncolour = color\nin deed = indeed\nѣ = е\nfoo = bar\n";
        let norm = Normalizer::new(
            NormalizeOptions::default(),
            Regularization::parse(t, "reg.txt").unwrap(),
        );
        let lines = |texts: &[&str]| -> Vec<usize> {
            norm.unapplied_rules(texts.iter().copied())
                .iter()
                .map(|r| r.line)
                .collect()
        };
        assert_eq!(lines(&["it con- tinues", "the color"]), [3, 4, 5]);
        assert_eq!(lines(&["in\ndeed", "вѣра", "bar"]), [1, 2]);
        assert_eq!(norm.regularization().rules()[2].rule, "in deed = indeed");
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
