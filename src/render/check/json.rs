//! JSON for machines (schema `version` field; see docs).

use std::io::{self, Write};

use crate::usecase::check::CheckReport;

/// Render `report` as one JSON document with totals.
pub fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        #[serde(flatten)]
        report: &'a CheckReport,
        totals: crate::usecase::check::Totals,
    }
    serde_json::to_writer_pretty(
        &mut *out,
        &Doc {
            report,
            totals: report.totals(),
        },
    )?;
    writeln!(out)
}
