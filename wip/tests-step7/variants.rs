
/// `--no-places` skips the collation of the group (no variation places, same pair counts);
/// `--kind` keeps the editions of one kind only.
#[test]
fn no_places_and_kind() {
    let s = shipped_store();
    let base = ["--store", &s, "variants", "--work", "politburo-1932", "--lang", "en"];
    let with = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        a.extend(["--format", "json"]);
        let (code, v) = json(&a);
        assert_eq!(code, 1);
        v
    };
    let full = with(&[]);
    let quick = with(&["--no-places"]);
    assert_eq!(full["places"].as_array().unwrap().len(), 3);
    assert_eq!(quick["places"].as_array().map(Vec::len), Some(0), "{quick:#}");
    assert_eq!(quick["pairs"], full["pairs"], "--no-places changes no pair");
    // A store with three transcriptions and one translation: --kind keeps the three.
    let e = Sandbox::new();
    for (ed, kind, text) in [
        ("t1", "transcription", "The cat sat on the mat."),
        ("t2", "transcription", "The cat sat upon the mat."),
        ("t3", "transcription", "A cat sat on the mat."),
        ("tr", "translation", "El gato se sentó en la alfombra."),
    ] {
        let f = e.file(&format!("{ed}.txt"), text);
        let out = e.run(&[
            "add", &f, "--edition", &format!("w/{ed}"), "--lang", "en", "--kind", kind,
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let witnesses = |extra: &[&str]| {
        let mut a = vec!["variants", "--work", "w", "--format", "json"];
        a.extend_from_slice(extra);
        let out = e.run(&a);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["witnesses"].as_array().unwrap().len()
    };
    assert_eq!(witnesses(&[]), 4);
    assert_eq!(witnesses(&["--kind", "transcription"]), 3);
    let out = e.run(&["variants", "--work", "w", "--kind", "translation"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("got 1"), "{}", stderr(&out));
}
