//! A person's own account, and what a manager sees across the structures it manages.

use facteur_domain::utilisateur::{Role, StatutRattachement};
use facteur_store::{AbonnementRecord, RattachementRecord, StructureRecord, UtilisateurRecord};

use super::stored;
use crate::admin::Credentials;
use crate::secrets::random_secret;
use crate::{App, AppError, Caller};

impl App {
    /// `consulterCompteUtilisateur`: the caller's account.
    pub async fn mon_compte(&self, caller: &Caller) -> Result<UtilisateurRecord, AppError> {
        self.store()
            .find_utilisateur(caller.utilisateur_id)
            .await?
            .ok_or_else(|| AppError::NotFound("no such account".into()))
    }

    /// `recupererAbonnementsMonCompteUtilisateur`.
    pub async fn mes_abonnements(
        &self,
        caller: &Caller,
    ) -> Result<Vec<AbonnementRecord>, AppError> {
        Ok(self.store().abonnements_of_user(caller.utilisateur_id).await?)
    }

    /// `supprimerRattachStructureMonCompteUtilisateur`: a user leaves a structure. The
    /// principal manager hands the role over first.
    pub async fn quitter_structure(
        &self,
        caller: &Caller,
        rattachement_id: i64,
    ) -> Result<(), AppError> {
        let r = self
            .store()
            .find_rattachement(rattachement_id)
            .await?
            .filter(|r| r.utilisateur_id == caller.utilisateur_id)
            .ok_or_else(|| {
                AppError::NotFound(format!("no attachment {rattachement_id} of this account"))
            })?;
        if stored::<Role>(&r.role)? == Role::GestionnairePrincipal
            && r.statut == StatutRattachement::Validee.code()
        {
            return Err(AppError::Forbidden(
                "the principal manager cannot leave the structure: hand the role over first".into(),
            ));
        }
        self.store()
            .update_rattachement(r.id, &r.role, StatutRattachement::Supprimee.code())
            .await?;
        Ok(())
    }

    /// `recupererStructuresGereesParGestionnaire`: the structures the caller manages.
    pub async fn structures_gerees(
        &self,
        caller: &Caller,
    ) -> Result<Vec<StructureRecord>, AppError> {
        let mut structures = Vec::new();
        for r in self.store().rattachements_of_user(caller.utilisateur_id).await? {
            let manages = r.statut == StatutRattachement::Validee.code()
                && stored::<Role>(&r.role)?.est_gestionnaire();
            if manages && let Some(s) = self.store().find_structure(r.structure_id).await? {
                structures.push(s);
            }
        }
        Ok(structures)
    }

    /// `rechercherUtilisateursGeresParGestionnaire`: the attachments of every structure the
    /// caller manages.
    pub async fn utilisateurs_geres(
        &self,
        caller: &Caller,
    ) -> Result<Vec<RattachementRecord>, AppError> {
        let mut all = Vec::new();
        for s in self.structures_gerees(caller).await? {
            all.extend(self.store().rattachements_of_structure(s.id, None).await?);
        }
        Ok(all)
    }

    /// `modifierUtilisateurParGestionnaire`: the user themself, a manager of a structure the
    /// user is attached to, or an operator changes a person's names and phone.
    pub async fn modifier_utilisateur(
        &self,
        caller: &Caller,
        utilisateur_id: i64,
        nom: &str,
        prenom: &str,
        telephone: &str,
    ) -> Result<(), AppError> {
        let unknown =
            || AppError::NotFound(format!("no user {utilisateur_id} visible to this account"));
        if utilisateur_id != caller.utilisateur_id && !caller.operateur {
            let mut allowed = false;
            for r in self.store().rattachements_of_user(utilisateur_id).await? {
                if self.gestionnaire(caller, r.structure_id).await.is_ok() {
                    allowed = true;
                    break;
                }
            }
            if !allowed {
                return Err(unknown());
            }
        }
        if !self
            .store()
            .update_utilisateur_profile(utilisateur_id, nom.trim(), prenom.trim(), telephone.trim())
            .await?
        {
            return Err(unknown());
        }
        Ok(())
    }

    /// The logins of a structure's technical accounts, for its managers.
    pub async fn comptes_techniques(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<Vec<String>, AppError> {
        self.gestionnaire(caller, structure_id).await?;
        Ok(self.store().technical_accounts_of_structure(structure_id).await?)
    }

    /// A new password for a structure's technical account, which restarts its 424 days.
    /// Only the principal manager (or an operator) may, as in Chorus Pro; the password is
    /// shown once.
    pub async fn renouveler_mot_de_passe_technique(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<Credentials, AppError> {
        use facteur_domain::utilisateur::Acteur;
        match self.gestionnaire(caller, structure_id).await? {
            Acteur::Operateur | Acteur::Membre(Role::GestionnairePrincipal) => {}
            _ => {
                return Err(AppError::Forbidden(
                    "only the principal manager renews the technical password".into(),
                ));
            }
        }
        let login = self
            .store()
            .technical_accounts_of_structure(structure_id)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                AppError::NotFound(format!("structure {structure_id} has no technical account"))
            })?;
        let password = random_secret();
        self.set_account_password(&login, &password).await?;
        Ok(Credentials { login, secret: password })
    }
}
