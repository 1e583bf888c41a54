//! The documents Chorus Pro lets a recipient download for an invoice, rendered from the data:
//! the readable PDF ([`pdf()`]) and the structured EN 16931 invoice in UN/CEFACT CII D16B
//! ([`cii()`], Chorus Pro's "PIVOT" download).
//!
//! Pure: no I/O, no clock. The same document gives the same bytes, so the output can be cached,
//! compared and tested byte for byte.

mod cii;
mod helvetica;
mod pdf;
mod winansi;

use chrono::NaiveDate;
use facteur_domain::TypeIdentifiant;
use facteur_domain::engagement::{Engagement, EtatEngagement};
use facteur_domain::facture::Facture;
use facteur_domain::statut_facture::StatutFacture;
use rust_decimal::Decimal;

pub use cii::cii;
pub use pdf::{engagement_pdf, pdf};

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adresse {
    pub ligne: String,
    pub complement: Option<String>,
    pub code_postal: String,
    pub ville: String,
    /// ISO 3166-1 alpha-2, e.g. `FR`.
    pub code_pays: String,
}

/// A party to the invoice, the supplier or the recipient, as the directory knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partie {
    /// The company name (raison sociale).
    pub nom: String,
    /// The kind of `identifiant`. Typed, not a code in a string, because the CII depends on it:
    /// only a SIRET is written with the SIRENE scheme (`0002`).
    pub type_identifiant: TypeIdentifiant,
    pub identifiant: String,
    /// The intra-community VAT number.
    pub numero_tva: Option<String>,
    pub adresse: Option<Adresse>,
}

/// An invoice with what the platform knows around it: the parties' details, where it stands
/// and how it came in.
#[derive(Debug, Clone)]
pub struct FactureDocument<'a> {
    /// Chorus Pro's identifier of the invoice (`idFacture`).
    pub id: i64,
    pub facture: &'a Facture,
    pub fournisseur: Partie,
    pub destinataire: Partie,
    /// The name of the recipient's service that the invoice addresses. Its code is the
    /// invoice's own (`facture.destinataire.code_service`, BT-10), so that the two documents
    /// cannot disagree on it.
    pub nom_service: Option<String>,
    /// Where the invoice stands.
    pub statut: StatutFacture,
    pub date_depot: NaiveDate,
    /// How the invoice came in (`SAISIE_API`, `DEPOT_PDF_API`…).
    pub mode_depot: String,
    /// The file names of the attachments.
    pub pieces_jointes: Vec<String>,
}

/// An engagement with what the platform knows around it: its parties, its state, and the
/// invoices that quote it.
#[derive(Debug, Clone)]
pub struct EngagementDocument<'a> {
    /// The platform's identifier of the engagement.
    pub id: i64,
    pub engagement: &'a Engagement,
    pub etat: EtatEngagement,
    pub emetteur: Partie,
    pub recepteur: Partie,
    /// The issuer's executing service: code and name.
    pub service: Option<String>,
    /// What the invoices still standing add up to.
    pub montant_facture: Decimal,
    /// The invoices that quote it: number, status, amount with VAT.
    pub factures: Vec<(String, String, Decimal)>,
}
