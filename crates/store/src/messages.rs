//! "Mes messages": a message and its recipients written in one transaction, the inboxes and
//! outboxes, and who may be written to (see [`partenaires`]). Distribution lists and
//! address books are in [`listes`].

mod listes;
mod partenaires;

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, FromRow};

pub use listes::{EntreeCarnet, ListeRecord};
pub(crate) use partenaires::partenaires_insert;

use crate::pieces_jointes::PieceJointeRecord;
use crate::sql::{Arg, Insert, bind_insert};
use crate::{Engine, Result, Store, on_pool, on_write_pool};

/// Rows of recipients per statement: 3 parameters each stay far below SQLite's limit, and a
/// statement stays short enough not to hold the writer for long.
const CHUNK: usize = 5_000;

/// `column` is one of the ids of `param`, a comma-separated list bound as one text: one
/// statement whatever the number of ids, on both engines.
pub(crate) fn dans(engine: Engine, column: &str, param: &str) -> String {
    match engine {
        Engine::Sqlite => {
            format!("{column} IN (SELECT value FROM json_each('[' || {param} || ']'))")
        }
        Engine::Postgres => {
            format!("{column} = ANY(CAST(string_to_array({param}, ',') AS int8[]))")
        }
    }
}

/// Ids as [`dans`] binds them.
pub(crate) fn ids_text(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub expediteur_id: i64,
    pub utilisateur_id: Option<i64>,
    pub objet: String,
    pub corps: String,
    pub destinataires: Vec<i64>,
    pub pieces_jointes: Vec<i64>,
}

/// What the sender's check needs of a would-be recipient.
#[derive(Debug, Clone, FromRow)]
pub struct CandidatRecord {
    pub id: i64,
    pub type_structure: String,
    pub actif: bool,
    pub messagerie_active: bool,
    /// At least one invoice went between it and the sender.
    pub partenaire: bool,
}

#[derive(Debug, Clone, FromRow)]
pub struct MessageRecord {
    pub id: i64,
    pub expediteur_id: i64,
    pub expediteur: String,
    pub utilisateur_id: Option<i64>,
    pub objet: String,
    pub corps: String,
    pub nombre_destinataires: i64,
    pub envoye_le: DateTime<Utc>,
}

/// A message in an inbox.
#[derive(Debug, Clone, FromRow)]
pub struct MessageRecu {
    pub id: i64,
    pub expediteur_id: i64,
    pub expediteur: String,
    pub objet: String,
    pub envoye_le: DateTime<Utc>,
    pub lu_le: Option<DateTime<Utc>>,
    pub archive: bool,
    pub pieces_jointes: i64,
}

/// A message in an outbox.
#[derive(Debug, Clone, FromRow)]
pub struct MessageEnvoye {
    pub id: i64,
    pub objet: String,
    pub envoye_le: DateTime<Utc>,
    pub nombre_destinataires: i64,
    pub lus: i64,
}

/// A recipient of a message, as its sender sees it.
#[derive(Debug, Clone, FromRow)]
pub struct Reception {
    pub structure_id: i64,
    pub raison_sociale: String,
    pub lu_le: Option<DateTime<Utc>>,
    pub archive: bool,
}

/// An inbox's page, its total and its unread messages.
#[derive(Debug, Clone)]
pub struct Boite {
    pub messages: Vec<MessageRecu>,
    pub total: u64,
    pub non_lus: u64,
}

const INSERT_MESSAGE: &str = "INSERT INTO messages (expediteur_id, utilisateur_id, objet, corps, \
    nombre_destinataires, envoye_le) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

impl Store {
    /// Whether a structure switched its messaging space on; `None` when it does not exist.
    pub async fn messagerie_active(&self, structure_id: i64) -> Result<Option<bool>> {
        const SQL: &str = "SELECT messagerie_active FROM structures WHERE id = $1";
        Ok(
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(structure_id).fetch_optional(pool).await)?,
        )
    }

    /// Switches a structure's messaging space; false when there is no such structure.
    pub async fn set_messagerie_active(&self, structure_id: i64, active: bool) -> Result<bool> {
        const SQL: &str = "UPDATE structures SET messagerie_active = $2 WHERE id = $1";
        let done = on_write_pool!(self, pool => sqlx::query(SQL)
            .bind(structure_id)
            .bind(active)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// The structures of `ids` that exist, with what decides whether `expediteur` may write
    /// to them: one statement for any number of ids.
    pub async fn candidats_message(
        &self,
        expediteur: i64,
        ids: &[i64],
    ) -> Result<Vec<CandidatRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT s.id, s.type_structure, s.actif, s.messagerie_active, \
             (p.partenaire_id IS NOT NULL) AS partenaire FROM structures s \
             LEFT JOIN partenaires p ON p.structure_id = $1 AND p.partenaire_id = s.id \
             WHERE {}",
            dans(self.engine(), "s.id", "$2")
        );
        let ids = ids_text(ids);
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(expediteur)
            .bind(&ids)
            .fetch_all(pool)
            .await)?)
    }

    /// Records a message, its recipients and its files in one transaction; its id and time.
    pub async fn insert_message(&self, m: &NewMessage) -> Result<(i64, DateTime<Utc>)> {
        let now = Utc::now();
        let engine = self.engine();
        let nombre = i64::try_from(m.destinataires.len()).unwrap_or(i64::MAX);
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(INSERT_MESSAGE)
                .bind(m.expediteur_id)
                .bind(m.utilisateur_id)
                .bind(&m.objet)
                .bind(&m.corps)
                .bind(nombre)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            for chunk in m.destinataires.chunks(CHUNK) {
                let rows = chunk
                    .iter()
                    .map(|d| vec![Arg::Int(id), Arg::Int(*d), Arg::Time(now)])
                    .collect();
                let columns =
                    [("message_id", "int8"), ("structure_id", "int8"), ("envoye_le", "timestamptz")];
                let sql = Insert::new(engine, "messages_destinataires", &columns, rows, "");
                bind_insert!(sqlx::query(AssertSqlSafe(sql.text.as_str())), sql)
                    .execute(&mut *tx)
                    .await?;
            }
            if !m.pieces_jointes.is_empty() {
                let rows =
                    m.pieces_jointes.iter().map(|p| vec![Arg::Int(id), Arg::Int(*p)]).collect();
                let columns = [("message_id", "int8"), ("piece_jointe_id", "int8")];
                let sql = Insert::new(engine, "messages_pieces_jointes", &columns, rows, "");
                bind_insert!(sqlx::query(AssertSqlSafe(sql.text.as_str())), sql)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>((id, now))
        })
        .map_err(Into::into)
    }

    /// A page of a structure's inbox, newest first; archived messages only when asked.
    pub async fn messages_recus(
        &self,
        structure_id: i64,
        avec_archives: bool,
        limit: u32,
        offset: u64,
    ) -> Result<Boite> {
        let archive = if avec_archives { "" } else { " AND d.archive = FALSE" };
        let page = format!(
            "SELECT m.id, m.expediteur_id, s.raison_sociale AS expediteur, m.objet, d.envoye_le, \
             d.lu_le, d.archive, (SELECT COUNT(*) FROM messages_pieces_jointes j \
             WHERE j.message_id = m.id) AS pieces_jointes \
             FROM messages_destinataires d JOIN messages m ON m.id = d.message_id \
             JOIN structures s ON s.id = m.expediteur_id \
             WHERE d.structure_id = $1{archive} \
             ORDER BY d.envoye_le DESC, d.message_id DESC LIMIT $2 OFFSET $3"
        );
        // Both counts in one round trip.
        let totals = format!(
            "SELECT (SELECT COUNT(*) FROM messages_destinataires d WHERE d.structure_id = $1{archive}), \
             (SELECT COUNT(*) FROM messages_destinataires \
              WHERE structure_id = $1 AND lu_le IS NULL AND archive = FALSE)"
        );
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let (messages, total, non_lus) = on_pool!(self, pool => {
            let messages = sqlx::query_as(AssertSqlSafe(page.as_str()))
                .bind(structure_id)
                .bind(i64::from(limit))
                .bind(offset)
                .fetch_all(pool)
                .await?;
            let (total, non_lus): (i64, i64) = sqlx::query_as(AssertSqlSafe(totals.as_str()))
                .bind(structure_id)
                .fetch_one(pool)
                .await?;
            Ok::<_, sqlx::Error>((messages, total, non_lus))
        })?;
        Ok(Boite { messages, total: count(total), non_lus: count(non_lus) })
    }

    /// A page of what a structure sent, newest first, and how many it sent.
    pub async fn messages_envoyes(
        &self,
        structure_id: i64,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<MessageEnvoye>, u64)> {
        const PAGE: &str = "SELECT m.id, m.objet, m.envoye_le, m.nombre_destinataires, \
            (SELECT COUNT(*) FROM messages_destinataires d WHERE d.message_id = m.id \
             AND d.lu_le IS NOT NULL) AS lus \
            FROM messages m WHERE m.expediteur_id = $1 \
            ORDER BY m.envoye_le DESC, m.id DESC LIMIT $2 OFFSET $3";
        const TOTAL: &str = "SELECT COUNT(*) FROM messages WHERE expediteur_id = $1";
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let (rows, total) = on_pool!(self, pool => {
            let rows = sqlx::query_as(PAGE)
                .bind(structure_id)
                .bind(i64::from(limit))
                .bind(offset)
                .fetch_all(pool)
                .await?;
            let total: i64 = sqlx::query_scalar(TOTAL).bind(structure_id).fetch_one(pool).await?;
            Ok::<_, sqlx::Error>((rows, total))
        })?;
        Ok((rows, count(total)))
    }

    pub async fn find_message(&self, id: i64) -> Result<Option<MessageRecord>> {
        const SQL: &str = "SELECT m.id, m.expediteur_id, s.raison_sociale AS expediteur, \
            m.utilisateur_id, m.objet, m.corps, m.nombre_destinataires, m.envoye_le \
            FROM messages m JOIN structures s ON s.id = m.expediteur_id WHERE m.id = $1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await)?)
    }

    /// A message as one of its recipients holds it; `None` when it is not one.
    pub async fn reception(&self, message_id: i64, structure_id: i64) -> Result<Option<Reception>> {
        const SQL: &str = "SELECT d.structure_id, s.raison_sociale, d.lu_le, d.archive \
            FROM messages_destinataires d JOIN structures s ON s.id = d.structure_id \
            WHERE d.message_id = $1 AND d.structure_id = $2";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL)
            .bind(message_id)
            .bind(structure_id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Every recipient of a message, for its sender.
    pub async fn receptions(&self, message_id: i64) -> Result<Vec<Reception>> {
        const SQL: &str = "SELECT d.structure_id, s.raison_sociale, d.lu_le, d.archive \
            FROM messages_destinataires d JOIN structures s ON s.id = d.structure_id \
            WHERE d.message_id = $1 ORDER BY d.structure_id";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(message_id).fetch_all(pool).await)?)
    }

    /// Marks a message read by a recipient, the first time only; when it was read.
    pub async fn mark_message_lu(
        &self,
        message_id: i64,
        structure_id: i64,
    ) -> Result<DateTime<Utc>> {
        const SQL: &str = "UPDATE messages_destinataires SET lu_le = COALESCE(lu_le, $3) \
            WHERE message_id = $1 AND structure_id = $2 RETURNING lu_le";
        let lu: Option<Option<DateTime<Utc>>> = on_write_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(message_id)
            .bind(structure_id)
            .bind(Utc::now())
            .fetch_optional(pool)
            .await)?;
        Ok(lu.flatten().unwrap_or_else(Utc::now))
    }

    /// Archives a received message, or brings it back; false when it is not one.
    pub async fn archive_message(
        &self,
        message_id: i64,
        structure_id: i64,
        archive: bool,
    ) -> Result<bool> {
        const SQL: &str = "UPDATE messages_destinataires SET archive = $3 \
            WHERE message_id = $1 AND structure_id = $2";
        let done = on_write_pool!(self, pool => sqlx::query(SQL)
            .bind(message_id)
            .bind(structure_id)
            .bind(archive)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    pub async fn pieces_jointes_of_message(&self, id: i64) -> Result<Vec<PieceJointeRecord>> {
        const SQL: &str = "SELECT p.id, p.utilisateur_id, p.nom, p.extension, p.type_mime, \
            p.taille, p.sha256, p.cle, p.created_at FROM messages_pieces_jointes l \
            JOIN pieces_jointes p ON p.id = l.piece_jointe_id WHERE l.message_id = $1 ORDER BY p.id";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_all(pool).await)?)
    }
}
