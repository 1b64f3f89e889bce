//! Align a source text with its translations sentence by sentence, and check them.
//!
//! Each TRANSLATION is aligned with SOURCE independently (in parallel). Languages come from
//! `--source-lang`/`--target-lang`, else from the editions' metadata, else from a file name
//! that starts with a language code (`en-…`, `es_…`) or ends in one (`dev.de`).
//!
//! Formats: `text` (side by side, findings marked `!`), `json`, `tmx` (TMX 1.4b, one file per
//! language pair), `html`, `beads` (vecalign's `[0, 1]:[0]`), `tsv`. `tmx` and `beads` describe
//! one pair: with several translations give `--out-dir DIR`, which receives
//! `SOURCE.TRANSLATION.tmx` (or `.beads`) per translation.
//!
//! With `--gold FILE` (one translation) the output is the strict and lax precision, recall and
//! F1 of the alignment against FILE (vecalign beads); `--out-dir` still saves the alignment.
//!
//! Exit codes: 0 aligned without findings, 1 aligned with QA findings (omissions, additions,
//! numbers or names on one side only, odd lengths), 2 usage or input error, 6 output error.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use crate::cli::formats::AlignFormat as Format;
use crate::cli::options::{self, MaxSizeArg, Seconds};
use crate::cli::{Ctx, out_file};
use lectio::align::{self, AlignOptions, Bitext, Glossary, IndexBead, Side};
use lectio::escape::terminal;
use lectio::render::align as render;

/// Help text after the options.
const AFTER_HELP: &str = "Findings: omissions and additions (one per consecutive run), numbers or \
names on one side of a bead only, beads far outside the pair's length ratio. tmx and beads \
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

/// A language code guessed from a file name: `en-…`, `es_…`, `….de`.
fn guess_lang(label: &str) -> Option<String> {
    const KNOWN: [&str; 10] = ["en", "es", "de", "fr", "ru", "it", "pt", "nl", "pl", "la"];
    let name = std::path::Path::new(label).file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let prefix = lower
        .get(..2)
        .filter(|_| lower[2..].starts_with(['-', '_', '.']) || lower.len() == 2);
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    [prefix, ext]
        .into_iter()
        .flatten()
        .find(|c| KNOWN.contains(c))
        .map(str::to_string)
}

/// Read one text; returns (label, language, text).
fn load(
    ctx: &Ctx,
    input: &crate::cli::options::InputArgs,
    spec: &str,
    lang: Option<&str>,
    limit: u64,
) -> anyhow::Result<(String, String, String)> {
    let w = input.load_plain(&ctx.store, spec, limit)?;
    let lang = lang
        .map(str::to_string)
        .or(w.lang.clone())
        .or_else(|| guess_lang(&w.label))
        .unwrap_or_default();
    Ok((w.label, lang, w.text))
}

/// Read an input file the user named (a glossary, gold beads): a file that cannot be read is
/// an input error (exit 2), not an output failure.
pub(crate) fn read_input(p: &std::path::Path, what: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(p)
        .map_err(|e| lectio::UsageError(format!("cannot read {what} {}: {e}", p.display())).into())
}

fn stem(label: &str) -> String {
    let s = std::path::Path::new(label)
        .file_name()
        .map_or(label.to_string(), |s| s.to_string_lossy().into_owned());
    s.replace(['/', '\\', '@', ':'], "_")
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let multi = args.translations.len() > 1;
    if args.gold.is_some() && multi {
        return Err(lectio::UsageError("--gold needs exactly one translation".into()).into());
    }
    if multi
        && matches!(args.format, Format::Tmx | Format::Beads)
        && args.out_dir.is_none()
        && args.gold.is_none()
    {
        return Err(lectio::UsageError(format!(
            "--format {} describes one language pair: give one translation, or --out-dir DIR \
             to write one file per translation",
            if args.format == Format::Tmx {
                "tmx"
            } else {
                "beads"
            }
        ))
        .into());
    }
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
            .map(|(label, lang, text)| Side::new(&label, &lang, text, args.segmented))
            .collect()
    };
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
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let ext = render::Format::from(args.format).extension();
        let mut used = std::collections::HashSet::new();
        for p in &bitext.pairs {
            // Two translations with the same file name (from different folders) get `-2`, `-3`…
            let base = format!("{}.{}", stem(&bitext.source.label), stem(&p.target.label));
            let mut name = format!("{base}.{ext}");
            let mut n = 1;
            while !used.insert(name.clone()) {
                n += 1;
                name = format!("{base}-{n}.{ext}");
            }
            let path = dir.join(name);
            let mut buf = Vec::new();
            let one = Bitext {
                source: bitext.source.clone(),
                pairs: vec![p.clone()],
            };
            render::render_pair(&one, 0, args.format.into(), &mut buf)?;
            out_file::write(&path, &buf)
                .with_context(|| format!("cannot write {}", path.display()))?;
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
