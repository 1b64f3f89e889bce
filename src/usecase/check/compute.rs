//! The compute side of `lectio check`: which working files to check against which versions
//! ([`targets`]), the comparison itself ([`run`]) and the commit step ([`record`]).
//!
//! Paths: each edition's latest record keeps the path of the file it was added from, relative
//! to the folder that holds the store. A file named on the command line is matched to the
//! editions that record it, first lexically (the same computation `lectio add` records), then
//! by canonical path (so a symlinked or differently spelled path still matches).
//!
//! With no path given, every edition whose latest version records a source path is checked,
//! except that a source path leading *outside the repository* is skipped and reported as
//! skipped: such a file is not part of the repository, so a CI checkout does not have it, and
//! checking it only where it happens to exist would make the result depend on the machine. Name
//! the file to check it (`lectio check ../shared/a.txt`). The repository is the nearest folder
//! holding the store that has a `.git` (a folder, or a file for a git worktree); without one,
//! the folder that holds the store. A file inside that is missing is an error, never a silent
//! pass.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{CheckReport, FileCheck, FileStatus, Finding, Policy};
use crate::diff::{DiffOptions, Filter};
use crate::escape::terminal;
use crate::store::{
    AddRequest, Store, StoreError, Version, lexical, relative_path, source::witness_of,
};
use crate::tei::ReadAs;
use crate::text::LineIndex;
use crate::witness::{Markup, Witness};

/// Where a finding is in the working file: the text's own lines, or for TEI the XML's.
enum Positions<'a> {
    Text(LineIndex),
    Tei(&'a Markup, LineIndex),
}

impl<'a> Positions<'a> {
    fn of(w: &'a Witness) -> Self {
        match &w.markup {
            Some(m) => Positions::Tei(m, LineIndex::new(&m.source)),
            None => Positions::Text(LineIndex::new(&w.text)),
        }
    }
}

/// One working file to check, and what to check it against.
#[derive(Clone, Debug)]
pub struct Target {
    /// The path shown in reports: relative to the current folder when possible, `/`-separated.
    pub display: String,
    /// The file to read.
    pub file: PathBuf,
    /// The edition the file belongs to.
    pub edition: Option<(String, String)>,
    /// The version compared with (the edition's latest unless `--against`).
    pub against: Option<Version>,
    /// The edition's latest version (the parent of a recorded version).
    pub head: Option<Version>,
    /// The source path to keep in a recorded version (`None`: computed from `file`).
    pub source_path: Option<String>,
    /// Why the file cannot be checked (an error, exit 2).
    pub problem: Option<String>,
    /// Why the file is not checked (reported, not an error).
    pub skip: Option<String>,
}

impl Target {
    fn blank(display: String, file: PathBuf) -> Self {
        Target {
            display,
            file,
            edition: None,
            against: None,
            head: None,
            source_path: None,
            problem: None,
            skip: None,
        }
    }
}

/// `path` as shown in reports: relative to the current folder, `/`-separated.
fn shown(path: &Path) -> String {
    relative_path(&lexical(Path::new(".")), &lexical(path))
}

/// The repository a store belongs to: the nearest folder from `base` up that has a `.git`,
/// else `base` itself.
fn repository_of(base: &Path) -> PathBuf {
    base.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(base)
        .to_path_buf()
}

/// Whether a recorded source path (relative to `base`) leaves the repository `repo`.
fn is_outside(base: &Path, repo: &Path, source_path: &str) -> bool {
    Path::new(source_path).is_absolute() || !lexical(&base.join(source_path)).starts_with(repo)
}

/// The folder recorded source paths are relative to: the store's parent.
fn base_of(store: &Store) -> PathBuf {
    let mut root = lexical(store.root());
    root.pop();
    root
}

/// Work out what to check.
///
/// `paths` empty: every edition whose latest version records a source path (see the module
/// docs for paths outside the repository). `against`: `None` compares each file
/// with its edition's latest version; `@N` or `@HASH` picks that version of each file's own
/// edition; any other reference (`WORK/EDITION@N`) compares every named file — or, with no
/// path, that edition's recorded file — with that version.
pub fn targets(
    store: &Store,
    paths: &[PathBuf],
    against: Option<&str>,
) -> Result<Vec<Target>, StoreError> {
    let base = base_of(store);
    let editions = store.list()?;
    let fixed = match against {
        Some(r) if !r.starts_with('@') => Some(store.resolve(r)?),
        _ => None,
    };
    let selector = against.filter(|r| r.starts_with('@'));

    // The same file named twice (however spelled) is checked once.
    let mut seen = Vec::new();
    let paths: Vec<PathBuf> = paths
        .iter()
        .filter(|p| {
            let key = p.canonicalize().unwrap_or_else(|_| lexical(p));
            let new = !seen.contains(&key);
            seen.push(key);
            new
        })
        .cloned()
        .collect();
    let mut out = Vec::new();
    if let Some(v) = &fixed {
        let (work, edition) = (v.record.work.clone(), v.record.edition.clone());
        let head = store.head(&work, &edition)?;
        let recorded = head
            .as_ref()
            .map(|h| h.record.source_path.clone())
            .unwrap_or_default();
        if paths.is_empty() {
            if recorded.is_empty() {
                return Err(StoreError::Usage(format!(
                    "edition {work}/{edition} records no source file\nhint: name the working file: `lectio check FILE --against {}`",
                    terminal(against.unwrap_or_default())
                )));
            }
            let file = base.join(&recorded);
            let mut t = Target::blank(shown(&file), file);
            t.source_path = Some(recorded.clone());
            t.edition = Some((work.clone(), edition.clone()));
            t.against = Some(v.clone());
            t.head = head.clone();
            out.push(t);
        }
        for p in &paths {
            let mut t = Target::blank(shown(p), p.clone());
            if !recorded.is_empty() && same_file(&base, p, &recorded) {
                t.source_path = Some(recorded.clone());
            }
            t.edition = Some((work.clone(), edition.clone()));
            t.against = Some(v.clone());
            t.head = head.clone();
            out.push(t);
        }
        return Ok(out);
    }

    let resolve = |mut t: Target, e: &crate::store::EditionSummary| -> Result<Target, StoreError> {
        t.edition = Some((e.work.clone(), e.edition.clone()));
        t.head = Some(e.head.clone());
        t.source_path = Some(e.head.record.source_path.clone());
        match selector {
            None => t.against = Some(e.head.clone()),
            Some(sel) => match store.resolve(&format!("{}/{}{sel}", e.work, e.edition)) {
                Ok(v) => t.against = Some(v),
                Err(err @ (StoreError::NotFound(_) | StoreError::Usage(_))) => {
                    t.problem = Some(err.to_string())
                }
                Err(err) => return Err(err),
            },
        }
        Ok(t)
    };

    if paths.is_empty() {
        let repo = repository_of(&base);
        for e in &editions {
            let sp = &e.head.record.source_path;
            if sp.is_empty() {
                continue;
            }
            let file = base.join(sp);
            let mut t = Target::blank(shown(&file), file);
            if is_outside(&base, &repo, sp) {
                t.skip = Some(format!(
                    "source path {sp} is outside the repository; not checked (name the file to check it)"
                ));
            }
            out.push(resolve(t, e)?);
        }
        return Ok(out);
    }
    for p in &paths {
        let matching: Vec<_> = editions
            .iter()
            .filter(|e| {
                let sp = &e.head.record.source_path;
                !sp.is_empty() && same_file(&base, p, sp)
            })
            .collect();
        if matching.is_empty() {
            let mut t = Target::blank(shown(p), p.clone());
            t.problem = Some(format!(
                "no edition records {} as its source file\nhint: `lectio list --format json` shows each edition's source_path; add the file with `lectio add {} --edition WORK/EDITION`, or compare it with `--against WORK/EDITION@N`",
                terminal(&p.display().to_string()),
                terminal(&p.display().to_string())
            ));
            out.push(t);
            continue;
        }
        for e in matching {
            out.push(resolve(Target::blank(shown(p), p.clone()), e)?);
        }
    }
    Ok(out)
}

/// Whether `path` is the file recorded as `source_path`.
fn same_file(base: &Path, path: &Path, source_path: &str) -> bool {
    let recorded = base.join(source_path);
    if lexical(path) == lexical(&recorded) {
        return true;
    }
    match (path.canonicalize(), recorded.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Compare every target with its version and apply `policy`.
///
/// A working file that is missing, unreadable or not text is reported as an error for that
/// file (exit 2). A damaged store is an error for the whole run.
pub fn run(
    store: &Store,
    targets: &[Target],
    opts: &DiffOptions,
    filter: &Filter,
    policy: Policy,
    read: &ReadAs,
) -> Result<CheckReport, StoreError> {
    let files = targets
        .par_iter()
        .map(|t| check_one(store, t, opts, filter, read))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CheckReport::new(policy, files))
}

fn check_one(
    store: &Store,
    t: &Target,
    opts: &DiffOptions,
    filter: &Filter,
    read: &ReadAs,
) -> Result<FileCheck, StoreError> {
    let mut fc = FileCheck {
        path: t.display.clone(),
        edition: t.edition.as_ref().map(|(w, e)| format!("{w}/{e}")),
        against: t.against.as_ref().map(Version::reference),
        status: FileStatus::Unchanged,
        error: None,
        note: None,
        recorded: None,
        findings: Vec::new(),
        markup_only: false,
        checked: None,
        unapplied: None,
    };
    if let Some(why) = &t.skip {
        fc.status = FileStatus::Skipped;
        fc.note = Some(why.clone());
        return Ok(fc);
    }
    let fail = |mut fc: FileCheck, msg: String| {
        fc.status = FileStatus::Error;
        fc.error = Some(msg);
        Ok(fc)
    };
    if let Some(why) = &t.problem {
        return fail(fc, why.clone());
    }
    let Some(against) = &t.against else {
        return fail(fc, format!("{}: nothing to compare with", t.display));
    };
    let bytes = match read_file(&t.file, store.max_size)? {
        Ok(b) => b,
        Err(e) => return fail(fc, format!("cannot read {}: {e}", t.display)),
    };
    fc.checked = Some(*blake3::hash(&bytes).as_bytes());
    let new = match crate::text::decode(&bytes, &t.display) {
        Ok(d) => d.text.into_owned(),
        Err(e) => return fail(fc, e.to_string()),
    };
    let new = Witness {
        label: t.display.clone(),
        text: new,
        ..Witness::default()
    };
    let new = match crate::tei::read_witness(new, read.format, &read.options) {
        Ok(w) => w,
        Err(e) => return fail(fc, e.to_string()),
    };
    let old = witness_of(store, &against.reference(), against)?;
    let old = match crate::tei::read_witness(old, read.format, &read.options) {
        Ok(w) => w,
        Err(e) => return fail(fc, e.to_string()),
    };
    if !opts.regularization.is_empty() {
        let unapplied = opts
            .normalizer()
            .unapplied_rules([old.text.as_str(), new.text.as_str()])
            .into_iter()
            .cloned()
            .collect();
        fc.unapplied = Some(unapplied);
    }
    let diff = crate::diff::diff_filtered(&old.text, &new.text, opts, filter);
    if diff.approximate {
        fc.note = Some("approximate diff: the deadline was reached".into());
    }
    fc.markup_only = old.text == new.text
        && (old.markup.is_some() || new.markup.is_some())
        && blake3::hash(&bytes).to_hex().as_str() != against.record.content.to_hex().as_str();
    let positions = Positions::of(&new);
    fc.findings = diff
        .variants
        .iter()
        .map(|v| {
            let bytes = v.new.bytes();
            let ((line, column), (end_line, end_column)) = match &positions {
                Positions::Text(lines) => (
                    (v.new.line, v.new.column),
                    lines.line_col(&new.text, bytes.end),
                ),
                Positions::Tei(m, lines) => {
                    let at = |o: usize| lines.line_col(&m.source, o);
                    let start = m.source_offset(bytes.start);
                    let end = if bytes.end > bytes.start {
                        let last = m.source_offset(bytes.end - 1);
                        last + m.source[last..].chars().next().map_or(0, char::len_utf8)
                    } else {
                        start
                    };
                    (at(start), at(end))
                }
            };
            Finding {
                line,
                column,
                end_line,
                end_column,
                kind: v.kind,
                class: v.class,
                old: v.old.reading(&old.text).to_string(),
                new: v.new.reading(&new.text).to_string(),
                allowed: false,
            }
        })
        .collect();
    Ok(fc)
}

/// Read a working file, at most `limit` bytes (more is [`StoreError::TooLarge`], which stops
/// the run: exit 5). A pipe or a socket is refused (it may never end, or never start): a file
/// error, as a missing file is. Any other failure is the file's error message.
fn read_file(path: &Path, limit: u64) -> Result<Result<Vec<u8>, String>, StoreError> {
    if crate::store::is_pipe(path) {
        return Ok(Err("is a pipe or socket, not a text file".into()));
    }
    match crate::store::read_limited(path, limit) {
        Ok(bytes) => Ok(Ok(bytes)),
        Err(StoreError::Read { source, .. }) => Ok(Err(source.to_string())),
        Err(e) => Err(e),
    }
}

/// What each version `record` adds says about itself.
#[derive(Clone, Debug, Default)]
pub struct Stamp {
    /// What changed and why.
    pub message: String,
    /// Record time (seconds since the epoch); `None`: now.
    pub time: Option<i64>,
    /// Author; `None`: empty.
    pub author: Option<String>,
}

/// Store every changed working file that was checked as its edition's next version, keeping
/// its recorded source path, and note the new version in the report (`recorded`), with
/// `stamp`'s message, time and author.
///
/// Files whose bytes equal the edition's latest version are left alone. Each add is a
/// compare-and-swap on the head seen when checking, so a version added meanwhile by someone
/// else is never overwritten (exit 4). Call this only when no file has an error.
pub fn record(
    store: &Store,
    targets: &[Target],
    report: &mut CheckReport,
    stamp: &Stamp,
) -> Result<(), StoreError> {
    let mut editions: Vec<&(String, String)> = Vec::new();
    for (t, fc) in targets.iter().zip(&report.files) {
        if let (Some(e), FileStatus::Allowed | FileStatus::Failed | FileStatus::Unchanged) =
            (&t.edition, &fc.status)
        {
            if editions.contains(&e) {
                return Err(StoreError::Usage(format!(
                    "cannot record several files as the next version of {}/{}; record one at a time",
                    e.0, e.1
                )));
            }
            editions.push(e);
        }
    }
    for (t, fc) in targets.iter().zip(&mut report.files) {
        if matches!(fc.status, FileStatus::Error | FileStatus::Skipped) {
            continue;
        }
        let (Some((work, edition)), Some(head)) = (&t.edition, &t.head) else {
            continue;
        };
        let bytes = read_file(&t.file, store.max_size)?.map_err(|m| StoreError::Read {
            path: t.display.clone(),
            source: std::io::Error::other(m),
        })?;
        if fc.checked != Some(*blake3::hash(&bytes).as_bytes()) {
            return Err(StoreError::ChangedSinceChecked {
                path: t.display.clone(),
            });
        }
        if blake3::hash(&bytes).to_hex().as_str() == head.record.content.to_hex() {
            continue;
        }
        let req = AddRequest {
            work: work.clone(),
            edition: edition.clone(),
            message: stamp.message.clone(),
            time: stamp.time,
            author: stamp.author.clone(),
            // Keep the recorded spelling; a file named only with `--against` gets the path
            // `add` computes for it. Either way the bytes stored are the bytes checked.
            source_path: Some(
                t.source_path
                    .clone()
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| {
                        crate::store::relative_to_store_parent(store.root(), &t.file)
                    }),
            ),
            expect_head: Some(head.id.to_hex()),
            ..Default::default()
        };
        let outcome = store.add(bytes.as_slice(), &req)?;
        if outcome.added {
            fc.recorded = Some(outcome.version.reference());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{EditionKind, MetaChanges};

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(Path::new("/r/a"), Path::new("/r/a/t/x.txt")),
            "t/x.txt"
        );
        assert_eq!(
            relative_path(Path::new("/r/a"), Path::new("/r/s/x.txt")),
            "../s/x.txt"
        );
        assert_eq!(lexical(Path::new("/r/./a/../b")), PathBuf::from("/r/b"));
    }

    /// A store holding `w/a` = "the black cat", whose working file `a.txt` now reads "the Black
    /// cat" (the temporary folder, the store, the file).
    fn store_with_a_changed_file() -> (tempfile::TempDir, Store, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::init(&dir.path().join("editions")).unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "the black cat\n").unwrap();
        let req = AddRequest {
            work: "w".into(),
            edition: "a".into(),
            meta: MetaChanges {
                lang: Some("en".into()),
                kind: Some(EditionKind::Transcription),
                ..Default::default()
            },
            ..Default::default()
        };
        store.add_file(&file, &req).unwrap();
        std::fs::write(&file, "the Black cat\n").unwrap();
        (dir, store, file)
    }

    #[test]
    fn targets_run_record() {
        let (_dir, store, file) = store_with_a_changed_file();

        let ts = targets(&store, &[], None).unwrap();
        assert_eq!(ts.len(), 1);
        assert_eq!(ts[0].source_path.as_deref(), Some("a.txt"));
        let opts = DiffOptions::default();
        let strict = Policy::default();
        let mut report = run(
            &store,
            &ts,
            &opts,
            &Filter::default(),
            strict.clone(),
            &ReadAs::default(),
        )
        .unwrap();
        assert_eq!(report.outcome(), crate::exit::Outcome::Differences);
        let f = &report.files[0].findings[0];
        assert_eq!((f.line, f.column, f.end_column), (1, 5, 10));
        assert_eq!(f.class, crate::diff::VariantClass::Case);

        let stamp = Stamp {
            message: "accept".into(),
            ..Default::default()
        };
        record(&store, &ts, &mut report, &stamp).unwrap();
        assert_eq!(report.files[0].recorded.as_deref(), Some("w/a@2"));
        let ts = targets(&store, std::slice::from_ref(&file), None).unwrap();
        let again = run(
            &store,
            &ts,
            &opts,
            &Filter::default(),
            strict,
            &ReadAs::default(),
        )
        .unwrap();
        assert_eq!(again.outcome(), crate::exit::Outcome::Clean);
        assert_eq!(again.files[0].status, FileStatus::Unchanged);
        assert_eq!(
            store.head("w", "a").unwrap().unwrap().record.source_path,
            "a.txt"
        );
    }

    /// `check --record` stores exactly the bytes it checked: a file edited after it was checked
    /// is not recorded (#15 item 16), and the edition keeps its head.
    #[test]
    fn an_edit_made_during_the_check_is_not_recorded() {
        let (_dir, store, file) = store_with_a_changed_file();
        let ts = targets(&store, &[], None).unwrap();
        let mut report = run(
            &store,
            &ts,
            &DiffOptions::default(),
            &Filter::default(),
            Policy::default(),
            &ReadAs::default(),
        )
        .unwrap();
        // Edited between the check and the record: an unchecked substantive change.
        std::fs::write(&file, "the Black dog\n").unwrap();
        let err = record(&store, &ts, &mut report, &Stamp::default()).unwrap_err();
        assert!(
            matches!(&err, StoreError::ChangedSinceChecked { path } if path.ends_with("a.txt")),
            "{err}"
        );
        assert_eq!(crate::exit::Classify::kind(&err), crate::exit::Kind::Busy);
        assert_eq!(store.head("w", "a").unwrap().unwrap().record.number, 1);
        assert_eq!(report.files[0].recorded, None);
        // Restored to the checked bytes, it is recorded: exactly those bytes.
        std::fs::write(&file, "the Black cat\n").unwrap();
        record(&store, &ts, &mut report, &Stamp::default()).unwrap();
        assert_eq!(report.files[0].recorded.as_deref(), Some("w/a@2"));
        let head = store.head("w", "a").unwrap().unwrap();
        assert_eq!(
            head.record.content.to_hex().as_str(),
            blake3::hash(b"the Black cat\n").to_hex().as_str()
        );
    }

    #[test]
    fn outside() {
        let (base, repo) = (Path::new("/r/repo/data"), Path::new("/r/repo"));
        assert!(is_outside(base, repo, "../../shared/a.txt"));
        assert!(is_outside(base, repo, "/abs/a.txt"));
        assert!(!is_outside(base, repo, "texts/a.txt"));
        assert!(!is_outside(base, repo, "../texts/a.txt"));
        assert!(!is_outside(base, repo, "..a.txt"));
        assert!(is_outside(base, base, "../texts/a.txt"));
    }
}
