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

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context as _;

use crate::cli::Ctx;
use crate::cli::input;
use crate::cli::options::{CompareArgs, MaxSizeArg};
use lectio::collate::{CollateOptions, Content, WitnessInput, collate};
use lectio::diff::VariantClass;
use lectio::exit;
use lectio::render::variants::{Format, render};
use lectio::store::{Witness, load_work};
use lectio::variants::{
    OptionsInfo, ShardHeader, ShardLine, TreeMethod, VariantsOptions, WitnessInfo, assemble,
    compare_range, key_all, merge_shards, pair_count, parse_shard, places, shard_range,
};

/// Arguments of `lectio variants`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 the witnesses agree fully (or a shard was written), \
1 variants found, 2 usage or input error."
)]
pub struct Args {
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
    /// How to build the tree.
    #[arg(long, value_enum, default_value_t = TreeMethod::Nj)]
    pub tree: TreeMethod,
    /// Count only these classes (repeat or separate with commas).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "CLASS")]
    pub only: Vec<VariantClass>,
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
    /// Input size limit (witness files and shard files).
    #[command(flatten)]
    pub max_size: MaxSizeArg,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    if args.merge {
        return merge(&args, ctx);
    }
    let cmp = args.compare.comparison(&args.only, false)?;
    let vopts = VariantsOptions {
        diff: cmp.diff,
        filter: cmp.filter,
    };
    let witnesses = load(&args, ctx)?;
    if witnesses.len() < 2 {
        return Err(lectio::UsageError(format!(
            "variants needs at least two witnesses (REF…, FILE… or --work), got {}",
            witnesses.len()
        ))
        .into());
    }
    let sigla = unique_sigla(&witnesses);
    let texts: Vec<&str> = witnesses.iter().map(|w| w.text.as_str()).collect();
    let norm = vopts.diff.normalizer();
    let (interner, keyed) = key_all(&texts, &norm);
    drop(interner);
    let infos: Vec<WitnessInfo> = witnesses
        .iter()
        .zip(&keyed)
        .zip(&sigla)
        .map(|((w, k), s)| WitnessInfo {
            siglum: s.clone(),
            label: w.label.clone(),
            hash: w.hash.clone(),
            tokens: k.ids.len(),
        })
        .collect();
    let total = pair_count(texts.len());
    let (range, shard) = match &args.shard {
        Some(s) => {
            let (k, n) = parse_shard(s)?;
            (shard_range(total, k, n), Some((k, n)))
        }
        None => (0..total, None),
    };
    let want_places = !args.no_places && shard.is_none_or(|(k, _)| k == 1);
    let place_list = if want_places {
        let inputs: Vec<WitnessInput> = witnesses
            .iter()
            .zip(&sigla)
            .map(|(w, s)| WitnessInput {
                siglum: s.clone(),
                label: w.label.clone(),
                content: Content::Text(w.text.clone()),
            })
            .collect();
        let copts = CollateOptions {
            normalizer: norm.clone(),
            ..Default::default()
        };
        let c = collate(inputs, &copts)?;
        Some(places(&c, &vopts.filter))
    } else {
        None
    };
    let bar = progress(&keyed, range.len());
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let pairs = compare_range(&texts, &keyed, range, &vopts, &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    drop(keyed);
    let info = OptionsInfo::of(&vopts);
    if let Some((k, n)) = shard {
        let header = ShardHeader {
            version: lectio::variants::JSON_VERSION,
            shard: k,
            shards: n,
            witnesses: infos,
            options: info,
            places: !args.no_places,
        };
        let out = &mut ctx.out;
        let mut line = |l: &ShardLine| -> anyhow::Result<()> {
            serde_json::to_writer(&mut *out, l)?;
            writeln!(out)?;
            Ok(())
        };
        line(&ShardLine::Header(header))?;
        for p in pairs {
            line(&ShardLine::Pair(p))?;
        }
        for p in place_list.into_iter().flatten() {
            line(&ShardLine::Place(p))?;
        }
        return Ok(exit::OK);
    }
    let v = assemble(infos, info, pairs, args.tree, place_list)?;
    render(&v, args.format, &mut ctx.out).context("writing the variants")?;
    Ok(if v.totals.variants > 0 {
        exit::DIFFERENCES
    } else {
        exit::OK
    })
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
    let (header, pairs, place_list) = merge_shards(&files)?;
    let v = assemble(
        header.witnesses,
        header.options,
        pairs,
        args.tree,
        place_list,
    )?;
    render(&v, args.format, &mut ctx.out).context("writing the variants")?;
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
fn progress(keyed: &[lectio::text::Keyed], pairs: usize) -> Option<indicatif::ProgressBar> {
    let tokens: usize = keyed.iter().map(|k| k.ids.len()).sum();
    let avg = tokens / keyed.len().max(1);
    // Roughly a second of work or more.
    let long = pairs.saturating_mul(avg) > 20_000_000;
    if !long || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(pairs as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pairs, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

fn load(args: &Args, ctx: &Ctx) -> anyhow::Result<Vec<Witness>> {
    if let Some(work) = &args.work {
        return Ok(load_work(
            &ctx.store,
            work,
            args.lang.as_deref(),
            args.kind.as_deref(),
        )?);
    }
    lectio::store::check_stdin_once(args.refs.iter().map(String::as_str))?;
    let mut v = Vec::with_capacity(args.refs.len());
    for r in &args.refs {
        v.push(input::load_witness(&ctx.store, r, args.max_size.max_size)?);
    }
    Ok(v)
}

/// Sigla made unique: two witnesses called alike get `-2`, `-3`…
fn unique_sigla(ws: &[Witness]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ws.len());
    for w in ws {
        let base = if w.siglum.is_empty() {
            w.label.clone()
        } else {
            w.siglum.clone()
        };
        let mut s = base.clone();
        let mut k = 2;
        while out.contains(&s) {
            s = format!("{base}-{k}");
            k += 1;
        }
        out.push(s);
    }
    out
}
