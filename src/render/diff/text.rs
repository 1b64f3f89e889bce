//! `--format text`: one block per variant with line:column on both sides, its kind and class,
//! and the change in context; coloured by class on a terminal.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Input, collapse, words_after, words_before};
use crate::diff::{Variant, VariantClass, VariantKind};
use crate::escape::terminal;

fn class_style(c: VariantClass) -> Style {
    match c {
        VariantClass::Substantive => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        VariantClass::Number => Style::new().fg_color(Some(AnsiColor::Magenta.into())),
        VariantClass::Spelling => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
        VariantClass::Inflection => Style::new().fg_color(Some(AnsiColor::Blue.into())),
        _ => Style::new().dimmed(),
    }
}

const DEL: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const INS: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));

fn paint(out: &mut dyn Write, color: bool, style: Style, s: &str) -> io::Result<()> {
    if color {
        write!(out, "{}{}{}", style.render(), s, style.render_reset())
    } else {
        write!(out, "{s}")
    }
}

/// Render the variants as text.
pub fn render(input: &Input<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (old, new) = (input.old, input.new);
    writeln!(out, "--- {}", terminal(&old.label))?;
    writeln!(out, "+++ {}", terminal(&new.label))?;
    for v in &input.diff.variants {
        variant(input, v, out)?;
    }
    let s = input.diff.stats();
    let mut parts = Vec::new();
    for (c, n) in s.classes() {
        if n > 0 {
            parts.push(format!("{n} {c}"));
        }
    }
    writeln!(
        out,
        "{} variant{}{}",
        s.variants,
        if s.variants == 1 { "" } else { "s" },
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        }
    )?;
    if input.diff.approximate {
        writeln!(
            out,
            "note: approximate diff (deadline reached); it is correct but may not be minimal"
        )?;
    }
    Ok(())
}

fn variant(input: &Input<'_>, v: &Variant, out: &mut dyn Write) -> io::Result<()> {
    let c = input.color;
    let (ot, nt) = (&input.old.text, &input.new.text);
    let head = format!(
        "{}:{} {}:{} {} {}",
        v.old.line,
        v.old.column,
        v.new.line,
        v.new.column,
        v.kind.as_str(),
        v.class.as_str()
    );
    paint(out, c, class_style(v.class), &head)?;
    writeln!(out)?;
    let show = |s: &str| terminal(&collapse(s)).into_owned();
    let ws = |s: &str| {
        s.chars()
            .map(|ch| match ch {
                '\n' => '⏎',
                ' ' => '␠',
                '\t' => '⇥',
                c => c,
            })
            .collect::<String>()
    };
    write!(out, "  ")?;
    let before = show(words_before(ot, v.old.bytes().start, input.context));
    if !before.is_empty() {
        write!(out, "{before} ")?;
    }
    match (v.kind, v.class) {
        (_, VariantClass::Whitespace) => {
            paint(
                out,
                c,
                DEL,
                &format!("[-{}-]", terminal(&ws(v.old.reading(ot)))),
            )?;
            paint(
                out,
                c,
                INS,
                &format!("{{+{}+}}", terminal(&ws(v.new.reading(nt)))),
            )?;
        }
        (VariantKind::Transposition, _) => {
            paint(out, c, DEL, &format!("[-{}-]", show(v.old.reading(ot))))?;
            if let Some(m) = v.moved.as_deref() {
                let after = show(words_before(nt, v.new.bytes().start, input.context));
                write!(out, " moved to {}:{}: {after} ", v.new.line, v.new.column)?;
                paint(out, c, INS, &format!("{{+{}+}}", show(v.new.reading(nt))))?;
                let _ = m;
            }
        }
        (kind, _) => {
            // An addition or omission keeps the text's own line breaks (an added file reads
            // as the file); a substitution's readings stay on one line beside each other.
            let keep = matches!(kind, VariantKind::Addition | VariantKind::Omission);
            let shown = |s: &str| {
                if keep {
                    terminal(&keep_lines(s)).into_owned()
                } else {
                    show(s)
                }
            };
            if !v.old.reading(ot).is_empty() {
                paint(out, c, DEL, &format!("[-{}-]", shown(v.old.reading(ot))))?;
            }
            if !v.new.reading(nt).is_empty() {
                paint(out, c, INS, &format!("{{+{}+}}", shown(v.new.reading(nt))))?;
            }
        }
    }
    let after = show(words_after(ot, v.old.bytes().end, input.context));
    if !after.is_empty() {
        write!(out, " {after}")?;
    }
    writeln!(out)
}

/// The text's lines, each with its whitespace runs collapsed, joined by line breaks (blank lines,
/// i.e. paragraph breaks, kept; leading and trailing blank lines dropped).
fn keep_lines(s: &str) -> String {
    let lines: Vec<String> = s.lines().map(collapse).collect();
    let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[first..last.max(first)].join("\n")
}
