use facteur_app::annuaire::RechercheStructures;
use facteur_domain::TypeIdentifiant;
use facteur_domain::pagination::ParametresRetour;
use facteur_domain::structure::TypeStructure;
use facteur_store::StructureSort;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{Pagination, opt_bool, opt_text, statut};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `rechercherStructure`: public structures, and the private ones the caller belongs to
/// unless `restreindreStructuresPrivees` is false.
pub struct Rechercher;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Criteres {
    #[serde(default, deserialize_with = "opt_text")]
    identifiant_structure: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    type_identifiant_structure: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    raison_sociale_structure: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    libelle_structure: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    nom_structure: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    adresse_code_postal: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    adresse_ville: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    adresse_code_pays: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    type_structure: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    statut_structure: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    est_moa: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    est_moa_uniquement: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    structure: Option<Criteres>,
    #[serde(default, deserialize_with = "opt_bool")]
    restreindre_structures_privees: Option<bool>,
    #[serde(default)]
    parametres: Option<Pagination>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Structure {
    #[serde(rename = "idStructureCPP")]
    id_structure_cpp: i64,
    identifiant_structure: String,
    type_identifiant_structure: String,
    designation_structure: String,
    statut: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_structures: Vec<Structure>,
    parametres_retour: ParametresRetour,
}

const COLUMNS: &[&str] =
    &["IdentifiantStructure", "DesignationStructure", "TypeIdentifiantStructure", "Statut"];

impl Operation for Rechercher {
    const PATH: &'static str = "/cpro/structures/v1/rechercher";
    const ID: &'static str = "rechercherStructure";
    const SUMMARY: &'static str = "Searches structures by identifier, name, address or type";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        let text = schema::text(100);
        schema::object(
            json!({
                "structure": schema::object(json!({
                    "identifiantStructure": text,
                    "typeIdentifiantStructure": schema::code(TypeIdentifiant::CODES),
                    "raisonSocialeStructure": text,
                    "libelleStructure": text,
                    "nomStructure": text,
                    "prenomStructure": text,
                    "adresseCodePostal": schema::text(10),
                    "adresseVille": text,
                    "adresseCodePays": schema::text(2),
                    "typeStructure": schema::code(TypeStructure::CODES),
                    "statutStructure": schema::code(&["ACTIF", "INACTIF"]),
                    "estMOA": schema::boolean(),
                    "estMOAUniquement": schema::boolean(),
                }), &[]),
                "restreindreStructuresPrivees": schema::boolean(),
                "parametres": Pagination::schema(COLUMNS),
            }),
            &[],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let c = request.structure.unwrap_or_default();
        let pagination = request.parametres.unwrap_or_default();
        let tri = match pagination.tri_colonne.as_deref() {
            Some("IdentifiantStructure") => StructureSort::Identifiant,
            Some("TypeIdentifiantStructure") => StructureSort::TypeIdentifiant,
            Some("Statut") => StructureSort::Statut,
            _ => StructureSort::Designation,
        };
        let criteria = RechercheStructures {
            type_identifiant: c.type_identifiant_structure.and_then(|t| t.parse().ok()),
            identifiant: c.identifiant_structure,
            designation: c.raison_sociale_structure.or(c.libelle_structure).or(c.nom_structure),
            code_postal: c.adresse_code_postal,
            ville: c.adresse_ville,
            code_pays: c.adresse_code_pays,
            type_structure: c.type_structure.and_then(|t| t.parse().ok()),
            actif: c.statut_structure.map(|s| s == "ACTIF"),
            est_moa: c.est_moa,
            est_moa_uniquement: c.est_moa_uniquement,
            restreindre_structures_privees: request.restreindre_structures_privees.unwrap_or(true),
            tri,
            page: pagination.page(),
        };
        let (rows, parametres_retour) =
            ctx.app.rechercher_structures(ctx.caller()?, &criteria).await?;
        let liste_structures = rows
            .into_iter()
            .map(|s| Structure {
                id_structure_cpp: s.id,
                identifiant_structure: s.identifiant,
                type_identifiant_structure: s.type_identifiant,
                designation_structure: s.raison_sociale,
                statut: statut(s.actif),
            })
            .collect();
        Ok(Response { liste_structures, parametres_retour })
    }
}
