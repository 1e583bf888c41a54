use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::service::CodeService;

crate::code_enum! {
    /// `typeFacture`: an invoice (EN 16931 type code 380) or a credit note (381).
    pub enum TypeFacture ("invoice type") {
        Facture = "FACTURE",
        Avoir = "AVOIR",
    }
}

impl TypeFacture {
    /// UNTDID 1001, as UBL and CII write it.
    pub fn code_untdid(self) -> &'static str {
        match self {
            Self::Facture => "380",
            Self::Avoir => "381",
        }
    }
}

crate::code_enum! {
    /// `typeTva`: when VAT is due.
    pub enum TypeTva ("VAT regime") {
        SurDebit = "TVA_SUR_DEBIT",
        SurEncaissement = "TVA_SUR_ENCAISSEMENT",
        Exoneration = "EXONERATION",
        SansTva = "SANS_TVA",
    }
}

/// Where an invoice goes: the recipient's identifier (BT-46, its SIRET) and the service
/// (BT-10, the buyer reference).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destinataire {
    pub code: String,
    pub code_service: Option<CodeService>,
}

/// What the invoice refers to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    /// The engagement (purchase order) number, BT-13.
    pub numero_engagement: Option<String>,
    /// The contract, BT-12.
    pub numero_marche: Option<String>,
    /// The invoice a credit note corrects, BT-25.
    pub numero_facture_origine: Option<String>,
    pub mode_paiement: Option<String>,
    pub motif_exoneration_tva: Option<String>,
}

/// A line (BG-25).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LigneFacture {
    pub numero: u32,
    pub reference: Option<String>,
    pub denomination: String,
    pub quantite: Decimal,
    pub unite: Option<String>,
    pub prix_unitaire_ht: Decimal,
    pub remise_ht: Decimal,
    /// Percent, e.g. 20 or 5.5.
    pub taux_tva: Decimal,
}

/// A VAT breakdown line (BG-23), one per rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LigneTva {
    pub taux: Decimal,
    pub base_ht: Decimal,
    pub montant_tva: Decimal,
}

/// The document totals (BG-22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totaux {
    pub ht: Decimal,
    pub tva: Decimal,
    pub ttc: Decimal,
    pub remise_globale_ttc: Decimal,
    pub a_payer: Decimal,
}

/// An invoice as its supplier submits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facture {
    pub numero: String,
    pub type_facture: TypeFacture,
    pub date_facture: NaiveDate,
    pub devise: String,
    pub cadre: String,
    pub type_tva: TypeTva,
    pub destinataire: Destinataire,
    pub references: References,
    pub lignes: Vec<LigneFacture>,
    pub tva: Vec<LigneTva>,
    pub totaux: Totaux,
    pub commentaire: Option<String>,
}
