//! Align a source text with its translations sentence by sentence, and check them.
//!
//! Each TRANSLATION is aligned with SOURCE independently (in parallel). Languages come from
//! `--source-lang`/`--target-lang`, else from the editions' metadata, else from a file name
//! that starts with a language code (`en-…`, `es_…`) or ends in one (`dev.de`), else from the
//! text (common function words, script). `tmx` and `parallel` refuse (exit 2) when a language
//! is still unknown.
//!
//! Formats: `text` (side by side, findings marked `!`), `json`, `tmx` (TMX 1.4b, one file per
//! language pair), `html`, `beads` (vecalign's `[0, 1]:[0]`), `tsv`, `parallel` (two plain
//! files, one aligned sentence per line; needs `--out-dir`). `tmx` and `beads` describe one
//! pair: with several translations give `--out-dir DIR`, which receives
//! `SOURCE.TRANSLATION.tmx` (or `.beads`) per translation, named from the edition names or
//! the file stems. Sentences are numbered from 0 and beads from 1 in every format.
//!
//! With `--gold FILE` (one translation) the output is the strict and lax precision, recall and
//! F1 of the alignment against FILE (vecalign beads); `--out-dir` still saves the alignment.
//!
//! Exit codes: 0 aligned without findings, 1 aligned with QA findings (omissions, additions,
//! numbers or names on one side only, odd lengths), 2 usage or input error, 6 output error.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::formats::AlignFormat as Format;
use crate::cli::options::{self, MaxSizeArg, Seconds};
use crate::cli::{Ctx, out_file};
use lectio::align::{self, AlignOptions, Bitext, Glossary, IndexBead, Side};
use lectio::escape::terminal;
use lectio::render::align as render;

/// Help text after the options.
const AFTER_HELP: &str = "Findings: omissions and additions (one per consecutive run), numbers or \
source names missing from their bead, beads far outside the pair's length ratio, translation sentences repeated. tmx and beads \
describe one pair: with several translations use --out-dir DIR. More in docs/align.md.\n\n\
Exit codes: 0 aligned without findings (and with --gold), 1 aligned with findings, \
2 usage or input error, 6 I/O error.";

/// Arguments of `lectio align`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// How TEI XML input is read.
    #[command(flatten)]
    pub input: crate::cli::options::InputArgs,
    /// The source text (file or edition reference).
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// One or more translations (files or edition references).
    #[arg(value_name = "TRANSLATION", required = true)]
    pub translations: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', default_value = "text", env = "LECTIO_ALIGN_FORMAT")]
    pub format: Format,
    /// Language of the source (BCP 47); overrides the edition's metadata and the file name.
    #[arg(long, value_name = "LANG")]
    pub source_lang: Option<String>,
    /// Language of the translations (BCP 47); overrides metadata and file names.
    #[arg(long, value_name = "LANG")]
    pub target_lang: Option<String>,
    /// Inputs are already segmented: one sentence per line, blank lines between paragraphs.
    #[arg(long)]
    pub segmented: bool,
    /// Word pairs that translate each other (`source<TAB>target` per line), used as anchors.
    #[arg(long, value_name = "FILE")]
    pub glossary: Option<PathBuf>,
    /// Score the alignment against gold beads in FILE instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    /// Write one file per translation into DIR (needed for tmx and beads with several
    /// translations).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Input size limit.
    #[command(flatten)]
    pub max_size: MaxSizeArg,
    /// Time budget per translation in seconds; past it the search band is no longer widened
    /// and the alignment (whole, but perhaps not the best) comes with a warning.
    #[arg(
        long,
        default_value = "10",
        value_name = "SECS",
        value_parser = options::seconds,
        env = "LECTIO_ALIGN_DEADLINE"
    )]
    pub deadline: Seconds,
}

/// One text as read: label, short name for file names, language, text.
struct Loaded {
    label: String,
    name: Option<String>,
    lang: String,
    text: String,
}

/// Read one text. The language comes from `lang` (the command line), else the edition's
/// metadata, else the file name, else the text itself (empty when nothing tells).
fn load(
    ctx: &Ctx,
    input: &crate::cli::options::InputArgs,
    spec: &str,
    lang: Option<&str>,
    limit: u64,
) -> anyhow::Result<Loaded> {
    let w = input.load_plain(&ctx.store, spec, limit)?;
    let lang = lang
        .map(str::to_string)
        .or(w.lang.clone())
        .or_else(|| lectio::text::lang::from_file_name(&w.label))
        .or_else(|| lectio::text::lang::detect(&w.text).map(str::to_string))
        .unwrap_or_default();
    Ok(Loaded {
        label: w.label,
        name: w.edition,
        lang,
        text: w.text,
    })
}

/// Read an input file the user named (a glossary, gold beads): a file that cannot be read is
/// an input error (exit 2), not an output failure.
pub(crate) fn read_input(p: &std::path::Path, what: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(p)
        .map_err(|e| lectio::UsageError(format!("cannot read {what} {}: {e}", p.display())).into())
}

/// A name safe as part of a file name.
fn file_part(name: &str) -> String {
    name.replace(['/', '\\', '@', ':'], "_")
}

fn usage(msg: String) -> anyhow::Error {
    lectio::UsageError(msg).into()
}

/// Refuse combinations that cannot be written, before any work.
fn check_args(args: &Args) -> anyhow::Result<()> {
    let multi = args.translations.len() > 1;
    if args.gold.is_some() && multi {
        return Err(usage("--gold needs exactly one translation".into()));
    }
    if args.format == Format::Parallel && args.out_dir.is_none() && args.gold.is_none() {
        return Err(usage(
            "--format parallel writes two files per translation: give --out-dir DIR".into(),
        ));
    }
    if multi
        && matches!(args.format, Format::Tmx | Format::Beads)
        && args.out_dir.is_none()
        && args.gold.is_none()
    {
        return Err(usage(format!(
            "--format {} describes one language pair: give one translation, or --out-dir DIR \
             to write one file per translation",
            if args.format == Format::Tmx {
                "tmx"
            } else {
                "beads"
            }
        )));
    }
    Ok(())
}

/// TMX and parallel files name both languages: refuse (exit 2) rather than write `und`.
fn check_langs(args: &Args, sides: &[Side]) -> anyhow::Result<()> {
    if args.gold.is_some() || !matches!(args.format, Format::Tmx | Format::Parallel) {
        return Ok(());
    }
    if let Some(s) = sides.iter().find(|s| s.lang.is_empty()) {
        let flag = if std::ptr::eq(s, &sides[0]) {
            "--source-lang"
        } else {
            "--target-lang"
        };
        return Err(usage(format!(
            "the language of {} is unknown (no metadata, no language code in the file name, \
             and the text is too short or mixed to tell): give {flag} LANG",
            lectio::escape::terminal(&s.label)
        )));
    }
    Ok(())
}

/// Write one file (or, for `parallel`, two) per translation into `dir`; returns the paths.
fn write_out_dir(bitext: &Bitext, format: Format, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let ext = render::Format::from(format).extension();
    let mut used = std::collections::HashSet::new();
    let mut written = Vec::new();
    let save = |path: PathBuf, buf: Vec<u8>, written: &mut Vec<PathBuf>| -> anyhow::Result<()> {
        out_file::write(&path, &buf).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
        Ok(())
    };
    for p in &bitext.pairs {
        // Two translations with the same name (from different folders) get `-2`, `-3`…
        let base = format!(
            "{}.{}",
            file_part(&bitext.source.name),
            file_part(&p.target.name)
        );
        let mut name = base.clone();
        let mut n = 1;
        while !used.insert(name.clone()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        let one = Bitext {
            source: bitext.source.clone(),
            pairs: vec![p.clone()],
        };
        if format == Format::Parallel {
            let (sl, tl) = (file_part(&bitext.source.lang), file_part(&p.target.lang));
            let (sx, tx) = if sl == tl {
                (format!("source.{sl}"), format!("target.{tl}"))
            } else {
                (sl, tl)
            };
            let (mut a, mut b) = (Vec::new(), Vec::new());
            render::parallel::write(&one, &one.pairs[0], &mut a, &mut b)?;
            save(dir.join(format!("{name}.{sx}")), a, &mut written)?;
            save(dir.join(format!("{name}.{tx}")), b, &mut written)?;
        } else {
            let mut buf = Vec::new();
            render::render_pair(&one, 0, format.into(), &mut buf)?;
            save(dir.join(format!("{name}.{ext}")), buf, &mut written)?;
        }
    }
    Ok(written)
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    check_args(&args)?;
    let glossary = match &args.glossary {
        Some(p) => {
            let text = read_input(p, "glossary")?;
            Some(Glossary::parse(&text, &p.display().to_string())?)
        }
        None => None,
    };
    lectio::store::check_stdin_once(
        std::iter::once(&args.source)
            .chain(&args.translations)
            .map(String::as_str),
    )?;
    let limit = args.max_size.max_size;
    let mut texts = vec![load(
        ctx,
        &args.input,
        &args.source,
        args.source_lang.as_deref(),
        limit,
    )?];
    for t in &args.translations {
        texts.push(load(
            ctx,
            &args.input,
            t,
            args.target_lang.as_deref(),
            limit,
        )?);
    }
    // Segment every text in parallel; order is kept.
    let mut sides: Vec<Side> = {
        use rayon::prelude::*;
        texts
            .into_par_iter()
            .map(|l| {
                let mut s = Side::new(&l.label, &l.lang, l.text, args.segmented);
                if let Some(n) = l.name {
                    s.name = n;
                }
                s
            })
            .collect()
    };
    check_langs(&args, &sides)?;
    let targets = sides.split_off(1);
    let source = sides.pop().expect("the source is loaded");
    let opts = AlignOptions {
        glossary,
        weights: None,
        deadline: Some(args.deadline.duration()),
    };
    let spinner = crate::cli::progress::Spinner::start(ctx.progress, "aligning");
    let bitext = align::align(source, targets, &opts);
    drop(spinner);
    for p in bitext.pairs.iter().filter(|p| p.approximate) {
        writeln!(
            std::io::stderr(),
            "warning: approximate alignment of {} (deadline of {}s reached); every sentence is \
             aligned, but a longer search might align some differently",
            terminal(&p.target.label),
            args.deadline
        )
        .ok();
    }

    if let Some(dir) = &args.out_dir {
        for path in write_out_dir(&bitext, args.format, dir)? {
            if args.gold.is_none() {
                writeln!(ctx.out, "wrote {}", terminal(&path.display().to_string()))?;
            }
        }
    }
    if let Some(gold) = &args.gold {
        let text = read_input(gold, "gold")?;
        let g = align::parse_beads(&text, &gold.display().to_string())?;
        let pred: Vec<IndexBead> = bitext.pairs[0].beads.iter().map(IndexBead::from).collect();
        let s = align::score(&[(&pred, &g)]);
        render::scores::write(&s, &mut ctx.out)?;
        return Ok(lectio::exit::OK);
    }
    if args.out_dir.is_none() {
        render::render_all(&bitext, args.format.into(), &mut ctx.out)?;
    }
    Ok(if bitext.finding_count() > 0 {
        lectio::exit::DIFFERENCES
    } else {
        lectio::exit::OK
    })
}
