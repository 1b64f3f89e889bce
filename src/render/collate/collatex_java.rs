//! CollateX-Java's JSON alignment table, column-major as the Java server writes it:
//! `{"witnesses":[sigla],"table":[[cell of each witness]…]}`, one array per column (segment),
//! each holding one token list per witness in `witnesses` order; a gap is an empty list. Tokens
//! are objects with `t` (with its trailing whitespace), `n`, `_sigil` and
//! `_token_array_position`; pre-tokenized input is echoed with every property as given.

use std::io::{self, Write};

use serde_json::Value;

use super::collatex::token;

use crate::collate::Collation;

/// Render the column-major table.
pub fn render(c: &Collation, out: &mut dyn Write) -> io::Result<()> {
    let ids: Vec<&str> = c.witnesses.iter().map(|w| w.siglum.as_str()).collect();
    out.write_all(b"{\"witnesses\":")?;
    serde_json::to_writer(&mut *out, &ids)?;
    out.write_all(b",\"table\":[")?;
    for (k, col) in c.table.columns.iter().enumerate() {
        if k > 0 {
            out.write_all(b",")?;
        }
        let cells: Vec<Value> = col
            .cells
            .iter()
            .enumerate()
            .map(|(w, cell)| {
                let tokens = cell.iter().flat_map(|r| r.start as usize..r.end as usize);
                Value::Array(
                    tokens
                        .map(|i| Value::Object(token(c, w, i, true).into_owned()))
                        .collect(),
                )
            })
            .collect();
        serde_json::to_writer(&mut *out, &cells)?;
    }
    out.write_all(b"]}\n")
}
