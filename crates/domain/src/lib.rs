//! Chorus Pro's concepts as types and rules. Nothing here does I/O or knows about HTTP or SQL,
//! so every rule is unit-tested without a server.

pub mod environnement;
pub mod identifiant;
pub mod langue;
pub mod quota;
pub mod referentiel;
pub mod statut_facture;
pub mod structure;

pub use environnement::Environnement;
pub use identifiant::{Siren, Siret, TypeIdentifiant};
pub use langue::CodeLangue;
pub use quota::QuotaPolicy;
