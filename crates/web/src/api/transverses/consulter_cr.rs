use facteur_app::flux::FluxLu;
use facteur_domain::flux::{ErreurDp, ErreurTechnique};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::opt_text;
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `consulterCR`: where a deposited flux is.
pub struct ConsulterCr;
/// `consulterCRDetaille`: where a deposited flux is, with why invoices were rejected.
pub struct ConsulterCrDetaille;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_text")]
    numero_flux_depot: Option<String>,
}

fn schema_cr() -> Value {
    schema::object(
        json!({
            "numeroFluxDepot": schema::text(25),
            "syntaxeFlux": schema::text(80),
            "dateDepot": schema::date(),
        }),
        &["numeroFluxDepot"],
    )
}

async fn flux(ctx: &Ctx, request: &Request) -> Result<FluxLu, ApiError> {
    let numero = request.numero_flux_depot.as_deref().unwrap_or_default();
    Ok(ctx.app.consulter_flux(ctx.caller()?, numero).await?)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseCr {
    numero_flux_depot: String,
    nom_fichier_flux: String,
    date_depot_flux: String,
    etat_courant_flux: &'static str,
    date_heure_etat_courant_flux: String,
    code_interface_flux: String,
    code_appli_partenaire: Option<String>,
    designation_partenaire: Option<String>,
    /// Chorus Pro's report as a PDF; facteur answers the detailed report instead.
    #[serde(rename = "fichierCR")]
    fichier_cr: Option<String>,
}

impl Operation for ConsulterCr {
    const PATH: &'static str = "/cpro/transverses/v1/consulterCR";
    const ID: &'static str = "consulterCR";
    const SUMMARY: &'static str = "Where a deposited flux is in its processing";
    type Request = Request;
    type Response = ResponseCr;

    fn schema() -> Value {
        schema_cr()
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<ResponseCr, ApiError> {
        let f = flux(&ctx, &request).await?;
        Ok(ResponseCr {
            numero_flux_depot: f.numero.to_string(),
            nom_fichier_flux: f.nom_fichier,
            date_depot_flux: f.date_depot.to_rfc3339(),
            etat_courant_flux: f.etat.code(),
            date_heure_etat_courant_flux: f.date_etat.to_rfc3339(),
            code_interface_flux: f.syntaxe,
            code_appli_partenaire: None,
            designation_partenaire: None,
            fichier_cr: None,
        })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseCrDetaille {
    numero_flux_depot: String,
    nom_fichier: String,
    date_depot_flux: String,
    code_interface_depot_flux: String,
    etat_courant_depot_flux: &'static str,
    date_heure_etat_courant_flux: String,
    /// facteur's own: the flux's documents and the invoices integrated, once processed.
    nombre_documents: Option<i64>,
    nombre_factures_integrees: Option<i64>,
    #[serde(rename = "listeErreurDP")]
    liste_erreur_dp: Vec<ErreurDp>,
    liste_erreur_technique: Vec<ErreurTechnique>,
}

impl Operation for ConsulterCrDetaille {
    const PATH: &'static str = "/cpro/transverses/v1/consulterCRDetaille";
    const ID: &'static str = "consulterCRDetaille";
    const SUMMARY: &'static str =
        "Where a deposited flux is, with each rejected invoice's reasons and the technical errors";
    type Request = Request;
    type Response = ResponseCrDetaille;

    fn schema() -> Value {
        schema_cr()
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<ResponseCrDetaille, ApiError> {
        let f = flux(&ctx, &request).await?;
        Ok(ResponseCrDetaille {
            numero_flux_depot: f.numero.to_string(),
            nom_fichier: f.nom_fichier,
            date_depot_flux: f.date_depot.to_rfc3339(),
            code_interface_depot_flux: f.syntaxe,
            etat_courant_depot_flux: f.etat.code(),
            date_heure_etat_courant_flux: f.date_etat.to_rfc3339(),
            nombre_documents: f.documents,
            nombre_factures_integrees: f.integrees,
            liste_erreur_dp: f.compte_rendu.erreurs_dp,
            liste_erreur_technique: f.compte_rendu.erreurs_techniques,
        })
    }
}
