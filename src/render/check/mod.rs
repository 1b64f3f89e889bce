//! Renderers for `lectio check`, one file per format.

pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use std::io::{self, Write};

use crate::usecase::check::CheckReport;

/// `--format` values of `lectio check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// One line per variant, `path:line:col: allowed|NOT ALLOWED: class kind «old» → «new»`.
    #[default]
    Text,
    /// One JSON document with a schema `version`, the policy, every file and totals.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`) and a summary.
    Github,
    /// JUnit XML: one test case per file (GitLab, Jenkins).
    Junit,
    /// SARIF 2.1.0: one result per variant (GitHub code scanning).
    Sarif,
}

/// Render `report` in `format`.
pub fn render(format: Format, report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::render(report, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Sarif => sarif::render(report, out),
    }
}

fn describe(f: &crate::usecase::check::Finding) -> String {
    format!(
        "{} {}: \u{ab}{}\u{bb} \u{2192} \u{ab}{}\u{bb}",
        f.class, f.kind, f.old, f.new
    )
}
