//! Object ids: the blake3 hash of an object's bytes, written as 64 lowercase hex digits.
//!
//! A text's id is the plain blake3 of its bytes (so `b3sum FILE` names it too); a version
//! record's id is the blake3 of its canonical encoding ([`super::record`]).

use std::fmt;

/// The blake3 hash naming an object.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId([u8; 32]);

impl ObjectId {
    /// The id of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        ObjectId(*blake3::hash(bytes).as_bytes())
    }

    /// The id from a finished hasher.
    pub fn from_hash(hash: blake3::Hash) -> Self {
        ObjectId(*hash.as_bytes())
    }

    /// Parse exactly 64 lowercase hex digits.
    pub fn parse(hex: &str) -> Option<Self> {
        if hex.len() != 64 || !is_lower_hex(hex) {
            return None;
        }
        blake3::Hash::from_hex(hex).ok().map(Self::from_hash)
    }

    /// The 64-digit lowercase hex form.
    pub fn to_hex(&self) -> String {
        blake3::Hash::from_bytes(self.0).to_hex().to_string()
    }

    /// The fan-out folder (first two hex digits) and file name (the other 62).
    pub fn fanout(&self) -> (String, String) {
        let hex = self.to_hex();
        (hex[..2].to_string(), hex[2..].to_string())
    }

    /// Whether this id's hex form starts with `prefix` (lowercase hex).
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.to_hex().starts_with(prefix)
    }

    /// The first 12 hex digits, for tables.
    pub fn short(&self) -> String {
        self.to_hex()[..12].to_string()
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl serde::Serialize for ObjectId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl fmt::Debug for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObjectId({})", self.to_hex())
    }
}

/// Whether `s` is non-empty lowercase hex.
pub fn is_lower_hex(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The shortest accepted hash prefix in a reference.
pub const MIN_PREFIX: usize = 6;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_hash() {
        // b3sum of the empty input.
        assert_eq!(
            ObjectId::of(b"").to_hex(),
            "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
        );
    }

    #[test]
    fn parse_refuses_bad_hex() {
        let h = ObjectId::of(b"x").to_hex();
        assert!(ObjectId::parse(&h).is_some());
        assert!(ObjectId::parse(&h.to_uppercase()).is_none());
        assert!(ObjectId::parse(&h[..63]).is_none());
        assert!(ObjectId::parse(&format!("{h}0")).is_none());
        assert!(ObjectId::parse(&h.replace(&h[..1], "g")).is_none());
    }

    proptest! {
        #[test]
        fn hex_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let id = ObjectId::of(&bytes);
            let hex = id.to_hex();
            prop_assert_eq!(hex.len(), 64);
            prop_assert_eq!(ObjectId::parse(&hex), Some(id));
            let (dir, file) = id.fanout();
            prop_assert_eq!(format!("{dir}{file}"), hex.clone());
            for n in [MIN_PREFIX, 12, 64] {
                prop_assert!(id.starts_with(&hex[..n]));
            }
        }
    }
}
