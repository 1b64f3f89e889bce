//! JUnit XML: one test suite, one test case per file; a file that fails the policy is a
//! failure listing its disallowed variants; a file that cannot be checked is an error.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::escape::terminal;
use crate::usecase::check::{CheckReport, FileStatus};

/// Render `report` as JUnit XML.
pub fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    let mut suite = TestSuite::new("lectio check");
    for f in &report.files {
        let status = match f.status {
            FileStatus::Unchanged | FileStatus::Allowed => TestCaseStatus::success(),
            FileStatus::Failed => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let bad: Vec<String> = f
                    .disallowed()
                    .map(|v| format!("{}:{}:{}: {}", f.path, v.line, v.column, super::describe(v)))
                    .collect();
                let msg = if bad.is_empty() {
                    format!("{} variants exceed the limit", f.findings.len())
                } else {
                    format!("{} variant(s) not allowed", bad.len())
                };
                s.set_message(terminal(&msg).into_owned());
                s.set_type("lectio.disallowed-variant");
                s.set_description(terminal(&bad.join("\n")).into_owned());
                s
            }
            FileStatus::Skipped => {
                let mut s = TestCaseStatus::skipped();
                s.set_message(terminal(f.note.as_deref().unwrap_or("")).into_owned());
                s
            }
            FileStatus::Error => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                s.set_message(terminal(f.error.as_deref().unwrap_or("")).into_owned());
                s.set_type("lectio.input-error");
                s
            }
        };
        let mut case = TestCase::new(terminal(&f.path).into_owned(), status);
        case.set_classname(terminal(f.edition.as_deref().unwrap_or("lectio")).into_owned());
        if !f.findings.is_empty() {
            // Every variant, allowed or not, for reviewers reading the test's output.
            let all: Vec<String> = f
                .findings
                .iter()
                .map(|v| {
                    let mark = if v.allowed { "allowed" } else { "NOT ALLOWED" };
                    format!(
                        "{}:{}:{}: {mark}: {}",
                        f.path,
                        v.line,
                        v.column,
                        super::describe(v)
                    )
                })
                .collect();
            case.set_system_out(terminal(&all.join("\n")).into_owned());
        }
        suite.add_test_case(case);
    }
    let mut r = Report::new("lectio");
    r.add_test_suite(suite);
    let xml = attr_breaks(&r.to_string().map_err(io::Error::other)?);
    out.write_all(xml.as_bytes())?;
    if !xml.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

/// A line break, carriage return or tab inside an attribute value becomes a character reference
/// (`&#10;`): XML parsers replace a raw one by a space (attribute-value normalisation), which
/// would flatten a multi-line message. Text content keeps its raw line breaks. The serializer
/// writes no CDATA and escapes `<` in text and `"` in attributes, so a tag starts at a raw `<`
/// and a value at a raw `"`.
fn attr_breaks(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let (mut in_tag, mut in_value) = (false, false);
    for ch in xml.chars() {
        match ch {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag && !in_value => in_tag = false,
            '"' if in_tag => in_value = !in_value,
            '\n' | '\r' | '\t' if in_value => {
                out.push_str(&format!("&#{};", ch as u32));
                continue;
            }
            _ => {}
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_back() {
        let mut buf = Vec::new();
        super::render(&crate::usecase::check::tests::sample(), &mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        let r = quick_junit::Report::deserialize_from_str(&s).expect("valid JUnit XML");
        assert_eq!(r.tests, 2);
        assert_eq!(r.failures, 1);
        assert!(s.contains("&lt;script&gt;"));
    }

    #[test]
    fn attribute_breaks_are_references() {
        let x = super::attr_breaks("<a m=\"x\ny\" n='z'>t\nu</a>");
        assert_eq!(x, "<a m=\"x&#10;y\" n='z'>t\nu</a>");
    }
}
