//! Names across languages: when a name on one side of a bead has its counterpart on the other.
//!
//! Two spellings are the same name when their *skeletons* (folded — lower case, no accents,
//! Cyrillic and Greek transliterated — then `ph`/`f`→`p`, `th`→`t`, `ch`/`kh`/`k`/`q`→`c`,
//! `j`/`y`→`i`, `v`/`w`→`b`, `z`→`s`, `h` dropped, doubled letters single) are equal, within
//! one edit per three letters (five letters or more), or share a stem (the first four letters,
//! or the whole of a shorter skeleton of three or four letters, or all but a final `s` and
//! final vowels, at least three letters: `Zacchaeus` ~ `Zaqueo`): `Jericho` ~ `Jericó`,
//! `Pharisees` ~ `Fariseos`, `Esaias` ~ `Isaías`, `Сталин` ~ `Staline`. Names that look
//! nothing alike across languages come from [`GROUPS`], a small built-in table of common
//! exonyms and biblical and classical names (English, Spanish, French, German, Italian,
//! Portuguese, Latin, Russian transliterated), and from the user's `--glossary`.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::features::fold;

/// Forms of one name in several languages, folded (lower case, no accents, Cyrillic
/// transliterated as [`fold`] does). Extend with `--glossary` (`John<TAB>Juan`).
pub const GROUPS: &[&[&str]] = &[
    // God and the biblical names whose forms differ most.
    &[
        "god", "dios", "dieu", "gott", "dio", "deus", "bog", "boga", "bogu",
    ],
    &[
        "lord", "senor", "seigneur", "herr", "herrn", "signore", "dominus", "gospod",
    ],
    &["jesus", "iisus", "gesu"],
    &[
        "christ", "cristo", "christus", "khristos", "khrista", "messiah", "mesias", "messie",
        "messias",
    ],
    &[
        "john", "juan", "jean", "johannes", "giovanni", "joao", "ioann", "ioannes",
    ],
    &["peter", "pedro", "pierre", "petrus", "pietro", "petr"],
    &[
        "james", "jacobo", "santiago", "jacques", "jakobus", "giacomo", "iakov", "tiago",
    ],
    &["paul", "pablo", "paulus", "paolo", "pavel", "paulo"],
    &[
        "matthew",
        "mateo",
        "matthieu",
        "matthaus",
        "matteo",
        "matfei",
        "matthaeus",
    ],
    &["mark", "marcos", "marc", "markus", "marco", "marcus"],
    &["luke", "lucas", "luc", "lukas", "luca", "luka"],
    &["mary", "maria", "marie", "mariya"],
    &["joseph", "jose", "josef", "giuseppe", "iosif"],
    &["moses", "moises", "moise", "mose", "moisei", "mose"],
    &["elijah", "elias", "elie", "elia", "iliya", "ilia"],
    &["elisha", "eliseo", "eliseus", "elisee", "elisa", "elisei"],
    &[
        "isaiah", "isaias", "esaias", "isaie", "jesaja", "isaia", "isaiya",
    ],
    &["jeremiah", "jeremias", "jeremie", "jeremia", "ieremiya"],
    &["solomon", "salomon", "salomo", "salomone"],
    &["noah", "noe", "noach"],
    &["eve", "eva"],
    &["herod", "herodes", "herode", "erode", "irod"],
    &["pilate", "pilato", "pilatus", "pilat"],
    &["satan", "satanas"],
    &[
        "saviour",
        "savior",
        "salvador",
        "sauveur",
        "retter",
        "heiland",
        "salvatore",
        "spasitel",
    ],
    &[
        "almighty",
        "todopoderoso",
        "omnipotente",
        "allmachtige",
        "onnipotente",
        "vsederzhitel",
    ],
    &[
        "baptist",
        "bautista",
        "baptiste",
        "taufer",
        "battista",
        "krestitel",
    ],
    &["jesse", "isai", "jesse", "iessei"],
    &[
        "zacchaeus",
        "zaqueo",
        "zachee",
        "zachaus",
        "zaccheo",
        "zakkhei",
    ],
    &[
        "jews", "jew", "judios", "judio", "juifs", "juif", "juden", "jude", "ebrei", "iudei",
    ],
    &["gentiles", "gentile", "gentiles", "gentils"],
    &["naomi", "noemi"],
    &["boaz", "booz"],
    &["zacharias", "zacarias", "zachariah", "zacharie", "zaccaria"],
    &[
        "stephen", "esteban", "etienne", "stephan", "stefano", "stefan",
    ],
    &["andrew", "andres", "andre", "andreas", "andrea", "andrei"],
    &["thomas", "tomas", "tommaso", "foma"],
    &[
        "philip", "felipe", "philippe", "philipp", "filippo", "filipp",
    ],
    &["bartholomew", "bartolome", "barthelemy", "bartolomeo"],
    &["judas", "judah", "juda", "judas", "iuda"],
    &["simeon", "simon"],
    // Places whose names differ across languages.
    &["bethlehem", "belen", "bethleem", "betlemme", "vifleem"],
    &[
        "egypt", "egipto", "egypte", "agypten", "egitto", "egipet", "aegyptus",
    ],
    &["tyre", "tiro", "tyr", "tiros"],
    &["galilee", "galilea", "galilaa"],
    &["judaea", "judea", "judee", "jewry"],
    &[
        "calvary", "calvario", "calavera", "calvaire", "golgotha", "golgota",
    ],
    &[
        "greek", "greeks", "griego", "griega", "griegos", "griegas", "grec", "grecque", "greco",
    ],
    &["syrian", "siro", "sirio", "syrien", "syrer", "siriano"],
    &["jordan", "jordan", "jourdain", "giordano", "iordan"],
    &[
        "germany",
        "alemania",
        "allemagne",
        "deutschland",
        "germania",
        "germaniya",
        "german",
        "germans",
        "aleman",
        "alemana",
        "alemanes",
        "alemanas",
        "allemand",
        "allemande",
        "allemands",
        "deutsche",
        "deutschen",
        "tedesco",
        "tedesca",
        "tedeschi",
    ],
    &["ussr", "urss", "sssr", "udssr"],
    &["france", "francia", "frankreich", "frantsiya"],
    &[
        "spain", "espana", "espagne", "spanien", "spagna", "ispaniya",
    ],
    &[
        "england",
        "inglaterra",
        "angleterre",
        "inghilterra",
        "angliya",
    ],
    &["britain", "bretana", "bretagne", "britannien", "britannia"],
    &["italy", "italia", "italie", "italien"],
    &["russia", "rusia", "russie", "russland", "rossiya", "rossii"],
    &["china", "chine", "cina", "kitai", "kitaya"],
    &["japan", "japon", "giappone", "yaponiya"],
    &["poland", "polonia", "pologne", "polen", "polsha"],
    &[
        "switzerland",
        "suiza",
        "suisse",
        "schweiz",
        "svizzera",
        "shveitsariya",
    ],
    &["austria", "osterreich", "autriche", "avstriya"],
    &["greece", "grecia", "grece", "griechenland", "gretsiya"],
    &["london", "londres", "londra"],
    &["moscow", "moscu", "moscou", "moskau", "mosca", "moskva"],
    &["vienna", "viena", "vienne", "wien", "vena"],
    &["munich", "munchen", "monaco"],
    &["cologne", "colonia", "koln"],
    &["rome", "roma", "rom"],
    &["athens", "atenas", "athenes", "athen", "afiny"],
    &["europe", "europa", "evropa"],
];

fn index() -> &'static HashMap<String, Vec<usize>> {
    static INDEX: OnceLock<HashMap<String, Vec<usize>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m: HashMap<String, Vec<usize>> = HashMap::new();
        for (g, forms) in GROUPS.iter().enumerate() {
            for f in *forms {
                let v = m.entry(skeleton(f)).or_default();
                if !v.contains(&g) {
                    v.push(g);
                }
            }
        }
        m
    })
}

/// The skeleton of a folded word (see the module documentation).
pub fn skeleton(folded: &str) -> String {
    let c: Vec<char> = folded.chars().filter(|c| c.is_alphabetic()).collect();
    let mut out: Vec<char> = Vec::with_capacity(c.len());
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        let (ch, step) = match (c[i], next) {
            ('p', Some('h')) => ('p', 2),
            ('f', _) => ('p', 1),
            ('t', Some('h')) => ('t', 2),
            ('c' | 'k', Some('h')) => ('c', 2),
            ('c', Some('k')) => ('c', 2),
            ('q', Some('u')) => ('c', 2),
            ('k' | 'q', _) => ('c', 1),
            ('j' | 'y', _) => ('i', 1),
            ('v' | 'w', _) => ('b', 1),
            ('z', _) => ('s', 1),
            ('h', _) => {
                i += 1;
                continue;
            }
            (x, _) => (x, 1),
        };
        if out.last() != Some(&ch) {
            out.push(ch);
        }
        i += step;
    }
    out.into_iter().collect()
}

/// The built-in table's groups of a folded word.
fn groups(folded: &str) -> &'static [usize] {
    index().get(&skeleton(folded)).map_or(&[], Vec::as_slice)
}

/// Are `a` and `b` (skeletons) spellings of one name?
fn close(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let short = la.min(lb);
    if short < 3 {
        return false;
    }
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    if prefix >= 4 || (short <= 4 && prefix == short) {
        return true;
    }
    // Latin and Greek endings differ across languages (Zacchaeus / Zaqueo, Alphaeus / Alfeo):
    // compare what is left without a final s and final vowels, at least three letters.
    let stem = |x: &str| -> String {
        x.trim_end_matches('s')
            .trim_end_matches(['a', 'e', 'i', 'o', 'u'])
            .to_string()
    };
    let (sa, sb) = (stem(a), stem(b));
    if sa.len() >= 3 && sa == sb {
        return true;
    }
    short >= 5 && strsim::levenshtein(a, b) <= short / 3
}

/// Does the folded word `word` render the name whose folded form is `name`?
pub fn same_name(name: &str, word: &str) -> bool {
    let (a, b) = (skeleton(name), skeleton(word));
    if close(&a, &b) {
        return true;
    }
    let gb = groups(word);
    groups(name).iter().any(|g| gb.contains(g))
}

/// What the other side should hold for `name` (folded): the table's forms, or "a spelling
/// of NAME".
pub fn expected(name: &str, shown: &str) -> String {
    let mut forms: Vec<&str> = groups(name)
        .iter()
        .flat_map(|&g| GROUPS[g].iter().copied())
        .filter(|f| skeleton(f) != skeleton(name))
        .collect();
    forms.dedup();
    if forms.is_empty() {
        format!("a spelling of {shown}")
    } else {
        forms.truncate(4);
        format!("{shown} or {}", forms.join("/"))
    }
}

/// The fold of a name as written (`Father’s` → `father`).
pub fn fold_name(name: &str) -> String {
    fold(name.split(['\'', '’']).next().unwrap_or(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_names_across_languages() {
        for (a, b) in [
            ("jericho", "jerico"),
            ("pharisees", "fariseos"),
            ("esaias", "isaias"),
            ("god", "dios"),
            ("john", "juan"),
            ("peter", "pedro"),
            ("stalin", "staline"),
            ("naomi", "noemi"),
            ("galilee", "galilea"),
            ("bethsaida", "betsaida"),
            ("communist", "comunista"),
            ("sssr", "ussr"),
            ("sssr", "urss"),
            ("german", "aleman"),
        ] {
            assert!(same_name(a, b), "{a} ~ {b}");
            assert!(same_name(b, a), "{b} ~ {a}");
        }
        for (a, b) in [
            ("jericho", "betania"),
            ("peter", "pablo"),
            ("john", "jesus"),
            ("tyre", "sidon"),
            ("god", "dar"),
            ("ussr", "germany"),
        ] {
            assert!(!same_name(a, b), "{a} !~ {b}");
        }
    }

    #[test]
    fn expected_forms() {
        assert_eq!(expected("jericho", "Jericho"), "a spelling of Jericho");
        assert!(expected("god", "God").contains("dios"));
    }
}
