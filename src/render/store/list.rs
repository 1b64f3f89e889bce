//! `lectio list`: every work and edition, with language, kind, versions, latest hash and words.

use std::io::Write;
use std::path::Path;

use crate::escape::terminal;
use crate::store::record::format_time;
use crate::store::{EditionKind, EditionSummary, ObjectId};

/// The JSON form of one edition (shared with `log`'s head).
#[derive(serde::Serialize)]
pub struct EditionJson<'a> {
    work: &'a str,
    edition: &'a str,
    lang: &'a str,
    kind: EditionKind,
    title: &'a str,
    source: &'a str,
    siglum: &'a str,
    translation_of: &'a str,
    source_lang: &'a str,
    partial: bool,
    notes: &'a str,
    versions: u32,
    latest: LatestJson<'a>,
}

#[derive(serde::Serialize)]
struct LatestJson<'a> {
    reference: String,
    hash: &'a ObjectId,
    record_id: &'a ObjectId,
    size: u64,
    words: u64,
    time: String,
    source_path: &'a str,
}

impl<'a> EditionJson<'a> {
    /// The JSON form of `e`.
    pub fn of(e: &'a EditionSummary) -> Self {
        let r = &e.head.record;
        EditionJson {
            work: &e.work,
            edition: &e.edition,
            lang: &r.meta.lang,
            kind: r.meta.kind,
            title: &r.meta.title,
            source: &r.meta.source,
            siglum: e.head.siglum(),
            translation_of: &r.meta.translation_of,
            source_lang: &r.meta.source_lang,
            partial: r.meta.partial,
            notes: &r.meta.notes,
            versions: e.versions,
            latest: LatestJson {
                reference: e.head.reference(),
                hash: &r.content,
                record_id: &e.head.id,
                size: r.size,
                words: r.words,
                time: format_time(r.time),
                source_path: &r.source_path,
            },
        }
    }
}

#[derive(serde::Serialize)]
struct ListJson<'a> {
    version: u32,
    store: &'a Path,
    editions: Vec<EditionJson<'a>>,
}

/// The JSON document: the store's folder and every edition.
pub fn json(root: &Path, editions: &[EditionSummary], w: &mut impl Write) -> std::io::Result<()> {
    let doc = ListJson {
        version: 1,
        store: root,
        editions: editions.iter().map(EditionJson::of).collect(),
    };
    super::write_json(&doc, w)
}

/// One line per edition under its work's name.
pub fn text(root: &Path, editions: &[EditionSummary], w: &mut impl Write) -> std::io::Result<()> {
    if editions.is_empty() {
        return writeln!(
            w,
            "no editions yet in {}\nadd one: lectio add FILE --edition WORK/EDITION --lang LANG --kind KIND",
            root.display()
        );
    }
    let width = editions.iter().map(|e| e.edition.len()).max().unwrap_or(0);
    let mut last_work = "";
    for e in editions {
        if e.work != last_work {
            writeln!(w, "{}", e.work)?;
            last_work = &e.work;
        }
        let r = &e.head.record;
        let mut facts = Vec::new();
        if !r.meta.siglum.is_empty() {
            facts.push(format!("siglum {}", r.meta.siglum));
        }
        if !r.meta.translation_of.is_empty() {
            facts.push(format!("translation of {}", r.meta.translation_of));
        } else if !r.meta.source_lang.is_empty() {
            facts.push(format!("from {}", r.meta.source_lang));
        }
        if r.meta.partial {
            facts.push("partial".to_string());
        }
        let mut line = format!(
            "  {:<width$}  {:<5} {:<13} {:>3} version{}  {}  {:>6} words",
            e.edition,
            terminal(&r.meta.lang),
            r.meta.kind.as_str(),
            e.versions,
            if e.versions == 1 { " " } else { "s" },
            r.content.short(),
            r.words,
        );
        if !r.meta.title.is_empty() {
            line.push_str("  ");
            line.push_str(&terminal(&r.meta.title));
        }
        if !facts.is_empty() {
            line.push_str(&format!("  [{}]", terminal(&facts.join(", "))));
        }
        writeln!(w, "{line}")?;
    }
    Ok(())
}
