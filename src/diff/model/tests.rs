//! Tests of the variant model.

use super::super::*;

fn d(a: &str, b: &str) -> Diff {
    diff_texts(a, b, &DiffOptions::default())
}

#[test]
fn kinds() {
    let x = d("a b c", "a c");
    assert_eq!(x.variants.len(), 1);
    assert_eq!(x.variants[0].kind, VariantKind::Omission);
    assert_eq!(x.variants[0].old.reading("a b c"), "b");
    let x = d("a c", "a b c");
    assert_eq!(x.variants[0].kind, VariantKind::Addition);
    assert_eq!(x.variants[0].new.reading("a b c"), "b");
    let x = d("a big dog", "a big cat");
    assert_eq!(x.variants[0].kind, VariantKind::Substitution);
}

#[test]
fn transposition_is_one_variant() {
    let a = "one two three four five six seven eight";
    let b = "one five six two three four seven eight";
    let x = d(a, b);
    let t: Vec<_> = x
        .variants
        .iter()
        .filter(|v| v.kind == VariantKind::Transposition)
        .collect();
    assert_eq!(t.len(), 1, "{:?}", x.variants);
    assert_eq!(x.variants.len(), 1);
    let ra: Vec<&str> = a.split(' ').collect();
    let rb: Vec<&str> = b.split(' ').collect();
    assert_eq!(x.apply(&ra, &rb), rb);
}

#[test]
fn nfd_is_normalization_and_rewrap_is_nothing() {
    let x = d("caf\u{e9} noir", "cafe\u{301} noir");
    assert_eq!(x.variants.len(), 1);
    assert_eq!(x.variants[0].class, VariantClass::Normalization);
    let x = d("a b c\nd e", "a b\nc d\n\ne");
    assert!(x.is_empty());
    let opts = DiffOptions {
        whitespace: true,
        ..Default::default()
    };
    let x = diff_texts("a b c\nd e", "a b\nc d e", &opts);
    assert_eq!(x.variants.len(), 2);
    assert!(
        x.variants
            .iter()
            .all(|v| v.class == VariantClass::Whitespace)
    );
    assert_eq!(x.variants[0].old.line, 1);
}

fn transpositions(x: &Diff) -> usize {
    x.stats().by_kind[VariantKind::Transposition as usize]
}

#[test]
fn a_short_move_is_near_or_far_both_ways_round() {
    // `sheep` moved two words back in the old text, but past fifty-four in the new one
    // (fifty-two words were added there): measured in the old text alone, it would be a
    // transposition one way round and an omission and an addition the other. Past
    // [`MAX_MOVE`] tokens it is neither way round.
    let a = "one two three sheep four";
    let added: Vec<String> = (1..=52).map(|i| format!("x{i}")).collect();
    let b = format!("one sheep two {} three four", added.join(" "));
    let b = b.as_str();
    let (x, y) = (d(a, b), d(b, a));
    assert_eq!(transpositions(&x), transpositions(&y), "{x:?}\n{y:?}");
    assert_eq!(transpositions(&x), 0);
    // Near in both: a transposition both ways round.
    let b = "one sheep two x1 x2 x3 three four";
    let (x, y) = (d(a, b), d(b, a));
    assert_eq!((transpositions(&x), transpositions(&y)), (1, 1));
    // Fifteen words apart is still near (issue 16: within 50 tokens).
    let b = "one sheep two x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12 three four";
    let (x, y) = (d(a, b), d(b, a));
    assert_eq!((transpositions(&x), transpositions(&y)), (1, 1));
}

/// A lone function word is moved only in a local swap; punctuation never (issue 16).
#[test]
fn a_lone_function_word_moves_only_locally() {
    let near = d(
        "they differ from each other more than do",
        "they differ more from each other than do",
    );
    assert_eq!(transpositions(&near), 1, "{near:?}");
    let far = d(
        "they differ from each other more than do the individuals of any species",
        "they differ from each other than do the individuals of any more species",
    );
    assert_eq!(transpositions(&far), 0, "{far:?}");
}

#[test]
fn punctuation_glues_changes_only_when_glued_in_both_texts() {
    // Glued in both: one variant, both ways round.
    let (a, b) = ("x a,b y", "x c,d y");
    assert_eq!((d(a, b).variants.len(), d(b, a).variants.len()), (1, 1));
    // Glued in one text only: it was one variant when that text was the old one, two
    // the other way round.
    let (a, b) = ("x a,b y", "x c , d y");
    assert_eq!((d(a, b).variants.len(), d(b, a).variants.len()), (2, 2));
    let (a, b) = ("(", "a(a");
    assert_eq!((d(a, b).variants.len(), d(b, a).variants.len()), (2, 2));
}

fn ignoring(case: bool, diacritics: bool, nfkc: bool) -> DiffOptions {
    DiffOptions {
        normalize: crate::text::NormalizeOptions {
            case,
            diacritics,
            nfkc,
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn combined_foldings_drop_a_combined_difference() {
    // Case and diacritics both differ: `classify` calls that spelling, but the user asked
    // to ignore both, and that is all that differs.
    let both = ignoring(true, true, false);
    assert!(diff_texts("Café", "cafe", &both).is_empty());
    assert!(diff_texts("Un Café noir", "un cafe noir", &both).is_empty());
    // Case alone: the diacritics still differ.
    let x = diff_texts("Café", "cafe", &ignoring(true, false, false));
    assert_eq!(x.variants.len(), 1, "{:?}", x.variants);
    assert_eq!(x.variants[0].kind, VariantKind::Substitution);
    // Diacritics alone: the case still differs.
    let x = diff_texts("Café", "cafe", &ignoring(false, true, false));
    assert_eq!(x.variants.len(), 1, "{:?}", x.variants);
    // NFC against NFD is a normalization variant by default, under the other foldings
    // too (next to a folded difference), and only `nfkc` drops it.
    let (nfc, nfd) = ("The caf\u{e9} noir", "the cafe\u{301} noir");
    for opts in [ignoring(true, false, false), ignoring(true, true, false)] {
        let x = diff_texts(nfc, nfd, &opts);
        assert_eq!(x.variants.len(), 1, "{:?}", x.variants);
        assert_eq!(x.variants[0].class, VariantClass::Normalization);
        assert_eq!(x.variants[0].old.reading(nfc), "caf\u{e9}");
    }
    let x = d("caf\u{e9}", "cafe\u{301}");
    assert_eq!(x.variants.len(), 1);
    assert_eq!(x.variants[0].class, VariantClass::Normalization);
    assert!(diff_texts(nfc, nfd, &ignoring(true, false, true)).is_empty());
}

#[test]
fn ignore_case_folds() {
    let opts = DiffOptions {
        normalize: crate::text::NormalizeOptions {
            case: true,
            ..Default::default()
        },
        ..Default::default()
    };
    assert!(diff_texts("The Cat", "the cat", &opts).is_empty());
    assert_eq!(
        d("The Cat", "the cat").variants[0].class,
        VariantClass::Case
    );
}
