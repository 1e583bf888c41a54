use facteur_domain::referentiel::{CadreFacturation, TypeDemandePaiement};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::code_list;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// The invoicing frameworks of a kind of payment request (all of them without one).
pub struct RecupererCadreFacturation;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    type_demande_paiement: Option<String>,
}

impl Operation for RecupererCadreFacturation {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/cadrefacturation";
    const ID: &'static str = "recupererCadresFacturation";
    const SUMMARY: &'static str = "Lists the invoicing frameworks of a kind of payment request";
    type Request = Request;
    type Response = Map<String, Value>;

    fn schema() -> Value {
        schema::object(
            json!({"typeDemandePaiement": schema::code(TypeDemandePaiement::CODES)}),
            &[],
        )
    }

    async fn handle(_: Ctx, request: Request) -> Result<Self::Response, ApiError> {
        let kind = request.type_demande_paiement.as_deref().and_then(|t| t.parse().ok());
        let cadres = CadreFacturation::ALL
            .iter()
            .filter(|c| kind.is_none_or(|k| c.type_demande_paiement == k))
            .map(|c| c.code);
        Ok(code_list("listeCadreFacturation", "codeCadreFacturation", cadres))
    }
}
