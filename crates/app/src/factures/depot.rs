use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use facteur_domain::engagement::{EtatEngagement, refus_facture};
use facteur_domain::facture::{Destinataire, Facture, verifier_montants};
use facteur_domain::piece_jointe::RolePieceJointe;
use facteur_domain::referentiel::{CadreFacturation, TypeDemandePaiement, devises};
use facteur_domain::service::FACTURES_PUBLIQUES;
use facteur_domain::statut_facture::StatutFacture;
use facteur_domain::structure::ExigenceRoutage;
use facteur_domain::utilisateur::Acteur;
use facteur_store::{DimensionsStats, Evenement, NewFacture, StructureRecord};

use super::PieceJointeDemandee;
use super::cents;
use crate::annuaire::{StructureData, stored};
use crate::{App, AppError, Caller};

/// The deposit mode of paper invoices, scanned and typed by the recipient's digitisation
/// service.
pub const MODE_PAPIER: &str = "PAPIER_NUMERISE";
/// The deposit mode of a PDF uploaded in the portal, its data typed beside it.
pub const MODE_PORTAIL_PDF: &str = "PORTAIL_PDF";
/// The deposit mode of an invoice typed in the portal.
pub const MODE_SAISIE_WEB: &str = "SAISIE_WEB";

/// An invoice submitted as data (`soumettre`), with how it was deposited.
#[derive(Debug, Clone)]
pub struct Soumission {
    pub mode_depot: String,
    /// The supplier structure; the caller's own when absent.
    pub id_fournisseur: Option<i64>,
    pub facture: Facture,
    /// The validating structure of frameworks A9 and A12.
    pub code_structure_valideur: Option<String>,
    /// Files added beforehand (`ajouter/fichier`, `deposer/pdf`): for a PDF deposit, the
    /// principal one is the invoice itself.
    pub pieces_jointes: Vec<PieceJointeDemandee>,
}

/// What a deposit answers.
#[derive(Debug, Clone)]
pub struct Depot {
    pub id: i64,
    pub numero: String,
    pub date_depot: NaiveDate,
    pub statut: StatutFacture,
    pub identifiant_structure: String,
    /// The deposit certificate's fingerprint: a SHA-256 of what was recorded.
    pub empreinte: String,
}

/// How an invoice arrives: the deposit mode, the validator it names, the flux it came in.
#[derive(Debug, Clone)]
pub(crate) struct Arrivee<'a> {
    pub mode_depot: &'a str,
    pub code_structure_valideur: Option<&'a str>,
    /// The flux and the document's rank in it.
    pub flux: Option<(i64, i64)>,
    /// Whether the invoice passed the EN 16931 rules, whose calculations (BR-CO-10 to 16, each
    /// VAT category's base and amount) are exact with document-level allowances and charges,
    /// which the platform's own amounts check, made for the typed invoice, does not know.
    pub montants_en16931: bool,
}

/// An invoice that passed a deposit's checks, ready to record.
#[derive(Debug, Clone)]
pub(crate) struct FactureControlee {
    pub record: NewFacture,
    pub history: Vec<Evenement>,
    pub dims: DimensionsStats,
    /// Where the deposit leaves it.
    pub statut: StatutFacture,
    pub destinataire: Arc<StructureRecord>,
}

impl App {
    /// Whether the caller acts for a structure: a validated member, or an operator.
    pub(crate) async fn agit_pour(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<bool, AppError> {
        Ok(matches!(
            self.acteur(caller, structure_id).await?,
            Acteur::Membre(_) | Acteur::Operateur
        ))
    }

    /// Submits an invoice: checks the caller acts for the supplier, routes it to its recipient
    /// and service, checks its amounts, and records it delivered (or awaiting validation for
    /// frameworks A9 and A12), all reasons for a refusal at once.
    pub async fn soumettre(&self, caller: &Caller, s: &Soumission) -> Result<Depot, AppError> {
        // A paper invoice is deposited by its recipient's digitisation service, for the
        // supplier it names; any other by the supplier itself.
        let papier = s.mode_depot == MODE_PAPIER;
        let fournisseur_id =
            s.id_fournisseur.or(caller.structure_id.filter(|_| !papier)).ok_or_else(|| {
                AppError::invalid("fournisseur.idFournisseur: [] is missing. Expected [the supplier's idStructureCPP]")
            })?;
        if !papier && !self.agit_pour(caller, fournisseur_id).await? {
            return Err(AppError::Forbidden(format!(
                "this account does not act for the supplier structure {fournisseur_id}"
            )));
        }
        let fournisseur =
            self.structure(fournisseur_id).await?.filter(|f| f.actif).ok_or_else(|| {
                AppError::invalid(format!(
                    "fournisseur.idFournisseur: [{fournisseur_id}] is not an active structure"
                ))
            })?;
        let mut errors = Vec::new();
        let arrivee = Arrivee {
            mode_depot: &s.mode_depot,
            code_structure_valideur: s.code_structure_valideur.as_deref(),
            flux: None,
            montants_en16931: false,
        };
        let controlee =
            self.controler(caller, &fournisseur, &s.facture, &arrivee, &mut errors).await?;
        let fichiers =
            self.verifier_pieces_jointes(caller, &s.pieces_jointes, &[], &mut errors).await?;
        let mut pieces_jointes = s.pieces_jointes.clone();
        if s.mode_depot.starts_with("DEPOT_PDF") || s.mode_depot == MODE_PORTAIL_PDF || papier {
            // The principal file of a PDF deposit is the invoice as its supplier issued it (or
            // as it was scanned).
            match pieces_jointes.iter_mut().find(|p| p.role == RolePieceJointe::Principale) {
                Some(p) => {
                    p.role = RolePieceJointe::Facture;
                    if fichiers.iter().any(|f| f.id == p.id && f.extension != "PDF") {
                        errors.push(format!("pieceJointePrincipale.pieceJointePrincipaleId: [{}] is not a PDF. Expected [the invoice's PDF from deposer/pdf]", p.id));
                    }
                }
                None => errors.push(format!(
                    "pieceJointePrincipale: [] is missing. Expected [the invoice's PDF for {}]",
                    s.mode_depot
                )),
            }
        }
        let Some(c) = controlee.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        if papier && !self.agit_pour(caller, c.destinataire.id).await? {
            return Err(AppError::Forbidden(format!(
                "only the recipient {} digitises its paper invoices",
                c.destinataire.identifiant
            )));
        }
        let today = c.record.date_depot;
        let numero = c.record.numero.clone();
        let empreinte = format!("|{numero}|{fournisseur_id}|{today}|{}", c.record.contenu);
        let pieces_jointes = super::pieces_jointes::attachements(&pieces_jointes, &[]);
        let id = self
            .store()
            .insert_facture(c.record, c.history, c.dims, pieces_jointes)
            .await
            .map_err(|e| match e {
                facteur_store::StoreError::Conflict(what) => AppError::Conflict(format!(
                    "{what} was already submitted: an invoice number is used once a year"
                )),
                other => other.into(),
            })?;
        let empreinte = crate::secrets::sha256_hex(format!("{id}{empreinte}").as_bytes());
        Ok(Depot {
            id,
            empreinte,
            numero,
            date_depot: today,
            statut: c.statut,
            identifiant_structure: fournisseur.identifiant.clone(),
        })
    }

    /// The checks every deposit of an invoice passes, whatever brought it (`soumettre`, a
    /// flux): its route, framework, validator, currency, number, date and amounts. Reasons go
    /// to `errors`; the invoice ready to record when there are none.
    pub(crate) async fn controler(
        &self,
        caller: &Caller,
        fournisseur: &StructureRecord,
        f: &Facture,
        arrivee: &Arrivee<'_>,
        errors: &mut Vec<String>,
    ) -> Result<Option<FactureControlee>, AppError> {
        let errors_before = errors.len();
        let route = self
            .router(fournisseur, &f.destinataire, f.references.numero_engagement.as_deref(), errors)
            .await?;
        let cadre = CadreFacturation::ALL.iter().find(|c| c.code == f.cadre);
        let validation =
            matches!(f.cadre.as_str(), "A9_FACTURE_SOUSTRAITANT" | "A12_FACTURE_COTRAITANT");
        match cadre {
            Some(c) if c.type_demande_paiement == TypeDemandePaiement::Facture => {}
            _ => errors.push(format!(
                "cadreDeFacturation.codeCadreFacturation: [{}] is not an invoicing framework of FACTURE. Expected [A1_FACTURE_FOURNISSEUR, A2_FACTURE_FOURNISSEUR_DEJA_PAYEE, A9_FACTURE_SOUSTRAITANT, A12_FACTURE_COTRAITANT]",
                f.cadre
            )),
        }
        let mut valideur_id = None;
        if validation {
            match arrivee.code_structure_valideur.map(str::trim).filter(|v| !v.is_empty()) {
                None => errors.push(format!("cadreDeFacturation.codeStructureValideur: [] is missing. Expected [the validator's SIRET for {}]", f.cadre)),
                Some(code) => match self.structure_par_identifiant("SIRET", code).await?.filter(|v| v.actif) {
                    Some(v) => valideur_id = Some(v.id),
                    None => errors.push(format!("cadreDeFacturation.codeStructureValideur: [{code}] is not an active structure")),
                },
            }
        }
        if !devises().iter().any(|d| d.code == f.devise) {
            errors.push(format!(
                "references.deviseFacture: [{}] is not an ISO 4217 currency",
                f.devise
            ));
        }
        if f.numero.trim().is_empty() || f.numero.chars().count() > 20 {
            errors.push(format!(
                "numeroFactureSaisi: [{}] is not an invoice number. Expected [1 to 20 characters]",
                f.numero
            ));
        }
        let today = Utc::now().date_naive();
        if f.date_facture > today.succ_opt().unwrap_or(today) {
            errors.push(format!("dateFacture: [{}] is in the future", f.date_facture));
        }
        if !arrivee.montants_en16931 {
            errors.extend(verifier_montants(f));
        }
        let Some((destinataire, service_id)) = route.filter(|_| errors.len() == errors_before)
        else {
            return Ok(None);
        };

        let papier = arrivee.mode_depot == MODE_PAPIER;
        let mut history = if papier {
            vec![StatutFacture::InterpreteeOcr, StatutFacture::Deposee]
        } else {
            vec![StatutFacture::Deposee]
        };
        history.extend(if validation {
            vec![StatutFacture::AValider1]
        } else {
            vec![StatutFacture::EnCoursAcheminement, StatutFacture::MiseADisposition]
        });
        let events: Vec<Evenement> = history
            .iter()
            .map(|st| Evenement {
                statut: st.code().to_owned(),
                commentaire: None,
                utilisateur_id: Some(caller.utilisateur_id),
            })
            .collect();
        let record = NewFacture {
            numero: f.numero.trim().to_owned(),
            annee: i64::from(chrono::Datelike::year(&f.date_facture)),
            fournisseur_id: fournisseur.id,
            destinataire_id: destinataire.id,
            service_id,
            type_facture: f.type_facture.code().to_owned(),
            cadre: f.cadre.clone(),
            type_tva: f.type_tva.code().to_owned(),
            mode_depot: arrivee.mode_depot.to_owned(),
            devise: f.devise.clone(),
            date_facture: f.date_facture,
            date_depot: today,
            numero_engagement: f
                .references
                .numero_engagement
                .clone()
                .filter(|n| !n.trim().is_empty()),
            numero_marche: f.references.numero_marche.clone(),
            numero_facture_origine: f.references.numero_facture_origine.clone(),
            mode_paiement: f.references.mode_paiement.clone(),
            motif_exoneration_tva: f.references.motif_exoneration_tva.clone(),
            montant_ht: cents(f.totaux.ht)?,
            montant_tva: cents(f.totaux.tva)?,
            montant_ttc: cents(f.totaux.ttc)?,
            remise_globale_ttc: cents(f.totaux.remise_globale_ttc)?,
            montant_a_payer: cents(f.totaux.a_payer)?,
            contenu: super::contenu::ecrire(f),
            commentaire: f.commentaire.clone(),
            cree_par: caller.utilisateur_id,
            valideur_id,
            flux: arrivee.flux,
        };
        let dims = super::dimensions_de(Some(&destinataire), Some(fournisseur));
        Ok(Some(FactureControlee {
            record,
            history: events,
            dims,
            statut: *history.last().unwrap_or(&StatutFacture::Deposee),
            destinataire,
        }))
    }

    /// Routes an invoice to its recipient and service: an active public structure, an active
    /// service where one is named or required, an engagement number where required, the
    /// public-to-public service only from public suppliers. Reasons go to `errors`; the route
    /// when the recipient was found.
    pub(crate) async fn router(
        &self,
        fournisseur: &StructureRecord,
        destinataire_demande: &Destinataire,
        numero_engagement: Option<&str>,
        errors: &mut Vec<String>,
    ) -> Result<Option<(Arc<StructureRecord>, Option<i64>)>, AppError> {
        let destinataire = self
            .structure_par_identifiant("SIRET", destinataire_demande.code.trim())
            .await?
            .filter(|d| d.actif && d.type_structure == "PUBLIQUE");
        let mut service_id = None;
        let mut service_requires_ej = false;
        match &destinataire {
            None => errors.push(format!(
                "destinataire.codeDestinataire: [{}] is not an active public structure",
                destinataire_demande.code
            )),
            Some(d) => {
                if let Some(code) = &destinataire_demande.code_service {
                    match self.service_par_code(d.id, code.as_str()).await?.filter(|sv| sv.actif) {
                        None => errors.push(format!(
                            "destinataire.codeServiceExecutant: [{}] is not an active service of {}",
                            code.as_str(),
                            d.identifiant
                        )),
                        Some(service) => {
                            if service.code == FACTURES_PUBLIQUES && fournisseur.type_structure != "PUBLIQUE" {
                                errors.push(format!(
                                    "destinataire.codeServiceExecutant: [{FACTURES_PUBLIQUES}] is reserved for invoices between public bodies"
                                ));
                            }
                            service_requires_ej = service.numero_engagement_requis;
                            service_id = Some(service.id);
                        }
                    }
                }
                let exigence = StructureData::from_record(d)?.parametres.exigence();
                let has_service = destinataire_demande.code_service.is_some();
                let has_ej = numero_engagement.is_some_and(|n| !n.trim().is_empty());
                let needs_service = matches!(
                    exigence,
                    ExigenceRoutage::CodeService | ExigenceRoutage::CodeServiceEtNumeroEngagement
                );
                let needs_ej = service_requires_ej
                    || matches!(
                        exigence,
                        ExigenceRoutage::NumeroEngagement
                            | ExigenceRoutage::CodeServiceEtNumeroEngagement
                    );
                if needs_service && !has_service {
                    errors.push(format!("destinataire.codeServiceExecutant: [] is missing. {} requires a service code", d.identifiant));
                }
                if needs_ej && !has_ej {
                    errors.push("references.numeroBonCommande: [] is missing. The recipient requires an engagement number".to_owned());
                }
                if let Some(numero) =
                    numero_engagement.map(str::trim).filter(|_| needs_ej && has_ej)
                {
                    let engagement = self.store().find_engagement_par_numero(d.id, numero).await?;
                    let engagement = match engagement {
                        Some(e) => Some((stored::<EtatEngagement>(&e.etat)?, e.recepteur_id)),
                        None => None,
                    };
                    errors.extend(refus_facture(numero, engagement, fournisseur.id));
                }
                if exigence == ExigenceRoutage::CodeServiceOuNumeroEngagement
                    && !has_service
                    && !has_ej
                {
                    errors.push(format!(
                        "destinataire: {} requires a service code or an engagement number",
                        d.identifiant
                    ));
                }
            }
        }
        Ok(destinataire.map(|d| (d, service_id)))
    }
}
