//! Compare two texts word by word and classify each variant.
//!
//! A and B are edition references (`WORK/EDITION@N`) or files (`-` is standard input).
//! Line breaks never matter: a re-wrapped witness shows only its real variants.
//!
//! `--ignore` takes two sorts of names, freely mixed (repeat it or separate with commas):
//! normalizations `case`, `punctuation`, `diacritics`, `nfkc` change how tokens are compared
//! (so `Stalin` aligns with `stalin`) and drop the variants of that class; the classes
//! `normalization`, `whitespace`, `spelling`, `number`, `substantive` only drop variants.
//! `--only` keeps only the classes named. Whitespace (lineation) variants are looked for only
//! when `--only whitespace` or `--whitespace` is given.
//!
//! Exit codes: 0 no variant left after filters, 1 variants, 2 error.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::ValueEnum;

use crate::cli::Ctx;
use lectio::diff::{Algorithm, DiffOptions, Filter, VariantClass};
use lectio::exit;
use lectio::report::diff::{Format, Input, render, render_stat};
use lectio::text::{Interner, NormalizeOptions, Regularization};

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

const AFTER_LONG_HELP: &str = "\
--ignore takes two sorts of names, freely mixed (repeat it or separate with commas): the \
normalizations case, punctuation, diacritics and nfkc change how tokens are compared (so \
`Stalin` aligns with `stalin`) and drop the variants of that class; the classes \
normalization, whitespace, spelling, number and substantive only drop variants. --only keeps \
only the classes named. Line breaks never make a variant; lineation (whitespace) variants are \
looked for only with --whitespace or --only whitespace. NFC and NFD forms of a word are a \
normalization variant.

Exit codes: 0 no variant left after filters, 1 variants, 2 usage or input error.";

/// Arguments of `lectio diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = exit::HELP, after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// The old text: `WORK/EDITION@N` or a file.
    #[arg(value_name = "A")]
    pub old: String,
    /// The new text: `WORK/EDITION@N` or a file.
    #[arg(value_name = "B")]
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Print only a summary by kind and class.
    #[arg(long)]
    pub stat: bool,
    /// Report only these classes (repeat or separate with commas).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "CLASS")]
    pub only: Vec<VariantClass>,
    /// Ignore normalizations (case, punctuation, diacritics, nfkc) and/or classes
    /// (normalization, whitespace, spelling, number, substantive); repeat or use commas.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "NAME")]
    pub ignore: Vec<IgnoreName>,
    /// A regularization table (`colour = color` per line): its readings compare equal.
    #[arg(long, value_name = "FILE")]
    pub regularize: Option<PathBuf>,
    /// Diff algorithm.
    #[arg(long, value_enum, default_value_t = Algorithm::Myers)]
    pub algorithm: Algorithm,
    /// Words of context around each variant (text format).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub context: usize,
    /// Report differences in lineation (line and paragraph breaks) as whitespace variants.
    #[arg(long)]
    pub whitespace: bool,
    /// Do not anchor long texts on unique words first: a minimal edit script at any length,
    /// at a cost that grows with the length of the text.
    #[arg(long)]
    pub exact: bool,
    /// Time budget in seconds; past it the diff is correct but may not be minimal.
    #[arg(
        long,
        default_value_t = 10.0,
        value_name = "SECS",
        env = "LECTIO_DIFF_DEADLINE"
    )]
    pub deadline: f64,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let mut normalize = NormalizeOptions::default();
    let mut filter = Filter {
        only: args.only.clone(),
        ignore: Vec::new(),
    };
    let mut normalized = Vec::new();
    for name in &args.ignore {
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
    let regularization = match &args.regularize {
        Some(p) => Regularization::from_path(p)?,
        None => Regularization::default(),
    };
    if !(args.deadline > 0.0 && args.deadline.is_finite()) {
        return Err(lectio::UsageError(format!(
            "--deadline must be a positive number of seconds, not {}",
            args.deadline
        ))
        .into());
    }
    let opts = DiffOptions {
        normalize,
        regularization,
        algorithm: args.algorithm,
        deadline: Some(Duration::from_secs_f64(args.deadline.min(1e6))),
        whitespace: args.whitespace || filter.wants_whitespace(),
        transpositions: true,
        anchoring: !args.exact,
    };
    let old = lectio::store::load_witness(&ctx.store, &args.old)
        .with_context(|| format!("cannot load {}", args.old))?;
    let new = lectio::store::load_witness(&ctx.store, &args.new)
        .with_context(|| format!("cannot load {}", args.new))?;

    let norm = opts.normalizer();
    let mut interner = Interner::new();
    let (ka, kb) = lectio::diff::key_pair(&mut interner, &old.text, &new.text, &norm);
    // The ids are all the diff needs of the interner: free it before the diff's own memory.
    drop(interner);
    let mut diff = lectio::diff::diff_keyed(&old.text, &ka, &new.text, &kb, &norm, &opts);
    drop((ka, kb));
    if diff.approximate {
        let _ = writeln!(
            std::io::stderr(),
            "warning: approximate diff (deadline of {}s reached); the result is correct but may not be minimal",
            args.deadline
        );
    }
    diff.retain(|v| filter.keeps(v));
    let input = Input {
        diff: &diff,
        old: &old,
        new: &new,
        filter: &filter,
        normalized: &normalized,
        color: ctx.color,
        context: args.context,
    };
    if args.stat {
        render_stat(&input, &mut ctx.out)?;
    } else {
        render(args.format, &input, &mut ctx.out)?;
    }
    Ok(if diff.is_empty() {
        exit::OK
    } else {
        exit::DIFFERENCES
    })
}
