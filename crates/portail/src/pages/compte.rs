//! Signing in and out, opening an account, recovering a password, choosing the language.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use facteur_app::portail::{DemandeCompte, SESSION_LIFETIME};
use facteur_app::{AppError, AuthFailure};
use facteur_domain::langue::CodeLangue;
use serde::Deserialize;

use super::{Cadre, page};
use crate::formulaire::Formulaire;
use crate::session::{COOKIE_LANGUE, COOKIE_SESSION, Visiteur, chemin_local, set_cookie};
use crate::{PortailError, PortailState};

#[derive(Template)]
#[template(path = "connexion.html")]
struct Connexion {
    c: Cadre,
    email: String,
    suite: String,
    erreur: Option<String>,
    info: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct Suite {
    suite: Option<String>,
}

pub async fn connexion(
    visiteur: Visiteur,
    Query(q): Query<Suite>,
) -> Result<Response, PortailError> {
    let suite = chemin_local(q.suite.as_deref()).to_owned();
    if visiteur.session.is_some() {
        return Ok(Redirect::to(&suite).into_response());
    }
    let c = Cadre::new(&visiteur, "/connexion");
    page(&visiteur, &Connexion { c, email: String::new(), suite, erreur: None, info: None })
}

#[derive(Deserialize)]
pub struct Identifiants {
    email: String,
    mot_de_passe: String,
    suite: Option<String>,
}

pub async fn se_connecter(
    State(state): State<PortailState>,
    form: Formulaire<Identifiants>,
) -> Result<Response, PortailError> {
    let Formulaire { visiteur, donnees } = form;
    let suite = chemin_local(donnees.suite.as_deref()).to_owned();
    match state.app.ouvrir_session(&donnees.email, &donnees.mot_de_passe).await {
        Ok(session) => {
            let mut response = Redirect::to(&suite).into_response();
            if let Some(cookie) = set_cookie(
                COOKIE_SESSION,
                &session.jeton,
                SESSION_LIFETIME.as_secs(),
                visiteur.tls(),
            ) {
                response.headers_mut().append(SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(AppError::Unauthenticated(failure)) => {
            let status = match failure {
                AuthFailure::SignInLockedOut(_) => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNAUTHORIZED,
            };
            let erreur = Some(message_connexion(&failure, visiteur.langue));
            let c = Cadre::new(&visiteur, "/connexion");
            let page =
                page(&visiteur, &Connexion { c, email: donnees.email, suite, erreur, info: None })?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn message_connexion(failure: &AuthFailure, langue: CodeLangue) -> String {
    match (failure, langue) {
        (AuthFailure::SignInLockedOut(s), CodeLangue::Fr) => format!(
            "Trop d’échecs pour cette adresse : réessayez dans {} minute(s).",
            s.div_ceil(60)
        ),
        (AuthFailure::SignInLockedOut(s), CodeLangue::En) => {
            format!("Too many failures for this address: retry in {} minute(s).", s.div_ceil(60))
        }
        (AuthFailure::SignInTechnical, CodeLangue::Fr) => {
            "Un compte technique se connecte à l’API, pas au portail.".to_owned()
        }
        (_, CodeLangue::Fr) => "Adresse inconnue ou mot de passe erroné.".to_owned(),
        (AuthFailure::SignInTechnical, CodeLangue::En) => {
            "A technical account signs in to the API, not to the portal.".to_owned()
        }
        (_, CodeLangue::En) => "Unknown e-mail address or wrong password.".to_owned(),
    }
}

#[derive(Deserialize)]
pub struct Rien {}

pub async fn se_deconnecter(
    State(state): State<PortailState>,
    form: Formulaire<Rien>,
) -> Result<Response, PortailError> {
    if let Some(session) = &form.visiteur.session {
        state.app.fermer_session(&session.jeton).await?;
    }
    let mut response = Redirect::to("/connexion").into_response();
    if let Some(cookie) = set_cookie(COOKIE_SESSION, "", 0, form.visiteur.tls()) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "creation.html")]
struct Creation {
    c: Cadre,
    saisie: NouveauCompte,
    erreurs: Vec<String>,
}

#[derive(Deserialize, Default)]
pub struct NouveauCompte {
    email: String,
    nom: String,
    prenom: String,
    #[serde(default)]
    telephone: String,
    #[serde(default, skip_serializing)]
    mot_de_passe: String,
}

pub async fn creation(visiteur: Visiteur) -> Result<Response, PortailError> {
    let c = Cadre::new(&visiteur, "/compte/creer");
    page(&visiteur, &Creation { c, saisie: NouveauCompte::default(), erreurs: Vec::new() })
}

pub async fn creer(
    State(state): State<PortailState>,
    form: Formulaire<NouveauCompte>,
) -> Result<Response, PortailError> {
    let Formulaire { visiteur, donnees } = form;
    let demande = DemandeCompte {
        email: &donnees.email,
        nom: &donnees.nom,
        prenom: &donnees.prenom,
        telephone: &donnees.telephone,
        password: &donnees.mot_de_passe,
    };
    match state.app.creer_compte(&demande).await {
        Ok(_courriel) => message(&visiteur, visiteur.textes().compte_cree),
        Err(AppError::Invalid(erreurs)) => {
            let c = Cadre::new(&visiteur, "/compte/creer");
            let page = page(&visiteur, &Creation { c, saisie: donnees, erreurs })?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(AppError::Conflict(_)) => {
            // The same answer as a new address, so that the page tells nobody who has an
            // account; the owner of the address can recover the password.
            message(&visiteur, visiteur.textes().compte_cree)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct Message {
    c: Cadre,
    texte: &'static str,
}

fn message(visiteur: &Visiteur, texte: &'static str) -> Result<Response, PortailError> {
    page(visiteur, &Message { c: Cadre::new(visiteur, "/"), texte })
}

#[derive(Deserialize)]
pub struct Jeton {
    jeton: String,
}

pub async fn activer(
    State(state): State<PortailState>,
    visiteur: Visiteur,
    Query(q): Query<Jeton>,
) -> Result<Response, PortailError> {
    let email = state.app.activer_compte(&q.jeton).await?;
    let c = Cadre::new(&visiteur, "/connexion");
    let info = Some(visiteur.textes().compte_active);
    page(&visiteur, &Connexion { c, email, suite: "/".into(), erreur: None, info })
}

#[derive(Template)]
#[template(path = "oubli.html")]
struct Oubli {
    c: Cadre,
}

pub async fn oubli(visiteur: Visiteur) -> Result<Response, PortailError> {
    page(&visiteur, &Oubli { c: Cadre::new(&visiteur, "/compte/mot-de-passe-oublie") })
}

#[derive(Deserialize)]
pub struct Adresse {
    email: String,
}

pub async fn demander_reinitialisation(
    State(state): State<PortailState>,
    form: Formulaire<Adresse>,
) -> Result<Response, PortailError> {
    state.app.demander_reinitialisation(&form.donnees.email).await?;
    message(&form.visiteur, form.visiteur.textes().lien_envoye)
}

#[derive(Template)]
#[template(path = "reinitialisation.html")]
struct Reinitialisation {
    c: Cadre,
    jeton: String,
    erreurs: Vec<String>,
}

pub async fn reinitialisation(
    visiteur: Visiteur,
    Query(q): Query<Jeton>,
) -> Result<Response, PortailError> {
    let c = Cadre::new(&visiteur, "/compte/reinitialiser");
    page(&visiteur, &Reinitialisation { c, jeton: q.jeton, erreurs: Vec::new() })
}

#[derive(Deserialize)]
pub struct NouveauMotDePasse {
    jeton: String,
    mot_de_passe: String,
}

pub async fn reinitialiser(
    State(state): State<PortailState>,
    form: Formulaire<NouveauMotDePasse>,
) -> Result<Response, PortailError> {
    let Formulaire { visiteur, donnees } = form;
    match state.app.reinitialiser_mot_de_passe(&donnees.jeton, &donnees.mot_de_passe).await {
        Ok(email) => {
            let c = Cadre::new(&visiteur, "/connexion");
            let info = Some(visiteur.textes().mot_de_passe_change);
            page(&visiteur, &Connexion { c, email, suite: "/".into(), erreur: None, info })
        }
        Err(AppError::Invalid(erreurs)) => {
            let c = Cadre::new(&visiteur, "/compte/reinitialiser");
            let page = page(&visiteur, &Reinitialisation { c, jeton: donnees.jeton, erreurs })?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Switches the language (a cookie for a year) and goes back to the page it was asked from.
pub async fn changer_langue(
    visiteur: Visiteur,
    Path(code): Path<String>,
    Query(q): Query<RetourLangue>,
) -> Response {
    let langue = CodeLangue::parse(Some(&code)).unwrap_or_default();
    let value = langue.pick("fr", "en");
    let mut response = Redirect::to(chemin_local(q.retour.as_deref())).into_response();
    if let Some(cookie) = set_cookie(COOKIE_LANGUE, value, 365 * 24 * 3600, visiteur.tls()) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

#[derive(Deserialize)]
pub struct RetourLangue {
    retour: Option<String>,
}
