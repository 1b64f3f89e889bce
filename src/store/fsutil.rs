//! File-system helpers for the store: symlink-refusing inspection, fsync of files and
//! folders, temp files, and lexical paths.

use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};

use super::hooks::{fsync_enabled, inject};
use super::{Store, StoreError};

pub(super) const CHUNK: usize = 64 * 1024;

pub(super) fn lstat_kind(path: &Path) -> io::Result<Option<fs::FileType>> {
    match fs::symlink_metadata(path) {
        Ok(m) => Ok(Some(m.file_type())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

pub(super) fn symlink_error(path: &Path) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        reason: "unexpected symlink in store (refused, not followed)".into(),
    }
}

pub(crate) fn fsync_dir(dir: &Path) -> Result<(), StoreError> {
    fsync_dir_as(dir, "dir-fsync")
}

/// [`fsync_dir`], failing under `LECTIO_FAILPOINT=error:<op>`.
pub(crate) fn fsync_dir_as(dir: &Path, op: &str) -> Result<(), StoreError> {
    if fsync_enabled() {
        inject(op)
            .and_then(|()| File::open(dir))
            .and_then(|f| f.sync_all())
            .map_err(StoreError::io("syncing folder", dir))?;
    }
    Ok(())
}

/// Make sure `parent/name` is a real folder (not a symlink), creating it if missing (and
/// syncing `parent` then).
pub(crate) fn ensure_dir(parent: &Path, name: &str) -> Result<PathBuf, StoreError> {
    let dir = parent.join(name);
    match lstat_kind(&dir).map_err(StoreError::io("inspecting", &dir))? {
        Some(t) if t.is_symlink() => Err(symlink_error(&dir)),
        Some(t) if t.is_dir() => Ok(dir),
        Some(_) => Err(StoreError::Damaged {
            path: dir,
            reason: "expected a folder".into(),
        }),
        None => {
            match fs::create_dir(&dir) {
                Ok(()) => fsync_dir(parent)?,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(StoreError::io("creating folder", &dir)(e)),
            }
            Ok(dir)
        }
    }
}

pub(super) fn sync_file(f: &File, path: &Path) -> Result<(), StoreError> {
    if fsync_enabled() {
        f.sync_all().map_err(StoreError::io("syncing", path))?;
    }
    Ok(())
}

pub(super) fn new_temp(store: &Store) -> Result<tempfile::NamedTempFile, StoreError> {
    new_temp_named(store, "tmp-")
}

/// A temp file in `tmp/` named `<prefix><pid>-<random>`: `gc` keeps the files of a running
/// process ([`temp_owner_running`]).
pub(super) fn new_temp_named(
    store: &Store,
    prefix: &str,
) -> Result<tempfile::NamedTempFile, StoreError> {
    let dir = ensure_dir(&store.root, "tmp")?;
    tempfile::Builder::new()
        .prefix(&format!("{prefix}{}-", std::process::id()))
        .tempfile_in(&dir)
        .map_err(StoreError::io("creating temp file in", &dir))
}

/// Whether the temp file named `name` (`<prefix><pid>-…`) belongs to a process running on this
/// machine (read from `/proc`; `false` where there is none, so only the age protects it).
pub(crate) fn temp_owner_running(name: &str) -> bool {
    let Some(pid) = name
        .split('-')
        .nth(1)
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    else {
        return false;
    };
    Path::new("/proc/self").exists() && Path::new("/proc").join(pid).exists()
}

/// `path` made absolute (against the current folder) and cleaned lexically: `.` and `..` are
/// removed and symlinks are not resolved, so it is the path the user sees.
pub fn lexical(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// `file` relative to the folder that holds the store, lexically (symlinks are not resolved,
/// so the recorded path is the one the user sees), with `/` separators.
pub fn relative_to_store_parent(store_root: &Path, file: &Path) -> String {
    let base = lexical(store_root);
    relative_path(base.parent().unwrap_or(Path::new("/")), &lexical(file))
}

/// `to` relative to the folder `from` (both absolute and lexical), with `/` separators.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let f: Vec<_> = from.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to_store_parent(
                Path::new("/r/repo/editions"),
                Path::new("/r/repo/../shared/s/a.txt")
            ),
            "../shared/s/a.txt"
        );
        assert_eq!(
            relative_to_store_parent(
                Path::new("/r/repo/editions"),
                Path::new("/r/repo/src/./e.txt")
            ),
            "src/e.txt"
        );
    }
}
