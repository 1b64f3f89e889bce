//! `gc`: remove what interrupted writes left behind. Temp files older than a cutoff (default one
//! hour) whose writer is not running are removed; records and texts that no ref reaches are
//! reported, and removed with `prune` when older than a cutoff (default two weeks, as git's
//! `gc.pruneExpire`). Everything happens under the writer lock, after the refs and every record
//! have been read: a store that cannot be read soundly is refused (exit 3), nothing removed.
//!
//! Why a concurrent `add` never loses a version, even with a cutoff of zero: its record and ref
//! are written under the lock, so `gc` sees either no record or a reachable one; its text is
//! published before the lock, so a text that already existed gets a fresh modification time
//! (as git's "freshen"), and under the lock `add` checks that its text is still in place and
//! publishes it again from its kept temp file if `gc` removed it.
//!
//! Order of removal, so that a `gc` killed at any point leaves a sound store: records first
//! (a text is only unreachable once no kept record names it), then texts, then temp files (the
//! evidence of an interrupted add goes after the record it names).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::fsutil::{fsync_dir, temp_owner_running};
use super::id::ObjectId;
use super::lock::lock;
use super::objects::{Kind, read_record};
use super::refs::{INTENT_PREFIX, read_intents, read_names, refs_dir};
use super::verify::{Orphan, Reach, orphans};
use super::{Problem, Severity, Store, StoreError, Version};

/// Default age below which a temp file is kept: a running writer's file is younger.
pub const DEFAULT_TEMP_AGE: Duration = Duration::from_secs(3600);
/// Default age below which an unreachable record or text is kept (git's two weeks).
pub const DEFAULT_PRUNE_AGE: Duration = Duration::from_secs(14 * 24 * 3600);

/// What `gc` does.
#[derive(Clone, Debug, Default)]
pub struct GcOptions {
    /// Remove unreachable records and texts (else they are only reported).
    pub prune: bool,
    /// Remove nothing; say what would be removed.
    pub dry_run: bool,
    /// Keep what is younger than this; `None`: [`DEFAULT_TEMP_AGE`] for temp files and
    /// [`DEFAULT_PRUNE_AGE`] for records and texts.
    pub older_than: Option<Duration>,
}

/// What a found file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GcKind {
    /// A text that no kept record names.
    Object,
    /// A record that no ref reaches (left by an interrupted add).
    Record,
    /// A temp file in `tmp/`.
    Temp,
}

/// What `gc` did with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GcAction {
    /// Removed.
    Removed,
    /// Would be removed (`--dry-run`).
    WouldRemove,
    /// Unreachable and old enough, removed only with `--prune`.
    Prunable,
    /// Younger than the cutoff.
    KeptRecent,
    /// A temp file of a running process, or the evidence of a kept orphan record.
    KeptInUse,
}

/// One file `gc` found.
#[derive(Clone, Debug, serde::Serialize)]
pub struct GcItem {
    /// What it is.
    pub kind: GcKind,
    /// Its id (texts and records).
    pub id: Option<String>,
    /// `WORK/EDITION@N` of a record.
    pub version: Option<String>,
    /// The file.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Seconds since it was last modified.
    pub age: u64,
    /// What was done.
    pub action: GcAction,
}

/// What `gc` found and did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct GcReport {
    /// Every unreachable record and text and every temp file, by kind then path.
    pub items: Vec<GcItem>,
    /// Editions whose ref is lost (their records are kept, never pruned): corruption.
    pub problems: Vec<Problem>,
    /// The cutoff for records and texts, in seconds.
    pub prune_cutoff: u64,
    /// The cutoff for temp files, in seconds.
    pub temp_cutoff: u64,
}

impl GcReport {
    /// Whether corruption was found (exit 3).
    pub fn has_errors(&self) -> bool {
        !self.problems.is_empty()
    }

    /// Bytes removed (or that would be with `--dry-run`).
    pub fn freed(&self) -> u64 {
        self.items
            .iter()
            .filter(|i| matches!(i.action, GcAction::Removed | GcAction::WouldRemove))
            .map(|i| i.bytes)
            .sum()
    }
}

/// Every well-named file in `<kind>/` (odd names are left to `verify`).
fn scan(store: &Store, kind: Kind) -> Result<BTreeMap<ObjectId, PathBuf>, StoreError> {
    let base = store.root().join(kind.dir());
    let mut found = BTreeMap::new();
    let dirs = match fs::read_dir(&base) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(StoreError::io("reading", &base)(e)),
    };
    for d in dirs {
        let d = d.map_err(StoreError::io("reading", &base))?;
        let dname = d.file_name().to_string_lossy().into_owned();
        if dname.len() != 2 || !d.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dpath = d.path();
        for f in fs::read_dir(&dpath).map_err(StoreError::io("reading", &dpath))? {
            let f = f.map_err(StoreError::io("reading", &dpath))?;
            if let Some(id) =
                ObjectId::parse(&format!("{dname}{}", f.file_name().to_string_lossy()))
                && f.file_type().is_ok_and(|t| t.is_file())
            {
                found.insert(id, f.path());
            }
        }
    }
    Ok(found)
}

/// Every ref's chain, read soundly (an error refuses the whole `gc`).
fn reach(store: &Store) -> Result<Reach, StoreError> {
    let refs = refs_dir(&store.root().join("refs"))?;
    let mut reach = Reach::default();
    for work in read_names(&refs, true)? {
        for edition in read_names(&refs.join(&work), false)? {
            let history = store.history(&work, &edition)?;
            reach.records.extend(history.iter().map(|v| v.id));
            reach.editions.insert((work.clone(), edition));
        }
    }
    Ok(reach)
}

/// Size and age of a file (age 0 for a modification time in the future).
fn size_age(path: &Path, now: SystemTime) -> (u64, Duration) {
    match fs::symlink_metadata(path) {
        Ok(m) => (
            m.len(),
            m.modified()
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .unwrap_or_default(),
        ),
        Err(_) => (0, Duration::ZERO),
    }
}

pub(crate) fn gc(store: &Store, opts: &GcOptions) -> Result<GcReport, StoreError> {
    let _lock = lock(store)?;
    let now = SystemTime::now();
    let prune_cutoff = opts.older_than.unwrap_or(DEFAULT_PRUNE_AGE);
    let temp_cutoff = opts.older_than.unwrap_or(DEFAULT_TEMP_AGE);
    let mut report = GcReport {
        prune_cutoff: prune_cutoff.as_secs(),
        temp_cutoff: temp_cutoff.as_secs(),
        ..Default::default()
    };
    let records = scan(store, Kind::Record)?;
    let versions = records
        .keys()
        .map(|id| read_record(store, id))
        .collect::<Result<Vec<Version>, StoreError>>()?;
    let reach = reach(store)?;
    let intents = read_intents(store);
    let intent_ids: BTreeSet<ObjectId> = intents.iter().map(|(id, _)| *id).collect();

    // Records: orphans older than the cutoff go; lost refs and their records stay.
    let mut prune_records: BTreeSet<ObjectId> = BTreeSet::new();
    let mut items = Vec::new();
    for orphan in orphans(&versions, &reach, &intent_ids) {
        match orphan {
            Orphan::Record(v) => {
                let path = records.get(&v.id).cloned().unwrap_or_default();
                let (bytes, age) = size_age(&path, now);
                if age >= prune_cutoff {
                    prune_records.insert(v.id);
                }
                items.push((GcKind::Record, Some(v), v.id, path, bytes, age));
            }
            Orphan::LostRef {
                work,
                edition,
                records: recs,
            } => report.problems.push(Problem {
                severity: Severity::Error,
                id: Some(recs[0].id.to_hex()),
                path: store.root().join("refs").join(work).join(edition),
                message: format!(
                    "missing: the ref of {work}/{edition} (records {}); its records are kept; restore the ref (see `lectio verify`)",
                    recs.iter()
                        .map(|v| format!("@{} {}", v.record.number, v.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }
    // A kept record keeps its ancestors (and everything keeps its text).
    let by_id: BTreeMap<ObjectId, &Version> = versions.iter().map(|v| (v.id, v)).collect();
    let mut stack: Vec<ObjectId> = versions
        .iter()
        .filter(|v| !prune_records.contains(&v.id))
        .filter_map(|v| v.record.parent)
        .collect();
    while let Some(p) = stack.pop() {
        if prune_records.remove(&p)
            && let Some(parent) = by_id.get(&p).and_then(|v| v.record.parent)
        {
            stack.push(parent);
        }
    }
    let kept_texts: BTreeSet<ObjectId> = versions
        .iter()
        .filter(|v| !prune_records.contains(&v.id))
        .map(|v| v.record.content)
        .collect();
    for (id, path) in scan(store, Kind::Object)? {
        if !kept_texts.contains(&id) {
            let (bytes, age) = size_age(&path, now);
            items.push((GcKind::Object, None, id, path, bytes, age));
        }
    }

    let act = |remove: bool| -> GcAction {
        match (remove, opts.dry_run) {
            (false, _) => GcAction::KeptRecent,
            (true, true) => GcAction::WouldRemove,
            (true, false) => GcAction::Removed,
        }
    };
    // Records, then texts.
    let mut synced: BTreeSet<PathBuf> = BTreeSet::new();
    for kind in [GcKind::Record, GcKind::Object] {
        for (k, v, id, path, bytes, age) in items.iter().filter(|i| i.0 == kind) {
            let old = match k {
                GcKind::Record => prune_records.contains(id),
                _ => *age >= prune_cutoff,
            };
            let action = if !old {
                GcAction::KeptRecent
            } else if !opts.prune {
                if opts.dry_run {
                    GcAction::WouldRemove
                } else {
                    GcAction::Prunable
                }
            } else {
                act(true)
            };
            if action == GcAction::Removed {
                remove(path, &mut synced)?;
            }
            report.items.push(GcItem {
                kind: *k,
                id: Some(id.to_hex()),
                version: v.map(Version::reference),
                path: path.clone(),
                bytes: *bytes,
                age: age.as_secs(),
                action,
            });
        }
        for dir in std::mem::take(&mut synced) {
            fsync_dir(&dir)?;
        }
    }
    // Temp files; the evidence of an orphan record that stays, stays too.
    let removed_records: BTreeSet<ObjectId> = if opts.prune && !opts.dry_run {
        prune_records.clone()
    } else {
        BTreeSet::new()
    };
    let evidence: BTreeMap<PathBuf, ObjectId> =
        intents.into_iter().map(|(id, p)| (p, id)).collect();
    let tmp = store.root().join("tmp");
    let mut temps: Vec<_> = match fs::read_dir(&tmp) {
        Ok(e) => e.filter_map(Result::ok).collect(),
        Err(_) => Vec::new(),
    };
    temps.sort_by_key(|e| e.file_name());
    for e in temps {
        let path = e.path();
        if !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let name = e.file_name().to_string_lossy().into_owned();
        let (bytes, age) = size_age(&path, now);
        let action = match evidence.get(&path) {
            // Its record was just removed: the evidence goes with it.
            Some(id) if removed_records.contains(id) => act(true),
            // The evidence of an orphan record that stays: without it the record would look
            // like a lost ref.
            Some(id) if records.contains_key(id) && !reach.records.contains(id) => {
                GcAction::KeptInUse
            }
            _ if name.starts_with(INTENT_PREFIX) || name.starts_with("tmp-") => {
                if temp_owner_running(&name) {
                    GcAction::KeptInUse
                } else {
                    act(age >= temp_cutoff)
                }
            }
            _ => act(age >= temp_cutoff),
        };
        if action == GcAction::Removed {
            remove(&path, &mut synced)?;
        }
        report.items.push(GcItem {
            kind: GcKind::Temp,
            id: None,
            version: None,
            path,
            bytes,
            age: age.as_secs(),
            action,
        });
    }
    for dir in synced {
        fsync_dir(&dir)?;
    }
    Ok(report)
}

/// Remove one file (already gone is fine: a user may have removed it by hand).
fn remove(path: &Path, synced: &mut BTreeSet<PathBuf>) -> Result<(), StoreError> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(StoreError::io("removing", path)(e)),
    }
    if let Some(dir) = path.parent() {
        synced.insert(dir.to_path_buf());
    }
    Ok(())
}
