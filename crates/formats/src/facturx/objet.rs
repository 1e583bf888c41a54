//! PDF objects (ISO 32000 §7.3): read from untrusted bytes with bounded nesting and size, and
//! written back for an incremental update.

use super::ErreurFacturX;

/// Arrays and dictionaries nested deeper than this are refused: real files nest a few levels.
const PROFONDEUR_MAX: u32 = 64;

/// Values in one top-level object at most, so one object cannot fill memory.
const VALEURS_MAX: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Objet {
    Null,
    Booleen(bool),
    Entier(i64),
    Reel(f64),
    Nom(Vec<u8>),
    Chaine(Vec<u8>),
    Tableau(Vec<Objet>),
    Dictionnaire(Dict),
    Reference(u32, u16),
}

/// A dictionary, in the order its keys were read, so that writing one back keeps it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Dict(pub(crate) Vec<(Vec<u8>, Objet)>);

impl Dict {
    pub(crate) fn get(&self, cle: &[u8]) -> Option<&Objet> {
        self.0.iter().find(|(k, _)| k == cle).map(|(_, v)| v)
    }

    pub(crate) fn entier(&self, cle: &[u8]) -> Option<i64> {
        match self.get(cle) {
            Some(Objet::Entier(n)) => Some(*n),
            _ => None,
        }
    }

    pub(crate) fn nom(&self, cle: &[u8]) -> Option<&[u8]> {
        match self.get(cle) {
            Some(Objet::Nom(n)) => Some(n),
            _ => None,
        }
    }

    /// Sets `cle`, replacing its value where it already is.
    pub(crate) fn mettre(&mut self, cle: &[u8], valeur: Objet) {
        match self.0.iter_mut().find(|(k, _)| k == cle) {
            Some((_, v)) => *v = valeur,
            None => self.0.push((cle.to_vec(), valeur)),
        }
    }

    pub(crate) fn retirer(&mut self, cle: &[u8]) {
        self.0.retain(|(k, _)| k != cle);
    }
}

pub(crate) fn est_blanc(c: u8) -> bool {
    matches!(c, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn est_delimiteur(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn est_regulier(c: u8) -> bool {
    !est_blanc(c) && !est_delimiteur(c)
}

fn illisible(pos: usize, quoi: &str) -> ErreurFacturX {
    ErreurFacturX::Illisible(format!("{quoi} at byte {pos}"))
}

/// A cursor over the file (or over a decoded object stream).
pub(crate) struct Lexeur<'a> {
    pub(crate) octets: &'a [u8],
    pub(crate) pos: usize,
    valeurs: usize,
}

impl<'a> Lexeur<'a> {
    pub(crate) fn new(octets: &'a [u8], pos: usize) -> Self {
        Self { octets, pos, valeurs: 0 }
    }

    fn octet(&self) -> Option<u8> {
        self.octets.get(self.pos).copied()
    }

    pub(crate) fn reste(&self) -> &'a [u8] {
        self.octets.get(self.pos..).unwrap_or_default()
    }

    /// Skips white space and comments.
    pub(crate) fn blancs(&mut self) {
        while let Some(c) = self.octet() {
            if est_blanc(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(c) = self.octet() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The regular characters from here: a keyword or a number.
    pub(crate) fn mot(&mut self) -> &'a [u8] {
        let debut = self.pos;
        while self.octet().is_some_and(est_regulier) {
            self.pos += 1;
        }
        self.octets.get(debut..self.pos).unwrap_or_default()
    }

    /// Reads `mot` after white space, or fails leaving the cursor where it was.
    pub(crate) fn mot_cle(&mut self, attendu: &[u8]) -> bool {
        let avant = self.pos;
        self.blancs();
        if self.mot() == attendu {
            true
        } else {
            self.pos = avant;
            false
        }
    }

    /// A non-negative integer after white space, or `None` leaving the cursor where it was.
    pub(crate) fn naturel(&mut self) -> Option<u64> {
        let avant = self.pos;
        self.blancs();
        let mot = self.mot();
        let n = naturel(mot);
        if n.is_none() {
            self.pos = avant;
        }
        n
    }

    /// The header of an indirect object, `N G obj`, returning N.
    pub(crate) fn entete(&mut self) -> Option<u32> {
        let num = u32::try_from(self.naturel()?).ok()?;
        u16::try_from(self.naturel()?).ok()?;
        self.mot_cle(b"obj").then_some(num)
    }

    pub(crate) fn objet(&mut self) -> Result<Objet, ErreurFacturX> {
        self.valeur(0)
    }

    fn valeur(&mut self, profondeur: u32) -> Result<Objet, ErreurFacturX> {
        self.valeurs += 1;
        if self.valeurs > VALEURS_MAX {
            return Err(ErreurFacturX::Limite(format!(
                "an object holds more than {VALEURS_MAX} values"
            )));
        }
        self.blancs();
        let debut = self.pos;
        let Some(c) = self.octet() else {
            return Err(illisible(debut, "unexpected end of data"));
        };
        match c {
            b'/' => {
                self.pos += 1;
                Ok(Objet::Nom(self.nom()))
            }
            b'(' => self.chaine_litterale(),
            b'<' if self.octets.get(self.pos + 1) == Some(&b'<') => {
                self.profond(profondeur)?;
                self.pos += 2;
                let mut dict = Dict::default();
                loop {
                    self.blancs();
                    match self.octet() {
                        Some(b'>') if self.octets.get(self.pos + 1) == Some(&b'>') => {
                            self.pos += 2;
                            return Ok(Objet::Dictionnaire(dict));
                        }
                        Some(b'/') => {
                            self.pos += 1;
                            let cle = self.nom();
                            let valeur = self.valeur(profondeur + 1)?;
                            dict.mettre(&cle, valeur);
                        }
                        _ => return Err(illisible(self.pos, "a dictionary key was expected")),
                    }
                }
            }
            b'<' => self.chaine_hexa(),
            b'[' => {
                self.profond(profondeur)?;
                self.pos += 1;
                let mut tableau = Vec::new();
                loop {
                    self.blancs();
                    if self.octet() == Some(b']') {
                        self.pos += 1;
                        return Ok(Objet::Tableau(tableau));
                    }
                    tableau.push(self.valeur(profondeur + 1)?);
                }
            }
            _ => {
                let mot = self.mot();
                match mot {
                    b"true" => Ok(Objet::Booleen(true)),
                    b"false" => Ok(Objet::Booleen(false)),
                    b"null" => Ok(Objet::Null),
                    _ => self.nombre_ou_reference(mot, debut),
                }
            }
        }
    }

    fn profond(&self, profondeur: u32) -> Result<(), ErreurFacturX> {
        if profondeur >= PROFONDEUR_MAX {
            Err(ErreurFacturX::Limite(format!(
                "arrays and dictionaries nest more than {PROFONDEUR_MAX} deep"
            )))
        } else {
            Ok(())
        }
    }

    fn nombre_ou_reference(&mut self, mot: &[u8], debut: usize) -> Result<Objet, ErreurFacturX> {
        if let Some(n) = naturel(mot) {
            // `N G R` is a reference; anything else leaves the cursor after N.
            let apres = self.pos;
            if let (Ok(num), Some(generation)) = (u32::try_from(n), self.naturel())
                && let Ok(generation) = u16::try_from(generation)
                && self.mot_cle(b"R")
            {
                return Ok(Objet::Reference(num, generation));
            }
            self.pos = apres;
        }
        let texte = std::str::from_utf8(mot).map_err(|_| illisible(debut, "unreadable token"))?;
        if let Ok(n) = texte.parse::<i64>() {
            return Ok(Objet::Entier(n));
        }
        match texte.parse::<f64>() {
            Ok(x) if x.is_finite() && !mot.iter().any(u8::is_ascii_alphabetic) => {
                Ok(Objet::Reel(x))
            }
            _ if mot.is_empty() => Err(illisible(debut, "unexpected character")),
            _ => Err(illisible(debut, &format!("unexpected token {:?}", texte))),
        }
    }

    /// A name after its `/`, with `#xx` escapes decoded.
    fn nom(&mut self) -> Vec<u8> {
        let brut = self.mot();
        let mut nom = Vec::with_capacity(brut.len());
        let mut i = 0;
        while let Some(&c) = brut.get(i) {
            if c == b'#'
                && let Some(x) = brut.get(i + 1..i + 3).and_then(hexa_paire)
            {
                nom.push(x);
                i += 3;
            } else {
                nom.push(c);
                i += 1;
            }
        }
        nom
    }

    fn chaine_litterale(&mut self) -> Result<Objet, ErreurFacturX> {
        let debut = self.pos;
        self.pos += 1;
        let mut s = Vec::new();
        // Balanced parentheses need no escape: a counter, not recursion.
        let mut ouvertes = 0usize;
        loop {
            let Some(c) = self.octet() else {
                return Err(illisible(debut, "unterminated string"));
            };
            self.pos += 1;
            match c {
                b'(' => {
                    ouvertes += 1;
                    s.push(c);
                }
                b')' if ouvertes == 0 => return Ok(Objet::Chaine(s)),
                b')' => {
                    ouvertes -= 1;
                    s.push(c);
                }
                b'\\' => {
                    let Some(e) = self.octet() else { continue };
                    self.pos += 1;
                    match e {
                        b'n' => s.push(b'\n'),
                        b'r' => s.push(b'\r'),
                        b't' => s.push(b'\t'),
                        b'b' => s.push(8),
                        b'f' => s.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.octet() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            s.push((v & 0xff) as u8);
                        }
                        b'\r' => {
                            if self.octet() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        _ => s.push(e),
                    }
                }
                _ => s.push(c),
            }
        }
    }

    fn chaine_hexa(&mut self) -> Result<Objet, ErreurFacturX> {
        let debut = self.pos;
        self.pos += 1;
        let mut chiffres = Vec::new();
        loop {
            let Some(c) = self.octet() else {
                return Err(illisible(debut, "unterminated hexadecimal string"));
            };
            self.pos += 1;
            match c {
                b'>' => break,
                _ if est_blanc(c) => {}
                _ => chiffres
                    .push(hexa(c).ok_or_else(|| illisible(debut, "bad hexadecimal string"))?),
            }
        }
        if chiffres.len() % 2 == 1 {
            chiffres.push(0);
        }
        Ok(Objet::Chaine(chiffres.chunks(2).map(|p| p.iter().fold(0, |a, d| a * 16 + d)).collect()))
    }
}

fn naturel(mot: &[u8]) -> Option<u64> {
    if mot.is_empty() || mot.len() > 19 || !mot.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(mot.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}

fn hexa(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn hexa_paire(p: &[u8]) -> Option<u8> {
    match p {
        [a, b] => Some(hexa(*a)? * 16 + hexa(*b)?),
        _ => None,
    }
}

/// Writes `objet` in PDF syntax. Nesting is that of objects this crate built or read (so
/// bounded by [`PROFONDEUR_MAX`]).
pub(crate) fn ecrire(objet: &Objet, sortie: &mut Vec<u8>) {
    match objet {
        Objet::Null => sortie.extend_from_slice(b"null"),
        Objet::Booleen(b) => sortie.extend_from_slice(if *b { b"true" } else { b"false" }),
        Objet::Entier(n) => sortie.extend_from_slice(n.to_string().as_bytes()),
        Objet::Reel(x) => {
            // PDF has no exponent notation.
            let mut texte = format!("{x:.6}");
            while texte.ends_with('0') {
                texte.pop();
            }
            if texte.ends_with('.') {
                texte.pop();
            }
            sortie.extend_from_slice(texte.as_bytes());
        }
        Objet::Nom(nom) => ecrire_nom(nom, sortie),
        Objet::Chaine(s) => {
            sortie.push(b'<');
            for c in s {
                sortie.extend_from_slice(format!("{c:02X}").as_bytes());
            }
            sortie.push(b'>');
        }
        Objet::Tableau(t) => {
            sortie.push(b'[');
            for (i, v) in t.iter().enumerate() {
                if i > 0 {
                    sortie.push(b' ');
                }
                ecrire(v, sortie);
            }
            sortie.push(b']');
        }
        Objet::Dictionnaire(d) => ecrire_dict(d, sortie),
        Objet::Reference(n, g) => sortie.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

pub(crate) fn ecrire_dict(dict: &Dict, sortie: &mut Vec<u8>) {
    sortie.extend_from_slice(b"<<");
    for (cle, valeur) in &dict.0 {
        ecrire_nom(cle, sortie);
        sortie.push(b' ');
        ecrire(valeur, sortie);
    }
    sortie.extend_from_slice(b">>");
}

fn ecrire_nom(nom: &[u8], sortie: &mut Vec<u8>) {
    sortie.push(b'/');
    for &c in nom {
        if c == b'#' || !(b'!'..=b'~').contains(&c) || est_delimiteur(c) {
            sortie.extend_from_slice(format!("#{c:02X}").as_bytes());
        } else {
            sortie.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lire(s: &str) -> Objet {
        Lexeur::new(s.as_bytes(), 0).objet().unwrap()
    }

    #[test]
    fn reads_the_object_kinds() {
        let o = lire(
            "<< /Type /Filespec /F (a\\(b\\)c\\101) /N [1 -2.5 3 0 R <4142>] /B true /X null >>",
        );
        let Objet::Dictionnaire(d) = o else { panic!("{o:?}") };
        assert_eq!(d.nom(b"Type"), Some(&b"Filespec"[..]));
        assert_eq!(d.get(b"F"), Some(&Objet::Chaine(b"a(b)cA".to_vec())));
        assert_eq!(
            d.get(b"N"),
            Some(&Objet::Tableau(vec![
                Objet::Entier(1),
                Objet::Reel(-2.5),
                Objet::Reference(3, 0),
                Objet::Chaine(b"AB".to_vec())
            ]))
        );
        assert_eq!(d.get(b"B"), Some(&Objet::Booleen(true)));
        assert_eq!(d.get(b"X"), Some(&Objet::Null));
    }

    #[test]
    fn names_decode_their_escapes_and_nested_parentheses_need_none() {
        assert_eq!(lire("/text#2Fxml"), Objet::Nom(b"text/xml".to_vec()));
        assert_eq!(lire("(a (b) c)"), Objet::Chaine(b"a (b) c".to_vec()));
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let profond = "[".repeat(100_000);
        let e = Lexeur::new(profond.as_bytes(), 0).objet().unwrap_err();
        assert!(matches!(e, ErreurFacturX::Limite(_)), "{e}");
    }

    #[test]
    fn written_objects_read_back() {
        let o = lire("<< /A [1 2.5 /N#20x (s) 4 0 R] /B << /C false >> >>");
        let mut s = Vec::new();
        ecrire(&o, &mut s);
        assert_eq!(Lexeur::new(&s, 0).objet().unwrap(), o);
    }
}
