//! `lectio align-score` (not implemented yet).

use crate::cli::Ctx;

/// Arguments of `lectio align-score`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Arguments (not implemented yet).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,
}

/// Run the command.
pub fn run(_args: Args, _ctx: &mut Ctx) -> anyhow::Result<u8> {
    Err(lectio::UsageError("`lectio align-score` is not implemented yet".into()).into())
}
