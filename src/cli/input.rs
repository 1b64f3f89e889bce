//! Reading the texts commands take (files, standard input, edition references), shared by
//! every command that reads them.

use std::path::Path;

use lectio::store::{StoreError, Witness};

/// Load `spec`, a file or an edition reference ([`lectio::store::load_witness`]), with
/// `cannot load SPEC` before errors that do not already start with it.
pub fn load_witness(store: &Path, spec: &str) -> anyhow::Result<Witness> {
    lectio::store::load_witness(store, spec).map_err(|e| match e {
        e @ StoreError::NoSuchInput { .. } => e.into(),
        e => anyhow::Error::from(e).context(format!("cannot load {spec}")),
    })
}

/// Refuse `spec` when it names a file larger than `max` bytes (exit 5). Stored editions were
/// capped when they were added; standard input is not capped.
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
