//! `lectio collate`: align many witnesses token by token into a table and a critical apparatus.
//!
//! Witnesses are editions (`WORK/EDITION[@N]`), files, every edition of a work (`--work`), or a
//! CollateX JSON input file (`--input`). The result does not depend on the order of the
//! witnesses (only the rows follow it); moved blocks are reported as transpositions.
//!
//! Exit codes: 0 when the witnesses agree fully, 1 when there are variants, 2 on a usage or
//! input error.

use std::path::PathBuf;

use crate::cli::formats::CollateFormat as Format;
use crate::cli::options::{self, IgnoreName, MaxSizeArg, Seconds};
use crate::cli::{Ctx, input};
use anyhow::Context as _;
use lectio::collate::{CollateOptions, Content, WitnessInput, collate};
use lectio::exit;
use lectio::render::collate::{RenderOptions, render};
use lectio::store::load_work;

/// Arguments of `lectio collate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 the witnesses agree fully, 1 variants found, \
2 usage or input error."
)]
pub struct Args {
    /// Witnesses: edition references (WORK/EDITION[@N]) or files.
    #[arg(value_name = "REF")]
    pub refs: Vec<String>,

    /// Collate every edition of this work.
    #[arg(long, value_name = "WORK", conflicts_with_all = ["refs", "input"])]
    pub work: Option<String>,

    /// With --work: only editions in this language.
    #[arg(long, value_name = "LANG", requires = "work")]
    pub lang: Option<String>,

    /// Read witnesses from CollateX JSON input (plain `content` or pre-tokenized `tokens`).
    #[arg(long, value_name = "FILE.json", conflicts_with = "refs")]
    pub input: Option<PathBuf>,

    /// How TEI XML witnesses are read.
    #[command(flatten)]
    pub tei: crate::cli::options::InputArgs,

    /// Each TEI witness with revisions (<add>, <del>) becomes two witnesses, ID-ac (before
    /// correction) and ID-pc (after).
    #[arg(long, conflicts_with = "input")]
    pub layers: bool,

    /// What to ignore when comparing tokens (repeatable, or comma-separated).
    #[arg(long, value_parser = options::collate_ignore_names(), value_delimiter = ',', value_name = "WHAT")]
    pub ignore: Vec<IgnoreName>,

    /// Where the apparatus lists regularized variants (readings equal to the base's only under
    /// the --regularize table, classed spelling): among the other places, in a section of their
    /// own after the apparatus, or not at all. Applies to --format apparatus, json, html and
    /// tei (inline, TEI writes them as <app type="regularized"> in the text).
    #[arg(long, value_enum, default_value = "inline", value_name = "WHERE")]
    pub regularized: crate::cli::formats::RegularizedMode,
    /// Regularization table: one rule per line, `reading = reading`.
    #[arg(long, value_name = "FILE")]
    pub regularize: Option<PathBuf>,

    /// The base witness giving the lemmata: its siglum, edition name, reference or file as
    /// given; default the first.
    #[arg(long, value_name = "EDITION")]
    pub base: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,

    /// Table: one line per column instead of one line per witness.
    #[arg(long)]
    pub vertical: bool,

    /// Time budget in seconds; past it, gaps are no longer solved by dynamic programming and
    /// the table is correct (no token lost, order kept) but may align less (a warning says so).
    #[arg(
        long,
        default_value = "10",
        value_name = "SECS",
        value_parser = options::seconds,
        env = "LECTIO_COLLATE_DEADLINE"
    )]
    pub deadline: Seconds,

    /// Let unequal tokens spelled alike (edit distance) share a column; never drops a token.
    #[arg(long)]
    pub near_match: bool,

    /// Do not merge runs of columns where the same witnesses agree.
    #[arg(long)]
    pub no_segmentation: bool,

    /// Undo line-end hyphenation in plain-text witnesses before comparing: `con- tinues` and
    /// `con-\ntinues` read `continues` (the break moves after the word; TEI is left as read).
    #[arg(long)]
    pub join_hyphens: bool,

    /// Input size limit.
    #[command(flatten)]
    pub max_size: MaxSizeArg,
    /// How finely to draw variation places: `block` makes a rewritten passage (witnesses
    /// sharing under half of its content words) one place with each witness's whole reading;
    /// `word` keeps every word-level place.
    #[arg(long, value_enum, default_value = "block")]
    pub granularity: crate::cli::formats::Granularity,

    /// More low-priority tokens (besides punctuation and the built-in function words of
    /// en/es/de/fr/ru): a file of words, one a line, or else a regular expression matched
    /// against whole tokens. They never count as shared content.
    #[arg(long, value_name = "FILE|REGEX")]
    pub low_priority: Option<String>,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let limit = args.max_size.max_size;
    // Every name a witness answers to in `--base`: siglum, label, edition, reference.
    let mut names: Vec<Vec<String>> = Vec::new();
    let inputs: Vec<WitnessInput> = if let Some(path) = &args.input {
        read_input(path, limit)?
    } else if let Some(work) = &args.work {
        let editions = load_work(&ctx.store, work, args.lang.as_deref(), None)?;
        let editions = if args.lang.is_none() {
            one_language(work, editions)
        } else {
            editions
        };
        let mut v = Vec::new();
        for w in editions {
            let w = options::join_hyphens(args.tei.read(w)?, args.join_hyphens);
            push_witness(&mut v, &mut names, w, &args)?;
        }
        v
    } else {
        if args.refs.is_empty() {
            return Err(lectio::UsageError(
                "collate needs at least one witness (REF…, --work or --input)".into(),
            )
            .into());
        }
        lectio::store::check_stdin_once(args.refs.iter().map(String::as_str))?;
        let mut v = Vec::with_capacity(args.refs.len());
        for r in &args.refs {
            input::check_size(r, limit)?;
        }
        for r in &args.refs {
            let w = args.tei.load_plain(&ctx.store, r, limit)?;
            let w = options::join_hyphens(w, args.join_hyphens);
            push_witness(&mut v, &mut names, w, &args)?;
        }
        v
    };
    let inputs = unique_sigla(inputs);
    let copts = CollateOptions {
        normalizer: options::normalizer(&args.ignore, args.regularize.as_ref())?,
        near_match: args.near_match,
        no_segmentation: args.no_segmentation,
        granularity: args.granularity.into(),
        low_priority: args
            .low_priority
            .as_deref()
            .map(options::low_priority)
            .transpose()?,
        base: args.base.as_ref().map(|b| {
            // A name other than a siglum resolves to that witness's siglum; an unknown one is
            // reported by the library with the valid choices.
            inputs
                .iter()
                .position(|w| &w.siglum == b)
                .or_else(|| names.iter().position(|n| n.contains(b)))
                .map_or_else(|| b.clone(), |i| inputs[i].siglum.clone())
        }),
        deadline: Some(args.deadline.duration()),
    };
    options::warn_unapplied(
        &copts.normalizer,
        inputs.iter().filter_map(|w| match &w.content {
            Content::Text(t) => Some(t.as_str()),
            Content::Tokens(_) => None,
        }),
    );
    let spinner = crate::cli::progress::Spinner::start(
        ctx.progress,
        format!("collating {} witnesses", inputs.len()),
    );
    let c = collate(inputs, &copts)?;
    drop(spinner);
    if c.approximate {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!(
                "warning: approximate collation (deadline of {}s reached): no token is lost, but some gaps were left unaligned\n",
                args.deadline
            )
            .as_bytes(),
        );
    }
    let ropts = RenderOptions {
        vertical: args.vertical,
        color: ctx.color,
        regularized: args.regularized.into(),
    };
    render(&c, args.format.into(), &ropts, &mut ctx.out).context("writing the collation")?;
    Ok(if c.has_variants() {
        exit::DIFFERENCES
    } else {
        exit::OK
    })
}

/// Read CollateX JSON input (`--input FILE`), at most `limit` bytes.
fn read_input(path: &std::path::Path, limit: u64) -> anyhow::Result<Vec<WitnessInput>> {
    let bytes = input::read(path, limit)?;
    let p = path.display().to_string();
    let text = String::from_utf8(bytes).map_err(|_| lectio::formats::FormatError::Read {
        path: p.clone(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ),
    })?;
    Ok(lectio::formats::collatex::parse(&text, &p)?)
}

/// Add `w` to the witnesses: with --layers, a TEI witness with revisions as two, `ID-ac` and
/// `ID-pc`.
fn push_witness(
    v: &mut Vec<WitnessInput>,
    names: &mut Vec<Vec<String>>,
    w: lectio::store::Witness,
    args: &Args,
) -> anyhow::Result<()> {
    if !args.layers {
        names.push(aliases(&w));
        v.push(w.into());
        return Ok(());
    }
    for lw in lectio::tei::split_layers(w, &args.tei.options())? {
        names.push(aliases(&lw));
        v.push(lw.into());
    }
    Ok(())
}

/// A work whose editions are in several languages is collated one language at a time: without
/// `--lang`, the group with the most editions (the first named on a tie), with a warning that
/// names the others and how to choose one. Translations are not collated word by word.
fn one_language(work: &str, editions: Vec<lectio::store::Witness>) -> Vec<lectio::store::Witness> {
    let lang = |w: &lectio::store::Witness| w.lang.clone().unwrap_or_default().to_lowercase();
    let mut groups: Vec<(String, usize)> = Vec::new();
    for e in &editions {
        let l = lang(e);
        match groups.iter_mut().find(|(g, _)| *g == l) {
            Some((_, n)) => *n += 1,
            None => groups.push((l, 1)),
        }
    }
    if groups.len() < 2 {
        return editions;
    }
    let mut chosen = 0;
    for (i, (_, n)) in groups.iter().enumerate() {
        if *n > groups[chosen].1 {
            chosen = i;
        }
    }
    let keep = groups[chosen].0.clone();
    let listed: Vec<String> = groups
        .iter()
        .map(|(l, n)| format!("{} ({n})", if l.is_empty() { "unset" } else { l }))
        .collect();
    let others: Vec<&str> = groups
        .iter()
        .filter(|(l, _)| *l != keep)
        .map(|(l, _)| l.as_str())
        .collect();
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "warning: {} has editions in {} languages: {}; collating the {} editions only \
             (translations are not collated word by word)\nhint: choose a language with \
             --lang, e.g. `lectio collate --work {} --lang {}`\n",
            lectio::escape::terminal(work),
            groups.len(),
            lectio::escape::terminal(&listed.join(", ")),
            lectio::escape::terminal(&keep),
            lectio::escape::terminal(work),
            lectio::escape::terminal(others.first().copied().unwrap_or_default()),
        )
        .as_bytes(),
    );
    editions.into_iter().filter(|e| lang(e) == keep).collect()
}

/// The names a witness answers to: label, edition name, reference (with and without version).
fn aliases(w: &lectio::store::Witness) -> Vec<String> {
    let mut v = vec![w.label.clone(), w.siglum.clone()];
    v.extend(w.edition.clone());
    if let Some(r) = &w.reference {
        v.push(r.clone());
        if let Some((unversioned, _)) = r.rsplit_once('@') {
            v.push(unversioned.to_string());
        }
    }
    if let (Some(work), Some(ed)) = (&w.work, &w.edition) {
        v.push(format!("{work}/{ed}"));
    }
    v
}

/// Two files with the same stem (`a/x.txt`, `b/x.txt`) would share a siglum: number them.
fn unique_sigla(mut v: Vec<WitnessInput>) -> Vec<WitnessInput> {
    for i in 1..v.len() {
        if v[..i].iter().any(|x| x.siglum == v[i].siglum) {
            let base = v[i].siglum.clone();
            let mut k = 2;
            while v.iter().any(|x| x.siglum == format!("{base}-{k}")) {
                k += 1;
            }
            v[i].siglum = format!("{base}-{k}");
        }
    }
    v
}
