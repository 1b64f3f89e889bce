//! Variant classification, shared by `diff`, `collate`, `variants` and `check`.
//!
//! A variant's *kind* says what happened (addition, omission, substitution, transposition); its
//! *class* says what sort of difference it is, from the most superficial to the substantive.
//! [`classify`] tries the classes in the order of [`VariantClass`] and returns the first that
//! explains the whole difference.

use std::borrow::Cow;

use crate::text::function_words::is_function_word;
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
    /// Another form of the same word: the same stem with another ending (`effect` /
    /// `effects`, `bred` / `breed`, `contingency` / `contingent`).
    Inflection,
    /// A number differs.
    Number,
    /// Anything else: a difference in substance.
    Substantive,
}

impl VariantClass {
    /// Every class, from the most superficial.
    pub const ALL: [VariantClass; 9] = [
        VariantClass::Normalization,
        VariantClass::Whitespace,
        VariantClass::Case,
        VariantClass::Punctuation,
        VariantClass::Diacritics,
        VariantClass::Spelling,
        VariantClass::Inflection,
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
            VariantClass::Inflection => "inflection",
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
    let strong = wa
        .iter()
        .chain(&wb)
        .any(|w| arabic(w) || (roman(w) && w.len() > 1));
    // Roman numerals are numbers (`VI` / `XI`); a lone `I` only beside another numeral.
    let numeric = |s: &str| arabic(s) || (roman(s) && (s.len() > 1 || strong));
    // A number variant: numbers differ and nothing else does (a long omission that happens to
    // hold a date is substantive). Some word is `numeric` exactly when one is `strong` (a
    // lone `I` counts only beside a strong one), so `strong` says it without a second pass.
    if strong {
        let rest = |w: &[Cow<'_, str>]| -> Vec<String> {
            w.iter()
                .filter(|x| !numeric(x))
                .map(|x| x.to_lowercase())
                .collect()
        };
        if rest(&wa) == rest(&wb) {
            return VariantClass::Number;
        }
    }
    if wa.len() == wb.len() && !wa.is_empty() {
        let worst = wa
            .iter()
            .zip(&wb)
            .map(|(x, y)| word_pair(x, y, reg))
            .max()
            .unwrap_or(VariantClass::Substantive);
        if worst < VariantClass::Number {
            return worst;
        }
    }
    // Words glued or split (`counter blows` / `counter-blows` / `counterblows`).
    if !wa.is_empty() && !wb.is_empty() {
        let strip = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        // Joined only here: most variants are classified before this point.
        if strip(&old.concat()) == strip(&new.concat()) {
            return VariantClass::Spelling;
        }
    }
    VariantClass::Substantive
}

/// The words of a reading, each without the punctuation at its edges (pre-tokenized input may
/// give `him,` as one token) and with typographic apostrophes as plain ones (`mother’s` and
/// `mother's` are one word, differing in punctuation).
///
/// A word is borrowed unless it holds such an apostrophe (an ASCII word never does).
fn words<'a>(r: &Readings<'a>) -> Vec<Cow<'a, str>> {
    const APOSTROPHES: [char; 4] = ['\u{2019}', '\u{2018}', '\u{02BC}', '\u{2032}'];
    r.iter()
        .map(|t| t.trim_matches(is_punctuation))
        .filter(|t| !t.is_empty())
        .map(|t| {
            if t.is_ascii() || !t.contains(APOSTROPHES) {
                Cow::Borrowed(t)
            } else {
                Cow::Owned(
                    t.chars()
                        .map(|c| if APOSTROPHES.contains(&c) { '\'' } else { c })
                        .collect(),
                )
            }
        })
        .collect()
}

/// `s` in lower case (the full Unicode mapping), borrowed when it is ASCII without capitals.
fn lower(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

fn arabic(s: &str) -> bool {
    if s.is_ascii() {
        // The only ASCII numeric characters are the digits, the only alphabetic ones letters.
        let b = s.as_bytes();
        return b.iter().any(u8::is_ascii_digit) && !b.iter().any(u8::is_ascii_alphabetic);
    }
    s.chars().any(|c| c.is_numeric()) && !s.chars().any(char::is_alphabetic)
}

/// An upper-case Roman numeral in canonical form (`IV`, `XIX`, `MDCCCXVIII`).
fn roman(s: &str) -> bool {
    let value = |c: char| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => 0,
    };
    // Most words hold a letter that is no numeral: no need to look further.
    if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        return false;
    }
    let v: Vec<u32> = s.chars().map(value).collect();
    let mut n = 0i64;
    for (i, &x) in v.iter().enumerate() {
        if v.get(i + 1).is_some_and(|&y| y > x) {
            n -= x as i64;
        } else {
            n += x as i64;
        }
    }
    n > 0 && n < 4000 && to_roman(n as u32) == s
}

fn to_roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, r) in T {
        while n >= v {
            out.push_str(r);
            n -= v;
        }
    }
    out
}

/// Prefixes that negate or reverse the word they stand before (`interested` /
/// `disinterested` is another sense, not another spelling).
const NEGATING: &[&str] = &[
    "dis", "un", "in", "im", "il", "ir", "non", "non-", "mis", "anti",
];

/// Endings that make another form of the same stem (inflection and the commonest derivation).
const ENDINGS: &[&str] = &[
    "", "s", "es", "d", "ed", "ing", "er", "ers", "est", "ly", "y", "ies", "ied", "ion", "ions",
    "cy", "t", "ce", "nt", "ment", "ments", "ness",
];

/// The class of one changed word against another (case ignored): `Case` when they are the
/// same word, `Spelling` for another spelling of it, `Inflection` for another form of its stem,
/// `Substantive` for another word.
fn word_pair(x: &str, y: &str, reg: &Regularization) -> VariantClass {
    let (a, b) = (lower(x), lower(y));
    if a == b {
        return VariantClass::Case;
    }
    if !reg.is_empty() && (reg.relates(x, y) || reg.relates(&a, &b)) {
        return VariantClass::Spelling;
    }
    // Two different function words are two words (`could` / `would`, `then` / `than`).
    if is_function_word(&a) && is_function_word(&b) {
        return VariantClass::Substantive;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if NEGATING
        .iter()
        .any(|p| long.strip_prefix(p) == Some(&**short))
    {
        return VariantClass::Substantive;
    }
    let lcp: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(p, q)| p == q)
        .map(|(p, _)| p.len_utf8())
        .sum();
    if a[..lcp].chars().count() >= 3 && ENDINGS.contains(&&a[lcp..]) && ENDINGS.contains(&&b[lcp..])
    {
        return VariantClass::Inflection;
    }
    // Spellings keep their first letter (`could` / `would` are two words).
    if a.chars().next() != b.chars().next() {
        return VariantClass::Substantive;
    }
    // A final silent e (`Aye` / `Ay`, `olde` / `old`).
    if short.chars().count() >= 2 && long.strip_suffix('e') == Some(&**short) {
        return VariantClass::Spelling;
    }
    if spelling(x, y, reg) {
        VariantClass::Spelling
    } else {
        VariantClass::Substantive
    }
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
    let (la, lb) = (lower(a), lower(b));
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

#[cfg(test)]
mod issue16 {
    use super::*;

    fn c(a: &[&str], b: &[&str]) -> VariantClass {
        classify(a, b, &Regularization::default())
    }

    #[test]
    fn negating_prefix_is_substantive() {
        assert_eq!(
            c(&["interested"], &["disinterested"]),
            VariantClass::Substantive
        );
        assert_eq!(c(&["happy"], &["unhappy"]), VariantClass::Substantive);
    }

    #[test]
    fn roman_numerals_are_numbers() {
        assert_eq!(c(&["VI"], &["XI"]), VariantClass::Number);
        assert_eq!(c(&["I"], &["VIII"]), VariantClass::Number);
        assert_eq!(
            c(&["CHAPTER", "IV", "."], &["CHAPTER", "V", "."]),
            VariantClass::Number
        );
        // The pronoun alone is a word, not a number.
        assert_eq!(c(&["I"], &[]), VariantClass::Substantive);
        assert_eq!(c(&["I"], &["we"]), VariantClass::Substantive);
        assert_eq!(c(&["mix"], &["mid"]), VariantClass::Substantive);
    }

    #[test]
    fn typographic_apostrophe_and_edge_punctuation_are_punctuation() {
        assert_eq!(
            c(&["mother\u{2019}s"], &["mother's"]),
            VariantClass::Punctuation
        );
        assert_eq!(c(&["him"], &["him,"]), VariantClass::Punctuation);
        assert_eq!(
            c(&["\u{201c}", "Yes"], &["\"", "Yes"]),
            VariantClass::Punctuation
        );
    }

    #[test]
    fn spelling_only_for_orthography() {
        assert_eq!(c(&["Aye"], &["Ay"]), VariantClass::Spelling);
        assert_eq!(c(&["colour"], &["color"]), VariantClass::Spelling);
        assert_eq!(c(&["realise"], &["realize"]), VariantClass::Spelling);
        assert_eq!(c(&["could"], &["would"]), VariantClass::Substantive);
        assert_eq!(c(&["then"], &["than"]), VariantClass::Substantive);
        assert_eq!(c(&["on"], &["one"]), VariantClass::Substantive);
    }

    #[test]
    fn same_stem_is_inflection() {
        for (a, b) in [
            ("effect", "effects"),
            ("bred", "breed"),
            ("functions", "function"),
            ("contingency", "contingent"),
            ("walk", "walking"),
        ] {
            assert_eq!(c(&[a], &[b]), VariantClass::Inflection, "{a} / {b}");
        }
        assert_eq!(
            c(&["the", "effect", "of"], &["the", "effects", "of"]),
            VariantClass::Inflection
        );
    }

    #[test]
    fn table_rule_wins() {
        let reg = Regularization::parse("effect = effects", "t").unwrap();
        assert_eq!(
            classify(&["effect"], &["effects"], &reg),
            VariantClass::Spelling
        );
    }
}
