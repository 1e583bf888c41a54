use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Detail;
use crate::api::common::opt_text;
use crate::api::{Account, Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_text")]
    format: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    nom_fichier: String,
    type_mime: String,
    /// The file, in base64.
    fichier: String,
}

/// An engagement as a file: a readable PDF, or its data as JSON (what `consulterDetail`
/// answers).
pub struct Telecharger;

impl Operation for Telecharger {
    const PATH: &'static str = "/api/v1/engagements/{idEngagement}/telecharger";
    const ID: &'static str = "telechargerEngagement";
    const SUMMARY: &'static str = "An engagement as a PDF or a JSON file";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(json!({"format": schema::code(&["PDF", "JSON"])}), &[])
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let id = ctx.id("idEngagement")?;
        let complet = ctx.app.engagement_complet(ctx.caller()?, id).await?;
        let (nom_fichier, type_mime, contenu) = match request.format.as_deref() {
            Some("JSON") => {
                let detail = Detail::from(complet);
                let contenu = serde_json::to_vec_pretty(&detail)
                    .map_err(|e| ApiError::from(facteur_app::AppError::Internal(e.to_string())))?;
                (format!("engagement-{id}.json"), "application/json".to_owned(), contenu)
            }
            _ => {
                let f = complet.pdf()?;
                (f.nom, f.type_mime.to_owned(), f.contenu)
            }
        };
        Ok(Response { nom_fichier, type_mime, fichier: STANDARD.encode(contenu) })
    }
}
