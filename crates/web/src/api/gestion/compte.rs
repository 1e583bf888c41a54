//! `/api/v1/moncompte…` (a person's own account) and `/api/v1/gestionnaire/…` (what a
//! manager sees across the structures it manages), with the technical password's renewal.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Fait;
use super::rattachements::{ListeRattachements, liste};
use crate::api::common::{date_heure, opt_text};
use crate::api::{Account, Ctx, Empty, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry
        .add::<MonCompte>()?
        .add::<QuitterStructure>()?
        .add::<MesAbonnements>()?
        .add::<StructuresGerees>()?
        .add::<UtilisateursGeres>()?
        .add::<ModifierUtilisateur>()?
        .add::<RenouvelerMotDePasseTechnique>()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Compte {
    id_utilisateur: i64,
    email: String,
    nom: String,
    prenom: String,
    telephone: String,
    statut_utilisateur: &'static str,
    compte_technique: bool,
    operateur: bool,
    date_creation: String,
}

/// `consulterCompteUtilisateur`.
pub struct MonCompte;

impl Operation for MonCompte {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/moncompte";
    const ID: &'static str = "consulterCompteUtilisateur";
    const SUMMARY: &'static str = "The caller's account";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Compte;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Compte, ApiError> {
        let u = ctx.app.mon_compte(ctx.caller()?).await?;
        Ok(Compte {
            id_utilisateur: u.id,
            email: u.email,
            nom: u.nom,
            prenom: u.prenom,
            telephone: u.telephone,
            statut_utilisateur: if u.actif { "ACTIF" } else { "INACTIF" },
            compte_technique: u.technique,
            operateur: u.operateur,
            date_creation: date_heure(u.created_at),
        })
    }
}

/// `supprimerRattachStructureMonCompteUtilisateur`.
pub struct QuitterStructure;

impl Operation for QuitterStructure {
    const VERB: Verb = Verb::Delete;
    const PATH: &'static str = "/api/v1/moncompte/rattachements/{idRattachement}";
    const ID: &'static str = "supprimerRattachStructureMonCompteUtilisateur";
    const SUMMARY: &'static str = "The caller leaves a structure";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Fait;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Fait, ApiError> {
        ctx.app.quitter_structure(ctx.caller()?, ctx.id("idRattachement")?).await?;
        Ok(Fait {})
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Abonnement {
    id_abonnement: i64,
    id_structure: i64,
    id_espace: i64,
    code_espace: String,
    etat_espace: String,
    type_habilitation: String,
    statut: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListeAbonnements {
    liste_abonnements: Vec<Abonnement>,
}

/// `recupererAbonnementsMonCompteUtilisateur`.
pub struct MesAbonnements;

impl Operation for MesAbonnements {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/moncompte/abonnements";
    const ID: &'static str = "recupererAbonnementsMonCompteUtilisateur";
    const SUMMARY: &'static str = "The caller's subscriptions to spaces";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = ListeAbonnements;

    async fn handle(ctx: Ctx, _: Empty) -> Result<ListeAbonnements, ApiError> {
        let liste_abonnements = ctx
            .app
            .mes_abonnements(ctx.caller()?)
            .await?
            .into_iter()
            .map(|a| Abonnement {
                id_abonnement: a.id,
                id_structure: a.structure_id,
                id_espace: a.espace_id,
                code_espace: a.code_espace,
                etat_espace: a.etat_espace,
                type_habilitation: a.habilitation,
                statut: a.statut,
            })
            .collect();
        Ok(ListeAbonnements { liste_abonnements })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StructureGeree {
    id_structure: i64,
    identifiant_structure: String,
    type_identifiant_structure: String,
    designation_structure: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListeStructures {
    liste_structures: Vec<StructureGeree>,
}

/// `recupererStructuresGereesParGestionnaire`.
pub struct StructuresGerees;

impl Operation for StructuresGerees {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/gestionnaire/structures";
    const ID: &'static str = "recupererStructuresGereesParGestionnaire";
    const SUMMARY: &'static str = "The structures the caller manages";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = ListeStructures;

    async fn handle(ctx: Ctx, _: Empty) -> Result<ListeStructures, ApiError> {
        let liste_structures = ctx
            .app
            .structures_gerees(ctx.caller()?)
            .await?
            .into_iter()
            .map(|s| StructureGeree {
                id_structure: s.id,
                identifiant_structure: s.identifiant,
                type_identifiant_structure: s.type_identifiant,
                designation_structure: s.raison_sociale,
            })
            .collect();
        Ok(ListeStructures { liste_structures })
    }
}

/// `rechercherUtilisateursGeresParGestionnaire`.
pub struct UtilisateursGeres;

impl Operation for UtilisateursGeres {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/gestionnaire/utilisateurs";
    const ID: &'static str = "rechercherUtilisateursGeresParGestionnaire";
    const SUMMARY: &'static str = "The users of every structure the caller manages";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = ListeRattachements;

    async fn handle(ctx: Ctx, _: Empty) -> Result<ListeRattachements, ApiError> {
        let records = ctx.app.utilisateurs_geres(ctx.caller()?).await?;
        liste(&ctx, records).await
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profil {
    #[serde(default, deserialize_with = "opt_text")]
    nom: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    prenom: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    telephone: Option<String>,
}

/// `modifierUtilisateurParGestionnaire`.
pub struct ModifierUtilisateur;

impl Operation for ModifierUtilisateur {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/utilisateurs/{idUtilisateur}";
    const ID: &'static str = "modifierUtilisateurParGestionnaire";
    const SUMMARY: &'static str = "Changes a user's names and phone (the user, their managers)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Profil;
    type Response = Fait;

    fn schema() -> Value {
        schema::object(
            json!({"nom": schema::text(100), "prenom": schema::text(100), "telephone": schema::text(30)}),
            &[],
        )
    }

    async fn handle(ctx: Ctx, p: Profil) -> Result<Fait, ApiError> {
        ctx.app
            .modifier_utilisateur(
                ctx.caller()?,
                ctx.id("idUtilisateur")?,
                p.nom.as_deref().unwrap_or_default(),
                p.prenom.as_deref().unwrap_or_default(),
                p.telephone.as_deref().unwrap_or_default(),
            )
            .await?;
        Ok(Fait {})
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MotDePasse {
    login: String,
    mot_de_passe: String,
}

/// The principal manager renews the structure's technical password (shown once).
pub struct RenouvelerMotDePasseTechnique;

impl Operation for RenouvelerMotDePasseTechnique {
    const PATH: &'static str = "/api/v1/structures/{idStructure}/compte-technique/mot-de-passe";
    const ID: &'static str = "renouvelerMotDePasseCompteTechnique";
    const SUMMARY: &'static str =
        "A new password for the structure's technical account (principal manager)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = MotDePasse;

    async fn handle(ctx: Ctx, _: Empty) -> Result<MotDePasse, ApiError> {
        let credentials = ctx
            .app
            .renouveler_mot_de_passe_technique(ctx.caller()?, ctx.id("idStructure")?)
            .await?;
        Ok(MotDePasse { login: credentials.login, mot_de_passe: credentials.secret })
    }
}
