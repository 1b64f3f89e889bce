//! Work and edition names (reliability plan §3.6).
//!
//! A name is one path component: `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`, with no `..`, no `.lock`
//! suffix, no trailing dot and no Windows device name (`CON`, `NUL`, `COM1`…, with or without an
//! extension). Only ASCII is accepted, so control, bidi and zero-width characters and names
//! that differ only by Unicode normalization cannot occur; names that differ only by case are
//! refused by the store when a new work or edition is created ([`collides`]).

/// Longest accepted name.
pub const MAX_NAME_LEN: usize = 64;

const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why `name` is not a valid work or edition name, or `None` when it is.
pub fn invalid_reason(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("a name cannot be empty");
    }
    if name.contains('/') || name.contains('\\') {
        return Some("a name cannot contain '/' or '\\' (write WORK/EDITION for a reference)");
    }
    if name.contains("..") {
        return Some("a name cannot contain '..'");
    }
    if name.chars().any(|c| c.is_control()) {
        return Some("a name cannot contain control characters");
    }
    if name
        .chars()
        .any(|c| crate::escape::is_invisible(c) || crate::escape::is_bidi_control(c))
    {
        return Some("a name cannot contain invisible or bidi characters");
    }
    if !name.is_ascii() {
        return Some("a name may use only ASCII letters, digits, '.', '_' and '-'");
    }
    if name.len() > MAX_NAME_LEN {
        return Some("a name can be at most 64 characters long");
    }
    if !name.as_bytes()[0].is_ascii_alphanumeric() {
        return Some("a name must start with a letter or a digit");
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Some(if c == ' ' {
            "a name cannot contain spaces"
        } else {
            "a name may use only ASCII letters, digits, '.', '_' and '-'"
        });
    }
    if name.ends_with('.') {
        return Some("a name cannot end with '.'");
    }
    if name.to_ascii_lowercase().ends_with(".lock") {
        return Some("a name cannot end with '.lock'");
    }
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        return Some("a name cannot be a Windows device name (CON, NUL, AUX, COM1…)");
    }
    None
}

/// Whether `a` and `b` are different names that a case-insensitive or normalizing file
/// system would treat as the same.
pub fn collides(a: &str, b: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    a != b
        && a.nfc()
            .flat_map(char::to_lowercase)
            .eq(b.nfc().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bad_names() {
        for bad in [
            "",
            "../x",
            "a/../../etc",
            "/abs",
            ".hidden",
            "x.lock",
            "a..b",
            "con",
            "NUL",
            "aux.txt",
            "a\\b",
            "a\x1bb",
            "a\u{202e}b",
            "a\u{200b}b",
            "a b",
            "trailing.",
            "José",
            "-x",
        ] {
            assert!(invalid_reason(bad).is_some(), "{bad:?} accepted");
        }
        assert!(invalid_reason(&"a".repeat(65)).is_some());
        for good in [
            "politburo-1932",
            "en-marxists",
            "es_ceip.v2",
            "a",
            "1932",
            "console",
        ] {
            assert_eq!(invalid_reason(good), None, "{good:?} refused");
        }
    }

    #[test]
    fn case_collisions() {
        assert!(collides("Smith", "smith"));
        assert!(!collides("smith", "smith"));
        assert!(!collides("smith", "smyth"));
    }
}
