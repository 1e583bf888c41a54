//! Invoices ("demandes de paiement"): the model, close to EN 16931's semantic model so that
//! UBL, CII and Factur-X map onto it; the arithmetic rules that make its amounts add up; and
//! the life cycle, who may move an invoice from which status to which.

mod cycle;
mod modele;
mod montants;

pub use cycle::{ActeurCycle, RefusTransition, Transition, cibles, transition};
pub use modele::{
    Destinataire, Facture, LigneFacture, LigneTva, References, Totaux, TypeFacture, TypeTva,
};
pub use montants::{arrondi, calculer, verifier_montants};
