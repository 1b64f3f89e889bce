//! Plain text for people: one line per variant, `path:line:col: class kind «old» → «new»`.

use std::io::{self, Write};

use std::borrow::Cow;

use crate::usecase::check::{CheckReport, FileStatus};

/// Terminal-safe and on one line: a line break in a path or reading shows as `␊` / `␍`, so
/// every finding stays one line that tools can parse.
fn terminal(s: &str) -> Cow<'_, str> {
    let t = crate::escape::terminal(s);
    if t.contains(['\n', '\r']) {
        Cow::Owned(t.replace('\n', "\u{240A}").replace('\r', "\u{240D}"))
    } else {
        t
    }
}

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
            FileStatus::Skipped => writeln!(
                out,
                "{path}: skipped: {}",
                terminal(f.note.as_deref().unwrap_or(""))
            )?,
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
                if f.status == FileStatus::Failed && f.disallowed().next().is_none() {
                    writeln!(
                        out,
                        "{path}: NOT ALLOWED: {} variant(s), more than the limit",
                        f.findings.len()
                    )?;
                }
            }
        }
        if let Some(r) = &f.recorded {
            writeln!(out, "{path}: recorded as {}", terminal(r))?;
        }
    }
    let t = report.totals();
    write!(
        out,
        "{} file(s) checked, {} changed, {} variant(s), {} not allowed, {} error(s)",
        t.files, t.changed, t.findings, t.disallowed, t.errors
    )?;
    if t.skipped > 0 {
        write!(out, ", {} skipped", t.skipped)?;
    }
    if t.markup_only > 0 {
        write!(out, ", {} with markup-only changes", t.markup_only)?;
    }
    writeln!(out)?;
    if let Some(max) = report.policy.max_variants {
        writeln!(out, "limit: at most {max} variant(s) per file")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_line_per_finding() {
        let mut buf = Vec::new();
        super::render(&crate::usecase::check::tests::sample(), &mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert_eq!(s.lines().count(), 4, "{s}");
        assert!(s.contains("<script>\u{240A}::error::x"), "{s}");
        assert!(!s.contains('\u{1b}'));
    }
}
