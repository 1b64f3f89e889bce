//! `lectio collate` end to end.

use quick_xml::events::Event;
use serde_json::Value;

use crate::common::{files, json, run, shared_dir, shipped_store, skip_or_fail, write_file};

#[test]
fn exit_codes() {
    let (_d, p) = files(&[
        ("A.txt", "A black cat."),
        ("B.txt", "A white kitten."),
        ("C.txt", "A black cat."),
    ]);
    let (code, out, _) = run(&["collate", &p[0], &p[1]]);
    assert_eq!(code, 1);
    assert!(
        out.contains("black cat") && out.contains("white kitten"),
        "{out}"
    );
    assert_eq!(run(&["collate", &p[0], &p[2]]).0, 0);
    // One witness is a valid collation: a one-row table without variants (issue 16).
    let (code, out, err) = run(&["collate", &p[0], "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().count() >= 2 && out.contains("A black"), "{out}");
    let (code, _, err) = run(&["collate"]);
    assert_eq!(code, 2);
    assert!(err.contains("at least one witness"), "{err}");
    let (code, _, err) = run(&["collate", &p[0], &p[1], "--base", "Z"]);
    assert_eq!(code, 2);
    assert!(err.contains("\"Z\""), "{err}");
    let (code, _, err) = run(&["collate", &p[0], "/nonexistent/x.txt"]);
    assert_eq!(code, 2, "{err}");
}

/// The letter: two transcriptions and an emended copy; the apparatus holds exactly the page
/// chrome and the three emendations.
#[test]
fn letter_apparatus_is_chrome_and_emendations() {
    let Some(sh) = shared_dir() else {
        skip_or_fail(
            "letter_apparatus_is_chrome_and_emendations",
            "shared folder absent",
        );
        return;
    };
    let src = sh.join("editions-src");
    let scrape = src.join("en-marxists-page-scrape.txt");
    let clean = src.join("en-wikirouge-marxists-en.txt");
    let text = std::fs::read_to_string(&clean).expect("letter");
    let emended = text
        .replacen("direction, is Everything", "direction. Everything", 1)
        .replacen(",\"19 ", ",\" ", 1)
        .replacen("against counter-blows\n", "against counter-blows.\n", 1);
    assert_ne!(emended, text);
    let dir = tempfile::tempdir().expect("tempdir");
    let em = write_file(dir.path(), "en-emended.txt", &emended);
    let (code, v) = json(&[
        "collate",
        scrape.to_str().unwrap(),
        clean.to_str().unwrap(),
        em.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let got: Vec<Vec<(String, Vec<String>)>> = v["apparatus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["readings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r["text"]
                            .as_str()
                            .unwrap()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                        r["witnesses"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|s| s.as_str().unwrap().to_string())
                            .collect(),
                    )
                })
                .collect()
        })
        .collect();
    let (a, b, c) = (
        "en-marxists-page-scrape".to_string(),
        "en-wikirouge-marxists-en".to_string(),
        "en-emended".to_string(),
    );
    let r = |t: &str, w: &[&String]| (t.to_string(), w.iter().map(|s| s.to_string()).collect());
    let want: Vec<Vec<(String, Vec<String>)>> = vec![
        vec![
            r(
                "Letter to the Politburo, January 4, 1932 From Marxists-en Jump to navigation Jump to search",
                &[&a],
            ),
            r("", &[&b, &c]),
        ],
        vec![r(", is", &[&a, &b]), r(".", &[&c])],
        vec![r("19", &[&a, &b]), r("", &[&c])],
        vec![r("", &[&a, &b]), r(".", &[&c])],
    ];
    assert_eq!(got, want);
    assert_eq!(v["transpositions"].as_array().unwrap().len(), 0);
    // The apparatus is keyed to the base's lines: the emendations in paragraphs 1, 2 and 9.
    let lines: Vec<u64> = v["apparatus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines[0], 1);
}

#[test]
fn tei_parses_back_and_is_whitespace_faithful() {
    let a = "The black\n\ncat  & <dog> \u{1}sat.";
    let (_d, p) = files(&[
        ("A.txt", a),
        ("B.txt", "The white cat & <dog> sat"),
        ("1C.txt", "The cat & <dog> sat."),
    ]);
    let (code, out, err) = run(&["collate", &p[0], &p[1], &p[2], "--format", "tei"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains(r#"<variantEncoding method="parallel-segmentation" location="internal"/>"#)
    );
    assert!(out.contains("<listWit>"));
    let mut reader = quick_xml::Reader::from_str(&out);
    let mut base = String::new();
    let mut rdg_wits = Vec::new();
    let mut ids = Vec::new();
    loop {
        match reader.read_event().expect("well-formed TEI") {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "witness" => {
                let id = e.try_get_attribute("xml:id").unwrap().unwrap();
                ids.push(id.value.to_string());
            }
            Event::Start(e) if e.name().as_ref() == "ab" => {
                // Collect everything until </ab> outside rdg.
                loop {
                    match reader.read_event().expect("well-formed") {
                        Event::End(e) if e.name().as_ref() == "ab" => break,
                        Event::Start(e) if e.name().as_ref() == "rdg" => {
                            let w = e.try_get_attribute("wit").unwrap().unwrap();
                            rdg_wits.push(w.value.to_string());
                            reader.read_to_end(e.name()).unwrap();
                        }
                        Event::Empty(e) if e.name().as_ref() == "rdg" => {
                            let w = e.try_get_attribute("wit").unwrap().unwrap();
                            rdg_wits.push(w.value.to_string());
                        }
                        Event::Empty(e) if e.name().as_ref() == "g" => {
                            let n = e.try_get_attribute("n").unwrap().unwrap();
                            let n = n.value.to_string();
                            let cp = u32::from_str_radix(&n[2..], 16).unwrap();
                            base.push(char::from_u32(cp).unwrap());
                        }
                        Event::Text(t) => base.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => {
                            let s = match r.as_ref() {
                                "amp" => "&",
                                "lt" => "<",
                                "gt" => ">",
                                "quot" => "\"",
                                "apos" => "'",
                                _ => panic!("unexpected entity"),
                            };
                            base.push_str(s);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    assert_eq!(ids, vec!["A", "B", "w1C"]);
    assert_eq!(
        base, a,
        "base text outside <rdg> is the base witness exactly"
    );
    assert!(rdg_wits.iter().any(|w| w == "#B"), "{rdg_wits:?}");
    assert!(rdg_wits.iter().any(|w| w.contains("#w1C")), "{rdg_wits:?}");
}

#[test]
fn html_is_self_contained_escaped_and_well_formed() {
    let (_d, p) = files(&[
        ("A.txt", "a <script>alert(1)</script> b \u{202E}x"),
        ("B.txt", "a <b>bold</b> b y"),
    ]);
    let (code, out, _) = run(&["collate", &p[0], &p[1], "--format", "html"]);
    assert_eq!(code, 1);
    assert!(!out.contains("<script"));
    assert!(!out.contains("<b>bold"));
    assert!(!out.contains('\u{202E}'));
    assert!(out.contains("Content-Security-Policy"));
    assert!(!out.contains("http://") || !out.contains("src=\"http"));
    assert!(out.contains("class=\"var\""));
    let mut reader = quick_xml::Reader::from_str(&out);
    let mut depth = 0i32;
    loop {
        match reader.read_event().expect("well-formed XHTML") {
            Event::Eof => break,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
}

#[test]
fn collatex_json_round_trip() {
    let input = r#"{"witnesses":[
        {"id":"A","tokens":[{"t":"A ","n":"a","page":1},{"t":"black ","n":"black","x":[1,2]},{"t":"cat","n":"cat"}]},
        {"id":"B","tokens":[{"t":"A ","n":"a"},{"t":"white ","n":"white","page":2},{"t":"cat","n":"cat"}]},
        {"id":"C","content":"A black cat"}]}"#;
    let dir = tempfile::tempdir().unwrap();
    let f = write_file(dir.path(), "in.json", input);
    let (code, v) = json(&[
        "collate",
        "--input",
        f.to_str().unwrap(),
        "--format",
        "collatex",
    ]);
    assert_eq!(code, 1);
    assert_eq!(v["witnesses"], serde_json::json!(["A", "B", "C"]));
    let inp: Value = serde_json::from_str(input).unwrap();
    for (w, row) in v["table"].as_array().unwrap().iter().enumerate() {
        let toks: Vec<Value> = row
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| !c.is_null())
            .flat_map(|c| c.as_array().unwrap().clone())
            .collect();
        if w < 2 {
            assert_eq!(&Value::Array(toks), &inp["witnesses"][w]["tokens"]);
        } else {
            let t: String = toks.iter().map(|t| t["t"].as_str().unwrap()).collect();
            assert_eq!(t, "A black cat");
        }
    }
    // The table fed back as pre-tokenized input gives the same table.
    let rows = v["table"].as_array().unwrap();
    let again = serde_json::json!({"witnesses": (0..3).map(|w| serde_json::json!({
        "id": v["witnesses"][w],
        "tokens": rows[w].as_array().unwrap().iter().filter(|c| !c.is_null())
            .flat_map(|c| c.as_array().unwrap().clone()).collect::<Vec<_>>(),
    })).collect::<Vec<_>>()});
    let f2 = write_file(dir.path(), "again.json", again.to_string());
    let (_, v2) = json(&[
        "collate",
        "--input",
        f2.to_str().unwrap(),
        "--format",
        "collatex",
    ]);
    assert_eq!(v2, v);
    // Extra properties are echoed in lectio's JSON too.
    let (_, j) = json(&[
        "collate",
        "--input",
        f.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(j["version"], 1);
    assert!(j.to_string().contains("\"page\":2"));
}

#[test]
fn csv_tsv_dot_and_table_escape() {
    let (_d, p) = files(&[
        ("A.txt", "x =cmd|calc y \"q\" \u{1b}[31m z"),
        ("B.txt", "x -2+3 y z"),
    ]);
    let (_, csv, _) = run(&["collate", &p[0], &p[1], "--format", "csv"]);
    assert!(csv.contains("'="), "{csv}");
    assert!(csv.contains("'-2"), "{csv}");
    let (_, tsv, _) = run(&["collate", &p[0], &p[1], "--format", "tsv"]);
    assert!(
        tsv.starts_with("column\tvariant\ttransposition\tA\tB"),
        "{tsv}"
    );
    let (_, dot, _) = run(&["collate", &p[0], &p[1], "--format", "dot"]);
    assert!(dot.starts_with("digraph"));
    assert!(dot.contains("\\\"q\\\""), "{dot}");
    assert!(!dot.contains('\u{1b}'));
    let (_, table, _) = run(&["collate", &p[0], &p[1], "--color", "always"]);
    assert!(!table.contains("\u{1b}[31m"), "{table}");
    let (_, vert, _) = run(&["collate", &p[0], &p[1], "--vertical"]);
    assert!(vert.lines().count() >= 4);
    let (_, app, _) = run(&["collate", &p[0], &p[1], "--format", "apparatus"]);
    assert!(app.contains("Base: A"), "{app}");
}

#[test]
fn transposition_in_every_output() {
    let (_d, p) = files(&[
        ("A.txt", "I saw the black cat yesterday in the garden"),
        ("B.txt", "I saw yesterday the black cat in the garden"),
    ]);
    let (_, v) = json(&["collate", &p[0], &p[1], "--format", "json"]);
    assert_eq!(v["transpositions"][0]["text"], "yesterday");
    for (fmt, needle) in [
        ("table", "T1"),
        ("apparatus", "T1"),
        ("html", "T1"),
        ("tei", "type=\"transposition\""),
        ("dot", "T1"),
        ("csv", "T1"),
    ] {
        let (_, out, _) = run(&["collate", &p[0], &p[1], "--format", fmt]);
        assert!(out.contains(needle), "{fmt}: {out}");
    }
}

#[test]
fn ignore_and_near_match_flags() {
    let (_d, p) = files(&[("A.txt", "The Colour, red"), ("B.txt", "the color red")]);
    assert_eq!(run(&["collate", &p[0], &p[1]]).0, 1);
    let (code, out, err) = run(&[
        "collate",
        &p[0],
        &p[1],
        "--ignore",
        "case,punctuation",
        "--near-match",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    // --near-match pairs spellings where nothing matches exactly: `big Colour,` against `color`
    // shares columns left to right without it (big/color), by spelling with it (Colour,/color).
    let (_e, q) = files(&[("A.txt", "The big Colour, red"), ("B.txt", "the color red")]);
    let columns = |near: bool| {
        let mut args = vec![
            "collate",
            &q[0],
            &q[1],
            "--ignore",
            "case,punctuation",
            "--no-segmentation",
            "--format",
            "json",
        ];
        if near {
            args.push("--near-match");
        }
        let (code, v) = json(&args);
        assert_eq!(code, 1);
        v["table"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let cells = c["cells"].as_array().unwrap();
                (cells[0]["text"].to_string(), cells[1]["text"].to_string())
            })
            .collect::<Vec<_>>()
    };
    let pair = |a: &str, b: &str| (format!("{a:?}"), format!("{b:?}"));
    let plain = columns(false);
    assert!(plain.contains(&pair("big", "color")), "{plain:?}");
    let near = columns(true);
    assert!(near.contains(&pair("Colour,", "color")), "{near:?}");
    assert!(!near.contains(&pair("big", "color")), "{near:?}");
    let dir = tempfile::tempdir().unwrap();
    let reg = write_file(dir.path(), "reg.txt", "colour = color\n");
    let (code, out, err) = run(&[
        "collate",
        &p[0],
        &p[1],
        "--ignore",
        "case",
        "--ignore",
        "punctuation",
        "--regularize",
        reg.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn empty_and_odd_witnesses_do_not_panic() {
    let (_d, p) = files(&[
        ("A.txt", ""),
        ("B.txt", "  \n\n "),
        ("C.txt", "word"),
        ("D.txt", "\u{202E}\u{1}\u{FEFF}x"),
    ]);
    for fmt in [
        "table",
        "collatex",
        "json",
        "csv",
        "tsv",
        "tei",
        "html",
        "dot",
        "apparatus",
    ] {
        let (code, out, err) = run(&["collate", &p[0], &p[1], &p[2], &p[3], "--format", fmt]);
        assert_eq!(code, 1, "{fmt}: {err}");
        if ["table", "html", "dot", "apparatus"].contains(&fmt) {
            assert!(
                !out.contains('\u{202E}'),
                "{fmt}: bidi override not neutralized"
            );
        }
    }
    assert_eq!(run(&["collate", &p[0], &p[1]]).0, 0);
}

/// `--work` collates every edition of a stored work, `--lang` only those in one language.
#[test]
fn work_and_lang_from_the_store() {
    let s = shipped_store();
    // Editions in three languages: the majority language is collated, with a warning.
    let (code, out, err) = run(&[
        "--store",
        &s,
        "collate",
        "--work",
        "politburo-1932",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("collating the en editions only"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let labels: Vec<&str> = v["witnesses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "politburo-1932/en-emended",
            "politburo-1932/en-emended-tei",
            "politburo-1932/en-marxists",
        ]
    );
    // English only: the two transcriptions and the TEI one (read as TEI, so it reads as the
    // emended text), differing by the three emendations.
    let (code, out, err) = run(&[
        "--store",
        &s,
        "collate",
        "--work",
        "politburo-1932",
        "--lang",
        "en",
        "--format",
        "apparatus",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("M = politburo-1932/en-marxists"), "{out}");
    assert!(out.contains("ET = politburo-1932/en-emended-tei"), "{out}");
    assert!(!out.contains("es-ceip"), "{out}");
    let places = out.lines().filter(|l| l.contains("] E ET ")).count();
    assert_eq!(places, 3, "{out}");
    // One Spanish edition: a one-row table, no variation place (#16: one witness collates).
    let (code, out, err) = run(&[
        "--store",
        &s,
        "collate",
        "--work",
        "politburo-1932",
        "--lang",
        "es",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["witnesses"][0]["label"], "politburo-1932/es-ceip");
    assert_eq!(v["witnesses"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["apparatus"].as_array().map(Vec::len), Some(0));
    let (code, _, err) = run(&["--store", &s, "collate", "--work", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("no work 'nope'"), "{err}");
}

#[test]
fn classes_of_issue_16_through_the_binary() {
    // Pre-tokenized `him` / `him,` is punctuation; Roman numerals are numbers; a negating
    // prefix is substantive; a typographic apostrophe is punctuation; same stem is inflection.
    let dir = tempfile::tempdir().unwrap();
    let inp = write_file(
        dir.path(),
        "w.json",
        r#"{"witnesses":[{"id":"A","tokens":[{"t":"I "},{"t":"saw "},{"t":"him"}]},{"id":"B","tokens":[{"t":"I "},{"t":"saw "},{"t":"him,"}]}]}"#,
    );
    let (code, out, err) = run(&[
        "collate",
        "--input",
        inp.to_str().unwrap(),
        "--format",
        "apparatus",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("him] A; him, B  (punctuation substitution)"),
        "{out}"
    );
    let (_d, p) = files(&[
        (
            "A.txt",
            "CHAPTER VI. He was interested in his mother’s great effect.",
        ),
        (
            "B.txt",
            "CHAPTER XI. He was disinterested in his mother's great effects.",
        ),
    ]);
    let (code, v) = json(&["collate", &p[0], &p[1], "--format", "json"]);
    assert_eq!(code, 1);
    let classes: Vec<(String, String)> = v["apparatus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["readings"][0]["text"].as_str().unwrap().to_string(),
                e["class"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        classes,
        [
            s("VI", "number"),
            s("interested", "substantive"),
            s("mother’s", "punctuation"),
            s("effect", "inflection"),
        ]
    );
}

/// Tokens of witnesses `w` and `v` a collation (JSON) shows as differing: per column where
/// their keys differ, the keys outside the longest common subsequence of the two readings (a
/// block place is not charged for the words its readings share).
pub(crate) fn projected_differing_tokens(c: &Value, w: usize, v: usize) -> usize {
    let keys = |col: &Value, x: usize| -> Vec<String> {
        col["cells"][x]["n"]
            .as_array()
            .map(|a| a.iter().map(|k| k.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let lcs = |a: &[String], b: &[String]| -> usize {
        let mut prev = vec![0usize; b.len() + 1];
        for x in a {
            let mut cur = vec![0usize; b.len() + 1];
            for (j, y) in b.iter().enumerate() {
                cur[j + 1] = if x == y {
                    prev[j] + 1
                } else {
                    prev[j + 1].max(cur[j])
                };
            }
            prev = cur;
        }
        prev[b.len()]
    };
    c["table"]
        .as_array()
        .unwrap()
        .iter()
        .map(|col| {
            let (a, b) = (keys(col, w), keys(col, v));
            if a == b {
                0
            } else {
                a.len() + b.len() - 2 * lcs(&a, &b)
            }
        })
        .sum()
}

/// Pairwise consistency on real text (issue 16): the four printed witnesses of Frankenstein
/// (1818, the Thomas copy, 1823, 1831; TEI from the Frankenstein Variorum, `shared/
/// frankenstein-dev`), three chapters including 1831's rewrite of Elizabeth's letter. For every
/// pair, the collation projected onto the pair shows no more differing tokens than `lectio
/// diff` of the pair, up to a slack of 5 % plus 2 tokens: a passage two witnesses read alike is
/// never drawn as an omission plus an addition. (Measured at the time of writing: equal on 16
/// of 18 pairs, 2 tokens fewer on the other two.)
#[test]
fn pairwise_consistency_on_frankenstein() {
    let Some(sh) = shared_dir().map(|d| d.join("frankenstein-dev/tei")) else {
        skip_or_fail(
            "pairwise_consistency_on_frankenstein",
            "shared folder absent",
        );
        return;
    };
    if !sh.is_dir() {
        skip_or_fail(
            "pairwise_consistency_on_frankenstein",
            "shared/frankenstein-dev absent",
        );
        return;
    }
    for (ch1818, ch1831) in [("iii", "iv"), ("iv", "v"), ("v", "vi")] {
        let files: Vec<String> = [
            format!("f1818_vol_1_chapter_{ch1818}.xml"),
            format!("fThomas_vol_1_chapter_{ch1818}.xml"),
            format!("f1823_vol_1_chapter_{ch1818}.xml"),
            format!("f1831_chapter_{ch1831}.xml"),
        ]
        .iter()
        .map(|f| sh.join(f).to_str().unwrap().to_string())
        .collect();
        let mut args: Vec<&str> = vec!["collate"];
        args.extend(files.iter().map(String::as_str));
        args.extend(["--format", "json"]);
        let (code, c) = json(&args);
        assert_eq!(code, 1, "chapter {ch1818}");
        for w in 0..files.len() {
            for v in w + 1..files.len() {
                let (code, d) = json(&[
                    "diff",
                    &files[w],
                    &files[v],
                    "--format",
                    "json",
                    "--granularity",
                    "word",
                ]);
                assert_eq!(code, 1, "{} {}", files[w], files[v]);
                let width = |s: &Value| {
                    (s["tokens"][1].as_u64().unwrap() - s["tokens"][0].as_u64().unwrap()) as usize
                };
                let pairwise: usize = d["variants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| width(&x["old"]) + width(&x["new"]))
                    .sum();
                let got = projected_differing_tokens(&c, w, v);
                assert!(pairwise > 0, "{} {}", files[w], files[v]);
                assert!(
                    got <= pairwise + pairwise / 20 + 2,
                    "chapter {ch1818}, {} ~ {}: {got} differing tokens in the collation, {pairwise} in the diff",
                    files[w],
                    files[v]
                );
            }
        }
    }
}

/// Golden apparatus of a rewritten passage (issue 16): the end of Elizabeth's letter, which
/// 1831 rewrote (real text, see golden/collate/README.md). The rewritten sentences are four
/// places, each with each edition's whole reading; `--granularity word` gives the fragments.
#[test]
fn golden_apparatus_of_a_rewritten_passage() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/golden/collate");
    let out = crate::common::output_in(
        &dir,
        &["collate", "1818.txt", "1831.txt", "--format", "apparatus"],
    );
    assert_eq!(out.status.code(), Some(1));
    let want = std::fs::read_to_string(dir.join("letter-end.apparatus")).unwrap();
    assert_eq!(crate::common::stdout(&out), want);
    let fine = crate::common::output_in(
        &dir,
        &[
            "collate",
            "1818.txt",
            "1831.txt",
            "--format",
            "apparatus",
            "--granularity",
            "word",
        ],
    );
    let entries = |s: &str| s.lines().skip_while(|l| !l.is_empty()).skip(1).count();
    assert_eq!(entries(&want), 4);
    assert!(
        entries(&crate::common::stdout(&fine)) > 8,
        "{}",
        crate::common::stdout(&fine)
    );
}

/// `--regularized inline|separate|hide`: the variants the `--regularize` table makes equal to
/// the base's reading are listed among their place's readings (default), in a section of their
/// own, or not at all; the other variants are unchanged (issue 16).
#[test]
fn regularized_variants_inline_separate_or_hidden() {
    let (_d, p) = files(&[
        ("A.txt", "The colour of the sky was grey.\n"),
        ("B.txt", "The color of the sky was gray.\n"),
        ("C.txt", "The colour of the sea was grey.\n"),
        ("reg.txt", "colour = color\ngrey = gray\n"),
    ]);
    let app = |mode: &str| {
        let (code, out, err) = run(&[
            "collate",
            &p[0],
            &p[1],
            &p[2],
            "--regularize",
            &p[3],
            "--format",
            "apparatus",
            "--regularized",
            mode,
        ]);
        assert_eq!(code, 1, "{err}");
        out
    };
    let colour = "colour] A C; color B  (spelling substitution)";
    let grey = "grey] A C; gray B  (spelling substitution)";
    let sky = "sky] A B; sea C  (substantive substitution)";
    let inline = app("inline");
    let lines: Vec<&str> = inline.lines().filter(|l| l.contains(']')).collect();
    assert_eq!(lines.len(), 3, "{inline}");
    assert!(lines[0].contains(&format!("1.2  {colour}")), "{inline}");
    assert!(lines[1].ends_with(sky), "{inline}");
    assert!(lines[2].ends_with(grey), "{inline}");
    assert!(!inline.contains("Regularized"), "{inline}");
    let separate = app("separate");
    let (main, reg) = separate.split_once("\nRegularized:\n").expect(&separate);
    assert!(main.contains(sky) && !main.contains("color"), "{separate}");
    assert!(reg.contains(colour) && reg.contains(grey), "{separate}");
    let hide = app("hide");
    assert!(hide.contains(sky), "{hide}");
    assert!(!hide.contains("color") && !hide.contains("gray"), "{hide}");
}

/// `--regularized inline|separate|hide` in the JSON, HTML and TEI outputs, as in the
/// apparatus: the regularized variants are apparatus entries marked `regularized` among the
/// others, a list of their own after the apparatus, or absent (issue 16).
#[test]
fn regularized_variants_in_json_html_and_tei() {
    let (_d, p) = files(&[
        ("A.txt", "The colour of the sky was grey.\n"),
        ("B.txt", "The color of the sky was gray.\n"),
        ("C.txt", "The colour of the sea was grey.\n"),
        ("reg.txt", "colour = color\ngrey = gray\n"),
    ]);
    let out = |format: &str, mode: &str| {
        let (code, out, err) = run(&[
            "collate",
            &p[0],
            &p[1],
            &p[2],
            "--regularize",
            &p[3],
            "--format",
            format,
            "--regularized",
            mode,
        ]);
        assert_eq!(code, 1, "{err}");
        out
    };
    // JSON: (key, regularized, readings as `text=SIGLA`) per entry.
    let entries = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let readings: Vec<String> = e["readings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        let w: Vec<&str> = r["witnesses"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|x| x.as_str().unwrap())
                            .collect();
                        format!("{}={}", r["text"].as_str().unwrap(), w.join(" "))
                    })
                    .collect();
                let reg = if e["regularized"] == true {
                    " (reg)"
                } else {
                    ""
                };
                format!(
                    "{}{reg}: {}",
                    e["key"].as_str().unwrap(),
                    readings.join("; ")
                )
            })
            .collect()
    };
    let colour = "1.2 (reg): colour=A C; color=B";
    let sky = "1.5: sky=A B; sea=C";
    let grey = "1.7 (reg): grey=A C; gray=B";
    let json = |mode: &str| -> Value { serde_json::from_str(&out("json", mode)).unwrap() };
    let inline = json("inline");
    assert_eq!(entries(&inline["apparatus"]), [colour, sky, grey]);
    assert!(inline.get("regularized").is_none(), "{inline}");
    assert_eq!(
        inline["classes"],
        serde_json::json!({"spelling": 2, "substantive": 1})
    );
    let separate = json("separate");
    assert_eq!(entries(&separate["apparatus"]), [sky]);
    assert_eq!(entries(&separate["regularized"]), [colour, grey]);
    assert_eq!(separate["classes"], serde_json::json!({"substantive": 1}));
    let hide = json("hide");
    assert_eq!(entries(&hide["apparatus"]), [sky]);
    assert!(hide.get("regularized").is_none(), "{hide}");
    // HTML: the apparatus list items, then (separate) a list of their own.
    let items = |mode: &str| -> Vec<String> {
        out("html", mode)
            .lines()
            .skip_while(|l| !l.starts_with("<h2>Apparatus"))
            .filter(|l| l.starts_with("<li") || l.starts_with("<h2>"))
            .map(str::to_string)
            .collect()
    };
    let li = |c: usize, reading: &str, class: &str| {
        let reg = if class == "spelling" {
            " class=\"reg\""
        } else {
            ""
        };
        format!(
            "<li{reg}><a href=\"#c{c}\">line 1</a>: {reading} <span class=\"n\">({class} substitution)</span></li>"
        )
    };
    let (h_colour, h_sky, h_grey) = (
        li(1, "colour] A C; color B", "spelling"),
        li(2, "sky] A B; sea C", "substantive"),
        li(3, "grey] A C; gray B", "spelling"),
    );
    let app = "<h2>Apparatus</h2>".to_string();
    assert_eq!(
        items("inline"),
        [&app, &h_colour, &h_sky, &h_grey].map(String::clone)
    );
    let reg = "<h2>Regularized variants</h2>".to_string();
    assert_eq!(
        items("separate"),
        [&app, &h_sky, &reg, &h_colour, &h_grey].map(String::clone)
    );
    assert_eq!(items("hide"), [&app, &h_sky].map(String::clone));
    // TEI: the text, and (separate) the list after it.
    let body = |mode: &str| {
        let x = out("tei", mode);
        x[x.find("<text>").unwrap()..x.find("</TEI>").unwrap()].to_string()
    };
    let sky_app = r##"<app><lem wit="#A #B">sky </lem><rdg wit="#C">sea </rdg></app>"##;
    let reg_app = |w: &str, b: &str, loc: &str| {
        format!(
            r##"<app type="regularized"{loc}><lem wit="#A #C">{w}</lem><rdg wit="#B">{b}</rdg></app>"##
        )
    };
    assert_eq!(
        body("inline"),
        format!(
            r#"<text><body><ab xml:space="preserve">The {} of the {sky_app}was {}.
</ab></body></text>"#,
            reg_app("colour", "color", ""),
            reg_app("grey", "gray", ""),
        )
    );
    assert_eq!(
        body("separate"),
        format!(
            r#"<text><body><ab xml:space="preserve">The colour of the {sky_app}was grey.
</ab></body><back><div type="regularized"><listApp>{}{}</listApp></div></back></text>"#,
            reg_app("colour", "color", r#" loc="1.2""#),
            reg_app("grey", "gray", r#" loc="1.7""#),
        )
    );
    assert_eq!(
        body("hide"),
        format!(
            r#"<text><body><ab xml:space="preserve">The colour of the {sky_app}was grey.
</ab></body></text>"#
        )
    );
}

/// Inline, a TEI document keeps every witness's own reading: each witness read back from it
/// (text outside `<app>`, plus its own `<lem>` or `<rdg>`) is the witness, a regularized
/// reading inside a variation place included (`color sky`, grouped with the base's `colour sky`
/// against `hue sea`, is a `<rdg>` of its own there). Hidden, the regularized witness reads the
/// base's spelling.
#[test]
fn tei_inline_regularized_reads_back_every_witness() {
    let texts = [
        ("A.txt", "We saw the colour sky, grey and wide.\n"),
        ("B.txt", "We saw the color sky, gray and wide.\n"),
        ("C.txt", "We saw the hue sea, grey and wide.\n"),
    ];
    let (_d, p) = files(&[
        texts[0],
        texts[1],
        texts[2],
        ("reg.txt", "colour = color\ngrey = gray\n"),
    ]);
    let tei = |mode: &str| {
        let (code, out, err) = run(&[
            "collate",
            &p[0],
            &p[1],
            &p[2],
            "--regularize",
            &p[3],
            "--format",
            "tei",
            "--regularized",
            mode,
        ]);
        assert_eq!(code, 1, "{err}");
        out
    };
    let inline = tei("inline");
    assert!(inline.contains(r##"<rdg wit="#B">color sky"##), "{inline}");
    for (id, (_, want)) in ["A", "B", "C"].iter().zip(texts) {
        assert_eq!(tei_witness(&inline, id), want, "{id}: {inline}");
    }
    let hide = tei("hide");
    assert_eq!(
        tei_witness(&hide, "B"),
        "We saw the colour sky, grey and wide.\n",
        "{hide}"
    );
}

/// Witness `id` read back from a TEI parallel-segmentation document: the text of `<ab>`
/// outside `<app>`, plus the `<lem>` or `<rdg>` of each `<app>` whose `wit` names it.
fn tei_witness(xml: &str, id: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut in_ab, mut depth_app, mut mine) = (String::new(), false, 0, false);
    let me = format!("#{id}");
    loop {
        match reader.read_event().expect("well-formed TEI") {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "ab" => in_ab = true,
            Event::End(e) if e.name().as_ref() == "ab" => in_ab = false,
            Event::Start(e) if in_ab && e.name().as_ref() == "app" => depth_app += 1,
            Event::End(e) if in_ab && e.name().as_ref() == "app" => depth_app -= 1,
            Event::Start(e) if in_ab && matches!(e.name().as_ref(), "lem" | "rdg") => {
                let w = e.try_get_attribute("wit").unwrap().unwrap();
                mine = w.value.split(' ').any(|x| x == me);
            }
            Event::End(e) if in_ab && matches!(e.name().as_ref(), "lem" | "rdg") => mine = false,
            Event::Text(t) if in_ab && (depth_app == 0 || mine) => out.push_str(&t.xml10_content()),
            _ => {}
        }
    }
    out
}

/// Two witnesses modelled on Darwin's *Origin of Species*, chapter I (the wording is invented
/// for the test, after the 1859 and 1872 readings the issue quotes): a real local move
/// (`differ from each other more` / `differ more from each other`) and, two paragraphs apart,
/// an omission and an addition of the same three words.
pub(crate) fn darwin_like() -> (String, String) {
    let filler = "Seedlings raised from the same fruit under nearly the same conditions show a wide range of difference in size, colour, vigour and habit; gardeners select among them year after year, keeping the best plants for seed, and in the course of many generations the selected forms come to differ greatly from their wild parents in every part which the breeder values. Animals kept by man show the same tendency in a marked degree.";
    let a = format!(
        "When we look to the individuals of the same variety of our older cultivated plants and animals, one of the first points which strikes us is that they generally differ from each other more than do the individuals of any one species in a state of nature. This variability is very remarkable and general.\n\n{filler}\n\nThe plastic organisation of the parent seems to be acted on by changed conditions of life.\n"
    );
    let b = format!(
        "When we look to the individuals of the same variety of our older cultivated plants and animals, one of the first points which strikes us is that they generally differ more from each other than do the individuals of any one species in a state of nature. This variability is general.\n\n{filler}\n\nThe very remarkable and plastic organisation of the parent seems to be acted on by changed conditions of life.\n"
    );
    (a, b)
}

/// Transpositions are moves a reader would call one: the local move is found; the same words
/// omitted in one paragraph and added two paragraphs on (over 50 tokens apart) are two
/// independent changes, not a transposition (issue 16).
#[test]
fn transpositions_are_local_moves_of_content() {
    let (a, b) = darwin_like();
    let (_d, p) = files(&[("1859.txt", &a), ("1872.txt", &b)]);
    let (code, v) = json(&["collate", &p[0], &p[1], "--format", "json"]);
    assert_eq!(code, 1);
    let t = v["transpositions"].as_array().unwrap();
    assert_eq!(t.len(), 1, "{}", v["transpositions"]);
    let text = t[0]["text"].as_str().unwrap();
    assert!(text == "more" || text == "from each other", "{text}");
    let far: Vec<&Value> = v["apparatus"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.to_string().contains("remarkable"))
        .collect();
    assert_eq!(far.len(), 2, "{far:?}");
    assert!(far.iter().all(|e| e["transposition"].is_null()), "{far:?}");
    // The transposition line cites the places by their word-level apparatus keys.
    let keys: Vec<&str> = v["apparatus"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["transposition"] == "T1")
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 2, "{}", v["apparatus"]);
    let (_, text, _) = run(&["collate", &p[0], &p[1], "--format", "apparatus"]);
    let t1 = text.lines().find(|l| l.starts_with("T1: ")).expect(&text);
    for k in keys {
        assert!(k.starts_with("1."), "{k}");
        assert!(t1.contains(&format!("at {k} in")), "{t1}");
    }
}
