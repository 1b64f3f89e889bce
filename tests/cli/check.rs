//! CLI tests for issue 7: `lectio check` (policies, formats, paths, errors, `--record`) and the
//! CI examples in `docs/ci/` run locally. `lectio git-diff` is tested in `git_diff.rs`.

use std::path::Path;
use std::process::Output;

use crate::common::{
    Sandbox, assert_no_panic, git, git_ok, lectio, lectio_bin, repo_root, text, write_file,
};

pub const ORIGINAL: &str = "The black cat sat, on the mat.\nIt was a quiet day in the house.\n";
/// Only case and punctuation changed.
const LIGHT: &str = "The Black cat sat on the mat!\nIt was a quiet day in the house.\n";
/// A substantive change too.
pub const HEAVY: &str = "The Black cat sat on the mat!\nIt was a noisy day in the house.\n";

/// What the check tests add to the sandbox (a project: `texts/` beside `editions/`).
trait Project {
    /// A project with `texts/a.txt` recorded as `letter/a@1`.
    fn with_a() -> Self;
    /// Record `file` as the first version of `edition`.
    fn add(&self, file: &str, edition: &str);
    /// Run `check ARGS`, returning (exit code, stdout, stderr).
    fn check(&self, args: &[&str]) -> (i32, String, String);
}

impl Project for Sandbox {
    fn with_a() -> Self {
        let p = Sandbox::project();
        p.write("texts/a.txt", ORIGINAL);
        p.add("texts/a.txt", "letter/a");
        p
    }

    fn add(&self, file: &str, edition: &str) {
        let out = self.run(&[
            "add",
            file,
            "--edition",
            edition,
            "--lang",
            "en",
            "--kind",
            "transcription",
            "-m",
            "first",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }

    fn check(&self, args: &[&str]) -> (i32, String, String) {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        (
            out.status.code().unwrap_or(-1),
            text(&out.stdout),
            text(&out.stderr),
        )
    }
}

#[test]
fn unchanged_passes_and_policies_decide() {
    let p = Sandbox::with_a();
    let (code, out, _) = p.check(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("texts/a.txt: unchanged"), "{out}");

    p.write("texts/a.txt", LIGHT);
    let (code, out, _) = p.check(&[]);
    assert_eq!(code, 1, "nothing allowed by default: {out}");
    assert!(
        out.contains("texts/a.txt:1:5: NOT ALLOWED: case substitution"),
        "{out}"
    );
    let (code, out, _) = p.check(&["--allow", "punctuation,case"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("allowed: punctuation"), "{out}");
    let (code, _, _) = p.check(&["--allow", "punctuation"]);
    assert_eq!(code, 1);
    let (code, _, _) = p.check(&["--allow", "punctuation", "--allow", "case"]);
    assert_eq!(code, 0, "repeated --allow adds up");
    // --max-variants counts every variant, allowed or not.
    let (code, out, _) = p.check(&["--allow", "punctuation,case", "--max-variants", "2"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("more than the limit"), "{out}");
    let (code, _, _) = p.check(&["--allow", "punctuation,case", "--max-variants", "3"]);
    assert_eq!(code, 0);
    // --ignore drops a class before the policy sees it.
    let (code, _, _) = p.check(&["--ignore", "case,punctuation"]);
    assert_eq!(code, 0);

    p.write("texts/a.txt", HEAVY);
    let (code, out, _) = p.check(&["--allow", "punctuation,case"]);
    assert_eq!(code, 1);
    // quiet → noisy: two different words, a substantive substitution (not a spelling).
    assert!(
        out.contains("texts/a.txt:2:10: NOT ALLOWED: substantive substitution"),
        "{out}"
    );
    let (code, _, _) = p.check(&["--allow", "bogus"]);
    assert_eq!(code, 2, "unknown class is a usage error");
}

#[test]
fn json_and_junit_formats() {
    let p = Sandbox::with_a();
    p.write("texts/a.txt", HEAVY);
    let (code, out, _) = p.check(&["--format", "json", "--allow", "case,punctuation"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(
        v["policy"]["allow"],
        serde_json::json!(["case", "punctuation"])
    );
    let f = &v["files"][0];
    assert_eq!(f["path"], "texts/a.txt");
    assert_eq!(f["edition"], "letter/a");
    assert_eq!(f["against"], "letter/a@1");
    assert_eq!(f["status"], "failed");
    assert_eq!(f["findings"].as_array().unwrap().len(), 4);
    assert_eq!(v["totals"]["disallowed"], 1);

    let (code, out, _) = p.check(&["--format", "junit", "--allow", "case,punctuation"]);
    assert_eq!(code, 1);
    let r = quick_junit::Report::deserialize_from_str(&out).expect("JUnit parses back");
    assert_eq!(r.tests, 1);
    assert_eq!(r.failures, 1);
    let case = &r.test_suites[0].test_cases[0];
    assert_eq!(case.name.as_str(), "texts/a.txt");
    match &case.status {
        quick_junit::TestCaseStatus::NonSuccess {
            kind, description, ..
        } => {
            assert_eq!(*kind, quick_junit::NonSuccessKind::Failure);
            let d = description
                .as_ref()
                .expect("failure lists the variants")
                .as_str();
            assert!(d.contains("texts/a.txt:2:10:"), "{d}");
            assert!(
                !d.contains("«Black»"),
                "allowed variants are not failures: {d}"
            );
        }
        s => panic!("expected a failure, got {s:?}"),
    }

    p.write("texts/a.txt", LIGHT);
    let (code, out, _) = p.check(&["--format", "junit", "--allow", "case,punctuation"]);
    assert_eq!(code, 0);
    let r = quick_junit::Report::deserialize_from_str(&out).unwrap();
    assert_eq!((r.tests, r.failures, r.errors), (1, 0, 0));
}

/// Checks the SARIF fields GitHub code scanning requires (from the SARIF 2.1.0 schema and
/// GitHub's list of required properties).
fn assert_sarif(out: &str, results: usize) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(out).expect("valid JSON");
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif"));
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "lectio");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let rs = run["results"].as_array().expect("results");
    assert_eq!(rs.len(), results, "{out}");
    for r in rs {
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let id = r["ruleId"].as_str().expect("ruleId");
        assert!(rule_ids.contains(&id), "rule {id} declared");
        if let Some(i) = r["ruleIndex"].as_u64() {
            assert_eq!(rules[i as usize]["id"], id);
        }
        assert!(["error", "warning", "note", "none"].contains(&r["level"].as_str().unwrap()));
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].is_string());
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    v
}

#[test]
fn sarif_has_required_fields() {
    let p = Sandbox::with_a();
    p.write("texts/a.txt", HEAVY);
    let (code, out, _) = p.check(&["--format", "sarif", "--allow", "punctuation,case"]);
    assert_eq!(code, 1);
    let v = assert_sarif(&out, 4);
    let rs = v["runs"][0]["results"].as_array().unwrap();
    let bad: Vec<_> = rs.iter().filter(|r| r["level"] == "error").collect();
    assert_eq!(bad.len(), 1);
    let region = &bad[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["startColumn"], 10);
    assert_eq!(
        bad[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "texts/a.txt"
    );
    // A file that cannot be checked is a result too, with a location.
    std::fs::remove_file(p.path().join("texts/a.txt")).unwrap();
    let (code, out, _) = p.check(&["--format", "sarif"]);
    assert_eq!(code, 2);
    let v = assert_sarif(&out, 1);
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "lectio/input-error");
    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn github_commands_escape_hostile_text() {
    let p = Sandbox::project();
    let name = if cfg!(unix) {
        "texts/a,b:c%25::d\ne.txt"
    } else {
        "texts/a,b:c%25::de.txt"
    };
    p.write(name, "one two three\nfour five\n");
    p.add(name, "letter/hostile");
    // The new reading spans a line break and holds `::error::`, `%0A` and an escape sequence.
    p.write(
        name,
        "one ::error file=x::forged\nnext %0A \u{1b}[2J three\nfour five\n",
    );
    let (code, out, _) = p.check(&["--format", "github"]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 2, "{out}");
    for l in &lines {
        assert!(
            l.starts_with("::error ") || l.starts_with("::notice "),
            "{l}"
        );
        // Properties end at the first `::`; none of the hostile text may reach them.
        let props = &l[2..l[2..].find("::").unwrap() + 2];
        assert!(!props.contains("forged"), "{l}");
    }
    assert_eq!(lines.len(), out.matches('\n').count());
    let first = lines[0];
    assert!(
        first.contains(if cfg!(unix) {
            "file=texts/a%2Cb%3Ac%2525%3A%3Ad%0Ae.txt,line=1,col=5,"
        } else {
            "file=texts/a%2Cb%3Ac%2525%3A%3Ade.txt,line=1,col=5,"
        }),
        "{first}"
    );
    assert!(first.contains("%0A"), "the newline is escaped: {first}");
    assert!(
        first.contains("%250A"),
        "a literal %0A stays literal: {first}"
    );
    assert!(!out.contains('\u{1b}'), "no raw escape sequence");
    let summary = lines.last().unwrap();
    assert!(summary.starts_with("::error title=lectio check::1 file(s) checked"));

    // The other formats stay well-formed on the same text.
    let (_, out, _) = p.check(&[]);
    for l in out.lines() {
        assert!(
            l.starts_with("texts/a,b") || l.contains("file(s) checked"),
            "{l}"
        );
    }
    assert!(!out.contains('\u{1b}'));
    let (_, out, _) = p.check(&["--format", "junit"]);
    quick_junit::Report::deserialize_from_str(&out).expect("JUnit parses");
    let (_, out, _) = p.check(&["--format", "sarif"]);
    assert_sarif(&out, lines.len() - 1);
    let (_, out, _) = p.check(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"][0]["path"], name);
}

#[test]
fn missing_and_invalid_files_are_errors_naming_them() {
    let p = Sandbox::with_a();
    p.write("texts/b.txt", "bee\n");
    p.add("texts/b.txt", "letter/b");

    std::fs::remove_file(p.path().join("texts/a.txt")).unwrap();
    let (code, out, _) = p.check(&[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("texts/a.txt: error: cannot read texts/a.txt"),
        "{out}"
    );
    assert!(
        out.contains("texts/b.txt: unchanged"),
        "other files still checked: {out}"
    );

    p.write("texts/a.txt", b"The cat \xC3\x28 sat\n");
    let (code, out, _) = p.check(&["--format", "github"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("::error file=texts/a.txt,"), "{out}");
    assert!(out.contains("invalid UTF-8 at byte 8"), "{out}");
    let (code, out, _) = p.check(&["--format", "junit"]);
    assert_eq!(code, 2);
    let r = quick_junit::Report::deserialize_from_str(&out).unwrap();
    assert_eq!(r.errors, 1);

    // A path no edition records, and a missing one.
    p.write("texts/other.txt", "x\n");
    let (code, out, _) = p.check(&["texts/other.txt"]);
    assert_eq!(code, 2);
    assert!(out.contains("no edition records texts/other.txt"), "{out}");
    let (code, out, _) = p.check(&["texts/nope.txt"]);
    assert_eq!(code, 2);
    assert!(out.contains("texts/nope.txt"), "{out}");
    // A folder.
    let (code, _, _) = p.check(&["texts"]);
    assert_eq!(code, 2);
}

#[test]
fn paths_map_to_editions_and_against() {
    let p = Sandbox::with_a();
    p.write("texts/b.txt", "bee\n");
    p.add("texts/b.txt", "letter/b");
    p.write("texts/a.txt", LIGHT);
    // Only the named file, however it is spelled.
    let (code, out, _) = p.check(&["./texts/../texts/b.txt"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("texts/b.txt: unchanged") && !out.contains("a.txt"),
        "{out}"
    );
    let (_, out, _) = p.check(&["texts/b.txt", "./texts/b.txt", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["files"].as_array().unwrap().len(),
        1,
        "checked once: {out}"
    );
    let abs = p.path().join("texts/a.txt");
    let (code, out, _) = p.check(&[abs.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["files"][0]["edition"], "letter/a");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(p.path().join("texts"), p.path().join("link")).unwrap();
        let (code, out, _) = p.check(&["link/b.txt"]);
        assert_eq!(code, 0, "canonical paths match: {out}");
    }

    // Record version 2, then compare with version 1.
    let out = p.run(&["add", "texts/a.txt", "--edition", "letter/a", "-m", "v2"]);
    assert_eq!(out.status.code(), Some(0));
    let (code, _, _) = p.check(&["texts/a.txt"]);
    assert_eq!(code, 0);
    let (code, out, _) = p.check(&["texts/a.txt", "--against", "@1"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("case substitution"), "{out}");
    let (code, out, _) = p.check(&["--against", "letter/a@1", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["files"][0]["against"], "letter/a@1");
    // Any file against a given version.
    p.write("texts/draft.txt", ORIGINAL);
    let (code, _, _) = p.check(&["texts/draft.txt", "--against", "letter/a@1"]);
    assert_eq!(code, 0);
    // No such version: b has one version only.
    let (code, out, _) = p.check(&["--against", "@2"]);
    assert_eq!(code, 2);
    assert!(out.contains("texts/b.txt: error"), "{out}");
    let (code, _, err) = p.check(&["--against", "letter/nope@1"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn record_then_check_passes() {
    let p = Sandbox::with_a();
    p.write("texts/b.txt", "bee\n");
    p.add("texts/b.txt", "letter/b");
    p.write("texts/a.txt", HEAVY);
    // With a policy, --record records only what the policy allows.
    let (code, out, _) = p.check(&["--record", "-m", "no", "--allow", "case"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("recorded as"), "{out}");
    let (code, _, err) = p.check(&["--record"]);
    assert_eq!(code, 2, "--record needs -m: {err}");

    let (code, out, err) = p.check(&["--record", "-m", "accept the new reading"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("texts/a.txt: recorded as letter/a@2"), "{out}");
    assert!(
        !out.contains("letter/b@2"),
        "unchanged files are not recorded: {out}"
    );
    let (code, out, _) = p.check(&[]);
    assert_eq!(code, 0, "{out}");
    let log = p.run(&["log", "letter/a", "--format", "json"]);
    let log = text(&log.stdout);
    assert!(log.contains("accept the new reading"), "{log}");
    let list = p.run(&["list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let a = v["editions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["edition"] == "a")
        .unwrap();
    assert_eq!(
        a["latest"]["source_path"], "texts/a.txt",
        "same source path"
    );
    assert_eq!(a["versions"], 2);

    // Two files for one edition cannot both become its next version.
    p.write("texts/c.txt", "one\n");
    p.write("texts/d.txt", "two\n");
    let (code, out, err) = p.check(&[
        "texts/c.txt",
        "texts/d.txt",
        "--against",
        "letter/a@1",
        "--record",
        "-m",
        "x",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("cannot record several files"), "{err}");
    assert!(!out.contains("recorded as"), "{out}");

    // An error anywhere records nothing.
    p.write("texts/a.txt", LIGHT);
    std::fs::remove_file(p.path().join("texts/b.txt")).unwrap();
    let (code, out, _) = p.check(&["--record", "-m", "x"]);
    assert_eq!(code, 2, "{out}");
    assert!(!out.contains("recorded as"), "{out}");
}

#[test]
fn sources_outside_the_project_are_skipped_and_reported() {
    let p = Sandbox::project();
    let outer = tempfile::tempdir().unwrap();
    let outside = write_file(outer.path(), "far.txt", "far away\n");
    p.add(outside.to_str().unwrap(), "letter/far");
    p.write("texts/a.txt", ORIGINAL);
    p.add("texts/a.txt", "letter/a");
    std::fs::write(&outside, "far off\n").unwrap();
    for (format, needle) in [
        ("text", "skipped: source path ../"),
        ("text", "is outside the repository"),
        ("github", "::notice file=../"),
        ("json", "\"skipped\""),
        ("junit", "<skipped"),
        ("sarif", "toolExecutionNotifications"),
    ] {
        let (code, out, _) = p.check(&["--format", format]);
        assert_eq!(code, 0, "{format}: {out}");
        assert!(out.contains(needle), "{format}: {out}");
    }
    // Named, it is checked.
    let (code, out, _) = p.check(&[outside.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
}

#[test]
fn store_in_a_subfolder_of_a_git_repository() {
    // repo/.git, repo/data/editions, repo/texts/a.txt: the recorded path is ../texts/a.txt,
    // outside the store's parent folder but inside the repository, so it is checked.
    let p = Sandbox::project();
    let home = tempfile::tempdir().unwrap();
    git_ok(p.path(), home.path(), &["init", "-q"]);
    std::fs::create_dir(p.path().join("data")).unwrap();
    let store = p.path().join("data/editions");
    let run = |args: &[&str]| {
        let out = p
            .cmd()
            .arg("--store")
            .arg(&store)
            .args(args)
            .output()
            .unwrap();
        assert_no_panic(&out);
        (out.status.code().unwrap(), text(&out.stdout))
    };
    assert_eq!(run(&["init"]).0, 0);
    p.write("texts/a.txt", ORIGINAL);
    let (code, _) = run(&[
        "add",
        "texts/a.txt",
        "--edition",
        "w/a",
        "--lang",
        "en",
        "--kind",
        "original",
    ]);
    assert_eq!(code, 0);
    p.write("texts/a.txt", HEAVY);
    let (code, out) = run(&["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("texts/a.txt:2:10: NOT ALLOWED"), "{out}");
}

#[test]
fn shipped_store_checks_its_own_files() {
    // In the repository, en-emended's source is inside it; the other editions' sources (ru-iskra too) are in
    // ../shared and are skipped.
    let out = lectio()
        .current_dir(repo_root())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_no_panic(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{v}");
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    let emended = files
        .iter()
        .find(|f| f["edition"] == "politburo-1932/en-emended")
        .unwrap();
    assert_eq!(emended["status"], "unchanged");
    // The TEI edition's source (editions-src/en-emended.tei.xml) is in the repository too.
    let tei = files
        .iter()
        .find(|f| f["edition"] == "politburo-1932/en-emended-tei")
        .unwrap();
    assert_eq!(tei["status"], "unchanged", "{tei}");
    assert_eq!(v["totals"]["skipped"], 3);
}

// ---------------------------------------------------------------------------------------------
// docs/ci examples, run locally

/// The `lectio …` commands of a CI file: lines whose command (after `run:` or a YAML list
/// dash) starts with `lectio `.
fn lectio_commands(file: &str) -> Vec<String> {
    let body = std::fs::read_to_string(repo_root().join(file)).expect("example exists");
    body.lines()
        .map(|l| {
            let t = l.trim_start();
            let t = t.strip_prefix("- ").unwrap_or(t);
            let t = t.strip_prefix("run:").unwrap_or(t).trim_start();
            t.to_string()
        })
        .filter(|t| t.starts_with("lectio "))
        .collect()
}

/// Run a shell command line in `dir` with the built `lectio` first on PATH.
fn sh(dir: &Path, line: &str) -> Output {
    let bin = lectio_bin();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("LECTIO_STORE")
        .env_remove("LECTIO_COLOR")
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    assert_no_panic(&out);
    out
}

#[test]
fn github_workflow_example_runs() {
    let cmds = lectio_commands("docs/ci/github-actions.yml");
    assert!(
        cmds.iter()
            .any(|c| c.starts_with("lectio check --format github --allow punctuation,case")),
        "{cmds:?}"
    );
    assert!(
        cmds.iter()
            .any(|c| c.contains("--format sarif") && c.contains("> lectio.sarif"))
    );
    let yml = std::fs::read_to_string(repo_root().join("docs/ci/github-actions.yml")).unwrap();
    assert!(yml.contains("github/codeql-action/upload-sarif"));
    assert!(yml.contains("cargo install"));

    // Allowed changes: every step passes and the SARIF is valid.
    let p = Sandbox::with_a();
    p.write("texts/a.txt", LIGHT);
    for c in &cmds {
        let out = sh(p.path(), c);
        assert_eq!(out.status.code(), Some(0), "{c}: {}", text(&out.stderr));
    }
    let sarif = std::fs::read_to_string(p.path().join("lectio.sarif")).unwrap();
    assert_sarif(&sarif, 3);

    // A disallowed change: the annotation step fails; the SARIF step still writes its file
    // (so that the upload step has something to upload).
    p.write("texts/a.txt", HEAVY);
    let first = sh(p.path(), &cmds[0]);
    assert_eq!(first.status.code(), Some(1));
    assert!(text(&first.stdout).contains("::error file=texts/a.txt,line=2"));
    for c in &cmds[1..] {
        let out = sh(p.path(), c);
        assert_eq!(out.status.code(), Some(0), "{c}: {}", text(&out.stderr));
    }
    let sarif = std::fs::read_to_string(p.path().join("lectio.sarif")).unwrap();
    assert_sarif(&sarif, 4);
}

#[test]
fn gitlab_example_runs() {
    let cmds = lectio_commands("docs/ci/gitlab-ci.yml");
    assert!(
        cmds.iter().any(|c| c.contains("--format junit")),
        "{cmds:?}"
    );
    let yml = std::fs::read_to_string(repo_root().join("docs/ci/gitlab-ci.yml")).unwrap();
    assert!(yml.contains("junit: lectio-junit.xml"), "{yml}");
    let p = Sandbox::with_a();
    p.write("texts/a.txt", HEAVY);
    for c in &cmds {
        let out = sh(p.path(), c);
        assert_eq!(out.status.code(), Some(1), "{c}: the job fails");
    }
    let xml = std::fs::read_to_string(p.path().join("lectio-junit.xml")).unwrap();
    let r = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!(r.failures, 1);
}

#[test]
fn pre_commit_hook_example() {
    let p = Sandbox::with_a();
    let home = tempfile::tempdir().unwrap();
    let (d, h) = (p.path(), home.path());
    git_ok(d, h, &["init", "-q"]);
    git_ok(d, h, &["add", "-A"]);
    git_ok(d, h, &["commit", "-q", "-m", "one"]);
    let hook = d.join(".git/hooks/pre-commit");
    std::fs::copy(repo_root().join("docs/ci/pre-commit"), &hook).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        lectio_bin().parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commit = |msg: &str| {
        git(d, h)
            .env("PATH", &path)
            .args(["commit", "-q", "-a", "-m", msg])
            .output()
            .unwrap()
    };
    p.write("texts/a.txt", HEAVY);
    let out = commit("heavy");
    assert!(
        !out.status.success(),
        "the hook refuses a substantive change"
    );
    assert!(text(&out.stdout).contains("NOT ALLOWED") || text(&out.stderr).contains("NOT ALLOWED"));
    p.write("texts/a.txt", LIGHT);
    let out = commit("light");
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// `check --regularize TABLE` warns, with the table's path and line, about each rule that
/// neither any working file nor its version reads, as `diff`, `collate` and `variants` do; a
/// rule read by one file of several is not warned about, and the table still applies (a
/// regularized spelling is reported as one, so `--allow spelling` passes it) (issue 16).
#[test]
fn unused_regularization_rules_are_warned_about() {
    let p = Sandbox::with_a();
    p.write("texts/b.txt", "The colour of the sky.\n");
    p.add("texts/b.txt", "letter/b");
    p.write("texts/b.txt", "The color of the sky.\n");
    p.write(
        "reg.txt",
        "# spellings\nblack = blak\ncolour = color\nnowhere = nohow\n\nto day = today\n",
    );
    let (code, out, err) = p.check(&["--regularize", "reg.txt", "--allow", "spelling"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("texts/b.txt"), "{out}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(
        warnings,
        [
            "warning: reg.txt:4: rule `nowhere = nohow` never applies: no witness reads any of its readings",
            "warning: reg.txt:6: rule `to day = today` never applies: no witness reads any of its readings",
        ],
        "{err}"
    );
    // Without the table nothing is warned about.
    let (_, _, err) = p.check(&["--allow", "spelling"]);
    assert!(!err.contains("warning"), "{err}");
    // Checking only texts/b.txt, the rule only texts/a.txt reads (`black`) is unused too.
    let (_, _, err) = p.check(&["texts/b.txt", "--regularize", "reg.txt"]);
    assert!(
        err.contains("reg.txt:2: rule `black = blak` never applies"),
        "{err}"
    );
    assert_eq!(err.matches("never applies").count(), 3, "{err}");
}
