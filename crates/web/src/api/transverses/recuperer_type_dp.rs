use serde_json::{Map, Value};

use super::code_list;
use crate::api::{Ctx, Empty, Operation};
use crate::error::ApiError;

/// The kinds of payment request: invoice, works invoice, legal costs, TIC refund.
pub struct RecupererTypeDp;

impl Operation for RecupererTypeDp {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/typedp";
    const ID: &'static str = "recupererTypesDemandePaiement";
    const SUMMARY: &'static str = "Lists the kinds of payment request";
    type Request = Empty;
    type Response = Map<String, Value>;

    async fn handle(_: Ctx, _: Empty) -> Result<Self::Response, ApiError> {
        Ok(code_list(
            "listeTypeDemandePaiement",
            "typeDemandePaiement",
            facteur_domain::referentiel::TypeDemandePaiement::CODES.iter().copied(),
        ))
    }
}
