//! TMX 1.4b: one bilingual document per language pair, one `<tu>` per bead (gaps included,
//! with an empty `<seg>`), sentence ids in `<prop type="x-lectio-…">`.
//!
//! Both languages must be known: the caller refuses to write TMX otherwise (a TMX with
//! `xml:lang="und"` on both sides is read as one language by TMX tools).
//!
//! Characters in a segment: XML's five specials are escaped as entities; C1 controls and DEL
//! (legal in XML 1.0 but invisible) as numeric character references (`&#x85;`); characters
//! XML 1.0 cannot carry at all (the C0 controls other than tab, line feed and carriage return,
//! U+FFFE, U+FFFF) become a TMX placeholder `<ph type="x-lectio-char">U+0001</ph>`, whose
//! content names the character, so the segment stays well-formed and nothing is lost.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::align::{Bitext, PairAlignment};
use crate::escape::{is_xml_char, xml};

/// A segment's text as TMX content (see the module documentation).
pub fn seg(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for c in s.chars() {
        let illegal = !is_xml_char(c);
        let c1 = c == '\u{7F}' || ('\u{80}'..='\u{9F}').contains(&c);
        if !illegal && !c1 {
            run.push(c);
            continue;
        }
        out.push_str(&xml(&run));
        run.clear();
        if illegal {
            let _ = write!(out, r#"<ph type="x-lectio-char">U+{:04X}</ph>"#, c as u32);
        } else {
            let _ = write!(out, "&#x{:X};", c as u32);
        }
    }
    out.push_str(&xml(&run));
    out
}

/// Write pair `pair` of `b` as a TMX document. Both sides' languages must be set.
pub fn write(b: &Bitext, pair: &PairAlignment, w: &mut impl Write) -> io::Result<()> {
    let (sl, tl) = (b.source.lang.as_str(), pair.target.lang.as_str());
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(w, r#"<tmx version="1.4">"#)?;
    writeln!(
        w,
        r#"  <header creationtool="lectio" creationtoolversion="{}" segtype="sentence" o-tmf="lectio" adminlang="en" srclang="{}" datatype="plaintext">"#,
        xml(env!("CARGO_PKG_VERSION")),
        xml(sl)
    )?;
    writeln!(
        w,
        r#"    <prop type="x-lectio-source">{}</prop>"#,
        xml(&b.source.label)
    )?;
    writeln!(
        w,
        r#"    <prop type="x-lectio-translation">{}</prop>"#,
        xml(&pair.target.label)
    )?;
    writeln!(w, "  </header>")?;
    writeln!(w, "  <body>")?;
    for (k, bead) in pair.beads.iter().enumerate() {
        writeln!(w, r#"    <tu tuid="{}">"#, k + 1)?;
        let ids = |r: &std::ops::Range<usize>| {
            r.clone()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        writeln!(
            w,
            r#"      <prop type="x-lectio-source-ids">{}</prop>"#,
            ids(&bead.src)
        )?;
        writeln!(
            w,
            r#"      <prop type="x-lectio-target-ids">{}</prop>"#,
            ids(&bead.tgt)
        )?;
        for f in pair.findings.iter().filter(|f| f.bead == k) {
            writeln!(
                w,
                r#"      <note>{}: {}</note>"#,
                f.kind.as_str(),
                xml(&f.message)
            )?;
        }
        writeln!(
            w,
            r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#,
            xml(sl),
            seg(&b.source.joined(bead.src.clone()))
        )?;
        writeln!(
            w,
            r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#,
            xml(tl),
            seg(&pair.target.joined(bead.tgt.clone()))
        )?;
        writeln!(w, "    </tu>")?;
    }
    writeln!(w, "  </body>")?;
    writeln!(w, "</tmx>")
}
