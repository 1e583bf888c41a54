//! Loading many rows at once, for generated data sets: multi-row `INSERT`s in batches
//! small enough for both engines' parameter limits, one transaction per batch.

use sqlx::AssertSqlSafe;

use crate::sql::{Arg, Sql, bind_args};
use crate::{Result, Store, on_directory_write};

/// Both engines accept this many parameters in one statement (SQLite 32,766, PostgreSQL
/// 65,535), with room to spare.
const MAX_PARAMETERS: usize = 30_000;

impl Store {
    /// Inserts rows into `table` and returns, for each, its id and the value of `key`
    /// (`RETURNING` does not promise the rows' order, so callers match them by key).
    /// `table` and `columns` are the caller's constants, never input.
    pub async fn insert_rows(
        &self,
        table: &'static str,
        columns: &'static [&'static str],
        key: &'static str,
        rows: Vec<Vec<Arg>>,
    ) -> Result<Vec<(i64, String)>> {
        let per_batch = (MAX_PARAMETERS / columns.len()).max(1);
        let mut out = Vec::with_capacity(rows.len());
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let head = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
            let mut sql = Sql::values(self.engine(), &head, rows.by_ref().take(per_batch));
            sql.push(&format!(" RETURNING id, {key}"));
            let batch: Vec<(i64, String)> = on_directory_write!(self, pool => {
                bind_args!(sqlx::query_as(AssertSqlSafe(sql.text.as_str())), &sql.args)
                    .fetch_all(pool)
                    .await
            })?;
            out.extend(batch);
        }
        Ok(out)
    }

    /// The database's size on disk, in bytes.
    pub async fn size_bytes(&self) -> Result<i64> {
        Ok(match &self.pool {
            crate::Pool::Sqlite(pool) => {
                sqlx::query_scalar(
                    "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                )
                .fetch_one(pool)
                .await?
            }
            crate::Pool::Postgres(pool) => {
                sqlx::query_scalar("SELECT pg_database_size(current_database())")
                    .fetch_one(pool)
                    .await?
            }
        })
    }

    /// Brings the planner's statistics up to date after a large load; on PostgreSQL also
    /// marks the new pages all-visible, so that index-only scans need not visit the table.
    pub async fn analyze(&self) -> Result<()> {
        match &self.pool {
            // Sampled: a full ANALYZE reads every row of every index.
            crate::Pool::Sqlite(pool) => sqlx::raw_sql("PRAGMA analysis_limit = 1000; ANALYZE")
                .execute(pool)
                .await
                .map(|_| ())?,
            crate::Pool::Postgres(pool) => {
                sqlx::query("VACUUM ANALYZE").execute(pool).await.map(|_| ())?
            }
        }
        Ok(())
    }
}
