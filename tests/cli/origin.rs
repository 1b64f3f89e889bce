//! Darwin's *Origin of Species* in three printed editions (1859, 1860, 1872; real,
//! public-domain text in `tests/data/origin/`, see SOURCES.md there): the pairwise-consistency
//! property of issue 16 on a multi-edition text kept in the repository.

use serde_json::Value;

use crate::collate::projected_differing_tokens;
use crate::common::{repo_root, run};

fn json(args: &[&str]) -> Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 1, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

/// For every pair of editions, the collation projected onto the pair shows no more differing
/// tokens than `lectio diff --algorithm patience` of the pair (its `edits`), up to a slack of
/// 5 % plus 2 tokens: a passage two editions read alike is never drawn as an omission plus an
/// addition. Units: the Introduction (1859, 1860, 1872: 1859 and 1860 keep the paragraph on
/// the *Vestiges* that 1872 dropped, and 1872 rewrote sentences throughout) and the opening of
/// chapter I (1859, 1860, 1872: 1872 rewrote it, with new paragraphs and headings). Measured
/// when written (see BENCHMARKS-collate.md): 47/47, 267/283, 238/254, 93/93, 1833/1851 and
/// 1794/1844 tokens.
#[test]
fn pairwise_consistency_on_the_origin_of_species() {
    let dir = repo_root().join("tests/data/origin");
    for (stem, years) in [
        ("intro", &["1859", "1860", "1872"][..]),
        ("ch1", &["1859", "1860", "1872"][..]),
    ] {
        let paths: Vec<String> = years
            .iter()
            .map(|y| dir.join(format!("{stem}-{y}.txt")).display().to_string())
            .collect();
        let mut args = vec!["collate", "--format", "json"];
        args.extend(paths.iter().map(String::as_str));
        let c = json(&args);
        assert_eq!(c["witnesses"].as_array().unwrap().len(), years.len());
        for w in 0..paths.len() {
            for v in w + 1..paths.len() {
                let d = json(&[
                    "diff",
                    "--algorithm",
                    "patience",
                    "--format",
                    "json",
                    &paths[w],
                    &paths[v],
                ]);
                let pairwise = d["edits"].as_u64().unwrap() as usize;
                let got = projected_differing_tokens(&c, w, v);
                assert!(pairwise > 0, "{stem} {}~{}", years[w], years[v]);
                assert!(
                    got <= pairwise + pairwise / 20 + 2,
                    "{stem} {}~{}: {got} differing tokens in the collation, {pairwise} in the diff",
                    years[w],
                    years[v]
                );
            }
        }
    }
}

/// The paragraph on the *Vestiges of Creation*, which 1859 and 1860 print and 1872 dropped, is
/// one place of the collation: 1872 omits it whole, and 1859 and 1860 are not split into
/// fragments matched on the words 1872 shares elsewhere (issue 16, "an inserted paragraph is
/// shredded").
#[test]
fn dropped_paragraph_of_the_origin_is_one_place() {
    let dir = repo_root().join("tests/data/origin");
    let paths: Vec<String> = ["1859", "1860", "1872"]
        .iter()
        .map(|y| dir.join(format!("intro-{y}.txt")).display().to_string())
        .collect();
    let mut args = vec!["collate", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let c = json(&args);
    let places: Vec<&Value> = c["apparatus"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.to_string().contains("Vestiges"))
        .collect();
    assert_eq!(places.len(), 1, "{places:#?}");
    let text = places[0].to_string();
    for words in ["The author of the", "untouched and unexplained"] {
        assert!(text.contains(words), "{text}");
    }
}
