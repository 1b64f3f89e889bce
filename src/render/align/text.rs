//! Plain text: the two texts side by side, one block per bead, findings marked with `!`.

use std::io::{self, Write};

use super::{findings_of, ids};
use crate::align::Bitext;
use crate::escape::terminal;

/// Width of each column.
const COL: usize = 48;

/// Cut `s` into lines of at most `width` characters at spaces (long words are split).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for word in s.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if cur_len > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_len = 0;
            }
            lines.push(word.drain(..width).collect());
        }
        let wl = word.len();
        if cur_len > 0 && cur_len + 1 + wl > width {
            lines.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        if cur_len > 0 {
            cur.push(' ');
            cur_len += 1;
        }
        cur.extend(word);
        cur_len += wl;
    }
    if cur_len > 0 {
        lines.push(cur);
    }
    lines
}

/// Write every pair side by side.
pub fn write(b: &Bitext, w: &mut impl Write) -> io::Result<()> {
    for (n, p) in b.pairs.iter().enumerate() {
        if n > 0 {
            writeln!(w)?;
        }
        writeln!(
            w,
            "{} ({}) -> {} ({}): {} beads, length ratio {:.2}, {} finding{}",
            terminal(&b.source.label),
            terminal(&b.source.lang),
            terminal(&p.target.label),
            terminal(&p.target.lang),
            p.beads.len(),
            p.ratio,
            p.findings.len(),
            if p.findings.len() == 1 { "" } else { "s" }
        )?;
        for (k, bead) in p.beads.iter().enumerate() {
            let left = wrap(&terminal(&b.source.joined(bead.src.clone())), COL);
            let right = wrap(&terminal(&p.target.joined(bead.tgt.clone())), COL);
            writeln!(w, "#{} {}:{}", k + 1, ids(&bead.src), ids(&bead.tgt))?;
            for i in 0..left.len().max(right.len()) {
                let l = left.get(i).map_or("", String::as_str);
                let r = right.get(i).map_or("", String::as_str);
                let pad = COL.saturating_sub(l.chars().count());
                let line = format!("  {l}{:pad$} | {r}", "");
                writeln!(w, "{}", line.trim_end())?;
            }
            for f in findings_of(&p.findings, k) {
                let pos = |line: Option<u32>| line.map_or("-".to_string(), |l| l.to_string());
                writeln!(
                    w,
                    "  ! {}: {} (source line {}, translation line {})",
                    f.kind.as_str(),
                    terminal(&f.message),
                    pos(f.src_line),
                    pos(f.tgt_line)
                )?;
            }
        }
    }
    Ok(())
}
