use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{opt_id, opt_text};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `traiterFactureAValider`: the validator of a subcontractor's (A9) or co-contractor's
/// (A12) invoice validates it, which delivers it to its recipient, or refuses it.
pub struct TraiterAValider;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_id")]
    id_facture: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    action: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    motif_refus: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    id_facture: i64,
    numero_facture: String,
    date_traitement: String,
    statut_facture: String,
}

impl Operation for TraiterAValider {
    const PATH: &'static str = "/cpro/factures/v1/traiter/factureAValider";
    const ID: &'static str = "traiterFactureAValider";
    const SUMMARY: &'static str = "The validator validates or refuses an invoice";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "idFacture": schema::id(), "action": schema::code(&["VALIDER", "REFUSER"]),
                "motifRefus": schema::text(2000), "complementInfo": schema::text(2000),
                "idValideur": schema::id(), "typeValideur": schema::text(50),
                "idPieceJointe": schema::id(), "idUtilisateurCourant": schema::id(),
            }),
            &["idFacture", "action"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let valider = request.action.as_deref() == Some("VALIDER");
        let id = request.id_facture.unwrap_or_default();
        let motif = request.motif_refus.as_deref();
        let f = ctx.app.traiter_facture_a_valider(ctx.caller()?, id, valider, motif).await?;
        Ok(Response {
            id_facture: f.id,
            numero_facture: f.numero,
            date_traitement: chrono::Utc::now().date_naive().to_string(),
            statut_facture: f.statut,
        })
    }
}
