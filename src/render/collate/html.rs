//! One self-contained HTML page (no external resources; a Content-Security-Policy that allows
//! nothing but the inline style): the alignment table, one row per column with variant rows
//! highlighted and transpositions linked to each other, then the apparatus. Everything from
//! the witnesses is escaped. The page is well-formed XML (XHTML syntax). Regularized variants
//! (see [`Regularized`]) are apparatus items of class `reg` among the others, a list of their
//! own under "Regularized variants" after the apparatus, or not listed.

use std::io::{self, Write};

use super::{Regularized, cell_text, is_regularized, listed, one_line, sigla};
use crate::collate::{Collation, Entry};
use crate::escape::html;

const STYLE: &str = "body{font-family:serif;margin:2em}table{border-collapse:collapse}\
td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}\
tr.var td{background:#fff3c4}tr.tr td{background:#ffd9d9}td.gap{color:#999}\
th{background:#eee}.n{color:#888;font-size:smaller}";

/// Render the page.
pub fn render(c: &Collation, regularized: Regularized, out: &mut dyn Write) -> io::Result<()> {
    let h = |s: &str| html(s).into_owned();
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(
        out,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">"
    )?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\"/>")?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>"
    )?;
    let names = sigla(c, &(0..c.witnesses.len()).collect::<Vec<_>>());
    writeln!(out, "<title>Collation: {}</title>", h(&names))?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>\n<body>")?;
    writeln!(out, "<h1>Collation</h1>\n<h2>Witnesses</h2>\n<ul>")?;
    for w in &c.witnesses {
        writeln!(out, "<li><b>{}</b>: {}</li>", h(&w.siglum), h(&w.label))?;
    }
    writeln!(
        out,
        "</ul>\n<h2>Alignment table</h2>\n<table>\n<tr><th>#</th>"
    )?;
    for w in &c.witnesses {
        write!(out, "<th>{}</th>", h(&w.siglum))?;
    }
    writeln!(out, "</tr>")?;
    for (k, col) in c.table.columns.iter().enumerate() {
        let class = match (col.transposition, col.variant) {
            (Some(_), _) => " class=\"tr\"",
            (None, true) => " class=\"var\"",
            _ => "",
        };
        write!(
            out,
            "<tr id=\"c{}\"{class}><td class=\"n\">{}",
            k + 1,
            k + 1
        )?;
        if let Some(t) = col.transposition {
            let tr = &c.transpositions[t];
            let other = if tr.columns[0].contains(&k) {
                tr.columns[1].start
            } else {
                tr.columns[0].start
            };
            write!(
                out,
                " <a href=\"#c{}\">T{} ↔ {}</a>",
                other + 1,
                t + 1,
                other + 1
            )?;
        }
        write!(out, "</td>")?;
        for w in 0..c.witnesses.len() {
            match cell_text(c, k, w) {
                Some(t) => write!(out, "<td>{}</td>", h(&t))?,
                None => write!(out, "<td class=\"gap\">–</td>")?,
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</table>")?;
    let base = &c.witnesses[c.apparatus.base];
    writeln!(
        out,
        "<h2>Apparatus</h2>\n<p>Base: <b>{}</b>. Lines are the base's.</p>\n<ol>",
        h(&base.siglum)
    )?;
    let (shown, separate) = listed(c, regularized);
    for e in &shown {
        item(c, e, out)?;
    }
    writeln!(out, "</ol>")?;
    if !separate.is_empty() {
        writeln!(out, "<h2>Regularized variants</h2>\n<ol>")?;
        for e in separate {
            item(c, e, out)?;
        }
        writeln!(out, "</ol>")?;
    }
    if !c.transpositions.is_empty() {
        writeln!(out, "<h2>Transpositions</h2>\n<ul>")?;
        for t in &c.transpositions {
            writeln!(
                out,
                "<li>T{}: “{}” — <a href=\"#c{}\">column {}</a> ({}) ↔ <a href=\"#c{}\">column {}</a> ({})</li>",
                t.id + 1,
                h(&one_line(&t.text)),
                t.columns[0].start + 1,
                t.columns[0].start + 1,
                h(&sigla(c, &t.witnesses[0])),
                t.columns[1].start + 1,
                t.columns[1].start + 1,
                h(&sigla(c, &t.witnesses[1])),
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</body>\n</html>")
}

/// One apparatus entry as a list item linked to its table row.
fn item(c: &Collation, e: &Entry, out: &mut dyn Write) -> io::Result<()> {
    let h = |s: &str| html(s).into_owned();
    let class = if is_regularized(e) {
        " class=\"reg\""
    } else {
        ""
    };
    write!(
        out,
        "<li{class}><a href=\"#c{}\">line {}</a>: ",
        e.column + 1,
        e.line
    )?;
    for (i, r) in e.readings.iter().enumerate() {
        let text = if r.text.is_empty() {
            format!("<i>{}</i>", super::absent(r.lacuna))
        } else {
            h(&one_line(&r.text))
        };
        let sep = if i == 0 { "]" } else { ";" };
        let sig = h(&super::sigla_cited(
            |w| c.witnesses[w].siglum.clone(),
            &r.witnesses,
            &r.cites,
        ));
        if i == 0 {
            write!(out, "{text}{sep} {sig}")?;
        } else {
            write!(out, "{sep} {text} {sig}")?;
        }
    }
    write!(out, " <span class=\"n\">({} {})</span>", e.class, e.kind)?;
    writeln!(out, "</li>")
}
