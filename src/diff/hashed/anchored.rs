//! Anchored diffs of long stretches over their tokens' key hashes, held cut to a [`Short`]
//! or computed again on each read ([`Rehash`]).

use super::*;

/// A key hash held for every token of a stretch: its low 32 bits. Half the memory of the
/// full hash, for the stretches short enough to hold (at most [`STREAM_MIN`] tokens, whose
/// keys seldom number more than some tens of thousands: a pair of them sharing the low bits
/// is rare, and a pair the script then calls equal is caught by the check of every equal
/// pair's keys, as a full hash's collision is). The low bits are the full hash's, so the bit
/// sets of [`Unique`] read the same bits from both.
pub(super) type Short = u32;

/// A full key hash cut to a [`Short`]: its low bits.
pub(super) fn short(h: u64) -> Short {
    h as Short
}

/// The key hashes of a stretch of one side's compared tokens, indexed from the stretch's
/// start.
pub(super) trait Hashes: Sync {
    /// A hash as held: [`Short`] or the full `u64`.
    type Hash: Copy + Eq + std::hash::Hash + Into<u64> + Send + Sync;
    fn len(&self) -> usize;
    /// The hash of token `i`.
    fn at(&self, i: usize) -> Self::Hash;
    /// The hashes of tokens `r`.
    fn slice(&self, r: Range<usize>) -> Cow<'_, [Self::Hash]>;
}

impl Hashes for [Short] {
    type Hash = Short;

    fn len(&self) -> usize {
        <[Short]>::len(self)
    }

    #[inline]
    fn at(&self, i: usize) -> Short {
        self[i]
    }

    fn slice(&self, r: Range<usize>) -> Cow<'_, [Short]> {
        Cow::Borrowed(&self[r])
    }
}

/// Hashes computed again on every read.
pub(super) struct Rehash<'a, 't> {
    side: &'a Hashed<'t>,
    at: Range<usize>,
    norm: &'a Normalizer,
    plain: bool,
}

impl<'a, 't> Rehash<'a, 't> {
    pub(super) fn new(side: &'a Hashed<'t>, at: Range<usize>, norm: &'a Normalizer) -> Self {
        let plain = norm.ascii_is_key();
        Rehash {
            side,
            at,
            norm,
            plain,
        }
    }
}

impl Hashes for Rehash<'_, '_> {
    type Hash = u64;

    fn len(&self) -> usize {
        self.at.len()
    }

    #[inline]
    fn at(&self, i: usize) -> u64 {
        self.side.hash_at(self.at.start + i, self.norm, self.plain)
    }

    fn slice(&self, r: Range<usize>) -> Cow<'_, [u64]> {
        let s = self.at.start;
        Cow::Owned(self.side.hashes(s + r.start..s + r.end, self.norm, |h| h))
    }
}

/// Diff two long runs of hashes: cut at the tokens unique in both (kept in an order both
/// agree on, as patience diff does) and the pieces diffed in parallel. Reads each hash
/// three or four times, in order, and holds no table per token: only bit sets and a map of
/// the old side's candidate anchors.
pub(super) fn diff_anchored<H: Hashes + ?Sized>(
    sa: &H,
    sb: &H,
    strict: bool,
    algorithm: Algorithm,
    deadline: Option<Instant>,
) -> Vec<Op> {
    let (ua, ub) = rayon::join(|| Unique::of(sa), || Unique::of(sb));
    // The old side's tokens found once in each text (as far as the bits tell): found in
    // parallel, then put in a map by hash. (Positions only, 4 bytes each, and a map sized
    // once: a list of hashes beside a growing map took twice the memory.)
    let found: Vec<u32> = blocks(sa.len())
        .flat_map_iter(|r| {
            let hs = sa.slice(r.clone());
            let keep = |&(_, &h): &(usize, &H::Hash)| ua.surely(h.into()) && ub.once(h.into());
            let found: Vec<u32> = (r.start..)
                .zip(hs.iter())
                .filter(keep)
                .map(|(i, _)| i as u32)
                .collect();
            found
        })
        .collect();
    drop(ua);
    let mut pos_a: FxHashMap<H::Hash, u32> = FxHashMap::default();
    pos_a.reserve(found.len());
    pos_a.extend(found.into_iter().map(|i| (sa.at(i as usize), i)));
    // With `strict`, an anchor must also agree with its neighbours: a unique word inside a
    // phrase that swapped places with another would otherwise pin the swap the wrong way
    // round (the longer phrase moved instead of the shorter), at the cost of a few edits.
    // (Measured on 100k words, 1 %: 0.27 % over minimal without, 0.000 % with. On a whole
    // text with 10 % changed it costs more time than it saves edits: 21,545 edits against
    // 21,547, 0.021 s against 0.023 s.)
    let agree = |i: usize, j: usize| {
        !strict
            || (i == 0 || j == 0 || sa.at(i - 1) == sb.at(j - 1))
                && (i + 1 >= sa.len() || j + 1 >= sb.len() || sa.at(i + 1) == sb.at(j + 1))
    };
    // The new side's, in order, paired with the old side's.
    let pairs: Vec<(u32, u32)> = blocks(sb.len())
        .flat_map_iter(|r| {
            let hs = sb.slice(r.clone());
            let pairs: Vec<(u32, u32)> = (r.start..)
                .zip(hs.iter())
                .filter_map(|(j, &h)| {
                    let &i = pos_a.get(&h).filter(|_| ub.surely(h.into()))?;
                    agree(i as usize, j).then_some((i, j as u32))
                })
                .collect();
            pairs
        })
        .collect();
    drop((pos_a, ub));
    let sure =
        |a: usize, b: usize| in_context(a, b, sa.len(), sb.len(), |i, j| sa.at(i) == sb.at(j));
    let gaps = cut_gaps(
        &longest_increasing_by(pairs, |p| p.0),
        sa.len(),
        sb.len(),
        sure,
    );
    diff_gaps(&gaps, |(x, y)| {
        let (ha, hb) = (sa.slice(x.clone()), sb.slice(y.clone()));
        let ops = diff_gap(&ha, &hb, 0..ha.len(), 0..hb.len(), algorithm, deadline);
        ops.into_iter()
            .map(|op| op.shifted(x.start, y.start))
            .collect()
    })
}

/// Hashes read at a time from a [`Rehash`].
const BLOCK_HASHES: usize = 1 << 12;

/// `0..len` in blocks of [`BLOCK_HASHES`], to be read in parallel.
fn blocks(len: usize) -> impl IndexedParallelIterator<Item = Range<usize>> {
    (0..len.div_ceil(BLOCK_HASHES))
        .into_par_iter()
        .with_min_len(4)
        .map(move |k| k * BLOCK_HASHES..((k + 1) * BLOCK_HASHES).min(len))
}

/// Which hashes occur once in a run of them, as far as their low bits tell: those whose low
/// bits no other hash of the run shares. Two bit sets (seen, seen again) of 4 to 8 bits per
/// token stay in cache where a table of counts would not; the price is that a unique token
/// whose bits another shares (one in ten or so) is not taken as an anchor.
struct Unique {
    /// Per 64 hashes' worth of bits: (seen, seen again), side by side in one cache line.
    bits: Vec<[u64; 2]>,
    mask: u64,
}

impl Unique {
    fn of<H: Hashes + ?Sized>(s: &H) -> Unique {
        let n = (s.len() * 4).next_power_of_two().max(1 << 12);
        let mut bits = vec![[0u64; 2]; n / 64];
        let mask = n as u64 - 1;
        for r in (0..s.len()).step_by(BLOCK_HASHES) {
            // A block of hashes first: the loop over the bits then keeps many cache misses
            // in flight.
            for &h in s.slice(r..(r + BLOCK_HASHES).min(s.len())).iter() {
                let b = h.into() & mask;
                let [seen, again] = &mut bits[(b / 64) as usize];
                let bit = 1u64 << (b % 64);
                *again |= *seen & bit;
                *seen |= bit;
            }
        }
        Unique { bits, mask }
    }

    #[inline]
    fn get(&self, h: u64) -> (bool, bool) {
        let b = h & self.mask;
        let [seen, again] = self.bits[(b / 64) as usize];
        let bit = 1u64 << (b % 64);
        (seen & bit != 0, again & bit != 0)
    }

    /// True when `h` occurs at most once in the run (surely, if it is from the run).
    #[inline]
    fn surely(&self, h: u64) -> bool {
        !self.get(h).1
    }

    /// True when `h` surely occurs exactly once in the run, or a hash sharing its bits does.
    #[inline]
    fn once(&self, h: u64) -> bool {
        self.get(h) == (true, false)
    }
}
