//! Check working files against their editions, for CI and review.
//!
//! Every edition records the file it was added from (relative to the folder that holds the
//! store). `lectio check` compares each such working file with its edition's latest version and
//! reports every variant with its file, line and column; `lectio check PATH…` checks only those
//! files (matched to editions by their recorded path). With no PATH, an edition whose recorded
//! path leads outside the repository (`../…`) is skipped and reported as skipped: a CI checkout
//! does not have it; name the file to check it. A missing, unreadable or non-UTF-8
//! working file is an error naming it, never a silent pass.
//!
//! `--against REF` compares with another version: `@N` (or `@HASH`) picks that version of each
//! file's own edition; `WORK/EDITION@N` compares the named files (or that edition's file) with it.
//!
//! Policy: `--allow CLASS,…` (e.g. `punctuation,case`) and `--max-variants N` (per file).
//! `--record -m MESSAGE` stores every changed working file as its edition's next version (the
//! commit step of a pipeline that accepts the change). Without `--allow`/`--max-variants` it
//! accepts every change; with them it records only when every change is allowed (else nothing
//! is recorded, exit 1). Nothing is recorded when any file has an error.
//!
//! Exit codes: 0 every change allowed (or recorded), 1 a change not allowed, 2 a file could
//! not be checked or usage error, 3 store corruption, 4 store busy.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::Ctx;
use lectio::diff::VariantClass;
use lectio::render::check::render;

use crate::cli::formats::{CheckFormat as Format, ClassName, classes};
use lectio::store::Store;
use lectio::usecase::check::Policy;

const AFTER_HELP: &str = "Exit codes: 0 every change allowed (or recorded), 1 a change not \
allowed, 2 a file could not be checked or usage error, 3 store corruption, 4 store busy, 6 I/O \
error.";

const AFTER_LONG_HELP: &str = "Each edition records the file it was added from, relative to the \
folder that holds the store. With no PATH, every such file is compared with its edition's latest \
version; a recorded path outside the repository (the nearest folder with a .git that holds the \
store, else the store's parent folder) is skipped and reported as skipped, since a CI checkout \
does not have it (name the file to check it). A named PATH is matched to the editions that \
record it (lexically, then by canonical path). A missing, unreadable or non-UTF-8 file, or a PATH \
no edition records, is an error naming it (exit 2), never a silent pass.\n\n\
--allow lets variants of those classes pass (they are still reported); --ignore drops them before \
the policy sees them. --max-variants counts every variant of a file, allowed or not. A rule of the \
--regularize table that no checked file (nor its version) reads is named in a warning, with the \
table's path and line.\n\n\
--record -m MESSAGE stores every changed working file as its edition's next version, keeping its \
recorded path. Without --allow/--max-variants it accepts every change; with them it records only \
when every change is allowed (else nothing, exit 1). Nothing is recorded when a file has an \
error.\n\n\
Formats: text, json, github (workflow commands with GitHub's escaping and a summary line), junit \
(one test case per file), sarif (SARIF 2.1.0, one result per variant). Setup for CI and git: \
docs/ci/README.md.\n\n\
Exit codes: 0 every change allowed (or recorded), 1 a change not allowed, 2 a file could not be \
checked (missing, unreadable, not UTF-8, not recorded) or usage error, 3 store corruption, 4 store \
busy, 6 I/O error.";

/// Arguments of `lectio check`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP, after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// Working files to check (default: every edition's recorded source file).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Compare with this version: `@N` of each file's edition, or `WORK/EDITION@N`.
    #[arg(long, value_name = "REF")]
    pub against: Option<String>,
    /// Variant classes that are allowed (repeat or separate with commas).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "CLASS")]
    pub allow: Vec<ClassName>,
    /// At most N variants per file, allowed or not.
    #[arg(long, value_name = "N")]
    pub max_variants: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Store every changed working file as its edition's next version.
    #[arg(long, requires = "message")]
    pub record: bool,
    /// The message of recorded versions (with `--record`).
    #[arg(short = 'm', long, value_name = "MESSAGE", requires = "record")]
    pub message: Option<String>,
    /// Comparison options, as in `lectio diff`.
    #[command(flatten)]
    pub compare: crate::cli::options::CompareArgs,
    /// Input size limit.
    #[command(flatten)]
    pub max_size: crate::cli::options::MaxSizeArg,
    /// How TEI XML files are read.
    #[command(flatten)]
    pub input: crate::cli::options::InputArgs,
    /// List the files whose markup alone changed (TEI: no text variant).
    #[arg(long)]
    pub markup: bool,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let cmp = args.compare.comparison(&[], false)?;
    let explicit_policy = !args.allow.is_empty() || args.max_variants.is_some();
    let mut allow = classes(&args.allow);
    allow.dedup();
    let policy = if args.record && !explicit_policy {
        // The commit step accepts every change.
        Policy {
            allow: VariantClass::ALL.to_vec(),
            max_variants: None,
        }
    } else {
        Policy {
            allow,
            max_variants: args.max_variants,
        }
    };
    let mut store = Store::open(&ctx.store)?;
    store.max_size = args.max_size.max_size;
    let targets = lectio::usecase::check::targets(&store, &args.paths, args.against.as_deref())?;
    let read = lectio::tei::ReadAs {
        format: args.input.format(),
        options: args.input.options(),
    };
    let mut report =
        lectio::usecase::check::run(&store, &targets, &cmp.diff, &cmp.filter, policy, &read)?;
    crate::cli::options::warn_rules(report.unapplied_rules());
    let outcome = report.outcome();
    let mut failure = None;
    if args.record && outcome == lectio::exit::Outcome::Clean {
        let recorded = crate::cli::env::record_time()
            .map_err(anyhow::Error::new)
            .and_then(|time| {
                let stamp = lectio::usecase::check::Stamp {
                    message: args.message.clone().unwrap_or_default(),
                    time,
                    author: Some(crate::cli::env::author()),
                };
                lectio::usecase::check::record(&store, &targets, &mut report, &stamp)
                    .map_err(anyhow::Error::new)
            });
        if let Err(e) = recorded {
            failure = Some(e);
        }
    }
    render(args.format.into(), &report, &mut ctx.out)?;
    if args.markup && args.format == Format::Text {
        for f in report.files.iter().filter(|f| f.markup_only) {
            writeln!(
                ctx.out,
                "{}: markup only (no text variant)",
                lectio::escape::terminal(&f.path)
            )?;
        }
    }
    if let Some(e) = failure {
        return Err(e.context("recording the checked files failed"));
    }
    Ok(outcome.code())
}
