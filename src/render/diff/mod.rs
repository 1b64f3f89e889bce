//! Renderers for `lectio diff`, one file per format. Each renders a [`Diff`] (already filtered)
//! with the two witnesses it compares into `impl Write`.

pub mod apparatus;
pub mod csv;
pub mod github;
pub mod html;
pub mod json;
pub mod text;
pub mod word_diff;

use std::io::{self, Write};

use crate::diff::{Diff, Filter};
use crate::witness::Witness;

/// `--format` values of `lectio diff`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Variants with line:column, context and class (coloured on a terminal).
    #[default]
    Text,
    /// The old text with `[-old-]{+new+}` inline, as wdiff and git print.
    WordDiff,
    /// A versioned JSON document (schema in docs/diff-json.md).
    Json,
    /// One self-contained HTML page, side by side, variants highlighted by class.
    Html,
    /// A critical apparatus: one line per variant, `LINE:COL lemma] reading SIGLUM`.
    Apparatus,
    /// Comma-separated values: one variant a row (kind, class, both readings, both positions).
    Csv,
    /// Tab-separated values, as `csv`.
    Tsv,
    /// GitHub Actions workflow commands: one annotation per variant on the new text.
    Github,
}

/// What a renderer gets.
pub struct Input<'a> {
    /// The diff, filtered.
    pub diff: &'a Diff,
    /// The old (first) witness.
    pub old: &'a Witness,
    /// The new (second) witness.
    pub new: &'a Witness,
    /// The filter that was applied (recorded in JSON).
    pub filter: &'a Filter,
    /// Normalization names in force (`case`, `punctuation`, …), recorded in JSON.
    pub normalized: &'a [&'a str],
    /// Colour output (terminal formats only).
    pub color: bool,
    /// Words of context around each variant (text format).
    pub context: usize,
}

/// Render `input` in `format`.
pub fn render(format: Format, input: &Input<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Text => text::render(input, out),
        Format::WordDiff => word_diff::render(input, out),
        Format::Json => json::render(input, out),
        Format::Html => html::render(input, out),
        Format::Apparatus => apparatus::render(input, out),
        Format::Csv => csv::render(input, b',', out),
        Format::Tsv => csv::render(input, b'\t', out),
        Format::Github => github::render(input, out),
    }
}

/// Whitespace runs (line breaks included) shown as one space: readings span lines.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Up to `n` whitespace-separated words of `text` ending at byte `at`.
pub fn words_before(text: &str, at: usize, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    let head = &text[..at];
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in head.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return &head[i + c.len_utf8()..];
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        if at - i > 400 {
            return &head[i..];
        }
    }
    head
}

/// Up to `n` whitespace-separated words of `text` starting at byte `at`.
pub fn words_after(text: &str, at: usize, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    let tail = &text[at..];
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in tail.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return &tail[..i];
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        if i > 400 {
            return &tail[..i];
        }
    }
    tail
}

/// The `--stat` summary: counts by kind and class.
pub fn render_stat(input: &Input<'_>, out: &mut dyn Write) -> io::Result<()> {
    let s = input.diff.stats();
    let esc = crate::escape::terminal;
    writeln!(
        out,
        "{} -> {}: {} variant{} ({} and {} tokens compared)",
        esc(&input.old.label),
        esc(&input.new.label),
        s.variants,
        if s.variants == 1 { "" } else { "s" },
        input.diff.old_tokens,
        input.diff.new_tokens
    )?;
    writeln!(out, "by kind:")?;
    for (k, n) in s.kinds() {
        writeln!(out, "  {:<15}{n:>8}", k.as_str())?;
    }
    writeln!(out, "by class:")?;
    for (c, n) in s.classes() {
        writeln!(out, "  {:<15}{n:>8}", c.as_str())?;
    }
    if input.diff.approximate {
        writeln!(out, "approximate: the deadline was reached")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_words() {
        let t = "one two  three four five";
        let at = t.find("four").unwrap();
        assert_eq!(words_before(t, at, 2), "two  three ");
        assert_eq!(words_after(t, at, 1), "four");
        assert_eq!(words_before(t, at, 9), "one two  three ");
    }
}
