use serde_json::{Map, Value};

use super::code_list;
use crate::api::{Ctx, Empty, Operation};
use crate::error::ApiError;

/// The families of flux syntaxes: structured, mixed, Factur-X.
pub struct RecupererFormatFlux;

impl Operation for RecupererFormatFlux {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/formatflux";
    const ID: &'static str = "recupererFormatFlux";
    const SUMMARY: &'static str = "Lists the families of deposit syntaxes";
    type Request = Empty;
    type Response = Map<String, Value>;

    async fn handle(_: Ctx, _: Empty) -> Result<Self::Response, ApiError> {
        Ok(code_list(
            "listeFormatFlux",
            "formatFlux",
            facteur_domain::referentiel::FORMATS_FLUX.iter().copied(),
        ))
    }
}
