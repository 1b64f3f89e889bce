//! The main job: one report over every work in the store.
//!
//! For every work: each language group of editions collated (alignment table and apparatus,
//! variants highlighted by class), the variant matrix of every version as a heat map and a
//! tree, side-by-side diffs of each edition's consecutive versions, and each translation
//! aligned sentence by sentence with an edition in its source language, with its QA findings.
//! All of it is written as ONE self-contained HTML file (`--out`, default
//! `lectio-report.html`): no external scripts, fonts or styles, a Content-Security-Policy that
//! forbids remote loads, readable on a laptop and a phone, with filters by class and jumps
//! between places. A short summary goes to standard output; `--format json` prints the same
//! data for machines instead.
//!
//! The model is built by `lectio::usecase::work_report` and rendered by `lectio::render::page`.
//!
//! Exit codes: 0 the report was written (variants are the report's content, not a failure),
//! 2 usage or input error, 3 store corruption, 6 the file could not be written.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::cli::formats::Tree;
use crate::cli::{Ctx, out_file};
use lectio::exit;
use lectio::render::page;
use lectio::usecase::work_report::{ReportError, ReportOptions, build};

/// `--format` of `lectio report` (what goes to standard output).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A short summary: works, editions, variants by class, time taken.
    Text,
    /// The report's data as JSON (versioned).
    Json,
}

/// Arguments of `lectio report`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 the report was written, 2 usage or input error, \
3 store corruption, 6 the file could not be written."
)]
pub struct Args {
    /// Where to write the HTML page (`-` for standard output, which then gets no summary;
    /// with `--format json`, standard output gets the JSON only). A device or FIFO is
    /// written into and a symlink is followed; a regular file is replaced atomically.
    #[arg(long, short, value_name = "FILE", default_value = "lectio-report.html")]
    pub out: PathBuf,
    /// What to print on standard output.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only this work.
    #[arg(long, value_name = "WORK")]
    pub work: Option<String>,
    /// How to build the trees.
    #[arg(long, value_enum, default_value_t = Tree::Nj)]
    pub tree: Tree,
    /// The order of a language's separate editions for the consecutive-edition diffs
    /// (edition names, comma-separated); by default, the time of their latest version.
    #[arg(long, value_name = "EDITION,…", value_delimiter = ',')]
    pub series: Vec<String>,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let opts = ReportOptions {
        tree: args.tree.into(),
        work: args.work.clone(),
        series: args.series.clone(),
    };
    // Unwrap the library error so the exit code of its cause (store corruption: 3) applies.
    let spinner = crate::cli::progress::Spinner::start(ctx.progress, "building the report");
    let r = build(&ctx.store, &opts);
    drop(spinner);
    let r = r.map_err(|e| match e {
        ReportError::Store(e) => anyhow::Error::from(e),
        ReportError::Collate(e) => anyhow::Error::from(e),
        ReportError::Tei(e) => anyhow::Error::from(e),
        ReportError::Variants(e) => lectio::UsageError(e.to_string()).into(),
    })?;
    if args.out.as_os_str() == "-" {
        // Standard output holds one document: the data when asked for, else the page.
        match args.format {
            Format::Json => page::json::render(&r, &mut ctx.out)?,
            Format::Text => page::html::render(&r, &mut ctx.out).context("writing the report")?,
        }
        return Ok(exit::OK);
    }
    let mut html = Vec::new();
    page::html::render(&r, &mut html)?;
    out_file::write(&args.out, &html)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    match args.format {
        Format::Text => {
            page::text::render(&r, Some(&args.out.display().to_string()), &mut ctx.out)?
        }
        Format::Json => page::json::render(&r, &mut ctx.out)?,
    }
    Ok(exit::OK)
}
