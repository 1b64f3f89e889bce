//! SARIF 2.1.0: one rule per variant class, one result per variant with its region, so that
//! GitHub code scanning, GitLab and Jenkins show variants natively.

use std::io::{self, Write};

use serde_json::json;

use crate::diff::VariantClass;
use crate::usecase::check::{CheckReport, FileStatus};

/// Render `report` as a SARIF 2.1.0 log.
pub fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    let mut rules: Vec<_> = VariantClass::ALL
        .iter()
        .map(|c| {
            json!({
                "id": format!("lectio/{c}"),
                "name": format!("{c}-variant"),
                "shortDescription": {"text": format!("A {c} variant between a working file and its edition")},
                "defaultConfiguration": {"level": if *c == VariantClass::Substantive { "error" } else { "warning" }},
            })
        })
        .collect();
    for (id, text) in [
        (
            "lectio/input-error",
            "A working file that could not be checked (missing, unreadable, not text)",
        ),
        (
            "lectio/too-many-variants",
            "A working file with more variants than --max-variants allows",
        ),
    ] {
        rules.push(json!({
            "id": id,
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": "error"},
        }));
    }
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for f in &report.files {
        // GitHub code scanning requires a start line on every result.
        let whole_file = json!({"physicalLocation": {
            "artifactLocation": {"uri": uri(&f.path)},
            "region": {"startLine": 1, "startColumn": 1},
        }});
        match f.status {
            FileStatus::Error => {
                results.push(json!({
                    "ruleId": "lectio/input-error",
                    "level": "error",
                    "kind": "fail",
                    "message": {"text": f.error.clone().unwrap_or_default()},
                    "locations": [whole_file],
                }));
                continue;
            }
            FileStatus::Skipped => {
                notifications.push(json!({
                    "level": "note",
                    "message": {"text": format!("{}: {}", f.path, f.note.clone().unwrap_or_default())},
                    "locations": [whole_file],
                }));
                continue;
            }
            FileStatus::Failed if f.disallowed().next().is_none() => {
                results.push(json!({
                    "ruleId": "lectio/too-many-variants",
                    "level": "error",
                    "kind": "fail",
                    "message": {"text": format!(
                        "{} variant(s), more than the limit of {}",
                        f.findings.len(),
                        report.policy.max_variants.unwrap_or(0)
                    )},
                    "locations": [whole_file],
                }));
            }
            _ => {}
        }
        for v in &f.findings {
            results.push(json!({
                "ruleId": format!("lectio/{}", v.class),
                "ruleIndex": VariantClass::ALL.iter().position(|c| *c == v.class),
                "level": if v.allowed { "note" } else { "error" },
                "kind": if v.allowed { "informational" } else { "fail" },
                "message": {"text": super::describe(v)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri(&f.path)},
                    "region": {
                        "startLine": v.line, "startColumn": v.column,
                        "endLine": v.end_line, "endColumn": v.end_column,
                    },
                }}],
                "properties": {"kind": v.kind, "class": v.class, "old": v.old, "new": v.new,
                               "edition": f.edition, "against": f.against},
            }));
        }
    }
    let ok = report.files.iter().all(|f| f.status != FileStatus::Error);
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lectio",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/lectio",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": ok,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// A relative URI reference for a path: `/`-separated, percent-encoding what RFC 3986 does
/// not allow unescaped in a path. `:` is always encoded: in a first segment it would make
/// `a:b.txt` read as a URI with scheme `a`.
fn uri(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn required_fields() {
        let mut buf = Vec::new();
        super::render(&crate::usecase::check::tests::sample(), &mut buf).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "lectio");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        for r in results {
            assert!(r["message"]["text"].is_string());
            assert!(r["ruleId"].is_string());
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert_eq!(region["startLine"], 2);
        }
        assert_eq!(results[1]["level"], "error");
        assert_eq!(super::uri("a b%.txt"), "a%20b%25.txt");
        assert_eq!(super::uri("c:d/e\n.txt"), "c%3Ad/e%0A.txt");
    }
}
