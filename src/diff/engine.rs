//! The edit script over interned ids: common prefix and suffix first (so the cost follows the
//! amount of change), then `similar` on the middle, under a deadline.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::Algorithm;

/// What an [`Op`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpTag {
    /// The ranges hold equal tokens.
    Equal,
    /// The old range is removed (the new range is empty).
    Delete,
    /// The new range is inserted (the old range is empty).
    Insert,
    /// The old range is replaced by the new range.
    Replace,
}

/// One step of an edit script, over compared-token indices. The ops of a diff tile both
/// sides: their old ranges are contiguous, in order, and cover `0..old_len`; the same holds
/// for the new ranges. No op is empty on both sides.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Op {
    /// What the op does.
    pub tag: OpTag,
    /// Range in the old side.
    pub old: Range<usize>,
    /// Range in the new side.
    pub new: Range<usize>,
}

/// Diff two id slices. Returns the edit script and whether the deadline cut the search short
/// (the script is then valid but may not be minimal).
pub fn diff_ids(
    old: &[u32],
    new: &[u32],
    algorithm: Algorithm,
    deadline: Option<Duration>,
) -> (Vec<Op>, bool) {
    let start = Instant::now();
    let deadline = deadline.map(|d| start + d);
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (oe, ne) = (old.len() - suffix, new.len() - suffix);
    let mut ops = Vec::new();
    push(&mut ops, OpTag::Equal, 0..prefix, 0..prefix);
    let mut approximate = false;
    if prefix == oe {
        push(&mut ops, OpTag::Insert, prefix..prefix, prefix..ne);
    } else if prefix == ne {
        push(&mut ops, OpTag::Delete, prefix..oe, prefix..prefix);
    } else {
        let found = similar::capture_diff_deadline(
            algorithm.similar(),
            old,
            prefix..oe,
            new,
            prefix..ne,
            deadline,
        );
        for op in found {
            let (tag, o, n) = op.as_tag_tuple();
            let tag = match tag {
                similar::DiffTag::Equal => OpTag::Equal,
                similar::DiffTag::Delete => OpTag::Delete,
                similar::DiffTag::Insert => OpTag::Insert,
                similar::DiffTag::Replace => OpTag::Replace,
            };
            push(&mut ops, tag, o, n);
        }
        approximate = deadline.is_some_and(|d| Instant::now() >= d);
    }
    push(&mut ops, OpTag::Equal, oe..old.len(), ne..new.len());
    (ops, approximate)
}

/// Append an op, dropping empty ones and merging it with the previous one when they are
/// adjacent changes (a delete next to an insert is one replace).
fn push(ops: &mut Vec<Op>, tag: OpTag, old: Range<usize>, new: Range<usize>) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    if let Some(last) = ops.last_mut()
        && last.old.end == old.start
        && last.new.end == new.start
    {
        let merged = match (last.tag, tag) {
            (OpTag::Equal, OpTag::Equal) => Some(OpTag::Equal),
            (OpTag::Equal, _) | (_, OpTag::Equal) => None,
            _ => {
                let o = last.old.start..old.end;
                let n = last.new.start..new.end;
                Some(match (o.is_empty(), n.is_empty()) {
                    (true, _) => OpTag::Insert,
                    (_, true) => OpTag::Delete,
                    _ => OpTag::Replace,
                })
            }
        };
        if let Some(t) = merged {
            last.tag = t;
            last.old.end = old.end;
            last.new.end = new.end;
            return;
        }
    }
    ops.push(Op { tag, old, new });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiles(ops: &[Op], a: usize, b: usize) {
        let (mut i, mut j) = (0, 0);
        for op in ops {
            assert_eq!(op.old.start, i);
            assert_eq!(op.new.start, j);
            assert!(!op.old.is_empty() || !op.new.is_empty());
            i = op.old.end;
            j = op.new.end;
        }
        assert_eq!((i, j), (a, b));
    }

    #[test]
    fn trims_and_tiles() {
        let a = [1, 2, 3, 4, 5];
        let b = [1, 2, 9, 4, 5, 6];
        let (ops, approx) = diff_ids(&a, &b, Algorithm::Myers, None);
        assert!(!approx);
        tiles(&ops, 5, 6);
        assert_eq!(ops[1].tag, OpTag::Replace);
        let (ops, _) = diff_ids(&[], &b, Algorithm::Myers, None);
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].tag, OpTag::Insert);
        let (ops, _) = diff_ids(&a, &a, Algorithm::Histogram, None);
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].tag, OpTag::Equal);
    }
}
