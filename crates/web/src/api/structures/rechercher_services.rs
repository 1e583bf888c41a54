use facteur_app::annuaire::RechercheServices;
use facteur_domain::pagination::ParametresRetour;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{Pagination, date_service as date, opt_id};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `rechercherServicesStructure`: the services of a public structure or of one's own.
pub struct RechercherServices;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    #[serde(default)]
    parametres_rechercher_services_structure: Option<Pagination>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    id_service: i64,
    code_service: String,
    libelle_service: String,
    est_actif: bool,
    statut_service: &'static str,
    date_dbt_service: Option<String>,
    date_fin_service: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_services: Vec<Service>,
    parametres_retour: ParametresRetour,
}

const COLUMNS: &[&str] =
    &["CodeService", "LibelleService", "DateDbtService", "DateFinService", "EstActif"];

impl Operation for RechercherServices {
    const PATH: &'static str = "/cpro/structures/v1/rechercher/services";
    const ID: &'static str = "rechercherServicesStructure";
    const SUMMARY: &'static str = "The services of a structure";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "idStructure": schema::id(),
                "parametresRechercherServicesStructure": Pagination::schema(COLUMNS),
            }),
            &["idStructure"],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let structure = request.id_structure.unwrap_or_default();
        let pagination = request.parametres_rechercher_services_structure.unwrap_or_default();
        let tri = match pagination.tri_colonne.as_deref() {
            Some("LibelleService") => "libelle",
            Some("DateDbtService") => "date_debut",
            Some("DateFinService") => "date_fin",
            Some("EstActif") => "actif",
            _ => "code",
        };
        let criteria = RechercheServices { tri, page: pagination.page(), ..Default::default() };
        let (rows, parametres_retour) =
            ctx.app.rechercher_services(ctx.caller()?, structure, &criteria).await?;
        let liste_services = rows
            .into_iter()
            .map(|s| Service {
                id_service: s.id,
                code_service: s.code,
                libelle_service: s.libelle,
                est_actif: s.actif,
                statut_service: if s.actif { "ACTIF" } else { "INACTIF" },
                date_dbt_service: date(s.date_debut),
                date_fin_service: date(s.date_fin),
            })
            .collect();
        Ok(Response { liste_services, parametres_retour })
    }
}
