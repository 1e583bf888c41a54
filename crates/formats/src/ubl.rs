//! UBL 2.1 Invoice and CreditNote, as EN 16931-3-2 binds the semantic model to them.

mod ecrire;
mod lire;

pub use ecrire::ecrire;
pub use lire::lire;

/// The type codes (UNTDID 1001) that EN 16931 writes as a UBL `CreditNote`: the others are
/// `Invoice`s.
pub(crate) fn est_avoir(type_code: Option<&str>) -> bool {
    matches!(type_code.map(str::trim), Some("81" | "83" | "381" | "396" | "532"))
}
