//! SARIF 2.1.0: one rule per variant class, one result per variant with its region, so that
//! GitHub code scanning, GitLab and Jenkins show variants natively.

use std::io::{self, Write};

use serde_json::json;

use crate::diff::VariantClass;
use crate::usecase::check::{CheckReport, FileStatus};

/// Render `report` as a SARIF 2.1.0 log.
pub fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    let rules = rules();
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

/// One rule per variant class, then the two file-level rules. Each has what GitHub code
/// scanning and the SARIF Multitool ask for: an `id`, a PascalCase `name`, a one-line
/// `shortDescription`, a `fullDescription` and `help` (text and Markdown).
fn rules() -> Vec<serde_json::Value> {
    const ACCEPT: &str = "To accept it, allow the class (`lectio check --allow CLASS`), or \
        record the working file as its edition's next version (`lectio check --record -m MSG`).";
    let rule = |id: String, name: String, short: String, full: String, level: &str| {
        let fix = match id.as_str() {
            "lectio/input-error" => "Restore the file, or convert it to UTF-8 text.",
            "lectio/too-many-variants" => {
                "Raise --max-variants, or record the file as a new version."
            }
            _ => ACCEPT,
        };
        let help = format!("{full}\n\n{fix}");
        json!({
            "id": id,
            "name": name,
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "help": {"text": help, "markdown": help},
            "defaultConfiguration": {"level": level},
        })
    };
    let mut rules: Vec<_> = VariantClass::ALL
        .iter()
        .map(|c| {
            let level = if *c == VariantClass::Substantive {
                "error"
            } else {
                "warning"
            };
            rule(
                format!("lectio/{c}"),
                format!("{}Variant", super::pascal(c.as_str())),
                format!("A {c} variant between a working file and its edition"),
                format!(
                    "The working file differs from the edition it records by a {c} variant: {}",
                    super::class_help(*c)
                ),
                level,
            )
        })
        .collect();
    rules.push(rule(
        "lectio/input-error".into(),
        "InputError".into(),
        "A working file that could not be checked (missing, unreadable, not text)".into(),
        "lectio could not read the working file, or it is not valid UTF-8 text, so it was not \
         compared with its edition. The result's message names the cause."
            .into(),
        "error",
    ));
    rules.push(rule(
        "lectio/too-many-variants".into(),
        "TooManyVariants".into(),
        "A working file with more variants than --max-variants allows".into(),
        "The working file differs from its edition by more variants than the policy's \
         --max-variants limit, whatever their classes."
            .into(),
        "error",
    ));
    rules
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
