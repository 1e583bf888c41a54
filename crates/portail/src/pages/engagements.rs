//! Engagements (purchase commitments): those a public body issued or a structure received,
//! one with its lines, history and the invoices that quote it, and the acts of its life
//! cycle each side may make from where it stands.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use facteur_app::AppError;
use facteur_app::engagements::{EngagementComplet, RechercheEngagements, Redaction};
use facteur_app::portail::MaStructure;
use facteur_domain::CodeLangue;
use facteur_domain::engagement::{
    ActionEngagement, CoteEngagement, Engagement, EtatEngagement, LigneEngagement,
    NumeroEngagement, StatutPoste, TypeEngagement, agir,
};
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

/// A line as typed.
#[derive(Default, Clone)]
pub struct LigneSaisie {
    pub description: String,
    pub quantite: String,
    pub montant_ht: String,
    pub montant_ttc: String,
}

/// The issuing form as typed.
#[derive(Default, Clone)]
pub struct Redige {
    pub emetteur: String,
    pub code_service: String,
    pub siret: String,
    pub numero: String,
    pub type_engagement: String,
    pub libelle: String,
    pub numero_marche: String,
    pub lignes: Vec<LigneSaisie>,
    pub transmettre: bool,
}

impl Redige {
    fn lire(pairs: Vec<(String, String)>) -> Self {
        let mut r = Redige::default();
        let (mut d, mut q, mut ht, mut ttc) = (vec![], vec![], vec![], vec![]);
        for (k, v) in pairs {
            match k.as_str() {
                "emetteur" => r.emetteur = v,
                "code_service" => r.code_service = v,
                "siret" => r.siret = v,
                "numero" => r.numero = v,
                "type_engagement" => r.type_engagement = v,
                "libelle" => r.libelle = v,
                "numero_marche" => r.numero_marche = v,
                "transmettre" => r.transmettre = true,
                "description" => d.push(v),
                "quantite" => q.push(v),
                "montant_ht" => ht.push(v),
                "montant_ttc" => ttc.push(v),
                _ => {}
            }
        }
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        let n = d.len().max(q.len()).max(ht.len()).max(ttc.len()).min(200);
        r.lignes = (0..n)
            .map(|i| LigneSaisie {
                description: at(&d, i),
                quantite: at(&q, i),
                montant_ht: at(&ht, i),
                montant_ttc: at(&ttc, i),
            })
            .filter(|l| !l.description.trim().is_empty() || !l.montant_ht.trim().is_empty())
            .collect();
        r
    }

    /// The engagement typed, or every reason it cannot be read.
    fn redaction(&self) -> Result<Redaction, Vec<String>> {
        let mut erreurs = Vec::new();
        let emetteur =
            self.emetteur.trim().parse::<i64>().map_err(|_| {
                format!("emetteur: [{}] is not one of your structures", self.emetteur)
            });
        let numero = NumeroEngagement::parse(&self.numero).map_err(|e| format!("numero: {e}"));
        let type_engagement = self
            .type_engagement
            .parse::<TypeEngagement>()
            .map_err(|e| format!("type_engagement: {e}"));
        let mut lignes = Vec::new();
        for (i, l) in self.lignes.iter().enumerate() {
            let numero = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let mut lu = |champ: &str, texte: &str| {
                super::nombre(texte).unwrap_or_else(|| {
                    erreurs.push(format!("ligne {numero}, {champ}: [{texte}] is not a number"));
                    rust_decimal::Decimal::ZERO
                })
            };
            let quantite = lu("quantite", &l.quantite);
            let montant_ht = lu("montant_ht", &l.montant_ht);
            let montant_ttc = lu("montant_ttc", &l.montant_ttc);
            lignes.push(LigneEngagement {
                numero,
                description: l.description.trim().to_owned(),
                quantite,
                montant_ht,
                montant_ttc,
                statut: StatutPoste::Actif,
            });
        }
        let (emetteur, numero, type_engagement) = match (emetteur, numero, type_engagement) {
            (Ok(e), Ok(n), Ok(t)) if erreurs.is_empty() => (e, n, t),
            (e, n, t) => {
                erreurs.extend([e.err(), n.err(), t.err()].into_iter().flatten());
                return Err(erreurs);
            }
        };
        Ok(Redaction {
            emetteur_id: Some(emetteur),
            code_service: super::rempli(&self.code_service).map(str::to_owned),
            recepteur_id: None,
            identifiant_recepteur: Some(("SIRET".to_owned(), self.siret.trim().to_owned())),
            engagement: Engagement {
                numero,
                type_engagement,
                libelle: super::rempli(&self.libelle).map(str::to_owned),
                numero_marche: super::rempli(&self.numero_marche).map(str::to_owned),
                devise: "EUR".to_owned(),
                date_notification: None,
                lignes,
            },
            pieces_jointes: Vec::new(),
        })
    }
}

#[derive(Template)]
#[template(path = "engagement_nouveau.html")]
struct Nouveau {
    c: Cadre,
    structures: Vec<MaStructure>,
    types: &'static [TypeEngagement],
    r: Redige,
    erreurs: Vec<String>,
}

async fn rendre_nouveau(
    state: &PortailState,
    visiteur: &crate::session::Visiteur,
    mut r: Redige,
    erreurs: Vec<String>,
) -> Result<Response, PortailError> {
    let caller = visiteur.caller_requis()?;
    // Public bodies issue engagements.
    let structures: Vec<MaStructure> = state
        .app
        .mes_structures(caller)
        .await?
        .into_iter()
        .filter(|s| s.valide && s.publique)
        .collect();
    while r.lignes.len() < 3 {
        r.lignes.push(LigneSaisie::default());
    }
    let c = Cadre::new(visiteur, "/engagements/nouveau");
    page(visiteur, &Nouveau { c, structures, types: TypeEngagement::ALL, r, erreurs })
}

pub async fn nouveau(
    State(state): State<PortailState>,
    connecte: Connecte,
) -> Result<Response, PortailError> {
    let r = Redige {
        type_engagement: TypeEngagement::BonDeCommande.code().to_owned(),
        ..Redige::default()
    };
    rendre_nouveau(&state, &connecte.visiteur, r, Vec::new()).await
}

/// Issues an engagement (as a draft, or transmitted at once), or shows the form again with
/// every reason it was refused.
pub async fn creer(
    State(state): State<PortailState>,
    form: Formulaire<Vec<(String, String)>>,
) -> Result<Response, PortailError> {
    let Formulaire { visiteur, donnees } = form;
    let r = Redige::lire(donnees);
    let caller = visiteur.caller_requis()?;
    let resultat = match r.redaction() {
        Ok(redaction) => state.app.creer_engagement(caller, &redaction, r.transmettre).await,
        Err(erreurs) => Err(AppError::Invalid(erreurs)),
    };
    match resultat {
        Ok(id) => Ok(Redirect::to(&format!("/engagements/{id}?fait=1")).into_response()),
        Err(AppError::Invalid(erreurs)) => {
            let page = rendre_nouveau(&state, &visiteur, r, erreurs).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(AppError::Conflict(e) | AppError::NotFound(e)) => {
            let page = rendre_nouveau(&state, &visiteur, r, vec![e]).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
