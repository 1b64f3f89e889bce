//! Sentence segmentation (rule-based, per language).
//!
//! [`segment`] cuts a text into sentences and paragraphs for English, Spanish, German, French
//! and Russian (other languages get the language-neutral rules). Each [`Sentence`] is a byte
//! span into the text, trimmed of surrounding whitespace; the text itself is never changed.
//!
//! Rules (deliberate choices):
//! - A blank line (only whitespace) ends a paragraph; a single line break is a space.
//! - A sentence ends after `.`, `?`, `!`, `…` (or runs of them such as `?!` or `...`), followed
//!   by closing quotes or brackets, and by a glued footnote marker (`.[3]`, `."19`), when the
//!   next word starts a sentence: an upper-case letter, a digit after `?`/`!`, or an opening
//!   quote, bracket, `¿`, `¡` or dash before one.
//! - A full stop does not end a sentence after a known abbreviation of the language
//!   (`Mr.`, `Sr.`, `z.B.`, `Mme.`, `т.е.`…), after a single letter (initials such as
//!   `V. I. Lenin`), or in German after a one- or two-digit number (ordinals: `4. Januar`).
//! - Em dashes and unspaced hyphens never end a sentence.
//!
//! [`segment_lines`] reads text that is already segmented: one sentence per line, blank lines
//! between paragraphs.

/// One sentence: a byte span into the segmented text and the paragraph it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Sentence {
    /// Byte offset of the first byte (never whitespace).
    pub start: usize,
    /// Byte offset one past the last byte (never whitespace).
    pub end: usize,
    /// Paragraph number, from 0, counting only paragraphs that hold a sentence.
    pub paragraph: usize,
}

impl Sentence {
    /// The sentence's text in `text` (the text it was cut from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Byte ranges of the paragraphs of `text` (separated by blank lines), trimmed, non-empty.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut para_end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = para_start.take() {
                out.push((s, para_end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if para_start.is_none() {
                para_start = Some(pos + lead);
            }
            para_end = pos + line.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = para_start {
        out.push((s, para_end));
    }
    out
}

/// Read already-segmented text: every non-blank line is one sentence (trimmed); blank lines
/// separate paragraphs.
pub fn segment_lines(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut pending_break = false;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            pending_break = true;
        } else {
            if pending_break && !out.is_empty() {
                paragraph += 1;
            }
            pending_break = false;
            let lead = line.len() - line.trim_start().len();
            let start = pos + lead;
            out.push(Sentence {
                start,
                end: start + trimmed.len(),
                paragraph,
            });
        }
        pos += line.len();
    }
    out
}

/// Cut `text` into sentences with the rules of language `lang` (a BCP 47 tag such as `en`,
/// `es-AR`, `de`, `fr`, `ru`; unknown languages use the shared rules only).
pub fn segment(text: &str, lang: &str) -> Vec<Sentence> {
    let lang = Lang::from_tag(lang);
    let mut out = Vec::new();
    for (p, (ps, pe)) in paragraphs(text).into_iter().enumerate() {
        segment_paragraph(text, ps, pe, p, lang, &mut out);
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    En,
    Es,
    De,
    Fr,
    Ru,
    Other,
}

impl Lang {
    fn from_tag(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Lang::En,
            "es" => Lang::Es,
            "de" => Lang::De,
            "fr" => Lang::Fr,
            "ru" => Lang::Ru,
            _ => Lang::Other,
        }
    }

    fn abbreviations(self) -> &'static [&'static str] {
        match self {
            Lang::En => &[
                "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "capt", "sgt", "rev",
                "hon", "jr", "sr", "vs", "etc", "e.g", "i.e", "cf", "vol", "vols", "p", "pp", "ed",
                "eds", "ch", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                "oct", "nov", "dec", "u.s", "u.k", "ca", "approx", "mt", "co", "inc", "ltd",
                "dept", "trans", "op", "cit", "ibid",
            ],
            Lang::Es => &[
                "sr", "sra", "srta", "sres", "dr", "dra", "ud", "uds", "vd", "vds", "d", "dña",
                "etc", "p", "pp", "pág", "págs", "núm", "nº", "cap", "vol", "vols", "ej", "cf",
                "ed", "eds", "op", "cit", "ibíd", "ibid", "gral", "lic", "ing", "av", "avda",
                "ee.uu", "aprox", "trad", "s", "ss", "fig", "col", "ca",
            ],
            Lang::De => &[
                "z.b", "bzw", "usw", "ca", "dr", "nr", "s", "vgl", "hr", "hrn", "fr", "str", "jh",
                "jhd", "evtl", "ggf", "u.a", "d.h", "u.ä", "o.ä", "z.t", "bd", "bde", "hg", "hrsg",
                "abb", "anm", "prof", "st", "dipl", "ing", "geb", "gest", "usf", "etc", "m.ü.m",
                "ü.m", "m", "km", "min", "std", "sog", "v", "vs", "u", "zit", "ebd", "ff", "f",
                "mio", "mrd", "okt", "nov", "dez", "jan", "feb", "aug", "sept",
            ],
            Lang::Fr => &[
                "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "st", "ste", "etc", "cf", "p",
                "pp", "vol", "n°", "av", "env", "éd", "ibid", "op", "cit", "chap", "fig", "s",
                "ss", "t", "c.-à-d", "c.à.d", "cie", "gén", "mgr", "prof", "me", "vs", "janv",
                "févr", "avr", "juil", "sept", "oct", "nov", "déc",
            ],
            Lang::Ru => &[
                "т.е",
                "т.д",
                "т.п",
                "т",
                "д",
                "п",
                "г",
                "гг",
                "см",
                "стр",
                "тов",
                "им",
                "др",
                "проф",
                "ул",
                "с",
                "в",
                "вв",
                "н.э",
                "до н.э",
                "ср",
                "т.к",
                "т.н",
                "рис",
                "тыс",
                "млн",
                "млрд",
                "руб",
                "коп",
                "акад",
                "ген",
                "гр",
                "изд",
                "сост",
                "ред",
                "прим",
            ],
            Lang::Other => &[
                "etc", "e.g", "i.e", "cf", "vs", "dr", "st", "p", "pp", "vol",
            ],
        }
    }
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '«' | ')' | ']' | '}' | '›' | '“' | '„'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '«'
            | '»'
            | '„'
            | '('
            | '['
            | '¿'
            | '¡'
            | '—'
            | '–'
            | '-'
            | '‹'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '。' | '？' | '！')
}

/// The word just before byte `pos` (letters, digits, inner dots), lower-cased.
fn word_before(text: &str, pos: usize) -> String {
    let before = &text[..pos];
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.' || c == '°' || c == '-')
        .last()
        .map_or(pos, |(i, _)| i);
    before[start..]
        .trim_start_matches(['.', '-'])
        .to_lowercase()
}

fn segment_paragraph(
    text: &str,
    ps: usize,
    pe: usize,
    paragraph: usize,
    lang: Lang,
    out: &mut Vec<Sentence>,
) {
    let para = &text[ps..pe];
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut sent_start = 0usize;
    let mut k = 0;
    while k < chars.len() {
        let (pos, c) = chars[k];
        if !is_terminator(c) {
            k += 1;
            continue;
        }
        // The run of terminators.
        let mut e = k;
        while e < chars.len() && (is_terminator(chars[e].1) || chars[e].1 == '.') {
            e += 1;
        }
        let run = &para[pos..chars.get(e).map_or(para.len(), |x| x.0)];
        let strong = run.contains(['?', '!', '？', '！']);
        let ellipsis = run.contains('…') || run.len() >= 3 && run.starts_with("..");
        let f = after_closers(&chars, e);
        // Must be followed by whitespace.
        if f < chars.len() && !chars[f].1.is_whitespace() {
            k = e.max(k + 1);
            continue;
        }
        let mut g = f;
        while g < chars.len() && chars[g].1.is_whitespace() {
            g += 1;
        }
        if g >= chars.len() {
            break;
        }
        // What comes next must start a sentence.
        let mut boundary = starts_sentence(&chars, g, strong);
        if boundary && !strong && !ellipsis && run == "." && abbreviation_before(para, pos, lang) {
            boundary = false;
        }
        if boundary {
            let end_byte = chars.get(f).map_or(para.len(), |x| x.0);
            push_sentence(para, ps, sent_start, end_byte, paragraph, out);
            sent_start = chars[g].0;
            k = g;
        } else {
            k = e.max(k + 1);
        }
    }
    push_sentence(para, ps, sent_start, para.len(), paragraph, out);
}

/// Past the closing quotes and brackets and the glued footnote markers (`[3]`, `."19`) that
/// follow the terminators ending at `e`.
fn after_closers(chars: &[(usize, char)], e: usize) -> usize {
    let mut f = e;
    loop {
        if f < chars.len() && is_closing(chars[f].1) {
            // `[3]` marker
            if chars[f].1 == ']' {
                f += 1;
                continue;
            }
            f += 1;
            continue;
        }
        if f < chars.len() && chars[f].1 == '[' {
            let mut g = f + 1;
            while g < chars.len() && chars[g].1.is_ascii_digit() {
                g += 1;
            }
            if g > f + 1 && g < chars.len() && chars[g].1 == ']' {
                f = g + 1;
                continue;
            }
        }
        if f < chars.len() && chars[f].1.is_ascii_digit() && f > e {
            // `."19`: digits glued after a closing quote.
            let mut g = f;
            while g < chars.len() && chars[g].1.is_ascii_digit() {
                g += 1;
            }
            if g == chars.len() || chars[g].1.is_whitespace() {
                f = g;
                continue;
            }
        }
        break;
    }
    f
}

/// Whether what stands at `g` (past opening quotes) can start a sentence: an upper-case
/// letter, or a digit after a strong terminator.
fn starts_sentence(chars: &[(usize, char)], g: usize, strong: bool) -> bool {
    let mut h = g;
    while h < chars.len() && is_opening(chars[h].1) {
        h += 1;
        // `« Le` (French spacing inside guillemets)
        if h + 1 < chars.len() && chars[h].1 == ' ' {
            h += 1;
        }
    }
    let next = chars.get(h).map(|x| x.1);
    match next {
        Some(n) if n.is_uppercase() => true,
        Some(n) if n.is_ascii_digit() => strong,
        _ => false,
    }
}

/// Whether the period at `pos` ends an abbreviation, an initial, a German ordinal or a dotted
/// abbreviation rather than a sentence.
fn abbreviation_before(para: &str, pos: usize, lang: Lang) -> bool {
    let word = word_before(para, pos);
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if lang.abbreviations().contains(&word.as_str()) {
        true
    } else if letters == 1 && word.chars().count() == 1 {
        // An initial: `V. I. Lenin`.
        para[..pos]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_uppercase())
    } else if lang == Lang::De
        && !word.is_empty()
        && word.len() <= 2
        && word.chars().all(|c| c.is_ascii_digit())
    {
        true
    } else if word.contains('.') && word.chars().filter(|&c| c == '.').count() >= 1 {
        // `G.O.Dyhrenfurth`, `U.S.A.`: dotted abbreviations continue.
        let parts: Vec<&str> = word.split('.').collect();
        parts.iter().all(|p| p.chars().count() <= 2)
    } else {
        false
    }
}

fn push_sentence(
    para: &str,
    base: usize,
    start: usize,
    end: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let s = &para[start..end];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return;
    }
    out.push(Sentence {
        start: base + start + lead,
        end: base + start + lead + trimmed.len(),
        paragraph,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
        segment(text, lang).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn english_letter_sentences() {
        let t = "History has again arrived at one of its great turning points. In Germany the fate of the German proletariat, of the Comintern, and of the USSR is being determined. The policies of the Comintern are steering the German revolution toward destruction just as inevitably as they did the Chinese revolution, although this time it is being done from the opposite direction, is Everything it was necessary to say in this regard, I have said elsewhere. There is no point repeating it here. Perhaps two or three months — and that in the very best of cases — remain in which to reverse a ruinous policy, the responsibility for which lies completely with Stalin.";
        let s = texts(t, "en");
        assert_eq!(s.len(), 5, "{s:#?}");
        assert!(s[2].ends_with("I have said elsewhere."));
        assert!(s[4].contains("— and that in the very best of cases —"));
    }

    #[test]
    fn english_quotes_and_glued_note() {
        let t = "The Soviet papers, including those of the party, speak of \"Stalin's leadership,\" \"Stalin's six conditions,\"19 \"Stalin's forecasts,\" and \"Stalin's general line,\" ignoring the Central Committee altogether. Instead it talks a great deal about \"Trotskyism.\" Entire pages are again filled up with \"Trotskyism.\" The problem is to make people believe.";
        let s = texts(t, "en");
        assert_eq!(s.len(), 4, "{s:#?}");
        assert!(s[1].ends_with("\"Trotskyism.\""));
        assert!(s[2].starts_with("Entire pages"));
    }

    #[test]
    fn english_missing_final_period_and_paragraphs() {
        let t = "Absolutely Secret\n\nTo the Politburo of the All-Union Communist Party (B)\n\n... in order to assure himself against counter-blows\n\nI of course have not been let in.";
        let s = segment(t, "en");
        assert_eq!(s.len(), 4);
        assert_eq!(
            s.iter().map(|x| x.paragraph).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert_eq!(s[0].text(t), "Absolutely Secret");
    }

    #[test]
    fn spanish_note_markers_and_dashes() {
        let t = "La política de la Comintern conduce la revolución alemana al desastre, tan inevitablemente como lo hizo con la revolución china, aunque esta vez desde la dirección opuesta.[3] Ya dije todo lo que hace decir al respecto. No sirve de nada repetirlo aquí. Tal vez -en el mejor de los casos- quede todavía un plazo de dos o tres meses para revertir una política ruinosa, cuya responsabilidad recae totalmente sobre Stalin.";
        let s = texts(t, "es");
        assert_eq!(s.len(), 4, "{s:#?}");
        assert!(s[0].ends_with("opuesta.[3]"));
        assert!(s[1].starts_with("Ya dije"));
    }

    #[test]
    fn spanish_curly_quotes_and_abbreviations() {
        let t = "En lugar de ello habla mucho sobre el “trotskismo”. Nuevamente se le dedican páginas enteras. Lo dijo el Sr. Pérez. ¿Quién lo sabe? ¡Nadie!";
        let s = texts(t, "es");
        assert_eq!(s.len(), 5, "{s:#?}");
        assert_eq!(s[2], "Lo dijo el Sr. Pérez.");
        assert_eq!(s[3], "¿Quién lo sabe?");
    }

    #[test]
    fn german_ordinals_and_abbreviations() {
        let t = "Am 4. Januar 1932 schrieb er z.B. einen Brief an das Politbüro. Die Antwort kam nie. Vgl. S. 18 der Ausgabe.";
        let s = texts(t, "de");
        assert_eq!(s.len(), 3, "{s:#?}");
        assert!(s[0].starts_with("Am 4. Januar"));
    }

    #[test]
    fn french_abbreviations_and_guillemets() {
        let t = "M. Dupont a lu la lettre de L. Trotsky. « Le trotskysme » est un mot de Staline. Mme. Roux le savait… Tout était dit.";
        let s = texts(t, "fr");
        assert_eq!(s.len(), 4, "{s:#?}");
        assert!(s[0].starts_with("M. Dupont"));
        assert!(s[3].starts_with("Tout"));
    }

    #[test]
    fn russian_abbreviations_and_initials() {
        let t = "Письмо в Политбюро написал Л. Д. Троцкий в 1932 г. в Принкипо. Сталин, т.е. генеральный секретарь, его прочёл. Что дальше?";
        let s = texts(t, "ru");
        assert_eq!(s.len(), 3, "{s:#?}");
        assert!(s[1].starts_with("Сталин"));
    }

    #[test]
    fn ordinary_words_are_not_abbreviations() {
        let s = texts("The answer was no. We left. See No. 5 below.", "en");
        assert_eq!(s, ["The answer was no.", "We left.", "See No. 5 below."]);
    }

    #[test]
    fn segmented_lines() {
        let t = "One .\nTwo .\n\n  Three  \n";
        let s = segment_lines(t);
        assert_eq!(s.len(), 3);
        assert_eq!(s[2].text(t), "Three");
        assert_eq!(s[2].paragraph, 1);
    }

    #[test]
    fn spans_point_into_source() {
        let t = "  A b.  C d!\n\n\nE.";
        for s in segment(t, "en") {
            assert_eq!(s.text(t), s.text(t).trim());
            assert!(!s.text(t).is_empty());
        }
        assert!(segment("", "en").is_empty());
        assert!(segment(" \n\n ", "en").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_text_segments_into_valid_spans(t in "(?s).{0,300}", lang in "(en|es|de|fr|ru|xx)") {
            // In order, disjoint, trimmed, and together they hold every character that is not
            // white space: no text is lost (so an empty result fails on any non-blank text).
            let mut last_end = 0;
            let mut covered = String::new();
            for x in segment(&t, &lang) {
                proptest::prop_assert!(x.start >= last_end && x.start < x.end && x.end <= t.len());
                let s = x.text(&t);
                proptest::prop_assert_eq!(s, s.trim());
                covered.push_str(s);
                last_end = x.end;
            }
            let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            proptest::prop_assert_eq!(visible(&covered), visible(&t));
            // One span per non-blank line, the line trimmed.
            let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            let spans: Vec<&str> = segment_lines(&t).iter().map(|x| x.text(&t)).collect();
            proptest::prop_assert_eq!(spans, lines);
        }
    }
}
