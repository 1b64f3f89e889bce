//! Properties of the TEI reader (#17), checked by the `tei` fuzz target and replayed from its
//! corpus by `tests/fuzz_replay_tei.rs`. Each function panics when its property fails.

use lectio::tei::{Choose, Layer, Options, extract, is_tei};
use lectio::witness::Markup;

/// The TEI reader never panics, on any input and under any options; what it extracts from
/// well-formed input holds no markup (every `<` of the reading text stands for an escaped one
/// in the source), its whitespace is normalised, and every token's source position points at
/// that token's first character (or at the reference that stands for it).
///
/// The input is read twice: as a whole document, and wrapped into a TEI body (so that tags and
/// text of the fuzz input are read as TEI content).
pub fn tei(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let opts = Options {
        layer: if flags & 1 == 0 { Layer::Pc } else { Layer::Ac },
        choose: if flags & 2 == 0 {
            Choose::Editorial
        } else {
            Choose::Diplomatic
        },
        keep_note: flags & 4 != 0,
        keep_fw: flags & 8 != 0,
        unclear_gap: flags & 16 != 0,
    };
    let _ = is_tei(text);
    check(text, &opts);
    let wrapped = format!(
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/><text><body><p>{text}</p></body></text></TEI>"
    );
    // Recognition reads only up to the root's start tag, so what follows never matters.
    assert!(is_tei(&wrapped));
    check(&wrapped, &opts);
}

fn check(xml: &str, opts: &Options) {
    let Ok(r) = extract(xml, opts) else {
        return;
    };
    let text = &r.text;
    // No markup: a `<` in the reading text comes from `&lt;`, a character reference or CDATA.
    let escaped = xml.matches("&lt;").count()
        + xml.matches("&#60;").count()
        + xml.to_ascii_lowercase().matches("&#x3c;").count()
        + cdata_lt(xml);
    let lts = text.matches('<').count();
    assert!(
        lts <= escaped,
        "{lts} '<' in the reading text, {escaped} escaped in the source"
    );
    // Normalised whitespace: one final newline, no run of spaces, at most a blank line.
    if !text.is_empty() {
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{text:?}");
        assert!(!text.starts_with([' ', '\n', '\t', '\r']), "{text:?}");
    }
    assert!(!text.contains("  ") && !text.contains("\n\n\n"), "{text:?}");
    assert!(!text.contains(" \n") && !text.contains("\n "), "{text:?}");
    assert!(!text.contains(['\t', '\r']), "{text:?}");
    // Positions: each token's source offset is its first character in the XML, or a reference.
    let m = Markup {
        source: xml.to_string(),
        map: r.map.clone(),
        revisions: r.revisions,
        lacunae: r.lacunae.clone(),
    };
    for t in lectio::text::tokenize(text) {
        let first = text[t.range()]
            .chars()
            .next()
            .expect("tokens are not empty");
        let src = m.source_offset(t.start() as usize);
        let at = &xml[src..];
        assert!(
            at.starts_with(first) || at.starts_with('&') || at.starts_with("<![CDATA["),
            "token {:?} maps to {:?}",
            &text[t.range()],
            &at[..at.len().min(20)]
        );
    }
    // Deterministic.
    assert_eq!(extract(xml, opts).ok(), Some(r));
}

/// `<` inside CDATA sections of `xml`.
fn cdata_lt(xml: &str) -> usize {
    let mut n = 0;
    let mut rest = xml;
    while let Some(i) = rest.find("<![CDATA[") {
        let body = &rest[i + 9..];
        let end = body.find("]]>").unwrap_or(body.len());
        n += body[..end].matches('<').count();
        rest = &body[end..];
    }
    n
}
