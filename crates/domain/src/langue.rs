use serde::Serialize;

/// `codeLangue`: the language of the labels in an answer. Clients send `FR`, `fr`, `EN`…
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum CodeLangue {
    #[default]
    Fr,
    En,
}

impl CodeLangue {
    pub const CODES: [&'static str; 4] = ["FR", "EN", "fr", "en"];

    /// Absent or empty means French, as on Chorus Pro.
    pub fn parse(code: Option<&str>) -> Option<Self> {
        match code.map(str::trim) {
            None | Some("") => Some(Self::Fr),
            Some(c) if c.eq_ignore_ascii_case("fr") => Some(Self::Fr),
            Some(c) if c.eq_ignore_ascii_case("en") => Some(Self::En),
            Some(_) => None,
        }
    }

    /// Picks the label in this language.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Fr => fr,
            Self::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_in_any_case() {
        assert_eq!(CodeLangue::parse(Some("en")), Some(CodeLangue::En));
        assert_eq!(CodeLangue::parse(Some("FR")), Some(CodeLangue::Fr));
        assert_eq!(CodeLangue::parse(None), Some(CodeLangue::Fr));
        assert_eq!(CodeLangue::parse(Some("de")), None);
    }
}
