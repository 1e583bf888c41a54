use facteur_domain::statut_facture::StatutFacture;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{opt_id, opt_text};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `traiterFactureRecue`: the recipient moves an invoice along its life cycle.
pub struct TraiterRecue;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_id")]
    id_facture: Option<i64>,
    #[serde(default)]
    nouveau_statut: String,
    #[serde(default, deserialize_with = "opt_text")]
    motif: Option<String>,
    #[serde(default, rename = "numeroDPMandat", deserialize_with = "opt_text")]
    numero_dp_mandat: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    id_facture: i64,
    numero_facture: String,
    date_traitement: String,
    nouveau_statut: String,
}

impl Operation for TraiterRecue {
    const PATH: &'static str = "/cpro/factures/v1/traiter/recue";
    const ID: &'static str = "traiterFactureRecue";
    const SUMMARY: &'static str = "The recipient moves an invoice to a new status";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        let mut statut = schema::code(StatutFacture::CODES);
        statut["type"] = json!("string");
        schema::object(
            json!({
                "idFacture": schema::id(), "nouveauStatut": statut, "motif": schema::text(2000),
                "numeroDPMandat": schema::text(50), "idUtilisateurCourant": schema::id(),
            }),
            &["idFacture", "nouveauStatut"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let vers: StatutFacture =
            request.nouveau_statut.parse().map_err(|e: facteur_domain::code::UnknownCode| {
                ApiError::Schema(vec![format!("#/nouveauStatut: {e}")])
            })?;
        let f = ctx
            .app
            .traiter_facture_recue(
                ctx.caller()?,
                request.id_facture.unwrap_or_default(),
                vers,
                request.motif.as_deref(),
                request.numero_dp_mandat.as_deref(),
            )
            .await?;
        Ok(Response {
            id_facture: f.id,
            numero_facture: f.numero,
            date_traitement: chrono::Utc::now().date_naive().to_string(),
            nouveau_statut: vers.code().to_owned(),
        })
    }
}
