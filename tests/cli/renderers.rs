//! Snapshot tests of every renderer (#14 point 7): one shared sample result per command, rendered
//! in each of its formats through the real binary. A change to any output shows up as a
//! snapshot diff (`cargo insta review`); the collate renderers have their own in
//! `src/render/collate/mod.rs`, align's are in `tests/cli/align.rs`.

use std::path::Path;

use crate::common::{Sandbox, code, output_in, stderr, stdout, write_file};

/// The diff sample: a case, a punctuation, a number, a spelling and a substantive variant, an
/// addition, an omission, a transposition, and text that needs escaping in every medium.
const OLD: &str = "The black cat sat on the mat, in 1932.\n\
                   It was <very> quiet & \"still\" there.\n\
                   Colour and honour were words then.\n\
                   First came the dogs and then the cats.\n";
const NEW: &str = "the black cat sat upon the mat in 1933.\n\
                   It was <very> quiet & \"still\" here, indeed.\n\
                   Color and honour were then.\n\
                   First came the cats and then the dogs.\n";

/// Paths inside a temporary folder, and run times, vary between runs.
fn masked(s: &str, dir: &Path) -> String {
    let s = s.replace(&dir.display().to_string(), "[DIR]");
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        out.push_str(&mask_numbers_after(
            line,
            &["\"elapsed_ms\":", "data-key=\"elapsed_ms\">", "time: "],
        ));
    }
    out
}

fn mask_numbers_after(line: &str, keys: &[&str]) -> String {
    let mut line = line.to_string();
    for key in keys {
        if let Some(i) = line.find(key) {
            let start = i + key.len();
            let rest = &line[start..];
            let lead = rest.len() - rest.trim_start().len();
            let digits = rest[lead..]
                .find(|c: char| !c.is_ascii_digit() && c != '.')
                .unwrap_or(rest.len() - lead);
            line.replace_range(start + lead..start + lead + digits, "[MS]");
        }
    }
    line
}

fn rendered(dir: &Path, args: &[&str]) -> String {
    let out = output_in(dir, args);
    let c = code(&out);
    assert!(c == 0 || c == 1, "{args:?}: exit {c}: {}", stderr(&out));
    masked(&stdout(&out), dir)
}

#[test]
fn diff_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "old.txt", OLD);
    write_file(dir.path(), "new.txt", NEW);
    for format in [
        "text",
        "word-diff",
        "json",
        "html",
        "apparatus",
        "csv",
        "tsv",
        "github",
    ] {
        let out = rendered(
            dir.path(),
            &["diff", "--format", format, "old.txt", "new.txt"],
        );
        insta::assert_snapshot!(format!("diff_{format}"), out);
    }
}

/// Four witnesses of one sentence: pairs, matrix, tree and places.
fn variants_corpus(dir: &Path) -> Vec<String> {
    let texts = [
        ("a.txt", "The black cat sat on the mat in the old house.\n"),
        (
            "b.txt",
            "The black cat sat upon the mat in the old house.\n",
        ),
        ("c.txt", "The white cat sat on a mat in the new house.\n"),
        (
            "d.txt",
            "The black cat sat on the mat in the old <house>.\n",
        ),
    ];
    texts
        .iter()
        .map(|(n, t)| {
            write_file(dir, n, t);
            n.to_string()
        })
        .collect()
}

#[test]
fn variants_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let files = variants_corpus(dir.path());
    for format in ["text", "json", "csv", "html", "newick"] {
        let mut args = vec!["variants", "--format", format];
        args.extend(files.iter().map(String::as_str));
        let out = rendered(dir.path(), &args);
        insta::assert_snapshot!(format!("variants_{format}"), out);
    }
    for table in ["pairs", "matrix", "places"] {
        let mut args = vec!["variants", "--format", "csv", "--table", table];
        args.extend(files.iter().map(String::as_str));
        let out = rendered(dir.path(), &args);
        insta::assert_snapshot!(format!("variants_csv_{table}"), out);
    }
}

/// A store with one edition in two versions, and a working file with a changed word, a
/// punctuation change and a case change against the latest.
fn check_sandbox() -> Sandbox {
    let s = Sandbox::new();
    let f = s.file("letter.txt", "Dear comrades, the hour is late.\n");
    let out = s.run(&[
        "add",
        &f,
        "--edition",
        "w/en",
        "--lang",
        "en",
        "--kind",
        "transcription",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s.file(
        "letter.txt",
        "Dear comrades, the hour is late.\nWe must act <now> & \"together\".\n",
    );
    let out = s.run(&["add", "letter.txt", "--edition", "w/en"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    s.file(
        "letter.txt",
        "dear comrades the hour is very late.\nWe must act <now> & \"together\".\n",
    );
    s
}

#[test]
fn check_in_every_format() {
    let s = check_sandbox();
    for format in [
        "text",
        "json",
        "github",
        "junit",
        "sarif",
        "gitlab",
        "checkstyle",
    ] {
        let out = s.run(&[
            "check",
            "--format",
            format,
            "--allow",
            "case,punctuation",
            "letter.txt",
        ]);
        assert_eq!(code(&out), 1, "{format}: {}", stderr(&out));
        insta::assert_snapshot!(format!("check_{format}"), masked(&stdout(&out), s.path()));
    }
}

/// The report page of a small work: two transcriptions and a translation.
#[test]
fn report_page_in_every_format() {
    let s = Sandbox::new();
    for (ed, lang, text, extra) in [
        (
            "en-a",
            "en",
            "The hour is late. We must act now.\n",
            vec!["--kind", "transcription"],
        ),
        (
            "en-b",
            "en",
            "The hour is very late. We must act now!\n",
            vec!["--kind", "transcription"],
        ),
        (
            "es",
            "es",
            "La hora es tardía. Debemos actuar ahora.\n",
            vec!["--kind", "translation", "--translation-of", "w/en-a"],
        ),
    ] {
        let f = s.file(&format!("{ed}.txt"), text);
        let ed = format!("w/{ed}");
        let mut args = vec!["add", f.as_str(), "--edition", &ed, "--lang", lang];
        args.extend(extra);
        let out = s.run(&args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    for format in ["text", "json"] {
        let out = s.run(&["report", "--out", "page.html", "--format", format]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        insta::assert_snapshot!(format!("report_{format}"), masked(&stdout(&out), s.path()));
    }
    let page = std::fs::read_to_string(s.path().join("page.html")).unwrap();
    insta::assert_snapshot!("report_html", masked(&page, s.path()));
}
