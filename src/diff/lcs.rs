//! The exact length of a longest common subsequence of two id sequences, by the bit-parallel
//! algorithm of Allison and Dix (in Hyyrö's formulation): the minimal edit count against which
//! the engine's scripts are measured (tests, and the `min_edits` example the benchmark runs).
//! Not used by the diff itself: it gives a length, not a script.
//!
//! One bit per token of A, one pass over B, `V ← (V + (V & M[b])) | (V & ¬M[b])`. Match masks
//! are kept sparse (per key, the 64-bit words of A where it occurs), and a row only touches
//! the words its key occurs in, the words a carry runs into, and nothing past the last word
//! any row has changed (those are all ones, and stay so but for one bit). O(n·m/64) at worst,
//! O(n) memory.

/// The length of a longest common subsequence of `a` and `b` (ids are dense: small `u32`s).
#[doc(hidden)]
pub fn lcs_len(a: &[u32], b: &[u32]) -> usize {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suf], &b[..b.len() - suf]);
    pre + suf + lcs_bits(a, b)
}

/// Per key, the words of A it occurs in: `words[start[k]..start[k + 1]]`, each
/// `(word index, bits)`, in increasing word order.
struct Masks {
    start: Vec<usize>,
    words: Vec<(u32, u64)>,
}

impl Masks {
    fn new(a: &[u32], keys: usize) -> Masks {
        // Counting pass (an upper bound: one entry per occurrence), then fill.
        let mut start = vec![0usize; keys + 1];
        let mut last = vec![u32::MAX; keys];
        for (i, &k) in a.iter().enumerate() {
            let w = (i / 64) as u32;
            if last[k as usize] != w {
                last[k as usize] = w;
                start[k as usize + 1] += 1;
            }
        }
        for k in 0..keys {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut words = vec![(0u32, 0u64); start[keys]];
        for (i, &k) in a.iter().enumerate() {
            let (w, bit) = ((i / 64) as u32, 1u64 << (i % 64));
            let k = k as usize;
            if fill[k] > start[k] && words[fill[k] - 1].0 == w {
                words[fill[k] - 1].1 |= bit;
            } else {
                words[fill[k]] = (w, bit);
                fill[k] += 1;
            }
        }
        Masks { start, words }
    }

    fn of(&self, key: u32) -> &[(u32, u64)] {
        match self.start.get(key as usize + 1) {
            Some(&end) => &self.words[self.start[key as usize]..end],
            None => &[],
        }
    }
}

/// The LCS length of `a` and `b` by the bit-parallel algorithm (Allison–Dix, Hyyrö).
///
/// `v` has one bit per token of `a`, all ones at first; a zero bit at `i` after row `j` means
/// `LCS(a[..=i], b[..=j])` is one more than `LCS(a[..i], b[..=j])`. Row `b[j]` with match mask
/// `M`: `v ← (v + (v & M)) | (v & ¬M)`, the carry running across words (and out of the last
/// one, dropped). Bits past `a.len()` in the last word are ones and stay ones (`M` is zero
/// there and `v & ¬M` keeps them).
///
/// A word whose mask is zero changes only if a carry comes in (then `v + 1 | v`, and the carry
/// goes on only through an all-ones word), so a row visits the words of its key and the words
/// a carry runs into. Words from `active` on are all ones; there a row changes nothing but the
/// lowest match bit of the first word of its key at or past `active`, and only when no carry
/// reaches `active` (an all-ones word with a carry in gives `M + carry-out`, OR `¬M`: all ones
/// again): then that word becomes the last active one.
fn lcs_bits(a: &[u32], b: &[u32]) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let keys = a.iter().chain(b).max().map_or(0, |&k| k as usize + 1);
    let masks = Masks::new(a, keys);
    let mut v = vec![u64::MAX; a.len().div_ceil(64)];
    let mut active = 0usize;
    for &key in b {
        let ms = masks.of(key);
        let mut carry = false;
        // The next word not yet visited in this row.
        let mut w = 0usize;
        let mut beyond = ms.len();
        for (j, &(wi, m)) in ms.iter().enumerate() {
            let wi = wi as usize;
            if wi >= active {
                beyond = j;
                break;
            }
            // Zero-mask words before `wi`: only the carry changes them.
            while carry && w < wi {
                let x = v[w];
                let (s, c) = x.overflowing_add(1);
                v[w] = s | x;
                carry = c;
                w += 1;
            }
            let x = v[wi];
            let u = x & m;
            let (s, c1) = x.overflowing_add(u);
            let (s, c2) = s.overflowing_add(u64::from(carry));
            v[wi] = s | (x & !m);
            carry = c1 | c2;
            w = wi + 1;
        }
        while carry && w < active {
            let x = v[w];
            let (s, c) = x.overflowing_add(1);
            v[w] = s | x;
            carry = c;
            w += 1;
        }
        if !carry && let Some(&(wi, m)) = ms.get(beyond) {
            // All ones before this row: v + M = M − 1 with a carry out, | ¬M clears the lowest
            // bit of M.
            v[wi as usize] &= !(m & m.wrapping_neg());
            active = wi as usize + 1;
        }
    }
    v.iter().map(|x| x.count_zeros() as usize).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The textbook O(n·m) dynamic programme.
    fn lcs_dp(a: &[u32], b: &[u32]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for &x in a {
            let mut diag = 0;
            for (j, &y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
                diag = up;
            }
        }
        row[b.len()]
    }

    /// Sequences over an alphabet of `k` keys (small alphabets give long carry runs).
    fn seq(k: u32, max: usize) -> impl Strategy<Value = Vec<u32>> {
        proptest::collection::vec(0..k, 0..max)
    }

    /// `b` as `a` with a few edits, so long stretches agree (like real witnesses).
    fn near(a: Vec<u32>, k: u32) -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
        let n = a.len();
        proptest::collection::vec((0..n.max(1), 0u8..3, 0..k), 0..8).prop_map(move |edits| {
            let mut b = a.clone();
            for (p, op, key) in edits {
                let p = p.min(b.len());
                match op {
                    0 if p < b.len() => {
                        b.remove(p);
                    }
                    1 if p < b.len() => b[p] = key,
                    _ => b.insert(p, key),
                }
            }
            (a.clone(), b)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn bits_match_dp(k in 1u32..6, a in seq(6, 300), b in seq(6, 300)) {
            let a: Vec<u32> = a.into_iter().map(|x| x % k).collect();
            let b: Vec<u32> = b.into_iter().map(|x| x % k).collect();
            prop_assert_eq!(lcs_bits(&a, &b), lcs_dp(&a, &b));
            prop_assert_eq!(lcs_bits(&b, &a), lcs_dp(&a, &b));
            prop_assert_eq!(lcs_len(&a, &b), lcs_dp(&a, &b));
        }

        #[test]
        fn bits_match_dp_wide(a in seq(200, 400), b in seq(200, 400)) {
            prop_assert_eq!(lcs_bits(&a, &b), lcs_dp(&a, &b));
        }

        #[test]
        fn near_copies((a, b) in seq(40, 500).prop_flat_map(|a| near(a, 40))) {
            prop_assert_eq!(lcs_bits(&a, &b), lcs_dp(&a, &b));
            prop_assert_eq!(lcs_len(&a, &b), lcs_dp(&a, &b));
        }
    }

    #[test]
    fn word_edges() {
        // Lengths around multiples of 64, identical, disjoint and one token apart.
        for n in [1, 63, 64, 65, 127, 128, 129, 200, 320] {
            let a: Vec<u32> = (0..n).map(|i| (i % 7) as u32).collect();
            assert_eq!(lcs_bits(&a, &a), n);
            let other: Vec<u32> = (0..n).map(|i| (i % 5) as u32 + 7).collect();
            assert_eq!(lcs_bits(&a, &other), 0);
            let mut b = a.clone();
            b.remove(0);
            b.insert(n / 2, 99);
            assert_eq!(lcs_bits(&a, &b), lcs_dp(&a, &b));
            assert_eq!(lcs_len(&a, &b), n - 1);
            let same = vec![3u32; n];
            assert_eq!(lcs_bits(&same, &same[..n / 2]), n / 2);
        }
    }
}
