//! Adding a version: streaming the text in, then the record, then the ref (the commit point).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;

use super::fsutil::{CHUNK, new_temp, relative_to_store_parent, sync_file};
use super::hooks::failpoint;
use super::id::{MIN_PREFIX, ObjectId, is_lower_hex};
use super::lock::lock;
use super::meta::{MetaChanges, merge_meta};
use super::objects::{Kind, ensure_object, publish, publish_linked};
use super::record::VersionRecord;
use super::refs::{head, read_names, read_ref, write_intent, write_ref};
use super::scan::{TextFacts, Utf8Scan, facts_of};
use super::{Store, StoreError, Version, check_name, name};

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
    /// Record time (seconds since the epoch); `None`: now. (The CLI passes `SOURCE_DATE_EPOCH`
    /// or `LECTIO_TIME` when set.)
    pub time: Option<i64>,
    /// Author; `None`: empty. (The CLI passes `LECTIO_AUTHOR`.)
    pub author: Option<String>,
    /// Recorded source path; `None`: computed by [`Store::add_file`], empty for [`Store::add`].
    pub source_path: Option<String>,
    /// Compare-and-swap: add only if the edition's latest version is this one (a prefix of at
    /// least 6 hex digits of its text or record hash, or `none` for a new edition); otherwise
    /// [`StoreError::Concurrent`] (exit 4) and nothing is committed.
    pub expect_head: Option<String>,
    /// Words of the text as it is read, when the caller derives a reading text from the bytes
    /// (TEI: the words of the reading text, not of the markup); `None`: counted from the bytes.
    pub words: Option<u64>,
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

fn check_collisions(store: &Store, work: &str, edition: &str) -> Result<(), StoreError> {
    let refs = store.root.join("refs");
    let collision = |what: &'static str, name: &str, other: &str| StoreError::InvalidName {
        what,
        name: name.to_string(),
        reason: format!(
            "it collides with the existing {what} '{other}' on case-insensitive or normalizing file systems"
        ),
    };
    for w in read_names(&refs, true)? {
        if name::collides(&w, work) {
            return Err(collision("work", work, &w));
        }
    }
    for e in read_names(&refs.join(work), false)? {
        if name::collides(&e, edition) {
            return Err(collision("edition", edition, &e));
        }
    }
    Ok(())
}

/// Now, in seconds since the epoch.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
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
    let time = req.time.unwrap_or_else(now);

    let ingested = ingest(store, input, origin)?;
    let mut repaired = Vec::new();
    let id = ingested.id;
    // The text is published before the lock is taken (hashing it may take long); its temp file
    // is kept, linked, until the record is written, so that a `gc --prune` running in between
    // cannot lose it (see `ensure_object`).
    let kept = match publish_linked(store, ingested.tmp.path(), &id)? {
        Some(replaced) => {
            if replaced {
                repaired.push(id);
            }
            Some(ingested.tmp)
        }
        None => {
            if publish(store, Kind::Object, ingested.tmp, &id)? {
                repaired.push(id);
            }
            None
        }
    };
    failpoint("after-object-publish");

    let _lock = lock(store)?;
    ensure_object(store, &id, kept.as_ref().map(|t| t.path()))?;
    let parent = head(store, &req.work, &req.edition)?;
    if let Some(p) = &parent {
        // Unchanged bytes with changed metadata (`--title`, `--siglum`…) make a new version
        // recording the change; unchanged bytes and metadata add nothing.
        if p.record.content == id && merge_meta(store, req, Some(&p.record.meta))? == p.record.meta
        {
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
        if e != "none" && !(e.len() >= MIN_PREFIX && e.len() <= 64 && is_lower_hex(&e)) {
            return Err(StoreError::Usage(format!(
                "bad --expect-head '{}': write {MIN_PREFIX} to 64 hex digits of the latest version's text or record hash, or `none` for a new edition",
                crate::escape::terminal(expected)
            )));
        }
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
        words: req.words.unwrap_or(ingested.facts.words),
        encoding: ingested.facts.encoding,
        line_endings: ingested.facts.line_endings,
        time,
        author: req.author.clone().unwrap_or_default(),
        source_path: req.source_path.clone().unwrap_or_default(),
        meta,
        message: req.message.clone(),
    };
    let bytes = record.encode();
    let rid = ObjectId::of(&bytes);
    // The ref-to-be first: while it sits in tmp/, the record is known to belong to an add in
    // flight (or interrupted), never to an edition whose ref was lost.
    let intent = write_intent(store, &rid)?;
    let committed = commit(
        store,
        req,
        &bytes,
        &rid,
        parent.as_ref(),
        &intent,
        &mut repaired,
    );
    if committed.is_err() && parent.is_some() {
        // The edition has a ref, so an orphan next version is told from a lost ref without
        // the evidence: leave no temp file behind. (For a new edition it stays, for `gc`.)
        let _ = fs::remove_file(&intent);
    }
    committed?;
    drop(kept);
    Ok(AddOutcome {
        version: Version { id: rid, record },
        added: true,
        repaired,
    })
}

/// Publish the record `bytes` (id `rid`) and, if the ref is still `parent`, commit it.
fn commit(
    store: &Store,
    req: &AddRequest,
    bytes: &[u8],
    rid: &ObjectId,
    parent: Option<&Version>,
    intent: &Path,
    repaired: &mut Vec<ObjectId>,
) -> Result<(), StoreError> {
    let mut tmp = new_temp(store)?;
    tmp.write_all(bytes)
        .map_err(StoreError::io("writing temp file", tmp.path()))?;
    sync_file(tmp.as_file(), tmp.path())?;
    if publish(store, Kind::Record, tmp, rid)? {
        repaired.push(*rid);
    }
    failpoint("after-record");

    // Compare-and-swap: the ref must still be the head the record was built on.
    let now = read_ref(store, &req.work, &req.edition)?;
    if now != parent.map(|p| p.id) {
        return Err(StoreError::Concurrent {
            edition: format!("{}/{}", req.work, req.edition),
            expected: parent.map_or_else(|| "none".into(), |p| p.id.to_hex()),
            found: now.map_or_else(|| "none".into(), |n| n.to_hex()),
        });
    }
    write_ref(store, &req.work, &req.edition, intent)
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

#[cfg(test)]
mod api_tests {
    use super::*;
    use crate::store::EditionKind;
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
