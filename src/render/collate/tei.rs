//! TEI P5 parallel segmentation: witnesses declared in `<listWit>`,
//! `<variantEncoding method="parallel-segmentation" location="internal"/>`, and the base text
//! in `<ab xml:space="preserve">` with one `<app>` per variant column (`<lem wit>` for the base's
//! reading, `<rdg wit>` for the others; transposed places get `type="transposition"` and
//! `n="T1"`; a lacuna of a TEI witness reads `<gap reason="lacuna"/>`; where a TEI witness's
//! reading stands in its source, the reading has an `xml:id` and a
//! `<witDetail wit="#W" target="#rdg.K.N" type="location">p. 12, l. 7</witDetail>` follows it). Whitespace-faithful: the base text is the text outside `<rdg>` elements, exactly,
//! and every witness's text is the text outside `<app>` plus its own readings (each reading
//! carries its trailing whitespace). Characters XML cannot hold become
//! `<g type="non-xml-char" n="U+0001"/>` in the text, U+FFFD in attributes and `<witness>`.
//!
//! Regularized variants (see [`Regularized`]): inline, each is an
//! `<app type="regularized">` in the text where the base's reading stands (`<lem wit>` the
//! base's reading, `<rdg wit>` each regularized one), or, where its column is a variation
//! place already, its readings are `<rdg>`s of that place's `<app>` — so every witness's text
//! can be read back from the document; separate, they are listed after the text in
//! `<back><div type="regularized"><listApp>`, each `<app>` with `loc` its apparatus key; hidden,
//! they are not written (the witnesses grouped with the base read the base's text).

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::Regularized;
use crate::collate::{Collation, Entry, Reading};
use crate::diff::{VariantClass, VariantKind};
use crate::escape::is_xml_char;

/// An `xml:id` for each siglum: NCName-safe, unique.
pub fn xml_ids(c: &Collation) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for w in &c.witnesses {
        let mut id: String = w
            .siglum
            .chars()
            .map(|ch| {
                if ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.') {
                    ch
                } else {
                    '_'
                }
            })
            .collect();
        if !id.starts_with(|ch: char| ch.is_alphabetic() || ch == '_') {
            id.insert(0, 'w');
        }
        while ids.contains(&id) {
            id.push('_');
        }
        ids.push(id);
    }
    ids
}

fn clean_attr(s: &str) -> String {
    s.chars()
        .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
        .collect()
}

fn text<W: Write>(w: &mut Writer<W>, s: &str) -> io::Result<()> {
    let mut rest = s;
    while let Some(pos) = rest.find(|c: char| !is_xml_char(c)) {
        if pos > 0 {
            w.write_event(Event::Text(BytesText::new(&rest[..pos])))?;
        }
        let c = rest[pos..].chars().next().expect("char at pos");
        let n = format!("U+{:04X}", c as u32);
        w.write_event(Event::Empty(
            BytesStart::new("g").with_attributes([("type", "non-xml-char"), ("n", n.as_str())]),
        ))?;
        rest = &rest[pos + c.len_utf8()..];
    }
    if !rest.is_empty() {
        w.write_event(Event::Text(BytesText::new(rest)))?;
    }
    Ok(())
}

fn start<W: Write>(w: &mut Writer<W>, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    w.write_event(Event::Start(
        BytesStart::new(name).with_attributes(attrs.iter().copied()),
    ))
}

fn end<W: Write>(w: &mut Writer<W>, name: &str) -> io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

/// The whitespace after witness `x`'s tokens in `col` ("" for a gap).
fn trailing<'a>(c: &'a Collation, col: &crate::collate::Column, x: usize) -> &'a str {
    col.cells[x]
        .as_ref()
        .filter(|r| !r.is_empty())
        .map_or("", |r| c.witnesses[x].space_after(r.end as usize - 1))
}

/// One `<app>`. Each reading carries its own trailing whitespace, so that every witness read
/// through its readings keeps its spacing (the base's whitespace would glue or double it where
/// the base has no token), and the `pending` whitespace of the agreeing text before it; a
/// reading whose witnesses differ in that whitespace is written once per spacing.
fn app<W: Write>(
    w: &mut Writer<W>,
    c: &Collation,
    ids: &[String],
    k: usize,
    e: &crate::collate::Entry,
    pending: Option<&[&str]>,
    serial: &mut usize,
) -> io::Result<()> {
    let b = c.apparatus.base;
    let col = &c.table.columns[k];
    let tn = e.transposition.map(|t| format!("T{}", t + 1));
    match &tn {
        Some(n) => start(w, "app", &[("type", "transposition"), ("n", n)])?,
        None => start(w, "app", &[])?,
    }
    for r in &e.readings {
        // Witnesses spaced alike (before and after) share one element; the base's (or the
        // first witness's) spacing first.
        let lead = |x: usize| pending.map_or("", |p| p[x]);
        let key = |x: usize| (lead(x).is_empty(), trailing(c, col, x).is_empty());
        let head = if r.lemma { b } else { r.witnesses[0] };
        let mut parts: Vec<Vec<usize>> = vec![Vec::new()];
        let mut keys = vec![key(head)];
        for &x in &r.witnesses {
            match keys.iter().position(|&k| k == key(x)) {
                Some(i) => parts[i].push(x),
                None => {
                    keys.push(key(x));
                    parts.push(vec![x]);
                }
            }
        }
        for (i, part) in parts.iter().enumerate() {
            let Some(&first) = part.first() else { continue };
            let who = if part.contains(&b) { b } else { first };
            let name = if r.lemma && i == 0 { "lem" } else { "rdg" };
            let ws = part
                .iter()
                .map(|&x| format!("#{}", ids[x]))
                .collect::<Vec<_>>()
                .join(" ");
            let content = format!("{}{}{}", lead(who), r.text, trailing(c, col, who));
            // Where a TEI witness's reading stands in its source (`p. 12, l. 7`): a
            // `<witDetail type="location">` after the reading, pointing at it by `@target`.
            let cited: Vec<(usize, &str)> = part
                .iter()
                .filter_map(|&x| {
                    let (_, at) = r.cites.iter().find(|(y, _)| *y == x)?;
                    Some((x, at.as_str()))
                })
                .collect();
            let rid = format!("{}.{k}.{}", ids_prefix(ids), *serial);
            *serial += 1;
            let mut attrs: Vec<(&str, &str)> = vec![("wit", &ws)];
            if !cited.is_empty() {
                attrs.push(("xml:id", &rid));
            }
            if r.lacuna && r.text.is_empty() {
                // A lacuna of a TEI witness: `<gap reason="lacuna"/>`, never an omission.
                start(w, name, &attrs)?;
                w.write_event(Event::Empty(
                    BytesStart::new("gap").with_attributes([("reason", "lacuna")]),
                ))?;
                text(w, &content)?;
                end(w, name)?;
            } else if content.is_empty() {
                w.write_event(Event::Empty(
                    BytesStart::new(name).with_attributes(attrs.iter().copied()),
                ))?;
            } else {
                start(w, name, &attrs)?;
                text(w, &content)?;
                end(w, name)?;
            }
            for (x, at) in cited {
                let wit = format!("#{}", ids[x]);
                let target = format!("#{rid}");
                start(
                    w,
                    "witDetail",
                    &[("wit", &wit), ("target", &target), ("type", "location")],
                )?;
                text(w, &clean_attr(at))?;
                end(w, "witDetail")?;
            }
        }
    }
    end(w, "app")
}

/// A regularized variant as an `<app type="regularized">` (with `loc`, its apparatus key, when
/// listed apart from the text): `<lem>` the base's reading, a `<rdg>` per other reading.
fn regularized_app<W: Write>(
    w: &mut Writer<W>,
    ids: &[String],
    e: &Entry,
    loc: bool,
) -> io::Result<()> {
    let mut attrs = vec![("type", "regularized")];
    if loc {
        attrs.push(("loc", e.key.as_str()));
    }
    start(w, "app", &attrs)?;
    for r in &e.readings {
        let name = if r.lemma { "lem" } else { "rdg" };
        let ws = r
            .witnesses
            .iter()
            .map(|&x| format!("#{}", ids[x]))
            .collect::<Vec<_>>()
            .join(" ");
        if ws.is_empty() {
            continue;
        }
        start(w, name, &[("wit", &ws)])?;
        text(w, &r.text)?;
        end(w, name)?;
    }
    end(w, "app")
}

/// Variation place `e` with the regularized variant `reg` of its column among its readings: the
/// witnesses `reg` lists leave the lemma's witnesses and read their own cell, classed spelling.
fn with_regularized(c: &Collation, k: usize, e: &Entry, reg: &Entry) -> Entry {
    let col = &c.table.columns[k];
    let moved: Vec<usize> = reg.readings[1..]
        .iter()
        .flat_map(|r| r.witnesses.iter().copied())
        .collect();
    let mut out = e.clone();
    let Some(lemma) = out.readings.first_mut() else {
        return out;
    };
    lemma.witnesses.retain(|w| !moved.contains(w));
    let cites = lemma.cites.clone();
    lemma.cites.retain(|(w, _)| !moved.contains(w));
    let mut added: Vec<Reading> = Vec::new();
    for &x in &moved {
        let Some(r) = col.cells[x].as_ref() else {
            continue;
        };
        let t = c.witnesses[x].span_text(r);
        match added.iter_mut().find(|a| a.text == t) {
            Some(a) => a.witnesses.push(x),
            None => added.push(Reading {
                text: t.to_string(),
                witnesses: vec![x],
                lemma: false,
                class: Some(VariantClass::Spelling),
                kind: Some(VariantKind::Substitution),
                lacuna: false,
                cites: Vec::new(),
            }),
        }
    }
    for a in &mut added {
        a.cites = cites
            .iter()
            .filter(|(w, _)| a.witnesses.contains(w))
            .cloned()
            .collect();
    }
    out.readings.splice(1..1, added);
    out
}

/// The prefix of the readings' `xml:id`s (`rdg.12.3`): one no witness's id starts with.
fn ids_prefix(ids: &[String]) -> String {
    let mut p = "rdg".to_string();
    while ids.iter().any(|i| i.starts_with(&p)) {
        p.push('_');
    }
    p
}

/// Render the TEI document.
pub fn render(c: &Collation, regularized: Regularized, out: &mut dyn Write) -> io::Result<()> {
    let ids = xml_ids(c);
    let mut w = Writer::new(out);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Text(BytesText::new("\n")))?;
    start(&mut w, "TEI", &[("xmlns", "http://www.tei-c.org/ns/1.0")])?;
    start(&mut w, "teiHeader", &[])?;
    start(&mut w, "fileDesc", &[])?;
    start(&mut w, "titleStmt", &[])?;
    start(&mut w, "title", &[])?;
    text(&mut w, "Collation")?;
    end(&mut w, "title")?;
    end(&mut w, "titleStmt")?;
    start(&mut w, "publicationStmt", &[])?;
    start(&mut w, "p", &[])?;
    text(&mut w, "Generated by lectio collate")?;
    end(&mut w, "p")?;
    end(&mut w, "publicationStmt")?;
    start(&mut w, "sourceDesc", &[])?;
    start(&mut w, "listWit", &[])?;
    for (wit, id) in c.witnesses.iter().zip(&ids) {
        let siglum = clean_attr(&wit.siglum);
        start(&mut w, "witness", &[("xml:id", id), ("n", &siglum)])?;
        // `<witness>` holds text only here: a character XML cannot carry becomes U+FFFD (a
        // `<g>` is not allowed inside `<witness>` by tei_all).
        text(&mut w, &clean_attr(&wit.label))?;
        end(&mut w, "witness")?;
    }
    end(&mut w, "listWit")?;
    end(&mut w, "sourceDesc")?;
    end(&mut w, "fileDesc")?;
    start(&mut w, "encodingDesc", &[])?;
    w.write_event(Event::Empty(
        BytesStart::new("variantEncoding").with_attributes([
            ("method", "parallel-segmentation"),
            ("location", "internal"),
        ]),
    ))?;
    end(&mut w, "encodingDesc")?;
    end(&mut w, "teiHeader")?;
    start(&mut w, "text", &[])?;
    start(&mut w, "body", &[])?;
    start(&mut w, "ab", &[("xml:space", "preserve")])?;
    let b = c.apparatus.base;
    let bw = &c.witnesses[b];
    // Text before the base's first token.
    let lead = bw
        .tokens
        .first()
        .map_or(bw.text.len(), |t| t.start() as usize);
    text(&mut w, &bw.text[..lead])?;
    let mut entry = c.apparatus.entries.iter().peekable();
    // Whitespace after an agreeing column that the witnesses do not share (one glues the next
    // token, another spaces it): it goes into the next `<app>`, in each witness's reading.
    let mut pending: Option<Vec<&str>> = None;
    let mut serial = 0;
    let inline: &[Entry] = if regularized == Regularized::Inline {
        &c.apparatus.regularized
    } else {
        &[]
    };
    let mut reg = inline.iter().peekable();
    for (k, col) in c.table.columns.iter().enumerate() {
        while reg.next_if(|e| e.column < k).is_some() {}
        let here = reg.next_if(|e| e.column == k);
        if !col.variant {
            let Some(r) = &col.cells[b] else { continue };
            let narrowed = here.and_then(|e| Some((e, e.narrowed.clone()?)));
            match narrowed {
                Some((e, n)) if !n.is_empty() && r.start <= n.start && n.end <= r.end => {
                    let tok = |i: u32| &bw.tokens[i as usize];
                    let (s, ns) = (tok(r.start).start() as usize, tok(n.start).start() as usize);
                    let (ne, re) = (tok(n.end - 1).end() as usize, tok(r.end - 1).end() as usize);
                    text(&mut w, &bw.text[s..ns])?;
                    regularized_app(&mut w, &ids, e, false)?;
                    text(&mut w, &bw.text[ne..re])?;
                }
                _ => text(&mut w, bw.span_text(r))?,
            }
            let trail: Vec<&str> = (0..c.witnesses.len())
                .map(|x| trailing(c, col, x))
                .collect();
            let uniform = trail.iter().all(|t| t.is_empty() == trail[b].is_empty());
            let next_variant = c.table.columns.get(k + 1).is_some_and(|n| n.variant);
            if next_variant && !uniform {
                pending = Some(trail);
            } else {
                text(&mut w, trail[b])?;
            }
            continue;
        }
        let Some(e) = entry.next_if(|e| e.column == k) else {
            continue;
        };
        let merged;
        let e = match here {
            Some(r) => {
                merged = with_regularized(c, k, e, r);
                &merged
            }
            None => e,
        };
        app(
            &mut w,
            c,
            &ids,
            k,
            e,
            pending.take().as_deref(),
            &mut serial,
        )?;
    }
    end(&mut w, "ab")?;
    end(&mut w, "body")?;
    if regularized == Regularized::Separate && !c.apparatus.regularized.is_empty() {
        start(&mut w, "back", &[])?;
        start(&mut w, "div", &[("type", "regularized")])?;
        start(&mut w, "listApp", &[])?;
        for e in &c.apparatus.regularized {
            regularized_app(&mut w, &ids, e, true)?;
        }
        end(&mut w, "listApp")?;
        end(&mut w, "div")?;
        end(&mut w, "back")?;
    }
    end(&mut w, "text")?;
    end(&mut w, "TEI")?;
    w.write_event(Event::Text(BytesText::new("\n")))?;
    Ok(())
}
