//! `lectio log`: an edition's versions, newest first.

use std::io::Write;

use crate::escape::terminal;
use crate::store::record::format_time;
use crate::store::{EditionMeta, ObjectId, Version};
use crate::text::LineEndings;

#[derive(serde::Serialize)]
struct VersionJson<'a> {
    reference: String,
    number: u32,
    hash: &'a ObjectId,
    record_id: &'a ObjectId,
    time: String,
    size: u64,
    words: u64,
    encoding: &'static str,
    line_endings: LineEndings,
    author: &'a str,
    source_path: &'a str,
    message: &'a str,
    meta: &'a EditionMeta,
}

#[derive(serde::Serialize)]
struct LogJson<'a> {
    version: u32,
    work: &'a str,
    edition: &'a str,
    versions: Vec<VersionJson<'a>>,
}

/// The JSON document: every version (newest first) with its record's facts.
pub fn json(versions: &[Version], w: &mut impl Write) -> std::io::Result<()> {
    let Some(head) = versions.first().map(|v| &v.record) else {
        return Ok(());
    };
    let doc = LogJson {
        version: 1,
        work: &head.work,
        edition: &head.edition,
        versions: versions
            .iter()
            .map(|v| VersionJson {
                reference: v.reference(),
                number: v.record.number,
                hash: &v.record.content,
                record_id: &v.id,
                time: format_time(v.record.time),
                size: v.record.size,
                words: v.record.words,
                encoding: v.record.encoding.as_str(),
                line_endings: v.record.line_endings,
                author: &v.record.author,
                source_path: &v.record.source_path,
                message: &v.record.message,
                meta: &v.record.meta,
            })
            .collect(),
    };
    super::write_json(&doc, w)
}

/// The edition's header line, then one line per version and its message.
pub fn text(versions: &[Version], w: &mut impl Write) -> std::io::Result<()> {
    let Some(head) = versions.first().map(|v| &v.record) else {
        return Ok(());
    };
    writeln!(
        w,
        "{}/{}  {} {}{}{}{}",
        head.work,
        head.edition,
        terminal(&head.meta.lang),
        head.meta.kind.as_str(),
        if head.meta.partial { " (partial)" } else { "" },
        if head.meta.siglum.is_empty() {
            String::new()
        } else {
            format!("  siglum {}", terminal(&head.meta.siglum))
        },
        if head.meta.title.is_empty() {
            String::new()
        } else {
            format!("  {}", terminal(&head.meta.title))
        }
    )?;
    for v in versions {
        let r = &v.record;
        let mut facts = vec![r.encoding.as_str(), r.line_endings.as_str()];
        facts.retain(|f| *f != "utf-8" && *f != "lf");
        writeln!(
            w,
            "@{:<3} {}  {}  {} bytes  {} words{}",
            r.number,
            r.content,
            format_time(r.time),
            r.size,
            r.words,
            if facts.is_empty() {
                String::new()
            } else {
                format!("  [{}]", facts.join(", "))
            }
        )?;
        for line in r.message.lines() {
            writeln!(w, "     {}", terminal(line))?;
        }
    }
    Ok(())
}
