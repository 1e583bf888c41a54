use facteur_domain::referentiel::CadreFacturation;
use serde_json::{Map, Value};

use super::{TypeDpRequest, code_list};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;

/// The invoicing frameworks of a kind of payment request (all of them without one).
pub struct RecupererCadreFacturation;

impl Operation for RecupererCadreFacturation {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/cadrefacturation";
    const ID: &'static str = "recupererCadresFacturation";
    const SUMMARY: &'static str = "Lists the invoicing frameworks of a kind of payment request";
    type Request = TypeDpRequest;
    type Response = Map<String, Value>;

    fn schema() -> Value {
        TypeDpRequest::schema()
    }

    async fn handle(_: Ctx, request: TypeDpRequest) -> Result<Self::Response, ApiError> {
        let kind = request.type_dp();
        let cadres = CadreFacturation::ALL
            .iter()
            .filter(|c| kind.is_none_or(|k| c.type_demande_paiement == k))
            .map(|c| c.code);
        Ok(code_list("listeCadreFacturation", "codeCadreFacturation", cadres))
    }
}
