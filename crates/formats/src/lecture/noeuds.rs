//! What both syntaxes' readers share: children by namespace and local name, and values parsed
//! with the path and line of what could not be.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ErreurLecture;
use crate::xml::{Document, NodeId};

pub(crate) const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
pub(crate) const CAC: &str =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
pub(crate) const UBL_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
pub(crate) const UBL_CREDIT_NOTE: &str =
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
pub(crate) const RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
pub(crate) const RAM: &str =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
pub(crate) const UDT: &str = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
pub(crate) const QDT: &str = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";

/// The namespaces the readers look at; the others' elements are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    Cbc,
    Cac,
    Rsm,
    Ram,
    Udt,
    Qdt,
    Autre,
}

/// A document with each of its names' namespace classified once, so that walking it compares
/// local names only.
pub(crate) struct Lecteur<'d, 'a> {
    pub doc: &'d Document<'a>,
    ns: Vec<Ns>,
}

impl<'d, 'a> Lecteur<'d, 'a> {
    pub fn new(doc: &'d Document<'a>) -> Self {
        let ns = doc
            .names(0)
            .map(|(_, ns, _)| match ns {
                CBC => Ns::Cbc,
                CAC => Ns::Cac,
                RSM => Ns::Rsm,
                RAM => Ns::Ram,
                UDT => Ns::Udt,
                QDT => Ns::Qdt,
                _ => Ns::Autre,
            })
            .collect();
        Self { doc, ns }
    }

    /// Child elements with their namespace and local name.
    pub fn enfants(
        &self,
        n: NodeId,
    ) -> impl Iterator<Item = (NodeId, Ns, &'d str)> + use<'d, 'a, '_> {
        let doc = self.doc;
        doc.child_elements(n).filter_map(move |c| {
            let name = doc.name(c)?;
            let ns = self.ns.get(name.index()).copied().unwrap_or(Ns::Autre);
            Some((c, ns, doc.expanded(name).1))
        })
    }

    /// The first child in `ns` named `local`.
    pub fn enfant(&self, n: NodeId, ns: Ns, local: &str) -> Option<NodeId> {
        self.enfants(n).find(|&(_, cns, clocal)| cns == ns && clocal == local).map(|(c, _, _)| c)
    }

    pub fn texte(&self, n: NodeId) -> String {
        self.doc.string_value(n).into_owned()
    }

    pub fn texte_cow(&self, n: NodeId) -> Cow<'d, str> {
        self.doc.string_value(n)
    }

    pub fn attribut(&self, n: NodeId, local: &str) -> Option<String> {
        self.doc.attribute(n, local).map(str::to_owned)
    }

    pub fn erreur(
        &self,
        n: NodeId,
        valeur: &str,
        quoi: &'static str,
        attendu: &'static str,
    ) -> ErreurLecture {
        ErreurLecture::Valeur {
            chemin: self.doc.path(n),
            ligne: self.doc.line(n),
            valeur: valeur.to_owned(),
            quoi,
            attendu,
        }
    }

    /// An xs:decimal: digits with an optional sign and decimal point, the scale kept.
    pub fn decimal(&self, n: NodeId) -> Result<Decimal, ErreurLecture> {
        let text = self.texte_cow(n);
        decimal(text.trim())
            .ok_or_else(|| self.erreur(n, &text, "a decimal number", "digits, e.g. 1234.56"))
    }

    /// An xs:date: `YYYY-MM-DD`, a time zone (which EN 16931 ignores) allowed.
    pub fn date_iso(&self, n: NodeId) -> Result<NaiveDate, ErreurLecture> {
        let text = self.texte_cow(n);
        let t = text.trim().as_bytes();
        let zone = t.get(10..).unwrap_or_default();
        let zone_ok = zone.is_empty()
            || zone == b"Z"
            || (zone.len() == 6
                && matches!(zone[0], b'+' | b'-')
                && zone[1..3].iter().chain(&zone[4..6]).all(u8::is_ascii_digit)
                && zone[3] == b':');
        let date = (t.len() >= 10 && t[4] == b'-' && t[7] == b'-' && zone_ok)
            .then(|| ymd(&t[0..4], &t[5..7], &t[8..10]))
            .flatten();
        date.ok_or_else(|| self.erreur(n, &text, "a date", "YYYY-MM-DD"))
    }

    /// A CII date: an element holding a `DateTimeString` (or `DateString`) in format 102.
    pub fn date_102(&self, n: NodeId) -> Result<NaiveDate, ErreurLecture> {
        let Some((s, _, _)) = self.enfants(n).find(|&(_, ns, local)| {
            matches!(ns, Ns::Udt | Ns::Qdt) && matches!(local, "DateTimeString" | "DateString")
        }) else {
            return Err(self.erreur(n, "", "a date", "udt:DateTimeString format=\"102\""));
        };
        if let Some(format) = self.doc.attribute(s, "format").filter(|f| *f != "102") {
            return Err(self.erreur(s, format, "a date format of EN 16931", "102 (YYYYMMDD)"));
        }
        let text = self.texte_cow(s);
        let t = text.trim().as_bytes();
        let date = (t.len() == 8).then(|| ymd(&t[0..4], &t[4..6], &t[6..8])).flatten();
        date.ok_or_else(|| self.erreur(s, &text, "a date", "YYYYMMDD"))
    }
}

fn ymd(y: &[u8], m: &[u8], d: &[u8]) -> Option<NaiveDate> {
    fn number(digits: &[u8]) -> Option<u32> {
        digits
            .iter()
            .try_fold(0u32, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
    }
    NaiveDate::from_ymd_opt(i32::try_from(number(y)?).ok()?, number(m)?, number(d)?)
}

fn decimal(t: &str) -> Option<Decimal> {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let well_formed = !(int.is_empty() && frac.is_empty())
        && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit());
    if !well_formed {
        return None;
    }
    Decimal::from_str(t).ok()
}

/// Keeps the first occurrence of a term the standard has once.
pub(crate) fn set<T>(slot: &mut Option<T>, value: T) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

pub(crate) fn set_opt<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// BT-110 and BT-111 from the document's VAT totals, in either syntax: the one in the VAT
/// accounting currency (BT-6), when that differs from the invoice's, is BT-111.
pub(crate) fn totaux_tva(
    f: &mut crate::modele::Facture,
    totaux: impl IntoIterator<Item = (Decimal, Option<String>)>,
) {
    for (amount, currency) in totaux {
        let accounting = f.vat_accounting_currency_code.is_some()
            && currency.is_some()
            && currency != f.currency_code
            && currency == f.vat_accounting_currency_code;
        if accounting {
            set(&mut f.totals.total_vat_accounting_currency, amount);
        } else {
            set(&mut f.totals.total_vat, amount);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_xsd_decimals_with_their_scale() {
        assert_eq!(decimal("100.00").map(|d| d.to_string()), Some("100.00".into()));
        assert_eq!(decimal("-0.5").map(|d| d.to_string()), Some("-0.5".into()));
        assert_eq!(decimal("+3").map(|d| d.to_string()), Some("3".into()));
        assert_eq!(decimal(".5").map(|d| d.to_string()), Some("0.5".into()));
        for bad in ["", ".", "1e5", "1,5", "1.2.3", "abc", "--1", "1_000"] {
            assert_eq!(decimal(bad), None, "{bad}");
        }
    }
}
