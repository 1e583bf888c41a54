//! The demo's engagements: the ministry's orders to the demo supplier, one in each state, and
//! the two whose numbers the ministry's purchasing service requires on invoices.

use facteur_domain::engagement::{
    ActionEngagement, Engagement, LigneEngagement, NumeroEngagement, StatutPoste, TypeEngagement,
};
use rust_decimal::Decimal;

use super::invalid;
use crate::engagements::Redaction;
use crate::{App, AppError, Caller};

/// In force: invoices to the purchasing service quote them.
pub const EJ_COMMANDE: &str = "EJ-2026-0042";
pub const EJ_COMMANDE_2: &str = "EJ-2026-0099";

fn redaction(
    numero: &str,
    fournisseur: i64,
    lignes: &[(&str, i64, i64)],
) -> Result<Redaction, AppError> {
    let lignes = lignes
        .iter()
        .enumerate()
        .map(|(i, (description, quantite, prix_ht))| LigneEngagement {
            numero: u32::try_from(i + 1).unwrap_or(u32::MAX),
            description: (*description).to_owned(),
            quantite: Decimal::from(*quantite),
            montant_ht: Decimal::new(quantite * prix_ht, 2),
            montant_ttc: Decimal::new(quantite * prix_ht * 12 / 10, 2),
            statut: StatutPoste::Actif,
        })
        .collect();
    Ok(Redaction {
        emetteur_id: None,
        code_service: Some("SG-ACHATS".into()),
        recepteur_id: Some(fournisseur),
        identifiant_recepteur: None,
        engagement: Engagement {
            numero: NumeroEngagement::parse(numero).map_err(invalid)?,
            type_engagement: TypeEngagement::BonDeCommande,
            libelle: Some("Fournitures de bureau".into()),
            numero_marche: Some("MARCHE-2025-17".into()),
            devise: "EUR".into(),
            date_notification: chrono::NaiveDate::from_ymd_opt(2026, 10, 5),
            lignes,
        },
        pieces_jointes: Vec::new(),
    })
}

impl App {
    pub(super) async fn seed_demo_engagements(
        &self,
        ministere: i64,
        fournisseur: i64,
    ) -> Result<(), AppError> {
        use ActionEngagement::*;
        let operator = Caller { structure_id: Some(ministere), ..Caller::operateur_systeme() };
        let supplier = self.demo_supplier(fournisseur).await?;
        let papier = [("Ramettes A4 80 g", 200, 499), ("Classeurs", 50, 320)];
        // Each engagement, transmitted or not, and the acts that lead to its state: by the
        // ministry, or by the supplier (refusals, returns) with a reason.
        type Actes = &'static [(ActionEngagement, Option<&'static str>)];
        let stages: &[(&str, bool, Actes)] = &[
            (EJ_COMMANDE, true, &[]),
            (EJ_COMMANDE_2, true, &[]),
            ("EJ-2026-0100", false, &[]),
            ("EJ-2026-0101", true, &[(Inactiver, None)]),
            ("EJ-2026-0102", true, &[(Refuser, Some("Commande passée en double"))]),
            ("EJ-2026-0103", true, &[(Recycler, Some("Quantité de classeurs erronée"))]),
            ("EJ-2026-0104", true, &[(Refuser, Some("Prix unitaire erroné")), (Transmettre, None)]),
            ("EJ-2026-0105", true, &[(Inactiver, None), (Reactiver, None)]),
            ("EJ-2026-0106", false, &[(Supprimer, None)]),
        ];
        for (numero, transmettre, actes) in stages {
            let id = self
                .creer_engagement(
                    &operator,
                    &redaction(numero, fournisseur, &papier)?,
                    *transmettre,
                )
                .await?;
            for (action, motif) in actes.iter() {
                let by = if matches!(action, Refuser | Recycler) { &supplier } else { &operator };
                self.agir_engagement(by, id, *action, *motif).await?;
            }
        }
        Ok(())
    }
}
