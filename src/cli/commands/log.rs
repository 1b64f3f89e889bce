//! `lectio log REF`: an edition's versions, newest first: number, hash, time, size, words and
//! message. REF is `WORK/EDITION` (any `@N` is ignored: the whole edition is shown) or `EDITION`
//! when unique.

use std::io::Write;

use lectio::escape::terminal;
use lectio::store::Store;
use lectio::store::record::format_time;

use crate::cli::Ctx;
use crate::cli::formats::StoreFormat as Format;

/// Arguments of `lectio log`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "REF is WORK/EDITION or EDITION when only one work has it. Versions are shown newest first with number, text hash, time (UTC), size, words, non-default encoding or line endings, and message.\n\nExit codes: 0 success, 2 unknown or ambiguous edition, 3 store corruption, 6 I/O error."
)]
pub struct Args {
    /// The edition: `WORK/EDITION` or `EDITION`.
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let store = Store::open(&ctx.store)?;
    let v = store.resolve(&args.reference)?;
    let versions = store.history(&v.record.work, &v.record.edition)?;
    let head = &versions[0].record;
    if args.format == Format::Json {
        let doc = serde_json::json!({
            "version": 1,
            "work": head.work,
            "edition": head.edition,
            "versions": versions.iter().map(|v| serde_json::json!({
                "reference": v.reference(),
                "number": v.record.number,
                "hash": v.record.content,
                "record_id": v.id,
                "time": format_time(v.record.time),
                "size": v.record.size,
                "words": v.record.words,
                "encoding": v.record.encoding.as_str(),
                "line_endings": v.record.line_endings,
                "author": v.record.author,
                "source_path": v.record.source_path,
                "message": v.record.message,
                "meta": v.record.meta,
            })).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut ctx.out, &doc)?;
        writeln!(ctx.out)?;
        return Ok(lectio::exit::OK);
    }
    writeln!(
        ctx.out,
        "{}/{}  {} {}{}{}",
        head.work,
        head.edition,
        terminal(&head.meta.lang),
        head.meta.kind.as_str(),
        if head.meta.partial { " (partial)" } else { "" },
        if head.meta.title.is_empty() {
            String::new()
        } else {
            format!("  {}", terminal(&head.meta.title))
        }
    )?;
    for v in &versions {
        let r = &v.record;
        let mut facts = vec![r.encoding.as_str(), r.line_endings.as_str()];
        facts.retain(|f| *f != "utf-8" && *f != "lf");
        writeln!(
            ctx.out,
            "@{:<3} {}  {}  {} bytes  {} words{}",
            r.number,
            r.content,
            format_time(r.time),
            r.size,
            r.words,
            if facts.is_empty() {
                String::new()
            } else {
                format!("  [{}]", facts.join(", "))
            }
        )?;
        for line in r.message.lines() {
            writeln!(ctx.out, "     {}", terminal(line))?;
        }
    }
    Ok(lectio::exit::OK)
}
