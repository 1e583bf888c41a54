//! Invoices: the lists of issued and received ones (filtered, sorted and paginated by the
//! database), one invoice with its lines, files and history, and what each side does to it.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use facteur_app::AppError;
use facteur_app::factures::{FactureComplete, FormatTelechargement, RechercheFactures, Role};
use facteur_app::portail::MaStructure;
use facteur_domain::CodeLangue;
use facteur_domain::facture::Destinataire;
use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_domain::service::CodeService;
use facteur_domain::statut_facture::StatutFacture;
use facteur_store::{FactureRecord, HistoriqueRecord};
use serde::Deserialize;

use super::{Cadre, page};
use crate::formulaire::Formulaire;
use crate::session::{Connecte, encode};
use crate::vues;
use crate::{PortailError, PortailState};

const PAR_PAGE: u32 = 20;

/// The columns a list sorts by, as the page names them and as the store does: those an index
/// orders for a structure (a recipient of a million invoices sorted by amount would wait
/// seconds; its filters find what it looks for).
const TRIS: &[(&str, &str)] =
    &[("date_depot", "date_depot"), ("numero", "numero"), ("statut", "statut")];

/// A list's criteria, as the filter form and the pagination links send them.
#[derive(Deserialize, Default, Clone)]
pub struct Criteres {
    structure: Option<i64>,
    #[serde(default)]
    statut: String,
    #[serde(default)]
    numero: String,
    #[serde(default)]
    du: String,
    #[serde(default)]
    au: String,
    #[serde(default)]
    tri: String,
    #[serde(default)]
    ordre: String,
    page: Option<u32>,
}

impl Criteres {
    fn day(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
    }

    fn tri(&self) -> &'static str {
        TRIS.iter().find(|(k, _)| *k == self.tri).map_or("date_depot", |(_, column)| column)
    }

    fn descendant(&self) -> bool {
        self.ordre != "asc"
    }

    fn recherche(&self, structure_id: i64) -> RechercheFactures {
        RechercheFactures {
            structure_id: Some(structure_id),
            numero: Some(self.numero.trim().to_owned()).filter(|n| !n.is_empty()),
            statuts: self
                .statut
                .parse::<StatutFacture>()
                .map(|s| vec![s.code().to_owned()])
                .unwrap_or_default(),
            date_depot_du: Self::day(&self.du),
            date_depot_au: Self::day(&self.au),
            tri: self.tri(),
            page: Page {
                par_page: PAR_PAGE,
                numero: self.page.unwrap_or(1).max(1),
                descendant: self.descendant(),
            },
            ..RechercheFactures::default()
        }
    }

    /// The query string of these criteria on another page.
    fn lien_page(&self, structure_id: i64, page: u32) -> String {
        format!(
            "?structure={structure_id}&statut={}&numero={}&du={}&au={}&tri={}&ordre={}&page={page}",
            encode(&self.statut),
            encode(&self.numero),
            encode(&self.du),
            encode(&self.au),
            encode(&self.tri),
            encode(&self.ordre)
        )
    }
}

/// A row of a list, ready to show.
pub struct Ligne {
    pub id: i64,
    pub numero: String,
    pub date_facture: String,
    pub date_depot: String,
    pub autre_partie: String,
    pub montant_ttc: String,
    pub devise: String,
    pub statut: String,
}

#[derive(Template)]
#[template(path = "factures.html")]
struct Liste {
    c: Cadre,
    titre: &'static str,
    chemin: &'static str,
    /// The column naming the other side: the recipient of issued invoices, the supplier of
    /// received ones.
    autre_partie: &'static str,
    structures: Vec<MaStructure>,
    structure_id: i64,
    criteres: Criteres,
    statuts: Vec<(&'static str, &'static str)>,
    tris: Vec<(&'static str, &'static str)>,
    lignes: Vec<Ligne>,
    retour: ParametresRetour,
    precedente: Option<String>,
    suivante: Option<String>,
}

pub async fn emises(
    state: State<PortailState>,
    connecte: Connecte,
    criteres: Query<Criteres>,
) -> Result<Response, PortailError> {
    liste(state, connecte, criteres, Role::Fournisseur).await
}

pub async fn recues(
    state: State<PortailState>,
    connecte: Connecte,
    criteres: Query<Criteres>,
) -> Result<Response, PortailError> {
    liste(state, connecte, criteres, Role::Destinataire).await
}

async fn liste(
    State(state): State<PortailState>,
    connecte: Connecte,
    Query(criteres): Query<Criteres>,
    role: Role,
) -> Result<Response, PortailError> {
    let app = &state.app;
    let caller = connecte.caller();
    let langue = connecte.visiteur.langue;
    let t = connecte.visiteur.textes();
    // Received invoices are public bodies'; any structure issues them.
    let structures: Vec<MaStructure> = app
        .mes_structures(caller)
        .await?
        .into_iter()
        .filter(|s| s.valide && (role == Role::Fournisseur || s.publique))
        .collect();
    let structure_id = match criteres.structure {
        Some(id) => id,
        None => match structures.first() {
            Some(s) => s.id,
            None => {
                return Err(AppError::NotFound("no structure to list invoices of".into()).into());
            }
        },
    };
    let (rows, retour) =
        app.rechercher_factures(caller, role, &criteres.recherche(structure_id)).await?;
    let autres = rows.iter().map(|f| match role {
        Role::Fournisseur => f.destinataire_id,
        _ => f.fournisseur_id,
    });
    let noms = app.noms_structures(autres.collect::<Vec<_>>()).await?;
    let lignes = rows.iter().map(|f| ligne(f, role, &noms, langue)).collect();
    let (titre, chemin, autre_partie) = match role {
        Role::Fournisseur => (t.factures_emises, "/factures/emises", t.destinataire),
        _ => (t.factures_recues, "/factures/recues", t.fournisseur),
    };
    let courante = retour.page_courante;
    let precedente = (courante > 1).then(|| criteres.lien_page(structure_id, courante - 1));
    let suivante =
        (courante < retour.pages).then(|| criteres.lien_page(structure_id, courante + 1));
    let tris = vec![("date_depot", t.date_depot), ("numero", t.numero), ("statut", t.statut)];
    let liste = Liste {
        c: Cadre::new(&connecte.visiteur, chemin),
        titre,
        chemin,
        autre_partie,
        structures,
        structure_id,
        criteres,
        statuts: statuts_listes(langue),
        tris,
        lignes,
        retour,
        precedente,
        suivante,
    };
    page(&connecte.visiteur, &liste)
}

/// The statuses a list filters by, with their labels.
fn statuts_listes(langue: CodeLangue) -> Vec<(&'static str, &'static str)> {
    use StatutFacture::*;
    [
        MiseADisposition,
        Suspendue,
        Completee,
        ServiceFait,
        Mandatee,
        MiseEnPaiement,
        Rejetee,
        ARecycler,
        AValider1,
    ]
    .iter()
    .map(|s| (s.code(), vues::statut(s.code(), langue)))
    .collect()
}

fn ligne(f: &FactureRecord, role: Role, noms: &HashMap<i64, String>, langue: CodeLangue) -> Ligne {
    let autre = match role {
        Role::Fournisseur => f.destinataire_id,
        _ => f.fournisseur_id,
    };
    Ligne {
        id: f.id,
        numero: f.numero.clone(),
        date_facture: vues::date(f.date_facture, langue),
        date_depot: vues::date(f.date_depot, langue),
        autre_partie: noms.get(&autre).cloned().unwrap_or_default(),
        montant_ttc: vues::montant(f.montant_ttc, langue),
        devise: f.devise.clone(),
        statut: vues::statut(&f.statut, langue).to_owned(),
    }
}

/// A line of the invoice, ready to show.
pub struct LigneDetail {
    pub designation: String,
    pub quantite: String,
    pub prix_unitaire: String,
    pub taux_tva: String,
    pub montant_net: String,
}

pub struct Passage {
    pub statut: String,
    pub date: String,
    pub par: String,
    pub commentaire: String,
}

#[derive(Template)]
#[template(path = "facture.html")]
struct Detail {
    c: Cadre,
    f: FactureComplete,
    statut: String,
    montant_ht: String,
    montant_tva: String,
    montant_ttc: String,
    lignes: Vec<LigneDetail>,
    tva: Vec<(String, String, String)>,
    historique: Vec<Passage>,
    /// The moves the caller may make as recipient: code and label.
    traitements: Vec<(&'static str, &'static str)>,
    /// The supplier may send it to another recipient.
    recyclable: bool,
    /// The supplier may complete it (it was suspended).
    completable: bool,
    info: Option<&'static str>,
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
    let app = &state.app;
    let caller = connecte.caller();
    let langue = connecte.visiteur.langue;
    let f = app.facture_complete(caller, id, None).await?;
    let (_, history) = app.historique_facture(caller, id).await?;
    let statut: StatutFacture =
        f.record.statut.parse::<StatutFacture>().map_err(|e| AppError::Internal(e.to_string()))?;
    let destinataire = app.facture_visible(caller, id, Some(Role::Destinataire)).await.is_ok();
    let fournisseur = app.facture_visible(caller, id, Some(Role::Fournisseur)).await.is_ok();
    let traitements = if destinataire {
        statut
            .cibles_traitement()
            .iter()
            .map(|s| (s.code(), vues::statut(s.code(), langue)))
            .collect()
    } else {
        Vec::new()
    };
    let d = |v| vues::decimal(v, langue);
    let lignes = f
        .facture
        .lignes
        .iter()
        .map(|l| LigneDetail {
            designation: l.denomination.clone(),
            quantite: l.quantite.normalize().to_string(),
            prix_unitaire: d(l.prix_unitaire_ht),
            taux_tva: l.taux_tva.normalize().to_string(),
            montant_net: d(l.montant_net()),
        })
        .collect();
    let tva = f
        .facture
        .tva
        .iter()
        .map(|t| (t.taux.normalize().to_string(), d(t.base_ht), d(t.montant_tva)))
        .collect();
    let historique = history.iter().map(|h| passage(h, langue)).collect();
    let m = |cents| vues::montant(cents, langue);
    let t = connecte.visiteur.textes();
    let detail = Detail {
        c: Cadre::new(&connecte.visiteur, &format!("/factures/{id}")),
        statut: vues::statut(&f.record.statut, langue).to_owned(),
        montant_ht: m(f.record.montant_ht),
        montant_tva: m(f.record.montant_tva),
        montant_ttc: m(f.record.montant_ttc),
        lignes,
        tva,
        historique,
        traitements,
        recyclable: fournisseur && statut == StatutFacture::ARecycler,
        completable: fournisseur && statut == StatutFacture::Suspendue,
        info: info.fait.map(|_| t.action_faite),
        f,
    };
    page(&connecte.visiteur, &detail)
}

fn passage(h: &HistoriqueRecord, langue: CodeLangue) -> Passage {
    let par = match (&h.prenom, &h.nom, &h.email) {
        (Some(p), Some(n), _) if !(p.is_empty() && n.is_empty()) => format!("{p} {n}"),
        (_, _, Some(e)) => e.clone(),
        _ => String::new(),
    };
    Passage {
        statut: vues::statut(&h.statut, langue).to_owned(),
        date: match langue {
            CodeLangue::Fr => h.date_passage.format("%d/%m/%Y %H:%M").to_string(),
            CodeLangue::En => h.date_passage.format("%Y-%m-%d %H:%M").to_string(),
        },
        par,
        commentaire: h.commentaire.clone().unwrap_or_default(),
    }
}

#[derive(Deserialize)]
pub struct Traitement {
    statut: String,
    #[serde(default)]
    motif: String,
    #[serde(default)]
    numero_dp_mandat: String,
}

/// The recipient moves the invoice along its life cycle (the API's `traiter/recue`).
pub async fn traiter(
    State(state): State<PortailState>,
    Path(id): Path<i64>,
    form: Formulaire<Traitement>,
) -> Result<Response, PortailError> {
    let caller = form.visiteur.caller_requis()?;
    let vers: StatutFacture = super::code(&form.donnees.statut)?;
    let motif = super::rempli(&form.donnees.motif);
    let mandat = super::rempli(&form.donnees.numero_dp_mandat);
    state.app.traiter_facture_recue(caller, id, vers, motif, mandat).await?;
    Ok(Redirect::to(&format!("/factures/{id}?fait=1")).into_response())
}

#[derive(Deserialize)]
pub struct Recyclage {
    siret: String,
    #[serde(default)]
    code_service: String,
    #[serde(default)]
    numero_engagement: String,
}

/// The supplier sends an invoice to be recycled to its right recipient.
pub async fn recycler(
    State(state): State<PortailState>,
    Path(id): Path<i64>,
    form: Formulaire<Recyclage>,
) -> Result<Response, PortailError> {
    let caller = form.visiteur.caller_requis()?;
    let r = &form.donnees;
    let code_service = match r.code_service.trim() {
        "" => None,
        code => Some(CodeService::parse(code).map_err(|e| AppError::invalid(e.to_string()))?),
    };
    let destinataire = Destinataire { code: r.siret.trim().to_owned(), code_service };
    let engagement = super::rempli(&r.numero_engagement);
    state.app.recycler_facture(caller, id, &destinataire, engagement, None).await?;
    Ok(Redirect::to(&format!("/factures/{id}?fait=1")).into_response())
}

#[derive(Deserialize)]
pub struct Completion {
    #[serde(default)]
    commentaire: String,
}

/// The supplier completes a suspended invoice (the API's `completer`).
pub async fn completer(
    State(state): State<PortailState>,
    Path(id): Path<i64>,
    form: Formulaire<Completion>,
) -> Result<Response, PortailError> {
    let caller = form.visiteur.caller_requis()?;
    let commentaire = super::rempli(&form.donnees.commentaire);
    state.app.completer_facture(caller, id, commentaire, &[]).await?;
    Ok(Redirect::to(&format!("/factures/{id}?fait=1")).into_response())
}

/// The invoice's PDF, as the API's `telecharger/groupe` gives it.
#[derive(Deserialize)]
pub struct Telechargement {
    /// With the attachments: one ZIP of every file.
    #[serde(default)]
    pieces: bool,
}

pub async fn pdf(
    State(state): State<PortailState>,
    connecte: Connecte,
    Path(id): Path<i64>,
    Query(q): Query<Telechargement>,
) -> Result<Response, PortailError> {
    let format = FormatTelechargement::Pdf { avec_pieces_complementaires: q.pieces };
    let fichier = state.app.telecharger_factures(connecte.caller(), &[id], format).await?;
    let disposition =
        format!("attachment; filename=\"{}\"", fichier.nom.replace(['"', '\\', '\r', '\n'], "_"));
    Ok((
        [
            (header::CONTENT_TYPE, fichier.type_mime.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        fichier.contenu,
    )
        .into_response())
}
