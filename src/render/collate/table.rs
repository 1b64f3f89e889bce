//! The alignment table for the terminal.

use std::io::{self, Write};

use super::{RenderOptions, cell_text};
use crate::collate::Collation;
use crate::escape::terminal;

/// Wrap horizontal tables at about this many characters.
const WIDTH: usize = 100;

fn style(on: bool) -> (String, String) {
    if on {
        let s = anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
        (s.render().to_string(), s.render_reset().to_string())
    } else {
        (String::new(), String::new())
    }
}

fn marker(c: &Collation, col: usize) -> String {
    let k = &c.table.columns[col];
    match k.transposition {
        Some(t) => format!("T{}", t + 1),
        None if k.variant => "*".into(),
        None => String::new(),
    }
}

/// Agreeing text longer than this is abbreviated in the terminal table (its start and end kept
/// around an ellipsis), so the variants stay visible; other formats give it in full.
const MAX_AGREED: usize = 48;

fn cell(c: &Collation, col: usize, w: usize) -> String {
    let Some(s) = cell_text(c, col, w) else {
        return "-".into();
    };
    let s = terminal(&s).into_owned();
    let n = s.chars().count();
    if c.table.columns[col].variant || n <= MAX_AGREED {
        return s;
    }
    let keep = MAX_AGREED / 2 - 2;
    let head: String = s.chars().take(keep).collect();
    let tail: String = s.chars().skip(n - keep).collect();
    format!("{head} … {tail}")
}

/// Render the table.
pub fn render(c: &Collation, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let (on, off) = style(opts.color);
    let sig: Vec<String> = c
        .witnesses
        .iter()
        .map(|w| terminal(&w.siglum).into_owned())
        .collect();
    let ncol = c.table.columns.len();
    let width = |s: &str| s.chars().count();
    if opts.vertical {
        let widths: Vec<usize> = (0..c.witnesses.len())
            .map(|w| {
                (0..ncol)
                    .map(|k| width(&cell(c, k, w)))
                    .chain(std::iter::once(width(&sig[w])))
                    .max()
                    .unwrap_or(1)
            })
            .collect();
        write!(out, "{:<4}", "")?;
        for (w, s) in sig.iter().enumerate() {
            write!(out, " | {:<1$}", s, widths[w])?;
        }
        writeln!(out)?;
        for k in 0..ncol {
            let v = c.table.columns[k].variant;
            write!(out, "{:<4}", marker(c, k))?;
            for (w, &wd) in widths.iter().enumerate() {
                let t = cell(c, k, w);
                if v {
                    write!(out, " | {on}{t}{off}{}", " ".repeat(wd - width(&t)))?;
                } else {
                    write!(out, " | {t:<wd$}")?;
                }
            }
            writeln!(out)?;
        }
        return Ok(());
    }
    let sw = sig.iter().map(|s| width(s)).max().unwrap_or(1);
    let mut k = 0;
    while k < ncol {
        // One block of columns that fits the width.
        let mut cols = Vec::new();
        let mut used = sw;
        while k < ncol {
            let wd = (0..c.witnesses.len())
                .map(|w| width(&cell(c, k, w)))
                .chain(std::iter::once(width(&marker(c, k))))
                .max()
                .unwrap_or(1);
            if !cols.is_empty() && used + 3 + wd > WIDTH {
                break;
            }
            used += 3 + wd;
            cols.push((k, wd));
            k += 1;
        }
        for (w, s) in sig.iter().enumerate() {
            write!(out, "{s:<sw$}")?;
            for &(col, wd) in &cols {
                let t = cell(c, col, w);
                if c.table.columns[col].variant {
                    write!(out, " | {on}{t}{off}{}", " ".repeat(wd - width(&t)))?;
                } else {
                    write!(out, " | {t:<wd$}")?;
                }
            }
            writeln!(out, " |")?;
        }
        if cols.iter().any(|&(col, _)| c.table.columns[col].variant) {
            write!(out, "{:<sw$}", "")?;
            for &(col, wd) in &cols {
                write!(out, "   {:<wd$}", marker(c, col))?;
            }
            writeln!(out)?;
        }
        if k < ncol {
            writeln!(out)?;
        }
    }
    Ok(())
}
