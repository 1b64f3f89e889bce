//! `lectio.Store`: the edition store, through the library's `Store` and its JSON renderers
//! (the same documents as `lectio list|log|verify|add --format json`).

use std::path::PathBuf;

use lectio::store::record::EditionKind;
use lectio::store::{AddRequest, MetaChanges, Store};
use pyo3::prelude::*;

use crate::{to_py, usage};

fn json(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> PyResult<String> {
    let mut out = Vec::new();
    write(&mut out).map_err(|e| to_py(&e))?;
    String::from_utf8(out).map_err(|e| to_py(&e))
}

/// An edition store at a folder (the CLI's `--store`).
#[pyclass(frozen, module = "lectio._lectio")]
struct NativeStore {
    root: PathBuf,
}

impl NativeStore {
    fn open(&self) -> PyResult<Store> {
        Store::open(&self.root).map_err(|e| to_py(&e))
    }
}

#[pymethods]
impl NativeStore {
    #[new]
    fn new(root: PathBuf) -> Self {
        NativeStore { root }
    }

    /// Create the store (nothing to do when it exists); true when it was created.
    fn init(&self) -> PyResult<bool> {
        Store::init(&self.root)
            .map(|(_, created)| created)
            .map_err(|e| to_py(&e))
    }

    /// `lectio add --format json` (`input_format` as `--input-format`).
    #[pyo3(signature = (path, edition, lang=None, kind=None, title=None, source=None,
        siglum=None, message=None, expect_head=None, translation_of=None, partial=None,
        notes=None, input_format="auto"))]
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        py: Python<'_>,
        path: PathBuf,
        edition: &str,
        lang: Option<String>,
        kind: Option<&str>,
        title: Option<String>,
        source: Option<String>,
        siglum: Option<String>,
        message: Option<String>,
        expect_head: Option<String>,
        translation_of: Option<String>,
        partial: Option<bool>,
        notes: Option<String>,
        input_format: &str,
    ) -> PyResult<String> {
        let format = crate::read_as(input_format, "pc", "editorial", &[], "text")?.format;
        let kind = kind
            .map(|k| {
                EditionKind::parse(k).ok_or_else(|| {
                    usage(format!(
                        "kind: unknown {k:?} (original, transcription, emendation, translation)"
                    ))
                })
            })
            .transpose()?;
        let (work, ed) = edition
            .split_once('/')
            .ok_or_else(|| usage(format!("edition must be WORK/EDITION, not {edition:?}")))?;
        let req = AddRequest {
            work: work.to_string(),
            edition: ed.to_string(),
            meta: MetaChanges {
                lang,
                kind,
                title,
                source,
                siglum,
                translation_of,
                partial,
                notes,
                ..MetaChanges::default()
            },
            message: message.unwrap_or_default(),
            time: None,
            author: None,
            source_path: None,
            expect_head,
            words: None,
        };
        let outcome = py.detach(|| -> PyResult<_> {
            // As `lectio add`: TEI must be readable before the store is opened and anything
            // stored, and the record counts its reading text's words.
            let mut req = req;
            req.words =
                lectio::usecase::add::check_file(&path, format, lectio::store::DEFAULT_MAX_SIZE)
                    .map_err(|e| to_py(&e))?;
            let store = self.open()?;
            store.add_file(&path, &req).map_err(|e| to_py(&e))
        })?;
        json(|out| lectio::render::store::add::json(&outcome, out))
    }

    /// `lectio list --format json`.
    fn list(&self) -> PyResult<String> {
        let store = self.open()?;
        let editions = store.list().map_err(|e| to_py(&e))?;
        json(|out| lectio::render::store::list::json(store.root(), &editions, out))
    }

    /// `lectio log REF --format json`.
    fn log(&self, reference: &str) -> PyResult<String> {
        let store = self.open()?;
        let v = store.resolve(reference).map_err(|e| to_py(&e))?;
        let versions = store
            .history(&v.record.work, &v.record.edition)
            .map_err(|e| to_py(&e))?;
        json(|out| lectio::render::store::log::json(&versions, out))
    }

    /// `lectio cat REF`: the stored bytes.
    fn cat(&self, reference: &str) -> PyResult<Vec<u8>> {
        let store = self.open()?;
        let v = store.resolve(reference).map_err(|e| to_py(&e))?;
        store.read_content(&v).map_err(|e| to_py(&e))
    }

    /// `lectio verify --format json`, and whether the store is sound.
    fn verify(&self, py: Python<'_>) -> PyResult<(bool, String)> {
        let store = self.open()?;
        let report = py.detach(|| store.verify()).map_err(|e| to_py(&e))?;
        let text = json(|out| lectio::render::store::verify::json(store.root(), &report, out))?;
        Ok((!report.has_errors(), text))
    }
}

/// Add the store's class to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeStore>()
}
