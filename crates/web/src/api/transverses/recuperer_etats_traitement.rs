use facteur_domain::statut_facture::StatutFacture;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::code_list;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// Where a recipient may move an invoice from its current status with `traiter/recue`.
pub struct RecupererEtatsTraitement;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    statut_courant: String,
}

impl Operation for RecupererEtatsTraitement {
    const PATH: &'static str = "/cpro/transverses/v1/recuperer/etats/traitement";
    const ID: &'static str = "recupererEtatsPossiblesPourTraitement";
    const SUMMARY: &'static str = "Lists the statuses a recipient may move an invoice to";
    type Request = Request;
    type Response = Map<String, Value>;

    fn schema() -> Value {
        let mut statut = schema::code(StatutFacture::CODES);
        statut["type"] = json!("string");
        schema::object(json!({"statutCourant": statut}), &["statutCourant"])
    }

    async fn handle(_: Ctx, request: Request) -> Result<Self::Response, ApiError> {
        let cibles = request
            .statut_courant
            .parse::<StatutFacture>()
            .map(StatutFacture::cibles_traitement)
            .unwrap_or_default();
        Ok(code_list(
            "listeStatutsPossiblesPourTraitement",
            "statutPossiblePourTraitement",
            cibles.iter().map(|s| s.code()),
        ))
    }
}
