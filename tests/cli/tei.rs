//! TEI XML input (issue #17): golden extractions for every reading rule, detection, and the
//! security cases, all through the real binary.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::{
    code, lectio, repo_root, run_cmd, shared, skip_or_fail, stderr, stdout, write_file,
};

fn golden_dir() -> PathBuf {
    repo_root().join("tests/cli/golden/tei")
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
    let Some(dir) = shared("frankenstein-dev/tei") else {
        return skip_or_fail(
            "extraction_of_the_dev_chapters_has_no_markup",
            "../shared/frankenstein-dev/tei not found",
        );
    };
    let entries = std::fs::read_dir(&dir).unwrap();
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

fn golden(name: &str) -> String {
    golden_dir().join(name).to_str().unwrap().to_string()
}

/// Re-indenting, adding `<hi>` and changing attributes is no text variant: diff exits 0.
#[test]
fn markup_only_changes_are_no_variant_in_diff() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(golden_dir().join("breaks.xml")).unwrap();
    let new = old
        .replace(
            "incredible labour",
            "<hi rend=\"italic\">incredible</hi> labour",
        )
        .replace("<pb n=\"11\"/>", "<pb n=\"11\" facs=\"p11.jpg\"/>")
        .replace("\n        ", "\n\t\t  ");
    assert_ne!(old, new);
    let f = write_file(dir.path(), "new.xml", &new);
    let out = run_cmd(
        lectio(),
        &["diff", &golden("breaks.xml"), f.to_str().unwrap()],
    );
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    // A real change still shows, and the same files read as text differ.
    let g = write_file(dir.path(), "changed.xml", new.replace("capable", "able"));
    let out = run_cmd(
        lectio(),
        &["diff", &golden("breaks.xml"), g.to_str().unwrap()],
    );
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("[-capable-]{+able+}"),
        "{}",
        stdout(&out)
    );
    let out = run_cmd(
        lectio(),
        &[
            "diff",
            "--input-format",
            "text",
            &golden("breaks.xml"),
            f.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 1);
}

/// A TEI file on standard input is recognised by diff.
#[test]
fn diff_reads_tei_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write_file(
        dir.path(),
        "plain.txt",
        "Mister Kirwin read the letter, showed it, and wrote back.\n",
    );
    let xml = std::fs::read(golden_dir().join("choice.xml")).unwrap();
    let out = lectio()
        .args(["diff", "-", plain.to_str().unwrap()])
        .write_stdin(xml)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

/// `collate --layers` splits a witness with revisions into ID-ac and ID-pc.
#[test]
fn collate_layers_gives_ac_and_pc_witnesses() {
    let dir = tempfile::tempdir().unwrap();
    let other = write_file(
        dir.path(),
        "B.txt",
        "I have seen the sun rise, and I rejoiced alone.\n",
    );
    let out = run_cmd(
        lectio(),
        &[
            "collate",
            &golden("layers.xml"),
            other.to_str().unwrap(),
            "--layers",
            "--format",
            "apparatus",
        ],
    );
    let text = stdout(&out);
    assert_eq!(code(&out), 1, "{text}{}", stderr(&out));
    assert!(text.contains("layers-ac = "), "{text}");
    assert!(text.contains("layers-pc = "), "{text}");
    assert!(text.contains("had] layers-ac; have layers-pc B"), "{text}");
    assert!(text.contains("moon] layers-ac; sun layers-pc B"), "{text}");
    // Without --layers: one witness, post-correction, which B agrees with.
    let out = run_cmd(
        lectio(),
        &["collate", &golden("layers.xml"), other.to_str().unwrap()],
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

/// A gap is `lac.`, never `om.`, in the apparatus, and no variant in `variants` distances.
#[test]
fn lacunae_in_collate_and_variants() {
    let dir = tempfile::tempdir().unwrap();
    let full = write_file(
        dir.path(),
        "full.txt",
        "It was on a dreary night of November, that I beheld the accomplishment of my toils.\n",
    );
    // `COMMAND gap.xml OTHER --format FORMAT --unclear gap`.
    let with_gap = |command: &str, other: &std::path::Path, format: &str| {
        let other = other.to_str().unwrap();
        let gap = golden("gap.xml");
        let args = [command, &gap, other, "--format", format, "--unclear", "gap"];
        run_cmd(lectio(), &args)
    };
    let out = with_gap("collate", &full, "apparatus");
    let text = stdout(&out);
    // The base reads nothing there: each place is named by the base word before it.
    assert!(text.contains("of lac.] gap; of November full"), "{text}");
    assert!(
        text.contains("beheld lac.] gap; beheld the accomplishment full"),
        "{text}"
    );
    assert!(!text.contains("om."), "{text}");
    // The JSON apparatus marks the lacuna.
    let out = with_gap("collate", &full, "json");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let lacunae: Vec<&serde_json::Value> = v["apparatus"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["readings"].as_array().unwrap())
        .filter(|r| r["lacuna"] == true)
        .collect();
    assert_eq!(lacunae.len(), 2, "{v}");
    assert!(
        lacunae
            .iter()
            .all(|r| r["witnesses"][0] == "gap" && r["text"] == "")
    );
    // The TEI parallel segmentation reads `<gap reason="lacuna"/>` there.
    let out = with_gap("collate", &full, "tei");
    let tei_out = stdout(&out);
    assert_eq!(
        tei_out
            .matches("<lem wit=\"#gap\"><gap reason=\"lacuna\"/></lem>")
            .count(),
        2,
        "{tei_out}"
    );
    let out = with_gap("variants", &full, "json");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["pairs"][0]["counts"]["variants"], 0, "{v}");
    // A real omission still counts.
    let short = write_file(
        dir.path(),
        "short.txt",
        "It was on a dreary night of November, that I beheld the accomplishment.\n",
    );
    let out = with_gap("variants", &short, "json");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["pairs"][0]["counts"]["variants"], 1, "{v}");
}

/// Apparatus entries of a TEI witness cite its page and line; its lines are the XML file's.
#[test]
fn apparatus_cites_page_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let other = write_file(
        dir.path(),
        "B.txt",
        "After days and nights of incredible labour, I succeeded in discovering the cause of gene-ration and life; nay, more, I became myself able.\n\nThe astonishment.\n",
    );
    let out = run_cmd(
        lectio(),
        &[
            "collate",
            &golden("breaks.xml"),
            other.to_str().unwrap(),
            "--format",
            "apparatus",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("     9:46  capable] breaks [p. 12, l. 3]; able B"),
        "{text}"
    );
    let out = run_cmd(
        lectio(),
        &[
            "collate",
            &golden("breaks.xml"),
            other.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let lemma = &v["apparatus"][0]["readings"][0];
    assert_eq!(lemma["text"], "capable", "{v}");
    assert_eq!(lemma["loc"]["breaks"], "p. 12, l. 3", "{v}");
    assert!(v["apparatus"][0]["readings"][1].get("loc").is_none(), "{v}");
    let out = run_cmd(
        lectio(),
        &[
            "collate",
            other.to_str().unwrap(),
            &golden("breaks.xml"),
            "--format",
            "apparatus",
        ],
    );
    assert!(
        stdout(&out).contains("able] B; capable breaks [p. 12, l. 3]"),
        "{}",
        stdout(&out)
    );
}

fn tei_store(dir: &std::path::Path) -> PathBuf {
    let store = dir.join("editions");
    let out = run_cmd(lectio(), &["--store", store.to_str().unwrap(), "init"]);
    assert_eq!(code(&out), 0);
    let a = dir.join("a.xml");
    std::fs::copy(golden_dir().join("breaks.xml"), &a).unwrap();
    let out = run_cmd(
        lectio(),
        &[
            "--store",
            store.to_str().unwrap(),
            "add",
            a.to_str().unwrap(),
            "--edition",
            "w/a",
            "--lang",
            "en",
            "--kind",
            "transcription",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    a
}

/// check: markup-only changes exit 0 and are counted (and listed with --markup); a text change
/// is reported at the XML file's own line and column in GitHub and SARIF output.
#[test]
fn check_on_tei_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = tei_store(dir.path());
    let xml = std::fs::read_to_string(&a).unwrap();
    std::fs::write(
        &a,
        xml.replace("incredible", "<hi>incredible</hi>")
            .replace("<p>", "<p rend=\"x\">"),
    )
    .unwrap();
    let mut cmd = lectio();
    cmd.current_dir(dir.path());
    let out = run_cmd(cmd, &["check", "--markup"]);
    let text = stdout(&out);
    assert_eq!(code(&out), 0, "{text}{}", stderr(&out));
    assert!(text.contains("1 with markup-only changes"), "{text}");
    assert!(
        text.contains("a.xml: markup only (no text variant)"),
        "{text}"
    );
    std::fs::write(&a, xml.replace("capable", "able")).unwrap();
    let mut cmd = lectio();
    cmd.current_dir(dir.path());
    let out = run_cmd(cmd, &["check", "--format", "github"]);
    assert_eq!(code(&out), 1);
    // `        <cb/>nay, more, <lb/>I became myself able.</p>` is line 9; "able" starts at column 46.
    assert!(
        stdout(&out).contains("::error file=a.xml,line=9,col=46,endLine=9,endColumn=50"),
        "{}",
        stdout(&out)
    );
    let mut cmd = lectio();
    cmd.current_dir(dir.path());
    let out = run_cmd(cmd, &["check", "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let region = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(9), Some(46)),
        "{v}"
    );
}

/// add refuses invalid TEI before storing anything; a stored TEI version is read as TEI.
#[test]
fn add_and_stored_tei_versions() {
    let dir = tempfile::tempdir().unwrap();
    let a = tei_store(dir.path());
    let store = dir.path().join("editions");
    let s = store.to_str().unwrap();
    let bad = write_file(
        dir.path(),
        "bad.xml",
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><p>x</text></TEI>",
    );
    let out = run_cmd(
        lectio(),
        &[
            "--store",
            s,
            "add",
            bad.to_str().unwrap(),
            "--edition",
            "w/a",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.xml:1:"), "{}", stderr(&out));
    // The same from standard input: refused, nothing stored; as text it is stored.
    let from_stdin = |extra: &[&str]| {
        let mut cmd = lectio();
        cmd.write_stdin(std::fs::read(&bad).unwrap());
        let mut args = vec!["--store", s, "add", "-", "--edition", "w/a"];
        args.extend_from_slice(extra);
        run_cmd(cmd, &args)
    };
    let out = from_stdin(&[]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("<stdin>:1:") && stderr(&out).contains("invalid XML"),
        "{}",
        stderr(&out)
    );
    let out = run_cmd(lectio(), &["--store", s, "log", "w/a"]);
    assert!(!stdout(&out).contains("@2"), "{}", stdout(&out));
    let out = from_stdin(&["--input-format", "text"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run_cmd(lectio(), &["--store", s, "log", "w/a"]);
    assert!(stdout(&out).contains("@2"), "{}", stdout(&out));
    let out = run_cmd(lectio(), &["--store", s, "cat", "w/a@2"]);
    assert_eq!(stdout(&out).as_bytes(), std::fs::read(&bad).unwrap());
    // The record counts the words of the reading text, not of the markup: the same count as
    // the extracted text added as plain text.
    let out = run_cmd(lectio(), &["--store", s, "extract", "w/a@1"]);
    let plain = write_file(dir.path(), "plain.txt", stdout(&out));
    let out = run_cmd(
        lectio(),
        &[
            "--store",
            s,
            "add",
            plain.to_str().unwrap(),
            "--edition",
            "w/plain",
            "--lang",
            "en",
            "--kind",
            "transcription",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let words = |reference: &str| {
        let out = run_cmd(
            lectio(),
            &["--store", s, "log", reference, "--format", "json"],
        );
        let log: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let first = log["versions"]
            .as_array()
            .and_then(|v| v.iter().find(|v| v["number"] == 1));
        first
            .and_then(|v| v["words"].as_u64())
            .unwrap_or_else(|| panic!("{log}"))
    };
    let xml_words = std::fs::read_to_string(&a)
        .unwrap()
        .split_whitespace()
        .count() as u64;
    assert_eq!(words("w/a"), words("w/plain"));
    assert!(words("w/a") < xml_words, "{} of {xml_words}", words("w/a"));
    // The stored bytes are the XML, exactly; extract and diff read them as TEI.
    let out = run_cmd(lectio(), &["--store", s, "cat", "w/a@1"]);
    assert_eq!(stdout(&out), std::fs::read_to_string(&a).unwrap());
    let out = run_cmd(lectio(), &["--store", s, "extract", "w/a@1"]);
    assert!(
        stdout(&out).starts_with("After days and nights"),
        "{}",
        stdout(&out)
    );
    let out = run_cmd(
        lectio(),
        &["--store", s, "diff", "w/a@1", a.to_str().unwrap()],
    );
    assert_eq!(code(&out), 0, "{}", stdout(&out));
}

/// git-diff, JUnit, align and the report read TEI too: git-diff and JUnit point at the XML
/// file's own line and column (as `check --format github` does), align aligns the reading text
/// (no markup in its sentences), and the report of the shipped store cites the TEI edition's
/// page.
#[test]
fn git_diff_junit_align_and_report_read_tei() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let (d, h) = (dir.path(), home.path());
    let a = tei_store(d);
    let xml = std::fs::read_to_string(&a).unwrap();
    // git-diff: a markup change and a word change; the word is at line 9, column 46.
    crate::common::git_ok(d, h, &["init", "-q"]);
    crate::common::git_ok(d, h, &["add", "a.xml"]);
    crate::common::git_ok(d, h, &["commit", "-q", "-m", "one"]);
    std::fs::write(
        &a,
        xml.replace("capable", "able")
            .replace("incredible", "<hi>incredible</hi>"),
    )
    .unwrap();
    let ext = format!("{} git-diff", crate::common::lectio_bin().display());
    let out = crate::common::git(d, h)
        .env("GIT_EXTERNAL_DIFF", &ext)
        .args(["diff"])
        .output()
        .unwrap();
    let s = crate::common::text(&out.stdout);
    assert!(out.status.success(), "{}", crate::common::text(&out.stderr));
    assert!(
        s.contains("9:46 9:46 substitution substantive\n  I became myself [-capable-]{+able+}"),
        "{s}"
    );
    assert!(
        s.contains("1 variant (1 substantive)"),
        "markup is no variant: {s}"
    );
    // JUnit: the failure names the XML line and column.
    let mut cmd = lectio();
    cmd.current_dir(d);
    let out = run_cmd(cmd, &["check", "--format", "junit"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let r = quick_junit::Report::deserialize_from_str(&stdout(&out)).expect("JUnit parses");
    match &r.test_suites[0].test_cases[0].status {
        quick_junit::TestCaseStatus::NonSuccess { description, .. } => {
            let d = description.as_ref().map(|d| d.as_str()).unwrap_or("");
            assert!(d.contains("a.xml:9:46:"), "{d}");
        }
        s => panic!("expected a failure, got {s:?}"),
    }
    // align: the TEI source's sentences are its reading text.
    let es = write_file(
        d,
        "es.txt",
        "Tras días y noches de increíble trabajo, logré descubrir la causa de la generación y de la vida; más aún, yo mismo me volví capaz.\n\nEl asombro.\n",
    );
    let out = run_cmd(
        lectio(),
        &[
            "align",
            &golden("breaks.xml"),
            es.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let sentences: Vec<&str> = v["source"]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(sentences.len(), 2, "{v}");
    assert!(sentences[0].starts_with("After days and nights of incredible labour, I succeeded in"));
    assert_eq!(sentences[1], "The astonishment.");
    assert!(!sentences.concat().contains('<'), "{sentences:?}");
    // The report of the shipped store: the TEI edition's readings cite its page.
    let page = d.join("report.html");
    let store = repo_root().join("editions");
    let out = run_cmd(
        lectio(),
        &[
            "--store",
            store.to_str().unwrap(),
            "report",
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("ET [p. 18]"), "the apparatus cites ET's page");
}

/// `collate --format tei` cites a TEI witness's page and line the TEI way: its reading gets an
/// `xml:id` and a `<witDetail type="location">` in the same `<app>` points at it; the
/// plain-text witness's reading has neither (issue 17). Checked by parsing the output.
#[test]
fn tei_output_cites_page_and_line_with_wit_detail() {
    use quick_xml::events::Event;
    let dir = tempfile::tempdir().unwrap();
    let other = write_file(
        dir.path(),
        "B.txt",
        "After days and nights of incredible labour, I succeeded in discovering the cause of gene-ration and life; nay, more, I became myself able.\n\nThe astonishment.\n",
    );
    let out = run_cmd(
        lectio(),
        &[
            "collate",
            &golden("breaks.xml"),
            other.to_str().unwrap(),
            "--format",
            "tei",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let xml = stdout(&out);
    let mut r = quick_xml::Reader::from_str(&xml);
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.into_inner() == name)
            .map(|a| a.value.into_owned())
    };
    // (element, @wit, @xml:id) of readings; (@wit, @target, @type, text) of witDetails, each
    // with the app it sits in.
    let mut readings: Vec<(usize, String, Option<String>)> = Vec::new();
    let mut details: Vec<(usize, String, String, String, String)> = Vec::new();
    let (mut app, mut in_detail) = (0usize, None::<(String, String, String)>);
    loop {
        match r.read_event().expect("well-formed TEI") {
            Event::Start(e) | Event::Empty(e) if matches!(e.name().into_inner(), "lem" | "rdg") => {
                readings.push((app, attr(&e, "wit").unwrap(), attr(&e, "xml:id")));
            }
            Event::Start(e) if e.name().into_inner() == "app" => app += 1,
            Event::Start(e) if e.name().into_inner() == "witDetail" => {
                in_detail = Some((
                    attr(&e, "wit").unwrap(),
                    attr(&e, "target").unwrap(),
                    attr(&e, "type").unwrap(),
                ));
            }
            Event::Text(t) if in_detail.is_some() => {
                let (w, tg, ty) = in_detail.take().unwrap();
                details.push((app, w, tg, ty, t.xml10_content().into_owned()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(!details.is_empty(), "{xml}");
    for (a, wit, target, ty, text) in &details {
        assert_eq!(ty, "location");
        assert_eq!(wit, "#breaks", "{xml}");
        assert!(text.starts_with("p. 12"), "{text}");
        let id = target.strip_prefix('#').unwrap();
        let pointed: Vec<_> = readings
            .iter()
            .filter(|(_, _, x)| x.as_deref() == Some(id))
            .collect();
        assert_eq!(pointed.len(), 1, "{target} names one reading: {xml}");
        assert_eq!(pointed[0].0, *a, "the reading is in the witDetail's app");
        assert!(pointed[0].1.split(' ').any(|w| w == wit), "{xml}");
    }
    assert!(details.iter().any(|d| d.4 == "p. 12, l. 3"), "{details:?}");
    // Readings of the plain-text witness alone carry no id.
    assert!(
        readings
            .iter()
            .filter(|(_, w, _)| w == "#B")
            .all(|(_, _, id)| id.is_none()),
        "{xml}"
    );
}
