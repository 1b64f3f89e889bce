//! `lectio add FILE --edition WORK/EDITION`: store FILE's bytes, exactly, as the edition's next
//! version and print `WORK/EDITION@N <blake3 of the bytes>`.
//!
//! A new edition needs `--lang` and `--kind` (and, for a translation, `--translation-of` or
//! `--source-lang`); later versions inherit the metadata unless a flag changes it. Bytes
//! identical to the latest version add nothing and say so (exit 0). `-` reads standard input.
//! Input must be text: UTF-8 (a BOM and CRLF line ends are kept and recorded) or UTF-16 with a
//! BOM; invalid UTF-8 (exit 2, with byte offset, line and column) and binary files (a NUL in the
//! first 8,000 bytes) are refused. The record keeps the file's path relative to the store's
//! parent folder, the time (`SOURCE_DATE_EPOCH` or `LECTIO_TIME` when set) and the author
//! (`LECTIO_AUTHOR`).

use std::io::Write;
use std::path::PathBuf;

use lectio::render::store::add;
use lectio::store::{AddOutcome, AddRequest, EditionKind, MetaChanges, Store};

use crate::cli::Ctx;
use crate::cli::formats::StoreFormat as Format;
use crate::cli::options;

const AFTER_HELP: &str = "Prints `WORK/EDITION@N <blake3 of the bytes>`. A new edition needs --lang and \
--kind (and, for a translation, --translation-of or --source-lang); later versions inherit its \
metadata unless a flag changes it. Bytes identical to the latest version add nothing (exit 0). \
Input must be UTF-8 (a BOM and CRLF are kept and recorded) or UTF-16 with a BOM. The record keeps \
the file's path relative to the store's parent folder, the time (SOURCE_DATE_EPOCH or LECTIO_TIME \
when set) and the author (LECTIO_AUTHOR).\n\nExit codes: 0 added or unchanged, 2 usage or input \
error (invalid UTF-8, binary, bad name, missing metadata), 3 store corruption, 4 store busy (lock \
timeout), 5 file larger than --max-size, 6 I/O error.";

/// `--kind` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// The author's own text.
    Original,
    /// A transcription of a witness.
    Transcription,
    /// An edition corrected by an editor.
    Emendation,
    /// A translation.
    Translation,
}

impl From<KindArg> for EditionKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Original => EditionKind::Original,
            KindArg::Transcription => EditionKind::Transcription,
            KindArg::Emendation => EditionKind::Emendation,
            KindArg::Translation => EditionKind::Translation,
        }
    }
}

/// Arguments of `lectio add`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct Args {
    /// The text file to store (`-` reads standard input).
    pub file: PathBuf,
    /// The edition: `WORK/EDITION`.
    #[arg(long, value_name = "WORK/EDITION")]
    pub edition: String,
    /// Edition metadata (boxed: it is large).
    #[command(flatten)]
    pub meta: Box<MetaArgs>,
    /// How to read the file: a TEI file (auto recognises it) must be well-formed to be stored.
    #[arg(long, value_enum, default_value_t = options::InputFormatArg::Auto, value_name = "FORMAT", env = "LECTIO_INPUT_FORMAT")]
    pub input_format: options::InputFormatArg,
    /// What changed in this version, and why.
    #[arg(short = 'm', long, value_name = "MESSAGE")]
    pub message: Option<String>,
    /// Add only if the edition's latest version is HASH (at least 6 hex digits of its text or
    /// record hash; `none` for a new edition); otherwise exit 4 and commit nothing.
    #[arg(long, value_name = "HASH")]
    pub expect_head: Option<String>,
    /// Largest accepted file (bytes, or with a KiB/MiB/GiB suffix); larger input exits 5.
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = options::size, env = "LECTIO_MAX_SIZE")]
    pub max_size: u64,
    #[command(flatten)]
    pub lock: options::LockArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Edition metadata flags of `lectio add`.
#[derive(Debug, clap::Args)]
pub struct MetaArgs {
    /// Language, a BCP 47 tag (`en`, `es`, `ru`); required for a new edition.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Kind of edition; required for a new edition.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Title.
    #[arg(long)]
    pub title: Option<String>,
    /// Where the text comes from (citation or URL).
    #[arg(long)]
    pub source: Option<String>,
    /// Short identifier for tables and apparatus (default: the edition's name).
    #[arg(long)]
    pub siglum: Option<String>,
    /// The edition this one translates (a reference, e.g. `WORK/EDITION`).
    #[arg(long, value_name = "REF", conflicts_with = "source_lang")]
    pub translation_of: Option<String>,
    /// The language translated from, when that edition is not in the store.
    #[arg(long, value_name = "LANG")]
    pub source_lang: Option<String>,
    /// Mark the edition as covering only part of the work.
    #[arg(long)]
    pub partial: bool,
    /// Notes about the edition (e.g. what a partial edition covers).
    #[arg(long)]
    pub notes: Option<String>,
}

/// A TEI file is stored byte for byte, but only when its reading text can be derived: invalid
/// XML or refused entities exit 2 before anything is written
/// ([`lectio::usecase::add::check_file`]; standard input is checked once read). Returns the
/// words of the reading text when the file is TEI.
fn check_tei(args: &Args) -> anyhow::Result<Option<u64>> {
    Ok(lectio::usecase::add::check_file(
        &args.file,
        input_format(args.input_format),
        args.max_size,
    )?)
}

fn input_format(arg: options::InputFormatArg) -> lectio::tei::InputFormat {
    options::InputArgs {
        input_format: arg,
        ..Default::default()
    }
    .format()
}

/// Store standard input. Input that is TEI (by `--input-format`, or recognised from its first
/// 64 KiB) is read up to the size limit and checked before it is stored; any other input is
/// streamed to the store as it comes (memory stays flat), and input over the limit is passed
/// on for the store to refuse (exit 5).
fn add_stdin(
    store: &Store,
    input_format: options::InputFormatArg,
    req: &AddRequest,
) -> anyhow::Result<AddOutcome> {
    use std::io::Read;
    const SNIFF: u64 = 64 * 1024;
    let read_err = |e: std::io::Error| anyhow::anyhow!("<stdin>: cannot read: {e}");
    let mut req = req.clone();
    req.source_path.get_or_insert_with(String::new);
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let format = self::input_format(input_format);
    let mut buf = Vec::new();
    if format != lectio::tei::InputFormat::Text {
        (&mut lock)
            .take(SNIFF)
            .read_to_end(&mut buf)
            .map_err(read_err)?;
    }
    let tei = match format {
        lectio::tei::InputFormat::Text => false,
        lectio::tei::InputFormat::Tei => true,
        lectio::tei::InputFormat::Auto => lectio::tei::is_tei(&String::from_utf8_lossy(&buf)),
    };
    if !tei {
        return Ok(store.add(std::io::Cursor::new(buf).chain(lock), &req)?);
    }
    (&mut lock)
        .take(
            store
                .max_size
                .saturating_add(1)
                .saturating_sub(buf.len() as u64),
        )
        .read_to_end(&mut buf)
        .map_err(read_err)?;
    if buf.len() as u64 > store.max_size {
        return Ok(store.add(std::io::Cursor::new(buf).chain(lock), &req)?);
    }
    req.words = lectio::usecase::add::check_bytes(buf.clone(), format, "<stdin>")?;
    Ok(store.add(std::io::Cursor::new(buf), &req)?)
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let Some((work, edition)) = args.edition.split_once('/') else {
        return Err(lectio::UsageError(format!(
            "--edition '{}' must be WORK/EDITION (e.g. politburo-1932/en-marxists)",
            lectio::escape::terminal(&args.edition)
        ))
        .into());
    };
    let words = check_tei(&args)?;
    let (from_stdin, input_format) = (args.file.as_os_str() == "-", args.input_format);
    let mut store = Store::open(&ctx.store)?;
    store.max_size = args.max_size;
    store.lock_timeout = args.lock.lock_timeout.duration();
    let req = AddRequest {
        work: work.to_string(),
        edition: edition.to_string(),
        meta: MetaChanges {
            lang: args.meta.lang,
            kind: args.meta.kind.map(Into::into),
            title: args.meta.title,
            source: args.meta.source,
            siglum: args.meta.siglum,
            translation_of: args.meta.translation_of,
            source_lang: args.meta.source_lang,
            partial: args.meta.partial.then_some(true),
            notes: args.meta.notes,
        },
        message: args.message.unwrap_or_default(),
        time: crate::cli::env::record_time()?,
        author: Some(crate::cli::env::author()),
        expect_head: args.expect_head,
        words,
        ..Default::default()
    };
    let outcome = if from_stdin {
        add_stdin(&store, input_format, &req)?
    } else {
        store.add_file(&args.file, &req)?
    };
    for id in &outcome.repaired {
        let _ = writeln!(
            std::io::stderr(),
            "warning: object {id} was corrupt on disk and has been replaced by a sound copy"
        );
    }
    match args.format {
        Format::Text => add::text(&outcome, &mut ctx.out)?,
        Format::Json => add::json(&outcome, &mut ctx.out)?,
    }
    Ok(lectio::exit::OK)
}
