//! Engagements' use cases. The issuer (a public body) drafts, transmits, corrects, puts out
//! of force and deletes; the receiver searches, reads, downloads, refuses or sends back. Each
//! checks which side of the engagement the caller is on, and answers "not found" to others.

mod emission;
mod lecture;

pub use emission::Redaction;
pub use lecture::{EngagementComplet, RechercheEngagements};

use facteur_domain::engagement::{CoteEngagement, EtatEngagement};
use facteur_domain::utilisateur::Acteur;
use facteur_store::EngagementRecord;

use crate::annuaire::stored;
use crate::{App, AppError, Caller};

impl App {
    /// The engagement and the side the caller sees it from, or "not found": the issuer's
    /// members see it unless deleted, the receiver's once it was transmitted.
    pub(crate) async fn engagement_visible(
        &self,
        caller: &Caller,
        id: i64,
    ) -> Result<(EngagementRecord, EtatEngagement, CoteEngagement), AppError> {
        let unknown = || AppError::NotFound(format!("no engagement {id} visible to this account"));
        let e = self.store().find_engagement(id).await?.ok_or_else(unknown)?;
        let etat: EtatEngagement = stored(&e.etat)?;
        if etat == EtatEngagement::Supprime {
            return Err(unknown());
        }
        let member = async |structure_id: i64| {
            Ok::<_, AppError>(!matches!(self.acteur(caller, structure_id).await?, Acteur::Etranger))
        };
        if member(e.emetteur_id).await? {
            return Ok((e, etat, CoteEngagement::Emetteur));
        }
        if etat.visible_du_recepteur() && member(e.recepteur_id).await? {
            return Ok((e, etat, CoteEngagement::Recepteur));
        }
        Err(unknown())
    }
}
