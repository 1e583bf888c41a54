//! How many rows (invoices, engagements) each structure has per side and state, kept in the
//! same transactions as the rows themselves: a search that names only the structure (and
//! states) reads its total instead of counting tens of thousands of rows.

use sqlx::AssertSqlSafe;

use crate::sql::{Arg, Insert, Sql};
use crate::{Result, Store, on_write_pool};

/// A table of counts: `(structure_id, cote, <state>, nombre)`, and the rows it counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Comptes {
    pub table: &'static str,
    /// The table of the counted rows.
    pub rows: &'static str,
    /// The name of the state column, in both tables.
    pub state: &'static str,
}

/// A change to a structure's count: the structure, its side, the state, and how many more
/// (or fewer).
pub(crate) type Delta = (i64, &'static str, String, i64);

/// The upsert of structures' counts, deltas of a same count summed (an upsert may not touch
/// a row twice); `None` when nothing changes.
pub(crate) fn upsert(
    engine: crate::Engine,
    comptes: Comptes,
    deltas: impl IntoIterator<Item = Delta>,
) -> Option<Insert> {
    let mut sums: std::collections::BTreeMap<(i64, &'static str, String), i64> = Default::default();
    for (structure, cote, state, delta) in deltas {
        *sums.entry((structure, cote, state)).or_default() += delta;
    }
    let rows: Vec<Vec<Arg>> = sums
        .into_iter()
        .filter(|(_, delta)| *delta != 0)
        .map(|((structure, cote, state), delta)| {
            vec![Arg::Int(structure), Arg::Text(cote.to_owned()), Arg::Text(state), Arg::Int(delta)]
        })
        .collect();
    let Comptes { table, state, .. } = comptes;
    (!rows.is_empty()).then(|| {
        Insert::new(
            engine,
            table,
            &[("structure_id", "int8"), ("cote", "text"), (state, "text"), ("nombre", "int8")],
            rows,
            &format!(
                " ON CONFLICT (structure_id, cote, {state}) \
                 DO UPDATE SET nombre = {table}.nombre + excluded.nombre"
            ),
        )
    })
}

impl Comptes {
    /// The statement that reads a structure's total on a side, in some states (all when
    /// `states` is empty).
    pub(crate) fn total(&self, structure: i64, cote: &str, states: &[String]) -> Sql {
        let mut sql = Sql::new(&format!(
            "SELECT CAST(COALESCE(SUM(nombre), 0) AS BIGINT) FROM {} WHERE structure_id = ",
            self.table
        ));
        let p = sql.arg(Arg::Int(structure));
        sql.push(&p);
        let p = sql.arg(Arg::Text(cote.to_owned()));
        sql.push(&format!(" AND cote = {p}"));
        if !states.is_empty() {
            let ps: Vec<String> = states.iter().map(|s| sql.arg(Arg::Text(s.clone()))).collect();
            sql.push(&format!(" AND {} IN ({})", self.state, ps.join(", ")));
        }
        sql
    }
}

impl Store {
    /// Counts every structure's rows again, after a bulk load: `sides` are the structure's
    /// column in the counted table and the side it stands for.
    pub(crate) async fn recount(&self, comptes: &Comptes, sides: &[(&str, &str)]) -> Result<()> {
        let Comptes { table, rows, state } = *comptes;
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table}"))).execute(&mut *tx).await?;
            for (column, cote) in sides {
                let sql = format!("INSERT INTO {table} (structure_id, cote, {state}, nombre) \
                    SELECT {column}, '{cote}', {state}, COUNT(*) FROM {rows} GROUP BY {column}, {state}");
                sqlx::query(AssertSqlSafe(sql)).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(())
        })?;
        Ok(())
    }
}
