//! The directory: structures, users and their attachments.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use crate::{Result, Store, StoreError, on_pool};

pub struct NewStructure<'a> {
    pub type_identifiant: &'a str,
    pub identifiant: &'a str,
    pub raison_sociale: &'a str,
    pub type_structure: &'a str,
}

#[derive(Debug, Clone, FromRow)]
pub struct StructureRecord {
    pub id: i64,
    pub type_identifiant: String,
    pub identifiant: String,
    pub raison_sociale: String,
    pub type_structure: String,
    pub actif: bool,
}

pub struct NewUtilisateur<'a> {
    pub email: &'a str,
    pub nom: &'a str,
    pub prenom: &'a str,
    pub password_hash: &'a str,
    pub technique: bool,
    pub password_expires_at: Option<DateTime<Utc>>,
}

/// What the gateway needs to check a `cpro-account` header.
#[derive(Debug, Clone, FromRow)]
pub struct TechnicalAccountRecord {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub password_expires_at: Option<DateTime<Utc>>,
    pub credential_version: i64,
    pub actif: bool,
    pub structure_id: Option<i64>,
}

const INSERT_STRUCTURE: &str = "INSERT INTO structures \
    (type_identifiant, identifiant, raison_sociale, type_structure, actif, created_at) \
    VALUES ($1, $2, $3, $4, TRUE, $5) RETURNING id";

const SELECT_STRUCTURE_BY_IDENTIFIANT: &str = "SELECT id, type_identifiant, identifiant, \
    raison_sociale, type_structure, actif FROM structures \
    WHERE type_identifiant = $1 AND identifiant = $2";

const INSERT_UTILISATEUR: &str = "INSERT INTO utilisateurs \
    (email, nom, prenom, password_hash, technique, password_expires_at, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";

const INSERT_RATTACHEMENT: &str = "INSERT INTO rattachements \
    (utilisateur_id, structure_id, role, statut, created_at) VALUES ($1, $2, $3, $4, $5)";

// A technical account acts for the one structure it is attached to.
const SELECT_TECHNICAL_ACCOUNT: &str = "SELECT u.id, u.email, u.password_hash, \
    u.password_expires_at, u.credential_version, u.actif, \
    (SELECT r.structure_id FROM rattachements r WHERE r.utilisateur_id = u.id \
       AND r.statut = 'VALIDEE' ORDER BY r.id LIMIT 1) AS structure_id \
    FROM utilisateurs u WHERE u.email = $1 AND u.technique";

const UPDATE_PASSWORD: &str = "UPDATE utilisateurs SET password_hash = $2, \
    password_expires_at = $3, credential_version = credential_version + 1 WHERE email = $1";

const DEACTIVATE_UTILISATEUR: &str = "UPDATE utilisateurs SET actif = FALSE, \
    credential_version = credential_version + 1 WHERE email = $1";

impl Store {
    pub async fn insert_structure(&self, s: &NewStructure<'_>) -> Result<i64> {
        on_pool!(self, pool => sqlx::query_scalar(INSERT_STRUCTURE)
            .bind(s.type_identifiant)
            .bind(s.identifiant)
            .bind(s.raison_sociale)
            .bind(s.type_structure)
            .bind(Utc::now())
            .fetch_one(pool)
            .await)
        .map_err(|e| {
            StoreError::from_unique(
                e,
                format!("structure {} {}", s.type_identifiant, s.identifiant),
            )
        })
    }

    pub async fn find_structure_by_identifiant(
        &self,
        type_identifiant: &str,
        identifiant: &str,
    ) -> Result<Option<StructureRecord>> {
        Ok(on_pool!(self, pool => sqlx::query_as(SELECT_STRUCTURE_BY_IDENTIFIANT)
            .bind(type_identifiant)
            .bind(identifiant)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn count_structures(&self) -> Result<i64> {
        Ok(on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM structures")
            .fetch_one(pool)
            .await)?)
    }

    /// Creates a user attached to a structure, in one transaction.
    pub async fn insert_utilisateur(
        &self,
        u: &NewUtilisateur<'_>,
        structure_id: i64,
        role: &str,
    ) -> Result<i64> {
        let now = Utc::now();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(INSERT_UTILISATEUR)
                .bind(u.email)
                .bind(u.nom)
                .bind(u.prenom)
                .bind(u.password_hash)
                .bind(u.technique)
                .bind(u.password_expires_at)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| StoreError::from_unique(e, format!("user {}", u.email)))?;
            sqlx::query(INSERT_RATTACHEMENT)
                .bind(id)
                .bind(structure_id)
                .bind(role)
                .bind("VALIDEE")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    pub async fn find_technical_account(
        &self,
        login: &str,
    ) -> Result<Option<TechnicalAccountRecord>> {
        Ok(on_pool!(self, pool => sqlx::query_as(SELECT_TECHNICAL_ACCOUNT)
            .bind(login)
            .fetch_optional(pool)
            .await)?)
    }

    /// Returns whether the user exists.
    pub async fn set_password(
        &self,
        login: &str,
        password_hash: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<bool> {
        let done = on_pool!(self, pool => sqlx::query(UPDATE_PASSWORD)
            .bind(login)
            .bind(password_hash)
            .bind(expires_at)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    /// Returns whether the user exists.
    pub async fn deactivate_utilisateur(&self, login: &str) -> Result<bool> {
        let done = on_pool!(self, pool => sqlx::query(DEACTIVATE_UTILISATEUR)
            .bind(login)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }
}
