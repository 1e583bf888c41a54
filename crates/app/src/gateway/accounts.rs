//! Technical accounts: every business call names one in the `cpro-account` header, as
//! base64 of `login:password`, and acts for its structure.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};

use crate::secrets::{dummy_hash, sha256, verify_password_blocking};
use crate::{App, AppError, AuthFailure};

/// Who is acting: a user, named by the `cpro-account` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub utilisateur_id: i64,
    pub login: String,
    /// A technical account, the only kind Chorus Pro's API accepts.
    pub technique: bool,
    /// One of the platform's operators, who manage every structure.
    pub operateur: bool,
    /// A technical account acts for the one structure it is attached to.
    pub structure_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub(super) struct CachedAccount {
    caller: Caller,
    password_expires_at: Option<DateTime<Utc>>,
    /// The version of the password this header was checked against: while the database
    /// still holds it, the check need not be run again.
    credential_version: i64,
}

/// Splits the header into login and password, or says why it cannot.
fn decode_header(header: &str) -> Result<(String, String), AuthFailure> {
    let bytes = STANDARD.decode(header.trim()).map_err(|_| AuthFailure::AccountMalformed)?;
    let text = String::from_utf8(bytes).map_err(|_| AuthFailure::AccountMalformed)?;
    let (login, password) = text.split_once(':').ok_or(AuthFailure::AccountMalformed)?;
    if login.is_empty() || password.is_empty() {
        return Err(AuthFailure::AccountMalformed);
    }
    Ok((login.to_owned(), password.to_owned()))
}

impl App {
    /// Recognises the account of a `cpro-account` header. An Argon2 check costs
    /// tens of milliseconds, so a successful one is remembered under a hash of the header.
    /// When the memory grows old, a look at the account's password version (one indexed read)
    /// renews it; only a changed password or a new header runs Argon2 again, once however
    /// many calls bring the same header at the same moment.
    pub async fn authenticate_account(&self, header: Option<&str>) -> Result<Caller, AppError> {
        let header = header.ok_or(AuthFailure::AccountMissing)?;
        let key = sha256(header.as_bytes());
        let gateway = &self.inner.gateway;
        let account = match gateway.accounts.get_even_stale(&key) {
            Some((account, true)) => account,
            Some((stale, false)) => match self.revalidate(&stale).await? {
                Some(account) => {
                    gateway.accounts.insert(key, account.clone());
                    account
                }
                None => self.check_account_once(key, header).await?,
            },
            None => self.check_account_once(key, header).await?,
        };
        if let Some(expiry) = account.password_expires_at.filter(|e| *e <= Utc::now()) {
            return Err(AuthFailure::AccountPasswordExpired(expiry).into());
        }
        Ok(account.caller)
    }

    /// The remembered check, renewed if the account still has the same password and is
    /// active; `None` if the full check must run.
    async fn revalidate(&self, stale: &CachedAccount) -> Result<Option<CachedAccount>, AppError> {
        let record = self.store().find_account(&stale.caller.login).await?;
        Ok(record
            .filter(|r| r.actif && r.credential_version == stale.credential_version)
            .map(|r| CachedAccount { password_expires_at: r.password_expires_at, ..stale.clone() }))
    }

    /// Runs the full check for a header, one call at a time per header: the others wait and
    /// find its result remembered.
    async fn check_account_once(
        &self,
        key: [u8; 32],
        header: &str,
    ) -> Result<CachedAccount, AppError> {
        let gateway = &self.inner.gateway;
        let gate = gateway.verifying.gate(key);
        let _turn = gate.lock().await;
        if let Some((account, true)) = gateway.accounts.get_even_stale(&key) {
            return Ok(account);
        }
        let checked = self.check_account(header).await;
        if let Ok(account) = &checked {
            gateway.accounts.insert(key, account.clone());
        }
        gateway.verifying.release(&key);
        checked
    }

    async fn check_account(&self, header: &str) -> Result<CachedAccount, AppError> {
        let (login, password) = decode_header(header)?;
        let failures = &self.inner.gateway.account_failures;
        if let Some(wait) = failures.locked(&login) {
            return Err(AuthFailure::AccountLockedOut(wait.as_secs().max(1)).into());
        }
        let record = self.store().find_account(&login).await?;
        // An unknown login costs the same Argon2 check as a known one.
        let hash = record.as_ref().map_or_else(dummy_hash, |r| r.password_hash.clone());
        let verified = verify_password_blocking(password, hash).await;
        let Some(record) = record.filter(|_| verified) else {
            failures.record_failure(&login);
            return Err(AuthFailure::AccountWrong.into());
        };
        failures.record_success(&login);
        if !record.actif {
            return Err(AuthFailure::AccountInactive.into());
        }
        if record.technique && record.structure_id.is_none() {
            return Err(AuthFailure::AccountWithoutStructure.into());
        }
        Ok(CachedAccount {
            caller: Caller {
                utilisateur_id: record.id,
                login: record.email,
                technique: record.technique,
                operateur: record.operateur,
                structure_id: record.structure_id,
            },
            password_expires_at: record.password_expires_at,
            credential_version: record.credential_version,
        })
    }

    /// Forgets the cached checks of one account, after its password or status changed.
    pub(crate) fn forget_account(&self, login: &str) {
        self.inner.gateway.accounts.retain(|a| a.caller.login != login);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_decoding_says_what_is_wrong() {
        let encoded = STANDARD.encode("TECH@demo:secret:with:colons");
        assert_eq!(
            decode_header(&encoded).unwrap(),
            ("TECH@demo".to_owned(), "secret:with:colons".to_owned())
        );
        assert_eq!(decode_header("%%%"), Err(AuthFailure::AccountMalformed));
        assert_eq!(decode_header(&STANDARD.encode("no-colon")), Err(AuthFailure::AccountMalformed));
        assert_eq!(decode_header(&STANDARD.encode(":pw")), Err(AuthFailure::AccountMalformed));
    }
}
