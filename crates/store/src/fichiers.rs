//! Small files kept in the database (the `fichiers` table), written in the transaction of
//! the rows that name them. A flux deposit's file and its flux are then one commit: nothing
//! acknowledged names a file that is not there, and no file is created on disk for each
//! deposit (on this project's machines a file creation costs about 160 µs, more than the
//! rest of the deposit's writes). Larger files stay in the blob store ([`crate::Blobs`]);
//! a key tells which holds a file.

use std::collections::HashMap;

use bytes::Bytes;
use sqlx::{AssertSqlSafe, PgConnection, SqliteConnection};

use crate::sql::{Arg, Sql, bind_args};
use crate::{Result, Store, on_pool};

const PREFIXE: &str = "base/sha256/";

/// The key of a file kept in the database, from its SHA-256 in hexadecimal.
pub(crate) fn cle(sha256: &str) -> String {
    format!("{PREFIXE}{sha256}")
}

/// Whether a key names a file kept in the database rather than in the blob store.
pub fn en_base(cle: &str) -> bool {
    cle.starts_with(PREFIXE)
}

/// Files to write with their rows: key and contents. A file already there is left as it
/// is: its key is its contents' fingerprint.
pub(crate) trait InsertFichiers {
    async fn insert_fichiers(&mut self, fichiers: &[(&str, &Bytes)]) -> Result<()>;
}

/// Rows a statement writes at most: SQLite takes up to 32,766 parameters.
const TRANCHE: usize = 1024;

impl InsertFichiers for SqliteConnection {
    async fn insert_fichiers(&mut self, fichiers: &[(&str, &Bytes)]) -> Result<()> {
        for tranche in fichiers.chunks(TRANCHE) {
            let placeholders = vec!["(?, ?)"; tranche.len()].join(", ");
            let sql = format!(
                "INSERT INTO fichiers (cle, contenu) VALUES {placeholders} \
                 ON CONFLICT (cle) DO NOTHING"
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (cle, contenu) in tranche {
                query = query.bind(*cle).bind(&contenu[..]);
            }
            query.execute(&mut *self).await?;
        }
        Ok(())
    }
}

impl InsertFichiers for PgConnection {
    async fn insert_fichiers(&mut self, fichiers: &[(&str, &Bytes)]) -> Result<()> {
        if fichiers.is_empty() {
            return Ok(());
        }
        // In the keys' order: two transactions writing the same files at once then wait
        // for each other in turn instead of each holding a key the other wants.
        let mut fichiers = fichiers.to_vec();
        fichiers.sort_unstable_by_key(|(cle, _)| *cle);
        let cles: Vec<&str> = fichiers.iter().map(|(cle, _)| *cle).collect();
        let contenus: Vec<&[u8]> = fichiers.iter().map(|(_, contenu)| &contenu[..]).collect();
        sqlx::query(
            "INSERT INTO fichiers (cle, contenu) SELECT * FROM UNNEST($1::text[], $2::bytea[]) \
             ON CONFLICT (cle) DO NOTHING",
        )
        .bind(cles)
        .bind(contenus)
        .execute(self)
        .await?;
        Ok(())
    }
}

impl Store {
    /// A file kept in the database, if it is there.
    pub async fn fichier(&self, cle: &str) -> Result<Option<Bytes>> {
        const SELECT: &str = "SELECT contenu FROM fichiers WHERE cle = $1";
        let contenu: Option<Vec<u8>> = on_pool!(self, pool => sqlx::query_scalar(SELECT)
            .bind(cle)
            .fetch_optional(pool)
            .await)?;
        Ok(contenu.map(Bytes::from))
    }

    /// Several files kept in the database, by key; those not there are missing from the
    /// answer.
    pub async fn fichiers(&self, cles: &[&str]) -> Result<HashMap<String, Bytes>> {
        let mut found = HashMap::with_capacity(cles.len());
        for tranche in cles.chunks(TRANCHE) {
            let mut sql = Sql::new("SELECT cle, contenu FROM fichiers WHERE 1 = 1");
            sql.and_in("cle", tranche.iter().map(|cle| Arg::Text((*cle).to_owned())).collect());
            let rows: Vec<(String, Vec<u8>)> = on_pool!(self, pool =>
                bind_args!(sqlx::query_as(AssertSqlSafe(sql.text.as_str())), &sql.args)
                    .fetch_all(pool)
                    .await)?;
            found.extend(rows.into_iter().map(|(cle, contenu)| (cle, Bytes::from(contenu))));
        }
        Ok(found)
    }
}
