//! JSON: one document with a schema `version`, the source's sentences, and for every
//! translation its sentences, beads (index lists) and findings.

use std::io::{self, Write};

use serde::Serialize;

use crate::align::{Bitext, Finding, Side};

/// Schema version of the JSON output.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    source: SideOut<'a>,
    translations: Vec<PairOut<'a>>,
}

#[derive(Serialize)]
struct SideOut<'a> {
    label: &'a str,
    lang: &'a str,
    sentences: Vec<SentOut<'a>>,
}

#[derive(Serialize)]
struct SentOut<'a> {
    id: usize,
    paragraph: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct PairOut<'a> {
    target: SideOut<'a>,
    ratio: f64,
    beads: Vec<BeadOut>,
    findings: Vec<FindingOut<'a>>,
}

#[derive(Serialize)]
struct BeadOut {
    src: Vec<usize>,
    tgt: Vec<usize>,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    kind: &'static str,
    message: &'a str,
    bead: usize,
    src: Vec<usize>,
    tgt: Vec<usize>,
    src_line: Option<u32>,
    tgt_line: Option<u32>,
    source_text: &'a str,
    target_text: &'a str,
}

fn side(s: &Side) -> SideOut<'_> {
    SideOut {
        label: &s.label,
        lang: &s.lang,
        sentences: s
            .sentences
            .iter()
            .enumerate()
            .map(|(id, x)| SentOut {
                id,
                paragraph: x.paragraph,
                start: x.start,
                end: x.end,
                text: x.text(&s.text),
            })
            .collect(),
    }
}

/// Write the whole bitext as one pretty-printed JSON document.
pub fn write(b: &Bitext, w: &mut impl Write) -> io::Result<()> {
    let doc = Doc {
        version: VERSION,
        source: side(&b.source),
        translations: b
            .pairs
            .iter()
            .map(|p| PairOut {
                target: side(&p.target),
                ratio: (p.ratio * 10_000.0).round() / 10_000.0,
                beads: p
                    .beads
                    .iter()
                    .map(|x| BeadOut {
                        src: x.src.clone().collect(),
                        tgt: x.tgt.clone().collect(),
                    })
                    .collect(),
                findings: p
                    .findings
                    .iter()
                    .map(|f: &Finding| FindingOut {
                        kind: f.kind.as_str(),
                        message: &f.message,
                        bead: f.bead + 1,
                        src: f.src.clone().collect(),
                        tgt: f.tgt.clone().collect(),
                        src_line: f.src_line,
                        tgt_line: f.tgt_line,
                        source_text: &f.source_text,
                        target_text: &f.target_text,
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc).map_err(io::Error::other)?;
    writeln!(w)
}
