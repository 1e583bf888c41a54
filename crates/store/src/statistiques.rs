//! The statistics' reads. Invoices are read from their counters (`stats_factures`, kept in
//! each event's transaction), never from the invoices; structures, users and applications
//! are counted from their tables, by month of creation.

use chrono::NaiveDate;
use sqlx::FromRow;

use crate::{Engine, Result, Store, on_pool};

/// Invoices deposited in a month, along the counters' dimensions.
#[derive(Debug, Clone, FromRow)]
pub struct FacturesDuMois {
    /// `YYYY-MM`.
    pub mois: String,
    pub type_public: String,
    pub categorie: String,
    pub mode_depot: String,
    pub nombre: i64,
}

/// Rows created in a month, by kind.
#[derive(Debug, Clone, FromRow)]
pub struct CreesDuMois {
    pub mois: String,
    pub genre: String,
    pub nombre: i64,
}

/// A month of a date or timestamp column, as `YYYY-MM`, on either engine.
fn mois(engine: Engine, column: &str) -> String {
    match engine {
        Engine::Sqlite => format!("substr({column}, 1, 7)"),
        Engine::Postgres => format!("to_char({column}, 'YYYY-MM')"),
    }
}

impl Store {
    /// Invoices per month from a month on (`YYYY-MM`), along every dimension of the monthly
    /// counters.
    pub async fn factures_par_mois(&self, depuis: &str) -> Result<Vec<FacturesDuMois>> {
        const SQL: &str = "SELECT mois, type_public, categorie, mode_depot, \
             CAST(nombre AS BIGINT) AS nombre FROM stats_factures_mois \
             WHERE mois >= $1 AND nombre <> 0 ORDER BY mois";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(depuis).fetch_all(pool).await)?)
    }

    /// Invoices per year, every year.
    pub async fn factures_par_annee(&self) -> Result<Vec<(String, i64)>> {
        const SQL: &str = "SELECT substr(mois, 1, 4), CAST(SUM(nombre) AS BIGINT) \
            FROM stats_factures_mois GROUP BY 1 ORDER BY 1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await)?)
    }

    /// Private structures created per month from a day on, by company category.
    pub async fn structures_par_mois(&self, depuis: NaiveDate) -> Result<Vec<CreesDuMois>> {
        self.crees_par_mois(
            "structures",
            "COALESCE(categorie, '')",
            " AND type_structure = 'PRIVEE'",
            depuis,
        )
        .await
    }

    /// People's accounts (not technical ones) created per month from a day on.
    pub async fn utilisateurs_par_mois(&self, depuis: NaiveDate) -> Result<Vec<CreesDuMois>> {
        self.crees_par_mois("utilisateurs", "''", " AND NOT technique", depuis).await
    }

    /// Connected applications (partners calling the API) created per month, and revoked or not.
    pub async fn applications_par_mois(&self, depuis: NaiveDate) -> Result<Vec<CreesDuMois>> {
        self.crees_par_mois(
            "applications",
            "CASE WHEN revoked_at IS NULL THEN 'ACTIVE' ELSE 'REVOQUEE' END",
            "",
            depuis,
        )
        .await
    }

    /// A structure's invoices per side (`FOURNISSEUR`, `DESTINATAIRE`) and status, from the
    /// counts kept with the invoices.
    pub async fn factures_par_statut(
        &self,
        structure_id: i64,
    ) -> Result<Vec<(String, String, i64)>> {
        const SQL: &str = "SELECT cote, statut, CAST(nombre AS BIGINT) FROM factures_par_structure \
            WHERE structure_id = $1 AND nombre > 0 ORDER BY cote, statut";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(structure_id).fetch_all(pool).await)?)
    }

    async fn crees_par_mois(
        &self,
        table: &str,
        genre: &str,
        filtre: &str,
        depuis: NaiveDate,
    ) -> Result<Vec<CreesDuMois>> {
        let since = depuis.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        let sql = format!(
            "SELECT {m} AS mois, {genre} AS genre, COUNT(*) AS nombre FROM {table} \
             WHERE created_at >= $1{filtre} GROUP BY 1, 2 ORDER BY 1",
            m = mois(self.engine(), "created_at")
        );
        Ok(on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(since)
            .fetch_all(pool)
            .await)?)
    }
}
