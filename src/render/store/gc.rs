//! `lectio gc`: what was found in the store and what was removed.

use std::io::Write;
use std::path::Path;

use crate::escape::terminal;
use crate::store::{GcAction, GcItem, GcKind, GcOptions, GcReport, Problem};

#[derive(serde::Serialize)]
struct GcJson<'a> {
    version: u32,
    store: &'a Path,
    prune: bool,
    dry_run: bool,
    prune_cutoff: u64,
    temp_cutoff: u64,
    freed: u64,
    items: &'a [GcItem],
    problems: &'a [Problem],
}

/// The JSON document: every item with its action, and the problems.
pub fn json(
    root: &Path,
    opts: &GcOptions,
    report: &GcReport,
    w: &mut impl Write,
) -> std::io::Result<()> {
    let doc = GcJson {
        version: 1,
        store: root,
        prune: opts.prune,
        dry_run: opts.dry_run,
        prune_cutoff: report.prune_cutoff,
        temp_cutoff: report.temp_cutoff,
        freed: report.freed(),
        items: &report.items,
        problems: &report.problems,
    };
    super::write_json(&doc, w)
}

fn action(a: GcAction) -> &'static str {
    match a {
        GcAction::Removed => "removed",
        GcAction::WouldRemove => "would remove",
        GcAction::Prunable => "unreachable (--prune removes it)",
        GcAction::KeptRecent => "kept (recent)",
        GcAction::KeptInUse => "kept (in use)",
    }
}

/// One line per item and per problem, then a summary line.
pub fn text(
    root: &Path,
    opts: &GcOptions,
    report: &GcReport,
    w: &mut impl Write,
) -> std::io::Result<()> {
    for p in &report.problems {
        writeln!(
            w,
            "error: {} (file {})",
            terminal(&p.message),
            terminal(&p.path.display().to_string())
        )?;
    }
    for i in &report.items {
        let what = match (i.kind, &i.version) {
            (GcKind::Record, Some(v)) => format!("orphan record {} of {v}", short(&i.id)),
            (GcKind::Record, None) => format!("orphan record {}", short(&i.id)),
            (GcKind::Object, _) => format!("unreachable text {}", short(&i.id)),
            (GcKind::Temp, _) => "temp file".to_string(),
        };
        writeln!(
            w,
            "{}: {what}, {} bytes, {} old (file {})",
            action(i.action),
            i.bytes,
            age(i.age),
            terminal(&i.path.display().to_string())
        )?;
    }
    let count = |a: &[GcAction]| {
        report
            .items
            .iter()
            .filter(|i| a.contains(&i.action))
            .count()
    };
    let gone = count(&[GcAction::Removed, GcAction::WouldRemove]);
    writeln!(
        w,
        "gc of {}: {} {gone} file{} ({} bytes){}{}",
        terminal(&root.display().to_string()),
        if opts.dry_run {
            "would remove"
        } else {
            "removed"
        },
        if gone == 1 { "" } else { "s" },
        report.freed(),
        match count(&[GcAction::Prunable]) {
            0 => String::new(),
            n => format!("; {n} unreachable, removed by --prune"),
        },
        match report.problems.len() {
            0 => String::new(),
            n => format!("; {n} error{}", if n == 1 { "" } else { "s" }),
        }
    )
}

fn short(id: &Option<String>) -> &str {
    id.as_deref().map_or("", |s| &s[..s.len().min(12)])
}

fn age(secs: u64) -> String {
    match secs {
        s if s < 120 => format!("{s}s"),
        s if s < 7200 => format!("{}m", s / 60),
        s if s < 172_800 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    }
}
