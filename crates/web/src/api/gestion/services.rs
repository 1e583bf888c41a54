//! `/api/v1/structures/{idStructure}/services…`: a structure's managers create, change and
//! delete its services, and see who is attached to each.

use chrono::NaiveDate;
use facteur_app::annuaire::{Adresse, ServiceData};
use facteur_domain::service::CodeService;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{Cree, Fait};
use crate::api::common::{jour, opt_bool, opt_text};
use crate::api::{Account, Ctx, Empty, Operation, Registry, Verb};
use crate::error::ApiError;
use crate::gateway::schema;

pub fn register(registry: Registry) -> Result<Registry, String> {
    registry.add::<Creer>()?.add::<Modifier>()?.add::<Supprimer>()?.add::<Utilisateurs>()
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Donnees {
    #[serde(default)]
    code_service: String,
    #[serde(default)]
    libelle_service: String,
    #[serde(default, deserialize_with = "opt_text")]
    description_service: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    adresse: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    code_postal: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    ville: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    code_pays: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    date_debut: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    date_fin: Option<String>,
    #[serde(default, deserialize_with = "opt_bool")]
    est_actif: Option<bool>,
    #[serde(default, deserialize_with = "opt_bool")]
    numero_engagement: Option<bool>,
}

fn schema_donnees(required: &[&str]) -> Value {
    schema::object(
        json!({
            "codeService": schema::text(100),
            "libelleService": schema::text(255),
            "descriptionService": schema::text(2000),
            "adresse": schema::text(255),
            "codePostal": schema::text(10),
            "ville": schema::text(255),
            "codePays": schema::text(2),
            "dateDebut": schema::date(),
            "dateFin": schema::date(),
            "estActif": schema::boolean(),
            "numeroEngagement": schema::boolean(),
        }),
        required,
    )
}

fn date(text: Option<String>) -> Option<NaiveDate> {
    text.as_deref().and_then(jour)
}

impl Donnees {
    fn parse(self, code: Option<String>) -> Result<ServiceData, ApiError> {
        let code = code.unwrap_or(self.code_service);
        let code = CodeService::parse(&code).map_err(|e| {
            ApiError::from(facteur_app::AppError::invalid(format!("codeService: {e}")))
        })?;
        Ok(ServiceData {
            code,
            libelle: self.libelle_service,
            description: self.description_service.unwrap_or_default(),
            adresse: Adresse {
                adresse: self.adresse.unwrap_or_default(),
                code_postal: self.code_postal.unwrap_or_default(),
                ville: self.ville.unwrap_or_default(),
                code_pays: self.code_pays.unwrap_or_else(|| "FR".into()),
                ..Adresse::default()
            },
            date_debut: date(self.date_debut),
            date_fin: date(self.date_fin),
            actif: self.est_actif.unwrap_or(true),
            numero_engagement_requis: self.numero_engagement.unwrap_or(false),
        })
    }
}

pub struct Creer;

impl Operation for Creer {
    const PATH: &'static str = "/api/v1/structures/{idStructure}/services";
    const ID: &'static str = "creerService";
    const SUMMARY: &'static str = "Creates a service of a structure (its managers)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Donnees;
    type Response = Cree;

    fn schema() -> Value {
        schema_donnees(&["codeService", "libelleService"])
    }

    async fn handle(ctx: Ctx, request: Donnees) -> Result<Cree, ApiError> {
        let data = request.parse(None)?;
        Ok(Cree { id: ctx.app.create_service(ctx.caller()?, ctx.id("idStructure")?, &data).await? })
    }
}

pub struct Modifier;

impl Operation for Modifier {
    const VERB: Verb = Verb::Put;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/services/{idService}";
    const ID: &'static str = "modifierService";
    const SUMMARY: &'static str = "Changes a service (its code stays)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Donnees;
    type Response = Fait;

    fn schema() -> Value {
        schema_donnees(&["libelleService"])
    }

    async fn handle(ctx: Ctx, request: Donnees) -> Result<Fait, ApiError> {
        let (structure, service) = (ctx.id("idStructure")?, ctx.id("idService")?);
        let caller = ctx.caller()?;
        let current = ctx.app.consulter_service(caller, structure, service).await?;
        let data = request.parse(Some(current.code))?;
        ctx.app.update_service(caller, structure, service, &data).await?;
        Ok(Fait {})
    }
}

pub struct Supprimer;

impl Operation for Supprimer {
    const VERB: Verb = Verb::Delete;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/services/{idService}";
    const ID: &'static str = "supprimerService";
    const SUMMARY: &'static str = "Deletes a service nobody is attached to";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = Fait;

    async fn handle(ctx: Ctx, _: Empty) -> Result<Fait, ApiError> {
        ctx.app.delete_service(ctx.caller()?, ctx.id("idStructure")?, ctx.id("idService")?).await?;
        Ok(Fait {})
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UtilisateurService {
    id_utilisateur: i64,
    id_rattachement_service: i64,
    statut_rattachement: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListeUtilisateurs {
    liste_utilisateurs: Vec<UtilisateurService>,
}

/// `recupererUtilisateursDuService`.
pub struct Utilisateurs;

impl Operation for Utilisateurs {
    const VERB: Verb = Verb::Get;
    const PATH: &'static str = "/api/v1/structures/{idStructure}/services/{idService}/utilisateurs";
    const ID: &'static str = "recupererUtilisateursDuService";
    const SUMMARY: &'static str = "The users attached to a service (its structure's managers)";
    const ACCOUNT: Account = Account::AnyUser;
    type Request = Empty;
    type Response = ListeUtilisateurs;

    async fn handle(ctx: Ctx, _: Empty) -> Result<ListeUtilisateurs, ApiError> {
        let users = ctx
            .app
            .utilisateurs_du_service(ctx.caller()?, ctx.id("idStructure")?, ctx.id("idService")?)
            .await?;
        let liste_utilisateurs = users
            .into_iter()
            .map(|u| UtilisateurService {
                id_utilisateur: u.utilisateur_id,
                id_rattachement_service: u.id,
                statut_rattachement: u.statut,
            })
            .collect();
        Ok(ListeUtilisateurs { liste_utilisateurs })
    }
}
