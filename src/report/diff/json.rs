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
    variants: Vec<VariantJson<'a>>,
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

#[derive(Serialize)]
struct SideJson<'a> {
    reading: &'a str,
    tokens: [usize; 2],
    bytes: [usize; 2],
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct MovedJson {
    old_at: usize,
    new_at: usize,
}

#[derive(Serialize)]
struct VariantJson<'a> {
    kind: &'static str,
    class: &'static str,
    old: SideJson<'a>,
    new: SideJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    moved: Option<MovedJson>,
}

fn side(s: &Side) -> SideJson<'_> {
    SideJson {
        reading: &s.reading,
        tokens: [s.tokens.start, s.tokens.end],
        bytes: [s.bytes.start, s.bytes.end],
        line: s.line,
        column: s.column,
    }
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

fn variant(v: &Variant) -> VariantJson<'_> {
    VariantJson {
        kind: v.kind.as_str(),
        class: v.class.as_str(),
        old: side(&v.old),
        new: side(&v.new),
        moved: v.moved.map(|m| MovedJson {
            old_at: m.old_at,
            new_at: m.new_at,
        }),
    }
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
        variants: d.variants.iter().map(variant).collect(),
    };
    // Serde writes many small pieces: buffer them here rather than through `dyn Write`.
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut w, &doc).map_err(io::Error::other)?;
    writeln!(w)?;
    w.flush()
}
