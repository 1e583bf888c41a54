//! The life cycle: who may move an invoice from which status to which, and what each move
//! needs. The statuses are Chorus Pro's ([`StatutFacture`]).

use crate::statut_facture::StatutFacture;

/// Who moves an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActeurCycle {
    /// The platform itself: routing, delivery, the validation circuit's bookkeeping.
    Plateforme,
    /// The recipient public body, with `traiter/recue`.
    Destinataire,
    /// The supplier: completing a suspended invoice, recycling a misrouted one.
    Fournisseur,
    /// The validator of a subcontractor's or co-contractor's invoice (frameworks A9, A12).
    Valideur,
}

impl ActeurCycle {
    fn nom(self) -> &'static str {
        match self {
            Self::Plateforme => "the platform",
            Self::Destinataire => "the recipient",
            Self::Fournisseur => "the supplier",
            Self::Valideur => "the validator",
        }
    }
}

/// A requested move.
#[derive(Debug, Clone, Copy)]
pub struct Transition<'a> {
    pub de: StatutFacture,
    pub vers: StatutFacture,
    pub acteur: ActeurCycle,
    pub motif: Option<&'a str>,
    pub numero_dp_mandat: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefusTransition {
    #[error("{acteur} cannot move an invoice from {de} to {vers}{}", allowed(.de, .acteur))]
    Interdite { de: StatutFacture, vers: StatutFacture, acteur: &'static str },
    #[error("motif: a reason is required to move an invoice to {0}")]
    MotifRequis(StatutFacture),
    #[error(
        "numeroDPMandat: the payment mandate number is required to move an invoice to MANDATEE"
    )]
    NumeroMandatRequis,
}

fn allowed(de: &StatutFacture, acteur: &&'static str) -> String {
    let targets: Vec<&str> = [
        ActeurCycle::Destinataire,
        ActeurCycle::Fournisseur,
        ActeurCycle::Valideur,
        ActeurCycle::Plateforme,
    ]
    .into_iter()
    .filter(|a| a.nom() == *acteur)
    .flat_map(|a| cibles(*de, a))
    .map(|s| s.code())
    .collect();
    if targets.is_empty() {
        format!(" (from {de}, nothing is allowed to {acteur})")
    } else {
        format!(". Expected [{}]", targets.join(", "))
    }
}

/// Where an actor may move an invoice from a status.
pub fn cibles(de: StatutFacture, acteur: ActeurCycle) -> Vec<StatutFacture> {
    use StatutFacture::*;
    match acteur {
        ActeurCycle::Destinataire => de.cibles_traitement().to_vec(),
        ActeurCycle::Plateforme => match de {
            // A digitised paper invoice enters the flow once its data is typed.
            InterpreteeOcr => vec![Deposee],
            Deposee => vec![EnCoursAcheminement, AValider1],
            Validee1 => vec![EnCoursAcheminement],
            EnCoursAcheminement => vec![MiseADisposition],
            _ => vec![],
        },
        ActeurCycle::Fournisseur => match de {
            Suspendue => vec![Completee],
            // Recycling re-routes the invoice: it is deposited again.
            ARecycler => vec![Deposee],
            _ => vec![],
        },
        ActeurCycle::Valideur => match de {
            AValider1 => vec![Validee1, Refusee1],
            _ => vec![],
        },
    }
}

/// Says whether a move is allowed, or why not.
pub fn transition(t: &Transition<'_>) -> Result<(), RefusTransition> {
    if !cibles(t.de, t.acteur).contains(&t.vers) {
        return Err(RefusTransition::Interdite { de: t.de, vers: t.vers, acteur: t.acteur.nom() });
    }
    let blank = |s: Option<&str>| s.is_none_or(|s| s.trim().is_empty());
    match t.vers {
        StatutFacture::Rejetee | StatutFacture::Suspendue | StatutFacture::Refusee1
            if blank(t.motif) =>
        {
            Err(RefusTransition::MotifRequis(t.vers))
        }
        StatutFacture::Mandatee if blank(t.numero_dp_mandat) => {
            Err(RefusTransition::NumeroMandatRequis)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StatutFacture::*;

    fn go(
        de: StatutFacture,
        vers: StatutFacture,
        acteur: ActeurCycle,
    ) -> Result<(), RefusTransition> {
        transition(&Transition {
            de,
            vers,
            acteur,
            motif: Some("motif"),
            numero_dp_mandat: Some("M-1"),
        })
    }

    #[test]
    fn the_nominal_path_to_payment() {
        let path = [
            (Deposee, EnCoursAcheminement, ActeurCycle::Plateforme),
            (EnCoursAcheminement, MiseADisposition, ActeurCycle::Plateforme),
            (MiseADisposition, ServiceFait, ActeurCycle::Destinataire),
            (ServiceFait, Mandatee, ActeurCycle::Destinataire),
            (Mandatee, MiseADispositionComptable, ActeurCycle::Destinataire),
            (MiseADispositionComptable, Comptabilisee, ActeurCycle::Destinataire),
            (Comptabilisee, MiseEnPaiement, ActeurCycle::Destinataire),
        ];
        for (de, vers, acteur) in path {
            assert_eq!(go(de, vers, acteur), Ok(()), "{de} → {vers}");
        }
    }

    #[test]
    fn suspension_completion_and_recycling() {
        assert!(go(MiseADisposition, Suspendue, ActeurCycle::Destinataire).is_ok());
        assert!(go(Suspendue, Completee, ActeurCycle::Fournisseur).is_ok());
        assert!(go(Completee, MiseADisposition, ActeurCycle::Destinataire).is_ok());
        assert!(go(MiseADisposition, ARecycler, ActeurCycle::Destinataire).is_ok());
        assert!(go(ARecycler, Deposee, ActeurCycle::Fournisseur).is_ok());
        assert!(go(Deposee, AValider1, ActeurCycle::Plateforme).is_ok());
        assert!(go(AValider1, Validee1, ActeurCycle::Valideur).is_ok());
    }

    #[test]
    fn forbidden_moves_say_what_is_allowed() {
        let err = go(MiseEnPaiement, Rejetee, ActeurCycle::Destinataire).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the recipient cannot move an invoice from MISE_EN_PAIEMENT to REJETEE (from MISE_EN_PAIEMENT, nothing is allowed to the recipient)"
        );
        let err = go(Mandatee, Rejetee, ActeurCycle::Destinataire).unwrap_err();
        assert!(
            err.to_string().ends_with(
                "Expected [MISE_A_DISPOSITION_COMPTABLE, COMPTABILISEE, MISE_EN_PAIEMENT]"
            ),
            "{err}"
        );
        // The supplier does not treat its own invoice; the recipient does not complete it.
        assert!(go(MiseADisposition, MiseEnPaiement, ActeurCycle::Fournisseur).is_err());
        assert!(go(Suspendue, Completee, ActeurCycle::Destinataire).is_err());
        assert!(go(Rejetee, MiseADisposition, ActeurCycle::Destinataire).is_err());
    }

    #[test]
    fn rejection_and_suspension_need_a_reason_mandating_a_number() {
        for vers in [Rejetee, Suspendue] {
            let t = Transition {
                de: MiseADisposition,
                vers,
                acteur: ActeurCycle::Destinataire,
                motif: Some("  "),
                numero_dp_mandat: None,
            };
            assert_eq!(transition(&t), Err(RefusTransition::MotifRequis(vers)));
        }
        let t = Transition {
            de: MiseADisposition,
            vers: Mandatee,
            acteur: ActeurCycle::Destinataire,
            motif: None,
            numero_dp_mandat: None,
        };
        assert_eq!(transition(&t), Err(RefusTransition::NumeroMandatRequis));
    }
}
