//! The report page: one self-contained HTML file over every work of the store.
//!
//! Layout: a sticky bar (class filters, previous/next place), a summary with the totals, then
//! per work: an overview (editions, versions, languages), per language group the distance matrix
//! as a heat map and the tree, the alignment table (variant rows coloured by class, each a
//! *place* one can jump to) and the apparatus, side-by-side diffs of each edition's consecutive
//! versions, and each translation aligned with its source with the QA findings.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::diff::VariantClass;
use crate::escape::html as esc;
use crate::render::collate::cell_text;
use crate::render::html_kit::{filter_bar, head, heat_map, tail, tree_svg};
use crate::render::variants::html::{pairs_table, places_list};
use crate::usecase::work_report::{LangGroup, Report, TranslationReport, VersionDiff, WorkReport};

/// Render the page.
pub fn render(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    head("lectio report", out)?;
    writeln!(out, "<body>")?;
    let mut counts: Vec<(VariantClass, usize)> = VariantClass::ALL
        .iter()
        .map(|&c| {
            (
                c,
                r.totals.places_by_class.get(c) + r.totals.version_variants_by_class.get(c),
            )
        })
        .collect();
    counts.retain(|&(_, n)| n > 0);
    filter_bar(&counts, out)?;
    writeln!(out, "<main>\n<h1>lectio report</h1>")?;
    summary(r, out)?;
    writeln!(out, "<nav><ul>")?;
    for (wi, w) in r.works.iter().enumerate() {
        writeln!(out, "<li><a href=\"#w{wi}\">{}</a></li>", esc(&w.work))?;
    }
    writeln!(out, "</ul></nav>")?;
    for (wi, w) in r.works.iter().enumerate() {
        work(wi, w, out)?;
    }
    writeln!(out, "</main>")?;
    tail(out)
}

fn summary(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let t = &r.totals;
    writeln!(
        out,
        "<h2>Summary</h2>\n<div class=\"scroll\"><table id=\"summary\">"
    )?;
    let rows: [(&str, &str, usize); 9] = [
        ("works", "works", t.works),
        ("editions", "editions", t.editions),
        ("versions", "versions", t.versions),
        ("languages", "languages", t.languages),
        ("places", "variation places (collations)", t.places),
        (
            "version_variants",
            "variants between consecutive versions",
            t.version_variants,
        ),
        (
            "edition_variants",
            "variants between consecutive editions",
            t.edition_variants,
        ),
        ("findings", "translation QA findings", t.findings),
        ("elapsed_ms", "time to compute (ms)", r.elapsed_ms as usize),
    ];
    for (key, label, n) in rows {
        writeln!(
            out,
            "<tr><th>{label}</th><td class=\"num\" data-key=\"{key}\">{n}</td></tr>"
        )?;
    }
    for c in VariantClass::ALL {
        let (p, v) = (t.places_by_class.get(c), t.version_variants_by_class.get(c));
        if p + v > 0 {
            writeln!(
                out,
                "<tr class=\"c-{c}\"><th>{c}</th><td class=\"num\">places: <span data-key=\"places_by_class.{c}\">{p}</span>, version variants: <span data-key=\"version_variants_by_class.{c}\">{v}</span></td></tr>"
            )?;
        }
    }
    writeln!(out, "</table></div>")
}

fn work(wi: usize, w: &WorkReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section id=\"w{wi}\">\n<h2>{}</h2>", esc(&w.work))?;
    writeln!(
        out,
        "<h3>Editions</h3>\n<div class=\"scroll\"><table><tr><th>edition</th><th>siglum</th><th>language</th><th>kind</th><th>versions</th><th>tokens</th><th>title</th></tr>"
    )?;
    for e in &w.editions {
        let from = if e.kind == "translation" && !e.source_lang.is_empty() {
            format!(" (from {})", esc(&e.source_lang))
        } else {
            String::new()
        };
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}{from}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&e.name),
            esc(&e.siglum),
            esc(&e.lang),
            esc(&e.kind),
            e.versions,
            e.tokens,
            esc(&e.title)
        )?;
    }
    writeln!(
        out,
        "</table></div>\n<p>Languages: {}.</p>",
        esc(&w.languages.join(", "))
    )?;
    for (gi, g) in w.groups.iter().enumerate() {
        group(wi, gi, g, out)?;
    }
    if !w.version_diffs.is_empty() {
        writeln!(out, "<h3>Consecutive versions</h3>")?;
        for (di, d) in w.version_diffs.iter().enumerate() {
            version_diff(&format!("w{wi}d{di}"), d, out)?;
        }
    }
    if !w.translations.is_empty() {
        writeln!(out, "<h3>Translations</h3>")?;
        for (ti, t) in w.translations.iter().enumerate() {
            translation(wi, ti, t, out)?;
        }
    }
    writeln!(out, "</section>")
}

fn group(wi: usize, gi: usize, g: &LangGroup, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<h3>Language {}: {}</h3>",
        esc(&g.lang),
        esc(&g.editions.join(", "))
    )?;
    match &g.variants {
        Some(v) => {
            writeln!(
                out,
                "<h4>Distance matrix (every version)</h4>\n<p class=\"n\">Distance = {}.</p>",
                esc(v.distance)
            )?;
            heat_map(v, out)?;
            writeln!(
                out,
                "<h4>Tree ({})</h4>",
                crate::render::variants::text::tree_name(v)
            )?;
            tree_svg(v, out)?;
            pairs_table(v, "h4", out)?;
        }
        None => writeln!(
            out,
            "<p class=\"n\">One version only in this language: no distance matrix.</p>"
        )?,
    }
    let Some(c) = &g.collation else {
        return writeln!(
            out,
            "<p class=\"n\">One edition only in this language: no collation.</p>"
        );
    };
    let prefix = format!("w{wi}g{gi}");
    let by_col: HashMap<usize, &crate::variants::Place> =
        g.places.iter().map(|p| (p.column, p)).collect();
    writeln!(
        out,
        "<h4>Alignment table ({} places)</h4>\n<div class=\"scroll\"><table class=\"align\"><tr><th>#</th>",
        g.places.len()
    )?;
    for w in &c.witnesses {
        write!(out, "<th>{}</th>", esc(&w.siglum))?;
    }
    writeln!(out, "</tr>")?;
    for k in 0..c.table.columns.len() {
        // A transposed row is marked and linked to its other place, as `collate --format html`
        // does ("T1 ↔ 278").
        let moved = c.table.columns[k].transposition.map(|t| {
            let tr = &c.transpositions[t];
            let other = if tr.columns[0].contains(&k) {
                tr.columns[1].start
            } else {
                tr.columns[0].start
            };
            let shown = by_col.get(&other).map_or(other + 1, |p| p.n);
            format!(
                " <a class=\"tr\" href=\"#{prefix}c{other}\" title=\"transposition\">T{} \u{2194} {shown}</a>",
                t + 1
            )
        });
        let (tr_class, moved) = match &moved {
            Some(m) => (" transposed", m.as_str()),
            None => ("", ""),
        };
        match by_col.get(&k) {
            Some(p) => write!(
                out,
                "<tr id=\"{prefix}c{k}\" class=\"place v c-{c}{tr_class}\" data-class=\"{c}\"><td class=\"n\"><a href=\"#{prefix}p{n}\">{n}</a>{moved}</td>",
                c = p.class,
                n = p.n
            )?,
            None => write!(
                out,
                "<tr id=\"{prefix}c{k}\" class=\"{tr_class}\"><td class=\"n\">{moved}</td>"
            )?,
        }
        for w in 0..c.witnesses.len() {
            match cell_text(c, k, w) {
                Some(t) => write!(out, "<td>{}</td>", esc(&t))?,
                None => write!(out, "<td class=\"gap\">–</td>")?,
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</table></div>")?;
    let base = &c.witnesses[c.apparatus.base];
    writeln!(
        out,
        "<h4>Apparatus</h4>\n<p class=\"n\">Lemmata from <b>{}</b>; lines are its lines.</p>",
        esc(&base.siglum)
    )?;
    let sig: Vec<String> = c.witnesses.iter().map(|w| w.siglum.clone()).collect();
    places_list(
        &sig,
        &g.places,
        &format!("{prefix}p"),
        |p| Some(format!("{prefix}c{}", p.column)),
        out,
    )?;
    if !g.edition_diffs.is_empty() {
        writeln!(
            out,
            "<h4>Consecutive editions (by {})</h4>\n<p class=\"n\">{}.</p>",
            g.order,
            esc(&g.editions_in_order())
        )?;
        for (di, d) in g.edition_diffs.iter().enumerate() {
            version_diff(&format!("{prefix}e{di}"), d, out)?;
        }
    }
    Ok(())
}

/// `text` with the byte ranges `marks` (sorted, non-overlapping after the first) wrapped in
/// `<mark class="c-CLASS">`.
fn marked(text: &str, marks: &[([usize; 2], VariantClass, usize)], tag: &str) -> String {
    let mut s = String::new();
    let mut cursor = 0;
    let mut sorted: Vec<_> = marks.to_vec();
    sorted.sort_by_key(|m| (m.0[0], m.0[1]));
    for ([a, b], class, n) in sorted {
        if a < cursor || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        s.push_str(&esc(&text[cursor..a]));
        if a == b {
            s.push_str(&format!("<mark class=\"c-{class}\" title=\"{n}\">‸</mark>"));
        } else {
            s.push_str(&format!(
                "<mark class=\"c-{class}\" title=\"{n}\"><{tag}>{}</{tag}></mark>",
                esc(&text[a..b])
            ));
        }
        cursor = b;
    }
    s.push_str(&esc(&text[cursor..]));
    s
}

/// [`marked`] for the stretch `r` of `text`: the marks inside it (a zero-width mark at its
/// end belongs to the next stretch).
fn marked_in(
    text: &str,
    r: std::ops::Range<usize>,
    marks: &[([usize; 2], VariantClass, usize)],
    tag: &str,
) -> String {
    let inside: Vec<_> = marks
        .iter()
        .filter(|([a, b], _, _)| {
            *a >= r.start && *b <= r.end && (*a < r.end || r.end == text.len())
        })
        .map(|&([a, b], c, n)| ([a - r.start, b - r.start], c, n))
        .collect();
    marked(&text[r], &inside, tag)
}

fn version_diff(id: &str, d: &VersionDiff, out: &mut dyn Write) -> io::Result<()> {
    let to = d.to_edition.as_deref().map(|e| esc(e).into_owned());
    writeln!(
        out,
        "<h4 id=\"{id}\">{}@{} → {}@{}: {} variants</h4>",
        esc(&d.edition),
        d.from,
        to.as_deref().unwrap_or(""),
        d.to,
        d.counts.variants
    )?;
    let old: Vec<_> = d
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| (v.old_bytes, v.class, i + 1))
        .collect();
    let new: Vec<_> = d
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| (v.new_bytes, v.class, i + 1))
        .collect();
    // One row per paragraph of the older text, beside the same stretch of the newer one, so
    // the two sides stay in step however many paragraphs one of them adds.
    writeln!(
        out,
        "<div class=\"sbs-rows\"><table class=\"sbs\"><tr><th>{}@{}</th><th>{}@{}</th></tr>",
        esc(&d.edition),
        d.from,
        esc(d.to_edition.as_deref().unwrap_or(&d.edition)),
        d.to
    )?;
    for (o, n) in super::paragraphs::rows(d) {
        writeln!(
            out,
            "<tr><td><pre>{}</pre></td><td><pre>{}</pre></td></tr>",
            marked_in(&d.old_text, o, &old, "del"),
            marked_in(&d.new_text, n, &new, "ins")
        )?;
    }
    writeln!(out, "</table></div>")?;
    writeln!(out, "<ol class=\"app\">")?;
    // `vv` (counted by the page as version variants) only for versions of one edition.
    let li = if d.to_edition.is_some() { "ev" } else { "vv" };
    for v in &d.variants {
        let show = |s: &str| {
            if s.is_empty() {
                "<i>om.</i>".to_string()
            } else {
                esc(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
            }
        };
        writeln!(
            out,
            "<li class=\"{li} v c-{c}\" data-class=\"{c}\"><span class=\"n\">line {}</span> {} → {} <span class=\"n\">({c} {})</span></li>",
            v.old_line,
            show(&v.old),
            show(&v.new),
            v.kind,
            c = v.class
        )?;
    }
    writeln!(out, "</ol>")
}

/// Every bead a finding concerns: its first bead and every bead sharing a sentence with it (a
/// 36-sentence omission flags all the beads of those sentences, not only the first).
fn flagged_beads(t: &TranslationReport) -> std::collections::HashSet<usize> {
    let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
        !a.is_empty() && !b.is_empty() && a.start < b.end && b.start < a.end
    };
    let mut flagged = std::collections::HashSet::new();
    for f in &t.findings {
        flagged.insert(f.bead);
        for (bi, b) in t.beads.iter().enumerate() {
            if overlaps(&b.src, &f.src) || overlaps(&b.tgt, &f.tgt) {
                flagged.insert(bi);
            }
        }
    }
    flagged
}

fn translation(wi: usize, ti: usize, t: &TranslationReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<h4 id=\"w{wi}t{ti}\">{} ← {}</h4>",
        esc(&t.translation),
        esc(t.source.as_deref().unwrap_or("(no source)"))
    )?;
    if let Some(n) = &t.note {
        writeln!(out, "<p class=\"note\">{}</p>", esc(n))?;
    }
    if let Some(n) = &t.beyond_partial {
        writeln!(out, "<p class=\"note partial\">{}</p>", esc(n))?;
    }
    writeln!(
        out,
        "<p>{} QA findings.</p>\n<ul class=\"find\">",
        t.findings.len()
    )?;
    for f in &t.findings {
        writeln!(
            out,
            "<li class=\"finding\"><a href=\"#w{wi}t{ti}b{}\">{}</a>: {}</li>",
            f.bead,
            f.kind.as_str(),
            esc(&f.message)
        )?;
    }
    writeln!(out, "</ul>")?;
    if t.beads.is_empty() {
        return Ok(());
    }
    let flagged = flagged_beads(t);
    writeln!(
        out,
        "<details open=\"open\"><summary>Sentence alignment ({} beads)</summary><div class=\"scroll\"><table><tr><th>#</th><th>source</th><th>translation</th></tr>",
        t.beads.len()
    )?;
    let join = |v: &[String], r: &std::ops::Range<usize>| esc(&v[r.clone()].join(" ")).into_owned();
    for (bi, b) in t.beads.iter().enumerate() {
        let cls = if flagged.contains(&bi) {
            " class=\"finding\""
        } else {
            ""
        };
        writeln!(
            out,
            "<tr id=\"w{wi}t{ti}b{bi}\"{cls}><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            bi + 1,
            join(&t.source_sentences, &b.src),
            join(&t.target_sentences, &b.tgt)
        )?;
    }
    writeln!(out, "</table></div></details>")
}
