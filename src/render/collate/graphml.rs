//! GraphML of the variant graph, with the keys CollateX writes (so that tools reading
//! CollateX's GraphML, networkx, Gephi and yEd read it): nodes `n0`… with `number`, `rank` and
//! `tokens` (the reading, whitespace as in the witness), edges `e0`… with `number`, `type`
//! (`path`, or `transposition` between the two places of a moved block) and `witnesses` (sigla,
//! comma-separated). `n0` is the start, the last node the end; a witness's text is its path
//! from start to end.

use std::io::{self, Write};

use rustc_hash::FxHashMap;

use crate::collate::Collation;
use crate::escape::{xml, xml_attr};

const KEYS: [(&str, &str, &str); 6] = [
    ("node", "number", "int"),
    ("node", "tokens", "string"),
    ("node", "rank", "int"),
    ("edge", "number", "int"),
    ("edge", "type", "string"),
    ("edge", "witnesses", "string"),
];

/// Render the GraphML document.
pub fn render(c: &Collation, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    )?;
    for (i, (on, name, ty)) in KEYS.iter().enumerate() {
        writeln!(
            out,
            "  <key id=\"d{i}\" for=\"{on}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        )?;
    }
    writeln!(
        out,
        "  <graph id=\"g0\" edgedefault=\"directed\" parse.nodeids=\"canonical\" \
parse.edgeids=\"canonical\" parse.order=\"nodesfirst\">"
    )?;
    let n = c.witnesses.len();
    let columns = &c.table.columns;
    // Node numbers: start, one per distinct reading of each column, end.
    let mut ids: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    let node = |out: &mut dyn Write, id: usize, rank: usize, tokens: &str| {
        writeln!(
            out,
            "    <node id=\"n{id}\"><data key=\"d0\">{id}</data><data key=\"d2\">{rank}</data>\
<data key=\"d1\">{}</data></node>",
            xml(tokens)
        )
    };
    node(out, 0, 0, "")?;
    for (k, col) in columns.iter().enumerate() {
        for w in 0..n {
            let Some(r) = &col.cells[w] else { continue };
            if ids.contains_key(&(k, col.groups[w])) {
                continue;
            }
            let id = ids.len() + 1;
            ids.insert((k, col.groups[w]), id);
            let wit = &c.witnesses[w];
            let text = match r.end {
                0 => String::new(),
                e => format!("{}{}", wit.span_text(r), wit.space_after(e as usize - 1)),
            };
            node(out, id, k + 1, &text)?;
        }
    }
    let end = ids.len() + 1;
    node(out, end, columns.len() + 1, "")?;
    // Path edges, one per pair of consecutive nodes, with the witnesses along it.
    let mut edges: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut index: FxHashMap<(usize, usize), usize> = FxHashMap::default();
    for w in 0..n {
        let path = columns
            .iter()
            .enumerate()
            .filter(|(_, col)| col.cells[w].is_some())
            .map(|(k, col)| ids[&(k, col.groups[w])])
            .chain(std::iter::once(end));
        let mut prev = 0;
        for next in path {
            match index.get(&(prev, next)) {
                Some(&i) => edges[i].2.push(w),
                None => {
                    index.insert((prev, next), edges.len());
                    edges.push((prev, next, vec![w]));
                }
            }
            prev = next;
        }
    }
    let mut number = 0;
    for (a, b, ws) in &edges {
        let sigla: Vec<&str> = ws.iter().map(|&w| c.witnesses[w].siglum.as_str()).collect();
        writeln!(
            out,
            "    <edge id=\"e{number}\" source=\"n{a}\" target=\"n{b}\"><data key=\"d3\">{number}</data>\
<data key=\"d4\">path</data><data key=\"d5\">{}</data></edge>",
            xml_attr(&sigla.join(", "))
        )?;
        number += 1;
    }
    for t in &c.transpositions {
        let at = |r: &std::ops::Range<usize>, ws: &[usize]| {
            ids[&(r.start, columns[r.start].groups[ws[0]])]
        };
        writeln!(
            out,
            "    <edge id=\"e{number}\" source=\"n{}\" target=\"n{}\"><data key=\"d3\">{number}</data>\
<data key=\"d4\">transposition</data></edge>",
            at(&t.columns[0], &t.witnesses[0]),
            at(&t.columns[1], &t.witnesses[1]),
        )?;
        number += 1;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}
