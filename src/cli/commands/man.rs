//! `lectio man [COMMAND]`: print the manual page (roff, section 1) of lectio or of one of its
//! commands (`lectio man diff` is `lectio-diff(1)`); with `--out-dir DIR`, write every page
//! (`lectio.1`, `lectio-diff.1`, …) into DIR, as packagers install them.
//!
//! ```text
//! lectio man diff | man -l -
//! lectio man --out-dir /usr/local/share/man/man1
//! ```

use std::path::PathBuf;

use anyhow::Context as _;
use clap::CommandFactory as _;
use lectio::exit;

use crate::cli::Ctx;

/// Arguments of `lectio man`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The command whose page to print (default: lectio's own page).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
    /// Write every page (lectio.1 and lectio-COMMAND.1) into this folder instead.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub out_dir: Option<PathBuf>,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let mut cmd = crate::cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        clap_mangen::generate_to(cmd, dir)
            .with_context(|| format!("cannot write the pages into {}", dir.display()))?;
        return Ok(exit::OK);
    }
    let page = match &args.command {
        None => cmd,
        Some(name) => cmd.find_subcommand(name).cloned().ok_or_else(|| {
            lectio::UsageError(format!(
                "no command '{}'\nhint: `lectio --help` lists the commands",
                lectio::escape::terminal(name)
            ))
        })?,
    };
    clap_mangen::Man::new(page)
        .render(&mut ctx.out)
        .context("writing the manual page")?;
    Ok(exit::OK)
}
