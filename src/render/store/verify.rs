//! `lectio verify`: what re-hashing the store found.

use std::io::Write;
use std::path::Path;

use crate::escape::terminal;
use crate::store::{Problem, Severity, VerifyReport};

#[derive(serde::Serialize)]
struct VerifyJson<'a> {
    version: u32,
    store: &'a Path,
    sound: bool,
    objects: usize,
    records: usize,
    refs: usize,
    problems: &'a [Problem],
}

/// The JSON document: counts, soundness and every problem.
pub fn json(root: &Path, report: &VerifyReport, w: &mut impl Write) -> std::io::Result<()> {
    let doc = VerifyJson {
        version: 1,
        store: root,
        sound: !report.has_errors(),
        objects: report.objects,
        records: report.records,
        refs: report.refs,
        problems: &report.problems,
    };
    super::write_json(&doc, w)
}

/// One line per problem, then a summary line.
pub fn text(root: &Path, report: &VerifyReport, w: &mut impl Write) -> std::io::Result<()> {
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
            w,
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
        w,
        "checked {} texts, {} records, {} refs in {}: {}",
        report.objects,
        report.records,
        report.refs,
        root.display(),
        if errors == 0 {
            "sound".to_string()
        } else {
            format!("{errors} error{}", if errors == 1 { "" } else { "s" })
        }
    )
}
