//! Properties checked by the fuzz targets. This file is shared: the cargo-fuzz targets call it,
//! and `tests/fuzz_replay.rs` includes it to replay the committed corpus and crash artifacts on
//! every stable `cargo test`. Each function panics when its property fails.

/// Tokenizer: spans are ordered, non-empty, on char boundaries; the gaps between them are
/// whitespace only, so `text` is exactly the tokens plus the whitespace between them; the
/// tokenizer is deterministic.
pub fn tokenize(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let toks = lectio::text::tokenize(text);
    let mut pos = 0usize;
    let mut rebuilt = String::with_capacity(text.len());
    for t in &toks {
        let (s, e) = (t.start as usize, t.end as usize);
        assert!(s >= pos && e > s, "span {s}..{e} after {pos}");
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        let gap = &text[pos..s];
        assert!(
            gap.chars().all(char::is_whitespace),
            "non-space gap {gap:?}"
        );
        rebuilt.push_str(gap);
        rebuilt.push_str(&text[s..e]);
        pos = e;
    }
    assert!(text[pos..].chars().all(char::is_whitespace));
    rebuilt.push_str(&text[pos..]);
    assert_eq!(rebuilt, text);
    assert_eq!(toks, lectio::text::tokenize(text));
}
