//! The pairs of structures that exchanged at least one invoice, both ways: who may write to
//! whom. Written in the same transaction as the invoices that make them (deposits,
//! recyclings), and in bulk after generated invoices.

use std::collections::BTreeSet;

use sqlx::AssertSqlSafe;

use crate::sql::{Arg, Insert, bind_insert};
use crate::{Engine, Result, Store, on_write_pool};

const COLUMNS: &[(&str, &str)] = &[("structure_id", "int8"), ("partenaire_id", "int8")];

/// The insert of the pairs of some invoices' (supplier, recipient), both ways, each once
/// (an insert may not touch a row twice), known pairs ignored; `None` when there is none.
/// Sorted, so that two transactions take the pairs' locks in the same order.
pub(crate) fn partenaires_insert(
    engine: Engine,
    pairs: impl IntoIterator<Item = (i64, i64)>,
) -> Option<Insert> {
    let both_ways: BTreeSet<(i64, i64)> =
        pairs.into_iter().filter(|(a, b)| a != b).flat_map(|(a, b)| [(a, b), (b, a)]).collect();
    let rows: Vec<Vec<Arg>> =
        both_ways.into_iter().map(|(a, b)| vec![Arg::Int(a), Arg::Int(b)]).collect();
    (!rows.is_empty())
        .then(|| Insert::new(engine, "partenaires", COLUMNS, rows, " ON CONFLICT DO NOTHING"))
}

impl Store {
    /// The structures a structure exchanged invoices with, by name, at most `limit`: whom
    /// it may write to.
    pub async fn partenaires_de(
        &self,
        structure_id: i64,
        limit: u32,
    ) -> Result<Vec<(i64, String)>> {
        const SQL: &str = "SELECT s.id, s.raison_sociale FROM partenaires p \
            JOIN structures s ON s.id = p.partenaire_id WHERE p.structure_id = $1 AND s.actif \
            ORDER BY s.raison_sociale, s.id LIMIT $2";
        Ok(crate::on_pool!(self, pool => sqlx::query_as(SQL)
            .bind(structure_id)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await)?)
    }

    /// Adds the pairs of every invoice, after invoices were loaded in bulk.
    pub async fn add_partenaires_from_factures(&self) -> Result<()> {
        // SQLite reads `ON CONFLICT` after a bare `SELECT` as a join's constraint: the
        // `WHERE` on the outer query removes the ambiguity.
        const SQL: &str = "INSERT INTO partenaires (structure_id, partenaire_id) \
            SELECT a, b FROM (\
              SELECT fournisseur_id AS a, destinataire_id AS b FROM factures \
              WHERE fournisseur_id <> destinataire_id \
              UNION \
              SELECT destinataire_id, fournisseur_id FROM factures \
              WHERE fournisseur_id <> destinataire_id) AS paires \
            WHERE TRUE ON CONFLICT DO NOTHING";
        on_write_pool!(self, pool => sqlx::query(SQL).execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Records that these pairs of structures exchanged invoices (both ways), for data
    /// generated in bulk.
    pub async fn add_partenaires(&self, pairs: &[(i64, i64)]) -> Result<()> {
        for chunk in pairs.chunks(5_000) {
            if let Some(sql) = partenaires_insert(self.engine(), chunk.iter().copied()) {
                on_write_pool!(self, pool => bind_insert!(
                    sqlx::query(AssertSqlSafe(sql.text.as_str())), sql)
                    .execute(pool)
                    .await
                    .map(|_| ()))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_go_both_ways_once_and_never_to_oneself() {
        let sql = partenaires_insert(Engine::Sqlite, [(1, 2), (2, 1), (1, 2), (3, 3), (1, 4)])
            .expect("pairs");
        // (1,2) (1,4) (2,1) (4,1): four rows of two.
        assert_eq!(sql.args.len(), 8);
        assert!(sql.text.ends_with(" ON CONFLICT DO NOTHING"));
        assert!(partenaires_insert(Engine::Postgres, [(5, 5)]).is_none());
    }
}
