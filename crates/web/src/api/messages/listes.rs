//! `/api/v1/messages/listes…`: a structure's distribution lists, managed by its members.

use facteur_app::messages::listes::MAX_MEMBRES;
use facteur_domain::message::{NOM_LISTE_MAX, NomListe};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{horodatage, ids, invalide, schema_ids};
use crate::api::common::opt_id;
use crate::api::gestion::{Cree, Fait};
use crate::api::{Account, Ctx, Empty, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry
        .add::<Creer>()?
        .add::<Modifier>()?
        .add::<Supprimer>()?
        .add::<Consulter>()?
        .add::<Rechercher>()
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Donnees {
    #[serde(default, deserialize_with = "opt_id")]
    id_structure: Option<i64>,
    #[serde(default)]
    nom: Option<String>,
    #[serde(default, deserialize_with = "ids")]
    membres: Vec<i64>,
}

impl Donnees {
    fn nom(&self) -> Result<NomListe, ApiError> {
        NomListe::parse(self.nom.as_deref().unwrap_or_default()).map_err(invalide)
    }
}

fn schema_donnees() -> Value {
    schema::object(
        json!({
            "idStructure": schema::id(),
            "nom": {"type": "string", "minLength": 1, "maxLength": NOM_LISTE_MAX},
            "membres": schema_ids(MAX_MEMBRES),
        }),
        &["nom"],
    )
}

pub struct Creer;

impl Operation for Creer {
    const PATH: &'static str = "/api/v1/messages/listes";
    const ID: &'static str = "creerListeDiffusion";
    const SUMMARY: &'static str = "Creates a distribution list of structures";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Donnees;
    type Response = Cree;

    fn schema() -> Value {
        schema_donnees()
    }

    async fn handle(ctx: Ctx, d: Donnees) -> Result<Cree, ApiError> {
        let nom = d.nom()?;
        let id = ctx.app.creer_liste(ctx.caller()?, d.id_structure, &nom, &d.membres).await?;
        Ok(Cree { id })
    }
}

pub struct Modifier;

impl Operation for Modifier {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/messages/listes/{idListe}";
    const ID: &'static str = "modifierListeDiffusion";
    const SUMMARY: &'static str = "Renames a distribution list and replaces its members";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Donnees;
    type Response = Fait;

    fn schema() -> Value {
        schema_donnees()
    }

    async fn handle(ctx: Ctx, d: Donnees) -> Result<Fait, ApiError> {
        let nom = d.nom()?;
        ctx.app.modifier_liste(ctx.caller()?, ctx.id("idListe")?, &nom, &d.membres).await?;
        Ok(Fait {})
    }
}

pub struct Supprimer;

impl Operation for Supprimer {
    const VERB: Verb = Verb::Delete;
    const PATH: &'static str = "/api/v1/messages/listes/{idListe}";
    const ID: &'static str = "supprimerListeDiffusion";
    const SUMMARY: &'static str =
        "Deletes a distribution list (and the address-book entries naming it)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Fait;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Fait, ApiError> {
        ctx.app.supprimer_liste(ctx.caller()?, ctx.id("idListe")?).await?;
        Ok(Fait {})
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Membre {
    id_structure: i64,
    designation: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Liste {
    id_liste: i64,
    id_structure: i64,
    nom: String,
    nb_membres: i64,
    date_creation: String,
    date_modification: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    membres: Option<Vec<Membre>>,
}

fn liste(l: facteur_store::ListeRecord, membres: Option<Vec<Membre>>) -> Liste {
    Liste {
        id_liste: l.id,
        id_structure: l.structure_id,
        nom: l.nom,
        nb_membres: l.membres,
        date_creation: horodatage(l.created_at),
        date_modification: horodatage(l.updated_at),
        membres,
    }
}

pub struct Consulter;

impl Operation for Consulter {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/messages/listes/{idListe}";
    const ID: &'static str = "consulterListeDiffusion";
    const SUMMARY: &'static str = "A distribution list with its members";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Liste;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Liste, ApiError> {
        let l = ctx.app.consulter_liste(ctx.caller()?, ctx.id("idListe")?).await?;
        let membres = l
            .membres
            .into_iter()
            .map(|(id_structure, designation)| Membre { id_structure, designation })
            .collect();
        Ok(liste(l.liste, Some(membres)))
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
pub struct Listes {
    listes: Vec<Liste>,
}

pub struct Rechercher;

impl Operation for Rechercher {
    const PATH: &'static str = "/api/v1/messages/listes/rechercher";
    const ID: &'static str = "rechercherListesDiffusion";
    const SUMMARY: &'static str = "A structure's distribution lists";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Structure;
    type Response = Listes;

    fn schema() -> Value {
        schema::object(json!({"idStructure": schema::id()}), &[])
    }

    async fn handle(ctx: Ctx, s: Structure) -> Result<Listes, ApiError> {
        let rows = ctx.app.listes(ctx.caller()?, s.id_structure).await?;
        Ok(Listes { listes: rows.into_iter().map(|l| liste(l, None)).collect() })
    }
}
