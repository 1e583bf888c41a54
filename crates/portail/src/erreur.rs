//! Every failure of a page becomes an HTML page with its HTTP status here, and nowhere else.
//! Errors a person can fix (a form's input) are shown on the form itself by the handlers.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use facteur_app::AppError;

#[derive(Debug, thiserror::Error)]
pub enum PortailError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("this form is out of date or was sent from another site; reload the page")]
    Csrf,
    #[error("the form is larger than the portal accepts")]
    FormulaireTropGrand,
    #[error("the form is malformed: {0}")]
    Formulaire(String),
    #[error("no page here")]
    Introuvable,
    #[error("rendering failed: {0}")]
    Rendu(#[from] askama::Error),
}

#[derive(Template)]
#[template(path = "erreur.html")]
struct PageErreur<'a> {
    statut: u16,
    titre_fr: &'a str,
    titre_en: &'a str,
    message: String,
}

impl PortailError {
    fn status(&self) -> StatusCode {
        match self {
            Self::App(e) => match e {
                AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
                AppError::Forbidden(_) => StatusCode::FORBIDDEN,
                AppError::NotFound(_) => StatusCode::NOT_FOUND,
                AppError::Invalid(_) => StatusCode::BAD_REQUEST,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
                AppError::QuotaExceeded(_) => StatusCode::TOO_MANY_REQUESTS,
                AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            Self::Csrf => StatusCode::FORBIDDEN,
            Self::FormulaireTropGrand => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Formulaire(_) => StatusCode::BAD_REQUEST,
            Self::Introuvable => StatusCode::NOT_FOUND,
            Self::Rendu(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for PortailError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (titre_fr, titre_en) = match status {
            StatusCode::NOT_FOUND => ("Page introuvable", "Page not found"),
            StatusCode::FORBIDDEN => ("Action refusée", "Not allowed"),
            StatusCode::UNAUTHORIZED => ("Connexion requise", "Sign-in required"),
            s if s.is_server_error() => ("Erreur du serveur", "Server error"),
            _ => ("Demande refusée", "Request refused"),
        };
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "portal page failed");
            // The details are in the log, not for the browser.
            String::new()
        } else {
            self.to_string()
        };
        let page = PageErreur { statut: status.as_u16(), titre_fr, titre_en, message };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => status.into_response(),
        }
    }
}
