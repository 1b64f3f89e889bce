//! `lectio align` and `lectio align-score` through the binary.

use std::path::PathBuf;

use crate::common::{assert_no_panic, lectio, shared, skip_or_fail, write_file};

const EN: &str = "History has again arrived at one of its great turning points. In 1932 Germany decides the fate of the Comintern.\n\nStalin weighed the pro's and con's. The pro's were obvious & clear <always>.\n";
const ES: &str = "La historia llegó nuevamente a uno de sus momentos decisivos. En 1932 Alemania decide la suerte de la Comintern.\n\nStalin sopesó los pros y los contras. Los pros eran obvios y claros <siempre>.\n";

fn pair() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let en = write_file(dir.path(), "en-letter.txt", EN);
    let es = write_file(dir.path(), "es-letter.txt", ES);
    (dir, en, es)
}

#[test]
fn text_format_side_by_side() {
    let (_d, en, es) = pair();
    let out = lectio().arg("align").arg(&en).arg(&es).output().unwrap();
    assert_no_panic(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("(en) ->"), "{stdout}");
    assert!(stdout.contains("#1 [0]:[0]"), "{stdout}");
    assert!(stdout.contains(" | La historia"), "{stdout}");
    // One finding (Germany / Alemania, a name only on one side): exit 1.
    assert!(
        stdout.contains("4 beads, length ratio 1.01, 1 finding"),
        "{stdout}"
    );
    assert!(stdout.contains("! name: names differ: Germany"), "{stdout}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn json_format_has_version_beads_and_findings() {
    let (_d, en, es) = pair();
    let out = lectio()
        .args(["align", "--format", "json"])
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["source"]["lang"], "en");
    let t = &v["translations"][0];
    assert_eq!(t["target"]["lang"], "es");
    assert_eq!(t["beads"].as_array().unwrap().len(), 4);
    assert_eq!(t["beads"][0]["src"], serde_json::json!([0]));
}

#[test]
fn tmx_is_valid_and_parses_back() {
    let (_d, en, es) = pair();
    let out = lectio()
        .args(["align", "--format", "tmx"])
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let xml = String::from_utf8(out.stdout).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut tus = 0;
    let mut segs = 0;
    let mut header = None;
    loop {
        match reader.read_event().expect("well-formed TMX") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let name = e.name();
                match name.as_ref() {
                    "tmx" => {
                        let v = e.try_get_attribute("version").unwrap().unwrap();
                        assert_eq!(&*v.value, "1.4");
                    }
                    "header" => {
                        let mut attrs = std::collections::BTreeMap::new();
                        for a in e.attributes() {
                            let a = a.unwrap();
                            attrs.insert(a.key.as_ref().to_string(), a.value.to_string());
                        }
                        header = Some(attrs);
                    }
                    "tu" => tus += 1,
                    "seg" => segs += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(segs, 2 * tus);
    let header = header.expect("a header");
    for a in [
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ] {
        assert!(header.contains_key(a), "missing header attribute {a}");
    }
    assert_eq!(header["srclang"], "en");
    assert_eq!(tus, 4);
    assert!(xml.contains("obvious &amp; clear"));
    assert!(xml.contains("&lt;always&gt;"));
    assert!(xml.contains(r#"<tuv xml:lang="es">"#));
}

#[test]
fn html_escapes_and_highlights() {
    let (_d, en, es) = pair();
    let out = lectio()
        .args(["align", "--format", "html"])
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("&lt;always&gt;"));
    assert!(!html.contains("<always>"));
    assert!(html.contains("<table"));
}

#[test]
fn beads_and_tsv_and_self_score() {
    let (d, en, es) = pair();
    let out = lectio()
        .args(["align", "--format", "beads"])
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let beads = String::from_utf8(out.stdout).unwrap();
    assert_eq!(beads, "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n");
    let p = write_file(d.path(), "pred.beads", &beads);
    let out = lectio()
        .arg("align-score")
        .arg(&p)
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("strict  1.0000"), "{s}");

    let out = lectio()
        .args(["align", "--format", "tsv"])
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let tsv = String::from_utf8(out.stdout).unwrap();
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "translation\tbead\tsource_ids\ttarget_ids\tsource\ttarget\tfindings"
    );
    assert_eq!(lines.count(), 4);
}

#[test]
fn several_translations_need_out_dir_for_tmx() {
    let (d, en, es) = pair();
    let fr = write_file(
        d.path(),
        "fr-letter.txt",
        "L'histoire est de nouveau arrivée à un tournant. En 1932 l'Allemagne décide du sort du Comintern.\n\nStaline pesa le pour et le contre. Le pour était évident.\n",
    );
    let out = lectio()
        .args(["align", "--format", "tmx"])
        .arg(&en)
        .arg(&es)
        .arg(&fr)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out-dir"));
    let dir = d.path().join("tmx");
    let out = lectio()
        .args(["align", "--format", "tmx", "--out-dir"])
        .arg(&dir)
        .arg(&en)
        .arg(&es)
        .arg(&fr)
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert!(dir.join("en-letter.txt.es-letter.txt.tmx").is_file());
    assert!(dir.join("en-letter.txt.fr-letter.txt.tmx").is_file());
    // The text format shows every translation in the order given.
    let out = lectio()
        .arg("align")
        .arg(&en)
        .arg(&es)
        .arg(&fr)
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    let (a, b) = (s.find("es-letter").unwrap(), s.find("fr-letter").unwrap());
    assert!(a < b);
}

#[test]
fn errors_name_the_file() {
    let (_d, en, _es) = pair();
    let out = lectio()
        .arg("align")
        .arg(&en)
        .arg("no-such-file.txt")
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.txt"));
    let out = lectio()
        .args(["align", "--glossary", "missing-glossary.tsv"])
        .arg(&en)
        .arg(&en)
        .output()
        .unwrap();
    // An unreadable input file is an input error (docs/align.md): 2, as for the texts.
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing-glossary.tsv"));
    let out = lectio()
        .args(["align", "--gold", "missing-gold.beads"])
        .arg(&en)
        .arg(&en)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing-gold.beads"));
    let out = lectio()
        .args(["align-score", "missing-pred.beads", "missing-gold.beads"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing-pred.beads"));
}

#[test]
fn letter_partial_spanish_one_omission() {
    let Some(dir) = shared("editions-src") else {
        skip_or_fail(
            "letter_partial_spanish_one_omission",
            "shared/editions-src not found",
        );
        return;
    };
    let out = lectio()
        .args(["align", "--format", "json"])
        .arg(dir.join("en-wikirouge-marxists-en.txt"))
        .arg(dir.join("es-ceip-escritos-1932-partial.txt"))
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["translations"][0]["findings"].as_array().unwrap();
    let omissions: Vec<_> = findings
        .iter()
        .filter(|f| f["kind"] == "omission")
        .collect();
    assert_eq!(omissions.len(), 1);
    assert_eq!(omissions[0]["src"][0], 15);
}

#[test]
fn dev_set_gold_strict_f1() {
    let Some(dir) = shared("align-dev") else {
        skip_or_fail("dev_set_gold_strict_f1", "shared/align-dev not found");
        return;
    };
    let out = lectio()
        .args(["align", "--segmented", "--format", "beads", "--gold"])
        .arg(dir.join("dev.defr"))
        .arg(dir.join("dev.de"))
        .arg(dir.join("dev.fr"))
        .output()
        .unwrap();
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    let strict = s.lines().find(|l| l.starts_with("strict")).unwrap();
    let f1: f64 = strict.split_whitespace().last().unwrap().parse().unwrap();
    assert!(f1 >= 0.85, "{s}");
}

#[test]
fn glossary_silences_known_name_pairs() {
    let (d, en, es) = pair();
    let without = lectio().arg("align").arg(&en).arg(&es).output().unwrap();
    let s = String::from_utf8(without.stdout).unwrap();
    assert!(s.contains("Germany (only in source)"), "{s}");
    let g = write_file(d.path(), "glossary.tsv", "# en\tes\nGermany\tAlemania\n");
    let with = lectio()
        .arg("align")
        .arg("--glossary")
        .arg(&g)
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_no_panic(&with);
    let s = String::from_utf8(with.stdout).unwrap();
    assert!(!s.contains("Germany (only in source)"), "{s}");
    let bad = write_file(d.path(), "bad.tsv", "just one word\n");
    let out = lectio()
        .arg("align")
        .arg("--glossary")
        .arg(&bad)
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.tsv:1"));
}

#[test]
fn text_and_tsv_snapshots() {
    let (d, _en, _es) = pair();
    for format in ["text", "tsv", "beads"] {
        let out = lectio()
            .current_dir(d.path())
            .args([
                "align",
                "--format",
                format,
                "en-letter.txt",
                "es-letter.txt",
            ])
            .output()
            .unwrap();
        assert_no_panic(&out);
        insta::assert_snapshot!(
            format!("align_small_{format}"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
}

/// Hostile sentence text is inert in every `align` format: XML formats parse back with no
/// element made from content, the terminal gets no foreign escape, TSV cells cannot start a
/// formula, and JSON carries the readings exactly.
#[test]
fn hostile_text_is_inert_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "<script>alert(1)</script> ]]> \"q\" & 'a' \u{1b}[2J \u{1b}]0;t\u{7} \u{202e}gnp.exe \u{1}\u{fffe}";
    let en = write_file(
        dir.path(),
        "en.txt",
        format!("=cmd|' /C calc'!A0 is first. {evil} ends here.\n\n+1 and @x follow.\n"),
    );
    let es = write_file(
        dir.path(),
        "es.txt",
        format!("=cmd|' /C calc'!A0 es primero. {evil} termina aquí.\n\n-1 y @x siguen.\n"),
    );
    for format in ["text", "json", "tmx", "html", "beads", "tsv"] {
        let out = lectio()
            .args(["align", "--format", format, "--color", "always"])
            .arg(&en)
            .arg(&es)
            .output()
            .unwrap();
        assert_no_panic(&out);
        // The sentences pair one to one with the same numbers and names: no finding, exit 0.
        assert_eq!(out.status.code(), Some(0), "{format}: {out:?}");
        let s = String::from_utf8(out.stdout).unwrap();
        // No escape sequence from content; only SGR colour codes of our own.
        if matches!(format, "text" | "html" | "tsv" | "beads") {
            crate::engine_props::assert_terminal_safe(&s, format);
        } else {
            let b = s.as_bytes();
            assert!(!b.contains(&0x1b), "{format}: raw ESC");
        }
        // Display formats show bidi controls visibly; data formats (json, tmx, tsv) keep the
        // text exactly, where a bidi control is data and cannot change the document's structure.
        if matches!(format, "text" | "html") {
            assert!(!s.contains('\u{202e}'), "{format}: raw bidi override");
        }
        match format {
            "tmx" | "html" => {
                let mut reader = quick_xml::Reader::from_str(&s);
                if format == "html" {
                    reader.config_mut().check_end_names = false;
                }
                let mut scripts_from_content = 0;
                loop {
                    match reader.read_event() {
                        Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == "script" => {
                            scripts_from_content += 1
                        }
                        Ok(quick_xml::events::Event::Eof) => break,
                        Ok(_) => {}
                        Err(e) if format == "html" => {
                            // HTML need not be XML; the escaping check below still applies.
                            let _ = e;
                            break;
                        }
                        Err(e) => panic!("{format}: not well-formed: {e}"),
                    }
                }
                assert_eq!(scripts_from_content, 0, "{format}: <script> from content");
                assert!(!s.contains("<script>alert"), "{format}");
                assert!(
                    !s.contains('\u{1}') && !s.contains('\u{fffe}'),
                    "{format}: XML-illegal char"
                );
            }
            "tsv" => {
                for cell in s.lines().flat_map(|l| l.split('\t')) {
                    let c = cell.trim_start_matches('"');
                    assert!(
                        !c.starts_with(['=', '+', '-', '@']),
                        "tsv: formula cell {cell:?}"
                    );
                }
            }
            "json" => {
                let v: serde_json::Value = serde_json::from_str(&s).expect("valid JSON");
                assert!(v.to_string().contains("alert(1)"));
            }
            _ => {}
        }
    }
}

/// A translation whose sentences pair one to one with the same numbers and names and no
/// finding: exit 0 (docs/align.md), with the count said.
#[test]
fn no_findings_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let en = write_file(
        dir.path(),
        "en.txt",
        "Stalin wrote in 1932.\n\nTrotsky answered from Prinkipo.\n",
    );
    let es = write_file(
        dir.path(),
        "es.txt",
        "Stalin escribió en 1932.\n\nTrotsky respondió desde Prinkipo.\n",
    );
    let out = lectio().arg("align").arg(&en).arg(&es).output().unwrap();
    assert_no_panic(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("0 findings"), "{stdout}");
    assert_eq!(out.status.code(), Some(0), "{stdout}");
}
