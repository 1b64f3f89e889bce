//! HTML pieces shared by every page lectio writes with a script (`report`, `variants --format
//! html`): style, filter bar, heat map, tree drawing, page head and tail. A lower file of the
//! presentation layer: the page and the variants renderers both use it, it uses neither.
//!
//! Pages load nothing: their Content-Security-Policy is `default-src 'none';
//! style-src 'unsafe-inline'; script-src 'unsafe-inline'`, the style and the small filtering
//! script are inline, the tree is inline SVG, and every string from the store passes through
//! [`crate::escape::html`].

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::diff::VariantClass;
use crate::escape::html as esc;
use crate::variants::{Tree, Variants};

/// The Content-Security-Policy of every page lectio writes with a script.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/// Colours by class (background of highlighted variants).
pub(crate) fn class_colour(c: VariantClass) -> &'static str {
    match c {
        VariantClass::Normalization => "#e4e4e4",
        VariantClass::Whitespace => "#eeeeee",
        VariantClass::Case => "#d8ecff",
        VariantClass::Punctuation => "#e6f5d0",
        VariantClass::Diacritics => "#f0e0ff",
        VariantClass::Spelling => "#fff0b3",
        VariantClass::Inflection => "#ffe8a0",
        VariantClass::Number => "#ffe0c2",
        VariantClass::Substantive => "#ffc9c9",
    }
}

/// The page's style: responsive (one column on a phone), class colours, filters.
pub(crate) fn style() -> String {
    let mut s = String::from(
        "*{box-sizing:border-box}\
body{font-family:Georgia,'Times New Roman',serif;margin:0;padding:0 1rem 4rem;line-height:1.45;color:#222;background:#fff}\
main{max-width:1100px;margin:0 auto}\
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:1px solid #ccc;margin-top:2.2rem}h3{font-size:1.1rem}\
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}\
th{background:#f2f2f2}.num{text-align:right;font-variant-numeric:tabular-nums}\
.scroll{overflow-x:auto;max-width:100%}\
.bar{position:sticky;top:0;background:#fafafa;border-bottom:1px solid #ccc;padding:.4rem 0;z-index:2;font-family:sans-serif;font-size:.9rem}\
.bar label{margin-right:.6rem;white-space:nowrap;display:inline-block;padding:1px 4px;border-radius:3px}\
.bar button{font-size:.9rem;margin-right:.3rem}\
.heat td.h{text-align:center;min-width:3.5rem;font-variant-numeric:tabular-nums;font-family:sans-serif;font-size:.85rem}\
.tree svg{max-width:100%;height:auto}\
.sbs-rows{max-height:36rem;overflow:auto;border:1px solid #ddd}\
table.sbs{width:100%;table-layout:fixed;margin:0}table.sbs td{width:50%;background:#fcfcfc}\
.sbs pre{white-space:pre-wrap;word-wrap:break-word;font-family:inherit;margin:0;padding:.2rem}\
tr.transposed td{background:#eef}a.tr{font-size:.85em;white-space:nowrap}\
del{text-decoration:line-through}ins{text-decoration:underline}\
.place.cur,tr.cur td,.cur{outline:3px solid #1a73e8}\
.gap{color:#999}.n{color:#777;font-size:.85em}.note{background:#fff8e0;border-left:4px solid #e0b000;padding:.4rem .6rem}\
ol.app li,ul.find li{margin:.2rem 0}\
tr.finding td{background:#fff0f0}\
@media (max-width:700px){body{padding:0 .5rem 3rem}table.sbs td{display:block;width:auto}h1{font-size:1.3rem}td,th{padding:1px 3px}}\n",
    );
    for c in VariantClass::ALL {
        let _ = writeln!(
            s,
            ".c-{c}{{background:{col}}}label.c-{c}{{background:{col}}}body.hide-{c} .v.c-{c}{{display:none}}\
body.hide-{c} mark.c-{c},body.hide-{c} tr.c-{c} td{{background:none}}",
            col = class_colour(c)
        );
    }
    s
}

/// The filter bar: a checkbox per class (with the number of places of that class), jump
/// buttons, and the count of places shown.
pub(crate) fn filter_bar(counts: &[(VariantClass, usize)], out: &mut dyn Write) -> io::Result<()> {
    write!(out, "<div class=\"bar\" id=\"bar\"><b>Classes:</b> ")?;
    for &(c, n) in counts {
        write!(
            out,
            "<label class=\"c-{c}\"><input type=\"checkbox\" checked=\"checked\" data-class=\"{c}\"/> {c} <span class=\"n\">{n}</span></label>"
        )?;
    }
    writeln!(
        out,
        " <button type=\"button\" id=\"prev\" title=\"previous place (k)\">◀ prev</button><button type=\"button\" id=\"next\" title=\"next place (j)\">next ▶</button> <span id=\"shown\" class=\"n\"></span></div>"
    )
}

/// The inline script: class filters (also from the address: `#hide=case,spelling`), jumping
/// between places (buttons, `j`/`k`), and a
/// self-check that writes the numbers it counts in the page into `#computed` (`data-`
/// attributes) and sets `document.body.dataset.ok = "1"` when it ran to the end.
pub(crate) const SCRIPT: &str = r#"(function(){
"use strict";
var body=document.body;
var boxes=Array.prototype.slice.call(document.querySelectorAll('input[data-class]'));
function places(){return Array.prototype.slice.call(document.querySelectorAll('.place'));}
function visible(){return places().filter(function(e){return e.getClientRects().length>0;});}
function apply(){
  boxes.forEach(function(b){body.classList.toggle('hide-'+b.getAttribute('data-class'),!b.checked);});
  var s=document.getElementById('shown');
  if(s){s.textContent=visible().length+' of '+places().length+' places shown';}
}
boxes.forEach(function(b){b.addEventListener('change',apply);});
var m=/^#hide=([a-z,]+)$/.exec(location.hash);
if(m){var hide=m[1].split(',');boxes.forEach(function(b){if(hide.indexOf(b.getAttribute('data-class'))>=0){b.checked=false;}});}
var cur=-1;
function go(d){
  var v=visible();if(!v.length){return;}
  var old=document.querySelector('.cur');if(old){old.classList.remove('cur');}
  cur=(cur+d+v.length)%v.length;
  v[cur].classList.add('cur');
  v[cur].scrollIntoView({block:'center'});
}
var p=document.getElementById('prev'),n=document.getElementById('next');
if(p){p.addEventListener('click',function(){go(-1);});}
if(n){n.addEventListener('click',function(){go(1);});}
document.addEventListener('keydown',function(e){
  if(e.target&&e.target.tagName==='INPUT'){return;}
  if(e.key==='j'){go(1);}else if(e.key==='k'){go(-1);}
});
apply();
var byClass={},total=0;
places().forEach(function(e){var c=e.getAttribute('data-class');byClass[c]=(byClass[c]||0)+1;total++;});
var vv={},vt=0;
Array.prototype.forEach.call(document.querySelectorAll('li.vv'),function(e){var c=e.getAttribute('data-class');vv[c]=(vv[c]||0)+1;vt++;});
var out=document.getElementById('computed');
if(out){
  var keys=Object.keys(byClass).sort(),s=[];keys.forEach(function(k){s.push(k+':'+byClass[k]);});
  var keys2=Object.keys(vv).sort(),s2=[];keys2.forEach(function(k){s2.push(k+':'+vv[k]);});
  out.setAttribute('data-places',String(total));
  out.setAttribute('data-places-by-class',s.join(','));
  out.setAttribute('data-version-variants',String(vt));
  out.setAttribute('data-version-variants-by-class',s2.join(','));
  out.setAttribute('data-findings',String(document.querySelectorAll('li.finding').length));
  out.setAttribute('data-visible-places',String(visible().length));
}
body.setAttribute('data-ok','1');
})();"#;

/// Heat-map colour of distance `d` when the off-diagonal distances run from `min` to `max`: the
/// scale spans that range (so close witnesses stand out even when all distances are small);
/// the diagonal stays white.
fn heat(d: f64, min: f64, max: f64, diagonal: bool) -> (String, &'static str) {
    let t = if diagonal {
        0.0
    } else if max > min {
        0.15 + 0.85 * ((d - min) / (max - min)).clamp(0.0, 1.0)
    } else if max > 0.0 {
        0.5
    } else {
        0.0
    };
    let l = 97.0 - 55.0 * t;
    let fg = if l < 60.0 { "#fff" } else { "#222" };
    (format!("hsl(8,75%,{l:.0}%)"), fg)
}

/// The distance matrix as a heat-map table.
pub(crate) fn heat_map(v: &Variants, out: &mut dyn Write) -> io::Result<()> {
    let off = || {
        v.matrix
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.iter().enumerate().filter(move |(j, _)| *j != i))
            .map(|(_, d)| *d)
    };
    let max = off().fold(0.0f64, f64::max);
    let min = off().fold(f64::INFINITY, f64::min);
    write!(
        out,
        "<div class=\"scroll\"><table class=\"heat\"><tr><th></th>"
    )?;
    for w in &v.witnesses {
        write!(
            out,
            "<th title=\"{}\">{}</th>",
            esc(&w.label),
            esc(&w.siglum)
        )?;
    }
    writeln!(out, "</tr>")?;
    for (i, w) in v.witnesses.iter().enumerate() {
        write!(
            out,
            "<tr><th title=\"{}\">{}</th>",
            esc(&w.label),
            esc(&w.siglum)
        )?;
        for (j, d) in v.matrix[i].iter().enumerate() {
            let (bg, fg) = heat(*d, min, max, i == j);
            write!(
                out,
                "<td class=\"h\" style=\"background:{bg};color:{fg}\" title=\"{} ~ {}\">{}</td>",
                esc(&w.siglum),
                esc(&v.witnesses[j].siglum),
                fmt_distance(*d)
            )?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</table></div>")
}

/// The tree as an inline SVG cladogram (branch lengths to scale), with its Newick below.
pub(crate) fn tree_svg(v: &Variants, out: &mut dyn Write) -> io::Result<()> {
    let Some(tree) = &v.tree else {
        return Ok(());
    };
    let leaves = tree.leaves();
    let depth = max_depth(tree);
    let label_w = v
        .witnesses
        .iter()
        .map(|w| w.siglum.chars().count())
        .max()
        .unwrap_or(4) as f64
        * 8.0
        + 10.0;
    let (w, row) = (560.0, 22.0);
    let h = row * leaves.len() as f64 + 10.0;
    let scale = if depth > 0.0 {
        (w - label_w - 20.0) / depth
    } else {
        0.0
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"tree\">"
    );
    let mut y_of = vec![0.0; v.witnesses.len()];
    for (k, &l) in leaves.iter().enumerate() {
        y_of[l] = 15.0 + row * k as f64;
    }
    draw(tree, 10.0, scale, &y_of, &v.witnesses, &mut svg);
    svg.push_str("</svg>");
    writeln!(out, "<div class=\"tree\">{svg}</div>")?;
    writeln!(
        out,
        "<details><summary>Newick</summary><pre>{}</pre></details>",
        esc(&v.newick)
    )
}

fn max_depth(t: &Tree) -> f64 {
    match t {
        Tree::Leaf { .. } => 0.0,
        Tree::Node { children, lengths } => children
            .iter()
            .zip(lengths)
            .map(|(c, l)| l + max_depth(c))
            .fold(0.0, f64::max),
    }
}

/// Draw `t` with its root at `x`; returns the y of the subtree's root.
fn draw(
    t: &Tree,
    x: f64,
    scale: f64,
    y_of: &[f64],
    ws: &[crate::variants::WitnessInfo],
    svg: &mut String,
) -> f64 {
    match t {
        Tree::Leaf { index } => {
            let y = y_of[*index];
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" font-family=\"sans-serif\">{}</text>",
                x + 4.0,
                y + 4.0,
                esc(&ws[*index].siglum)
            );
            y
        }
        Tree::Node { children, lengths } => {
            let mut ys = Vec::new();
            for (c, l) in children.iter().zip(lengths) {
                let cx = x + l * scale;
                let cy = draw(c, cx, scale, y_of, ws, svg);
                let _ = write!(
                    svg,
                    "<line x1=\"{x:.1}\" y1=\"{cy:.1}\" x2=\"{cx:.1}\" y2=\"{cy:.1}\" stroke=\"#555\"/>"
                );
                ys.push(cy);
            }
            let (lo, hi) = ys
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), &y| (a.min(y), b.max(y)));
            let _ = write!(
                svg,
                "<line x1=\"{x:.1}\" y1=\"{lo:.1}\" x2=\"{x:.1}\" y2=\"{hi:.1}\" stroke=\"#555\"/>"
            );
            (lo + hi) / 2.0
        }
    }
}

/// `<head>` with charset, viewport, CSP, title and style; opens `<body>`.
pub(crate) fn head(title: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>"
    )?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
    )?;
    writeln!(out, "<title>{}</title>", esc(title))?;
    writeln!(out, "<style>{}</style>\n</head>", style())
}

/// The script and the end of the page.
pub(crate) fn tail(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<div id=\"computed\" hidden=\"hidden\"></div>")?;
    writeln!(out, "<script>{SCRIPT}</script>\n</body>\n</html>")
}

/// A distance as every output prints it (four decimals).
pub(crate) fn fmt_distance(d: f64) -> String {
    format!("{d:.4}")
}
