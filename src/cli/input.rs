//! Reading the texts commands take (files, standard input, edition references), shared by
//! every command that reads them. Every read is bounded by `--max-size` / `LECTIO_MAX_SIZE`
//! (exit 5): a regular file by its size before it is read, anything else (standard input, a
//! device, a pipe) by reading at most one byte past the limit.

use std::path::Path;

use lectio::store::{StoreError, Witness};

/// Load `spec`, a file (at most `limit` bytes) or an edition reference
/// ([`lectio::store::load_witness`]), with `cannot load SPEC` before errors that do not
/// already start with it.
pub fn load_witness(store: &Path, spec: &str, limit: u64) -> anyhow::Result<Witness> {
    check_size(spec, limit)?;
    lectio::store::load_witness(store, spec, limit).map_err(|e| match e {
        e @ (StoreError::NoSuchInput { .. } | StoreError::TooLarge { .. }) => e.into(),
        e => anyhow::Error::from(e).context(format!("cannot load {spec}")),
    })
}

/// [`load_witness`] with the library's own messages (as `collate` and `align` print them).
pub fn load(store: &Path, spec: &str, limit: u64) -> anyhow::Result<Witness> {
    check_size(spec, limit)?;
    Ok(lectio::store::load_witness(store, spec, limit)?)
}

/// Read the file at `path` whole (`-`: standard input), at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    check_size(&path.display().to_string(), limit)?;
    Ok(lectio::store::read_limited(path, limit)?)
}

/// Refuse `spec` when it names a regular file larger than `max` bytes (exit 5), before
/// reading it. Stored editions were capped when they were added.
pub fn check_size(spec: &str, max: u64) -> Result<(), lectio::diff::DiffError> {
    let path = Path::new(spec);
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() > max => Err(lectio::diff::DiffError::FileTooLarge {
            path: lectio::escape::terminal(spec).into_owned(),
            bytes: m.len(),
            limit: max,
        }),
        _ => Ok(()),
    }
}
