//! `align` and `variants`: the library's sentence alignment (`lectio::align`) and all-pairs
//! comparison (`lectio::usecase::all_pairs`), rendered with the library's renderers.

use lectio::align::{AlignOptions, Bitext, Glossary, Side};
use lectio::usecase::all_pairs::{self, Outcome, Plan, Quiet};
use lectio::variants::{TreeMethod, Variants, VariantsOptions};
use pyo3::prelude::*;

use crate::{
    ReadArgs, class, deadline, read_args, regularization, split_ignore, to_py, usage, witness_in,
};

/// The result of `align`, kept whole so that each format is rendered from it.
#[pyclass(frozen, module = "lectio._lectio")]
pub(crate) struct NativeAlignment {
    bitext: Bitext,
}

#[pymethods]
impl NativeAlignment {
    /// Render in one of `lectio align --format`'s formats (`json`, `text`, `html`, `tsv`,
    /// `tmx`, `beads`); `tmx` and `beads` describe one pair: `pair` picks it.
    #[pyo3(signature = (format, pair = None))]
    fn render(&self, py: Python<'_>, format: &str, pair: Option<usize>) -> PyResult<String> {
        use lectio::render::align::{Format, render_all, render_pair};
        let format = match format {
            "text" => Format::Text,
            "json" => Format::Json,
            "tmx" => Format::Tmx,
            "html" => Format::Html,
            "beads" => Format::Beads,
            "tsv" => Format::Tsv,
            other => return Err(usage(format!("unknown align format {other:?}"))),
        };
        let pairs = self.bitext.pairs.len();
        let one = matches!(format, Format::Tmx | Format::Beads);
        let k = match (one, pair) {
            (_, Some(k)) if k >= pairs => {
                return Err(usage(format!(
                    "pair {k} out of range ({pairs} translations)"
                )));
            }
            (true, None) if pairs > 1 => {
                return Err(usage(format!(
                    "{} describes one language pair: give pair=K (0 to {})",
                    if format == Format::Tmx {
                        "tmx"
                    } else {
                        "beads"
                    },
                    pairs - 1
                )));
            }
            (_, k) => k,
        };
        if format == Format::Tmx {
            let k = k.unwrap_or(0);
            for s in [&self.bitext.source, &self.bitext.pairs[k].target] {
                if s.lang.is_empty() {
                    return Err(usage(format!(
                        "the language of {} is unknown (no language code in the label, and \
                         the text is too short or mixed to tell): give source_lang or \
                         target_lang",
                        s.label
                    )));
                }
            }
        }
        let mut out = Vec::new();
        py.detach(|| match k {
            Some(k) if one => render_pair(&self.bitext, k, format, &mut out),
            _ => render_all(&self.bitext, format, &mut out),
        })
        .map_err(|e| to_py(&e))?;
        String::from_utf8(out).map_err(|e| to_py(&e))
    }

    /// True when some translation's alignment reached the deadline.
    #[getter]
    fn approximate(&self) -> Vec<bool> {
        self.bitext.pairs.iter().map(|p| p.approximate).collect()
    }

    /// The number of QA findings over every translation.
    fn finding_count(&self) -> usize {
        self.bitext.finding_count()
    }
}

/// Align a source with translations sentence by sentence (`lectio align`). Each text is
/// `(text, path, label)`; languages as the CLI finds them.
#[pyfunction]
#[pyo3(signature = (texts, source_lang, target_lang, segmented, glossary_path,
    glossary_rules, deadline_seconds, store = None, read = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn align(
    py: Python<'_>,
    texts: Vec<(Option<String>, Option<String>, String)>,
    source_lang: Option<String>,
    target_lang: Option<String>,
    segmented: bool,
    glossary_path: Option<String>,
    glossary_rules: Option<String>,
    deadline_seconds: Option<f64>,
    store: Option<String>,
    read: Option<ReadArgs>,
) -> PyResult<NativeAlignment> {
    let read = read_args(read)?;
    if texts.len() < 2 {
        return Err(usage(
            "align needs a source and at least one translation".into(),
        ));
    }
    let glossary = match (glossary_path, glossary_rules) {
        (Some(p), _) => {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| usage(format!("cannot read glossary {p}: {e}")))?;
            Some(Glossary::parse(&text, &p).map_err(|e| to_py(&e))?)
        }
        (None, Some(text)) => Some(Glossary::parse(&text, "glossary").map_err(|e| to_py(&e))?),
        (None, None) => None,
    };
    let opts = AlignOptions {
        glossary,
        weights: None,
        deadline: deadline(deadline_seconds)?,
    };
    let bitext = py.detach(|| -> PyResult<Bitext> {
        let mut sides = Vec::with_capacity(texts.len());
        for (i, (text, path, label)) in texts.into_iter().enumerate() {
            let renamed = path.as_ref().is_some_and(|p| *p != label);
            let mut w = witness_in(store.as_deref(), text, path, &label, &read)?;
            if renamed {
                w.label = label;
            }
            let given = if i == 0 { &source_lang } else { &target_lang };
            let lang = given
                .clone()
                .or(w.lang.clone())
                .or_else(|| lectio::text::lang::from_file_name(&w.label))
                .or_else(|| lectio::text::lang::detect(&w.text).map(str::to_string))
                .unwrap_or_default();
            let mut s = Side::new(&w.label, &lang, w.text, segmented);
            if let Some(n) = w.edition {
                s.name = n;
            }
            sides.push(s);
        }
        let targets = sides.split_off(1);
        let source = sides.pop().expect("the source is read");
        Ok(lectio::align::align(source, targets, &opts))
    })?;
    Ok(NativeAlignment { bitext })
}

/// The result of `variants`, kept whole so that each format is rendered from it.
#[pyclass(frozen, module = "lectio._lectio")]
pub(crate) struct NativeVariants {
    variants: Box<Variants>,
}

#[pymethods]
impl NativeVariants {
    /// Render in one of `lectio variants --format`'s formats (`json`, `text`, `csv`, `html`,
    /// `newick`); `table` picks the CSV table (`pairs`, `matrix`, `places`).
    #[pyo3(signature = (format, table = None))]
    fn render(&self, py: Python<'_>, format: &str, table: Option<&str>) -> PyResult<String> {
        use lectio::render::variants::{Format, csv, render};
        let format = match format {
            "text" => Format::Text,
            "json" => Format::Json,
            "csv" => Format::Csv,
            "html" => Format::Html,
            "newick" => Format::Newick,
            other => return Err(usage(format!("unknown variants format {other:?}"))),
        };
        let table = match (format, table) {
            (_, None) => None,
            (Format::Csv, Some("pairs")) => Some(csv::Table::Pairs),
            (Format::Csv, Some("matrix")) => Some(csv::Table::Matrix),
            (Format::Csv, Some("places")) if self.variants.places.is_none() => {
                return Err(usage(
                    "table places needs the variation places: places=True".into(),
                ));
            }
            (Format::Csv, Some("places")) => Some(csv::Table::Places),
            (Format::Csv, Some(t)) => {
                return Err(usage(format!(
                    "unknown table {t:?} (expected pairs, matrix or places)"
                )));
            }
            (_, Some(_)) => return Err(usage("table goes with format csv".into())),
        };
        let mut out = Vec::new();
        py.detach(|| match table {
            Some(t) => csv::render(&self.variants, t, &mut out),
            None => render(&self.variants, format, &mut out),
        })
        .map_err(|e| to_py(&e))?;
        String::from_utf8(out).map_err(|e| to_py(&e))
    }

    /// The tree in Newick format.
    #[getter]
    fn newick(&self) -> String {
        self.variants.newick.clone()
    }

    /// The distance matrix, in witness order.
    #[getter]
    fn matrix(&self) -> Vec<Vec<f64>> {
        self.variants.matrix.clone()
    }

    /// The number of variants over every pair.
    #[getter]
    fn total(&self) -> usize {
        self.variants.totals.variants
    }
}

/// Compare every pair of witnesses (`lectio variants`). Each witness is `(text, path, label)`.
#[pyfunction]
#[pyo3(signature = (witnesses, ignore, only, regularize_path, regularize_rules, algorithm,
    whitespace, exact, deadline_seconds, tree, places, join_hyphens, store = None, work = None,
    lang = None, kind = None, read = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn variants(
    py: Python<'_>,
    witnesses: Vec<(Option<String>, Option<String>, String)>,
    ignore: Vec<String>,
    only: Vec<String>,
    regularize_path: Option<String>,
    regularize_rules: Option<String>,
    algorithm: &str,
    whitespace: bool,
    exact: bool,
    deadline_seconds: Option<f64>,
    tree: &str,
    places: bool,
    join_hyphens: bool,
    store: Option<String>,
    work: Option<String>,
    lang: Option<String>,
    kind: Option<String>,
    read: Option<ReadArgs>,
) -> PyResult<NativeVariants> {
    let read = read_args(read)?;
    let (normalize, _, dropped) = split_ignore(&ignore)?;
    let only = only
        .iter()
        .map(|n| class(n, "only"))
        .collect::<PyResult<Vec<_>>>()?;
    let filter = lectio::diff::Filter {
        only,
        ignore: dropped,
    };
    let algorithm = crate::algorithm(algorithm)?;
    let tree = match tree {
        "nj" => TreeMethod::Nj,
        "upgma" => TreeMethod::Upgma,
        other => {
            return Err(usage(format!(
                "unknown tree {other:?} (expected nj or upgma)"
            )));
        }
    };
    let diff = lectio::diff::DiffOptions {
        normalize,
        regularization: regularization(regularize_path, regularize_rules)?,
        algorithm,
        deadline: deadline(deadline_seconds)?,
        whitespace: whitespace || filter.wants_whitespace(),
        anchoring: !exact,
        ..Default::default()
    };
    let outcome = py.detach(|| -> PyResult<Outcome> {
        let mut ws = Vec::with_capacity(witnesses.len());
        let loaded = match (&store, &work) {
            (Some(root), Some(work)) => {
                lectio::store::load_work(root.as_ref(), work, lang.as_deref(), kind.as_deref())
                    .map_err(|e| to_py(&e))?
                    .into_iter()
                    .map(|w| {
                        lectio::tei::read_witness(w, read.format, &read.options)
                            .map_err(|e| to_py(&e))
                    })
                    .collect::<PyResult<Vec<_>>>()?
            }
            (None, Some(_)) => return Err(usage("work needs a store".into())),
            _ => {
                let mut v = Vec::with_capacity(witnesses.len());
                for (text, path, label) in witnesses {
                    let renamed = path.as_ref().is_some_and(|p| *p != label);
                    let mut w = witness_in(store.as_deref(), text, path, &label, &read)?;
                    if renamed {
                        w.siglum = label;
                    }
                    v.push(w);
                }
                v
            }
        };
        for mut w in loaded {
            if join_hyphens
                && w.markup.is_none()
                && let std::borrow::Cow::Owned(t) = lectio::text::join_hyphens(&w.text)
            {
                w.text = t;
            }
            ws.push(w);
        }
        let opts = VariantsOptions {
            diff,
            filter,
            lacunae: ws.iter().map(|w| w.lacunae()).collect(),
        };
        let plan = Plan {
            shard: None,
            places,
            tree,
        };
        all_pairs::run(&ws, &opts, &plan, &Quiet).map_err(|e| to_py(&e))
    })?;
    match outcome {
        Outcome::Whole(variants) => Ok(NativeVariants { variants }),
        Outcome::Shard(_) => Err(usage("a shard was computed, not the whole".into())),
    }
}
