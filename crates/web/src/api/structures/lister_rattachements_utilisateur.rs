use facteur_app::annuaire::UserRef;
use facteur_domain::TypeIdentifiant;
use facteur_domain::pagination::Page;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{Pagination, date_heure, date_service, opt_id, opt_text, structure_ref};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `listerRattachementsStructureUtilisateur`: a user's attachment to a structure and its
/// services, for the user or the structure's managers.
pub struct ListerRattachementsUtilisateur;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_id")]
    id_utilisateur: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    adresse_email_connexion_utilisateur: Option<String>,
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    identifiant_structure: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    type_identifiant_structure: Option<String>,
    #[serde(default)]
    parametres_lister_rattachements_structure_utilisateur: Option<Pagination>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    id_service: i64,
    code_service: String,
    nom_service: String,
    id_rattachement: i64,
    statut_rattachement: String,
    date_debut: Option<String>,
    date_fin: Option<String>,
    commentaire: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    id_structure: i64,
    identifiant_structure: String,
    designation_structure: String,
    id_rattachement_structure: i64,
    statut_rattachement_structure: String,
    role_utilisateur: String,
    date_rattachement: String,
    premier_service: Option<String>,
    liste_services: Vec<Service>,
    parametres_retour: facteur_domain::pagination::ParametresRetour,
}

impl Operation for ListerRattachementsUtilisateur {
    const PATH: &'static str = "/cpro/structures/v1/lister/rattachementsutilisateur";
    const ID: &'static str = "listerRattachementsStructureUtilisateur";
    const SUMMARY: &'static str = "A user's attachment to a structure and to its services";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "idUtilisateur": schema::id(),
                "adresseEmailConnexionUtilisateur": schema::text(254),
                "idStructure": schema::id(),
                "identifiantStructure": schema::text(100),
                "typeIdentifiantStructure": schema::code(TypeIdentifiant::CODES),
                "parametresListerRattachementsStructureUtilisateur": Pagination::schema(&["CodeService"]),
            }),
            &[],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let caller = ctx.caller()?;
        let user = match (request.id_utilisateur, request.adresse_email_connexion_utilisateur) {
            (Some(id), _) => UserRef::Id(id),
            (None, Some(email)) => UserRef::Email(email),
            (None, None) => UserRef::Id(caller.utilisateur_id),
        };
        let structure = structure_ref(
            request.id_structure,
            request.identifiant_structure,
            request.type_identifiant_structure,
            caller,
        );
        let detail = ctx.app.lister_rattachements_utilisateur(caller, &user, &structure).await?;
        let page: Page = request
            .parametres_lister_rattachements_structure_utilisateur
            .unwrap_or_default()
            .page();
        let total = detail.services.len() as u64;
        let r = detail.rattachement;
        let liste_services: Vec<Service> = detail
            .services
            .into_iter()
            .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
            .take(page.par_page as usize)
            .map(|s| Service {
                id_service: s.service_id,
                code_service: s.code,
                nom_service: s.libelle,
                id_rattachement: s.id,
                statut_rattachement: s.statut,
                date_debut: date_service(s.date_debut),
                date_fin: date_service(s.date_fin),
                commentaire: s.commentaire,
            })
            .collect();
        Ok(Response {
            id_structure: r.structure_id,
            identifiant_structure: r.identifiant,
            designation_structure: r.raison_sociale,
            id_rattachement_structure: r.id,
            statut_rattachement_structure: r.statut,
            role_utilisateur: r.role,
            date_rattachement: date_heure(r.created_at),
            premier_service: liste_services.first().map(|s| s.code_service.clone()),
            liste_services,
            parametres_retour: page.retour(total),
        })
    }
}
