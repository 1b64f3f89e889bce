//! Properties of the diff, collation and rendering engine (reliability plan H1–H3, H5, F1–F4),
//! checked by the cargo-fuzz targets `diff_roundtrip`, `collate` and `render`, by
//! `tests/fuzz_replay_engine.rs` (which replays the committed corpus and crash artifacts on every
//! stable `cargo test`) and by its proptests over a mixed-script strategy. Each function panics
//! when its property fails. Fuzz inputs are bytes: the first byte chooses options, the rest is
//! cut into witnesses at 0xFF bytes (never part of UTF-8) and decoded lossily.

#![allow(dead_code)]

use std::time::Duration;

use lectio::collate::{CollateOptions, WitnessInput, collate as run_collate};
use lectio::diff::{Algorithm, Diff, DiffOptions, OpTag, diff_texts, diff_texts_hashed, key_pair};
use lectio::text::{Interner, tokenize};

/// Split fuzz bytes into an options byte and up to `max` witness texts.
pub fn split(data: &[u8], max: usize) -> (u8, Vec<String>) {
    let (flags, rest) = data.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
    let texts: Vec<String> = rest
        .splitn(max, |&b| b == 0xFF)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    (flags, texts)
}

fn readings(text: &str) -> Vec<&str> {
    tokenize(text).iter().map(|t| t.text(text)).collect()
}

/// The ops tile both sides in order (see [`Diff::check_ops`]).
pub fn check_tiles(d: &Diff) {
    if let Err(e) = d.check_ops() {
        panic!("{e}");
    }
}

fn lcs(a: &[u32], b: &[u32]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

/// H1–H3 for one pair and one set of options: structure, `apply(diff(A,B), A) == B` (readings,
/// exactly), the reverse diff, identity, and the edit count against the LCS optimum (equal for
/// exact Myers, bounded for heuristics and deadlines).
pub fn check_diff(a: &str, b: &str, opts: &DiffOptions) {
    let d = diff_texts(a, b, opts);
    check_tiles(&d);
    let (ra, rb) = (readings(a), readings(b));
    assert_eq!(d.old_tokens, ra.len());
    assert_eq!(d.new_tokens, rb.len());
    assert_eq!(d.apply(&ra, &rb), rb, "apply(diff(A,B), A) != B");
    let back = diff_texts(b, a, opts);
    check_tiles(&back);
    assert_eq!(back.apply(&rb, &ra), ra, "apply(diff(B,A), B) != A");
    let same = diff_texts(a, a, opts);
    assert!(same.is_empty(), "diff(A, A) has variants");
    assert!(same.ops.iter().all(|o| o.tag == OpTag::Equal));
    // The long-text path (hashed keys, lines aligned first), forced on these texts.
    // (`None` would be a hash collision it refused: diff_texts then interns, checked above.)
    if let Some(h) = diff_texts_hashed(a, b, opts) {
        check_tiles(&h);
        assert_eq!(h.apply(&ra, &rb), rb, "hashed: apply(diff(A,B), A) != B");
    }
    assert!(
        diff_texts_hashed(a, a, opts).is_some_and(|d| d.is_empty()),
        "hashed: diff(A, A) has variants"
    );
    if ra.len() <= 200 && rb.len() <= 200 {
        let norm = opts.normalizer();
        let mut int = Interner::new();
        let (ka, kb) = key_pair(&mut int, a, b, &norm);
        let optimum = ka.ids.len() + kb.ids.len() - 2 * lcs(&ka.ids, &kb.ids);
        let edits = d.edit_count();
        assert!(edits >= optimum, "fewer edits than the optimum");
        assert!(edits <= ka.ids.len() + kb.ids.len());
        if opts.algorithm == Algorithm::Myers && !d.approximate {
            assert_eq!(edits, optimum, "Myers is not minimal");
        }
    }
}

/// The options byte: algorithm (bits 0–1), tiny deadline (bit 2), no anchoring (bit 3),
/// whitespace variants (bit 4).
pub fn options(flags: u8) -> DiffOptions {
    DiffOptions {
        algorithm: [Algorithm::Myers, Algorithm::Patience, Algorithm::Histogram]
            [usize::from(flags & 3) % 3],
        deadline: if flags & 4 != 0 {
            Some(Duration::from_micros(1))
        } else {
            None
        },
        anchoring: flags & 8 == 0,
        whitespace: flags & 16 != 0,
        ..Default::default()
    }
}

/// Fuzz target `diff_roundtrip`.
pub fn diff_roundtrip(data: &[u8]) {
    let (flags, texts) = split(data, 2);
    let a = texts.first().map_or("", String::as_str);
    let b = texts.get(1).map_or("", String::as_str);
    check_diff(a, b, &options(flags));
}

/// Every witness's tokens survive collation in its row, in order, none lost or repeated, and
/// the cells' text is the witness's own text.
pub fn check_collation(texts: &[String], flags: u8) {
    let inputs: Vec<WitnessInput> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| WitnessInput::text(&format!("W{i}"), t))
        .collect();
    let opts = CollateOptions {
        near_match: flags & 1 != 0,
        no_segmentation: flags & 2 != 0,
        ..Default::default()
    };
    let c = run_collate(inputs, &opts).expect("collates");
    for (w, wit) in c.witnesses.iter().enumerate() {
        assert_eq!(wit.text, texts[w]);
        let want = readings(&texts[w]);
        assert_eq!(wit.tokens.len(), want.len(), "witness {w}: token count");
        let mut next = 0u32;
        for col in &c.table.columns {
            if let Some(r) = &col.cells[w] {
                assert_eq!(r.start, next, "witness {w}: row out of order");
                assert!(r.end > r.start, "witness {w}: empty cell");
                next = r.end;
            }
        }
        assert_eq!(next as usize, want.len(), "witness {w} lost tokens");
        let got: Vec<&str> = wit.tokens.iter().map(|t| t.text(&wit.text)).collect();
        assert_eq!(got, want);
    }
}

/// Fuzz target `collate`: 2 to 4 witnesses.
pub fn collate(data: &[u8]) {
    let (flags, mut texts) = split(data, 4);
    while texts.len() < 2 {
        texts.push(String::new());
    }
    check_collation(&texts, flags);
}

/// Every ESC starts an SGR sequence; no other C0/C1 control (but tab and newline), bidi
/// control or noncharacter appears raw.
pub fn assert_terminal_safe(s: &str, what: &str) {
    let b = s.as_bytes();
    for i in (0..b.len()).filter(|&i| b[i] == 0x1b) {
        let rest = &b[i + 1..];
        assert_eq!(rest.first(), Some(&b'['), "{what}: foreign ESC");
        let end = rest[1..]
            .iter()
            .position(|c| !(c.is_ascii_digit() || *c == b';'))
            .map(|p| p + 1);
        assert!(
            end.is_some_and(|e| rest[e] == b'm'),
            "{what}: non-SGR escape"
        );
    }
    for c in s.chars() {
        let bad = (c.is_control() && !matches!(c, '\n' | '\t' | '\u{1b}'))
            || lectio::escape::is_bidi_control(c)
            || matches!(c, '\u{fffe}' | '\u{ffff}');
        assert!(!bad, "{what}: raw U+{:04X}", c as u32);
    }
}

/// Markup output: every character is legal XML; every `<` opens a tag of our own (a name
/// from `allowed`, or a closing tag, comment, declaration or doctype); no `on*=` attribute.
/// (The CLI tests parse these outputs with quick-xml and minidom; this check needs no parser, so
/// the fuzz crate needs no extra dependency.)
pub fn assert_markup_safe(s: &str, allowed: &[&str], what: &str) {
    for c in s.chars() {
        assert!(
            lectio::escape::is_xml_char(c),
            "{what}: U+{:04X} is not an XML character",
            c as u32
        );
        assert!(!lectio::escape::is_bidi_control(c) || what.contains("tei"));
    }
    let mut rest = s;
    while let Some(p) = rest.find('<') {
        rest = &rest[p + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
            .collect();
        let ok = rest.starts_with('!')
            || rest.starts_with('?')
            || allowed.contains(&name.to_ascii_lowercase().as_str());
        assert!(ok, "{what}: tag <{name}> from content");
        let tag_end = rest.find('>').expect("unclosed tag");
        let tag = &rest[..tag_end];
        let mut in_quote = false;
        let mut outside = String::new();
        for ch in tag.chars() {
            if ch == '"' {
                in_quote = !in_quote;
            } else if !in_quote {
                outside.push(ch);
            }
        }
        assert!(!in_quote, "{what}: unbalanced quote in <{tag}>");
        for attr in outside.split_whitespace().skip(1) {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "{what}: event attribute in <{tag}>"
            );
        }
    }
}

/// HTML elements our renderers write.
pub const HTML_TAGS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "div", "section", "span",
    "bdi", "table", "tr", "th", "td", "ul", "ol", "li", "a", "b", "i", "p", "br",
];
/// TEI elements our renderer writes.
pub const TEI_TAGS: &[&str] = &[
    "tei",
    "teiheader",
    "filedesc",
    "titlestmt",
    "title",
    "publicationstmt",
    "p",
    "sourcedesc",
    "listwit",
    "witness",
    "encodingdesc",
    "variantencoding",
    "text",
    "body",
    "ab",
    "app",
    "lem",
    "rdg",
    "g",
];

/// Parse `s` as JSON, or panic naming `what`.
fn json(s: &str, what: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{what}: not JSON: {e}\n{s}"))
}

/// Fuzz target `render`: every diff format (both colours) of the first two witnesses and every
/// collation format of all of them are inert: terminal formats carry only our SGR codes, markup
/// only our tags, CSV no formula cell, JSON parses (lectio's own with its version) and carries
/// no raw ESC.
pub fn render(data: &[u8]) {
    let (flags, mut texts) = split(data, 3);
    while texts.len() < 2 {
        texts.push(String::new());
    }
    let witness = |i: usize, t: &String| lectio::store::Witness {
        label: format!("w{i}.txt"),
        siglum: format!("w{i}"),
        text: t.clone(),
        ..Default::default()
    };
    let (old, new) = (witness(0, &texts[0]), witness(1, &texts[1]));
    let d = diff_texts(&old.text, &new.text, &options(flags & !4));
    use lectio::render::diff::{Format, Input, render as render_diff};
    let filter = lectio::diff::Filter::default();
    for color in [false, true] {
        let input = Input {
            diff: &d,
            old: &old,
            new: &new,
            filter: &filter,
            normalized: &[],
            color,
            context: usize::from(flags >> 5),
        };
        for f in [
            Format::Text,
            Format::WordDiff,
            Format::Apparatus,
            Format::Json,
            Format::Html,
        ] {
            let mut out = Vec::new();
            render_diff(f, &input, &mut out).expect("renders");
            let s = String::from_utf8(out).expect("UTF-8 output");
            match f {
                Format::Json => {
                    assert!(!s.contains('\u{1b}'), "json: raw ESC");
                    assert_eq!(json(&s, "diff json")["version"], 1, "diff json: version");
                }
                Format::Html => assert_markup_safe(&s, HTML_TAGS, "diff html"),
                _ => assert_terminal_safe(&s, &format!("diff {f:?}")),
            }
        }
        let mut out = Vec::new();
        lectio::render::diff::render_stat(&input, &mut out).expect("renders");
        assert_terminal_safe(&String::from_utf8(out).unwrap(), "diff stat");
    }
    let inputs: Vec<WitnessInput> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| WitnessInput::text(&format!("w{i}"), t))
        .collect();
    let c = run_collate(inputs, &CollateOptions::default()).expect("collates");
    use lectio::render::collate::{Format as CFormat, RenderOptions, render as render_collate};
    for color in [false, true] {
        for vertical in [false, true] {
            let ro = RenderOptions {
                vertical,
                color,
                ..Default::default()
            };
            for f in [
                CFormat::Table,
                CFormat::Collatex,
                CFormat::Json,
                CFormat::Csv,
                CFormat::Tsv,
                CFormat::Tei,
                CFormat::Html,
                CFormat::Dot,
                CFormat::Apparatus,
            ] {
                let mut out = Vec::new();
                render_collate(&c, f, &ro, &mut out).expect("renders");
                let s = String::from_utf8(out).expect("UTF-8 output");
                match f {
                    CFormat::Json | CFormat::Collatex => {
                        assert!(!s.contains('\u{1b}'), "json: raw ESC");
                        let v = json(&s, "collate json");
                        assert_eq!(
                            v["witnesses"].as_array().map(Vec::len),
                            Some(texts.len()),
                            "collate {f:?}: one entry per witness"
                        );
                    }
                    CFormat::Html => assert_markup_safe(&s, HTML_TAGS, "collate html"),
                    CFormat::Tei => assert_markup_safe(&s, TEI_TAGS, "collate tei"),
                    CFormat::Csv | CFormat::Tsv => {
                        assert_terminal_safe(&s, "csv");
                        let delim = if f == CFormat::Csv { ',' } else { '\t' };
                        for cell in csv_cells(&s, delim) {
                            assert!(
                                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                                "csv: formula cell {cell:?}"
                            );
                        }
                    }
                    _ => assert_terminal_safe(&s, &format!("collate {f:?}")),
                }
            }
        }
    }
}

/// The cells of a CSV/TSV document (RFC 4180 quoting), in order.
pub fn csv_cells(s: &str, delim: char) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == delim || c == '\n' {
            cells.push(std::mem::take(&mut cell));
            at_start = true;
        } else if c == '\r' && chars.peek() == Some(&'\n') {
        } else {
            cell.push(c);
            at_start = false;
        }
    }
    assert!(!quoted, "unterminated quoted CSV cell");
    if !cell.is_empty() {
        cells.push(cell);
    }
    cells
}
