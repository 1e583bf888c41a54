//! OAuth2 client credentials: applications prove themselves with a secret and get a bearer
//! token for an hour.

use chrono::{DateTime, Utc};
use facteur_domain::QuotaPolicy;
use facteur_store::ApplicationRecord;

use crate::secrets::{dummy_hash, random_secret, sha256, sha256_hex, verify_password_blocking};
use crate::{App, AppError, AuthFailure};

/// A connected application as the gateway sees it on each call.
#[derive(Debug, Clone)]
pub struct ClientApplication {
    pub id: i64,
    pub client_id: String,
    pub name: String,
    pub quota: QuotaPolicy,
    pub revoked: bool,
}

#[derive(Debug, Clone)]
pub(super) struct CachedToken {
    application_id: i64,
    expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub access_token: String,
    pub expires_in: u64,
    pub scope: String,
}

/// The token endpoint's refusals, which OAuth2 words differently from the API's.
#[derive(Debug, thiserror::Error)]
pub enum TokenRefusal {
    #[error("grant_type must be client_credentials")]
    UnsupportedGrantType,
    #[error("client_id and client_secret are required")]
    MissingCredentials,
    #[error("unknown client or wrong secret")]
    InvalidClient,
    #[error("too many failed attempts for this client; retry in {0} s")]
    LockedOut(u64),
    #[error(transparent)]
    Failed(#[from] AppError),
}

impl App {
    pub(crate) fn client_application(&self, record: ApplicationRecord) -> ClientApplication {
        let quota = self.environment().default_quota().with_overrides(
            record.quota_per_second.and_then(|q| u32::try_from(q).ok()),
            record.quota_per_day.and_then(|q| u64::try_from(q).ok()),
        );
        ClientApplication {
            id: record.id,
            client_id: record.client_id,
            name: record.name,
            quota,
            revoked: record.revoked_at.is_some(),
        }
    }

    /// `POST /api/oauth/token`: checks the client's secret and issues a token. The scope is
    /// echoed: PISTE's clients send `openid`, `openid profile`, others or none, and the
    /// platform grants the same rights whatever they ask.
    pub async fn issue_token(
        &self,
        grant_type: Option<&str>,
        client_id: Option<&str>,
        client_secret: Option<&str>,
        scope: Option<&str>,
    ) -> Result<IssuedToken, TokenRefusal> {
        if grant_type.is_some_and(|g| g != "client_credentials") {
            return Err(TokenRefusal::UnsupportedGrantType);
        }
        let (Some(client_id), Some(secret)) = (client_id, client_secret) else {
            return Err(TokenRefusal::MissingCredentials);
        };
        let failures = &self.inner.gateway.client_failures;
        if let Some(wait) = failures.locked(client_id) {
            return Err(TokenRefusal::LockedOut(wait.as_secs().max(1)));
        }
        let record = self
            .store()
            .find_application_by_client_id(client_id)
            .await
            .map_err(AppError::from)?
            .filter(|app| app.revoked_at.is_none());
        // An unknown client costs the same Argon2 check as a known one, so that timing does
        // not tell which client ids exist.
        let hash = record.as_ref().map_or_else(dummy_hash, |r| r.secret_hash.clone());
        let verified = verify_password_blocking(secret.to_owned(), hash).await;
        let Some(record) = record.filter(|_| verified) else {
            failures.record_failure(client_id);
            return Err(TokenRefusal::InvalidClient);
        };
        failures.record_success(client_id);
        let access_token = random_secret();
        let ttl = self.settings().token_ttl;
        let expires_at = Utc::now()
            + chrono::Duration::from_std(ttl).map_err(|e| AppError::Internal(e.to_string()))?;
        let scope = scope.map(str::trim).filter(|s| !s.is_empty()).unwrap_or("openid");
        self.store()
            .insert_token(&sha256_hex(access_token.as_bytes()), record.id, scope, expires_at)
            .await
            .map_err(AppError::from)?;
        Ok(IssuedToken { access_token, expires_in: ttl.as_secs(), scope: scope.to_owned() })
    }

    /// Recognises the application behind a bearer token. Successful checks are cached for a
    /// short while; a revocation made through this process takes effect at once.
    pub async fn authenticate_bearer(&self, token: &str) -> Result<ClientApplication, AppError> {
        let key = sha256(token.as_bytes());
        let gateway = &self.inner.gateway;
        let cached = match gateway.tokens.get(&key) {
            Some(cached) => cached,
            None => {
                let record =
                    self.store().find_token(&hex(&key)).await?.ok_or(AuthFailure::TokenUnknown)?;
                if record.revoked_at.is_some() {
                    return Err(AuthFailure::TokenRevoked.into());
                }
                let cached = CachedToken {
                    application_id: record.application_id,
                    expires_at: record.expires_at,
                };
                gateway.tokens.insert(key, cached.clone());
                cached
            }
        };
        if cached.expires_at <= Utc::now() {
            return Err(AuthFailure::TokenExpired(cached.expires_at).into());
        }
        let application = self.application(cached.application_id).await?;
        if application.revoked {
            return Err(AuthFailure::ApplicationRevoked.into());
        }
        Ok(application)
    }

    async fn application(&self, id: i64) -> Result<ClientApplication, AppError> {
        let gateway = &self.inner.gateway;
        if let Some(app) = gateway.applications.get(&id) {
            return Ok(app);
        }
        let record = self.store().find_application(id).await?.ok_or(AuthFailure::TokenUnknown)?;
        let app = self.client_application(record);
        gateway.applications.insert(id, app.clone());
        Ok(app)
    }

    /// RFC 7009 revocation: the token stops working at once. Revoking an unknown token is not
    /// an error, so that a client cannot probe which tokens exist.
    pub async fn revoke_token(&self, token: &str) -> Result<(), AppError> {
        let key = sha256(token.as_bytes());
        self.store().revoke_token(&hex(&key)).await?;
        self.inner.gateway.tokens.remove(&key);
        Ok(())
    }

    /// Forgets what the gateway cached about an application, after the operator changed it.
    pub(crate) fn forget_application(&self, id: i64) {
        let gateway = &self.inner.gateway;
        gateway.applications.remove(&id);
        gateway.tokens.retain(|t| t.application_id != id);
        gateway.quotas.forget(id);
    }
}

fn hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
