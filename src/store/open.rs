//! Creating and opening a store: the folder layout and its `FORMAT` file.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::Path;

use super::fsutil::{ensure_dir, fsync_dir, lstat_kind, symlink_error, sync_file};
use super::{FORMAT, Store, StoreError};

pub(crate) fn init(root: &Path) -> Result<(Store, bool), StoreError> {
    match lstat_kind(root).map_err(StoreError::io("inspecting", root))? {
        Some(t) if t.is_dir() || t.is_symlink() => {
            if root.join("FORMAT").exists() {
                return open(root).map(|s| (s, false));
            }
            let mut entries = fs::read_dir(root).map_err(StoreError::io("reading", root))?;
            if entries.next().is_some() {
                return Err(StoreError::NotAStore {
                    path: root.to_path_buf(),
                });
            }
        }
        Some(_) => {
            return Err(StoreError::NotAStore {
                path: root.to_path_buf(),
            });
        }
        None => fs::create_dir_all(root).map_err(StoreError::io("creating store", root))?,
    }
    for d in ["objects", "records", "refs", "tmp"] {
        ensure_dir(root, d)?;
    }
    let lock = root.join("lock");
    File::create(&lock).map_err(StoreError::io("creating", &lock))?;
    // FORMAT last: a folder without it is not yet a store.
    let mut tmp = tempfile::Builder::new()
        .prefix("tmp-format-")
        .tempfile_in(root.join("tmp"))
        .map_err(StoreError::io("creating temp file in", &root.join("tmp")))?;
    tmp.write_all(FORMAT.as_bytes())
        .map_err(StoreError::io("writing", tmp.path()))?;
    sync_file(tmp.as_file(), tmp.path())?;
    let format = root.join("FORMAT");
    tmp.persist(&format)
        .map_err(|e| StoreError::io("creating", &format)(e.error))?;
    fsync_dir(root)?;
    Ok((open(root)?, true))
}

pub(crate) fn open(root: &Path) -> Result<Store, StoreError> {
    let no_store = || StoreError::NoStore {
        path: root.to_path_buf(),
    };
    if !root.is_dir() {
        return Err(no_store());
    }
    let format = root.join("FORMAT");
    match lstat_kind(&format).map_err(StoreError::io("inspecting", &format))? {
        Some(t) if t.is_symlink() => return Err(symlink_error(&format)),
        // A FIFO would block every command; a device or folder is no format file either.
        Some(t) if !t.is_file() => {
            return Err(StoreError::Damaged {
                path: format,
                reason: "not a plain file (the store's FORMAT file must be one)".into(),
            });
        }
        Some(_) => {}
        None if root.join("refs").exists() || root.join("objects").exists() => {
            return Err(StoreError::Damaged {
                path: format,
                reason: "missing (the store's FORMAT file is needed to open it)".into(),
            });
        }
        None => return Err(no_store()),
    }
    // Read at most a little more than the expected line: a huge (or sparse) file is not read.
    let mut text = Vec::new();
    fs::File::open(&format)
        .and_then(|f| f.take(64).read_to_end(&mut text))
        .map_err(StoreError::io("reading", &format))?;
    if text != FORMAT.as_bytes() {
        let shown = String::from_utf8_lossy(&text[..text.len().min(40)])
            .trim()
            .to_string();
        let reason = match shown.strip_prefix("lectio-store ") {
            Some(v) => format!("store format {v} is not supported by this version (supports 1)"),
            None => format!(
                "not a lectio store format: '{}'",
                crate::escape::terminal(&shown)
            ),
        };
        return Err(StoreError::Damaged {
            path: format,
            reason,
        });
    }
    for d in ["objects", "records", "refs", "tmp"] {
        if let Some(t) = lstat_kind(&root.join(d)).map_err(StoreError::io("inspecting", root))?
            && t.is_symlink()
        {
            return Err(symlink_error(&root.join(d)));
        }
    }
    Ok(Store {
        root: root.to_path_buf(),
        max_size: super::DEFAULT_MAX_SIZE,
        lock_timeout: super::DEFAULT_LOCK_TIMEOUT,
    })
}
