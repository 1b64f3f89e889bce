//! What a marked-up (TEI) witness adds to the apparatus: lacunae (`lac.`, never `om.`) and
//! the page and line each reading stands on.

use super::apparatus::{Apparatus, Reading};
use super::{AlignmentTable, CollatedWitness};

/// Reading-text offsets `start..end` of witness `w` at column `col`: its reading's span, or
/// for a gap the space between its previous and next tokens.
pub(super) fn span_at(
    wits: &[CollatedWitness],
    table: &AlignmentTable,
    w: usize,
    col: usize,
) -> (usize, usize) {
    let wit = &wits[w];
    let cell = |c: usize| table.columns[c].cells[w].clone();
    if let Some(r) = cell(col).filter(|r| r.start < r.end) {
        let start = wit.tokens[r.start as usize].start() as usize;
        let end = wit.tokens[r.end as usize - 1].end() as usize;
        return (start, end);
    }
    let before = (0..col)
        .rev()
        .find_map(|c| cell(c).filter(|r| r.start < r.end))
        .map_or(0, |r| wit.tokens[r.end as usize - 1].end() as usize);
    let after = (col + 1..table.columns.len())
        .find_map(|c| cell(c).filter(|r| r.start < r.end))
        .map_or(wit.text.len(), |r| {
            wit.tokens[r.start as usize].start() as usize
        });
    (before, after.max(before))
}

/// Mark lacunae and cite pages and lines in `app`: a witness reading nothing where its source
/// has a lacuna gets a reading of its own flagged `lacuna`; every TEI witness's reading gets
/// its `p. N, l. M`.
pub(super) fn mark(wits: &[CollatedWitness], table: &AlignmentTable, app: &mut Apparatus) {
    if wits.iter().all(|w| w.markup.is_none()) {
        return;
    }
    let locators: Vec<_> = wits
        .iter()
        .map(|w| w.markup.as_ref().map(|m| m.locator()))
        .collect();
    let base = app.base;
    for e in app.entries.iter_mut().chain(app.regularized.iter_mut()) {
        // A TEI base's lines and columns are its source file's.
        if let Some(l) = &locators[base] {
            let at = l.locate(span_at(wits, table, base, e.column).0);
            (e.line, e.col) = (at.xml_line, at.xml_col);
            e.key = format!("{}:{}", e.line, e.col);
        }
        let mut split = Vec::new();
        for r in &mut e.readings {
            if !r.text.is_empty() {
                continue;
            }
            let (lac, other): (Vec<usize>, Vec<usize>) = r.witnesses.iter().partition(|&&w| {
                wits[w].markup.as_ref().is_some_and(|m| {
                    let (s, t) = span_at(wits, table, w, e.column);
                    m.lacuna_within(s, t)
                })
            });
            if lac.is_empty() {
                continue;
            }
            if other.is_empty() {
                r.lacuna = true;
            } else {
                r.witnesses = other;
                split.push(Reading {
                    text: String::new(),
                    witnesses: lac,
                    lemma: false,
                    class: r.class,
                    kind: r.kind,
                    lacuna: true,
                    cites: Vec::new(),
                });
            }
        }
        e.readings.extend(split);
        for r in &mut e.readings {
            r.cites = r
                .witnesses
                .iter()
                .filter_map(|&w| {
                    let l = locators[w].as_ref()?;
                    let (s, _) = span_at(wits, table, w, e.column);
                    Some((w, l.locate(s).citation()?))
                })
                .collect();
        }
    }
}
