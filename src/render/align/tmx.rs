//! TMX 1.4b: one bilingual document per language pair, one `<tu>` per bead (gaps included,
//! with an empty `<seg>`), sentence ids in `<prop type="x-lectio-…">`.

use std::io::{self, Write};

use crate::align::{Bitext, PairAlignment};
use crate::escape::xml;

fn lang(l: &str) -> &str {
    if l.is_empty() { "und" } else { l }
}

/// Write pair `pair` of `b` as a TMX document.
pub fn write(b: &Bitext, pair: &PairAlignment, w: &mut impl Write) -> io::Result<()> {
    let (sl, tl) = (lang(&b.source.lang), lang(&pair.target.lang));
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
            xml(&b.source.joined(bead.src.clone()))
        )?;
        writeln!(
            w,
            r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#,
            xml(tl),
            xml(&pair.target.joined(bead.tgt.clone()))
        )?;
        writeln!(w, "    </tu>")?;
    }
    writeln!(w, "  </body>")?;
    writeln!(w, "</tmx>")
}
