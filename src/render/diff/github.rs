//! `--format github`: GitHub Actions workflow commands, as `lectio check` writes them: one
//! annotation per variant on the new text (`::warning` for a substantive or number variant,
//! `::notice` otherwise) with its line and column, then a summary line.

use std::io::{self, Write};

use super::Input;
use crate::diff::VariantClass;
use crate::escape::{github_message, github_property, terminal};

/// Render the annotations.
pub fn render(input: &Input<'_>, out: &mut dyn Write) -> io::Result<()> {
    let new = input.new;
    let file = new
        .path
        .as_ref()
        .map_or_else(|| new.label.clone(), |p| p.display().to_string());
    let file = github_property(&file.replace('\\', "/"));
    let (ot, nt) = (&input.old.text, &input.new.text);
    for v in &input.diff.variants {
        let level = match v.class {
            VariantClass::Substantive | VariantClass::Number => "warning",
            _ => "notice",
        };
        let title = github_property(&format!("lectio {} {}", v.class, v.kind));
        let msg = format!(
            "{} {}: \u{ab}{}\u{bb} \u{2192} \u{ab}{}\u{bb} (old {}:{})",
            v.class,
            v.kind,
            v.old.reading(ot),
            v.new.reading(nt),
            v.old.line,
            v.old.column
        );
        writeln!(
            out,
            "::{level} file={file},line={},col={},title={title}::{}",
            v.new.line,
            v.new.column,
            github_message(&terminal(&msg))
        )?;
    }
    let s = input.diff.stats();
    let parts: Vec<String> = s
        .classes()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| format!("{n} {c}"))
        .collect();
    writeln!(
        out,
        "::notice title={}::{}",
        github_property("lectio diff"),
        github_message(&terminal(&format!(
            "{} / {}: {} variant(s){}",
            input.old.label,
            input.new.label,
            s.variants,
            if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            }
        )))
    )
}
