//! CollateX JSON alignment table: `{"witnesses":[ids],"table":[[cell…]…]}`, one row per
//! witness, each cell a list of token objects (`t` with its trailing whitespace, as CollateX
//! writes it, and `n`; pre-tokenized input is echoed with every property) or `null`.

use std::borrow::Cow;
use std::io::{self, Write};

use serde_json::{Map, Value};

use crate::collate::Collation;

/// Render the CollateX alignment table.
pub fn render(c: &Collation, out: &mut dyn Write) -> io::Result<()> {
    let ids: Vec<&str> = c.witnesses.iter().map(|w| w.siglum.as_str()).collect();
    out.write_all(b"{\"witnesses\":")?;
    serde_json::to_writer(&mut *out, &ids)?;
    out.write_all(b",\"table\":[")?;
    for w in 0..c.witnesses.len() {
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
                        serde_json::to_writer(&mut *out, &token(c, w, i, false))?;
                    }
                    out.write_all(b"]")?;
                }
            }
        }
        out.write_all(b"]")?;
    }
    out.write_all(b"]}\n")
}

/// Token `i` of witness `w` as CollateX writes it: a pre-tokenized token with every property as
/// given, else `t` (the reading with its trailing whitespace) and `n` (the comparison key);
/// `java` adds the Java server's `_sigil` and `_token_array_position`.
pub(crate) fn token(c: &Collation, w: usize, i: usize, java: bool) -> Cow<'_, Map<String, Value>> {
    let wit = &c.witnesses[w];
    if let Some(g) = &wit.given {
        return Cow::Borrowed(&g[i]);
    }
    let mut m = Map::new();
    let t = format!("{}{}", wit.reading(i), wit.space_after(i));
    m.insert("t".into(), Value::String(t));
    m.insert("n".into(), Value::String(c.key(w, i).to_string()));
    if java {
        m.insert("_sigil".into(), Value::String(wit.siglum.clone()));
        m.insert("_token_array_position".into(), Value::from(i));
    }
    Cow::Owned(m)
}
