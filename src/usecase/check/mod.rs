//! `lectio check` (issue 7): working files compared with their editions under a policy. This
//! module holds the result model and the policy; [`compute`] works out the files and compares them
//! with the word diff, and records accepted changes.

pub mod compute;

pub use compute::{Stamp, Target, record, run, targets};

use crate::diff::{VariantClass, VariantKind};
use crate::exit::{Kind, Outcome};

/// Version of the JSON schema of [`CheckReport`].
pub const SCHEMA_VERSION: u32 = 1;

/// What changes are allowed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Policy {
    /// Variant classes that are allowed (`--allow`).
    pub allow: Vec<VariantClass>,
    /// At most this many variants per file, allowed or not (`--max-variants`).
    pub max_variants: Option<usize>,
}

impl Policy {
    /// True when a variant of `class` is allowed.
    pub fn allows(&self, class: VariantClass) -> bool {
        self.allow.contains(&class)
    }
}

/// One variant found in a working file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// 1-based line in the working file where the variant starts.
    pub line: u32,
    /// 1-based column (characters) where it starts.
    pub column: u32,
    /// 1-based line where it ends.
    pub end_line: u32,
    /// 1-based column where it ends (exclusive).
    pub end_column: u32,
    /// What happened.
    pub kind: VariantKind,
    /// What sort of difference.
    pub class: VariantClass,
    /// The stored edition's reading.
    pub old: String,
    /// The working file's reading.
    pub new: String,
    /// Whether the policy allows it.
    pub allowed: bool,
}

/// Outcome for one file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileStatus {
    /// Same words as the stored version.
    Unchanged,
    /// Changed, and every change is allowed.
    Allowed,
    /// Changed beyond the policy.
    Failed,
    /// The file could not be checked (missing, unreadable, not UTF-8…).
    Error,
    /// Not checked, for the reason in `note` (a source path outside the repository); not an
    /// error.
    Skipped,
}

/// One working file checked against its edition.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileCheck {
    /// The file's path as given or as recorded (relative to the store's parent folder).
    pub path: String,
    /// The edition (`WORK/EDITION`), when known.
    pub edition: Option<String>,
    /// The version compared against (`WORK/EDITION@N`), when known.
    pub against: Option<String>,
    /// The outcome.
    pub status: FileStatus,
    /// Why the file could not be checked (status `error`).
    pub error: Option<String>,
    /// Why the file was skipped, or a remark about the comparison (an approximate diff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The version the working file was stored as (`check --record`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded: Option<String>,
    /// Every variant, allowed or not.
    pub findings: Vec<Finding>,
    /// The file's bytes differ from the version's but its reading text does not: only markup
    /// changed (TEI: indentation, `<hi>`, attributes).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub markup_only: bool,
    /// The BLAKE3 hash of the bytes that were checked: `record` stores exactly those bytes, or
    /// nothing when the file changed since.
    #[serde(skip)]
    pub checked: Option<[u8; 32]>,
    /// The rules of the `--regularize` table that neither the working file nor its version
    /// reads (`None` when the file was not compared, or there is no table).
    #[serde(skip)]
    pub unapplied: Option<Vec<crate::text::normalize::Rule>>,
}

impl FileCheck {
    /// Findings the policy does not allow.
    pub fn disallowed(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.allowed)
    }
}

/// The result of `lectio check`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckReport {
    /// Schema version ([`SCHEMA_VERSION`]).
    pub version: u32,
    /// The policy applied.
    pub policy: Policy,
    /// One entry per file, in the order checked.
    pub files: Vec<FileCheck>,
}

impl CheckReport {
    /// A report over `files` under `policy`; sets each file's status from its findings.
    pub fn new(policy: Policy, mut files: Vec<FileCheck>) -> Self {
        for f in &mut files {
            if matches!(f.status, FileStatus::Error | FileStatus::Skipped) {
                continue;
            }
            for finding in &mut f.findings {
                finding.allowed = policy.allows(finding.class);
            }
            let over = policy.max_variants.is_some_and(|m| f.findings.len() > m);
            f.status = if f.findings.is_empty() {
                FileStatus::Unchanged
            } else if over || f.disallowed().next().is_some() {
                FileStatus::Failed
            } else {
                FileStatus::Allowed
            };
        }
        CheckReport {
            version: SCHEMA_VERSION,
            policy,
            files,
        }
    }
    /// The rules of the `--regularize` table that no compared file reads, in the table's
    /// order: neither a working file nor its version (`diff`, `collate` and `variants` warn
    /// about the same). Empty when no file was compared.
    pub fn unapplied_rules(&self) -> Vec<&crate::text::normalize::Rule> {
        let mut compared = self.files.iter().filter_map(|f| f.unapplied.as_ref());
        let Some(first) = compared.next() else {
            return Vec::new();
        };
        let rest: Vec<&Vec<crate::text::normalize::Rule>> = compared.collect();
        first
            .iter()
            .filter(|r| rest.iter().all(|u| u.contains(r)))
            .collect()
    }

    /// How the check ended: failed (an input error) when a file could not be checked,
    /// differences when a change is not allowed, else clean.
    pub fn outcome(&self) -> Outcome {
        if self.files.iter().any(|f| f.status == FileStatus::Error) {
            Outcome::Failed(Kind::Input)
        } else if self.files.iter().any(|f| f.status == FileStatus::Failed) {
            Outcome::Differences
        } else {
            Outcome::Clean
        }
    }

    /// Summary counts.
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for f in &self.files {
            t.files += usize::from(f.status != FileStatus::Skipped);
            t.changed += usize::from(!f.findings.is_empty());
            t.findings += f.findings.len();
            t.disallowed += f.disallowed().count();
            t.errors += usize::from(f.status == FileStatus::Error);
            t.failed += usize::from(f.status == FileStatus::Failed);
            t.skipped += usize::from(f.status == FileStatus::Skipped);
            t.markup_only += usize::from(f.markup_only);
        }
        t
    }
}

/// Summary counts of a [`CheckReport`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    /// Files checked (not counting skipped ones).
    pub files: usize,
    /// Files with at least one variant.
    pub changed: usize,
    /// Files that fail the policy.
    pub failed: usize,
    /// Variants found.
    pub findings: usize,
    /// Variants the policy does not allow.
    pub disallowed: usize,
    /// Files that could not be checked.
    pub errors: usize,
    /// Files skipped (see [`FileStatus::Skipped`]).
    pub skipped: usize,
    /// Files whose markup alone changed (no text variant).
    pub markup_only: usize,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn sample() -> CheckReport {
        let f = |class, new: &str| Finding {
            line: 2,
            column: 5,
            end_line: 2,
            end_column: 9,
            kind: VariantKind::Substitution,
            class,
            old: "old".into(),
            new: new.into(),
            allowed: false,
        };
        CheckReport::new(
            Policy {
                allow: vec![VariantClass::Punctuation],
                max_variants: None,
            },
            vec![
                FileCheck {
                    path: "texts/a,b:c%.txt".into(),
                    edition: Some("w/a".into()),
                    against: Some("w/a@1".into()),
                    status: FileStatus::Unchanged,
                    error: None,
                    note: None,
                    recorded: None,
                    findings: vec![
                        f(VariantClass::Punctuation, ";"),
                        f(
                            VariantClass::Substantive,
                            "<script>\n::error::x %0A\u{1b}[2J",
                        ),
                    ],
                    markup_only: false,
                    checked: None,
                    unapplied: None,
                },
                FileCheck {
                    path: "b.txt".into(),
                    edition: Some("w/b".into()),
                    against: Some("w/b@3".into()),
                    status: FileStatus::Unchanged,
                    error: None,
                    note: None,
                    recorded: None,
                    findings: vec![],
                    markup_only: false,
                    checked: None,
                    unapplied: None,
                },
            ],
        )
    }

    #[test]
    fn statuses_and_exit() {
        let r = sample();
        assert_eq!(r.files[0].status, FileStatus::Failed);
        assert!(r.files[0].findings[0].allowed);
        assert_eq!(r.files[1].status, FileStatus::Unchanged);
        assert_eq!(r.outcome(), Outcome::Differences);
        assert_eq!(r.totals().disallowed, 1);
    }
}
