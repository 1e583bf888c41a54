//! "Mes messages": a structure writes to the structures it exchanged invoices with (never
//! from a private structure to a private one), directly, through its distribution lists and
//! its address book ([`listes`]). The space opens per structure (pilot structures), or to
//! all by the platform's setting [`crate::AppSettings::messagerie_pour_tous`].
//!
//! A caller acts for a structure it is a validated member of (operators for any); what
//! belongs to another structure is answered as not found.

pub mod listes;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use facteur_domain::message::{Candidat, Corps, Objet, RefusMessage, eligible};
use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_domain::structure::TypeStructure;
use facteur_domain::utilisateur::{Acteur, Role};
use facteur_store::{
    Boite, CandidatRecord, MessageEnvoye, MessageRecord, NewMessage, PieceJointeRecord, Reception,
};

pub use listes::{Liste, NouvelleEntree};

use crate::annuaire::{inconnue, stored};
use crate::{App, AppError, Caller};

/// The most recipients one message reaches once lists are expanded.
pub const MAX_DESTINATAIRES: usize = 100_000;

/// A message to send.
#[derive(Debug, Clone)]
pub struct Envoi {
    /// The sending structure; a technical account's own when absent.
    pub structure_id: Option<i64>,
    pub objet: Objet,
    pub corps: Corps,
    /// Structures named directly.
    pub destinataires: Vec<i64>,
    /// The sender's distribution lists.
    pub listes: Vec<i64>,
    /// Entries of the sender's address book (a structure or a list each).
    pub carnet: Vec<i64>,
    /// Files the caller uploaded (`ajouter/fichier`).
    pub pieces_jointes: Vec<i64>,
}

/// A recipient that did not get the message, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exclusion {
    pub structure_id: i64,
    pub motif: RefusMessage,
}

/// What became of a message sent.
#[derive(Debug, Clone)]
pub struct Envoye {
    pub id: i64,
    pub envoye_le: DateTime<Utc>,
    pub destinataires: Vec<i64>,
    pub exclus: Vec<Exclusion>,
}

/// A message read: by one of its recipients (its reception), or by its sender (every
/// recipient's).
#[derive(Debug, Clone)]
pub struct Lecture {
    pub message: MessageRecord,
    pub pieces_jointes: Vec<PieceJointeRecord>,
    pub vue: Vue,
}

#[derive(Debug, Clone)]
pub enum Vue {
    Destinataire(Reception),
    Expediteur(Vec<Reception>),
}

/// The state of a structure's messaging space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EtatMessagerie {
    /// Switched on for this structure.
    pub active: bool,
    /// Open to every structure by the platform.
    pub pour_tous: bool,
}

impl EtatMessagerie {
    pub fn ouverte(self) -> bool {
        self.active || self.pour_tous
    }
}

fn message_inconnu(id: i64) -> AppError {
    AppError::NotFound(format!("no message {id} for this structure"))
}

/// Ids in their first order, each once.
fn distincts(ids: impl IntoIterator<Item = i64>) -> Vec<i64> {
    let mut seen = HashSet::new();
    ids.into_iter().filter(|id| seen.insert(*id)).collect()
}

/// At most 20 reasons, then how many more: an answer stays readable for 10,000 recipients.
fn resume(exclus: &[Exclusion]) -> String {
    let mut text: Vec<String> = exclus
        .iter()
        .take(20)
        .map(|e| format!("structure {}: {}", e.structure_id, e.motif))
        .collect();
    if exclus.len() > 20 {
        text.push(format!("and {} more", exclus.len() - 20));
    }
    text.join("; ")
}

impl App {
    /// The structure a call acts for: the one named, else a technical account's own.
    pub(crate) fn structure_agie(
        caller: &Caller,
        structure_id: Option<i64>,
    ) -> Result<i64, AppError> {
        structure_id.or(caller.structure_id).ok_or_else(|| {
            AppError::invalid("idStructure: [] is missing. Expected [the id of the structure the account acts for]")
        })
    }

    /// The caller must be a member of the structure (or an operator).
    pub(crate) async fn membre(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<Acteur, AppError> {
        match self.acteur(caller, structure_id).await? {
            Acteur::Etranger => Err(inconnue(structure_id)),
            acteur => Ok(acteur),
        }
    }

    /// Whether a structure's messaging space is open; unknown structures are not found.
    pub async fn etat_messagerie(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<EtatMessagerie, AppError> {
        self.membre(caller, structure_id).await?;
        let active = self
            .store()
            .messagerie_active(structure_id)
            .await?
            .ok_or_else(|| inconnue(structure_id))?;
        Ok(EtatMessagerie { active, pour_tous: self.settings().messagerie_pour_tous })
    }

    /// Switches a structure's messaging space on or off: its principal manager or an
    /// operator.
    pub async fn activer_messagerie(
        &self,
        caller: &Caller,
        structure_id: i64,
        active: bool,
    ) -> Result<EtatMessagerie, AppError> {
        match self.acteur(caller, structure_id).await? {
            Acteur::Operateur | Acteur::Membre(Role::GestionnairePrincipal) => {}
            Acteur::Membre(_) => {
                return Err(AppError::Forbidden(
                    "only the structure's principal manager or an operator switches its messaging space".into(),
                ));
            }
            Acteur::Etranger => return Err(inconnue(structure_id)),
        }
        if !self.store().set_messagerie_active(structure_id, active).await? {
            return Err(inconnue(structure_id));
        }
        Ok(EtatMessagerie { active, pour_tous: self.settings().messagerie_pour_tous })
    }

    /// Whether a structure the sender names may be seen by it: a public body, a partner, or
    /// any for an operator. Others are answered as unknown, as the directory does.
    fn visible(caller: &Caller, c: &CandidatRecord) -> bool {
        caller.operateur || c.type_structure == TypeStructure::Publique.code() || c.partenaire
    }

    /// Sends a message: the structures named, the members of the lists and the entries of
    /// the address book, each once; those who may not receive it are skipped with the
    /// reason. Refused when nobody may.
    pub async fn envoyer_message(&self, caller: &Caller, e: &Envoi) -> Result<Envoye, AppError> {
        let expediteur = Self::structure_agie(caller, e.structure_id)?;
        self.membre(caller, expediteur).await?;
        let structure =
            self.store().find_structure(expediteur).await?.ok_or_else(|| inconnue(expediteur))?;
        let type_expediteur: TypeStructure = stored(&structure.type_structure)?;
        let ouverte = self.settings().messagerie_pour_tous
            || self.store().messagerie_active(expediteur).await?.unwrap_or(false);
        if !ouverte {
            return Err(AppError::Forbidden(format!(
                "the messaging space of structure {expediteur} is not open yet: its principal manager or an operator switches it on (PUT /api/v1/structures/{expediteur}/messagerie)"
            )));
        }
        let ids = self.destinataires_demandes(expediteur, e).await?;
        if ids.is_empty() {
            return Err(AppError::invalid(
                "destinataires: [] is empty. Expected [at least one structure, list or address-book entry]",
            ));
        }
        if ids.len() > MAX_DESTINATAIRES {
            return Err(AppError::TooLarge(format!(
                "the message names {} recipients once lists are expanded. Expected [at most {MAX_DESTINATAIRES}]",
                ids.len()
            )));
        }
        let pieces_jointes = self.pieces_jointes_message(caller, &e.pieces_jointes).await?;

        let connus: HashMap<i64, CandidatRecord> = self
            .store()
            .candidats_message(expediteur, &ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let pour_tous = self.settings().messagerie_pour_tous;
        let mut destinataires = Vec::with_capacity(ids.len());
        let mut exclus = Vec::new();
        for id in ids {
            let candidat = match connus.get(&id) {
                Some(c) => Candidat {
                    type_structure: c.type_structure.parse().ok(),
                    actif: c.actif,
                    soi_meme: id == expediteur,
                    partenaire: c.partenaire,
                    visible: Self::visible(caller, c),
                    messagerie_ouverte: pour_tous || c.messagerie_active,
                },
                None => Candidat {
                    type_structure: None,
                    actif: false,
                    soi_meme: false,
                    partenaire: false,
                    visible: false,
                    messagerie_ouverte: false,
                },
            };
            match eligible(type_expediteur, &candidat) {
                Ok(()) => destinataires.push(id),
                Err(motif) => exclus.push(Exclusion { structure_id: id, motif }),
            }
        }
        if destinataires.is_empty() {
            return Err(AppError::Forbidden(format!(
                "no recipient may receive this message: {}",
                resume(&exclus)
            )));
        }
        let (id, envoye_le) = self
            .store()
            .insert_message(&NewMessage {
                expediteur_id: expediteur,
                utilisateur_id: (caller.utilisateur_id > 0).then_some(caller.utilisateur_id),
                objet: e.objet.as_str().to_owned(),
                corps: e.corps.as_str().to_owned(),
                destinataires: destinataires.clone(),
                pieces_jointes,
            })
            .await?;
        Ok(Envoye { id, envoye_le, destinataires, exclus })
    }

    /// The structures a message names: directly, through the sender's lists and through
    /// its address book, each once, in the order named. Lists and entries the sender does
    /// not have are not found.
    async fn destinataires_demandes(
        &self,
        expediteur: i64,
        e: &Envoi,
    ) -> Result<Vec<i64>, AppError> {
        let entrees =
            self.store().entrees_carnet(expediteur, &distincts(e.carnet.iter().copied())).await?;
        let trouvees: HashSet<i64> = entrees.iter().map(|c| c.id).collect();
        if let Some(absente) = e.carnet.iter().find(|id| !trouvees.contains(id)) {
            return Err(AppError::NotFound(format!(
                "no entry {absente} in the address book of structure {expediteur}"
            )));
        }
        let listes =
            distincts(e.listes.iter().copied().chain(entrees.iter().filter_map(|c| c.liste_id)));
        let membres = self.store().membres_of_listes(expediteur, &listes).await?;
        let trouvees: HashSet<i64> = membres.iter().map(|(liste, _)| *liste).collect();
        if let Some(absente) = listes.iter().find(|id| !trouvees.contains(id)) {
            return Err(AppError::NotFound(format!(
                "no distribution list {absente} of structure {expediteur}"
            )));
        }
        Ok(distincts(
            e.destinataires
                .iter()
                .copied()
                .chain(entrees.iter().filter_map(|c| c.destinataire_id))
                .chain(membres.iter().filter_map(|(_, m)| *m)),
        ))
    }

    /// The files a message carries: uploaded by the caller (any, for an operator).
    async fn pieces_jointes_message(
        &self,
        caller: &Caller,
        ids: &[i64],
    ) -> Result<Vec<i64>, AppError> {
        let ids = distincts(ids.iter().copied());
        let found = self.fichiers_joignables(caller, &ids).await?;
        for id in &ids {
            if !found.iter().any(|p| p.id == *id) {
                return Err(AppError::NotFound(format!(
                    "piecesJointes: no file [{id}] uploaded by this account"
                )));
            }
        }
        Ok(ids)
    }

    /// A page of a structure's inbox, newest first, with its unread messages' count.
    pub async fn messages_recus(
        &self,
        caller: &Caller,
        structure_id: Option<i64>,
        avec_archives: bool,
        page: Page,
    ) -> Result<(Boite, ParametresRetour), AppError> {
        let structure = Self::structure_agie(caller, structure_id)?;
        self.membre(caller, structure).await?;
        let boite = self
            .store()
            .messages_recus(structure, avec_archives, page.par_page, page.offset())
            .await?;
        let retour = page.retour(boite.total);
        Ok((boite, retour))
    }

    /// The structures a structure may write to (it exchanged invoices with them), by name,
    /// at most `limit`: the portal's picker.
    pub async fn partenaires(
        &self,
        caller: &Caller,
        structure_id: i64,
        limit: u32,
    ) -> Result<Vec<(i64, String)>, AppError> {
        self.membre(caller, structure_id).await?;
        Ok(self.store().partenaires_de(structure_id, limit).await?)
    }

    /// A page of what a structure sent, newest first.
    pub async fn messages_envoyes(
        &self,
        caller: &Caller,
        structure_id: Option<i64>,
        page: Page,
    ) -> Result<(Vec<MessageEnvoye>, ParametresRetour), AppError> {
        let structure = Self::structure_agie(caller, structure_id)?;
        self.membre(caller, structure).await?;
        let (rows, total) =
            self.store().messages_envoyes(structure, page.par_page, page.offset()).await?;
        Ok((rows, page.retour(total)))
    }

    /// One message, for a structure that received it (a member reading it marks it read) or
    /// that sent it (with every recipient's reading). Anyone else: not found.
    pub async fn consulter_message(
        &self,
        caller: &Caller,
        structure_id: Option<i64>,
        id: i64,
    ) -> Result<Lecture, AppError> {
        let structure = Self::structure_agie(caller, structure_id)?;
        let acteur = self.membre(caller, structure).await?;
        let message = self.store().find_message(id).await?.ok_or_else(|| message_inconnu(id))?;
        let vue = if message.expediteur_id == structure {
            Vue::Expediteur(self.store().receptions(id).await?)
        } else {
            let mut reception =
                self.store().reception(id, structure).await?.ok_or_else(|| message_inconnu(id))?;
            // An operator looking does not read it for the structure.
            if acteur != Acteur::Operateur && reception.lu_le.is_none() {
                reception.lu_le = Some(self.store().mark_message_lu(id, structure).await?);
            }
            Vue::Destinataire(reception)
        };
        let pieces_jointes = self.store().pieces_jointes_of_message(id).await?;
        Ok(Lecture { message, pieces_jointes, vue })
    }

    /// A message's attached files, or the one named, for its sender or one of its
    /// recipients (who has then read it): one as itself, several zipped.
    pub async fn telecharger_pieces_message(
        &self,
        caller: &Caller,
        structure_id: Option<i64>,
        id: i64,
        piece: Option<i64>,
    ) -> Result<crate::factures::Fichier, AppError> {
        let mut lecture = self.consulter_message(caller, structure_id, id).await?;
        lecture.pieces_jointes.retain(|p| piece.is_none_or(|asked| asked == p.id));
        self.telecharger_pieces(&format!("message_{id}"), &lecture.pieces_jointes).await
    }

    /// Archives a received message, or brings it back to the inbox.
    pub async fn archiver_message(
        &self,
        caller: &Caller,
        structure_id: Option<i64>,
        id: i64,
        archive: bool,
    ) -> Result<(), AppError> {
        let structure = Self::structure_agie(caller, structure_id)?;
        self.membre(caller, structure).await?;
        if self.store().archive_message(id, structure, archive).await? {
            Ok(())
        } else {
            Err(message_inconnu(id))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_first_place_once() {
        assert_eq!(distincts([3, 1, 3, 2, 1]), [3, 1, 2]);
    }

    #[test]
    fn long_lists_of_reasons_are_cut() {
        let exclus: Vec<Exclusion> = (0..25)
            .map(|i| Exclusion { structure_id: i, motif: RefusMessage::AucuneFacture })
            .collect();
        let text = resume(&exclus);
        assert!(text.starts_with("structure 0: no invoice was ever exchanged"));
        assert!(text.ends_with("; and 5 more"));
    }
}
