use serde_json::{Map, Value};

use super::code_list;
use crate::api::{Ctx, Empty, Operation};
use crate::error::ApiError;

/// How an invoice reaches the platform: portal, API, EDI flow or digitised paper.
pub struct RecupererModeDepot;

impl Operation for RecupererModeDepot {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/modedepot";
    const ID: &'static str = "recupererModesDepot";
    const SUMMARY: &'static str = "Lists the ways an invoice can be deposited";
    type Request = Empty;
    type Response = Map<String, Value>;

    async fn handle(_: Ctx, _: Empty) -> Result<Self::Response, ApiError> {
        Ok(code_list(
            "listeModeDepot",
            "modeDepot",
            facteur_domain::referentiel::MODES_DEPOT.iter().copied(),
        ))
    }
}
