//! `/api/v1/messages/carnet…`: a structure's address book, holding structures and its own
//! distribution lists.

use facteur_app::messages::NouvelleEntree;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::horodatage;
use crate::api::common::opt_id;
use crate::api::gestion::{Cree, Fait};
use crate::api::{Account, Ctx, Empty, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<Ajouter>()?.add::<Retirer>()?.add::<Rechercher>()
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entree {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    /// A structure to write to…
    #[serde(default, deserialize_with = "opt_id")]
    id_destinataire: Option<i64>,
    /// …or one of the structure's lists.
    #[serde(default, deserialize_with = "opt_id")]
    id_liste: Option<i64>,
}

pub struct Ajouter;

impl Operation for Ajouter {
    const PATH: &'static str = "/api/v1/messages/carnet";
    const ID: &'static str = "ajouterAuCarnetAdresses";
    const SUMMARY: &'static str = "Adds a structure (idDestinataire) or one of the structure's lists (idListe) to its address book";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Entree;
    type Response = Cree;

    fn schema() -> Value {
        schema::object(
            json!({"idStructure": schema::id(), "idDestinataire": schema::id(), "idListe": schema::id()}),
            &[],
        )
    }

    async fn handle(ctx: Ctx, e: Entree) -> Result<Cree, ApiError> {
        let entree = match (e.id_destinataire, e.id_liste) {
            (Some(d), None) => NouvelleEntree::Structure(d),
            (None, Some(l)) => NouvelleEntree::Liste(l),
            (d, l) => {
                let shown = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
                return Err(facteur_app::AppError::invalid(format!(
                    "idDestinataire, idListe: [{}], [{}]. Expected [exactly one of the two]",
                    shown(d),
                    shown(l)
                ))
                .into());
            }
        };
        Ok(Cree { id: ctx.app.ajouter_au_carnet(ctx.caller()?, e.id_structure, entree).await? })
    }
}

pub struct Retirer;

impl Operation for Retirer {
    const VERB: Verb = Verb::Delete;
    const PATH: &'static str = "/api/v1/messages/carnet/{idEntree}";
    const ID: &'static str = "retirerDuCarnetAdresses";
    const SUMMARY: &'static str = "Removes an entry from an address book";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Fait;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Fait, ApiError> {
        ctx.app.retirer_du_carnet(ctx.caller()?, ctx.id("idEntree")?).await?;
        Ok(Fait {})
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Structure {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntreeCarnet {
    id_entree: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_destinataire: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_liste: Option<i64>,
    designation: String,
    date_ajout: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Carnet {
    entrees: Vec<EntreeCarnet>,
}

pub struct Rechercher;

impl Operation for Rechercher {
    const PATH: &'static str = "/api/v1/messages/carnet/rechercher";
    const ID: &'static str = "rechercherCarnetAdresses";
    const SUMMARY: &'static str = "A structure's address book";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Structure;
    type Response = Carnet;

    fn schema() -> Value {
        schema::object(json!({"idStructure": schema::id()}), &[])
    }

    async fn handle(ctx: Ctx, s: Structure) -> Result<Carnet, ApiError> {
        let rows = ctx.app.carnet(ctx.caller()?, s.id_structure).await?;
        Ok(Carnet {
            entrees: rows
                .into_iter()
                .map(|e| EntreeCarnet {
                    id_entree: e.id,
                    id_destinataire: e.destinataire_id,
                    id_liste: e.liste_id,
                    designation: e.nom,
                    date_ajout: horodatage(e.created_at),
                })
                .collect(),
        })
    }
}
