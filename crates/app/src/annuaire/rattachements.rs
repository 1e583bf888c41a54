use facteur_domain::pagination::{Page, ParametresRetour};
use facteur_domain::utilisateur::{Acteur, Role, StatutRattachement};
use facteur_store::{RattachementRecord, RattachementServiceRecord};

use super::{StructureRef, stored};
use crate::{App, AppError, Caller};

/// How a request names a user.
#[derive(Debug, Clone)]
pub enum UserRef {
    Id(i64),
    Email(String),
}

/// An attachment to a structure with the attachments to its services.
#[derive(Debug, Clone)]
pub struct RattachementDetail {
    pub rattachement: RattachementRecord,
    pub services: Vec<RattachementServiceRecord>,
}

fn refus(e: facteur_domain::utilisateur::RefusGestion) -> AppError {
    AppError::Forbidden(e.to_string())
}

impl App {
    async fn detail(
        &self,
        rattachement: RattachementRecord,
    ) -> Result<RattachementDetail, AppError> {
        let services = self
            .store()
            .rattachements_services(rattachement.utilisateur_id, rattachement.structure_id)
            .await?;
        Ok(RattachementDetail { rattachement, services })
    }

    /// `utilisateurs/v1/monCompte/recuperer/rattachements`: the caller's own attachments.
    pub async fn mes_rattachements(
        &self,
        caller: &Caller,
        page: Page,
    ) -> Result<(Vec<RattachementDetail>, ParametresRetour), AppError> {
        let all = self.store().rattachements_of_user(caller.utilisateur_id).await?;
        let total = all.len() as u64;
        let mut details = Vec::new();
        let from = usize::try_from(page.offset()).unwrap_or(usize::MAX);
        for r in all.into_iter().skip(from).take(page.par_page as usize) {
            details.push(self.detail(r).await?);
        }
        Ok((details, page.retour(total)))
    }

    /// `structures/v1/lister/rattachementsutilisateur`: a user's attachment to a structure,
    /// for the user themself or the structure's managers.
    pub async fn lister_rattachements_utilisateur(
        &self,
        caller: &Caller,
        user: &UserRef,
        structure: &StructureRef,
    ) -> Result<RattachementDetail, AppError> {
        let unknown = || AppError::NotFound("no such attachment visible to this account".into());
        let utilisateur = match user {
            UserRef::Id(id) => self.store().find_utilisateur(*id).await?,
            UserRef::Email(email) => self.store().find_utilisateur_by_email(email).await?,
        }
        .ok_or_else(unknown)?;
        let structure = self.find_structure_ref(structure).await?.ok_or_else(unknown)?;
        if utilisateur.id != caller.utilisateur_id {
            self.gestionnaire(caller, structure.id).await.map_err(|_| unknown())?;
        }
        let rattachement = self
            .store()
            .find_rattachement_of(utilisateur.id, structure.id)
            .await?
            .ok_or_else(unknown)?;
        self.detail(rattachement).await
    }

    /// A user asks to be attached to a structure (and optionally to some of its services);
    /// its managers then validate or refuse.
    pub async fn demander_rattachement(
        &self,
        caller: &Caller,
        structure_id: i64,
        services: &[i64],
        commentaire: &str,
    ) -> Result<i64, AppError> {
        if caller.technique {
            return Err(AppError::Forbidden(
                "a technical account stays attached to its one structure".into(),
            ));
        }
        let structure = self
            .store()
            .find_structure(structure_id)
            .await?
            .filter(|s| s.actif)
            .ok_or_else(|| AppError::NotFound(format!("no active structure {structure_id}")))?;
        for service in services {
            self.store().find_service(structure.id, *service).await?.ok_or_else(|| {
                AppError::invalid(format!(
                    "idService: [{service}] is not a service of structure {structure_id}"
                ))
            })?;
        }
        let id = self
            .store()
            .insert_rattachement(
                caller.utilisateur_id,
                structure.id,
                Role::Utilisateur.code(),
                StatutRattachement::EnCoursDeValidation.code(),
                commentaire,
            )
            .await?;
        for service in services {
            self.store()
                .upsert_rattachement_service(
                    caller.utilisateur_id,
                    *service,
                    StatutRattachement::EnCoursDeValidation.code(),
                )
                .await?;
        }
        Ok(id)
    }

    /// A structure's attachments (optionally in one status), for its managers: the pending
    /// requests, or the list of its users.
    pub async fn rattachements_de_structure(
        &self,
        caller: &Caller,
        structure_id: i64,
        statut: Option<StatutRattachement>,
    ) -> Result<Vec<RattachementRecord>, AppError> {
        self.gestionnaire(caller, structure_id).await?;
        Ok(self.store().rattachements_of_structure(structure_id, statut.map(|s| s.code())).await?)
    }

    /// Validates, refuses, deactivates, reactivates or deletes an attachment, by the rules of
    /// [`Acteur::peut_changer_statut`]. The attachments to services follow.
    pub async fn changer_statut_rattachement(
        &self,
        caller: &Caller,
        rattachement_id: i64,
        cible: StatutRattachement,
    ) -> Result<(), AppError> {
        let r = self.rattachement_gere(caller, rattachement_id).await?;
        let acteur = self.acteur(caller, r.structure_id).await?;
        acteur.peut_changer_statut(stored(&r.role)?, stored(&r.statut)?, cible).map_err(refus)?;
        self.store().update_rattachement(r.id, &r.role, cible.code()).await?;
        for service in self.store().rattachements_services(r.utilisateur_id, r.structure_id).await?
        {
            self.store()
                .upsert_rattachement_service(r.utilisateur_id, service.service_id, cible.code())
                .await?;
        }
        Ok(())
    }

    /// Makes a validated user a secondary manager or a simple user.
    pub async fn changer_role(
        &self,
        caller: &Caller,
        rattachement_id: i64,
        role: Role,
    ) -> Result<(), AppError> {
        let r = self.rattachement_gere(caller, rattachement_id).await?;
        let acteur = self.acteur(caller, r.structure_id).await?;
        acteur.peut_changer_role(stored(&r.role)?, role).map_err(refus)?;
        self.store().update_rattachement(r.id, role.code(), &r.statut).await?;
        Ok(())
    }

    /// Hands the principal manager's role to another validated user of the structure; the
    /// former principal stays a secondary manager.
    pub async fn remplacer_gestionnaire_principal(
        &self,
        caller: &Caller,
        structure_id: i64,
        successeur: &UserRef,
    ) -> Result<(), AppError> {
        let acteur = self.acteur(caller, structure_id).await?;
        if acteur == Acteur::Etranger {
            return Err(crate::annuaire::inconnue(structure_id));
        }
        let successeur = match successeur {
            UserRef::Id(id) => self.store().find_utilisateur(*id).await?,
            UserRef::Email(email) => self.store().find_utilisateur_by_email(email).await?,
        };
        let attachment = match &successeur {
            Some(u) => self.store().find_rattachement_of(u.id, structure_id).await?,
            None => None,
        };
        let state = attachment
            .as_ref()
            .map(|a| {
                Ok::<_, AppError>((
                    stored::<Role>(&a.role)?,
                    stored::<StatutRattachement>(&a.statut)?,
                ))
            })
            .transpose()?;
        acteur.peut_transmettre_principal(state).map_err(refus)?;
        let Some(to) = attachment else {
            return Err(refus(facteur_domain::utilisateur::RefusGestion::SuccesseurInvalide));
        };
        let principal = self
            .store()
            .rattachements_of_structure(structure_id, Some(StatutRattachement::Validee.code()))
            .await?
            .into_iter()
            .find(|r| r.role == Role::GestionnairePrincipal.code());
        match principal {
            Some(from) => self.store().transfer_principal(from.id, to.id).await?,
            // A structure registered without users gets its first principal manager.
            None => {
                self.store()
                    .update_rattachement(to.id, Role::GestionnairePrincipal.code(), &to.statut)
                    .await?;
            }
        }
        Ok(())
    }

    /// Attaches a validated member of the structure to one of its services.
    pub async fn rattacher_service(
        &self,
        caller: &Caller,
        rattachement_id: i64,
        service_id: i64,
    ) -> Result<(), AppError> {
        let r = self.rattachement_gere(caller, rattachement_id).await?;
        self.store().find_service(r.structure_id, service_id).await?.ok_or_else(|| {
            AppError::invalid(format!(
                "idService: [{service_id}] is not a service of structure {}",
                r.structure_id
            ))
        })?;
        self.store().upsert_rattachement_service(r.utilisateur_id, service_id, &r.statut).await?;
        Ok(())
    }

    /// An attachment the caller manages, or a refusal that does not reveal it to others.
    async fn rattachement_gere(
        &self,
        caller: &Caller,
        id: i64,
    ) -> Result<RattachementRecord, AppError> {
        let r = self
            .store()
            .find_rattachement(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no attachment {id}")))?;
        self.gestionnaire(caller, r.structure_id).await.map_err(|e| match e {
            AppError::NotFound(_) => AppError::NotFound(format!("no attachment {id}")),
            other => other,
        })?;
        Ok(r)
    }
}
