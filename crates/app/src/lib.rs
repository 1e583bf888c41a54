//! The use cases. Each takes the acting identity and checks what it may touch before it
//! touches anything; the API, the portal and the command line all go through here.

pub mod admin;
pub mod annuaire;
mod cache;
pub mod demo;
pub mod engagements;
mod error;
pub mod factures;
pub mod flux;
pub mod gateway;
pub mod messages;
pub mod portail;
pub mod scale;
mod secrets;
pub mod statistiques;

use std::sync::Arc;
use std::time::Duration;

use facteur_domain::Environnement;
use facteur_store::{Blobs, Store};

pub use error::{AppError, AuthFailure, QuotaExceeded, QuotaKind};
pub use gateway::{Caller, ClientApplication, IssuedToken, TokenRefusal};

/// Settings the use cases need; the binary reads them from flags, environment and file.
#[derive(Debug, Clone)]
pub struct AppSettings {
    pub environment: Environnement,
    /// Lifetime of an access token. Clients need `expires_in` in 1..=32767 seconds.
    pub token_ttl: Duration,
    /// How long a successful credential check is trusted without looking at the database
    /// again: the delay before a change made by another process is seen.
    pub credential_cache_ttl: Duration,
    /// "Mes messages" is open to every structure. Off, it is open only to the structures
    /// switched on one by one (the pilot phase the operator opened it with).
    pub messagerie_pour_tous: bool,
    /// Where people reach the platform: the links of its e-mails start with it, and an
    /// `https` address makes the portal's cookies secure and turns on HSTS.
    pub url_publique: String,
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            environment: Environnement::default(),
            token_ttl: Duration::from_secs(3600),
            credential_cache_ttl: Duration::from_secs(30),
            messagerie_pour_tous: false,
            url_publique: "http://127.0.0.1:8080".to_owned(),
        }
    }
}

/// The application: the store, the settings and the gateway's shared state.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    blobs: Blobs,
    settings: AppSettings,
    gateway: gateway::GatewayState,
    directory: annuaire::DirectoryCache,
    portail: portail::PortailState,
    statistiques: statistiques::StatistiquesCache,
    /// Wakes a flux worker when a deposit commits.
    flux_deposes: tokio::sync::Notify,
}

impl App {
    pub fn new(store: Store, blobs: Blobs, settings: AppSettings) -> Self {
        let gateway = gateway::GatewayState::new(settings.credential_cache_ttl);
        let directory = annuaire::DirectoryCache::new(settings.credential_cache_ttl);
        let flux_deposes = tokio::sync::Notify::new();
        let portail = portail::PortailState::new();
        Self {
            inner: Arc::new(Inner {
                store,
                blobs,
                settings,
                gateway,
                directory,
                portail,
                statistiques: statistiques::StatistiquesCache::default(),
                flux_deposes,
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Where invoices' and attachments' files are kept.
    pub fn blobs(&self) -> &Blobs {
        &self.inner.blobs
    }

    /// A kept file, from the database or the blob store as its key says.
    pub async fn lire_fichier(&self, cle: &str) -> Result<bytes::Bytes, AppError> {
        if !facteur_store::fichier_en_base(cle) {
            return Ok(self.blobs().get(cle).await?);
        }
        self.store()
            .fichier(cle)
            .await?
            .ok_or_else(|| AppError::Internal(format!("the file {cle} is missing")))
    }

    pub fn settings(&self) -> &AppSettings {
        &self.inner.settings
    }

    pub fn environment(&self) -> Environnement {
        self.inner.settings.environment
    }
}
