use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::destinataire::DestinataireJson;
use crate::api::common::{opt_id, opt_text};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `recyclerFacture`: the supplier re-routes an invoice its recipient sent back.
pub struct Recycler;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    #[serde(default, deserialize_with = "opt_text")]
    numero_bon_commande: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, rename = "identifiantFactureCPP", deserialize_with = "opt_id")]
    identifiant_facture_cpp: Option<i64>,
    #[serde(default)]
    destinataire: Option<DestinataireJson>,
    #[serde(default)]
    reference: Option<Reference>,
    #[serde(default, deserialize_with = "opt_text")]
    commentaire: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    #[serde(rename = "identifiantFactureCPP")]
    identifiant_facture_cpp: i64,
    numero_facture: String,
    statut_facture: &'static str,
    date_depot: String,
}

impl Operation for Recycler {
    const PATH: &'static str = "/cpro/factures/v1/recycler";
    const ID: &'static str = "recyclerFacture";
    const SUMMARY: &'static str = "The supplier re-routes an invoice sent back for recycling";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "identifiantFactureCPP": schema::id(),
                "destinataire": DestinataireJson::schema(),
                "reference": schema::object(json!({"numeroBonCommande": schema::text(50)}), &[]),
                "commentaire": schema::text(2000),
                "idUtilisateurCourant": schema::id(),
            }),
            &["identifiantFactureCPP", "destinataire"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let mut errors = Vec::new();
        let destinataire = request.destinataire.unwrap_or_default().parse(&mut errors);
        if !errors.is_empty() {
            return Err(ApiError::Schema(errors));
        }
        let numero_engagement = request.reference.and_then(|r| r.numero_bon_commande);
        let f = ctx
            .app
            .recycler_facture(
                ctx.caller()?,
                request.identifiant_facture_cpp.unwrap_or_default(),
                &destinataire,
                numero_engagement.as_deref(),
                request.commentaire.as_deref(),
            )
            .await?;
        Ok(Response {
            identifiant_facture_cpp: f.id,
            numero_facture: f.numero,
            statut_facture: "MISE_A_DISPOSITION",
            date_depot: f.date_depot.to_string(),
        })
    }
}
