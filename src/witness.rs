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
    /// The decoded text (without BOM): for a marked-up source (TEI), its reading text.
    pub text: String,
    /// For a marked-up source (TEI): the source and where the reading text came from in it.
    pub markup: Option<Box<Markup>>,
}

impl Witness {
    /// The reading offsets of its lacunae (TEI `<gap/>`); empty for plain text.
    pub fn lacunae(&self) -> Vec<u32> {
        self.markup
            .as_ref()
            .map(|m| m.lacunae.clone())
            .unwrap_or_default()
    }
}

/// What reading a marked-up source (TEI XML) left beside its reading text: the source itself
/// and where each stretch of the reading text came from in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Markup {
    /// The source as decoded (the XML), byte for byte as stored.
    pub source: String,
    /// Reading-text offset → source offset, page and line.
    pub map: SourceMap,
    /// Whether the source records revisions (`<add>`, `<del>`, `<subst>`), so that it has an
    /// ante- and a post-correction layer.
    pub revisions: bool,
    /// Offsets in the reading text where the source has a lacuna (`<gap/>`; `<unclear>` read
    /// as a gap), in increasing order.
    pub lacunae: Vec<u32>,
}

/// Where each stretch of a reading text came from: offsets into the source, and the page and
/// line (from `<pb n>` / `<lb n>`) in force from a reading-text offset on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// `(reading offset, source offset)`: from this reading offset on, text is copied byte for
    /// byte from this source offset (until the next entry).
    pub segments: Vec<(u32, u32)>,
    /// `(reading offset, page label)`: the page in force from this offset on.
    pub pages: Vec<(u32, Box<str>)>,
    /// `(reading offset, line label)`: the line in force from this offset on (`None` after a
    /// page break, until the page's first line break).
    pub lines: Vec<(u32, Option<Box<str>>)>,
}

/// The location of a reading-text offset in its marked-up source.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Loc {
    /// The page (`<pb n>`, or the count of page breaks when `n` is absent), if any.
    pub page: Option<String>,
    /// The line on that page (`<lb n>`, or counted), if any.
    pub line: Option<String>,
    /// 1-based line in the source file.
    pub xml_line: u32,
    /// 1-based column (in characters) in the source file.
    pub xml_col: u32,
}

impl Loc {
    /// The reference an editor prints: `p. 12, l. 7`, `p. 12`, `l. 7`, or `None`.
    pub fn citation(&self) -> Option<String> {
        match (&self.page, &self.line) {
            (Some(p), Some(l)) => Some(format!("p. {p}, l. {l}")),
            (Some(p), None) => Some(format!("p. {p}")),
            (None, Some(l)) => Some(format!("l. {l}")),
            (None, None) => None,
        }
    }
}

/// Answers [`Loc`]s for one marked-up witness (builds the source's line index once).
#[derive(Debug)]
pub struct Locator<'a> {
    markup: &'a Markup,
    lines: crate::text::LineIndex,
}

impl Markup {
    /// A locator over this source.
    pub fn locator(&self) -> Locator<'_> {
        Locator {
            markup: self,
            lines: crate::text::LineIndex::new(&self.source),
        }
    }

    /// The source offset of reading-text offset `offset`.
    pub fn source_offset(&self, offset: usize) -> usize {
        let segs = &self.map.segments;
        let i = segs.partition_point(|&(out, _)| out as usize <= offset);
        match i.checked_sub(1).map(|i| segs[i]) {
            Some((out, src)) => (src as usize + (offset - out as usize)).min(self.source.len()),
            None => 0,
        }
    }

    /// Whether a lacuna lies at or between reading offsets `start..=end`.
    pub fn lacuna_within(&self, start: usize, end: usize) -> bool {
        let i = self.lacunae.partition_point(|&l| (l as usize) < start);
        self.lacunae.get(i).is_some_and(|&l| l as usize <= end)
    }
}

fn in_force<T: Clone>(marks: &[(u32, T)], offset: usize) -> Option<T> {
    let i = marks.partition_point(|(out, _)| *out as usize <= offset);
    i.checked_sub(1).map(|i| marks[i].1.clone())
}

impl Locator<'_> {
    /// The location of reading-text offset `offset`.
    pub fn locate(&self, offset: usize) -> Loc {
        let src = self.markup.source_offset(offset);
        let (xml_line, xml_col) = self.lines.line_col(&self.markup.source, src);
        let map = &self.markup.map;
        Loc {
            page: in_force(&map.pages, offset).map(String::from),
            line: in_force(&map.lines, offset).flatten().map(String::from),
            xml_line,
            xml_col,
        }
    }
}
