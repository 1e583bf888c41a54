//! What a structure's managers do: its users and the requests to join it, its services; and
//! what anyone signed in does to join a structure.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use facteur_app::AppError;
use facteur_app::admin::NewUser;
use facteur_app::annuaire::{Adresse, RechercheServices, ServiceData};
use facteur_domain::pagination::Page;
use facteur_domain::service::CodeService;
use facteur_domain::utilisateur::Role;
use facteur_domain::utilisateur::StatutRattachement;
use facteur_store::{AbonnementRecord, RattachementRecord, ServiceRecord};
use serde::Deserialize;

use super::{Cadre, page};
use crate::formulaire::Formulaire;
use crate::session::Connecte;
use crate::{PortailError, PortailState};

#[derive(Template)]
#[template(path = "gestion.html")]
struct Gestion {
    c: Cadre,
    structure_id: i64,
    raison_sociale: String,
    membres: Vec<RattachementRecord>,
    demandes: Vec<RattachementRecord>,
    services: Vec<ServiceRecord>,
    espaces: Vec<String>,
    abonnements: Vec<AbonnementRecord>,
    comptes_techniques: Vec<String>,
    /// A technical password just renewed, shown once.
    nouveau_mot_de_passe: Option<(String, String)>,
}

async fn rendre(
    State(state): State<PortailState>,
    connecte: Connecte,
    structure_id: i64,
    nouveau_mot_de_passe: Option<(String, String)>,
) -> Result<Response, PortailError> {
    let app = &state.app;
    let caller = connecte.caller();
    // Managers only: the use case refuses anyone else.
    let tous = app.rattachements_de_structure(caller, structure_id, None).await?;
    let (demandes, membres): (Vec<_>, Vec<_>) = tous
        .into_iter()
        .filter(|r| r.statut != StatutRattachement::Supprimee.code())
        .partition(|r| r.statut == StatutRattachement::EnCoursDeValidation.code());
    let recherche = RechercheServices {
        tri: "code",
        page: Page { par_page: 200, numero: 1, descendant: false },
        ..RechercheServices::default()
    };
    let (services, _) = app.rechercher_services(caller, structure_id, &recherche).await?;
    let raison_sociale =
        app.noms_structures([structure_id]).await?.remove(&structure_id).unwrap_or_default();
    let espaces = app
        .rechercher_espaces(caller, structure_id)
        .await?
        .into_iter()
        .map(|e| e.espace.code)
        .collect();
    let abonnements = app.abonnements_en_attente(caller, structure_id).await?;
    let comptes_techniques = app.comptes_techniques(caller, structure_id).await?;
    let c = Cadre::new(&connecte.visiteur, &format!("/gestion/{structure_id}"));
    let gestion = Gestion {
        c,
        structure_id,
        raison_sociale,
        membres,
        demandes,
        services,
        espaces,
        abonnements,
        comptes_techniques,
        nouveau_mot_de_passe,
    };
    page(&connecte.visiteur, &gestion)
}

pub async fn structure(
    state: State<PortailState>,
    connecte: Connecte,
    Path(structure_id): Path<i64>,
) -> Result<Response, PortailError> {
    rendre(state, connecte, structure_id, None).await
}

#[derive(Deserialize)]
pub struct DecisionAbonnement {
    valider: bool,
    structure: i64,
}

/// Validates or refuses a subscription to one of the structure's spaces.
pub async fn abonnement(
    State(state): State<PortailState>,
    Path(id): Path<i64>,
    form: Formulaire<DecisionAbonnement>,
) -> Result<Response, PortailError> {
    let caller = form.visiteur.caller_requis()?;
    state.app.traiter_abonnement(caller, id, form.donnees.valider).await?;
    Ok(Redirect::to(&format!("/gestion/{}", form.donnees.structure)).into_response())
}

#[derive(Deserialize)]
pub struct Rien {}

/// The principal manager renews the technical account's password: shown once, on the page
/// this answers (never in a URL).
pub async fn renouveler_technique(
    state: State<PortailState>,
    Path(structure_id): Path<i64>,
    form: Formulaire<Rien>,
) -> Result<Response, PortailError> {
    let Some(session) = form.visiteur.session.clone() else { return Err(PortailError::Csrf) };
    let credentials =
        state.app.renouveler_mot_de_passe_technique(&session.caller, structure_id).await?;
    let connecte = Connecte { visiteur: form.visiteur, session };
    rendre(state, connecte, structure_id, Some((credentials.login, credentials.secret))).await
}

#[derive(Deserialize)]
pub struct Decision {
    statut: String,
    structure: i64,
}

/// Validates or refuses a request, deactivates or reactivates a user.
pub async fn decider(
    State(state): State<PortailState>,
    Path(id): Path<i64>,
    form: Formulaire<Decision>,
) -> Result<Response, PortailError> {
    let caller = form.visiteur.caller_requis()?;
    let cible: StatutRattachement = super::code(&form.donnees.statut)?;
    state.app.changer_statut_rattachement(caller, id, cible).await?;
    Ok(Redirect::to(&format!("/gestion/{}", form.donnees.structure)).into_response())
}

#[derive(Template)]
#[template(path = "rattachement.html")]
struct Rattachement {
    c: Cadre,
    siret: String,
    erreurs: Vec<String>,
    envoye: Option<String>,
}

pub async fn rattachement(connecte: Connecte) -> Result<Response, PortailError> {
    let c = Cadre::new(&connecte.visiteur, "/compte/rattachement");
    page(
        &connecte.visiteur,
        &Rattachement { c, siret: String::new(), erreurs: Vec::new(), envoye: None },
    )
}

#[derive(Deserialize)]
pub struct Demande {
    siret: String,
    #[serde(default)]
    commentaire: String,
}

/// Asks to join a structure named by its SIRET; its managers decide.
pub async fn demander_rattachement(
    State(state): State<PortailState>,
    form: Formulaire<Demande>,
) -> Result<Response, PortailError> {
    let Formulaire { visiteur, donnees } = form;
    let caller = visiteur.caller_requis()?;
    let resultat = match state.app.information_siret(&donnees.siret).await {
        Ok(structure) => state
            .app
            .demander_rattachement(caller, structure.id, &[], donnees.commentaire.trim())
            .await
            .map(|_| structure.raison_sociale),
        Err(e) => Err(e),
    };
    let c = Cadre::new(&visiteur, "/compte/rattachement");
    match resultat {
        Ok(raison_sociale) => page(
            &visiteur,
            &Rattachement {
                c,
                siret: donnees.siret,
                erreurs: Vec::new(),
                envoye: Some(raison_sociale),
            },
        ),
        Err(AppError::Invalid(erreurs)) => {
            let p =
                page(&visiteur, &Rattachement { c, siret: donnees.siret, erreurs, envoye: None })?;
            Ok((StatusCode::BAD_REQUEST, p).into_response())
        }
        Err(AppError::NotFound(e) | AppError::Conflict(e) | AppError::Forbidden(e)) => {
            let p = page(
                &visiteur,
                &Rattachement { c, siret: donnees.siret, erreurs: vec![e], envoye: None },
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct NouveauService {
    code: String,
    libelle: String,
    #[serde(default)]
    engagement_requis: Option<String>,
}

/// A manager opens a service of the structure.
pub async fn creer_service(
    State(state): State<PortailState>,
    Path(structure_id): Path<i64>,
    form: Formulaire<NouveauService>,
) -> Result<Response, PortailError> {
    let caller = form.visiteur.caller_requis()?;
    let code = CodeService::parse(form.donnees.code.trim())
        .map_err(|e| AppError::invalid(format!("code: {e}")))?;
    let data = ServiceData {
        code,
        libelle: form.donnees.libelle.trim().to_owned(),
        description: String::new(),
        adresse: Adresse::default(),
        date_debut: None,
        date_fin: None,
        actif: true,
        numero_engagement_requis: form.donnees.engagement_requis.is_some(),
    };
    state.app.create_service(caller, structure_id, &data).await?;
    Ok(Redirect::to(&format!("/gestion/{structure_id}")).into_response())
}

#[derive(Deserialize)]
pub struct NouveauRole {
    role: String,
    structure: i64,
}

/// Makes a user a secondary manager, or a secondary manager a simple user.
pub async fn changer_role(
    State(state): State<PortailState>,
    Path(id): Path<i64>,
    form: Formulaire<NouveauRole>,
) -> Result<Response, PortailError> {
    let caller = form.visiteur.caller_requis()?;
    let role: Role = super::code(&form.donnees.role)?;
    state.app.changer_role(caller, id, role).await?;
    Ok(Redirect::to(&format!("/gestion/{}", form.donnees.structure)).into_response())
}

#[derive(Deserialize)]
pub struct NouvelUtilisateur {
    email: String,
    #[serde(default)]
    nom: String,
    #[serde(default)]
    prenom: String,
    mot_de_passe: String,
    role: String,
}

/// A manager creates a user of the structure (Chorus Pro's "saisir un nouvel utilisateur"),
/// attached at once with the role given.
pub async fn creer_utilisateur(
    State(state): State<PortailState>,
    Path(structure_id): Path<i64>,
    form: Formulaire<NouvelUtilisateur>,
) -> Result<Response, PortailError> {
    let caller = form.visiteur.caller_requis()?;
    let u = &form.donnees;
    let role: Role = super::code(&u.role)?;
    let user = NewUser {
        email: &u.email,
        nom: u.nom.trim(),
        prenom: u.prenom.trim(),
        telephone: "",
        password: &u.mot_de_passe,
        structure: Some((structure_id, role)),
        operateur: false,
    };
    state.app.create_user(caller, &user).await?;
    Ok(Redirect::to(&format!("/gestion/{structure_id}")).into_response())
}
