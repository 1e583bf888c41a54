//! Engagements juridiques: the purchase commitments (orders, contracts) a public body issues
//! to a supplier, which the supplier's invoices then quote. The model and its checks, and the
//! life cycle: who may do what to an engagement in which state.

mod cycle;
mod modele;

pub use cycle::{ActionEngagement, CoteEngagement, EtatEngagement, RefusEngagement, agir};
pub use modele::{
    Engagement, LigneEngagement, NumeroEngagement, StatutPoste, TypeEngagement,
    compte_comme_facture, refus_facture,
};
