//! Score a predicted sentence alignment against a gold one.
//!
//! Both files hold vecalign beads (`[0, 1]:[0]` per line, 0-based sentence numbers). Prints
//! strict (exact bead) and lax (overlap on both sides) precision, recall and F1; beads with an
//! empty side are left out of both (Sennrich & Volk 2011, as in vecalign).
//!
//! Exit codes: 0 scored, 2 usage or input error.

use std::path::PathBuf;

use crate::cli::Ctx;
use lectio::align;

/// Arguments of `lectio align-score`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Exit codes: 0 scored, 2 usage or input error, 6 I/O error.")]
pub struct Args {
    /// Predicted beads.
    #[arg(value_name = "PRED")]
    pub pred: PathBuf,
    /// Gold beads.
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

fn read(p: &std::path::Path) -> anyhow::Result<Vec<align::IndexBead>> {
    let text = super::align::read_input(p, "beads")?;
    Ok(align::parse_beads(&text, &p.display().to_string())?)
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let pred = read(&args.pred)?;
    let gold = read(&args.gold)?;
    let s = align::score(&[(&pred, &gold)]);
    if args.json {
        serde_json::to_writer_pretty(&mut ctx.out, &s)?;
        std::io::Write::write_all(&mut ctx.out, b"\n")?;
    } else {
        lectio::render::align::scores::write(&s, &mut ctx.out)?;
    }
    Ok(lectio::exit::OK)
}
