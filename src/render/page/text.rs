//! The short text summary `lectio report` prints: works, editions, variants by class, findings,
//! time taken, and where the page was written.

use std::io::{self, Write};

use crate::diff::VariantClass;
use crate::escape::terminal;
use crate::usecase::work_report::Report;
use crate::variants::ClassCounts;

fn classes(c: &ClassCounts) -> String {
    let v: Vec<String> = VariantClass::ALL
        .iter()
        .filter(|&&k| c.get(k) > 0)
        .map(|&k| format!("{k} {}", c.get(k)))
        .collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// Render the summary; `written` is the page's path, when one was written.
pub fn render(r: &Report, written: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let t = &r.totals;
    writeln!(
        out,
        "{} work(s), {} edition(s), {} version(s), {} language(s)",
        t.works, t.editions, t.versions, t.languages
    )?;
    for w in &r.works {
        let eds: Vec<String> = w
            .editions
            .iter()
            .map(|e| format!("{} ({}, {}, {}v)", e.name, e.lang, e.kind, e.versions))
            .collect();
        writeln!(
            out,
            "  {}: {}",
            terminal(&w.work),
            terminal(&eds.join(", "))
        )?;
    }
    writeln!(
        out,
        "variation places: {} ({})",
        t.places,
        classes(&t.places_by_class)
    )?;
    writeln!(
        out,
        "variants between consecutive versions: {} ({})",
        t.version_variants,
        classes(&t.version_variants_by_class)
    )?;
    writeln!(
        out,
        "variants between consecutive editions: {} ({})",
        t.edition_variants,
        classes(&t.edition_variants_by_class)
    )?;
    writeln!(out, "translation QA findings: {}", t.findings)?;
    writeln!(out, "time: {:.3} s", r.elapsed_ms as f64 / 1000.0)?;
    if let Some(p) = written {
        writeln!(out, "report written to {}", terminal(p))?;
    }
    Ok(())
}
