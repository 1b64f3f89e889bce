//! The shared model of a text being compared: where it came from and what is known about it.
//! A leaf: the store builds witnesses, compute and renderers read them, and none of them needs
//! the others to do so.

use std::path::PathBuf;

/// A text to compare, from the store or from a file, with what is known about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Witness {
    /// What the user called it: `politburo-1932/en-marxists@2`, or the file path as given.
    pub label: String,
    /// Short identifier for tables and apparatus: the edition's siglum, else its name, else the
    /// file's stem.
    pub siglum: String,
    /// Canonical reference `WORK/EDITION@N` when it comes from the store.
    pub reference: Option<String>,
    /// Work name, when from the store.
    pub work: Option<String>,
    /// Edition name, when from the store.
    pub edition: Option<String>,
    /// Version number, when from the store.
    pub version: Option<u32>,
    /// Language (BCP 47), when known.
    pub lang: Option<String>,
    /// Edition kind (`original`, `transcription`, `emendation`, `translation`), when known.
    pub kind: Option<String>,
    /// The edition this one translates (`WORK/EDITION`), when known.
    pub translation_of: Option<String>,
    /// The language translated from, when known.
    pub source_lang: Option<String>,
    /// The file it was read from (files only).
    pub path: Option<PathBuf>,
    /// blake3 of the bytes, lowercase hex.
    pub hash: String,
    /// The decoded text (without BOM).
    pub text: String,
}
