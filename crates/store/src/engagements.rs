//! Engagements juridiques: the row, its history and files, written together; searches from
//! the issuer's and the receiver's side; the invoices that quote an engagement.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use crate::factures::execute_insert;
use crate::par_structure::{self, Comptes, Delta};
use crate::sql::{Arg, Sql};
use crate::{Result, Store, StoreError, on_pool, on_write_pool};

/// What the issuer writes of an engagement.
#[derive(Debug, Clone)]
pub struct EngagementData {
    pub numero: String,
    pub type_engagement: String,
    pub service_id: Option<i64>,
    pub recepteur_id: i64,
    pub libelle: Option<String>,
    pub numero_marche: Option<String>,
    pub devise: String,
    pub date_notification: Option<NaiveDate>,
    pub lignes: String,
    /// In cents.
    pub montant_ht: i64,
    pub montant_ttc: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct EngagementRecord {
    pub id: i64,
    pub numero: String,
    pub type_engagement: String,
    pub etat: String,
    pub emetteur_id: i64,
    pub service_id: Option<i64>,
    pub recepteur_id: i64,
    pub libelle: Option<String>,
    pub numero_marche: Option<String>,
    pub devise: String,
    pub date_notification: Option<NaiveDate>,
    pub lignes: String,
    pub montant_ht: i64,
    pub montant_ttc: i64,
    pub motif: Option<String>,
    pub cree_par: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An engagement as searches list it, with its receiver's and service's names and the
/// size of its files.
#[derive(Debug, Clone, FromRow)]
pub struct EngagementResume {
    #[sqlx(flatten)]
    pub record: EngagementRecord,
    pub identifiant_recepteur: String,
    pub designation_recepteur: String,
    pub code_service: Option<String>,
    pub libelle_service: Option<String>,
    pub taille_pieces_jointes: i64,
}

/// One line of an engagement's history.
#[derive(Debug, Clone, FromRow)]
pub struct HistoriqueEngagement {
    pub action: String,
    pub etat: String,
    pub commentaire: Option<String>,
    pub utilisateur_id: Option<i64>,
    pub date_action: DateTime<Utc>,
}

/// What was done, by whom and why, for the history.
#[derive(Debug, Clone)]
pub struct ActeEngagement {
    pub action: String,
    pub etat: String,
    pub commentaire: Option<String>,
    pub utilisateur_id: Option<i64>,
}

/// An invoice that quotes an engagement.
#[derive(Debug, Clone, FromRow)]
pub struct FactureLiee {
    pub id: i64,
    pub numero: String,
    pub statut: String,
    pub type_facture: String,
    pub date_facture: NaiveDate,
    pub montant_ttc: i64,
}

/// Criteria of an engagement search; `None` means no filter.
#[derive(Debug, Clone, Default)]
pub struct EngagementSearch {
    pub emetteur_id: Option<i64>,
    pub recepteur_id: Option<i64>,
    pub numero: Option<String>,
    pub etats: Vec<String>,
    pub type_engagement: Option<String>,
    pub numero_marche: Option<String>,
    pub date_notification_du: Option<NaiveDate>,
    pub date_notification_au: Option<NaiveDate>,
    pub montant_ttc_min: Option<i64>,
    pub montant_ttc_max: Option<i64>,
    /// A column of `engagements`, chosen by the caller among known ones.
    pub sort: &'static str,
    pub descending: bool,
    pub limit: u32,
    pub offset: u64,
}

const COLUMNS: &str = "id, numero, type_engagement, etat, emetteur_id, service_id, recepteur_id, \
    libelle, numero_marche, devise, date_notification, lignes, montant_ht, montant_ttc, motif, \
    cree_par, created_at, updated_at";

const SUPPRIME: &str = "SUPPRIME";
const EMETTEUR: &str = "EMETTEUR";
const RECEPTEUR: &str = "RECEPTEUR";

/// Where engagements are counted per structure, side and state.
const COMPTES: Comptes =
    Comptes { table: "engagements_par_structure", rows: "engagements", state: "etat" };

/// An engagement counted in a state, on both sides, `delta` times.
fn compte(emetteur: i64, recepteur: i64, etat: &str, delta: i64) -> [Delta; 2] {
    [(emetteur, EMETTEUR, etat.to_owned(), delta), (recepteur, RECEPTEUR, etat.to_owned(), delta)]
}

/// Writes acts to the history and links new files, inside the caller's transaction.
macro_rules! record_actes {
    ($tx:expr, $id:expr, $actes:expr, $pieces:expr, $now:expr) => {{
        for acte in $actes {
            sqlx::query(
            "INSERT INTO engagements_historique (engagement_id, action, etat, commentaire, \
             utilisateur_id, date_action) VALUES ($1, $2, $3, $4, $5, $6)",
        )
            .bind($id)
            .bind(&acte.action)
            .bind(&acte.etat)
            .bind(&acte.commentaire)
            .bind(acte.utilisateur_id)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        }
        for piece in $pieces {
            sqlx::query(
                "INSERT INTO engagements_pieces_jointes (engagement_id, piece_jointe_id, created_at) \
                 VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind($id)
            .bind(*piece)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

impl Store {
    /// Records a new engagement with its first acts (created, and maybe transmitted at once)
    /// and files; its state is the last act's. A number the issuer already uses is a conflict.
    pub async fn insert_engagement(
        &self,
        emetteur_id: i64,
        e: &EngagementData,
        actes: &[ActeEngagement],
        pieces_jointes: &[i64],
    ) -> Result<i64> {
        const SQL: &str = "INSERT INTO engagements (numero, type_engagement, etat, emetteur_id, \
            service_id, recepteur_id, libelle, numero_marche, devise, date_notification, lignes, \
            montant_ht, montant_ttc, cree_par, created_at, updated_at) \
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id";
        let Some(dernier) = actes.last() else {
            return Err(StoreError::Conflict("an engagement without any act".into()));
        };
        let now = Utc::now();
        let conflict = |err| StoreError::from_unique(err, format!("engagement {}", e.numero));
        let counts = par_structure::upsert(
            self.engine(),
            COMPTES,
            compte(emetteur_id, e.recepteur_id, &dernier.etat, 1),
        );
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let id: i64 = sqlx::query_scalar(SQL)
                .bind(&e.numero)
                .bind(&e.type_engagement)
                .bind(&dernier.etat)
                .bind(emetteur_id)
                .bind(e.service_id)
                .bind(e.recepteur_id)
                .bind(&e.libelle)
                .bind(&e.numero_marche)
                .bind(&e.devise)
                .bind(e.date_notification)
                .bind(&e.lignes)
                .bind(e.montant_ht)
                .bind(e.montant_ttc)
                .bind(dernier.utilisateur_id)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(conflict)?;
            record_actes!(tx, id, actes, pieces_jointes, now);
            execute_insert!(tx, counts);
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Applies acts to an engagement still in the state it was read in: the last one's state, the
    /// receiver's reason, and the new content when the issuer corrected it. Two concurrent
    /// changes cannot both apply.
    pub async fn act_on_engagement(
        &self,
        e: &EngagementRecord,
        donnees: Option<&EngagementData>,
        actes: &[ActeEngagement],
        pieces_jointes: &[i64],
    ) -> Result<()> {
        const ETAT: &str = "UPDATE engagements SET etat = $3, motif = COALESCE($4, motif), \
            updated_at = $5 WHERE id = $1 AND etat = $2";
        const CONTENU: &str = "UPDATE engagements SET numero = $2, type_engagement = $3, \
            service_id = $4, recepteur_id = $5, libelle = $6, numero_marche = $7, devise = $8, \
            date_notification = $9, lignes = $10, montant_ht = $11, montant_ttc = $12 WHERE id = $1";
        let Some(dernier) = actes.last() else {
            return Ok(());
        };
        let now = Utc::now();
        // The receiver's reason stays on the engagement for the issuer to read.
        let motif = actes
            .iter()
            .rev()
            .find(|a| matches!(a.action.as_str(), "REFUSER" | "RECYCLER"))
            .and_then(|a| a.commentaire.clone());
        let (id, de) = (e.id, e.etat.as_str());
        let recepteur = donnees.map_or(e.recepteur_id, |d| d.recepteur_id);
        let counts = par_structure::upsert(
            self.engine(),
            COMPTES,
            compte(e.emetteur_id, e.recepteur_id, de, -1).into_iter().chain(compte(
                e.emetteur_id,
                recepteur,
                &dernier.etat,
                1,
            )),
        );
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let changed = sqlx::query(ETAT)
                .bind(id)
                .bind(de)
                .bind(&dernier.etat)
                .bind(&motif)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed != 1 {
                tx.rollback().await?;
                return Err(StoreError::Conflict(format!("engagement {id} changed meanwhile; it")));
            }
            if let Some(d) = donnees {
                sqlx::query(CONTENU)
                    .bind(id)
                    .bind(&d.numero)
                    .bind(&d.type_engagement)
                    .bind(d.service_id)
                    .bind(d.recepteur_id)
                    .bind(&d.libelle)
                    .bind(&d.numero_marche)
                    .bind(&d.devise)
                    .bind(d.date_notification)
                    .bind(&d.lignes)
                    .bind(d.montant_ht)
                    .bind(d.montant_ttc)
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| StoreError::from_unique(err, format!("engagement {}", d.numero)))?;
            }
            record_actes!(tx, id, actes, pieces_jointes, now);
            execute_insert!(tx, counts);
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn find_engagement(&self, id: i64) -> Result<Option<EngagementRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM engagements WHERE id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// The issuer's engagement of this number that is not deleted.
    pub async fn find_engagement_par_numero(
        &self,
        emetteur_id: i64,
        numero: &str,
    ) -> Result<Option<EngagementRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM engagements WHERE emetteur_id = $1 AND numero = $2 AND etat <> '{SUPPRIME}'"
        );
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(emetteur_id)
            .bind(numero)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn historique_engagement(&self, id: i64) -> Result<Vec<HistoriqueEngagement>> {
        const SQL: &str = "SELECT action, etat, commentaire, utilisateur_id, date_action \
            FROM engagements_historique WHERE engagement_id = $1 ORDER BY id";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_all(pool).await)?)
    }

    /// The ids of an engagement's files, in the order they were attached.
    pub async fn pieces_jointes_of_engagement(&self, id: i64) -> Result<Vec<i64>> {
        const SQL: &str = "SELECT piece_jointe_id FROM engagements_pieces_jointes \
            WHERE engagement_id = $1 ORDER BY created_at, piece_jointe_id";
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL).bind(id).fetch_all(pool).await)?)
    }

    /// The invoices an engagement's issuer received from its receiver quoting its number,
    /// oldest first: those are linked to it.
    pub async fn factures_of_engagement(&self, e: &EngagementRecord) -> Result<Vec<FactureLiee>> {
        const SQL: &str = "SELECT id, numero, statut, type_facture, date_facture, montant_ttc \
            FROM factures WHERE destinataire_id = $1 AND numero_engagement = $2 \
            AND fournisseur_id = $3 ORDER BY id";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL)
            .bind(e.emetteur_id)
            .bind(&e.numero)
            .bind(e.recepteur_id)
            .fetch_all(pool)
            .await)?)
    }

    /// How many invoices its issuer received quoting an engagement's number, from anyone:
    /// any of them keeps the number from being deleted.
    pub async fn count_factures_quoting(&self, emetteur_id: i64, numero: &str) -> Result<u64> {
        const SQL: &str =
            "SELECT COUNT(*) FROM factures WHERE destinataire_id = $1 AND numero_engagement = $2";
        let n: i64 = on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(emetteur_id)
            .bind(numero)
            .fetch_one(pool)
            .await)?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    /// A page of engagements and the number of all that match. Deleted ones never match.
    pub async fn search_engagements(
        &self,
        s: &EngagementSearch,
    ) -> Result<(Vec<EngagementResume>, u64)> {
        let mut filter = Sql::new(&format!(" WHERE e.etat <> '{SUPPRIME}'"));
        let engine = self.engine();
        filter
            .and("e.emetteur_id", "=", s.emetteur_id.map(Arg::Int))
            .and("e.recepteur_id", "=", s.recepteur_id.map(Arg::Int))
            .and("e.numero", "=", s.numero.clone().map(Arg::Text))
            .and("e.type_engagement", "=", s.type_engagement.clone().map(Arg::Text))
            .and("e.numero_marche", "=", s.numero_marche.clone().map(Arg::Text))
            .and("e.montant_ttc", ">=", s.montant_ttc_min.map(Arg::Int))
            .and("e.montant_ttc", "<=", s.montant_ttc_max.map(Arg::Int))
            .and_day(engine, "e.date_notification", ">=", s.date_notification_du)
            .and_day(engine, "e.date_notification", "<=", s.date_notification_au)
            .and_in("e.etat", s.etats.iter().cloned().map(Arg::Text).collect());
        let direction = if s.descending { "DESC" } else { "ASC" };
        let mut page = filter.clone();
        let limit = page.arg(Arg::Int(i64::from(s.limit)));
        let offset = page.arg(Arg::Int(i64::try_from(s.offset).unwrap_or(i64::MAX)));
        let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("e.{c}")).collect();
        page.text = format!(
            "SELECT {}, r.identifiant AS identifiant_recepteur, r.raison_sociale AS designation_recepteur, \
             sv.code AS code_service, sv.libelle AS libelle_service, \
             (SELECT CAST(COALESCE(SUM(p.taille), 0) AS BIGINT) FROM engagements_pieces_jointes l \
              JOIN pieces_jointes p ON p.id = l.piece_jointe_id WHERE l.engagement_id = e.id) AS taille_pieces_jointes \
             FROM engagements e JOIN structures r ON r.id = e.recepteur_id \
             LEFT JOIN services sv ON sv.id = e.service_id{} \
             ORDER BY e.{} {direction}, e.id {direction} LIMIT {limit} OFFSET {offset}",
            columns.join(", "),
            page.text,
            s.sort
        );
        let mut count = filter;
        count.text = format!("SELECT COUNT(*) FROM engagements e{}", count.text);
        if let Some(counted) = counted(s) {
            count = counted;
        }
        self.page_and_count(&page, &count).await
    }

    /// Counts every structure's engagements again, after a bulk load.
    pub async fn recount_engagements_par_structure(&self) -> Result<()> {
        self.recount(&COMPTES, &[("emetteur_id", EMETTEUR), ("recepteur_id", RECEPTEUR)]).await
    }
}

/// A search's total read from the structures' counts, when it names one structure's side
/// and perhaps states, and nothing else.
fn counted(s: &EngagementSearch) -> Option<Sql> {
    let only_side = s.numero.is_none()
        && s.type_engagement.is_none()
        && s.numero_marche.is_none()
        && s.date_notification_du.is_none()
        && s.date_notification_au.is_none()
        && s.montant_ttc_min.is_none()
        && s.montant_ttc_max.is_none();
    let (structure, cote) = match (s.emetteur_id, s.recepteur_id) {
        (Some(e), None) => (e, EMETTEUR),
        (None, Some(r)) => (r, RECEPTEUR),
        _ => return None,
    };
    if !only_side {
        return None;
    }
    // Deleted engagements are counted too, and never listed.
    let states: Vec<String> = if s.etats.is_empty() {
        ["BROUILLON", "COMMANDE", "INACTIF", "REFUSE", "A_RECYCLER"].map(String::from).to_vec()
    } else {
        s.etats.iter().filter(|e| *e != SUPPRIME).cloned().collect()
    };
    if states.is_empty() {
        return None;
    }
    Some(COMPTES.total(structure, cote, &states))
}
