//! WinAnsiEncoding (PDF 32000-1, annex D; Windows code page 1252): the encoding that lets the
//! standard Helvetica show French without embedding a font. Latin-1 (U+00A0–U+00FF, where é, è,
//! à, ç live) keeps its code; 0x80–0x9F hold €, œ, Œ, Ÿ, curly quotes and dashes.

/// The characters WinAnsi places in 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90 and 0x9D are unused).
const HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// The code of a character. Whitespace WinAnsi lacks (tabs, line breaks, thin spaces) becomes a
/// space, so that a one-line field stays one line; any other character outside the encoding
/// becomes `?`, visibly missing rather than silently dropped.
pub(crate) fn encode_char(c: char) -> u8 {
    match c {
        ' '..='~' | '\u{A0}'..='\u{FF}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        _ if c.is_whitespace() => b' ',
        _ => HIGH.iter().find(|(h, _)| *h == c).map_or(b'?', |&(_, code)| code),
    }
}

pub(crate) fn encode(text: &str) -> Vec<u8> {
    text.chars().map(encode_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_text_keeps_its_accents() {
        assert_eq!(encode("Fête à Noël"), b"F\xEAte \xE0 No\xEBl");
        assert_eq!(encode("Ça coûte 5 € – œuvre"), b"\xC7a co\xFBte 5 \x80 \x96 \x9Cuvre");
        assert_eq!(encode("Œ Ÿ …"), b"\x8C \x9F \x85");
    }

    #[test]
    fn what_winansi_lacks_is_a_question_mark_and_whitespace_a_space() {
        assert_eq!(encode("a\u{2212}b 漢 🙂"), b"a?b ? ?");
        assert_eq!(encode("a\tb\nc\u{202F}d"), b"a b c d");
        assert_eq!(encode("\u{0}\u{7F}"), b"??");
    }
}
