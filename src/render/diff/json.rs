//! `--format json`: one JSON document, schema version [`VERSION`] (documented in
//! `docs/diff-json.md`). Strings are escaped by serde; readings are the original text exactly.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Input;
use crate::diff::{Side, Variant};
use crate::witness::Witness;

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

/// One variant appended to `out` field by field, as serde would write it (compact, in this
/// order). Variants are most of the document, and writing them directly (without `fmt`)
/// costs a fraction of going through serde.
fn write_variant(out: &mut Vec<u8>, v: &Variant, texts: [&str; 2]) -> io::Result<()> {
    out.extend_from_slice(b"{\"kind\":\"");
    out.extend_from_slice(v.kind.as_str().as_bytes());
    out.extend_from_slice(b"\",\"class\":\"");
    out.extend_from_slice(v.class.as_str().as_bytes());
    out.extend_from_slice(b"\",\"old\":");
    write_side(out, &v.old, texts[0])?;
    out.extend_from_slice(b",\"new\":");
    write_side(out, &v.new, texts[1])?;
    if let Some(m) = v.moved.as_deref() {
        out.extend_from_slice(b",\"moved\":{\"old_at\":");
        number(out, m.old_at as u64);
        out.extend_from_slice(b",\"new_at\":");
        number(out, m.new_at as u64);
        out.push(b'}');
    }
    out.push(b'}');
    Ok(())
}

fn write_side(out: &mut Vec<u8>, s: &Side, text: &str) -> io::Result<()> {
    out.extend_from_slice(b"{\"reading\":");
    // serde_json's own string escaping, so readings come out byte for byte as before.
    serde_json::to_writer(&mut *out, s.reading(text)).map_err(io::Error::other)?;
    out.extend_from_slice(b",\"tokens\":[");
    number(out, s.tokens().start as u64);
    out.push(b',');
    number(out, s.tokens().end as u64);
    out.extend_from_slice(b"],\"bytes\":[");
    number(out, s.bytes().start as u64);
    out.push(b',');
    number(out, s.bytes().end as u64);
    out.extend_from_slice(b"],\"line\":");
    number(out, u64::from(s.line));
    out.extend_from_slice(b",\"column\":");
    number(out, u64::from(s.column));
    out.push(b'}');
    Ok(())
}

/// `n` in decimal, as JSON (and serde) write it.
fn number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
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
    // The document up to its last field, then the variants (the last field) written directly,
    // in pieces of about 64 KiB.
    let mut buf = serde_json::to_vec(&doc).map_err(io::Error::other)?;
    buf.pop(); // the closing brace
    buf.extend_from_slice(b",\"variants\":[");
    for (i, v) in d.variants.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        write_variant(&mut buf, v, [&input.old.text, &input.new.text])?;
        if buf.len() >= 1 << 16 {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    buf.extend_from_slice(b"]}\n");
    out.write_all(&buf)
}
