//! Escaping for each output medium. Text from editions is untrusted: it may hold markup,
//! terminal escape sequences, bidi overrides or spreadsheet formulas. Every renderer passes
//! readings and names through the function for its medium.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for bidi formatting controls (Trojan Source, CVE-2021-42574).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// True for invisible characters worth showing: zero-width, soft hyphen, BOM, word joiner.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{00AD}' | '\u{FEFF}' | '\u{2060}'..='\u{2064}')
}

/// Make text safe for a terminal: C0 and C1 controls (except tab and newline), DEL, bidi
/// controls, invisible characters and the noncharacters U+FFFE and U+FFFF become visible
/// placeholders (`␛`, `⟨U+202E⟩`). The only escape sequences a renderer then emits are its own
/// colour codes, and the result is also safe to embed in XML (JUnit reuses it).
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_terminal_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !needs_terminal_escape(c) {
            out.push(c);
        } else if (c as u32) < 0x20 {
            // Control Pictures block: ␀ … ␟.
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'));
        } else if c == '\u{7F}' {
            out.push('␡');
        } else {
            let _ = write!(out, "⟨U+{:04X}⟩", c as u32);
        }
    }
    Cow::Owned(out)
}

fn needs_terminal_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || is_bidi_control(c)
        || is_invisible(c)
        || !is_xml_char(c)
}

/// Escape for HTML text and attribute values (`&`, `<`, `>`, `"`, `'`). Control characters
/// other than tab, CR and LF are shown as `⟨U+XXXX⟩`; bidi controls too, so they cannot reorder
/// the page; and the noncharacters U+FFFE and U+FFFF (an HTML parse error, illegal in XML).
pub fn html(s: &str) -> Cow<'_, str> {
    markup(s, "&#39;", html_visible, "")
}

fn html_visible(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c) || !is_xml_char(c)
}

/// True when `c` may appear in an XML 1.0 document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Escape for XML text and attribute values. Characters that XML 1.0 forbids (most C0
/// controls, U+FFFE, U+FFFF) cannot be written at all; they become U+FFFD followed by
/// `⟨U+XXXX⟩` so that the output stays well-formed and the loss is visible. Renderers that need
/// lossless output (TEI) encode them as `<g>` elements instead, using [`is_xml_char`].
pub fn xml(s: &str) -> Cow<'_, str> {
    markup(s, "&apos;", |c| !is_xml_char(c), "\u{FFFD}")
}

/// Escape the five markup characters (`'` as `apos`) and show each character `odd` picks as
/// `prefix⟨U+XXXX⟩`.
fn markup<'a>(s: &'a str, apos: &str, odd: fn(char) -> bool, prefix: &str) -> Cow<'a, str> {
    if !s
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'') || odd(c))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apos),
            c if odd(c) => {
                let _ = write!(out, "{prefix}⟨U+{:04X}⟩", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escape for an XML attribute value: as [`xml`], and line breaks, carriage returns and tabs
/// as character references (`&#10;`), which attribute-value normalisation would otherwise turn
/// into spaces.
pub fn xml_attr(s: &str) -> Cow<'_, str> {
    let x = xml(s);
    if !x.contains(['\n', '\r', '\t']) {
        return x;
    }
    Cow::Owned(
        x.replace('\n', "&#10;")
            .replace('\r', "&#13;")
            .replace('\t', "&#9;"),
    )
}

/// Neutralize a CSV/TSV cell: a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a
/// leading `'` (OWASP's advice against spreadsheet formulas), and control characters, bidi
/// controls and invisible characters are made visible as in [`terminal`], so a CSV file shown
/// in a terminal or a spreadsheet cannot run escape sequences or reorder its cells. Quoting is
/// left to the `csv` writer.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let formula = matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let visible = terminal(s);
    if formula {
        Cow::Owned(format!("'{visible}"))
    } else {
        visible
    }
}

/// Escape the message of a GitHub workflow command (`%`, `\r`, `\n`).
pub fn github_message(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a GitHub workflow command (`%`, `\r`, `\n`, `:`, `,`).
pub fn github_property(s: &str) -> String {
    github_message(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_neutralizes_escapes() {
        assert_eq!(
            terminal("a\x1b[2Jb\u{202E}c\u{9b}"),
            "a␛[2Jb⟨U+202E⟩c⟨U+009B⟩"
        );
        assert!(matches!(terminal("plain\ttext\n"), Cow::Borrowed(_)));
        // Noncharacters are illegal in XML, which reuses this escaping (JUnit).
        assert_eq!(terminal("a\u{FFFE}\u{FFFF}"), "a⟨U+FFFE⟩⟨U+FFFF⟩");
    }

    #[test]
    fn html_and_xml() {
        assert_eq!(
            html("<script>\"x\"&'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;"
        );
        assert_eq!(xml("]]>\u{1}"), "]]&gt;\u{FFFD}⟨U+0001⟩");
        assert_eq!(html("\u{FFFE}"), "⟨U+FFFE⟩");
    }

    #[test]
    fn csv_and_github() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("ok"), "ok");
        assert_eq!(csv_cell("a\u{1b}[2J\u{202e}"), "a␛[2J⟨U+202E⟩");
        assert_eq!(csv_cell("-\u{7}"), "'-␇");
        assert_eq!(github_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(github_message("50%\r\n::x"), "50%25%0D%0A::x");
    }
}
