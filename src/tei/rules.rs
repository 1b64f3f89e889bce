//! What each TEI element does to the reading text.

use super::{Choose, Layer, Options};

/// The part an element plays in the reading text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// Its content is not reading text (`<note>`, `<fw>`, the other reading of a `<choice>`,
    /// the other revision layer…).
    Drop,
    /// A paragraph-like block: a paragraph break before and after.
    Block,
    /// Kept, but apart from the words around it (a kept `<note>`).
    Apart,
    /// Inline and transparent: its text is read as if the tags were not there.
    Inline,
    /// A `<choice>`: its children are chosen among.
    Choice,
    /// A revision (`<add>`, `<del>`, `<subst>`) that is kept in this layer.
    Revision,
    /// `<gap/>` (or `<unclear>` read as a gap): a lacuna, its content dropped.
    Lacuna,
    /// `<pb/>`: a page break (a position, not a space).
    Page,
    /// `<lb/>`: a line break (a position, not a space).
    Line,
    /// `<cb/>`, `<milestone/>`, `<anchor/>`: positions with nothing to read.
    Position,
}

/// Block elements: each is a paragraph break.
const BLOCKS: &[&str] = &[
    "p",
    "head",
    "l",
    "lg",
    "ab",
    "item",
    "list",
    "sp",
    "speaker",
    "stage",
    "div",
    "div1",
    "div2",
    "div3",
    "div4",
    "div5",
    "div6",
    "div7",
    "body",
    "front",
    "back",
    "group",
    "text",
    "trailer",
    "byline",
    "dateline",
    "salute",
    "signed",
    "opener",
    "closer",
    "postscript",
    "address",
    "addrLine",
    "epigraph",
    "argument",
    "docTitle",
    "titlePart",
    "titlePage",
    "docImprint",
    "docAuthor",
    "docDate",
    "table",
    "row",
    "cell",
    "figure",
    "floatingText",
    "label",
    "castList",
    "castItem",
    "listBibl",
    "lem",
    "TEI",
    "teiCorpus",
];

/// Elements whose content is never reading text.
const NEVER: &[&str] = &[
    "teiHeader",
    "facsimile",
    "standOff",
    "sourceDoc",
    "figDesc",
    "rdg",
    "rdgGrp",
    "witDetail",
    "metamark",
    "interpGrp",
    "interp",
    "span",
    "spanGrp",
    "link",
    "linkGrp",
    "join",
    "joinGrp",
    "alt",
    "altGrp",
    "certainty",
    "precision",
    "respons",
    "index",
];

/// The role of element `name` (a local name) under `opts`; `in_choice` when its parent is a
/// `<choice>`.
pub(super) fn role(name: &str, opts: &Options, in_choice: bool) -> Role {
    if in_choice {
        let (take, leave): (&[&str], &[&str]) = match opts.choose {
            Choose::Editorial => (&["corr", "expan", "reg"], &["sic", "abbr", "orig"]),
            Choose::Diplomatic => (&["sic", "abbr", "orig"], &["corr", "expan", "reg"]),
        };
        if leave.contains(&name) {
            return Role::Drop;
        }
        if take.contains(&name) {
            return Role::Inline;
        }
    }
    match name {
        "choice" => Role::Choice,
        "note" if !opts.keep_note => Role::Drop,
        "fw" if !opts.keep_fw => Role::Drop,
        "note" | "fw" => Role::Apart,
        "del" | "del-INNER" => revision(opts.layer == Layer::Ac),
        "add" | "add-INNER" => revision(opts.layer == Layer::Pc),
        "subst" | "restore" | "mod" => Role::Revision,
        "gap" => Role::Lacuna,
        "unclear" if opts.unclear_gap => Role::Lacuna,
        "pb" => Role::Page,
        "lb" => Role::Line,
        "cb" | "milestone" | "anchor" | "gb" => Role::Position,
        _ if NEVER.contains(&name) => Role::Drop,
        _ if BLOCKS.contains(&name) => Role::Block,
        _ => Role::Inline,
    }
}

fn revision(kept: bool) -> Role {
    if kept { Role::Revision } else { Role::Drop }
}

/// Whether element `name` records a revision (so the text has two layers).
pub(super) fn is_revision(name: &str) -> bool {
    matches!(
        name,
        "add" | "del" | "subst" | "add-INNER" | "del-INNER" | "addSpan" | "delSpan"
    )
}
