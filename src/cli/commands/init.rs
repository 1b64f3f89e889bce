//! `lectio init`: create an edition store at `--store` (default `editions`). Idempotent: an
//! existing store is left as it is; a folder that holds anything else is refused.

use std::io::Write;

use crate::cli::Ctx;

/// Arguments of `lectio init`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Creates FORMAT, lock, objects/, records/, refs/ and tmp/ in --store (default ./editions). Idempotent; a folder that holds anything else is refused.\n\nExit codes: 0 created or already a store, 2 the folder holds something else, 3 an existing store is damaged, 6 I/O error."
)]
pub struct Args {}

/// Run the command.
pub fn run(_args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let (store, created) = lectio::store::Store::init(&ctx.store)?;
    if created {
        writeln!(
            ctx.out,
            "created an empty edition store in {}",
            store.root().display()
        )?;
    } else {
        writeln!(
            ctx.out,
            "{} is already an edition store; nothing to do",
            store.root().display()
        )?;
    }
    Ok(lectio::exit::OK)
}
