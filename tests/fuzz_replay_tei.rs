//! Replays the TEI reader's fuzz corpus (`fuzz/corpus/tei/*`, `fuzz/artifacts/tei/*`) through
//! the property the `tei` fuzz target checks (#17): no panic, no markup in the reading text,
//! normalised whitespace, positions that point at the tokens.

#[path = "../fuzz/src/replay.rs"]
mod replay;
#[path = "../fuzz/src/tei_props.rs"]
mod tei_props;

#[test]
fn tei_corpus() {
    let n = replay::replay("tei", tei_props::tei);
    assert!(n >= 20, "the tei corpus has {n} inputs");
}
