use facteur_domain::referentiel::{TypeDemandePaiement, etats_par_type_demande_paiement};
use serde_json::{Map, Value};

use super::{TypeDpRequest, code_list};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;

/// The statuses a kind of payment request can take.
pub struct RecupererEtatTypeDp;

impl Operation for RecupererEtatTypeDp {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/etat/typedp";
    const ID: &'static str = "recupererEtatParTypeDemandePaiement";
    const SUMMARY: &'static str = "Lists the statuses of a kind of payment request";
    type Request = TypeDpRequest;
    type Response = Map<String, Value>;

    fn schema() -> Value {
        TypeDpRequest::schema()
    }

    async fn handle(_: Ctx, request: TypeDpRequest) -> Result<Self::Response, ApiError> {
        let kind = request.type_dp().unwrap_or(TypeDemandePaiement::Facture);
        let etats = etats_par_type_demande_paiement(kind);
        Ok(code_list(
            "listeEtatDemandePaiement",
            "etatDemandePaiement",
            etats.iter().map(|e| e.code()),
        ))
    }
}
