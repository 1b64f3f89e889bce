//! `lectio._lectio`: the native half of the Python package. It turns Python arguments into the
//! library's option types (as `src/cli/options.rs` does for the command line), runs the
//! library with the GIL released, and renders results with the library's own renderers: no
//! result is computed or formatted here. The typed Python API is in `pysrc/lectio`.

use std::error::Error;
use std::time::Duration;

use lectio::collate::{CollateOptions, Collation, WitnessInput};
use lectio::diff::ignore::IgnoreName;
use lectio::diff::{Algorithm, Diff, DiffOptions, Filter, VariantClass};
use lectio::exit::Kind;
use lectio::text::{NormalizeOptions, Normalizer, Regularization};
use lectio::witness::Witness;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

mod align;
mod store;

create_exception!(_lectio, LectioError, PyException, "Any error of lectio.");
create_exception!(
    _lectio,
    UsageError,
    LectioError,
    "A bad option, name or reference."
);
create_exception!(
    _lectio,
    InputError,
    LectioError,
    "An input that cannot be used."
);
create_exception!(
    _lectio,
    StoreCorruption,
    LectioError,
    "The store is damaged."
);
create_exception!(
    _lectio,
    StoreBusy,
    LectioError,
    "The store is locked by another writer."
);
create_exception!(
    _lectio,
    LimitExceeded,
    LectioError,
    "A resource limit was hit."
);
create_exception!(
    _lectio,
    LectioIOError,
    LectioError,
    "An I/O or environment failure."
);

/// The Python exception for a library error: the class follows its kind (as the CLI's exit
/// code does), the message is the CLI's (the error and its causes, `: `-joined).
pub(crate) fn to_py(err: &(dyn Error + 'static)) -> PyErr {
    let mut message = err.to_string();
    let mut kind = lectio::error_kind(err);
    let mut source = err.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        kind = kind.or_else(|| lectio::error_kind(e));
        source = e.source();
    }
    match kind {
        Some(Kind::Usage) => UsageError::new_err(message),
        Some(Kind::Input) => InputError::new_err(message),
        Some(Kind::Corrupt) => StoreCorruption::new_err(message),
        Some(Kind::Busy) => StoreBusy::new_err(message),
        Some(Kind::Limit) => LimitExceeded::new_err(message),
        Some(Kind::Io) | None => LectioIOError::new_err(message),
    }
}

pub(crate) fn usage(message: String) -> PyErr {
    UsageError::new_err(message)
}

/// `ignore` names: the normalizations they switch on, their names in order, and the variant
/// classes they drop — the library's one table (`lectio::diff::ignore`), as the CLI's
/// `--ignore`.
pub(crate) fn split_ignore(
    names: &[String],
) -> PyResult<(NormalizeOptions, Vec<&'static str>, Vec<VariantClass>)> {
    Ok(lectio::diff::ignore::split_ignore(&ignore_names(
        names, false,
    )?))
}

/// Parse `ignore` names; `normalizations_only` for `collate`, which drops no class.
fn ignore_names(names: &[String], normalizations_only: bool) -> PyResult<Vec<IgnoreName>> {
    names
        .iter()
        .map(|name| {
            IgnoreName::parse(name)
                .filter(|n| !normalizations_only || n.is_normalization())
                .ok_or_else(|| {
                    let known: Vec<&str> = IgnoreName::ALL
                        .iter()
                        .filter(|n| !normalizations_only || n.is_normalization())
                        .map(|n| n.as_str())
                        .collect();
                    usage(format!(
                        "ignore: unknown name {name:?} (expected one of {})",
                        known.join(", ")
                    ))
                })
        })
        .collect()
}

pub(crate) fn class(name: &str, option: &str) -> PyResult<VariantClass> {
    VariantClass::ALL
        .into_iter()
        .find(|c| c.as_str() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = VariantClass::ALL.iter().map(|c| c.as_str()).collect();
            usage(format!(
                "{option}: unknown name {name:?} (expected one of {}{})",
                if option == "ignore" { "nfkc, " } else { "" },
                names.join(", ")
            ))
        })
}

/// A regularization table from a file or from rules given as text.
pub(crate) fn regularization(
    path: Option<String>,
    rules: Option<String>,
) -> PyResult<Regularization> {
    match (path, rules) {
        (Some(p), _) => Regularization::from_path(p.as_ref()).map_err(|e| to_py(&e)),
        (None, Some(text)) => Regularization::parse(&text, "regularize").map_err(|e| to_py(&e)),
        (None, None) => Ok(Regularization::default()),
    }
}

/// A diff algorithm by name, as `--algorithm`.
pub(crate) fn algorithm(name: &str) -> PyResult<Algorithm> {
    match name {
        "myers" => Ok(Algorithm::Myers),
        "patience" => Ok(Algorithm::Patience),
        "histogram" => Ok(Algorithm::Histogram),
        other => Err(usage(format!(
            "unknown algorithm {other:?} (expected myers, patience or histogram)"
        ))),
    }
}

/// A granularity by name, as `--granularity` (`block`, the CLI's default, or `word`).
pub(crate) fn granularity(name: &str) -> PyResult<lectio::diff::Granularity> {
    match name {
        "block" => Ok(lectio::diff::Granularity::Block),
        "word" => Ok(lectio::diff::Granularity::Word),
        other => Err(usage(format!(
            "granularity: unknown value {other:?} (expected block or word)"
        ))),
    }
}

pub(crate) fn deadline(seconds: Option<f64>) -> PyResult<Option<Duration>> {
    match seconds {
        None => Ok(None),
        Some(s) if s.is_finite() && s > 0.0 && s <= 1e9 => Ok(Some(Duration::from_secs_f64(s))),
        Some(s) => Err(usage(format!(
            "deadline must be a positive number of seconds, not {s}"
        ))),
    }
}

/// How texts are read, from the CLI's option names (`--input-format`, `--layer`, `--choose`,
/// `--keep`, `--unclear`): the library's [`lectio::tei::ReadAs`].
pub(crate) fn read_as(
    input_format: &str,
    layer: &str,
    choose: &str,
    keep: &[String],
    unclear: &str,
) -> PyResult<lectio::tei::ReadAs> {
    use lectio::tei::{Choose, InputFormat, Layer, Options, ReadAs};
    let one_of = |option: &str, value: &str, names: &str| {
        usage(format!(
            "{option}: unknown value {value:?} (expected {names})"
        ))
    };
    let format = match input_format {
        "auto" => InputFormat::Auto,
        "text" => InputFormat::Text,
        "tei" => InputFormat::Tei,
        other => return Err(one_of("input_format", other, "auto, text or tei")),
    };
    let layer = match layer {
        "pc" => Layer::Pc,
        "ac" => Layer::Ac,
        other => return Err(one_of("layer", other, "pc or ac")),
    };
    let choose = match choose {
        "editorial" => Choose::Editorial,
        "diplomatic" => Choose::Diplomatic,
        other => return Err(one_of("choose", other, "editorial or diplomatic")),
    };
    let unclear_gap = match unclear {
        "text" => false,
        "gap" => true,
        other => return Err(one_of("unclear", other, "text or gap")),
    };
    let mut options = Options {
        layer,
        choose,
        unclear_gap,
        ..Options::default()
    };
    for k in keep {
        match k.as_str() {
            "note" => options.keep_note = true,
            "fw" => options.keep_fw = true,
            other => return Err(one_of("keep", other, "note, fw")),
        }
    }
    Ok(ReadAs { format, options })
}

/// The reading options as Python passes them: `(input_format, layer, choose, keep, unclear)`.
pub(crate) type ReadArgs = (String, String, String, Vec<String>, String);

/// [`read_as`] of [`ReadArgs`]; the CLI's defaults when none are given.
pub(crate) fn read_args(args: Option<ReadArgs>) -> PyResult<lectio::tei::ReadAs> {
    match args {
        None => Ok(lectio::tei::ReadAs::default()),
        Some((format, layer, choose, keep, unclear)) => {
            read_as(&format, &layer, &choose, &keep, &unclear)
        }
    }
}

/// A witness from a file (as the CLI reads one) or from text with a label, read as `read`
/// says (TEI recognised by default, as the CLI does).
pub(crate) fn witness(
    text: Option<String>,
    path: Option<String>,
    label: &str,
    read: &lectio::tei::ReadAs,
) -> Result<Witness, PyErr> {
    witness_in(None, text, path, label, read)
}

/// [`witness`], with `path` an edition reference or a file when a store root is given (as the
/// CLI reads `REF|FILE` arguments with `--store`).
pub(crate) fn witness_in(
    store: Option<&str>,
    text: Option<String>,
    path: Option<String>,
    label: &str,
    read: &lectio::tei::ReadAs,
) -> Result<Witness, PyErr> {
    let w = match (path, text) {
        (Some(p), _) => match store {
            Some(root) => lectio::store::load_witness(root.as_ref(), &p, u64::MAX),
            None => lectio::store::source::load_file(&p, u64::MAX),
        }
        .map_err(|e| to_py(&e))?,
        (None, Some(text)) => Witness {
            label: label.to_string(),
            // As the CLI names a file's witness: its stem.
            siglum: std::path::Path::new(label)
                .file_stem()
                .map_or_else(|| label.to_string(), |s| s.to_string_lossy().into_owned()),
            hash: blake3::hash(text.as_bytes()).to_hex().to_string(),
            text,
            ..Default::default()
        },
        (None, None) => return Err(usage(format!("{label}: neither text nor path"))),
    };
    lectio::tei::read_witness(w, read.format, &read.options).map_err(|e| to_py(&e))
}

/// The result of `diff`, kept whole so that each format is rendered from it.
#[pyclass(frozen, module = "lectio._lectio")]
struct NativeDiff {
    diff: Diff,
    old: Witness,
    new: Witness,
    filter: Filter,
    normalized: Vec<&'static str>,
}

#[pymethods]
impl NativeDiff {
    /// Render in one of `lectio diff --format`'s formats (`json`, `text`, `html`, …), or `stat`.
    #[pyo3(signature = (format, context = 3))]
    fn render(&self, py: Python<'_>, format: &str, context: usize) -> PyResult<String> {
        use lectio::render::diff::{Format, Input, render, render_stat};
        let format = match format {
            "text" => Some(Format::Text),
            "word-diff" => Some(Format::WordDiff),
            "json" => Some(Format::Json),
            "html" => Some(Format::Html),
            "apparatus" => Some(Format::Apparatus),
            "csv" => Some(Format::Csv),
            "tsv" => Some(Format::Tsv),
            "github" => Some(Format::Github),
            "stat" => None,
            other => return Err(usage(format!("unknown diff format {other:?}"))),
        };
        let input = Input {
            diff: &self.diff,
            old: &self.old,
            new: &self.new,
            filter: &self.filter,
            normalized: &self.normalized,
            color: false,
            context,
        };
        let mut out = Vec::new();
        py.detach(|| match format {
            Some(f) => render(f, &input, &mut out),
            None => render_stat(&input, &mut out),
        })
        .map_err(|e| to_py(&e))?;
        String::from_utf8(out).map_err(|e| to_py(&e))
    }

    /// True when no variant is left after the filters.
    fn is_empty(&self) -> bool {
        self.diff.is_empty()
    }

    /// True when the deadline was reached (the script is correct but may not be minimal).
    #[getter]
    fn approximate(&self) -> bool {
        self.diff.approximate
    }
}

/// Compare two texts word by word (`lectio diff`).
#[pyfunction]
#[pyo3(signature = (a_text, a_path, a_label, b_text, b_path, b_label, ignore, only,
    regularize_path, regularize_rules, algorithm, whitespace, exact, deadline_seconds,
    read = None, granularity = "block"))]
#[allow(clippy::too_many_arguments)]
fn diff(
    py: Python<'_>,
    a_text: Option<String>,
    a_path: Option<String>,
    a_label: &str,
    b_text: Option<String>,
    b_path: Option<String>,
    b_label: &str,
    ignore: Vec<String>,
    only: Vec<String>,
    regularize_path: Option<String>,
    regularize_rules: Option<String>,
    algorithm: &str,
    whitespace: bool,
    exact: bool,
    deadline_seconds: Option<f64>,
    read: Option<ReadArgs>,
    granularity: &str,
) -> PyResult<NativeDiff> {
    let read = read_args(read)?;
    let granularity = self::granularity(granularity)?;
    let (normalize, normalized, dropped) = split_ignore(&ignore)?;
    let only = only
        .iter()
        .map(|n| class(n, "only"))
        .collect::<PyResult<Vec<_>>>()?;
    let filter = Filter {
        only,
        ignore: dropped,
    };
    let algorithm = self::algorithm(algorithm)?;
    let opts = DiffOptions {
        normalize,
        regularization: regularization(regularize_path, regularize_rules)?,
        algorithm,
        deadline: deadline(deadline_seconds)?,
        whitespace: whitespace || filter.wants_whitespace(),
        anchoring: !exact,
        granularity,
        ..DiffOptions::default()
    };
    let (old, new) = py.detach(|| {
        let (a, b) = (
            witness(a_text, a_path, a_label, &read),
            witness(b_text, b_path, b_label, &read),
        );
        (a, b)
    });
    let (old, new) = (old?, new?);
    let d = py.detach(|| lectio::diff::diff_filtered(&old.text, &new.text, &opts, &filter));
    Ok(NativeDiff {
        diff: d,
        old,
        new,
        filter,
        normalized,
    })
}

/// The result of `collate`, kept whole so that each format is rendered from it.
#[pyclass(frozen, module = "lectio._lectio")]
struct NativeCollation {
    collation: Collation,
}

#[pymethods]
impl NativeCollation {
    /// Render in one of `lectio collate --format`'s formats.
    #[pyo3(signature = (format, vertical = false))]
    fn render(&self, py: Python<'_>, format: &str, vertical: bool) -> PyResult<String> {
        use lectio::render::collate::{Format, RenderOptions, render};
        let format = match format {
            "table" => Format::Table,
            "collatex" => Format::Collatex,
            "json" => Format::Json,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "tei" => Format::Tei,
            "html" => Format::Html,
            "dot" => Format::Dot,
            "apparatus" => Format::Apparatus,
            "graphml" => Format::Graphml,
            "collatex-java" => Format::CollatexJava,
            other => return Err(usage(format!("unknown collation format {other:?}"))),
        };
        let opts = RenderOptions {
            vertical,
            color: false,
            ..Default::default()
        };
        let mut out = Vec::new();
        py.detach(|| render(&self.collation, format, &opts, &mut out))
            .map_err(|e| to_py(&e))?;
        String::from_utf8(out).map_err(|e| to_py(&e))
    }

    /// The variation places (`lectio variants`' `places`: readings lemma first, sigla,
    /// class, kind, line), as JSON.
    fn places_json(&self, py: Python<'_>) -> PyResult<String> {
        let places = py
            .detach(|| lectio::variants::places(&self.collation, &lectio::diff::Filter::default()));
        serde_json::to_string(&places).map_err(|e| to_py(&e))
    }

    /// True when the witnesses do not agree fully.
    fn has_variants(&self) -> bool {
        self.collation.has_variants()
    }

    /// True when the deadline was reached (no token lost, but some gaps left unaligned).
    #[getter]
    fn approximate(&self) -> bool {
        self.collation.approximate
    }

    /// The sigla, in the order given.
    #[getter]
    fn sigla(&self) -> Vec<String> {
        self.collation
            .witnesses
            .iter()
            .map(|w| w.siglum.clone())
            .collect()
    }
}

/// A witness to collate as Python passes it: `(text, path, label, siglum)`.
type CollateWitness = (Option<String>, Option<String>, String, Option<String>);

/// Collate witnesses (`lectio collate`): `(text, path, label, siglum)` for each (a path is
/// read as the CLI reads a file; TEI as `read` says), or CollateX JSON input as text (`origin`
/// names it in errors). `layers` splits each TEI witness with revisions into its two layers
/// (`--layers`).
#[pyfunction]
#[pyo3(signature = (witnesses, collatex_json, origin, ignore, regularize_path,
    regularize_rules, base, near_match, segmentation, deadline_seconds, read = None,
    layers = false, granularity = "block"))]
#[allow(clippy::too_many_arguments)]
fn collate(
    py: Python<'_>,
    witnesses: Vec<CollateWitness>,
    collatex_json: Option<String>,
    origin: &str,
    ignore: Vec<String>,
    regularize_path: Option<String>,
    regularize_rules: Option<String>,
    base: Option<String>,
    near_match: bool,
    segmentation: bool,
    deadline_seconds: Option<f64>,
    read: Option<ReadArgs>,
    layers: bool,
    granularity: &str,
) -> PyResult<NativeCollation> {
    let (normalize, _, _) = lectio::diff::ignore::split_ignore(&ignore_names(&ignore, true)?);
    let read = read_args(read)?;
    let opts = CollateOptions {
        normalizer: Normalizer::new(
            normalize,
            regularization(regularize_path, regularize_rules)?,
        ),
        near_match,
        no_segmentation: !segmentation,
        granularity: self::granularity(granularity)?,
        base,
        deadline: deadline(deadline_seconds)?,
        ..Default::default()
    };
    let collation = py.detach(|| -> PyResult<Collation> {
        let inputs = match collatex_json {
            Some(text) => lectio::formats::collatex::parse(&text, origin).map_err(|e| to_py(&e))?,
            None => {
                let mut inputs = Vec::with_capacity(witnesses.len());
                for (text, path, label, siglum) in witnesses {
                    let mut w = witness(text, path, &label, &read)?;
                    if let Some(s) = siglum {
                        w.siglum = s;
                    }
                    let ws = if layers {
                        lectio::tei::split_layers(w, &read.options).map_err(|e| to_py(&e))?
                    } else {
                        vec![w]
                    };
                    inputs.extend(ws.into_iter().map(WitnessInput::from));
                }
                inputs
            }
        };
        lectio::collate::collate(inputs, &opts).map_err(|e| to_py(&e))
    })?;
    Ok(NativeCollation { collation })
}

/// The reading text of a text or a file (`lectio extract`), as `text` or `json`; `store` makes
/// `path` an edition reference or a file, as with `--store`.
#[pyfunction]
#[pyo3(signature = (text, path, label, format, read = None, store = None))]
fn extract(
    py: Python<'_>,
    text: Option<String>,
    path: Option<String>,
    label: &str,
    format: &str,
    read: Option<ReadArgs>,
    store: Option<String>,
) -> PyResult<String> {
    let read = read_args(read)?;
    let json = match format {
        "text" => false,
        "json" => true,
        other => {
            return Err(usage(format!(
                "format: unknown value {other:?} (expected text or json)"
            )));
        }
    };
    let out = py.detach(|| -> PyResult<Vec<u8>> {
        let w = witness_in(store.as_deref(), text, path, label, &read)?;
        let mut out = Vec::new();
        if json {
            lectio::render::extract::json(&w, &mut out)
        } else {
            lectio::render::extract::text(&w, &mut out)
        }
        .map_err(|e| to_py(&e))?;
        Ok(out)
    })?;
    String::from_utf8(out).map_err(|e| to_py(&e))
}

/// The native module.
#[pymodule]
fn _lectio(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("LectioError", py.get_type::<LectioError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("StoreCorruption", py.get_type::<StoreCorruption>())?;
    m.add("StoreBusy", py.get_type::<StoreBusy>())?;
    m.add("LimitExceeded", py.get_type::<LimitExceeded>())?;
    m.add("LectioIOError", py.get_type::<LectioIOError>())?;
    m.add_class::<NativeDiff>()?;
    m.add_class::<NativeCollation>()?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    m.add_function(wrap_pyfunction!(collate, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_class::<align::NativeAlignment>()?;
    m.add_class::<align::NativeVariants>()?;
    m.add_function(wrap_pyfunction!(align::align, m)?)?;
    m.add_function(wrap_pyfunction!(align::variants, m)?)?;
    store::register(m)?;
    Ok(())
}
