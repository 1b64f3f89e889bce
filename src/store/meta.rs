//! An edition's metadata as changed by `add`: merging and validating.

use super::add::AddRequest;
use super::record::{EditionKind, EditionMeta};
use super::resolve::resolve;
use super::{Store, StoreError};

/// Changes to an edition's metadata given with `add`; `None` keeps the previous version's
/// value. A new edition needs at least `lang` and `kind`.
#[derive(Clone, Debug, Default)]
pub struct MetaChanges {
    /// Language (BCP 47).
    pub lang: Option<String>,
    /// Kind.
    pub kind: Option<EditionKind>,
    /// Title.
    pub title: Option<String>,
    /// Source (citation or URL).
    pub source: Option<String>,
    /// Siglum.
    pub siglum: Option<String>,
    /// The edition translated (a reference; stored as `WORK/EDITION`). Clears `source_lang`.
    pub translation_of: Option<String>,
    /// The language translated from. Clears `translation_of`.
    pub source_lang: Option<String>,
    /// Whether the edition is partial.
    pub partial: Option<bool>,
    /// Notes.
    pub notes: Option<String>,
}

pub(super) fn valid_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

pub(super) fn merge_meta(
    store: &Store,
    req: &AddRequest,
    base: Option<&EditionMeta>,
) -> Result<EditionMeta, StoreError> {
    let ch = &req.meta;
    let edition = format!("{}/{}", req.work, req.edition);
    let need = |what: &str| {
        StoreError::Usage(format!(
            "{edition} is a new edition: {what} is required\nhint: pass --lang (a BCP 47 tag such as en) and --kind (original, transcription, emendation or translation)"
        ))
    };
    let lang = match (&ch.lang, base) {
        (Some(l), _) => l.clone(),
        (None, Some(b)) => b.lang.clone(),
        (None, None) => return Err(need("--lang")),
    };
    if !valid_lang(&lang) {
        return Err(StoreError::Usage(format!(
            "'{}' is not a BCP 47 language tag (e.g. en, es, ru, pt-BR)",
            crate::escape::terminal(&lang)
        )));
    }
    let kind = ch
        .kind
        .or(base.map(|b| b.kind))
        .ok_or_else(|| need("--kind"))?;
    let pick = |new: &Option<String>, old: Option<&String>| {
        new.clone().or_else(|| old.cloned()).unwrap_or_default()
    };
    if ch.translation_of.is_some() && ch.source_lang.is_some() {
        return Err(StoreError::Usage(
            "give either --translation-of or --source-lang, not both".into(),
        ));
    }
    let (mut translation_of, mut source_lang) = (
        base.map(|b| b.translation_of.clone()).unwrap_or_default(),
        base.map(|b| b.source_lang.clone()).unwrap_or_default(),
    );
    if let Some(t) = &ch.translation_of {
        let v = resolve(store, t)?;
        translation_of = format!("{}/{}", v.record.work, v.record.edition);
        if translation_of == edition {
            return Err(StoreError::Usage(format!(
                "{edition} cannot be a translation of itself"
            )));
        }
        source_lang = String::new();
    }
    if let Some(l) = &ch.source_lang {
        if !valid_lang(l) {
            return Err(StoreError::Usage(format!(
                "--source-lang '{}' is not a BCP 47 language tag",
                crate::escape::terminal(l)
            )));
        }
        source_lang = l.clone();
        translation_of = String::new();
    }
    if kind == EditionKind::Translation && translation_of.is_empty() && source_lang.is_empty() {
        return Err(StoreError::Usage(format!(
            "{edition} is a translation: say what of with --translation-of WORK/EDITION or --source-lang LANG"
        )));
    }
    Ok(EditionMeta {
        lang,
        kind,
        title: pick(&ch.title, base.map(|b| &b.title)),
        source: pick(&ch.source, base.map(|b| &b.source)),
        siglum: pick(&ch.siglum, base.map(|b| &b.siglum)),
        translation_of,
        source_lang,
        partial: ch.partial.or(base.map(|b| b.partial)).unwrap_or(false),
        notes: pick(&ch.notes, base.map(|b| &b.notes)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_tags() {
        for ok in ["en", "es", "ru", "pt-BR", "zh-Hant-TW", "grc"] {
            assert!(valid_lang(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english",
            "en_GB",
            "en-",
            "-en",
            "en-toolongsubtag",
        ] {
            assert!(!valid_lang(bad), "{bad}");
        }
    }
}
