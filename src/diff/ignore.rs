//! The names `--ignore` accepts, one table for every front end (the CLI's `diff`, `check`,
//! `report`, `variants` and `collate`, and the Python binding's `ignore=`): each name switches
//! on a normalization of the comparison keys, drops a variant class, or both.

use crate::diff::VariantClass;
use crate::text::NormalizeOptions;

/// A name `--ignore` accepts: a normalization or a variant class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IgnoreName {
    /// Compare case-insensitively (and drop case variants).
    Case,
    /// Leave punctuation out of the comparison (and drop punctuation variants).
    Punctuation,
    /// Compare without diacritics (and drop diacritics variants).
    Diacritics,
    /// Compare under NFKC (and drop normalization variants).
    Nfkc,
    /// Drop normalization variants (NFC/NFD, compatibility forms).
    Normalization,
    /// Drop whitespace (lineation) variants.
    Whitespace,
    /// Drop spelling variants.
    Spelling,
    /// Drop inflection variants (another form of the same stem).
    Inflection,
    /// Drop number variants.
    Number,
    /// Drop substantive variants.
    Substantive,
}

impl IgnoreName {
    /// Every name, in the order help lists them.
    pub const ALL: [IgnoreName; 10] = [
        IgnoreName::Case,
        IgnoreName::Punctuation,
        IgnoreName::Diacritics,
        IgnoreName::Nfkc,
        IgnoreName::Normalization,
        IgnoreName::Whitespace,
        IgnoreName::Spelling,
        IgnoreName::Inflection,
        IgnoreName::Number,
        IgnoreName::Substantive,
    ];

    /// The name as written on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            IgnoreName::Case => "case",
            IgnoreName::Punctuation => "punctuation",
            IgnoreName::Diacritics => "diacritics",
            IgnoreName::Nfkc => "nfkc",
            IgnoreName::Normalization => "normalization",
            IgnoreName::Whitespace => "whitespace",
            IgnoreName::Spelling => "spelling",
            IgnoreName::Inflection => "inflection",
            IgnoreName::Number => "number",
            IgnoreName::Substantive => "substantive",
        }
    }

    /// One line of help for the name (a comparison of two texts).
    pub fn help(self) -> &'static str {
        match self {
            IgnoreName::Case => "Compare case-insensitively (and drop case variants)",
            IgnoreName::Punctuation => {
                "Leave punctuation out of the comparison (and drop punctuation variants)"
            }
            IgnoreName::Diacritics => "Compare without diacritics (and drop diacritics variants)",
            IgnoreName::Nfkc => "Compare under NFKC (and drop normalization variants)",
            IgnoreName::Normalization => {
                "Drop normalization variants (NFC/NFD, compatibility forms)"
            }
            IgnoreName::Whitespace => "Drop whitespace (lineation) variants",
            IgnoreName::Spelling => "Drop spelling variants",
            IgnoreName::Inflection => "Drop inflection variants (another form of the same stem)",
            IgnoreName::Number => "Drop number variants",
            IgnoreName::Substantive => "Drop substantive variants",
        }
    }

    /// The name written `name`, if there is one.
    pub fn parse(name: &str) -> Option<IgnoreName> {
        IgnoreName::ALL.into_iter().find(|n| n.as_str() == name)
    }

    /// Whether the name changes the comparison keys (the only names `collate` accepts).
    pub fn is_normalization(self) -> bool {
        matches!(
            self,
            IgnoreName::Case | IgnoreName::Punctuation | IgnoreName::Diacritics | IgnoreName::Nfkc
        )
    }

    /// The normalization this name switches on (in `normalize`), with its name, if it is one.
    fn normalize(self, normalize: &mut NormalizeOptions) -> Option<&'static str> {
        let flag = match self {
            IgnoreName::Case => &mut normalize.case,
            IgnoreName::Punctuation => &mut normalize.punctuation,
            IgnoreName::Diacritics => &mut normalize.diacritics,
            IgnoreName::Nfkc => &mut normalize.nfkc,
            _ => return None,
        };
        *flag = true;
        Some(self.as_str())
    }

    /// The variant class this name drops.
    pub fn class(self) -> VariantClass {
        match self {
            IgnoreName::Case => VariantClass::Case,
            IgnoreName::Punctuation => VariantClass::Punctuation,
            IgnoreName::Diacritics => VariantClass::Diacritics,
            IgnoreName::Nfkc | IgnoreName::Normalization => VariantClass::Normalization,
            IgnoreName::Whitespace => VariantClass::Whitespace,
            IgnoreName::Spelling => VariantClass::Spelling,
            IgnoreName::Inflection => VariantClass::Inflection,
            IgnoreName::Number => VariantClass::Number,
            IgnoreName::Substantive => VariantClass::Substantive,
        }
    }
}

/// The normalizations among `names` (what changes the comparison keys), their names in
/// order without repeats, and the variant classes the names drop.
pub fn split_ignore(
    names: &[IgnoreName],
) -> (NormalizeOptions, Vec<&'static str>, Vec<VariantClass>) {
    let mut normalize = NormalizeOptions::default();
    let mut normalized = Vec::new();
    let mut dropped = Vec::new();
    for name in names {
        if let Some(n) = name.normalize(&mut normalize)
            && !normalized.contains(&n)
        {
            normalized.push(n);
        }
        let class = name.class();
        if !dropped.contains(&class) {
            dropped.push(class);
        }
    }
    (normalize, normalized, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_split() {
        for n in IgnoreName::ALL {
            assert_eq!(IgnoreName::parse(n.as_str()), Some(n));
        }
        assert_eq!(IgnoreName::parse("nope"), None);
        let (norm, names, classes) = split_ignore(&[
            IgnoreName::Case,
            IgnoreName::Nfkc,
            IgnoreName::Normalization,
            IgnoreName::Case,
        ]);
        assert!(norm.case && norm.nfkc && !norm.diacritics);
        assert_eq!(names, ["case", "nfkc"]);
        assert_eq!(classes, [VariantClass::Case, VariantClass::Normalization]);
    }
}
