//! `lectio cat REF`: write a version's stored bytes to standard output exactly (BOM and line
//! ends included), after checking them against their hash: a corrupt object exits 3 and
//! prints nothing. REF is `WORK/EDITION[@N|@HASH]`, `EDITION` when unique, or a file path.

use std::io::Write;
use std::path::Path;

use lectio::store::{Store, StoreError};

use crate::cli::Ctx;

/// Arguments of `lectio cat`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "REF is WORK/EDITION (latest), WORK/EDITION@N, WORK/EDITION@HASHPREFIX (at least 6 hex digits of the text's or the record's hash), EDITION alone when unique, or a path to an existing file. The bytes are checked against their hash first: a corrupt object prints nothing.\n\nExit codes: 0 success, 2 unknown or ambiguous reference, 3 store corruption (the object and its file are named), 6 I/O error."
)]
pub struct Args {
    /// The version: `WORK/EDITION`, `WORK/EDITION@N`, `WORK/EDITION@HASHPREFIX`, or a file.
    #[arg(value_name = "REF")]
    pub reference: String,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let bytes = if Path::new(&args.reference).is_file() {
        std::fs::read(&args.reference).map_err(|source| StoreError::Read {
            path: args.reference.clone(),
            source,
        })?
    } else {
        let store = Store::open(&ctx.store)?;
        let v = store.resolve(&args.reference)?;
        store.read_content(&v)?
    };
    ctx.out.write_all(&bytes)?;
    Ok(lectio::exit::OK)
}
