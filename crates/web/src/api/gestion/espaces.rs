//! Spaces and subscriptions: managers open and close a structure's spaces; members ask
//! for subscriptions, which managers validate or refuse.

use facteur_domain::espace::{CodeEspace, TypeHabilitation};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Cree, Fait};
use crate::api::common::date_heure;
use crate::api::{Account, Ctx, Empty, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry
        .add::<MesEspaces>()?
        .add::<Ajouter>()?
        .add::<Supprimer>()?
        .add::<DemanderAbonnement>()?
        .add::<TraiterAbonnement>()?
        .add::<SupprimerAbonnement>()?
        .add::<AbonnementsEnAttente>()
}

fn code_espace(code: &str) -> Result<CodeEspace, ApiError> {
    code.parse().map_err(|e: facteur_domain::code::UnknownCode| {
        ApiError::Schema(vec![format!("#/codeEspace: {e}")])
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EspaceVisible {
    id_espace: i64,
    code_espace: String,
    libelle_espace: &'static str,
    type_habilitation: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListeEspaces {
    liste_espaces: Vec<EspaceVisible>,
}

/// The spaces of a structure the caller works in, with its level in each.
pub struct MesEspaces;

impl Operation for MesEspaces {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/espaces";
    const ID: &'static str = "rechercherMesEspaces";
    const SUMMARY: &'static str = "The spaces of a structure the caller works in, with its level";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = ListeEspaces;

    async fn handle(ctx: Ctx, _: Empty) -> Result<ListeEspaces, ApiError> {
        let espaces = ctx.app.rechercher_espaces(ctx.caller()?, ctx.id("idStructure")?).await?;
        let liste_espaces = espaces
            .into_iter()
            .map(|e| EspaceVisible {
                id_espace: e.espace.id,
                libelle_espace: e.espace.code.parse::<CodeEspace>().map_or("", |c| c.libelle()),
                code_espace: e.espace.code,
                type_habilitation: e.habilitation.map(|h| h.code()),
            })
            .collect();
        Ok(ListeEspaces { liste_espaces })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Espace {
    #[serde(default)]
    code_espace: String,
}

/// `ajouterEspace`.
pub struct Ajouter;

impl Operation for Ajouter {
    const PATH: &'static str = "/api/v1/structures/{idStructure}/espaces";
    const ID: &'static str = "ajouterEspace";
    const SUMMARY: &'static str = "Opens a space of a structure (its managers)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Espace;
    type Response = Cree;

    fn schema() -> Value {
        let mut code = schema::code(CodeEspace::CODES);
        code["type"] = json!("string");
        schema::object(json!({"codeEspace": code}), &["codeEspace"])
    }

    async fn handle(ctx: Ctx, request: Espace) -> Result<Cree, ApiError> {
        let code = code_espace(&request.code_espace)?;
        Ok(Cree { id: ctx.app.ajouter_espace(ctx.caller()?, ctx.id("idStructure")?, code).await? })
    }
}

/// `supprimerEspace`.
pub struct Supprimer;

impl Operation for Supprimer {
    const VERB: Verb = Verb::Delete;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/espaces/{codeEspace}";
    const ID: &'static str = "supprimerEspace";
    const SUMMARY: &'static str = "Closes a space; its subscriptions end";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Fait;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Fait, ApiError> {
        let code = code_espace(ctx.param("codeEspace")?)?;
        ctx.app.supprimer_espace(ctx.caller()?, ctx.id("idStructure")?, code).await?;
        Ok(Fait {})
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Habilitation {
    #[serde(default)]
    type_habilitation: String,
}

/// `demanderAbonnementsMonCompteUtilisateur`.
pub struct DemanderAbonnement;

impl Operation for DemanderAbonnement {
    const PATH: &'static str = "/api/v1/espaces/{idEspace}/abonnements";
    const ID: &'static str = "demanderAbonnement";
    const SUMMARY: &'static str = "Asks for a subscription to a space of one's structure";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Habilitation;
    type Response = Cree;

    fn schema() -> Value {
        let mut level = schema::code(TypeHabilitation::CODES);
        level["type"] = json!("string");
        schema::object(json!({"typeHabilitation": level}), &["typeHabilitation"])
    }

    async fn handle(ctx: Ctx, request: Habilitation) -> Result<Cree, ApiError> {
        let level =
            request.type_habilitation.parse().map_err(|e: facteur_domain::code::UnknownCode| {
                ApiError::Schema(vec![format!("#/typeHabilitation: {e}")])
            })?;
        Ok(Cree {
            id: ctx.app.demander_abonnement(ctx.caller()?, ctx.id("idEspace")?, level).await?,
        })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    #[serde(default)]
    valider: bool,
}

/// `validerDemandesAbonnementParGestionnaire` / `refuserDemandeAbonnementParGestionnaire`.
pub struct TraiterAbonnement;

impl Operation for TraiterAbonnement {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/abonnements/{idAbonnement}/validation";
    const ID: &'static str = "traiterDemandeAbonnement";
    const SUMMARY: &'static str = "Validates (valider: true) or refuses a subscription request";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Decision;
    type Response = Fait;

    fn schema() -> Value {
        schema::object(json!({"valider": {"type": "boolean"}}), &["valider"])
    }

    async fn handle(ctx: Ctx, request: Decision) -> Result<Fait, ApiError> {
        ctx.app.traiter_abonnement(ctx.caller()?, ctx.id("idAbonnement")?, request.valider).await?;
        Ok(Fait {})
    }
}

/// `supprimerAbonnementMonCompteUtilisateur`.
pub struct SupprimerAbonnement;

impl Operation for SupprimerAbonnement {
    const VERB: Verb = Verb::Delete;
    const PATH: &'static str = "/api/v1/abonnements/{idAbonnement}";
    const ID: &'static str = "supprimerAbonnement";
    const SUMMARY: &'static str = "Ends a subscription (the subscriber or a manager)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Fait;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Fait, ApiError> {
        ctx.app.supprimer_abonnement(ctx.caller()?, ctx.id("idAbonnement")?).await?;
        Ok(Fait {})
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Abonnement {
    id_abonnement: i64,
    id_utilisateur: i64,
    email: String,
    id_espace: i64,
    code_espace: String,
    type_habilitation: String,
    statut: String,
    date_demande: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListeAbonnements {
    liste_abonnements: Vec<Abonnement>,
}

/// `rechercherDemandesAbonnementEnAttenteParGestionnaire`.
pub struct AbonnementsEnAttente;

impl Operation for AbonnementsEnAttente {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/abonnements/en-attente";
    const ID: &'static str = "rechercherDemandesAbonnementEnAttenteParGestionnaire";
    const SUMMARY: &'static str = "The subscription requests awaiting the structure's managers";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = ListeAbonnements;

    async fn handle(ctx: Ctx, _: Empty) -> Result<ListeAbonnements, ApiError> {
        let pending = ctx.app.abonnements_en_attente(ctx.caller()?, ctx.id("idStructure")?).await?;
        let liste_abonnements = pending
            .into_iter()
            .map(|a| Abonnement {
                id_abonnement: a.id,
                id_utilisateur: a.utilisateur_id,
                email: a.email,
                id_espace: a.espace_id,
                code_espace: a.code_espace,
                type_habilitation: a.habilitation,
                statut: a.statut,
                date_demande: date_heure(a.created_at),
            })
            .collect();
        Ok(ListeAbonnements { liste_abonnements })
    }
}
