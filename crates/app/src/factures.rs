//! Invoices' use cases: submission and routing, search, consultation, history, and the
//! moves of the life cycle, each checking who the caller is to the invoice.

mod contenu;
mod cycle;
pub(crate) mod depot;
mod lecture;
mod pieces_jointes;
pub(crate) mod telechargement;

pub use depot::{Depot, MODE_PAPIER, MODE_PORTAIL_PDF, MODE_SAISIE_WEB, Soumission};
pub use lecture::{RechercheFactures, Role};
pub use pieces_jointes::{FichierAjoute, PieceJointeDemandee};
pub use telechargement::{FactureComplete, Fichier, FormatTelechargement};

use facteur_store::{DimensionsStats, FactureRecord, StructureRecord};

use crate::{App, AppError};

/// Amounts travel as decimals and are stored in cents.
pub fn cents(amount: rust_decimal::Decimal) -> Result<i64, AppError> {
    let scaled = crate::factures::arrondi(amount) * rust_decimal::Decimal::ONE_HUNDRED;
    i64::try_from(scaled)
        .map_err(|_| AppError::invalid(format!("[{amount}] is too large an amount")))
}

pub use facteur_domain::facture::arrondi;

impl App {
    /// The statistics' dimensions of an invoice: its recipient's kind, its supplier's
    /// category (or kind, for a public supplier).
    pub(crate) async fn dimensions(&self, f: &FactureRecord) -> Result<DimensionsStats, AppError> {
        let destinataire = self.structure(f.destinataire_id).await?;
        let fournisseur = self.structure(f.fournisseur_id).await?;
        Ok(dimensions_de(destinataire.as_deref(), fournisseur.as_deref()))
    }
}

/// The statistics' dimensions of an invoice between two structures.
pub(crate) fn dimensions_de(
    destinataire: Option<&StructureRecord>,
    fournisseur: Option<&StructureRecord>,
) -> DimensionsStats {
    let or_autre = |code: Option<&String>| code.cloned().unwrap_or_else(|| "AUTRE".into());
    DimensionsStats {
        type_public: or_autre(destinataire.and_then(|s| s.type_public.as_ref())),
        categorie: or_autre(
            fournisseur.and_then(|s| s.categorie.as_ref().or(s.type_public.as_ref())),
        ),
    }
}
