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
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "TEI"
            | "ab"
            | "addrLine"
            | "address"
            | "argument"
            | "back"
            | "body"
            | "byline"
            | "castItem"
            | "castList"
            | "cell"
            | "closer"
            | "dateline"
            | "div"
            | "div1"
            | "div2"
            | "div3"
            | "div4"
            | "div5"
            | "div6"
            | "div7"
            | "docAuthor"
            | "docDate"
            | "docImprint"
            | "docTitle"
            | "epigraph"
            | "figure"
            | "floatingText"
            | "front"
            | "group"
            | "head"
            | "item"
            | "l"
            | "label"
            | "lem"
            | "lg"
            | "list"
            | "listBibl"
            | "opener"
            | "p"
            | "postscript"
            | "row"
            | "salute"
            | "signed"
            | "sp"
            | "speaker"
            | "stage"
            | "table"
            | "teiCorpus"
            | "text"
            | "titlePage"
            | "titlePart"
            | "trailer"
    )
}

/// Elements whose content is never reading text.
fn is_never(name: &str) -> bool {
    matches!(
        name,
        "alt"
            | "altGrp"
            | "certainty"
            | "facsimile"
            | "figDesc"
            | "index"
            | "interp"
            | "interpGrp"
            | "join"
            | "joinGrp"
            | "link"
            | "linkGrp"
            | "metamark"
            | "precision"
            | "rdg"
            | "rdgGrp"
            | "respons"
            | "sourceDoc"
            | "span"
            | "spanGrp"
            | "standOff"
            | "teiHeader"
            | "witDetail"
    )
}

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
        _ if is_never(name) => Role::Drop,
        _ if is_block(name) => Role::Block,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_of_block_dropped_and_inline_elements() {
        let opts = Options::default();
        assert_eq!(role("p", &opts, false), Role::Block);
        assert_eq!(role("teiCorpus", &opts, false), Role::Block);
        assert_eq!(role("index", &opts, false), Role::Drop);
        assert_eq!(role("teiHeader", &opts, false), Role::Drop);
        assert_eq!(role("hi", &opts, false), Role::Inline);
        assert_eq!(role("seg", &opts, false), Role::Inline);
    }
}
