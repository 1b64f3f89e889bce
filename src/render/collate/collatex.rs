//! CollateX JSON alignment table: `{"witnesses":[ids],"table":[[cell…]…]}`, one row per
//! witness, each cell a list of token objects (`t` with its trailing whitespace, as CollateX
//! writes it, and `n`; pre-tokenized input is echoed with every property) or `null`.

use std::io::{self, Write};

use serde_json::{Map, Value};

use crate::collate::Collation;

/// Render the CollateX alignment table.
pub fn render(c: &Collation, out: &mut dyn Write) -> io::Result<()> {
    let ids: Vec<&str> = c.witnesses.iter().map(|w| w.siglum.as_str()).collect();
    out.write_all(b"{\"witnesses\":")?;
    serde_json::to_writer(&mut *out, &ids)?;
    out.write_all(b",\"table\":[")?;
    for (w, wit) in c.witnesses.iter().enumerate() {
        if w > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"[")?;
        for (k, col) in c.table.columns.iter().enumerate() {
            if k > 0 {
                out.write_all(b",")?;
            }
            match &col.cells[w] {
                None => out.write_all(b"null")?,
                Some(r) => {
                    out.write_all(b"[")?;
                    for i in r.start..r.end {
                        let i = i as usize;
                        if i > r.start as usize {
                            out.write_all(b",")?;
                        }
                        match &wit.given {
                            Some(g) => serde_json::to_writer(&mut *out, &g[i])?,
                            None => {
                                let mut m = Map::new();
                                let t = format!("{}{}", wit.reading(i), wit.space_after(i));
                                m.insert("t".into(), Value::String(t));
                                m.insert("n".into(), Value::String(c.key(w, i).to_string()));
                                serde_json::to_writer(&mut *out, &m)?;
                            }
                        }
                    }
                    out.write_all(b"]")?;
                }
            }
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"]}\n")
}
