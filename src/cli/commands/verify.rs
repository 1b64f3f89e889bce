//! `lectio verify`: re-hash every object and check every record and ref. Exit 0 when the
//! store is sound (warnings, such as leftover temp files, allowed); exit 3 naming each corrupt,
//! truncated or missing object and the file that holds it.

use std::io::Write;

use lectio::escape::terminal;
use lectio::store::{Severity, Store};

use crate::cli::Ctx;
use crate::cli::formats::StoreFormat as Format;

/// Arguments of `lectio verify`.
#[derive(Debug, clap::Args)]
#[command(
    after_long_help = "Re-hashes every text and record (streaming), parses every record, and checks that every ref names a sound record of its edition and every record's text and parent are present. Leftover temp files are warnings.\n\nExit codes: 0 sound (warnings allowed), 3 corruption found (each corrupt, truncated or missing object is named with its file), 6 I/O error."
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

/// Run the command.
pub fn run(args: Args, ctx: &mut Ctx) -> anyhow::Result<u8> {
    let store = Store::open(&ctx.store)?;
    let report = store.verify()?;
    let code = if report.has_errors() {
        lectio::exit::CORRUPT
    } else {
        lectio::exit::OK
    };
    if args.json || args.format == Format::Json {
        let doc = serde_json::json!({
            "version": 1,
            "store": store.root(),
            "sound": !report.has_errors(),
            "objects": report.objects,
            "records": report.records,
            "refs": report.refs,
            "problems": report.problems,
        });
        serde_json::to_writer_pretty(&mut ctx.out, &doc)?;
        writeln!(ctx.out)?;
        return Ok(code);
    }
    for p in &report.problems {
        let sev = match p.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let what = match &p.id {
            Some(id) => format!("object {id}: "),
            None => String::new(),
        };
        writeln!(
            ctx.out,
            "{sev}: {what}{} (file {})",
            terminal(&p.message),
            terminal(&p.path.display().to_string())
        )?;
    }
    let errors = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    writeln!(
        ctx.out,
        "checked {} texts, {} records, {} refs in {}: {}",
        report.objects,
        report.records,
        report.refs,
        store.root().display(),
        if errors == 0 {
            "sound".to_string()
        } else {
            format!("{errors} error{}", if errors == 1 { "" } else { "s" })
        }
    )?;
    Ok(code)
}
