//! Comparison options shared by the commands that diff texts.

use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;
use lectio::diff::{Algorithm, DiffOptions, Filter, VariantClass};
use lectio::text::{NormalizeOptions, Regularization};

/// A name `--ignore` accepts: a normalization or a variant class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
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
    /// Drop number variants.
    Number,
    /// Drop substantive variants.
    Substantive,
}

/// How two texts are compared: the options shared by `diff`, `check`, `git-diff` and
/// `variants`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Ignore normalizations (case, punctuation, diacritics, nfkc) and/or classes
    /// (normalization, whitespace, spelling, number, substantive); repeat or use commas.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "NAME")]
    pub ignore: Vec<IgnoreName>,
    /// A regularization table (`colour = color` per line): its readings compare equal.
    #[arg(long, value_name = "FILE")]
    pub regularize: Option<PathBuf>,
    /// Report differences in lineation (line and paragraph breaks) as whitespace variants.
    #[arg(long)]
    pub whitespace: bool,
    /// Diff algorithm.
    #[arg(long, value_enum, default_value_t = Algorithm::Myers)]
    pub algorithm: Algorithm,
    /// Time budget per file in seconds; past it the diff is correct but may not be minimal.
    #[arg(
        long,
        default_value_t = 10.0,
        value_name = "SECS",
        env = "LECTIO_DIFF_DEADLINE"
    )]
    pub deadline: f64,
}

impl CompareArgs {
    /// Diff options, the filter for ignored classes, and the normalization names in force.
    pub fn options(&self) -> anyhow::Result<(DiffOptions, Filter, Vec<&'static str>)> {
        let mut normalize = NormalizeOptions::default();
        let mut filter = Filter::default();
        let mut normalized = Vec::new();
        for name in &self.ignore {
            let class = match name {
                IgnoreName::Case => {
                    normalize.case = true;
                    normalized.push("case");
                    VariantClass::Case
                }
                IgnoreName::Punctuation => {
                    normalize.punctuation = true;
                    normalized.push("punctuation");
                    VariantClass::Punctuation
                }
                IgnoreName::Diacritics => {
                    normalize.diacritics = true;
                    normalized.push("diacritics");
                    VariantClass::Diacritics
                }
                IgnoreName::Nfkc => {
                    normalize.nfkc = true;
                    normalized.push("nfkc");
                    VariantClass::Normalization
                }
                IgnoreName::Normalization => VariantClass::Normalization,
                IgnoreName::Whitespace => VariantClass::Whitespace,
                IgnoreName::Spelling => VariantClass::Spelling,
                IgnoreName::Number => VariantClass::Number,
                IgnoreName::Substantive => VariantClass::Substantive,
            };
            if !filter.ignore.contains(&class) {
                filter.ignore.push(class);
            }
        }
        normalized.dedup();
        let regularization = match &self.regularize {
            Some(p) => Regularization::from_path(p)?,
            None => Regularization::default(),
        };
        if !(self.deadline > 0.0 && self.deadline.is_finite()) {
            return Err(lectio::UsageError(format!(
                "--deadline must be a positive number of seconds, not {}",
                self.deadline
            ))
            .into());
        }
        let opts = DiffOptions {
            normalize,
            regularization,
            algorithm: self.algorithm,
            deadline: Some(Duration::from_secs_f64(self.deadline.min(1e6))),
            whitespace: self.whitespace,
            ..DiffOptions::default()
        };
        Ok((opts, filter, normalized))
    }
}
