//! `lectio git-diff` driven by a real git (as `GIT_EXTERNAL_DIFF` and as a diff driver), and
//! called with git's arguments directly.

use crate::check::{HEAVY, ORIGINAL};
use crate::common::{assert_no_panic, git, git_ok, lectio, lectio_bin, text, write_file};

/// A repository with one commit, then a working change of every sort staged.
fn git_repo() -> (tempfile::TempDir, tempfile::TempDir) {
    let repo = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let (d, h) = (repo.path(), home.path());
    git_ok(d, h, &["init", "-q"]);
    write_file(d, "a.txt", ORIGINAL);
    write_file(d, "gone.txt", "soon gone\n");
    write_file(d, "pic.bin", b"\x89PNG\x00\x01");
    let long: String = (1..=30)
        .map(|i| format!("Line {i} of the long letter, with words enough to match.\n"))
        .collect();
    write_file(d, "long.txt", &long);
    git_ok(d, h, &["add", "-A"]);
    git_ok(d, h, &["commit", "-q", "-m", "one"]);
    write_file(d, "a.txt", HEAVY);
    std::fs::remove_file(d.join("gone.txt")).unwrap();
    write_file(d, "new.txt", "brand new text\n");
    write_file(d, "pic.bin", b"\x89PNG\x00\x02");
    write_file(d, "bad.txt", b"ok \xC3\x28 no\n");
    git_ok(d, h, &["mv", "long.txt", "moved.txt"]);
    write_file(d, "moved.txt", long.replace("Line 7 of", "Line seven of"));
    git_ok(d, h, &["add", "-A"]);
    (repo, home)
}

fn assert_git_output(out: &str) {
    // Modified: the word diff with classes.
    assert!(out.contains("lectio diff a/a.txt b/a.txt"), "{out}");
    assert!(out.contains("--- a/a.txt\n+++ b/a.txt\n"), "{out}");
    assert!(out.contains("substitution case"), "{out}");
    assert!(out.contains("[-quiet-]{+noisy+}"), "{out}");
    // Added and deleted: /dev/null on the missing side.
    assert!(out.contains("--- /dev/null\n+++ b/new.txt"), "{out}");
    assert!(out.contains("--- a/gone.txt\n+++ /dev/null"), "{out}");
    // Invalid UTF-8: a note, not a crash.
    assert!(out.contains("b/bad.txt: invalid UTF-8"), "{out}");
}

#[test]
fn git_external_diff_and_driver() {
    let (repo, home) = git_repo();
    let (d, h) = (repo.path(), home.path());
    let ext = format!("{} git-diff", lectio_bin().display());

    // GIT_EXTERNAL_DIFF: every file, renames with 9 arguments.
    let out = git(d, h)
        .env("GIT_EXTERNAL_DIFF", &ext)
        .args(["diff", "--cached", "-M"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert_git_output(&s);
    assert!(s.contains("lectio diff a/long.txt b/moved.txt"), "{s}");
    assert!(
        s.contains("rename from long.txt\nrename to moved.txt"),
        "{s}"
    );
    assert!(s.contains("[-7-]{+seven+}"), "{s}");
    assert!(s.contains("Binary file a/pic.bin not compared"), "{s}");
    assert!(!s.contains('\u{1b}'), "no colour with NO_COLOR: {s}");

    // As a driver for *.txt only: the binary goes to git's own diff.
    git_ok(d, h, &["config", "diff.lectio.command", &ext]);
    write_file(d, ".gitattributes", "*.txt diff=lectio\n");
    let s = git_ok(d, h, &["diff", "--cached", "-M"]);
    assert_git_output(&s);
    assert!(s.contains("rename from long.txt"), "{s}");
    assert!(
        s.contains("Binary files a/pic.bin and b/pic.bin differ"),
        "{s}"
    );

    // git log -p --ext-diff over commits.
    git_ok(d, h, &["commit", "-q", "-m", "two"]);
    let s = git_ok(d, h, &["log", "-p", "--ext-diff", "-M", "-1"]);
    assert_git_output(&s);
    assert!(s.contains("    two\n"), "{s}");
    let s = git_ok(d, h, &["log", "-p", "-1"]);
    assert!(
        !s.contains("lectio diff"),
        "log without --ext-diff is git's: {s}"
    );

    // Colour when asked.
    let out = git(d, h)
        .env("LECTIO_COLOR", "always")
        .args(["log", "-p", "--ext-diff", "-1"])
        .output()
        .unwrap();
    assert!(
        text(&out.stdout).contains("\u{1b}["),
        "colour with LECTIO_COLOR=always"
    );
}

#[test]
fn git_diff_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = write_file(d, "old", "one two\n");
    let b = write_file(d, "new", "one three\n");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let hex = "0123456789abcdef0123456789abcdef01234567";
    let run = |args: &[&str]| {
        let out = lectio().arg("git-diff").args(args).output().unwrap();
        assert_no_panic(&out);
        (out.status.code().unwrap(), text(&out.stdout))
    };
    let (code, out) = run(&["t.txt", a, hex, "100644", b, hex, "100755"]);
    assert_eq!(code, 0);
    assert!(out.contains("old mode 100644\nnew mode 100755"), "{out}");
    assert!(out.contains("[-two-]{+three+}"), "{out}");
    let (code, out) = run(&[
        "--format",
        "word-diff",
        "t.txt",
        a,
        hex,
        "100644",
        b,
        hex,
        "100644",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("one [-two-]{+three+}"), "{out}");
    let (code, out) = run(&[
        "--ignore",
        "substantive",
        "t.txt",
        a,
        hex,
        "100644",
        b,
        hex,
        "100644",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("0 variants"), "{out}");
    // A hostile file name cannot reach the terminal raw.
    let (code, out) = run(&["x\u{1b}[2J.txt", a, hex, "100644", b, hex, "100644"]);
    assert_eq!(code, 0);
    assert!(!out.contains('\u{1b}'), "{out}");
    // A file git could not hand over: a note, still exit 0.
    let (code, out) = run(&["t.txt", "/nonexistent/x", hex, "100644", b, hex, "100644"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("lectio diff") && out.contains("note: cannot read a/t.txt"),
        "{out}"
    );
    // Colour: in git's pager (GIT_PAGER_IN_USE) as git does, unless NO_COLOR or --color never.
    let args = ["t.txt", a, hex, "100644", b, hex, "100644"];
    let coloured = |envs: &[(&str, &str)], extra: &[&str]| {
        let mut c = lectio();
        c.env_remove("NO_COLOR");
        for (k, v) in envs {
            c.env(k, v);
        }
        let out = c.args(extra).arg("git-diff").args(args).output().unwrap();
        text(&out.stdout).contains('\u{1b}')
    };
    assert!(coloured(&[("GIT_PAGER_IN_USE", "true")], &[]));
    assert!(!coloured(&[], &[]), "not a terminal");
    assert!(!coloured(
        &[("GIT_PAGER_IN_USE", "true"), ("NO_COLOR", "1")],
        &[]
    ));
    assert!(!coloured(
        &[("GIT_PAGER_IN_USE", "true")],
        &["--color", "never"]
    ));
    assert!(coloured(&[], &["--color", "always"]));
    // Unmerged path.
    let (code, out) = run(&["conflict.txt"]);
    assert_eq!((code, out.as_str()), (0, "* Unmerged path conflict.txt\n"));
    // A person calling it wrongly.
    let (code, _) = run(&["a", "b"]);
    assert_eq!(code, 2);
}
