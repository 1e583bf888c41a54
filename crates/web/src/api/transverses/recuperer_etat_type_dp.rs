use facteur_domain::referentiel::{TypeDemandePaiement, etats_par_type_demande_paiement};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::code_list;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// The statuses a kind of payment request can take.
pub struct RecupererEtatTypeDp;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    type_demande_paiement: Option<String>,
}

impl Operation for RecupererEtatTypeDp {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/etat/typedp";
    const ID: &'static str = "recupererEtatParTypeDemandePaiement";
    const SUMMARY: &'static str = "Lists the statuses of a kind of payment request";
    type Request = Request;
    type Response = Map<String, Value>;

    fn schema() -> Value {
        schema::object(
            json!({"typeDemandePaiement": schema::code(TypeDemandePaiement::CODES)}),
            &[],
        )
    }

    async fn handle(_: Ctx, request: Request) -> Result<Self::Response, ApiError> {
        let kind = request
            .type_demande_paiement
            .as_deref()
            .and_then(|t| t.parse().ok())
            .unwrap_or(TypeDemandePaiement::Facture);
        let etats = etats_par_type_demande_paiement(kind);
        Ok(code_list(
            "listeEtatDemandePaiement",
            "etatDemandePaiement",
            etats.iter().map(|e| e.code()),
        ))
    }
}
