//! Chorus Pro's reference data: the code lists that `transverses/v1/recuperer/…` returns and
//! that invoices are checked against. Kept as data; the large ISO lists come from files.

mod codes;
mod iso;
mod tva;

pub use codes::{
    CadreFacturation, FORMATS_FLUX, MODES_DEPOT, MODES_REGLEMENT, TypeDemandePaiement,
    etats_par_type_demande_paiement,
};
pub use iso::{Libelle, devises, pays};
pub use tva::{MOTIFS_EXONERATION_TVA, TAUX_TVA, TauxTva};
