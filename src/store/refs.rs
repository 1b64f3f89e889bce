//! Refs (an edition's latest record), the history behind them, and the listing.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::fsutil::{
    ensure_dir, fsync_dir, fsync_dir_as, lstat_kind, new_temp_named, symlink_error, sync_file,
};
use super::hooks::{failpoint, inject};
use super::id::ObjectId;
use super::objects::{Kind, corrupt, object_path, read_record};
use super::{Store, StoreError, Version, check_name, name};

/// One edition in a listing.
#[derive(Clone, Debug)]
pub struct EditionSummary {
    /// Work name.
    pub work: String,
    /// Edition name.
    pub edition: String,
    /// Number of versions.
    pub versions: u32,
    /// The latest version (its record holds the metadata and the recorded source path).
    pub head: Version,
}

pub(super) fn ref_path(store: &Store, work: &str, edition: &str) -> PathBuf {
    store.root.join("refs").join(work).join(edition)
}

/// Read a ref: `None` when the edition does not exist.
pub(super) fn read_ref(
    store: &Store,
    work: &str,
    edition: &str,
) -> Result<Option<ObjectId>, StoreError> {
    let dir = refs_dir(&store.root.join("refs"))?.join(work);
    if lstat_kind(&dir)
        .map_err(StoreError::io("inspecting", &dir))?
        .is_some_and(|t| t.is_symlink())
    {
        return Err(symlink_error(&dir));
    }
    let path = ref_path(store, work, edition);
    match lstat_kind(&path).map_err(StoreError::io("inspecting", &path))? {
        None => return Ok(None),
        Some(t) if t.is_symlink() => return Err(symlink_error(&path)),
        Some(t) if !t.is_file() => {
            return Err(StoreError::Damaged {
                path,
                reason: "a ref must be a file".into(),
            });
        }
        Some(_) => {}
    }
    let mut text = Vec::new();
    File::open(&path)
        .and_then(|f| f.take(1024).read_to_end(&mut text))
        .map_err(StoreError::io("reading", &path))?;
    let parsed = std::str::from_utf8(&text)
        .ok()
        .and_then(|t| t.strip_suffix('\n'))
        .and_then(ObjectId::parse);
    match parsed {
        Some(id) => Ok(Some(id)),
        None => Err(StoreError::Damaged {
            path,
            reason: if text.is_empty() || text.iter().all(|&b| b == 0) {
                "ref is empty or zero-filled (likely an interrupted write)".into()
            } else {
                "ref does not hold one record id (64 lowercase hex digits and a newline)".into()
            },
        }),
    }
}

/// The prefix of a new ref's temp file in `tmp/`: written (and synced with its folder) under the
/// writer lock *before* the version's record is published, and renamed into `refs/` at the
/// commit point. While it is there it is evidence of an add in flight or interrupted, which
/// tells a crash's orphan version 1 from a lost ref (see `verify::orphans`).
pub(crate) const INTENT_PREFIX: &str = "ref-";

/// Write the ref-to-be of a new version (`id`) into `tmp/` as the evidence of an add in flight;
/// returns its path. The file is kept on failure: `gc` removes it with the record it names.
pub(super) fn write_intent(store: &Store, id: &ObjectId) -> Result<PathBuf, StoreError> {
    let mut tmp = new_temp_named(store, INTENT_PREFIX)?;
    writeln!(tmp, "{id}").map_err(StoreError::io("writing temp file", tmp.path()))?;
    sync_file(tmp.as_file(), tmp.path())?;
    let path = tmp
        .into_temp_path()
        .keep()
        .map_err(|e| StoreError::io("writing temp file", &store.root.join("tmp"))(e.error))?;
    // Durable before the record is: a power cut must not keep the record and lose its evidence.
    if let Err(e) = fsync_dir_as(&store.root.join("tmp"), "intent-fsync") {
        let _ = fs::remove_file(&path);
        return Err(e);
    }
    Ok(path)
}

/// The evidence files in `tmp/` ([`INTENT_PREFIX`]): the record each names, and its path.
pub(crate) fn read_intents(store: &Store) -> Vec<(ObjectId, PathBuf)> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(store.root.join("tmp")) else {
        return out;
    };
    for e in entries.filter_map(Result::ok) {
        if !e.file_name().to_string_lossy().starts_with(INTENT_PREFIX)
            || !e.file_type().is_ok_and(|t| t.is_file())
        {
            continue;
        }
        let mut text = Vec::new();
        if File::open(e.path())
            .and_then(|f| f.take(100).read_to_end(&mut text))
            .is_err()
        {
            continue;
        }
        if let Some(id) = std::str::from_utf8(&text)
            .ok()
            .and_then(|t| t.strip_suffix('\n'))
            .and_then(ObjectId::parse)
        {
            out.push((id, e.path()));
        }
    }
    out
}

/// The commit point: rename the synced ref-to-be `intent` (from [`write_intent`]) over the
/// edition's ref, then sync `refs/WORK`.
pub(super) fn write_ref(
    store: &Store,
    work: &str,
    edition: &str,
    intent: &Path,
) -> Result<(), StoreError> {
    let refs = ensure_dir(&store.root, "refs")?;
    let dir = ensure_dir(&refs, work)?;
    failpoint("before-ref-rename");
    let dest = dir.join(edition);
    inject("ref-rename").map_err(StoreError::io("updating ref", &dest))?;
    fs::rename(intent, &dest).map_err(StoreError::io("updating ref", &dest))?;
    // The commit point has passed: say so, or the user would think nothing was added.
    fsync_dir(&dir).map_err(|e| match e {
        StoreError::Io { path, source, .. } => StoreError::Io {
            op: "the new version is in place, but it may not survive a power loss: syncing folder",
            path,
            source,
        },
        e => e,
    })?;
    failpoint("after-ref-rename");
    Ok(())
}

pub(crate) fn head(
    store: &Store,
    work: &str,
    edition: &str,
) -> Result<Option<Version>, StoreError> {
    check_name("work", work)?;
    check_name("edition", edition)?;
    let Some(id) = read_ref(store, work, edition)? else {
        return Ok(None);
    };
    // Name the ref too: a record missing or damaged under a ref is found through it.
    let v = read_record(store, &id).map_err(|e| match e {
        StoreError::Corrupt { id, path, reason } => StoreError::Corrupt {
            reason: format!(
                "{reason}; it is the head of {work}/{edition} (ref {})",
                ref_path(store, work, edition).display()
            ),
            id,
            path,
        },
        e => e,
    })?;
    if v.record.work != work || v.record.edition != edition {
        return Err(StoreError::Damaged {
            path: ref_path(store, work, edition),
            reason: format!(
                "ref points at a record of {}/{}",
                v.record.work, v.record.edition
            ),
        });
    }
    check_parent(store, &v)?;
    Ok(Some(v))
}

/// One step of the chain, checked whenever a head is read (records are untrusted: a forged
/// number must not size anything): version 1 has no parent, version N's parent is version N-1
/// of the same edition. A parent that cannot be read is left to `history` and `verify`, so the
/// latest version stays readable when an old record is damaged.
fn check_parent(store: &Store, v: &Version) -> Result<(), StoreError> {
    let (work, edition, number) = (&v.record.work, &v.record.edition, v.record.number);
    let Some(pid) = v.record.parent else {
        if number == 1 {
            return Ok(());
        }
        return Err(chain_error(
            store,
            &v.id,
            format!("{work}/{edition}@{number} has no parent record; only version 1 may lack one"),
        ));
    };
    match read_record(store, &pid) {
        Ok(p) if !follows(&p, v) => Err(chain_error(
            store,
            &v.id,
            format!(
                "{work}/{edition}@{number} names as its parent record {pid}, which is {}",
                p.reference()
            ),
        )),
        _ => Ok(()),
    }
}

/// Whether `v` is the version after `p` of the same edition.
fn follows(p: &Version, v: &Version) -> bool {
    p.record.number.checked_add(1) == Some(v.record.number)
        && p.record.work == v.record.work
        && p.record.edition == v.record.edition
}

pub(crate) fn history(
    store: &Store,
    work: &str,
    edition: &str,
) -> Result<Vec<Version>, StoreError> {
    let Some(mut v) = head(store, work, edition)? else {
        return Err(not_found(store, work, edition));
    };
    // Records are untrusted: the capacity is bounded, the list grows by what is on disk.
    let mut out = Vec::with_capacity((v.record.number as usize).min(1024));
    loop {
        let (work, edition, number) = (&v.record.work, &v.record.edition, v.record.number);
        let Some(pid) = v.record.parent else {
            if number != 1 {
                return Err(chain_error(
                    store,
                    &v.id,
                    format!(
                        "{work}/{edition}@{number} has no parent record; only version 1 may lack one"
                    ),
                ));
            }
            out.push(v);
            break;
        };
        let p = read_record(store, &pid)?;
        if !follows(&p, &v) {
            // The record that names a wrong parent is the damaged one, not its sound parent.
            return Err(chain_error(
                store,
                &v.id,
                format!(
                    "{work}/{edition}@{number} names as its parent record {pid}, which is {}",
                    p.reference()
                ),
            ));
        }
        out.push(v);
        v = p;
    }
    Ok(out)
}

fn chain_error(store: &Store, id: &ObjectId, reason: String) -> StoreError {
    let (_, path) = object_path(store, Kind::Record, id);
    corrupt(id, &path, reason)
}

pub(super) fn not_found(store: &Store, work: &str, edition: &str) -> StoreError {
    StoreError::NotFound(format!(
        "no edition '{work}/{edition}' in store {}\nhint: `lectio list` shows the editions",
        store.root.display()
    ))
}

/// The names in `dir`: `refs/` when `works` (works are folders), else a work folder (editions
/// are files).
pub(super) fn read_names(dir: &Path, works: bool) -> Result<Vec<String>, StoreError> {
    let mut names = Vec::new();
    if works {
        refs_dir(dir)?;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(names),
        Err(e) => return Err(StoreError::io("reading", dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(StoreError::io("reading", dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().map_err(StoreError::io("reading", dir))?;
        if stray(&name, &kind, works) {
            continue;
        }
        if name::invalid_reason(&name).is_some() {
            return Err(StoreError::Damaged {
                path: entry.path(),
                reason: "unexpected file in refs (not a valid name)".into(),
            });
        }
        names.push(name);
    }
    names.sort();
    Ok(names)
}

/// `refs/` itself, which `init` creates: missing, or replaced by a file, every edition's ref is
/// lost, which is corruption (exit 3, as `verify` says), not an empty store.
pub(crate) fn refs_dir(refs: &Path) -> Result<PathBuf, StoreError> {
    let damaged = |reason: &str| StoreError::Damaged {
        path: refs.to_path_buf(),
        reason: reason.into(),
    };
    match lstat_kind(refs).map_err(StoreError::io("inspecting", refs))? {
        Some(t) if t.is_dir() => Ok(refs.to_path_buf()),
        Some(t) if t.is_symlink() => Err(symlink_error(refs)),
        Some(_) => Err(damaged(
            "refs is not a folder (every edition's ref is lost)\nhint: run `lectio verify`; its records are still in the store",
        )),
        None => Err(damaged(
            "missing: the refs folder (every edition's ref is lost)\nhint: run `lectio verify`; its records are still in the store",
        )),
    }
}

/// Files that desktops and editors leave in any folder (`.DS_Store`, `Thumbs.db`, `a~`,
/// `.a.swp`) and that cannot be a work (a plain file in `refs/`) or an edition (a name lectio
/// would refuse): ignored by every command, reported by `verify` as warnings, as git ignores
/// what cannot be a ref name. Symlinks are never stray: they stay errors.
pub(crate) fn stray(name: &str, kind: &fs::FileType, works: bool) -> bool {
    if kind.is_symlink() {
        return false;
    }
    const JUNK: [&str; 3] = ["Thumbs.db", "desktop.ini", "ehthumbs.db"];
    let plain = kind.is_file();
    (plain && (works || JUNK.contains(&name) || name::invalid_reason(name).is_some()))
        || (kind.is_dir() && !works && name::invalid_reason(name).is_some())
}

pub(crate) fn list(store: &Store) -> Result<Vec<EditionSummary>, StoreError> {
    let refs = store.root.join("refs");
    let mut out = Vec::new();
    for work in read_names(&refs, true)? {
        for edition in read_names(&refs.join(&work), false)? {
            if let Some(head) = head(store, &work, &edition)? {
                out.push(EditionSummary {
                    versions: head.record.number,
                    work: work.clone(),
                    edition,
                    head,
                });
            }
        }
    }
    Ok(out)
}
