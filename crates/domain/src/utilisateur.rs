//! Users, their attachments to structures and services, and the managers' rules.

crate::code_enum! {
    /// A user's role on a structure: exactly one principal manager, any number of secondary
    /// managers and simple users.
    pub enum Role ("user role") {
        GestionnairePrincipal = "GESTIONNAIRE_PRINCIPAL",
        GestionnaireSecondaire = "GESTIONNAIRE_SECONDAIRE",
        Utilisateur = "UTILISATEUR",
    }
}

impl Role {
    pub fn est_gestionnaire(self) -> bool {
        matches!(self, Self::GestionnairePrincipal | Self::GestionnaireSecondaire)
    }
}

crate::code_enum! {
    /// Where an attachment stands (`statutRattachement`).
    pub enum StatutRattachement ("attachment status") {
        EnCoursDeValidation = "EN_COURS_DE_VALIDATION",
        Validee = "VALIDEE",
        Refusee = "REFUSEE",
        Desactivee = "DESACTIVEE",
        Supprimee = "SUPPRIMEE",
    }
}

impl StatutRattachement {
    /// The moves a manager can make: a request is validated or refused; a validated
    /// attachment is deactivated and reactivated; anything but a deletion can be deleted.
    pub fn peut_passer_a(self, cible: Self) -> bool {
        use StatutRattachement::*;
        matches!(
            (self, cible),
            (EnCoursDeValidation, Validee | Refusee)
                | (Validee, Desactivee)
                | (Desactivee, Validee)
                | (EnCoursDeValidation | Validee | Refusee | Desactivee, Supprimee)
        )
    }
}

/// Why a manager's action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefusGestion {
    #[error("only a manager of the structure may do this")]
    PasGestionnaire,
    #[error("only the principal manager may hand the principal role over")]
    PasGestionnairePrincipal,
    #[error(
        "the principal manager cannot be demoted, deactivated or removed: hand the role over first"
    )]
    GestionnairePrincipalIntouchable,
    #[error("an attachment cannot go from {from} to {to}")]
    Transition { from: StatutRattachement, to: StatutRattachement },
    #[error("the new principal manager must be a validated user of the structure")]
    SuccesseurInvalide,
}

/// Who acts on a structure's users: its manager (with their role), or the platform's
/// operator, who may do anything a principal manager may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acteur {
    Operateur,
    Membre(Role),
    Etranger,
}

impl Acteur {
    fn gestionnaire(self) -> Result<bool, RefusGestion> {
        match self {
            Self::Operateur | Self::Membre(Role::GestionnairePrincipal) => Ok(true),
            Self::Membre(Role::GestionnaireSecondaire) => Ok(false),
            _ => Err(RefusGestion::PasGestionnaire),
        }
    }

    /// Validating, refusing, deactivating or deleting someone's attachment.
    pub fn peut_changer_statut(
        self,
        role_cible: Role,
        from: StatutRattachement,
        to: StatutRattachement,
    ) -> Result<(), RefusGestion> {
        self.gestionnaire()?;
        if role_cible == Role::GestionnairePrincipal && from == StatutRattachement::Validee {
            return Err(RefusGestion::GestionnairePrincipalIntouchable);
        }
        if !from.peut_passer_a(to) {
            return Err(RefusGestion::Transition { from, to });
        }
        Ok(())
    }

    /// Making a user a secondary manager or a simple user. The principal role only changes
    /// hands through [`Acteur::peut_transmettre_principal`].
    pub fn peut_changer_role(self, actuel: Role, nouveau: Role) -> Result<(), RefusGestion> {
        self.gestionnaire()?;
        if actuel == Role::GestionnairePrincipal {
            return Err(RefusGestion::GestionnairePrincipalIntouchable);
        }
        if nouveau == Role::GestionnairePrincipal {
            return Err(RefusGestion::PasGestionnairePrincipal);
        }
        Ok(())
    }

    /// Handing the principal role to another validated user; the former principal stays as
    /// a secondary manager, so the structure is never without one.
    pub fn peut_transmettre_principal(
        self,
        successeur: Option<(Role, StatutRattachement)>,
    ) -> Result<(), RefusGestion> {
        if !self.gestionnaire()? {
            return Err(RefusGestion::PasGestionnairePrincipal);
        }
        match successeur {
            Some((role, StatutRattachement::Validee)) if role != Role::GestionnairePrincipal => {
                Ok(())
            }
            _ => Err(RefusGestion::SuccesseurInvalide),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;
    use StatutRattachement::*;

    #[test]
    fn a_secondary_manager_cannot_touch_the_principal() {
        let secondaire = Acteur::Membre(GestionnaireSecondaire);
        assert_eq!(
            secondaire.peut_changer_statut(GestionnairePrincipal, Validee, Desactivee),
            Err(RefusGestion::GestionnairePrincipalIntouchable)
        );
        assert_eq!(
            secondaire.peut_changer_role(GestionnairePrincipal, Utilisateur),
            Err(RefusGestion::GestionnairePrincipalIntouchable)
        );
        assert_eq!(
            secondaire.peut_transmettre_principal(Some((Utilisateur, Validee))),
            Err(RefusGestion::PasGestionnairePrincipal)
        );
        assert!(secondaire.peut_changer_statut(Utilisateur, EnCoursDeValidation, Validee).is_ok());
        assert!(secondaire.peut_changer_role(Utilisateur, GestionnaireSecondaire).is_ok());
    }

    #[test]
    fn simple_users_and_strangers_manage_nothing() {
        for acteur in [Acteur::Membre(Utilisateur), Acteur::Etranger] {
            assert_eq!(
                acteur.peut_changer_statut(Utilisateur, EnCoursDeValidation, Validee),
                Err(RefusGestion::PasGestionnaire)
            );
        }
    }

    #[test]
    fn the_principal_role_changes_hands_only_to_a_validated_user() {
        let principal = Acteur::Membre(GestionnairePrincipal);
        assert!(
            principal.peut_transmettre_principal(Some((GestionnaireSecondaire, Validee))).is_ok()
        );
        assert!(Acteur::Operateur.peut_transmettre_principal(Some((Utilisateur, Validee))).is_ok());
        for successeur in
            [None, Some((Utilisateur, EnCoursDeValidation)), Some((Utilisateur, Desactivee))]
        {
            assert_eq!(
                principal.peut_transmettre_principal(successeur),
                Err(RefusGestion::SuccesseurInvalide)
            );
        }
    }

    #[test]
    fn attachment_statuses_move_as_a_manager_moves_them() {
        assert!(EnCoursDeValidation.peut_passer_a(Validee));
        assert!(Validee.peut_passer_a(Desactivee) && Desactivee.peut_passer_a(Validee));
        assert!(!Refusee.peut_passer_a(Validee));
        assert!(!Supprimee.peut_passer_a(Validee));
        assert_eq!(
            Acteur::Operateur.peut_changer_statut(Utilisateur, Refusee, Validee),
            Err(RefusGestion::Transition { from: Refusee, to: Validee })
        );
    }
}
