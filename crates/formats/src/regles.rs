//! The EN 16931 business rules, as the official Schematron states them (release 1.3.16),
//! evaluated natively: the Schematron files are embedded, compiled once into rules (their
//! XPath into an evaluable form), then run over a parsed [`Document`], with the verdicts the
//! official artefacts give under Saxon.
//!
//! UBL invoices and credit notes get the UBL rules, CII invoices the CII rules.

mod schematron;
mod xpath;

use std::sync::OnceLock;

use crate::xml::Document;
use schematron::Regles;

const UBL_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const UBL_CREDIT_NOTE: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const CII: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";

const SOURCE_UBL: &str = include_str!("../regles/EN16931-UBL-validation-preprocessed.sch");
const SOURCE_CII: &str = include_str!("../regles/EN16931-CII-validation-preprocessed.sch");

/// How serious a failed rule is: the Schematron's `flag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Niveau {
    /// `fatal`: the invoice is not acceptable.
    Fatal,
    /// `warning`: acceptable, but worth telling.
    Avertissement,
}

/// A rule the document does not satisfy, at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Echec {
    /// The rule's identifier, e.g. `BR-CO-10`.
    pub id: String,
    pub niveau: Niveau,
    /// The official text of the rule.
    pub message: String,
    /// Where: the path of the element the rule was checked on.
    pub emplacement: String,
    pub ligne: u32,
}

/// Every failed rule of a document, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rapport {
    pub echecs: Vec<Echec>,
}

impl Rapport {
    pub fn fatals(&self) -> impl Iterator<Item = &Echec> {
        self.echecs.iter().filter(|e| e.niveau == Niveau::Fatal)
    }

    /// No fatal failure: warnings do not make an invoice unacceptable.
    pub fn est_conforme(&self) -> bool {
        self.fatals().next().is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ErreurRegles {
    #[error(
        "the root element {{{namespace}}}{nom} is neither a UBL Invoice or CreditNote nor a CII CrossIndustryInvoice"
    )]
    PasUneFacture { namespace: String, nom: String },
    /// The embedded rules could not be compiled: a defect of facteur, not of the document.
    #[error("the {syntaxe} rules cannot be compiled: {raison}")]
    Compilation { syntaxe: &'static str, raison: String },
}

fn regles(syntaxe: &'static str) -> Result<&'static Regles, ErreurRegles> {
    static UBL: OnceLock<Result<Regles, String>> = OnceLock::new();
    static CII: OnceLock<Result<Regles, String>> = OnceLock::new();
    let (cellule, source) = if syntaxe == "UBL" { (&UBL, SOURCE_UBL) } else { (&CII, SOURCE_CII) };
    cellule
        .get_or_init(|| Regles::compiler(source))
        .as_ref()
        .map_err(|raison| ErreurRegles::Compilation { syntaxe, raison: raison.clone() })
}

/// Checks a UBL or CII invoice against every EN 16931 rule of its syntax.
pub fn valider(doc: &Document<'_>) -> Result<Rapport, ErreurRegles> {
    let racine = doc.root();
    let syntaxe = match (doc.namespace(racine), doc.local_name(racine)) {
        (UBL_INVOICE, "Invoice") | (UBL_CREDIT_NOTE, "CreditNote") => "UBL",
        (CII, "CrossIndustryInvoice") => "CII",
        (namespace, nom) => {
            return Err(ErreurRegles::PasUneFacture {
                namespace: namespace.into(),
                nom: nom.into(),
            });
        }
    };
    Ok(Rapport { echecs: regles(syntaxe)?.executer(doc) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_rules_compile() {
        for syntaxe in ["UBL", "CII"] {
            if let Err(e) = regles(syntaxe) {
                panic!("{e}");
            }
        }
    }
}
