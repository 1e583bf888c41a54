//! The portal: what people do in a browser, rendered on the server (askama templates and a
//! little htmx, no front-end build). Every page calls the same use cases as the API, with the
//! session's caller; this crate only reads forms, renders pages and keeps sessions.

mod erreur;
mod formulaire;
mod graphiques;
mod pages;
mod securite;
mod session;
mod statique;
mod textes;
mod vues;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use facteur_app::App;

pub use erreur::PortailError;

/// What every page handler receives.
#[derive(Clone)]
pub struct PortailState {
    pub app: App,
    /// Behind TLS (the public URL is `https://…`): cookies are `Secure` and HSTS is sent.
    tls: bool,
}

/// Uploads are as large as a flux may be, with room for the form around the file.
fn televersement() -> DefaultBodyLimit {
    let max =
        usize::try_from(facteur_domain::flux::limites::TAILLE_MAX_DEPOT).unwrap_or(usize::MAX);
    DefaultBodyLimit::max(max.saturating_add(64 * 1024))
}

/// The portal's routes, to merge beside the API's. Its paths stay clear of `/cpro`, `/api`
/// and the probes.
pub fn router(app: App) -> Router {
    let tls = app.settings().url_publique.starts_with("https://");
    let state = PortailState { app, tls };
    let pages = Router::new()
        .route("/", get(pages::accueil::accueil))
        .route("/connexion", get(pages::compte::connexion).post(pages::compte::se_connecter))
        .route("/deconnexion", post(pages::compte::se_deconnecter))
        .route("/compte/creer", get(pages::compte::creation).post(pages::compte::creer))
        .route("/compte/activer", get(pages::compte::activer))
        .route(
            "/compte/mot-de-passe-oublie",
            get(pages::compte::oubli).post(pages::compte::demander_reinitialisation),
        )
        .route(
            "/compte/reinitialiser",
            get(pages::compte::reinitialisation).post(pages::compte::reinitialiser),
        )
        .route("/langue/{code}", get(pages::compte::changer_langue))
        .route(
            "/compte/rattachement",
            get(pages::gestion::rattachement).post(pages::gestion::demander_rattachement),
        )
        .route("/gestion/{structure}", get(pages::gestion::structure))
        .route("/gestion/rattachements/{id}", post(pages::gestion::decider))
        .route("/gestion/abonnements/{id}", post(pages::gestion::abonnement))
        .route("/gestion/rattachements/{id}/role", post(pages::gestion::changer_role))
        .route("/gestion/{structure}/services", post(pages::gestion::creer_service))
        .route("/gestion/{structure}/utilisateurs", post(pages::gestion::creer_utilisateur))
        .route("/gestion/{structure}/technique", post(pages::gestion::renouveler_technique))
        .route("/factures/emises", get(pages::factures::emises))
        .route("/factures/recues", get(pages::factures::recues))
        .route("/factures/saisie", get(pages::saisie::formulaire).post(pages::saisie::deposer))
        .route("/factures/saisie/totaux", post(pages::saisie::totaux))
        .route("/factures/depot", get(pages::depot::formulaire))
        .route("/factures/depot/pdf", post(pages::depot::deposer_pdf).layer(televersement()))
        .route("/factures/depot/flux", post(pages::depot::deposer_flux).layer(televersement()))
        .route("/flux", get(pages::depot::liste))
        .route("/flux/{numero}", get(pages::depot::compte_rendu))
        .route("/factures/{id}", get(pages::factures::detail))
        .route("/factures/{id}/traiter", post(pages::factures::traiter))
        .route("/factures/{id}/recycler", post(pages::factures::recycler))
        .route("/factures/{id}/completer", post(pages::factures::completer))
        .route("/factures/{id}/pdf", get(pages::factures::pdf))
        .route("/engagements", get(pages::engagements::liste))
        .route(
            "/engagements/nouveau",
            get(pages::engagements::nouveau).post(pages::engagements::creer),
        )
        .route("/engagements/{id}", get(pages::engagements::detail))
        .route("/engagements/{id}/agir", post(pages::engagements::agir_sur))
        .route("/messages", get(pages::messages::boite))
        .route("/messages/nouveau", get(pages::messages::nouveau).post(pages::messages::envoyer))
        .route("/messages/{id}", get(pages::messages::lire))
        .route("/operateur/applications", get(pages::operateur::applications))
        .route("/statistiques", get(pages::statistiques::publiques))
        .route("/statistiques/structure/{id}", get(pages::statistiques::structure))
        .route("/static/{fichier}", get(statique::servir))
        .with_state(state.clone());
    pages.layer(axum::middleware::from_fn_with_state(state, securite::entetes))
}
