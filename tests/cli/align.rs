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
    // Germany / Alemania is the same name (the built-in exonym table): no finding, exit 0.
    assert!(
        stdout.contains("4 beads, length ratio 1.01, 0 findings"),
        "{stdout}"
    );
    assert!(!stdout.contains("! name"), "{stdout}");
    assert_eq!(out.status.code(), Some(0));
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
    assert!(dir.join("en-letter.es-letter.tmx").is_file());
    assert!(dir.join("en-letter.fr-letter.tmx").is_file());
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
    let d = tempfile::tempdir().unwrap();
    let en = write_file(
        d.path(),
        "en-g.txt",
        "The letter went from Kadikoy to the capital in 1932.\n",
    );
    let es = write_file(
        d.path(),
        "es-g.txt",
        "La carta fue de Calcedonia a la capital en 1932.\n",
    );
    let without = lectio().arg("align").arg(&en).arg(&es).output().unwrap();
    let s = String::from_utf8(without.stdout).unwrap();
    assert!(s.contains("Kadikoy (only in source"), "{s}");
    assert!(s.contains("which has Calcedonia instead"), "{s}");
    let g = write_file(d.path(), "glossary.tsv", "# en\tes\nKadikoy\tCalcedonia\n");
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
    assert!(!s.contains("Kadikoy (only in source"), "{s}");
    // Germany / Alemania is in the built-in table.
    let (_d2, en, es) = pair();
    let out = lectio().arg("align").arg(&en).arg(&es).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(!s.contains("Germany (only"), "{s}");
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

/// A source with a sentence (index 2) the translation leaves out.
const EN_GAP: &str = "In 1901 the railway reached the valley. In 1902 the first hotel opened its doors. \
The guides of the village, poor farmers until then, suddenly found themselves in demand by wealthy visitors from abroad. \
In 1905 a school was built. In 1910 the church got a new bell.\n";
const ES_GAP: &str = "En 1901 el ferrocarril llegó al valle. En 1902 abrió sus puertas el primer hotel. \
En 1905 se construyó una escuela. En 1910 la iglesia recibió una campana nueva.\n";

/// Sentences are numbered from 0 in every format: the omitted sentence 2 is `[2]` in the text
/// bead line, `(sentence 2)` in the finding, `src: [2]` in JSON, `[2]` in TSV and HTML.
#[test]
fn numbering_is_the_same_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let en = write_file(dir.path(), "en-gap.txt", EN_GAP);
    let es = write_file(dir.path(), "es-gap.txt", ES_GAP);
    let run = |format: &str| {
        let out = lectio()
            .args(["align", "--format", format])
            .arg(&en)
            .arg(&es)
            .output()
            .unwrap();
        assert_no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let v: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let f = &v["translations"][0]["findings"][0];
    assert_eq!(f["kind"], "omission");
    assert_eq!(f["src"], serde_json::json!([2]));
    assert_eq!(f["bead"], 3);
    assert!(
        f["message"].as_str().unwrap().ends_with("(sentence 2)"),
        "{f}"
    );
    let text = run("text");
    assert!(text.contains("#3 [2]:[]"), "{text}");
    assert!(text.contains("without translation (sentence 2)"), "{text}");
    let tsv = run("tsv");
    assert!(
        tsv.lines()
            .any(|l| l.contains("\t3\t[2]\t[]\t") && l.contains("(sentence 2)")),
        "{tsv}"
    );
    let html = run("html");
    assert!(
        html.contains("id=\"b3\"><td class=\"id\">[2]:[]</td>"),
        "{html}"
    );
    assert!(html.contains("(sentence 2)"), "{html}");
}

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| {
            let out = std::process::Command::new("sh")
                .args(["-c", &format!("command -v {n}")])
                .output()
                .ok()?;
            let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
            (!p.is_empty()).then(|| PathBuf::from(p))
        })
}

/// The HTML page in headless Chromium: the two texts are the two wide columns (each about
/// 46 % of the table), the bead column narrow, also on a row whose target cell is empty.
#[test]
fn html_columns_measured_in_headless_chromium() {
    let Some(bin) = chromium() else {
        skip_or_fail(
            "html_columns_measured_in_headless_chromium",
            "chromium not installed",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let en = write_file(dir.path(), "en-gap.txt", EN_GAP);
    let es = write_file(dir.path(), "es-gap.txt", ES_GAP);
    let out = lectio()
        .args(["align", "--format", "html"])
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let mut page = String::from_utf8(out.stdout).unwrap();
    // The test's own probe: the widths of the header cells and of the omission row's cells.
    let probe = "<script>const w=r=>[...r.cells].map(c=>Math.round(c.getBoundingClientRect().width)).join(',');\
const t=document.querySelector('table');document.body.setAttribute('data-head',w(t.tHead.rows[0]));\
document.body.setAttribute('data-gap',w(document.getElementById('b3')));\
document.body.setAttribute('data-table',Math.round(t.getBoundingClientRect().width));</script>";
    page = page.replace("</body>", &format!("{probe}</body>"));
    let file = write_file(dir.path(), "page.html", &page);
    let out = std::process::Command::new(&bin)
        .args(crate::machine::CHROMIUM_HEADLESS)
        .args(["--window-size=1200,900", "--dump-dom"])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let attr = |name: &str| -> Vec<f64> {
        let key = format!("{name}=\"");
        let i = dom.find(&key).unwrap_or_else(|| panic!("no {name}: {dom}"));
        let rest = &dom[i + key.len()..];
        rest[..rest.find('"').unwrap()]
            .split(',')
            .map(|x| x.parse().unwrap())
            .collect()
    };
    let table = attr("data-table")[0];
    for row in ["data-head", "data-gap"] {
        let w = attr(row);
        assert_eq!(w.len(), 3, "{row}: {w:?}");
        assert!(w[0] < 0.12 * table, "{row}: bead column {w:?} of {table}");
        for &text in &w[1..] {
            assert!(text > 0.40 * table, "{row}: text column {w:?} of {table}");
        }
    }
}

/// TMX names both languages: from the flags, from detection on the text, and never `und`:
/// without any clue lectio refuses with exit 2.
#[test]
fn tmx_languages_from_flags_detection_or_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let en = write_file(dir.path(), "source.txt", EN_GAP);
    let es = write_file(dir.path(), "target.txt", ES_GAP);
    let tmx = |extra: &[&str], a: &PathBuf, b: &PathBuf| {
        let out = lectio()
            .args(["align", "--format", "tmx"])
            .args(extra)
            .arg(a)
            .arg(b)
            .output()
            .unwrap();
        assert_no_panic(&out);
        out
    };
    // Detected from the text (no code in the file names).
    let out = tmx(&[], &en, &es);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains(r#"srclang="en""#), "{s}");
    assert!(s.contains(r#"<tuv xml:lang="es">"#), "{s}");
    assert!(!s.contains("\"und\""), "{s}");
    // Too short to tell: refused.
    let a = write_file(dir.path(), "a.txt", "Alpha 1. Beta 2.\n");
    let b = write_file(dir.path(), "b.txt", "Alfa 1. Beta 2.\n");
    let out = tmx(&[], &a, &b);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--source-lang"));
    // Flags win.
    let out = tmx(&["--source-lang", "de", "--target-lang", "fr"], &a, &b);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains(r#"<tuv xml:lang="de">"#) && s.contains(r#"<tuv xml:lang="fr">"#));
}

/// A control character XML 1.0 cannot carry becomes a TMX placeholder naming it; the file
/// stays well-formed and the rest of the segment is kept.
#[test]
fn tmx_control_characters_become_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let en = write_file(
        dir.path(),
        "en-c.txt",
        "One \u{1}two three. Four\u{85} five.\n",
    );
    let es = write_file(dir.path(), "es-c.txt", "Uno dos tres. Cuatro cinco.\n");
    let out = lectio()
        .args(["align", "--format", "tmx"])
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains(r#"<seg>One <ph type="x-lectio-char">U+0001</ph>two three.</seg>"#),
        "{s}"
    );
    assert!(s.contains("Four&#x85; five."), "{s}");
    assert!(!s.contains('\u{1}') && !s.contains('\u{FFFD}'));
    let mut reader = quick_xml::Reader::from_str(&s);
    while reader.read_event().expect("well-formed TMX") != quick_xml::events::Event::Eof {}
}

/// `--format parallel` writes `SRC.TGT.<src lang>` and `SRC.TGT.<tgt lang>`: one line per
/// bead with both sides, line n of one translating line n of the other.
#[test]
fn parallel_format_writes_two_aligned_files() {
    let dir = tempfile::tempdir().unwrap();
    let en = write_file(dir.path(), "en-gap.txt", EN_GAP);
    let es = write_file(dir.path(), "es-gap.txt", ES_GAP);
    let out = lectio()
        .args(["align", "--format", "parallel"])
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out-dir"));
    let od = dir.path().join("out");
    let out = lectio()
        .args(["align", "--format", "parallel", "--out-dir"])
        .arg(&od)
        .arg(&en)
        .arg(&es)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let a = std::fs::read_to_string(od.join("en-gap.es-gap.en")).unwrap();
    let b = std::fs::read_to_string(
        od.join("es-gap.es-gap.es")
            .with_file_name("en-gap.es-gap.es"),
    )
    .unwrap();
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    assert_eq!(a.len(), 4);
    assert_eq!(b.len(), 4);
    assert_eq!(a[2], "In 1905 a school was built.");
    assert_eq!(b[2], "En 1905 se construyó una escuela.");
}

/// Align `en` with `es` (files written into a temporary folder) and return the JSON findings.
fn findings_of_pair(en: &str, es: &str) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let a = write_file(dir.path(), "en-t.txt", en);
    let b = write_file(dir.path(), "es-t.txt", es);
    let out = lectio()
        .args(["align", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_no_panic(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["translations"][0]["findings"].as_array().unwrap().clone()
}

fn of_kind<'a>(f: &'a [serde_json::Value], kind: &str) -> Vec<&'a serde_json::Value> {
    f.iter().filter(|x| x["kind"] == kind).collect()
}

/// Negative cases: words capitalised where the language capitalises anyway (after a colon, an
/// opening quote, a dash; a common word the text also writes in lower case), and names that
/// differ across languages (built-in table, shared stems, close spellings) give no finding.
#[test]
fn names_rules_negative_cases() {
    let en = "Then he said to them: What shall we do now? And they answered him, \"Why should we not go down to Jericho with John and Peter?\" \
The son of the Pharisees went to the house of God; the Son of God was there — Blessed are they that mourn. \
And the son of Zacharias was in the desert. And the Pharisees said, Behold, Esaias the prophet speaks.\n";
    let es = "Entonces él les dijo: ¿Qué haremos ahora? Y ellos le respondieron: \"¿Por qué no hemos de bajar a Jericó con Juan y Pedro?\" \
El hijo de los Fariseos fué á la casa de Dios; el Hijo de Dios estaba allí — Bienaventurados los que lloran. \
Y el hijo de Zacarías estaba en el desierto. Y los Fariseos dijeron: He aquí, el profeta Isaías habla.\n";
    let f = findings_of_pair(en, es);
    assert!(of_kind(&f, "name").is_empty(), "{f:#?}");
}

/// Positive cases: a changed name and a dropped name are found, each finding saying the name
/// and what was expected.
#[test]
fn names_rules_positive_cases() {
    let en = "And it came to pass, that as he was come nigh unto Jericho, a certain blind man sat by the way side begging. \
And he cried, saying, Jesus, thou son of David, have mercy on me. \
And Jesus entered and passed through the city, and a man named Zacchaeus was there.\n";
    let es = "Y aconteció que acercándose él á Betania, un ciego estaba sentado junto al camino mendigando. \
Y dió voces, diciendo: Jesús, Hijo de David, ten misericordia de mí. \
Y entrado Jesús, iba pasando por la ciudad, y había allí un varón que era muy rico.\n";
    let f = findings_of_pair(en, es);
    let names = of_kind(&f, "name");
    assert_eq!(names.len(), 2, "{f:#?}");
    let m0 = names[0]["message"].as_str().unwrap();
    assert!(m0.contains("Jericho (only in source"), "{m0}");
    assert!(m0.contains("expected a spelling of Jericho"), "{m0}");
    assert!(m0.contains("which has Betania"), "{m0}");
    assert_eq!(names[0]["src"], serde_json::json!([0]));
    let m1 = names[1]["message"].as_str().unwrap();
    assert!(m1.contains("Zacchaeus (only in source"), "{m1}");
    assert_eq!(names[1]["src"], serde_json::json!([2]));
}

fn bible(name: &str) -> Option<String> {
    shared("bible-dev").map(|d| std::fs::read_to_string(d.join(name)).unwrap())
}

/// On a faithful translation (KJV Luke and Ruth against Reina-Valera 1909) name findings
/// stay at or below one per hundred source sentences, while a changed name (Jericó ->
/// Betania) and a dropped one are still found, each at its verse.
#[test]
fn bible_dev_name_findings_are_rare_and_real_changes_are_found() {
    let (Some(en), Some(es)) = (bible("en-Luke.txt"), bible("es-Luke.txt")) else {
        skip_or_fail("bible_dev_name_findings", "shared/bible-dev not found");
        return;
    };
    for book in ["Luke", "Ruth"] {
        let (en, es) = (
            bible(&format!("en-{book}.txt")).unwrap(),
            bible(&format!("es-{book}.txt")).unwrap(),
        );
        let f = findings_of_pair(&en, &es);
        let n = en.matches(['.', '?', '!']).count().max(1);
        let names = of_kind(&f, "name").len();
        assert!(
            names * 100 <= n,
            "{book}: {names} name findings for about {n} sentences"
        );
    }
    // Luke 18:35 "as he was come nigh unto Jericho" / "acercándose él á Jericó".
    let changed = es.replacen("acercándose él á Jericó", "acercándose él á Betania", 1);
    assert_ne!(changed, es);
    let f = findings_of_pair(&en, &changed);
    let hits: Vec<_> = of_kind(&f, "name")
        .into_iter()
        .filter(|x| x["message"].as_str().unwrap().contains("Betania"))
        .collect();
    assert_eq!(hits.len(), 1, "{f:#?}");
    assert!(hits[0]["source_text"].as_str().unwrap().contains("Jericho"));
    // Luke 10:30 drops Jericó.
    let dropped = es.replacen(
        "descendía de Jerusalem á Jericó,",
        "descendía de Jerusalem,",
        1,
    );
    assert_ne!(dropped, es);
    let f = findings_of_pair(&en, &dropped);
    let hits: Vec<_> = of_kind(&f, "name")
        .into_iter()
        .filter(|x| {
            x["message"]
                .as_str()
                .unwrap()
                .contains("Jericho (only in source")
        })
        .collect();
    assert_eq!(hits.len(), 1, "{f:#?}");
    assert!(
        hits[0]["target_text"]
            .as_str()
            .unwrap()
            .contains("descendía de Jerusalem,")
    );
}

/// A sentence translated twice (the same target sentence repeated) and a sentence cut short
/// to 40 % of its length are found, at their sentences.
#[test]
fn bible_dev_repeated_and_cut_sentences_are_found() {
    let (Some(en), Some(es)) = (bible("en-Luke.txt"), bible("es-Luke.txt")) else {
        skip_or_fail("bible_dev_repeated_and_cut", "shared/bible-dev not found");
        return;
    };
    let base = findings_of_pair(&en, &es);
    assert!(of_kind(&base, "repeat").is_empty(), "{base:#?}");
    // Repeat Luke 19:5's sentence.
    let verse = "Y como vino á aquel lugar Jesús, mirando, le vió, y díjole: Zaqueo, date priesa, desciende, porque hoy es necesario que pose en tu casa.";
    assert!(es.contains(verse));
    let twice = es.replacen(verse, &format!("{verse} {verse}"), 1);
    let f = findings_of_pair(&en, &twice);
    let rep = of_kind(&f, "repeat");
    assert_eq!(rep.len(), 1, "{f:#?}");
    assert!(
        rep[0]["target_text"]
            .as_str()
            .unwrap()
            .starts_with("Y como vino")
    );
    // Cut Luke 19:5 to 40 % of its length.
    let cut: String = verse.chars().take(verse.chars().count() * 2 / 5).collect();
    let short = es.replacen(verse, &format!("{}.", cut.trim_end()), 1);
    let f = findings_of_pair(&en, &short);
    let len: Vec<_> = of_kind(&f, "length")
        .into_iter()
        .filter(|x| x["target_text"].as_str().unwrap().contains("Y como vino"))
        .collect();
    assert_eq!(len.len(), 1, "{f:#?}");
}

/// Byte spans of verses `(chapter, verse)` in a bible-dev spans file.
fn verse_span(spans: &serde_json::Value, chapter: u64, verse: u64) -> (usize, usize) {
    let v = spans
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x[0] == chapter && x[1] == verse)
        .unwrap();
    (
        v[2].as_u64().unwrap() as usize,
        v[3].as_u64().unwrap() as usize,
    )
}

/// A three-verse omission (Luke 5:37–39, and 16:24–26, cut from the Spanish) is one
/// omission finding at exactly the English sentences of those verses, and the verses on
/// either side pair with their own translation (the gap is re-placed on the strong matches
/// around it, not one verse off).
#[test]
fn bible_dev_three_verse_omission_at_the_exact_sentences() {
    let (Some(en), Some(es)) = (bible("en-Luke.txt"), bible("es-Luke.txt")) else {
        skip_or_fail(
            "bible_dev_three_verse_omission",
            "shared/bible-dev not found",
        );
        return;
    };
    let spans = |lang: &str| -> serde_json::Value {
        serde_json::from_str(&bible(&format!("{lang}-Luke.spans.json")).unwrap()).unwrap()
    };
    let (en_spans, es_spans) = (spans("en"), spans("es"));
    for (chapter, first, next) in [(5u64, 37u64, (6u64, 1u64)), (16, 24, (16, 27))] {
        let (a, _) = verse_span(&es_spans, chapter, first);
        let (_, b) = verse_span(&es_spans, chapter, first + 2);
        let b = if es.as_bytes()[b] == b' ' { b + 1 } else { b };
        let cut = format!("{}{}", &es[..a], &es[b..]);
        let dir = tempfile::tempdir().unwrap();
        let src = write_file(dir.path(), "en-t.txt", &en);
        let tgt = write_file(dir.path(), "es-t.txt", &cut);
        let out = lectio()
            .args(["align", "--format", "json"])
            .arg(&src)
            .arg(&tgt)
            .output()
            .unwrap();
        assert_no_panic(&out);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let sents = v["source"]["sentences"].as_array().unwrap();
        let tsents = v["translations"][0]["target"]["sentences"]
            .as_array()
            .unwrap();
        // The English sentences inside the three verses.
        let (ea, _) = verse_span(&en_spans, chapter, first);
        let (_, eb) = verse_span(&en_spans, chapter, first + 2);
        let want: Vec<u64> = sents
            .iter()
            .filter(|s| s["start"].as_u64().unwrap() as usize >= ea)
            .filter(|s| s["end"].as_u64().unwrap() as usize <= eb + 1)
            .map(|s| s["id"].as_u64().unwrap())
            .collect();
        assert!(!want.is_empty());
        let f = v["translations"][0]["findings"].as_array().unwrap().clone();
        let om = of_kind(&f, "omission");
        assert_eq!(om.len(), 1, "{chapter}:{first}: {om:#?}");
        assert_eq!(om[0]["src"], serde_json::json!(want), "{chapter}:{first}");
        // The verse after the gap: its first English sentence pairs with its Spanish text.
        let (na, _) = verse_span(&en_spans, next.0, next.1);
        let first_after = sents
            .iter()
            .find(|s| s["start"].as_u64().unwrap() as usize >= na)
            .unwrap()["id"]
            .clone();
        let bead = v["translations"][0]["beads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["src"].as_array().unwrap().contains(&first_after))
            .unwrap();
        let (sa, sb) = verse_span(&es_spans, next.0, next.1);
        let verse = &es[sa..sb];
        let t0 = bead["tgt"][0].as_u64().unwrap() as usize;
        let head: String = tsents[t0]["text"]
            .as_str()
            .unwrap()
            .chars()
            .take(20)
            .collect();
        assert!(
            verse.starts_with(&head),
            "{chapter}:{first}: {head} / {verse}"
        );
    }
}
