//! Searching and reading engagements, from either side, with the invoices that quote them.

use std::sync::Arc;

use chrono::NaiveDate;
use facteur_documents::EngagementDocument;
use facteur_domain::engagement::{
    CoteEngagement, Engagement, EtatEngagement, LigneEngagement, NumeroEngagement,
    compte_comme_facture,
};
use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_domain::statut_facture::StatutFacture;
use facteur_domain::utilisateur::Acteur;
use facteur_store::{
    EngagementRecord, EngagementResume, EngagementSearch, FactureLiee, HistoriqueEngagement,
    PieceJointeRecord, ServiceRecord, StructureRecord,
};

use rust_decimal::Decimal;

use crate::annuaire::{inconnue, stored};
use crate::factures::Fichier;
use crate::factures::telechargement::partie;
use crate::{App, AppError, Caller};

/// The criteria of an engagement search.
#[derive(Debug, Clone, Default)]
pub struct RechercheEngagements {
    /// The issuing (or receiving) structure; the caller's own when absent.
    pub structure_id: Option<i64>,
    pub numero: Option<String>,
    pub etats: Vec<EtatEngagement>,
    pub type_engagement: Option<String>,
    pub numero_marche: Option<String>,
    pub date_notification_du: Option<NaiveDate>,
    pub date_notification_au: Option<NaiveDate>,
    /// In cents.
    pub montant_ttc_min: Option<i64>,
    pub montant_ttc_max: Option<i64>,
    pub tri: &'static str,
    pub page: Page,
}

/// An engagement with everything around it: its parties, lines, history, files, and the
/// invoices that quote it.
#[derive(Debug, Clone)]
pub struct EngagementComplet {
    pub record: EngagementRecord,
    pub etat: EtatEngagement,
    /// The side the caller sees it from.
    pub cote: CoteEngagement,
    pub emetteur: Arc<StructureRecord>,
    pub recepteur: Arc<StructureRecord>,
    pub service: Option<ServiceRecord>,
    pub lignes: Vec<LigneEngagement>,
    pub historique: Vec<HistoriqueEngagement>,
    pub pieces_jointes: Vec<PieceJointeRecord>,
    pub factures: Vec<FactureLiee>,
    /// What the invoices still standing add up to, in cents.
    pub montant_facture: i64,
}

impl App {
    /// The engagements a structure the caller belongs to issued or received. A receiver
    /// never sees drafts.
    pub async fn rechercher_engagements(
        &self,
        caller: &Caller,
        cote: CoteEngagement,
        r: &RechercheEngagements,
    ) -> Result<(Vec<EngagementResume>, ParametresRetour), AppError> {
        let structure_id = r.structure_id.or(caller.structure_id).ok_or_else(|| {
            AppError::invalid("the structure to search the engagements of is missing")
        })?;
        if matches!(self.acteur(caller, structure_id).await?, Acteur::Etranger) {
            return Err(inconnue(structure_id));
        }
        let mut etats: Vec<EtatEngagement> = r.etats.clone();
        if cote == CoteEngagement::Recepteur {
            let asked = if etats.is_empty() { EtatEngagement::ALL.to_vec() } else { etats };
            etats = asked.into_iter().filter(|e| e.visible_du_recepteur()).collect();
            if etats.is_empty() {
                return Ok((Vec::new(), r.page.retour(0)));
            }
        }
        let mut search = EngagementSearch {
            numero: r.numero.clone(),
            etats: etats.iter().map(|e| e.code().to_owned()).collect(),
            type_engagement: r.type_engagement.clone(),
            numero_marche: r.numero_marche.clone(),
            date_notification_du: r.date_notification_du,
            date_notification_au: r.date_notification_au,
            montant_ttc_min: r.montant_ttc_min,
            montant_ttc_max: r.montant_ttc_max,
            sort: r.tri,
            descending: r.page.descendant,
            limit: r.page.par_page,
            offset: r.page.offset(),
            ..EngagementSearch::default()
        };
        match cote {
            CoteEngagement::Emetteur => search.emetteur_id = Some(structure_id),
            CoteEngagement::Recepteur => search.recepteur_id = Some(structure_id),
        }
        let (rows, total) = self.store().search_engagements(&search).await?;
        Ok((rows, r.page.retour(total)))
    }

    /// The engagement of this number the caller's structure issued or, failing that,
    /// received (the most recent, should two issuers have used the number).
    pub async fn engagement_par_numero(
        &self,
        caller: &Caller,
        numero: &str,
        structure_id: Option<i64>,
    ) -> Result<EngagementComplet, AppError> {
        let numero = numero.trim();
        for cote in [CoteEngagement::Emetteur, CoteEngagement::Recepteur] {
            let r = RechercheEngagements {
                structure_id,
                numero: Some(numero.to_owned()),
                tri: "created_at",
                page: Page { par_page: 1, numero: 1, descendant: true },
                ..RechercheEngagements::default()
            };
            if let Some(e) = self.rechercher_engagements(caller, cote, &r).await?.0.first() {
                return self.engagement_complet(caller, e.record.id).await;
            }
        }
        Err(AppError::NotFound(format!("no engagement [{numero}] visible to this account")))
    }

    /// An engagement the caller may see, with its parties, lines, history, files and
    /// invoices.
    pub async fn engagement_complet(
        &self,
        caller: &Caller,
        id: i64,
    ) -> Result<EngagementComplet, AppError> {
        let (record, etat, cote) = self.engagement_visible(caller, id).await?;
        let partie = async |structure_id: i64| {
            self.structure(structure_id).await?.ok_or_else(|| {
                AppError::Internal(format!("engagement {id}: structure {structure_id} is missing"))
            })
        };
        let emetteur = partie(record.emetteur_id).await?;
        let recepteur = partie(record.recepteur_id).await?;
        let service = match record.service_id {
            Some(s) => self.store().find_service(record.emetteur_id, s).await?,
            None => None,
        };
        let lignes: Vec<LigneEngagement> = serde_json::from_str(&record.lignes)
            .map_err(|e| AppError::Internal(format!("engagement {id}'s lines: {e}")))?;
        let historique = self.store().historique_engagement(id).await?;
        let ids = self.store().pieces_jointes_of_engagement(id).await?;
        let pieces_jointes = self.store().find_pieces_jointes(&ids).await?;
        let factures = self.store().factures_of_engagement(&record).await?;
        let mut montant_facture = 0;
        for f in &factures {
            if compte_comme_facture(stored::<StatutFacture>(&f.statut)?) {
                montant_facture += f.montant_ttc;
            }
        }
        Ok(EngagementComplet {
            record,
            etat,
            cote,
            emetteur,
            recepteur,
            service,
            lignes,
            historique,
            pieces_jointes,
            factures,
            montant_facture,
        })
    }
}

impl EngagementComplet {
    /// The engagement as its issuer wrote it.
    fn engagement(&self) -> Result<Engagement, AppError> {
        let e = &self.record;
        Ok(Engagement {
            numero: NumeroEngagement::parse(&e.numero).map_err(AppError::Internal)?,
            type_engagement: stored(&e.type_engagement)?,
            libelle: e.libelle.clone(),
            numero_marche: e.numero_marche.clone(),
            devise: e.devise.clone(),
            date_notification: e.date_notification,
            lignes: self.lignes.clone(),
        })
    }

    /// The engagement as a readable PDF.
    pub fn pdf(&self) -> Result<Fichier, AppError> {
        let engagement = self.engagement()?;
        let service = self.service.as_ref().map(|s| format!("{} — {}", s.code, s.libelle));
        let doc = EngagementDocument {
            id: self.record.id,
            engagement: &engagement,
            etat: self.etat,
            emetteur: partie(Some(&self.emetteur))?,
            recepteur: partie(Some(&self.recepteur))?,
            service,
            montant_facture: Decimal::new(self.montant_facture, 2),
            factures: self
                .factures
                .iter()
                .map(|f| (f.numero.clone(), f.statut.clone(), Decimal::new(f.montant_ttc, 2)))
                .collect(),
        };
        Ok(Fichier {
            nom: format!("engagement-{}.pdf", self.record.id),
            type_mime: "application/pdf",
            contenu: facteur_documents::engagement_pdf(&doc),
        })
    }
}

impl App {
    /// The files attached to an engagement the caller may see, or the one named: one as
    /// itself, several zipped.
    pub async fn pieces_jointes_engagement(
        &self,
        caller: &Caller,
        id: i64,
        piece: Option<i64>,
    ) -> Result<Fichier, AppError> {
        self.engagement_visible(caller, id).await?;
        let mut ids = self.store().pieces_jointes_of_engagement(id).await?;
        ids.retain(|p| piece.is_none_or(|asked| asked == *p));
        let pieces = self.store().find_pieces_jointes(&ids).await?;
        self.telecharger_pieces(&format!("engagement_{id}"), &pieces).await
    }
}
