//! Content-addressed files (texts and records): reading with verification, publishing.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::fsutil::{CHUNK, ensure_dir, fsync_dir, lstat_kind, symlink_error};
use super::hooks::inject;
use super::id::ObjectId;
use super::record::VersionRecord;
use super::{Store, StoreError, Version};

/// Records are small; anything bigger is damage.
const MAX_RECORD_SIZE: u64 = 1 << 20;

/// The two kinds of content-addressed files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Texts, in `objects/`.
    Object,
    /// Version records, in `records/`.
    Record,
}

impl Kind {
    pub(crate) fn dir(self) -> &'static str {
        match self {
            Kind::Object => "objects",
            Kind::Record => "records",
        }
    }
}

pub(super) fn object_path(store: &Store, kind: Kind, id: &ObjectId) -> (PathBuf, PathBuf) {
    let (d, f) = id.fanout();
    let dir = store.root.join(kind.dir()).join(d);
    let path = dir.join(f);
    (dir, path)
}

pub(super) fn corrupt(id: &ObjectId, path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::Corrupt {
        id: id.to_hex(),
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// Open a store file refusing symlinks, checking the opened file is the one inspected.
fn open_no_follow(id: &ObjectId, dir: &Path, path: &Path) -> Result<File, StoreError> {
    match lstat_kind(dir).map_err(StoreError::io("inspecting", dir))? {
        Some(t) if t.is_symlink() => return Err(symlink_error(dir)),
        _ => {}
    }
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(corrupt(id, path, "missing"));
        }
        Err(e) => return Err(StoreError::io("inspecting", path)(e)),
    };
    if meta.file_type().is_symlink() {
        return Err(corrupt(id, path, "is a symlink (refused, not followed)"));
    }
    if !meta.is_file() {
        return Err(corrupt(id, path, "is not a regular file"));
    }
    let file = File::open(path).map_err(StoreError::io("opening", path))?;
    let now = file
        .metadata()
        .map_err(StoreError::io("inspecting", path))?;
    if now.ino() != meta.ino() || now.dev() != meta.dev() {
        return Err(corrupt(id, path, "replaced while being opened"));
    }
    Ok(file)
}

/// Read and verify an object: its hash must equal `id` and its size `expected_size`.
pub(crate) fn read_object(
    store: &Store,
    kind: Kind,
    id: &ObjectId,
    expected_size: Option<u64>,
) -> Result<Vec<u8>, StoreError> {
    let (dir, path) = object_path(store, kind, id);
    let file = open_no_follow(id, &dir, &path)?;
    let limit = expected_size.unwrap_or(match kind {
        Kind::Object => store.max_size,
        Kind::Record => MAX_RECORD_SIZE,
    });
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(StoreError::io("reading", &path))?;
    check_bytes(id, &path, &bytes, limit, expected_size)?;
    Ok(bytes)
}

fn check_bytes(
    id: &ObjectId,
    path: &Path,
    bytes: &[u8],
    limit: u64,
    expected_size: Option<u64>,
) -> Result<(), StoreError> {
    if bytes.len() as u64 > limit {
        return Err(corrupt(
            id,
            path,
            format!("larger than its recorded size of {limit} bytes"),
        ));
    }
    let actual = ObjectId::of(bytes);
    if actual != *id {
        let reason = if bytes.is_empty() {
            "file is empty (likely an interrupted write)".to_string()
        } else if bytes.iter().all(|&b| b == 0) {
            "file is filled with NUL bytes (likely an interrupted write)".to_string()
        } else if let Some(size) = expected_size.filter(|&s| s != bytes.len() as u64) {
            format!(
                "file is {} bytes, its record says {size} (truncated?); content hashes to {actual}",
                bytes.len()
            )
        } else {
            format!("content hashes to {actual}")
        };
        return Err(corrupt(id, path, reason));
    }
    if let Some(size) = expected_size.filter(|&s| s != bytes.len() as u64) {
        // The text is sound; the record that gave the size is not.
        return Err(corrupt(
            id,
            path,
            format!(
                "the text is sound ({} bytes) but the version's record says {size} bytes",
                bytes.len()
            ),
        ));
    }
    Ok(())
}

/// Stream-hash an object file (for verify and for checking an existing object).
pub(crate) fn hash_object_file(
    id: &ObjectId,
    dir: &Path,
    path: &Path,
) -> Result<(ObjectId, u64), StoreError> {
    let mut file = open_no_follow(id, dir, path)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(StoreError::io("reading", path)(e)),
        };
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((ObjectId::from_hash(hasher.finalize()), size))
}

pub(crate) fn read_record(store: &Store, id: &ObjectId) -> Result<Version, StoreError> {
    let bytes = read_object(store, Kind::Record, id, None)?;
    let record = VersionRecord::parse(&bytes).map_err(|e| {
        let (_, path) = object_path(store, Kind::Record, id);
        corrupt(id, &path, format!("not a valid version record: {e}"))
    })?;
    Ok(Version { id: *id, record })
}

/// Publish a synced temp file as object `id` without clobbering. Returns true when a corrupt
/// existing copy was replaced.
pub(super) fn publish(
    store: &Store,
    kind: Kind,
    tmp: tempfile::NamedTempFile,
    id: &ObjectId,
) -> Result<bool, StoreError> {
    let base = ensure_dir(&store.root, kind.dir())?;
    let (d, _) = id.fanout();
    let dir = ensure_dir(&base, &d)?;
    let (_, dest) = object_path(store, kind, id);
    let _ = tmp
        .as_file()
        .set_permissions(fs::Permissions::from_mode(0o444));
    if let Err(e) = inject("object-rename") {
        return Err(StoreError::io("publishing object", &dest)(e));
    }
    match tmp.persist_noclobber(&dest) {
        Ok(_) => {
            fsync_dir(&dir)?;
            Ok(false)
        }
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
            match hash_object_file(id, &dir, &dest) {
                Ok((found, _)) if found == *id => {
                    freshen(&dest);
                    Ok(false)
                }
                _ => {
                    // A corrupt copy (or a symlink): replace it atomically; rename never
                    // follows a symlink at the destination.
                    e.file
                        .persist(&dest)
                        .map_err(|e| StoreError::io("replacing corrupt object", &dest)(e.error))?;
                    fsync_dir(&dir)?;
                    Ok(true)
                }
            }
        }
        Err(e) => Err(StoreError::io("publishing object", &dest)(e.error)),
    }
}

/// Refresh the modification time of an object that a write found already in place, as git
/// does: `gc --prune` removes only unreachable objects older than its cutoff, so an object
/// about to be named again looks new. Best effort (a store shared by several users may hold
/// files this user does not own); the writer re-checks the object under the lock anyway.
pub(super) fn freshen(path: &Path) {
    if let Ok(f) = File::open(path) {
        let _ = f.set_modified(std::time::SystemTime::now());
    }
}

/// Publish the synced temp file at `tmp` as text object `id` by a hard link, keeping `tmp`
/// (so the text can be published again if a concurrent `gc --prune` removes it before the
/// record naming it is written under the lock). Returns whether a corrupt copy was replaced,
/// or `None` when the file system has no hard links (the caller then uses [`publish`]).
pub(super) fn publish_linked(
    store: &Store,
    tmp: &Path,
    id: &ObjectId,
) -> Result<Option<bool>, StoreError> {
    let base = ensure_dir(&store.root, Kind::Object.dir())?;
    let (d, _) = id.fanout();
    let dir = ensure_dir(&base, &d)?;
    let (_, dest) = object_path(store, Kind::Object, id);
    let _ = fs::set_permissions(tmp, fs::Permissions::from_mode(0o444));
    if let Err(e) = inject("object-rename") {
        return Err(StoreError::io("publishing object", &dest)(e));
    }
    match fs::hard_link(tmp, &dest) {
        Ok(()) => {
            fsync_dir(&dir)?;
            Ok(Some(false))
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            match hash_object_file(id, &dir, &dest) {
                Ok((found, _)) if found == *id => {
                    freshen(&dest);
                    Ok(Some(false))
                }
                _ => {
                    // A corrupt copy (or a symlink): replace it atomically through a second
                    // link (rename never follows a symlink at the destination).
                    let second = tmp.with_extension("repair");
                    let _ = fs::remove_file(&second);
                    fs::hard_link(tmp, &second)
                        .and_then(|()| fs::rename(&second, &dest))
                        .map_err(StoreError::io("replacing corrupt object", &dest))?;
                    fsync_dir(&dir)?;
                    Ok(Some(true))
                }
            }
        }
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied
            ) || e.raw_os_error() == Some(1) =>
        {
            Ok(None)
        }
        Err(e) => Err(StoreError::io("publishing object", &dest)(e)),
    }
}

/// Under the writer lock, before the record naming text `id` is written: the text must still
/// be in place (a `gc --prune --older-than 0` may have removed it since it was published).
/// Publish it again from the kept temp file `tmp` if it is gone.
pub(super) fn ensure_object(
    store: &Store,
    id: &ObjectId,
    tmp: Option<&Path>,
) -> Result<(), StoreError> {
    let (dir, dest) = object_path(store, Kind::Object, id);
    if fs::symlink_metadata(&dest).is_ok_and(|m| m.is_file()) {
        return Ok(());
    }
    match tmp {
        Some(tmp) if tmp.exists() => {
            ensure_dir(&store.root.join(Kind::Object.dir()), &id.fanout().0)?;
            match fs::hard_link(tmp, &dest) {
                Ok(()) => fsync_dir(&dir),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
                Err(e) => Err(StoreError::io("publishing object", &dest)(e)),
            }
        }
        _ => Err(StoreError::Pruned { id: id.to_hex() }),
    }
}
