//! `lectio variants` end to end.

use std::path::Path;

use crate::common::{Sandbox, code, json, run, run_env, shipped_store, stderr, write_file};
use crate::report::{check_inert_html, hostile_store};

/// Six small witnesses with a little shared history, as files.
fn corpus(dir: &Path) -> Vec<String> {
    let base = "The party of the dictatorship has been brought to a state of crisis. \
The policy of the Comintern is steering the German revolution toward destruction, \
and the fate of the proletariat is being determined now.";
    let texts = [
        base.to_string(),
        base.replace("crisis", "collapse"),
        base.replace("crisis", "collapse")
            .replace("now.", "now and here."),
        base.replace("German", "german").replace(", \nand", " and"),
        base.replace("policy of the Comintern", "Comintern's policy"),
        base.replace("destruction", "destruction, as in China"),
    ];
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            write_file(dir, &format!("w{i}.txt"), t)
                .display()
                .to_string()
        })
        .collect()
}

#[test]
fn formats_on_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(dir.path());
    let mut args: Vec<&str> = vec!["variants"];
    args.extend(files.iter().map(String::as_str));
    let (code, text, err) = run(&args);
    assert_eq!(code, 1, "variants found → 1");
    assert!(err.is_empty(), "quiet when stderr is not a terminal: {err}");
    assert!(text.contains("6 witnesses, 15 pairs"), "{text}");
    assert!(text.contains("tree (neighbour-joining)"), "{text}");

    let mut a = args.clone();
    a.extend(["--format", "json"]);
    let v = json(&a).1;
    assert_eq!(v["version"], 1);
    assert_eq!(v["pairs"].as_array().unwrap().len(), 15);
    assert_eq!(v["matrix"].as_array().unwrap().len(), 6);
    let p01 = &v["pairs"][0];
    assert_eq!((p01["a"].as_u64(), p01["b"].as_u64()), (Some(0), Some(1)));
    assert_eq!(p01["counts"]["variants"], 1);
    assert_eq!(p01["counts"]["by_class"]["substantive"], 1);
    assert_eq!(p01["counts"]["variant_tokens"], 2);
    let d = p01["counts"]["variant_tokens"].as_f64().unwrap()
        / p01["counts"]["aligned_tokens"].as_f64().unwrap();
    assert_eq!(v["matrix"][0][1].as_f64().unwrap(), d);
    assert_eq!(v["matrix"][1][0].as_f64().unwrap(), d);
    assert!(v["newick"].as_str().unwrap().ends_with(';'));
    // w1 and w2 share "collapse": they are neighbours in the tree.
    let places = v["places"].as_array().unwrap();
    assert!(!places.is_empty());
    assert!(places.iter().any(|p| {
        p["readings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["text"] == "collapse" && r["witnesses"] == serde_json::json!([1, 2]))
    }));

    // --only / --ignore change the counts.
    let mut a = args.clone();
    a.extend(["--format", "json", "--only", "case"]);
    let v = json(&a).1;
    assert_eq!(v["totals"]["by_class"]["substantive"], 0);
    assert!(v["totals"]["by_class"]["case"].as_u64().unwrap() > 0);
    assert!(
        v["places"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["class"] == "case")
    );
    let mut a = args.clone();
    a.extend(["--format", "json", "--ignore", "case"]);
    let v = json(&a).1;
    assert_eq!(v["totals"]["by_class"]["case"], 0);

    // One table per output (#21): pairs by default, or the one --table names.
    let csv_table = |table: Option<&str>| {
        let mut a = args.clone();
        a.extend(["--format", "csv"]);
        a.extend(table.map(|t| ["--table", t]).iter().flatten());
        let (_, csv, _) = run(&a);
        assert!(!csv.contains("\n\n"), "one table: {csv}");
        csv.lines().next().unwrap().to_string()
    };
    assert!(csv_table(None).starts_with("a,b,distance,variants"));
    assert_eq!(csv_table(Some("matrix")), "siglum,w0,w1,w2,w3,w4,w5");
    assert_eq!(
        csv_table(Some("places")),
        "place,line,class,kind,lemma,reading,witnesses"
    );

    let mut a = args.clone();
    a.extend(["--format", "newick", "--tree", "upgma"]);
    let (_, nw, _) = run(&a);
    assert!(nw.trim_end().ends_with(';') && nw.contains("w0"), "{nw}");

    let mut a = args.clone();
    a.extend(["--format", "html"]);
    let (_, html, _) = run(&a);
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("<svg"));
}

#[test]
fn sharded_equals_unsharded_and_threads_do_not_matter() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus(dir.path());
    let mut base: Vec<&str> = vec!["variants"];
    base.extend(files.iter().map(String::as_str));
    for format in ["json", "csv", "text"] {
        let mut a = base.clone();
        a.extend(["--format", format]);
        let (_, whole, _) = run_env(&a, &[("RAYON_NUM_THREADS", "1")]);
        let (_, four, _) = run_env(&a, &[("RAYON_NUM_THREADS", "4")]);
        assert_eq!(whole, four, "1 vs 4 threads differ ({format})");
        for n in [1usize, 4, 7] {
            let mut shard_files = Vec::new();
            for k in 1..=n {
                let s = format!("{k}/{n}");
                let mut a = base.clone();
                a.extend(["--shard", &s]);
                let (code, out, err) = run_env(&a, &[("RAYON_NUM_THREADS", "2")]);
                assert_eq!(code, 0, "{err}");
                let p = write_file(dir.path(), &format!("s{k}of{n}.jsonl"), &out);
                shard_files.push(p.display().to_string());
            }
            // Any order of the shard files.
            shard_files.reverse();
            let mut m: Vec<&str> = vec!["variants", "--merge", "--format", format];
            m.extend(shard_files.iter().map(String::as_str));
            let (code, merged, err) = run_env(&m, &[]);
            assert_eq!(code, 1, "{err}");
            assert_eq!(
                String::from_utf8_lossy(&merged),
                String::from_utf8_lossy(&whole),
                "merge of {n} shards differs ({format})"
            );
        }
    }
    // A missing shard is an input error.
    let mut a = base.clone();
    a.extend(["--shard", "1/2"]);
    let (_, out, _) = run_env(&a, &[]);
    let p = write_file(dir.path(), "only1.jsonl", &out);
    let (code, _, err) = run(&["variants", "--merge", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("missing shard(s) 2/2"), "{err}");
    let (code, _, err) = run(&["variants", &files[0], &files[1], "--shard", "3/2"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn on_the_shipped_store() {
    let s = shipped_store();
    let v = json(&[
        "--store",
        &s,
        "variants",
        "--work",
        "politburo-1932",
        "--lang",
        "en",
        "--format",
        "json",
    ])
    .1;
    // en-emended, en-emended-tei (read as TEI: the same reading text), en-marxists.
    assert_eq!(v["witnesses"].as_array().unwrap().len(), 3);
    assert_eq!(v["pairs"][0]["counts"]["variants"], 0);
    // en-emended (and its TEI edition) differ from en-marxists by the 3 emendations.
    assert_eq!(v["pairs"][1]["counts"]["variants"], 3);
    assert_eq!(v["pairs"][2]["counts"]["variants"], 3);
    assert_eq!(v["places"].as_array().unwrap().len(), 3);
    let (code, _, _) = run(&[
        "--store",
        &s,
        "variants",
        "politburo-1932/en-marxists@2",
        "politburo-1932/en-marxists@2",
    ]);
    assert_eq!(code, 0, "identical witnesses → 0");
    let (code, _, err) = run(&["--store", &s, "variants", "--work", "nope"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["--store", &s, "variants", "politburo-1932/en-emended"]);
    assert_eq!(code, 2);
    assert!(err.contains("at least two"), "{err}");
}

#[test]
fn hostile_text_is_inert() {
    let dir = tempfile::tempdir().unwrap();
    hostile_store(dir.path());
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let c = dir.path().join("c.txt");
    let (a, b, c) = (
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        c.to_str().unwrap(),
    );
    let (_, html, _) = run(&["variants", a, b, c, "--format", "html"]);
    check_inert_html(&html);
    for table in ["pairs", "matrix", "places"] {
        let (_, csv, _) = run(&["variants", a, b, c, "--format", "csv", "--table", table]);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_bytes());
        for rec in rdr.records() {
            for cell in rec.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "formula cell {cell:?} in {csv}"
                );
            }
        }
    }
    let (_, text, _) = run(&["variants", a, b, c]);
    assert!(
        !text.contains('\u{202E}'),
        "bidi control reached the terminal"
    );
}

/// `--no-places` skips the collation of the group (no variation places, same pair counts);
/// `--kind` keeps the editions of one kind only.
#[test]
fn no_places_and_kind() {
    let s = shipped_store();
    let base = [
        "--store",
        &s,
        "variants",
        "--work",
        "politburo-1932",
        "--lang",
        "en",
    ];
    let with = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        a.extend(["--format", "json"]);
        let (code, v) = json(&a);
        assert_eq!(code, 1);
        v
    };
    let full = with(&[]);
    let quick = with(&["--no-places"]);
    assert_eq!(full["places"].as_array().unwrap().len(), 3);
    assert!(quick["places"].is_null(), "not computed: {quick:#}");
    assert_eq!(quick["pairs"], full["pairs"], "--no-places changes no pair");
    // A store with three transcriptions and one emendation: --kind keeps the three.
    let e = Sandbox::new();
    for (ed, kind, text) in [
        ("t1", "transcription", "The cat sat on the mat."),
        ("t2", "transcription", "The cat sat upon the mat."),
        ("t3", "transcription", "A cat sat on the mat."),
        ("em", "emendation", "The cat sat on the mat!"),
    ] {
        let f = e.file(&format!("{ed}.txt"), text);
        let out = e.run(&[
            "add",
            &f,
            "--edition",
            &format!("w/{ed}"),
            "--lang",
            "en",
            "--kind",
            kind,
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let witnesses = |extra: &[&str]| {
        let mut a = vec!["variants", "--work", "w", "--format", "json"];
        a.extend_from_slice(extra);
        let out = e.run(&a);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["witnesses"].as_array().unwrap().len()
    };
    assert_eq!(witnesses(&[]), 4);
    assert_eq!(witnesses(&["--kind", "transcription"]), 3);
    let out = e.run(&["variants", "--work", "w", "--kind", "emendation"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("got 1"), "{}", stderr(&out));
}
