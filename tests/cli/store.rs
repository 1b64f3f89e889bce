//! CLI tests for the edition store (issue 2): init, add, list, log, cat, verify, references,
//! input checks, names, concurrency, corruption, locking, crash points, and the shipped
//! `editions/` being reproducible.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{
    Sandbox, assert_no_panic, assert_stderr, code, lectio, repo_root, shared_dir, skip_or_fail,
    stderr, stdout, write_file,
};

/// What the store tests add to the sandbox.
trait StoreSandbox {
    /// `lectio add FILE --edition EDITION` as a new English original.
    fn add_file(&self, file: &str, edition: &str) -> Output;
    /// Add `text` as the next version of `edition` (a new edition gets lang/kind).
    fn add(&self, edition: &str, text: &str) -> Output;
    /// Every object and record file, sorted.
    fn objects(&self) -> Vec<PathBuf>;
    /// Where the object `hash` lives.
    fn object_path(&self, hash: &str) -> PathBuf;
}

impl StoreSandbox for Sandbox {
    fn add_file(&self, file: &str, edition: &str) -> Output {
        self.run(&[
            "add",
            file,
            "--edition",
            edition,
            "--lang",
            "en",
            "--kind",
            "original",
        ])
    }

    fn add(&self, edition: &str, text: &str) -> Output {
        let f = self.file("input.txt", text);
        self.run(&[
            "add",
            &f,
            "--edition",
            edition,
            "--lang",
            "en",
            "--kind",
            "transcription",
        ])
    }

    fn objects(&self) -> Vec<PathBuf> {
        let mut v = Vec::new();
        for sub in ["objects", "records"] {
            let Ok(dirs) = std::fs::read_dir(self.store().join(sub)) else {
                continue;
            };
            for d in dirs.flatten() {
                for f in std::fs::read_dir(d.path()).unwrap().flatten() {
                    v.push(f.path());
                }
            }
        }
        v.sort();
        v
    }

    fn object_path(&self, hash: &str) -> PathBuf {
        self.store()
            .join("objects")
            .join(&hash[..2])
            .join(&hash[2..])
    }
}

/// The hash printed by `add` (`WORK/EDITION@N <hash>`).
fn added_hash(o: &Output) -> String {
    assert_eq!(code(o), 0, "add failed: {}", stderr(o));
    stdout(o)
        .split_whitespace()
        .nth(1)
        .expect("hash")
        .to_string()
}

#[test]
fn init_is_idempotent_and_refuses_other_folders() {
    let e = Sandbox::new();
    assert!(e.store().join("FORMAT").is_file());
    let again = e.run(&["init"]);
    assert_eq!(code(&again), 0);
    assert!(stdout(&again).contains("already"), "{}", stdout(&again));
    let other = e.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "x").unwrap();
    let out = e.run(&["--store", other.to_str().unwrap(), "init"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_stderr(&out, "not an edition store");
    assert!(!other.join("FORMAT").exists());
    // Commands on a missing store say how to make one.
    let missing = e.run(&["--store", "nowhere", "list"]);
    assert_eq!(code(&missing), 2);
    assert_stderr(&missing, "lectio init");
}

#[test]
fn add_list_log_cat_round_trip() {
    let e = Sandbox::new();
    let v1 = "The first text.\n";
    let h1 = added_hash(&e.add("w/ed", v1));
    assert_eq!(h1, blake3::hash(v1.as_bytes()).to_hex().to_string());
    let f = e.file("two.txt", "The second text, longer.\n");
    let out = e.run(&["add", &f, "--edition", "w/ed", "-m", "second\nline two"]);
    assert_eq!(stdout(&out).split_whitespace().next(), Some("w/ed@2"));
    let h2 = added_hash(&out);
    // Identical bytes: nothing added, said so, exit 0.
    let same = e.run(&["add", &f, "--edition", "w/ed"]);
    assert_eq!(code(&same), 0);
    assert!(
        stdout(&same).starts_with(&format!("w/ed@2 {h2}")),
        "{}",
        stdout(&same)
    );
    assert!(stdout(&same).contains("nothing added"));

    let list = e.run(&["list"]);
    assert_eq!(code(&list), 0);
    let text = stdout(&list);
    assert!(
        text.contains("ed") && text.contains("2 versions") && text.contains(&h2[..12]),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&e.run(&["list", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["editions"][0]["versions"], 2);
    assert_eq!(json["editions"][0]["latest"]["hash"], h2.as_str());
    assert_eq!(json["editions"][0]["latest"]["words"], 4);
    assert_eq!(json["editions"][0]["latest"]["source_path"], "two.txt");

    let log = e.run(&["log", "w/ed"]);
    let text = stdout(&log);
    assert!(text.find(&h2).unwrap() < text.find(&h1).unwrap(), "{text}");
    assert!(text.contains("line two"), "{text}");
    let json: serde_json::Value =
        serde_json::from_slice(&e.run(&["log", "ed", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["versions"][1]["hash"], h1.as_str());
    assert_eq!(json["versions"][0]["message"], "second\nline two");

    assert_eq!(e.run(&["cat", "w/ed@1"]).stdout, v1.as_bytes());
    assert_eq!(
        e.run(&["cat", &format!("w/ed@{}", &h1[..6])]).stdout,
        v1.as_bytes()
    );
    assert_eq!(e.run(&["cat", "ed"]).stdout, b"The second text, longer.\n");
    assert_eq!(e.run(&["cat", &f]).stdout, b"The second text, longer.\n");
    let none = e.run(&["cat", "w/ed@3"]);
    assert_eq!(code(&none), 2);
    assert!(stderr(&none).contains("no version 3"), "{}", stderr(&none));
    let verify = e.run(&["verify"]);
    assert_eq!(code(&verify), 0, "{}", stdout(&verify));
    assert!(stdout(&verify).contains("sound"));
}

#[test]
fn stdin_and_json_add() {
    let e = Sandbox::new();
    let out = e
        .cmd()
        .args([
            "add",
            "-",
            "--edition",
            "w/in",
            "--lang",
            "en",
            "--kind",
            "original",
            "--format",
            "json",
        ])
        .write_stdin("from stdin\n")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["reference"], "w/in@1");
    assert_eq!(json["added"], true);
    assert_eq!(json["record"]["source_path"], "");
    assert_eq!(e.run(&["cat", "w/in"]).stdout, b"from stdin\n");
}

#[test]
fn metadata_required_then_inherited() {
    let e = Sandbox::new();
    let f = e.file("a.txt", "text\n");
    let out = e.run(&["add", &f, "--edition", "w/new"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--lang"), "{}", stderr(&out));
    assert!(
        e.objects().is_empty(),
        "nothing may be written: {:?}",
        e.objects()
    );
    let out = e.run(&[
        "add",
        &f,
        "--edition",
        "w/tr",
        "--lang",
        "es",
        "--kind",
        "translation",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--source-lang"), "{}", stderr(&out));
    let out = e.run(&[
        "add",
        &f,
        "--edition",
        "w/src",
        "--lang",
        "en-GB",
        "--kind",
        "original",
        "--title",
        "T",
        "--siglum",
        "S",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let g = e.file("b.txt", "texto\n");
    let out = e.run(&[
        "add",
        &g,
        "--edition",
        "w/tr",
        "--lang",
        "es",
        "--kind",
        "translation",
        "--translation-of",
        "w/src",
        "--partial",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let h = e.file("c.txt", "texto dos\n");
    assert_eq!(code(&e.run(&["add", &h, "--edition", "w/tr"])), 0);
    let json: serde_json::Value =
        serde_json::from_slice(&e.run(&["list", "--format", "json"]).stdout).unwrap();
    let tr = &json["editions"][1];
    assert_eq!(tr["edition"], "tr");
    assert_eq!(tr["translation_of"], "w/src");
    assert_eq!(tr["partial"], true);
    assert_eq!(tr["lang"], "es");
    assert_eq!(json["editions"][0]["siglum"], "S");
    assert_eq!(json["editions"][1]["siglum"], "tr");
    let bad = e.run(&[
        "add",
        &f,
        "--edition",
        "w/x",
        "--lang",
        "english",
        "--kind",
        "original",
    ]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("BCP 47"));
}

#[test]
fn references_and_ambiguity() {
    let e = Sandbox::new();
    let ha = added_hash(&e.add("w1/ed", "alpha\n"));
    e.add("w1/ed", "beta\n");
    e.add("w1/ed", "alpha\n"); // v3 has v1's bytes
    let amb = e.run(&["cat", &format!("w1/ed@{}", &ha[..8])]);
    assert_eq!(code(&amb), 2);
    let msg = stderr(&amb);
    assert!(
        msg.contains("ambiguous") && msg.contains("w1/ed@1") && msg.contains("w1/ed@3"),
        "{msg}"
    );
    let short = e.run(&["cat", "w1/ed@abc"]);
    assert_eq!(code(&short), 2);
    assert!(stderr(&short).contains("at least 6"), "{}", stderr(&short));
    // EDITION alone: fine while unique, ambiguous (listing the works) once it is not.
    assert_eq!(e.run(&["cat", "ed@2"]).stdout, b"beta\n");
    e.add("w2/ed", "gamma\n");
    let amb = e.run(&["cat", "ed"]);
    assert_eq!(code(&amb), 2);
    assert!(stderr(&amb).contains("w1/ed") && stderr(&amb).contains("w2/ed"));
    let missing = e.run(&["log", "w1/nope"]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).contains("lectio list"));
}

#[test]
fn input_checks() {
    let e = Sandbox::new();
    let bad = e.file("bad.txt", b"ab\ncd\xffe".as_slice());
    let out = e.add_file(&bad, "w/x");
    assert_eq!(code(&out), 2);
    assert_stderr(&out, "invalid UTF-8 at byte 5 (line 2, column 3)");
    // Far into a large file: the streaming check still names the exact place.
    let mut big = "word ".repeat(40_000).into_bytes();
    big.extend_from_slice(b"\nx\xC3\x28");
    let bigf = e.file("big.txt", &big);
    let out = e.add_file(&bigf, "w/x");
    assert_stderr(&out, "byte 200002 (line 2, column 2)");
    let nul = e.file("nul.txt", b"text\0more".as_slice());
    let out = e.add_file(&nul, "w/x");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("binary"), "{}", stderr(&out));
    let dir = e.run(&[
        "add",
        ".",
        "--edition",
        "w/x",
        "--lang",
        "en",
        "--kind",
        "original",
    ]);
    assert_eq!(code(&dir), 2);
    assert!(
        e.objects().is_empty(),
        "refused input left objects: {:?}",
        e.objects()
    );
    // Size cap: exit 5 before anything is written.
    let f = e.file("ok.txt", "0123456789abcdef");
    let out = e.run(&[
        "add",
        &f,
        "--edition",
        "w/x",
        "--lang",
        "en",
        "--kind",
        "original",
        "--max-size",
        "10",
    ]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(stderr(&out).contains("--max-size"));
    let out = e
        .cmd()
        .args([
            "add",
            "-",
            "--edition",
            "w/x",
            "--lang",
            "en",
            "--kind",
            "original",
            "--max-size",
            "10",
        ])
        .write_stdin("0123456789abcdef")
        .output()
        .unwrap();
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(e.objects().is_empty());
    // BOM and CRLF are stored as given and recorded.
    let bom = b"\xEF\xBB\xBFline one\r\nline two\r\n".as_slice();
    let f = e.file("bom.txt", bom);
    let out = e.add_file(&f, "w/bom");
    assert_eq!(added_hash(&out), blake3::hash(bom).to_hex().to_string());
    assert_eq!(e.run(&["cat", "w/bom"]).stdout, bom);
    let json: serde_json::Value =
        serde_json::from_slice(&e.run(&["log", "w/bom", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["versions"][0]["encoding"], "utf-8-bom");
    assert_eq!(json["versions"][0]["line_endings"], "crlf");
    assert_eq!(json["versions"][0]["words"], 4);
    // UTF-16 only with a BOM; stored as given.
    let utf16 = b"\xFF\xFEh\0i\0\r\0\n\0".as_slice();
    let f = e.file("u16.txt", utf16);
    let out = e.add_file(&f, "w/u16");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(e.run(&["cat", "w/u16"]).stdout, utf16);
    let json: serde_json::Value =
        serde_json::from_slice(&e.run(&["log", "w/u16", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["versions"][0]["encoding"], "utf-16le-bom");
    assert_eq!(json["versions"][0]["line_endings"], "crlf");
    assert_eq!(json["versions"][0]["words"], 1);
}

#[test]
fn names_refused() {
    let e = Sandbox::new();
    let f = e.file("a.txt", "text\n");
    let before = listing(e.path());
    for bad in [
        "../x/ed",
        "w/..",
        "w/../../etc",
        "/abs/ed",
        "w/.hidden",
        "w/x.lock",
        "w/a..b",
        "w/con",
        "w/NUL",
        "w/aux.txt",
        "w/a\\b",
        "w/a\u{1b}b",
        "w/a\u{202e}b",
        "w/a\u{200b}b",
        "w/",
        "w/a b",
        "w/trailing.",
        "w/a/b",
    ] {
        let out = e.add_file(&f, bad);
        assert_eq!(code(&out), 2, "{bad:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("invalid"),
            "{bad:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains('\u{1b}'), "name echoed raw");
    }
    assert_eq!(listing(e.path()), before, "a refused name wrote something");
    assert_eq!(code(&e.add("w/Smith", "a\n")), 0);
    let out = e.add("w/smith", "b\n");
    assert_eq!(code(&out), 2);
    assert_stderr(&out, "collides with the existing edition 'Smith'");
    let out = e.add("W/other", "b\n");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("collides"), "{}", stderr(&out));
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn eight_concurrent_writers_lose_nothing() {
    let e = Sandbox::new();
    let mut texts = Vec::new();
    let mut children = Vec::new();
    for i in 0..16 {
        // 8 writers to one edition, 8 to eight different editions, all at once.
        let edition = if i < 8 {
            "w/same".to_string()
        } else {
            format!("w/ed{i}")
        };
        let text = format!("text number {i}\n");
        let f = e.file(&format!("t{i}.txt"), &text);
        texts.push((edition.clone(), text));
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("lectio"))
            .current_dir(e.path())
            .env("LECTIO_STORE", e.store())
            .env("LECTIO_TEST_NO_FSYNC", "1")
            .args([
                "add",
                &f,
                "--edition",
                &edition,
                "--lang",
                "en",
                "--kind",
                "original",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        children.push(child);
    }
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert_no_panic(&out);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let log: serde_json::Value =
        serde_json::from_slice(&e.run(&["log", "w/same", "--format", "json"]).stdout).unwrap();
    let versions = log["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 8);
    let mut seen: Vec<String> = Vec::new();
    for (i, v) in versions.iter().enumerate() {
        assert_eq!(v["number"], 8 - i as u64);
        let n = v["number"].to_string();
        seen.push(String::from_utf8(e.run(&["cat", &format!("w/same@{n}")]).stdout).unwrap());
    }
    seen.sort();
    let mut want: Vec<String> = texts[..8].iter().map(|(_, t)| t.clone()).collect();
    want.sort();
    assert_eq!(seen, want);
    for (edition, text) in &texts[8..] {
        assert_eq!(e.run(&["cat", edition]).stdout, text.as_bytes());
    }
    assert_eq!(code(&e.run(&["verify"])), 0);
}

#[test]
fn corrupt_objects_are_named_and_never_read() {
    let e = Sandbox::new();
    let h = added_hash(&e.add("w/a", "the text of a\n"));
    let hb = added_hash(&e.add("w/b", "the text of b\n"));
    let path = e.object_path(&h);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[4] ^= 0x20;
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let out = e.run(&["cat", "w/a"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "corrupt text was printed");
    let msg = stderr(&out);
    assert!(
        msg.contains(&h) && msg.contains(&format!("{}", path.display())),
        "{msg}"
    );
    assert_eq!(e.run(&["cat", "w/b"]).stdout, b"the text of b\n");
    let v = e.run(&["verify"]);
    assert_eq!(code(&v), 3);
    let report = stdout(&v);
    assert!(
        report.contains(&h) && report.contains(&path.display().to_string()),
        "{report}"
    );
    assert!(!report.contains(&hb), "{report}");
    let json: serde_json::Value =
        serde_json::from_slice(&e.run(&["verify", "--json"]).stdout).unwrap();
    assert_eq!(json["sound"], false);
    // Re-adding the same bytes repairs the object.
    let out = e.add("w/a", "the text of a\n");
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("replaced"), "{}", stderr(&out));
    assert_eq!(code(&e.run(&["verify"])), 0);
    // Truncated, then missing.
    std::fs::write(&path, b"").unwrap();
    let out = e.run(&["cat", "w/a"]);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("empty"), "{}", stderr(&out));
    std::fs::remove_file(&path).unwrap();
    let v = e.run(&["verify"]);
    assert_eq!(code(&v), 3);
    assert!(
        stdout(&v).contains("missing") && stdout(&v).contains(&h),
        "{}",
        stdout(&v)
    );
    // A symlink in place of an object is refused, not followed.
    let outside = write_file(e.path(), "outside.txt", "the text of a\n");
    std::os::unix::fs::symlink(&outside, &path).unwrap();
    let out = e.run(&["cat", "w/a"]);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("symlink"), "{}", stderr(&out));
}

#[test]
fn damaged_ref_record_and_format() {
    let e = Sandbox::new();
    e.add("w/a", "a\n");
    e.add("w/b", "b\n");
    let rref = e.store().join("refs/w/a");
    std::fs::write(&rref, "0123\n").unwrap();
    let out = e.run(&["cat", "w/a"]);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("refs/w/a"), "{}", stderr(&out));
    assert_eq!(code(&e.run(&["cat", "w/b"])), 0);
    assert_eq!(code(&e.run(&["verify"])), 3);
    std::fs::write(e.store().join("FORMAT"), "lectio-store 2\n").unwrap();
    let out = e.run(&["list"]);
    assert_eq!(code(&out), 3);
    assert_stderr(&out, "format 2 is not supported");
}

#[test]
fn lock_timeout_is_busy() {
    let e = Sandbox::new();
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(e.store().join("lock"))
        .unwrap();
    lock.lock().unwrap();
    std::fs::write(e.store().join("lock"), "pid 4242\n").unwrap();
    let f = e.file("a.txt", "text\n");
    let start = std::time::Instant::now();
    let out = e.run(&[
        "add",
        &f,
        "--edition",
        "w/a",
        "--lang",
        "en",
        "--kind",
        "original",
        "--lock-timeout",
        "0.5",
    ]);
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert_stderr(&out, "locked by another process (pid 4242)");
    // Readers take no lock.
    assert_eq!(code(&e.run(&["list"])), 0);
    lock.unlock().unwrap();
    assert_eq!(
        code(&e.run(&[
            "add",
            &f,
            "--edition",
            "w/a",
            "--lang",
            "en",
            "--kind",
            "original"
        ])),
        0
    );
}

#[test]
fn crash_points_keep_the_store_sound() {
    for (i, point) in lectio::store::hooks::FAILPOINTS.iter().enumerate() {
        let e = Sandbox::new();
        e.add("w/a", "old\n");
        let f = e.file("new.txt", "new\n");
        let out = e
            .cmd()
            .env("LECTIO_FAILPOINT", point)
            .args(["add", &f, "--edition", "w/a"])
            .output()
            .unwrap();
        assert!(
            out.status.code().is_none(),
            "{point}: did not abort: {}",
            stderr(&out)
        );
        let committed = i == lectio::store::hooks::FAILPOINTS.len() - 1;
        let want: &[u8] = if committed { b"new\n" } else { b"old\n" };
        assert_eq!(e.run(&["cat", "w/a"]).stdout, want, "{point}");
        assert_eq!(code(&e.run(&["verify"])), 0, "{point}");
        let again = e.run(&["add", &f, "--edition", "w/a"]);
        assert_eq!(code(&again), 0, "{point}: {}", stderr(&again));
        assert_eq!(e.run(&["cat", "w/a"]).stdout, b"new\n", "{point}");
        assert_eq!(e.run(&["cat", "w/a@2"]).stdout, b"new\n", "{point}");
    }
}

#[test]
fn shipped_editions_are_sound_and_complete() {
    let store = repo_root().join("editions");
    let run = |args: &[&str]| {
        let out = lectio()
            .arg("--store")
            .arg(&store)
            .args(args)
            .output()
            .unwrap();
        assert_no_panic(&out);
        out
    };
    let v = run(&["verify"]);
    assert_eq!(code(&v), 0, "{}", stdout(&v));
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["list", "--format", "json"]).stdout).unwrap();
    let eds: Vec<(String, u64)> = json["editions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["edition"].as_str().unwrap().to_string(),
                e["versions"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        eds,
        [
            ("en-emended".to_string(), 1),
            ("en-emended-tei".to_string(), 1),
            ("en-marxists".to_string(), 2),
            ("es-ceip".to_string(), 1),
            ("ru-iskra".to_string(), 1)
        ]
    );
    // The TEI edition stores the XML of editions-src/en-emended.tei.xml byte for byte; read
    // editorially it is en-emended exactly, diplomatically en-marxists@2 exactly.
    assert_eq!(
        run(&["cat", "politburo-1932/en-emended-tei"]).stdout,
        std::fs::read(repo_root().join("editions-src/en-emended.tei.xml")).unwrap()
    );
    assert_eq!(
        run(&["extract", "politburo-1932/en-emended-tei"]).stdout,
        run(&["cat", "politburo-1932/en-emended"]).stdout
    );
    assert_eq!(
        run(&[
            "extract",
            "politburo-1932/en-emended-tei",
            "--choose",
            "diplomatic"
        ])
        .stdout,
        run(&["cat", "politburo-1932/en-marxists@2"]).stdout
    );
    // The Russian original (partial) and its two translations (issue #18).
    let es = &json["editions"][3];
    assert_eq!(
        (es["partial"].as_bool(), es["translation_of"].as_str()),
        (Some(true), Some("politburo-1932/ru-iskra"))
    );
    let en = &json["editions"][2];
    assert_eq!(
        (en["kind"].as_str(), en["translation_of"].as_str()),
        (Some("translation"), Some("politburo-1932/ru-iskra"))
    );
    let ru = &json["editions"][4];
    assert_eq!(
        (
            ru["kind"].as_str(),
            ru["lang"].as_str(),
            ru["partial"].as_bool()
        ),
        (Some("original"), Some("ru"), Some(true))
    );
    let emended = run(&["cat", "politburo-1932/en-emended"]).stdout;
    assert_eq!(
        emended,
        std::fs::read(repo_root().join("editions-src/en-emended.txt")).unwrap()
    );
    let text = String::from_utf8(emended).unwrap();
    let v2 = String::from_utf8(run(&["cat", "politburo-1932/en-marxists@2"]).stdout).unwrap();
    assert!(text.contains("from the opposite direction. Everything it was necessary"));
    assert!(text.contains("\"Stalin's six conditions,\" \"Stalin's forecasts"));
    assert!(text.contains("against counter-blows.\n"));
    assert_eq!(
        text.len(),
        v2.len() - 4,
        "only the three emendations differ"
    );
}

#[test]
fn shipped_editions_equal_a_fresh_rebuild() {
    let Some(shared) = shared_dir().filter(|s| s.join("editions-src").is_dir()) else {
        skip_or_fail(
            "shipped_editions_equal_a_fresh_rebuild",
            "shared/editions-src not found (set LECTIO_SHARED)",
        );
        return;
    };
    let out_dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("bash")
        .arg(repo_root().join("scripts/build-editions.sh"))
        .arg(out_dir.path().join("editions"))
        .env("LECTIO_SHARED", &shared)
        .env("LECTIO_BIN", assert_cmd::cargo::cargo_bin("lectio"))
        .env("LECTIO_TEST_NO_FSYNC", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let committed = store_files(&repo_root().join("editions"));
    let rebuilt = store_files(&out_dir.path().join("editions"));
    assert!(committed.len() >= 12, "{committed:?}");
    assert_eq!(
        committed, rebuilt,
        "editions/ differs from a fresh rebuild: run scripts/build-editions.sh"
    );
}

/// The store's own files (relative path, bytes), skipping README.md, .gitattributes and tmp/.
fn store_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for p in listing(root) {
        let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
        if p.is_file()
            && ["FORMAT", "lock", "objects/", "records/", "refs/"]
                .iter()
                .any(|k| rel.starts_with(k))
        {
            out.push((rel, std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn add_streams_with_flat_memory() {
    // 96 MiB through stdin: if `add` held the input in memory its peak RSS would exceed 64 MiB.
    if !Path::new("/usr/bin/time").exists() {
        skip_or_fail("add_streams_with_flat_memory", "/usr/bin/time not found");
        return;
    }
    let e = Sandbox::new();
    let bin = assert_cmd::cargo::cargo_bin("lectio");
    let script = format!(
        "yes 'lorem ipsum dolor sit amet, consectetur' | head -c 100663296 | /usr/bin/time -v '{}' add - --edition w/big --lang la --kind original",
        bin.display()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(e.path())
        .env("LECTIO_STORE", e.store())
        .env("LECTIO_TEST_NO_FSYNC", "1")
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let kb: u64 = err
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .expect("time -v output");
    assert!(kb < 64 * 1024, "peak RSS {kb} KiB for a 96 MiB add");
    let json: serde_json::Value =
        serde_json::from_slice(&e.run(&["log", "w/big", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["versions"][0]["size"], 100_663_296);
}

#[test]
fn expect_head_is_compare_and_swap() {
    let e = Sandbox::new();
    let f = e.file("a.txt", "one\n");
    let args = [
        "add",
        &f,
        "--edition",
        "w/a",
        "--lang",
        "en",
        "--kind",
        "original",
    ];
    let out = e.run(&[&args[..], &["--expect-head", "0123456789"]].concat());
    assert_eq!(code(&out), 4, "{}", stderr(&out));
    assert_stderr(&out, "changed concurrently");
    assert_eq!(code(&e.run(&["log", "w/a"])), 2, "nothing may be committed");
    let h1 = added_hash(&e.run(&[&args[..], &["--expect-head", "none"]].concat()));
    let g = e.file("b.txt", "two\n");
    let stale = e.run(&["add", &g, "--edition", "w/a", "--expect-head", "none"]);
    assert_eq!(code(&stale), 4, "{}", stderr(&stale));
    assert!(stderr(&stale).contains("w/a@1"), "{}", stderr(&stale));
    let ok = e.run(&["add", &g, "--edition", "w/a", "--expect-head", &h1[..8]]);
    assert_eq!(code(&ok), 0, "{}", stderr(&ok));
    assert_eq!(e.run(&["cat", "w/a"]).stdout, b"two\n");
}

#[test]
fn sigla_shown_accepted_and_metadata_changes_recorded() {
    // Issue 16: `--base` takes siglum, edition name or reference and lists the valid choices;
    // `list` and `log` show sigla; unchanged bytes with new metadata make a new version.
    let e = Sandbox::new();
    let a = e.file("a.txt", "It was on a dreary night of November.\n");
    let b = e.file("b.txt", "It was on a dreary night in November.\n");
    for (f, ed, sig) in [(&a, "fv/e1818", "f1818"), (&b, "fv/e1823", "f1823")] {
        let out = e.run(&[
            "add",
            f,
            "--edition",
            ed,
            "--lang",
            "en",
            "--kind",
            "original",
            "--siglum",
            sig,
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let list = stdout(&e.run(&["list"]));
    assert!(list.contains("siglum f1823"), "{list}");
    let log = stdout(&e.run(&["log", "fv/e1823"]));
    assert!(log.contains("siglum f1823"), "{log}");
    for base in ["f1823", "e1823", "fv/e1823", "fv/e1823@1"] {
        let out = e.run(&[
            "collate",
            "--work",
            "fv",
            "--format",
            "apparatus",
            "--base",
            base,
        ]);
        assert_eq!(code(&out), 1, "{base}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("in] f1823"),
            "{base}: {}",
            stdout(&out)
        );
    }
    let out = e.run(&["collate", "--work", "fv", "--base", "f1831"]);
    assert_eq!(code(&out), 2);
    assert_stderr(&out, "valid choices: f1818");
    assert_stderr(&out, "f1823");
    // Same bytes, new title: recorded as version 2 with the title.
    let out = e.run(&[
        "add",
        &b,
        "--edition",
        "fv/e1823",
        "--title",
        "Second edition",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("fv/e1823@2"), "{}", stdout(&out));
    assert!(stdout(&e.run(&["log", "fv/e1823"])).contains("Second edition"));
    // Same bytes, same metadata: nothing added.
    let out = e.run(&["add", &b, "--edition", "fv/e1823"]);
    assert!(stdout(&out).contains("unchanged"), "{}", stdout(&out));
}
