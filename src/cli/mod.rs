//! Command-line layer: clap definitions, global options, output handling and exit codes.
//! One file per command in [`commands`].

pub mod commands;
pub mod env;
pub mod formats;
pub mod input;
pub mod options;
pub mod out_file;
pub mod output;
pub mod progress;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use lectio::exit;

/// Long help shared by every command.
const AFTER_HELP: &str = "Exit codes: 0 no differences / success, 1 differences found, \
2 usage or input error, 3 store corruption, 4 store busy, 5 resource limit hit, \
6 I/O or environment error.";

/// lectio — versioned editions, word-level diffs, collation and alignment for textual scholarship.
#[derive(Debug, Parser)]
#[command(name = "lectio", version, about, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    /// The edition store (a folder).
    #[arg(
        long,
        global = true,
        env = "LECTIO_STORE",
        default_value = "editions",
        value_name = "DIR"
    )]
    pub store: PathBuf,

    /// When to colour output. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(
        long,
        global = true,
        env = "LECTIO_COLOR",
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorChoice,

    /// No progress indicator on standard error (one shows only on a terminal, for work that
    /// runs over half a second).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// `--color` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Everything a command needs besides its own arguments.
#[allow(dead_code)] // fields are read by the commands as they land
pub struct Ctx {
    /// The store folder (from `--store` / `LECTIO_STORE`).
    pub store: PathBuf,
    /// Whether standard output gets colour.
    pub color: bool,
    /// Buffered standard output; write failures are tracked for exit-code mapping.
    pub out: output::Out,
    /// Whether long work may show progress on standard error (a terminal, no `--quiet`).
    pub progress: bool,
}

macro_rules! commands {
    ($( $(#[$doc:meta])* $variant:ident($module:ident) ),* $(,)?) => {
        /// lectio's commands.
        #[derive(Debug, Subcommand)]
        pub enum Command {
            $( $(#[$doc])* $variant(commands::$module::Args), )*
        }

        fn dispatch(command: Command, ctx: &mut Ctx) -> anyhow::Result<u8> {
            match command {
                $( Command::$variant(args) => commands::$module::run(args, ctx), )*
            }
        }
    };
}

commands! {
    /// Create an edition store.
    Init(init),
    /// Store a file as the next version of an edition.
    Add(add),
    /// List works and editions.
    List(list),
    /// Show an edition's versions.
    Log(log),
    /// Print a version's stored bytes exactly.
    Cat(cat),
    /// Re-hash every object and check every record.
    Verify(verify),
    /// Remove leftovers of interrupted writes; report or prune what no ref reaches.
    Gc(gc),
    /// Compare two texts word by word and classify each variant.
    Diff(diff),
    /// Align many witnesses into a table and a critical apparatus.
    Collate(collate),
    /// Align a source text with its translations sentence by sentence.
    Align(align),
    /// Score a predicted sentence alignment against a gold one.
    AlignScore(align_score),
    /// Variants across all pairs of witnesses: counts, distances, a tree.
    Variants(variants),
    /// The main job: one report over every work in the store.
    Report(report),
    /// Check working files against their editions (for CI).
    Check(check),
    /// Act as git's external diff driver.
    GitDiff(git_diff),
    /// Print a text's reading text (TEI XML read as its words; plain text unchanged).
    Extract(extract),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions),
    /// Print the manual page of lectio or of a command (roff), or write them all.
    Man(man),
}

/// Run the CLI and return the process exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            // Help and version go to stdout: a full disk there is an error (exit 6), a closed
            // pipe (`lectio --help | head -1`) is not.
            return match e.print() {
                Err(err) if code == exit::OK && err.kind() != std::io::ErrorKind::BrokenPipe => {
                    output::report_error(
                        &anyhow::Error::from(err).context("failed writing output"),
                        None,
                    );
                    exit::IO
                }
                _ => code,
            };
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            // As git does: output to git's pager (GIT_PAGER_IN_USE, set for `git diff` with an
            // external diff or driver) counts as a terminal.
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && (std::io::IsTerminal::is_terminal(&std::io::stdout())
                    || std::env::var_os("GIT_PAGER_IN_USE").is_some_and(|v| v == "true"))
        }
    };
    let mut ctx = Ctx {
        store: cli.store,
        color,
        out: output::Out::stdout(),
        progress: !cli.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
    };
    let result = dispatch(cli.command, &mut ctx).and_then(|code| {
        ctx.out.flush_checked()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(err) => output::report_error(&err, ctx.out.failure()),
    }
}
