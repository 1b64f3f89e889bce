//! `lectio list`: every work and edition in the store, with language, kind, number of
//! versions, latest hash and word count.

use lectio::render::store::list;
use lectio::store::Store;

use crate::cli::Ctx;
use crate::cli::formats::StoreFormat as Format;

/// Arguments of `lectio list`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Shows each work's editions: language, kind, number of versions, latest text hash, words, the title, and the siglum when one was given.\n\nExit codes: 0 success, 2 no store, 3 store corruption, 6 I/O error."
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let store = Store::open(&ctx.store)?;
    let editions = store.list()?;
    match args.format {
        Format::Json => list::json(store.root(), &editions, &mut ctx.out)?,
        Format::Text => list::text(store.root(), &editions, &mut ctx.out)?,
    }
    Ok(lectio::exit::OK)
}
