//! `--format json`: one JSON document, schema version [`VERSION`] (documented in
//! `docs/diff-json.md`). Strings are escaped by serde; readings are the original text exactly.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Input;
use crate::diff::{Side, Variant};
use crate::store::Witness;

/// The schema version of the JSON document.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    #[serde(rename = "type")]
    kind: &'static str,
    old: WitnessJson<'a>,
    new: WitnessJson<'a>,
    algorithm: &'static str,
    approximate: bool,
    edits: usize,
    options: OptionsJson<'a>,
    stats: StatsJson,
}

#[derive(Serialize)]
struct WitnessJson<'a> {
    label: &'a str,
    siglum: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    hash: &'a str,
    tokens: usize,
}

#[derive(Serialize)]
struct OptionsJson<'a> {
    normalize: &'a [&'a str],
    only: Vec<&'static str>,
    ignore: Vec<&'static str>,
}

#[derive(Serialize)]
struct StatsJson {
    variants: usize,
    kind: BTreeMap<&'static str, usize>,
    class: BTreeMap<&'static str, usize>,
}

fn witness(w: &Witness, tokens: usize) -> WitnessJson<'_> {
    WitnessJson {
        label: &w.label,
        siglum: &w.siglum,
        reference: w.reference.as_deref(),
        hash: &w.hash,
        tokens,
    }
}

/// One variant, written field by field (as serde would: compact, in this order). Variants are
/// most of the document, and writing them directly costs a fraction of going through serde.
fn write_variant(w: &mut impl Write, v: &Variant) -> io::Result<()> {
    write!(
        w,
        "{{\"kind\":\"{}\",\"class\":\"{}\",\"old\":",
        v.kind.as_str(),
        v.class.as_str()
    )?;
    write_side(w, &v.old)?;
    w.write_all(b",\"new\":")?;
    write_side(w, &v.new)?;
    if let Some(m) = v.moved {
        write!(
            w,
            ",\"moved\":{{\"old_at\":{},\"new_at\":{}}}",
            m.old_at, m.new_at
        )?;
    }
    w.write_all(b"}")
}

fn write_side(w: &mut impl Write, s: &Side) -> io::Result<()> {
    w.write_all(b"{\"reading\":")?;
    // serde_json's own string escaping, so readings come out byte for byte as before.
    serde_json::to_writer(&mut *w, s.reading.as_str()).map_err(io::Error::other)?;
    write!(
        w,
        ",\"tokens\":[{},{}],\"bytes\":[{},{}],\"line\":{},\"column\":{}}}",
        s.tokens.start, s.tokens.end, s.bytes.start, s.bytes.end, s.line, s.column
    )
}

/// Render the JSON document (one line, then a newline).
pub fn render(input: &Input<'_>, out: &mut dyn Write) -> io::Result<()> {
    let d = input.diff;
    let s = d.stats();
    let doc = Doc {
        version: VERSION,
        kind: "diff",
        old: witness(input.old, d.old_tokens),
        new: witness(input.new, d.new_tokens),
        algorithm: d.algorithm.as_str(),
        approximate: d.approximate,
        edits: d.edit_count(),
        options: OptionsJson {
            normalize: input.normalized,
            only: input.filter.only.iter().map(|c| c.as_str()).collect(),
            ignore: input.filter.ignore.iter().map(|c| c.as_str()).collect(),
        },
        stats: StatsJson {
            variants: s.variants,
            kind: s.kinds().map(|(k, n)| (k.as_str(), n)).collect(),
            class: s.classes().map(|(c, n)| (c.as_str(), n)).collect(),
        },
    };
    // Many small pieces: buffer them here rather than through `dyn Write`.
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    // The document up to its last field, then the variants (the last field) written directly.
    let mut head = serde_json::to_vec(&doc).map_err(io::Error::other)?;
    head.pop(); // the closing brace
    w.write_all(&head)?;
    w.write_all(b",\"variants\":[")?;
    for (i, v) in d.variants.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        write_variant(&mut w, v)?;
    }
    w.write_all(b"]}\n")?;
    w.flush()
}
