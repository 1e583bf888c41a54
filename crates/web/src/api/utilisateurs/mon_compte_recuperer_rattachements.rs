use facteur_domain::pagination::ParametresRetour;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{Pagination, date_service};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `recupererRattachementsMonCompteUtilisateur`: the structures (and services) the caller is
/// attached to.
pub struct MonCompteRecupererRattachements;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    parametres_recherche: Option<Pagination>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRattache {
    id_service: i64,
    code_service: String,
    libelle_service: String,
    est_actif: bool,
    statut_service: &'static str,
    id_rattachement_service: i64,
    statut_rattachement_service: String,
    date_dbt_service: Option<String>,
    date_fin_service: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StructureRattachement {
    id_structure: i64,
    identifiant_structure: String,
    type_identifiant_structure: String,
    designation_structure: String,
    id_rattachement_structure: i64,
    role_utilisateur: String,
    statut_rattachement_structure: String,
    statut_utilisateur: &'static str,
    liste_services_rattache: Vec<ServiceRattache>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_structure_rattachement: Vec<StructureRattachement>,
    parametres_retour: ParametresRetour,
}

impl Operation for MonCompteRecupererRattachements {
    const PATH: &'static str = "/cpro/utilisateurs/v1/monCompte/recuperer/rattachements";
    const ID: &'static str = "recupererRattachementsMonCompteUtilisateur";
    const SUMMARY: &'static str = "The structures and services the caller is attached to";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(json!({"parametresRecherche": Pagination::schema(&["IdStructure"])}), &[])
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let page = request.parametres_recherche.unwrap_or_default().page();
        let (details, parametres_retour) = ctx.app.mes_rattachements(ctx.caller()?, page).await?;
        let liste_structure_rattachement = details
            .into_iter()
            .map(|d| StructureRattachement {
                id_structure: d.rattachement.structure_id,
                identifiant_structure: d.rattachement.identifiant,
                type_identifiant_structure: d.rattachement.type_identifiant,
                designation_structure: d.rattachement.raison_sociale,
                id_rattachement_structure: d.rattachement.id,
                role_utilisateur: d.rattachement.role,
                statut_rattachement_structure: d.rattachement.statut,
                statut_utilisateur: if d.rattachement.utilisateur_actif {
                    "ACTIF"
                } else {
                    "INACTIF"
                },
                liste_services_rattache: d
                    .services
                    .into_iter()
                    .map(|s| ServiceRattache {
                        id_service: s.service_id,
                        code_service: s.code,
                        libelle_service: s.libelle,
                        est_actif: s.actif,
                        statut_service: if s.actif { "ACTIF" } else { "INACTIF" },
                        id_rattachement_service: s.id,
                        statut_rattachement_service: s.statut,
                        date_dbt_service: date_service(s.date_debut),
                        date_fin_service: date_service(s.date_fin),
                    })
                    .collect(),
            })
            .collect();
        Ok(Response { liste_structure_rattachement, parametres_retour })
    }
}
