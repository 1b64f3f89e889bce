//! What the aligner compares in a sentence: its length without note markers, and anchor
//! features (numbers, names and cognates compared across scripts, `?`/`!`, glossary entries).

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

use crate::text::{Token, TokenKind, tokenize};

/// Length of the prefix that makes two words cognates (`Stalin` ~ `Staline`).
pub const PREFIX: usize = 4;

/// A user glossary: pairs of source and target words that translate each other.
#[derive(Clone, Debug, Default)]
pub struct Glossary {
    /// (source key, target key) pairs, lower-cased and without accents.
    pub pairs: Vec<(String, String)>,
}

impl Glossary {
    /// Parse a glossary: one pair a line, `source<TAB>target` (or `source = target`); `#`
    /// starts a comment line. `origin` names the file in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, super::AlignError> {
        let mut pairs = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (a, b) = line
                .split_once('\t')
                .or_else(|| line.split_once(" = "))
                .ok_or_else(|| super::AlignError::Glossary {
                    path: origin.to_string(),
                    line: n + 1,
                    message: "expected `source<TAB>target` or `source = target`".into(),
                })?;
            let (a, b) = (fold(a.trim()), fold(b.trim()));
            if a.is_empty() || b.is_empty() {
                return Err(super::AlignError::Glossary {
                    path: origin.to_string(),
                    line: n + 1,
                    message: "empty side".into(),
                });
            }
            pairs.push((a, b));
        }
        Ok(Glossary { pairs })
    }
}

/// Lower-case, strip accents and transliterate Cyrillic and Greek into Latin letters.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        for lc in c.to_lowercase() {
            match translit(lc) {
                Some(s) => out.push_str(s),
                None => out.push(lc),
            }
        }
    }
    out
}

fn translit(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' | 'ы' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        'і' => "i",
        'α' => "a",
        'β' => "b",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' => "e",
        'θ' => "th",
        'ι' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' => "o",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        _ => return None,
    })
}

/// The comparison key of a name or cognate: its folded form cut to [`PREFIX`] letters. Acronyms
/// (all capitals) compare by their sorted letters, so `USSR` ~ `URSS`.
pub fn name_key(word: &str) -> String {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        let mut f: Vec<char> = fold(&letters.iter().collect::<String>()).chars().collect();
        f.sort_unstable();
        return format!("A{}", f.into_iter().collect::<String>());
    }
    let base = word.split(['\'', '’']).next().unwrap_or(word);
    fold(base).chars().take(PREFIX).collect()
}

/// Is token `i` a footnote marker: digits glued after punctuation (`,"19`, `.19`) or in
/// brackets (`[3]`)? Markers stay in the text but are ignored when matching.
pub fn is_marker(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if t.kind() != TokenKind::Number {
        return false;
    }
    let prev = i.checked_sub(1).map(|p| &tokens[p]);
    let next = tokens.get(i + 1);
    let glued_prev = prev.filter(|p| p.end() == t.start());
    let Some(p) = glued_prev else { return false };
    let pt = p.text(text);
    if pt == "[" {
        return next.is_some_and(|n| n.start() == t.end() && n.text(text) == "]");
    }
    let closes = matches!(
        pt,
        "\"" | "”" | "’" | "'" | "," | "." | ";" | ":" | ")" | "»"
    );
    closes && next.is_none_or(|n| n.start() > t.end() || n.kind() == TokenKind::Punct)
}

/// Is token `i` a bracket around a marker (`[` or `]` of `[3]`)?
fn is_marker_bracket(text: &str, tokens: &[Token], i: usize) -> bool {
    let t = tokens[i].text(text);
    (t == "[" && i + 1 < tokens.len() && is_marker(text, tokens, i + 1))
        || (t == "]" && i > 0 && is_marker(text, tokens, i - 1))
}

/// A sentence as the aligner sees it.
#[derive(Clone, Debug, Default)]
pub struct SentFeatures {
    /// Length in characters without whitespace and note markers.
    pub len: f64,
    /// Anchor feature ids (sorted, unique).
    pub feats: Vec<u32>,
    /// Numbers (digits only), in order.
    pub numbers: Vec<String>,
    /// Name candidates, as written: capitalised words of three letters or more preceded by a
    /// word, a number, a comma or a semicolon (so not sentence-initial, and not after a colon,
    /// a quote, a dash or a bracket, where any word may be capitalised).
    pub names: Vec<String>,
    /// Folded name candidates that directly follow a word or a number (not a comma: older
    /// texts start quoted speech after a comma with a capital, `saying, Hail`). A candidate is
    /// checked only if its text has it in such a place at least once.
    pub strong: Vec<String>,
    /// Folded words written in lower case (a capitalised word that the text also writes in
    /// lower case is a common word, not a name).
    pub lower: Vec<String>,
    /// Folded keys of every word of the sentence (for name look-up on the other side).
    pub keys: Vec<String>,
    /// Folded words of three letters or more (for the lexicon learnt from a first pass).
    pub words: Vec<String>,
    /// Most words are capitalized (a heading or an address line): names are not checked.
    pub heading: bool,
    /// Glossary hits: (folded word, glossary entry index).
    pub gloss: Vec<(String, usize)>,
}

/// Interns feature strings into ids shared by both sides of a pair.
#[derive(Default)]
pub struct FeatureSpace {
    ids: FxHashMap<String, u32>,
    keys: Vec<String>,
}

impl FeatureSpace {
    /// The id of feature `key`, new or existing.
    pub fn id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.ids.insert(key.to_string(), id);
        self.keys.push(key.to_string());
        id
    }

    /// Move features extracted with the space `other` into this one (ids are assigned in
    /// `other`'s order, so the result does not depend on thread timing).
    pub fn absorb(&mut self, other: &FeatureSpace, feats: &mut [SentFeatures]) {
        let map: Vec<u32> = other.keys.iter().map(|k| self.id(k)).collect();
        for f in feats {
            for id in &mut f.feats {
                *id = map[*id as usize];
            }
            f.feats.sort_unstable();
            f.feats.dedup();
        }
    }
}

/// Which side of the pair a sentence is on (for the glossary).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideKind {
    /// The source text.
    Source,
    /// A translation.
    Target,
}

/// Extract the features of one sentence.
pub fn extract(
    sentence: &str,
    lang: &str,
    side: SideKind,
    glossary: Option<&Glossary>,
    space: &mut FeatureSpace,
) -> SentFeatures {
    let tokens = tokenize(sentence);
    let mut f = SentFeatures::default();
    let german = lang.to_ascii_lowercase().starts_with("de");
    // May a capitalised word here be a name? Only after a word, a number, `,` or `;`.
    let mut name_slot = false;
    let mut prev_word = false;
    for (i, t) in tokens.iter().enumerate() {
        if is_marker(sentence, &tokens, i) || is_marker_bracket(sentence, &tokens, i) {
            continue;
        }
        let s = t.text(sentence);
        let strong = prev_word;
        prev_word = matches!(t.kind(), TokenKind::Word | TokenKind::Number);
        let slot = std::mem::replace(
            &mut name_slot,
            match t.kind() {
                TokenKind::Word | TokenKind::Number => true,
                TokenKind::Punct => s == "," || s == ";",
                _ => false,
            },
        );
        f.len += s.chars().count() as f64;
        match t.kind() {
            TokenKind::Number | TokenKind::Word if s.chars().any(|c| c.is_ascii_digit()) => {
                for run in s.split(|c: char| !c.is_ascii_digit() && c != '.' && c != ',') {
                    let digits: String = run.chars().filter(|c| c.is_ascii_digit()).collect();
                    if !digits.is_empty() {
                        let id = space.id(&format!("#{digits}"));
                        f.feats.push(id);
                        f.numbers.push(digits);
                    }
                }
            }
            TokenKind::Word => {
                let key = name_key(s);
                let letters = s.chars().filter(|c| c.is_alphabetic()).count();
                let capital = s.chars().next().is_some_and(|c| c.is_uppercase());
                if letters >= PREFIX || key.starts_with('A') {
                    let id = space.id(&key);
                    f.feats.push(id);
                }
                if capital && slot && !german && letters >= 3 {
                    f.names.push(s.to_string());
                    if strong {
                        f.strong.push(super::names::fold_name(s));
                    }
                }
                if s.chars().next().is_some_and(char::is_lowercase) {
                    f.lower.push(super::names::fold_name(s));
                }
                f.keys.push(key);
                if letters >= 3 {
                    f.words.push(fold(s));
                }
                if let Some(g) = glossary {
                    let folded = fold(s);
                    for (n, (a, b)) in g.pairs.iter().enumerate() {
                        let hit = match side {
                            SideKind::Source => *a == folded,
                            SideKind::Target => *b == folded,
                        };
                        if hit {
                            f.feats.push(space.id(&format!("g{n}")));
                            f.gloss.push((folded.clone(), n));
                        }
                    }
                }
            }
            TokenKind::Punct if s == "?" || s == "!" || s == "¿" || s == "¡" => {
                let k = if s == "?" || s == "¿" { "?" } else { "!" };
                f.feats.push(space.id(k));
            }
            _ => {}
        }
    }
    let words: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.kind() == TokenKind::Word)
        .collect();
    let caps = words
        .iter()
        .filter(|t| {
            t.text(sentence)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
        .count();
    f.heading = caps * 2 > words.len();
    f.feats.sort_unstable();
    f.feats.dedup();
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_across_scripts() {
        assert_eq!(name_key("Сталин"), name_key("Stalin"));
        assert_eq!(name_key("Staline"), name_key("Stalin's"));
        assert_eq!(name_key("USSR"), name_key("URSS"));
        assert_eq!(name_key("Politburó"), name_key("Politburo"));
    }

    #[test]
    fn markers_are_ignored() {
        let mut space = FeatureSpace::default();
        let a = extract(
            "\"Stalin's six conditions,\"19 \"Stalin's forecasts,\"",
            "en",
            SideKind::Source,
            None,
            &mut space,
        );
        assert!(a.numbers.is_empty());
        let b = extract(
            "desde la dirección opuesta.[3] En 1925",
            "es",
            SideKind::Target,
            None,
            &mut space,
        );
        assert_eq!(b.numbers, ["1925"]);
        assert_eq!(
            b.len,
            "desdeladirecciónopuesta.En1925".chars().count() as f64
        );
    }
}
