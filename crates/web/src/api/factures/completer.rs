use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::pieces_jointes;
use crate::api::common::{nullable, opt_id, opt_text};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `completerFacture`: the supplier completes a suspended invoice (`SUSPENDUE` → `COMPLETEE`).
pub struct Completer;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, rename = "identifiantFactureCPP", deserialize_with = "opt_id")]
    identifiant_facture_cpp: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    commentaire: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    piece_jointe_complementaire: Vec<pieces_jointes::Complementaire>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    #[serde(rename = "identifiantFactureCPP")]
    identifiant_facture_cpp: i64,
    numero_facture: String,
    date_traitement: String,
}

impl Operation for Completer {
    const PATH: &'static str = "/cpro/factures/v1/completer";
    const ID: &'static str = "completerFacture";
    const SUMMARY: &'static str = "The supplier completes a suspended invoice";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "identifiantFactureCPP": schema::id(), "commentaire": schema::text(2000),
                "idUtilisateurCourant": schema::id(),
                "pieceJointeComplementaire": pieces_jointes::schema_complementaire(),
            }),
            &["identifiantFactureCPP"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let id = request.identifiant_facture_cpp.unwrap_or_default();
        let pieces: Vec<_> =
            pieces_jointes::complementaires(request.piece_jointe_complementaire).collect();
        let commentaire = request.commentaire.as_deref();
        let f = ctx.app.completer_facture(ctx.caller()?, id, commentaire, &pieces).await?;
        Ok(Response {
            identifiant_facture_cpp: f.id,
            numero_facture: f.numero,
            date_traitement: chrono::Utc::now().date_naive().to_string(),
        })
    }
}
