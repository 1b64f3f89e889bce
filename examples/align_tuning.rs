//! Tuning aids for the sentence aligner on the German–French dev set (`../shared/align-dev`):
//! a sweep of the cost weights, and the beads that differ from the gold alignment.
//!
//! ```text
//! cargo run --release --example align_tuning -- sweep [DIR]
//! cargo run --release --example align_tuning -- diff [DIR]
//! ```
//!
//! `sweep` prints strict and lax F1 for each combination of the 1:0 / 0:1 prior, the gap
//! length cost and its cap; `diff` prints the predicted beads not in the gold (`PRED`) and the
//! gold beads not predicted (`GOLD`). DIR holds `dev.de`, `dev.fr` and the gold `dev.defr`
//! (default `../shared/align-dev`). These were `#[ignore]`d tests that asserted nothing.

use std::path::{Path, PathBuf};

use lectio::align::{AlignOptions, IndexBead, Side, align_pair, dp, parse_beads, score};

/// The dev texts and gold: (source, target, gold beads).
fn dev(dir: &Path) -> (Side, Side, Vec<IndexBead>) {
    let read = |n: &str| {
        std::fs::read_to_string(dir.join(n))
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.join(n).display()))
    };
    let src = Side::new("dev.de", "de", read("dev.de"), true);
    let tgt = Side::new("dev.fr", "fr", read("dev.fr"), true);
    let gold = parse_beads(&read("dev.defr"), "dev.defr").expect("gold beads parse");
    (src, tgt, gold)
}

fn predict(src: &Side, tgt: Side, weights: Option<dp::Weights>) -> Vec<IndexBead> {
    let opts = AlignOptions {
        glossary: None,
        weights,
        deadline: None,
    };
    let pair = align_pair(src, tgt, &opts);
    pair.beads.iter().map(IndexBead::from).collect()
}

fn sweep(dir: &Path) {
    let (src, tgt, gold) = dev(dir);
    for p01 in [0.01f64, 0.03, 0.1] {
        for gap_length in [0.0, 0.5, 1.0] {
            for gap_cap in [3.0, 6.0, 10.0] {
                let mut w = dp::Weights {
                    gap_length,
                    gap_cap,
                    ..Default::default()
                };
                w.prior[1] = -p01.ln();
                w.prior[2] = -p01.ln();
                let pred = predict(&src, tgt.clone(), Some(w));
                let s = score(&[(&pred, &gold)]);
                println!(
                    "p01 {p01} gl {gap_length} cap {gap_cap}: strict {:.3} lax {:.3}",
                    s.strict.f1, s.lax.f1
                );
            }
        }
    }
}

fn diff(dir: &Path) {
    let (src, tgt, gold) = dev(dir);
    let pred = predict(&src, tgt, None);
    for p in pred.iter().filter(|p| !gold.contains(p)) {
        println!("PRED {:?}:{:?}", p.src, p.tgt);
    }
    for g in gold.iter().filter(|g| !pred.contains(g)) {
        println!("GOLD {:?}:{:?}", g.src, g.tgt);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.get(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/align-dev"),
        PathBuf::from,
    );
    match args.first().map(String::as_str) {
        Some("sweep") => sweep(&dir),
        Some("diff") => diff(&dir),
        _ => {
            eprintln!("usage: align_tuning sweep|diff [DIR]");
            std::process::exit(2);
        }
    }
}
