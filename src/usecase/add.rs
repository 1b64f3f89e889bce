//! What `lectio add` checks before it stores a file: a TEI file is stored byte for byte, but
//! only when its reading text can be derived (invalid XML or refused entities are an input
//! error before anything is written), and its record counts the words of that reading text,
//! not of the markup. Used by the CLI and the Python binding's `Store.add`.

use std::path::Path;

use crate::tei::{InputFormat, Options, TeiError};
use crate::witness::Witness;

/// Check the file at `path` as `add` stores it: `Some(words)` of its reading text when it is
/// TEI (under `format`), `None` when it is stored as plain text — or when the store will refuse
/// it with its own message (larger than `max_size`, unreadable, not text).
pub fn check_file(
    path: &Path,
    format: InputFormat,
    max_size: u64,
) -> Result<Option<u64>, TeiError> {
    if path.as_os_str() == "-" || format == InputFormat::Text {
        return Ok(None);
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() > max_size) {
        return Ok(None);
    }
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(None);
    };
    check_bytes(bytes, format, &path.display().to_string())
}

/// [`check_file`] of bytes already read (standard input), named `origin` in errors.
pub fn check_bytes(
    bytes: Vec<u8>,
    format: InputFormat,
    origin: &str,
) -> Result<Option<u64>, TeiError> {
    if format == InputFormat::Text {
        return Ok(None);
    }
    let Ok(text) = crate::text::decode_owned(bytes, origin) else {
        return Ok(None); // the store reports the decoding error
    };
    let w = Witness {
        label: origin.to_string(),
        text,
        ..Default::default()
    };
    let read = crate::tei::read_witness(w, format, &Options::default())?;
    Ok(read
        .markup
        .is_some()
        .then(|| crate::store::scan::count_words(&read.text)))
}
