use facteur_app::flux::DepotFlux;
use facteur_domain::flux::SyntaxeFlux;
use facteur_domain::flux::limites::{LONGUEUR_MAX_NOM, TAILLE_MAX_DEPOT};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{opt_bool, opt_text};
use crate::api::transverses::ajouter_fichier::{decode, max_body};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `deposerFluxFacture`: a file of invoices (UBL, CII, Factur-X; one, or several in a
/// tar.gz), answered with its flux number at once and processed afterwards.
pub struct DeposerFlux;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    fichier_flux: String,
    #[serde(default, deserialize_with = "opt_text")]
    nom_fichier: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    syntaxe_flux: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    avec_signature: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    numero_flux_depot: String,
    date_depot: String,
    syntaxe_flux: String,
}

impl Operation for DeposerFlux {
    const PATH: &'static str = "/cpro/factures/v1/deposer/flux";
    const ID: &'static str = "deposerFluxFacture";
    const SUMMARY: &'static str = "Deposits a file of invoices (UBL, CII, Factur-X, or a tar.gz of them), processed afterwards";
    const SUCCESS: &'static str = "GCU_MSG_01_000";
    const MAX_BODY: usize = max_body(TAILLE_MAX_DEPOT);
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "fichierFlux": {"type": "string", "minLength": 1},
                "nomFichier": schema::text(LONGUEUR_MAX_NOM as u32),
                "syntaxeFlux": schema::code(SyntaxeFlux::CODES),
                "avecSignature": schema::boolean(),
                "idUtilisateurCourant": schema::id(),
            }),
            &["fichierFlux", "nomFichier", "syntaxeFlux"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let syntaxe = request.syntaxe_flux.as_deref().unwrap_or_default();
        let syntaxe: SyntaxeFlux = syntaxe.parse().map_err(|_| {
            ApiError::Schema(vec![format!(
                "#/syntaxeFlux: [{syntaxe}] is not an accepted flux syntax. Expected [{}]",
                SyntaxeFlux::CODES.join(", ")
            )])
        })?;
        let contenu = decode("fichierFlux", &request.fichier_flux)?;
        let depot = DepotFlux {
            nom_fichier: request.nom_fichier.unwrap_or_default(),
            syntaxe,
            avec_signature: request.avec_signature.unwrap_or(false),
            contenu,
        };
        let accuse = ctx.app.deposer_flux(ctx.caller()?, depot).await?;
        Ok(Response {
            numero_flux_depot: accuse.numero.to_string(),
            date_depot: accuse.date_depot.to_string(),
            syntaxe_flux: accuse.syntaxe,
        })
    }
}
