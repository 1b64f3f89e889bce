//! `lectio extract`: a reading text as text, or as JSON with every token and its location.
//!
//! JSON (schema `version` 1): `{"version":1, "source", "input_format":"tei"|"text", "text",
//! "tokens":[{"t","kind","start","end","loc"}], "lacunae":[{"offset","loc"}]}`. `start`/`end`
//! are byte offsets into `text`; `loc` is `{"page","line","xml_line","xml_col"}` for TEI (page
//! and line `null` where the source has none) and `null` for plain text.

use std::io::{self, Write};

use serde::Serialize;

use crate::text::{TokenKind, tokenize};
use crate::witness::{Loc, Witness};

#[derive(Serialize)]
struct Token<'a> {
    t: &'a str,
    kind: TokenKind,
    start: u32,
    end: u32,
    loc: Option<Loc>,
}

#[derive(Serialize)]
struct Lacuna {
    offset: u32,
    loc: Loc,
}

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    source: &'a str,
    input_format: &'static str,
    text: &'a str,
    tokens: Vec<Token<'a>>,
    lacunae: Vec<Lacuna>,
}

/// Write `w`'s reading text as it is.
pub fn text(w: &Witness, out: &mut impl Write) -> io::Result<()> {
    out.write_all(w.text.as_bytes())
}

/// Write `w`'s reading text as JSON, token by token with locations.
pub fn json(w: &Witness, out: &mut impl Write) -> io::Result<()> {
    let locator = w.markup.as_ref().map(|m| m.locator());
    let tokens = tokenize(&w.text)
        .into_iter()
        .map(|t| Token {
            t: &w.text[t.range()],
            kind: t.kind(),
            start: t.start(),
            end: t.end(),
            loc: locator.as_ref().map(|l| l.locate(t.start() as usize)),
        })
        .collect();
    let lacunae = match (&w.markup, &locator) {
        (Some(m), Some(l)) => m
            .lacunae
            .iter()
            .map(|&offset| Lacuna {
                offset,
                loc: l.locate(offset as usize),
            })
            .collect(),
        _ => Vec::new(),
    };
    let doc = Doc {
        version: 1,
        source: &w.label,
        input_format: if w.markup.is_some() { "tei" } else { "text" },
        text: &w.text,
        tokens,
        lacunae,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
