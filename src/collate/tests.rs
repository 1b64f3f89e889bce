use proptest::prelude::*;

use super::*;
use crate::diff::VariantKind;
use crate::text::NormalizeOptions;

fn run(wits: &[(&str, &str)], opts: &CollateOptions) -> Collation {
    let inputs = wits.iter().map(|(s, t)| WitnessInput::text(s, t)).collect();
    collate(inputs, opts).expect("collates")
}

/// The table as strings, witness-major; `-` for a gap.
pub(super) fn rows(c: &Collation) -> Vec<Vec<String>> {
    (0..c.witnesses.len())
        .map(|w| {
            c.table
                .columns
                .iter()
                .map(|col| match &col.cells[w] {
                    Some(r) => c.witnesses[w].span_text(r).to_string(),
                    None => "-".to_string(),
                })
                .collect()
        })
        .collect()
}

fn unseg() -> CollateOptions {
    CollateOptions {
        no_segmentation: true,
        ..Default::default()
    }
}

fn expect(c: &Collation, table: &[&[&str]]) {
    let got = rows(c);
    let want: Vec<Vec<String>> = table
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
    assert_eq!(got, want);
}

/// CollateX's JSON-input example ("A black cat." / "A white kitten.").
#[test]
fn black_cat_json_example() {
    let w = [("A", "A black cat."), ("B", "A white kitten.")];
    let c = run(&w, &CollateOptions::default());
    expect(&c, &[&["A", "black cat", "."], &["A", "white kitten", "."]]);
    let c = run(&w, &unseg());
    expect(
        &c,
        &[&["A", "black", "cat", "."], &["A", "white", "kitten", "."]],
    );
    assert_eq!(c.apparatus.entries.len(), 2);
}

/// CollateX's tutorial witnesses: the black cat in three witnesses.
#[test]
fn black_cat_three_witnesses() {
    let w = [
        ("A", "The black cat"),
        ("B", "The black and white cat"),
        ("C", "The black and green cat"),
    ];
    // The readings of one place share a column (issue 16); `--granularity word` keeps
    // CollateX's finer table.
    let c = run(&w, &CollateOptions::default());
    expect(
        &c,
        &[
            &["The black", "-", "cat"],
            &["The black", "and white", "cat"],
            &["The black", "and green", "cat"],
        ],
    );
    let e = &c.apparatus.entries;
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].kind, VariantKind::Addition);
    assert_eq!(e[0].readings.len(), 3);
    let word = CollateOptions {
        granularity: Granularity::Word,
        ..Default::default()
    };
    let c = run(&w, &word);
    expect(
        &c,
        &[
            &["The black", "-", "-", "cat"],
            &["The black", "and", "white", "cat"],
            &["The black", "and", "green", "cat"],
        ],
    );
}

#[test]
fn transposition_is_reported() {
    let w = [
        ("A", "I saw the black cat yesterday in the garden"),
        ("B", "I saw yesterday the black cat in the garden"),
    ];
    let c = run(&w, &CollateOptions::default());
    expect(
        &c,
        &[
            &["I saw", "-", "the black cat", "yesterday", "in the garden"],
            &["I saw", "yesterday", "the black cat", "-", "in the garden"],
        ],
    );
    assert_eq!(c.transpositions.len(), 1);
    let t = &c.transpositions[0];
    assert_eq!(t.text, "yesterday");
    assert_eq!(t.columns, [1..2, 3..4]);
    assert_eq!(t.witnesses, [vec![1], vec![0]]);
    assert!(
        c.apparatus
            .entries
            .iter()
            .all(|e| e.kind == VariantKind::Transposition && e.transposition == Some(0))
    );
}

/// Two blocks swapped around a shared word: the longest block anchors, the other two moves are
/// reported as transpositions (places split around their common block).
#[test]
fn swapped_blocks_are_two_transpositions() {
    let w = [
        ("A", "the black dog chased a red cat"),
        ("B", "a red cat chased the black dog"),
    ];
    let c = run(&w, &CollateOptions::default());
    expect(
        &c,
        &[
            &["the black dog", "chased", "a red cat", "-", "-"],
            &["-", "-", "a red cat", "chased", "the black dog"],
        ],
    );
    let t: Vec<(&str, [std::ops::Range<usize>; 2])> = c
        .transpositions
        .iter()
        .map(|t| (t.text.as_str(), t.columns.clone()))
        .collect();
    assert_eq!(
        t,
        vec![("the black dog", [0..1, 4..5]), ("chased", [1..2, 3..4])]
    );
}

/// Python CollateX 2.3 gives four different tables for these three witnesses depending on
/// the order they are added in (ABC/ACB, BAC, BCA/CBA, CAB); lectio gives one, in every order.
#[test]
fn same_table_in_every_order() {
    let w = [
        ("A", "the quick brown fox"),
        ("B", "the brown quick fox"),
        ("C", "the quick fox brown"),
    ];
    let want: [(&str, [&str; 6]); 3] = [
        ("A", ["the", "quick", "-", "brown", "-", "fox"]),
        ("B", ["the", "-", "-", "brown", "quick", "fox"]),
        ("C", ["the", "quick", "fox", "brown", "-", "-"]),
    ];
    for perm in [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ] {
        let pw: Vec<(&str, &str)> = perm.iter().map(|&i| w[i]).collect();
        let c = run(&pw, &unseg());
        let r = rows(&c);
        for (k, &i) in perm.iter().enumerate() {
            assert_eq!(
                r[k],
                want[i].1.to_vec(),
                "order {perm:?}, witness {}",
                want[i].0
            );
        }
        let t: Vec<&str> = c.transpositions.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(t, vec!["quick", "fox"], "order {perm:?}");
    }
}

#[test]
fn function_words_do_not_pull_content_apart() {
    // "the" could align either way; the content word "garden" decides.
    let w = [("A", "in the garden the"), ("B", "in garden the")];
    let c = run(&w, &unseg());
    expect(
        &c,
        &[
            &["in", "the", "garden", "the"],
            &["in", "-", "garden", "the"],
        ],
    );
}

#[test]
fn content_words_win_over_punctuation() {
    // One token can align: the word, not the comma.
    let c = run(&[("A", "cat ,"), ("B", ", cat")], &unseg());
    expect(&c, &[&["-", "cat", ","], &[",", "cat", "-"]]);
}

/// Darwin, *Origin of Species*, chapter I, the first two sentences of paragraph 1 in the six
/// editions (1859, 1860, 1861, 1866, 1869, 1872), as CollateX's own "Darwin1" example gives
/// them (the example page of the CollateX sources; the text is in the public domain). Real
/// text: 1869 already reads "compare", 1860 drops "much" and the comma after "other".
const DARWIN_1859: &str = "WHEN we look to the individuals of the same variety or sub-variety of our older cultivated plants and animals, one of the first points which strikes us, is, that they generally differ much more from each other, than do the individuals of any one species or variety in a state of nature. When we reflect on the vast diversity of the plants and animals which have been cultivated, and which have varied during all ages under the most different climates and treatment, I think we are driven to conclude that this greater variability is simply due to our domestic productions having been raised under conditions of life not so uniform as, and somewhat different from, those to which the parent-species have been exposed under nature.";
const DARWIN_1860: &str = "WHEN we look to the individuals of the same variety or sub-variety of our older cultivated plants and animals, one of the first points which strikes us, is, that they generally differ more from each other than do the individuals of any one species or variety in a state of nature. When we reflect on the vast diversity of the plants and animals which have been cultivated, and which have varied during all ages under the most different climates and treatment, I think we are driven to conclude that this great variability is simply due to our domestic productions having been raised under conditions of life not so uniform as, and somewhat different from, those to which the parent-species have been exposed under nature.";
const DARWIN_1869: &str = "Causes of Variability. WHEN we compare the individuals of the same variety or sub-variety of our older cultivated plants and animals, one of the first points which strikes us is, that they generally differ from each other more than do the individuals of any one species or variety in a state of nature. And if we reflect on the vast diversity of the plants and animals which have been cultivated, and which have varied during all ages under the most different climates and treatment, we are driven to conclude that this great variability is due to our domestic productions having been raised under conditions of life not so uniform as, and somewhat different from, those to which the parent-species had been exposed under nature.";
const DARWIN_1872: &str = "Causes of Variability. WHEN we compare the individuals of the same variety or sub-variety of our older cultivated plants and animals, one of the first points which strikes us is, that they generally differ more from each other than do the individuals of any one species or variety in a state of nature. And if we reflect on the vast diversity of the plants and animals which have been cultivated, and which have varied during all ages under the most different climates and treatment, we are driven to conclude that this great variability is due to our domestic productions having been raised under conditions of life not so uniform as, and somewhat different from, those to which the parent-species had been exposed under nature.";

pub(super) fn darwin_texts() -> Vec<(&'static str, String)> {
    darwin()
}

fn darwin() -> Vec<(&'static str, String)> {
    vec![
        ("1859", DARWIN_1859.to_string()),
        ("1860", DARWIN_1860.to_string()),
        // 1861 reads as 1860 in these sentences; 1866 adds the heading.
        ("1861", DARWIN_1860.to_string()),
        ("1866", format!("Causes of Variability. {DARWIN_1860}")),
        ("1869", DARWIN_1869.to_string()),
        ("1872", DARWIN_1872.to_string()),
    ]
}

#[test]
fn darwin_six_editions() {
    let d = darwin();
    let w: Vec<(&str, &str)> = d.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let c = run(&w, &CollateOptions::default());
    type Place = (String, Vec<(String, Vec<usize>)>);
    let ents: Vec<Place> = c
        .apparatus
        .entries
        .iter()
        .map(|e| {
            (
                e.readings[0].text.clone(),
                e.readings
                    .iter()
                    .map(|r| (r.text.clone(), r.witnesses.clone()))
                    .collect(),
            )
        })
        .collect();
    let find = |lemma: &str| {
        ents.iter()
            .find(|(l, _)| l == lemma)
            .unwrap_or_else(|| panic!("no entry {lemma:?} in {ents:#?}"))
            .1
            .clone()
    };
    let s = |x: &str| x.to_string();
    assert_eq!(
        find("look to"),
        vec![(s("look to"), vec![0, 1, 2, 3]), (s("compare"), vec![4, 5])]
    );
    // Adjacent places share one: `much more` / `more` / (1869 moved `more`) nothing.
    assert_eq!(
        find("much more"),
        vec![
            (s("much more"), vec![0]),
            (s("more"), vec![1, 2, 3, 5]),
            (s(""), vec![4])
        ]
    );
    assert_eq!(
        find("I think"),
        vec![(s("I think"), vec![0, 1, 2, 3]), (s(""), vec![4, 5])]
    );
    assert_eq!(
        find("When"),
        vec![(s("When"), vec![0, 1, 2, 3]), (s("And if"), vec![4, 5])]
    );
    assert_eq!(
        find("greater"),
        vec![(s("greater"), vec![0]), (s("great"), vec![1, 2, 3, 4, 5])]
    );
    assert_eq!(
        find("simply"),
        vec![(s("simply"), vec![0, 1, 2, 3]), (s(""), vec![4, 5])]
    );
    assert_eq!(
        find("have"),
        vec![(s("have"), vec![0, 1, 2, 3]), (s("had"), vec![4, 5])]
    );
    // The heading, `is,`, `much`, `more` moved in 1869, the comma after `other`, and the five
    // above: at most 11 places.
    assert!(c.apparatus.entries.len() <= 11, "{ents:#?}");
    assert!(c.transpositions.is_empty());
}

#[test]
fn identical_witnesses_have_no_variant() {
    let w = [
        ("A", "one two, three"),
        ("B", "one  two,\nthree"),
        ("C", "one two, three"),
    ];
    let c = run(&w, &CollateOptions::default());
    assert!(!c.has_variants());
    assert!(c.apparatus.entries.is_empty());
    assert_eq!(c.table.columns.len(), 1);
}

#[test]
fn ignored_punctuation_keeps_tokens() {
    let opts = CollateOptions {
        normalizer: Normalizer::new(
            NormalizeOptions {
                punctuation: true,
                ..Default::default()
            },
            Default::default(),
        ),
        ..Default::default()
    };
    let c = run(&[("A", "\"Yes, he said."), ("B", "Yes he said")], &opts);
    assert!(!c.has_variants());
    check_rows(&c);
}

#[test]
fn near_match_pairs_spellings_and_keeps_tokens() {
    let w = [
        ("A", "the colour red is bright"),
        ("B", "the big color is bright"),
    ];
    let plain = run(&w, &unseg());
    expect(
        &plain,
        &[
            &["the", "colour", "red", "is", "bright"],
            &["the", "big", "color", "is", "bright"],
        ],
    );
    let opts = CollateOptions {
        near_match: true,
        no_segmentation: true,
        ..Default::default()
    };
    let c = run(&w, &opts);
    check_rows(&c);
    let r = rows(&c);
    let col = r[0].iter().position(|x| x == "colour").expect("colour");
    assert_eq!(r[1][col], "color");
}

#[test]
fn threads_do_not_change_results() {
    let d = darwin();
    let w: Vec<(&str, &str)> = d.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    let a = one.install(|| run(&w, &CollateOptions::default()));
    let b = four.install(|| run(&w, &CollateOptions::default()));
    assert_eq!(a.table.columns, b.table.columns);
    assert_eq!(a.transpositions, b.transpositions);
}

/// Every witness's tokens appear in its row, in order, none lost or duplicated.
fn check_rows(c: &Collation) {
    for (w, wit) in c.witnesses.iter().enumerate() {
        let mut next = 0u32;
        for col in &c.table.columns {
            if let Some(r) = &col.cells[w] {
                assert_eq!(r.start, next, "witness {w} row out of order");
                assert!(r.end > r.start);
                next = r.end;
            }
        }
        assert_eq!(next as usize, wit.tokens.len(), "witness {w} lost tokens");
    }
}

fn witness_strategy() -> impl Strategy<Value = Vec<String>> {
    let vocab = [
        "the", "cat", "sat", "on", "a", "mat", ",", ".", "dog", "red", "the", "and", "ran",
    ];
    let base = proptest::collection::vec(0..vocab.len(), 0..25);
    (
        base,
        proptest::collection::vec(
            proptest::collection::vec((0..4u8, 0..vocab.len(), 0..30usize), 0..5),
            2..5,
        ),
    )
        .prop_map(move |(base, muts)| {
            muts.into_iter()
                .map(|ms| {
                    let mut w: Vec<usize> = base.clone();
                    for (op, v, at) in ms {
                        let at = if w.is_empty() { 0 } else { at % (w.len() + 1) };
                        match op {
                            0 => w.insert(at, v),
                            1 if at < w.len() => {
                                w.remove(at);
                            }
                            2 if at < w.len() => w[at] = v,
                            3 if at + 2 < w.len() => w.swap(at, at + 2),
                            _ => {}
                        }
                    }
                    w.iter().map(|&i| vocab[i]).collect::<Vec<_>>().join(" ")
                })
                .collect()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rows_keep_every_token(wits in witness_strategy(), seg in any::<bool>(), near in any::<bool>()) {
        let sig: Vec<String> = (0..wits.len()).map(|i| format!("W{i}")).collect();
        let w: Vec<(&str, &str)> = sig.iter().map(String::as_str).zip(wits.iter().map(String::as_str)).collect();
        let c = run(&w, &CollateOptions { no_segmentation: !seg, near_match: near, ..Default::default() });
        check_rows(&c);
    }

    #[test]
    fn permuting_witnesses_permutes_rows(wits in witness_strategy(), seed in any::<u64>(), near in any::<bool>(), seg in any::<bool>()) {
        let n = wits.len();
        let mut perm: Vec<usize> = (0..n).collect();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            perm.swap(i, (s >> 33) as usize % (i + 1));
        }
        let sig: Vec<String> = (0..n).map(|i| format!("W{i}")).collect();
        let w: Vec<(&str, &str)> = sig.iter().map(String::as_str).zip(wits.iter().map(String::as_str)).collect();
        let pw: Vec<(&str, &str)> = perm.iter().map(|&i| w[i]).collect();
        let opts = CollateOptions { near_match: near, no_segmentation: !seg, ..Default::default() };
        let a = run(&w, &opts);
        let b = run(&pw, &opts);
        prop_assert_eq!(a.table.columns.len(), b.table.columns.len());
        for (ca, cb) in a.table.columns.iter().zip(&b.table.columns) {
            for (k, &i) in perm.iter().enumerate() {
                prop_assert_eq!(&cb.cells[k], &ca.cells[i]);
            }
            prop_assert_eq!(ca.variant, cb.variant);
            prop_assert_eq!(ca.transposition, cb.transposition);
        }
    }

    /// With line and paragraph breaks between words, added and omitted phrases are settled on
    /// the widest breaks ([`super::settle`]): the table still keeps every token and does not
    /// depend on the witnesses' order.
    #[test]
    fn settling_on_breaks_keeps_tokens_and_order(wits in witness_strategy(), seed in any::<u64>(), breaks in any::<u64>()) {
        let wits: Vec<String> = wits
            .iter()
            .enumerate()
            .map(|(w, t)| {
                let mut out = String::new();
                for (k, word) in t.split(' ').enumerate() {
                    if k > 0 {
                        let r = breaks.rotate_left((w * 7 + k * 3) as u32 % 64) & 7;
                        out.push_str(match r { 0 => "\n\n", 1 => "\n", _ => " " });
                    }
                    out.push_str(word);
                }
                out
            })
            .collect();
        let n = wits.len();
        let mut perm: Vec<usize> = (0..n).collect();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            perm.swap(i, (s >> 33) as usize % (i + 1));
        }
        let sig: Vec<String> = (0..n).map(|i| format!("W{i}")).collect();
        let w: Vec<(&str, &str)> = sig.iter().map(String::as_str).zip(wits.iter().map(String::as_str)).collect();
        let pw: Vec<(&str, &str)> = perm.iter().map(|&i| w[i]).collect();
        let opts = CollateOptions::default();
        let a = run(&w, &opts);
        let b = run(&pw, &opts);
        check_rows(&a);
        prop_assert_eq!(a.table.columns.len(), b.table.columns.len());
        for (ca, cb) in a.table.columns.iter().zip(&b.table.columns) {
            for (k, &i) in perm.iter().enumerate() {
                prop_assert_eq!(&cb.cells[k], &ca.cells[i]);
            }
            prop_assert_eq!(ca.variant, cb.variant);
            prop_assert_eq!(ca.transposition, cb.transposition);
        }
    }

    #[test]
    fn identical_gives_no_variant(w in witness_strategy()) {
        let t = w[0].clone();
        let c = run(&[("A", t.as_str()), ("B", t.as_str()), ("C", t.as_str())], &CollateOptions::default());
        prop_assert!(!c.has_variants());
    }
}

/// Regression (found by the permutation proptest): two identical witnesses used to be aligned
/// differently against a third that repeats a word, so the table depended on witness order.
#[test]
fn identical_witnesses_align_identically_in_any_order() {
    let texts = [
        ("A", "dog and ran"),
        ("B", "and ran dog ran"),
        ("C", "dog and ran"),
    ];
    let base = run(&texts, &CollateOptions::default());
    for col in &base.table.columns {
        assert_eq!(
            col.cells[0], col.cells[2],
            "A and C must share every column"
        );
    }
    for perm in [[1, 0, 2], [0, 2, 1], [2, 1, 0], [1, 2, 0], [2, 0, 1]] {
        let p: Vec<(&str, &str)> = perm.iter().map(|&i| texts[i]).collect();
        let c = run(&p, &CollateOptions::default());
        assert_eq!(c.table.columns.len(), base.table.columns.len());
        for (ca, cb) in base.table.columns.iter().zip(&c.table.columns) {
            for (k, &i) in perm.iter().enumerate() {
                assert_eq!(cb.cells[k], ca.cells[i], "order {perm:?}");
            }
        }
    }
}

/// Past the deadline the table is still complete: every token in its row, in order.
#[test]
fn deadline_keeps_every_token() {
    let a = "alpha beta gamma delta epsilon zeta eta theta";
    let b = "beta alpha delta gamma zeta epsilon theta eta";
    let opts = CollateOptions {
        deadline: Some(std::time::Duration::ZERO),
        ..unseg()
    };
    let c = run(&[("A", a), ("B", b)], &opts);
    assert!(c.approximate);
    check_rows(&c);
    let full = run(&[("A", a), ("B", b)], &unseg());
    assert!(!full.approximate);
    check_rows(&full);
}

/// Between two editions, 1869's real move of `more` (`differ from each other more` against
/// 1860's `differ more from each other`) is one transposition, and nothing else is (issue 16).
#[test]
fn darwin_local_move_is_a_transposition() {
    let c = run(
        &[("1860", DARWIN_1860), ("1869", DARWIN_1869)],
        &CollateOptions::default(),
    );
    assert_eq!(c.transpositions.len(), 1, "{:?}", c.transpositions);
    let t = c.transpositions[0].text.as_str();
    assert!(["more", "from each other"].contains(&t), "{t}");
}

/// Where a line is a whole paragraph, every apparatus entry still has a key of its own
/// (`LINE.WORD`) (issue 16; the transposition lines citing them: tests/cli/collate.rs).
#[test]
fn apparatus_keys_are_unique_per_word_position() {
    let d = darwin();
    let w: Vec<(&str, &str)> = d.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let c = run(&w, &CollateOptions::default());
    let keys: Vec<&str> = c.apparatus.entries.iter().map(|e| e.key.as_str()).collect();
    let mut unique = keys.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "{keys:?}");
    assert!(keys.iter().all(|k| k.starts_with("1.")), "{keys:?}");
    // `look to` is the 3rd and 4th words of 1859's line 1.
    let look = c
        .apparatus
        .entries
        .iter()
        .find(|e| e.readings[0].text == "look to");
    assert_eq!(look.map(|e| e.key.as_str()), Some("1.3"));
}
