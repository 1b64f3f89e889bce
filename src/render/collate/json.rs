//! lectio's own JSON for a collation (`version` 1): witnesses, the table (column-major, each
//! cell with its readings, keys and, for pre-tokenized input, the tokens as given), the
//! apparatus with sigla (and, for TEI witnesses, `lacuna` and `loc` — page and line — per
//! reading), the transpositions and a count of places per class. Regularized variants (see
//! [`Regularized`]) are apparatus entries marked `"regularized": true`, among the others in
//! text order (inline), in an array `regularized` of their own after the apparatus
//! (separate), or not listed (hide); `classes` counts the entries of `apparatus`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Regularized, is_regularized, listed};
use crate::collate::{Collation, Entry};

/// Schema version of this document.
pub const VERSION: u32 = 1;

/// Render the JSON document.
pub fn render(c: &Collation, regularized: Regularized, out: &mut dyn Write) -> io::Result<()> {
    let sig = |ws: &[usize]| -> Vec<&str> {
        ws.iter().map(|&w| c.witnesses[w].siglum.as_str()).collect()
    };
    let witnesses: Vec<Value> = c
        .witnesses
        .iter()
        .map(|w| json!({"siglum": w.siglum, "label": w.label, "tokens": w.tokens.len()}))
        .collect();
    out.write_all(b"{\"version\":")?;
    serde_json::to_writer(&mut *out, &VERSION)?;
    out.write_all(b",\"base\":")?;
    serde_json::to_writer(&mut *out, &c.witnesses[c.apparatus.base].siglum)?;
    out.write_all(b",\"segmented\":")?;
    serde_json::to_writer(&mut *out, &c.segmented)?;
    out.write_all(b",\"witnesses\":")?;
    serde_json::to_writer(&mut *out, &witnesses)?;
    out.write_all(b",\"table\":[")?;
    for (k, col) in c.table.columns.iter().enumerate() {
        if k > 0 {
            out.write_all(b",")?;
        }
        let cells: Vec<Value> = col
            .cells
            .iter()
            .enumerate()
            .map(|(w, cell)| match cell {
                None => Value::Null,
                Some(r) => {
                    let wit = &c.witnesses[w];
                    let range = r.start as usize..r.end as usize;
                    let mut o = json!({
                        "text": wit.span_text(r),
                        "t": range.clone().map(|i| wit.reading(i)).collect::<Vec<_>>(),
                        "n": range.clone().map(|i| c.key(w, i)).collect::<Vec<_>>(),
                    });
                    if let Some(g) = &wit.given {
                        o["tokens"] =
                            Value::Array(range.map(|i| Value::Object(g[i].clone())).collect());
                    }
                    o
                }
            })
            .collect();
        let v = json!({
            "variant": col.variant,
            "transposition": col.transposition.map(|t| format!("T{}", t + 1)),
            "cells": cells,
        });
        serde_json::to_writer(&mut *out, &v)?;
    }
    out.write_all(b"],\"apparatus\":")?;
    let entry = |e: &Entry| {
        let mut v = json!({
            "column": e.column,
            "key": e.key,
            "line": e.line,
            "col": e.col,
            "anchor": e.anchor.as_ref().map(|a| json!({"word": a.word, "before": a.before})),
            "class": e.class,
            "kind": e.kind,
            "transposition": e.transposition.map(|t| format!("T{}", t + 1)),
            "readings": e.readings.iter().map(|r| {
                let mut o = json!({
                    "text": r.text,
                    "witnesses": sig(&r.witnesses),
                    "lemma": r.lemma,
                    "class": r.class,
                    "kind": r.kind,
                });
                // TEI witnesses: a lacuna (`lac.`), and where each witness's reading is.
                if r.lacuna {
                    o["lacuna"] = Value::Bool(true);
                }
                if !r.cites.is_empty() {
                    o["loc"] = r
                        .cites
                        .iter()
                        .map(|(w, cite)| (c.witnesses[*w].siglum.clone(), Value::from(cite.as_str())))
                        .collect::<serde_json::Map<_, _>>()
                        .into();
                }
                o
            }).collect::<Vec<_>>(),
        });
        if is_regularized(e) {
            v["regularized"] = Value::Bool(true);
        }
        v
    };
    let (shown, separate) = listed(c, regularized);
    let entries: Vec<Value> = shown.iter().map(|e| entry(e)).collect();
    serde_json::to_writer(&mut *out, &entries)?;
    if regularized == Regularized::Separate {
        out.write_all(b",\"regularized\":")?;
        let reg: Vec<Value> = separate.iter().map(entry).collect();
        serde_json::to_writer(&mut *out, &reg)?;
    }
    out.write_all(b",\"transpositions\":")?;
    let trans: Vec<Value> = c
        .transpositions
        .iter()
        .map(|t| {
            json!({
                "id": format!("T{}", t.id + 1),
                "text": t.text,
                "places": [
                    {"columns": [t.columns[0].start, t.columns[0].end], "witnesses": sig(&t.witnesses[0])},
                    {"columns": [t.columns[1].start, t.columns[1].end], "witnesses": sig(&t.witnesses[1])},
                ],
            })
        })
        .collect();
    serde_json::to_writer(&mut *out, &trans)?;
    let mut classes: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &shown {
        *classes.entry(e.class.as_str()).or_default() += 1;
    }
    out.write_all(b",\"classes\":")?;
    serde_json::to_writer(&mut *out, &classes)?;
    out.write_all(b"}\n")
}
