//! Engine hardening through the real binary (issue 8; reliability plan §5 D bad text, F output
//! escaping, G resource limits). `RELIABILITY.md` lists each check and its last
//! result.
//!
//! One hostile witness is rendered by every format of `diff`, `collate` and `check`; markup
//! outputs are parsed back with quick-xml (and with python3's `xml.dom.minidom` when present),
//! terminal outputs are scanned byte by byte for foreign escape sequences, CSV cells for formula
//! prefixes, JSON is parsed and its readings compared with the input.

use std::time::{Duration, Instant};

use quick_xml::events::Event;

use crate::common::{assert_no_panic, lectio, output_in, skip_or_fail, stderr, stdout, write_file};
use crate::engine_props::assert_terminal_safe;

/// Every hostile construct of the plan (F1–F4) in one witness text.
const HOSTILE: &str = "The <script>alert(1)</script> \"><img src=x onerror=alert(1)> ]]> \"'& \
\u{1b}[2J \u{1b}]0;title\u{7} \u{1b}]52;c;ZXZpbA==\u{7} \u{9b}31m \u{202e}evil\u{202c} \u{2066}x\u{2069} \
=cmd|' /C calc'!A0 +1 -2 @SUM(A1) ::error file=x::forged %0A \u{1}\u{b}\u{7f} \u{fffe}\u{ffff} sat.\n\
=HYPERLINK(\"http://x\") -x @y +z \t=tab\n";
const PLAIN: &str = "The cat sat.\nA line here.\n";

/// HTML5 elements that have no end tag.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Parse `s` as XML (strictly, or leniently for HTML5), returning the element names and the
/// decoded text; fail on any parse error, any character XML 1.0 forbids, any `<script>` element,
/// any `on*` attribute or `javascript:` URL.
fn parse_markup(s: &str, strict: bool, what: &str) -> (Vec<String>, String) {
    for c in s.chars() {
        assert!(
            lectio::escape::is_xml_char(c),
            "{what}: U+{:04X} is not an XML character",
            c as u32
        );
    }
    let mut r = quick_xml::Reader::from_str(s);
    if !strict {
        let cfg = r.config_mut();
        cfg.check_end_names = false;
        cfg.allow_unmatched_ends = true;
    }
    let (mut names, mut text) = (Vec::new(), String::new());
    let mut depth = 0i64;
    loop {
        match r.read_event() {
            Err(e) => panic!(
                "{what}: does not parse at {}: {e}\n{s}",
                r.buffer_position()
            ),
            Ok(Event::Eof) => break,
            Ok(ev @ (Event::Start(_) | Event::Empty(_))) => {
                let (Event::Start(e) | Event::Empty(e)) = &ev else {
                    unreachable!()
                };
                let name = AsRef::<str>::as_ref(&e.name()).to_lowercase();
                assert_ne!(name, "script", "{what}: a script element");
                for a in e.html_attributes().flatten() {
                    let key = AsRef::<str>::as_ref(&a.key).to_lowercase();
                    let val = a.value.to_lowercase();
                    assert!(!key.starts_with("on"), "{what}: event attribute {key}");
                    assert!(!val.contains("javascript:"), "{what}: {key}={val}");
                }
                // HTML5 void elements have no end tag: they open nothing.
                let void = !strict && VOID.contains(&name.as_str());
                if matches!(ev, Event::Start(_)) && !void {
                    depth += 1;
                }
                names.push(name);
            }
            Ok(Event::End(e)) => {
                depth -= 1;
                let name = AsRef::<str>::as_ref(&e.name()).to_string();
                assert!(depth >= 0, "{what}: </{name}> closes nothing\n{s}");
            }
            Ok(Event::Text(t)) => text.push_str(&t.html_content()),
            Ok(Event::CData(_)) => panic!("{what}: CDATA section"),
            Ok(Event::GeneralRef(g)) => match g.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => text.push(match &*g.xml10_content() {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    "rarr" if !strict => '→',
                    other => panic!("{what}: unknown entity &{other};"),
                }),
            },
            Ok(_) => {}
        }
    }
    // Content cannot open an element that stays open (nor close one of ours).
    assert_eq!(depth, 0, "{what}: {depth} element(s) left open\n{s}");
    if strict {
        python_parses(s, what);
    }
    (names, text)
}

/// A second, independent XML parser when one is installed.
fn python_parses(s: &str, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let f = write_file(dir.path(), "doc.xml", s);
    match std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])",
        ])
        .arg(&f)
        .output()
    {
        Ok(o) => assert!(o.status.success(), "{what}: minidom: {}", stderr(&o)),
        Err(_) => skip_or_fail(what, "python3 not found; quick-xml only"),
    }
}

fn html_checks(s: &str, what: &str) {
    assert!(
        s.contains("Content-Security-Policy") && s.contains("default-src 'none'"),
        "{what}: no CSP"
    );
    let (names, text) = parse_markup(s, false, what);
    for n in &names {
        assert!(
            [
                "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "div",
                "section", "span", "bdi", "table", "tr", "th", "td", "ul", "ol", "li", "a", "b",
                "i", "p", "br", "del", "ins", "em", "code", "pre", "small", "sup", "details",
                "summary", "thead", "tbody", "caption",
            ]
            .contains(&n.as_str()),
            "{what}: unexpected element <{n}>"
        );
    }
    // (Collation may cut the markup into several columns.)
    assert!(
        text.contains("alert(1)</script>"),
        "{what}: the hostile markup is text"
    );
    assert_no_bidi(s, what);
}

fn assert_no_bidi(s: &str, what: &str) {
    assert!(
        !s.chars().any(lectio::escape::is_bidi_control),
        "{what}: raw bidi control"
    );
}

fn csv_checks(s: &str, delim: u8, what: &str) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delim)
        .has_headers(false)
        .flexible(false)
        .from_reader(s.as_bytes());
    let mut cells = 0;
    for rec in r.records() {
        let rec = rec.unwrap_or_else(|e| panic!("{what}: {e}"));
        for cell in rec.iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: formula cell {cell:?}"
            );
        }
    }
    assert!(cells > 6, "{what}");
    assert_terminal_safe(s, what);
}

fn json_readings(s: &str, what: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{what}: {e}\n{s}"))
}

fn hostile_pair() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "a.txt", PLAIN);
    write_file(dir.path(), "b.txt", HOSTILE);
    write_file(dir.path(), "c.txt", PLAIN.replace("cat", "dog"));
    dir
}

#[test]
fn hostile_text_is_inert_in_every_diff_format() {
    let dir = hostile_pair();
    for color in ["always", "never"] {
        for f in ["text", "word-diff", "apparatus"] {
            let out = output_in(
                dir.path(),
                &["--color", color, "diff", "--format", f, "a.txt", "b.txt"],
            );
            assert_eq!(out.status.code(), Some(1), "{f}: {}", stderr(&out));
            let s = stdout(&out);
            assert_terminal_safe(&s, &format!("diff {f} {color}"));
            if color == "never" {
                assert!(!s.contains('\u{1b}'), "{f}: colour without --color");
            }
        }
        let out = output_in(
            dir.path(),
            &["--color", color, "diff", "--stat", "a.txt", "b.txt"],
        );
        assert_terminal_safe(&stdout(&out), "diff --stat");
    }
    let out = output_in(dir.path(), &["diff", "--format", "html", "a.txt", "b.txt"]);
    html_checks(&stdout(&out), "diff html");
    let out = output_in(
        dir.path(),
        &[
            "--color", "always", "diff", "--format", "json", "a.txt", "b.txt",
        ],
    );
    let v = json_readings(&stdout(&out), "diff json");
    // The readings round-trip: applying them to A gives B's text between the first and last
    // changed token exactly.
    let variants = v["variants"].as_array().unwrap();
    let joined: String = variants
        .iter()
        .map(|x| x["new"]["reading"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join("|");
    for piece in [
        "<script>alert(1)</script>",
        "\u{1b}[2J",
        "\u{202e}evil",
        "\u{fffe}\u{ffff}",
        "=cmd|' /C calc'!A0",
    ] {
        assert!(joined.contains(piece), "json keeps {piece:?}: {joined:?}");
    }
    for x in variants {
        let b = &x["new"]["bytes"];
        let (s, e) = (b[0].as_u64().unwrap(), b[1].as_u64().unwrap());
        assert_eq!(
            x["new"]["reading"].as_str().unwrap(),
            &HOSTILE[s as usize..e as usize]
        );
    }
}

/// Whitespace variants are shown with visible marks (`␠`, `⏎`); the whitespace characters that
/// are also controls (form feed, vertical tab, NEL) must be escaped too, not printed raw.
/// (Found by the `render` fuzz target in CI.)
#[test]
fn control_whitespace_in_a_whitespace_variant_is_inert() {
    let dir = pair_bytes(
        b"one\ntwo three\nfour\n",
        "one \u{c}two\r\n\u{c}three\u{85} four\n".as_bytes(),
    );
    for color in ["always", "never"] {
        for f in ["text", "word-diff", "apparatus"] {
            let out = output_in(
                dir.path(),
                &[
                    "--color",
                    color,
                    "diff",
                    "--whitespace",
                    "--format",
                    f,
                    "a.txt",
                    "b.txt",
                ],
            );
            assert_eq!(out.status.code(), Some(1), "{f}: {}", stderr(&out));
            let s = stdout(&out);
            assert_terminal_safe(&s, &format!("diff {f} {color}"));
            if f == "apparatus" {
                assert!(s.contains("⏎] ␠␌ b"), "apparatus shows the form feed: {s}");
            }
        }
    }
}

#[test]
fn hostile_text_is_inert_in_every_collate_format() {
    let dir = hostile_pair();
    let args = |f: &'static str, color: &'static str| {
        vec![
            "--color", color, "collate", "--format", f, "a.txt", "b.txt", "c.txt",
        ]
    };
    for color in ["always", "never"] {
        for f in ["table", "apparatus", "dot"] {
            let out = output_in(dir.path(), &args(f, color));
            assert_eq!(out.status.code(), Some(1), "{f}: {}", stderr(&out));
            assert_terminal_safe(&stdout(&out), &format!("collate {f} {color}"));
        }
        let out = output_in(
            dir.path(),
            &[&args("table", color)[..], &["--vertical"]].concat(),
        );
        assert_terminal_safe(&stdout(&out), "collate table --vertical");
    }
    // DOT: every line is one statement; labels cannot end early.
    let dot = stdout(&output_in(dir.path(), &args("dot", "never")));
    for l in dot.lines() {
        let t = l.trim();
        let ok = t == "}" || t.starts_with("digraph ") || t.ends_with(';');
        assert!(ok, "dot line {l:?}");
        // Outside quoted strings, no hostile text.
        let mut outside = String::new();
        let mut inq = false;
        let mut esc = false;
        for c in t.chars() {
            match (inq, esc, c) {
                (true, false, '\\') => esc = true,
                (true, true, _) => esc = false,
                (_, false, '"') => inq = !inq,
                (false, _, c) => outside.push(c),
                _ => {}
            }
        }
        assert!(!inq, "unterminated label in {l:?}");
        assert!(
            !outside.contains("script") && !outside.contains("alert"),
            "{l:?}"
        );
    }
    for (f, d) in [("csv", b','), ("tsv", b'\t')] {
        let out = output_in(dir.path(), &args(f, "always"));
        csv_checks(&stdout(&out), d, f);
    }
    let tei = stdout(&output_in(dir.path(), &args("tei", "always")));
    let (names, text) = parse_markup(&tei, true, "collate tei");
    assert!(names.iter().any(|n| n == "app") && names.iter().any(|n| n == "g"));
    assert!(text.contains("alert(1)</script>"), "{text}");
    let html = stdout(&output_in(dir.path(), &args("html", "always")));
    html_checks(&html, "collate html");
    // JSON: the witnesses' tokens, column by column, are the tokens of the input.
    let v = json_readings(
        &stdout(&output_in(dir.path(), &args("json", "always"))),
        "json",
    );
    let toks: Vec<String> = v["table"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|col| {
            col["cells"][1]["t"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.as_str().unwrap().to_string())
        })
        .collect();
    let want: Vec<&str> = lectio::text::tokenize(HOSTILE)
        .iter()
        .map(|t| t.text(HOSTILE))
        .collect();
    assert_eq!(toks, want);
    // CollateX JSON: the token texts (with their whitespace) rebuild the witness exactly.
    let v = json_readings(
        &stdout(&output_in(dir.path(), &args("collatex", "always"))),
        "collatex",
    );
    let rebuilt: String = v["table"][1]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_array())
        .flatten()
        .map(|t| t["t"].as_str().unwrap())
        .collect();
    assert_eq!(rebuilt, HOSTILE);
}

#[test]
fn hostile_file_names_as_sigla_are_inert() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "=cmd|x.txt",
        "<script>s.txt",
        "\u{1b}[2J\u{202e}q.txt",
        "a\"b&c'.txt",
    ];
    let mut args: Vec<String> = vec!["collate".into(), "--format".into(), String::new()];
    for (i, n) in names.iter().enumerate() {
        write_file(dir.path(), n, PLAIN.replace("cat", &format!("cat{i}")));
        args.push(n.to_string());
    }
    for f in [
        "table",
        "apparatus",
        "dot",
        "csv",
        "tsv",
        "tei",
        "html",
        "json",
        "collatex",
    ] {
        args[2] = f.into();
        let mut full = vec!["--color".to_string(), "always".into()];
        full.extend(args.iter().cloned());
        let refs: Vec<&str> = full.iter().map(String::as_str).collect();
        let out = output_in(dir.path(), &refs);
        assert_eq!(out.status.code(), Some(1), "{f}: {}", stderr(&out));
        let s = stdout(&out);
        match f {
            "tei" => drop(parse_markup(&s, true, "sigla tei")),
            "html" => {
                let (names, _) = parse_markup(&s, false, "sigla html");
                assert!(!names.iter().any(|n| n == "script"));
                assert_no_bidi(&s, "sigla html");
            }
            "json" | "collatex" => drop(json_readings(&s, f)),
            "csv" => csv_checks(&s, b',', "sigla csv"),
            "tsv" => csv_checks(&s, b'\t', "sigla tsv"),
            _ => assert_terminal_safe(&s, &format!("sigla {f}")),
        }
    }
}

#[test]
fn hostile_text_is_inert_in_every_check_format() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("texts")).unwrap();
    let check = |args: &[&str]| {
        let out = lectio()
            .current_dir(p)
            .env("LECTIO_TEST_NO_FSYNC", "1")
            .env_remove("LECTIO_CHECK_FORMAT")
            .args(args)
            .output()
            .unwrap();
        assert_no_panic(&out);
        out
    };
    assert_eq!(check(&["init"]).status.code(), Some(0));
    write_file(p, "texts/w.txt", PLAIN);
    let out = check(&[
        "add",
        "texts/w.txt",
        "--edition",
        "letter/w",
        "--lang",
        "en",
        "--kind",
        "transcription",
        "-m",
        "first",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    write_file(p, "texts/w.txt", HOSTILE);
    for color in ["always", "never"] {
        let out = check(&["--color", color, "check", "--format", "text"]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_terminal_safe(&stdout(&out), &format!("check text {color}"));
    }
    let gh = stdout(&check(&["check", "--format", "github"]));
    assert_terminal_safe(&gh, "check github");
    for l in gh.lines() {
        assert!(
            l.starts_with("::error ") || l.starts_with("::notice "),
            "{l}"
        );
        let props = &l[2..l[2..].find("::").unwrap() + 2];
        assert!(!props.contains("forged"), "{l}");
    }
    assert_eq!(gh.lines().count(), gh.matches('\n').count());
    let junit = stdout(&check(&["check", "--format", "junit"]));
    let (names, text) = parse_markup(&junit, true, "check junit");
    assert!(names.iter().any(|n| n == "testcase"));
    assert!(text.contains("<script>alert(1)</script>"));
    for f in ["json", "sarif"] {
        let s = stdout(&check(&["--color", "always", "check", "--format", f]));
        assert!(!s.contains('\u{1b}'), "{f}: raw ESC");
        json_readings(&s, f);
    }
}

// ---------------------------------------------------------------------------------------------
// Bad text (D1–D10) through `diff` and `collate`
// ---------------------------------------------------------------------------------------------

fn pair_bytes(a: &[u8], b: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_file(dir.path(), "a.txt", a);
    write_file(dir.path(), "b.txt", b);
    dir
}

#[test]
fn invalid_utf8_names_byte_line_and_column() {
    for (bytes, offset, line, col) in [
        (b"ok line\nab\xC3\x28 x".as_slice(), 10, 2, 3),
        (b"\x80".as_slice(), 0, 1, 1),
        (b"one\ntwo\nth\xC0\xAF".as_slice(), 10, 3, 3),
        (b"\xD0\xB9\xED\xA0\x80".as_slice(), 2, 1, 2),
        (b"ab\xF0\x9F\x98".as_slice(), 2, 1, 3),
        (b"\xEF\xBB\xBFa\xFF".as_slice(), 4, 1, 2),
    ] {
        let dir = pair_bytes(b"fine text\n", bytes);
        for cmd in [
            vec!["diff", "a.txt", "b.txt"],
            vec!["collate", "a.txt", "b.txt"],
        ] {
            let out = output_in(dir.path(), &cmd);
            let e = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{cmd:?} {bytes:?}: {e}");
            assert!(
                e.contains(&format!(
                    "invalid UTF-8 at byte {offset} (line {line}, column {col})"
                )),
                "{cmd:?} {bytes:?}: {e}"
            );
        }
    }
}

#[test]
fn encodings_and_line_endings_of_the_same_text_agree() {
    let text = "Съешь же ещё этих мягких булок.\nשלום עולם\nمرحبا\n";
    let utf16 = |be: bool, bom: bool| -> Vec<u8> {
        let mut v = Vec::new();
        if bom {
            v.extend_from_slice(if be { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
        }
        for u in text.encode_utf16() {
            v.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        v
    };
    let crlf = text.replace('\n', "\r\n");
    let cr = text.replace('\n', "\r");
    let bom8 = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    for (what, bytes) in [
        ("utf-16le bom", utf16(false, true)),
        ("utf-16be bom", utf16(true, true)),
        ("utf-8 bom", bom8),
        ("crlf", crlf.into_bytes()),
        ("cr", cr.into_bytes()),
    ] {
        let dir = pair_bytes(text.as_bytes(), &bytes);
        let out = output_in(dir.path(), &["diff", "a.txt", "b.txt"]);
        assert_eq!(out.status.code(), Some(0), "{what}: {}", stdout(&out));
        let out = output_in(dir.path(), &["collate", "a.txt", "b.txt"]);
        assert_eq!(out.status.code(), Some(0), "{what}: {}", stdout(&out));
    }
    // With --whitespace, CRLF against LF is still no variant (same lineation).
    let dir = pair_bytes(text.as_bytes(), text.replace('\n', "\r\n").as_bytes());
    let out = output_in(dir.path(), &["diff", "--whitespace", "a.txt", "b.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // UTF-16 without a BOM is refused and named as such.
    for (be, endian) in [(false, "le"), (true, "be")] {
        let dir = pair_bytes(text.as_bytes(), &utf16(be, false)[..]);
        let out = output_in(dir.path(), &["diff", "a.txt", "b.txt"]);
        assert_eq!(out.status.code(), Some(2));
        let e = stderr(&out);
        assert!(
            e.contains(&format!(
                "looks like UTF-16{endian} without a byte-order mark"
            )),
            "{e}"
        );
        let latin = "plain latin text\n"
            .encode_utf16()
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() });
        let dir = pair_bytes(b"x\n", &latin.collect::<Vec<u8>>());
        let out = output_in(dir.path(), &["diff", "a.txt", "b.txt"]);
        assert_eq!(out.status.code(), Some(2));
        let e = stderr(&out);
        assert!(
            e.contains(&format!(
                "looks like UTF-16{endian} without a byte-order mark"
            )),
            "{e}"
        );
    }
}

#[test]
fn nul_bytes_are_binary() {
    for at in [0usize, 10, 7999] {
        let mut b = b"word ".repeat(1700);
        b[at] = 0;
        let dir = pair_bytes(b"x\n", &b);
        for cmd in ["diff", "collate"] {
            let out = output_in(dir.path(), &[cmd, "a.txt", "b.txt"]);
            assert_eq!(out.status.code(), Some(2), "{cmd} NUL at {at}");
            assert!(
                stderr(&out).contains(&format!("binary file (NUL byte at offset {at})")),
                "{}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn nfc_and_nfd_are_a_normalization_variant() {
    let nfc = "Он сказал: й и café.\n";
    let nfd = "Он сказал: \u{438}\u{306} и cafe\u{301}.\n";
    let dir = pair_bytes(nfc.as_bytes(), nfd.as_bytes());
    let out = output_in(dir.path(), &["diff", "--format", "json", "a.txt", "b.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_readings(&stdout(&out), "nfc json");
    let vs = v["variants"].as_array().unwrap();
    assert_eq!(vs.len(), 2, "{vs:?}");
    for x in vs {
        assert_eq!(x["class"], "normalization", "{x}");
    }
    let out = output_in(
        dir.path(),
        &["diff", "--ignore", "normalization", "a.txt", "b.txt"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = output_in(
        dir.path(),
        &["diff", "--only", "substantive", "a.txt", "b.txt"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "not substantive: {}",
        stdout(&out)
    );
    // Collation puts NFC and NFD in one column.
    let out = output_in(
        dir.path(),
        &["collate", "--format", "json", "a.txt", "b.txt"],
    );
    let v = json_readings(&stdout(&out), "collate nfc");
    for col in v["table"].as_array().unwrap() {
        let n = &col["cells"];
        assert_eq!(n[0]["n"], n[1]["n"], "{col}");
    }
}

#[test]
fn invisible_controls_combining_marks_emoji_and_rtl_stay_whole() {
    // Each token of B differs from A's by one invisible, a combining stack or an emoji
    // modifier: the readings reported are whole graphemes, never split.
    let a = "co\u{ad}operate w1 a\u{200d}b w2 שלום עולם w3 👍 w4 e\u{301}\u{302}\u{303} w5 \
             👨\u{200d}👩\u{200d}👧 w6 🇺🇦 end\n";
    let b = "cooperate w1 ab w2 שלום עולמ w3 👍🏽 w4 e\u{301}\u{302} w5 \
             👨\u{200d}👩\u{200d}👦 w6 🇺🇸 end\n";
    let dir = pair_bytes(a.as_bytes(), b.as_bytes());
    let out = output_in(dir.path(), &["diff", "--format", "json", "a.txt", "b.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json_readings(&stdout(&out), "grapheme json");
    let vs = v["variants"].as_array().unwrap();
    use unicode_segmentation::UnicodeSegmentation;
    for x in vs {
        for (side, text) in [("old", a), ("new", b)] {
            let by = &x[side]["bytes"];
            let (s, e) = (
                by[0].as_u64().unwrap() as usize,
                by[1].as_u64().unwrap() as usize,
            );
            let bounds: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
            assert!(
                (s == text.len() || bounds.contains(&s))
                    && (e == text.len() || bounds.contains(&e)),
                "{side} {s}..{e} splits a grapheme: {x}"
            );
        }
    }
    let olds: Vec<&str> = vs
        .iter()
        .map(|x| x["old"]["reading"].as_str().unwrap())
        .collect();
    for want in [
        "co\u{ad}operate",
        "a\u{200d}b",
        "עולם",
        "👍",
        "e\u{301}\u{302}\u{303}",
        "👨\u{200d}👩\u{200d}👧",
        "🇺🇦",
    ] {
        assert!(olds.contains(&want), "{want:?} not one reading in {olds:?}");
    }
    // The terminal view shows the invisibles and bidi-free RTL text.
    let out = output_in(dir.path(), &["--color", "always", "diff", "a.txt", "b.txt"]);
    let s = stdout(&out);
    assert_terminal_safe(&s, "invisibles");
    assert!(s.contains("⟨U+00AD⟩") && s.contains("⟨U+200D⟩"), "{s}");
    // Bidi controls are reported as a variant and escaped.
    let dir = pair_bytes(b"abc def\n", "abc \u{202e}def\n".as_bytes());
    let out = output_in(dir.path(), &["diff", "a.txt", "b.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("⟨U+202E⟩"), "{}", stdout(&out));
    for f in ["html", "text", "word-diff", "apparatus"] {
        let out = output_in(dir.path(), &["diff", "--format", f, "a.txt", "b.txt"]);
        assert_no_bidi(&stdout(&out), f);
    }
}

#[test]
fn a_long_single_line_finishes_in_bounded_time() {
    // 1 M words on one line (about 6 MB) with one change in the middle (scripts/stress.sh runs
    // 50 MB).
    let n = 1_000_000;
    let mut words: Vec<String> = (0..n).map(|i| format!("w{}", i % 5003)).collect();
    let a = words.join(" ");
    words[n / 2] = "CHANGED".into();
    let b = words.join(" ");
    let dir = pair_bytes(a.as_bytes(), b.as_bytes());
    let t = Instant::now();
    let out = output_in(dir.path(), &["diff", "--format", "json", "a.txt", "b.txt"]);
    let took = t.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json_readings(&stdout(&out), "long line");
    assert_eq!(v["variants"].as_array().unwrap().len(), 1);
    assert_eq!(v["variants"][0]["new"]["reading"], "CHANGED");
    assert!(took < Duration::from_secs(20), "took {took:?}");
    // No spaces at all: one token each side.
    let dir = pair_bytes(
        "x".repeat(3_000_000).as_bytes(),
        "x".repeat(3_000_001).as_bytes(),
    );
    let out = output_in(dir.path(), &["diff", "--stat", "a.txt", "b.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------------
// Resource limits (G1–G4)
// ---------------------------------------------------------------------------------------------

/// Rebuild B's token list from A's and the JSON variants (the round trip of H1 through the CLI).
fn apply_json(a: &str, b: &str, v: &serde_json::Value) -> Vec<String> {
    let ta: Vec<&str> = lectio::text::tokenize(a)
        .iter()
        .map(|t| t.text(a))
        .collect();
    let tb: Vec<&str> = lectio::text::tokenize(b)
        .iter()
        .map(|t| t.text(b))
        .collect();
    // (old start, old end, order, new start, new end) as Diff::apply does.
    let mut edits: Vec<(usize, usize, u8, usize, usize)> = Vec::new();
    let tok = |x: &serde_json::Value| -> (usize, usize) {
        (
            x[0].as_u64().unwrap() as usize,
            x[1].as_u64().unwrap() as usize,
        )
    };
    for x in v["variants"].as_array().unwrap() {
        let (os, oe) = tok(&x["old"]["tokens"]);
        let (ns, ne) = tok(&x["new"]["tokens"]);
        match x.get("moved").filter(|m| !m.is_null()) {
            Some(m) => {
                let at = m["old_at"].as_u64().unwrap() as usize;
                edits.push((os, oe, 1, 0, 0));
                edits.push((at, at, 0, ns, ne));
            }
            None => edits.push((os, oe, 1, ns, ne)),
        }
    }
    edits.sort_by_key(|e| (e.0, e.2, e.3));
    let mut out: Vec<String> = Vec::new();
    let mut cur = 0;
    for (s, e, _, ns, ne) in edits {
        out.extend(ta[cur..s.max(cur)].iter().map(|s| s.to_string()));
        out.extend(tb[ns..ne].iter().map(|s| s.to_string()));
        cur = cur.max(e);
    }
    out.extend(ta[cur.min(ta.len())..].iter().map(|s| s.to_string()));
    out
}

fn adversarial(a: &str, b: &str, what: &str) {
    let dir = pair_bytes(a.as_bytes(), b.as_bytes());
    let t = Instant::now();
    let out = output_in(
        dir.path(),
        &[
            "diff",
            "--deadline",
            "0.3",
            "--format",
            "json",
            "a.txt",
            "b.txt",
        ],
    );
    let took = t.elapsed();
    assert_eq!(out.status.code(), Some(1), "{what}: {}", stderr(&out));
    assert!(took < Duration::from_secs(8), "{what}: took {took:?}");
    let v = json_readings(&stdout(&out), what);
    if v["approximate"] == true {
        assert!(
            stderr(&out).contains("warning: approximate diff (deadline of 0.3s reached)"),
            "{what}: {}",
            stderr(&out)
        );
    }
    let tb: Vec<String> = lectio::text::tokenize(b)
        .iter()
        .map(|t| t.text(b).to_string())
        .collect();
    assert!(
        apply_json(a, b, &v) == tb,
        "{what}: the variants do not rebuild B"
    );
}

#[test]
fn adversarial_inputs_finish_with_a_correct_result() {
    let n = 60_000;
    let mut a = "a ".repeat(n);
    let mut b = a.clone();
    b.insert_str(n, "b ");
    adversarial(&a, &b, "one token repeated, one change");
    a = (0..n).map(|i| format!("x{i} ")).collect();
    b = (0..n).map(|i| format!("y{i} ")).collect();
    adversarial(&a, &b, "all distinct, nothing shared");
    b = (0..n).map(|i| format!("x{} ", (i * 7919) % n)).collect();
    adversarial(&a, &b, "a permutation");
    adversarial(
        &"a b ".repeat(n / 2),
        &"b a ".repeat(n / 2),
        "(a b)^n vs (b a)^n",
    );
    let a: String = (0..n).map(|i| format!("w{} ", (i * 31) % 977)).collect();
    let b: String = (0..n).map(|i| format!("w{} ", (i * 17) % 983)).collect();
    adversarial(&a, &b, "low-cardinality cycles with phase shifts");
}

#[test]
fn a_deadline_that_is_hit_warns_and_stays_correct() {
    // Low-cardinality cycles: Myers needs D ≈ N; 1 ms cannot be enough.
    let n = 40_000;
    let a: String = (0..n).map(|i| format!("w{} ", (i * 31) % 97)).collect();
    let b: String = (0..n).map(|i| format!("w{} ", (i * 17) % 89)).collect();
    let dir = pair_bytes(a.as_bytes(), b.as_bytes());
    let out = output_in(
        dir.path(),
        &[
            "diff",
            "--exact",
            "--deadline",
            "0.001",
            "--format",
            "json",
            "a.txt",
            "b.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json_readings(&stdout(&out), "deadline");
    assert_eq!(v["approximate"], true);
    assert!(
        stderr(&out).contains("warning: approximate diff"),
        "{}",
        stderr(&out)
    );
    let tb: Vec<String> = lectio::text::tokenize(&b)
        .iter()
        .map(|t| t.text(&b).to_string())
        .collect();
    assert!(apply_json(&a, &b, &v) == tb);
}

#[test]
fn size_caps_exit_5_with_a_clear_message() {
    let dir = pair_bytes(b"small text\n", "big text ".repeat(200).as_bytes());
    for cmd in [
        vec!["diff", "--max-size", "1KiB", "a.txt", "b.txt"],
        vec!["collate", "--max-size", "1KiB", "a.txt", "b.txt"],
    ] {
        let out = output_in(dir.path(), &cmd);
        assert_eq!(out.status.code(), Some(5), "{cmd:?}: {}", stderr(&out));
        let e = stderr(&out);
        assert!(
            e.contains("b.txt: 1800 bytes is more than the size limit of 1024 bytes")
                && e.contains("--max-size"),
            "{e}"
        );
    }
    let out = lectio()
        .current_dir(dir.path())
        .env("LECTIO_MAX_SIZE", "100")
        .args(["diff", "a.txt", "b.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let out = output_in(
        dir.path(),
        &["diff", "--max-size", "2KiB", "a.txt", "b.txt"],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "under the cap: {}",
        stderr(&out)
    );
}

#[test]
fn error_messages_that_echo_names_are_inert() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\u{1b}[2Jy\u{202e}\u{7}.txt";
    write_file(dir.path(), "a.txt", PLAIN);
    // Invalid UTF-8 and a binary file are input errors (2); a text over the cap is 5.
    for (bytes, cmd, want) in [
        (b"ab\xff".to_vec(), "diff", 2),
        (b"a\0b".to_vec(), "collate", 2),
        ("big ".repeat(400).into_bytes(), "diff", 5),
    ] {
        write_file(dir.path(), name, &bytes);
        let out = output_in(
            dir.path(),
            &[
                "--color",
                "always",
                cmd,
                "--max-size",
                "1KiB",
                name,
                "a.txt",
            ],
        );
        assert_eq!(out.status.code(), Some(want), "{cmd}: {}", stderr(&out));
        let e = stderr(&out);
        assert!(e.contains("x␛[2Jy⟨U+202E⟩␇.txt"), "{e}");
        assert_terminal_safe(&e, "error message");
    }
    let out = output_in(dir.path(), &["diff", "nope\u{1b}]0;t\u{7}", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert_terminal_safe(&stderr(&out), "missing file message");
}
