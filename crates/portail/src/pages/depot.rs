//! Uploading: an invoice's PDF (its data then typed beside it, as Chorus Pro's portal does)
//! or a structured file (UBL, CII, Factur-X, or a tar.gz of them) deposited as a flux, and the
//! deposit reports of a structure's flux with every error.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use facteur_app::AppError;
use facteur_app::flux::{DepotFlux, FluxLu};
use facteur_app::portail::MaStructure;
use facteur_domain::flux::SyntaxeFlux;
use facteur_domain::pagination::{Page, ParametresRetour};
use serde::Deserialize;

use super::{Cadre, page};
use crate::formulaire::egaux;
use crate::session::{Connecte, encode};
use crate::{PortailError, PortailState};

/// The syntaxes offered, `auto` first: the portal tells them apart by their first bytes.
const SYNTAXES: &[&str] = &[
    "auto",
    "IN_DP_E1_UBL_INVOICE",
    "IN_DP_E1_CII_16B",
    "IN_DP_E2_CII_FACTURX",
    "IN_DP_E2_UBL_INVOICE_MIN",
    "IN_DP_E2_CII_MIN_16B",
];

#[derive(Template)]
#[template(path = "depot.html")]
struct PageDepot {
    c: Cadre,
    structures: Vec<MaStructure>,
    syntaxes: &'static [&'static str],
}

pub async fn formulaire(
    State(state): State<PortailState>,
    connecte: Connecte,
) -> Result<Response, PortailError> {
    let structures = structures(&state, &connecte).await?;
    let c = Cadre::new(&connecte.visiteur, "/factures/depot");
    page(&connecte.visiteur, &PageDepot { c, structures, syntaxes: SYNTAXES })
}

async fn structures(
    state: &PortailState,
    connecte: &Connecte,
) -> Result<Vec<MaStructure>, PortailError> {
    Ok(state
        .app
        .mes_structures(connecte.caller())
        .await?
        .into_iter()
        .filter(|s| s.valide)
        .collect())
}

/// An uploaded form: its text fields and its one file.
struct Envoi {
    champs: Vec<(String, String)>,
    fichier: Option<(String, axum::body::Bytes)>,
}

impl Envoi {
    fn champ(&self, name: &str) -> Option<&str> {
        self.champs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Reads a multipart form whose first field is the page's CSRF value: nothing else is
    /// read (no file is buffered) for a form that does not carry it.
    async fn lire(mut multipart: Multipart, csrf: &str) -> Result<Self, PortailError> {
        let malformed =
            |e: axum::extract::multipart::MultipartError| PortailError::Formulaire(e.body_text());
        let first = multipart.next_field().await.map_err(malformed)?.ok_or(PortailError::Csrf)?;
        if first.name() != Some("_csrf") {
            return Err(PortailError::Csrf);
        }
        let sent = first.text().await.map_err(malformed)?;
        if !egaux(sent.as_bytes(), csrf.as_bytes()) {
            return Err(PortailError::Csrf);
        }
        let mut envoi = Envoi { champs: Vec::new(), fichier: None };
        while let Some(field) = multipart.next_field().await.map_err(malformed)? {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let bytes = field.bytes().await.map_err(malformed)?;
                    envoi.fichier = Some((file_name, bytes));
                }
                None => {
                    let text = field.text().await.map_err(malformed)?;
                    envoi.champs.push((name, text));
                }
            }
        }
        Ok(envoi)
    }

    fn fichier(&self) -> Result<&(String, axum::body::Bytes), PortailError> {
        self.fichier
            .as_ref()
            .filter(|(_, bytes)| !bytes.is_empty())
            .ok_or_else(|| AppError::invalid("fichier: no file was chosen").into())
    }
}

/// Step one of a PDF deposit: the file is kept, then its data are typed on the entry page.
pub async fn deposer_pdf(
    State(state): State<PortailState>,
    connecte: Connecte,
    multipart: Multipart,
) -> Result<Response, PortailError> {
    let envoi = Envoi::lire(multipart, &connecte.session.csrf).await?;
    let (nom, contenu) = envoi.fichier()?;
    let ajoute = state.app.deposer_pdf(connecte.caller(), nom, contenu.clone()).await?;
    let nom = encode(ajoute.nom.as_str());
    Ok(Redirect::to(&format!("/factures/saisie?pdf={}&nom_pdf={nom}", ajoute.id)).into_response())
}

/// The syntax a file's first bytes show, when the person left it to the portal.
fn deviner(contenu: &[u8]) -> Option<SyntaxeFlux> {
    if contenu.starts_with(b"%PDF-") {
        return Some(SyntaxeFlux::E2FacturX);
    }
    let debut = String::from_utf8_lossy(&contenu[..contenu.len().min(2048)]);
    if debut.contains("CrossIndustryInvoice") {
        Some(SyntaxeFlux::E1Cii)
    } else if debut.contains("<Invoice")
        || debut.contains(":Invoice")
        || debut.contains("CreditNote")
    {
        Some(SyntaxeFlux::E1Ubl)
    } else {
        None
    }
}

/// A structured file, deposited as a flux for one of the person's structures.
pub async fn deposer_flux(
    State(state): State<PortailState>,
    connecte: Connecte,
    multipart: Multipart,
) -> Result<Response, PortailError> {
    let envoi = Envoi::lire(multipart, &connecte.session.csrf).await?;
    let structure_id: i64 = envoi
        .champ("structure")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| AppError::invalid("structure: choose one of your structures"))?;
    let (nom, contenu) = envoi.fichier()?;
    let syntaxe = match envoi.champ("syntaxe").unwrap_or("auto") {
        "auto" => deviner(contenu).ok_or_else(|| {
            AppError::invalid(format!(
                "syntaxeFlux: the syntax of [{nom}] cannot be told from its content; choose it"
            ))
        })?,
        asked => super::code(asked)?,
    };
    let depot = DepotFlux {
        nom_fichier: nom.clone(),
        syntaxe,
        avec_signature: false,
        contenu: contenu.clone(),
    };
    let accuse = state.app.deposer_flux_pour(connecte.caller(), structure_id, depot).await?;
    Ok(Redirect::to(&format!("/flux/{}", accuse.numero)).into_response())
}

#[derive(Template)]
#[template(path = "flux.html")]
struct ListeFlux {
    c: Cadre,
    structures: Vec<MaStructure>,
    structure_id: i64,
    flux: Vec<FluxLu>,
    retour: ParametresRetour,
}

#[derive(Deserialize)]
pub struct CriteresFlux {
    structure: Option<i64>,
    page: Option<u32>,
}

pub async fn liste(
    State(state): State<PortailState>,
    connecte: Connecte,
    Query(q): Query<CriteresFlux>,
) -> Result<Response, PortailError> {
    let structures = structures(&state, &connecte).await?;
    let structure_id = q
        .structure
        .or_else(|| structures.first().map(|s| s.id))
        .ok_or_else(|| AppError::NotFound("no structure to list the deposits of".into()))?;
    let page_demandee = Page { par_page: 20, numero: q.page.unwrap_or(1).max(1), descendant: true };
    let (flux, retour) =
        state.app.lister_flux(connecte.caller(), structure_id, page_demandee).await?;
    let c = Cadre::new(&connecte.visiteur, "/flux");
    page(&connecte.visiteur, &ListeFlux { c, structures, structure_id, flux, retour })
}

#[derive(Template)]
#[template(path = "compte_rendu.html")]
struct CompteRendu {
    c: Cadre,
    f: FluxLu,
    /// Still being processed: the page refreshes itself.
    en_cours: bool,
}

pub async fn compte_rendu(
    State(state): State<PortailState>,
    connecte: Connecte,
    Path(numero): Path<String>,
) -> Result<Response, PortailError> {
    let f = state.app.consulter_flux(connecte.caller(), &numero).await?;
    let en_cours = matches!(
        f.etat,
        facteur_domain::flux::EtatFlux::Recu | facteur_domain::flux::EtatFlux::EnCoursTraitement
    );
    let c = Cadre::new(&connecte.visiteur, &format!("/flux/{numero}"));
    page(&connecte.visiteur, &CompteRendu { c, f, en_cours })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_syntaxes_by_their_first_bytes() {
        assert_eq!(deviner(b"%PDF-1.7 ..."), Some(SyntaxeFlux::E2FacturX));
        assert_eq!(
            deviner(b"<?xml version=\"1.0\"?><rsm:CrossIndustryInvoice xmlns:rsm=\"...\">"),
            Some(SyntaxeFlux::E1Cii)
        );
        assert_eq!(deviner(b"<Invoice xmlns=\"urn:oasis:...\">"), Some(SyntaxeFlux::E1Ubl));
        assert_eq!(deviner(b"<ubl:CreditNote>"), Some(SyntaxeFlux::E1Ubl));
        assert_eq!(deviner(&[0x1f, 0x8b, 0x08]), None);
    }
}
