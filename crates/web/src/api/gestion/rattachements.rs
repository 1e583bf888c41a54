//! Attachments: a user asks to join a structure; its managers list, validate, refuse,
//! deactivate, delete attachments, change roles and attach users to services.

use facteur_domain::utilisateur::{Role, StatutRattachement};
use facteur_store::RattachementRecord;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Cree, Fait};
use crate::api::common::{date_heure, opt_id, opt_text};
use crate::api::{Account, Ctx, Empty, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry
        .add::<Demander>()?
        .add::<Lister>()?
        .add::<EnAttente>()?
        .add::<Valides>()?
        .add::<Statuts>()?
        .add::<ChangerStatut>()?
        .add::<ChangerRole>()?
        .add::<RattacherService>()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rattachement {
    id_rattachement: i64,
    id_utilisateur: i64,
    email: String,
    nom: String,
    prenom: String,
    role_utilisateur: String,
    statut_rattachement: String,
    commentaire: String,
    date_demande: String,
    /// The services asked for or granted (`recupererServicesPourDemandeRattachEnAttente`).
    liste_services: Vec<ServiceRattache>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRattache {
    id_service: i64,
    code_service: String,
    statut_rattachement: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListeRattachements {
    liste_rattachements: Vec<Rattachement>,
}

/// The attachments with, for each, its services.
pub async fn liste(
    ctx: &Ctx,
    records: Vec<RattachementRecord>,
) -> Result<ListeRattachements, ApiError> {
    let mut liste_rattachements = Vec::with_capacity(records.len());
    for r in records {
        let services = ctx
            .app
            .store()
            .rattachements_services(r.utilisateur_id, r.structure_id)
            .await
            .map_err(facteur_app::AppError::from)?;
        liste_rattachements.push(Rattachement {
            id_rattachement: r.id,
            id_utilisateur: r.utilisateur_id,
            email: r.email,
            nom: r.nom,
            prenom: r.prenom,
            role_utilisateur: r.role,
            statut_rattachement: r.statut,
            commentaire: r.commentaire,
            date_demande: date_heure(r.created_at),
            liste_services: services
                .into_iter()
                .map(|s| ServiceRattache {
                    id_service: s.service_id,
                    code_service: s.code,
                    statut_rattachement: s.statut,
                })
                .collect(),
        });
    }
    Ok(ListeRattachements { liste_rattachements })
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Demande {
    #[serde(default)]
    id_services: Vec<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    commentaire: Option<String>,
}

/// The caller asks to be attached to a structure (and to some of its services).
pub struct Demander;

impl Operation for Demander {
    const PATH: &'static str = "/api/v1/structures/{idStructure}/rattachements";
    const ID: &'static str = "demanderRattachement";
    const SUMMARY: &'static str = "Asks for the caller's attachment to a structure";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Demande;
    type Response = Cree;

    fn schema() -> Value {
        schema::object(
            json!({
                "idServices": {"type": ["array", "null"], "items": {"type": "integer", "minimum": 1}, "maxItems": 100},
                "commentaire": schema::text(2000),
            }),
            &[],
        )
    }

    async fn handle(ctx: Ctx, request: Demande) -> Result<Cree, ApiError> {
        let id = ctx
            .app
            .demander_rattachement(
                ctx.caller()?,
                ctx.id("idStructure")?,
                &request.id_services,
                request.commentaire.as_deref().unwrap_or_default(),
            )
            .await?;
        Ok(Cree { id })
    }
}

/// `rechercherUtilisateursRattachesStructure`: every attachment of a structure.
pub struct Lister;

impl Operation for Lister {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/rattachements";
    const ID: &'static str = "rechercherUtilisateursRattachesStructure";
    const SUMMARY: &'static str = "The users attached to a structure (its managers)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = ListeRattachements;

    async fn handle(ctx: Ctx, _: Empty) -> Result<ListeRattachements, ApiError> {
        let records =
            ctx.app.rattachements_de_structure(ctx.caller()?, ctx.id("idStructure")?, None).await?;
        liste(&ctx, records).await
    }
}

/// `rechercherDemandesRattachEnAttenteParGestionnaire`: the requests awaiting a manager.
pub struct EnAttente;

impl Operation for EnAttente {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/rattachements/en-attente";
    const ID: &'static str = "rechercherDemandesRattachEnAttenteParGestionnaire";
    const SUMMARY: &'static str = "The attachment requests awaiting the structure's managers";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = ListeRattachements;

    async fn handle(ctx: Ctx, _: Empty) -> Result<ListeRattachements, ApiError> {
        let pending = Some(StatutRattachement::EnCoursDeValidation);
        let records = ctx
            .app
            .rattachements_de_structure(ctx.caller()?, ctx.id("idStructure")?, pending)
            .await?;
        liste(&ctx, records).await
    }
}

/// `rechercherUtilisateursValides`: the validated users of a structure.
pub struct Valides;

impl Operation for Valides {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/rattachements/valides";
    const ID: &'static str = "rechercherUtilisateursValides";
    const SUMMARY: &'static str = "The validated users of a structure (its managers)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = ListeRattachements;

    async fn handle(ctx: Ctx, _: Empty) -> Result<ListeRattachements, ApiError> {
        let validated = Some(StatutRattachement::Validee);
        let records = ctx
            .app
            .rattachements_de_structure(ctx.caller()?, ctx.id("idStructure")?, validated)
            .await?;
        liste(&ctx, records).await
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListeStatuts {
    liste_statuts: Vec<&'static str>,
    liste_roles: Vec<&'static str>,
}

/// `recupererStatutsUtilisateur`: the statuses an attachment goes through, and the roles.
pub struct Statuts;

impl Operation for Statuts {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/referentiel/statuts-rattachement";
    const ID: &'static str = "recupererStatutsUtilisateur";
    const SUMMARY: &'static str = "The statuses of an attachment and the roles of a user";
    const ACCOUNT: Account = Account::None;
    type Request = Empty;
    type Response = ListeStatuts;

    async fn handle(_: Ctx, _: Empty) -> Result<ListeStatuts, ApiError> {
        Ok(ListeStatuts {
            liste_statuts: StatutRattachement::CODES.to_vec(),
            liste_roles: Role::CODES.to_vec(),
        })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NouveauStatut {
    #[serde(default)]
    statut: String,
}

/// Validates, refuses, deactivates, reactivates or deletes an attachment.
pub struct ChangerStatut;

impl Operation for ChangerStatut {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/rattachements/{idRattachement}/statut";
    const ID: &'static str = "changerStatutRattachement";
    const SUMMARY: &'static str =
        "Validates, refuses, deactivates, reactivates or deletes an attachment";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = NouveauStatut;
    type Response = Fait;

    fn schema() -> Value {
        let mut statut = schema::code(StatutRattachement::CODES);
        statut["type"] = json!("string");
        schema::object(json!({"statut": statut}), &["statut"])
    }

    async fn handle(ctx: Ctx, request: NouveauStatut) -> Result<Fait, ApiError> {
        let statut = request.statut.parse().map_err(|e: facteur_domain::code::UnknownCode| {
            ApiError::Schema(vec![format!("#/statut: {e}")])
        })?;
        ctx.app
            .changer_statut_rattachement(ctx.caller()?, ctx.id("idRattachement")?, statut)
            .await?;
        Ok(Fait {})
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NouveauRole {
    #[serde(default)]
    role: String,
}

/// Makes a user a secondary manager or a simple user.
pub struct ChangerRole;

impl Operation for ChangerRole {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/rattachements/{idRattachement}/role";
    const ID: &'static str = "changerRoleUtilisateur";
    const SUMMARY: &'static str = "Makes a user a secondary manager or a simple user";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = NouveauRole;
    type Response = Fait;

    fn schema() -> Value {
        let mut role = schema::code(Role::CODES);
        role["type"] = json!("string");
        schema::object(json!({"role": role}), &["role"])
    }

    async fn handle(ctx: Ctx, request: NouveauRole) -> Result<Fait, ApiError> {
        let role = request.role.parse().map_err(|e: facteur_domain::code::UnknownCode| {
            ApiError::Schema(vec![format!("#/role: {e}")])
        })?;
        ctx.app.changer_role(ctx.caller()?, ctx.id("idRattachement")?, role).await?;
        Ok(Fait {})
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    #[serde(default, deserialize_with = "opt_id")]
    id_service: Option<i64>,
}

/// Attaches a member of the structure to one of its services.
pub struct RattacherService;

impl Operation for RattacherService {
    const PATH: &'static str = "/api/v1/rattachements/{idRattachement}/services";
    const ID: &'static str = "rattacherService";
    const SUMMARY: &'static str = "Attaches a member of the structure to one of its services";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Service;
    type Response = Fait;

    fn schema() -> Value {
        schema::object(json!({"idService": schema::id()}), &["idService"])
    }

    async fn handle(ctx: Ctx, request: Service) -> Result<Fait, ApiError> {
        let service = request.id_service.unwrap_or_default();
        ctx.app.rattacher_service(ctx.caller()?, ctx.id("idRattachement")?, service).await?;
        Ok(Fait {})
    }
}
