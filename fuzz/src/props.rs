//! Properties checked by the fuzz targets. This file is shared: the cargo-fuzz targets call it,
//! and `tests/fuzz_replay.rs` includes it to replay the committed corpus and crash artifacts on
//! every stable `cargo test`. Each function panics when its property fails.

/// Tokenizer: spans are ordered, non-empty, on char boundaries; the gaps between them are
/// whitespace only, so `text` is exactly the tokens plus the whitespace between them; the
/// tokenizer is deterministic and its windowed fast path agrees with the byte-by-byte one.
pub fn tokenize(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let toks = lectio::text::tokenize(text);
    let mut pos = 0usize;
    let mut rebuilt = String::with_capacity(text.len());
    for t in &toks {
        let (s, e) = (t.start() as usize, t.end() as usize);
        assert!(s >= pos && e > s, "span {s}..{e} after {pos}");
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        let gap = &text[pos..s];
        assert!(
            gap.chars().all(char::is_whitespace),
            "non-space gap {gap:?}"
        );
        rebuilt.push_str(gap);
        rebuilt.push_str(&text[s..e]);
        pos = e;
    }
    assert!(text[pos..].chars().all(char::is_whitespace));
    rebuilt.push_str(&text[pos..]);
    assert_eq!(rebuilt, text);
    assert_eq!(toks, lectio::text::tokenize(text));
    // The windowed fast path cuts exactly as the byte-by-byte tokenizer.
    assert_eq!(toks, lectio::text::tokenize::tokenize_bytewise(text));
    // And the ASCII fast paths only save time: every chunk cut by the Unicode path alone
    // (UAX #29 and the documented rules) gives the same tokens.
    assert_eq!(toks, lectio::text::tokenize::tokenize_unicode(text));
}

/// Version records and ids: parsing arbitrary bytes never panics; whatever parses is the
/// canonical encoding (re-encoding gives the same bytes, so one record has one id); and any
/// record built from arbitrary field values survives encode → parse unchanged.
pub fn record_parse(data: &[u8]) {
    use lectio::store::{ObjectId, VersionRecord};
    if let Ok(r) = VersionRecord::parse(data) {
        assert_eq!(r.encode(), data, "a non-canonical record was accepted");
        assert_eq!(r.id(), ObjectId::of(data));
        assert_eq!(VersionRecord::parse(&r.encode()).as_ref(), Ok(&r));
    }
    if let Ok(s) = std::str::from_utf8(data)
        && let Some(id) = ObjectId::parse(s)
    {
        assert_eq!(id.to_hex(), s, "id parse is not exact");
    }
    // Field values from the input: text fields split at 0xFF, numbers from the first bytes.
    let mut parts = data
        .split(|&b| b == 0xFF)
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let mut next = || parts.next().unwrap_or_default();
    let num = |i: usize| -> u64 {
        let mut b = [0u8; 8];
        for (k, x) in data.iter().skip(i * 8).take(8).enumerate() {
            b[k] = *x;
        }
        u64::from_le_bytes(b)
    };
    let number = (num(0) % u64::from(u32::MAX)) as u32 + 1;
    let r = VersionRecord {
        work: "w".into(),
        edition: "e".into(),
        number,
        parent: (number > 1).then(|| ObjectId::of(b"parent")),
        content: ObjectId::of(data),
        size: num(1),
        words: num(2),
        encoding: lectio::text::TextEncoding::Utf8,
        line_endings: lectio::text::LineEndings::Mixed,
        time: (num(3) % 253_402_300_800) as i64,
        author: next(),
        source_path: next(),
        meta: lectio::store::EditionMeta {
            lang: "en".into(),
            kind: lectio::store::EditionKind::Translation,
            title: next(),
            source: next(),
            siglum: next(),
            translation_of: next(),
            source_lang: next(),
            partial: num(4) % 2 == 1,
            notes: next(),
        },
        message: next(),
    };
    let bytes = r.encode();
    assert_eq!(
        VersionRecord::parse(&bytes).as_ref(),
        Ok(&r),
        "record did not round-trip"
    );
    assert_eq!(std::str::from_utf8(&bytes).unwrap().lines().count(), 23);
}

/// A small store shared by the `object_read` runs of one process.
struct ReadFixture {
    store: lectio::store::Store,
    version: lectio::store::Version,
    text: Vec<u8>,
    object: std::path::PathBuf,
    record: std::path::PathBuf,
    record_bytes: Vec<u8>,
    reference: std::path::PathBuf,
    ref_bytes: Vec<u8>,
}

fn read_fixture() -> &'static std::sync::Mutex<ReadFixture> {
    use std::sync::{Mutex, OnceLock};
    static F: OnceLock<Mutex<ReadFixture>> = OnceLock::new();
    F.get_or_init(|| {
        use lectio::store::{AddRequest, EditionKind, MetaChanges, Store};
        let dir = std::env::temp_dir().join(format!("lectio-fuzz-read-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (store, _) = Store::init(&dir).expect("init fixture store");
        let text = b"A short text to damage.\n".to_vec();
        let req = AddRequest {
            work: "w".into(),
            edition: "a".into(),
            meta: MetaChanges {
                lang: Some("en".into()),
                kind: Some(EditionKind::Original),
                ..Default::default()
            },
            time: Some(0),
            author: Some(String::new()),
            ..Default::default()
        };
        let version = store.add(&text[..], &req).expect("add").version;
        let fan = |kind: &str, id: &lectio::store::ObjectId| {
            let (d, f) = id.fanout();
            dir.join(kind).join(d).join(f)
        };
        let object = fan("objects", &version.record.content);
        let record = fan("records", &version.id);
        let reference = dir.join("refs/w/a");
        Mutex::new(ReadFixture {
            record_bytes: std::fs::read(&record).unwrap(),
            ref_bytes: std::fs::read(&reference).unwrap(),
            store,
            version,
            text,
            object,
            record,
            reference,
        })
    })
}

fn replace_file(path: &std::path::Path, bytes: &[u8]) {
    let _ = std::fs::remove_file(path);
    std::fs::write(path, bytes).expect("write fixture file");
}

/// Reading damaged store files: the bytes replace, in turn, a text object, its version record
/// and the edition's ref. A read either returns exactly what was stored (only when the bytes
/// are the original ones) or fails as corrupt/damaged; never other bytes, never a panic; and
/// `verify` reports an error exactly when the file differs from the original.
pub fn object_read(data: &[u8]) {
    use lectio::store::StoreError;
    let guard = read_fixture().lock().unwrap_or_else(|e| e.into_inner());
    let f = &*guard;
    let damaged =
        |e: &StoreError| matches!(e, StoreError::Corrupt { .. } | StoreError::Damaged { .. });
    // The text object.
    replace_file(&f.object, data);
    match f.store.read_content(&f.version) {
        Ok(bytes) => {
            assert_eq!(bytes, f.text);
            assert_eq!(data, &f.text[..], "damaged text read as sound");
        }
        Err(e) => assert!(damaged(&e), "unexpected error kind: {e}"),
    }
    let report = f.store.verify().expect("verify runs");
    assert_eq!(
        report.has_errors(),
        data != &f.text[..],
        "{:?}",
        report.problems
    );
    replace_file(&f.object, &f.text);
    // The version record.
    replace_file(&f.record, data);
    match f.store.head("w", "a") {
        Ok(Some(v)) => {
            assert_eq!(v, f.version);
            assert_eq!(data, &f.record_bytes[..], "damaged record read as sound");
        }
        Ok(None) => panic!("edition vanished"),
        Err(e) => assert!(damaged(&e), "unexpected error kind: {e}"),
    }
    let report = f.store.verify().expect("verify runs");
    assert_eq!(report.has_errors(), data != &f.record_bytes[..]);
    replace_file(&f.record, &f.record_bytes);
    // The ref: only the exact record id and a newline is accepted. Any other valid id names a
    // record that does not exist.
    replace_file(&f.reference, data);
    match f.store.head("w", "a") {
        Ok(Some(v)) => {
            assert_eq!(v, f.version);
            assert_eq!(data, &f.ref_bytes[..], "damaged ref read as sound");
        }
        Ok(None) => panic!("edition vanished"),
        Err(e) => assert!(damaged(&e), "unexpected error kind: {e}"),
    }
    replace_file(&f.reference, &f.ref_bytes);
    assert!(!f.store.verify().expect("verify runs").has_errors());
}

/// Work and edition names: whatever `invalid_reason` accepts is one plain, portable path
/// component; `collides` is symmetric, never true of a name and itself, and true of names that
/// differ only by ASCII case.
pub fn name_validate(data: &[u8]) {
    use lectio::store::name::{MAX_NAME_LEN, collides, invalid_reason};
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = s.split_once('\0').unwrap_or((s, ""));
    for name in [a, b] {
        if invalid_reason(name).is_none() {
            assert!(!name.is_empty() && name.len() <= MAX_NAME_LEN, "{name:?}");
            assert!(
                name.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-')),
                "{name:?}"
            );
            assert!(name.as_bytes()[0].is_ascii_alphanumeric(), "{name:?}");
            assert!(!name.contains("..") && !name.ends_with('.'), "{name:?}");
            assert!(!name.to_ascii_lowercase().ends_with(".lock"), "{name:?}");
            let stem = name.split('.').next().unwrap().to_ascii_lowercase();
            assert!(
                !matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
                    && !((stem.starts_with("com") || stem.starts_with("lpt"))
                        && stem.len() == 4
                        && stem.as_bytes()[3].is_ascii_digit()
                        && stem.as_bytes()[3] != b'0'),
                "{name:?}"
            );
            let comps: Vec<_> = std::path::Path::new(name).components().collect();
            assert_eq!(
                comps,
                [std::path::Component::Normal(name.as_ref())],
                "{name:?} is not one path component"
            );
        }
    }
    assert_eq!(collides(a, b), collides(b, a), "{a:?} {b:?}");
    assert!(!collides(a, a));
    if a != b && a.eq_ignore_ascii_case(b) {
        assert!(collides(a, b), "{a:?} {b:?}");
    }
}
