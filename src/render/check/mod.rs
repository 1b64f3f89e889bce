//! Renderers for `lectio check`, one file per format.

pub mod checkstyle;
pub mod github;
pub mod gitlab;
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
    /// GitLab Code Quality JSON: one issue per variant (merge-request widget).
    Gitlab,
    /// Checkstyle XML: one `<error>` per variant (reviewdog, Jenkins).
    Checkstyle,
}

/// Render `report` in `format`.
pub fn render(format: Format, report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::render(report, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Checkstyle => checkstyle::render(report, out),
    }
}

fn describe(f: &crate::usecase::check::Finding) -> String {
    format!(
        "{} {}: \u{ab}{}\u{bb} \u{2192} \u{ab}{}\u{bb}",
        f.class, f.kind, f.old, f.new
    )
}

/// What a variant of class `c` is, in one sentence (rule descriptions and help).
pub(crate) fn class_help(c: crate::diff::VariantClass) -> &'static str {
    use crate::diff::VariantClass as C;
    match c {
        C::Normalization => {
            "only the Unicode normalization differs (NFC against NFD, or compatibility forms such as ligatures)."
        }
        C::Whitespace => "only whitespace or line breaks differ; the words are the same.",
        C::Case => "only letter case differs.",
        C::Punctuation => "only punctuation differs (added, removed or changed).",
        C::Diacritics => "only diacritics differ.",
        C::Spelling => {
            "a different spelling of the same word (a small edit distance, or a rule of the regularization table)."
        }
        C::Inflection => {
            "another form of the same word: the same stem with another ending (effect / effects)."
        }
        C::Number => "a number differs.",
        C::Substantive => "the reading differs in substance (words added, removed or replaced).",
    }
}

/// `too-many` → `TooMany`.
pub(crate) fn pascal(s: &str) -> String {
    s.split(['-', '_', ' '])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
