//! `lectio verify`: re-hash every object and check every record and ref. Exit 0 when the
//! store is sound (warnings, such as leftover temp files, allowed); exit 3 naming each corrupt,
//! truncated or missing object and the file that holds it.

use lectio::render::store::verify;
use lectio::store::Store;

use crate::cli::Ctx;
use crate::cli::formats::StoreFormat as Format;

/// Arguments of `lectio verify`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Re-hashes every text and record (streaming), parses every record, and checks that every ref names a sound record of its edition and every record's text and parent are present. Leftover temp files are warnings.\n\nExit codes: 0 sound (warnings allowed), 3 corruption found (each corrupt, truncated or missing object is named with its file), 6 I/O error."
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let store = Store::open(&ctx.store)?;
    let report = store.verify()?;
    let code = if report.has_errors() {
        lectio::exit::CORRUPT
    } else {
        lectio::exit::OK
    };
    if args.json || args.format == Format::Json {
        verify::json(store.root(), &report, &mut ctx.out)?;
    } else {
        verify::text(store.root(), &report, &mut ctx.out)?;
    }
    Ok(code)
}
