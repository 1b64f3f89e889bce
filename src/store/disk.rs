//! The on-disk store: opening, the write protocol, reading with verification, references.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use super::hooks::{failpoint, fsync_enabled, inject};
use super::id::{MIN_PREFIX, ObjectId, is_lower_hex};
use super::record::{EditionKind, EditionMeta, VersionRecord};
use super::scan::{TextFacts, Utf8Scan, facts_of};
use super::{FORMAT, Store, StoreError, Version, check_name, name};

const CHUNK: usize = 64 * 1024;
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

/// Changes to an edition's metadata given with `add`; `None` keeps the previous version's
/// value. A new edition needs at least `lang` and `kind`.
#[derive(Clone, Debug, Default)]
pub struct MetaChanges {
    /// Language (BCP 47).
    pub lang: Option<String>,
    /// Kind.
    pub kind: Option<EditionKind>,
    /// Title.
    pub title: Option<String>,
    /// Source (citation or URL).
    pub source: Option<String>,
    /// Siglum.
    pub siglum: Option<String>,
    /// The edition translated (a reference; stored as `WORK/EDITION`). Clears `source_lang`.
    pub translation_of: Option<String>,
    /// The language translated from. Clears `translation_of`.
    pub source_lang: Option<String>,
    /// Whether the edition is partial.
    pub partial: Option<bool>,
    /// Notes.
    pub notes: Option<String>,
}

/// What to add: the edition, metadata changes, message, and optional overrides.
#[derive(Clone, Debug, Default)]
pub struct AddRequest {
    /// Work name.
    pub work: String,
    /// Edition name.
    pub edition: String,
    /// Metadata changes (required fields for a new edition).
    pub meta: MetaChanges,
    /// What changed and why.
    pub message: String,
    /// Record time (seconds since the epoch); `None`: `SOURCE_DATE_EPOCH`, `LECTIO_TIME`, or now.
    pub time: Option<i64>,
    /// Author; `None`: `LECTIO_AUTHOR`, or empty.
    pub author: Option<String>,
    /// Recorded source path; `None`: computed by [`Store::add_file`], empty for [`Store::add`].
    pub source_path: Option<String>,
    /// Compare-and-swap: add only if the edition's latest version is this one (a prefix of at
    /// least 6 hex digits of its text or record hash, or `none` for a new edition); otherwise
    /// [`StoreError::Concurrent`] (exit 4) and nothing is committed.
    pub expect_head: Option<String>,
}

/// The result of an add.
#[derive(Clone, Debug)]
pub struct AddOutcome {
    /// The new version, or the latest one when nothing was added.
    pub version: Version,
    /// False when the bytes equal the latest version's (nothing was added).
    pub added: bool,
    /// Objects found corrupt on disk and replaced by this add.
    pub repaired: Vec<ObjectId>,
}

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

fn lstat_kind(path: &Path) -> io::Result<Option<fs::FileType>> {
    match fs::symlink_metadata(path) {
        Ok(m) => Ok(Some(m.file_type())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn symlink_error(path: &Path) -> StoreError {
    StoreError::Damaged {
        path: path.to_path_buf(),
        reason: "unexpected symlink in store (refused, not followed)".into(),
    }
}

pub(crate) fn fsync_dir(dir: &Path) -> Result<(), StoreError> {
    if fsync_enabled() {
        inject("dir-fsync")
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

fn sync_file(f: &File, path: &Path) -> Result<(), StoreError> {
    if fsync_enabled() {
        f.sync_all().map_err(StoreError::io("syncing", path))?;
    }
    Ok(())
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
        Some(_) => {}
        None if root.join("refs").exists() || root.join("objects").exists() => {
            return Err(StoreError::Damaged {
                path: format,
                reason: "missing (the store's FORMAT file is needed to open it)".into(),
            });
        }
        None => return Err(no_store()),
    }
    let text = fs::read(&format).map_err(StoreError::io("reading", &format))?;
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

/// The store-wide writer lock, released on drop (and by the kernel if the process dies).
pub(crate) struct WriterLock {
    file: File,
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

pub(crate) fn lock(store: &Store) -> Result<WriterLock, StoreError> {
    let path = store.root.join("lock");
    if lstat_kind(&path)
        .map_err(StoreError::io("inspecting", &path))?
        .is_some_and(|t| t.is_symlink())
    {
        return Err(symlink_error(&path));
    }
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(StoreError::io("opening lock", &path))?;
    let start = Instant::now();
    let mut delay = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(fs::TryLockError::WouldBlock) => {
                let waited = start.elapsed();
                if waited >= store.lock_timeout {
                    let mut holder = String::new();
                    let _ = (&file).read_to_string(&mut holder);
                    let holder = holder.trim();
                    return Err(StoreError::Busy {
                        holder: (!holder.is_empty())
                            .then(|| crate::escape::terminal(holder).into_owned()),
                        waited,
                    });
                }
                // Jitter keeps eight waiting writers from waking in lockstep.
                let jitter = Duration::from_micros(u64::from(std::process::id() % 997));
                std::thread::sleep((delay + jitter).min(store.lock_timeout - waited));
                delay = (delay * 2).min(Duration::from_millis(100));
            }
            Err(fs::TryLockError::Error(e)) => return Err(StoreError::io("locking", &path)(e)),
        }
    }
    let _ = file.set_len(0);
    let _ = writeln!(file, "pid {}", std::process::id());
    Ok(WriterLock { file })
}

fn object_path(store: &Store, kind: Kind, id: &ObjectId) -> (PathBuf, PathBuf) {
    let (d, f) = id.fanout();
    let dir = store.root.join(kind.dir()).join(d);
    let path = dir.join(f);
    (dir, path)
}

fn corrupt(id: &ObjectId, path: &Path, reason: impl Into<String>) -> StoreError {
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
    file.take(limit + 1)
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
fn publish(
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
                Ok((found, _)) if found == *id => Ok(false),
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

fn new_temp(store: &Store) -> Result<tempfile::NamedTempFile, StoreError> {
    let dir = ensure_dir(&store.root, "tmp")?;
    tempfile::Builder::new()
        .prefix(&format!("tmp-{}-", std::process::id()))
        .tempfile_in(&dir)
        .map_err(StoreError::io("creating temp file in", &dir))
}

struct Ingested {
    tmp: tempfile::NamedTempFile,
    id: ObjectId,
    size: u64,
    facts: TextFacts,
}

fn read_full(input: &mut impl Read, buf: &mut [u8], origin: &str) -> Result<usize, StoreError> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(StoreError::Read {
                    path: origin.to_string(),
                    source,
                });
            }
        }
    }
    Ok(filled)
}

/// Stream `input` into a temp file: hash, size cap, text checks, word count; then fsync.
fn ingest(store: &Store, mut input: impl Read, origin: &str) -> Result<Ingested, StoreError> {
    let mut tmp = new_temp(store)?;
    let mut hasher = blake3::Hasher::new();
    let mut scan = Utf8Scan::new(origin);
    let mut utf16: Option<Vec<u8>> = None;
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    let mut first = true;
    loop {
        let n = read_full(&mut input, &mut buf, origin)?;
        if n == 0 && !first {
            break;
        }
        let chunk = &buf[..n];
        size += n as u64;
        if size > store.max_size {
            return Err(StoreError::TooLarge {
                origin: origin.to_string(),
                size: None,
                limit: store.max_size,
            });
        }
        if first && (chunk.starts_with(&[0xFF, 0xFE]) || chunk.starts_with(&[0xFE, 0xFF])) {
            utf16 = Some(Vec::new());
        }
        first = false;
        hasher.update(chunk);
        match &mut utf16 {
            Some(all) => all.extend_from_slice(chunk),
            None => scan.feed(chunk)?,
        }
        tmp.write_all(chunk)
            .map_err(StoreError::io("writing temp file", tmp.path()))?;
        if n < buf.len() {
            break;
        }
    }
    let facts = match utf16 {
        Some(all) => facts_of(&all, origin)?,
        None => scan.finish()?,
    };
    tmp.flush()
        .map_err(StoreError::io("writing temp file", tmp.path()))?;
    failpoint("after-temp-write");
    sync_file(tmp.as_file(), tmp.path())?;
    failpoint("after-temp-fsync");
    Ok(Ingested {
        id: ObjectId::from_hash(hasher.finalize()),
        tmp,
        size,
        facts,
    })
}

fn ref_path(store: &Store, work: &str, edition: &str) -> PathBuf {
    store.root.join("refs").join(work).join(edition)
}

/// Read a ref: `None` when the edition does not exist.
fn read_ref(store: &Store, work: &str, edition: &str) -> Result<Option<ObjectId>, StoreError> {
    let dir = store.root.join("refs").join(work);
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

fn write_ref(store: &Store, work: &str, edition: &str, id: &ObjectId) -> Result<(), StoreError> {
    let refs = ensure_dir(&store.root, "refs")?;
    let dir = ensure_dir(&refs, work)?;
    let mut tmp = new_temp(store)?;
    writeln!(tmp, "{id}").map_err(StoreError::io("writing temp file", tmp.path()))?;
    sync_file(tmp.as_file(), tmp.path())?;
    failpoint("before-ref-rename");
    let dest = dir.join(edition);
    inject("ref-rename").map_err(StoreError::io("updating ref", &dest))?;
    tmp.persist(&dest)
        .map_err(|e| StoreError::io("updating ref", &dest)(e.error))?;
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
    Ok(Some(v))
}

pub(crate) fn history(
    store: &Store,
    work: &str,
    edition: &str,
) -> Result<Vec<Version>, StoreError> {
    let Some(mut v) = head(store, work, edition)? else {
        return Err(not_found(store, work, edition));
    };
    let mut out = Vec::with_capacity(v.record.number as usize);
    loop {
        let parent = v.record.parent;
        let number = v.record.number;
        out.push(v);
        let Some(pid) = parent else { break };
        let p = read_record(store, &pid)?;
        if p.record.number + 1 != number || p.record.work != work || p.record.edition != edition {
            let (_, path) = object_path(store, Kind::Record, &pid);
            return Err(corrupt(
                &pid,
                &path,
                format!(
                    "parent of {work}/{edition}@{number} is not version {}",
                    number - 1
                ),
            ));
        }
        v = p;
    }
    Ok(out)
}

fn not_found(store: &Store, work: &str, edition: &str) -> StoreError {
    StoreError::NotFound(format!(
        "no edition '{work}/{edition}' in store {}\nhint: `lectio list` shows the editions",
        store.root.display()
    ))
}

fn read_names(dir: &Path) -> Result<Vec<String>, StoreError> {
    let mut names = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(names),
        Err(e) => return Err(StoreError::io("reading", dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(StoreError::io("reading", dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
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

pub(crate) fn list(store: &Store) -> Result<Vec<EditionSummary>, StoreError> {
    let refs = store.root.join("refs");
    let mut out = Vec::new();
    for work in read_names(&refs)? {
        for edition in read_names(&refs.join(&work))? {
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

pub(crate) fn resolve(store: &Store, spec: &str) -> Result<Version, StoreError> {
    let (name, selector) = match spec.split_once('@') {
        Some((n, s)) => (n, Some(s)),
        None => (spec, None),
    };
    let (work, edition) = match name.split_once('/') {
        Some((w, e)) => {
            check_name("work", w)?;
            check_name("edition", e)?;
            (w.to_string(), e.to_string())
        }
        None => {
            check_name("edition", name)?;
            let refs = store.root.join("refs");
            let mut works = Vec::new();
            for w in read_names(&refs)? {
                if read_ref(store, &w, name)?.is_some() {
                    works.push(w);
                }
            }
            match works.len() {
                1 => (works.remove(0), name.to_string()),
                0 => {
                    return Err(StoreError::NotFound(format!(
                        "'{}' is neither a file nor an edition in store {}\nhint: `lectio list` shows the editions; write WORK/EDITION",
                        crate::escape::terminal(spec),
                        store.root.display()
                    )));
                }
                _ => {
                    return Err(StoreError::Ambiguous {
                        spec: spec.to_string(),
                        candidates: works.iter().map(|w| format!("{w}/{name}")).collect(),
                    });
                }
            }
        }
    };
    let Some(selector) = selector else {
        return head(store, &work, &edition)?.ok_or_else(|| not_found(store, &work, &edition));
    };
    let versions = history(store, &work, &edition)?;
    let latest = versions[0].record.number;
    if selector.len() < MIN_PREFIX
        && !selector.is_empty()
        && selector.bytes().all(|b| b.is_ascii_digit())
    {
        let n: u32 = selector.parse().unwrap_or(0);
        return versions
            .into_iter()
            .find(|v| v.record.number == n)
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "{work}/{edition} has no version {selector} (versions 1 to {latest})"
                ))
            });
    }
    let prefix = selector.to_ascii_lowercase();
    if prefix.len() < MIN_PREFIX || prefix.len() > 64 || !is_lower_hex(&prefix) {
        return Err(StoreError::Usage(format!(
            "bad version '@{}' in '{}': write @N (a version number) or @HASH (at least {MIN_PREFIX} hex digits)",
            crate::escape::terminal(selector),
            crate::escape::terminal(spec)
        )));
    }
    let mut matches: Vec<Version> = versions
        .into_iter()
        .filter(|v| v.record.content.starts_with(&prefix) || v.id.starts_with(&prefix))
        .collect();
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => Err(StoreError::NotFound(format!(
            "no version of {work}/{edition} has a hash starting with {prefix}"
        ))),
        _ => Err(StoreError::Ambiguous {
            spec: spec.to_string(),
            candidates: matches
                .iter()
                .map(|v| format!("{} {}", v.reference(), v.record.content))
                .collect(),
        }),
    }
}

fn valid_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn merge_meta(
    store: &Store,
    req: &AddRequest,
    base: Option<&EditionMeta>,
) -> Result<EditionMeta, StoreError> {
    let ch = &req.meta;
    let edition = format!("{}/{}", req.work, req.edition);
    let need = |what: &str| {
        StoreError::Usage(format!(
            "{edition} is a new edition: {what} is required\nhint: pass --lang (a BCP 47 tag such as en) and --kind (original, transcription, emendation or translation)"
        ))
    };
    let lang = match (&ch.lang, base) {
        (Some(l), _) => l.clone(),
        (None, Some(b)) => b.lang.clone(),
        (None, None) => return Err(need("--lang")),
    };
    if !valid_lang(&lang) {
        return Err(StoreError::Usage(format!(
            "'{}' is not a BCP 47 language tag (e.g. en, es, ru, pt-BR)",
            crate::escape::terminal(&lang)
        )));
    }
    let kind = ch
        .kind
        .or(base.map(|b| b.kind))
        .ok_or_else(|| need("--kind"))?;
    let pick = |new: &Option<String>, old: Option<&String>| {
        new.clone().or_else(|| old.cloned()).unwrap_or_default()
    };
    if ch.translation_of.is_some() && ch.source_lang.is_some() {
        return Err(StoreError::Usage(
            "give either --translation-of or --source-lang, not both".into(),
        ));
    }
    let (mut translation_of, mut source_lang) = (
        base.map(|b| b.translation_of.clone()).unwrap_or_default(),
        base.map(|b| b.source_lang.clone()).unwrap_or_default(),
    );
    if let Some(t) = &ch.translation_of {
        let v = resolve(store, t)?;
        translation_of = format!("{}/{}", v.record.work, v.record.edition);
        if translation_of == edition {
            return Err(StoreError::Usage(format!(
                "{edition} cannot be a translation of itself"
            )));
        }
        source_lang = String::new();
    }
    if let Some(l) = &ch.source_lang {
        if !valid_lang(l) {
            return Err(StoreError::Usage(format!(
                "--source-lang '{}' is not a BCP 47 language tag",
                crate::escape::terminal(l)
            )));
        }
        source_lang = l.clone();
        translation_of = String::new();
    }
    if kind == EditionKind::Translation && translation_of.is_empty() && source_lang.is_empty() {
        return Err(StoreError::Usage(format!(
            "{edition} is a translation: say what of with --translation-of WORK/EDITION or --source-lang LANG"
        )));
    }
    Ok(EditionMeta {
        lang,
        kind,
        title: pick(&ch.title, base.map(|b| &b.title)),
        source: pick(&ch.source, base.map(|b| &b.source)),
        siglum: pick(&ch.siglum, base.map(|b| &b.siglum)),
        translation_of,
        source_lang,
        partial: ch.partial.or(base.map(|b| b.partial)).unwrap_or(false),
        notes: pick(&ch.notes, base.map(|b| &b.notes)),
    })
}

fn check_collisions(store: &Store, work: &str, edition: &str) -> Result<(), StoreError> {
    let refs = store.root.join("refs");
    let collision = |what: &'static str, name: &str, other: &str| StoreError::InvalidName {
        what,
        name: name.to_string(),
        reason: format!(
            "it collides with the existing {what} '{other}' on case-insensitive or normalizing file systems"
        ),
    };
    for w in read_names(&refs)? {
        if name::collides(&w, work) {
            return Err(collision("work", work, &w));
        }
    }
    for e in read_names(&refs.join(work))? {
        if name::collides(&e, edition) {
            return Err(collision("edition", edition, &e));
        }
    }
    Ok(())
}

fn env_time() -> Result<i64, StoreError> {
    for var in ["SOURCE_DATE_EPOCH", "LECTIO_TIME"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|t| (0..253_402_300_800).contains(t))
                .ok_or_else(|| {
                    StoreError::Usage(format!(
                        "{var}='{}' is not a number of seconds since 1970",
                        crate::escape::terminal(&v)
                    ))
                });
        }
    }
    Ok(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64))
}

pub(crate) fn add(
    store: &Store,
    input: impl Read,
    req: &AddRequest,
) -> Result<AddOutcome, StoreError> {
    add_from(store, input, req, "<stdin>")
}

fn add_from(
    store: &Store,
    input: impl Read,
    req: &AddRequest,
    origin: &str,
) -> Result<AddOutcome, StoreError> {
    check_name("work", &req.work)?;
    check_name("edition", &req.edition)?;
    // Refuse early (before writing anything) what would be refused later anyway.
    let before = head(store, &req.work, &req.edition)?;
    if before.is_none() {
        check_collisions(store, &req.work, &req.edition)?;
    }
    merge_meta(store, req, before.as_ref().map(|v| &v.record.meta))?;
    let time = match req.time {
        Some(t) => t,
        None => env_time()?,
    };

    let ingested = ingest(store, input, origin)?;
    let mut repaired = Vec::new();
    let id = ingested.id;
    if publish(store, Kind::Object, ingested.tmp, &id)? {
        repaired.push(id);
    }
    failpoint("after-object-publish");

    let _lock = lock(store)?;
    let parent = head(store, &req.work, &req.edition)?;
    if let Some(p) = &parent {
        if p.record.content == id {
            return Ok(AddOutcome {
                version: p.clone(),
                added: false,
                repaired,
            });
        }
    } else {
        check_collisions(store, &req.work, &req.edition)?;
    }
    if let Some(expected) = &req.expect_head {
        let e = expected.to_ascii_lowercase();
        let matches = match &parent {
            None => e == "none",
            Some(p) => {
                e.len() >= MIN_PREFIX
                    && is_lower_hex(&e)
                    && (p.record.content.starts_with(&e) || p.id.starts_with(&e))
            }
        };
        if !matches {
            return Err(StoreError::Concurrent {
                edition: format!("{}/{}", req.work, req.edition),
                expected: expected.clone(),
                found: parent.map_or_else(
                    || "none".into(),
                    |p| format!("{} {}", p.reference(), p.record.content),
                ),
            });
        }
    }
    let meta = merge_meta(store, req, parent.as_ref().map(|v| &v.record.meta))?;
    let record = VersionRecord {
        work: req.work.clone(),
        edition: req.edition.clone(),
        number: parent.as_ref().map_or(1, |p| p.record.number + 1),
        parent: parent.as_ref().map(|p| p.id),
        content: id,
        size: ingested.size,
        words: ingested.facts.words,
        encoding: ingested.facts.encoding,
        line_endings: ingested.facts.line_endings,
        time,
        author: req
            .author
            .clone()
            .unwrap_or_else(|| std::env::var("LECTIO_AUTHOR").unwrap_or_default()),
        source_path: req.source_path.clone().unwrap_or_default(),
        meta,
        message: req.message.clone(),
    };
    let bytes = record.encode();
    let rid = ObjectId::of(&bytes);
    let mut tmp = new_temp(store)?;
    tmp.write_all(&bytes)
        .map_err(StoreError::io("writing temp file", tmp.path()))?;
    sync_file(tmp.as_file(), tmp.path())?;
    if publish(store, Kind::Record, tmp, &rid)? {
        repaired.push(rid);
    }
    failpoint("after-record");

    // Compare-and-swap: the ref must still be the head the record was built on.
    let now = read_ref(store, &req.work, &req.edition)?;
    if now != parent.as_ref().map(|p| p.id) {
        return Err(StoreError::Concurrent {
            edition: format!("{}/{}", req.work, req.edition),
            expected: parent.map_or_else(|| "none".into(), |p| p.id.to_hex()),
            found: now.map_or_else(|| "none".into(), |n| n.to_hex()),
        });
    }
    write_ref(store, &req.work, &req.edition, &rid)?;
    Ok(AddOutcome {
        version: Version { id: rid, record },
        added: true,
        repaired,
    })
}

pub(crate) fn add_file(
    store: &Store,
    path: &Path,
    req: &AddRequest,
) -> Result<AddOutcome, StoreError> {
    if path == Path::new("-") {
        let mut req = req.clone();
        req.source_path.get_or_insert_with(String::new);
        return add_from(store, io::stdin().lock(), &req, "<stdin>");
    }
    let origin = path.display().to_string();
    let read_err = |source| StoreError::Read {
        path: origin.clone(),
        source,
    };
    let meta = fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(StoreError::Usage(format!(
            "{origin} is a folder, not a text file"
        )));
    }
    if meta.is_file() && meta.len() > store.max_size {
        return Err(StoreError::TooLarge {
            origin,
            size: Some(meta.len()),
            limit: store.max_size,
        });
    }
    let file = File::open(path).map_err(read_err)?;
    let mut req = req.clone();
    if req.source_path.is_none() {
        req.source_path = Some(relative_to_store_parent(&store.root, path));
    }
    add_from(store, file, &req, &origin)
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

    #[test]
    fn lang_tags() {
        for ok in ["en", "es", "ru", "pt-BR", "zh-Hant-TW", "grc"] {
            assert!(valid_lang(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english",
            "en_GB",
            "en-",
            "-en",
            "en-toolongsubtag",
        ] {
            assert!(!valid_lang(bad), "{bad}");
        }
    }
}

#[cfg(test)]
mod api_tests {
    use super::*;
    use proptest::prelude::*;

    fn req(edition: &str) -> AddRequest {
        AddRequest {
            work: "w".into(),
            edition: edition.into(),
            meta: MetaChanges {
                lang: Some("en".into()),
                kind: Some(EditionKind::Original),
                ..Default::default()
            },
            time: Some(0),
            author: Some(String::new()),
            ..Default::default()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// put(bytes) then get(hash) == bytes, hash == blake3(bytes), put idempotent; the
        /// latest version resolves by number and by hash prefix.
        #[test]
        fn add_then_read(texts in proptest::collection::vec("[a-z \\n\u{e9}\u{5d0}]{0,200}", 1..4)) {
            let dir = tempfile::tempdir().unwrap();
            let (store, _) = Store::init(&dir.path().join("s")).unwrap();
            let mut expected = Vec::new();
            for t in &texts {
                let out = store.add(t.as_bytes(), &req("e")).unwrap();
                prop_assert_eq!(out.version.record.content, ObjectId::of(t.as_bytes()));
                prop_assert_eq!(store.read_content(&out.version).unwrap(), t.as_bytes());
                if out.added {
                    expected.push(t.clone());
                } else {
                    prop_assert_eq!(expected.last(), Some(t));
                }
                let again = store.add(t.as_bytes(), &req("e")).unwrap();
                prop_assert!(!again.added);
                prop_assert_eq!(again.version.id, out.version.id);
            }
            let history = store.history("w", "e").unwrap();
            prop_assert_eq!(history.len(), expected.len());
            for (v, t) in history.iter().rev().zip(&expected) {
                prop_assert_eq!(store.read_content(v).unwrap(), t.as_bytes());
                let by_n = store.resolve(&format!("w/e@{}", v.record.number)).unwrap();
                prop_assert_eq!(&by_n, v);
                let by_record = store.resolve(&format!("e@{}", &v.id.to_hex()[..12])).unwrap();
                prop_assert_eq!(&by_record, v);
            }
            prop_assert!(!store.verify().unwrap().has_errors());
        }
    }
}
