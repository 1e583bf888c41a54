//! XPath 2.0 values over an untyped document: nodes, and atomic values of the few types the
//! rules reach (untypedAtomic, string, decimal, double, boolean, date), with the casts,
//! promotions and comparisons of XPath 2.0 and F&O, as Saxon computes them.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::rc::Rc;

use rust_decimal::Decimal;

use super::ast::{Comparaison, Operation};
use crate::xml::{Document, Kind, NodeId};

/// A dynamic error (XPath's err:… codes): the expression has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErreurDynamique {
    /// XPTY0004 and kin: a value of the wrong type or cardinality.
    Type,
    /// FORG0001, FOCA0002: a value that cannot be cast.
    Conversion,
    /// FOAR0001, FOAR0002: division by zero, overflow.
    Arithmetique,
    /// FORG0006: no effective boolean value.
    Booleen,
}

pub(crate) type Resultat<T> = Result<T, ErreurDynamique>;

#[derive(Debug, Clone)]
pub(crate) enum Atome<'a> {
    /// A node's typed value: the document has no schema.
    NonType(Cow<'a, str>),
    Chaine(Cow<'a, str>),
    /// xs:decimal and xs:integer.
    Decimal(Decimal),
    Double(f64),
    Booleen(bool),
    /// The instant the date starts, in minutes from 1970-01-01T00:00Z (no timezone: UTC).
    Date(i64),
}

#[derive(Debug, Clone)]
pub(crate) enum Item<'a> {
    Noeud(NodeId),
    Atome(Atome<'a>),
}

/// A sequence: most are empty or one item, which need no allocation.
#[derive(Debug, Clone)]
pub(crate) enum Valeur<'a> {
    Vide,
    Un(Item<'a>),
    Plusieurs(Rc<Vec<Item<'a>>>),
}

impl<'a> Valeur<'a> {
    pub(crate) fn de(mut items: Vec<Item<'a>>) -> Self {
        match items.len() {
            0 => Valeur::Vide,
            1 => items.pop().map_or(Valeur::Vide, Valeur::Un),
            _ => Valeur::Plusieurs(Rc::new(items)),
        }
    }

    pub(crate) fn items(&self) -> &[Item<'a>] {
        match self {
            Valeur::Vide => &[],
            Valeur::Un(item) => std::slice::from_ref(item),
            Valeur::Plusieurs(items) => items,
        }
    }

    pub(crate) fn est_vide(&self) -> bool {
        matches!(self, Valeur::Vide)
    }

    /// At most one item, else a type error.
    pub(crate) fn au_plus_un(self) -> Resultat<Option<Item<'a>>> {
        match self {
            Valeur::Vide => Ok(None),
            Valeur::Un(item) => Ok(Some(item)),
            Valeur::Plusieurs(_) => Err(ErreurDynamique::Type),
        }
    }

    /// The effective boolean value (F&O 15.1.1).
    pub(crate) fn booleen(&self) -> Resultat<bool> {
        match self {
            Valeur::Vide => Ok(false),
            Valeur::Un(Item::Noeud(_)) => Ok(true),
            Valeur::Un(Item::Atome(a)) => a.booleen(),
            Valeur::Plusieurs(items) => match items.first() {
                Some(Item::Noeud(_)) => Ok(true),
                _ => Err(ErreurDynamique::Booleen),
            },
        }
    }
}

/// A node's string value: for an element whose only child is a text node (an invoice's
/// amounts, codes and dates), that text, found without the document's general walk over the
/// element's descendants.
#[inline]
pub(crate) fn valeur_texte<'a>(doc: &'a Document<'a>, n: NodeId) -> Cow<'a, str> {
    if doc.kind(n) == Kind::Element
        && let Some(t) = doc.first_child(n)
        && doc.kind(t) == Kind::Text
        && doc.next_sibling(t).is_none()
    {
        return Cow::Borrowed(doc.text(t));
    }
    doc.string_value(n)
}

pub(crate) fn atomiser<'a>(doc: &'a Document<'a>, item: &Item<'a>) -> Atome<'a> {
    match item {
        Item::Noeud(n) => Atome::NonType(valeur_texte(doc, *n)),
        Item::Atome(a) => a.clone(),
    }
}

/// [`atomiser`] of an item no longer needed: its atomic value is moved, not copied.
pub(crate) fn atomiser_item<'a>(doc: &'a Document<'a>, item: Item<'a>) -> Atome<'a> {
    match item {
        Item::Noeud(n) => Atome::NonType(valeur_texte(doc, n)),
        Item::Atome(a) => a,
    }
}

impl<'a> Atome<'a> {
    pub(crate) fn booleen(&self) -> Resultat<bool> {
        Ok(match self {
            Atome::NonType(s) | Atome::Chaine(s) => !s.is_empty(),
            Atome::Decimal(d) => !d.is_zero(),
            Atome::Double(d) => !(*d == 0.0 || d.is_nan()),
            Atome::Booleen(b) => *b,
            Atome::Date(_) => return Err(ErreurDynamique::Booleen),
        })
    }

    /// The value as a string for a function taking `xs:string?`: only strings qualify.
    pub(crate) fn chaine_stricte(self) -> Resultat<Cow<'a, str>> {
        match self {
            Atome::NonType(s) | Atome::Chaine(s) => Ok(s),
            _ => Err(ErreurDynamique::Type),
        }
    }

    /// `fn:string` of an atomic value.
    pub(crate) fn en_chaine(self) -> Cow<'a, str> {
        match self {
            Atome::NonType(s) | Atome::Chaine(s) => s,
            Atome::Decimal(d) => Cow::Owned(chaine_decimal(d)),
            Atome::Double(d) => Cow::Owned(chaine_double(d)),
            Atome::Booleen(b) => Cow::Borrowed(if b { "true" } else { "false" }),
            Atome::Date(minutes) => Cow::Owned(chaine_date(minutes)),
        }
    }

    /// The value as a number for arithmetic and numeric functions: untyped becomes a double.
    pub(crate) fn numerique(self) -> Resultat<Atome<'a>> {
        match self {
            Atome::NonType(s) => Ok(Atome::Double(double(&s)?)),
            Atome::Decimal(_) | Atome::Double(_) => Ok(self),
            _ => Err(ErreurDynamique::Type),
        }
    }

    pub(crate) fn en_decimal(&self) -> Resultat<Decimal> {
        match self {
            Atome::NonType(s) | Atome::Chaine(s) => decimal(s),
            Atome::Decimal(d) => Ok(*d),
            // Saxon converts exactly (`new BigDecimal(double)`); 28 digits keep the sign of
            // any difference with a decimal of an invoice.
            Atome::Double(d) => Decimal::from_f64_retain(*d).ok_or(ErreurDynamique::Conversion),
            Atome::Booleen(b) => Ok(Decimal::from(u8::from(*b))),
            Atome::Date(_) => Err(ErreurDynamique::Type),
        }
    }

    pub(crate) fn en_double(&self) -> Resultat<f64> {
        match self {
            Atome::NonType(s) | Atome::Chaine(s) => double(s),
            Atome::Decimal(d) => Ok(decimal_en_double(*d)),
            Atome::Double(d) => Ok(*d),
            Atome::Booleen(b) => Ok(f64::from(u8::from(*b))),
            Atome::Date(_) => Err(ErreurDynamique::Type),
        }
    }

    pub(crate) fn en_booleen(&self) -> Resultat<bool> {
        match self {
            Atome::NonType(s) | Atome::Chaine(s) => match blancs_retires(s) {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(ErreurDynamique::Conversion),
            },
            Atome::Decimal(_) | Atome::Double(_) | Atome::Booleen(_) => self.booleen(),
            Atome::Date(_) => Err(ErreurDynamique::Type),
        }
    }

    pub(crate) fn en_date(&self) -> Resultat<i64> {
        match self {
            Atome::NonType(s) | Atome::Chaine(s) => date(blancs_retires(s)),
            Atome::Date(d) => Ok(*d),
            _ => Err(ErreurDynamique::Type),
        }
    }
}

/// XML whitespace, which casts ignore around a value.
pub(crate) fn blancs_retires(s: &str) -> &str {
    // By bytes: XML whitespace is ASCII, so the cuts fall between characters, and the
    // generic trim decodes every character it looks at.
    let blanc = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let octets = s.as_bytes();
    let debut = octets.iter().position(|b| !blanc(b)).unwrap_or(octets.len());
    let fin = octets.iter().rposition(|b| !blanc(b)).map_or(debut, |i| i + 1);
    s.get(debut..fin).unwrap_or("")
}

/// The xs:decimal lexical space: `(+|-)?(d+(.d*)?|.d+)`.
pub(crate) fn decimal(s: &str) -> Resultat<Decimal> {
    let s = blancs_retires(s);
    // The usual amount or rate, at most 19 digits: read in one pass into a u64, which cannot
    // overflow (10^19 - 1 < 2^64).
    let octets = s.as_bytes();
    let (negatif, corps) = match octets.split_first() {
        Some((b'-', reste)) => (true, reste),
        Some((b'+', reste)) => (false, reste),
        _ => (false, octets),
    };
    if corps.len() <= 20 {
        let mut mantisse: u64 = 0;
        let mut chiffres = 0u32;
        let mut point = None;
        for &b in corps {
            match b {
                b'0'..=b'9' => {
                    mantisse = mantisse.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                    chiffres += 1;
                }
                b'.' if point.is_none() => point = Some(chiffres),
                _ => return Err(ErreurDynamique::Conversion),
            }
        }
        if chiffres == 0 {
            return Err(ErreurDynamique::Conversion);
        }
        if chiffres <= 19 {
            let mantisse = i128::from(mantisse);
            let echelle = chiffres - point.unwrap_or(chiffres);
            return Decimal::try_from_i128_with_scale(
                if negatif { -mantisse } else { mantisse },
                echelle,
            )
            .map_err(|_| ErreurDynamique::Conversion);
        }
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || !digits(frac) || int.len() + frac.len() == 0 {
        return Err(ErreurDynamique::Conversion);
    }
    let negatif = s.starts_with('-');
    // Fast and exact when it fits: the usual amount.
    if int.len() + frac.len() <= 28 {
        let mut mantissa: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        if negatif {
            mantissa = -mantissa;
        }
        return Decimal::try_from_i128_with_scale(mantissa, frac.len() as u32)
            .map_err(|_| ErreurDynamique::Conversion);
    }
    // More digits than rust_decimal holds: drop insignificant zeros, then round the fraction.
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let sign = if negatif { "-" } else { "" };
    let text = format!(
        "{sign}{}.{}",
        if int.is_empty() { "0" } else { int },
        if frac.is_empty() { "0" } else { frac }
    );
    text.parse::<Decimal>().map_err(|_| ErreurDynamique::Conversion)
}

/// The xs:double lexical space (XSD 1.0): a decimal with an optional exponent, INF, -INF, NaN.
pub(crate) fn double(s: &str) -> Resultat<f64> {
    let s = blancs_retires(s);
    match s {
        "INF" => return Ok(f64::INFINITY),
        "-INF" => return Ok(f64::NEG_INFINITY),
        "NaN" => return Ok(f64::NAN),
        _ => {}
    }
    let (mantisse, exposant) = match s.find(['e', 'E']) {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let unsigned = mantisse.strip_prefix(['+', '-']).unwrap_or(mantisse);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mut ok = digits(int) && digits(frac) && int.len() + frac.len() > 0;
    if let Some(e) = exposant {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        ok &= !e.is_empty() && digits(e);
    }
    if !ok {
        return Err(ErreurDynamique::Conversion);
    }
    s.parse::<f64>().map_err(|_| ErreurDynamique::Conversion)
}

/// Correctly rounded, like Java's `BigDecimal.doubleValue`.
pub(crate) fn decimal_en_double(d: Decimal) -> f64 {
    let mantissa = d.mantissa();
    let scale = d.scale();
    if mantissa.unsigned_abs() < (1u128 << 53) && scale <= 22 {
        // Both exact, so one correctly rounded division.
        return mantissa as f64 / 10f64.powi(scale as i32);
    }
    d.to_string().parse::<f64>().unwrap_or(f64::NAN)
}

pub(crate) fn chaine_decimal(d: Decimal) -> String {
    let d = d.normalize();
    if d.is_zero() { "0".into() } else { d.to_string() }
}

/// XPath's canonical double: plain notation from 1e-6 to 1e6, scientific outside.
pub(crate) fn chaine_double(d: f64) -> String {
    if d.is_nan() {
        return "NaN".into();
    }
    if d.is_infinite() {
        return if d > 0.0 { "INF".into() } else { "-INF".into() };
    }
    if d == 0.0 {
        return if d.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    let magnitude = d.abs();
    if (1e-6..1e6).contains(&magnitude) {
        return format!("{d}");
    }
    let s = format!("{d:E}");
    match s.split_once('E') {
        Some((m, e)) if !m.contains('.') => format!("{m}.0E{e}"),
        _ => s,
    }
}

/// `-?YYYY-MM-DD` then `Z` or `±hh:mm` optionally.
fn date(s: &str) -> Resultat<i64> {
    let err = ErreurDynamique::Conversion;
    let (negatif, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let bytes = s.as_bytes();
    let dash = s.find('-').ok_or(err)?;
    if dash < 4 || (dash > 4 && bytes.first() == Some(&b'0')) {
        return Err(err);
    }
    let number = |t: &str| -> Resultat<i64> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err);
        }
        t.parse::<i64>().map_err(|_| err)
    };
    let year = number(&s[..dash])?;
    let rest = &s[dash + 1..];
    if rest.len() < 5 || rest.as_bytes().get(2) != Some(&b'-') {
        return Err(err);
    }
    let month = number(rest.get(..2).ok_or(err)?)?;
    let day = number(rest.get(3..5).ok_or(err)?)?;
    let zone = rest.get(5..).ok_or(err)?;
    let year = if negatif { -year } else { year };
    if year == 0 || !(1..=12).contains(&month) || day < 1 || day > jours_du_mois(year, month) {
        return Err(err);
    }
    let decalage = match zone {
        "" | "Z" => 0,
        z if z.len() == 6
            && matches!(z.as_bytes().first(), Some(b'+' | b'-'))
            && z.as_bytes().get(3) == Some(&b':') =>
        {
            let h = number(&z[1..3])?;
            let m = number(&z[4..6])?;
            if h > 14 || m > 59 || (h == 14 && m > 0) {
                return Err(err);
            }
            let minutes = h * 60 + m;
            if z.starts_with('-') { -minutes } else { minutes }
        }
        _ => return Err(err),
    };
    Ok(jours_depuis_1970(year, month, day).saturating_mul(1440) - decalage)
}

fn jours_du_mois(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 (Howard Hinnant's civil calendar algorithm).
fn jours_depuis_1970(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn chaine_date(minutes: i64) -> String {
    let days = minutes.div_euclid(1440);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}Z")
}

fn ordre(op: Comparaison, ord: Option<Ordering>) -> bool {
    match ord {
        // NaN: every comparison is false but `!=`.
        None => op == Comparaison::Different,
        Some(o) => match op {
            Comparaison::Egal => o == Ordering::Equal,
            Comparaison::Different => o != Ordering::Equal,
            Comparaison::Inferieur => o == Ordering::Less,
            Comparaison::InferieurOuEgal => o != Ordering::Greater,
            Comparaison::Superieur => o == Ordering::Greater,
            Comparaison::SuperieurOuEgal => o != Ordering::Less,
        },
    }
}

/// One pair of a general comparison (XPath 2.0 3.5.2): an untyped value takes the other
/// side's type (double for any number, string for untyped or string), then the value
/// comparison applies.
pub(crate) fn comparer_general(op: Comparaison, a: &Atome<'_>, b: &Atome<'_>) -> Resultat<bool> {
    match (a, b) {
        (Atome::NonType(x), Atome::NonType(y) | Atome::Chaine(y))
        | (Atome::Chaine(x), Atome::NonType(y)) => Ok(ordre(op, Some(x.as_ref().cmp(y.as_ref())))),
        (Atome::NonType(x), Atome::Decimal(_) | Atome::Double(_)) => {
            Ok(ordre(op, double(x)?.partial_cmp(&b.en_double()?)))
        }
        (Atome::Decimal(_) | Atome::Double(_), Atome::NonType(y)) => {
            Ok(ordre(op, a.en_double()?.partial_cmp(&double(y)?)))
        }
        (Atome::NonType(_), Atome::Booleen(y)) => Ok(ordre(op, Some(a.en_booleen()?.cmp(y)))),
        (Atome::Booleen(x), Atome::NonType(_)) => Ok(ordre(op, Some(x.cmp(&b.en_booleen()?)))),
        (Atome::NonType(_), Atome::Date(y)) => Ok(ordre(op, Some(a.en_date()?.cmp(y)))),
        (Atome::Date(x), Atome::NonType(_)) => Ok(ordre(op, Some(x.cmp(&b.en_date()?)))),
        _ => comparer_valeurs(op, a, b),
    }
}

/// A value comparison (`eq`, `lt`…): untyped is compared as a string.
pub(crate) fn comparer_valeurs(op: Comparaison, a: &Atome<'_>, b: &Atome<'_>) -> Resultat<bool> {
    let ord = match (a, b) {
        (Atome::NonType(x) | Atome::Chaine(x), Atome::NonType(y) | Atome::Chaine(y)) => {
            Some(x.as_ref().cmp(y.as_ref()))
        }
        (Atome::Decimal(x), Atome::Decimal(y)) => Some(x.cmp(y)),
        (Atome::Decimal(_) | Atome::Double(_), Atome::Decimal(_) | Atome::Double(_)) => {
            a.en_double()?.partial_cmp(&b.en_double()?)
        }
        (Atome::Booleen(x), Atome::Booleen(y)) => Some(x.cmp(y)),
        (Atome::Date(x), Atome::Date(y)) => Some(x.cmp(y)),
        _ => return Err(ErreurDynamique::Type),
    };
    Ok(ordre(op, ord))
}

/// Arithmetic on two numbers (untyped already made double by [`Atome::numerique`]):
/// decimal with decimal stays exact, anything with a double is a double.
pub(crate) fn calculer<'a>(op: Operation, a: Atome<'a>, b: Atome<'a>) -> Resultat<Atome<'a>> {
    let a = a.numerique()?;
    let b = b.numerique()?;
    match (&a, &b) {
        (Atome::Decimal(x), Atome::Decimal(y)) => {
            let (x, y) = (*x, *y);
            let r = match op {
                Operation::Plus => x.checked_add(y),
                Operation::Moins => x.checked_sub(y),
                Operation::Fois => x.checked_mul(y),
                Operation::Div => x.checked_div(y),
                Operation::IDiv => x.checked_div(y).map(|q| q.trunc()),
                Operation::Mod => x.checked_rem(y),
            };
            r.map(Atome::Decimal).ok_or(ErreurDynamique::Arithmetique)
        }
        _ => {
            let (x, y) = (a.en_double()?, b.en_double()?);
            Ok(Atome::Double(match op {
                Operation::Plus => x + y,
                Operation::Moins => x - y,
                Operation::Fois => x * y,
                Operation::Div => x / y,
                Operation::IDiv => {
                    let q = (x / y).trunc();
                    if !q.is_finite() {
                        return Err(ErreurDynamique::Arithmetique);
                    }
                    return Ok(Atome::Decimal(
                        Decimal::from_f64_retain(q).ok_or(ErreurDynamique::Arithmetique)?,
                    ));
                }
                Operation::Mod => x % y,
            }))
        }
    }
}

/// fn:round: half towards positive infinity; a decimal stays a decimal.
pub(crate) fn arrondir(a: Atome<'_>) -> Resultat<Atome<'_>> {
    match a.numerique()? {
        Atome::Decimal(d) => {
            let floor = d.floor();
            let half = Decimal::new(5, 1);
            let up = d.checked_sub(floor).is_some_and(|f| f >= half);
            Ok(Atome::Decimal(if up {
                floor.checked_add(Decimal::ONE).ok_or(ErreurDynamique::Arithmetique)?
            } else {
                floor
            }))
        }
        Atome::Double(x) => {
            if !x.is_finite() || x == 0.0 {
                return Ok(Atome::Double(x));
            }
            let floor = x.floor();
            // x - floor(x) is exact, unlike x + 0.5.
            let r = if x - floor >= 0.5 { floor + 1.0 } else { floor };
            // round(-0.3) is -0: only the sign differs, which no comparison sees.
            Ok(Atome::Double(if r == 0.0 && x < 0.0 { -0.0 } else { r }))
        }
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn nt(s: &str) -> Atome<'_> {
        Atome::NonType(Cow::Borrowed(s))
    }

    #[test]
    fn only_xml_whitespace_is_trimmed() {
        assert_eq!(blancs_retires(" \t\r\n été \n"), "été");
        assert_eq!(blancs_retires("\u{a0}1\u{a0}"), "\u{a0}1\u{a0}");
        assert_eq!(blancs_retires("\u{c}1"), "\u{c}1");
        assert_eq!(blancs_retires("  "), "");
        assert_eq!(blancs_retires(""), "");
    }

    #[test]
    fn a_text_value_is_the_string_value_of_any_node() {
        use crate::xml::Limites;
        let xml = r#"<r a="1"><x b="2">10.5</x><y/><z>a<w>b</w>c</z><v><!-- c -->d</v></r>"#;
        let doc = Document::parse(xml.as_bytes(), &Limites::default()).unwrap();
        for i in 0..doc.len() {
            let n = doc.node(i).unwrap();
            assert_eq!(valeur_texte(&doc, n), doc.string_value(n), "node {i}");
        }
    }

    #[test]
    fn casts_follow_the_xsd_lexical_spaces() {
        assert_eq!(decimal(" 12.50 ").unwrap(), Decimal::new(1250, 2));
        assert_eq!(decimal("-.5").unwrap(), Decimal::new(-5, 1));
        assert_eq!(decimal("+3.").unwrap(), Decimal::new(3, 0));
        for bad in ["", ".", "1e3", "1,5", "abc", "1_000", " - 1", "-", "+", "1.2.3", "--1", "1-"] {
            assert!(decimal(bad).is_err(), "{bad}");
        }
        // At most 19 digits are read in one pass, more by the general way: the same values.
        assert_eq!(decimal("-0").unwrap(), Decimal::ZERO);
        assert_eq!(
            decimal("9999999999999999999").unwrap(),
            Decimal::from(9_999_999_999_999_999_999u64)
        );
        assert_eq!(
            decimal("-99999999999999999.99").unwrap(),
            Decimal::from_i128_with_scale(-9_999_999_999_999_999_999, 2)
        );
        assert_eq!(
            decimal("12345678901234567890").unwrap(),
            Decimal::from(12_345_678_901_234_567_890u64)
        );
        assert_eq!(
            decimal("1234567890.1234567890").unwrap(),
            Decimal::from_i128_with_scale(12_345_678_901_234_567_890, 10)
        );
        assert!(decimal("1234567890123456789.0x").is_err());
        assert_eq!(decimal("0.1000000000000000000000000000000000").unwrap(), Decimal::new(1, 1));
        assert_eq!(double("1e3").unwrap(), 1000.0);
        assert!(double("INF").unwrap().is_infinite());
        for bad in ["inf", "infinity", "nan", "1e", "e3", "0x10"] {
            assert!(double(bad).is_err(), "{bad}");
        }
        assert!(nt("true").en_booleen().unwrap());
        assert!(!nt(" 0 ").en_booleen().unwrap());
        assert!(nt("TRUE").en_booleen().is_err());
        assert!(nt("2017-02-29").en_date().is_err());
        assert!(nt("2016-02-29").en_date().is_ok());
        assert!(nt("2017-1-01").en_date().is_err());
        assert!(nt("2017-01-01T00:00:00").en_date().is_err());
        assert!(nt("2017-01-02").en_date().unwrap() > nt("2017-01-01+05:00").en_date().unwrap());
        assert_eq!(chaine_date(nt("2024-02-29").en_date().unwrap()), "2024-02-29Z");
    }

    #[test]
    fn general_comparisons_promote_untyped_to_the_other_side() {
        use Comparaison::*;
        // untyped vs number: as doubles, so "1.0" = 1 and "01" = 1.
        assert!(comparer_general(Egal, &nt("1.0"), &Atome::Decimal(Decimal::ONE)).unwrap());
        assert!(comparer_general(Egal, &nt("01"), &Atome::Decimal(Decimal::ONE)).unwrap());
        // untyped vs string: as strings.
        assert!(!comparer_general(Egal, &nt("1.0"), &Atome::Chaine("1".into())).unwrap());
        assert!(!comparer_general(Egal, &nt("1.0"), &nt("1")).unwrap());
        // untyped vs boolean: cast to boolean, and a bad value is an error.
        assert!(comparer_general(Egal, &nt("false"), &Atome::Booleen(false)).unwrap());
        assert!(comparer_general(Egal, &nt("yes"), &Atome::Booleen(false)).is_err());
        assert!(comparer_general(Superieur, &nt("abc"), &Atome::Decimal(Decimal::ZERO)).is_err());
        // NaN is only different.
        assert!(comparer_general(Different, &nt("NaN"), &Atome::Decimal(Decimal::ZERO)).unwrap());
        assert!(!comparer_general(Egal, &nt("NaN"), &nt("NaN").numerique().unwrap()).unwrap());
        // eq compares untyped as a string.
        assert!(comparer_valeurs(Egal, &nt("a"), &Atome::Decimal(Decimal::ONE)).is_err());
        // Doubles keep their binary rounding: 0.1 + 0.2 is not 0.3.
        let sum = calculer(Operation::Plus, nt("0.1"), nt("0.2")).unwrap();
        assert!(!comparer_general(Egal, &sum, &nt("0.3")).unwrap());
        let sum = calculer(
            Operation::Plus,
            Atome::Decimal(Decimal::new(1, 1)),
            Atome::Decimal(Decimal::new(2, 1)),
        )
        .unwrap();
        assert!(comparer_general(Egal, &sum, &Atome::Decimal(Decimal::new(3, 1))).unwrap());
    }

    #[test]
    fn round_is_half_towards_positive_infinity() {
        let r = |d: Decimal| match arrondir(Atome::Decimal(d)).unwrap() {
            Atome::Decimal(d) => d,
            _ => unreachable!(),
        };
        assert_eq!(r(Decimal::new(25, 1)), Decimal::new(3, 0));
        assert_eq!(r(Decimal::new(-25, 1)), Decimal::new(-2, 0));
        assert_eq!(r(Decimal::new(-251, 2)), Decimal::new(-3, 0));
        assert_eq!(r(Decimal::new(2499, 3)), Decimal::new(2, 0));
        let rd = |x: f64| match arrondir(Atome::Double(x)).unwrap() {
            Atome::Double(d) => d,
            _ => unreachable!(),
        };
        assert_eq!(rd(2.5), 3.0);
        assert_eq!(rd(-2.5), -2.0);
        assert_eq!(rd(0.49999999999999994), 0.0);
        assert_eq!(rd(1234.5000000000002), 1235.0);
    }

    #[test]
    fn decimals_become_doubles_correctly_rounded() {
        assert_eq!(decimal_en_double(Decimal::new(1, 1)), 0.1);
        assert_eq!(
            decimal_en_double(decimal("123456789012345678.9012").unwrap()),
            123456789012345678.9012
        );
        assert_eq!(chaine_double(1.0e7), "1.0E7");
        assert_eq!(chaine_double(12.5), "12.5");
        assert_eq!(chaine_decimal(Decimal::new(1250, 2)), "12.5");
    }
}
