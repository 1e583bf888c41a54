use facteur_domain::TypeIdentifiant;
use facteur_domain::espace::CodeEspace;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{Pagination, opt_id, opt_text, structure_ref};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `rechercherEspaces`: the spaces of a structure the caller works in, with its level.
pub struct RechercherEspaces;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StructureCritere {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    identifiant_structure: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    type_identifiant_structure: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    structure: Option<StructureCritere>,
    #[serde(default)]
    parametres_rechercher_espaces: Option<Pagination>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Espace {
    id_espace_fo: i64,
    code_espace: String,
    libelle_espace: &'static str,
    id_service: Option<i64>,
    code_service: Option<String>,
    libelle_service: Option<String>,
    etat_courant: String,
    type_habilitation: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_espace: Vec<Espace>,
    parametres_retour: facteur_domain::pagination::ParametresRetour,
}

impl Operation for RechercherEspaces {
    const PATH: &'static str = "/cpro/structures/v1/rechercher/espaces";
    const ID: &'static str = "rechercherEspaces";
    const SUMMARY: &'static str = "The spaces of a structure the caller works in";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "structure": schema::object(json!({
                    "idStructure": schema::id(),
                    "identifiantStructure": schema::text(100),
                    "typeIdentifiantStructure": schema::code(TypeIdentifiant::CODES),
                }), &[]),
                "idService": schema::id(),
                "parametresRechercherEspaces": Pagination::schema(&["CodeEspace"]),
            }),
            &[],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let caller = ctx.caller()?;
        let criteria = request.structure.unwrap_or_default();
        let reference = structure_ref(
            criteria.id_structure,
            criteria.identifiant_structure,
            criteria.type_identifiant_structure,
            caller,
        );
        let structure = ctx.app.find_structure_ref(&reference).await?.ok_or_else(|| {
            facteur_app::AppError::NotFound("no such structure visible to this account".into())
        })?;
        let espaces = ctx.app.rechercher_espaces(caller, structure.id).await?;
        let page = request.parametres_rechercher_espaces.unwrap_or_default().page();
        let total = espaces.len() as u64;
        let liste_espace = espaces
            .into_iter()
            .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
            .take(page.par_page as usize)
            .map(|e| Espace {
                id_espace_fo: e.espace.id,
                libelle_espace: e.espace.code.parse::<CodeEspace>().map_or("", |c| c.libelle()),
                code_espace: e.espace.code,
                id_service: None,
                code_service: None,
                libelle_service: None,
                etat_courant: e.espace.etat,
                type_habilitation: e.habilitation.map(|h| h.code()),
            })
            .collect();
        Ok(Response { liste_espace, parametres_retour: page.retour(total) })
    }
}
