//! Shard files are untrusted input (they travel between CI jobs): every header and count is
//! checked against what the file itself says before anything is sized by it, so a forged or
//! damaged shard is refused with a short message instead of driving an allocation or a wrong
//! distance.

use super::{PairResult, ShardHeader, VariantsError, pair_at, pair_count, shard_range};

/// At most this many missing shards are named in a message.
const NAMED_MAX: usize = 10;

fn bad(path: &str, line: usize, message: String) -> VariantsError {
    VariantsError::ShardFile {
        path: path.to_string(),
        line,
        message,
    }
}

/// The header of `path` says which slice of how many; both must make sense.
pub(super) fn header(path: &str, h: &ShardHeader) -> Result<(), VariantsError> {
    if h.shards == 0 || h.shard == 0 || h.shard > h.shards {
        return Err(bad(
            path,
            1,
            format!(
                "header claims shard {}/{}: expected K/N with 1 <= K <= N",
                h.shard, h.shards
            ),
        ));
    }
    if h.witnesses.len() < 2 {
        return Err(bad(
            path,
            1,
            format!(
                "header lists {} witness(es), expected 2 or more",
                h.witnesses.len()
            ),
        ));
    }
    Ok(())
}

/// One pair line (`line`, 1-based) of shard `h`: its witnesses exist, it belongs to this
/// shard's slice, and its counts agree with each other and with the witnesses' token counts.
pub(super) fn pair(
    path: &str,
    line: usize,
    h: &ShardHeader,
    p: &PairResult,
) -> Result<(), VariantsError> {
    let n = h.witnesses.len();
    if p.a >= p.b || p.b >= n {
        return Err(bad(
            path,
            line,
            format!("pair ({}, {}) of {n} witnesses does not exist", p.a, p.b),
        ));
    }
    let number = pair_number(p.a, p.b, n);
    debug_assert_eq!(pair_at(number, n), (p.a, p.b));
    if !shard_range(pair_count(n), h.shard, h.shards).contains(&number) {
        return Err(bad(
            path,
            line,
            format!(
                "pair ({}, {}) does not belong to shard {}/{}",
                p.a, p.b, h.shard, h.shards
            ),
        ));
    }
    let c = &p.counts;
    let tokens = h.witnesses[p.a].tokens.checked_add(h.witnesses[p.b].tokens);
    let sum_kind = checked_total(
        crate::diff::VariantKind::ALL
            .iter()
            .map(|&k| c.by_kind.get(k)),
    );
    let sum_class = checked_total(
        crate::diff::VariantClass::ALL
            .iter()
            .map(|&k| c.by_class.get(k)),
    );
    let problem = if tokens != Some(c.aligned_tokens) {
        Some(format!(
            "aligned_tokens {} is not the witnesses' {} + {} tokens",
            c.aligned_tokens, h.witnesses[p.a].tokens, h.witnesses[p.b].tokens
        ))
    } else if c.variant_tokens > c.aligned_tokens {
        Some(format!(
            "variant_tokens {} exceeds aligned_tokens {}",
            c.variant_tokens, c.aligned_tokens
        ))
    } else if sum_kind != Some(c.variants) || sum_class != Some(c.variants) {
        Some(format!(
            "the counts by kind and by class do not add up to {} variants",
            c.variants
        ))
    } else {
        None
    };
    match problem {
        Some(m) => Err(bad(path, line, format!("pair ({}, {}): {m}", p.a, p.b))),
        None => Ok(()),
    }
}

/// The numbering of [`pair_at`], inverted: pairs `(a, b)`, `a < b < n`, row by row.
fn pair_number(a: usize, b: usize, n: usize) -> usize {
    // Rows 0..a hold (n-1) + (n-2) + … + (n-a) pairs.
    a * (2 * n - a - 1) / 2 + (b - a - 1)
}

fn checked_total(it: impl Iterator<Item = usize>) -> Option<usize> {
    it.into_iter().try_fold(0usize, usize::checked_add)
}

/// Shards listed in no file, named up to [`NAMED_MAX`] (a header may claim any count).
pub(super) fn missing(shards: usize, seen: &[usize]) -> String {
    let mut named = Vec::new();
    let mut count = 0usize;
    // Only the first few absent numbers are looked for: `seen` is as long as the file list.
    let mut k = 1;
    while k <= shards && named.len() < NAMED_MAX {
        if !seen.contains(&k) {
            named.push(format!("{k}/{shards}"));
        }
        k += 1;
    }
    count += named.len();
    let rest = shards.saturating_sub(seen.len()).saturating_sub(count);
    let mut s = named.join(", ");
    if rest > 0 {
        s.push_str(&format!(" and {rest} more"));
    }
    s
}
