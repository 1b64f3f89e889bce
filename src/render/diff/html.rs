//! `--format html`: one self-contained page (no external resource; a CSP meta tag forbids
//! any), the two texts side by side with every variant highlighted by class. All text is
//! escaped; readings sit in `<bdi>` so right-to-left text cannot reorder the page.

use std::io::{self, Write};

use super::Input;
use crate::diff::{VariantClass, VariantKind};
use crate::escape::html;

const STYLE: &str = "body{font-family:serif;margin:1em}\
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}\
.text{white-space:pre-wrap;line-height:1.5}\
h1{font-size:1.1em}h2{font-size:1em;font-family:sans-serif}\
.v{border-radius:2px;padding:0 1px}\
.old .v{background:#fdd}.new .v{background:#dfd}\
.c-substantive{outline:1px solid #c60}\
.c-number{outline:1px dashed #909}\
.c-punctuation{outline:2px solid #d0a;outline-offset:1px;font-weight:bold;padding:0 2px}\
.c-spelling{text-decoration:underline wavy #06c 2px}\
.c-case{text-decoration:underline solid #07a 2px}\
.c-diacritics{text-decoration:underline double #a50 2px}\
.c-normalization{text-decoration:underline dotted #555 2px}\
.c-whitespace{outline:1px dotted #555}\
.k-transposition{background:#ddf!important}\
.gap{color:#c00;font-weight:bold}\
table{border-collapse:collapse;font-family:sans-serif;font-size:.9em}\
td,th{border:1px solid #ccc;padding:2px 6px}";

/// Render the page.
pub fn render(input: &Input<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (o, n) = (input.old, input.new);
    let s = input.diff.stats();
    write!(
        out,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>lectio diff: {} / {}</title><style>{STYLE}</style></head><body>\n",
        html(&o.label),
        html(&n.label)
    )?;
    writeln!(
        out,
        "<h1>{} &rarr; {}: {} variant{}</h1>",
        html(&o.label),
        html(&n.label),
        s.variants,
        if s.variants == 1 { "" } else { "s" }
    )?;
    // The legend: every class, with a sample of its mark on each side, and its count.
    write!(
        out,
        "<table class=\"legend\"><tr><th>class</th><th>old</th><th>new</th><th>count</th></tr>"
    )?;
    for (c, k) in s.classes() {
        write!(
            out,
            "<tr data-class=\"{c}\"><td>{c}</td><td class=\"old\"><span class=\"v c-{c}\">{sample}</span></td>\
<td class=\"new\"><span class=\"v c-{c}\">{sample}</span></td><td>{k}</td></tr>",
            sample = sample(c)
        )?;
    }
    writeln!(out, "</table>")?;
    if input.diff.approximate {
        writeln!(out, "<p>Approximate diff: the deadline was reached.</p>")?;
    }
    writeln!(out, "<div class=\"cols\">")?;
    // Old side: variants at their old bytes; additions as a gap mark.
    let mut marks: Vec<Mark<'_>> = Vec::new();
    for (i, v) in input.diff.variants.iter().enumerate() {
        if v.class == VariantClass::Whitespace && v.old.tokens().is_empty() {
            marks.push(Mark::gap(v.old.bytes().clone(), i, v.kind, v.class, "¶"));
            continue;
        }
        marks.push(Mark::span(v.old.bytes().clone(), i, v.kind, v.class));
        if let Some(m) = v.moved.as_deref() {
            marks.push(Mark::gap(m.old_byte..m.old_byte, i, v.kind, v.class, "⇄"));
        }
    }
    side(out, "old", &o.label, &o.text, marks, input)?;
    let mut marks: Vec<Mark<'_>> = Vec::new();
    for (i, v) in input.diff.variants.iter().enumerate() {
        if v.class == VariantClass::Whitespace && v.new.tokens().is_empty() {
            marks.push(Mark::gap(v.new.bytes().clone(), i, v.kind, v.class, "¶"));
            continue;
        }
        marks.push(Mark::span(v.new.bytes().clone(), i, v.kind, v.class));
        if let Some(m) = v.moved.as_deref() {
            marks.push(Mark::gap(m.new_byte..m.new_byte, i, v.kind, v.class, "⇄"));
        }
    }
    side(out, "new", &n.label, &n.text, marks, input)?;
    writeln!(out, "</div></body></html>")
}

/// A reading that shows the class's mark in the legend.
fn sample(c: VariantClass) -> &'static str {
    match c {
        VariantClass::Normalization => "caf\u{e9}",
        VariantClass::Whitespace => "\u{b6}",
        VariantClass::Case => "Word",
        VariantClass::Punctuation => ".",
        VariantClass::Diacritics => "na\u{ef}ve",
        VariantClass::Spelling => "colour",
        VariantClass::Inflection => "effects",
        VariantClass::Number => "1832",
        VariantClass::Substantive => "word",
    }
}

struct Mark<'a> {
    bytes: std::ops::Range<usize>,
    index: usize,
    kind: VariantKind,
    class: VariantClass,
    gap: Option<&'a str>,
}

impl<'a> Mark<'a> {
    fn span(bytes: std::ops::Range<usize>, index: usize, k: VariantKind, c: VariantClass) -> Self {
        Mark {
            bytes,
            index,
            kind: k,
            class: c,
            gap: None,
        }
    }
    fn gap(
        bytes: std::ops::Range<usize>,
        index: usize,
        k: VariantKind,
        c: VariantClass,
        sign: &'a str,
    ) -> Self {
        Mark {
            bytes: bytes.start..bytes.start,
            index,
            kind: k,
            class: c,
            gap: Some(sign),
        }
    }
}

fn side(
    out: &mut dyn Write,
    which: &str,
    label: &str,
    text: &str,
    mut marks: Vec<Mark<'_>>,
    _input: &Input<'_>,
) -> io::Result<()> {
    marks.sort_by_key(|m| (m.bytes.start, m.bytes.end));
    write!(
        out,
        "<section class=\"{which}\"><h2>{}</h2><div class=\"text\">",
        html(label)
    )?;
    let mut cursor = 0;
    for m in marks {
        let start = m.bytes.start.max(cursor);
        out.write_all(html(&text[cursor..start]).as_bytes())?;
        let attrs = format!(
            "class=\"v k-{} c-{}\" id=\"{which}{}\" title=\"{} / {}\"",
            m.kind, m.class, m.index, m.kind, m.class
        );
        let end = if m.bytes.is_empty() {
            start
        } else {
            m.bytes.end.max(start)
        };
        match m.gap {
            Some(sign) => write!(
                out,
                "<span {attrs}><span class=\"gap\">{sign}</span></span>"
            )?,
            None if end == start => {
                write!(out, "<span {attrs}><span class=\"gap\">⁁</span></span>")?
            }
            None => write!(
                out,
                "<span {attrs}><bdi>{}</bdi></span>",
                html(&text[start..end])
            )?,
        }
        cursor = end;
    }
    out.write_all(html(&text[cursor..]).as_bytes())?;
    writeln!(out, "</div></section>")
}
