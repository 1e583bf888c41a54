//! The home page: the signed-in person's structures and what each lets them do.

use askama::Template;
use axum::response::{Redirect, Response};
use facteur_app::portail::MaStructure;

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
    structures: Vec<MaStructure>,
}

pub async fn accueil(
    State(state): State<PortailState>,
    visiteur: Visiteur,
) -> Result<Response, PortailError> {
    let Some(caller) = visiteur.caller() else {
        return Ok(Redirect::to("/connexion").into_response());
    };
    let structures = state.app.mes_structures(caller).await?;
    page(&visiteur, &Accueil { c: Cadre::new(&visiteur, "/"), structures })
}
