//! Flux (file deposits, `deposer/flux`): the syntaxes accepted, the states a flux passes
//! through, its number, the bounds on what a file may hold, and the deposit report's errors.

use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// `syntaxeFlux`: what a deposited file holds.
    pub enum SyntaxeFlux ("flux syntax") {
        /// UBL 2.1 invoices or credit notes (E1: structured).
        E1Ubl = "IN_DP_E1_UBL_INVOICE",
        /// UN/CEFACT CII D16B invoices (E1).
        E1Cii = "IN_DP_E1_CII_16B",
        /// Factur-X: a PDF/A-3 carrying its CII (E2).
        E2FacturX = "IN_DP_E2_CII_FACTURX",
        /// Mixed: a UBL invoice and its PDF, in a tar.gz (E2).
        E2UblMin = "IN_DP_E2_UBL_INVOICE_MIN",
        /// Mixed: a CII invoice and its PDF, in a tar.gz (E2).
        E2CiiMin = "IN_DP_E2_CII_MIN_16B",
    }
}

/// How the data of a document are written, whatever holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatDonnees {
    Ubl,
    Cii,
    FacturX,
}

impl FormatDonnees {
    pub fn libelle(self) -> &'static str {
        match self {
            Self::Ubl => "UBL",
            Self::Cii => "CII",
            Self::FacturX => "Factur-X",
        }
    }
}

impl SyntaxeFlux {
    /// The format the data of each document must be in.
    pub fn format_attendu(self) -> FormatDonnees {
        match self {
            Self::E1Ubl | Self::E2UblMin => FormatDonnees::Ubl,
            Self::E1Cii | Self::E2CiiMin => FormatDonnees::Cii,
            Self::E2FacturX => FormatDonnees::FacturX,
        }
    }

    /// Whether each invoice comes as its data plus a PDF of it.
    pub fn mixte(self) -> bool {
        matches!(self, Self::E2UblMin | Self::E2CiiMin)
    }
}

crate::code_enum! {
    /// `etatCourantFlux`: where a flux is in its processing.
    pub enum EtatFlux ("flux state") {
        /// Received and committed, waiting for a worker.
        Recu = "IN_RECU",
        /// A worker holds it.
        EnCoursTraitement = "IN_EN_COURS_TRAITEMENT_CPP",
        /// Every invoice integrated.
        Integre = "IN_INTEGRE",
        /// Some invoices integrated, the others rejected.
        IntegrePartiel = "IN_INTEGRE_PARTIEL",
        /// None integrated, or the file could not be read.
        Rejete = "IN_REJETE",
    }
}

impl EtatFlux {
    /// The state a flux ends in once its documents are processed.
    pub fn final_pour(integrees: usize, documents: usize) -> Self {
        match integrees {
            0 => Self::Rejete,
            n if n >= documents => Self::Integre,
            _ => Self::IntegrePartiel,
        }
    }

    pub fn terminal(self) -> bool {
        matches!(self, Self::Integre | Self::IntegrePartiel | Self::Rejete)
    }
}

/// A flux's number, `numeroFluxDepot`: "CPP" and 22 digits, its id on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumeroFlux(i64);

impl NumeroFlux {
    const PREFIXE: &'static str = "CPP";
    const CHIFFRES: usize = 22;

    pub fn of_id(id: i64) -> Self {
        Self(id)
    }

    pub fn id(self) -> i64 {
        self.0
    }

    /// A number as clients send it back; anything else names no flux.
    pub fn parse(text: &str) -> Option<Self> {
        let digits = text.trim().strip_prefix(Self::PREFIXE)?;
        if digits.len() != Self::CHIFFRES || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().filter(|id| *id > 0).map(Self)
    }
}

impl std::fmt::Display for NumeroFlux {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{:0width$}", Self::PREFIXE, self.0, width = Self::CHIFFRES)
    }
}

/// The bounds on a flux. Chorus Pro documents 10 MB per file, 30 MB compressed and 500
/// invoices per flux; the total once decompressed is facteur's own, the size an invoice and
/// its files may reach, so that a compressed bomb ends early and memory stays bounded.
pub mod limites {
    /// The deposited file, compressed or not.
    pub const TAILLE_MAX_DEPOT: u64 = 30 * 1024 * 1024;
    /// One document (an XML or a PDF), once decompressed.
    pub const TAILLE_MAX_DOCUMENT: u64 = 10 * 1024 * 1024;
    /// Every document of a flux, once decompressed.
    pub const TAILLE_MAX_DECOMPRESSEE: u64 = 120 * 1024 * 1024;
    /// Documents (files in the archive) in one flux.
    pub const DOCUMENTS_MAX: usize = 500;
    /// The longest file name kept.
    pub const LONGUEUR_MAX_NOM: usize = 200;
}

/// A rejected invoice in the deposit report (`listeErreurDP`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErreurDp {
    /// The invoice's number, or its file's name when none could be read.
    #[serde(rename = "numeroDP")]
    pub numero_dp: String,
    pub identifiant_fournisseur: Option<String>,
    pub identifiant_destinataire: Option<String>,
    #[serde(rename = "libelleErreurDP")]
    pub libelle_erreur_dp: String,
}

/// A failure to read the flux or one of its files (`listeErreurTechnique`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErreurTechnique {
    pub code_erreur: String,
    pub libelle_erreur: String,
    pub nature_erreur: String,
}

impl ErreurTechnique {
    pub fn new(code: &str, nature: &str, libelle: impl Into<String>) -> Self {
        Self {
            code_erreur: code.to_owned(),
            libelle_erreur: libelle.into(),
            nature_erreur: nature.to_owned(),
        }
    }
}

/// What a flux's report says went wrong, kept with the flux.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompteRendu {
    #[serde(default)]
    pub erreurs_dp: Vec<ErreurDp>,
    #[serde(default)]
    pub erreurs_techniques: Vec<ErreurTechnique>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_cpp_and_22_digits_and_read_back() {
        let n = NumeroFlux::of_id(414_554);
        assert_eq!(n.to_string(), "CPP0000000000000000414554");
        assert_eq!(n.to_string().len(), 25);
        assert_eq!(NumeroFlux::parse(&n.to_string()), Some(n));
        assert_eq!(NumeroFlux::parse("CPP000000000000000041455"), None);
        assert_eq!(NumeroFlux::parse("XPP0000000000000000414554"), None);
        assert_eq!(NumeroFlux::parse("CPP000000000000000041455x"), None);
        assert_eq!(NumeroFlux::parse("CPP0000000000000000000000"), None);
        assert_eq!(NumeroFlux::parse("CPP9999999999999999999999"), None, "beyond an id");
    }

    #[test]
    fn a_flux_ends_by_what_was_integrated() {
        assert_eq!(EtatFlux::final_pour(0, 0), EtatFlux::Rejete);
        assert_eq!(EtatFlux::final_pour(0, 3), EtatFlux::Rejete);
        assert_eq!(EtatFlux::final_pour(2, 3), EtatFlux::IntegrePartiel);
        assert_eq!(EtatFlux::final_pour(3, 3), EtatFlux::Integre);
        assert!(EtatFlux::Rejete.terminal() && !EtatFlux::EnCoursTraitement.terminal());
    }

    #[test]
    fn syntaxes_say_what_their_documents_hold() {
        assert_eq!(SyntaxeFlux::E2UblMin.format_attendu(), FormatDonnees::Ubl);
        assert!(SyntaxeFlux::E2CiiMin.mixte() && !SyntaxeFlux::E2FacturX.mixte());
        assert!("IN_DP_E1_XCBL".parse::<SyntaxeFlux>().is_err());
    }
}
