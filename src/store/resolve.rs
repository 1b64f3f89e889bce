//! Resolving a reference (`WORK/EDITION[@N|@HASH]` or `EDITION`) to a version.

use super::id::{MIN_PREFIX, is_lower_hex};
use super::refs::{head, history, not_found, read_names, read_ref};
use super::{Store, StoreError, Version, check_name};

/// The edition whose siglum (its latest version's) is `name`, when no edition has that name:
/// `(work, edition)`. None found: the error lists the valid choices, every edition as
/// `WORK/EDITION` with its siglum.
fn by_siglum(store: &Store, spec: &str, name: &str) -> Result<(String, String), StoreError> {
    let editions = super::refs::list(store)?;
    let mut found: Vec<(String, String)> = editions
        .iter()
        .filter(|e| e.head.siglum() == name)
        .map(|e| (e.work.clone(), e.edition.clone()))
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => {
            let choices: Vec<String> = editions
                .iter()
                .map(|e| format!("{}/{} (siglum {})", e.work, e.edition, e.head.siglum()))
                .collect();
            let valid = if choices.is_empty() {
                "none (the store is empty)".to_string()
            } else {
                choices.join(", ")
            };
            Err(StoreError::NotFound(format!(
                "'{}' is neither a file nor an edition or siglum in store {}; valid choices: {}\nhint: write a file, WORK/EDITION[@N], an edition name or a siglum",
                crate::escape::terminal(spec),
                store.root.display(),
                crate::escape::terminal(&valid),
            )))
        }
        _ => Err(StoreError::Ambiguous {
            spec: spec.to_string(),
            candidates: found.iter().map(|(w, e)| format!("{w}/{e}")).collect(),
        }),
    }
}

pub(crate) fn resolve(store: &Store, spec: &str) -> Result<Version, StoreError> {
    let (name, selector) = match spec.split_once('@') {
        Some((n, s)) => (n, Some(s)),
        None => (spec, None),
    };
    let (work, edition) = match name.split_once('/') {
        Some((w, e)) => {
            check_name("work", w)?;
            check_name("edition", e)?;
            (w.to_string(), e.to_string())
        }
        None => {
            check_name("edition", name)?;
            let refs = store.root.join("refs");
            let mut works = Vec::new();
            for w in read_names(&refs, true)? {
                if read_ref(store, &w, name)?.is_some() {
                    works.push(w);
                }
            }
            match works.len() {
                1 => (works.remove(0), name.to_string()),
                0 => by_siglum(store, spec, name)?,
                _ => {
                    return Err(StoreError::Ambiguous {
                        spec: spec.to_string(),
                        candidates: works.iter().map(|w| format!("{w}/{name}")).collect(),
                    });
                }
            }
        }
    };
    let Some(selector) = selector else {
        return head(store, &work, &edition)?.ok_or_else(|| not_found(store, &work, &edition));
    };
    let versions = history(store, &work, &edition)?;
    let latest = versions[0].record.number;
    // Digits are a version number, whatever their count (`@100000`); a hash prefix made only
    // of digits still works when no version has that number (as git prefers a ref to a hash).
    if !selector.is_empty() && selector.bytes().all(|b| b.is_ascii_digit()) {
        let n: Option<u32> = selector.parse().ok();
        if let Some(i) = versions.iter().position(|v| Some(v.record.number) == n) {
            return Ok(versions.into_iter().nth(i).expect("found above"));
        }
        let by_hash = selector.len() >= MIN_PREFIX
            && versions
                .iter()
                .any(|v| v.record.content.starts_with(selector) || v.id.starts_with(selector));
        if !by_hash {
            return Err(StoreError::NotFound(format!(
                "{work}/{edition} has no version {selector} (versions 1 to {latest})"
            )));
        }
    }
    let prefix = selector.to_ascii_lowercase();
    if prefix.len() < MIN_PREFIX || prefix.len() > 64 || !is_lower_hex(&prefix) {
        return Err(StoreError::Usage(format!(
            "bad version '@{}' in '{}': write @N (a version number) or @HASH (at least {MIN_PREFIX} hex digits)",
            crate::escape::terminal(selector),
            crate::escape::terminal(spec)
        )));
    }
    let mut matches: Vec<Version> = versions
        .into_iter()
        .filter(|v| v.record.content.starts_with(&prefix) || v.id.starts_with(&prefix))
        .collect();
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => Err(StoreError::NotFound(format!(
            "no version of {work}/{edition} has a hash starting with {prefix}"
        ))),
        _ => Err(StoreError::Ambiguous {
            spec: spec.to_string(),
            candidates: matches
                .iter()
                .map(|v| format!("{} {}", v.reference(), v.record.content))
                .collect(),
        }),
    }
}
