//! Engagements (purchase commitments): those a public body issued or a structure received,
//! one with its lines, history and the invoices that quote it, and the acts of its life
//! cycle each side may make from where it stands.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use facteur_app::AppError;
use facteur_app::engagements::{EngagementComplet, RechercheEngagements};
use facteur_app::portail::MaStructure;
use facteur_domain::CodeLangue;
use facteur_domain::engagement::{ActionEngagement, CoteEngagement, EtatEngagement, agir};
use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_store::EngagementResume;
use serde::Deserialize;

use super::{Cadre, page};
use crate::formulaire::Formulaire;
use crate::session::Connecte;
use crate::vues;
use crate::{PortailError, PortailState};

#[derive(Deserialize, Default)]
pub struct Criteres {
    structure: Option<i64>,
    #[serde(default)]
    recus: bool,
    #[serde(default)]
    etat: String,
    #[serde(default)]
    numero: String,
    page: Option<u32>,
}

#[derive(Template)]
#[template(path = "engagements.html")]
struct Liste {
    c: Cadre,
    structures: Vec<MaStructure>,
    structure_id: i64,
    recus: bool,
    etat: String,
    numero: String,
    etats: &'static [EtatEngagement],
    lignes: Vec<EngagementResume>,
    retour: ParametresRetour,
    langue: CodeLangue,
}

impl Liste {
    fn montant(&self, cents: &i64) -> String {
        vues::montant(*cents, self.langue)
    }
}

pub async fn liste(
    State(state): State<PortailState>,
    connecte: Connecte,
    Query(q): Query<Criteres>,
) -> Result<Response, PortailError> {
    let caller = connecte.caller();
    // Public bodies issue engagements; any structure receives them.
    let structures: Vec<MaStructure> = state
        .app
        .mes_structures(caller)
        .await?
        .into_iter()
        .filter(|s| s.valide && (q.recus || s.publique))
        .collect();
    let structure_id = q
        .structure
        .or_else(|| structures.first().map(|s| s.id))
        .ok_or_else(|| AppError::NotFound("no structure to list the engagements of".into()))?;
    let cote = if q.recus { CoteEngagement::Recepteur } else { CoteEngagement::Emetteur };
    let recherche = RechercheEngagements {
        structure_id: Some(structure_id),
        numero: Some(q.numero.trim().to_owned()).filter(|n| !n.is_empty()),
        etats: q.etat.parse::<EtatEngagement>().map(|e| vec![e]).unwrap_or_default(),
        tri: "created_at",
        page: Page { par_page: 20, numero: q.page.unwrap_or(1).max(1), descendant: true },
        ..RechercheEngagements::default()
    };
    let (lignes, retour) = state.app.rechercher_engagements(caller, cote, &recherche).await?;
    let liste = Liste {
        c: Cadre::new(&connecte.visiteur, "/engagements"),
        structures,
        structure_id,
        recus: q.recus,
        etat: q.etat,
        numero: q.numero,
        etats: EtatEngagement::ALL,
        lignes,
        retour,
        langue: connecte.visiteur.langue,
    };
    page(&connecte.visiteur, &liste)
}

/// The acts the caller's side may make from the engagement's state (corrections are made
/// through the API).
fn actions_possibles(e: &EngagementComplet) -> Vec<ActionEngagement> {
    ActionEngagement::ALL
        .iter()
        .copied()
        .filter(|a| !matches!(a, ActionEngagement::Creer | ActionEngagement::Modifier))
        .filter(|a| agir(e.etat, e.cote, *a, Some("motif"), 0).is_ok())
        .collect()
}

#[derive(Template)]
#[template(path = "engagement.html")]
struct Detail {
    c: Cadre,
    e: EngagementComplet,
    actions: Vec<ActionEngagement>,
    langue: CodeLangue,
    info: bool,
}

impl Detail {
    fn montant(&self, cents: &i64) -> String {
        vues::montant(*cents, self.langue)
    }

    fn decimal(&self, value: &rust_decimal::Decimal) -> String {
        vues::decimal(*value, self.langue)
    }

    fn statut_facture<'a>(&self, code: &'a str) -> &'a str {
        vues::statut(code, self.langue)
    }
}

#[derive(Deserialize)]
pub struct Info {
    fait: Option<u8>,
}

pub async fn detail(
    State(state): State<PortailState>,
    connecte: Connecte,
    Path(id): Path<i64>,
    Query(info): Query<Info>,
) -> Result<Response, PortailError> {
    let e = state.app.engagement_complet(connecte.caller(), id).await?;
    let actions = actions_possibles(&e);
    let c = Cadre::new(&connecte.visiteur, &format!("/engagements/{id}"));
    let detail =
        Detail { c, e, actions, langue: connecte.visiteur.langue, info: info.fait.is_some() };
    page(&connecte.visiteur, &detail)
}

#[derive(Deserialize)]
pub struct Acte {
    action: String,
    #[serde(default)]
    motif: String,
}

pub async fn agir_sur(
    State(state): State<PortailState>,
    Path(id): Path<i64>,
    form: Formulaire<Acte>,
) -> Result<Response, PortailError> {
    let caller = form.visiteur.caller_requis()?;
    let action: ActionEngagement = super::code(&form.donnees.action)?;
    let motif = super::rempli(&form.donnees.motif);
    state.app.agir_engagement(caller, id, action, motif).await?;
    Ok(Redirect::to(&format!("/engagements/{id}?fait=1")).into_response())
}
