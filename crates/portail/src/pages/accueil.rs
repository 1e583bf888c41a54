//! The home page: the signed-in person's structures and what each lets them do.

use askama::Template;
use axum::response::{Redirect, Response};
use facteur_app::AppError;
use facteur_app::portail::MaStructure;
use facteur_domain::pagination::Page;

use super::{Cadre, page};
use crate::PortailError;
use crate::PortailState;
use crate::session::Visiteur;
use axum::extract::State;
use axum::response::IntoResponse;

#[derive(Template)]
#[template(path = "accueil.html")]
struct Accueil {
    c: Cadre,
    /// Each structure with its unread messages.
    structures: Vec<(MaStructure, u64)>,
}

pub async fn accueil(
    State(state): State<PortailState>,
    visiteur: Visiteur,
) -> Result<Response, PortailError> {
    let Some(caller) = visiteur.caller() else {
        return Ok(Redirect::to("/connexion").into_response());
    };
    let mut structures = Vec::new();
    for s in state.app.mes_structures(caller).await? {
        let non_lus = if s.valide {
            let premiere = Page { par_page: 1, numero: 1, descendant: true };
            // A structure whose messaging is closed has nothing unread.
            match state.app.messages_recus(caller, Some(s.id), false, premiere).await {
                Ok((boite, _)) => boite.non_lus,
                Err(AppError::Forbidden(_) | AppError::NotFound(_)) => 0,
                Err(e) => return Err(e.into()),
            }
        } else {
            0
        };
        structures.push((s, non_lus));
    }
    page(&visiteur, &Accueil { c: Cadre::new(&visiteur, "/"), structures })
}
