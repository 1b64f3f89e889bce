//! All pairs: what `lectio variants` does end to end. Every witness is keyed once into one
//! shared interner, the group is collated for its variation places, every pair (or one shard of
//! the pairs) is diffed in parallel, and the result is either the assembled [`Variants`] (counts,
//! matrix, tree, places) or one shard's lines for `--merge` ([`ShardLine`]s, written by
//! [`crate::render::variants::shard`]).

use crate::collate::{CollateError, CollateOptions, Content, WitnessInput, collate};
use crate::exit::{Classify, Kind};
use crate::variants::{
    JSON_VERSION, OptionsInfo, ShardHeader, ShardLine, TreeMethod, Variants, VariantsError,
    VariantsOptions, WitnessInfo, assemble, compare_range, key_all, merge_shards, pair_count,
    places, shard_range,
};
use crate::witness::Witness;

/// What to compute besides the comparison options.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Only slice K of N of the pairs (1-based), written as shard lines.
    pub shard: Option<(usize, usize)>,
    /// Collate the group for its variation places (the first shard carries them).
    pub places: bool,
    /// How to build the tree (not for a shard).
    pub tree: TreeMethod,
}

/// Told how much work there is, and of each pair done (a progress bar, or nothing).
pub trait Progress: Sync {
    /// The run compares `pairs` pairs of witnesses holding `tokens` compared tokens in all.
    fn start(&self, pairs: usize, witnesses: usize, tokens: usize);
    /// One pair is done.
    fn tick(&self);
    /// Every pair is done.
    fn finish(&self);
}

/// No progress reporting.
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: usize, _: usize, _: usize) {}
    fn tick(&self) {}
    fn finish(&self) {}
}

/// The result of a run.
#[derive(Debug)]
pub enum Outcome {
    /// Every pair: counts, matrix, tree, places.
    Whole(Box<Variants>),
    /// One shard's lines: the header, its pairs, and (in the first shard) the places.
    Shard(Vec<ShardLine>),
}

/// An error of a run.
#[derive(Debug, thiserror::Error)]
pub enum AllPairsError {
    /// Too few witnesses, a bad shard.
    #[error(transparent)]
    Variants(#[from] VariantsError),
    /// The collation for the variation places failed.
    #[error(transparent)]
    Collate(#[from] CollateError),
}

impl Classify for AllPairsError {
    fn kind(&self) -> Kind {
        match self {
            AllPairsError::Variants(e) => e.kind(),
            AllPairsError::Collate(e) => e.kind(),
        }
    }
}

/// Sigla made unique: two witnesses called alike get `-2`, `-3`…
fn unique_sigla(ws: &[Witness]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ws.len());
    for w in ws {
        let base = if w.siglum.is_empty() {
            w.label.clone()
        } else {
            w.siglum.clone()
        };
        let mut s = base.clone();
        let mut k = 2;
        while out.contains(&s) {
            s = format!("{base}-{k}");
            k += 1;
        }
        out.push(s);
    }
    out
}

/// Compare every pair of `witnesses` (or the shard `plan` names) under `opts`.
pub fn run(
    witnesses: &[Witness],
    opts: &VariantsOptions,
    plan: &Plan,
    progress: &dyn Progress,
) -> Result<Outcome, AllPairsError> {
    if witnesses.len() < 2 {
        return Err(VariantsError::TooFew(witnesses.len()).into());
    }
    let sigla = unique_sigla(witnesses);
    let texts: Vec<&str> = witnesses.iter().map(|w| w.text.as_str()).collect();
    let norm = opts.diff.normalizer();
    let (interner, keyed) = key_all(&texts, &norm);
    drop(interner);
    let infos: Vec<WitnessInfo> = witnesses
        .iter()
        .zip(&keyed)
        .zip(&sigla)
        .map(|((w, k), s)| WitnessInfo {
            siglum: s.clone(),
            label: w.label.clone(),
            hash: w.hash.clone(),
            tokens: k.ids.len(),
        })
        .collect();
    let total = pair_count(texts.len());
    let range = match plan.shard {
        Some((k, n)) => shard_range(total, k, n),
        None => 0..total,
    };
    let want_places = plan.places && plan.shard.is_none_or(|(k, _)| k == 1);
    let tokens = keyed.iter().map(|k| k.ids.len()).sum();
    progress.start(range.len(), keyed.len(), tokens);
    // The collation (mostly one thread's work) runs beside the pair diffs (spread over the
    // pool), so a second core is never left idle while it runs.
    let (place_list, pairs) = rayon::join(
        || -> Result<_, CollateError> {
            if !want_places {
                return Ok(None);
            }
            let inputs: Vec<WitnessInput> = witnesses
                .iter()
                .zip(&sigla)
                .map(|(w, s)| WitnessInput {
                    siglum: s.clone(),
                    label: w.label.clone(),
                    content: Content::Text(w.text.clone()),
                    markup: w.markup.clone(),
                })
                .collect();
            let copts = CollateOptions {
                normalizer: norm.clone(),
                ..Default::default()
            };
            let c = collate(inputs, &copts)?;
            Ok(Some(places(&c, &opts.filter)))
        },
        || compare_range(&texts, &keyed, range.clone(), opts, &|| progress.tick()),
    );
    let place_list = place_list?;
    progress.finish();
    drop(keyed);
    let info = OptionsInfo::of(opts);
    if let Some((k, n)) = plan.shard {
        let header = ShardHeader {
            version: JSON_VERSION,
            shard: k,
            shards: n,
            witnesses: infos,
            options: info,
            places: plan.places,
        };
        let mut lines = vec![ShardLine::Header(header)];
        lines.extend(pairs.into_iter().map(ShardLine::Pair));
        lines.extend(place_list.into_iter().flatten().map(ShardLine::Place));
        return Ok(Outcome::Shard(lines));
    }
    Ok(Outcome::Whole(Box::new(assemble(
        infos, info, pairs, plan.tree, place_list,
    )?)))
}

/// Combine shard files (each its name and lines) into the result of an unsharded run.
pub fn merge(
    files: &[(String, Vec<ShardLine>)],
    tree: TreeMethod,
) -> Result<Variants, VariantsError> {
    let (header, pairs, place_list) = merge_shards(files)?;
    assemble(header.witnesses, header.options, pairs, tree, place_list)
}
