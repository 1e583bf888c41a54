use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use crate::sql::{Arg, Sql};
use crate::{Result, Store, StoreError, on_directory_write, on_pool};

#[derive(Debug, Clone, Default)]
pub struct NewService {
    pub code: String,
    pub libelle: String,
    pub description: String,
    pub adresse: String,
    pub code_postal: String,
    pub ville: String,
    pub code_pays: String,
    pub date_debut: Option<NaiveDate>,
    pub date_fin: Option<NaiveDate>,
    pub actif: bool,
    pub numero_engagement_requis: bool,
}

#[derive(Debug, Clone, FromRow)]
pub struct ServiceRecord {
    pub id: i64,
    pub structure_id: i64,
    pub code: String,
    pub libelle: String,
    pub description: String,
    pub adresse: String,
    pub code_postal: String,
    pub ville: String,
    pub code_pays: String,
    pub date_debut: Option<NaiveDate>,
    pub date_fin: Option<NaiveDate>,
    pub actif: bool,
    pub numero_engagement_requis: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Criteria of a search among a structure's services.
#[derive(Debug, Clone, Default)]
pub struct ServiceSearch {
    pub structure_id: i64,
    pub code: Option<String>,
    pub libelle_prefix: Option<String>,
    pub actif: Option<bool>,
    /// `code`, `libelle`, `date_debut`, `date_fin` or `actif`.
    pub sort: &'static str,
    pub descending: bool,
    pub limit: u32,
    pub offset: u64,
}

const COLUMNS: &str = "id, structure_id, code, libelle, description, adresse, code_postal, \
    ville, code_pays, date_debut, date_fin, actif, numero_engagement_requis, created_at, updated_at";

const INSERT: &str = "INSERT INTO services (structure_id, code, libelle, description, adresse, \
    code_postal, ville, code_pays, date_debut, date_fin, actif, numero_engagement_requis, \
    created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) \
    RETURNING id";

const UPDATE: &str = "UPDATE services SET libelle = $3, description = $4, adresse = $5, \
    code_postal = $6, ville = $7, code_pays = $8, date_debut = $9, date_fin = $10, actif = $11, \
    numero_engagement_requis = $12, updated_at = $13 WHERE structure_id = $1 AND id = $2";

impl Store {
    pub async fn insert_service(&self, structure_id: i64, s: &NewService) -> Result<i64> {
        on_directory_write!(self, pool => sqlx::query_scalar(INSERT)
            .bind(structure_id)
            .bind(&s.code)
            .bind(&s.libelle)
            .bind(&s.description)
            .bind(&s.adresse)
            .bind(&s.code_postal)
            .bind(&s.ville)
            .bind(&s.code_pays)
            .bind(s.date_debut)
            .bind(s.date_fin)
            .bind(s.actif)
            .bind(s.numero_engagement_requis)
            .bind(Utc::now())
            .fetch_one(pool)
            .await)
        .map_err(|e| StoreError::from_unique(e, format!("service {}", s.code)))
    }

    /// Changes a service (not its code). Returns whether it exists in that structure.
    pub async fn update_service(&self, structure_id: i64, id: i64, s: &NewService) -> Result<bool> {
        let done = on_directory_write!(self, pool => sqlx::query(UPDATE)
            .bind(structure_id)
            .bind(id)
            .bind(&s.libelle)
            .bind(&s.description)
            .bind(&s.adresse)
            .bind(&s.code_postal)
            .bind(&s.ville)
            .bind(&s.code_pays)
            .bind(s.date_debut)
            .bind(s.date_fin)
            .bind(s.actif)
            .bind(s.numero_engagement_requis)
            .bind(Utc::now())
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done > 0)
    }

    pub async fn find_service(&self, structure_id: i64, id: i64) -> Result<Option<ServiceRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM services WHERE structure_id = $1 AND id = $2");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(structure_id)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn find_service_by_code(
        &self,
        structure_id: i64,
        code: &str,
    ) -> Result<Option<ServiceRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM services WHERE structure_id = $1 AND code = $2");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(structure_id)
            .bind(code)
            .fetch_optional(pool)
            .await)?)
    }

    /// A page of a structure's services and the number of all that match.
    pub async fn search_services(
        &self,
        search: &ServiceSearch,
    ) -> Result<(Vec<ServiceRecord>, u64)> {
        let mut filter = Sql::new(" WHERE structure_id = ");
        let p = filter.arg(Arg::Int(search.structure_id));
        filter.push(&p);
        if let Some(code) = &search.code {
            let p = filter.arg(Arg::Text(code.clone()));
            filter.push(&format!(" AND code = {p}"));
        }
        if let Some(prefix) = &search.libelle_prefix {
            let p = filter.arg(Arg::Text(format!("{}%", prefix.to_uppercase())));
            filter.push(&format!(" AND UPPER(libelle) LIKE {p}"));
        }
        if let Some(actif) = search.actif {
            let p = filter.arg(Arg::Bool(actif));
            filter.push(&format!(" AND actif = {p}"));
        }
        let sort = match search.sort {
            "libelle" | "date_debut" | "date_fin" | "actif" => search.sort,
            _ => "code",
        };
        let direction = if search.descending { "DESC" } else { "ASC" };
        let mut page = filter.clone();
        let limit = page.arg(Arg::Int(i64::from(search.limit)));
        let offset = page.arg(Arg::Int(i64::try_from(search.offset).unwrap_or(i64::MAX)));
        page.text = format!(
            "SELECT {COLUMNS} FROM services{} ORDER BY {sort} {direction}, id {direction} \
             LIMIT {limit} OFFSET {offset}",
            page.text
        );
        let mut count = filter;
        count.text = format!("SELECT COUNT(*) FROM services{}", count.text);
        self.page_and_count(&page, &count).await
    }

    /// Deletes a service nobody is attached to; `Ok(false)` if it does not exist.
    pub async fn delete_service(&self, structure_id: i64, id: i64) -> Result<bool> {
        const IN_USE: &str = "SELECT COUNT(*) FROM rattachements_services WHERE service_id = $1 \
            AND statut IN ('EN_COURS_DE_VALIDATION', 'VALIDEE')";
        const DELETE: &str = "DELETE FROM services WHERE structure_id = $1 AND id = $2";
        on_directory_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let users: i64 = sqlx::query_scalar(IN_USE).bind(id).fetch_one(&mut *tx).await?;
            if users > 0 {
                return Err(StoreError::Conflict(format!("service {id} has {users} attached users")));
            }
            sqlx::query("DELETE FROM rattachements_services WHERE service_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let deleted = sqlx::query(DELETE).bind(structure_id).bind(id).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(deleted.rows_affected() > 0)
        })
    }
}
