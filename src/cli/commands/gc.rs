//! `lectio gc`: clean up after interrupted writes. Removes temp files older than
//! `--older-than` (default one hour; a running writer's file is never touched) and reports the
//! records and texts that no ref reaches; `--prune` removes those older than `--older-than`
//! (default two weeks, as git). `--dry-run` removes nothing and lists what would go. Runs
//! under the writer lock; a store that cannot be read soundly is refused (exit 3) with nothing
//! removed.

use std::time::Duration;

use lectio::render::store::gc;
use lectio::store::{GcOptions, Store};

use crate::cli::Ctx;
use crate::cli::formats::StoreFormat as Format;
use crate::cli::options;

/// Arguments of `lectio gc`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Without --prune, gc removes only temp files left in tmp/ by killed writers (older than --older-than, default 1h, and not owned by a running process), and lists the records and texts that no ref reaches. With --prune it also removes those older than --older-than (default 2w, git's gc.pruneExpire): orphan records left by interrupted adds, and texts no kept record names. A version 1 record without a ref and without the evidence an interrupted add leaves is a lost ref: it is kept and reported (exit 3), never pruned.\n\nA concurrent add is safe even with --older-than 0: its record and ref are written under the lock gc holds, and its text is re-published if gc removed it before the record was written.\n\nAges: 30s, 10m, 1h, 14d, 2w, or 0 (also `now`).\n\nExit codes: 0 done, 2 usage error, 3 store corruption (nothing removed when found before removing; a lost ref), 4 store busy (lock timeout), 6 I/O error."
)]
pub struct Args {
    /// Remove unreachable records and texts older than --older-than (default: only report them).
    #[arg(long)]
    pub prune: bool,
    /// Keep what is younger than this (default 1h for temp files, 2w for records and texts).
    #[arg(long, value_name = "DURATION", value_parser = options::age)]
    pub older_than: Option<Duration>,
    /// Remove nothing; list what would be removed.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    #[command(flatten)]
    pub lock: options::LockArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let mut store = Store::open(&ctx.store)?;
    store.lock_timeout = args.lock.lock_timeout.duration();
    let opts = GcOptions {
        prune: args.prune,
        dry_run: args.dry_run,
        older_than: args.older_than,
    };
    let report = store.gc(&opts)?;
    match args.format {
        Format::Json => gc::json(store.root(), &opts, &report, &mut ctx.out)?,
        Format::Text => gc::text(store.root(), &opts, &report, &mut ctx.out)?,
    }
    Ok(if report.has_errors() {
        lectio::exit::CORRUPT
    } else {
        lectio::exit::OK
    })
}
