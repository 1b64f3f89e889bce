//! Checkstyle XML (read by reviewdog, Jenkins' warnings plugin and most CI dashboards):
//! `<checkstyle version="4.3">`, one `<file name>` per checked file, one `<error line column
//! severity message source>` per variant (`error` when not allowed, `info` when allowed). A file
//! that could not be checked is one `error` at line 1 from `lectio.input-error`.

use std::io::{self, Write};

use crate::escape::xml_attr;
use crate::usecase::check::{CheckReport, FileStatus};

/// Render `report` as Checkstyle XML.
pub fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<checkstyle version=\"4.3\">")?;
    for f in &report.files {
        if f.status == FileStatus::Skipped {
            continue;
        }
        writeln!(out, "  <file name=\"{}\">", xml_attr(&f.path))?;
        let error = |out: &mut dyn Write, pos: (u32, u32), sev: &str, msg: &str, src: &str| {
            writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{sev}\" message=\"{}\" source=\"{src}\"/>",
                pos.0,
                pos.1,
                xml_attr(msg)
            )
        };
        match f.status {
            FileStatus::Error => {
                let msg = f.error.as_deref().unwrap_or("");
                error(out, (1, 1), "error", msg, "lectio.input-error")?;
            }
            FileStatus::Failed if f.disallowed().next().is_none() => {
                let msg = format!(
                    "{} variant(s), more than the limit of {}",
                    f.findings.len(),
                    report.policy.max_variants.unwrap_or(0)
                );
                error(out, (1, 1), "error", &msg, "lectio.too-many-variants")?;
            }
            _ => {}
        }
        for v in &f.findings {
            let sev = if v.allowed { "info" } else { "error" };
            let src = format!("lectio.{}", v.class);
            error(out, (v.line, v.column), sev, &super::describe(v), &src)?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}
