//! TEI P5 XML input: recognise a TEI document and derive its reading text, with the page,
//! line and source position of every stretch of it.
//!
//! The reading text is what lectio compares: the text of `<text>` only, with editorial
//! apparatus (`<note>`, `<fw>`), comments and processing instructions left out, one reading of
//! each `<choice>` and one revision layer, block elements as paragraph breaks and whitespace
//! normalised as TEI processors do. The rules, each with an example, are in `docs/tei.md`.
//!
//! Parsing is quick-xml's; lectio never expands entities beyond XML's five and character
//! references: a DOCTYPE that declares entities is refused (billion laughs, external
//! entities), as are too deep elements and too long attributes.
//!
//! ```
//! use lectio::tei::{Options, extract, is_tei};
//!
//! let xml = r#"<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>
//!   <p>It was <choice><sic>teh</sic><corr>the</corr></choice> suc<pb n="12"/>cess.</p>
//! </body></text></TEI>"#;
//! assert!(is_tei(xml));
//! let read = extract(xml, &Options::default()).unwrap();
//! assert_eq!(read.text, "It was the success.\n");
//! ```

mod out;
mod reader;
mod rules;
#[cfg(test)]
mod tests;

use crate::witness::{Markup, Witness};

/// The TEI namespace.
pub const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";

/// The deepest element nesting read (deeper is refused: a resource limit).
pub const MAX_DEPTH: usize = 256;
/// The longest attribute value read, in bytes (longer is refused: a resource limit).
pub const MAX_ATTRIBUTE: usize = 64 * 1024;

/// Which revision layer to read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layer {
    /// Post-correction: `<add>` kept, `<del>` dropped (`<subst>` reads its `<add>`).
    #[default]
    Pc,
    /// Ante-correction: `<del>` kept, `<add>` dropped.
    Ac,
}

/// Which reading of a `<choice>` to take.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Choose {
    /// `<corr>`, `<expan>`, `<reg>`.
    #[default]
    Editorial,
    /// `<sic>`, `<abbr>`, `<orig>`.
    Diplomatic,
}

/// How a text is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// TEI when the root is `TEI` or `teiCorpus` in the TEI namespace, else plain text.
    #[default]
    Auto,
    /// Plain text, whatever it looks like.
    Text,
    /// TEI XML (an error when it is not well-formed XML).
    Tei,
}

/// How a command reads its texts: the format, and the TEI reader's options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadAs {
    /// Plain text, TEI, or recognise.
    pub format: InputFormat,
    /// How TEI is read.
    pub options: Options,
}

/// Options of the TEI reader.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The revision layer.
    pub layer: Layer,
    /// The reading of `<choice>`.
    pub choose: Choose,
    /// Keep the text of `<note>`.
    pub keep_note: bool,
    /// Keep the text of `<fw>` (running heads, catchwords, page numbers).
    pub keep_fw: bool,
    /// Read `<unclear>` as a lacuna (as `<gap/>`) instead of as its text.
    pub unclear_gap: bool,
}

/// A reading text derived from TEI, and where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// The reading text: paragraphs separated by a blank line, words by one space, ending with
    /// a newline (empty when there is no text).
    pub text: String,
    /// Reading offset → source offset, page and line.
    pub map: crate::witness::SourceMap,
    /// Whether the source has revisions (`<add>`, `<del>`, `<subst>`).
    pub revisions: bool,
    /// Reading offsets of lacunae.
    pub lacunae: Vec<u32>,
}

/// Why a TEI document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TeiError {
    /// Not well-formed XML.
    #[error("{origin}:{line}:{column}: invalid XML: {message}")]
    Invalid {
        /// The file or reference.
        origin: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// A construct lectio refuses to read (entity declarations).
    #[error("{origin}:{line}:{column}: refused: {message}")]
    Refused {
        /// The file or reference.
        origin: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What was refused and why.
        message: String,
    },
    /// Too deep or too long: a resource limit.
    #[error("{origin}:{line}:{column}: {message}")]
    Limit {
        /// The file or reference.
        origin: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// Which limit.
        message: String,
    },
}

impl TeiError {
    /// Whether this is a resource limit (exit 5) rather than an input error (exit 2).
    pub fn is_limit(&self) -> bool {
        matches!(self, TeiError::Limit { .. })
    }
}

impl crate::exit::Classify for TeiError {
    /// A resource limit (exit 5), else an input error (exit 2).
    fn kind(&self) -> crate::exit::Kind {
        if self.is_limit() {
            crate::exit::Kind::Limit
        } else {
            crate::exit::Kind::Input
        }
    }
}

/// Whether `text` is a TEI document: its root element is `TEI` or `teiCorpus` in the TEI
/// namespace. Reads only up to the root's start tag; anything not XML is not TEI.
pub fn is_tei(text: &str) -> bool {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !trimmed.starts_with('<') {
        return false;
    }
    let mut reader = quick_xml::NsReader::from_str(trimmed);
    loop {
        match reader.read_resolved_event() {
            Ok((ns, quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))) => {
                let local = e.local_name();
                let is_root = matches!(local.as_ref(), "TEI" | "teiCorpus");
                return is_root
                    && matches!(ns, quick_xml::name::ResolveResult::Bound(n) if n.as_ref() == TEI_NS);
            }
            Ok((_, quick_xml::events::Event::Eof)) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// Derive the reading text of the TEI document `xml` (`origin` names it in errors).
pub fn extract_from(xml: &str, origin: &str, opts: &Options) -> Result<Reading, TeiError> {
    reader::Extractor::new(xml, origin, opts).run()
}

/// [`extract_from`] with no name for errors (`<input>`).
pub fn extract(xml: &str, opts: &Options) -> Result<Reading, TeiError> {
    extract_from(xml, "<input>", opts)
}

/// Whether `w` should be read as TEI under `format`.
pub fn wants_tei(w: &Witness, format: InputFormat) -> bool {
    match format {
        InputFormat::Text => false,
        InputFormat::Tei => true,
        InputFormat::Auto => is_tei(&w.text),
    }
}

/// Read witness `w` as TEI when `format` says so (see [`wants_tei`]): its text becomes the
/// reading text and its markup keeps the source. A witness already read is read again from its
/// source (with these options). Plain text is returned unchanged.
pub fn read_witness(
    mut w: Witness,
    format: InputFormat,
    opts: &Options,
) -> Result<Witness, TeiError> {
    if let Some(m) = w.markup.take() {
        w.text = m.source;
    }
    if !wants_tei(&w, format) {
        return Ok(w);
    }
    let origin = w.label.clone();
    let reading = extract_from(&w.text, &origin, opts)?;
    let source = std::mem::replace(&mut w.text, reading.text);
    w.markup = Some(Box::new(Markup {
        source,
        map: reading.map,
        revisions: reading.revisions,
        lacunae: reading.lacunae,
    }));
    Ok(w)
}

/// A witness as one or two revision layers (`collate --layers`): a TEI witness with revisions
/// becomes two, `SIGLUM-ac` (before correction) and `SIGLUM-pc` (after), each read with `opts`
/// but its own layer and labelled `LABEL (ac)` / `LABEL (pc)`; any other witness is returned as
/// it is.
pub fn split_layers(w: Witness, opts: &Options) -> Result<Vec<Witness>, TeiError> {
    if !w.markup.as_ref().is_some_and(|m| m.revisions) {
        return Ok(vec![w]);
    }
    let mut out = Vec::with_capacity(2);
    for (layer, suffix) in [(Layer::Ac, "ac"), (Layer::Pc, "pc")] {
        let opts = Options { layer, ..*opts };
        let mut lw = read_witness(w.clone(), InputFormat::Tei, &opts)?;
        lw.siglum = format!("{}-{suffix}", w.siglum);
        lw.label = format!("{} ({suffix})", w.label);
        out.push(lw);
    }
    Ok(out)
}
