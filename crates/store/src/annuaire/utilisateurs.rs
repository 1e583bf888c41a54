//! Users and their attachments to structures and services.

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use crate::{Result, Store, StoreError, on_directory_write, on_pool};

pub struct NewUtilisateur<'a> {
    pub email: &'a str,
    pub nom: &'a str,
    pub prenom: &'a str,
    pub password_hash: &'a str,
    pub technique: bool,
    pub password_expires_at: Option<DateTime<Utc>>,
    pub telephone: &'a str,
    pub operateur: bool,
}

#[derive(Debug, Clone, FromRow)]
pub struct UtilisateurRecord {
    pub id: i64,
    pub email: String,
    pub nom: String,
    pub prenom: String,
    pub telephone: String,
    pub technique: bool,
    pub operateur: bool,
    pub actif: bool,
    pub password_hash: String,
    pub credential_version: i64,
    pub created_at: DateTime<Utc>,
}

/// A user's attachment to a structure, with what searches show of both.
#[derive(Debug, Clone, FromRow)]
pub struct RattachementRecord {
    pub id: i64,
    pub utilisateur_id: i64,
    pub structure_id: i64,
    pub role: String,
    pub statut: String,
    pub commentaire: String,
    pub email: String,
    pub nom: String,
    pub prenom: String,
    pub identifiant: String,
    pub type_identifiant: String,
    pub raison_sociale: String,
    pub utilisateur_actif: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromRow)]
pub struct RattachementServiceRecord {
    pub id: i64,
    pub utilisateur_id: i64,
    pub service_id: i64,
    pub structure_id: i64,
    pub code: String,
    pub libelle: String,
    pub actif: bool,
    pub date_debut: Option<chrono::NaiveDate>,
    pub date_fin: Option<chrono::NaiveDate>,
    pub statut: String,
    pub commentaire: String,
}

/// What the gateway needs to check a `cpro-account` header.
#[derive(Debug, Clone, FromRow)]
pub struct AccountRecord {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub password_expires_at: Option<DateTime<Utc>>,
    pub credential_version: i64,
    pub actif: bool,
    pub technique: bool,
    pub operateur: bool,
    /// A technical account's structure: its first validated attachment.
    pub structure_id: Option<i64>,
}

const INSERT_UTILISATEUR: &str = "INSERT INTO utilisateurs (email, nom, prenom, password_hash, \
    technique, password_expires_at, telephone, operateur, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";

const INSERT_RATTACHEMENT: &str = "INSERT INTO rattachements \
    (utilisateur_id, structure_id, role, statut, commentaire, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id";

const SELECT_UTILISATEUR: &str = "SELECT id, email, nom, prenom, telephone, technique, \
    operateur, actif, password_hash, credential_version, created_at FROM utilisateurs";

const SELECT_RATTACHEMENT: &str = "SELECT r.id, r.utilisateur_id, r.structure_id, r.role, \
    r.statut, r.commentaire, u.email, u.nom, u.prenom, s.identifiant, s.type_identifiant, \
    s.raison_sociale, u.actif AS utilisateur_actif, r.created_at FROM rattachements r \
    JOIN utilisateurs u ON u.id = r.utilisateur_id JOIN structures s ON s.id = r.structure_id";

const SELECT_RATTACHEMENT_SERVICE: &str = "SELECT rs.id, rs.utilisateur_id, rs.service_id, \
    sv.structure_id, sv.code, sv.libelle, sv.actif, sv.date_debut, sv.date_fin, rs.statut, \
    rs.commentaire FROM rattachements_services rs JOIN services sv ON sv.id = rs.service_id";

const SELECT_ACCOUNT: &str = "SELECT u.id, u.email, u.password_hash, \
    u.password_expires_at, u.credential_version, u.actif, u.technique, u.operateur, \
    (SELECT r.structure_id FROM rattachements r WHERE r.utilisateur_id = u.id \
       AND r.statut = 'VALIDEE' ORDER BY r.id LIMIT 1) AS structure_id \
    FROM utilisateurs u WHERE u.email = $1";

const UPDATE_PASSWORD: &str = "UPDATE utilisateurs SET password_hash = $2, \
    password_expires_at = $3, credential_version = credential_version + 1 WHERE email = $1";

const DEACTIVATE_UTILISATEUR: &str = "UPDATE utilisateurs SET actif = FALSE, \
    credential_version = credential_version + 1 WHERE email = $1";

impl Store {
    /// Creates a user, attached to a structure (validated, with a role) when one is given,
    /// in one transaction.
    pub async fn insert_utilisateur(
        &self,
        u: &NewUtilisateur<'_>,
        attachment: Option<(i64, &str)>,
    ) -> Result<i64> {
        let now = Utc::now();
        on_directory_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(INSERT_UTILISATEUR)
                .bind(u.email)
                .bind(u.nom)
                .bind(u.prenom)
                .bind(u.password_hash)
                .bind(u.technique)
                .bind(u.password_expires_at)
                .bind(u.telephone)
                .bind(u.operateur)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| StoreError::from_unique(e, format!("user {}", u.email)))?;
            if let Some((structure_id, role)) = attachment {
                let _: i64 = sqlx::query_scalar(INSERT_RATTACHEMENT)
                    .bind(id)
                    .bind(structure_id)
                    .bind(role)
                    .bind("VALIDEE")
                    .bind("")
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(id)
        })
    }

    /// What a credential check needs of an account, by login.
    pub async fn find_account(&self, login: &str) -> Result<Option<AccountRecord>> {
        Ok(on_pool!(self, pool => sqlx::query_as(SELECT_ACCOUNT)
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
        let done = on_directory_write!(self, pool => sqlx::query(UPDATE_PASSWORD)
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
        let done = on_directory_write!(self, pool => sqlx::query(DEACTIVATE_UTILISATEUR)
            .bind(login)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn find_utilisateur_by_email(
        &self,
        email: &str,
    ) -> Result<Option<UtilisateurRecord>> {
        let sql = format!("{SELECT_UTILISATEUR} WHERE email = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(email)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn find_utilisateur(&self, id: i64) -> Result<Option<UtilisateurRecord>> {
        let sql = format!("{SELECT_UTILISATEUR} WHERE id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Asks for (or records) an attachment; fails if one exists already.
    pub async fn insert_rattachement(
        &self,
        utilisateur_id: i64,
        structure_id: i64,
        role: &str,
        statut: &str,
        commentaire: &str,
    ) -> Result<i64> {
        on_directory_write!(self, pool => sqlx::query_scalar(INSERT_RATTACHEMENT)
            .bind(utilisateur_id)
            .bind(structure_id)
            .bind(role)
            .bind(statut)
            .bind(commentaire)
            .bind(Utc::now())
            .fetch_one(pool)
            .await)
        .map_err(|e| StoreError::from_unique(e, "attachment"))
    }

    pub async fn find_rattachement(&self, id: i64) -> Result<Option<RattachementRecord>> {
        let sql = format!("{SELECT_RATTACHEMENT} WHERE r.id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// A user's attachment to a structure, whatever its status.
    pub async fn find_rattachement_of(
        &self,
        utilisateur_id: i64,
        structure_id: i64,
    ) -> Result<Option<RattachementRecord>> {
        let sql =
            format!("{SELECT_RATTACHEMENT} WHERE r.utilisateur_id = $1 AND r.structure_id = $2");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(utilisateur_id)
            .bind(structure_id)
            .fetch_optional(pool)
            .await)?)
    }

    /// A user's attachments, by structure.
    pub async fn rattachements_of_user(
        &self,
        utilisateur_id: i64,
    ) -> Result<Vec<RattachementRecord>> {
        let sql =
            format!("{SELECT_RATTACHEMENT} WHERE r.utilisateur_id = $1 ORDER BY r.structure_id");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(utilisateur_id)
            .fetch_all(pool)
            .await)?)
    }

    /// A structure's attachments, optionally of one status, by user's e-mail.
    pub async fn rattachements_of_structure(
        &self,
        structure_id: i64,
        statut: Option<&str>,
    ) -> Result<Vec<RattachementRecord>> {
        let sql = format!(
            "{SELECT_RATTACHEMENT} WHERE r.structure_id = $1 AND ($2 = '' OR r.statut = $2) \
             ORDER BY u.email"
        );
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(structure_id)
            .bind(statut.unwrap_or(""))
            .fetch_all(pool)
            .await)?)
    }

    pub async fn update_rattachement(&self, id: i64, role: &str, statut: &str) -> Result<bool> {
        const SQL: &str =
            "UPDATE rattachements SET role = $2, statut = $3, updated_at = $4 WHERE id = $1";
        let done = on_directory_write!(self, pool => sqlx::query(SQL)
            .bind(id)
            .bind(role)
            .bind(statut)
            .bind(Utc::now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    /// Hands the principal role from one attachment to another in one transaction, so that
    /// the structure always has exactly one principal manager.
    pub async fn transfer_principal(&self, from: i64, to: i64) -> Result<()> {
        const DEMOTE: &str = "UPDATE rattachements SET role = 'GESTIONNAIRE_SECONDAIRE', \
            updated_at = $2 WHERE id = $1 AND role = 'GESTIONNAIRE_PRINCIPAL'";
        const PROMOTE: &str = "UPDATE rattachements SET role = 'GESTIONNAIRE_PRINCIPAL', \
            updated_at = $2 WHERE id = $1 AND statut = 'VALIDEE'";
        let now = Utc::now();
        on_directory_write!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(DEMOTE).bind(from).bind(now).execute(&mut *tx).await?;
            let promoted = sqlx::query(PROMOTE).bind(to).bind(now).execute(&mut *tx).await?;
            if promoted.rows_affected() != 1 {
                tx.rollback().await?;
                return Err(StoreError::Conflict("the successor's attachment changed".into()));
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Attaches a user to a service of a structure (or changes the attachment's status).
    pub async fn upsert_rattachement_service(
        &self,
        utilisateur_id: i64,
        service_id: i64,
        statut: &str,
    ) -> Result<()> {
        const SQL: &str = "INSERT INTO rattachements_services \
            (utilisateur_id, service_id, statut, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
            ON CONFLICT (utilisateur_id, service_id) DO UPDATE SET statut = excluded.statut, \
            updated_at = excluded.updated_at";
        on_directory_write!(self, pool => sqlx::query(SQL)
            .bind(utilisateur_id)
            .bind(service_id)
            .bind(statut)
            .bind(Utc::now())
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// When the password of a structure's technical account expires (the earliest, if it has
    /// several), as `structures/v1/consulter` reports it.
    pub async fn technical_password_expiry(
        &self,
        structure_id: i64,
    ) -> Result<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT MIN(u.password_expires_at) FROM utilisateurs u \
            JOIN rattachements r ON r.utilisateur_id = u.id \
            WHERE r.structure_id = $1 AND u.technique AND u.actif";
        Ok(
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(structure_id).fetch_one(pool).await)?,
        )
    }

    /// A user's attachments to the services of a structure.
    pub async fn rattachements_services(
        &self,
        utilisateur_id: i64,
        structure_id: i64,
    ) -> Result<Vec<RattachementServiceRecord>> {
        let sql = format!(
            "{SELECT_RATTACHEMENT_SERVICE} WHERE rs.utilisateur_id = $1 AND sv.structure_id = $2 \
             ORDER BY sv.code"
        );
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(utilisateur_id)
            .bind(structure_id)
            .fetch_all(pool)
            .await)?)
    }

    /// The users attached to a service.
    pub async fn utilisateurs_of_service(
        &self,
        service_id: i64,
    ) -> Result<Vec<RattachementServiceRecord>> {
        let sql = format!(
            "{SELECT_RATTACHEMENT_SERVICE} WHERE rs.service_id = $1 ORDER BY rs.utilisateur_id"
        );
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(service_id)
            .fetch_all(pool)
            .await)?)
    }

    /// Changes a person's names and phone. Returns whether the user exists.
    pub async fn update_utilisateur_profile(
        &self,
        id: i64,
        nom: &str,
        prenom: &str,
        telephone: &str,
    ) -> Result<bool> {
        const SQL: &str =
            "UPDATE utilisateurs SET nom = $2, prenom = $3, telephone = $4 WHERE id = $1";
        let done = on_directory_write!(self, pool => sqlx::query(SQL)
            .bind(id)
            .bind(nom)
            .bind(prenom)
            .bind(telephone)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    /// The logins of a structure's active technical accounts.
    pub async fn technical_accounts_of_structure(&self, structure_id: i64) -> Result<Vec<String>> {
        const SQL: &str = "SELECT u.email FROM utilisateurs u \
            JOIN rattachements r ON r.utilisateur_id = u.id \
            WHERE r.structure_id = $1 AND u.technique AND u.actif ORDER BY u.id";
        Ok(
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(structure_id).fetch_all(pool).await)?,
        )
    }
}
