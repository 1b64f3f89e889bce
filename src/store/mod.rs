//! The edition store: works → editions → versions, in a folder of plain files.
//!
//! ```text
//! <store>/FORMAT                      "lectio-store 1\n", checked on every open
//! <store>/lock                        writers hold an exclusive lock on it (std File::lock);
//!                                     holds "pid N" while held, empty at rest; never deleted
//! <store>/objects/<2hex>/<62hex>      a version's text, byte for byte; name = blake3(bytes)
//! <store>/records/<2hex>/<62hex>      version records (canonical text, see [`record`]);
//!                                     name = blake3(record bytes)
//! <store>/refs/<work>/<edition>       "<64 hex of the edition's latest record>\n"
//! <store>/tmp/                        in-flight temp files
//! ```
//! `README.md` and `.gitattributes` may sit beside them (the shipped `editions/` has both).
//!
//! **Writes** (see [`Store::add`]): the text is streamed once into a temp file in `tmp/` while it
//! is hashed, checked as UTF-8 and its words counted; the temp file is fsynced and renamed into
//! `objects/` without clobbering (an existing object is re-hashed, and replaced only if
//! corrupt), then the folder is fsynced. The record follows the same recipe into `records/`.
//! Then, under the store-wide writer lock, the ref is compared with the head the record was
//! built on (compare-and-swap), written to a temp file, fsynced and renamed over the old ref:
//! that rename is the single commit point. Objects and records need no lock: they are
//! content-addressed and written once.
//!
//! **Reads** take no lock. Every object and record read is re-hashed and compared with its name
//! and recorded size; a mismatch is [`StoreError::Corrupt`] (exit 3) naming the object and its
//! file, never wrong text. Symlinks inside the store are refused, never followed.
//!
//! ```
//! use lectio::store::{AddRequest, EditionKind, MetaChanges, Store};
//!
//! let dir = tempfile::tempdir()?;
//! let (store, created) = Store::init(&dir.path().join("editions"))?;
//! assert!(created);
//! let req = AddRequest {
//!     work: "letter".into(),
//!     edition: "en".into(),
//!     meta: MetaChanges {
//!         lang: Some("en".into()),
//!         kind: Some(EditionKind::Transcription),
//!         ..Default::default()
//!     },
//!     message: "first transcription".into(),
//!     ..Default::default()
//! };
//! let added = store.add("History has again arrived.\n".as_bytes(), &req)?;
//! assert_eq!(added.version.reference(), "letter/en@1");
//! let v = store.resolve("letter/en@1")?;
//! assert_eq!(store.read_content(&v)?, b"History has again arrived.\n");
//! let listing = store.list()?; // every edition with its latest version and metadata
//! assert_eq!(listing[0].head.record.words, 4);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Test hooks**: `LECTIO_FAILPOINT` and `LECTIO_TEST_NO_FSYNC`, see [`hooks`].
//! **Determinism**: a record's time is [`AddRequest::time`] when given, else the clock; its author
//! is [`AddRequest::author`] (else empty). The library reads no environment variable: the CLI
//! passes `SOURCE_DATE_EPOCH` or `LECTIO_TIME`, and `LECTIO_AUTHOR`.

mod add;
mod fsutil;
pub mod gc;
pub mod hooks;
pub mod id;
mod lock;
mod meta;
pub mod name;
mod objects;
mod open;
pub mod record;
mod refs;
mod resolve;
pub mod scan;
pub mod source;
mod verify;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::exit::{Classify, Kind};

pub use add::{AddOutcome, AddRequest};
pub use fsutil::{lexical, relative_path, relative_to_store_parent};
pub use gc::{GcAction, GcItem, GcKind, GcOptions, GcReport};
pub use id::ObjectId;
pub use meta::MetaChanges;
pub use record::{EditionKind, EditionMeta, VersionRecord};
pub use refs::EditionSummary;
pub use source::{Witness, check_stdin_once, is_pipe, load_witness, load_work, read_limited};
pub use verify::{Problem, Severity, VerifyReport};

/// Contents of the `FORMAT` file.
pub const FORMAT: &str = "lectio-store 1\n";

/// Default size cap for one version (256 MiB).
pub const DEFAULT_MAX_SIZE: u64 = 256 * 1024 * 1024;

/// Parse `123`, `64KiB`, `256MiB`, `1GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB` as powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("'{s}' is not a size (e.g. 256MiB)"))?;
    let mult: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("'{s}': unknown size unit (use KiB, MiB or GiB)")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("'{s}' is too large"))
}

/// Default time a writer waits for the store lock.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// An error from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Input that is not text.
    #[error(transparent)]
    Input(#[from] crate::text::InputError),
    /// An input file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A usage problem: a bad reference, missing metadata, an unknown edition.
    #[error("{0}")]
    Usage(String),
    /// An invalid work or edition name.
    #[error("invalid {what} name '{name}': {reason}")]
    InvalidName {
        /// `work` or `edition`.
        what: &'static str,
        /// The name, escaped for display.
        name: String,
        /// Why it was refused.
        reason: String,
    },
    /// No store at the path.
    #[error(
        "no edition store at {path}\nhint: create one with `lectio init` (or pass --store DIR)"
    )]
    NoStore {
        /// The folder.
        path: PathBuf,
    },
    /// `init` on a folder that holds something else.
    #[error("{path} is not empty and is not an edition store; refusing to turn it into one")]
    NotAStore {
        /// The folder.
        path: PathBuf,
    },
    /// A reference matched no version.
    #[error("{0}")]
    NotFound(String),
    /// An argument that is neither an existing file nor a reference into the store.
    #[error(
        "{spec}: {}, and not an edition reference (WORK/EDITION[@N])",
        if *directory { "a directory, not a file" } else { "no such file" }
    )]
    NoSuchInput {
        /// The argument as given, escaped for display.
        spec: String,
        /// Whether it names a directory.
        directory: bool,
    },
    /// A hash prefix matched more than one version.
    #[error("ambiguous reference '{spec}': matches {}", candidates.join(", "))]
    Ambiguous {
        /// The reference.
        spec: String,
        /// The versions it matches (`WORK/EDITION@N hash`).
        candidates: Vec<String>,
    },
    /// A damaged, truncated or missing object or record.
    #[error("object {id} is corrupt: {reason} (file {})\nhint: run `lectio verify`; restore the file from a backup or re-add its source", path.display())]
    Corrupt {
        /// The object's id (its expected hash).
        id: String,
        /// The file that holds (or should hold) it.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A damaged store file other than an object (FORMAT, a ref, a symlink).
    #[error("store file {} is damaged: {reason}", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The writer lock was not obtained in time.
    #[error("store is locked by another process{} (waited {:.1} s)\nhint: wait for it to finish, or raise --lock-timeout", holder.as_ref().map(|h| format!(" ({h})")).unwrap_or_default(), waited.as_secs_f64())]
    Busy {
        /// What the lock file says about its holder (`pid N`).
        holder: Option<String>,
        /// How long we waited.
        waited: Duration,
    },
    /// The ref moved although we held the lock (someone bypassed it).
    #[error(
        "edition {edition} changed concurrently (expected {expected}, found {found}); nothing was overwritten; re-run"
    )]
    Concurrent {
        /// `WORK/EDITION`.
        edition: String,
        /// The head the new version was built on.
        expected: String,
        /// The head found.
        found: String,
    },
    /// A working file changed between being checked and being recorded (`check --record`):
    /// nothing is recorded for it, so a version is never stored unchecked.
    #[error("{path} changed while it was being checked; it was not recorded (check it again)")]
    ChangedSinceChecked {
        /// The working file, as shown in the report.
        path: String,
    },
    /// A text published by this add was removed by a concurrent `gc --prune` before its record
    /// was written, and could not be published again: nothing was added.
    #[error(
        "the text {id} was pruned by a concurrent `lectio gc` before its version was recorded; nothing was added; re-run"
    )]
    Pruned {
        /// The text's id.
        id: String,
    },
    /// Input larger than the size cap.
    #[error("{origin} is larger than the limit of {limit} bytes{}\nhint: raise the limit with --max-size", size.map(|s| format!(" ({s} bytes)")).unwrap_or_default())]
    TooLarge {
        /// The input.
        origin: String,
        /// Its size, when known before reading.
        size: Option<u64>,
        /// The limit.
        limit: u64,
    },
    /// Anything else (kept for callers written against the placeholder API): exit 2.
    #[error("{0}")]
    Other(String),
    /// An I/O failure while using the store.
    #[error("{op} {}: {source}", path.display())]
    Io {
        /// What was being done.
        op: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

impl Classify for StoreError {
    fn kind(&self) -> Kind {
        match self {
            StoreError::Input(e) => e.kind(),
            StoreError::Read { .. } => Kind::Input,
            StoreError::Usage(_)
            | StoreError::InvalidName { .. }
            | StoreError::NoStore { .. }
            | StoreError::NotAStore { .. }
            | StoreError::NotFound(_)
            | StoreError::NoSuchInput { .. }
            | StoreError::Ambiguous { .. }
            | StoreError::Other(_) => Kind::Usage,
            StoreError::Corrupt { .. } | StoreError::Damaged { .. } => Kind::Corrupt,
            StoreError::Busy { .. }
            | StoreError::Concurrent { .. }
            | StoreError::ChangedSinceChecked { .. }
            | StoreError::Pruned { .. } => Kind::Busy,
            StoreError::TooLarge { .. } => Kind::Limit,
            StoreError::Io { .. } => Kind::Io,
        }
    }
}

impl StoreError {
    pub(crate) fn io<'a>(
        op: &'static str,
        path: &'a Path,
    ) -> impl FnOnce(std::io::Error) -> Self + 'a {
        move |source| StoreError::Io {
            op,
            path: path.to_path_buf(),
            source: without_path(source, path),
        }
    }
}

/// `tempfile` wraps an I/O error on its file with the path (`… at path "…"`), which the
/// store's message names already: keep the error, drop the second copy of the path.
fn without_path(e: std::io::Error, path: &Path) -> std::io::Error {
    let suffix = format!(" at path {path:?}");
    match e.get_ref().map(ToString::to_string) {
        Some(m) if m.ends_with(&suffix) => {
            std::io::Error::new(e.kind(), m[..m.len() - suffix.len()].to_string())
        }
        _ => e,
    }
}

/// Check a work or edition name ([`name::invalid_reason`]).
pub fn check_name(what: &'static str, name: &str) -> Result<(), StoreError> {
    match name::invalid_reason(name) {
        None => Ok(()),
        Some(reason) => Err(StoreError::InvalidName {
            what,
            name: name.escape_debug().to_string(),
            reason: reason.to_string(),
        }),
    }
}

/// One stored version: its record and the record's id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The record's id.
    pub id: ObjectId,
    /// The record.
    pub record: VersionRecord,
}

impl Version {
    /// `WORK/EDITION@N`.
    pub fn reference(&self) -> String {
        format!(
            "{}/{}@{}",
            self.record.work, self.record.edition, self.record.number
        )
    }

    /// The siglum: the edition's, else its name.
    pub fn siglum(&self) -> &str {
        if self.record.meta.siglum.is_empty() {
            &self.record.edition
        } else {
            &self.record.meta.siglum
        }
    }
}

/// An open edition store.
#[derive(Clone, Debug)]
pub struct Store {
    root: PathBuf,
    /// Largest version accepted by [`Store::add`], in bytes.
    pub max_size: u64,
    /// How long a writer waits for the lock.
    pub lock_timeout: Duration,
}

impl Store {
    /// Create a store at `root` (idempotent: an existing store is opened). A folder that exists
    /// and holds anything else is refused. Returns the store and whether it was created.
    pub fn init(root: &Path) -> Result<(Store, bool), StoreError> {
        open::init(root)
    }

    /// Open the store at `root`, checking its `FORMAT`.
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        open::open(root)
    }

    /// The store's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Store the text read from `input` as the next version of `req.work/req.edition`.
    /// See the module docs for the write protocol.
    pub fn add(&self, input: impl Read, req: &AddRequest) -> Result<AddOutcome, StoreError> {
        add::add(self, input, req)
    }

    /// Store the file at `path` (`-` is standard input) as the next version; the record keeps
    /// the path relative to the store's parent folder.
    pub fn add_file(&self, path: &Path, req: &AddRequest) -> Result<AddOutcome, StoreError> {
        add::add_file(self, path, req)
    }

    /// Every edition with its latest version, by work then edition name.
    pub fn list(&self) -> Result<Vec<EditionSummary>, StoreError> {
        refs::list(self)
    }

    /// The latest version of `work/edition`, if the edition exists.
    pub fn head(&self, work: &str, edition: &str) -> Result<Option<Version>, StoreError> {
        refs::head(self, work, edition)
    }

    /// Every version of `work/edition`, newest first.
    pub fn history(&self, work: &str, edition: &str) -> Result<Vec<Version>, StoreError> {
        refs::history(self, work, edition)
    }

    /// Whether the store has a work named `work`.
    pub fn has_work(&self, work: &str) -> bool {
        name::invalid_reason(work).is_none() && self.root.join("refs").join(work).is_dir()
    }

    /// Resolve a reference: `WORK/EDITION`, `WORK/EDITION@N`, `WORK/EDITION@HASHPREFIX`
    /// (≥ 6 hex digits of the text's or the record's hash) or `EDITION` (any of these forms)
    /// when only one work has an edition of that name.
    pub fn resolve(&self, spec: &str) -> Result<Version, StoreError> {
        resolve::resolve(self, spec)
    }

    /// A version's text bytes, verified against their hash and recorded size.
    pub fn read_content(&self, version: &Version) -> Result<Vec<u8>, StoreError> {
        objects::read_object(
            self,
            objects::Kind::Object,
            &version.record.content,
            Some(version.record.size),
        )
    }

    /// Remove old temp files, report (and with [`GcOptions::prune`] remove) records and texts
    /// that no ref reaches, under the writer lock (see [`gc`]).
    pub fn gc(&self, opts: &GcOptions) -> Result<GcReport, StoreError> {
        gc::gc(self, opts)
    }

    /// Re-hash every object and check every record and ref.
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        verify::verify(self)
    }
}
