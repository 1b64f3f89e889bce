//! `--format html`: one self-contained page: the distance matrix as a heat map, the tree, the
//! pairs and the variation places (filterable by class, with jumps between places). Nothing is
//! loaded from elsewhere; everything from the witnesses is escaped.

use std::io::{self, Write};

use super::fmt_distance;
use crate::diff::VariantClass;
use crate::escape::html as esc;
use crate::render::html_kit as page;
use crate::variants::{Place, Variants};

/// Render the page.
pub fn render(v: &Variants, out: &mut dyn Write) -> io::Result<()> {
    page::head("lectio variants", out)?;
    writeln!(out, "<body>")?;
    let counts = class_counts(v.places.as_deref().unwrap_or(&[]));
    page::filter_bar(&counts, out)?;
    writeln!(
        out,
        "<main>\n<h1>Variants across {} witnesses</h1>",
        v.witnesses.len()
    )?;
    writeln!(out, "<p class=\"n\">Distance = {}.</p>", esc(v.distance))?;
    writeln!(out, "<h2>Distance matrix</h2>")?;
    page::heat_map(v, out)?;
    writeln!(out, "<h2>Tree ({})</h2>", super::text::tree_name(v))?;
    page::tree_svg(v, out)?;
    pairs_table(v, "h2", out)?;
    if let Some(places) = &v.places {
        writeln!(out, "<h2>Variation places ({})</h2>", places.len())?;
        let sig: Vec<String> = v.witnesses.iter().map(|w| w.siglum.clone()).collect();
        places_list(&sig, places, "p", |_| None, out)?;
    }
    writeln!(out, "</main>")?;
    page::tail(out)
}

/// Places of every class present, in class order, with their counts.
pub(crate) fn class_counts(places: &[Place]) -> Vec<(VariantClass, usize)> {
    VariantClass::ALL
        .iter()
        .map(|&c| (c, places.iter().filter(|p| p.class == c).count()))
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// The pairs with counts by class, under a heading of level `h` (`h2`…).
pub(crate) fn pairs_table(v: &Variants, h: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<{h}>Pairs</{h}>\n<div class=\"scroll\"><table><tr><th>A</th><th>B</th><th>distance</th><th>variants</th>"
    )?;
    for c in VariantClass::ALL {
        write!(out, "<th>{c}</th>")?;
    }
    writeln!(out, "</tr>")?;
    for p in &v.pairs {
        write!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            esc(&v.witnesses[p.a].siglum),
            esc(&v.witnesses[p.b].siglum),
            fmt_distance(p.distance()),
            p.counts.variants
        )?;
        for c in VariantClass::ALL {
            write!(out, "<td class=\"num\">{}</td>", p.counts.by_class.get(c))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</table></div>")
}

/// The places as a positive apparatus; each `li` has class `place v c-CLASS`, `data-class`
/// and the id `{prefix}{n}`.
/// `link(place)` gives an anchor to link each place to (its alignment-table row).
pub(crate) fn places_list(
    sig: &[String],
    places: &[Place],
    prefix: &str,
    link: impl Fn(&Place) -> Option<String>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "<ol class=\"app\">")?;
    for p in places {
        write!(
            out,
            "<li class=\"{cls}v c-{c}\" data-class=\"{c}\" id=\"{prefix}{n}\" value=\"{n}\">",
            cls = if link(p).is_none() { "place " } else { "" },
            c = p.class,
            n = p.n,
        )?;
        match link(p) {
            Some(a) => write!(out, "<a href=\"#{a}\" class=\"n\">line {}</a> ", p.line)?,
            None => write!(out, "<span class=\"n\">line {}</span> ", p.line)?,
        }
        for (i, r) in p.readings.iter().enumerate() {
            let text = if r.text.is_empty() {
                format!("<i>{}</i>", crate::render::collate::absent(r.lacuna))
            } else {
                esc(&r.text).into_owned()
            };
            let names =
                crate::render::collate::sigla_cited(|w| sig[w].clone(), &r.witnesses, &r.cites);
            let sig = esc(&names).into_owned();
            if i == 0 {
                write!(out, "<b>{text}</b>] {sig}")?;
            } else {
                write!(out, "; {text} {sig}")?;
            }
        }
        let t = p
            .transposition
            .map(|t| format!(" T{t}"))
            .unwrap_or_default();
        writeln!(
            out,
            " <span class=\"n\">({} {}{t})</span></li>",
            p.class, p.kind
        )?;
    }
    writeln!(out, "</ol>")
}
