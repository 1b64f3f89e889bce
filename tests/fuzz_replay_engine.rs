//! Replays the engine fuzz targets' corpus and crash artifacts (`fuzz/corpus/<target>/*`,
//! `fuzz/artifacts/<target>/*` for `diff_roundtrip`, `collate`, `render`) through the same
//! property checks the targets run, and runs those properties as proptests over a mixed-script
//! strategy (ASCII, Cyrillic NFC and NFD, Hebrew, Arabic, combining stacks, ZWJ emoji, bidi
//! controls, soft hyphen, NBSP, CR/LF/CRLF, hostile markup): reliability plan H1–H3, H5, F.

#[path = "../fuzz/src/engine_props.rs"]
mod engine_props;
#[path = "../fuzz/src/replay.rs"]
mod replay;

use replay::replay;

use proptest::prelude::*;

#[test]
fn diff_roundtrip_corpus() {
    assert!(replay("diff_roundtrip", engine_props::diff_roundtrip) > 0);
}

#[test]
fn collate_corpus() {
    assert!(replay("collate", engine_props::collate) > 0);
}

#[test]
fn render_corpus() {
    assert!(replay("render", engine_props::render) > 0);
}

/// Words from many scripts, in the forms that break naive text handling.
const WORDS: &[&str] = &[
    "the",
    "The",
    "cat",
    "a",
    "b",
    "c",
    ",",
    ".",
    "1932",
    "—",
    "\u{439}",
    "\u{438}\u{306}",
    "ещё",
    "е\u{308}ще",
    "Съешь",
    "שלום",
    "עולם",
    "مرحبا",
    "العالم",
    "\u{627}\u{644}\u{644}\u{651}\u{647}",
    "e\u{301}\u{302}\u{303}\u{304}\u{305}",
    "a\u{20dd}",
    "👨\u{200d}👩\u{200d}👧",
    "👍🏽",
    "🇺🇦",
    "1\u{fe0f}\u{20e3}",
    "\u{202e}evil\u{202c}",
    "\u{2066}x\u{2069}",
    "co\u{ad}operate",
    "a\u{200b}b",
    "zero\u{200d}width",
    "<script>alert(1)</script>",
    "]]>",
    "\"'&",
    "\u{1b}[2J",
    "\u{1b}]0;t\u{7}",
    "=cmd|'/C calc'!A0",
    "+1",
    "-2",
    "@x",
    "::error::",
    "%0A",
    "\u{1}",
    "\u{fffe}",
    "ﬁ",
    "ｆｕｌｌ",
    "\u{9b}",
];
const SEPS: &[&str] = &[
    " ", " ", "\u{a0}", "\n", "\r\n", "\r", "", "  ", "\t", "\u{2028}",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(WORDS), prop::sample::select(SEPS)),
        0..30,
    )
    .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

/// B derived from A by a few edits, so that the two share most tokens (random pairs share
/// little and would test only the trivial case).
fn pair() -> impl Strategy<Value = (String, String)> {
    (
        prop::collection::vec(prop::sample::select(WORDS), 0..30),
        prop::collection::vec((0..3u8, prop::sample::select(WORDS), 0..40usize), 0..6),
        prop::sample::select(SEPS),
    )
        .prop_map(|(a, edits, sep)| {
            let mut b = a.clone();
            for (op, w, at) in edits {
                let at = at % (b.len() + 1);
                match op {
                    0 => b.insert(at, w),
                    1 if at < b.len() => {
                        b.remove(at);
                    }
                    _ if at < b.len() => b[at] = w,
                    _ => {}
                }
            }
            (a.join(" "), b.join(sep))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn diff_properties_mixed_scripts((a, b) in pair(), flags in any::<u8>()) {
        engine_props::check_diff(&a, &b, &engine_props::options(flags));
    }

    #[test]
    fn diff_properties_unrelated_texts(a in text(), b in text(), flags in any::<u8>()) {
        engine_props::check_diff(&a, &b, &engine_props::options(flags));
    }

    #[test]
    fn collation_keeps_every_token(w in prop::collection::vec(text(), 2..5), flags in any::<u8>()) {
        engine_props::check_collation(&w, flags);
    }

    #[test]
    fn every_render_is_inert((a, b) in pair(), c in text(), flags in any::<u8>()) {
        let mut data = vec![flags];
        for t in [&a, &b, &c] {
            data.extend_from_slice(t.as_bytes());
            data.push(0xFF);
        }
        data.pop();
        engine_props::render(&data);
    }
}

// Minimality on tiny inputs over a 3-word alphabet: with and without a
// deadline, every algorithm.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn minimal_on_three_words(
        a in prop::collection::vec(prop::sample::select(&["x", "y", "z"][..]), 0..10),
        b in prop::collection::vec(prop::sample::select(&["x", "y", "z"][..]), 0..10),
        flags in any::<u8>(),
    ) {
        engine_props::check_diff(&a.join(" "), &b.join(" "), &engine_props::options(flags));
    }
}

/// Past [`lectio::diff::ANCHOR_MIN`] tokens the engine anchors on unique tokens and diffs the
/// gaps in parallel: the same properties hold there, under a deadline too.
#[test]
fn anchored_long_inputs_round_trip() {
    let a: Vec<String> = (0..6000)
        .map(|i| {
            let w = WORDS[(i * 7) % WORDS.len()];
            if i % 3 == 0 {
                format!("u{i}")
            } else {
                w.to_string()
            }
        })
        .collect();
    let mut b = a.clone();
    for k in (0..6000).step_by(97) {
        b[k] = WORDS[k % WORDS.len()].to_string();
    }
    b.insert(3000, "inserted".into());
    b.swap(10, 4000);
    let (a, b) = (a.join(" "), b.join("\n"));
    for flags in [0u8, 1, 2, 4, 5, 6, 8, 12] {
        engine_props::check_diff(&a, &b, &engine_props::options(flags));
    }
}
