//! `lectio report` end to end, and the report in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::{repo_root, run, shipped_store, skip_or_fail, write_file};

fn report_json(store: &str, out: &Path) -> Value {
    report_json_with(store, out, &[])
}

fn report_json_with(store: &str, out: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["--store", store, "report", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.extend(["--format", "json"]);
    let (code, stdout, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn report_on_the_shipped_store() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    let s = shipped_store();
    let (code, text, err) = run(&["--store", &s, "report", "--out", page.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("1 work(s), 5 edition(s), 6 version(s), 3 language(s)"),
        "{text}"
    );
    assert!(text.contains("report written to"), "{text}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("default-src 'none'"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    let r = report_json(&s, &page);
    assert_eq!(r["version"], 1);
    let w = &r["works"][0];
    assert_eq!(w["work"], "politburo-1932");
    // en-marxists @1 → @2 differ only by the page chrome of the scrape.
    let vd = w["version_diffs"].as_array().unwrap();
    assert_eq!(vd.len(), 1);
    assert_eq!(vd[0]["edition"], "en-marxists");
    assert_eq!(vd[0]["counts"]["variants"], 1);
    assert!(
        vd[0]["variants"][0]["old"]
            .as_str()
            .unwrap()
            .contains("Jump to navigation")
    );
    assert_eq!(vd[0]["variants"][0]["new"], "");
    // en-emended vs en-marxists: the 3 emendations.
    let en = &w["groups"][0];
    assert_eq!(en["lang"], "en");
    assert_eq!(en["places"].as_array().unwrap().len(), 3);
    assert_eq!(r["totals"]["places"], 3);
    // The TEI edition's readings cite the page of the printed source (issue #17).
    let et = en["places"][0]["readings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["cites"].as_array().is_some_and(|c| !c.is_empty()))
        .unwrap_or_else(|| panic!("no reading cites a page: {en}"));
    assert_eq!(et["cites"][0][1], "p. 18", "{et}");
    assert!(
        html.contains("ET [p. 18]"),
        "the report shows the TEI witness's page"
    );
    // Each translation is aligned with the Russian original, and the two with each other
    // (issue #18): beyond the partial original the translation is expected, said once.
    let tr = w["translations"].as_array().unwrap();
    let pairs: Vec<(String, String)> = tr
        .iter()
        .map(|t| {
            let name = |k: &str| {
                let v = t[k].as_str().unwrap();
                v[v.find('/').unwrap() + 1..v.find('@').unwrap()].to_string()
            };
            (name("source"), name("translation"))
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("ru-iskra".into(), "en-marxists".into()),
            ("ru-iskra".into(), "es-ceip".into()),
            ("en-marxists".into(), "es-ceip".into())
        ]
    );
    for t in tr {
        assert!(!t["beads"].as_array().unwrap().is_empty(), "{t}");
        assert!(
            t["beyond_partial"]
                .as_str()
                .unwrap()
                .contains("as expected")
        );
        // The tail is no finding: no omission or addition at all on these faithful texts.
        let kinds: Vec<&str> = t["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["kind"].as_str().unwrap())
            .collect();
        assert!(
            !kinds.contains(&"omission") && !kinds.contains(&"addition"),
            "{kinds:?}"
        );
    }
    assert!(
        tr[0]["beyond_partial"]
            .as_str()
            .unwrap()
            .starts_with("ru-iskra is partial: the translation's last 42 sentence(s)")
    );
    assert!(
        tr[2]["beyond_partial"]
            .as_str()
            .unwrap()
            .starts_with("es-ceip is partial: the source's last 36 sentence(s)")
    );
    assert!(tr[2]["note"].as_str().unwrap().contains("ru-iskra"));
    // The Russian first sentence of paragraph 2 pairs with its English translation.
    let en = &tr[0];
    let bead = en["beads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["src"]["start"] == 9)
        .unwrap();
    let tgt = bead["tgt"]["start"].as_u64().unwrap() as usize;
    assert!(
        en["target_sentences"][tgt]
            .as_str()
            .unwrap()
            .starts_with("I do not speak of the Central Committee")
    );
    assert_eq!(html.matches("lie beyond it, as expected").count(), 3);
    // Empty store folder: an input error, not a panic.
    let (code, _, _) = run(&[
        "--store",
        dir.path().join("none").to_str().unwrap(),
        "report",
        "--out",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "no store there: an input error");
}

/// A store whose texts, titles and names carry hostile markup, formulas and bidi controls.
pub fn hostile_store(dir: &Path) -> PathBuf {
    let st = dir.join("store");
    let st_s = st.to_str().unwrap();
    assert_eq!(run(&["--store", st_s, "init"]).0, 0);
    let evil = "Dear </style><script>alert(1)</script> \"quoted\" 'single' \u{202E}evil\u{202C} \
=HYPERLINK(\"http://x\") +1 -2 @SUM(A1) and <img src=x onerror=alert(2)> end.";
    let plain = "Dear friends, quoted single evil =1 +1 -2 @SUM(A1) and more text end.";
    let a = write_file(dir, "a.txt", evil);
    let b = write_file(dir, "b.txt", plain);
    let c = write_file(dir, "c.txt", evil.replace("end.", "the end."));
    for (f, ed) in [(&a, "evil"), (&b, "plain"), (&c, "evil2")] {
        let e = format!("hostile/{ed}");
        let (code, _, err) = run(&[
            "--store",
            st_s,
            "add",
            "--edition",
            &e,
            f.to_str().unwrap(),
            "--lang",
            "en",
            "--title",
            "T </title><script>alert(3)</script>",
            "--kind",
            "transcription",
        ]);
        assert_eq!(code, 0, "{err}");
    }
    st
}

#[test]
fn hostile_text_is_inert_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let st = hostile_store(dir.path());
    let st_s = st.to_str().unwrap();
    let page = dir.path().join("r.html");
    let (code, _, err) = run(&["--store", st_s, "report", "--out", page.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    check_inert_html(&html);
}

/// Assert that hostile text in a page is escaped (see [`hostile_store`]).
pub fn check_inert_html(html: &str) {
    // The only script element is lectio's own, once.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert_eq!(html.matches("</style>").count(), 1);
    assert!(!html.contains("<img"));
    assert!(!html.contains('\u{202E}'));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

/// Headless Chromium, if installed.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| {
            let out = Command::new("sh")
                .args(["-c", &format!("command -v {n}")])
                .output()
                .ok()?;
            let p = String::from_utf8_lossy(&out.stdout).trim().to_string();
            (!p.is_empty()).then(|| PathBuf::from(p))
        })
}

fn chrome(bin: &Path, profile: &Path, extra: &[&str], page: &str) -> std::process::Output {
    Command::new(bin)
        .args(crate::machine::CHROMIUM_HEADLESS)
        .args(["--hide-scrollbars", "--enable-logging=stderr", "--v=0"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(page)
        .output()
        .expect("chromium runs")
}

fn attr(dom: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    let i = dom
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in the DOM"));
    let rest = &dom[i + key.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

fn by_class(v: &Value) -> String {
    let mut s: Vec<String> = v
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, n)| n.as_u64().unwrap() > 0)
        .map(|(k, n)| format!("{k}:{n}"))
        .collect();
    s.sort();
    s.join(",")
}

/// The report in headless Chromium: a screenshot (saved to `docs/report.png` when
/// `LECTIO_SAVE_SCREENSHOT=1`), the script ran to the end without error, and the numbers the
/// page shows and counts equal those of `--format json`.
#[test]
fn report_in_headless_chromium() {
    let Some(bin) = chromium() else {
        skip_or_fail("report_in_headless_chromium", "chromium not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("lectio-report.html");
    let r = report_json(&shipped_store(), &page);
    let profile = dir.path().join("profile");
    let url = format!("file://{}", page.display());
    let shot = dir.path().join("shot.png");
    let out = chrome(
        &bin,
        &profile,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600",
        ],
        &url,
    );
    assert!(
        shot.metadata().map(|m| m.len() > 10_000).unwrap_or(false),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if std::env::var_os("LECTIO_SAVE_SCREENSHOT").is_some() {
        std::fs::copy(&shot, repo_root().join("docs/report.png")).unwrap();
    }
    let out = chrome(&bin, &profile, &["--dump-dom"], &url);
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        !log.contains("Uncaught") && !log.contains("Refused to"),
        "script or CSP error: {log}"
    );
    assert!(body_ok(&dom), "the page script did not finish: {log}");
    let t = &r["totals"];
    assert_eq!(attr(&dom, "data-places"), t["places"].to_string());
    assert_eq!(
        attr(&dom, "data-places-by-class"),
        by_class(&t["places_by_class"])
    );
    assert_eq!(
        attr(&dom, "data-version-variants"),
        t["version_variants"].to_string()
    );
    assert_eq!(
        attr(&dom, "data-version-variants-by-class"),
        by_class(&t["version_variants_by_class"])
    );
    assert_eq!(attr(&dom, "data-findings"), t["findings"].to_string());
    // The summary table shows the JSON's numbers.
    for key in [
        "works",
        "editions",
        "versions",
        "languages",
        "places",
        "version_variants",
        "findings",
    ] {
        let marker = format!("data-key=\"{key}\">");
        let i = dom.find(&marker).unwrap_or_else(|| panic!("no {key}"));
        let rest = &dom[i + marker.len()..];
        let shown = &rest[..rest.find('<').unwrap()];
        assert_eq!(shown, t[key].to_string(), "{key}");
    }
    assert_eq!(attr(&dom, "data-visible-places"), t["places"].to_string());
    // Filtering by class (from the address, as a reader's click would) hides those places.
    let out = chrome(
        &bin,
        &profile,
        &["--dump-dom"],
        &format!("{url}#hide=substantive,number"),
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(body_ok(&dom), "the page script did not finish");
    let hidden = t["places_by_class"]["substantive"].as_u64().unwrap()
        + t["places_by_class"]["number"].as_u64().unwrap();
    let visible = t["places"].as_u64().unwrap() - hidden;
    assert_eq!(attr(&dom, "data-visible-places"), visible.to_string());
    let body = &dom[dom.find("<body").unwrap()..];
    let body = &body[..body.find('>').unwrap()];
    assert!(
        body.contains("hide-substantive") && body.contains("hide-number"),
        "{body}"
    );
}

/// `<body>` carries `data-ok="1"`: the inline script ran to its end.
fn body_ok(dom: &str) -> bool {
    dom.find("<body")
        .map(|i| &dom[i..])
        .and_then(|b| b.find('>').map(|j| b[..j].contains("data-ok=\"1\"")))
        .unwrap_or(false)
}

/// `--work` reports one work only (an unknown one is an input error); `--tree` chooses the
/// tree method, which the page names.
#[test]
fn work_and_tree() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("r.html");
    let page_s = page.to_str().unwrap();
    let s = shipped_store();
    let r = report_json_with(&s, &page, &["--work", "politburo-1932"]);
    let works: Vec<&str> = r["works"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["work"].as_str().unwrap())
        .collect();
    assert_eq!(works, ["politburo-1932"]);
    let (code, _, err) = run(&["--store", &s, "report", "--out", page_s, "--work", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("no work 'nope'"), "{err}");
    let html = |tree: Option<&str>| {
        let mut a = vec!["--store", &s, "report", "--out", page_s];
        if let Some(t) = tree {
            a.extend(["--tree", t]);
        }
        let (code, _, err) = run(&a);
        assert_eq!(code, 0, "{err}");
        std::fs::read_to_string(&page).unwrap()
    };
    let nj = html(None);
    assert!(nj.contains("neighbour-joining") && !nj.contains("UPGMA"));
    assert!(
        html(Some("nj")).contains("neighbour-joining"),
        "nj is the default"
    );
    let upgma = html(Some("upgma"));
    assert!(upgma.contains("UPGMA") && !upgma.contains("neighbour-joining"));
    let (code, _, _) = run(&["--store", &s, "report", "--out", page_s, "--tree", "nope"]);
    assert_eq!(code, 2);
}
