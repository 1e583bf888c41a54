//! The operators' page: every connected application, its quotas and its calls today.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use facteur_app::ClientApplication;

use super::{Cadre, page};
use crate::session::Connecte;
use crate::{PortailError, PortailState};

#[derive(Template)]
#[template(path = "applications.html")]
struct Applications {
    c: Cadre,
    applications: Vec<(ClientApplication, u64)>,
}

pub async fn applications(
    State(state): State<PortailState>,
    connecte: Connecte,
) -> Result<Response, PortailError> {
    let applications = state.app.applications_du_jour(connecte.caller()).await?;
    let c = Cadre::new(&connecte.visiteur, "/operateur/applications");
    page(&connecte.visiteur, &Applications { c, applications })
}
