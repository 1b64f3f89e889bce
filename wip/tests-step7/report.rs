
/// `--work` reports one work only (an unknown one is an input error); `--tree` chooses the
/// tree method, which the page names.
#[test]
fn work_and_tree() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    let page_s = page.to_str().unwrap();
    let s = shipped_store();
    let r = report_json_with(&s, &page, &["--work", "politburo-1932"]);
    let works: Vec<&str> = r["works"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["work"].as_str().unwrap())
        .collect();
    assert_eq!(works, ["politburo-1932"]);
    let (code, _, err) = run(&["--store", &s, "report", "--out", page_s, "--work", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("no work 'nope'"), "{err}");
    let html = |tree: Option<&str>| {
        let mut a = vec!["--store", &s, "report", "--out", page_s];
        if let Some(t) = tree {
            a.extend(["--tree", t]);
        }
        let (code, _, err) = run(&a);
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(&page).unwrap()
    };
    let nj = html(None);
    assert!(nj.contains("neighbour-joining") && !nj.contains("UPGMA"));
    assert!(html(Some("nj")).contains("neighbour-joining"), "nj is the default");
    let upgma = html(Some("upgma"));
    assert!(upgma.contains("UPGMA") && !upgma.contains("neighbour-joining"));
    let (code, _, _) = run(&["--store", &s, "report", "--out", page_s, "--tree", "nope"]);
    assert_eq!(code, 2);
}
