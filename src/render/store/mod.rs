//! Renderers of the store commands' results: `add`, `list`, `log`, `verify` and `gc`, each as text
//! and as JSON (schema `version` 1). JSON documents are typed (serde structs) and written with
//! their keys in sorted order, as they always were.

pub mod add;
pub mod gc;
pub mod list;
pub mod log;
pub mod verify;

use std::io::Write;

/// Write `doc` as pretty JSON with sorted keys, and a newline.
fn write_json(doc: &impl serde::Serialize, w: &mut impl Write) -> std::io::Result<()> {
    let value = serde_json::to_value(doc).map_err(std::io::Error::other)?;
    serde_json::to_writer_pretty(&mut *w, &value)?;
    writeln!(w)
}
