//! "Mes messages": a structure's inbox with its unread count, what it sent, one message, and
//! writing one to partners, distribution lists and address-book entries picked on the page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use facteur_app::AppError;
use facteur_app::messages::{Envoi, Lecture, Vue};
use facteur_app::portail::MaStructure;
use facteur_domain::message::{Corps, Objet};
use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_store::{EntreeCarnet, ListeRecord, MessageEnvoye, MessageRecu};
use serde::Deserialize;

use super::{Cadre, page};
use crate::formulaire::Formulaire;
use crate::session::Connecte;
use crate::{PortailError, PortailState};

/// Partners offered in the picker; beyond, the address book and lists name them.
const PARTENAIRES_MAX: u32 = 500;

#[derive(Deserialize, Default)]
pub struct Choix {
    structure: Option<i64>,
    page: Option<u32>,
    #[serde(default)]
    envoyes: bool,
}

/// The structure a page is about: the one asked for, else the person's first.
async fn structure_choisie(
    state: &PortailState,
    connecte: &Connecte,
    asked: Option<i64>,
) -> Result<(Vec<MaStructure>, i64), PortailError> {
    let structures: Vec<MaStructure> = state
        .app
        .mes_structures(connecte.caller())
        .await?
        .into_iter()
        .filter(|s| s.valide)
        .collect();
    let id = asked
        .or_else(|| structures.first().map(|s| s.id))
        .ok_or_else(|| AppError::NotFound("no structure to read the messages of".into()))?;
    Ok((structures, id))
}

#[derive(Template)]
#[template(path = "messages.html")]
struct Boite {
    c: Cadre,
    structures: Vec<MaStructure>,
    structure_id: i64,
    envoyes: bool,
    recus: Vec<MessageRecu>,
    sortants: Vec<MessageEnvoye>,
    non_lus: u64,
    retour: ParametresRetour,
}

pub async fn boite(
    State(state): State<PortailState>,
    connecte: Connecte,
    Query(q): Query<Choix>,
) -> Result<Response, PortailError> {
    let (structures, structure_id) = structure_choisie(&state, &connecte, q.structure).await?;
    let caller = connecte.caller();
    let page_demandee = Page { par_page: 20, numero: q.page.unwrap_or(1).max(1), descendant: true };
    let (boite, retour_recus) =
        state.app.messages_recus(caller, Some(structure_id), false, page_demandee).await?;
    let (sortants, retour) = if q.envoyes {
        state.app.messages_envoyes(caller, Some(structure_id), page_demandee).await?
    } else {
        (Vec::new(), retour_recus)
    };
    let c = Cadre::new(&connecte.visiteur, "/messages");
    let page_boite = Boite {
        c,
        structures,
        structure_id,
        envoyes: q.envoyes,
        recus: if q.envoyes { Vec::new() } else { boite.messages },
        sortants,
        non_lus: boite.non_lus,
        retour,
    };
    page(&connecte.visiteur, &page_boite)
}

#[derive(Template)]
#[template(path = "message_lu.html")]
struct Lu {
    c: Cadre,
    structure_id: i64,
    l: Lecture,
}

pub async fn lire(
    State(state): State<PortailState>,
    connecte: Connecte,
    Path(id): Path<i64>,
    Query(q): Query<Choix>,
) -> Result<Response, PortailError> {
    let (_, structure_id) = structure_choisie(&state, &connecte, q.structure).await?;
    let l = state.app.consulter_message(connecte.caller(), Some(structure_id), id).await?;
    let c = Cadre::new(&connecte.visiteur, &format!("/messages/{id}"));
    page(&connecte.visiteur, &Lu { c, structure_id, l })
}

#[derive(Template)]
#[template(path = "message_nouveau.html")]
struct Nouveau {
    c: Cadre,
    structures: Vec<MaStructure>,
    structure_id: i64,
    partenaires: Vec<(i64, String)>,
    listes: Vec<ListeRecord>,
    carnet: Vec<EntreeCarnet>,
    objet: String,
    corps: String,
    erreurs: Vec<String>,
}

async fn nouveau_page(
    state: &PortailState,
    connecte: &Connecte,
    structure: Option<i64>,
    objet: String,
    corps: String,
    erreurs: Vec<String>,
) -> Result<Response, PortailError> {
    let (structures, structure_id) = structure_choisie(state, connecte, structure).await?;
    let caller = connecte.caller();
    let partenaires = state.app.partenaires(caller, structure_id, PARTENAIRES_MAX).await?;
    let listes = state.app.listes(caller, Some(structure_id)).await?;
    let carnet = state.app.carnet(caller, Some(structure_id)).await?;
    let c = Cadre::new(&connecte.visiteur, "/messages/nouveau");
    let nouveau =
        Nouveau { c, structures, structure_id, partenaires, listes, carnet, objet, corps, erreurs };
    page(&connecte.visiteur, &nouveau)
}

pub async fn nouveau(
    State(state): State<PortailState>,
    connecte: Connecte,
    Query(q): Query<Choix>,
) -> Result<Response, PortailError> {
    nouveau_page(&state, &connecte, q.structure, String::new(), String::new(), Vec::new()).await
}

/// Sends a message: the picked recipients come as repeated `destinataire`, `liste` and
/// `carnet` fields.
pub async fn envoyer(
    State(state): State<PortailState>,
    connecte: Connecte,
    form: Formulaire<Vec<(String, String)>>,
) -> Result<Response, PortailError> {
    let mut structure = None;
    let (mut objet, mut corps) = (String::new(), String::new());
    let (mut destinataires, mut listes, mut carnet) = (Vec::new(), Vec::new(), Vec::new());
    let mut erreurs = Vec::new();
    for (k, v) in form.donnees {
        let mut id = |into: &mut Vec<i64>| match v.parse() {
            Ok(id) => into.push(id),
            Err(_) => erreurs.push(format!("{k}: [{v}] is not an id")),
        };
        match k.as_str() {
            "structure" => structure = v.parse().ok(),
            "objet" => objet = v,
            "corps" => corps = v,
            "destinataire" => id(&mut destinataires),
            "liste" => id(&mut listes),
            "carnet" => id(&mut carnet),
            _ => {}
        }
    }
    let objet_lu = Objet::parse(&objet).map_err(|e| format!("objet: {e}"));
    let corps_lu = Corps::parse(&corps).map_err(|e| format!("corps: {e}"));
    let (objet_lu, corps_lu) = match (objet_lu, corps_lu) {
        (Ok(o), Ok(c)) if erreurs.is_empty() => (o, c),
        (o, c) => {
            erreurs.extend([o.err(), c.err()].into_iter().flatten());
            return refus(&state, &connecte, structure, objet, corps, erreurs).await;
        }
    };
    let envoi = Envoi {
        structure_id: structure,
        objet: objet_lu,
        corps: corps_lu,
        destinataires,
        listes,
        carnet,
        pieces_jointes: Vec::new(),
    };
    match state.app.envoyer_message(connecte.caller(), &envoi).await {
        Ok(envoye) => {
            let structure = structure.map_or_else(String::new, |s| format!("&structure={s}"));
            Ok(Redirect::to(&format!("/messages/{}?envoye=1{structure}", envoye.id))
                .into_response())
        }
        Err(AppError::Invalid(erreurs)) => {
            refus(&state, &connecte, structure, objet, corps, erreurs).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn refus(
    state: &PortailState,
    connecte: &Connecte,
    structure: Option<i64>,
    objet: String,
    corps: String,
    erreurs: Vec<String>,
) -> Result<Response, PortailError> {
    let page = nouveau_page(state, connecte, structure, objet, corps, erreurs).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Whether a reading is the sender's (with every recipient's reading) or a recipient's.
impl Lu {
    fn receptions(&self) -> &[facteur_store::Reception] {
        match &self.l.vue {
            Vue::Expediteur(r) => r,
            Vue::Destinataire(_) => &[],
        }
    }
}
