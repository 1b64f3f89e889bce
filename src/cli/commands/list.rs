//! `lectio list`: every work and edition in the store, with language, kind, number of
//! versions, latest hash and word count.

use std::io::Write;

use lectio::escape::terminal;
use lectio::store::{EditionSummary, Store};

use crate::cli::Ctx;
use crate::cli::formats::StoreFormat as Format;

/// Arguments of `lectio list`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Shows each work's editions: language, kind, number of versions, latest text hash, words, and the title.\n\nExit codes: 0 success, 2 no store, 3 store corruption, 6 I/O error."
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// The JSON form of one edition (shared with `log`).
pub fn edition_json(e: &EditionSummary) -> serde_json::Value {
    let r = &e.head.record;
    serde_json::json!({
        "work": e.work,
        "edition": e.edition,
        "lang": r.meta.lang,
        "kind": r.meta.kind,
        "title": r.meta.title,
        "source": r.meta.source,
        "siglum": e.head.siglum(),
        "translation_of": r.meta.translation_of,
        "source_lang": r.meta.source_lang,
        "partial": r.meta.partial,
        "notes": r.meta.notes,
        "versions": e.versions,
        "latest": {
            "reference": e.head.reference(),
            "hash": r.content,
            "record_id": e.head.id,
            "size": r.size,
            "words": r.words,
            "time": lectio::store::record::format_time(r.time),
            "source_path": r.source_path,
        },
    })
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let store = Store::open(&ctx.store)?;
    let editions = store.list()?;
    if args.format == Format::Json {
        let doc = serde_json::json!({
            "version": 1,
            "store": store.root(),
            "editions": editions.iter().map(edition_json).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut ctx.out, &doc)?;
        writeln!(ctx.out)?;
        return Ok(lectio::exit::OK);
    }
    if editions.is_empty() {
        writeln!(
            ctx.out,
            "no editions yet in {}\nadd one: lectio add FILE --edition WORK/EDITION --lang LANG --kind KIND",
            store.root().display()
        )?;
        return Ok(lectio::exit::OK);
    }
    let width = editions.iter().map(|e| e.edition.len()).max().unwrap_or(0);
    let mut last_work = "";
    for e in &editions {
        if e.work != last_work {
            writeln!(ctx.out, "{}", e.work)?;
            last_work = &e.work;
        }
        let r = &e.head.record;
        let mut facts = Vec::new();
        if !r.meta.translation_of.is_empty() {
            facts.push(format!("translation of {}", r.meta.translation_of));
        } else if !r.meta.source_lang.is_empty() {
            facts.push(format!("from {}", r.meta.source_lang));
        }
        if r.meta.partial {
            facts.push("partial".to_string());
        }
        let mut line = format!(
            "  {:<width$}  {:<5} {:<13} {:>3} version{}  {}  {:>6} words",
            e.edition,
            terminal(&r.meta.lang),
            r.meta.kind.as_str(),
            e.versions,
            if e.versions == 1 { " " } else { "s" },
            r.content.short(),
            r.words,
        );
        if !r.meta.title.is_empty() {
            line.push_str("  ");
            line.push_str(&terminal(&r.meta.title));
        }
        if !facts.is_empty() {
            line.push_str(&format!("  [{}]", terminal(&facts.join(", "))));
        }
        writeln!(ctx.out, "{line}")?;
    }
    Ok(lectio::exit::OK)
}
