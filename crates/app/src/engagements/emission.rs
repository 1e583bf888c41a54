//! The issuer's side: drafting and correcting an engagement, and every act of its life cycle
//! (the receiver's refusals included), each checked by the domain's rules.

use facteur_domain::engagement::{
    ActionEngagement, CoteEngagement, Engagement, EtatEngagement, RefusEngagement, agir,
};
use facteur_domain::espace::CodeEspace;
use facteur_domain::referentiel::devises;
use facteur_domain::utilisateur::Acteur;
use facteur_store::{ActeEngagement, EngagementData};

use crate::factures::cents;
use crate::{App, AppError, Caller};

/// What an issuer writes: the engagement, who it is for, and its files.
#[derive(Debug, Clone)]
pub struct Redaction {
    /// The issuing structure; the caller's own when absent.
    pub emetteur_id: Option<i64>,
    /// The issuer's service that executes it.
    pub code_service: Option<String>,
    /// The receiver, by id or by identifier (type and value, e.g. SIRET).
    pub recepteur_id: Option<i64>,
    pub identifiant_recepteur: Option<(String, String)>,
    pub engagement: Engagement,
    /// Files added with `ajouter/fichier` by the caller.
    pub pieces_jointes: Vec<i64>,
}

fn refus(e: RefusEngagement) -> AppError {
    match e {
        RefusEngagement::ReserveEmetteur(_) | RefusEngagement::ReserveRecepteur(_) => {
            AppError::Forbidden(e.to_string())
        }
        RefusEngagement::FacturesLiees(_) => AppError::Conflict(e.to_string()),
        RefusEngagement::Interdite { .. } | RefusEngagement::MotifRequis(_) => {
            AppError::invalid(e.to_string())
        }
    }
}

impl App {
    /// Drafts an engagement, and transmits it to its receiver at once when asked.
    pub async fn creer_engagement(
        &self,
        caller: &Caller,
        r: &Redaction,
        transmettre: bool,
    ) -> Result<i64, AppError> {
        let emetteur_id = r.emetteur_id.or(caller.structure_id).ok_or_else(|| {
            AppError::invalid(
                "idStructureEmettrice: [] is missing. Expected [the issuer's idStructureCPP]",
            )
        })?;
        if matches!(self.acteur(caller, emetteur_id).await?, Acteur::Etranger) {
            return Err(AppError::Forbidden(format!(
                "this account does not act for the structure {emetteur_id}"
            )));
        }
        self.peut_modifier(caller, emetteur_id, CodeEspace::Engagements).await?;
        let donnees = self.donnees(caller, emetteur_id, r).await?;
        let mut actes =
            vec![acte(caller, ActionEngagement::Creer, EtatEngagement::Brouillon, None)];
        if transmettre {
            actes.push(acte(caller, ActionEngagement::Transmettre, EtatEngagement::Commande, None));
        }
        self.store()
            .insert_engagement(emetteur_id, &donnees, &actes, &r.pieces_jointes)
            .await
            .map_err(deja_utilise)
    }

    /// Corrects an engagement, and transmits it (again) when asked: that is how an issuer
    /// recycles an engagement its receiver refused or sent back.
    pub async fn modifier_engagement(
        &self,
        caller: &Caller,
        id: i64,
        r: &Redaction,
        transmettre: bool,
    ) -> Result<EtatEngagement, AppError> {
        let (e, de, cote) = self.engagement_visible(caller, id).await?;
        let mut etat = agir(de, cote, ActionEngagement::Modifier, None, 0).map_err(refus)?;
        self.peut_modifier(caller, e.emetteur_id, CodeEspace::Engagements).await?;
        let redaction = Redaction { emetteur_id: Some(e.emetteur_id), ..r.clone() };
        let donnees = self.donnees(caller, e.emetteur_id, &redaction).await?;
        let mut actes = vec![acte(caller, ActionEngagement::Modifier, etat, None)];
        if transmettre {
            etat = agir(etat, cote, ActionEngagement::Transmettre, None, 0).map_err(refus)?;
            actes.push(acte(caller, ActionEngagement::Transmettre, etat, None));
        }
        self.store()
            .act_on_engagement(&e, Some(&donnees), &actes, &r.pieces_jointes)
            .await
            .map_err(deja_utilise)?;
        Ok(etat)
    }

    /// An act of the life cycle other than a correction: transmit, inactivate, reactivate,
    /// delete (the issuer); refuse or send back (the receiver, with a reason).
    pub async fn agir_engagement(
        &self,
        caller: &Caller,
        id: i64,
        action: ActionEngagement,
        motif: Option<&str>,
    ) -> Result<EtatEngagement, AppError> {
        let (e, de, cote) = self.engagement_visible(caller, id).await?;
        let factures = if action == ActionEngagement::Supprimer {
            self.store().count_factures_quoting(e.emetteur_id, &e.numero).await?
        } else {
            0
        };
        let vers = agir(de, cote, action, motif, factures).map_err(refus)?;
        let structure = match cote {
            CoteEngagement::Emetteur => e.emetteur_id,
            CoteEngagement::Recepteur => e.recepteur_id,
        };
        self.peut_modifier(caller, structure, CodeEspace::Engagements).await?;
        let motif = motif.map(str::trim).filter(|m| !m.is_empty());
        let actes = [acte(caller, action, vers, motif)];
        self.store().act_on_engagement(&e, None, &actes, &[]).await?;
        Ok(vers)
    }

    /// The row to write for a redaction, every reason it cannot be at once: the issuer is an
    /// active public body, the service one of its active services, the receiver an active
    /// structure other than the issuer, the lines hold together, the files are the caller's.
    async fn donnees(
        &self,
        caller: &Caller,
        emetteur_id: i64,
        r: &Redaction,
    ) -> Result<EngagementData, AppError> {
        let mut errors = Vec::new();
        match self.structure(emetteur_id).await? {
            Some(s) if s.actif && s.type_structure == "PUBLIQUE" => {}
            _ => errors.push(format!(
                "idStructureEmettrice: [{emetteur_id}] is not an active public structure. Expected [a public body: only they issue engagements]"
            )),
        }
        let mut service_id = None;
        if let Some(code) = r.code_service.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            match self.service_par_code(emetteur_id, code).await?.filter(|s| s.actif) {
                Some(s) => service_id = Some(s.id),
                None => errors.push(format!(
                    "codeServiceExecutant: [{code}] is not an active service of the issuer"
                )),
            }
        }
        let recepteur = match (&r.recepteur_id, &r.identifiant_recepteur) {
            (Some(id), _) => self.structure(*id).await?,
            (None, Some((kind, code))) => self.structure_par_identifiant(kind, code.trim()).await?,
            (None, None) => None,
        };
        let demande = r
            .recepteur_id
            .map(|id| id.to_string())
            .or_else(|| r.identifiant_recepteur.as_ref().map(|(_, code)| code.clone()))
            .unwrap_or_default();
        let recepteur_id = match recepteur.filter(|s| s.actif) {
            Some(s) if s.id == emetteur_id => {
                errors.push(format!("structureReceptrice: [{demande}] is the issuer itself"));
                None
            }
            Some(s) => Some(s.id),
            None => {
                errors.push(format!("structureReceptrice: [{demande}] is not an active structure"));
                None
            }
        };
        let e = &r.engagement;
        errors.extend(e.verifier());
        if !devises().iter().any(|d| d.code == e.devise) {
            errors.push(format!("deviseEngagement: [{}] is not an ISO 4217 currency", e.devise));
        }
        let found = self.fichiers_joignables(caller, &r.pieces_jointes).await?;
        for id in &r.pieces_jointes {
            if !found.iter().any(|p| p.id == *id) {
                errors.push(format!(
                    "pieceJointeId: [{id}] is not a file this account added. Expected [an id from ajouter/fichier]"
                ));
            }
        }
        let Some(recepteur_id) = recepteur_id.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let lignes = serde_json::to_string(&e.lignes)
            .map_err(|err| AppError::Internal(format!("engagement lines: {err}")))?;
        Ok(EngagementData {
            numero: e.numero.as_str().to_owned(),
            type_engagement: e.type_engagement.code().to_owned(),
            service_id,
            recepteur_id,
            libelle: e.libelle.clone(),
            numero_marche: e.numero_marche.clone(),
            devise: e.devise.clone(),
            date_notification: e.date_notification,
            lignes,
            montant_ht: cents(e.montant_ht())?,
            montant_ttc: cents(e.montant_ttc())?,
        })
    }
}

fn acte(
    caller: &Caller,
    action: ActionEngagement,
    etat: EtatEngagement,
    motif: Option<&str>,
) -> ActeEngagement {
    ActeEngagement {
        action: action.code().to_owned(),
        etat: etat.code().to_owned(),
        commentaire: motif.map(str::to_owned),
        // The command line's operator is nobody in the users table.
        utilisateur_id: (caller.utilisateur_id > 0).then_some(caller.utilisateur_id),
    }
}

fn deja_utilise(e: facteur_store::StoreError) -> AppError {
    match e {
        facteur_store::StoreError::Conflict(what) => AppError::Conflict(format!(
            "{what} already exists: an issuer numbers each engagement once"
        )),
        other => other.into(),
    }
}
