//! `lectio completions SHELL`: print a completion script for bash, zsh, fish, PowerShell or
//! elvish (clap_complete), covering every command, option and `--format` value.
//!
//! ```text
//! lectio completions bash > ~/.local/share/bash-completion/completions/lectio
//! lectio completions zsh > ~/.zfunc/_lectio
//! lectio completions fish > ~/.config/fish/completions/lectio.fish
//! lectio completions powershell >> $PROFILE
//! ```

use clap::CommandFactory as _;
use lectio::exit;

use crate::cli::Ctx;

/// Arguments of `lectio completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let mut cmd = crate::cli::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "lectio", &mut ctx.out);
    Ok(exit::OK)
}
