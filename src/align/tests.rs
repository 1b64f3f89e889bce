//! Tests of the aligner: the dev-set F1, the letter, invariants and degenerate inputs.

use super::*;

/// `../shared/<rel>` beside the repository (or beside the worktree folder), if present.
pub(crate) fn shared(rel: &str) -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("../shared"), root.join("../../shared")]
        .into_iter()
        .map(|p| p.join(rel))
        .find(|p| p.exists())
}

fn dev_scores(weights: Option<dp::Weights>) -> Option<Scores> {
    let dir = shared("align-dev")?;
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let src = Side::new("dev.de", "de", read("dev.de"), true);
    let tgt = Side::new("dev.fr", "fr", read("dev.fr"), true);
    let gold = parse_beads(&read("dev.defr"), "dev.defr").unwrap();
    let opts = AlignOptions {
        glossary: None,
        weights,
    };
    let pair = align_pair(&src, tgt, &opts);
    let pred: Vec<IndexBead> = pair.beads.iter().map(IndexBead::from).collect();
    Some(score(&[(&pred, &gold)]))
}

#[test]
fn dev_set_strict_f1_at_least_085() {
    let Some(s) = dev_scores(None) else {
        eprintln!("SKIP: ../shared/align-dev not found");
        return;
    };
    eprintln!(
        "dev strict P {:.3} R {:.3} F1 {:.3}; lax F1 {:.3}",
        s.strict.precision, s.strict.recall, s.strict.f1, s.lax.f1
    );
    assert!(s.strict.f1 >= 0.85, "strict F1 {:.3}", s.strict.f1);
}

#[test]
#[ignore = "tuning sweep; run with --ignored --nocapture"]
fn sweep() {
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
                let s = dev_scores(Some(w)).unwrap();
                eprintln!(
                    "p01 {p01} gl {gap_length} cap {gap_cap}: strict {:.3} lax {:.3}",
                    s.strict.f1, s.lax.f1
                );
            }
        }
    }
}

#[test]
#[ignore = "prints differences from the dev gold"]
fn dev_diff() {
    let dir = shared("align-dev").unwrap();
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let src = Side::new("dev.de", "de", read("dev.de"), true);
    let tgt = Side::new("dev.fr", "fr", read("dev.fr"), true);
    let gold = parse_beads(&read("dev.defr"), "dev.defr").unwrap();
    let pair = align_pair(&src, tgt.clone(), &AlignOptions::default());
    let pred: Vec<IndexBead> = pair.beads.iter().map(IndexBead::from).collect();
    for p in &pred {
        if !gold.contains(p) {
            eprintln!("PRED {:?}:{:?}", p.src, p.tgt);
        }
    }
    for g in &gold {
        if !pred.contains(g) {
            eprintln!("GOLD {:?}:{:?}", g.src, g.tgt);
        }
    }
}
