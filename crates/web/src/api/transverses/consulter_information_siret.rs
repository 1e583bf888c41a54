use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `consulterInformationSIRET`: what the directory knows of an establishment. Chorus Pro
/// asks INSEE; the platform answers from its own directory.
pub struct ConsulterInformationSiret;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    siret_structure: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    siret: String,
    siren: String,
    raison_sociale: String,
    adresse: String,
    code_postal: String,
    ville: String,
    est_actif: bool,
    siege: bool,
    categorie_entreprise: Option<String>,
    categorie_juridique: Option<String>,
    date_creation: String,
    non_diffusible_insee: bool,
}

impl Operation for ConsulterInformationSiret {
    const PATH: &'static str = "/cpro/transverses/v1/consulter/information/siret";
    const ID: &'static str = "consulterInformationSIRET";
    const SUMMARY: &'static str = "What the directory knows of an establishment, by SIRET";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        let mut siret = schema::text(17);
        siret["type"] = json!("string");
        schema::object(json!({"siretStructure": siret}), &["siretStructure"])
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let s = ctx.app.information_siret(&request.siret_structure).await?;
        Ok(Response {
            siren: s.identifiant.get(..9).unwrap_or_default().to_owned(),
            siret: s.identifiant,
            raison_sociale: s.raison_sociale,
            adresse: s.adresse,
            code_postal: s.code_postal,
            ville: s.ville,
            est_actif: s.actif,
            siege: true,
            categorie_entreprise: s.categorie,
            categorie_juridique: s.type_public,
            date_creation: s.created_at.format("%Y-%m-%d").to_string(),
            non_diffusible_insee: false,
        })
    }
}
