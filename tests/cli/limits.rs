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
