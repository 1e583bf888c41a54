use facteur_domain::espace::{CodeEspace, StatutAbonnement, TypeHabilitation};
use facteur_domain::utilisateur::Acteur;
use facteur_store::{AbonnementRecord, EspaceRecord};

use super::stored;
use crate::{App, AppError, Caller};

/// A space of a structure and the caller's level in it.
#[derive(Debug, Clone)]
pub struct EspaceVisible {
    pub espace: EspaceRecord,
    pub habilitation: Option<TypeHabilitation>,
}

impl App {
    /// `structures/v1/rechercher/espaces`: the structure's active spaces and what the caller
    /// may do in each. Managers and technical accounts act in every space; other users
    /// through their validated subscriptions.
    pub async fn rechercher_espaces(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<Vec<EspaceVisible>, AppError> {
        let acteur = self.acteur(caller, structure_id).await?;
        let all_rights = match acteur {
            Acteur::Etranger => {
                return Err(crate::annuaire::inconnue(structure_id));
            }
            Acteur::Operateur => true,
            Acteur::Membre(role) => role.est_gestionnaire() || caller.technique,
        };
        let abonnements = self.store().abonnements_of(caller.utilisateur_id, structure_id).await?;
        let mut visible = Vec::new();
        for espace in self.store().espaces_of_structure(structure_id).await? {
            if espace.etat != "ACTIVE" {
                continue;
            }
            let habilitation = if all_rights {
                Some(TypeHabilitation::Modification)
            } else {
                abonnements
                    .iter()
                    .find(|a| {
                        a.espace_id == espace.id && a.statut == StatutAbonnement::Valide.code()
                    })
                    .map(|a| stored(&a.habilitation))
                    .transpose()?
            };
            if habilitation.is_some() {
                visible.push(EspaceVisible { espace, habilitation });
            }
        }
        Ok(visible)
    }

    /// A manager opens a space of the structure.
    pub async fn ajouter_espace(
        &self,
        caller: &Caller,
        structure_id: i64,
        code: CodeEspace,
    ) -> Result<i64, AppError> {
        self.gestionnaire(caller, structure_id).await?;
        Ok(self.store().upsert_espace(structure_id, code.code()).await?)
    }

    /// A manager closes a space; its subscriptions end with it.
    pub async fn supprimer_espace(
        &self,
        caller: &Caller,
        structure_id: i64,
        code: CodeEspace,
    ) -> Result<(), AppError> {
        self.gestionnaire(caller, structure_id).await?;
        if !self.store().remove_espace(structure_id, code.code()).await? {
            return Err(AppError::NotFound(format!(
                "no active space {code} in structure {structure_id}"
            )));
        }
        Ok(())
    }

    /// A validated member asks for a subscription to a space of their structure.
    pub async fn demander_abonnement(
        &self,
        caller: &Caller,
        espace_id: i64,
        habilitation: TypeHabilitation,
    ) -> Result<i64, AppError> {
        let unknown =
            || AppError::NotFound(format!("no space {espace_id} visible to this account"));
        let espace = self
            .store()
            .find_espace(espace_id)
            .await?
            .filter(|e| e.etat == "ACTIVE")
            .ok_or_else(unknown)?;
        if !matches!(self.acteur(caller, espace.structure_id).await?, Acteur::Membre(_)) {
            return Err(unknown());
        }
        Ok(self
            .store()
            .request_abonnement(
                caller.utilisateur_id,
                espace.id,
                habilitation.code(),
                StatutAbonnement::EnAttente.code(),
            )
            .await?)
    }

    /// A manager validates or refuses a pending subscription.
    pub async fn traiter_abonnement(
        &self,
        caller: &Caller,
        abonnement_id: i64,
        valider: bool,
    ) -> Result<(), AppError> {
        let a = self.abonnement(abonnement_id).await?;
        self.gestionnaire(caller, a.structure_id).await?;
        if a.statut != StatutAbonnement::EnAttente.code() {
            return Err(AppError::Conflict(format!(
                "subscription {abonnement_id} is {} , not pending",
                a.statut
            )));
        }
        let statut = if valider { StatutAbonnement::Valide } else { StatutAbonnement::Refuse };
        self.store().set_abonnement_statut(a.id, statut.code()).await?;
        Ok(())
    }

    /// The subscriber or a manager ends a subscription.
    pub async fn supprimer_abonnement(
        &self,
        caller: &Caller,
        abonnement_id: i64,
    ) -> Result<(), AppError> {
        let a = self.abonnement(abonnement_id).await?;
        if a.utilisateur_id != caller.utilisateur_id {
            self.gestionnaire(caller, a.structure_id).await?;
        }
        self.store().set_abonnement_statut(a.id, StatutAbonnement::Supprime.code()).await?;
        Ok(())
    }

    /// The subscriptions awaiting a structure's managers.
    pub async fn abonnements_en_attente(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<Vec<AbonnementRecord>, AppError> {
        self.gestionnaire(caller, structure_id).await?;
        Ok(self
            .store()
            .abonnements_of_structure(structure_id, StatutAbonnement::EnAttente.code())
            .await?)
    }

    async fn abonnement(&self, id: i64) -> Result<AbonnementRecord, AppError> {
        self.store()
            .find_abonnement(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no subscription {id}")))
    }
}
