//! The layering of ARCHITECTURE.md, checked on the source: every `crate::X` (and `super::X`
//! that leaves its module) a file names must be a module its layer may use, and nothing below
//! the CLI names clap, reads the environment or knows exit codes. A new module must be given a
//! layer here, so the map stays true.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Layers, bottom to top. A module may use modules of its own layer or of a layer below,
/// except where `may_use` narrows it.
const LAYERS: &[(&str, &[&str])] = &[
    ("leaf", &["escape", "exit", "witness", "text"]),
    (
        "compute",
        &["diff", "collate", "align", "variants", "formats", "tei"],
    ),
    ("storage", &["store"]),
    ("usecase", &["usecase"]),
    ("render", &["render"]),
];

/// Storage sits beside compute, not above it: it may use leaves only.
fn may_use(from: &str, to: &str) -> bool {
    let (lf, lt) = (layer_of(from), layer_of(to));
    if from == to {
        return true;
    }
    match (LAYERS[lf].0, LAYERS[lt].0) {
        ("storage", "compute") | ("compute", "storage") => false,
        _ => lt <= lf,
    }
}

fn layer_of(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|(_, mods)| mods.contains(&module))
        .unwrap_or_else(|| panic!("module `{module}` has no layer: add it to LAYERS in tests/layers.rs and to ARCHITECTURE.md"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top module a file of `src/` belongs to (`src/store/refs.rs` → `store`), or `None` for
/// the crate root, `main.rs` and the binary's `cli/`.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
    (!matches!(name.as_str(), "lib" | "main" | "cli")).then_some(name)
}

/// Lines that are code, not comments (doc links may name any module).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_start()))
        .filter(|(_, l)| !l.starts_with("//"))
}

/// The test-only tail of a file (an inline `#[cfg(test)] mod … {`), which may use test
/// helpers anywhere. Other `#[cfg(test)]` items (`mod tests;` declarations, test-only
/// functions) do not end the checked part.
fn without_tests(text: &str) -> &str {
    let mut from = 0;
    while let Some(i) = text[from..].find("#[cfg(test)]") {
        let at = from + i;
        let next = text[at..].lines().nth(1).unwrap_or("").trim();
        if next.contains("mod ") && next.ends_with('{') {
            return &text[..at];
        }
        from = at + 1;
    }
    text
}

fn violations() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let Some(from) = module_of(rel) else { continue };
        let text = std::fs::read_to_string(file).unwrap();
        let body = without_tests(&text);
        for (n, line) in code_lines(body) {
            let mut rest = line;
            while let Some(i) = rest.find("crate::") {
                let after = &rest[i + "crate::".len()..];
                let to: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                rest = after;
                if to.is_empty() || to.chars().next().is_some_and(|c| c.is_uppercase()) {
                    continue; // crate-root items (`crate::UsageError`)
                }
                if !may_use(&from, &to) {
                    found.push(format!(
                        "{}:{n}: `{from}` ({}) uses `{to}` ({})",
                        rel.display(),
                        LAYERS[layer_of(&from)].0,
                        LAYERS[layer_of(&to)].0
                    ));
                }
            }
            if line.contains("clap::") || line.contains("use clap") {
                found.push(format!(
                    "{}:{n}: `{from}` names clap (only cli/ may)",
                    rel.display()
                ));
            }
            if (line.contains("env::var") || line.contains("env::var_os"))
                && !ENV_ALLOWED.iter().any(|a| rel.ends_with(a))
            {
                found.push(format!(
                    "{}:{n}: `{from}` reads the environment (only cli/ may)",
                    rel.display()
                ));
            }
            if names_exit_code(line) && !EXIT_ALLOWED.iter().any(|a| rel.ends_with(a)) {
                found.push(format!(
                    "{}:{n}: `{from}` names exit codes (only cli/ and exit.rs may)",
                    rel.display()
                ));
            }
        }
    }
    found
}

/// The exit-code constants of `exit.rs`. Library code says what kind of failure an error is
/// (`exit::Kind`, `exit::Outcome`); only exit.rs and the CLI turn that into a number.
const EXIT_CODES: &[&str] = &[
    "OK",
    "DIFFERENCES",
    "USAGE",
    "CORRUPT",
    "BUSY",
    "LIMIT",
    "IO",
    "HELP",
];

/// Whether `line` names an exit code: `exit::USAGE`, `exit::{.., USAGE}` or `exit::*`.
fn names_exit_code(line: &str) -> bool {
    let mut rest = line;
    while let Some(i) = rest.find("exit::") {
        rest = &rest[i + "exit::".len()..];
        let names = match rest.strip_prefix('{') {
            Some(list) => list.split('}').next().unwrap_or(""),
            None => rest,
        };
        let hit = names.split(',').any(|n| {
            let n = n.trim();
            let ident: String = n
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '*')
                .collect();
            ident == "*" || EXIT_CODES.contains(&ident.as_str())
        });
        if hit {
            return true;
        }
    }
    false
}

/// Test instrumentation (fault injection, fsync switch for the test suite) is read where it
/// acts; it is not configuration.
const ENV_ALLOWED: &[&str] = &["store/hooks.rs"];
/// The one table from error kinds to exit codes.
const EXIT_ALLOWED: &[&str] = &["exit.rs"];

#[test]
fn layers_point_one_way() {
    let found = violations();
    assert!(
        found.is_empty(),
        "layering violations (see ARCHITECTURE.md):\n{}",
        found.join("\n")
    );
}

/// Every error type of the library (a `thiserror` derive or a hand-written `Error` impl outside
/// `cli/`) is in the table `lectio::error_kind` walks, so the CLI gives it its exit code; the
/// table only accepts types that implement `exit::Classify`. A new error type that is not
/// listed fails here.
#[test]
fn every_library_error_has_a_kind() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let table = &lib[lib.find("fn error_kind").expect("lectio::error_kind")..];
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut types = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        if rel.starts_with("cli") || rel.ends_with("main.rs") {
            continue;
        }
        // The whole file: an error type may follow a `#[cfg(test)]` item.
        let text = std::fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let name = if line.contains("thiserror::Error") {
                // The type follows its attributes and doc comments.
                lines[i..]
                    .iter()
                    .find_map(|l| type_name(l))
                    .map(str::to_owned)
            } else {
                line.trim_start()
                    .strip_prefix("impl std::error::Error for ")
                    .or_else(|| line.trim_start().strip_prefix("impl Error for "))
                    .map(|t| t.trim_end_matches(" {").to_owned())
            };
            if let Some(name) = name {
                types.push((rel.display().to_string(), name));
            }
        }
    }
    assert!(
        types.len() >= 11,
        "the scan found too few error types: {types:?}"
    );
    let missing: Vec<String> = types
        .iter()
        .filter(|(_, name)| {
            !table.contains(&format!("::{name}>")) && !table.contains(&format!("<{name}>"))
        })
        .map(|(file, name)| format!("{file}: {name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "error types missing from lectio::error_kind (implement exit::Classify and list them):\n{}",
        missing.join("\n")
    );
}

/// `pub enum Name` / `pub struct Name(` → `Name`.
fn type_name(line: &str) -> Option<&str> {
    let l = line.trim_start();
    let l = l.strip_prefix("pub ").unwrap_or(l);
    let rest = l
        .strip_prefix("enum ")
        .or_else(|| l.strip_prefix("struct "))?;
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

#[test]
fn the_checker_sees_a_violation() {
    assert!(names_exit_code("            crate::exit::USAGE"));
    assert!(names_exit_code("use crate::exit::{self, CORRUPT};"));
    assert!(names_exit_code("use crate::exit::*;"));
    assert!(!names_exit_code("use crate::exit::{Classify, Kind};"));
    assert!(!names_exit_code(
        "Outcome::Failed(crate::exit::Kind::Input)"
    ));
    assert!(!may_use("store", "diff"), "storage must not use compute");
    assert!(
        !may_use("diff", "render"),
        "compute must not use presentation"
    );
    assert!(!may_use("render", "usecase") || LAYERS[layer_of("render")].0 == "render");
    assert!(may_use("render", "usecase"));
    assert!(!may_use("usecase", "render"));
    assert!(may_use("store", "text"));
    let mut seen = BTreeMap::new();
    for (layer, mods) in LAYERS {
        for m in *mods {
            assert!(seen.insert(*m, *layer).is_none(), "`{m}` is in two layers");
        }
    }
}
