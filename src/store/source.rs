//! Loading the texts that commands compare: a reference to a stored edition
//! (`WORK/EDITION[@N|@HASH]`, or `EDITION` when unique) or a path to an existing file.

use std::path::{Path, PathBuf};

use super::{Store, StoreError, Version};

pub use crate::witness::Witness;

/// Load `spec`: a path to an existing file is read as that file (`-` is standard input);
/// anything else is a reference into the store at `store`.
///
/// What cannot be a reference (`/tmp/a.txt`, `./a.txt`, `docs/a.md` when the store has no work
/// `docs`) is a missing file: the error says so rather than that a name is invalid or that
/// an edition is unknown. A reference whose work exists keeps the store's errors.
pub fn load_witness(store: &Path, spec: &str) -> Result<Witness, StoreError> {
    let path = Path::new(spec);
    if path.is_file() || spec == "-" {
        return load_file(spec);
    }
    let no_such_file = || StoreError::NoSuchInput {
        spec: crate::escape::terminal(spec).into_owned(),
        directory: path.is_dir(),
    };
    let name = spec.split_once('@').map_or(spec, |(name, _)| name);
    let work = name.split_once('/').map(|(work, _)| work);
    if super::name::invalid_reason(work.unwrap_or(name)).is_some() {
        return Err(no_such_file());
    }
    let store = Store::open(store).map_err(|e| match e {
        StoreError::NoStore { path } => StoreError::NotFound(format!(
            "'{}' is not a file, and there is no edition store at {} to look it up in",
            crate::escape::terminal(spec),
            path.display()
        )),
        e => e,
    })?;
    if work.is_some_and(|w| !store.has_work(w)) {
        return Err(no_such_file());
    }
    let version = store.resolve(spec)?;
    witness_of(&store, spec, &version)
}

/// Refuse standard input (`-`) among `specs` more than once: it can be read only once.
pub fn check_stdin_once<'a>(specs: impl IntoIterator<Item = &'a str>) -> Result<(), StoreError> {
    if specs.into_iter().filter(|s| *s == "-").count() > 1 {
        return Err(StoreError::Usage(
            "standard input ('-') can be given only once".into(),
        ));
    }
    Ok(())
}

/// The witness for a stored version (its bytes verified and decoded).
pub fn witness_of(store: &Store, label: &str, v: &Version) -> Result<Witness, StoreError> {
    let bytes = store.read_content(v)?;
    let origin = v.reference();
    let text = crate::text::decode_owned(bytes, &origin)?;
    let r = &v.record;
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Ok(Witness {
        label: label.to_string(),
        siglum: v.siglum().to_string(),
        reference: Some(origin),
        work: Some(r.work.clone()),
        edition: Some(r.edition.clone()),
        version: Some(r.number),
        lang: some(&r.meta.lang),
        kind: Some(r.meta.kind.as_str().to_string()),
        translation_of: some(&r.meta.translation_of),
        source_lang: some(&r.meta.source_lang),
        path: None,
        hash: r.content.to_hex(),
        text,
    })
}

/// Every edition (latest version) of `work`, optionally only those in language `lang` or of
/// kind `kind`, in the store's listing order (by edition name).
pub fn load_work(
    store: &Path,
    work: &str,
    lang: Option<&str>,
    kind: Option<&str>,
) -> Result<Vec<Witness>, StoreError> {
    super::check_name("work", work)?;
    let store = Store::open(store)?;
    let editions: Vec<_> = store
        .list()?
        .into_iter()
        .filter(|e| e.work == work)
        .collect();
    if editions.is_empty() {
        return Err(StoreError::NotFound(format!(
            "no work '{work}' in store {}\nhint: `lectio list` shows the works",
            store.root().display()
        )));
    }
    editions
        .iter()
        .filter(|e| lang.is_none_or(|l| e.head.record.meta.lang.eq_ignore_ascii_case(l)))
        .filter(|e| kind.is_none_or(|k| e.head.record.meta.kind.as_str() == k))
        .map(|e| {
            let label = format!("{}/{}", e.work, e.edition);
            witness_of(&store, &label, &e.head)
        })
        .collect()
}

/// The cap on text read from standard input: `LECTIO_MAX_SIZE` in bytes when set (as the
/// commands' `--max-size`), else [`super::DEFAULT_MAX_SIZE`].
fn stdin_limit() -> u64 {
    std::env::var("LECTIO_MAX_SIZE")
        .ok()
        .and_then(|v| super::parse_size(&v).ok())
        .unwrap_or(super::DEFAULT_MAX_SIZE)
}

/// Read and decode a file (`-` is standard input, read up to the size cap).
pub fn load_file(spec: &str) -> Result<Witness, StoreError> {
    let bytes = if spec == "-" {
        // Standard input has no size to check beforehand: read at most one byte past the cap.
        let limit = stdin_limit();
        let mut buf = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin(), limit.saturating_add(1)),
            &mut buf,
        )
        .map_err(|source| StoreError::Read {
            path: "<stdin>".into(),
            source,
        })?;
        if buf.len() as u64 > limit {
            return Err(StoreError::TooLarge {
                origin: "standard input".into(),
                size: None,
                limit,
            });
        }
        buf
    } else {
        std::fs::read(spec).map_err(|source| StoreError::Read {
            path: spec.to_string(),
            source,
        })?
    };
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let text = crate::text::decode_owned(bytes, spec)?;
    let path = PathBuf::from(spec);
    let siglum = path
        .file_stem()
        .map_or_else(|| spec.to_string(), |s| s.to_string_lossy().into_owned());
    Ok(Witness {
        label: spec.to_string(),
        siglum,
        path: (spec != "-").then_some(path),
        hash,
        text,
        ..Default::default()
    })
}
