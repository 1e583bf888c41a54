use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use crate::{Result, Store, StoreError, on_directory_write, on_pool};

#[derive(Debug, Clone, FromRow)]
pub struct EspaceRecord {
    pub id: i64,
    pub structure_id: i64,
    pub code: String,
    pub etat: String,
}

/// A subscription, with its space.
#[derive(Debug, Clone, FromRow)]
pub struct AbonnementRecord {
    pub id: i64,
    pub utilisateur_id: i64,
    pub espace_id: i64,
    pub structure_id: i64,
    pub code_espace: String,
    pub etat_espace: String,
    pub habilitation: String,
    pub statut: String,
    pub email: String,
    pub created_at: DateTime<Utc>,
}

const SELECT_ABONNEMENT: &str = "SELECT a.id, a.utilisateur_id, a.espace_id, e.structure_id, \
    e.code AS code_espace, e.etat AS etat_espace, a.habilitation, a.statut, u.email, a.created_at \
    FROM abonnements a JOIN espaces e ON e.id = a.espace_id \
    JOIN utilisateurs u ON u.id = a.utilisateur_id";

impl Store {
    /// Opens a space (again, if it was removed).
    pub async fn upsert_espace(&self, structure_id: i64, code: &str) -> Result<i64> {
        const SQL: &str = "INSERT INTO espaces (structure_id, code, etat, created_at) \
            VALUES ($1, $2, 'ACTIVE', $3) ON CONFLICT (structure_id, code) \
            DO UPDATE SET etat = 'ACTIVE' RETURNING id";
        Ok(on_directory_write!(self, pool => sqlx::query_scalar(SQL)
            .bind(structure_id)
            .bind(code)
            .bind(Utc::now())
            .fetch_one(pool)
            .await)?)
    }

    /// Removes a space and ends its subscriptions, in one transaction.
    pub async fn remove_espace(&self, structure_id: i64, code: &str) -> Result<bool> {
        const REMOVE: &str = "UPDATE espaces SET etat = 'SUPPRIME' \
            WHERE structure_id = $1 AND code = $2 AND etat = 'ACTIVE' RETURNING id";
        const END: &str = "UPDATE abonnements SET statut = 'SUPPRIME', updated_at = $2 \
            WHERE espace_id = $1";
        on_directory_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: Option<i64> = sqlx::query_scalar(REMOVE)
                .bind(structure_id)
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(id) = id {
                sqlx::query(END).bind(id).bind(Utc::now()).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(id.is_some())
        })
    }

    pub async fn espaces_of_structure(&self, structure_id: i64) -> Result<Vec<EspaceRecord>> {
        const SQL: &str = "SELECT id, structure_id, code, etat FROM espaces \
            WHERE structure_id = $1 ORDER BY code";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(structure_id).fetch_all(pool).await)?)
    }

    pub async fn find_espace(&self, id: i64) -> Result<Option<EspaceRecord>> {
        const SQL: &str = "SELECT id, structure_id, code, etat FROM espaces WHERE id = $1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)?)
    }

    /// Records a subscription request, or renews a refused or removed one.
    pub async fn request_abonnement(
        &self,
        utilisateur_id: i64,
        espace_id: i64,
        habilitation: &str,
        statut: &str,
    ) -> Result<i64> {
        const SQL: &str = "INSERT INTO abonnements \
            (utilisateur_id, espace_id, habilitation, statut, created_at, updated_at) \
            VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (utilisateur_id, espace_id) DO UPDATE \
            SET habilitation = excluded.habilitation, statut = excluded.statut, \
            updated_at = excluded.updated_at RETURNING id";
        on_directory_write!(self, pool => sqlx::query_scalar(SQL)
            .bind(utilisateur_id)
            .bind(espace_id)
            .bind(habilitation)
            .bind(statut)
            .bind(Utc::now())
            .fetch_one(pool)
            .await)
        .map_err(|e| StoreError::from_unique(e, "subscription"))
    }

    pub async fn set_abonnement_statut(&self, id: i64, statut: &str) -> Result<bool> {
        const SQL: &str = "UPDATE abonnements SET statut = $2, updated_at = $3 WHERE id = $1";
        let done = on_directory_write!(self, pool => sqlx::query(SQL)
            .bind(id)
            .bind(statut)
            .bind(Utc::now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn find_abonnement(&self, id: i64) -> Result<Option<AbonnementRecord>> {
        let sql = format!("{SELECT_ABONNEMENT} WHERE a.id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// A user's subscriptions to the spaces of a structure.
    pub async fn abonnements_of(
        &self,
        utilisateur_id: i64,
        structure_id: i64,
    ) -> Result<Vec<AbonnementRecord>> {
        let sql = format!(
            "{SELECT_ABONNEMENT} WHERE a.utilisateur_id = $1 AND e.structure_id = $2 ORDER BY e.code"
        );
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(utilisateur_id)
            .bind(structure_id)
            .fetch_all(pool)
            .await)?)
    }

    /// The subscriptions of a structure's spaces in one status (its managers' pending work).
    pub async fn abonnements_of_structure(
        &self,
        structure_id: i64,
        statut: &str,
    ) -> Result<Vec<AbonnementRecord>> {
        let sql = format!(
            "{SELECT_ABONNEMENT} WHERE e.structure_id = $1 AND a.statut = $2 ORDER BY a.id"
        );
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(structure_id)
            .bind(statut)
            .fetch_all(pool)
            .await)?)
    }

    /// A user's subscriptions, in every structure.
    pub async fn abonnements_of_user(&self, utilisateur_id: i64) -> Result<Vec<AbonnementRecord>> {
        let sql = format!(
            "{SELECT_ABONNEMENT} WHERE a.utilisateur_id = $1 ORDER BY e.structure_id, e.code"
        );
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(utilisateur_id)
            .fetch_all(pool)
            .await)?)
    }
}
