//! One file per command; each file's doc comment is its help.

pub mod add;
pub mod align;
pub mod align_score;
pub mod cat;
pub mod check;
pub mod collate;
pub mod diff;
pub mod git_diff;
pub mod init;
pub mod list;
pub mod log;
pub mod report;
pub mod variants;
pub mod verify;

/// Load `spec`, a file or an edition reference ([`lectio::store::load_witness`]), with
/// `cannot load SPEC` before errors that do not already start with it.
pub fn load_witness(store: &std::path::Path, spec: &str) -> anyhow::Result<lectio::store::Witness> {
    lectio::store::load_witness(store, spec).map_err(|e| match e {
        e @ lectio::store::StoreError::NoSuchInput { .. } => e.into(),
        e => anyhow::Error::from(e).context(format!("cannot load {spec}")),
    })
}
