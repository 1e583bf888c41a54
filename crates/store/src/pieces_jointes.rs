//! Attachments: the files' records (the files themselves are in the blob store, or in the
//! database when small) and their links to invoices, written in the invoice's own
//! transaction.

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use crate::fichiers::InsertFichiers;
use crate::sql::{Arg, Sql, bind_args};
use crate::{Result, Store, on_pool, on_write_pool};

#[derive(Debug, Clone)]
pub struct NewPieceJointe {
    pub utilisateur_id: Option<i64>,
    pub nom: String,
    pub extension: String,
    pub type_mime: String,
    pub taille: i64,
    pub sha256: String,
    pub cle: String,
    /// The file itself, when it goes in the database with its row
    /// ([`crate::KeptBlob::inline`]).
    pub inline: Option<crate::EnBase>,
}

#[derive(Debug, Clone, FromRow)]
pub struct PieceJointeRecord {
    pub id: i64,
    pub utilisateur_id: Option<i64>,
    pub nom: String,
    pub extension: String,
    pub type_mime: String,
    pub taille: i64,
    pub sha256: String,
    pub cle: String,
    pub created_at: DateTime<Utc>,
}

/// An attachment of an invoice, with what it is to it.
#[derive(Debug, Clone, FromRow)]
pub struct PieceJointeFacture {
    #[sqlx(flatten)]
    pub piece: PieceJointeRecord,
    pub role: String,
    pub designation: Option<String>,
}

/// A file to attach to an invoice.
#[derive(Debug, Clone)]
pub struct Attachement {
    pub piece_jointe_id: i64,
    pub role: String,
    pub designation: Option<String>,
}

const COLUMNS: &str = "p.id, p.utilisateur_id, p.nom, p.extension, p.type_mime, p.taille, p.sha256, p.cle, p.created_at";

/// The rows that attach files to invoices, for a multi-row insert.
pub(crate) fn attachement_rows<'a>(
    links: impl IntoIterator<Item = (i64, &'a Attachement)>,
    now: DateTime<Utc>,
) -> Vec<Vec<Arg>> {
    links
        .into_iter()
        .map(|(facture_id, a)| {
            vec![
                Arg::Int(facture_id),
                Arg::Int(a.piece_jointe_id),
                Arg::Text(a.role.clone()),
                a.designation.clone().into(),
                Arg::Time(now),
            ]
        })
        .collect()
}

pub(crate) const INSERT_ATTACHEMENTS: &str = "INSERT INTO factures_pieces_jointes \
    (facture_id, piece_jointe_id, role, designation, created_at) VALUES ";

impl Store {
    pub async fn insert_piece_jointe(&self, p: &NewPieceJointe) -> Result<i64> {
        const SQL: &str = "INSERT INTO pieces_jointes (utilisateur_id, nom, extension, type_mime, \
            taille, sha256, cle, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if let Some(contenu) = &p.inline {
                tx.insert_fichiers(&[(p.cle.as_str(), contenu)]).await?;
            }
            let id = sqlx::query_scalar(SQL)
                .bind(p.utilisateur_id)
                .bind(&p.nom)
                .bind(&p.extension)
                .bind(&p.type_mime)
                .bind(p.taille)
                .bind(&p.sha256)
                .bind(&p.cle)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// The files of these ids that exist.
    pub async fn find_pieces_jointes(&self, ids: &[i64]) -> Result<Vec<PieceJointeRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM pieces_jointes p WHERE p.id IN ("));
        let placeholders: Vec<String> = ids.iter().map(|id| sql.arg(Arg::Int(*id))).collect();
        sql.push(&placeholders.join(", ")).push(") ORDER BY p.id");
        Ok(
            on_pool!(self, pool => bind_args!(sqlx::query_as(AssertSqlSafe(sql.text.as_str())), &sql.args)
            .fetch_all(pool)
            .await)?,
        )
    }

    /// An invoice's files, in the order they were attached.
    pub async fn pieces_jointes_of_facture(
        &self,
        facture_id: i64,
    ) -> Result<Vec<PieceJointeFacture>> {
        let sql = format!(
            "SELECT {COLUMNS}, l.role, l.designation FROM factures_pieces_jointes l \
             JOIN pieces_jointes p ON p.id = l.piece_jointe_id WHERE l.facture_id = $1 \
             ORDER BY l.created_at, p.id"
        );
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(facture_id)
            .fetch_all(pool)
            .await)?)
    }
}
