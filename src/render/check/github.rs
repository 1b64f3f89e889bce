//! GitHub Actions workflow commands: `::error file=…,line=…,col=…::message` for disallowed
//! variants and `::notice` for allowed ones, escaped as GitHub requires; then a summary line,
//! since GitHub shows only ten annotations of each kind per step.

use std::io::{self, Write};

use crate::escape::{github_message, github_property, terminal};
use crate::usecase::check::{CheckReport, FileStatus};

/// Render `report` as workflow commands.
pub fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.files {
        let file = github_property(&f.path);
        if f.status == FileStatus::Error {
            writeln!(
                out,
                "::error file={file},title={}::{}",
                github_property("lectio: cannot check"),
                github_message(&terminal(f.error.as_deref().unwrap_or("")))
            )?;
            continue;
        }
        if f.status == FileStatus::Skipped {
            writeln!(
                out,
                "::notice file={file},title={}::{}",
                github_property("lectio: skipped"),
                github_message(&terminal(f.note.as_deref().unwrap_or("")))
            )?;
            continue;
        }
        if f.status == FileStatus::Failed && f.disallowed().next().is_none() {
            writeln!(
                out,
                "::error file={file},title={}::{}",
                github_property("lectio: too many variants"),
                github_message(&format!(
                    "{} variant(s), more than the limit of {}",
                    f.findings.len(),
                    report.policy.max_variants.unwrap_or(0)
                ))
            )?;
        }
        for v in &f.findings {
            let level = if v.allowed { "notice" } else { "error" };
            let title = github_property(&format!("lectio {} {}", v.class, v.kind));
            writeln!(
                out,
                "::{level} file={file},line={},col={},endLine={},endColumn={},title={title}::{}",
                v.line,
                v.column,
                v.end_line,
                v.end_column,
                github_message(&terminal(&super::describe(v)))
            )?;
        }
    }
    let t = report.totals();
    let level = if t.disallowed > 0 || t.errors > 0 {
        "error"
    } else {
        "notice"
    };
    writeln!(
        out,
        "::{level} title=lectio check::{}",
        github_message(&format!(
            "{} file(s) checked, {} changed, {} variant(s), {} not allowed, {} error(s), {} skipped",
            t.files, t.changed, t.findings, t.disallowed, t.errors, t.skipped
        ))
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn hostile_text_cannot_forge_commands() {
        let mut buf = Vec::new();
        super::render(&crate::usecase::check::tests::sample(), &mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        // Every line is one of our commands: the hostile reading's newline is escaped, so its
        // `::error::` stays inside the message (after the command's own `::`).
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 3, "{s}");
        for line in &lines {
            assert!(
                line.starts_with("::notice ") || line.starts_with("::error "),
                "{line}"
            );
        }
        assert!(s.contains("file=texts/a%2Cb%3Ac%25.txt,line=2,col=5"));
        assert!(s.contains("%0A::error::x %250A"));
        assert!(!s.contains('\u{1b}'));
    }
}
