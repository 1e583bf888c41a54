use facteur_domain::pagination::ParametresRetour;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::common::{Pagination, opt_text};
use crate::api::{Ctx, Operation};
use crate::error::ApiError;
use crate::gateway::schema;

/// `rechercherDestinataire`: the public structures one can invoice.
pub struct RechercherDestinataire;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default, deserialize_with = "opt_text")]
    identifiant: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    nom_ville_code_postal: Option<String>,
    #[serde(default)]
    parametres_recherche: Option<Pagination>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Destinataire {
    #[serde(rename = "idStructureCPP")]
    id_structure_cpp: i64,
    siret: String,
    nom_destinataire: String,
    adresse_code_postal: String,
    adresse_ville: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    liste_destinataires: Vec<Destinataire>,
    parametres_retour: ParametresRetour,
}

impl Operation for RechercherDestinataire {
    const PATH: &'static str = "/cpro/transverses/v1/rechercher/destinataire";
    const ID: &'static str = "rechercherDestinataire";
    const SUMMARY: &'static str = "Searches public recipients by identifier, name or postcode";
    type Request = Request;
    type Response = Response;

    fn schema() -> Value {
        schema::object(
            json!({
                "identifiant": schema::text(100),
                "nomVilleCodePostal": schema::text(100),
                "typeStructure": schema::code(&["PUBLIQUE"]),
                "parametresRecherche": Pagination::schema(&["Identifiant", "NomDestinataire"]),
            }),
            &[],
        )
    }

    async fn handle(ctx: Ctx, request: Request) -> Result<Response, ApiError> {
        let page = request.parametres_recherche.unwrap_or_default().page();
        let (rows, parametres_retour) = ctx
            .app
            .rechercher_destinataires(
                request.identifiant.as_deref(),
                request.nom_ville_code_postal.as_deref(),
                page,
            )
            .await?;
        let liste_destinataires = rows
            .into_iter()
            .map(|s| Destinataire {
                id_structure_cpp: s.id,
                siret: s.identifiant,
                nom_destinataire: s.raison_sociale,
                adresse_code_postal: s.code_postal,
                adresse_ville: s.ville,
            })
            .collect();
        Ok(Response { liste_destinataires, parametres_retour })
    }
}
