use facteur_domain::espace::{CodeEspace, StatutAbonnement};
use facteur_domain::facture::{ActeurCycle, Transition, transition};
use facteur_domain::statut_facture::StatutFacture;
use facteur_domain::utilisateur::Acteur;
use facteur_store::{Attachement, Evenement, FactureRecord};

use super::{PieceJointeDemandee, Role};
use crate::annuaire::stored;
use crate::{App, AppError, Caller};

/// A move along the life cycle: where to, why, and the files that come with it.
struct Mouvement<'a> {
    vers: StatutFacture,
    motif: Option<&'a str>,
    numero_dp_mandat: Option<&'a str>,
    pieces_jointes: &'a [Attachement],
    /// Where the platform moves the invoice next, in the same transaction.
    puis: &'a [StatutFacture],
}

impl App {
    /// Whether the caller may act (not only read) on its structure's invoices of a space:
    /// technical accounts, managers and operators may; other users need a validated
    /// subscription at the `MODIFICATION` level.
    pub(crate) async fn peut_modifier(
        &self,
        caller: &Caller,
        structure_id: i64,
        espace: CodeEspace,
    ) -> Result<(), AppError> {
        match self.acteur(caller, structure_id).await? {
            Acteur::Operateur => return Ok(()),
            Acteur::Membre(role) if role.est_gestionnaire() || caller.technique => return Ok(()),
            _ => {}
        }
        let allowed =
            self.store().abonnements_of(caller.utilisateur_id, structure_id).await?.iter().any(
                |a| {
                    a.code_espace == espace.code()
                        && a.statut == StatutAbonnement::Valide.code()
                        && a.habilitation == "MODIFICATION"
                },
            );
        if allowed {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!("this account may only read the space {espace}")))
        }
    }

    async fn deplacer(
        &self,
        caller: &Caller,
        f: &FactureRecord,
        acteur: ActeurCycle,
        m: Mouvement<'_>,
    ) -> Result<(), AppError> {
        let Mouvement { vers, motif, numero_dp_mandat, pieces_jointes, puis } = m;
        let de: StatutFacture = stored(&f.statut)?;
        transition(&Transition { de, vers, acteur, motif, numero_dp_mandat })
            .map_err(|e| AppError::invalid(e.to_string()))?;
        let mut de = vers;
        for vers in puis {
            let t = Transition {
                de,
                vers: *vers,
                acteur: ActeurCycle::Plateforme,
                motif: None,
                numero_dp_mandat: None,
            };
            transition(&t).map_err(|e| AppError::Internal(e.to_string()))?;
            de = *vers;
        }
        let commentaire = match (motif, numero_dp_mandat) {
            (Some(m), _) if !m.trim().is_empty() => Some(m.trim().to_owned()),
            (_, Some(n)) if !n.trim().is_empty() => Some(format!("numeroDPMandat {}", n.trim())),
            _ => None,
        };
        // The command line's operator is nobody in the users table.
        let utilisateur_id = (caller.utilisateur_id > 0).then_some(caller.utilisateur_id);
        let mut events =
            vec![Evenement { statut: vers.code().to_owned(), commentaire, utilisateur_id }];
        events.extend(puis.iter().map(|s| Evenement {
            statut: s.code().to_owned(),
            commentaire: None,
            utilisateur_id: None,
        }));
        let dims = self.dimensions(f).await?;
        self.store().change_statut_facture(f, &events, &dims, pieces_jointes).await.map_err(|e| {
            match e {
                facteur_store::StoreError::Conflict(_) => AppError::Conflict(format!(
                    "invoice {} changed status meanwhile; read it again",
                    f.id
                )),
                other => other.into(),
            }
        })
    }

    /// `traiter/recue`: the recipient moves an invoice along its life cycle.
    pub async fn traiter_facture_recue(
        &self,
        caller: &Caller,
        id: i64,
        vers: StatutFacture,
        motif: Option<&str>,
        numero_dp_mandat: Option<&str>,
    ) -> Result<FactureRecord, AppError> {
        let f = self.facture_visible(caller, id, Some(Role::Destinataire)).await?;
        self.peut_modifier(caller, f.destinataire_id, CodeEspace::FacturesRecues).await?;
        let m = Mouvement { vers, motif, numero_dp_mandat, pieces_jointes: &[], puis: &[] };
        self.deplacer(caller, &f, ActeurCycle::Destinataire, m).await?;
        Ok(f)
    }

    /// `traiter/factureAValider`: the validator of a subcontractor's or co-contractor's
    /// invoice validates it, and the platform delivers it to its recipient, or refuses it
    /// with a reason. The invoice as it then stands.
    pub async fn traiter_facture_a_valider(
        &self,
        caller: &Caller,
        id: i64,
        valider: bool,
        motif: Option<&str>,
    ) -> Result<FactureRecord, AppError> {
        let f = self.facture_visible(caller, id, Some(Role::Valideur)).await?;
        let valideur = f
            .valideur_id
            .ok_or_else(|| AppError::NotFound(format!("no invoice {id} to validate")))?;
        self.peut_modifier(caller, valideur, CodeEspace::FacturesRecues).await?;
        // Validated, the invoice goes on to its recipient as a deposit would.
        let (vers, motif, puis): (_, _, &[StatutFacture]) = if valider {
            (
                StatutFacture::Validee1,
                None,
                &[StatutFacture::EnCoursAcheminement, StatutFacture::MiseADisposition],
            )
        } else {
            (StatutFacture::Refusee1, motif, &[])
        };
        let m = Mouvement { vers, motif, numero_dp_mandat: None, pieces_jointes: &[], puis };
        self.deplacer(caller, &f, ActeurCycle::Valideur, m).await?;
        let statut = puis.last().unwrap_or(&vers);
        Ok(FactureRecord { statut: statut.code().to_owned(), ..f })
    }

    /// `completer`: the supplier completes a suspended invoice, with the documents its
    /// recipient asked for.
    pub async fn completer_facture(
        &self,
        caller: &Caller,
        id: i64,
        commentaire: Option<&str>,
        pieces_jointes: &[PieceJointeDemandee],
    ) -> Result<FactureRecord, AppError> {
        let f = self.facture_visible(caller, id, Some(Role::Fournisseur)).await?;
        self.peut_modifier(caller, f.fournisseur_id, CodeEspace::FacturesEmises).await?;
        let deja = self.store().pieces_jointes_of_facture(f.id).await?;
        let pieces_jointes = self.pieces_jointes_a_joindre(caller, pieces_jointes, &deja).await?;
        let m = Mouvement {
            vers: StatutFacture::Completee,
            motif: commentaire,
            numero_dp_mandat: None,
            pieces_jointes: &pieces_jointes,
            puis: &[],
        };
        self.deplacer(caller, &f, ActeurCycle::Fournisseur, m).await?;
        Ok(f)
    }
}

impl App {
    /// The sandbox of qualification: an operator moves an invoice as its recipient (or its
    /// validator, or the platform) would, so that software vendors' integration tests need no
    /// person at a screen. Refused in production.
    pub async fn avancer_facture(
        &self,
        caller: &Caller,
        id: i64,
        vers: StatutFacture,
        motif: Option<&str>,
        numero_dp_mandat: Option<&str>,
    ) -> Result<FactureRecord, AppError> {
        if self.environment() == facteur_domain::Environnement::Production {
            return Err(AppError::Forbidden(
                "the sandbox is for qualification, not production".into(),
            ));
        }
        if !caller.operateur {
            return Err(AppError::Forbidden(
                "only the platform's operators use the sandbox".into(),
            ));
        }
        let f = self
            .store()
            .find_facture(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no invoice {id}")))?;
        let de: StatutFacture = stored(&f.statut)?;
        let acteur = [
            ActeurCycle::Destinataire,
            ActeurCycle::Valideur,
            ActeurCycle::Plateforme,
            ActeurCycle::Fournisseur,
        ]
        .into_iter()
        .find(|a| facteur_domain::facture::cibles(de, *a).contains(&vers))
        .unwrap_or(ActeurCycle::Destinataire);
        let m = Mouvement { vers, motif, numero_dp_mandat, pieces_jointes: &[], puis: &[] };
        self.deplacer(caller, &f, acteur, m).await?;
        Ok(f)
    }
}

impl App {
    /// `recycler`: the supplier re-routes an invoice its recipient sent back (`A_RECYCLER`) to
    /// another recipient or service, checked as a deposit is; it is delivered again.
    pub async fn recycler_facture(
        &self,
        caller: &Caller,
        id: i64,
        destinataire: &facteur_domain::facture::Destinataire,
        numero_engagement: Option<&str>,
        commentaire: Option<&str>,
    ) -> Result<FactureRecord, AppError> {
        let f = self.facture_visible(caller, id, Some(Role::Fournisseur)).await?;
        self.peut_modifier(caller, f.fournisseur_id, CodeEspace::FacturesEmises).await?;
        let de: StatutFacture = stored(&f.statut)?;
        transition(&Transition {
            de,
            vers: StatutFacture::Deposee,
            acteur: ActeurCycle::Fournisseur,
            motif: None,
            numero_dp_mandat: None,
        })
        .map_err(|e| AppError::invalid(e.to_string()))?;
        let fournisseur = self
            .structure(f.fournisseur_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no supplier {}", f.fournisseur_id)))?;
        let numero_engagement = numero_engagement.or(f.numero_engagement.as_deref());
        let mut errors = Vec::new();
        let route = self.router(&fournisseur, destinataire, numero_engagement, &mut errors).await?;
        let Some((nouveau, service_id)) = route.filter(|_| errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let utilisateur_id = (caller.utilisateur_id > 0).then_some(caller.utilisateur_id);
        let event = |statut: StatutFacture, commentaire: Option<&str>| Evenement {
            statut: statut.code().to_owned(),
            commentaire: commentaire.map(str::to_owned),
            utilisateur_id,
        };
        let history = [
            event(StatutFacture::Deposee, commentaire),
            event(StatutFacture::EnCoursAcheminement, None),
            event(StatutFacture::MiseADisposition, None),
        ];
        let old = self.dimensions(&f).await?;
        let new = super::dimensions_de(Some(&nouveau), Some(&fournisseur));
        self.store()
            .recycle_facture(
                &f,
                &facteur_store::NouvelleRoute {
                    destinataire_id: nouveau.id,
                    service_id,
                    numero_engagement,
                },
                &history,
                (&old, &new),
            )
            .await
            .map_err(|e| match e {
                facteur_store::StoreError::Conflict(_) => AppError::Conflict(format!(
                    "invoice {} changed status meanwhile; read it again",
                    f.id
                )),
                other => other.into(),
            })?;
        Ok(f)
    }
}
