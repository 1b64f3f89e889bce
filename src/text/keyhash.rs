//! A fast 64-bit hash of comparison keys (the word diff hashes millions of them).
//!
//! Keys of up to 16 bytes (nearly every word) are read as two little-endian words padded with
//! zeros, which with the length determine the key, and mixed with one folded
//! 64×64→128-bit multiply; [`hash_in`] reads them straight from the text with masks instead
//! of copying, so the common case has no branch on the length. Longer keys are read 16
//! bytes at a time, as wyhash (public domain) does. While it reads the bytes the hash also
//! tells whether they are all ASCII, which the caller would otherwise check in a second pass.
//! Not a defence against crafted collisions: callers confirm matches by key.

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
const HIGH: u64 = 0x8080_8080_8080_8080;

#[inline(always)]
fn mum(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

#[inline(always)]
fn r8(k: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&k[i..i + 8]);
    u64::from_le_bytes(w)
}

/// The low `n` bytes (`n` ≤ 8) of a word set.
#[inline(always)]
fn low_bytes(n: usize) -> u64 {
    u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0)
}

/// The hash of a key of at most 16 bytes, given as its two zero-padded words.
#[inline(always)]
fn short(lo: u64, hi: u64, n: usize) -> (u64, bool) {
    let h = mum(lo ^ P0 ^ (n as u64).wrapping_mul(P2), hi ^ P1);
    (h, (lo | hi) & HIGH == 0)
}

/// The hash of `key`, and whether every byte of it is ASCII.
#[inline]
pub fn hash_key(key: &[u8]) -> (u64, bool) {
    let n = key.len();
    if n <= 16 {
        let mut w = [0u8; 16];
        w[..n].copy_from_slice(key);
        return short(r8(&w, 0), r8(&w, 8), n);
    }
    let (mut seed, mut high, mut i) = (P0, 0, 0);
    while n - i > 16 {
        let (x, y) = (r8(key, i), r8(key, i + 8));
        high |= x | y;
        seed = mum(x ^ P1, y ^ seed);
        i += 16;
    }
    let (x, y) = (r8(key, n - 16), r8(key, n - 8));
    let h = mum(P1 ^ n as u64, mum(x ^ P1, y ^ seed ^ P2));
    (h, (high | x | y) & HIGH == 0)
}

/// [`hash_key`] of `text[range]`, reading short keys in place.
#[inline]
pub fn hash_in(text: &[u8], range: std::ops::Range<usize>) -> (u64, bool) {
    let n = range.len();
    if n <= 16 && range.start + 16 <= text.len() {
        let lo = r8(text, range.start);
        let hi = r8(text, range.start + 8);
        let (mlo, mhi) = (low_bytes(n.min(8)), low_bytes(n.saturating_sub(8)));
        return short(lo & mlo, hi & mhi, n);
    }
    hash_key(&text[range])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_flag_sees_every_byte() {
        for n in 0..40 {
            let ascii = vec![b'a'; n];
            assert!(hash_key(&ascii).1, "{n}");
            for at in 0..n {
                let mut k = ascii.clone();
                k[at] = 0xC3;
                assert!(!hash_key(&k).1, "byte {at} of {n}");
            }
        }
    }

    #[test]
    fn every_byte_counts() {
        // Changing any one byte of a key (of any length path) changes its hash.
        for n in 1..40 {
            let base: Vec<u8> = (0..n as u8).map(|i| b'a' + i % 26).collect();
            let h = hash_key(&base).0;
            for at in 0..n {
                let mut k = base.clone();
                k[at] = b'Z';
                assert_ne!(hash_key(&k).0, h, "byte {at} of {n}");
            }
        }
        // Length counts too (zero bytes are read as padding by nothing).
        assert_ne!(hash_key(b"a\0").0, hash_key(b"a").0);
        assert_ne!(hash_key(b"").0, hash_key(b"\0").0);
    }

    #[test]
    fn in_place_equals_copied() {
        let text = b"a bc def ghij klmnopqr stuvwxyzABCDEFG HIJKLMNOPQRSTUVWXYZ0123456789 \xC3\xA9t\xC3\xA9 end";
        for start in 0..text.len() {
            for end in start..=text.len().min(start + 40) {
                assert_eq!(
                    hash_in(text, start..end),
                    hash_key(&text[start..end]),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn no_collisions_among_short_keys() {
        // All 1–3 letter keys over a 40-symbol alphabet: 65,640 keys, distinct hashes.
        let alphabet: Vec<u8> = (b'a'..=b'z').chain(b'0'..=b'9').chain(*b".,'-").collect();
        let mut seen = std::collections::HashSet::new();
        let mut count = 0;
        for &x in &alphabet {
            seen.insert(hash_key(&[x]).0);
            count += 1;
            for &y in &alphabet {
                seen.insert(hash_key(&[x, y]).0);
                count += 1;
                for &z in &alphabet {
                    seen.insert(hash_key(&[x, y, z]).0);
                    count += 1;
                }
            }
        }
        assert_eq!(seen.len(), count);
    }
}
