//! Print a text's reading text: TEI XML read as its words (see docs/tei.md for the rules),
//! plain text unchanged.
//!
//! `--format json` gives every token with its location: `page` and `line` (from `<pb n>` /
//! `<lb n>`, counted where `n` is absent) and `xml_line`/`xml_col` in the file.
//!
//! Exit codes: 0 success, 2 usage or input error (invalid XML names file, line and column;
//! a DOCTYPE declaring entities is refused), 5 resource limit (too deep, too long an
//! attribute, a file over --max-size), 6 I/O error.

use crate::cli::Ctx;
use crate::cli::options::InputArgs;
use lectio::exit;

/// `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The reading text.
    Text,
    /// Every token with its location.
    Json,
}

/// Arguments of `lectio extract`.
#[derive(Debug, clap::Args)]
#[command(after_help = exit::HELP)]
pub struct Args {
    /// A file (`-` is standard input) or `WORK/EDITION[@N]`.
    #[arg(value_name = "FILE|REF")]
    pub spec: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// How TEI is read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Input size limit.
    #[command(flatten)]
    pub max_size: crate::cli::options::MaxSizeArg,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let w = args
        .input
        .load(&ctx.store, &args.spec, args.max_size.max_size)?;
    match args.format {
        Format::Text => lectio::render::extract::text(&w, &mut ctx.out)?,
        Format::Json => lectio::render::extract::json(&w, &mut ctx.out)?,
    }
    Ok(exit::OK)
}
