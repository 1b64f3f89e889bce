
/// A translation whose sentences pair one to one with the same numbers and names and no
/// finding: exit 0 (docs/align.md), with the count said.
#[test]
fn no_findings_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let en = write_file(
        dir.path(),
        "en.txt",
        "Stalin wrote in 1932.\n\nTrotsky answered from Prinkipo.\n",
    );
    let es = write_file(
        dir.path(),
        "es.txt",
        "Stalin escribió en 1932.\n\nTrotsky respondió desde Prinkipo.\n",
    );
    let out = lectio().arg("align").arg(&en).arg(&es).output().unwrap();
    assert_no_panic(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("0 findings"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "{stdout}");
}
