
/// `--context N`: N words on each side of a variant in the text format (default 3).
#[test]
fn context_sets_the_words_around_a_variant() {
    let dir = pair(
        "one two three four five six seven eight nine ten\n",
        "one two three four FIVE six seven eight nine ten\n",
    );
    let line = |args: &[&str]| {
        let mut all = vec!["diff"];
        all.extend_from_slice(args);
        all.extend(["a.txt", "b.txt"]);
        let (code, out, err) = run_in(dir.path(), &all);
        assert_eq!(code, 1, "{err}");
        out.lines().nth(3).unwrap_or_default().to_string()
    };
    assert_eq!(line(&["--context", "0"]), "  [-five-]{+FIVE+}");
    assert_eq!(line(&["--context", "1"]), "  four [-five-]{+FIVE+} six");
    let three = "  two three four [-five-]{+FIVE+} six seven eight";
    assert_eq!(line(&["--context", "3"]), three);
    assert_eq!(line(&[]), three, "the default is 3");
}

/// `--algorithm`: myers (the default), patience and histogram, each visible where it differs.
#[test]
fn algorithm_chooses_the_script() {
    let script = |a: &str, b: &str, alg: Option<&str>| {
        let dir = pair(a, b);
        let mut all = vec!["diff", "--format", "word-diff"];
        if let Some(alg) = alg {
            all.extend(["--algorithm", alg]);
        }
        all.extend(["a.txt", "b.txt"]);
        let (code, out, err) = run_in(dir.path(), &all);
        assert_eq!(code, 1, "{err}");
        out.lines().last().unwrap_or_default().to_string()
    };
    // Patience anchors on `z`, the one word unique to both texts; Myers and histogram move it.
    let (a, b) = ("a b a b z a b\n", "z a b a b a b\n");
    let myers = "{+z+} a b a b [-z-] a b";
    assert_eq!(script(a, b, None), myers);
    assert_eq!(script(a, b, Some("myers")), myers);
    assert_eq!(script(a, b, Some("histogram")), myers);
    assert_eq!(script(a, b, Some("patience")), "[-a b a b-] z {+a b a b+} a b");
    // Histogram anchors on its rarest common run; Myers and patience keep `q r … q r`.
    let (a, b) = ("p q r s q r p\n", "q r p s p q r\n");
    let myers = "[-p-] q r {+p+} s {+p+} q r [-p-]";
    assert_eq!(script(a, b, Some("myers")), myers);
    assert_eq!(script(a, b, Some("patience")), myers);
    assert_eq!(script(a, b, Some("histogram")), "{+q r p s+} p q r [-s q r p-]");
    let dir = pair("a\n", "b\n");
    let (code, _, _) = run_in(dir.path(), &["diff", "--algorithm", "nope", "a.txt", "b.txt"]);
    assert_eq!(code, 2);
}
