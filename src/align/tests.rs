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
