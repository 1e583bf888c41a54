//! The statuses of a payment request ("demande de paiement"), as Chorus Pro names them.

crate::code_enum! {
    /// Every status Chorus Pro reports (`statut`, `histoStatutCode`), in its own order.
    pub enum StatutFacture ("invoice status") {
        Brouillon = "BROUILLON",
        AValider1 = "A_VALIDER_1",
        ErreurFournisseurSurValideur = "ERREUR_FOURNISSEUR_SUR_VALIDEUR",
        Refusee1 = "REFUSEE_1",
        Validee1 = "VALIDEE_1",
        AbsenceValidation1HorsDelai = "ABSENCE_VALIDATION_1_HORS_DELAI",
        AValider2 = "A_VALIDER_2",
        ErreurCotraitantSurValideur = "ERREUR_COTRAITANT_SUR_VALIDEUR",
        Refusee2 = "REFUSEE_2",
        Validee2 = "VALIDEE_2",
        AbsenceValidation2HorsDelai = "ABSENCE_VALIDATION_2_HORS_DELAI",
        Deposee = "DEPOSEE",
        ErreurFournisseurSurMoe = "ERREUR_FOURNISSEUR_SUR_MOE",
        EnCoursAcheminement = "EN_COURS_ACHEMINEMENT",
        MiseADisposition = "MISE_A_DISPOSITION",
        ARecycler = "A_RECYCLER",
        Suspendue = "SUSPENDUE",
        Rejetee = "REJETEE",
        Mandatee = "MANDATEE",
        MiseEnPaiement = "MISE_EN_PAIEMENT",
        Comptabilisee = "COMPTABILISEE",
        MiseADispositionComptable = "MISE_A_DISPOSITION_COMPTABLE",
        Abandonnee = "ABANDONNEE",
        Supprimee = "SUPPRIMEE",
        Associee = "ASSOCIEE",
        EnCoursTraitementPivotS = "EN_COURS_TRAITEMENT_PIVOT_S",
        AValiderMoe = "A_VALIDER_MOE",
        RefuseeMoe = "REFUSEE_MOE",
        EnAttenteRecyclageFournisseur = "EN_ATTENTE_RECYCLAGE_FOURNISSEUR",
        ErreurMoeSurFournisseur = "ERREUR_MOE_SUR_FOURNISSEUR",
        ErreurMoaSurFournisseur = "ERREUR_MOA_SUR_FOURNISSEUR",
        InterpreteeOcr = "INTERPRETEE_OCR",
        Completee = "COMPLETEE",
        ErreurFournisseurSurMoa = "ERREUR_FOURNISSEUR_SUR_MOA",
        ErreurMoeSurMoa = "ERREUR_MOE_SUR_MOA",
        ErreurDestinatairePd = "ERREUR_DESTINATAIRE_PD",
        ErreurDestinataireEa = "ERREUR_DESTINATAIRE_EA",
        ServiceFait = "SERVICE_FAIT",
        NonConforme = "NON_CONFORME",
        AAssocierMoe = "A_ASSOCIER_MOE",
        ErreurDeMoe = "ERREUR_DE_MOE",
        MiseADispositionMoe = "MISE_A_DISPOSITION_MOE",
        PriseEnCompteMoe = "PRISE_EN_COMPTE_MOE",
        AAssocierMoa = "A_ASSOCIER_MOA",
        ErreurDeMoa = "ERREUR_DE_MOA",
        RefuseeMoa = "REFUSEE_MOA",
        AAssocierFournisseur = "A_ASSOCIER_FOURNISSEUR",
        RefuseeFournisseur = "REFUSEE_FOURNISSEUR",
        ACompleter = "A_COMPLETER",
        TransmiseMoa = "TRANSMISE_MOA",
        PriseEnCompteDestinataire = "PRISE_EN_COMPTE_DESTINATAIRE",
        RemplaceeParA22 = "REMPLACEE_PAR_A22",
        DupliqueApresRefus = "DUPLIQUE_APRES_REFUS",
        MiseADispositionMoa = "MISE_A_DISPOSITION_MOA",
        PriseEnCompteMoa = "PRISE_EN_COMPTE_MOA",
        AbsenceValidationMoeDelaiReglementaire = "ABSENCE_VALIDATION_MOE_DELAI_REGLEMENTAIRE",
        TechniqueInconnu = "TECHNIQUE_INCONNU",
    }
}

impl StatutFacture {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in StatutFacture::ALL {
            assert_eq!(s.code().parse::<StatutFacture>().unwrap(), *s);
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
