//! Act as git's external diff: print lectio's word-level, classed diff of each changed file.
//!
//! For one command: `GIT_EXTERNAL_DIFF="lectio git-diff" git diff` (and
//! `git log -p --ext-diff`). For some files, as a diff driver:
//!
//! ```text
//! git config diff.lectio.command "lectio git-diff"
//! echo '*.txt diff=lectio' >> .gitattributes
//! ```
//!
//! git calls it with 7 arguments (`PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`),
//! 9 for a rename or copy (`… NEW-PATH RENAME-INFO`), or 1 for an unmerged path. An added or
//! deleted file has `/dev/null` on the missing side. Binary and non-UTF-8 files get a one-line
//! note. The exit code is always 0, so git goes on to the next file. Colour follows `--color`,
//! `LECTIO_COLOR` and `NO_COLOR`; with `auto`, output to git's pager is coloured as git does.
//! Comparison options (`--ignore case`, …) go before git's arguments:
//! `git config diff.lectio.command "lectio git-diff --ignore case"`.

use std::ffi::OsString;
use std::io::Write;

use crate::cli::Ctx;
use crate::cli::options::{CompareArgs, MaxSizeArg};
use lectio::escape::terminal;
use lectio::exit;
use lectio::render::diff::{Input, text, word_diff};
use lectio::store::Witness;

const AFTER_HELP: &str = "git passes 7 arguments (path old-file old-hex old-mode new-file new-hex \
new-mode), 9 for renames (+ new-path rename-info), 1 for an unmerged path.\n\nSetup: \
`GIT_EXTERNAL_DIFF=\"lectio git-diff\" git diff`, or `git config diff.lectio.command \"lectio \
git-diff\"` with `*.txt diff=lectio` in .gitattributes; `git log -p --ext-diff` uses either.\n\n\
Exit codes: always 0 when called by git (problems with a file are printed as a note); 2 for a \
wrong number of arguments.";

/// `--format` values of `lectio git-diff`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum GitFormat {
    /// Each variant with line:column, its kind and class, in context.
    #[default]
    Text,
    /// The old text with `[-old-]{+new+}` inline.
    WordDiff,
}

/// Arguments of `lectio git-diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = GitFormat::Text, env = "LECTIO_GIT_DIFF_FORMAT")]
    pub format: GitFormat,
    /// Words of context around each variant.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub context: usize,
    /// Comparison options, as in `lectio diff`.
    #[command(flatten)]
    pub compare: CompareArgs,
    /// Input size limit: a larger file is noted and not compared.
    #[command(flatten)]
    pub max_size: MaxSizeArg,
    /// How TEI XML input is read.
    #[command(flatten)]
    pub input: crate::cli::options::InputArgs,
    /// The arguments git passes (1, 7 or 9).
    #[arg(
        value_name = "GIT-ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true,
        num_args = 1..
    )]
    pub git: Vec<OsString>,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let git: Vec<String> = args
        .git
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    match git.len() {
        1 => {
            writeln!(ctx.out, "* Unmerged path {}", terminal(&git[0]))?;
            return Ok(exit::OK);
        }
        7 | 9 => {}
        n => {
            return Err(lectio::UsageError(format!(
                "git-diff expects the 7 or 9 arguments git passes to an external diff (or 1 for an \
                 unmerged path), not {n}\nhint: use it through git: GIT_EXTERNAL_DIFF=\"lectio git-diff\" git diff"
            ))
            .into());
        }
    }
    let path = &git[0];
    let (old_file, old_mode) = (&git[1], &git[3]);
    let (new_file, new_mode) = (&git[4], &git[6]);
    let new_path = git.get(7).unwrap_or(path);
    let info = git.get(8);
    let color = ctx.color;
    let bold = anstyle::Style::new().bold();
    let header = |s: String| {
        if color {
            format!("{}{s}{}", bold.render(), bold.render_reset())
        } else {
            s
        }
    };

    let out = &mut ctx.out;
    writeln!(
        out,
        "{}",
        header(format!(
            "lectio diff a/{} b/{}",
            terminal(path),
            terminal(new_path)
        ))
    )?;
    if let Some(info) = info {
        for line in info.lines().filter(|l| !l.trim().is_empty()) {
            writeln!(out, "{}", header(terminal(line).into_owned()))?;
        }
    }
    let added = old_file == "/dev/null";
    let deleted = new_file == "/dev/null";
    if added {
        writeln!(out, "new file mode {}", terminal(new_mode))?;
    } else if deleted {
        writeln!(out, "deleted file mode {}", terminal(old_mode))?;
    } else if old_mode != new_mode {
        writeln!(out, "old mode {}", terminal(old_mode))?;
        writeln!(out, "new mode {}", terminal(new_mode))?;
    }
    let old_label = if added {
        "/dev/null".to_string()
    } else {
        format!("a/{path}")
    };
    let new_label = if deleted {
        "/dev/null".to_string()
    } else {
        format!("b/{new_path}")
    };
    let limit = args.max_size.max_size;
    let load = |file: &str, label: &str| -> Result<Witness, String> {
        if file == "/dev/null" {
            return Ok(Witness {
                label: label.to_string(),
                ..Default::default()
            });
        }
        if lectio::store::is_pipe(std::path::Path::new(file)) {
            return Err(format!(
                "{label} is a pipe or socket, not a file (not compared)"
            ));
        }
        let bytes = lectio::store::read_limited(std::path::Path::new(file), limit).map_err(|e| match e {
            lectio::store::StoreError::Read { source, .. } => format!("cannot read {label}: {source}"),
            lectio::store::StoreError::TooLarge { limit, .. } => format!(
                "{label} is larger than the limit of {limit} bytes (--max-size, LECTIO_MAX_SIZE); not compared"
            ),
            e => e.to_string(),
        })?;
        let decoded = lectio::text::decode(&bytes, label).map_err(|e| match e {
            lectio::text::InputError::Binary { .. } => {
                format!("Binary file {label} not compared (lectio compares text only)")
            }
            e => format!(
                "{} (not compared)",
                e.to_string().lines().next().unwrap_or_default()
            ),
        })?;
        Ok(Witness {
            label: label.to_string(),
            text: decoded.text.into_owned(),
            ..Default::default()
        })
    };
    let read = |w: Result<Witness, String>| {
        w.and_then(|w| {
            args.input.read(w).map_err(|e| {
                format!(
                    "{} (not compared)",
                    e.to_string().lines().next().unwrap_or_default()
                )
            })
        })
    };
    let (old, new) = match (
        read(load(old_file, &old_label)),
        read(load(new_file, &new_label)),
    ) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            writeln!(out, "note: {}", terminal(&e))?;
            return Ok(exit::OK);
        }
    };
    let cmp = match args.compare.comparison(&[], false) {
        Ok(x) => x,
        Err(e) => {
            // A bad option in the driver's configuration: say so, and let git go on.
            writeln!(out, "note: {} (not compared)", terminal(&format!("{e:#}")))?;
            return Ok(exit::OK);
        }
    };
    let mut diff = lectio::diff::diff_filtered(&old.text, &new.text, &cmp.diff, &cmp.filter);
    // A TEI file's variants are placed at its XML lines, where the reviewer reads them.
    lectio::diff::locate_in_sources(&mut diff, &old, &new);
    let input = Input {
        diff: &diff,
        old: &old,
        new: &new,
        filter: &cmp.filter,
        normalized: &cmp.normalized,
        color,
        context: args.context,
    };
    match args.format {
        GitFormat::Text => text::render(&input, out)?,
        GitFormat::WordDiff => {
            writeln!(out, "--- {}", terminal(&old.label))?;
            writeln!(out, "+++ {}", terminal(&new.label))?;
            word_diff::render(&input, out)?;
        }
    }
    Ok(exit::OK)
}
