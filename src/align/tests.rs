//! Tests of the aligner: the dev-set F1, the letter, invariants and degenerate inputs.

use super::*;

/// The shared data folder and the one way to skip a test (fails under `LECTIO_REQUIRE_ALL=1`).
#[path = "../../tests/cli/machine.rs"]
mod machine;
use machine::shared;
use machine::skip_or_fail;

fn dev_scores(weights: Option<dp::Weights>) -> Option<Scores> {
    dev_halves(weights).map(|(all, _, _)| all)
}

/// Strict scores on the whole development set and on its two halves (gold beads 0–210, whose
/// source sentences are those before 220 and target sentences before 259, and the rest).
fn dev_halves(weights: Option<dp::Weights>) -> Option<(Scores, Scores, Scores)> {
    let dir = shared("align-dev")?;
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let src = Side::new("dev.de", "de", read("dev.de"), true);
    let tgt = Side::new("dev.fr", "fr", read("dev.fr"), true);
    let gold = parse_beads(&read("dev.defr"), "dev.defr").unwrap();
    let opts = AlignOptions {
        glossary: None,
        weights,
        deadline: None,
    };
    let pair = align_pair(&src, tgt, &opts);
    let pred: Vec<IndexBead> = pair.beads.iter().map(IndexBead::from).collect();
    let first = |b: &IndexBead| b.src.first().map_or_else(|| b.tgt[0] < 259, |&i| i < 220);
    let (p1, p2): (Vec<IndexBead>, Vec<IndexBead>) = pred.iter().cloned().partition(first);
    let (g1, g2) = gold.split_at(211);
    assert!(g1.iter().all(first) && !g2.iter().any(first));
    Some((
        score(&[(&pred, &gold)]),
        score(&[(&p1, g1)]),
        score(&[(&p2, g2)]),
    ))
}

/// The anchor weight (15, was 25) was chosen on the first half of the development set (its
/// strict F1 is flat from 8 to 20 there, 15 is the middle); the second half, not looked at,
/// gains too, and the whole set goes from 0.867 to 0.879.
#[test]
fn anchor_weight_chosen_on_the_first_half_holds_on_the_second() {
    let old = dp::Weights {
        anchor: 25.0,
        cross: f64::INFINITY,
        ..dp::Weights::default()
    };
    let new = dp::Weights {
        cross: f64::INFINITY,
        ..dp::Weights::default()
    };
    let (Some(new), Some(old)) = (dev_halves(Some(new)), dev_halves(Some(old))) else {
        skip_or_fail(
            "anchor_weight_chosen_on_the_first_half",
            "shared/align-dev not found",
        );
        return;
    };
    for (name, n, o) in [
        ("all", &new.0, &old.0),
        ("first half", &new.1, &old.1),
        ("second half", &new.2, &old.2),
    ] {
        eprintln!(
            "{name}: strict F1 {:.4} (anchor 25: {:.4})",
            n.strict.f1, o.strict.f1
        );
        assert!(n.strict.f1 > o.strict.f1 + 0.005, "{name}");
    }
    assert!(new.0.strict.f1 >= 0.875, "{:.4}", new.0.strict.f1);
}

/// Neighbouring beads whose anchors cross the sentence boundary are merged (the gold's 2-2,
/// 2-3, 3-2 beads where the two texts put a full stop in different places): strict F1 rises
/// on both halves of the development set, to 0.89 on the whole.
#[test]
fn crossing_merges_raise_dev_f1_on_both_halves() {
    let off = dp::Weights {
        cross: f64::INFINITY,
        ..dp::Weights::default()
    };
    let (Some(with), Some(without)) = (dev_halves(None), dev_halves(Some(off))) else {
        skip_or_fail("crossing_merges_raise_dev_f1", "shared/align-dev not found");
        return;
    };
    for (name, w, o) in [
        ("all", &with.0, &without.0),
        ("first half", &with.1, &without.1),
        ("second half", &with.2, &without.2),
    ] {
        eprintln!(
            "{name}: strict F1 with crossing merges {:.4}, without {:.4}",
            w.strict.f1, o.strict.f1
        );
        assert!(w.strict.f1 > o.strict.f1 + 0.005, "{name}");
    }
    assert!(with.0.strict.f1 >= 0.888, "{:.4}", with.0.strict.f1);
}

/// The IBM Model 1 pass (off by default) raises strict F1 on the half it was tuned on.
#[test]
fn lexical_pass_raises_first_half_f1() {
    let on = dp::Weights {
        lexical: 3.0,
        cross: f64::INFINITY,
        ..dp::Weights::default()
    };
    let off = dp::Weights {
        cross: f64::INFINITY,
        ..dp::Weights::default()
    };
    let (Some(with), Some(without)) = (dev_halves(Some(on)), dev_halves(Some(off))) else {
        skip_or_fail(
            "lexical_pass_raises_first_half_f1",
            "shared/align-dev not found",
        );
        return;
    };
    eprintln!(
        "first half: strict F1 with the lexical pass {:.4}, without {:.4}; second half {:.4}, {:.4}",
        with.1.strict.f1, without.1.strict.f1, with.2.strict.f1, without.2.strict.f1
    );
    assert!(with.1.strict.f1 > without.1.strict.f1 + 0.01);
    assert!(with.1.strict.f1 >= 0.895);
}

#[test]
fn dev_set_strict_f1_at_least_085() {
    let Some(s) = dev_scores(None) else {
        skip_or_fail(
            "dev_set_strict_f1_at_least_085",
            "shared/align-dev not found",
        );
        return;
    };
    eprintln!(
        "dev strict P {:.3} R {:.3} F1 {:.3}; lax F1 {:.3}",
        s.strict.precision, s.strict.recall, s.strict.f1, s.lax.f1
    );
    assert!(s.strict.f1 >= 0.85, "strict F1 {:.3}", s.strict.f1);
}

/// Beads larger than the DP's shapes (the gold has 1-4, 2-3, 3-2, 3-3 beads): merging them
/// after the DP raises strict F1 on the development set, and gold beads of those shapes are
/// found.
#[test]
fn large_beads_raise_dev_f1() {
    let off = dp::Weights {
        large_prior: f64::INFINITY,
        ..dp::Weights::default()
    };
    let (Some(with), Some(without)) = (dev_scores(None), dev_scores(Some(off))) else {
        skip_or_fail("large_beads_raise_dev_f1", "shared/align-dev not found");
        return;
    };
    eprintln!(
        "strict F1 with large beads {:.4}, without {:.4}",
        with.strict.f1, without.strict.f1
    );
    assert!(with.strict.f1 > without.strict.f1 + 0.005);
}

fn letter() -> Option<(Side, Side)> {
    let dir = shared("editions-src")?;
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    Some((
        Side::new("en", "en", read("en-wikirouge-marxists-en.txt"), false),
        Side::new("es", "es", read("es-ceip-escritos-1932-partial.txt"), false),
    ))
}

#[test]
fn letter_first_paragraphs_and_one_omission() {
    let Some((en, es)) = letter() else {
        skip_or_fail(
            "letter_first_paragraphs_and_one_omission",
            "shared/editions-src not found",
        );
        return;
    };
    let pair = align_pair(&en, es, &AlignOptions::default());
    let expected: Vec<(Vec<usize>, Vec<usize>)> = vec![
        (vec![0], vec![0]), // Absolutely Secret
        (vec![1], vec![1]), // To the Politburo
        (vec![2], vec![2]), // To the Presidium
        (vec![3], vec![3]),
        (vec![4], vec![4]),
        (vec![5], vec![5, 6]), // the lost sentence break: one 1-2 bead
        (vec![6], vec![7]),
        (vec![7], vec![8]),
        (vec![8], vec![9]),
        (vec![9], vec![10]),
        (vec![10], vec![11]),
        (vec![11], vec![12]),
        (vec![12], vec![13]),
        (vec![13], vec![14]),
        (vec![14], vec![15]),
    ];
    let got: Vec<(Vec<usize>, Vec<usize>)> = pair
        .beads
        .iter()
        .take(expected.len())
        .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
        .collect();
    assert_eq!(got, expected);
    // Everything after the Spanish ends is one omission.
    let omissions: Vec<&Finding> = pair
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Omission)
        .collect();
    assert_eq!(omissions.len(), 1, "{omissions:#?}");
    assert_eq!(omissions[0].src, 15..en.sentences.len());
    assert!(
        omissions[0]
            .source_text
            .starts_with("The problem is to make people believe")
    );
    assert!(
        !pair
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::Addition)
    );
}

/// The letter's Russian original against the English: the address line `В Политбюро ВКП(б)`
/// is spelt out in the translation (`To the Politburo of the All-Union Communist Party (B)`),
/// which is no `length` finding (the source is too short for its ratio to mean anything).
#[test]
fn letter_russian_address_line_is_no_length_finding() {
    let Some(dir) = shared("editions-src") else {
        skip_or_fail(
            "letter_russian_address_line_is_no_length_finding",
            "shared/editions-src not found",
        );
        return;
    };
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let ru = Side::new("ru", "ru", read("ru-iskra-research-partial.txt"), false);
    for (lang, file) in [
        ("en", "en-wikirouge-marxists-en.txt"),
        ("es", "es-ceip-escritos-1932-partial.txt"),
    ] {
        let tgt = Side::new(lang, lang, read(file), false);
        let pair = align_pair(&ru, tgt, &AlignOptions::default());
        assert!(ru.sentence(1).contains("ВКП"), "{}", ru.sentence(1));
        let b = pair.beads.iter().find(|b| b.src.contains(&1)).unwrap();
        assert!(pair.target.joined(b.tgt.clone()).contains("Politbur"));
        let length: Vec<&Finding> = pair
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Length)
            .collect();
        assert!(length.is_empty(), "{lang}: {length:#?}");
    }
}

/// Check the invariants of an alignment: monotone, every sentence once, no bead crossing a
/// paragraph when both sides have several.
fn check_invariants(src: &Side, pair: &PairAlignment) {
    let (mut i, mut j) = (0, 0);
    for b in &pair.beads {
        assert_eq!(b.src.start, i, "monotone and gap-free on the source");
        assert_eq!(b.tgt.start, j, "monotone and gap-free on the target");
        assert!(!(b.src.is_empty() && b.tgt.is_empty()));
        // The DP's shapes go to three sentences a side; merged large beads to five (six in
        // all).
        assert!(b.src.len() <= 5 && b.tgt.len() <= 5 && b.src.len() + b.tgt.len() <= 6);
        i = b.src.end;
        j = b.tgt.end;
    }
    assert_eq!(i, src.sentences.len());
    assert_eq!(j, pair.target.sentences.len());
    let paras = |s: &Side| s.sentences.last().map_or(0, |x| x.paragraph + 1);
    if paras(src) > 1 && paras(&pair.target) > 1 {
        for b in &pair.beads {
            for (side, r) in [(src, &b.src), (&pair.target, &b.tgt)] {
                if r.len() > 1 {
                    assert_eq!(
                        side.sentences[r.start].paragraph,
                        side.sentences[r.end - 1].paragraph,
                        "bead crosses a paragraph"
                    );
                }
            }
        }
    }
}

#[test]
fn letter_invariants_and_threads() {
    let Some((en, es)) = letter() else {
        skip_or_fail(
            "letter_invariants_and_threads",
            "shared/editions-src not found",
        );
        return;
    };
    let targets = vec![es.clone(), en.clone(), es.clone()];
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| align(en.clone(), targets.clone(), &AlignOptions::default()))
    };
    let one = run(1);
    let many = run(4);
    for (a, b) in one.pairs.iter().zip(&many.pairs) {
        assert_eq!(a.beads, b.beads);
        assert_eq!(a.findings, b.findings);
        check_invariants(&one.source, a);
    }
    // Aligning a text with itself is the identity.
    assert!(one.pairs[1].beads.iter().all(|b| b.src == b.tgt));
    assert!(
        one.pairs[1].findings.is_empty(),
        "{:#?}",
        one.pairs[1].findings
    );
}

fn synthetic(n: usize, seed: u64, lang_words: &[&str]) -> String {
    let mut x = seed;
    let mut out = String::new();
    for i in 0..n {
        let mut s = String::new();
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let len = 4 + (x >> 33) as usize % 20;
        for k in 0..len {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let w = lang_words[(x >> 33) as usize % lang_words.len()];
            if k == 0 {
                let mut c = w.chars();
                s.push_str(&c.next().unwrap().to_uppercase().collect::<String>());
                s.push_str(c.as_str());
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        if i % 7 == 0 {
            s.push_str(&format!(" {}", 1000 + i));
        }
        s.push_str(". ");
        if i % 12 == 11 {
            s.push_str("\n\n");
        }
        out.push_str(&s);
    }
    out
}

const WORDS: [&str; 12] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima",
];

#[test]
fn degenerate_inputs() {
    let opts = AlignOptions::default();
    let text = synthetic(50, 1, &WORDS);
    let full = Side::new("a", "en", text.clone(), false);
    let empty = Side::new("b", "en", String::new(), false);
    // Empty target: every source sentence is one omission.
    let p = align_pair(&full, empty.clone(), &opts);
    check_invariants(&full, &p);
    assert_eq!(p.findings.len(), 1);
    assert_eq!(p.findings[0].kind, FindingKind::Omission);
    // Empty source: one addition.
    let p = align_pair(&empty, full.clone(), &opts);
    check_invariants(&empty, &p);
    assert_eq!(p.findings.len(), 1);
    assert_eq!(p.findings[0].kind, FindingKind::Addition);
    // Both empty.
    let p = align_pair(&empty, empty.clone(), &opts);
    assert!(p.beads.is_empty() && p.findings.is_empty());
    // One side ten times longer.
    let long = Side::new("c", "en", synthetic(500, 2, &WORDS), false);
    let p = align_pair(&full, long.clone(), &opts);
    check_invariants(&full, &p);
    let p = align_pair(&long, full.clone(), &opts);
    check_invariants(&long, &p);
}

#[test]
fn ten_thousand_sentences_banded() {
    let a = Side::new("a", "en", synthetic(10_000, 3, &WORDS), false);
    let b = Side::new("b", "en", synthetic(10_000, 3, &WORDS), false);
    assert!(a.sentences.len() >= 10_000);
    let start = std::time::Instant::now();
    let p = align_pair(&a, b, &AlignOptions::default());
    let took = start.elapsed();
    eprintln!("10,000 x 10,000 sentences: {took:?}");
    check_invariants(&a, &p);
    assert!(p.beads.iter().all(|b| b.src == b.tgt));
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            (
                proptest::collection::vec(0usize..12, 1..12),
                any::<bool>(),
                0u8..4,
            ),
            0..25,
        )
        .prop_map(|sents| {
            let mut out = String::new();
            for (words, para, punct) in sents {
                let s: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
                let mut s = s.join(" ");
                s[..1].make_ascii_uppercase();
                out.push_str(&s);
                out.push_str([". ", "? ", "! ", "... "][punct as usize]);
                if para {
                    out.push_str("\n\n");
                }
            }
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_unicode_aligns_without_panic(a in "(?s).{0,200}", b in "(?s).{0,200}") {
            let src = Side::new("a", "ru", a, false);
            let tgt = Side::new("b", "de", b, false);
            let p = align_pair(&src, tgt, &AlignOptions::default());
            check_invariants(&src, &p);
        }

        #[test]
        fn beads_are_valid_and_deterministic(a in text(), b in text()) {
            let src = Side::new("a", "en", a, false);
            let tgt = Side::new("b", "fr", b, false);
            let p1 = align_pair(&src, tgt.clone(), &AlignOptions::default());
            check_invariants(&src, &p1);
            let p2 = align_pair(&src, tgt, &AlignOptions::default());
            prop_assert_eq!(&p1.beads, &p2.beads);
            prop_assert_eq!(&p1.findings, &p2.findings);
        }
    }
}

#[test]
fn banded_search_matches_full_search_on_dev() {
    let Some(full) = dev_scores(None) else {
        skip_or_fail(
            "banded_search_matches_full_search_on_dev",
            "shared/align-dev not found",
        );
        return;
    };
    let banded = dev_scores(Some(dp::Weights {
        full_limit: 0,
        band: 10,
        ..Default::default()
    }))
    .unwrap();
    eprintln!("full {:.3}, banded {:.3}", full.strict.f1, banded.strict.f1);
    assert!((full.strict.f1 - banded.strict.f1).abs() < 0.01);
}

#[test]
fn numbers_and_names_on_one_side_are_reported() {
    let src = Side::new(
        "en",
        "en",
        "The question was dropped in 1925. Stalin weighed the pro's and con's with Zinoviev."
            .into(),
        false,
    );
    let tgt = Side::new(
        "ru",
        "ru",
        "Вопрос был снят в 1926 году. Сталин взвесил все за и против.".into(),
        false,
    );
    let p = align_pair(&src, tgt, &AlignOptions::default());
    check_invariants(&src, &p);
    assert_eq!(p.beads.len(), 2);
    let number = p
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Number)
        .expect("a number finding");
    assert!(number.message.contains("1925") && number.message.contains("1926"));
    assert_eq!(number.src, 0..1);
    let name = p
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Name)
        .expect("a name finding");
    // Сталин ~ Stalin is the same name; Zinoviev is missing.
    assert!(name.message.contains("Zinoviev"), "{}", name.message);
    assert!(!name.message.contains("Stalin"), "{}", name.message);
}

#[test]
fn additions_are_one_finding_per_run() {
    let src = Side::new("a", "en", synthetic(20, 5, &WORDS), false);
    let mut t = synthetic(20, 5, &WORDS);
    t.push_str("\n\nExtra lima kilo. Another juliet india. Third hotel golf.");
    let tgt = Side::new("b", "en", t, false);
    let p = align_pair(&src, tgt, &AlignOptions::default());
    check_invariants(&src, &p);
    let adds: Vec<_> = p
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Addition)
        .collect();
    assert_eq!(adds.len(), 1, "{adds:#?}");
    assert_eq!(adds[0].tgt.len(), 3);
}
