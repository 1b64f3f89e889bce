//! Progress on standard error (#19): a spinner for `collate`, `align`, `report` and `diff`, a
//! bar for `variants`, only on a terminal and never under `--quiet`. The delay before it shows
//! is set to 0 here (`LECTIO_PROGRESS_DELAY_MS`) so that short runs show it too.

use std::process::Command;

use crate::common::{lectio, lectio_bin, run_cmd, shipped_store, skip_or_fail, stderr, stdout};

fn runs(store: &str) -> Vec<(&'static str, Vec<String>)> {
    let s = store.to_string();
    let args = |a: &[&str]| -> Vec<String> {
        let mut v = vec!["--store".to_string(), s.clone()];
        v.extend(a.iter().map(|x| x.to_string()));
        v
    };
    vec![
        (
            "collating",
            args(&["collate", "--work", "politburo-1932", "--lang", "en"]),
        ),
        (
            "comparing",
            args(&[
                "diff",
                "politburo-1932/en-marxists@1",
                "politburo-1932/en-marxists@2",
            ]),
        ),
        (
            "aligning",
            args(&[
                "align",
                "politburo-1932/en-emended",
                "politburo-1932/es-ceip",
            ]),
        ),
    ]
}

/// Standard error that is not a terminal gets no progress byte, whatever the delay.
#[test]
fn no_progress_when_not_a_terminal() {
    let store = shipped_store();
    for (word, args) in runs(&store) {
        let mut cmd = lectio();
        cmd.env("LECTIO_PROGRESS_DELAY_MS", "0");
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run_cmd(cmd, &a);
        let err = stderr(&out);
        assert!(
            !err.contains(word) && !err.contains('\u{1b}'),
            "{a:?}: {err:?}"
        );
        assert!(!stdout(&out).contains(word), "{a:?}");
    }
}

/// On a terminal (a pseudo-terminal from util-linux's `script`), the spinner shows and is
/// cleared; `--quiet` silences it.
#[test]
fn progress_on_a_terminal_unless_quiet() {
    if Command::new("script").arg("--version").output().is_err() {
        skip_or_fail(
            "progress_on_a_terminal_unless_quiet",
            "util-linux script is missing",
        );
        return;
    }
    let store = shipped_store();
    let bin = lectio_bin().display().to_string();
    for (word, args) in runs(&store) {
        for quiet in [false, true] {
            let mut line = format!("'{bin}'");
            if quiet {
                line.push_str(" --quiet");
            }
            for a in &args {
                line.push_str(&format!(" '{a}'"));
            }
            line.push_str(" >/dev/null");
            let out = Command::new("script")
                .args(["-qec", &line, "/dev/null"])
                .env("LECTIO_PROGRESS_DELAY_MS", "0")
                .env_remove("LECTIO_STORE")
                .output()
                .unwrap();
            let tty = String::from_utf8_lossy(&out.stdout);
            if quiet {
                assert!(!tty.contains(word), "--quiet {args:?}: {tty:?}");
            } else {
                assert!(tty.contains(word), "{args:?}: {tty:?}");
                assert!(tty.contains("\u{1b}[2K"), "cleared at the end: {tty:?}");
            }
        }
    }
}
