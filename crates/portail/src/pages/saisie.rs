//! Typing an invoice: its recipient, references and lines, with totals and VAT lines computed
//! as the person types (htmx posts the form to `totaux`; without scripts, "Recalculate" does
//! the same), then deposited with the API's `soumettre` use case.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use facteur_app::AppError;
use facteur_app::factures::{MODE_PORTAIL_PDF, MODE_SAISIE_WEB, PieceJointeDemandee, Soumission};
use facteur_app::portail::MaStructure;
use facteur_domain::CodeLangue;
use facteur_domain::facture::{
    Destinataire, Facture, LigneFacture, References, TypeFacture, TypeTva, calculer,
};
use facteur_domain::piece_jointe::RolePieceJointe;
use facteur_domain::service::CodeService;
use rust_decimal::Decimal;

use super::{Cadre, fragment};
use crate::formulaire::Formulaire;
use crate::session::{Connecte, Visiteur};
use crate::vues;
use crate::{PortailError, PortailState};

/// Lines offered on an empty form.
const LIGNES_VIDES: usize = 3;
/// The most lines a typed invoice has (larger ones come as files).
const MAX_LIGNES: usize = 500;

/// A line as typed: text until it is read.
#[derive(Default, Clone)]
pub struct LigneSaisie {
    pub designation: String,
    pub quantite: String,
    pub prix: String,
    pub taux: String,
}

impl LigneSaisie {
    fn vide(&self) -> bool {
        [&self.designation, &self.quantite, &self.prix].iter().all(|v| v.trim().is_empty())
    }
}

/// The form as typed.
#[derive(Default, Clone)]
pub struct Saisie {
    pub fournisseur: String,
    pub siret: String,
    pub code_service: String,
    pub numero: String,
    pub date: String,
    pub engagement: String,
    /// The invoice's PDF uploaded first (a PDF deposit), and its name.
    pub pdf: String,
    pub nom_pdf: String,
    pub lignes: Vec<LigneSaisie>,
    pub ajouter: bool,
}

impl Saisie {
    /// Reads the posted fields; the lines' fields come once per line, in order.
    fn lire(pairs: Vec<(String, String)>) -> Self {
        let mut s = Saisie::default();
        let (mut designations, mut quantites, mut prix, mut taux) =
            (vec![], vec![], vec![], vec![]);
        for (k, v) in pairs {
            match k.as_str() {
                "fournisseur" => s.fournisseur = v,
                "siret" => s.siret = v,
                "code_service" => s.code_service = v,
                "numero" => s.numero = v,
                "date" => s.date = v,
                "engagement" => s.engagement = v,
                "pdf" => s.pdf = v,
                "nom_pdf" => s.nom_pdf = v,
                "designation" => designations.push(v),
                "quantite" => quantites.push(v),
                "prix" => prix.push(v),
                "taux" => taux.push(v),
                "ajouter" => s.ajouter = true,
                _ => {}
            }
        }
        let n = designations.len().max(quantites.len()).max(prix.len()).max(taux.len());
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        s.lignes = (0..n.min(MAX_LIGNES))
            .map(|i| LigneSaisie {
                designation: at(&designations, i),
                quantite: at(&quantites, i),
                prix: at(&prix, i),
                taux: at(&taux, i),
            })
            .collect();
        s
    }

    /// The lines that say something, read; each unreadable field named.
    fn lignes(&self, erreurs: &mut Vec<String>) -> Vec<LigneFacture> {
        let mut lignes = Vec::new();
        for (i, l) in self.lignes.iter().filter(|l| !l.vide()).enumerate() {
            let numero = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let mut nombre = |champ: &str, texte: &str| match super::nombre(texte) {
                Some(v) => v,
                None => {
                    erreurs
                        .push(format!("ligne {numero}, {champ} : [{texte}] n’est pas un nombre"));
                    Decimal::ZERO
                }
            };
            let quantite = nombre("quantité", &l.quantite);
            let prix_unitaire_ht = nombre("prix", &l.prix);
            let taux_tva =
                nombre("taux de TVA", if l.taux.trim().is_empty() { "0" } else { &l.taux });
            lignes.push(LigneFacture {
                numero,
                reference: None,
                denomination: l.designation.trim().to_owned(),
                quantite,
                unite: None,
                prix_unitaire_ht,
                remise_ht: Decimal::ZERO,
                taux_tva,
            });
        }
        lignes
    }

    /// The invoice typed, or every reason it cannot be read.
    fn facture(&self) -> Result<(i64, Facture), Vec<String>> {
        let mut erreurs = Vec::new();
        let fournisseur = self.fournisseur.trim().parse::<i64>().map_err(|_| {
            format!("structure émettrice : [{}] n’est pas une de vos structures", self.fournisseur)
        });
        let date = NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d").map_err(|_| {
            format!("date de facture : [{}] n’est pas une date (AAAA-MM-JJ)", self.date)
        });
        let code_service = match self.code_service.trim() {
            "" => Ok(None),
            code => CodeService::parse(code).map(Some).map_err(|e| e.to_string()),
        };
        let lignes = self.lignes(&mut erreurs);
        if self.numero.trim().is_empty() {
            erreurs.push("numéro de facture : obligatoire".into());
        }
        let (fournisseur, date, code_service) = match (fournisseur, date, code_service) {
            (Ok(f), Ok(d), Ok(c)) if erreurs.is_empty() => (f, d, c),
            (f, d, c) => {
                erreurs.extend([f.err(), d.err(), c.err()].into_iter().flatten());
                return Err(erreurs);
            }
        };
        let (tva, totaux) = calculer(&lignes);
        let facture = Facture {
            numero: self.numero.trim().to_owned(),
            type_facture: TypeFacture::Facture,
            date_facture: date,
            devise: "EUR".into(),
            cadre: "A1_FACTURE_FOURNISSEUR".into(),
            type_tva: TypeTva::SurDebit,
            destinataire: Destinataire { code: self.siret.trim().to_owned(), code_service },
            references: References {
                numero_engagement: Some(self.engagement.trim().to_owned())
                    .filter(|e| !e.is_empty()),
                ..References::default()
            },
            lignes,
            tva,
            totaux,
            commentaire: None,
        };
        Ok((fournisseur, facture))
    }
}

/// Totals as the page shows them.
pub struct Totaux {
    pub tva: Vec<(String, String, String)>,
    pub ht: String,
    pub montant_tva: String,
    pub ttc: String,
}

fn calculer_totaux(saisie: &Saisie, langue: CodeLangue) -> Totaux {
    let mut ignorees = Vec::new();
    let (tva, totaux) = calculer(&saisie.lignes(&mut ignorees));
    let d = |v| vues::decimal(v, langue);
    Totaux {
        tva: tva
            .iter()
            .map(|t| (t.taux.normalize().to_string(), d(t.base_ht), d(t.montant_tva)))
            .collect(),
        ht: d(totaux.ht),
        montant_tva: d(totaux.tva),
        ttc: d(totaux.ttc),
    }
}

#[derive(Template)]
#[template(path = "saisie.html")]
struct Page {
    c: Cadre,
    structures: Vec<MaStructure>,
    saisie: Saisie,
    totaux: Totaux,
    erreurs: Vec<String>,
}

#[derive(Template)]
#[template(path = "saisie_totaux.html")]
struct Fragment {
    c: Cadre,
    totaux: Totaux,
}

async fn rendre(
    state: &PortailState,
    visiteur: &Visiteur,
    mut saisie: Saisie,
    erreurs: Vec<String>,
) -> Result<Response, PortailError> {
    let caller = visiteur.caller_requis()?;
    let structures: Vec<MaStructure> =
        state.app.mes_structures(caller).await?.into_iter().filter(|s| s.valide).collect();
    if saisie.fournisseur.is_empty()
        && let Some(first) = structures.iter().find(|s| !s.publique).or(structures.first())
    {
        saisie.fournisseur = first.id.to_string();
    }
    let manquantes =
        if saisie.ajouter { 1 } else { LIGNES_VIDES.saturating_sub(saisie.lignes.len()) };
    for _ in 0..manquantes {
        saisie.lignes.push(LigneSaisie { taux: "20".into(), ..LigneSaisie::default() });
    }
    let totaux = calculer_totaux(&saisie, visiteur.langue);
    let page =
        Page { c: Cadre::new(visiteur, "/factures/saisie"), structures, saisie, totaux, erreurs };
    super::page(visiteur, &page)
}

#[derive(serde::Deserialize)]
pub struct PdfDepose {
    #[serde(default)]
    pdf: String,
    #[serde(default)]
    nom_pdf: String,
}

pub async fn formulaire(
    State(state): State<PortailState>,
    connecte: Connecte,
    Query(q): Query<PdfDepose>,
) -> Result<Response, PortailError> {
    let saisie = Saisie {
        date: Utc::now().date_naive().to_string(),
        pdf: q.pdf,
        nom_pdf: q.nom_pdf,
        ..Saisie::default()
    };
    rendre(&state, &connecte.visiteur, saisie, Vec::new()).await
}

/// The totals of the lines as typed so far: htmx swaps them in.
pub async fn totaux(form: Formulaire<Vec<(String, String)>>) -> Result<Response, PortailError> {
    let saisie = Saisie::lire(form.donnees);
    let c = Cadre::new(&form.visiteur, "/factures/saisie");
    fragment(&Fragment { totaux: calculer_totaux(&saisie, form.visiteur.langue), c })
}

/// Deposits the typed invoice, or shows the form again with every reason it was refused.
pub async fn deposer(
    State(state): State<PortailState>,
    form: Formulaire<Vec<(String, String)>>,
) -> Result<Response, PortailError> {
    let Formulaire { visiteur, donnees } = form;
    let saisie = Saisie::lire(donnees);
    if saisie.ajouter || visiteur.caller().is_none() {
        return rendre(&state, &visiteur, saisie, Vec::new()).await;
    }
    let (fournisseur, facture) = match saisie.facture() {
        Ok(read) => read,
        Err(erreurs) => return refus(&state, &visiteur, saisie, erreurs).await,
    };
    let Some(caller) = visiteur.caller() else { return Err(PortailError::Csrf) };
    // With its PDF uploaded first, the invoice is that PDF; its data are what was typed.
    let pdf = match saisie.pdf.trim() {
        "" => None,
        id => match id.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                let erreur = format!("pdf: [{id}] is not a file");
                return refus(&state, &visiteur, saisie, vec![erreur]).await;
            }
        },
    };
    let soumission = Soumission {
        mode_depot: if pdf.is_some() { MODE_PORTAIL_PDF } else { MODE_SAISIE_WEB }.into(),
        id_fournisseur: Some(fournisseur),
        facture,
        code_structure_valideur: None,
        pieces_jointes: pdf
            .map(|id| PieceJointeDemandee {
                id,
                role: RolePieceJointe::Principale,
                designation: None,
            })
            .into_iter()
            .collect(),
    };
    match state.app.soumettre(caller, &soumission).await {
        Ok(depot) => Ok(Redirect::to(&format!("/factures/{}?fait=1", depot.id)).into_response()),
        Err(AppError::Invalid(erreurs)) => refus(&state, &visiteur, saisie, erreurs).await,
        Err(AppError::NotFound(e) | AppError::Forbidden(e)) => {
            refus(&state, &visiteur, saisie, vec![e]).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn refus(
    state: &PortailState,
    visiteur: &Visiteur,
    saisie: Saisie,
    erreurs: Vec<String>,
) -> Result<Response, PortailError> {
    let page = rendre(state, visiteur, saisie, erreurs).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn reads_lines_in_order_and_skips_empty_ones() {
        let s = Saisie::lire(pairs(&[
            ("fournisseur", "7"),
            ("siret", "11000201100044"),
            ("numero", "F-1"),
            ("date", "2026-12-01"),
            ("designation", "Ramettes"),
            ("quantite", "3"),
            ("prix", "4,99"),
            ("taux", "20"),
            ("designation", ""),
            ("quantite", ""),
            ("prix", ""),
            ("taux", "20"),
        ]));
        let (fournisseur, f) = s.facture().unwrap();
        assert_eq!(fournisseur, 7);
        assert_eq!(f.lignes.len(), 1);
        assert_eq!(f.totaux.ttc, Decimal::new(1796, 2));
    }

    #[test]
    fn names_every_unreadable_field() {
        let s = Saisie::lire(pairs(&[
            ("fournisseur", "x"),
            ("date", "hier"),
            ("designation", "Ramettes"),
            ("quantite", "trois"),
            ("prix", "4.99"),
        ]));
        let erreurs = s.facture().unwrap_err();
        let text = erreurs.join(" | ");
        assert!(text.contains("[trois]"), "{text}");
        assert!(text.contains("[hier]"), "{text}");
        assert!(text.contains("[x]"), "{text}");
        assert!(text.contains("numéro de facture"), "{text}");
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(super::super::nombre("1 234,5"), Some(Decimal::new(12345, 1)));
        assert_eq!(super::super::nombre(" 10.25 "), Some(Decimal::new(1025, 2)));
        assert_eq!(super::super::nombre("abc"), None);
    }
}
