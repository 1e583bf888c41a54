use serde_json::{Map, Value};

use super::code_list;
use crate::api::{Ctx, Empty, Operation};
use crate::error::ApiError;

/// The kinds of identifier a structure is known by (SIRET, intra-EU VAT number, RIDET…).
pub struct RecupererTypeIdentifiantStructure;

impl Operation for RecupererTypeIdentifiantStructure {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/typeidentifiant/structure";
    const ID: &'static str = "recupererTypesIdentifiantStructure";
    const SUMMARY: &'static str = "Lists the kinds of structure identifier";
    type Request = Empty;
    type Response = Map<String, Value>;

    async fn handle(_: Ctx, _: Empty) -> Result<Self::Response, ApiError> {
        Ok(code_list(
            "listeTypeIdentifiant",
            "typeIdentifiantStructure",
            facteur_domain::TypeIdentifiant::CODES.iter().copied(),
        ))
    }
}
