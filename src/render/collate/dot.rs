//! The variant graph for Graphviz: one node per distinct reading of a column, one edge per
//! pair of consecutive readings, labelled with the witnesses that pass along it; transpositions
//! as dashed edges. Laid out left to right, so the graph reads like the text. A long agreeing
//! run is abbreviated to its first and last words with its token count; variant readings are
//! kept whole, wrapped into lines. Labels are escaped.

use std::io::{self, Write};

use rustc_hash::FxHashMap;

use super::{cell_text, sigla};
use crate::collate::Collation;
use crate::escape::terminal;

/// Escape a DOT double-quoted string (after neutralizing control characters).
pub fn escape(s: &str) -> String {
    let s = terminal(s);
    let mut out = String::with_capacity(s.len() + 2);
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Words kept at each end of an abbreviated agreeing run.
const ENDS: usize = 3;
/// Characters per line of a wrapped label.
const WRAP: usize = 32;

/// An agreeing run of more than `2 * ENDS + 1` words: `first words … last words` and, on a
/// second line, its token count.
fn abbreviate(text: &str, tokens: usize) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    if words.len() <= 2 * ENDS + 1 {
        return wrap(text, WRAP);
    }
    let short = format!(
        "{} \u{2026} {}",
        words[..ENDS].join(" "),
        words[words.len() - ENDS..].join(" ")
    );
    format!("{}\n({tokens} tokens)", wrap(&short, WRAP))
}

/// `text` broken at spaces into lines of about `width` characters.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}

/// Render the graph.
pub fn render(c: &Collation, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph collation {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [shape=box];")?;
    writeln!(out, "  start [label=\"#start\"];")?;
    writeln!(out, "  end [label=\"#end\"];")?;
    let n = c.witnesses.len();
    for (k, col) in c.table.columns.iter().enumerate() {
        let mut seen = Vec::new();
        for w in 0..n {
            let g = col.groups[w];
            if col.cells[w].is_none() || seen.contains(&g) {
                continue;
            }
            seen.push(g);
            let text = cell_text(c, k, w).unwrap_or_default();
            let text = if col.variant {
                wrap(&text, WRAP)
            } else {
                abbreviate(&text, col.cells[w].as_ref().map_or(0, |r| r.len()))
            };
            let style = if col.variant {
                ", style=filled, fillcolor=lightyellow"
            } else {
                ""
            };
            writeln!(out, "  n{k}_{g} [label=\"{}\"{style}];", escape(&text))?;
        }
    }
    let mut edges: Vec<(String, String, Vec<usize>)> = Vec::new();
    let mut index: FxHashMap<(String, String), usize> = FxHashMap::default();
    for w in 0..n {
        let mut prev = "start".to_string();
        let nodes = c
            .table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, col)| col.cells[w].is_some())
            .map(|(k, col)| format!("n{k}_{}", col.groups[w]))
            .chain(std::iter::once("end".to_string()));
        for node in nodes {
            let key = (prev.clone(), node.clone());
            match index.get(&key) {
                Some(&i) => edges[i].2.push(w),
                None => {
                    index.insert(key, edges.len());
                    edges.push((prev, node.clone(), vec![w]));
                }
            }
            prev = node;
        }
    }
    for (a, b, ws) in &edges {
        writeln!(out, "  {a} -> {b} [label=\"{}\"];", escape(&sigla(c, ws)))?;
    }
    for t in &c.transpositions {
        let node = |r: &std::ops::Range<usize>, ws: &[usize]| {
            let k = r.start;
            format!("n{k}_{}", c.table.columns[k].groups[ws[0]])
        };
        writeln!(
            out,
            "  {} -> {} [style=dashed, color=red, dir=both, constraint=false, label=\"T{}\"];",
            node(&t.columns[0], &t.witnesses[0]),
            node(&t.columns[1], &t.witnesses[1]),
            t.id + 1
        )?;
    }
    writeln!(out, "}}")
}
