//! The main job (`lectio report`): for every work of a store, the editions and their versions,
//! each language group collated, the variant matrix and tree, the diffs of each edition's
//! consecutive versions, and every translation aligned with an edition in its source language.
//! This module computes the [`Report`] model; `render::page` renders it.
//!
//! Definitions:
//! - a *language group* is the editions of a work that share a language; its **collation**
//!   takes the latest version of each edition (when the group has two or more editions), and
//!   its **variant matrix** takes every version of every edition (when there are two or more
//!   versions in all), with sigla `SIGLUM@N`;
//! - *variants by class* in the totals are the variation places of the collations, by the
//!   place's class; the consecutive-version diffs are counted apart;
//! - a translation is aligned with the edition its metadata names (`translation_of`), else
//!   with an edition in its `source_lang`, else — said so in [`TranslationReport::note`] —
//!   with the work's first edition that is not a translation, as a stand-in.

use std::time::Instant;

use crate::align::{self, AlignOptions, Bead, Finding};
use crate::collate::{CollateOptions, Collation, Content, WitnessInput, collate};
use crate::diff::{DiffOptions, Filter, VariantClass, VariantKind};
use crate::exit::{Classify, Kind};
use crate::store::source::witness_of;
use crate::store::{Store, StoreError, Witness};

use crate::tei::{InputFormat, Options as TeiOptions};
use crate::variants::{
    ClassCounts, KindCounts, OptionsInfo, PairCounts, Place, TreeMethod, Variants, VariantsError,
    VariantsOptions, WitnessInfo, assemble, compare_all, places,
};

/// An error while building the report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Computing the variants failed.
    #[error(transparent)]
    Variants(#[from] VariantsError),
    /// Collation failed.
    #[error(transparent)]
    Collate(#[from] crate::collate::CollateError),
    /// A stored TEI version could not be read.
    #[error(transparent)]
    Tei(#[from] crate::tei::TeiError),
}

impl Classify for ReportError {
    fn kind(&self) -> Kind {
        match self {
            ReportError::Store(e) => e.kind(),
            ReportError::Variants(e) => e.kind(),
            ReportError::Collate(e) => e.kind(),
            ReportError::Tei(e) => e.kind(),
        }
    }
}

/// Options of the report.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// The tree method of every variant matrix.
    pub tree: TreeMethod,
    /// Only this work (all works when `None`).
    pub work: Option<String>,
    /// The order of separate editions for the consecutive-edition diffs (edition names, first
    /// to last); editions not named follow, by the time of their latest version.
    pub series: Vec<String>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            tree: TreeMethod::Nj,
            work: None,
            series: Vec::new(),
        }
    }
}

/// The whole report.
#[derive(Debug, serde::Serialize)]
pub struct Report {
    /// Schema version.
    pub version: u32,
    /// Always `"report"`.
    #[serde(rename = "type")]
    pub doc_type: &'static str,
    /// The store folder, as given.
    pub store: String,
    /// Every work, by name.
    pub works: Vec<WorkReport>,
    /// Sums over the works.
    pub totals: Totals,
    /// Wall time to compute the report, in milliseconds (rendering excluded).
    pub elapsed_ms: u64,
}

/// Sums over all works.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Totals {
    /// Works.
    pub works: usize,
    /// Editions.
    pub editions: usize,
    /// Versions (all editions).
    pub versions: usize,
    /// Distinct languages.
    pub languages: usize,
    /// Variation places of the language-group collations.
    pub places: usize,
    /// Those places by class.
    pub places_by_class: ClassCounts,
    /// Variants between consecutive versions of each edition.
    pub version_variants: usize,
    /// Variants between consecutive editions of a language (separate editions, in date or
    /// `--series` order).
    pub edition_variants: usize,
    /// The same by class.
    pub edition_variants_by_class: ClassCounts,
    /// Those variants by class.
    pub version_variants_by_class: ClassCounts,
    /// Translation QA findings.
    pub findings: usize,
}

/// One edition of a work.
#[derive(Clone, Debug, serde::Serialize)]
pub struct EditionInfo {
    /// Edition name.
    pub name: String,
    /// Siglum.
    pub siglum: String,
    /// Language.
    pub lang: String,
    /// Kind (`transcription`, `translation`, …).
    pub kind: String,
    /// Title.
    pub title: String,
    /// Number of versions.
    pub versions: u32,
    /// Words (tokens) of the latest version.
    pub tokens: usize,
    /// What it translates, when recorded.
    pub translation_of: String,
    /// The language translated from, when recorded.
    pub source_lang: String,
    /// Whether the edition covers only part of the work.
    pub partial: bool,
}

/// One work.
#[derive(Debug, serde::Serialize)]
pub struct WorkReport {
    /// Work name.
    pub work: String,
    /// Its editions.
    pub editions: Vec<EditionInfo>,
    /// Languages, sorted.
    pub languages: Vec<String>,
    /// One group per language.
    pub groups: Vec<LangGroup>,
    /// Diffs of consecutive versions of each edition.
    pub version_diffs: Vec<VersionDiff>,
    /// Translations aligned with their source.
    pub translations: Vec<TranslationReport>,
}

/// The editions of one language.
#[derive(Debug, serde::Serialize)]
pub struct LangGroup {
    /// The language.
    pub lang: String,
    /// Edition names in the group.
    pub editions: Vec<String>,
    /// The variant matrix over every version (when two or more).
    pub variants: Option<Variants>,
    /// The collation of the latest versions (when two or more editions).
    #[serde(skip)]
    pub collation: Option<Collation>,
    /// Its variation places.
    pub places: Vec<Place>,
    /// Places by class.
    pub places_by_class: ClassCounts,
    /// How the editions were ordered for `edition_diffs`: `series` or `date`.
    pub order: &'static str,
    /// Diffs of consecutive editions (latest versions), in that order.
    pub edition_diffs: Vec<VersionDiff>,
}

impl LangGroup {
    /// The editions as ordered for the consecutive-edition diffs, `a → b → c`.
    pub fn editions_in_order(&self) -> String {
        let mut names: Vec<&str> = self
            .edition_diffs
            .iter()
            .map(|d| d.edition.as_str())
            .collect();
        names.extend(
            self.edition_diffs
                .last()
                .and_then(|d| d.to_edition.as_deref()),
        );
        names.join(" \u{2192} ")
    }
}

/// One variant between two versions, with byte ranges into each text.
#[derive(Clone, Debug, serde::Serialize)]
pub struct VersionVariant {
    /// Kind.
    pub kind: VariantKind,
    /// Class.
    pub class: VariantClass,
    /// Old reading.
    pub old: String,
    /// New reading.
    pub new: String,
    /// Old byte range.
    pub old_bytes: [usize; 2],
    /// New byte range.
    pub new_bytes: [usize; 2],
    /// 1-based line in the old text.
    pub old_line: u32,
    /// 1-based line in the new text.
    pub new_line: u32,
}

/// The diff of two consecutive versions of one edition.
#[derive(Debug, serde::Serialize)]
pub struct VersionDiff {
    /// Edition name (the older side's, for a diff of two editions).
    pub edition: String,
    /// The newer side's edition, for a diff of two editions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_edition: Option<String>,
    /// Older version number.
    pub from: u32,
    /// Newer version number.
    pub to: u32,
    /// Counts (distance tokens included).
    pub counts: PairCounts,
    /// The variants.
    pub variants: Vec<VersionVariant>,
    /// The older text.
    #[serde(skip)]
    pub old_text: String,
    /// The newer text.
    #[serde(skip)]
    pub new_text: String,
}

/// A translation aligned with a source edition.
#[derive(Debug, serde::Serialize)]
pub struct TranslationReport {
    /// The translation (`WORK/EDITION@N`).
    pub translation: String,
    /// The source it was aligned with (`WORK/EDITION@N`), if any edition could serve.
    pub source: Option<String>,
    /// How the source was chosen, when not by the translation's own metadata.
    pub note: Option<String>,
    /// When one side is a partial edition: the trailing sentences of the other side that lie
    /// beyond its extent, said once (they are expected, so they are not findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beyond_partial: Option<String>,
    /// Beads.
    pub beads: Vec<Bead>,
    /// QA findings.
    pub findings: Vec<Finding>,
    /// Source sentences (text).
    pub source_sentences: Vec<String>,
    /// Target sentences (text).
    pub target_sentences: Vec<String>,
}

fn info(w: &Witness, tokens: usize, siglum: String) -> WitnessInfo {
    WitnessInfo {
        siglum,
        label: w.reference.clone().unwrap_or_else(|| w.label.clone()),
        hash: w.hash.clone(),
        tokens,
    }
}

/// Build the report over the store at `root`.
pub fn build(root: &std::path::Path, opts: &ReportOptions) -> Result<Report, ReportError> {
    let t0 = Instant::now();
    let store = Store::open(root)?;
    let list = store.list()?;
    let mut works: Vec<String> = list.iter().map(|e| e.work.clone()).collect();
    works.dedup();
    if let Some(w) = &opts.work {
        if !works.contains(w) {
            return Err(StoreError::NotFound(format!(
                "no work '{w}' in store {}\nhint: `lectio list` shows the works",
                root.display()
            ))
            .into());
        }
        works.retain(|x| x == w);
    }
    let mut out = Vec::new();
    for work in works {
        let eds: Vec<_> = list.iter().filter(|e| e.work == work).collect();
        // Every version of every edition, oldest first.
        let mut versions: Vec<Vec<Witness>> = Vec::new();
        for e in &eds {
            let mut h = store.history(&e.work, &e.edition)?;
            h.reverse();
            let mut ws = Vec::new();
            for v in &h {
                let w = witness_of(&store, &v.reference(), v)?;
                ws.push(crate::tei::read_witness(
                    w,
                    InputFormat::Auto,
                    &TeiOptions::default(),
                )?);
            }
            versions.push(ws);
        }
        out.push(work_report(&work, &eds, versions, opts)?);
    }
    let mut totals = Totals {
        works: out.len(),
        ..Default::default()
    };
    let mut langs = Vec::new();
    for w in &out {
        totals.editions += w.editions.len();
        totals.versions += w
            .editions
            .iter()
            .map(|e| e.versions as usize)
            .sum::<usize>();
        langs.extend(w.languages.iter().cloned());
        for g in &w.groups {
            totals.places += g.places.len();
            totals.places_by_class.merge(&g.places_by_class);
        }
        for d in &w.version_diffs {
            totals.version_variants += d.counts.variants;
            totals.version_variants_by_class.merge(&d.counts.by_class);
        }
        for d in w.groups.iter().flat_map(|g| &g.edition_diffs) {
            totals.edition_variants += d.counts.variants;
            totals.edition_variants_by_class.merge(&d.counts.by_class);
        }
        totals.findings += w
            .translations
            .iter()
            .map(|t| t.findings.len())
            .sum::<usize>();
    }
    langs.sort();
    langs.dedup();
    totals.languages = langs.len();
    Ok(Report {
        version: crate::variants::JSON_VERSION,
        doc_type: "report",
        store: root.display().to_string(),
        works: out,
        totals,
        elapsed_ms: t0.elapsed().as_millis() as u64,
    })
}

fn work_report(
    work: &str,
    eds: &[&crate::store::EditionSummary],
    versions: Vec<Vec<Witness>>,
    opts: &ReportOptions,
) -> Result<WorkReport, ReportError> {
    let vopts = VariantsOptions::default();
    let editions = edition_infos(eds, &versions, &vopts);
    let mut languages: Vec<String> = editions.iter().map(|e| e.lang.clone()).collect();
    languages.sort();
    languages.dedup();

    let mut groups = Vec::new();
    for lang in &languages {
        groups.push(lang_group(lang, eds, &editions, &versions, &vopts, opts)?);
    }

    let mut version_diffs = Vec::new();
    for (i, vs) in versions.iter().enumerate() {
        for w in vs.windows(2) {
            version_diffs.push(version_diff(&editions[i].name, &w[0], &w[1], &vopts.diff));
        }
    }

    let mut translations: Vec<TranslationReport> = editions
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == "translation")
        .map(|(i, _)| translation_report(work, i, &editions, &versions))
        .collect();
    // Translations of the same edition in different languages, aligned with each other too.
    for (a, b) in sibling_translations(&editions) {
        let note = format!(
            "both translate {}: aligned with each other",
            editions[a].translation_of
        );
        translations.push(aligned_report(a, b, Some(note), &editions, &versions));
    }

    Ok(WorkReport {
        work: work.to_string(),
        editions,
        languages,
        groups,
        version_diffs,
        translations,
    })
}

/// The editions of a work, each with the token count of its latest version.
fn edition_infos(
    eds: &[&crate::store::EditionSummary],
    versions: &[Vec<Witness>],
    vopts: &VariantsOptions,
) -> Vec<EditionInfo> {
    let norm = vopts.diff.normalizer();
    eds.iter()
        .zip(versions)
        .map(|(e, vs)| {
            let m = &e.head.record.meta;
            let latest = vs.last().map(|w| w.text.as_str()).unwrap_or("");
            EditionInfo {
                name: e.edition.clone(),
                siglum: e.head.siglum().to_string(),
                lang: m.lang.clone(),
                kind: m.kind.as_str().to_string(),
                title: m.title.clone(),
                versions: e.versions,
                tokens: crate::text::Interner::new().keyed(latest, &norm).ids.len(),
                translation_of: m.translation_of.clone(),
                source_lang: m.source_lang.clone(),
                partial: m.partial,
            }
        })
        .collect()
}

/// The editions of one language: the variant matrix over all their versions and the
/// collation of their latest versions.
fn lang_group(
    lang: &str,
    eds: &[&crate::store::EditionSummary],
    editions: &[EditionInfo],
    versions: &[Vec<Witness>],
    vopts: &VariantsOptions,
    opts: &ReportOptions,
) -> Result<LangGroup, ReportError> {
    let idx: Vec<usize> = (0..editions.len())
        .filter(|&i| editions[i].lang == lang)
        .collect();
    let variants = group_variants(&idx, editions, versions, vopts, opts)?;
    // Collation of the latest versions.
    let (collation, pl) = if idx.len() >= 2 {
        let inputs: Vec<WitnessInput> = idx
            .iter()
            .map(|&i| {
                let w = versions[i].last().expect("an edition has a version");
                WitnessInput {
                    siglum: editions[i].siglum.clone(),
                    label: w.reference.clone().unwrap_or_default(),
                    content: Content::Text(w.text.clone()),
                    markup: w.markup.clone(),
                }
            })
            .collect();
        let c = collate(inputs, &CollateOptions::default())?;
        let p = places(&c, &Filter::default());
        (Some(c), p)
    } else {
        (None, Vec::new())
    };
    let mut by_class = ClassCounts::default();
    for p in &pl {
        by_class.add(p.class, 1);
    }
    let (order, ordered) = order_editions(&idx, eds, editions, &opts.series);
    let edition_diffs = ordered
        .windows(2)
        .map(|p| {
            let (a, b) = (&versions[p[0]], &versions[p[1]]);
            let (old, new) = (a.last().expect("a version"), b.last().expect("a version"));
            let mut d = version_diff(&editions[p[0]].name, old, new, &vopts.diff);
            d.to_edition = Some(editions[p[1]].name.clone());
            d
        })
        .collect();
    Ok(LangGroup {
        order,
        edition_diffs,
        lang: lang.to_string(),
        editions: idx.iter().map(|&i| editions[i].name.clone()).collect(),
        variants,
        collation,
        places: pl,
        places_by_class: by_class,
    })
}

/// The variant matrix over every version of the editions `idx` (when two or more).
fn group_variants(
    idx: &[usize],
    editions: &[EditionInfo],
    versions: &[Vec<Witness>],
    vopts: &VariantsOptions,
    opts: &ReportOptions,
) -> Result<Option<Variants>, ReportError> {
    let all: Vec<(&Witness, String)> = idx
        .iter()
        .flat_map(|&i| {
            versions[i].iter().map(move |w| {
                let n = w.version.unwrap_or(0);
                (w, format!("{}@{n}", editions[i].siglum))
            })
        })
        .collect();
    if all.len() < 2 {
        return Ok(None);
    }
    let norm = vopts.diff.normalizer();
    let texts: Vec<&str> = all.iter().map(|(w, _)| w.text.as_str()).collect();
    let vopts = &VariantsOptions {
        lacunae: all.iter().map(|(w, _)| w.lacunae()).collect(),
        ..vopts.clone()
    };
    let pairs = compare_all(&texts, vopts);
    let infos = all
        .iter()
        .map(|(w, s)| {
            let t = crate::text::Interner::new().keyed(&w.text, &norm).ids.len();
            info(w, t, s.clone())
        })
        .collect();
    Ok(Some(assemble(
        infos,
        OptionsInfo::of(vopts),
        pairs,
        opts.tree,
        None,
    )?))
}

/// The edition a translation is aligned with, and a note when it was not chosen by the
/// translation's own `translation_of`.
fn source_of(
    work: &str,
    e: &EditionInfo,
    editions: &[EditionInfo],
) -> (Option<usize>, Option<String>) {
    let named = (!e.translation_of.is_empty())
        .then(|| {
            let name = e.translation_of.rsplit('/').next().unwrap_or("");
            editions.iter().position(|x| x.name == name)
        })
        .flatten();
    let by_lang = (!e.source_lang.is_empty())
        .then(|| {
            editions
                .iter()
                .position(|x| x.lang == e.source_lang && x.kind != "translation")
        })
        .flatten();
    match (named, by_lang) {
        (Some(s), _) => (Some(s), None),
        (None, Some(s)) => (
            Some(s),
            Some(format!(
                "aligned with the {} edition {}",
                e.source_lang, editions[s].name
            )),
        ),
        (None, None) => {
            let lang = if e.source_lang.is_empty() {
                "source-language".to_string()
            } else {
                format!("source-language ({})", e.source_lang)
            };
            let stand_in = ["original", "transcription", "emendation"]
                .iter()
                .find_map(|k| editions.iter().position(|x| &x.kind == k))
                .or_else(|| editions.iter().position(|x| x.kind != "translation"));
            let note = match stand_in {
                Some(s) => format!(
                    "the store holds no {lang} edition of {work}; aligned with {} as a stand-in",
                    editions[s].name
                ),
                None => format!("the store holds no {lang} edition of {work}; not aligned"),
            };
            (stand_in, Some(note))
        }
    }
}

/// Translation `i` aligned with its source edition (or not aligned, with a note).
fn translation_report(
    work: &str,
    i: usize,
    editions: &[EditionInfo],
    versions: &[Vec<Witness>],
) -> TranslationReport {
    let e = &editions[i];
    let target = versions[i].last().expect("an edition has a version");
    let (src, note) = source_of(work, e, editions);
    let Some(s) = src else {
        return TranslationReport {
            translation: target.reference.clone().unwrap_or_default(),
            source: None,
            note,
            beyond_partial: None,
            beads: Vec::new(),
            findings: Vec::new(),
            source_sentences: Vec::new(),
            target_sentences: Vec::new(),
        };
    };
    aligned_report(s, i, note, editions, versions)
}

/// Pairs `(source, target)` of translations of the same recorded edition in different
/// languages: the one that is not partial (else the first) is the source.
fn sibling_translations(editions: &[EditionInfo]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let tr: Vec<usize> = (0..editions.len())
        .filter(|&i| editions[i].kind == "translation" && !editions[i].translation_of.is_empty())
        .collect();
    for (k, &a) in tr.iter().enumerate() {
        for &b in &tr[k + 1..] {
            let (x, y) = (&editions[a], &editions[b]);
            if x.translation_of != y.translation_of || x.lang == y.lang {
                continue;
            }
            out.push(if x.partial && !y.partial {
                (b, a)
            } else {
                (a, b)
            });
        }
    }
    out
}

/// The latest version of edition `t` aligned with the latest of edition `s`. When either is
/// partial, the trailing run of the other side's sentences beyond it is expected: its
/// omission or addition finding becomes one sentence in `beyond_partial`.
fn aligned_report(
    s: usize,
    t: usize,
    note: Option<String>,
    editions: &[EditionInfo],
    versions: &[Vec<Witness>],
) -> TranslationReport {
    let source = versions[s].last().expect("an edition has a version");
    let target = versions[t].last().expect("an edition has a version");
    let sref = source.reference.clone().unwrap_or_default();
    let tref = target.reference.clone().unwrap_or_default();
    let bitext = align::align(
        align::Side::new(&sref, &editions[s].lang, source.text.clone(), false),
        vec![align::Side::new(
            &tref,
            &editions[t].lang,
            target.text.clone(),
            false,
        )],
        &AlignOptions::default(),
    );
    let src_side = &bitext.source;
    let mut pair = bitext.pairs.into_iter().next().expect("one pair");
    let beyond_partial = beyond_partial(
        &mut pair.findings,
        &pair.beads,
        (editions[s].partial, &editions[s].name),
        (editions[t].partial, &editions[t].name),
    );
    TranslationReport {
        translation: tref,
        source: Some(sref),
        note,
        beyond_partial,
        source_sentences: (0..src_side.sentences.len())
            .map(|k| src_side.sentence(k).to_string())
            .collect(),
        target_sentences: (0..pair.target.sentences.len())
            .map(|k| pair.target.sentence(k).to_string())
            .collect(),
        beads: pair.beads,
        findings: pair.findings,
    }
}

/// The trailing gap of an alignment where one side is partial: the addition (source partial)
/// or omission (target partial) finding that runs to the end is removed and described once.
fn beyond_partial(
    findings: &mut Vec<Finding>,
    beads: &[Bead],
    (src_partial, src_name): (bool, &str),
    (tgt_partial, tgt_name): (bool, &str),
) -> Option<String> {
    let (n, m) = beads.last().map_or((0, 0), |b| (b.src.end, b.tgt.end));
    let tail = |kind: align::FindingKind| {
        findings.iter().rposition(|f| {
            f.kind == kind
                && match kind {
                    align::FindingKind::Addition => f.tgt.end == m && f.src.start == n,
                    _ => f.src.end == n && f.tgt.start == m,
                }
        })
    };
    let (k, text) = if src_partial {
        let k = tail(align::FindingKind::Addition)?;
        let f = &findings[k];
        (
            k,
            format!(
                "{src_name} is partial: the translation's last {} sentence(s) ({}–{}) lie beyond it, as expected",
                f.tgt.len(),
                f.tgt.start,
                f.tgt.end - 1
            ),
        )
    } else if tgt_partial {
        let k = tail(align::FindingKind::Omission)?;
        let f = &findings[k];
        (
            k,
            format!(
                "{tgt_name} is partial: the source's last {} sentence(s) ({}–{}) lie beyond it, as expected",
                f.src.len(),
                f.src.start,
                f.src.end - 1
            ),
        )
    } else {
        return None;
    };
    findings.remove(k);
    Some(text)
}

/// The editions `idx` in series order: those `series` names first, in its order, then the
/// others by the time of their latest version (then name). Returns how they were ordered.
fn order_editions(
    idx: &[usize],
    eds: &[&crate::store::EditionSummary],
    editions: &[EditionInfo],
    series: &[String],
) -> (&'static str, Vec<usize>) {
    let pos = |i: usize| series.iter().position(|s| *s == editions[i].name);
    let mut v = idx.to_vec();
    v.sort_by_key(|&i| {
        (
            pos(i).unwrap_or(usize::MAX),
            eds[i].head.record.time,
            editions[i].name.clone(),
        )
    });
    let by_series = v.iter().filter(|&&i| pos(i).is_some()).count() >= 2;
    (if by_series { "series" } else { "date" }, v)
}

fn version_diff(edition: &str, old: &Witness, new: &Witness, opts: &DiffOptions) -> VersionDiff {
    let d = crate::diff::diff_texts(&old.text, &new.text, opts);
    let mut counts = PairCounts {
        aligned_tokens: d.old_tokens + d.new_tokens,
        approximate: d.approximate,
        ..Default::default()
    };
    let mut by_kind = KindCounts::default();
    let variants = d
        .variants
        .iter()
        .map(|v| {
            counts.variants += 1;
            by_kind.add(v.kind, 1);
            counts.by_class.add(v.class, 1);
            counts.variant_tokens += v.old.tokens().len() + v.new.tokens().len();
            VersionVariant {
                kind: v.kind,
                class: v.class,
                old: v.old.reading(&old.text).to_string(),
                new: v.new.reading(&new.text).to_string(),
                old_bytes: [v.old.bytes().start, v.old.bytes().end],
                new_bytes: [v.new.bytes().start, v.new.bytes().end],
                old_line: v.old.line,
                new_line: v.new.line,
            }
        })
        .collect();
    counts.by_kind = by_kind;
    VersionDiff {
        edition: edition.to_string(),
        to_edition: None,
        from: old.version.unwrap_or(0),
        to: new.version.unwrap_or(0),
        counts,
        variants,
        old_text: old.text.clone(),
        new_text: new.text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_of(threads: usize) -> serde_json::Value {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("editions");
        let r = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| build(&root, &ReportOptions::default()).unwrap());
        let mut v = serde_json::to_value(&r).unwrap();
        v["elapsed_ms"] = 0.into();
        v
    }

    /// The report on the shipped store does not depend on the number of threads.
    #[test]
    fn same_report_with_1_and_4_threads() {
        let one = json_of(1);
        assert_eq!(one, json_of(4));
        assert_eq!(one["totals"]["places"], 3);
        assert_eq!(one["totals"]["version_variants"], 1);
    }
}
