//! The most frequent function words of English, Spanish, German, French and Russian.
//!
//! Two uses: collation aligns them only between content anchors (they occur everywhere, so a
//! match of `of` or `the` says little about where two witnesses correspond), and the variant
//! classifier never calls two different function words a spelling of each other (`could` /
//! `would`, `then` / `than` are other words, however close their letters).
//!
//! The lists are short on purpose (articles, pronouns, prepositions, conjunctions, auxiliaries
//! and the commonest adverbs), lower-case, in the languages' usual spelling.

const EN: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "each", "even", "every",
    "for", "from", "had", "has", "have", "he", "her", "here", "hers", "herself", "him", "himself",
    "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "may", "me", "might",
    "mine", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now", "o", "of",
    "on", "once", "one", "only", "or", "other", "our", "ours", "out", "over", "own", "shall",
    "she", "should", "so", "some", "such", "than", "that", "the", "thee", "their", "them", "then",
    "there", "these", "they", "this", "thou", "those", "though", "through", "thus", "thy", "to",
    "too", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "whose", "why", "will", "with", "would", "ye", "yet", "you", "your",
];

const ES: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "el", "ella", "ellos", "en", "entre", "es", "esta",
    "este", "fue", "ha", "la", "las", "le", "les", "lo", "los", "más", "me", "mi", "muy", "no",
    "nos", "o", "para", "pero", "por", "que", "se", "si", "sin", "sobre", "su", "sus", "te", "un",
    "una", "y", "ya", "yo",
];

const DE: &[&str] = &[
    "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "daß", "dem", "den",
    "der", "des", "die", "doch", "du", "ein", "eine", "einem", "einen", "einer", "er", "es", "für",
    "hat", "ich", "ihr", "im", "in", "ist", "ja", "mit", "nach", "nicht", "noch", "nur", "oder",
    "sich", "sie", "sind", "so", "um", "und", "von", "vor", "war", "was", "wie", "wir", "wird",
    "zu", "zum", "zur",
];

const FR: &[&str] = &[
    "à", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et",
    "il", "ils", "je", "la", "le", "les", "leur", "lui", "mais", "me", "ne", "nous", "on", "ou",
    "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "un", "une", "vous",
    "y",
];

const RU: &[&str] = &[
    "а",
    "без",
    "бы",
    "в",
    "во",
    "вы",
    "да",
    "для",
    "до",
    "его",
    "ее",
    "её",
    "если",
    "же",
    "за",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "мы",
    "на",
    "над",
    "не",
    "но",
    "о",
    "об",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "по",
    "под",
    "при",
    "с",
    "со",
    "так",
    "то",
    "только",
    "у",
    "уже",
    "что",
    "это",
    "я",
];

/// True when `word` (any case) is a frequent function word of one of the built-in languages.
pub fn is_function_word(word: &str) -> bool {
    let lower;
    let w = if word.chars().any(char::is_uppercase) {
        lower = word.to_lowercase();
        lower.as_str()
    } else {
        word
    };
    [EN, ES, DE, FR, RU].iter().any(|l| l.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert!(is_function_word("The"));
        assert!(is_function_word("would"));
        assert!(is_function_word("und"));
        assert!(is_function_word("что"));
        assert!(!is_function_word("creature"));
    }
}
