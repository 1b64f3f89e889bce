//! `verify`: re-hash every object and check every record and ref (streaming; memory stays
//! flat however large the objects).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::id::{ObjectId, is_lower_hex};
use super::objects::{self, Kind};
use super::refs::{INTENT_PREFIX, read_intents};
use super::{Store, StoreError, Version, name};

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

/// The warning for a stray file in `refs/` ([`super::refs::stray`]).
const STRAY: &str = "stray file in refs (not a work or an edition; ignored, safe to delete)";

pub(crate) fn verify(store: &Store) -> Result<VerifyReport, StoreError> {
    let mut w = Walk {
        store,
        report: VerifyReport::default(),
    };
    w.check_root();
    // Records first (small files): the sizes they give let a text of the wrong size be named
    // without reading it (an object extended to 50 GB was read to its end).
    let records = w.scan(Kind::Record)?;
    let parsed: Vec<(ObjectId, Result<Version, StoreError>)> = records
        .keys()
        .map(|id| (*id, objects::read_record(store, id)))
        .collect();
    let expected = expected_sizes(&parsed);
    // Texts: re-hash each, streaming.
    let objects = w.scan(Kind::Object)?;
    let sizes = w.check_texts(&objects, &expected);
    // Records: their text present with the recorded size, their parent present.
    let mut versions = Vec::new();
    for (id, read) in parsed {
        w.report.records += 1;
        match read {
            Ok(v) => {
                w.check_record(&id, &v, &objects, &sizes, &records);
                versions.push(v);
            }
            Err(e) => w.record_error(e),
        }
    }
    let reach = w.check_refs()?;
    w.unreached(&records, &versions, &reach);
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

/// The size each text should have: only when every record of that text agrees (a forged
/// record must not make the sound text look wrong).
fn expected_sizes(
    parsed: &[(ObjectId, Result<Version, StoreError>)],
) -> BTreeMap<ObjectId, Option<u64>> {
    let mut expected: BTreeMap<ObjectId, Option<u64>> = BTreeMap::new();
    for v in parsed.iter().filter_map(|(_, r)| r.as_ref().ok()) {
        let e = expected
            .entry(v.record.content)
            .or_insert(Some(v.record.size));
        if *e != Some(v.record.size) {
            *e = None;
        }
    }
    expected
}

/// What the refs reach: every record of each sound chain, and the editions that have a ref.
#[derive(Debug, Default)]
pub(crate) struct Reach {
    pub(crate) records: BTreeSet<ObjectId>,
    pub(crate) editions: BTreeSet<(String, String)>,
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
    fn check_texts(
        &mut self,
        objects: &BTreeMap<ObjectId, PathBuf>,
        expected: &BTreeMap<ObjectId, Option<u64>>,
    ) -> BTreeMap<ObjectId, u64> {
        let mut sizes: BTreeMap<ObjectId, u64> = BTreeMap::new();
        for (id, path) in objects {
            self.report.objects += 1;
            let dir = path.parent().unwrap_or(Path::new("."));
            // A size that differs from the record's is named without reading the file.
            if let Some(&Some(want)) = expected.get(id)
                && let Ok(m) = fs::symlink_metadata(path)
                && m.is_file()
                && m.len() != want
            {
                let msg = if m.len() == 0 {
                    format!(
                        "file is empty (likely an interrupted write); its record says {want} bytes"
                    )
                } else {
                    format!(
                        "file is {} bytes; its record says {want} (not read)",
                        m.len()
                    )
                };
                self.push(Severity::Error, Some(id), path, msg);
                continue;
            }
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

    /// Refs: each names an existing, sound record of its own edition, and its whole chain
    /// holds (each parent is version N-1 of the same edition). Returns what they reach.
    fn check_refs(&mut self) -> Result<Reach, StoreError> {
        let store = self.store;
        let mut reach = Reach::default();
        let refs = store.root().join("refs");
        match fs::symlink_metadata(&refs) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                let msg = "refs is not a folder (every edition's ref is lost)";
                self.push(Severity::Error, None, &refs, msg.into());
                return Ok(reach);
            }
            Err(_) => {
                let msg = "missing: the refs folder (every edition's ref is lost)";
                self.push(Severity::Error, None, &refs, msg.into());
                return Ok(reach);
            }
        }
        let mut works: Vec<_> = fs::read_dir(&refs)
            .map_err(StoreError::io("reading", &refs))?
            .filter_map(Result::ok)
            .collect();
        works.sort_by_key(|e| e.file_name());
        for work in works {
            let wname = work.file_name().to_string_lossy().into_owned();
            let wpath = work.path();
            let kind = work.file_type().ok();
            if kind.is_some_and(|t| super::refs::stray(&wname, &t, true)) {
                self.push(Severity::Warning, None, &wpath, STRAY.into());
                continue;
            }
            if name::invalid_reason(&wname).is_some() || !kind.is_some_and(|t| t.is_dir()) {
                let what = if kind.is_some_and(|t| t.is_symlink()) {
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
                if ed
                    .file_type()
                    .is_ok_and(|t| super::refs::stray(&ename, &t, false))
                {
                    self.push(Severity::Warning, None, &ed.path(), STRAY.into());
                    continue;
                }
                if name::invalid_reason(&ename).is_some() {
                    let msg = "unexpected entry in refs (not an edition name)";
                    self.push(Severity::Error, None, &ed.path(), msg.into());
                    continue;
                }
                self.report.refs += 1;
                reach.editions.insert((wname.clone(), ename.clone()));
                match store.history(&wname, &ename) {
                    Ok(h) => reach.records.extend(h.iter().map(|v| v.id)),
                    Err(e) => self.record_error(e),
                }
            }
        }
        Ok(reach)
    }

    /// Records that no ref reaches. An interrupted `add` leaves one (the next version, or
    /// version 1 of a new edition): a warning, as git reports dangling commits. An edition
    /// whose records go past version 1 but which has no ref lost its ref: corruption, naming
    /// the edition and its records (they are still there to restore the ref from).
    fn unreached(
        &mut self,
        records: &BTreeMap<ObjectId, PathBuf>,
        versions: &[Version],
        reach: &Reach,
    ) {
        let intents: BTreeSet<ObjectId> = read_intents(self.store)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        for orphan in orphans(versions, reach, &intents) {
            match orphan {
                Orphan::Record(v) => {
                    let path = records.get(&v.id).cloned().unwrap_or_default();
                    let msg = format!(
                        "orphan record: {} is reached by no ref (left by an interrupted add?; harmless, the edition is unchanged)",
                        v.reference()
                    );
                    self.push(Severity::Warning, Some(&v.id), &path, msg);
                }
                Orphan::LostRef {
                    work,
                    edition,
                    records: recs,
                } => {
                    if recs.iter().all(|v| v.record.number == 1)
                        && self.committed_meanwhile(work, edition, &recs)
                    {
                        continue;
                    }
                    let path = self.store.root().join("refs").join(work).join(edition);
                    let id = recs[0].id;
                    let msg = lost_ref_message(work, edition, &recs);
                    self.push(Severity::Error, Some(&id), &path, msg);
                }
            }
        }
    }

    /// A version 1 found without its ref and without evidence of an add: was it committed (or
    /// pruned by `gc`) while verify ran? The evidence leaves tmp/ only by becoming the ref
    /// (add) or after its record is removed (gc), so: evidence now, the ref now, the record
    /// gone now each mean it was no lost ref.
    fn committed_meanwhile(&self, work: &str, edition: &str, recs: &[&Version]) -> bool {
        let intents: BTreeSet<ObjectId> = read_intents(self.store)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        if recs.iter().any(|v| intents.contains(&v.id)) {
            return true;
        }
        if self
            .store
            .root()
            .join("refs")
            .join(work)
            .join(edition)
            .is_file()
        {
            return true;
        }
        recs.iter().any(|v| {
            let (d, f) = v.id.fanout();
            !self.store.root().join("records").join(d).join(f).exists()
        })
    }

    /// Leftovers from interrupted writes.
    fn check_tmp(&mut self) {
        let tmp = self.store.root().join("tmp");
        if let Ok(entries) = fs::read_dir(&tmp) {
            for e in entries.filter_map(Result::ok) {
                let msg = if e.file_name().to_string_lossy().starts_with(INTENT_PREFIX) {
                    "leftover ref of an interrupted add (it tells the add's orphan record from a lost ref; `lectio gc --prune` removes both)"
                } else {
                    "leftover temp file from an interrupted write (`lectio gc` removes it)"
                };
                self.push(Severity::Warning, None, &e.path(), msg.into());
            }
        }
    }
}

/// A record no ref reaches, or an edition whose ref is lost.
pub(crate) enum Orphan<'a> {
    /// Left by an interrupted add: safe to remove.
    Record(&'a Version),
    /// An edition with records and no ref (records past version 1, or a version 1 without the
    /// evidence of an interrupted add): its records, latest first.
    LostRef {
        work: &'a str,
        edition: &'a str,
        records: Vec<&'a Version>,
    },
}

/// The records of `versions` that `reach` does not reach, sorted into orphans and lost refs.
pub(crate) fn orphans<'a>(
    versions: &'a [Version],
    reach: &Reach,
    intents: &BTreeSet<ObjectId>,
) -> Vec<Orphan<'a>> {
    let mut out = Vec::new();
    let mut lost: BTreeMap<(&str, &str), Vec<&Version>> = BTreeMap::new();
    for v in versions.iter().filter(|v| !reach.records.contains(&v.id)) {
        let key = (v.record.work.clone(), v.record.edition.clone());
        if reach.editions.contains(&key) {
            out.push(Orphan::Record(v));
        } else {
            lost.entry((v.record.work.as_str(), v.record.edition.as_str()))
                .or_default()
                .push(v);
        }
    }
    for ((work, edition), mut recs) in lost {
        if recs.iter().all(|v| v.record.number == 1) {
            // Version 1 without a ref: an add in flight or interrupted when its evidence (the
            // ref-to-be, written before the record) is in tmp/; else the edition lost its ref.
            let (crashed, lost): (Vec<&Version>, Vec<&Version>) =
                recs.into_iter().partition(|v| intents.contains(&v.id));
            out.extend(crashed.into_iter().map(Orphan::Record));
            if !lost.is_empty() {
                out.push(Orphan::LostRef {
                    work,
                    edition,
                    records: lost,
                });
            }
            continue;
        }
        recs.sort_by_key(|v| std::cmp::Reverse(v.record.number));
        out.push(Orphan::LostRef {
            work,
            edition,
            records: recs,
        });
    }
    out
}

fn lost_ref_message(work: &str, edition: &str, recs: &[&Version]) -> String {
    let mut listed: Vec<String> = recs
        .iter()
        .take(10)
        .map(|v| format!("@{} {}", v.record.number, v.id))
        .collect();
    if recs.len() > 10 {
        listed.push(format!("and {} more", recs.len() - 10));
    }
    format!(
        "missing: the ref of {work}/{edition}; its records are still in the store, latest version {} (records {}); restore the ref with the latest record's id{}",
        recs[0].record.number,
        listed.join(", "),
        if recs[0].record.number == 1 {
            " (a version 1 left by an add interrupted under a lectio older than `gc` looks the same: if the edition was never added, delete the record)"
        } else {
            ""
        }
    )
}
