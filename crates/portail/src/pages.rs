//! One module per part of the portal; each handler reads its input, calls the use cases and
//! renders a template.

pub mod accueil;
pub mod compte;
pub mod depot;
pub mod engagements;
pub mod factures;
pub mod gestion;
pub mod messages;
pub mod operateur;
pub mod saisie;
pub mod statistiques;

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::PortailError;
use crate::session::Visiteur;
use crate::textes::Textes;

/// What the frame of every page needs: its words, who is signed in, the forms' CSRF value
/// and where the language switch comes back to.
pub struct Cadre {
    pub t: &'static Textes,
    pub utilisateur: Option<String>,
    /// An operator of the platform: the frame links to the operators' pages.
    pub operateur: bool,
    pub csrf: String,
    pub retour: String,
}

impl Cadre {
    pub fn new(visiteur: &Visiteur, retour: &str) -> Self {
        Self {
            t: visiteur.textes(),
            utilisateur: visiteur.caller().map(|c| c.login.clone()),
            operateur: visiteur.caller().is_some_and(|c| c.operateur),
            csrf: visiteur.csrf.clone(),
            retour: crate::session::encode(retour),
        }
    }
}

/// A form's optional text: `None` when left blank.
pub fn rempli(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// A number as people type it: `1 234,5` or `1234.5`.
pub fn nombre(text: &str) -> Option<rust_decimal::Decimal> {
    let cleaned: String =
        text.trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
    cleaned.replace(',', ".").parse().ok()
}

/// One of Chorus Pro's codes, from a form; an unknown one says what was expected.
pub fn code<T>(text: &str) -> Result<T, PortailError>
where
    T: std::str::FromStr<Err = facteur_domain::code::UnknownCode>,
{
    text.trim().parse().map_err(|e: facteur_domain::code::UnknownCode| {
        facteur_app::AppError::invalid(e.to_string()).into()
    })
}

/// Renders a page for a visitor, with the cookies the visit needs.
pub fn page(visiteur: &Visiteur, template: &impl Template) -> Result<Response, PortailError> {
    Ok(visiteur.repondre(Html(template.render()?)))
}

/// Renders a fragment (an htmx answer): no frame.
pub fn fragment(template: &impl Template) -> Result<Response, PortailError> {
    Ok(Html(template.render()?).into_response())
}
