//! `lectio log REF`: an edition's versions, newest first: number, hash, time, size, words and
//! message. REF is `WORK/EDITION` (any `@N` is ignored: the whole edition is shown) or `EDITION`
//! when unique.

use lectio::render::store::log;
use lectio::store::Store;

use crate::cli::Ctx;
use crate::cli::formats::StoreFormat as Format;

/// Arguments of `lectio log`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "REF is WORK/EDITION or EDITION when only one work has it. Versions are shown newest first with number, text hash, time (UTC), size, words, non-default encoding or line endings, and message.\n\nExit codes: 0 success, 2 unknown or ambiguous edition, 3 store corruption, 6 I/O error."
)]
pub struct Args {
    /// The edition: `WORK/EDITION` or `EDITION`.
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let store = Store::open(&ctx.store)?;
    let v = store.resolve(&args.reference)?;
    let versions = store.history(&v.record.work, &v.record.edition)?;
    match args.format {
        Format::Json => log::json(&versions, &mut ctx.out)?,
        Format::Text => log::text(&versions, &mut ctx.out)?,
    }
    Ok(lectio::exit::OK)
}
