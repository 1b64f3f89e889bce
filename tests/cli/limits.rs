//! Limits every command holds (issues #14 and #15): durations validated once (a bad
//! `--deadline`, `--lock-timeout` or their environment variables is a usage error, never a
//! panic), and `--max-size` / `LECTIO_MAX_SIZE` on every input path.

use std::process::Output;

use crate::common::{Sandbox, code, stderr, stdout};

/// Assert exit code `want` and that standard error says `needle`.
fn assert_exit(out: &Output, want: i32, needle: &str) {
    assert_eq!(code(out), want, "stderr: {}", stderr(out));
    assert!(
        stderr(out).contains(needle),
        "stderr lacks {needle:?}: {}",
        stderr(out)
    );
}

/// A sandbox (with a store) holding `a.txt` and `b.txt`, one variant apart.
fn two_files() -> Sandbox {
    let s = Sandbox::new();
    s.write("a.txt", "the black cat sat\n");
    s.write("b.txt", "the white cat sat\n");
    s
}

#[test]
fn a_negative_or_infinite_deadline_is_a_usage_error() {
    let dir = two_files();
    for (cmd, bad) in [
        ("collate", "--deadline=-1"),
        ("collate", "--deadline=-inf"),
        ("collate", "--deadline=inf"),
        ("collate", "--deadline=NaN"),
        ("collate", "--deadline=0"),
        ("diff", "--deadline=-1"),
        ("diff", "--deadline=1e300"),
        ("variants", "--deadline=-inf"),
        ("check", "--deadline=-1"),
    ] {
        let out = dir.run(&[cmd, bad, "a.txt", "b.txt"]);
        assert_exit(&out, 2, "--deadline");
    }
}

#[test]
fn a_bad_deadline_in_the_environment_is_a_usage_error() {
    let dir = two_files();
    for (cmd, var, value) in [
        ("collate", "LECTIO_COLLATE_DEADLINE", "-5"),
        ("collate", "LECTIO_COLLATE_DEADLINE", "1e300"),
        ("diff", "LECTIO_DIFF_DEADLINE", "-5"),
        ("diff", "LECTIO_DIFF_DEADLINE", "soon"),
    ] {
        let out = dir.run_env(&[(var, value)], &[cmd, "a.txt", "b.txt"]);
        assert_exit(&out, 2, value);
    }
    // A good value still works.
    let out = dir.run_env(
        &[("LECTIO_COLLATE_DEADLINE", "0.5")],
        &["collate", "a.txt", "b.txt"],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
}

#[test]
fn a_huge_or_negative_lock_timeout_is_a_usage_error() {
    let dir = two_files();
    let add = ["add", "a.txt", "--edition", "w/a"];
    let meta = ["--lang", "en", "--kind", "original"];
    for bad in ["1e20", "-1", "inf", "NaN"] {
        let flag = format!("--lock-timeout={bad}");
        let args: Vec<&str> = add
            .iter()
            .chain(&meta)
            .copied()
            .chain([flag.as_str()])
            .collect();
        let out = dir.run(&args);
        assert_exit(&out, 2, "--lock-timeout");
    }
    for bad in ["1e300", "-3"] {
        let args: Vec<&str> = add.iter().chain(&meta).copied().collect();
        let out = dir.run_env(&[("LECTIO_LOCK_TIMEOUT", bad)], &args);
        assert_exit(&out, 2, bad);
    }
    // Nothing was added by the refused runs; a zero wait is a valid wait.
    let args: Vec<&str> = add
        .iter()
        .chain(&meta)
        .copied()
        .chain(["--lock-timeout", "0"])
        .collect();
    let out = dir.run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("w/a@1 "));
}

/// A sandbox with `small.txt` (11 bytes) and `big.txt` (7,201 bytes), and the store holding
/// `small.txt` as `w/a@1` (added before the limit matters).
fn sized() -> Sandbox {
    let s = Sandbox::new();
    s.write("small.txt", "small text\n");
    s.write("big.txt", "big text ".repeat(800) + "\n");
    let out = s.run(&[
        "add",
        "small.txt",
        "--edition",
        "w/a",
        "--lang",
        "en",
        "--kind",
        "original",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s
}

/// `lectio ARGS` with `stdin` as standard input.
fn run_stdin(s: &Sandbox, env: &[(&str, &str)], args: &[&str], stdin: Vec<u8>) -> Output {
    let mut c = s.cmd();
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("run lectio");
    crate::common::assert_no_panic(&out);
    out
}

#[test]
fn max_size_holds_on_standard_input() {
    let s = sized();
    let big = ("big text ".repeat(800) + "\n").into_bytes();
    let out = run_stdin(
        &s,
        &[],
        &["diff", "--max-size", "1KiB", "-", "small.txt"],
        big.clone(),
    );
    assert_exit(
        &out,
        5,
        "standard input is larger than the limit of 1024 bytes",
    );
    let out = run_stdin(
        &s,
        &[("LECTIO_MAX_SIZE", "1KiB")],
        &["diff", "-", "small.txt"],
        big.clone(),
    );
    assert_exit(
        &out,
        5,
        "standard input is larger than the limit of 1024 bytes",
    );
    for cmd in ["collate", "variants", "align"] {
        let out = run_stdin(
            &s,
            &[],
            &[cmd, "--max-size", "1KiB", "-", "small.txt"],
            big.clone(),
        );
        assert_exit(&out, 5, "standard input is larger than the limit");
    }
    // Under the limit it compares.
    let out = run_stdin(
        &s,
        &[],
        &["diff", "--max-size", "8KiB", "-", "small.txt"],
        big,
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
}

#[test]
fn max_size_holds_on_files_for_every_command() {
    let s = sized();
    for args in [
        vec!["diff", "small.txt", "big.txt"],
        vec!["collate", "small.txt", "big.txt"],
        vec!["variants", "small.txt", "big.txt"],
        vec!["align", "small.txt", "big.txt"],
        vec!["check", "big.txt", "--against", "w/a@1"],
    ] {
        let mut flagged = args.clone();
        flagged.extend(["--max-size", "1KiB"]);
        let out = s.run(&flagged);
        assert_exit(&out, 5, "big.txt");
        assert!(stderr(&out).contains("1024 bytes"), "{}", stderr(&out));
        let out = s.run_env(&[("LECTIO_MAX_SIZE", "1KiB")], &args);
        assert_exit(&out, 5, "big.txt");
        // The default limit lets it through.
        let out = s.run(&args);
        assert!(matches!(code(&out), 0 | 1), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn max_size_holds_on_collate_input_and_shard_files() {
    let s = sized();
    let json = format!(
        r#"{{"witnesses":[{{"id":"A","content":"{}"}},{{"id":"B","content":"y"}}]}}"#,
        "x ".repeat(1000)
    );
    s.write("in.json", &json);
    let out = s.run(&["collate", "--max-size", "1KiB", "--input", "in.json"]);
    assert_exit(&out, 5, "in.json");
    let out = s.run_env(
        &[("LECTIO_MAX_SIZE", "1KiB")],
        &["collate", "--input", "in.json"],
    );
    assert_exit(&out, 5, "in.json");
    // Through a pipe, where no size is known beforehand: read up to the limit, then refused.
    let out = run_stdin(
        &s,
        &[],
        &["collate", "--max-size", "1KiB", "--input", "/dev/stdin"],
        json.into_bytes(),
    );
    assert_exit(&out, 5, "1024 bytes");
    // A shard file larger than the limit.
    let out = s.run(&["variants", "small.txt", "big.txt", "--shard", "1/1"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s.write("s1.jsonl", &out.stdout);
    let limit = (out.stdout.len() - 1).to_string();
    let out = s.run(&["variants", "--merge", "s1.jsonl", "--max-size", &limit]);
    assert_exit(&out, 5, "s1.jsonl");
    let out = s.run(&["variants", "--merge", "s1.jsonl"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn check_reads_devices_bounded_and_refuses_pipes() {
    let s = sized();
    // /dev/zero never ends: read up to the limit, then exit 5 (not all memory).
    let out = s.run(&[
        "check",
        "/dev/zero",
        "--against",
        "w/a@1",
        "--max-size",
        "1MiB",
    ]);
    assert_exit(
        &out,
        5,
        "/dev/zero is larger than the limit of 1048576 bytes",
    );
    // A FIFO with no writer would wait forever: refused as a file error (exit 2).
    let fifo = s.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|st| st.success()), "mkfifo");
    let mut child = s
        .process()
        .args(["check", "pipe.txt", "--against", "w/a@1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if t0.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().ok();
            panic!("check of a FIFO hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stdout(&out).contains("pipe.txt"), "{}", stdout(&out));
    assert!(stdout(&out).contains("is a pipe"), "{}", stdout(&out));
}

#[test]
fn git_diff_notes_a_file_over_the_limit_and_goes_on() {
    let s = sized();
    let git = [
        "x.txt",
        "small.txt",
        "0000000",
        "100644",
        "big.txt",
        "1111111",
        "100644",
    ];
    let mut args = vec!["git-diff", "--max-size", "1KiB"];
    args.extend(git);
    let out = s.run(&args);
    assert_eq!(
        code(&out),
        0,
        "git goes on to the next file: {}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("b/x.txt is larger than the limit of 1024 bytes")
            && stdout(&out).contains("not compared"),
        "{}",
        stdout(&out)
    );
    let mut args = vec!["git-diff"];
    args.extend(git);
    let out = s.run_env(&[("LECTIO_MAX_SIZE", "1KiB")], &args);
    assert!(stdout(&out).contains("not compared"), "{}", stdout(&out));
    let out = s.run(&args[..]);
    assert!(!stdout(&out).contains("not compared"), "{}", stdout(&out));
}
