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
use crate::{Result, Store, StoreError, on_pool};

const PREFIXE: &str = "base/sha256/";

/// The key of a file kept in the database, from its SHA-256 in hexadecimal.
pub(crate) fn cle(sha256: &str) -> String {
    format!("{PREFIXE}{sha256}")
}

/// Whether a key names a file kept in the database rather than in the blob store.
pub fn en_base(cle: &str) -> bool {
    cle.starts_with(PREFIXE)
}

/// A small file on its way to the table: its contents, and the bytes the table keeps, LZ4
/// compressed when that is smaller. Compressed when the file is taken ([`crate::Blobs::keep`],
/// on the deposit's own task), not in the transaction: on SQLite every deposit waits for
/// the one writer, and an invoice's XML shrinks about five times, as does what the writer
/// writes (the WAL, then the checkpoint's copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnBase {
    pub contenu: Bytes,
    ecrit: Bytes,
    lz4: bool,
}

impl EnBase {
    pub fn new(contenu: Bytes) -> Self {
        let compresse = lz4_flex::block::compress_prepend_size(&contenu);
        if compresse.len() < contenu.len() {
            Self { ecrit: Bytes::from(compresse), contenu, lz4: true }
        } else {
            Self { ecrit: contenu.clone(), contenu, lz4: false }
        }
    }
}

/// A file's contents from the bytes the table keeps.
fn lu(ecrit: Vec<u8>, lz4: bool) -> Result<Bytes> {
    if !lz4 {
        return Ok(Bytes::from(ecrit));
    }
    lz4_flex::block::decompress_size_prepended(&ecrit)
        .map(Bytes::from)
        .map_err(|e| StoreError::Blob(format!("a file kept in the database is damaged: {e}")))
}

/// Files to write with their rows, by key. A file already there is left as it is: its key
/// is its contents' fingerprint.
pub(crate) trait InsertFichiers {
    async fn insert_fichiers(&mut self, fichiers: &[(&str, &EnBase)]) -> Result<()>;
}

/// Rows a statement writes at most: SQLite takes up to 32,766 parameters.
const TRANCHE: usize = 1024;

impl InsertFichiers for SqliteConnection {
    async fn insert_fichiers(&mut self, fichiers: &[(&str, &EnBase)]) -> Result<()> {
        for tranche in fichiers.chunks(TRANCHE) {
            let placeholders = vec!["(?, ?, ?)"; tranche.len()].join(", ");
            let sql = format!(
                "INSERT INTO fichiers (cle, contenu, lz4) VALUES {placeholders} \
                 ON CONFLICT (cle) DO NOTHING"
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for (cle, fichier) in tranche {
                query = query.bind(*cle).bind(&fichier.ecrit[..]).bind(fichier.lz4);
            }
            query.execute(&mut *self).await?;
        }
        Ok(())
    }
}

impl InsertFichiers for PgConnection {
    async fn insert_fichiers(&mut self, fichiers: &[(&str, &EnBase)]) -> Result<()> {
        if fichiers.is_empty() {
            return Ok(());
        }
        // In the keys' order: two transactions writing the same files at once then wait
        // for each other in turn instead of each holding a key the other wants.
        let mut fichiers = fichiers.to_vec();
        fichiers.sort_unstable_by_key(|(cle, _)| *cle);
        let cles: Vec<&str> = fichiers.iter().map(|(cle, _)| *cle).collect();
        let contenus: Vec<&[u8]> = fichiers.iter().map(|(_, f)| &f.ecrit[..]).collect();
        let lz4: Vec<bool> = fichiers.iter().map(|(_, f)| f.lz4).collect();
        sqlx::query(
            "INSERT INTO fichiers (cle, contenu, lz4) \
             SELECT * FROM UNNEST($1::text[], $2::bytea[], $3::bool[]) \
             ON CONFLICT (cle) DO NOTHING",
        )
        .bind(cles)
        .bind(contenus)
        .bind(lz4)
        .execute(self)
        .await?;
        Ok(())
    }
}

impl Store {
    /// A file kept in the database, if it is there.
    pub async fn fichier(&self, cle: &str) -> Result<Option<Bytes>> {
        const SELECT: &str = "SELECT contenu, lz4 FROM fichiers WHERE cle = $1";
        let row: Option<(Vec<u8>, bool)> = on_pool!(self, pool => sqlx::query_as(SELECT)
            .bind(cle)
            .fetch_optional(pool)
            .await)?;
        row.map(|(ecrit, lz4)| lu(ecrit, lz4)).transpose()
    }

    /// Several files kept in the database, by key; those not there are missing from the
    /// answer.
    pub async fn fichiers(&self, cles: &[&str]) -> Result<HashMap<String, Bytes>> {
        let mut found = HashMap::with_capacity(cles.len());
        for tranche in cles.chunks(TRANCHE) {
            let mut sql = Sql::new("SELECT cle, contenu, lz4 FROM fichiers WHERE 1 = 1");
            sql.and_in("cle", tranche.iter().map(|cle| Arg::Text((*cle).to_owned())).collect());
            let rows: Vec<(String, Vec<u8>, bool)> = on_pool!(self, pool =>
                bind_args!(sqlx::query_as(AssertSqlSafe(sql.text.as_str())), &sql.args)
                    .fetch_all(pool)
                    .await)?;
            for (cle, ecrit, lz4) in rows {
                found.insert(cle, lu(ecrit, lz4)?);
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_file_is_kept_compressed_when_that_is_smaller_and_read_back_whole() {
        let xml = Bytes::from("<cbc:Amount currencyID=\"EUR\">100.00</cbc:Amount>\n".repeat(400));
        let fichier = EnBase::new(xml.clone());
        assert!(fichier.lz4);
        assert!(fichier.ecrit.len() * 5 < xml.len(), "{} bytes", fichier.ecrit.len());
        assert_eq!(fichier.contenu, xml);
        assert_eq!(lu(fichier.ecrit.to_vec(), fichier.lz4).unwrap(), xml);

        // Bytes that do not compress (a PDF's streams, say) are kept as they are.
        let mut bruit = Vec::with_capacity(4096);
        let mut x: u32 = 0x9E37_79B9;
        for _ in 0..4096 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            bruit.push(x.to_le_bytes()[0]);
        }
        let fichier = EnBase::new(Bytes::from(bruit.clone()));
        assert!(!fichier.lz4);
        assert_eq!(lu(fichier.ecrit.to_vec(), fichier.lz4).unwrap(), bruit);
    }

    #[test]
    fn a_damaged_compressed_file_is_an_error_not_garbage() {
        let fichier = EnBase::new(Bytes::from("<Invoice/>".repeat(100)));
        let mut abime = fichier.ecrit.to_vec();
        abime.truncate(abime.len() / 2);
        assert!(lu(abime, true).is_err());
    }
}
