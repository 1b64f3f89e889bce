//! Variant classification, shared by `diff`, `collate`, `variants` and `check`.
//!
//! A variant's *kind* says what happened (addition, omission, substitution, transposition); its
//! *class* says what sort of difference it is, from the most superficial to the substantive.
//! [`classify`] tries the classes in the order of [`VariantClass`] and returns the first that
//! explains the whole difference.

use crate::text::normalize::{Regularization, equal_under};
use crate::text::tokenize::{Token, TokenKind, is_punctuation};

/// What happened at a variation place.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum VariantKind {
    /// Text present only in the second (newer) witness.
    Addition,
    /// Text present only in the first witness.
    Omission,
    /// Text replaced by other text.
    Substitution,
    /// A block moved to another place.
    Transposition,
}

impl VariantKind {
    /// Every kind, in display order.
    pub const ALL: [VariantKind; 4] = [
        VariantKind::Addition,
        VariantKind::Omission,
        VariantKind::Substitution,
        VariantKind::Transposition,
    ];

    /// The kind's name.
    pub fn as_str(self) -> &'static str {
        match self {
            VariantKind::Addition => "addition",
            VariantKind::Omission => "omission",
            VariantKind::Substitution => "substitution",
            VariantKind::Transposition => "transposition",
        }
    }
}

/// What sort of difference a variant is. Ordered from the most superficial.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum VariantClass {
    /// Only Unicode normalization differs (NFC vs NFD, or compatibility forms).
    Normalization,
    /// Only whitespace or line breaks differ (the tokens are equal).
    Whitespace,
    /// Only letter case differs.
    Case,
    /// Only punctuation differs (punctuation added, removed or changed).
    Punctuation,
    /// Only diacritics differ.
    Diacritics,
    /// A different spelling of the same word: a small edit distance, or a rule of the
    /// regularization table.
    Spelling,
    /// A number differs.
    Number,
    /// Anything else: a difference in substance.
    Substantive,
}

impl VariantClass {
    /// Every class, from the most superficial.
    pub const ALL: [VariantClass; 8] = [
        VariantClass::Normalization,
        VariantClass::Whitespace,
        VariantClass::Case,
        VariantClass::Punctuation,
        VariantClass::Diacritics,
        VariantClass::Spelling,
        VariantClass::Number,
        VariantClass::Substantive,
    ];

    /// The class's name (as in `--only` / `--ignore` and JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            VariantClass::Normalization => "normalization",
            VariantClass::Whitespace => "whitespace",
            VariantClass::Case => "case",
            VariantClass::Punctuation => "punctuation",
            VariantClass::Diacritics => "diacritics",
            VariantClass::Spelling => "spelling",
            VariantClass::Number => "number",
            VariantClass::Substantive => "substantive",
        }
    }
}

impl std::fmt::Display for VariantClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for VariantKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One side of a variant: its tokens' readings, in order.
pub type Readings<'a> = [&'a str];

/// Classify a variant from the readings of its tokens on each side (either side may be empty).
///
/// `reg` is the user's regularization table (normalized keys); pass an empty one when there is
/// none.
pub fn classify(old: &Readings<'_>, new: &Readings<'_>, reg: &Regularization) -> VariantClass {
    if old == new {
        // Same tokens, so the difference lay in the whitespace between them.
        return VariantClass::Whitespace;
    }
    let joined = |r: &Readings<'_>| r.concat();
    let (a, b) = (joined(old), joined(new));
    if old.len() == new.len() {
        if old
            .iter()
            .zip(new)
            .all(|(x, y)| equal_under::nfc_form(x, y) || equal_under::compatibility(x, y))
        {
            return VariantClass::Normalization;
        }
        if old.iter().zip(new).all(|(x, y)| equal_under::case(x, y)) {
            return VariantClass::Case;
        }
    }
    let (wa, wb) = (words(old), words(new));
    if wa == wb {
        return VariantClass::Punctuation;
    }
    if wa.len() == wb.len() && wa.iter().zip(&wb).all(|(x, y)| equal_under::case(x, y)) {
        // Case and punctuation together: report the more visible, punctuation.
        return VariantClass::Punctuation;
    }
    if wa.len() == wb.len()
        && wa
            .iter()
            .zip(&wb)
            .all(|(x, y)| equal_under::diacritics(x, y) || equal_under::case(x, y))
    {
        return VariantClass::Diacritics;
    }
    let numeric =
        |s: &str| s.chars().any(|c| c.is_numeric()) && !s.chars().any(char::is_alphabetic);
    // A number variant: numbers differ and nothing else does (a long omission that happens to
    // hold a date is substantive).
    if wa.iter().chain(&wb).any(|w| numeric(w)) {
        let rest = |w: &Vec<&str>| -> Vec<String> {
            w.iter()
                .filter(|x| !numeric(x))
                .map(|x| x.to_lowercase())
                .collect()
        };
        if rest(&wa) == rest(&wb) {
            return VariantClass::Number;
        }
    }
    if wa.len() == wb.len()
        && !wa.is_empty()
        && wa.iter().zip(&wb).all(|(x, y)| spelling(x, y, reg))
    {
        return VariantClass::Spelling;
    }
    // Words glued or split (`counter blows` / `counter-blows` / `counterblows`).
    if !wa.is_empty() && !wb.is_empty() {
        let strip = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        if strip(&a) == strip(&b) {
            return VariantClass::Spelling;
        }
    }
    VariantClass::Substantive
}

fn words<'a>(r: &Readings<'a>) -> Vec<&'a str> {
    r.iter()
        .copied()
        .filter(|t| !t.chars().all(is_punctuation))
        .collect()
}

/// Longest reading (in characters) compared by edit distance: the distance is quadratic in
/// the length, and a "word" of a megabyte (a text without spaces) must not take minutes.
/// Longer readings are spellings of one another only through the regularization table.
pub const MAX_SPELLING_LEN: usize = 256;

/// True when `a` and `b` are spellings of one word: related by the table, or close by edit
/// distance (normalized Damerau–Levenshtein similarity ≥ 0.75 on words of 4 to
/// [`MAX_SPELLING_LEN`] letters, case ignored).
pub fn spelling(a: &str, b: &str, reg: &Regularization) -> bool {
    if !reg.is_empty() && (reg.relates(a, b) || reg.relates(&a.to_lowercase(), &b.to_lowercase())) {
        return true;
    }
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    let (na, nb) = (la.chars().count(), lb.chars().count());
    let n = na.max(nb);
    // Similarity is at most min/max of the lengths: skip pairs that cannot reach 0.75.
    if !(4..=MAX_SPELLING_LEN).contains(&n) || na.min(nb) * 4 < n * 3 {
        return false;
    }
    strsim::normalized_damerau_levenshtein(&la, &lb) >= 0.75
}

/// True when every token is punctuation.
pub fn all_punct(tokens: &[Token]) -> bool {
    tokens.iter().all(|t| t.kind() == TokenKind::Punct)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(a: &[&str], b: &[&str]) -> VariantClass {
        classify(a, b, &Regularization::default())
    }

    #[test]
    fn long_readings_are_not_compared_by_edit_distance() {
        // A 3 MB "word" (a text without spaces) against itself plus one letter: quadratic
        // edit distance took minutes; now it is refused at once.
        let a = "x".repeat(3_000_000);
        let b = format!("{a}y");
        let t = std::time::Instant::now();
        assert!(!spelling(&a, &b, &Regularization::default()));
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
        assert!(spelling("colour", "color", &Regularization::default()));
        let long = "ab".repeat(100);
        assert!(spelling(
            &long,
            &format!("{long}c"),
            &Regularization::default()
        ));
    }

    #[test]
    fn each_class() {
        assert_eq!(
            c(&["e\u{301}te"], &["\u{e9}te"]),
            VariantClass::Normalization
        );
        assert_eq!(c(&["a", "b"], &["a", "b"]), VariantClass::Whitespace);
        assert_eq!(c(&["Stalin"], &["stalin"]), VariantClass::Case);
        assert_eq!(
            c(&["direction", ","], &["direction", "."]),
            VariantClass::Punctuation
        );
        assert_eq!(c(&[], &["."]), VariantClass::Punctuation);
        assert_eq!(c(&["politburó"], &["politburo"]), VariantClass::Diacritics);
        assert_eq!(c(&["colour"], &["color"]), VariantClass::Spelling);
        assert_eq!(
            c(&["counter", "blows"], &["counter-blows"]),
            VariantClass::Spelling
        );
        assert_eq!(c(&["19"], &[]), VariantClass::Number);
        assert_eq!(c(&["1931"], &["1932"]), VariantClass::Number);
        assert_eq!(c(&["is"], &[]), VariantClass::Substantive);
        assert_eq!(
            c(&["January", "4", ",", "1932", "From"], &[]),
            VariantClass::Substantive
        );
        assert_eq!(c(&["in", "1931"], &["in", "1932"]), VariantClass::Number);
        assert_eq!(c(&["cat"], &["dog"]), VariantClass::Substantive);
    }

    #[test]
    fn table_makes_spelling() {
        let reg = Regularization::parse("pros = pro's", "t").unwrap();
        assert_eq!(
            classify(&["pro's"], &["pros"], &reg),
            VariantClass::Spelling
        );
    }
}
