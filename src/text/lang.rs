//! A small language guesser for running text: the share of very common function words of
//! each language the sentence splitter knows (and a few more), and the script (Cyrillic is
//! Russian here). Good enough to label a TMX side or pick sentence rules for a page of prose;
//! it answers `None` rather than guess on short or mixed text.

/// Function words per language: articles, prepositions, conjunctions, pronouns.
const WORDS: [(&str, &[&str]); 7] = [
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "it", "was", "for", "with", "he", "his",
            "they", "not", "this", "be", "which", "have", "unto",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "las", "de", "del", "y", "que", "en", "un", "una", "por", "con",
            "para", "se", "no", "su", "es", "lo", "al",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "auf", "den", "dem",
            "zu", "sich", "von", "des", "im", "auch", "wir", "sie",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "de", "des", "du", "un", "une", "est", "que", "qui", "dans",
            "pour", "pas", "sur", "au", "aux", "il", "ne",
        ],
    ),
    (
        "it",
        &[
            "il", "lo", "la", "gli", "le", "di", "e", "che", "per", "non", "un", "una", "con",
            "del", "della", "sono", "nel", "alla", "ha", "si",
        ],
    ),
    (
        "pt",
        &[
            "o", "a", "os", "as", "de", "do", "da", "dos", "das", "e", "que", "em", "um", "uma",
            "para", "com", "não", "no", "na", "se",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "zijn", "met",
            "voor", "ik", "wij", "ze", "aan", "ook", "maar", "om",
        ],
    ),
];

/// Guess the language of `text` (a BCP 47 primary tag), or `None` when the text is too short
/// or no language clearly leads: at least 20 words, a winner holding at least 15 % of the
/// words and 1.5 times the runner-up's hits.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut words = 0usize;
    let mut cyrillic = 0usize;
    let mut latin = 0usize;
    let mut hits = [0usize; WORDS.len()];
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(5000)
    {
        words += 1;
        let first = w.chars().next().unwrap_or(' ');
        if ('\u{400}'..='\u{4FF}').contains(&first) {
            cyrillic += 1;
            continue;
        }
        latin += 1;
        let lower = w.to_lowercase();
        for (k, (_, list)) in WORDS.iter().enumerate() {
            if list.contains(&lower.as_str()) {
                hits[k] += 1;
            }
        }
    }
    if words < 20 {
        return None;
    }
    if cyrillic * 2 > words {
        return Some("ru");
    }
    let mut order: Vec<usize> = (0..WORDS.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(hits[k]));
    let (best, second) = (hits[order[0]], hits[order[1]]);
    (latin > 0 && best * 100 >= latin * 15 && best * 2 >= second * 3).then(|| WORDS[order[0]].0)
}

/// A language code guessed from a file name: `en-…`, `es_…`, `….de` (one of the languages
/// lectio knows; `None` otherwise). `align` uses it when no language is given.
pub fn from_file_name(label: &str) -> Option<String> {
    const KNOWN: [&str; 10] = ["en", "es", "de", "fr", "ru", "it", "pt", "nl", "pl", "la"];
    let name = std::path::Path::new(label).file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let prefix = lower
        .get(..2)
        .filter(|_| lower[2..].starts_with(['-', '_', '.']) || lower.len() == 2);
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    [prefix, ext]
        .into_iter()
        .flatten()
        .find(|c| KNOWN.contains(c))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::{detect, from_file_name};

    #[test]
    fn common_languages() {
        let en = "In the beginning was the Word, and the Word was with God, and it was good that \
                  they came to the city of the king with all his men and this was the end.";
        let es = "En el principio era el Verbo, y el Verbo era con Dios, y los hombres de la \
                  ciudad se fueron con su rey por el camino que no conocían para ver al profeta.";
        let ru = "В начале было Слово, и Слово было у Бога, и Слово было Бог. Оно было в начале \
                  у Бога. Все чрез Него начало быть, и без Него ничто не начало быть.";
        assert_eq!(detect(en), Some("en"));
        assert_eq!(detect(es), Some("es"));
        assert_eq!(detect(ru), Some("ru"));
        assert_eq!(detect("Too short to tell."), None);
        assert_eq!(
            detect("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22"),
            None
        );
    }

    #[test]
    fn language_from_a_file_name() {
        assert_eq!(from_file_name("dir/en-marxists.txt").as_deref(), Some("en"));
        assert_eq!(from_file_name("es_ceip.txt").as_deref(), Some("es"));
        assert_eq!(from_file_name("dev.de").as_deref(), Some("de"));
        assert_eq!(from_file_name("ru").as_deref(), Some("ru"));
        assert_eq!(from_file_name("english.txt"), None);
        assert_eq!(from_file_name("xx-notes.txt"), None);
    }
}
