//! UN/CEFACT Cross Industry Invoice D16B, as EN 16931-3-3 binds the semantic model to it.

mod ecrire;
mod lire;

pub use ecrire::ecrire;
pub use lire::lire;
