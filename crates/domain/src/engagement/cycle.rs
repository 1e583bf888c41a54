//! The life cycle of an engagement. An issuer drafts it, transmits it to its receiver, may
//! change it, put it out of force and back, and delete it while no invoice quotes it. The
//! receiver may refuse it or send it back to be corrected; the issuer then corrects it and
//! transmits it again (it "recycles" it).

crate::code_enum! {
    /// `etatCourantEngagementJuridique`. Chorus Pro calls an engagement in force `COMMANDE`.
    pub enum EtatEngagement ("engagement state") {
        Brouillon = "BROUILLON",
        Commande = "COMMANDE",
        Inactif = "INACTIF",
        Refuse = "REFUSE",
        ARecycler = "A_RECYCLER",
        Supprime = "SUPPRIME",
    }
}

impl EtatEngagement {
    /// A receiver sees an engagement once it has been transmitted, and until it is deleted.
    pub fn visible_du_recepteur(self) -> bool {
        !matches!(self, Self::Brouillon | Self::Supprime)
    }
}

crate::code_enum! {
    /// What was done to an engagement, as its history records it.
    pub enum ActionEngagement ("engagement action") {
        Creer = "CREER",
        Modifier = "MODIFIER",
        Transmettre = "TRANSMETTRE",
        Inactiver = "INACTIVER",
        Reactiver = "REACTIVER",
        Supprimer = "SUPPRIMER",
        Refuser = "REFUSER",
        Recycler = "RECYCLER",
    }
}

/// On which side of an engagement the actor stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoteEngagement {
    /// The public body that issued it.
    Emetteur,
    /// The structure it was issued to.
    Recepteur,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefusEngagement {
    #[error("only the issuer may {0} an engagement")]
    ReserveEmetteur(&'static str),
    #[error("only the receiver may {0} an engagement")]
    ReserveRecepteur(&'static str),
    #[error("an engagement in state {de} cannot be {action}{}", attendu(.action))]
    Interdite { de: EtatEngagement, action: &'static str },
    #[error("motif: a reason is required to {0} an engagement")]
    MotifRequis(&'static str),
    #[error("the engagement is quoted by {0} invoice(s): it can be made inactive, not deleted")]
    FacturesLiees(u64),
}

fn attendu(action: &str) -> String {
    let from: Vec<&str> = EtatEngagement::ALL
        .iter()
        .filter(|de| {
            ActionEngagement::ALL
                .iter()
                .any(|a| participe(*a) == action && vers(**de, *a).is_some())
        })
        .map(|de| de.code())
        .collect();
    format!(". Expected [an engagement in state {}]", from.join(", "))
}

impl ActionEngagement {
    fn cote(self) -> CoteEngagement {
        match self {
            Self::Refuser | Self::Recycler => CoteEngagement::Recepteur,
            _ => CoteEngagement::Emetteur,
        }
    }
}

fn verbe(action: ActionEngagement) -> &'static str {
    match action {
        ActionEngagement::Creer => "create",
        ActionEngagement::Modifier => "modify",
        ActionEngagement::Transmettre => "transmit",
        ActionEngagement::Inactiver => "inactivate",
        ActionEngagement::Reactiver => "reactivate",
        ActionEngagement::Supprimer => "delete",
        ActionEngagement::Refuser => "refuse",
        ActionEngagement::Recycler => "send back for correction",
    }
}

fn participe(action: ActionEngagement) -> &'static str {
    match action {
        ActionEngagement::Creer => "created",
        ActionEngagement::Modifier => "modified",
        ActionEngagement::Transmettre => "transmitted",
        ActionEngagement::Inactiver => "inactivated",
        ActionEngagement::Reactiver => "reactivated",
        ActionEngagement::Supprimer => "deleted",
        ActionEngagement::Refuser => "refused",
        ActionEngagement::Recycler => "sent back for correction",
    }
}

/// Where an action takes an engagement from a state, if it may.
fn vers(de: EtatEngagement, action: ActionEngagement) -> Option<EtatEngagement> {
    use ActionEngagement as A;
    use EtatEngagement::*;
    match (action, de) {
        (A::Creer, _) => None,
        // Corrections keep the state: a refused engagement stays refused until transmitted.
        (A::Modifier, Brouillon | Commande | Refuse | ARecycler) => Some(de),
        (A::Transmettre, Brouillon | Refuse | ARecycler) => Some(Commande),
        (A::Inactiver, Commande) => Some(Inactif),
        (A::Reactiver, Inactif) => Some(Commande),
        (A::Supprimer, Brouillon | Commande | Inactif | Refuse | ARecycler) => Some(Supprime),
        (A::Refuser, Commande) => Some(Refuse),
        (A::Recycler, Commande) => Some(ARecycler),
        _ => None,
    }
}

/// Says where an action takes an engagement, or why it may not: the actor's side, the
/// state, a reason where one is needed, and no deletion while invoices quote it.
pub fn agir(
    de: EtatEngagement,
    cote: CoteEngagement,
    action: ActionEngagement,
    motif: Option<&str>,
    factures_liees: u64,
) -> Result<EtatEngagement, RefusEngagement> {
    if action.cote() != cote {
        return Err(match action.cote() {
            CoteEngagement::Emetteur => RefusEngagement::ReserveEmetteur(verbe(action)),
            CoteEngagement::Recepteur => RefusEngagement::ReserveRecepteur(verbe(action)),
        });
    }
    let etat =
        vers(de, action).ok_or(RefusEngagement::Interdite { de, action: participe(action) })?;
    if matches!(action, ActionEngagement::Refuser | ActionEngagement::Recycler)
        && motif.is_none_or(|m| m.trim().is_empty())
    {
        return Err(RefusEngagement::MotifRequis(verbe(action)));
    }
    if action == ActionEngagement::Supprimer && factures_liees > 0 {
        return Err(RefusEngagement::FacturesLiees(factures_liees));
    }
    Ok(etat)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionEngagement as A;
    use CoteEngagement::*;
    use EtatEngagement::*;

    #[test]
    fn an_engagement_lives_from_draft_to_deletion() {
        let transmis = agir(Brouillon, Emetteur, A::Transmettre, None, 0).unwrap();
        assert_eq!(transmis, Commande);
        assert_eq!(agir(Commande, Emetteur, A::Modifier, None, 0), Ok(Commande));
        assert_eq!(agir(Commande, Emetteur, A::Inactiver, None, 0), Ok(Inactif));
        assert_eq!(agir(Inactif, Emetteur, A::Reactiver, None, 0), Ok(Commande));
        assert_eq!(agir(Inactif, Emetteur, A::Supprimer, None, 0), Ok(Supprime));
    }

    #[test]
    fn a_refused_engagement_is_corrected_and_transmitted_again() {
        let refuse = agir(Commande, Recepteur, A::Refuser, Some("not ours"), 0).unwrap();
        assert_eq!(refuse, Refuse);
        assert_eq!(agir(Refuse, Emetteur, A::Modifier, None, 0), Ok(Refuse));
        assert_eq!(agir(Refuse, Emetteur, A::Transmettre, None, 0), Ok(Commande));
        let renvoye = agir(Commande, Recepteur, A::Recycler, Some("wrong amount"), 0).unwrap();
        assert_eq!(agir(renvoye, Emetteur, A::Transmettre, None, 0), Ok(Commande));
    }

    #[test]
    fn each_side_keeps_to_its_actions() {
        assert_eq!(
            agir(Commande, Recepteur, A::Modifier, None, 0),
            Err(RefusEngagement::ReserveEmetteur("modify"))
        );
        assert_eq!(
            agir(Commande, Emetteur, A::Refuser, Some("x"), 0),
            Err(RefusEngagement::ReserveRecepteur("refuse"))
        );
    }

    #[test]
    fn refusals_need_a_reason_and_deletion_no_invoice() {
        assert_eq!(
            agir(Commande, Recepteur, A::Refuser, Some("  "), 0),
            Err(RefusEngagement::MotifRequis("refuse"))
        );
        assert_eq!(
            agir(Commande, Emetteur, A::Supprimer, None, 2),
            Err(RefusEngagement::FacturesLiees(2))
        );
    }

    #[test]
    fn a_forbidden_move_says_from_where_it_is_allowed() {
        let e = agir(Brouillon, Emetteur, A::Inactiver, None, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "an engagement in state BROUILLON cannot be inactivated. Expected [an engagement in state COMMANDE]"
        );
        assert!(agir(Supprime, Emetteur, A::Modifier, None, 0).is_err());
        assert!(agir(Inactif, Emetteur, A::Modifier, None, 0).is_err());
        assert!(agir(Refuse, Recepteur, A::Refuser, Some("again"), 0).is_err());
    }

    #[test]
    fn receivers_see_transmitted_engagements_only() {
        assert!(!Brouillon.visible_du_recepteur());
        assert!(!Supprime.visible_du_recepteur());
        assert!(Commande.visible_du_recepteur() && Inactif.visible_du_recepteur());
    }
}
