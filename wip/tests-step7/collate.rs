
/// `--work` collates every edition of a stored work, `--lang` only those in one language.
#[test]
fn work_and_lang_from_the_store() {
    let s = shipped_store();
    let (code, v) = json(&["--store", &s, "collate", "--work", "politburo-1932", "--format", "json"]);
    assert_eq!(code, 1);
    let labels: Vec<&str> = v["witnesses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "politburo-1932/en-emended",
            "politburo-1932/en-marxists",
            "politburo-1932/es-ceip"
        ]
    );
    // English only: the two transcriptions, differing by the three emendations.
    let (code, out, err) = run(&[
        "--store",
        &s,
        "collate",
        "--work",
        "politburo-1932",
        "--lang",
        "en",
        "--format",
        "apparatus",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("M = politburo-1932/en-marxists"), "{out}");
    assert!(!out.contains("es-ceip"), "{out}");
    let places = out.lines().filter(|l| l.contains("] E;")).count();
    assert_eq!(places, 3, "{out}");
    // One Spanish edition: nothing to collate.
    let (code, _, err) = run(&["--store", &s, "collate", "--work", "politburo-1932", "--lang", "es"]);
    assert_eq!(code, 2);
    assert!(err.contains("at least two witnesses, got 1"), "{err}");
    let (code, _, err) = run(&["--store", &s, "collate", "--work", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("no work 'nope'"), "{err}");
}
