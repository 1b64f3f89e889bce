//! GitLab Code Quality JSON (the CodeClimate subset GitLab reads): an array of issues, each
//! with `description`, `check_name`, `fingerprint`, `severity` and `location` (`path` and
//! `lines.begin`), plus `categories` and the exact `positions`. Allowed variants are `info`,
//! disallowed ones `major` (`critical` when substantive); a file that could not be checked is
//! one `blocker` issue at line 1.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diff::VariantClass;
use crate::usecase::check::{CheckReport, FileStatus};

/// Render `report` as a Code Quality report.
pub fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    let mut issues: Vec<Value> = Vec::new();
    let issue = |check: &str, description: String, severity: &str, path: &str, pos: [u32; 4]| {
        let fp = fingerprint(&[check, path, &description, &format!("{pos:?}")]);
        json!({
            "type": "issue",
            "check_name": check,
            "description": description,
            "categories": ["Style"],
            "fingerprint": fp,
            "severity": severity,
            "location": {
                "path": path,
                "lines": {"begin": pos[0], "end": pos[2]},
                "positions": {
                    "begin": {"line": pos[0], "column": pos[1]},
                    "end": {"line": pos[2], "column": pos[3]},
                },
            },
        })
    };
    for f in &report.files {
        let path = f.path.replace('\\', "/");
        match f.status {
            FileStatus::Error => {
                let msg = f.error.clone().unwrap_or_default();
                issues.push(issue(
                    "lectio/input-error",
                    msg,
                    "blocker",
                    &path,
                    [1, 1, 1, 1],
                ));
                continue;
            }
            FileStatus::Skipped => continue,
            FileStatus::Failed if f.disallowed().next().is_none() => {
                let msg = format!(
                    "{} variant(s), more than the limit of {}",
                    f.findings.len(),
                    report.policy.max_variants.unwrap_or(0)
                );
                issues.push(issue(
                    "lectio/too-many-variants",
                    msg,
                    "major",
                    &path,
                    [1, 1, 1, 1],
                ));
            }
            _ => {}
        }
        for v in &f.findings {
            let severity = match (v.allowed, v.class) {
                (true, _) => "info",
                (false, VariantClass::Substantive) => "critical",
                (false, _) => "major",
            };
            let pos = [v.line, v.column, v.end_line, v.end_column];
            let check = format!("lectio/{}", v.class);
            issues.push(issue(&check, super::describe(v), severity, &path, pos));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// A stable identifier of an issue (GitLab compares them between pipelines).
fn fingerprint(parts: &[&str]) -> String {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(&[0]);
    }
    h.finalize().to_hex()[..32].to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn documented_fields() {
        let mut buf = Vec::new();
        super::render(&crate::usecase::check::tests::sample(), &mut buf).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        let issues = v.as_array().unwrap();
        assert_eq!(issues.len(), 2);
        for i in issues {
            for key in ["description", "check_name", "fingerprint", "severity"] {
                assert!(i[key].is_string(), "{key}");
            }
            assert!(i["location"]["path"].is_string());
            assert!(i["location"]["lines"]["begin"].is_u64());
        }
        assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
    }
}
