use serde_json::{Map, Value};

use super::code_list;
use crate::api::{Ctx, Empty, Operation};
use crate::error::ApiError;

/// The means of payment an invoice may ask for (`references.modePaiement`).
pub struct RecupererModeReglements;

impl Operation for RecupererModeReglements {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/modereglements";
    const ID: &'static str = "recupererModesReglement";
    const SUMMARY: &'static str = "Lists the means of payment";
    type Request = Empty;
    type Response = Map<String, Value>;

    async fn handle(_: Ctx, _: Empty) -> Result<Self::Response, ApiError> {
        Ok(code_list(
            "listeModePaiement",
            "modePaiement",
            facteur_domain::referentiel::MODES_REGLEMENT.iter().copied(),
        ))
    }
}
