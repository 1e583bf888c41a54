//! Chorus Pro's concepts as types and rules. Nothing here does I/O or knows about HTTP or SQL,
//! so every rule is unit-tested without a server.

#[macro_use]
pub mod code;
pub mod engagement;
pub mod environnement;
pub mod espace;
pub mod facture;
pub mod flux;
pub mod identifiant;
pub mod langue;
pub mod message;
pub mod pagination;
pub mod piece_jointe;
pub mod quota;
pub mod referentiel;
pub mod service;
pub mod statut_facture;
pub mod structure;
pub mod utilisateur;

pub use environnement::Environnement;
pub use identifiant::{Identifiant, Siren, Siret, TypeIdentifiant};
pub use langue::CodeLangue;
pub use quota::QuotaPolicy;
