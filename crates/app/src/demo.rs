//! The demo data set: enough to try the platform in a minute, with fixed credentials that
//! the README documents. Later issues grow it.

use facteur_domain::structure::TypeStructure;
use facteur_domain::{Environnement, TypeIdentifiant};

use crate::admin::NewApplicationRequest;
use crate::{App, AppError};

pub const APPLICATION: &str = "demo-app";
pub const APPLICATION_SECRET: &str = "demo-secret";
pub const TECH_FOURNISSEUR: &str = "TECH_FOURNISSEUR@demo.facteur";
pub const TECH_DESTINATAIRE: &str = "TECH_DESTINATAIRE@demo.facteur";
pub const TECH_PASSWORD: &str = "facteur-demo";
pub const SIRET_DESTINATAIRE: &str = "11000201100044";
pub const SIRET_FOURNISSEUR: &str = "73282932000074";

/// What `seed --demo` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Seeded {
    Loaded,
    /// The database already holds structures: nothing was added.
    NotEmpty,
}

impl App {
    /// Loads the demo data set into an empty database. Refused in production, where fixed
    /// public credentials would be a hole.
    pub async fn seed_demo(&self) -> Result<Seeded, AppError> {
        if self.environment() == Environnement::Production {
            return Err(AppError::Forbidden(
                "the demo data set has public credentials and is refused in production".into(),
            ));
        }
        if self.store().count_structures().await? > 0 {
            return Ok(Seeded::NotEmpty);
        }
        let siret = TypeIdentifiant::Siret;
        self.create_structure(
            siret,
            SIRET_DESTINATAIRE,
            "Ministère de la Démonstration",
            TypeStructure::Publique,
        )
        .await?;
        self.create_structure(
            siret,
            SIRET_FOURNISSEUR,
            "Fournitures Démo SAS",
            TypeStructure::Privee,
        )
        .await?;
        self.create_technical_account(
            siret,
            SIRET_DESTINATAIRE,
            TECH_DESTINATAIRE,
            Some(TECH_PASSWORD),
        )
        .await?;
        self.create_technical_account(
            siret,
            SIRET_FOURNISSEUR,
            TECH_FOURNISSEUR,
            Some(TECH_PASSWORD),
        )
        .await?;
        self.register_application(&NewApplicationRequest {
            name: "Demo application",
            client_id: Some(APPLICATION),
            secret: Some(APPLICATION_SECRET),
            quota_per_second: None,
            quota_per_day: None,
        })
        .await?;
        Ok(Seeded::Loaded)
    }
}
