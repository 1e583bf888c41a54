//! A structure's distribution lists (structures it writes to at once) and its address book
//! (structures and lists it writes to often).

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use super::{dans, ids_text};
use crate::sql::{Arg, Insert, bind_insert};
use crate::{Engine, Result, Store, StoreError, on_pool, on_write_pool};

#[derive(Debug, Clone, FromRow)]
pub struct ListeRecord {
    pub id: i64,
    pub structure_id: i64,
    pub nom: String,
    pub membres: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An entry of an address book: a structure or one of the owner's lists, with its name.
#[derive(Debug, Clone, FromRow)]
pub struct EntreeCarnet {
    pub id: i64,
    pub structure_id: i64,
    pub destinataire_id: Option<i64>,
    pub liste_id: Option<i64>,
    pub nom: String,
    pub created_at: DateTime<Utc>,
}

const LISTE: &str = "SELECT l.id, l.structure_id, l.nom, \
    (SELECT COUNT(*) FROM listes_diffusion_membres m WHERE m.liste_id = l.id) AS membres, \
    l.created_at, l.updated_at FROM listes_diffusion l";

const CARNET: &str = "SELECT c.id, c.structure_id, c.destinataire_id, c.liste_id, \
    COALESCE(s.raison_sociale, l.nom) AS nom, c.created_at FROM carnet_adresses c \
    LEFT JOIN structures s ON s.id = c.destinataire_id \
    LEFT JOIN listes_diffusion l ON l.id = c.liste_id";

/// The inserts of a list's members, in chunks.
fn membres_inserts(engine: Engine, liste: i64, membres: &[i64]) -> Vec<Insert> {
    membres
        .chunks(5_000)
        .map(|chunk| {
            let rows = chunk.iter().map(|m| vec![Arg::Int(liste), Arg::Int(*m)]).collect();
            let columns = [("liste_id", "int8"), ("structure_id", "int8")];
            Insert::new(engine, "listes_diffusion_membres", &columns, rows, "")
        })
        .collect()
}

fn liste_conflict(e: sqlx::Error, nom: &str) -> StoreError {
    StoreError::from_unique(e, format!("a distribution list named [{nom}] of this structure"))
}

impl Store {
    /// Creates a list with its members (distinct ids), in one transaction.
    pub async fn create_liste(&self, structure_id: i64, nom: &str, membres: &[i64]) -> Result<i64> {
        const SQL: &str = "INSERT INTO listes_diffusion (structure_id, nom, created_at, updated_at) \
            VALUES ($1, $2, $3, $3) RETURNING id";
        let engine = self.engine();
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(SQL)
                .bind(structure_id)
                .bind(nom)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| liste_conflict(e, nom))?;
            for sql in membres_inserts(engine, id, membres) {
                bind_insert!(sqlx::query(AssertSqlSafe(sql.text.as_str())), sql)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Renames a list and replaces its members (distinct ids), in one transaction.
    pub async fn update_liste(&self, id: i64, nom: &str, membres: &[i64]) -> Result<()> {
        const RENAME: &str = "UPDATE listes_diffusion SET nom = $2, updated_at = $3 WHERE id = $1";
        const CLEAR: &str = "DELETE FROM listes_diffusion_membres WHERE liste_id = $1";
        let engine = self.engine();
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(RENAME)
                .bind(id)
                .bind(nom)
                .bind(Utc::now())
                .execute(&mut *tx)
                .await
                .map_err(|e| liste_conflict(e, nom))?;
            sqlx::query(CLEAR).bind(id).execute(&mut *tx).await?;
            for sql in membres_inserts(engine, id, membres) {
                bind_insert!(sqlx::query(AssertSqlSafe(sql.text.as_str())), sql)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Deletes a list, its members and the address-book entries naming it.
    pub async fn delete_liste(&self, id: i64) -> Result<()> {
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for sql in [
                "DELETE FROM carnet_adresses WHERE liste_id = $1",
                "DELETE FROM listes_diffusion_membres WHERE liste_id = $1",
                "DELETE FROM listes_diffusion WHERE id = $1",
            ] {
                sqlx::query(sql).bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(())
        })?;
        Ok(())
    }

    pub async fn find_liste(&self, id: i64) -> Result<Option<ListeRecord>> {
        let sql = format!("{LISTE} WHERE l.id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn listes_of_structure(&self, structure_id: i64) -> Result<Vec<ListeRecord>> {
        let sql = format!("{LISTE} WHERE l.structure_id = $1 ORDER BY l.nom, l.id");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(structure_id)
            .fetch_all(pool)
            .await)?)
    }

    /// The members of a list, by id.
    pub async fn membres_of_liste(&self, id: i64) -> Result<Vec<(i64, String)>> {
        const SQL: &str = "SELECT s.id, s.raison_sociale FROM listes_diffusion_membres m \
            JOIN structures s ON s.id = m.structure_id WHERE m.liste_id = $1 ORDER BY s.id";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_all(pool).await)?)
    }

    /// The lists among `ids` that `owner` has, and the members of each: (list, member).
    /// A list without members appears as (list, `None`).
    pub async fn membres_of_listes(
        &self,
        owner: i64,
        ids: &[i64],
    ) -> Result<Vec<(i64, Option<i64>)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT l.id, m.structure_id FROM listes_diffusion l \
             LEFT JOIN listes_diffusion_membres m ON m.liste_id = l.id \
             WHERE l.structure_id = $1 AND {}",
            dans(self.engine(), "l.id", "$2")
        );
        let ids = ids_text(ids);
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(owner)
            .bind(&ids)
            .fetch_all(pool)
            .await)?)
    }

    /// Adds a structure or a list to an address book.
    pub async fn add_carnet(
        &self,
        structure_id: i64,
        destinataire_id: Option<i64>,
        liste_id: Option<i64>,
    ) -> Result<i64> {
        const SQL: &str = "INSERT INTO carnet_adresses (structure_id, destinataire_id, liste_id, \
            created_at) VALUES ($1, $2, $3, $4) RETURNING id";
        on_write_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(structure_id)
            .bind(destinataire_id)
            .bind(liste_id)
            .bind(Utc::now())
            .fetch_one(pool)
            .await)
        .map_err(|e| StoreError::from_unique(e, "this entry of the address book"))
    }

    pub async fn delete_carnet(&self, id: i64) -> Result<()> {
        on_write_pool!(self, pool => sqlx::query("DELETE FROM carnet_adresses WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn find_carnet(&self, id: i64) -> Result<Option<EntreeCarnet>> {
        let sql = format!("{CARNET} WHERE c.id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn carnet_of_structure(&self, structure_id: i64) -> Result<Vec<EntreeCarnet>> {
        let sql = format!("{CARNET} WHERE c.structure_id = $1 ORDER BY nom, c.id");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(structure_id)
            .fetch_all(pool)
            .await)?)
    }

    /// The entries among `ids` of `owner`'s address book.
    pub async fn entrees_carnet(&self, owner: i64, ids: &[i64]) -> Result<Vec<EntreeCarnet>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql =
            format!("{CARNET} WHERE c.structure_id = $1 AND {}", dans(self.engine(), "c.id", "$2"));
        let ids = ids_text(ids);
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(owner)
            .bind(&ids)
            .fetch_all(pool)
            .await)?)
    }
}
