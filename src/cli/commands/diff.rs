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
//! Exit codes: 0 no variant left after filters, 1 variants, 2 usage or input error,
//! 3 store corruption, 4 store busy, 5 resource limit hit, 6 I/O or environment error.

use std::io::Write;

use crate::cli::options::{self, CompareArgs, MaxSizeArg};
use crate::cli::{Ctx, input};
use lectio::exit;
use lectio::render::diff::{Input, render, render_stat};

use crate::cli::formats::{ClassName, DiffFormat as Format, classes};

const AFTER_LONG_HELP: &str = "\
--ignore takes two sorts of names, freely mixed (repeat it or separate with commas): the \
normalizations case, punctuation, diacritics and nfkc change how tokens are compared (so \
`Stalin` aligns with `stalin`) and drop the variants of that class; the classes \
normalization, whitespace, spelling, number and substantive only drop variants. --only keeps \
only the classes named. Line breaks never make a variant; lineation (whitespace) variants are \
looked for only with --whitespace or --only whitespace. NFC and NFD forms of a word are a \
normalization variant.

Exit codes: 0 no variant left after filters, 1 variants found, 2 usage or input error (a missing \
file, a bad reference), 3 store corruption, 4 store busy, 5 resource limit hit (a file larger than \
--max-size), 6 I/O or environment error (output that cannot be written).";

/// Arguments of `lectio diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = exit::HELP, after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// The old text: `WORK/EDITION[@N]`, an edition name, a siglum or a file.
    #[arg(value_name = "A")]
    pub old: String,
    /// The new text: `WORK/EDITION[@N]`, an edition name, a siglum or a file.
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
    pub only: Vec<ClassName>,
    /// Words of context around each variant (text format).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub context: usize,
    /// Do not anchor long texts on unique words first: a minimal edit script at any length
    /// (raw Myers), at a cost that grows with the length of the text and the number of changes
    /// (past --deadline, a correct but longer script and a warning).
    #[arg(long)]
    pub exact: bool,
    /// How finely variants are drawn: `block` reads a rewritten passage (several changes close
    /// together, sharing under half of their content words) as one substitution with each
    /// text's whole reading, as `collate` does; `word` keeps every word-level change. The
    /// edit script, and so the edit count, is the same.
    #[arg(long, value_enum, default_value = "block")]
    pub granularity: crate::cli::formats::Granularity,
    /// Comparison options.
    #[command(flatten)]
    pub compare: CompareArgs,
    /// How TEI XML input is read.
    #[command(flatten)]
    pub input: crate::cli::options::InputArgs,
    /// Undo line-end hyphenation in plain-text witnesses before comparing: `con- tinues` and
    /// `con-\ntinues` read `continues` (the break moves after the word; TEI is left as read).
    #[arg(long)]
    pub join_hyphens: bool,

    /// Input size limit.
    #[command(flatten)]
    pub max_size: MaxSizeArg,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let mut cmp = args.compare.comparison(&classes(&args.only), args.exact)?;
    cmp.diff.granularity = args.granularity.into();
    lectio::store::check_stdin_once([args.old.as_str(), args.new.as_str()])?;
    let limit = args.max_size.max_size;
    input::check_size(&args.old, limit)?;
    input::check_size(&args.new, limit)?;
    let load = |spec: &str| {
        let w = args.input.load(&ctx.store, spec, limit)?;
        anyhow::Ok(options::join_hyphens(w, args.join_hyphens))
    };
    let (old, new) = rayon::join(|| load(&args.old), || load(&args.new));
    let (old, new) = (old?, new?);

    if !cmp.diff.regularization.is_empty() {
        options::warn_unapplied(
            &cmp.diff.normalizer(),
            [old.text.as_str(), new.text.as_str()],
        );
    }
    let spinner = crate::cli::progress::Spinner::start(ctx.progress, "comparing");
    let diff = lectio::diff::diff_filtered(&old.text, &new.text, &cmp.diff, &cmp.filter);
    drop(spinner);
    if diff.approximate {
        let _ = writeln!(
            std::io::stderr(),
            "warning: approximate diff (deadline of {}s reached); the result is correct but may not be minimal",
            cmp.deadline
        );
    }
    let input = Input {
        diff: &diff,
        old: &old,
        new: &new,
        filter: &cmp.filter,
        normalized: &cmp.normalized,
        color: ctx.color,
        context: args.context,
    };
    if args.stat {
        render_stat(&input, &mut ctx.out)?;
    } else {
        render(args.format.into(), &input, &mut ctx.out)?;
    }
    Ok(if diff.is_empty() {
        exit::OK
    } else {
        exit::DIFFERENCES
    })
}
