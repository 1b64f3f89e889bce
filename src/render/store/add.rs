//! `lectio add`: the version added (or found unchanged).

use std::io::Write;

use crate::store::{AddOutcome, ObjectId, VersionRecord};

#[derive(serde::Serialize)]
struct AddJson<'a> {
    version: u32,
    reference: String,
    hash: &'a ObjectId,
    record_id: &'a ObjectId,
    added: bool,
    record: &'a VersionRecord,
}

/// `WORK/EDITION@N <blake3 of the bytes>`, and a note when nothing was added.
pub fn text(outcome: &AddOutcome, w: &mut impl Write) -> std::io::Result<()> {
    let v = &outcome.version;
    write!(w, "{} {}", v.reference(), v.record.content)?;
    if !outcome.added {
        write!(
            w,
            " (unchanged: identical to the latest version; nothing added)"
        )?;
    }
    writeln!(w)
}

/// The JSON document: reference, hashes, whether it was added, and the record.
pub fn json(outcome: &AddOutcome, w: &mut impl Write) -> std::io::Result<()> {
    let v = &outcome.version;
    let doc = AddJson {
        version: 1,
        reference: v.reference(),
        hash: &v.record.content,
        record_id: &v.id,
        added: outcome.added,
        record: &v.record,
    };
    super::write_json(&doc, w)
}
