//! HTML: one self-contained page, a side-by-side table per translation with findings
//! highlighted.

use std::io::{self, Write};

use super::{findings_of, ids};
use crate::align::{Bitext, FindingKind};
use crate::escape::html;

/// The bead column is narrow and the two texts share the rest equally, whatever the cells
/// hold: fixed table layout with the widths on `<col>` elements (an empty cell or a short
/// header cannot take a text column's width).
const STYLE: &str = "body{font-family:serif;margin:2em}\
table{border-collapse:collapse;width:100%;table-layout:fixed}col.id{width:8%}col.text{width:46%}\
td,th{border-top:1px solid #ccc;padding:.3em .5em;vertical-align:top;overflow-wrap:anywhere}\
.id{font-family:monospace;color:#666}tr.omission td,tr.addition td{background:#fde2e2}\
tr.finding td{background:#fff4d6}p.f{margin:.2em 0;color:#8a4b00;font-size:90%}";

/// Write the page.
pub fn write(b: &Bitext, w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "<!DOCTYPE html>")?;
    writeln!(
        w,
        "<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>lectio align: {}</title><style>{STYLE}</style></head><body>",
        html(if b.source.lang.is_empty() {
            "und"
        } else {
            &b.source.lang
        }),
        html(&b.source.label)
    )?;
    for p in &b.pairs {
        writeln!(
            w,
            "<h2>{} &rarr; {}</h2><p>{} beads, length ratio {:.2}, {} findings</p>",
            html(&b.source.label),
            html(&p.target.label),
            p.beads.len(),
            p.ratio,
            p.findings.len()
        )?;
        writeln!(
            w,
            "<table><colgroup><col class=\"id\"><col class=\"text\"><col class=\"text\"></colgroup>\
             <thead><tr><th class=\"id\">bead</th><th lang=\"{}\">{}</th><th lang=\"{}\">{}</th></tr></thead><tbody>",
            html(&b.source.lang),
            html(&b.source.label),
            html(&p.target.lang),
            html(&p.target.label)
        )?;
        for (k, bead) in p.beads.iter().enumerate() {
            let fs: Vec<_> = findings_of(&p.findings, k).collect();
            let class = if bead.tgt.is_empty() {
                " class=\"omission\""
            } else if bead.src.is_empty() {
                " class=\"addition\""
            } else if fs.iter().any(|f| f.kind != FindingKind::Omission) {
                " class=\"finding\""
            } else {
                ""
            };
            write!(
                w,
                "<tr{class} id=\"b{}\"><td class=\"id\">{}:{}</td><td lang=\"{}\">{}",
                k + 1,
                ids(&bead.src),
                ids(&bead.tgt),
                html(&b.source.lang),
                html(&b.source.joined(bead.src.clone()))
            )?;
            for f in &fs {
                write!(
                    w,
                    "<p class=\"f\">{}: {}</p>",
                    f.kind.as_str(),
                    html(&f.message)
                )?;
            }
            writeln!(
                w,
                "</td><td lang=\"{}\">{}</td></tr>",
                html(&p.target.lang),
                html(&p.target.joined(bead.tgt.clone()))
            )?;
        }
        writeln!(w, "</tbody></table>")?;
    }
    writeln!(w, "</body></html>")
}
