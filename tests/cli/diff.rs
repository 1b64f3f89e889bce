//! CLI tests for `lectio diff`: every format and exit code, filters, hostile text, golden
//! outputs on the letter's source texts.

use std::path::Path;

use crate::common::{
    assert_no_panic, lectio, repo_root, run_in, shared_dir, skip_or_fail, write_file,
};

fn pair(a: &str, b: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "a.txt", a);
    write_file(dir.path(), "b.txt", b);
    dir
}

const FORMATS: [&str; 5] = ["text", "word-diff", "json", "html", "apparatus"];

#[test]
fn exit_codes_for_every_format() {
    let dir = pair("the black cat sat\n", "the white cat\nsat down\n");
    write_file(dir.path(), "same.txt", "the black\ncat   sat");
    for f in FORMATS {
        let (code, out, err) = run_in(dir.path(), &["diff", "--format", f, "a.txt", "b.txt"]);
        assert_eq!(code, 1, "{f}: {err}");
        assert!(!out.is_empty(), "{f}");
        let (code, _, err) = run_in(dir.path(), &["diff", "--format", f, "a.txt", "same.txt"]);
        assert_eq!(code, 0, "{f}: a re-wrapped text has no variant: {err}");
    }
    let (code, _, err) = run_in(dir.path(), &["diff", "a.txt", "missing.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.txt"), "{err}");
    let (code, _, _) = run_in(dir.path(), &["diff", "--only", "bogus", "a.txt", "b.txt"]);
    assert_eq!(code, 2);
    let (code, _, _) = run_in(dir.path(), &["diff", "--format", "xml", "a.txt", "b.txt"]);
    assert_eq!(code, 2);
    let (code, out, _) = run_in(dir.path(), &["diff", "--stat", "a.txt", "b.txt"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("by class:") && out.contains("substantive"),
        "{out}"
    );
}

#[test]
fn text_and_word_diff_content() {
    let dir = pair("the black cat sat\n", "the white cat sat down\n");
    let (_, out, _) = run_in(
        dir.path(),
        &["diff", "--format", "word-diff", "a.txt", "b.txt"],
    );
    assert_eq!(out, "the [-black-]{+white+} cat sat {+down+}\n");
    let (_, out, _) = run_in(dir.path(), &["diff", "a.txt", "b.txt"]);
    assert!(out.contains("1:5 1:5 substitution substantive"), "{out}");
    assert!(out.contains("the [-black-]{+white+} cat sat"), "{out}");
    assert!(out.contains("2 variants (2 substantive)"), "{out}");
    let (_, out, _) = run_in(
        dir.path(),
        &["diff", "--format", "apparatus", "a.txt", "b.txt"],
    );
    assert_eq!(out, "1:5 black] white b\n1:15 sat] sat down b\n");
}

#[test]
fn json_is_versioned_and_complete() {
    let dir = pair("The cat, in 1931 and\n", "the cat; in 1932 and more\n");
    let (code, out, _) = run_in(dir.path(), &["diff", "--format", "json", "a.txt", "b.txt"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["type"], "diff");
    assert_eq!(v["old"]["label"], "a.txt");
    assert_eq!(v["old"]["tokens"], 6);
    assert_eq!(v["new"]["tokens"], 7);
    let vars = v["variants"].as_array().unwrap();
    let classes: Vec<&str> = vars.iter().map(|x| x["class"].as_str().unwrap()).collect();
    assert_eq!(classes, ["case", "punctuation", "number", "substantive"]);
    assert_eq!(vars[0]["old"]["reading"], "The");
    assert_eq!(vars[0]["old"]["bytes"], serde_json::json!([0, 3]));
    assert_eq!(vars[3]["kind"], "addition");
    assert_eq!(vars[3]["new"]["line"], 1);
    assert_eq!(v["stats"]["class"]["case"], 1);
}

#[test]
fn filters_and_normalizations() {
    let dir = pair("Stalin said colour\n", "stalin said color\n");
    let (code, _, _) = run_in(
        dir.path(),
        &["diff", "--ignore", "case,spelling", "a.txt", "b.txt"],
    );
    assert_eq!(code, 0);
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "diff",
            "--only",
            "case",
            "--format",
            "apparatus",
            "a.txt",
            "b.txt",
        ],
    );
    assert_eq!((code, out.as_str()), (1, "1:1 Stalin] stalin b\n"));
    let (code, _, _) = run_in(
        dir.path(),
        &[
            "diff", "--ignore", "case", "--ignore", "spelling", "a.txt", "b.txt",
        ],
    );
    assert_eq!(code, 0);
    write_file(dir.path(), "reg.txt", "# table\ncolor = colour\n");
    // A regularized pair stays, classed spelling (README, docs/diff-json.md; issue 16).
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "diff",
            "--ignore",
            "case",
            "--regularize",
            "reg.txt",
            "--format",
            "apparatus",
            "a.txt",
            "b.txt",
        ],
    );
    assert_eq!((code, out.as_str()), (1, "1:13 colour] color b\n"));
    let (code, _, _) = run_in(
        dir.path(),
        &[
            "diff",
            "--ignore",
            "case,spelling",
            "--regularize",
            "reg.txt",
            "a.txt",
            "b.txt",
        ],
    );
    assert_eq!(code, 0);
    write_file(dir.path(), "bad.txt", "no equals sign\n");
    let (code, _, err) = run_in(
        dir.path(),
        &["diff", "--regularize", "bad.txt", "a.txt", "b.txt"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("bad.txt"), "{err}");
    // NFC against NFD: a normalization variant, not a substantive one.
    let dir = pair("caf\u{e9} noir\n", "cafe\u{301} noir\n");
    let (code, out, _) = run_in(dir.path(), &["diff", "--format", "json", "a.txt", "b.txt"]);
    assert_eq!(code, 1);
    assert!(out.contains("\"class\":\"normalization\""), "{out}");
    let (code, _, _) = run_in(
        dir.path(),
        &["diff", "--ignore", "normalization", "a.txt", "b.txt"],
    );
    assert_eq!(code, 0);
    // Lineation only when asked.
    let dir = pair("one two three\n", "one two\nthree\n");
    let (code, _, _) = run_in(dir.path(), &["diff", "a.txt", "b.txt"]);
    assert_eq!(code, 0);
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "diff",
            "--only",
            "whitespace",
            "--format",
            "apparatus",
            "a.txt",
            "b.txt",
        ],
    );
    assert_eq!((code, out.as_str()), (1, "1:8 ␠] ⏎ b\n"));
}

#[test]
fn combined_ignores_drop_a_combined_difference() {
    let dir = pair("Caf\u{e9}\n", "cafe\n");
    let (code, out, err) = run_in(
        dir.path(),
        &["diff", "--ignore", "case,diacritics", "a.txt", "b.txt"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("0 variants") && !out.contains("spelling"),
        "{out}"
    );
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "diff",
            "--ignore",
            "case,diacritics",
            "--format",
            "json",
            "a.txt",
            "b.txt",
        ],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["stats"]["variants"], 0, "{out}");
    // One of the two alone leaves the other difference.
    for one in ["case", "diacritics"] {
        let (code, out, _) = run_in(dir.path(), &["diff", "--ignore", one, "a.txt", "b.txt"]);
        assert_eq!(code, 1, "--ignore {one}: {out}");
        assert!(out.contains("1 variant"), "--ignore {one}: {out}");
    }
    // NFC against NFD stays a normalization variant, by default and under the foldings.
    let dir = pair("Caf\u{e9}\n", "Cafe\u{301}\n");
    let (code, out, _) = run_in(dir.path(), &["diff", "--format", "json", "a.txt", "b.txt"]);
    assert_eq!(code, 1);
    assert!(out.contains("\"class\":\"normalization\""), "{out}");
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "diff",
            "--ignore",
            "case,diacritics",
            "--format",
            "json",
            "a.txt",
            "b.txt",
        ],
    );
    assert_eq!(code, 1);
    assert!(out.contains("\"class\":\"normalization\""), "{out}");
}

#[test]
fn transposition_reported_once() {
    let dir = pair(
        "one two three four five six seven eight\n",
        "one five six two three four seven eight\n",
    );
    let (code, out, _) = run_in(dir.path(), &["diff", "--format", "json", "a.txt", "b.txt"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["stats"]["variants"], 1, "{out}");
    assert_eq!(v["variants"][0]["kind"], "transposition");
    let (_, out, _) = run_in(
        dir.path(),
        &["diff", "--format", "word-diff", "a.txt", "b.txt"],
    );
    assert_eq!(
        out,
        "one {+five six+} two three four [-five six-] seven eight\n"
    );
}

const HOSTILE_A: &str = "plain <b>text</b> here and more\n";
const HOSTILE_B: &str = "plain <script>alert(1)</script> \"><img src=x onerror=alert(1)> \u{1b}[2J\u{1b}]0;t\u{7} \u{202e}evil here and more\n";

#[test]
fn hostile_text_is_inert() {
    let dir = pair(HOSTILE_A, HOSTILE_B);
    for f in ["text", "word-diff", "apparatus"] {
        for color in ["never", "always"] {
            let out = lectio()
                .current_dir(dir.path())
                .args(["--color", color, "diff", "--format", f, "a.txt", "b.txt"])
                .output()
                .unwrap();
            assert_no_panic(&out);
            let s = String::from_utf8(out.stdout).unwrap();
            assert!(!s.contains('\u{202e}') && !s.contains('\u{7}'), "{f}: {s}");
            // Every ESC starts one of our SGR colour codes.
            for (i, _) in s.match_indices('\u{1b}') {
                let rest = &s[i + 1..];
                assert!(
                    rest.starts_with('['),
                    "{f}/{color}: foreign escape in {s:?}"
                );
                let end = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == '['))
                    .unwrap();
                assert_eq!(&rest[end..end + 1], "m", "{f}/{color}: not SGR in {s:?}");
            }
            if color == "never" {
                assert!(!s.contains('\u{1b}'), "{f}");
            }
        }
    }
    let (_, html, _) = run_in(dir.path(), &["diff", "--format", "html", "a.txt", "b.txt"]);
    assert!(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("src=\"http") && !html.contains("href="));
    assert!(html.contains("alert(1)&lt;/script"), "{html}");
    assert!(!html.contains('\u{202e}') && !html.contains('\u{1b}'));
    let (_, json, _) = run_in(dir.path(), &["diff", "--format", "json", "a.txt", "b.txt"]);
    assert!(!json.contains('\u{1b}'));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let readings: String = v["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["new"]["reading"].as_str().unwrap().to_string())
        .collect();
    assert!(
        readings.contains("\u{1b}[2J"),
        "json keeps the text exactly"
    );
}

#[test]
fn output_to_full_disk_is_an_error() {
    if !Path::new("/dev/full").exists() {
        skip_or_fail("output_to_full_disk_is_an_error", "no /dev/full");
        return;
    }
    let dir = pair("a b\n", "a c\n");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lectio"));
    let out = cmd
        .env("NO_COLOR", "1")
        .current_dir(dir.path())
        .args(["diff", "a.txt", "b.txt"])
        .stdout(full)
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(6));
}

/// Golden outputs on the letter (`../shared/editions-src`): the page scrape against the clean text differs only by the
/// page chrome. Set `LECTIO_BLESS=1` to rewrite the expected files.
#[test]
fn golden_letter() {
    let Some(shared) = shared_dir() else {
        skip_or_fail("golden_letter", "shared folder absent");
        return;
    };
    let src = shared.join("editions-src");
    let golden = repo_root().join("tests/cli/golden/diff");
    let scrape = "en-marxists-page-scrape.txt";
    let clean = "en-wikirouge-marxists-en.txt";
    for (name, args) in [
        ("scrape-clean.txt", vec!["--format", "text"]),
        ("scrape-clean.apparatus", vec!["--format", "apparatus"]),
        ("scrape-clean.json", vec!["--format", "json"]),
        ("scrape-clean.stat", vec!["--stat"]),
    ] {
        let mut all = vec!["diff"];
        all.extend(args);
        all.extend([scrape, clean]);
        let (code, out, err) = run_in(&src, &all);
        assert_eq!(code, 1, "{err}");
        let path = golden.join(name);
        if std::env::var_os("LECTIO_BLESS").is_some() {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&path, &out).unwrap();
        }
        let want = std::fs::read_to_string(&path).expect("golden file (LECTIO_BLESS=1 to create)");
        assert_eq!(out, want, "{name} differs from {}", path.display());
    }
    // Only the page chrome: one omission, nothing else.
    let (_, out, _) = run_in(&src, &["diff", "--format", "json", scrape, clean]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["stats"]["variants"], 1);
    let r = v["variants"][0]["old"]["reading"].as_str().unwrap();
    assert!(
        r.starts_with("Letter to the Politburo") && r.ends_with("Jump to search"),
        "{r}"
    );
    // Re-wrapping the clean text changes nothing.
    let text = std::fs::read_to_string(src.join(clean)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut wrapped = String::new();
    for para in text.split("\n\n") {
        let mut col = 0;
        for w in para.split_whitespace() {
            if col + w.len() > 40 {
                wrapped.push('\n');
                col = 0;
            } else if col > 0 {
                wrapped.push(' ');
            }
            wrapped.push_str(w);
            col += w.len() + 1;
        }
        wrapped.push_str("\n\n");
    }
    write_file(dir.path(), "wrapped.txt", &wrapped);
    let (code, _, _) = run_in(
        dir.path(),
        &["diff", src.join(clean).to_str().unwrap(), "wrapped.txt"],
    );
    assert_eq!(code, 0);
}

/// `en-marxists` against `en-emended` in the shipped store shows exactly the three
/// emendations documented in editions/README.md, each classified.
#[test]
fn shipped_emendations_exactly() {
    let out = lectio()
        .current_dir(repo_root())
        .args([
            "diff",
            "--format",
            "json",
            "politburo-1932/en-marxists@2",
            "politburo-1932/en-emended",
        ])
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String, String, String)> = v["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["kind"].as_str().unwrap().to_string(),
                x["class"].as_str().unwrap().to_string(),
                x["old"]["reading"].as_str().unwrap().to_string(),
                x["new"]["reading"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let s = |a: &str| a.to_string();
    assert_eq!(
        got,
        [
            (s("substitution"), s("substantive"), s(", is"), s(".")),
            (s("omission"), s("number"), s("19"), s("")),
            (s("addition"), s("punctuation"), s(""), s(".")),
        ]
    );
}

/// Standard input is capped like a file: past `LECTIO_MAX_SIZE`, exit 5 naming the limit.
#[test]
fn stdin_is_size_capped() {
    let dir = tempfile::tempdir().unwrap();
    let b = write_file(dir.path(), "b.txt", "hello world");
    let out = lectio()
        .env("LECTIO_MAX_SIZE", "1KiB")
        .args(["diff", "-"])
        .arg(&b)
        .write_stdin("a ".repeat(1000))
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("limit of 1024 bytes"));
    let ok = lectio()
        .env("LECTIO_MAX_SIZE", "1KiB")
        .args(["diff", "-"])
        .arg(&b)
        .write_stdin("hello world")
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
}

/// The apparatus keys each emendation as a scholar writes it: punctuation added at the end of
/// a paragraph hangs on the word before it.
#[test]
fn shipped_emendations_apparatus() {
    let out = lectio()
        .current_dir(repo_root())
        .args([
            "diff",
            "--format",
            "apparatus",
            "politburo-1932/en-marxists@2",
            "politburo-1932/en-emended",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "7:367 , is] . E\n9:189 19] om. E\n23:748 counter-blows] counter-blows. E\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let a = write_file(dir.path(), "a.txt", "the cat sat\n");
    let b = write_file(dir.path(), "b.txt", "the black cat sat down\n");
    let out = lectio()
        .args(["diff", "--format", "apparatus"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "1:5 cat] black cat b\n1:9 sat] sat down b\n"
    );
}

/// A reader that closes the pipe early (`| head`, `| true`) does not change the verdict: the
/// exit code is still 1 when there are variants, and nothing is said about the pipe.
#[test]
fn closed_pipe_keeps_the_exit_code() {
    let a: String = (0..20_000).map(|i| format!("w{i} ")).collect();
    let b: String = (0..20_000)
        .map(|i| {
            if i % 10 == 0 {
                format!("x{i} ")
            } else {
                format!("w{i} ")
            }
        })
        .collect();
    let dir = pair(&a, &b);
    for args in [
        &["a.txt", "b.txt"][..],
        &["--format", "json", "a.txt", "b.txt"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lectio"))
            .env("NO_COLOR", "1")
            .current_dir(dir.path())
            .arg("diff")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_no_panic(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.is_empty(),
            "{args:?}: a closed pipe is not an error: {err}"
        );
    }
    // No variants: still 0.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lectio"))
        .current_dir(dir.path())
        .args(["diff", "a.txt", "a.txt"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// An argument that is neither an existing file nor a reference of the store is named in the
/// error, which says both plainly (not `invalid work name ''`, not `no edition 'docs/…'`);
/// a real reference keeps its own error. Every command that loads witnesses shares this.
#[test]
fn missing_file_is_named_plainly() {
    let root = repo_root();
    let dir = tempfile::tempdir().unwrap();
    let absent = dir.path().join("nope.txt");
    let absent = absent.to_str().unwrap();
    let sub = dir.path().to_str().unwrap();
    let real = "politburo-1932/en-marxists";
    for (arg, said) in [
        (absent, "no such file"),
        ("./missing.txt", "no such file"),
        ("../missing.txt", "no such file"),
        ("docs/missing.md", "no such file"),
        ("docs/sub/missing.md", "no such file"),
        ("~/missing.txt", "no such file"),
        ("my file.txt", "no such file"),
        (sub, "a directory, not a file"),
    ] {
        let (code, _, err) = run_in(&root, &["diff", arg, real]);
        assert_eq!(code, 2, "{arg}: {err}");
        let want = format!("{arg}: {said}, and not an edition reference (WORK/EDITION[@N])");
        assert!(err.contains(&want), "{arg}: {err}");
        assert!(!err.contains("invalid"), "{arg}: {err}");
        assert!(!err.contains("cannot load"), "{arg}: said once: {err}");
    }
    // Real references keep their errors.
    for (arg, said) in [
        ("politburo-1932/nope", "no edition 'politburo-1932/nope'"),
        (
            "politburo-1932/en-marxists@99",
            "has no version 99 (versions 1 to 2)",
        ),
        ("politburo-1932/en-marxists@zz", "bad version '@zz'"),
        (
            "missing.txt",
            "'missing.txt' is neither a file nor an edition",
        ),
    ] {
        let (code, _, err) = run_in(&root, &["diff", real, arg]);
        assert_eq!(code, 2, "{arg}: {err}");
        assert!(err.contains(said), "{arg}: {err}");
    }
    // The same for collate, which loads its witnesses alike.
    let out = lectio()
        .current_dir(&root)
        .args(["collate", real, "./missing.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "./missing.txt: no such file, and not an edition reference (WORK/EDITION[@N])"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Standard input can be read once: `-` given twice is a usage error, for every command that
/// takes several witnesses.
#[test]
fn stdin_only_once() {
    for args in [
        &["diff", "-", "-"][..],
        &["collate", "a.txt", "-", "-"],
        &["variants", "-", "a.txt", "-"],
        &["align", "-", "-"],
    ] {
        let dir = pair("a b\n", "a c\n");
        let out = lectio()
            .current_dir(dir.path())
            .args(args)
            .write_stdin("a b\n")
            .output()
            .unwrap();
        assert_no_panic(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("error: standard input ('-') can be given only once"),
            "{args:?}: {err}"
        );
    }
    let dir = pair("a b\n", "a c\n");
    let (code, out, err) = {
        let o = lectio()
            .current_dir(dir.path())
            .args(["diff", "-", "b.txt"])
            .write_stdin("a b\n")
            .output()
            .unwrap();
        (o.status.code(), o.stdout, o.stderr)
    };
    assert_eq!(code, Some(1), "{}", String::from_utf8_lossy(&err));
    assert!(!out.is_empty());
}

/// `diff --help` and `-h` show every exit code, and the documented ones hold: a file over
/// `--max-size` exits 5, output that cannot be written exits 6 with a clear message.
#[test]
fn help_shows_every_exit_code() {
    for flag in ["--help", "-h"] {
        let out = lectio().args(["diff", flag]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8_lossy(&out.stdout);
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        for code in [
            "0 no",
            "1 ",
            "2 usage or input error",
            "3 store corruption",
            "4 store busy",
            "5 resource limit hit",
            "6 I/O or environment error",
        ] {
            assert!(help.contains(code), "{flag} lacks {code:?}: {help}");
        }
    }
    let dir = pair("a b c d e f\n", "a b c\n");
    let (code, _, err) = run_in(dir.path(), &["diff", "--max-size", "10", "a.txt", "b.txt"]);
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("a.txt") && err.contains("size limit of 10 bytes"),
        "{err}"
    );
    if Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("lectio"))
            .current_dir(dir.path())
            .args(["diff", "a.txt", "b.txt"])
            .stdout(full)
            .output()
            .unwrap();
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(6));
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("error: failed writing output: No space left on device"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

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
    assert_eq!(
        script(a, b, Some("patience")),
        "[-a b a b-] z {+a b a b+} a b"
    );
    // Histogram anchors on its rarest common run; Myers and patience keep `q r … q r`.
    let (a, b) = ("p q r s q r p\n", "q r p s p q r\n");
    let myers = "[-p-] q r {+p+} s {+p+} q r [-p-]";
    assert_eq!(script(a, b, Some("myers")), myers);
    assert_eq!(script(a, b, Some("patience")), myers);
    assert_eq!(
        script(a, b, Some("histogram")),
        "{+q r p s+} p q r [-s q r p-]"
    );
    let dir = pair("a\n", "b\n");
    let (code, _, _) = run_in(
        dir.path(),
        &["diff", "--algorithm", "nope", "a.txt", "b.txt"],
    );
    assert_eq!(code, 2);
}

/// A regularization rule of several tokens (`con- tinues = continues`, `to day = today`)
/// applies: the stretch compares as one token, so the texts align token for token and each
/// regularized pair is its own spelling variant (without the table the two glue into one
/// substitution). A rule no witness reads is named, with its line, in a warning (issue 16).
#[test]
fn regularization_rules_of_several_tokens_apply() {
    let (_d, p) = crate::common::files(&[
        ("a.txt", "The colour con- tinues to\nday here.\n"),
        ("b.txt", "The color continues, today here.\n"),
        (
            "reg.txt",
            "# line-end hyphenation\ncon- tinues = continues\ncolor = colour\nto day = today\nnever = seen\n",
        ),
    ]);
    let readings = |args: &[&str]| {
        let (code, out, err) = crate::common::run(args);
        assert_eq!(code, 1, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let got: Vec<(String, String)> = v["variants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["old"]["reading"].as_str().unwrap().to_string(),
                    x["class"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        (got, err)
    };
    let diff = ["diff", &p[0], &p[1], "--format", "json"];
    let (plain, err) = readings(&diff);
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(plain.len(), 1, "{plain:?}");
    let mut with_table = diff.to_vec();
    with_table.extend(["--regularize", p[2].as_str()]);
    let (got, err) = readings(&with_table);
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        got,
        [
            s("colour con- tinues", "spelling"),
            s("", "punctuation"),
            s("to\nday", "spelling")
        ],
        "{err}"
    );
    assert!(
        err.contains("reg.txt:5: rule `never = seen` never applies"),
        "{err}"
    );
    assert_eq!(err.matches("never applies").count(), 1, "{err}");
    // collate and variants apply the rule too: `con- tinues` and `to\nday` are one token each
    // (6 tokens in the first witness instead of 9).
    for cmd in ["collate", "variants"] {
        let (code, out, err) =
            crate::common::run(&[cmd, &p[0], &p[1], "--regularize", &p[2], "--format", "json"]);
        assert_eq!(code, 1, "{cmd}: {err}");
        assert!(
            err.contains("reg.txt:5: rule `never = seen` never applies"),
            "{cmd}: {err}"
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["witnesses"][0]["tokens"], 6, "{cmd}: {out}");
    }
    let (_, out, _) = crate::common::run(&["variants", &p[0], &p[1], "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["witnesses"][0]["tokens"], 9, "{out}");
}

/// `--join-hyphens` undoes line-end hyphenation (`con-\ntinues`, `con- tinues`) before
/// comparing, in `diff`, `collate` and `variants`; without it the broken words are variants
/// (issue 16).
#[test]
fn join_hyphens_undoes_line_end_hyphenation() {
    let (_d, p) = crate::common::files(&[
        ("a.txt", "It con-\ntinues here and it con- tinues there.\n"),
        ("b.txt", "It continues\nhere and it continues there.\n"),
    ]);
    let (code, out, err) = crate::common::run(&["diff", &p[0], &p[1]]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("2 variants"), "{out}");
    let (code, out, err) = crate::common::run(&["diff", &p[0], &p[1], "--join-hyphens"]);
    assert_eq!((code, out.contains("0 variants")), (0, true), "{out}{err}");
    let (code, out, err) = crate::common::run(&["collate", &p[0], &p[1], "--join-hyphens"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = crate::common::run(&[
        "variants",
        &p[0],
        &p[1],
        "--join-hyphens",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

/// `diff`'s arguments accept a stored edition's siglum, besides a file, an edition name and a
/// reference; an unknown name is refused with the valid choices (issue 16).
#[test]
fn diff_arguments_accept_sigla() {
    let e = crate::common::Sandbox::new();
    let a = e.file("a.txt", "the black cat\n");
    let b = e.file("b.txt", "the white cat\n");
    for (f, ed, sig) in [(&a, "novel/first", "f1818"), (&b, "novel/second", "f1823")] {
        let out = e.run(&[
            "add",
            f,
            "--edition",
            ed,
            "--lang",
            "en",
            "--kind",
            "transcription",
            "--siglum",
            sig,
        ]);
        assert_eq!(
            crate::common::code(&out),
            0,
            "{}",
            crate::common::stderr(&out)
        );
    }
    for (x, y) in [
        ("f1818", "f1823"),
        ("first", "f1823@1"),
        ("novel/first@1", "second"),
    ] {
        let out = e.run(&["diff", x, y, "--format", "json"]);
        assert_eq!(
            crate::common::code(&out),
            1,
            "{x} {y}: {}",
            crate::common::stderr(&out)
        );
        let v: serde_json::Value = serde_json::from_str(&crate::common::stdout(&out)).unwrap();
        assert_eq!(v["old"]["siglum"], "f1818", "{v}");
        assert_eq!(v["new"]["siglum"], "f1823", "{v}");
    }
    let out = e.run(&["diff", "f1831", "f1823"]);
    assert_eq!(crate::common::code(&out), 2);
    let err = crate::common::stderr(&out);
    assert!(
        err.contains("valid choices: novel/first (siglum f1818), novel/second (siglum f1823)"),
        "{err}"
    );
}

/// `diff` flags the local move and leaves the same three words omitted in one paragraph and
/// added two paragraphs on as an omission and an addition (issue 16).
#[test]
fn moved_words_are_local_moves_of_content() {
    let (a, b) = crate::collate::darwin_like();
    let (_d, p) = crate::common::files(&[("1859.txt", &a), ("1872.txt", &b)]);
    let (code, out, err) = crate::common::run(&["diff", &p[0], &p[1], "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<(String, String)> = v["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["kind"].as_str().unwrap().to_string(),
                x["old"]["reading"].as_str().unwrap().to_string()
                    + "|"
                    + x["new"]["reading"].as_str().unwrap(),
            )
        })
        .collect();
    let moved: Vec<&(String, String)> = kinds.iter().filter(|k| k.0 == "transposition").collect();
    assert_eq!(moved.len(), 1, "{kinds:?}");
    assert!(
        kinds.contains(&("omission".into(), "very remarkable and|".into())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("addition".into(), "|very remarkable and".into())),
        "{kinds:?}"
    );
}

/// A rewritten passage is one variant (issue 16): the end of Elizabeth's letter in
/// *Frankenstein*, which 1831 rewrote (real text, see tests/cli/golden/collate/README.md).
/// `lectio diff` draws the rewritten sentences as whole substitutions, as `collate` does,
/// instead of 13 fragments matched on `I`, `and`, `of`; `--granularity word` keeps the
/// fragments, and the edit script (the edit count) is the same either way.
#[test]
fn rewritten_passage_is_one_block_variant() {
    let dir = repo_root().join("tests/cli/golden/collate");
    let run = |extra: &[&str]| {
        let mut args = vec!["diff", "1818.txt", "1831.txt", "--format", "json"];
        args.extend(extra);
        let (code, out, err) = run_in(&dir, &args);
        assert_eq!(code, 1, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let (block, word) = (run(&[]), run(&["--granularity", "word"]));
    assert_eq!(block["edits"], word["edits"]);
    let variants = |d: &serde_json::Value| d["variants"].as_array().unwrap().clone();
    assert_eq!(variants(&word).len(), 13);
    let blocks = variants(&block);
    assert!(blocks.len() <= 5, "{blocks:#?}");
    let old_text = std::fs::read_to_string(dir.join("1818.txt")).unwrap();
    let new_text = std::fs::read_to_string(dir.join("1831.txt")).unwrap();
    let reading = |text: &str, side: &serde_json::Value| {
        let b = &side["bytes"];
        text[b[0].as_u64().unwrap() as usize..b[1].as_u64().unwrap() as usize].to_string()
    };
    // One substitution holds the whole rewritten sentence on each side.
    assert!(
        blocks.iter().any(|v| {
            v["kind"] == "substitution"
                && reading(&old_text, &v["old"])
                    .contains("I cannot bear to think of the other side")
                && reading(&new_text, &v["new"]).contains("Ten thousand thanks to Henry")
        }),
        "{blocks:#?}"
    );
    // The one-word change before it stays a place of its own.
    assert!(
        blocks
            .iter()
            .any(|v| reading(&old_text, &v["old"]) == "good"
                && reading(&new_text, &v["new"]) == "better")
    );
}

/// The opening of chapter I of the *Origin of Species*, 1860 (real text, tests/data/origin),
/// split into paragraphs, and the Introduction's paragraph "This fundamental subject…", which
/// the test inserts.
fn origin_paragraphs() -> (Vec<String>, String) {
    let dir = repo_root().join("tests/data/origin");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let paras: Vec<String> = read("ch1-1860.txt")
        .trim_end()
        .split("\n\n")
        .map(str::to_string)
        .collect();
    let intro = read("intro-1860.txt");
    let inserted = intro
        .split("\n\n")
        .find(|p| p.starts_with("This fundamental subject"))
        .unwrap()
        .to_string();
    (paras, inserted)
}

/// `lectio diff --format json` of `a` and `b` under `--algorithm alg` and `--granularity g`:
/// (kind, old reading, new reading) of every variant.
fn variant_readings(a: &str, b: &str, alg: &str, g: &str) -> Vec<(String, String, String)> {
    let (_d, p) = crate::common::files(&[("a.txt", a), ("b.txt", b)]);
    let (code, out, err) = crate::common::run(&[
        "diff",
        &p[0],
        &p[1],
        "--format",
        "json",
        "--algorithm",
        alg,
        "--granularity",
        g,
    ]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let r = |s: &str| x[s]["reading"].as_str().unwrap().to_string();
            (x["kind"].as_str().unwrap().to_string(), r("old"), r("new"))
        })
        .collect()
}

/// A paragraph inserted in one witness is one addition holding exactly that paragraph, and
/// nothing the two witnesses share is reported (issue 16: `diff` shredded an inserted
/// paragraph word by word into its neighbour). Real text: the *Origin*'s chapter I (1860)
/// with the Introduction's "This fundamental subject…" (225 words, sharing `of`, `the`,
/// `and`… with every neighbour) inserted after the fifth paragraph; every algorithm, both
/// granularities, both directions.
#[test]
fn inserted_paragraph_is_one_addition() {
    let (paras, inserted) = origin_paragraphs();
    let a = paras.join("\n\n") + "\n";
    let mut with = paras.clone();
    with.insert(5, inserted.clone());
    let b = with.join("\n\n") + "\n";
    for alg in ["myers", "patience", "histogram"] {
        for g in ["block", "word"] {
            let got = variant_readings(&a, &b, alg, g);
            assert_eq!(
                got,
                [("addition".to_string(), String::new(), inserted.clone())],
                "{alg} {g}"
            );
            let back = variant_readings(&b, &a, alg, g);
            assert_eq!(
                back,
                [("omission".to_string(), inserted.clone(), String::new())],
                "{alg} {g}, reversed"
            );
        }
    }
}

/// A paragraph moved elsewhere (the *Origin*'s "When we look to the individuals…" moved four
/// paragraphs on) is one transposition reading the whole paragraph at both places, never an
/// omission plus an addition of the same passage. Before, the addition was drawn one token
/// off (`. When … modification` after `climate`, against `When … modification.` omitted), so
/// the two blocks did not match and the identical passage read as omitted and added
/// (issue 16).
#[test]
fn moved_paragraph_is_one_transposition() {
    let (paras, _) = origin_paragraphs();
    let moved = paras[3].clone();
    assert!(moved.starts_with("When we look to the individuals"));
    let a = paras.join("\n\n") + "\n";
    let mut m = paras.clone();
    let p = m.remove(3);
    m.insert(7, p);
    let b = m.join("\n\n") + "\n";
    for alg in ["myers", "patience", "histogram"] {
        for g in ["block", "word"] {
            for (x, y) in [(&a, &b), (&b, &a)] {
                let got = variant_readings(x, y, alg, g);
                assert_eq!(
                    got,
                    [("transposition".to_string(), moved.clone(), moved.clone())],
                    "{alg} {g}"
                );
            }
        }
    }
    // The text output says where it went.
    let (_d, p) = crate::common::files(&[("a.txt", &a), ("b.txt", &b)]);
    let (code, out, _) = crate::common::run(&["diff", &p[0], &p[1]]);
    assert_eq!(code, 1);
    assert!(out.contains("transposition"), "{out}");
    assert!(out.contains("1 variant"), "{out}");
}
