//! `verify`: re-hash every object and check every record and ref (streaming; memory stays
//! flat however large the objects).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::id::{ObjectId, is_lower_hex};
use super::objects::{self, Kind};
use super::{Store, StoreError, name};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Damage: exit 3.
    Error,
    /// Worth knowing (a leftover temp file, an unexpected file); exit 0.
    Warning,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// How bad it is.
    pub severity: Severity,
    /// The object or record id concerned, when there is one.
    pub id: Option<String>,
    /// The file concerned.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

/// What `verify` found.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct VerifyReport {
    /// Text objects checked.
    pub objects: usize,
    /// Records checked.
    pub records: usize,
    /// Refs checked.
    pub refs: usize,
    /// Every finding, errors first, then by path.
    pub problems: Vec<Problem>,
}

impl VerifyReport {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

struct Walk<'a> {
    store: &'a Store,
    report: VerifyReport,
}

impl Walk<'_> {
    fn push(&mut self, severity: Severity, id: Option<&ObjectId>, path: &Path, message: String) {
        self.report.problems.push(Problem {
            severity,
            id: id.map(ObjectId::to_hex),
            path: path.to_path_buf(),
            message,
        });
    }

    fn record_error(&mut self, e: StoreError) {
        match e {
            StoreError::Corrupt { id, path, reason } => self.report.problems.push(Problem {
                severity: Severity::Error,
                id: Some(id),
                path,
                message: reason,
            }),
            StoreError::Damaged { path, reason } => self.push(Severity::Error, None, &path, reason),
            other => {
                let path = self.store.root().to_path_buf();
                self.push(Severity::Error, None, &path, other.to_string())
            }
        }
    }

    /// Every well-named file in `<kind>/`, with its id; odd entries are reported.
    fn scan(&mut self, kind: Kind) -> Result<BTreeMap<ObjectId, PathBuf>, StoreError> {
        let base = self.store.root().join(kind.dir());
        let mut found = BTreeMap::new();
        let Ok(dirs) = fs::read_dir(&base) else {
            return Ok(found);
        };
        let mut dirs: Vec<_> = dirs.filter_map(Result::ok).collect();
        dirs.sort_by_key(|e| e.file_name());
        for d in dirs {
            let dname = d.file_name().to_string_lossy().into_owned();
            let dpath = d.path();
            let ft = d
                .file_type()
                .map_err(StoreError::io("inspecting", &dpath))?;
            if dname.len() != 2 || !is_lower_hex(&dname) || !ft.is_dir() || ft.is_symlink() {
                let what = if ft.is_symlink() {
                    "unexpected symlink in store (not followed)"
                } else {
                    "unexpected entry"
                };
                self.push(Severity::Error, None, &dpath, what.into());
                continue;
            }
            let mut files: Vec<_> = fs::read_dir(&dpath)
                .map_err(StoreError::io("reading", &dpath))?
                .filter_map(Result::ok)
                .collect();
            files.sort_by_key(|e| e.file_name());
            for f in files {
                let fname = f.file_name().to_string_lossy().into_owned();
                let path = f.path();
                match ObjectId::parse(&format!("{dname}{fname}")) {
                    Some(id) => {
                        found.insert(id, path);
                    }
                    None => self.push(
                        Severity::Warning,
                        None,
                        &path,
                        "unexpected file (not named by a hash)".into(),
                    ),
                }
            }
        }
        Ok(found)
    }
}

pub(crate) fn verify(store: &Store) -> Result<VerifyReport, StoreError> {
    let mut w = Walk {
        store,
        report: VerifyReport::default(),
    };
    w.check_root();
    // Texts: re-hash each, streaming.
    let objects = w.scan(Kind::Object)?;
    let sizes = w.check_texts(&objects);
    // Records: verified, parsed, their text present with the recorded size, their parent present.
    let records = w.scan(Kind::Record)?;
    for id in records.keys() {
        w.report.records += 1;
        match objects::read_record(store, id) {
            Ok(v) => w.check_record(id, &v, &objects, &sizes, &records),
            Err(e) => w.record_error(e),
        }
    }
    w.check_refs()?;
    w.check_tmp();
    w.report.problems.sort_by(|a, b| {
        (a.severity != Severity::Error, &a.path, &a.message).cmp(&(
            b.severity != Severity::Error,
            &b.path,
            &b.message,
        ))
    });
    w.report.problems.dedup();
    Ok(w.report)
}

impl Walk<'_> {
    /// The store folder itself, its lock and FORMAT files.
    fn check_root(&mut self) {
        let store = self.store;
        // A symlinked store root works (it is the path the user gave) but is worth knowing.
        if fs::symlink_metadata(store.root()).is_ok_and(|m| m.file_type().is_symlink()) {
            let target = fs::read_link(store.root()).unwrap_or_default();
            self.push(
                Severity::Warning,
                None,
                store.root(),
                format!(
                    "the store folder is a symlink (to {}); lectio follows it, but no symlink inside the store",
                    target.display()
                ),
            );
        }
        for name in ["lock", "FORMAT"] {
            let p = store.root().join(name);
            if fs::symlink_metadata(&p).is_ok_and(|m| !m.is_file()) {
                self.push(
                    Severity::Error,
                    None,
                    &p,
                    "unexpected symlink or folder in store (must be a plain file)".into(),
                );
            }
        }
    }

    /// Re-hash every text; returns the size of each sound one.
    fn check_texts(&mut self, objects: &BTreeMap<ObjectId, PathBuf>) -> BTreeMap<ObjectId, u64> {
        let mut sizes: BTreeMap<ObjectId, u64> = BTreeMap::new();
        for (id, path) in objects {
            self.report.objects += 1;
            let dir = path.parent().unwrap_or(Path::new("."));
            match objects::hash_object_file(id, dir, path) {
                Ok((found, size)) if found == *id => {
                    sizes.insert(*id, size);
                }
                Ok((found, size)) => {
                    let msg = if size == 0 {
                        "file is empty (likely an interrupted write)".to_string()
                    } else {
                        format!("content hashes to {found} ({size} bytes)")
                    };
                    self.push(Severity::Error, Some(id), path, msg);
                }
                Err(e) => self.record_error(e),
            }
        }
        sizes
    }

    /// A sound record `id`: its text present with the recorded size, its parent present.
    fn check_record(
        &mut self,
        id: &ObjectId,
        v: &super::Version,
        objects: &BTreeMap<ObjectId, PathBuf>,
        sizes: &BTreeMap<ObjectId, u64>,
        records: &BTreeMap<ObjectId, PathBuf>,
    ) {
        let store = self.store;
        let r = &v.record;
        let (d, f) = r.content.fanout();
        let cpath = store.root().join("objects").join(d).join(f);
        match sizes.get(&r.content) {
            Some(&s) if s == r.size => {}
            Some(&s) => self.push(
                Severity::Error,
                Some(&r.content),
                &cpath,
                format!(
                    "text of {} is {s} bytes; its record {id} says {}",
                    v.reference(),
                    r.size
                ),
            ),
            // Published after the scan above (a concurrent add): check it now.
            None if !objects.contains_key(&r.content)
                && objects::hash_object_file(
                    &r.content,
                    cpath.parent().unwrap_or(Path::new(".")),
                    &cpath,
                )
                .is_ok_and(|(found, s)| found == r.content && s == r.size) => {}
            None if objects.contains_key(&r.content) => self.push(
                Severity::Error,
                Some(&r.content),
                &cpath,
                format!(
                    "text of {} is corrupt (see above); record {id}",
                    v.reference()
                ),
            ),
            None => self.push(
                Severity::Error,
                Some(&r.content),
                &cpath,
                format!(
                    "missing: the text of {} (record {id}) is not in the store",
                    v.reference()
                ),
            ),
        }
        if let Some(p) = r.parent
            && !records.contains_key(&p)
            && objects::read_record(store, &p).is_err()
        {
            let (d, f) = p.fanout();
            self.push(
                Severity::Error,
                Some(&p),
                &store.root().join("records").join(d).join(f),
                format!(
                    "missing: the record of version {} of {}/{} (parent of record {id})",
                    r.number - 1,
                    r.work,
                    r.edition
                ),
            );
        }
    }

    /// Refs: each names an existing, sound record of its own edition.
    fn check_refs(&mut self) -> Result<(), StoreError> {
        let store = self.store;
        let refs = store.root().join("refs");
        let Ok(works) = fs::read_dir(&refs) else {
            return Ok(());
        };
        let mut works: Vec<_> = works.filter_map(Result::ok).collect();
        works.sort_by_key(|e| e.file_name());
        for work in works {
            let wname = work.file_name().to_string_lossy().into_owned();
            let wpath = work.path();
            if name::invalid_reason(&wname).is_some() || !work.file_type().is_ok_and(|t| t.is_dir())
            {
                let what = if work.file_type().is_ok_and(|t| t.is_symlink()) {
                    "unexpected symlink in store (not followed)"
                } else {
                    "unexpected entry in refs (not a work folder)"
                };
                self.push(Severity::Error, None, &wpath, what.into());
                continue;
            }
            let mut eds: Vec<_> = fs::read_dir(&wpath)
                .map_err(StoreError::io("reading", &wpath))?
                .filter_map(Result::ok)
                .collect();
            eds.sort_by_key(|e| e.file_name());
            for ed in eds {
                let ename = ed.file_name().to_string_lossy().into_owned();
                if name::invalid_reason(&ename).is_some() {
                    self.push(
                        Severity::Error,
                        None,
                        &ed.path(),
                        "unexpected entry in refs (not an edition name)".into(),
                    );
                    continue;
                }
                self.report.refs += 1;
                match store.head(&wname, &ename) {
                    Ok(_) => {}
                    Err(e) => self.record_error(e),
                }
            }
        }
        Ok(())
    }

    /// Leftovers from interrupted writes.
    fn check_tmp(&mut self) {
        let tmp = self.store.root().join("tmp");
        if let Ok(entries) = fs::read_dir(&tmp) {
            for e in entries.filter_map(Result::ok) {
                self.push(
                    Severity::Warning,
                    None,
                    &e.path(),
                    "leftover temp file from an interrupted write (safe to delete when no lectio is running)".into(),
                );
            }
        }
    }
}
