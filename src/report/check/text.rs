//! Plain text for people: one line per variant, `path:line:col: class kind «old» → «new»`.

use std::io::{self, Write};

use crate::check::{CheckReport, FileStatus};
use crate::report::escape::terminal;

/// Render `report` as text.
pub fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.files {
        let path = terminal(&f.path);
        match f.status {
            FileStatus::Error => {
                writeln!(
                    out,
                    "{path}: error: {}",
                    terminal(f.error.as_deref().unwrap_or(""))
                )?;
            }
            FileStatus::Unchanged => writeln!(out, "{path}: unchanged")?,
            _ => {
                for v in &f.findings {
                    let mark = if v.allowed { "allowed" } else { "NOT ALLOWED" };
                    writeln!(
                        out,
                        "{path}:{}:{}: {mark}: {}",
                        v.line,
                        v.column,
                        terminal(&super::describe(v))
                    )?;
                }
            }
        }
    }
    let t = report.totals();
    writeln!(
        out,
        "{} file(s) checked, {} changed, {} variant(s), {} not allowed, {} error(s)",
        t.files, t.changed, t.findings, t.disallowed, t.errors
    )?;
    if let Some(max) = report.policy.max_variants {
        writeln!(out, "limit: at most {max} variant(s) per file")?;
    }
    Ok(())
}
