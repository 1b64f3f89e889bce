//! The extraction loop over quick-xml events.

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::out::{Out, Pending};
use super::rules::{Role, is_revision, role};
use super::{MAX_ATTRIBUTE, MAX_DEPTH, Options, Reading, TeiError};

/// One open element.
#[derive(Clone, Copy, Debug)]
struct Frame {
    role: Role,
    /// Its content is not read (it or an ancestor is dropped, or it lies outside `<text>`).
    dropped: bool,
    /// It is a `<text>` element.
    text: bool,
}

/// Attributes that matter: `n` and `break="no"`.
#[derive(Default)]
struct Attrs {
    n: Option<String>,
    no_break: bool,
}

pub(super) struct Extractor<'a> {
    xml: &'a str,
    origin: &'a str,
    opts: &'a Options,
    reader: quick_xml::Reader<&'a [u8]>,
    /// Where the reader's input starts in `xml`: after a byte-order mark, which quick-xml
    /// would otherwise skip without counting it in its positions.
    base: usize,
    out: Out,
    stack: Vec<(Frame, usize)>,
    /// Open `<text>` elements (the root is read whole when it is not TEI's).
    in_text: usize,
    root_is_tei: bool,
    revisions: bool,
    pages: u32,
    lines: u32,
    seen_root: bool,
}

impl<'a> Extractor<'a> {
    pub fn new(xml: &'a str, origin: &'a str, opts: &'a Options) -> Self {
        let base = if xml.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let mut reader = quick_xml::Reader::from_str(&xml[base..]);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        Extractor {
            xml,
            origin,
            opts,
            reader,
            base,
            out: Out::new(xml.len() / 2),
            stack: Vec::new(),
            in_text: 0,
            root_is_tei: false,
            revisions: false,
            pages: 0,
            lines: 0,
            seen_root: false,
        }
    }

    fn line_col(&self, offset: usize) -> (u32, u32) {
        crate::text::LineIndex::new(self.xml).line_col(self.xml, offset)
    }

    fn invalid(&self, offset: usize, message: impl Into<String>) -> TeiError {
        let (line, column) = self.line_col(offset);
        TeiError::Invalid {
            origin: self.origin.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    fn limit(&self, offset: usize, message: impl Into<String>) -> TeiError {
        let (line, column) = self.line_col(offset);
        TeiError::Limit {
            origin: self.origin.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    pub fn run(mut self) -> Result<Reading, TeiError> {
        loop {
            let before = self.base + self.reader.buffer_position() as usize;
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = self.base + self.reader.error_position() as usize;
                    return Err(self.invalid(at, e.to_string()));
                }
            };
            let after = self.base + self.reader.buffer_position() as usize;
            match event {
                Event::Start(e) => self.start(&e, before, false)?,
                Event::Empty(e) => self.start(&e, before, true)?,
                Event::End(_) => self.end(),
                Event::Text(_) => {
                    if self.active() {
                        let s = &self.xml[before..after];
                        self.out.text(s, before);
                    }
                }
                Event::CData(_) => {
                    if self.active() {
                        let (from, to) = (before + "<![CDATA[".len(), after - "]]>".len());
                        let s = &self.xml[from..to.max(from)];
                        self.out.text(s, from);
                    }
                }
                Event::GeneralRef(r) => self.reference(&r, before)?,
                Event::DocType(d) => {
                    if d.contains("<!ENTITY") {
                        let (line, column) = self.line_col(before);
                        return Err(TeiError::Refused {
                            origin: self.origin.to_string(),
                            line,
                            column,
                            message: "the DOCTYPE declares entities; lectio never expands or \
                                      resolves entities (remove the declarations)"
                                .into(),
                        });
                    }
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => break,
            }
        }
        if let Some(&(_, at)) = self.stack.last() {
            let name = self
                .xml
                .get(at + 1..)
                .unwrap_or("")
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or("");
            return Err(self.invalid(at, format!("<{name}> is never closed")));
        }
        if !self.seen_root {
            return Err(self.invalid(self.xml.len(), "no root element"));
        }
        let (text, map, lacunae) = self.out.finish();
        Ok(Reading {
            text,
            map,
            revisions: self.revisions,
            lacunae,
        })
    }

    /// Whether the parser is inside `<text>` (or the root is not TEI's, so read whole).
    fn reading(&self) -> bool {
        self.in_text > 0 || !self.root_is_tei
    }

    /// Whether text here is reading text.
    fn active(&self) -> bool {
        match self.stack.last() {
            Some((f, _)) => !f.dropped && self.reading(),
            None => false,
        }
    }

    fn attrs(&self, e: &BytesStart<'_>, at: usize) -> Result<Attrs, TeiError> {
        let mut attrs = Attrs::default();
        for a in e.attributes() {
            let a = a.map_err(|err| self.invalid(at, err.to_string()))?;
            if a.value.len() > MAX_ATTRIBUTE {
                return Err(self.limit(
                    at,
                    format!("an attribute is longer than {MAX_ATTRIBUTE} bytes"),
                ));
            }
            match a.key.local_name().as_ref() {
                "n" => {
                    let v = quick_xml::escape::unescape(&a.value)
                        .map_err(|err| self.invalid(at, err.to_string()))?;
                    attrs.n = Some(v.trim().to_string()).filter(|v| !v.is_empty());
                }
                "break" => attrs.no_break = a.value.as_ref() == "no",
                _ => {}
            }
        }
        Ok(attrs)
    }

    fn start(&mut self, e: &BytesStart<'_>, at: usize, empty: bool) -> Result<(), TeiError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.limit(at, format!("elements nest deeper than {MAX_DEPTH}")));
        }
        let attrs = self.attrs(e, at)?;
        let local = e.local_name();
        let name = local.as_ref();
        if !self.seen_root {
            self.seen_root = true;
            self.root_is_tei = matches!(name, "TEI" | "teiCorpus");
        } else if self.stack.is_empty() {
            return Err(self.invalid(at, "a second root element"));
        }
        let is_text = name == "text";
        if is_text {
            self.in_text += 1;
        }
        let in_choice = matches!(self.stack.last(), Some((f, _)) if f.role == Role::Choice);
        let r = role(name, self.opts, in_choice);
        let reading = self.in_text > 0 || !self.root_is_tei;
        if reading && is_revision(name) {
            self.revisions = true;
        }
        let parent_dropped = match self.stack.last() {
            Some((f, _)) => f.dropped,
            None => false,
        };
        let active = reading && !parent_dropped;
        if reading && r == Role::Page {
            self.page(&attrs);
        }
        if active {
            self.open(r, &attrs);
        }
        let frame = Frame {
            role: r,
            dropped: parent_dropped || (reading && matches!(r, Role::Drop | Role::Lacuna)),
            text: is_text,
        };
        if empty {
            self.close(frame);
        } else {
            self.stack.push((frame, at));
        }
        Ok(())
    }

    fn page(&mut self, attrs: &Attrs) {
        self.pages += 1;
        self.lines = 0;
        let label = attrs.n.clone().unwrap_or_else(|| self.pages.to_string());
        let at = self.out.len();
        self.out.map.pages.push((at, label.into()));
        self.out.map.lines.push((at, None));
    }

    /// The effect of an element's start tag on the reading text.
    fn open(&mut self, r: Role, attrs: &Attrs) {
        match r {
            Role::Block => self.out.separate(Pending::Para),
            Role::Apart => self.out.separate(Pending::Space),
            Role::Lacuna => self.out.lacuna(),
            Role::Line => {
                self.lines += 1;
                let label = attrs.n.clone().unwrap_or_else(|| self.lines.to_string());
                let at = self.out.len();
                self.out.map.lines.push((at, Some(label.into())));
            }
            _ => {}
        }
        if matches!(r, Role::Page | Role::Line | Role::Position) && attrs.no_break {
            self.out.glue();
        }
    }

    fn end(&mut self) {
        // quick-xml checks that end names match, so the stack is never empty here.
        if let Some((frame, _)) = self.stack.pop() {
            self.close(frame);
        }
    }

    fn close(&mut self, frame: Frame) {
        if frame.text {
            self.in_text -= 1;
            self.out.separate(Pending::Para);
        }
        if frame.dropped || !self.reading() {
            return;
        }
        match frame.role {
            Role::Block => self.out.separate(Pending::Para),
            Role::Apart => self.out.separate(Pending::Space),
            _ => {}
        }
    }

    fn reference(&mut self, r: &BytesRef<'_>, at: usize) -> Result<(), TeiError> {
        let c = if r.is_char_ref() {
            match r.resolve_char_ref() {
                Ok(Some(c)) => c,
                Ok(None) | Err(_) => {
                    return Err(self.invalid(at, "invalid character reference"));
                }
            }
        } else {
            match r.as_ref() {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "apos" => '\'',
                "quot" => '"',
                name => {
                    return Err(self.invalid(
                        at,
                        format!("undefined entity &{name}; (lectio reads XML's five entities and character references only)"),
                    ));
                }
            }
        };
        if self.active() {
            self.out.reference(c, at);
        }
        Ok(())
    }
}
