//! TEI XML input (issue #17): golden extractions for every reading rule, detection, and the
//! security cases, all through the real binary.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{code, lectio, run_cmd, stderr, stdout, write_file};

fn golden_dir() -> PathBuf {
    super::repo_root().join("tests/cli/golden/tei")
}

/// Every line of `golden/tei/cases.txt`: `lectio extract INPUT ARGS` prints EXPECTED exactly.
#[test]
fn extract_golden_files() {
    let dir = golden_dir();
    let cases = std::fs::read_to_string(dir.join("cases.txt")).unwrap();
    let mut n = 0;
    for line in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let [input, args, expected] = parts[..] else {
            panic!("bad case line: {line}")
        };
        let mut argv = vec!["extract", input];
        argv.extend(args.split_whitespace());
        let mut cmd = lectio();
        cmd.current_dir(&dir);
        let out = run_cmd(cmd, &argv);
        assert_eq!(code(&out), 0, "{line}: {}", stderr(&out));
        let want = std::fs::read_to_string(dir.join(expected)).unwrap();
        assert_eq!(stdout(&out), want, "{line}");
        n += 1;
    }
    assert!(n >= 20, "only {n} golden cases");
}

/// Standard input is recognised as TEI too.
#[test]
fn extract_reads_tei_from_stdin() {
    let xml = std::fs::read(golden_dir().join("choice.xml")).unwrap();
    let out = lectio()
        .args(["extract", "-"])
        .write_stdin(xml)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Mister Kirwin read the letter, showed it, and wrote back.\n"
    );
}

/// The reading text never contains markup: no tag of the dev chapters leaks through.
#[test]
fn extraction_of_the_dev_chapters_has_no_markup() {
    let Some(shared) = super::shared_dir() else {
        eprintln!("SKIP: ../shared not found");
        return;
    };
    let dir = shared.join("frankenstein-dev/tei");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIP: {} not found", dir.display());
        return;
    };
    for e in entries {
        let path = e.unwrap().path();
        let out = run_cmd(lectio(), &["extract", path.to_str().unwrap()]);
        assert_eq!(code(&out), 0, "{}: {}", path.display(), stderr(&out));
        let text = stdout(&out);
        assert!(text.len() > 5000, "{}", path.display());
        for bad in [
            "<seg",
            "<pb",
            "xml:id",
            "teiHeader",
            "</",
            "/>",
            "Frankenstein Variorum Project",
        ] {
            assert!(
                !text.contains(bad),
                "{}: {bad} in the reading text",
                path.display()
            );
        }
    }
}

fn tei(body: &str) -> String {
    format!(
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader/><text><body>{body}</body></text></TEI>\n"
    )
}

#[test]
fn billion_laughs_is_refused_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n");
    doc.push_str(&tei("<p>&lol9;</p>"));
    let f = write_file(dir.path(), "laughs.xml", doc);
    let start = Instant::now();
    let out = run_cmd(lectio(), &["extract", f.to_str().unwrap()]);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("laughs.xml:2:1"), "{}", stderr(&out));
    assert!(stderr(&out).contains("entities"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("lol"));
}

#[test]
fn external_entities_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let secret = write_file(dir.path(), "secret.txt", "TOP-SECRET-CONTENT\n");
    let doc = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [<!ENTITY xxe SYSTEM \"file://{}\">]>\n{}",
        secret.display(),
        tei("<p>&xxe;</p>")
    );
    let f = write_file(dir.path(), "xxe.xml", doc);
    let out = run_cmd(lectio(), &["extract", f.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(!stdout(&out).contains("TOP-SECRET") && !stderr(&out).contains("TOP-SECRET"));
    // An undeclared entity (no DOCTYPE) is an error, not an empty string.
    let f = write_file(dir.path(), "undeclared.xml", tei("<p>a &xxe; b</p>"));
    let out = run_cmd(lectio(), &["extract", f.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("undefined entity &xxe;"),
        "{}",
        stderr(&out)
    );
    // Also through diff.
    let g = write_file(dir.path(), "g.txt", "a b\n");
    let out = run_cmd(
        lectio(),
        &["diff", f.to_str().unwrap(), g.to_str().unwrap()],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn invalid_xml_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let doc = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<text><body>\n  <p>one <hi>two</p>\n</body></text></TEI>\n";
    let f = write_file(dir.path(), "bad.xml", doc);
    let out = run_cmd(lectio(), &["extract", f.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("bad.xml:3:"), "{err}");
    assert!(err.contains("invalid XML"), "{err}");
    // Unclosed at the end of the file.
    let f = write_file(
        dir.path(),
        "open.xml",
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<text><body><p>one\n",
    );
    let out = run_cmd(lectio(), &["extract", f.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("open.xml:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("never closed"), "{}", stderr(&out));
}

#[test]
fn depth_and_attribute_size_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let deep = tei(&format!(
        "{}x{}",
        "<hi>".repeat(10_000),
        "</hi>".repeat(10_000)
    ));
    let f = write_file(dir.path(), "deep.xml", deep);
    let out = run_cmd(lectio(), &["extract", f.to_str().unwrap()]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(stderr(&out).contains("deeper than"), "{}", stderr(&out));
    let long = tei(&format!("<p n=\"{}\">x</p>", "a".repeat(100_000)));
    let f = write_file(dir.path(), "long.xml", long);
    let out = run_cmd(lectio(), &["extract", f.to_str().unwrap()]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(stderr(&out).contains("attribute"), "{}", stderr(&out));
}
