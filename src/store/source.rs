//! Loading the texts that commands compare: a reference to a stored edition
//! (`WORK/EDITION[@N|@HASH]`, or `EDITION` when unique) or a path to an existing file.

use std::path::{Path, PathBuf};

use super::{Store, StoreError, Version};

pub use crate::witness::Witness;

/// Load `spec`: a path to an existing file is read as that file (`-` is standard input), at
/// most `limit` bytes of it ([`read_limited`]); anything else is a reference into the store at
/// `store` (whose texts were capped when they were added).
///
/// What cannot be a reference (`/tmp/a.txt`, `./a.txt`, `docs/a.md` when the store has no work
/// `docs`) is a missing file: the error says so rather than that a name is invalid or that
/// an edition is unknown. A reference whose work exists keeps the store's errors.
pub fn load_witness(store: &Path, spec: &str, limit: u64) -> Result<Witness, StoreError> {
    let path = Path::new(spec);
    if path.is_file() || spec == "-" {
        return load_file(spec, limit);
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
        markup: None,
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

/// Whether `path` is a pipe (FIFO) or a socket: reading one may never end, or never start
/// (opening a FIFO waits for a writer). Commands that read files found on disk rather than
/// named by the user (`check`'s working files, `git-diff`'s) refuse them.
pub fn is_pipe(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        std::fs::metadata(path).is_ok_and(|m| {
            let t = m.file_type();
            t.is_fifo() || t.is_socket()
        })
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Read `path` whole, refusing more than `limit` bytes ([`StoreError::TooLarge`], exit 5): a
/// regular file by its size before reading it, anything else (standard input as `-`, a device,
/// a pipe such as `<(cmd)`) by reading at most one byte past the limit, so `/dev/zero` costs
/// `limit` bytes, never all memory. A folder is refused.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    let origin = path.display().to_string();
    let read_err = |source| StoreError::Read {
        path: origin.clone(),
        source,
    };
    let too_large = |size| StoreError::TooLarge {
        origin: origin.clone(),
        size,
        limit,
    };
    let mut buf = Vec::new();
    if origin == "-" {
        let stdin = std::io::stdin();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(stdin.lock(), limit.saturating_add(1)),
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
        return Ok(buf);
    }
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(read_err(std::io::Error::other(
            "is a folder, not a text file",
        )));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(too_large(Some(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(read_err)?;
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, limit.saturating_add(1)),
        &mut buf,
    )
    .map_err(read_err)?;
    if buf.len() as u64 > limit {
        return Err(too_large(None));
    }
    Ok(buf)
}

/// Read and decode a file (`-` is standard input), at most `limit` bytes ([`read_limited`]).
pub fn load_file(spec: &str, limit: u64) -> Result<Witness, StoreError> {
    let bytes = read_limited(Path::new(spec), limit)?;
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
