//! Variants across every pair of witnesses: counts by kind and class, distances, a tree.
//!
//! Witnesses are edition references (`WORK/EDITION[@N]`), files, or every edition of a work
//! (`--work`, optionally only `--lang L` or `--kind K`). Every pair is diffed in parallel over
//! one shared interner. The distance of a pair is its variant tokens (both sides of every
//! reported variant) over its aligned tokens (compared tokens of both witnesses): 0 for
//! identical witnesses, 1 for witnesses without a shared token. From the matrix, a tree
//! (neighbour-joining, or UPGMA) in Newick format: a first hint of a stemma, never one. The
//! variation places come from the collation of the group (readings, sigla, class);
//! `--no-places` skips that collation on large corpora.
//!
//! Split the work over machines: `--shard K/N` computes only the K-th of N slices of the pairs
//! and writes JSON Lines; `--merge FILES…` combines the shard files into exactly the result of
//! an unsharded run:
//!
//!   lectio variants --work W --shard 1/2 > s1.jsonl   # on one machine
//!   lectio variants --work W --shard 2/2 > s2.jsonl   # on another
//!   lectio variants --merge s1.jsonl s2.jsonl --format json
//!
//! Exit codes: 0 the witnesses agree fully (or a shard was written), 1 variants found,
//! 2 usage or input error.

use std::io::BufRead;

use anyhow::Context as _;

use crate::cli::formats::{ClassName, Tree, VariantsFormat as Format, classes};
use crate::cli::options::{self, CompareArgs, MaxSizeArg};
use crate::cli::{Ctx, input};
use lectio::exit;
use lectio::render::variants::{render, shard};
use lectio::store::{Witness, load_work};
use lectio::usecase::all_pairs::{self, Outcome, Plan, Progress};
use lectio::variants::{ShardLine, VariantsOptions, parse_shard};

/// Arguments of `lectio variants`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 the witnesses agree fully (or a shard was written), \
1 variants found, 2 usage or input error."
)]
pub struct Args {
    /// How TEI XML input is read.
    #[command(flatten)]
    pub input: crate::cli::options::InputArgs,
    /// Witnesses: edition references (WORK/EDITION[@N]) or files; with --merge, shard files.
    #[arg(value_name = "REF|FILE")]
    pub refs: Vec<String>,
    /// Every edition of this work (latest versions).
    #[arg(long, value_name = "WORK", conflicts_with = "refs")]
    pub work: Option<String>,
    /// With --work: only editions in this language.
    #[arg(long, value_name = "LANG", requires = "work")]
    pub lang: Option<String>,
    /// With --work: only editions of this kind (original, transcription, emendation,
    /// translation).
    #[arg(long, value_name = "KIND", requires = "work")]
    pub kind: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// With --format csv: which table to write (one table per output, loadable as is).
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<CsvTable>,
    /// How to build the tree.
    #[arg(long, value_enum, default_value_t = Tree::Nj)]
    pub tree: Tree,
    /// Count only these classes (repeat or separate with commas).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "CLASS")]
    pub only: Vec<ClassName>,
    /// Comparison options, as in `lectio diff`.
    #[command(flatten)]
    pub compare: CompareArgs,
    /// Do not collate the group for the variation places (faster on large corpora).
    #[arg(long)]
    pub no_places: bool,
    /// Compute only slice K of N of the pairs and write it as JSON Lines (for --merge).
    #[arg(long, value_name = "K/N", conflicts_with = "merge")]
    pub shard: Option<String>,
    /// Combine shard files (given as arguments) into the result of an unsharded run.
    #[arg(long, conflicts_with_all = ["work", "only", "ignore", "regularize", "no_places"])]
    pub merge: bool,
    /// Undo line-end hyphenation in plain-text witnesses before comparing: `con- tinues` and
    /// `con-\ntinues` read `continues` (the break moves after the word; TEI is left as read).
    #[arg(long)]
    pub join_hyphens: bool,

    /// Input size limit (witness files and shard files).
    #[command(flatten)]
    pub max_size: MaxSizeArg,
}

/// The tables of `--format csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvTable {
    /// One row per pair of witnesses (counts by class and kind, distance).
    Pairs,
    /// The distance matrix: `siglum`, then one column per witness.
    Matrix,
    /// One row per reading of each variation place.
    Places,
}

/// Write `v` as `args` ask.
fn emit(v: &lectio::variants::Variants, args: &Args, ctx: &mut Ctx) -> anyhow::Result<()> {
    use lectio::render::variants::csv::{self, Table};
    let format: lectio::render::variants::Format = args.format.into();
    match (format, args.table) {
        (lectio::render::variants::Format::Csv, Some(t)) => {
            let table = match t {
                CsvTable::Pairs => Table::Pairs,
                CsvTable::Matrix => Table::Matrix,
                CsvTable::Places if v.places.is_none() => {
                    return Err(lectio::UsageError(
                        "--table places needs the variation places: drop --no-places".into(),
                    )
                    .into());
                }
                CsvTable::Places => Table::Places,
            };
            csv::render(v, table, &mut ctx.out)
        }
        (_, Some(_)) => {
            return Err(lectio::UsageError("--table goes with --format csv".into()).into());
        }
        (f, None) => render(v, f, &mut ctx.out),
    }
    .context("writing the variants")
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    if args.merge {
        return merge(&args, ctx);
    }
    let cmp = args.compare.comparison(&classes(&args.only), false)?;
    let witnesses = load(&args, ctx)?;
    let vopts = VariantsOptions {
        diff: cmp.diff,
        filter: cmp.filter,
        lacunae: witnesses.iter().map(|w| w.lacunae()).collect(),
    };
    if witnesses.len() < 2 {
        return Err(lectio::UsageError(format!(
            "variants needs at least two witnesses (REF…, FILE… or --work), got {}",
            witnesses.len()
        ))
        .into());
    }
    if !vopts.diff.regularization.is_empty() {
        options::warn_unapplied(
            &vopts.diff.normalizer(),
            witnesses.iter().map(|w| w.text.as_str()),
        );
    }
    let plan = Plan {
        shard: args.shard.as_deref().map(parse_shard).transpose()?,
        places: !args.no_places,
        tree: args.tree.into(),
    };
    let outcome = all_pairs::run(&witnesses, &vopts, &plan, &Bar::new(ctx.progress))?;
    drop(witnesses);
    match outcome {
        Outcome::Shard(lines) => {
            shard::render(&lines, &mut ctx.out).context("writing the shard")?;
            Ok(exit::OK)
        }
        Outcome::Whole(v) => {
            emit(&v, &args, ctx)?;
            Ok(if v.totals.variants > 0 {
                exit::DIFFERENCES
            } else {
                exit::OK
            })
        }
    }
}

fn merge(args: &Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    if args.refs.is_empty() {
        return Err(lectio::UsageError("--merge needs the shard files as arguments".into()).into());
    }
    let mut files = Vec::new();
    for f in &args.refs {
        let bytes = input::read(std::path::Path::new(f), args.max_size.max_size)?;
        let mut lines = Vec::new();
        for (i, l) in bytes.lines().enumerate() {
            let l = l.with_context(|| format!("cannot read {f}"))?;
            if l.trim().is_empty() {
                continue;
            }
            let parsed: ShardLine = serde_json::from_str(&l).map_err(|e| {
                lectio::variants::VariantsError::ShardFile {
                    path: f.clone(),
                    line: i + 1,
                    message: bounded(&e.to_string()),
                }
            })?;
            lines.push(parsed);
        }
        files.push((f.clone(), lines));
    }
    let v = all_pairs::merge(&files, args.tree.into())?;
    emit(&v, args, ctx)?;
    Ok(if v.totals.variants > 0 {
        exit::DIFFERENCES
    } else {
        exit::OK
    })
}

/// A message about untrusted bytes, cut to a readable length (serde quotes the value it
/// refused, which may be a whole forged line).
fn bounded(m: &str) -> String {
    const MAX: usize = 200;
    match m.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &m[..i]),
        None => m.to_string(),
    }
}

/// A progress bar on standard error, only when it is a terminal and the run is long.
struct Bar(std::sync::OnceLock<indicatif::ProgressBar>, bool);

impl Bar {
    /// A bar that may show when `enabled` (the context's `progress`).
    fn new(enabled: bool) -> Self {
        Bar(std::sync::OnceLock::new(), enabled)
    }
}

impl Progress for Bar {
    fn start(&self, pairs: usize, witnesses: usize, tokens: usize) {
        let avg = tokens / witnesses.max(1);
        // Roughly a second of work or more.
        let long = pairs.saturating_mul(avg) > 20_000_000;
        if !long || !self.1 {
            return;
        }
        let bar = indicatif::ProgressBar::new(pairs as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pairs, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let _ = self.0.set(bar);
    }
    fn tick(&self) {
        if let Some(b) = self.0.get() {
            b.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(b) = self.0.get() {
            b.finish_and_clear();
        }
    }
}

fn load(args: &Args, ctx: &Ctx) -> anyhow::Result<Vec<Witness>> {
    if let Some(work) = &args.work {
        return load_work(&ctx.store, work, args.lang.as_deref(), args.kind.as_deref())?
            .into_iter()
            .map(|w| {
                Ok(options::join_hyphens(
                    args.input.read(w)?,
                    args.join_hyphens,
                ))
            })
            .collect();
    }
    lectio::store::check_stdin_once(args.refs.iter().map(String::as_str))?;
    let mut v = Vec::with_capacity(args.refs.len());
    for r in &args.refs {
        let w = args.input.load(&ctx.store, r, args.max_size.max_size)?;
        v.push(options::join_hyphens(w, args.join_hyphens));
    }
    Ok(v)
}
