use crate::statut_facture::StatutFacture;

/// How an invoice reached the platform (`modeDepot`): by the portal (typed, uploaded PDF),
/// by the API (typed, PDF, signed PDF), by an EDI flow, or on paper through a digitisation
/// service. The statistics count invoices per mode.
pub const MODES_DEPOT: &[&str] = &[
    "SAISIE_WEB",
    "PORTAIL_PDF",
    "SAISIE_API",
    "DEPOT_PDF_API",
    "DEPOT_PDF_SIGNE_API",
    "FLUX_EDI",
    "PAPIER_NUMERISE",
];

/// `modePaiement`.
pub const MODES_REGLEMENT: &[&str] =
    &["CHEQUE", "PRELEVEMENT", "VIREMENT", "ESPECE", "AUTRE", "REPORT"];

/// `formatFlux`: the families of deposit syntaxes.
pub const FORMATS_FLUX: &[&str] = &["IN_DP_E1_STRUCT", "IN_DP_E2_MIXTE", "IN_DP_E2_FACTURX"];

crate::code_enum! {
    /// `typeDemandePaiement`.
    pub enum TypeDemandePaiement ("payment request type") {
        Facture = "FACTURE",
        FactureTravaux = "FACTURE_TRAVAUX",
        MemoireJustice = "MEMOIRE_JUSTICE",
        DemandeRemboursementTic = "DEMANDE_REMBOURSEMENT_TIC",
    }
}

/// `codeCadreFacturation`: the framework an invoice is issued under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CadreFacturation {
    pub code: &'static str,
    pub type_demande_paiement: TypeDemandePaiement,
}

impl CadreFacturation {
    /// Each framework belongs to one kind of payment request: works frameworks (monthly and
    /// final statements, their validation by the project manager) to `FACTURE_TRAVAUX`.
    pub const ALL: &'static [CadreFacturation] = &{
        use TypeDemandePaiement::*;
        const fn c(
            code: &'static str,
            type_demande_paiement: TypeDemandePaiement,
        ) -> CadreFacturation {
            CadreFacturation { code, type_demande_paiement }
        }
        [
            c("A1_FACTURE_FOURNISSEUR", Facture),
            c("A2_FACTURE_FOURNISSEUR_DEJA_PAYEE", Facture),
            c("A3_MEMOIRE_JUSTICE", MemoireJustice),
            c("A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR", FactureTravaux),
            c("A5_ETAT_ACOMPTE_FOURNISSEUR", FactureTravaux),
            c("A6_ETAT_ACOMPTE_VALIDE_FOURNISSEUR", FactureTravaux),
            c("A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR", FactureTravaux),
            c("A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR", FactureTravaux),
            c("A9_FACTURE_SOUSTRAITANT", Facture),
            c("A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT", FactureTravaux),
            c("A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT", FactureTravaux),
            c("A12_FACTURE_COTRAITANT", Facture),
            c("A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT", FactureTravaux),
            c("A14_PROJET_DECOMPTE_FINAL_COTRAITANT", FactureTravaux),
            c("A15_ETAT_ACOMPTE_MOE", FactureTravaux),
            c("A16_ETAT_ACOMPTE_VALIDE_MOE", FactureTravaux),
            c("A17_PROJET_DECOMPTE_GENERAL_MOE", FactureTravaux),
            c("A18_DECOMPTE_GENERAL_MOE", FactureTravaux),
            c("A19_ETAT_ACOMPTE_VALIDE_MOA", FactureTravaux),
            c("A20_DECOMPTE_GENERAL_MOA", FactureTravaux),
            c("A21_DEMANDE_REMBOURSEMENT_TIC", DemandeRemboursementTic),
            c("A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE", FactureTravaux),
            c("A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR", FactureTravaux),
            c("A24_DECOMPTE_GENERAL_DEFINITIF_TACITE_MOE", FactureTravaux),
            c("A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE", FactureTravaux),
        ]
    };

    pub fn pour(type_dp: TypeDemandePaiement) -> impl Iterator<Item = &'static CadreFacturation> {
        Self::ALL.iter().filter(move |c| c.type_demande_paiement == type_dp)
    }
}

/// The statuses a payment request of this kind can take (`recuperer/etat/typedp`). Works
/// invoices add the project manager's (MOE) and owner's (MOA) steps.
pub fn etats_par_type_demande_paiement(type_dp: TypeDemandePaiement) -> Vec<StatutFacture> {
    use StatutFacture::*;
    let mut etats = StatutFacture::etats_facture().to_vec();
    if type_dp == TypeDemandePaiement::FactureTravaux {
        etats.extend([
            AValiderMoe,
            RefuseeMoe,
            MiseADispositionMoe,
            PriseEnCompteMoe,
            AAssocierMoe,
            ErreurDeMoe,
            AAssocierMoa,
            ErreurDeMoa,
            RefuseeMoa,
            TransmiseMoa,
            MiseADispositionMoa,
            PriseEnCompteMoa,
            AbsenceValidationMoeDelaiReglementaire,
        ]);
    }
    etats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_framework_has_one_kind() {
        let total: usize =
            TypeDemandePaiement::ALL.iter().map(|t| CadreFacturation::pour(*t).count()).sum();
        assert_eq!(total, 25);
        assert!(
            CadreFacturation::pour(TypeDemandePaiement::Facture)
                .any(|c| c.code == "A9_FACTURE_SOUSTRAITANT")
        );
    }

    #[test]
    fn works_invoices_have_more_statuses() {
        let facture = etats_par_type_demande_paiement(TypeDemandePaiement::Facture);
        let travaux = etats_par_type_demande_paiement(TypeDemandePaiement::FactureTravaux);
        assert_eq!(facture.len(), 21);
        assert!(travaux.len() > facture.len());
        assert!(travaux.contains(&StatutFacture::AValiderMoe));
    }
}
