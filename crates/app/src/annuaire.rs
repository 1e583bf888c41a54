//! The directory's use cases: structures, services, users' attachments, spaces and
//! subscriptions, with Chorus Pro's visibility rules and the managers' rules.

mod compte;
mod espaces;
mod lectures;
mod rattachements;
mod services;
mod structures;

use facteur_domain::utilisateur::{Acteur, Role};
use facteur_store::StructureRecord;

pub use espaces::EspaceVisible;
pub(crate) use lectures::DirectoryCache;
pub use rattachements::{RattachementDetail, UserRef};
pub use services::{RechercheServices, ServiceData};
pub use structures::{Adresse, RechercheStructures, StructureData, StructureRef};

use crate::{App, AppError, Caller};

/// A code read back from the database that the domain does not know: the data is corrupt.
pub fn stored<T: std::str::FromStr>(code: &str) -> Result<T, AppError> {
    code.parse().map_err(|_| AppError::Internal(format!("unknown code [{code}] in the database")))
}

/// Chorus Pro's rule: every public structure is visible, a private one to its members.
pub(crate) fn visible(structure: &StructureRecord, acteur: Acteur) -> bool {
    structure.type_structure == "PUBLIQUE" || acteur != Acteur::Etranger
}

/// The answer for a structure that does not exist or that the caller may not see: the same.
pub(crate) fn inconnue(structure_id: i64) -> AppError {
    AppError::NotFound(format!("no structure {structure_id} visible to this account"))
}

impl Caller {
    /// The identity of the command line, which an operator runs on the server itself.
    pub fn operateur_systeme() -> Self {
        Self {
            utilisateur_id: 0,
            login: "operator@localhost".to_owned(),
            technique: false,
            operateur: true,
            structure_id: None,
        }
    }
}

impl App {
    /// What the caller is to a structure: operator, validated member with a role, or stranger.
    pub(crate) async fn acteur(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<Acteur, AppError> {
        if caller.operateur {
            return Ok(Acteur::Operateur);
        }
        match self.rattachement(caller.utilisateur_id, structure_id).await?.as_deref() {
            Some(r) if r.statut == "VALIDEE" => Ok(Acteur::Membre(stored::<Role>(&r.role)?)),
            _ => Ok(Acteur::Etranger),
        }
    }

    /// A structure the caller may see: every public structure, and the private ones it is
    /// attached to. Others are answered as unknown, so that their existence does not leak.
    pub(crate) async fn structure_visible(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<StructureRecord, AppError> {
        let structure = self
            .store()
            .find_structure(structure_id)
            .await?
            .ok_or_else(|| inconnue(structure_id))?;
        // A public structure is visible to all: no need to ask what the caller is to it.
        if structure.type_structure == "PUBLIQUE"
            || visible(&structure, self.acteur(caller, structure_id).await?)
        {
            Ok(structure)
        } else {
            Err(inconnue(structure_id))
        }
    }

    /// The caller must manage the structure (or be an operator).
    pub(crate) async fn gestionnaire(
        &self,
        caller: &Caller,
        structure_id: i64,
    ) -> Result<Acteur, AppError> {
        let acteur = self.acteur(caller, structure_id).await?;
        match acteur {
            Acteur::Operateur => Ok(acteur),
            Acteur::Membre(role) if role.est_gestionnaire() => Ok(acteur),
            Acteur::Membre(_) => {
                Err(AppError::Forbidden("only a manager of the structure may do this".into()))
            }
            Acteur::Etranger => Err(inconnue(structure_id)),
        }
    }
}
