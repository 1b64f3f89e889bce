//! Properties of the engine (reliability plan H1–H3, G3): round trip, identity, mirror,
//! structural validity, minimality against a brute-force LCS, adversarial inputs.

use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::*;
use crate::text::tokenize;

fn readings(text: &str) -> Vec<&str> {
    tokenize(text).iter().map(|t| t.text(text)).collect()
}

fn check_tiles(d: &Diff) {
    if let Err(e) = d.check_ops() {
        panic!("{e}");
    }
}

fn lcs<T: Eq>(a: &[T], b: &[T]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

fn text_strategy() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "a",
        "b",
        "c",
        "the",
        "The",
        "caf\u{e9}",
        "cafe\u{301}",
        ",",
        ".",
        "1932",
        "colour",
        "color",
        "\u{439}",
        "\u{438}\u{306}",
        "<b>",
        "\u{202e}x",
    ]);
    let sep = prop::sample::select(vec![" ", " ", "\n", "", "  ", "\n\n"]);
    prop::collection::vec((word, sep), 0..24)
        .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s} ")).collect())
}

fn small_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vec!["a", "b", "c"]), 0..10)
        .prop_map(|v| v.join(" "))
}

fn all_algorithms() -> [Algorithm; 3] {
    [Algorithm::Myers, Algorithm::Patience, Algorithm::Histogram]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn round_trip_and_structure(a in text_strategy(), b in text_strategy(), ws in any::<bool>()) {
        for algorithm in all_algorithms() {
            let opts = DiffOptions { algorithm, whitespace: ws, ..Default::default() };
            let d = diff_texts(&a, &b, &opts);
            check_tiles(&d);
            let (ra, rb) = (readings(&a), readings(&b));
            prop_assert_eq!(d.apply(&ra, &rb), rb.clone());
            let back = diff_texts(&b, &a, &opts);
            prop_assert_eq!(back.apply(&rb, &ra), ra.clone());
            // Mirror: the reverse diff has the same edit distance, additions and omissions
            // swapped.
            // (Patience and histogram are heuristics: their scripts need not be symmetric.)
            if algorithm == Algorithm::Myers {
                prop_assert_eq!(back.edit_count(), d.edit_count());
                let ins: usize = d.ops.iter().map(|o| if o.tag == OpTag::Equal { 0 } else { o.new_range().len() }).sum();
                let dels: usize = back.ops.iter().map(|o| if o.tag == OpTag::Equal { 0 } else { o.old_range().len() }).sum();
                prop_assert_eq!(ins, dels);
            }
        }
    }

    #[test]
    fn identity(a in text_strategy()) {
        let d = diff_texts(&a, &a, &DiffOptions { whitespace: true, ..Default::default() });
        prop_assert!(d.is_empty());
        prop_assert_eq!(d.ops.len(), usize::from(!readings(&a).is_empty()));
    }

    #[test]
    fn ignore_options_round_trip_on_keys(a in text_strategy(), b in text_strategy()) {
        let opts = DiffOptions {
            normalize: NormalizeOptions { case: true, punctuation: true, diacritics: true, nfkc: true },
            ..Default::default()
        };
        let norm = opts.normalizer();
        let mut int = Interner::new();
        let (ka, kb) = key_pair(&mut int, &a, &b, &norm);
        let d = diff_keyed(&a, &ka, &b, &kb, &norm, &opts);
        check_tiles(&d);
        prop_assert_eq!(d.apply(&ka.ids, &kb.ids), kb.ids.clone());
    }

    #[test]
    fn minimal_against_lcs(a in small_strategy(), b in small_strategy()) {
        let (ra, rb) = (readings(&a), readings(&b));
        let optimum = ra.len() + rb.len() - 2 * lcs(&ra, &rb);
        let d = diff_texts(&a, &b, &DiffOptions::default());
        prop_assert_eq!(d.edit_count(), optimum);
        // Patience and histogram are heuristics: they need not reach the optimum, but each
        // solves every region between its anchors exactly (Myers, or a region with nothing in
        // common), so their scripts are locally minimal.
        for algorithm in all_algorithms() {
            let d = diff_texts(&a, &b, &DiffOptions { algorithm, ..Default::default() });
            prop_assert!(d.edit_count() >= optimum);
            locally_minimal(&ra, &rb, &d)?;
        }
    }
}

/// No change region (a maximal run of non-equal ops) both deletes and inserts one word:
/// matching the two would save two edits. True of every minimal script and of the scripts
/// of patience and histogram; false of, say, deleting one text and inserting the other.
fn locally_minimal(ra: &[&str], rb: &[&str], d: &Diff) -> Result<(), TestCaseError> {
    let mut region: Option<(usize, usize, usize, usize)> = None;
    let flush = |r: Option<(usize, usize, usize, usize)>| -> Result<(), TestCaseError> {
        if let Some((i0, i1, j0, j1)) = r {
            let old: std::collections::HashSet<&str> = ra[i0..i1].iter().copied().collect();
            let shared = rb[j0..j1].iter().find(|t| old.contains(*t));
            prop_assert!(
                shared.is_none(),
                "{:?} deleted and inserted in one change region: {:?}",
                shared,
                d.ops
            );
        }
        Ok(())
    };
    for op in &d.ops {
        let (x, y) = (op.old_range(), op.new_range());
        if op.tag == OpTag::Equal {
            flush(region.take())?;
        } else {
            let r = region.get_or_insert((x.start, x.start, y.start, y.start));
            (r.1, r.3) = (x.end, y.end);
        }
    }
    flush(region)
}

/// Check that `ops` tile `a` and `b` with equal ops over equal items; the number of items
/// deleted or inserted.
fn script_edits(a: &[u8], b: &[u8], ops: &[Op]) -> Result<usize, TestCaseError> {
    let (mut i, mut j, mut edits) = (0, 0, 0);
    for op in ops {
        let (x, y) = (op.old_range(), op.new_range());
        prop_assert_eq!((x.start, y.start), (i, j), "ops do not tile: {:?}", ops);
        if op.tag == OpTag::Equal {
            prop_assert_eq!(&a[x.clone()], &b[y.clone()]);
        } else {
            edits += x.len() + y.len();
        }
        (i, j) = (x.end, y.end);
    }
    prop_assert_eq!((i, j), (a.len(), b.len()));
    Ok(edits)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Setting aside the tokens found nowhere on the other side keeps Myers minimal and the
    /// script whole (the set-aside step runs on every gap here, however small).
    #[test]
    fn discarding_unmatched_tokens_keeps_the_script_minimal(
        a in prop::collection::vec(0u8..12, 0..14),
        b in prop::collection::vec(0u8..12, 0..14),
    ) {
        let ops = engine::diff_gap_with(&a, &b, 0..a.len(), 0..b.len(), Algorithm::Myers.similar(), None, 0);
        let words = |v: &[u8]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (wa, wb) = (words(&a), words(&b));
        let (ra, rb): (Vec<&str>, Vec<&str>) =
            (wa.iter().map(String::as_str).collect(), wb.iter().map(String::as_str).collect());
        prop_assert_eq!(script_edits(&a, &b, &ops)?, a.len() + b.len() - 2 * lcs(&ra, &rb));
        for algorithm in [Algorithm::Patience, Algorithm::Histogram] {
            let ops = engine::diff_gap_with(&a, &b, 0..a.len(), 0..b.len(), algorithm.similar(), None, 0);
            script_edits(&a, &b, &ops)?;
        }
    }
}

#[test]
fn disjoint_long_gaps_are_one_replacement() {
    // 1M-token-scale shape, smaller: nothing in common but a token in the middle.
    let n = 100_000u32;
    let a: Vec<u32> = (0..n).collect();
    let mut b: Vec<u32> = (n..2 * n).collect();
    b[n as usize / 2] = n / 3;
    let ops = engine::diff_gap(&a, &b, 0..a.len(), 0..b.len(), Algorithm::Myers, None);
    let tags: Vec<_> = ops
        .iter()
        .map(|o| (o.tag, o.old_range(), o.new_range()))
        .collect();
    let (m, k) = (n as usize / 3, n as usize / 2);
    assert_eq!(
        tags,
        [
            (OpTag::Replace, 0..m, 0..k),
            (OpTag::Equal, m..m + 1, k..k + 1),
            (OpTag::Replace, m + 1..n as usize, k + 1..n as usize),
        ]
    );
}

/// A long text (lines of words from a small vocabulary, many lines repeated) and a copy with
/// scattered edits: the shape the line-anchored path is for.
fn long_pair(seed: u64, lines: usize, rate: u64) -> (String, String) {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const WORDS: [&str; 12] = [
        "the",
        "party",
        "of",
        "Comintern",
        "is",
        "and",
        ",",
        ".",
        "1932",
        "caf\u{e9}",
        "Stalin",
        "revolution",
    ];
    let paragraphs: Vec<String> = (0..40)
        .map(|_| {
            let n = 3 + next() % 30;
            (0..n)
                .map(|_| WORDS[(next() % 12) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let (mut a, mut b) = (String::new(), String::new());
    for _ in 0..lines {
        let p = &paragraphs[(next() % 40) as usize];
        a.push_str(p);
        a.push_str("\n\n");
        for w in p.split(' ') {
            match next() % 1000 {
                r if r < rate => b.push_str("inserted "),
                r if r < 2 * rate => continue,
                r if r < 3 * rate => {
                    b.push_str("changed ");
                    continue;
                }
                _ => {}
            }
            b.push_str(w);
            b.push(' ');
        }
        b.push_str("\n\n");
    }
    (a, b)
}

fn hashed_diff(a: &str, b: &str, opts: &DiffOptions) -> Diff {
    diff_texts_hashed(a, b, opts).expect("no collision")
}

proptest! {
    // A fixed seed keeps CI repeatable; 4,000 cases with random seeds passed before this was
    // fixed (each run of 1,000 cases takes about 10 s).
    #![proptest_config(ProptestConfig {
        cases: 64,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_126),
        ..ProptestConfig::default()
    })]

    #[test]
    fn hashed_path_round_trips_and_stays_near_minimal(seed in any::<u64>(), rate in 0u64..40, ws in any::<bool>()) {
        let (a, b) = long_pair(seed, 800, rate);
        let opts = DiffOptions { whitespace: ws, ..Default::default() };
        let d = hashed_diff(&a, &b, &opts);
        check_tiles(&d);
        let (ra, rb) = (readings(&a), readings(&b));
        prop_assert_eq!(d.apply(&ra, &rb), rb.clone());
        prop_assert!(hashed_diff(&a, &a, &opts).is_empty());
        // Against plain Myers over interned ids (minimal): within 1 %.
        let exact = diff_texts(&a, &b, &DiffOptions { anchoring: false, ..opts.clone() });
        prop_assert!(d.edit_count() * 100 <= exact.edit_count() * 101,
            "hashed {} exact {}", d.edit_count(), exact.edit_count());
        // The public entry point takes this path for texts this long.
        prop_assert!(a.len() + b.len() >= HASHED_MIN);
        prop_assert_eq!(diff_texts(&a, &b, &opts).variants, d.variants);
    }

    #[test]
    fn hashed_path_round_trips_on_keys_under_every_option(seed in any::<u64>(), rate in 0u64..40) {
        let (a, b) = long_pair(seed, 800, rate);
        let opts = DiffOptions {
            normalize: NormalizeOptions { case: true, punctuation: true, diacritics: true, nfkc: true },
            ..Default::default()
        };
        let d = hashed_diff(&a, &b, &opts);
        check_tiles(&d);
        let norm = opts.normalizer();
        let keys = |t: &str| -> Vec<String> {
            tokenize(t).iter().filter(|k| !norm.ignores(k)).map(|k| norm.key(k.text(t)).into_owned()).collect()
        };
        let (ka, kb) = (keys(&a), keys(&b));
        prop_assert_eq!(d.apply(&ka, &kb), kb.clone());
    }

    /// Long stretches are hashed again on each read rather than held in memory: the script
    /// is the same either way (the same anchors, the same gaps), under every option.
    #[test]
    fn hashed_path_streams_long_stretches_to_the_same_script(seed in any::<u64>(), rate in 0u64..40, wrap in any::<bool>(), opt in 0usize..4) {
        let (a, mut b) = long_pair(seed, 300, rate);
        if wrap {
            // No line in common: the whole text is one stretch.
            b = b.split_whitespace().collect::<Vec<_>>().chunks(7).map(|c| c.join(" ")).collect::<Vec<_>>().join("\n");
        }
        let mut opts = DiffOptions::default();
        match opt {
            1 => opts.normalize.case = true,
            2 => opts.normalize.punctuation = true,
            3 => opts.normalize.diacritics = true,
            _ => {}
        }
        let norm = opts.normalizer();
        let (ha, hb) = (hashed::hash_side(&a, &norm), hashed::hash_side(&b, &norm));
        let held = hashed::diff_hashed_with(&ha, &hb, &norm, &opts, usize::MAX).expect("no collision");
        let streamed = hashed::diff_hashed_with(&ha, &hb, &norm, &opts, 0).expect("no collision");
        prop_assert_eq!(held, streamed);
    }
}

#[test]
fn hashed_path_refuses_a_collision() {
    // Make two different words share a hash: the check by key must catch the false match.
    fn forged(
        text: &str,
        span: std::ops::Range<usize>,
        norm: &Normalizer,
        plain: bool,
    ) -> (u64, bool) {
        let span = if &text[span.clone()] == "Trotsky" {
            0..6
        } else {
            span
        };
        hashed::key_hash(
            if span == (0..6) { "Stalin" } else { text },
            span,
            norm,
            plain,
        )
    }
    let (a, b) = long_pair(7, 800, 0);
    let b = b.replacen("Stalin", "Trotsky", 1);
    let norm = Normalizer::default();
    let opts = DiffOptions::default();
    let (ha, hb) = (
        hashed::hash_side_with(&a, &norm, forged),
        hashed::hash_side_with(&b, &norm, forged),
    );
    assert!(hashed::diff_hashed(&ha, &hb, &norm, &opts).is_none());
    // Unforged, the same texts diff fine, with the one substitution.
    let d = diff_texts(&a, &b, &opts);
    assert_eq!(d.variants.len(), 1);
    assert_eq!(
        (d.variants[0].old.reading(&a), d.variants[0].new.reading(&b)),
        ("Stalin", "Trotsky")
    );
}

#[test]
fn hashed_sides_are_cut_as_tokenize_cuts() {
    // Tokenized block by block (cut at line breaks or spaces): the same tokens as in one go,
    // with blocks ending inside runs of non-ASCII words, numbers and joined words.
    let mut text = String::new();
    for i in 0..40_000 {
        text.push_str(
            [
                "Жизнь",
                "counter-blows",
                "1,932",
                "café",
                "«—»",
                "don't",
                "x",
            ][i % 7],
        );
        text.push(if i % 13 == 0 { '\n' } else { ' ' });
        if i % 5000 == 0 {
            text.push_str(&"ж".repeat(40_000)); // a block with no space at all
        }
    }
    let norm = Normalizer::default();
    assert_eq!(
        hashed::hash_side(&text, &norm).keyed.tokens.to_vec(),
        tokenize(&text)
    );
}

#[test]
fn hashed_path_ignores_rewrapping() {
    // Re-wrapped: no line is shared, so the token level does all the work, and finds nothing.
    let (a, _) = long_pair(11, 800, 0);
    let wrapped: String = a
        .split_whitespace()
        .collect::<Vec<_>>()
        .chunks(7)
        .map(|c| c.join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(a.len() + wrapped.len() >= HASHED_MIN);
    assert!(diff_texts(&a, &wrapped, &DiffOptions::default()).is_empty());
    let moved = wrapped.replacen("party", "partei", 3);
    let d = diff_texts(&a, &moved, &DiffOptions::default());
    assert_eq!(d.variants.len(), 3);
}

/// The line pass's lines are sentences and paragraphs, not lines as written: re-wrapping a
/// text (keeping its blank lines, as `gen_corpus.py --wrap` does) leaves every one of them,
/// and their hashes, as they were. A text without sentence ends is still cut at line breaks
/// once a line runs long.
#[test]
fn hashed_lines_are_sentences_and_paragraphs_whatever_the_wrapping() {
    let (a, _) = long_pair(5, 200, 0);
    let wrap = |text: &str, width: usize| -> String {
        let paragraphs = text.split("\n\n").map(|p| {
            let mut out = String::new();
            let mut col = 0;
            for w in p.split_whitespace() {
                if col > 0 && col + 1 + w.len() > width {
                    out.push('\n');
                    col = 0;
                } else if col > 0 {
                    out.push(' ');
                    col += 1;
                }
                out.push_str(w);
                col += w.len();
            }
            out
        });
        paragraphs.collect::<Vec<_>>().join("\n\n")
    };
    let norm = DiffOptions::default().normalizer();
    let one = hashed::hash_side(&a, &norm);
    for width in [20, 60] {
        let wrapped = wrap(&a, width);
        assert_ne!(wrapped.lines().count(), a.lines().count());
        let other = hashed::hash_side(&wrapped, &norm);
        assert_eq!(one.lines(), other.lines(), "wrapped at {width}");
    }
    // Sentences: `a . b . c` is three lines (every `.` ends one), whatever the spacing.
    let (starts, _) = {
        let h = hashed::hash_side("x y . z .\nw", &norm);
        (h.lines().0.to_vec(), ())
    };
    assert_eq!(starts, vec![0, 3, 5, 6]);
    // Other scripts' sentence ends cut too; a comma does not.
    for text in ["x y。z, w？v", "x y؟z, w।v"] {
        let h = hashed::hash_side(text, &norm);
        let ends: Vec<&str> = h.lines().0[1..h.lines().0.len() - 1]
            .iter()
            .map(|&k| h.keyed.token(k as usize - 1).text(text))
            .collect();
        assert!(ends.len() == 2 && !ends.contains(&","), "{text}: {ends:?}");
    }
    // No sentence end, one word a line: lines end at line breaks past 256 tokens.
    let words: String = (0..1000).map(|i| format!("w{i}\n")).collect();
    let h = hashed::hash_side(&words, &norm);
    assert_eq!(h.lines().1.len(), 1000_usize.div_ceil(256));
}

#[test]
fn empty_sides() {
    let d = diff_texts("", "a b", &DiffOptions::default());
    assert_eq!(d.variants.len(), 1);
    assert_eq!(d.variants[0].kind, VariantKind::Addition);
    let d = diff_texts("a b", "", &DiffOptions::default());
    assert_eq!(d.variants[0].kind, VariantKind::Omission);
    assert!(diff_texts("", "", &DiffOptions::default()).is_empty());
}

fn adversarial(a: &str, b: &str) {
    let opts = DiffOptions {
        deadline: Some(Duration::from_millis(500)),
        ..Default::default()
    };
    let t = Instant::now();
    let d = diff_texts(a, b, &opts);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t.elapsed()
    );
    check_tiles(&d);
    let (ra, rb) = (readings(a), readings(b));
    assert_eq!(d.apply(&ra, &rb), rb);
}

#[test]
fn adversarial_inputs_finish_and_round_trip() {
    let n = 20_000;
    // One token repeated, with lengths differing.
    adversarial(&"a ".repeat(n), &"a ".repeat(n + 7));
    // All distinct tokens on each side, nothing shared.
    let a: String = (0..n).map(|i| format!("x{i} ")).collect();
    let b: String = (0..n).map(|i| format!("y{i} ")).collect();
    adversarial(&a, &b);
    // Distinct tokens against a permutation of them (D close to N).
    let b: String = (0..n).map(|i| format!("x{} ", (i * 7919) % n)).collect();
    adversarial(&a, &b);
    // (a b)^n against (b a)^n.
    adversarial(&"a b ".repeat(n / 2), &"b a ".repeat(n / 2));
}

#[test]
fn tight_deadline_is_still_correct() {
    let a: String = (0..5000).map(|i| format!("w{} ", (i * 31) % 977)).collect();
    let b: String = (0..5000).map(|i| format!("w{} ", (i * 17) % 983)).collect();
    let opts = DiffOptions {
        deadline: Some(Duration::from_micros(1)),
        ..Default::default()
    };
    let d = diff_texts(&a, &b, &opts);
    check_tiles(&d);
    let (ra, rb) = (readings(&a), readings(&b));
    assert_eq!(d.apply(&ra, &rb), rb);
}

#[test]
fn one_case_per_class() {
    let cases: [(&str, &str, VariantClass); 8] = [
        (
            "caf\u{e9} noir",
            "cafe\u{301} noir",
            VariantClass::Normalization,
        ),
        ("Stalin said", "stalin said", VariantClass::Case),
        (
            "the direction, is",
            "the direction. is",
            VariantClass::Punctuation,
        ),
        (
            "the politbur\u{f3} met",
            "the politburo met",
            VariantClass::Diacritics,
        ),
        ("the colour red", "the color red", VariantClass::Spelling),
        ("in 1931 he", "in 1932 he", VariantClass::Number),
        ("the cat sat", "the dog sat", VariantClass::Substantive),
        ("a b c", "a b\nc", VariantClass::Whitespace),
    ];
    let opts = DiffOptions {
        whitespace: true,
        ..Default::default()
    };
    for (a, b, class) in cases {
        let d = diff_texts(a, b, &opts);
        assert_eq!(d.variants.len(), 1, "{a:?} {b:?}: {:?}", d.variants);
        assert_eq!(d.variants[0].class, class, "{a:?} {b:?}");
    }
}

#[test]
fn regularization_table_pairs_stay_as_spelling() {
    // README and docs/diff-json.md: a pair the table makes equal is a spelling variant (issue
    // 16: it used to vanish).
    let reg = Regularization::parse("color = colour\nshew = show", "t").unwrap();
    let opts = DiffOptions {
        regularization: reg,
        ..Default::default()
    };
    let d = diff_texts("the colour red I shew", "the color red I show", &opts);
    assert_eq!(d.variants.len(), 2, "{:?}", d.variants);
    assert!(d.variants.iter().all(|v| v.class == VariantClass::Spelling));
}

#[test]
fn same_result_whatever_the_thread_count() {
    // Large enough for parallel keying and anchored chunks.
    let words: Vec<String> = (0..30_000)
        .map(|i| format!("w{}", (i * 7) % 5000 + (i / 5000) * 10_000))
        .collect();
    let a = words.join(" ");
    let mut b_words = words.clone();
    for k in (0..b_words.len()).step_by(97) {
        b_words[k] = format!("changed{k}");
    }
    b_words.swap(1000, 1001);
    b_words.remove(20_000);
    let b = b_words.join("\n");
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| diff_texts(&a, &b, &DiffOptions::default()))
    };
    let (one, four) = (run(1), run(4));
    assert_eq!(one.ops, four.ops);
    assert_eq!(one.variants, four.variants);
    assert!(one.variants.len() > 300);
    let (ra, rb) = (readings(&a), readings(&b));
    assert_eq!(one.apply(&ra, &rb), rb);
}

#[test]
fn check_ops_rejects_broken_scripts() {
    let mut d = diff_texts("a b c", "a x c", &DiffOptions::default());
    assert_eq!(d.check_ops(), Ok(()));
    d.ops.pop();
    assert!(d.check_ops().unwrap_err().contains("not at"));
}

/// What of a side must mirror: compared-token range, byte range, line and column.
type SideView = ((usize, usize), (usize, usize), u32, u32);
/// What of a variant must mirror: kind, class, both sides, and a transposition's other ends
/// (`old_at`, `new_at`, `old_byte`, `new_byte`).
type VariantView = (
    VariantKind,
    VariantClass,
    SideView,
    SideView,
    Option<(usize, usize, usize, usize)>,
);

fn side_view(s: &Side) -> SideView {
    let (t, b) = (s.tokens(), s.bytes());
    ((t.start, t.end), (b.start, b.end), s.line, s.column)
}

fn view(v: &Variant) -> VariantView {
    (
        v.kind,
        v.class,
        side_view(&v.old),
        side_view(&v.new),
        v.moved
            .as_deref()
            .map(|m| (m.old_at, m.new_at, m.old_byte, m.new_byte)),
    )
}

/// `v` as the reverse diff must report it: sides swapped (and a transposition's ends),
/// additions and omissions swapped, substitutions and transpositions and the class kept.
fn mirrored(v: &Variant) -> VariantView {
    let kind = match v.kind {
        VariantKind::Addition => VariantKind::Omission,
        VariantKind::Omission => VariantKind::Addition,
        k => k,
    };
    (
        kind,
        v.class,
        side_view(&v.new),
        side_view(&v.old),
        v.moved
            .as_deref()
            .map(|m| (m.new_at, m.old_at, m.new_byte, m.old_byte)),
    )
}

/// `back` (the diff of B against A) reports exactly `forward`'s variants (A against B),
/// mirrored.
fn check_mirror(forward: &Diff, back: &Diff) -> Result<(), TestCaseError> {
    prop_assert_eq!(back.variants.len(), forward.variants.len());
    let mut want: Vec<VariantView> = forward.variants.iter().map(mirrored).collect();
    let mut got: Vec<VariantView> = back.variants.iter().map(view).collect();
    want.sort_unstable();
    got.sort_unstable();
    prop_assert_eq!(got, want);
    Ok(())
}

/// The compared keys of `text` under `opts` (what the engines diff).
fn compared_keys(text: &str, opts: &DiffOptions) -> Vec<String> {
    let norm = opts.normalizer();
    tokenize(text)
        .iter()
        .filter(|t| !norm.ignores(t))
        .map(|t| norm.key(t.text(text)).into_owned())
        .collect()
}

/// The length of a longest common subsequence of `a` and `b`, and whether it is the only one
/// as a set of matched index pairs: then there is exactly one minimal edit script (up to the
/// order of the deletions and insertions inside one gap, which the engine reports as one
/// change either way).
///
/// Counts the maximum matchings of every pair of prefixes by inclusion and exclusion: those
/// of `a[..=i]` and `b[..=j]` leave `a[i]` unmatched, or `b[j]`, or (when they are equal and
/// it pays) match the two together. Counts grow exponentially, so they are kept modulo a
/// large prime and a count of 1 modulo it is taken for 1 (wrongly only when the true count
/// is one more than a multiple of the prime). O(|a|·|b|) time, O(|b|) memory.
fn lcs_uniqueness<T: Eq>(a: &[T], b: &[T]) -> (usize, bool) {
    const P: u64 = (1 << 61) - 1;
    let m = b.len();
    // Row above: lengths and counts for `a[..i]` against `b[..j]`, at index `j`.
    let (mut len, mut cnt) = (vec![0u32; m + 1], vec![1u64; m + 1]);
    for x in a {
        let (mut row_len, mut row_cnt) = (vec![0u32; m + 1], vec![1u64; m + 1]);
        for (j, y) in b.iter().enumerate() {
            let (diag, up, left) = (len[j], len[j + 1], row_len[j]);
            let l = if x == y { diag + 1 } else { up.max(left) };
            let mut c = 0;
            if up == l {
                c += cnt[j + 1];
            }
            if left == l {
                c += row_cnt[j];
            }
            if diag == l {
                c += P - cnt[j];
            }
            if x == y && diag + 1 == l {
                c += cnt[j];
            }
            row_len[j + 1] = l;
            row_cnt[j + 1] = c % P;
        }
        (len, cnt) = (row_len, row_cnt);
    }
    (len[m] as usize, cnt[m] == 1)
}

/// The minimal edit count of `a` against `b` (their compared keys), when only one script
/// reaches it.
fn unique_minimal<T: Eq>(a: &[T], b: &[T]) -> Option<usize> {
    let (l, unique) = lcs_uniqueness(a, b);
    unique.then_some(a.len() + b.len() - 2 * l)
}

/// The number of maximum matchings of `a` and `b` (up to 2), by brute force: each counted
/// once, by its first pair.
fn max_matchings_brute<T: Eq>(a: &[T], b: &[T]) -> u8 {
    let l = lcs(a, b);
    if l == 0 {
        return 1;
    }
    let mut c = 0u8;
    for x in 0..a.len() {
        for y in 0..b.len() {
            if a[x] == b[y] && lcs(&a[x + 1..], &b[y + 1..]) + 1 == l {
                c = c
                    .saturating_add(max_matchings_brute(&a[x + 1..], &b[y + 1..]))
                    .min(2);
            }
        }
    }
    c
}

#[test]
fn unique_minimal_scripts() {
    assert_eq!(unique_minimal(&["a", "b", "c"], &["a", "x", "c"]), Some(2));
    assert_eq!(unique_minimal::<&str>(&[], &["a"]), Some(1));
    assert_eq!(unique_minimal(&["a", "b"], &["c", "d"]), Some(4));
    // Which `a` is deleted is a tie.
    assert_eq!(unique_minimal(&["a", "a"], &["a"]), None);
    // `a b` against `b a`: keep `a` or keep `b`.
    assert_eq!(unique_minimal(&["a", "b"], &["b", "a"]), None);
    // `a , b` against `a b ,`: keep `,` or keep `b`.
    assert_eq!(unique_minimal(&["a", ",", "b"], &["a", "b", ","]), None);
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// A short text from a small vocabulary: words with case, diacritic and normalization
/// variants, numbers, punctuation; separated by spaces, line breaks, paragraph breaks or
/// nothing (punctuation glued to a word, or two words run together).
fn mirror_text() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "a",
        "b",
        "c",
        "the",
        "The",
        "caf\u{e9}",
        "cafe\u{301}",
        "Caf\u{e9}",
        "colour",
        "color",
        "1932",
        "1931",
        ",",
        ".",
        ";",
        "(",
        ")",
        "<b>",
    ]);
    let sep = prop::sample::select(vec!["", " ", " ", " ", "\n", "\n\n"]);
    prop::collection::vec((token, sep), 0..20)
        .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

/// Default options, or one normalization (`opt` 1 to 4), lineation reported or not.
fn mirror_options(whitespace: bool, opt: usize) -> DiffOptions {
    let mut opts = DiffOptions {
        whitespace,
        ..Default::default()
    };
    match opt {
        1 => opts.normalize.case = true,
        2 => opts.normalize.punctuation = true,
        3 => opts.normalize.diacritics = true,
        4 => opts.normalize.nfkc = true,
        _ => {}
    }
    opts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn lcs_uniqueness_agrees_with_brute_force(
        a in prop::collection::vec(0u8..3, 0..7),
        b in prop::collection::vec(0u8..3, 0..7),
    ) {
        let (ra, rb): (Vec<String>, Vec<String>) = (
            a.iter().map(u8::to_string).collect(),
            b.iter().map(u8::to_string).collect(),
        );
        prop_assert_eq!(
            lcs_uniqueness(&a, &b),
            (lcs(&as_strs(&ra), &as_strs(&rb)), max_matchings_brute(&a, &b) == 1)
        );
    }

    /// Mirror: diff(B, A) reports diff(A, B)'s variants with the sides swapped (token and
    /// byte ranges, line, column; a transposition's other ends too), additions and
    /// omissions swapped, substitutions and transpositions kept, each of the same class.
    ///
    /// Restricted to pairs with one minimal edit script ([`unique_minimal`] on the
    /// compared keys). With several (`a b` against `b a`: keep `a` or keep `b`), Myers breaks
    /// the tie by the order of the texts, so the reverse diff may rightly pick another
    /// equally short script, whose variants are not the mirror image. About half the
    /// generated pairs qualify.
    ///
    /// The long-text path (forced with [`diff_texts_hashed`]) is checked too when it finds
    /// the minimal script both ways round: it is near-minimal by design, and where it is not
    /// minimal its choices depend on the direction (see
    /// [`reverse_diff_mirrors_on_long_texts`]).
    ///
    /// Two asymmetries this found were fixed: a short block's move distance was measured in
    /// the old text only (`move_distance`), and punctuation glued two changes into one
    /// variant when glued in the old text only (`glue`).
    #[test]
    fn reverse_diff_mirrors(
        a in mirror_text(),
        b in mirror_text(),
        ws in any::<bool>(),
        opt in 0usize..5,
    ) {
        let opts = mirror_options(ws, opt);
        let minimal = unique_minimal(&compared_keys(&a, &opts), &compared_keys(&b, &opts));
        prop_assume!(minimal.is_some(), "several minimal scripts");
        let minimal = minimal.unwrap();
        let (d, back) = (diff_texts(&a, &b, &opts), diff_texts(&b, &a, &opts));
        check_tiles(&back);
        // Short texts get an exact Myers: the one minimal script, both ways round.
        prop_assert_eq!((d.edit_count(), back.edit_count()), (minimal, minimal));
        check_mirror(&d, &back)?;
        let (h, h_back) = (hashed_diff(&a, &b, &opts), hashed_diff(&b, &a, &opts));
        if (h.edit_count(), h_back.edit_count()) == (minimal, minimal) {
            check_mirror(&h, &h_back)?;
        }
    }
}

/// A long text of distinct words (`w0 w1 …`, a tenth capitalized, a sixth followed by
/// punctuation, in lines and paragraphs) and a copy with scattered edits at `rate` per
/// thousand tokens of each sort: tokens deleted, new words inserted, words replaced by new
/// ones or by their case variant, a colon added after a word; and blocks of 1 to 3 words
/// carried 4 to 12 tokens further on. Its words being distinct, the pair mostly has one
/// minimal script (repeated punctuation can still make ties).
fn distinct_pair(seed: u64, words: usize, rate: u64) -> (String, String) {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const PUNCT: [&str; 3] = [",", ".", ";"];
    // Punctuation added is a mark the old text lacks: a `,` added beside a `,` would make a
    // tie (either of the two is the added one).
    const ADDED: &str = ":";
    let is_word = |t: &str| !PUNCT.contains(&t) && t != ADDED;
    let mut a: Vec<String> = Vec::new();
    for i in 0..words {
        a.push(if next() % 10 == 0 {
            format!("W{i}")
        } else {
            format!("w{i}")
        });
        if next() % 6 == 0 {
            a.push(PUNCT[(next() % 3) as usize].to_string());
        }
    }
    let mut b: Vec<String> = Vec::new();
    let mut fresh = 0;
    for t in &a {
        let word = is_word(t);
        match next() % 1000 {
            r if r < rate => {
                b.push(format!("n{fresh}"));
                fresh += 1;
            }
            r if r < 2 * rate => continue,
            r if r < 3 * rate && word => {
                b.push(format!("n{fresh}"));
                fresh += 1;
                continue;
            }
            r if r < 4 * rate && word => {
                let flipped = if t.starts_with('W') { 'w' } else { 'W' };
                b.push(format!("{flipped}{}", &t[1..]));
                continue;
            }
            r if r < 5 * rate && word => {
                b.push(t.clone());
                b.push(ADDED.to_string());
                continue;
            }
            _ => {}
        }
        b.push(t.clone());
    }
    for _ in 0..b.len() as u64 * rate / 2000 {
        let (len, by) = (1 + (next() % 3) as usize, 4 + (next() % 9) as usize);
        let at = (next() % (b.len() - len - by) as u64) as usize;
        if b[at..at + len].iter().any(|t| !is_word(t)) {
            continue;
        }
        let block: Vec<String> = b.drain(at..at + len).collect();
        b.splice(at + by..at + by, block);
    }
    let join = |t: &[String]| -> String {
        let mut out = String::new();
        for (i, w) in t.iter().enumerate() {
            if i > 0 && is_word(w) {
                out.push_str(match i % 97 {
                    0 => "\n\n",
                    1..=7 => "\n",
                    _ => " ",
                });
            }
            out.push_str(w);
        }
        out.push('\n');
        out
    };
    (join(&a), join(&b))
}

/// [`reverse_diff_mirrors`] above the long-text threshold, on texts of distinct words (a
/// small vocabulary has ties everywhere at this length), restricted likewise to pairs with
/// one minimal script, and further to the directions in which the engine found it.
///
/// Above some thousands of tokens neither engine promises the minimal script: the anchored
/// long-text path anchors on a longest increasing run of unique tokens (ties broken towards
/// the start of the new text) and gives up its line pass on a measure of the old text; with
/// anchoring off, `similar`'s Myers bounds its middle-snake search on long inputs. Either
/// can then find a longer script one way round than the other (seen: three words moved past
/// seven tokens, reported one way round as the seven tokens moved, 8 edits more), whose
/// variants are not the mirror image. So each engine is held to the mirror when it found the
/// minimal script both ways round; the test asserts that this was so for most pairs.
#[test]
fn reverse_diff_mirrors_on_long_texts() {
    let (mut unique, mut checked) = (0, [0, 0]);
    for k in 0..20u64 {
        let seed = (k + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // 1 to 30 edits of each sort per thousand tokens.
        let (a, b) = distinct_pair(seed, 6000, 1 + k * 29 / 19);
        assert!(a.len() + b.len() >= HASHED_MIN);
        let opts = mirror_options(k % 2 == 1, 0);
        let Some(minimal) = unique_minimal(&compared_keys(&a, &opts), &compared_keys(&b, &opts))
        else {
            continue;
        };
        unique += 1;
        let exact = DiffOptions {
            anchoring: false,
            ..opts.clone()
        };
        for (path, opts) in [exact, opts].iter().enumerate() {
            let (d, back) = (diff_texts(&a, &b, opts), diff_texts(&b, &a, opts));
            if (d.edit_count(), back.edit_count()) == (minimal, minimal) {
                checked[path] += 1;
                if let Err(e) = check_mirror(&d, &back) {
                    panic!("seed {seed}, anchoring {}: {e}", opts.anchoring);
                }
            }
        }
    }
    assert!(
        unique >= 15 && checked.iter().all(|&c| c >= 10),
        "{unique} pairs with one minimal script; minimal both ways round: {checked:?}"
    );
}

/// Both texts keyed with default options, and the minimal edit count between them.
fn keyed_minimum(a: &str, b: &str) -> (Keyed, Keyed, usize) {
    let mut interner = Interner::new();
    let (ka, kb) = key_pair(&mut interner, a, b, &Normalizer::default());
    let minimal = ka.ids.len() + kb.ids.len() - 2 * lcs_len(&ka.ids, &kb.ids);
    (ka, kb, minimal)
}

/// A witness pair like the benchmark's: `words` tokens drawn from a skewed vocabulary (a few
/// words very common, most rare, as in prose), and a copy with about `rate` of its tokens
/// substituted, inserted, deleted or moved as phrases of 2 to 8 words (seeded, so the same
/// pair each run).
fn witness_pair(words: usize, rate: f64, seed: u64) -> (String, String) {
    witness_pair_from(words, rate, seed, 20_000.0, 4)
}

/// As [`witness_pair`], the vocabulary's size and skew given (`k = vocab · u^skew`).
fn witness_pair_from(
    words: usize,
    rate: f64,
    seed: u64,
    vocab: f64,
    skew: i32,
) -> (String, String) {
    let mut state = seed;
    let mut next = move || {
        // splitmix64
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut unit = move || (next() >> 11) as f64 / (1u64 << 53) as f64;
    let word = |unit: &mut dyn FnMut() -> f64| {
        let k = (vocab * unit().powi(skew)) as usize;
        match k % 17 {
            0 => ",".to_string(),
            1 => ".".to_string(),
            _ => format!("w{k}"),
        }
    };
    let a: Vec<String> = (0..words).map(|_| word(&mut unit)).collect();
    let mut b = a.clone();
    let edits = (words as f64 * rate / 4.0) as usize;
    for _ in 0..edits {
        let at = (unit() * b.len() as f64) as usize % b.len();
        match (unit() * 4.0) as usize {
            0 => b[at] = word(&mut unit),
            1 => b.insert(at, word(&mut unit)),
            2 => {
                b.remove(at);
            }
            _ => {
                let len = 2 + (unit() * 7.0) as usize;
                let end = (at + len).min(b.len());
                let phrase: Vec<String> = b.drain(at..end).collect();
                let to = (unit() * b.len() as f64) as usize % b.len();
                for (k, w) in phrase.into_iter().enumerate() {
                    b.insert(to + k, w);
                }
            }
        }
    }
    (a.join(" "), b.join(" "))
}

#[test]
fn long_scripts_are_minimal() {
    // The anchored paths (line-hashed for long texts, and over interned ids) against the exact
    // minimum: cutting the texts at a lone unique word between changes once cost 0.12 % more
    // edits than minimal at 1M words with 10 % changed (a moved phrase's word held the cut).
    for (words, rate, seed) in [(60_000, 0.10, 1), (60_000, 0.10, 2), (120_000, 0.03, 3)] {
        let (a, b) = witness_pair(words, rate, seed);
        let (ka, kb, minimal) = keyed_minimum(&a, &b);
        let d = diff_texts(&a, &b, &DiffOptions::default());
        assert!(!d.approximate);
        assert_eq!(
            d.edit_count(),
            minimal,
            "{words} words, {rate}, seed {seed}"
        );
        let (ops, _) = diff_ids_with(&ka.ids, &kb.ids, Algorithm::Myers, None, true);
        let edits = engine::edit_count(&ops);
        assert_eq!(edits, minimal, "ids, {words} words, {rate}, seed {seed}");
    }
}

#[test]
fn texts_are_cut_only_inside_runs_of_matching_tokens() {
    // A phrase of three words found once in each text moved over ten common words: the
    // minimum deletes and inserts the phrase (6 edits). Cutting the texts at the phrase's
    // first word, a lone anchor between changes, forced the ten words out and in instead (20).
    let filler = |n: usize, p: &str| (0..n).map(|i| format!("{p}{}", i % 2)).collect::<Vec<_>>();
    let (f, g) = (filler(300, "f"), filler(12_000, "g"));
    let c = vec!["c".to_string(); 10];
    let m: Vec<String> = ["m1", "m2", "m3"].map(String::from).to_vec();
    let old = [&f[..], &c, &m, &g].concat().join(" ");
    let new = [&f[..], &m, &c, &g].concat().join(" ");
    let d = diff_texts(&old, &new, &DiffOptions::default());
    assert_eq!(d.edit_count(), 6, "long-text path");
    let (ka, kb, minimal) = keyed_minimum(&old, &new);
    assert_eq!(minimal, 6);
    let (ops, _) = diff_ids_with(&ka.ids, &kb.ids, Algorithm::Myers, None, true);
    assert_eq!(engine::edit_count(&ops), 6, "anchored ids");
}

#[test]
fn exact_is_minimal_where_the_default_myers_is_not() {
    // `--exact` (anchoring off): `similar`'s default Myers stops searching for the minimum
    // past a bound of edits, as git's does (on these pairs it was 2 to 24 edits over), so the
    // unanchored path runs its raw Myers.
    for seed in [1, 2, 8] {
        let (a, b) = witness_pair_from(8_000, 0.15, seed, 300.0, 1);
        let (ka, kb, minimal) = keyed_minimum(&a, &b);
        let opts = DiffOptions {
            anchoring: false,
            ..DiffOptions::default()
        };
        assert_eq!(
            diff_texts(&a, &b, &opts).edit_count(),
            minimal,
            "seed {seed}"
        );
        let (ka, kb) = (&ka.ids, &kb.ids);
        let heuristic = engine::diff_gap(ka, kb, 0..ka.len(), 0..kb.len(), Algorithm::Myers, None);
        let over = engine::edit_count(&heuristic);
        assert!(
            over > minimal,
            "seed {seed}: the default Myers is minimal here"
        );
    }
}
