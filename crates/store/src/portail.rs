//! The portal's records: people's sessions and the one-time links of their accounts. Only
//! hashes of the random values the browser or the e-mail holds are stored.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::{NewUtilisateur, Result, Store, StoreError, on_pool, on_write_pool};

/// What a one-time link is for.
pub const ACTIVATION: &str = "ACTIVATION";
pub const REINITIALISATION: &str = "REINITIALISATION";

/// A live session, with what the use cases need of its user.
#[derive(Debug, Clone, FromRow)]
pub struct SessionRecord {
    pub utilisateur_id: i64,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
    pub email: String,
    pub operateur: bool,
    /// The user's first structure, as for the API's accounts.
    pub structure_id: Option<i64>,
}

/// A one-time link's user, if the link is still valid.
#[derive(Debug, Clone, FromRow)]
pub struct JetonRecord {
    pub utilisateur_id: i64,
    pub email: String,
}

const INSERT_SESSION: &str = "INSERT INTO sessions_portail \
    (jeton_hash, utilisateur_id, csrf, credential_version, created_at, expires_at) \
    VALUES ($1, $2, $3, $4, $5, $6)";

// A session ends with its user's password or activity: the join checks both on every page.
const SELECT_SESSION: &str = "SELECT s.utilisateur_id, s.csrf, s.expires_at, u.email, \
    u.operateur, (SELECT r.structure_id FROM rattachements r WHERE r.utilisateur_id = u.id \
       AND r.statut = 'VALIDEE' ORDER BY r.id LIMIT 1) AS structure_id \
    FROM sessions_portail s JOIN utilisateurs u ON u.id = s.utilisateur_id \
    WHERE s.jeton_hash = $1 AND s.expires_at > $2 AND u.actif \
    AND u.credential_version = s.credential_version AND NOT u.technique";

const DELETE_SESSION: &str = "DELETE FROM sessions_portail WHERE jeton_hash = $1";
const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions_portail WHERE expires_at < $1";
const DELETE_EXPIRED_JETONS: &str = "DELETE FROM jetons_compte WHERE expires_at < $1";

const INSERT_JETON: &str = "INSERT INTO jetons_compte \
    (jeton_hash, utilisateur_id, but, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)";

// Taking a link deletes it, so that it works once.
const TAKE_JETON: &str = "DELETE FROM jetons_compte WHERE jeton_hash = $1 AND but = $2 \
    AND expires_at > $3 RETURNING utilisateur_id, \
    (SELECT email FROM utilisateurs u WHERE u.id = jetons_compte.utilisateur_id) AS email";

const INSERT_COMPTE: &str = "INSERT INTO utilisateurs (email, nom, prenom, password_hash, \
    technique, telephone, operateur, actif, created_at) \
    VALUES ($1, $2, $3, $4, FALSE, $5, FALSE, FALSE, $6) RETURNING id";

const ACTIVATE_UTILISATEUR: &str = "UPDATE utilisateurs SET actif = TRUE WHERE id = $1";

impl Store {
    pub async fn insert_session(
        &self,
        jeton_hash: &str,
        utilisateur_id: i64,
        csrf: &str,
        credential_version: i64,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        let now = Utc::now();
        on_write_pool!(self, pool => sqlx::query(INSERT_SESSION)
            .bind(jeton_hash)
            .bind(utilisateur_id)
            .bind(csrf)
            .bind(credential_version)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn find_session(&self, jeton_hash: &str) -> Result<Option<SessionRecord>> {
        Ok(on_pool!(self, pool => sqlx::query_as(SELECT_SESSION)
            .bind(jeton_hash)
            .bind(Utc::now())
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn delete_session(&self, jeton_hash: &str) -> Result<()> {
        on_write_pool!(self, pool => sqlx::query(DELETE_SESSION)
            .bind(jeton_hash)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Forgets the sessions and one-time links that expired; returns how many.
    pub async fn delete_expired_sessions(&self) -> Result<u64> {
        let now = Utc::now();
        let mut deleted = 0;
        for sql in [DELETE_EXPIRED_SESSIONS, DELETE_EXPIRED_JETONS] {
            deleted += on_write_pool!(self, pool => sqlx::query(sql)
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))?;
        }
        Ok(deleted)
    }

    pub async fn insert_jeton_compte(
        &self,
        jeton_hash: &str,
        utilisateur_id: i64,
        but: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        on_write_pool!(self, pool => sqlx::query(INSERT_JETON)
            .bind(jeton_hash)
            .bind(utilisateur_id)
            .bind(but)
            .bind(expires_at)
            .bind(Utc::now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Uses a one-time link: its user, once; `None` if unknown, used or expired.
    pub async fn take_jeton_compte(
        &self,
        jeton_hash: &str,
        but: &str,
    ) -> Result<Option<JetonRecord>> {
        Ok(on_write_pool!(self, pool => sqlx::query_as(TAKE_JETON)
            .bind(jeton_hash)
            .bind(but)
            .bind(Utc::now())
            .fetch_optional(pool)
            .await)?)
    }

    /// A person's account created from the portal: closed until its owner follows the link
    /// whose hash is given, written with the account.
    pub async fn insert_compte_a_activer(
        &self,
        u: &NewUtilisateur<'_>,
        jeton_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<i64> {
        let now = Utc::now();
        crate::on_directory_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(INSERT_COMPTE)
                .bind(u.email)
                .bind(u.nom)
                .bind(u.prenom)
                .bind(u.password_hash)
                .bind(u.telephone)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| StoreError::from_unique(e, format!("user {}", u.email)))?;
            sqlx::query(INSERT_JETON)
                .bind(jeton_hash)
                .bind(id)
                .bind(ACTIVATION)
                .bind(expires_at)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Opens an account created from the portal, once its owner followed the link.
    pub async fn activate_utilisateur(&self, utilisateur_id: i64) -> Result<()> {
        crate::on_directory_write!(self, pool => sqlx::query(ACTIVATE_UTILISATEUR)
            .bind(utilisateur_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
