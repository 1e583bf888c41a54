//! The gateway's records: connected applications, their access tokens and daily use.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use crate::{Result, Store, StoreError, on_pool, on_write_pool};

pub struct NewApplication<'a> {
    pub client_id: &'a str,
    pub name: &'a str,
    pub secret_hash: &'a str,
    pub quota_per_second: Option<i64>,
    pub quota_per_day: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct ApplicationRecord {
    pub id: i64,
    pub client_id: String,
    pub name: String,
    pub secret_hash: String,
    pub quota_per_second: Option<i64>,
    pub quota_per_day: Option<i64>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, FromRow)]
pub struct TokenRecord {
    pub application_id: i64,
    pub scope: String,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const INSERT_APPLICATION: &str = "INSERT INTO applications \
    (client_id, name, secret_hash, quota_per_second, quota_per_day, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

const REVOKE_APPLICATION: &str =
    "UPDATE applications SET revoked_at = $2 WHERE client_id = $1 AND revoked_at IS NULL";

const SET_QUOTA: &str =
    "UPDATE applications SET quota_per_second = $2, quota_per_day = $3 WHERE client_id = $1";

const INSERT_TOKEN: &str = "INSERT INTO access_tokens \
    (token_hash, application_id, scope, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)";

const SELECT_TOKEN: &str = "SELECT application_id, scope, expires_at, revoked_at \
    FROM access_tokens WHERE token_hash = $1";

const REVOKE_TOKEN: &str =
    "UPDATE access_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL";

const REVOKE_TOKENS_OF_APPLICATION: &str = "UPDATE access_tokens SET revoked_at = $2 \
    WHERE application_id = $1 AND revoked_at IS NULL";

const DELETE_EXPIRED_TOKENS: &str = "DELETE FROM access_tokens WHERE expires_at < $1";

const ADD_QUOTA_USAGE: &str = "INSERT INTO quota_usage (application_id, day, calls) \
    VALUES ($1, $2, $3) ON CONFLICT (application_id, day) \
    DO UPDATE SET calls = quota_usage.calls + excluded.calls RETURNING calls";

const SELECT_QUOTA_USAGE_BETWEEN: &str = "SELECT day, calls FROM quota_usage \
    WHERE application_id = $1 AND day >= $2 AND day <= $3 ORDER BY day";

const SELECT_QUOTA_USAGE: &str =
    "SELECT calls FROM quota_usage WHERE application_id = $1 AND day = $2";

impl Store {
    pub async fn insert_application(&self, app: &NewApplication<'_>) -> Result<i64> {
        on_write_pool!(self, pool => sqlx::query_scalar(INSERT_APPLICATION)
            .bind(app.client_id)
            .bind(app.name)
            .bind(app.secret_hash)
            .bind(app.quota_per_second)
            .bind(app.quota_per_day)
            .bind(Utc::now())
            .fetch_one(pool)
            .await)
        .map_err(|e| StoreError::from_unique(e, format!("application {}", app.client_id)))
    }

    pub async fn find_application_by_client_id(
        &self,
        client_id: &str,
    ) -> Result<Option<ApplicationRecord>> {
        const SQL: &str = "SELECT id, client_id, name, secret_hash, quota_per_second, \
            quota_per_day, revoked_at FROM applications WHERE client_id = $1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(client_id).fetch_optional(pool).await)?)
    }

    pub async fn find_application(&self, id: i64) -> Result<Option<ApplicationRecord>> {
        const SQL: &str = "SELECT id, client_id, name, secret_hash, quota_per_second, \
            quota_per_day, revoked_at FROM applications WHERE id = $1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)?)
    }

    pub async fn list_applications(&self) -> Result<Vec<ApplicationRecord>> {
        const SQL: &str = "SELECT id, client_id, name, secret_hash, quota_per_second, \
            quota_per_day, revoked_at FROM applications ORDER BY id";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await)?)
    }

    /// Revokes an application and every token it holds, in one transaction. Returns whether
    /// an active application of that id existed.
    pub async fn revoke_application(&self, client_id: &str) -> Result<bool> {
        let now = Utc::now();
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let revoked = sqlx::query(REVOKE_APPLICATION)
                .bind(client_id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query(REVOKE_TOKENS_OF_APPLICATION_BY_CLIENT)
                .bind(client_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(revoked > 0)
        })
    }

    pub async fn set_application_quota(
        &self,
        client_id: &str,
        per_second: Option<i64>,
        per_day: Option<i64>,
    ) -> Result<bool> {
        let done = on_write_pool!(self, pool => sqlx::query(SET_QUOTA)
            .bind(client_id)
            .bind(per_second)
            .bind(per_day)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn insert_token(
        &self,
        token_hash: &str,
        application_id: i64,
        scope: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        on_write_pool!(self, pool => sqlx::query(INSERT_TOKEN)
            .bind(token_hash)
            .bind(application_id)
            .bind(scope)
            .bind(expires_at)
            .bind(Utc::now())
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn find_token(&self, token_hash: &str) -> Result<Option<TokenRecord>> {
        Ok(on_pool!(self, pool => sqlx::query_as(SELECT_TOKEN)
            .bind(token_hash)
            .fetch_optional(pool)
            .await)?)
    }

    /// Returns whether a live token of that hash existed.
    pub async fn revoke_token(&self, token_hash: &str) -> Result<bool> {
        let done = on_write_pool!(self, pool => sqlx::query(REVOKE_TOKEN)
            .bind(token_hash)
            .bind(Utc::now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn revoke_tokens_of_application(&self, application_id: i64) -> Result<u64> {
        Ok(on_write_pool!(self, pool => sqlx::query(REVOKE_TOKENS_OF_APPLICATION)
            .bind(application_id)
            .bind(Utc::now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }

    pub async fn delete_expired_tokens(&self, before: DateTime<Utc>) -> Result<u64> {
        Ok(on_write_pool!(self, pool => sqlx::query(DELETE_EXPIRED_TOKENS)
            .bind(before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?)
    }

    /// Adds calls to an application's count for a day and returns the new total, which
    /// includes what other processes added.
    pub async fn add_quota_usage(
        &self,
        application_id: i64,
        day: NaiveDate,
        calls: i64,
    ) -> Result<i64> {
        Ok(on_write_pool!(self, pool => sqlx::query_scalar(ADD_QUOTA_USAGE)
            .bind(application_id)
            .bind(day)
            .bind(calls)
            .fetch_one(pool)
            .await)?)
    }

    /// An application's calls per day, oldest first.
    pub async fn quota_usage_between(
        &self,
        application_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>> {
        Ok(on_pool!(self, pool => sqlx::query_as(SELECT_QUOTA_USAGE_BETWEEN)
            .bind(application_id)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await)?)
    }

    pub async fn quota_usage(&self, application_id: i64, day: NaiveDate) -> Result<i64> {
        let calls: Option<i64> = on_write_pool!(self, pool => sqlx::query_scalar(SELECT_QUOTA_USAGE)
            .bind(application_id)
            .bind(day)
            .fetch_optional(pool)
            .await)?;
        Ok(calls.unwrap_or(0))
    }
}

const REVOKE_TOKENS_OF_APPLICATION_BY_CLIENT: &str = "UPDATE access_tokens SET revoked_at = $2 \
    WHERE revoked_at IS NULL AND application_id = \
    (SELECT id FROM applications WHERE client_id = $1)";
