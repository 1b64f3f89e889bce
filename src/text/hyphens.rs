//! Undoing line-end hyphenation (`--join-hyphens`): `con- tinues` and `con-\ntinues` become
//! `continues`.

use std::borrow::Cow;
use std::sync::LazyLock;

/// A letter, a hyphen, then spaces or one line break, then a lower-case word: the two halves
/// of a word hyphenated at a line end (`con-\ntinues`) or left apart by a transcription
/// (`con- tinues`). A hyphen with a letter right after it (`well-known`) is left alone, and so
/// is one before a capital (`Anglo- Saxon` may be a name), a digit or a blank line.
static BROKEN: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(\p{L})-([ \t]+|[ \t]*\r?\n[ \t]*)(\p{Ll}[\p{L}\p{M}]*)")
        .expect("valid pattern")
});

/// `text` with every hyphenated line-end break joined: the hyphen is dropped and the break
/// (spaces or line break) moves after the joined word, so the text keeps its lines (columns
/// after a joined word shift left).
pub fn join_hyphens(text: &str) -> Cow<'_, str> {
    BROKEN.replace_all(text, "$1$3$2")
}

#[cfg(test)]
mod tests {
    use super::join_hyphens;

    #[test]
    fn joins_broken_words_and_keeps_lines() {
        assert_eq!(join_hyphens("it con- tinues"), "it continues ");
        assert_eq!(join_hyphens("it con-\ntinues here"), "it continues\n here");
        assert_eq!(join_hyphens("it con-\r\n  tinues"), "it continues\r\n  ");
        assert_eq!(
            join_hyphens("a well-known Anglo- Saxon; 1914- 18; end-\n\nnext"),
            "a well-known Anglo- Saxon; 1914- 18; end-\n\nnext"
        );
        assert_eq!(join_hyphens("no breaks"), "no breaks");
    }
}
