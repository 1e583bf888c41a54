//! The demo's "Mes messages": every demo structure has the space switched on; the ministry
//! keeps a list of its partners and wrote to it, the supplier answered, and each keeps the
//! other in its address book.

use facteur_domain::message::{Corps, NomListe, Objet};

use super::invalid;
use crate::messages::{Envoi, NouvelleEntree};
use crate::{App, AppError, Caller};

impl App {
    /// `structures` are the demo's structure ids in the order of its table: ministry,
    /// hospital, commune, supplier, micro-enterprise, large group.
    pub(super) async fn seed_demo_messages(&self, structures: &[i64]) -> Result<(), AppError> {
        for id in structures {
            self.store().set_messagerie_active(*id, true).await?;
        }
        let [ministere, hopital, _, fournisseur, _, _] = structures else {
            return Err(invalid("six demo structures"));
        };
        let ministere_caller = self.demo_caller(super::GESTIONNAIRE_MINISTERE).await?;
        let fournisseur_caller = self.demo_caller(super::DIRIGEANT_FOURNISSEUR).await?;
        let nom = NomListe::parse("Partenaires du ministère").map_err(invalid)?;
        let liste = self
            .creer_liste(&ministere_caller, Some(*ministere), &nom, &[*fournisseur, *hopital])
            .await?;
        self.ajouter_au_carnet(&ministere_caller, Some(*ministere), NouvelleEntree::Liste(liste))
            .await?;
        // The hospital never exchanged an invoice with the ministry: it is skipped, with the
        // reason.
        self.envoyer_message(
            &ministere_caller,
            &Envoi {
                structure_id: Some(*ministere),
                objet: Objet::parse("Réorganisation de la direction des affaires financières")
                    .map_err(invalid)?,
                corps: Corps::parse(
                    "Madame, Monsieur,\n\nÀ compter du 1er janvier, les factures adressées au \
                     service DAF-01 seront traitées par le secrétariat général (SG-ACHATS). \
                     Merci d'indiquer un numéro d'engagement sur vos prochaines factures.\n\n\
                     La direction des affaires financières",
                )
                .map_err(invalid)?,
                destinataires: Vec::new(),
                listes: vec![liste],
                carnet: Vec::new(),
                pieces_jointes: Vec::new(),
            },
        )
        .await?;
        self.ajouter_au_carnet(
            &fournisseur_caller,
            Some(*fournisseur),
            NouvelleEntree::Structure(*ministere),
        )
        .await?;
        self.envoyer_message(
            &fournisseur_caller,
            &Envoi {
                structure_id: Some(*fournisseur),
                objet: Objet::parse("Facture DEMO-2026-005 : bon de livraison").map_err(invalid)?,
                corps: Corps::parse(
                    "Bonjour,\n\nLe bon de livraison manquant a été joint à la facture \
                     DEMO-2026-005. Pouvez-vous en reprendre le traitement ?\n\nFournitures Démo",
                )
                .map_err(invalid)?,
                destinataires: vec![*ministere],
                listes: Vec::new(),
                carnet: Vec::new(),
                pieces_jointes: Vec::new(),
            },
        )
        .await?;
        Ok(())
    }

    async fn demo_caller(&self, email: &str) -> Result<Caller, AppError> {
        let user =
            self.store().find_utilisateur_by_email(email).await?.ok_or_else(|| invalid(email))?;
        Ok(Caller {
            utilisateur_id: user.id,
            login: email.into(),
            technique: false,
            operateur: false,
            structure_id: None,
        })
    }
}
