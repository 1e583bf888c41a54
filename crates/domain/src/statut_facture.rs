//! The statuses of a payment request ("demande de paiement"), as Chorus Pro names them.

use std::fmt;
use std::str::FromStr;

/// Every status Chorus Pro reports (`statut`, `histoStatutCode`), in its own order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatutFacture {
    Brouillon,
    AValider1,
    ErreurFournisseurSurValideur,
    Refusee1,
    Validee1,
    AbsenceValidation1HorsDelai,
    AValider2,
    ErreurCotraitantSurValideur,
    Refusee2,
    Validee2,
    AbsenceValidation2HorsDelai,
    Deposee,
    ErreurFournisseurSurMoe,
    EnCoursAcheminement,
    MiseADisposition,
    ARecycler,
    Suspendue,
    Rejetee,
    Mandatee,
    MiseEnPaiement,
    Comptabilisee,
    MiseADispositionComptable,
    Abandonnee,
    Supprimee,
    Associee,
    EnCoursTraitementPivotS,
    AValiderMoe,
    RefuseeMoe,
    EnAttenteRecyclageFournisseur,
    ErreurMoeSurFournisseur,
    ErreurMoaSurFournisseur,
    InterpreteeOcr,
    Completee,
    ErreurFournisseurSurMoa,
    ErreurMoeSurMoa,
    ErreurDestinatairePd,
    ErreurDestinataireEa,
    ServiceFait,
    NonConforme,
    AAssocierMoe,
    ErreurDeMoe,
    MiseADispositionMoe,
    PriseEnCompteMoe,
    AAssocierMoa,
    ErreurDeMoa,
    RefuseeMoa,
    AAssocierFournisseur,
    RefuseeFournisseur,
    ACompleter,
    TransmiseMoa,
    PriseEnCompteDestinataire,
    RemplaceeParA22,
    DupliqueApresRefus,
    MiseADispositionMoa,
    PriseEnCompteMoa,
    AbsenceValidationMoeDelaiReglementaire,
    TechniqueInconnu,
}

impl StatutFacture {
    pub const ALL: [StatutFacture; 57] = [
        Self::Brouillon,
        Self::AValider1,
        Self::ErreurFournisseurSurValideur,
        Self::Refusee1,
        Self::Validee1,
        Self::AbsenceValidation1HorsDelai,
        Self::AValider2,
        Self::ErreurCotraitantSurValideur,
        Self::Refusee2,
        Self::Validee2,
        Self::AbsenceValidation2HorsDelai,
        Self::Deposee,
        Self::ErreurFournisseurSurMoe,
        Self::EnCoursAcheminement,
        Self::MiseADisposition,
        Self::ARecycler,
        Self::Suspendue,
        Self::Rejetee,
        Self::Mandatee,
        Self::MiseEnPaiement,
        Self::Comptabilisee,
        Self::MiseADispositionComptable,
        Self::Abandonnee,
        Self::Supprimee,
        Self::Associee,
        Self::EnCoursTraitementPivotS,
        Self::AValiderMoe,
        Self::RefuseeMoe,
        Self::EnAttenteRecyclageFournisseur,
        Self::ErreurMoeSurFournisseur,
        Self::ErreurMoaSurFournisseur,
        Self::InterpreteeOcr,
        Self::Completee,
        Self::ErreurFournisseurSurMoa,
        Self::ErreurMoeSurMoa,
        Self::ErreurDestinatairePd,
        Self::ErreurDestinataireEa,
        Self::ServiceFait,
        Self::NonConforme,
        Self::AAssocierMoe,
        Self::ErreurDeMoe,
        Self::MiseADispositionMoe,
        Self::PriseEnCompteMoe,
        Self::AAssocierMoa,
        Self::ErreurDeMoa,
        Self::RefuseeMoa,
        Self::AAssocierFournisseur,
        Self::RefuseeFournisseur,
        Self::ACompleter,
        Self::TransmiseMoa,
        Self::PriseEnCompteDestinataire,
        Self::RemplaceeParA22,
        Self::DupliqueApresRefus,
        Self::MiseADispositionMoa,
        Self::PriseEnCompteMoa,
        Self::AbsenceValidationMoeDelaiReglementaire,
        Self::TechniqueInconnu,
    ];
    const CODES: [&'static str; 57] = [
        "BROUILLON",
        "A_VALIDER_1",
        "ERREUR_FOURNISSEUR_SUR_VALIDEUR",
        "REFUSEE_1",
        "VALIDEE_1",
        "ABSENCE_VALIDATION_1_HORS_DELAI",
        "A_VALIDER_2",
        "ERREUR_COTRAITANT_SUR_VALIDEUR",
        "REFUSEE_2",
        "VALIDEE_2",
        "ABSENCE_VALIDATION_2_HORS_DELAI",
        "DEPOSEE",
        "ERREUR_FOURNISSEUR_SUR_MOE",
        "EN_COURS_ACHEMINEMENT",
        "MISE_A_DISPOSITION",
        "A_RECYCLER",
        "SUSPENDUE",
        "REJETEE",
        "MANDATEE",
        "MISE_EN_PAIEMENT",
        "COMPTABILISEE",
        "MISE_A_DISPOSITION_COMPTABLE",
        "ABANDONNEE",
        "SUPPRIMEE",
        "ASSOCIEE",
        "EN_COURS_TRAITEMENT_PIVOT_S",
        "A_VALIDER_MOE",
        "REFUSEE_MOE",
        "EN_ATTENTE_RECYCLAGE_FOURNISSEUR",
        "ERREUR_MOE_SUR_FOURNISSEUR",
        "ERREUR_MOA_SUR_FOURNISSEUR",
        "INTERPRETEE_OCR",
        "COMPLETEE",
        "ERREUR_FOURNISSEUR_SUR_MOA",
        "ERREUR_MOE_SUR_MOA",
        "ERREUR_DESTINATAIRE_PD",
        "ERREUR_DESTINATAIRE_EA",
        "SERVICE_FAIT",
        "NON_CONFORME",
        "A_ASSOCIER_MOE",
        "ERREUR_DE_MOE",
        "MISE_A_DISPOSITION_MOE",
        "PRISE_EN_COMPTE_MOE",
        "A_ASSOCIER_MOA",
        "ERREUR_DE_MOA",
        "REFUSEE_MOA",
        "A_ASSOCIER_FOURNISSEUR",
        "REFUSEE_FOURNISSEUR",
        "A_COMPLETER",
        "TRANSMISE_MOA",
        "PRISE_EN_COMPTE_DESTINATAIRE",
        "REMPLACEE_PAR_A22",
        "DUPLIQUE_APRES_REFUS",
        "MISE_A_DISPOSITION_MOA",
        "PRISE_EN_COMPTE_MOA",
        "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE",
        "TECHNIQUE_INCONNU",
    ];

    pub fn code(self) -> &'static str {
        Self::CODES[self as usize]
    }

    /// The statuses `recuperer/etat/typedp` lists for an invoice (`FACTURE`): the first 21,
    /// from `BROUILLON` to `COMPTABILISEE`, as Chorus Pro answers.
    pub fn etats_facture() -> &'static [StatutFacture] {
        &Self::ALL[..21]
    }

    /// Where a recipient may move an invoice from this status with `traiter/recue`. The
    /// nominal path runs forward only (a step may be skipped); suspension, rejection and
    /// recycling stay open until the invoice is mandated.
    pub fn cibles_traitement(self) -> &'static [StatutFacture] {
        use StatutFacture::*;
        match self {
            MiseADisposition => &[
                Suspendue,
                Rejetee,
                ServiceFait,
                Mandatee,
                MiseADispositionComptable,
                Comptabilisee,
                MiseEnPaiement,
                ARecycler,
            ],
            Completee => &[
                MiseADisposition,
                Suspendue,
                Rejetee,
                ServiceFait,
                Mandatee,
                MiseADispositionComptable,
                Comptabilisee,
                MiseEnPaiement,
                ARecycler,
            ],
            ServiceFait => &[
                Suspendue,
                Rejetee,
                Mandatee,
                MiseADispositionComptable,
                Comptabilisee,
                MiseEnPaiement,
                ARecycler,
            ],
            Mandatee => &[MiseADispositionComptable, Comptabilisee, MiseEnPaiement],
            MiseADispositionComptable => &[Comptabilisee, MiseEnPaiement],
            Comptabilisee => &[MiseEnPaiement],
            _ => &[],
        }
    }
}

impl fmt::Display for StatutFacture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for StatutFacture {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::CODES
            .iter()
            .position(|c| *c == s)
            .map(|i| Self::ALL[i])
            .ok_or_else(|| format!("[{s}] is not an invoice status"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in StatutFacture::ALL {
            assert_eq!(s.code().parse::<StatutFacture>().unwrap(), s);
        }
        assert_eq!(StatutFacture::etats_facture().last(), Some(&StatutFacture::Comptabilisee));
    }

    #[test]
    fn payment_ends_the_recipient_path() {
        assert!(StatutFacture::MiseEnPaiement.cibles_traitement().is_empty());
        assert!(StatutFacture::Rejetee.cibles_traitement().is_empty());
        assert!(!StatutFacture::Mandatee.cibles_traitement().contains(&StatutFacture::Rejetee));
    }
}
