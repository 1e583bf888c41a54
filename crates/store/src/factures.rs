//! Invoices, their history and the statistics counters, written together: a deposit or a
//! change of status is one transaction, so the counters never disagree with the invoices.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AssertSqlSafe, FromRow};

use crate::pieces_jointes::{Attachement, INSERT_ATTACHEMENTS, attachement_rows};
use crate::sql::{Arg, Insert, Sql, bind_args, bind_insert};

pub(crate) mod depots;
use crate::par_structure;
use crate::{Result, Store, StoreError, on_pool, on_write_pool};
pub(crate) use depots::{FactureADeposer, Queue as DepotQueue, start as start_depots};

#[derive(Debug, Clone, Default)]
pub struct NewFacture {
    pub numero: String,
    pub annee: i64,
    pub fournisseur_id: i64,
    pub destinataire_id: i64,
    pub service_id: Option<i64>,
    pub type_facture: String,
    pub cadre: String,
    pub type_tva: String,
    pub mode_depot: String,
    pub devise: String,
    pub date_facture: NaiveDate,
    pub date_depot: NaiveDate,
    pub numero_engagement: Option<String>,
    pub numero_marche: Option<String>,
    pub numero_facture_origine: Option<String>,
    pub mode_paiement: Option<String>,
    pub motif_exoneration_tva: Option<String>,
    /// Amounts in cents.
    pub montant_ht: i64,
    pub montant_tva: i64,
    pub montant_ttc: i64,
    pub remise_globale_ttc: i64,
    pub montant_a_payer: i64,
    pub contenu: String,
    pub commentaire: Option<String>,
    pub cree_par: i64,
    pub valideur_id: Option<i64>,
    /// The flux it came in, and its document's rank there.
    pub flux: Option<(i64, i64)>,
}

#[derive(Debug, Clone, FromRow)]
pub struct FactureRecord {
    pub id: i64,
    pub numero: String,
    pub annee: i64,
    pub fournisseur_id: i64,
    pub destinataire_id: i64,
    pub service_id: Option<i64>,
    pub type_facture: String,
    pub cadre: String,
    pub type_tva: String,
    pub mode_depot: String,
    pub devise: String,
    pub date_facture: NaiveDate,
    pub date_depot: NaiveDate,
    pub numero_engagement: Option<String>,
    pub numero_marche: Option<String>,
    pub numero_facture_origine: Option<String>,
    pub mode_paiement: Option<String>,
    pub motif_exoneration_tva: Option<String>,
    pub montant_ht: i64,
    pub montant_tva: i64,
    pub montant_ttc: i64,
    pub remise_globale_ttc: i64,
    pub montant_a_payer: i64,
    pub contenu: String,
    pub commentaire: Option<String>,
    pub statut: String,
    pub date_statut: DateTime<Utc>,
    pub commentaire_statut: Option<String>,
    pub telechargee: bool,
    pub cree_par: i64,
    pub valideur_id: Option<i64>,
    pub flux_id: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct HistoriqueRecord {
    pub id: i64,
    pub statut: String,
    pub date_passage: DateTime<Utc>,
    pub commentaire: Option<String>,
    pub utilisateur_id: Option<i64>,
    pub email: Option<String>,
    pub nom: Option<String>,
    pub prenom: Option<String>,
}

/// A status an invoice passes through, with who moved it and why.
#[derive(Debug, Clone)]
pub struct Evenement {
    pub statut: String,
    pub commentaire: Option<String>,
    pub utilisateur_id: Option<i64>,
}

/// The statistics' dimensions of an invoice besides its day, channel and status.
#[derive(Debug, Clone)]
pub struct DimensionsStats {
    /// The recipient's kind of public body.
    pub type_public: String,
    /// The supplier's company category (or its kind of public body).
    pub categorie: String,
}

/// Where a recycled invoice goes.
#[derive(Debug, Clone)]
pub struct NouvelleRoute<'a> {
    pub destinataire_id: i64,
    pub service_id: Option<i64>,
    pub numero_engagement: Option<&'a str>,
}

/// Criteria of an invoice search; `None` means no filter.
#[derive(Debug, Clone, Default)]
pub struct FactureSearch {
    pub fournisseur_id: Option<i64>,
    pub destinataire_id: Option<i64>,
    pub valideur_id: Option<i64>,
    pub service_ids: Option<Vec<i64>>,
    pub numero: Option<String>,
    pub statuts: Vec<String>,
    pub type_facture: Option<String>,
    pub date_depot_du: Option<NaiveDate>,
    pub date_depot_au: Option<NaiveDate>,
    pub date_facture_du: Option<NaiveDate>,
    pub date_facture_au: Option<NaiveDate>,
    pub numero_engagement: Option<String>,
    pub montant_ttc_min: Option<i64>,
    pub montant_ttc_max: Option<i64>,
    /// The flux the invoices came in.
    pub flux_id: Option<i64>,
    /// A column of `factures`, chosen by the caller among known ones.
    pub sort: &'static str,
    pub descending: bool,
    pub limit: u32,
    pub offset: u64,
}

const COLUMNS: &str = "id, numero, annee, fournisseur_id, destinataire_id, service_id, \
    type_facture, cadre, type_tva, mode_depot, devise, date_facture, date_depot, \
    numero_engagement, numero_marche, numero_facture_origine, mode_paiement, \
    motif_exoneration_tva, montant_ht, montant_tva, montant_ttc, remise_globale_ttc, \
    montant_a_payer, contenu, commentaire, statut, date_statut, commentaire_statut, \
    telechargee, cree_par, valideur_id, flux_id";

const INSERT_HISTORIQUE: &str = "INSERT INTO factures_historique \
    (facture_id, statut, date_passage, commentaire, utilisateur_id) VALUES ($1, $2, $3, $4, $5)";

/// A counter's upsert adds to the counter rather than replacing it.
macro_rules! count_conflict {
    () => {
        " ON CONFLICT (jour, type_public, categorie, mode_depot, statut) \
        DO UPDATE SET nombre = stats_factures.nombre + excluded.nombre, \
        montant_ttc = stats_factures.montant_ttc + excluded.montant_ttc"
    };
}
const COUNT_CONFLICT: &str = count_conflict!();

/// An invoice's counts moving from a status (and recipient) to another.
fn deplacement(f: &FactureRecord, destinataire: i64, statut: &str) -> [par_structure::Delta; 4] {
    [
        (f.fournisseur_id, FOURNISSEUR, f.statut.clone(), -1),
        (f.destinataire_id, DESTINATAIRE, f.statut.clone(), -1),
        (f.fournisseur_id, FOURNISSEUR, statut.to_owned(), 1),
        (destinataire, DESTINATAIRE, statut.to_owned(), 1),
    ]
}

pub(crate) const FOURNISSEUR: &str = "FOURNISSEUR";
pub(crate) const DESTINATAIRE: &str = "DESTINATAIRE";

/// Where invoices are counted per structure, side and status.
pub(crate) const FACTURES: par_structure::Comptes =
    par_structure::Comptes { table: "factures_par_structure", rows: "factures", state: "statut" };

/// Runs an optional [`Insert`] in the transaction at hand.
macro_rules! execute_insert {
    ($tx:expr, $insert:expr) => {
        if let Some(sql) = &$insert {
            $crate::sql::bind_insert!(sqlx::query(sqlx::AssertSqlSafe(sql.text.as_str())), sql)
                .execute(&mut *$tx)
                .await?;
        }
    };
}
pub(crate) use execute_insert;

/// Adds rows of day, recipient kind, supplier category, channel, status, number and amount
/// to the statistics counters, one row per counter.
pub(crate) fn counters_insert(engine: crate::Engine, rows: Vec<Vec<Arg>>) -> Insert {
    Insert::new(
        engine,
        "stats_factures",
        &[
            ("jour", "date"),
            ("type_public", "text"),
            ("categorie", "text"),
            ("mode_depot", "text"),
            ("statut", "text"),
            ("nombre", "int8"),
            ("montant_ttc", "int8"),
        ],
        rows,
        COUNT_CONFLICT,
    )
}
/// The monthly counters of some daily counters' rows (as [`counters_insert`] takes them):
/// the same counts summed by month, recipient kind, supplier category and channel, the status
/// left out; `None` when there is none.
pub(crate) fn monthly_insert(engine: crate::Engine, rows: &[Vec<Arg>]) -> Option<Insert> {
    let mut months: std::collections::BTreeMap<(String, String, String, String), (i64, i64)> =
        std::collections::BTreeMap::new();
    for row in rows {
        let [
            Arg::Date(jour),
            Arg::Text(type_public),
            Arg::Text(categorie),
            Arg::Text(mode),
            _,
            Arg::Int(nombre),
            Arg::Int(montant),
        ] = row.as_slice()
        else {
            continue;
        };
        let key = (
            jour.format("%Y-%m").to_string(),
            type_public.clone(),
            categorie.clone(),
            mode.clone(),
        );
        let counter = months.entry(key).or_default();
        counter.0 += nombre;
        counter.1 += montant;
    }
    let rows: Vec<Vec<Arg>> = months
        .into_iter()
        .map(|((mois, type_public, categorie, mode), (nombre, montant))| {
            vec![
                Arg::Text(mois),
                Arg::Text(type_public),
                Arg::Text(categorie),
                Arg::Text(mode),
                Arg::Int(nombre),
                Arg::Int(montant),
            ]
        })
        .collect();
    (!rows.is_empty()).then(|| {
        Insert::new(
            engine,
            "stats_factures_mois",
            &[
                ("mois", "text"),
                ("type_public", "text"),
                ("categorie", "text"),
                ("mode_depot", "text"),
                ("nombre", "int8"),
                ("montant_ttc", "int8"),
            ],
            rows,
            MONTHLY_CONFLICT,
        )
    })
}

/// A monthly counter's upsert adds to the counter.
const MONTHLY_CONFLICT: &str = " ON CONFLICT (mois, type_public, categorie, mode_depot) \
    DO UPDATE SET nombre = stats_factures_mois.nombre + excluded.nombre, \
    montant_ttc = stats_factures_mois.montant_ttc + excluded.montant_ttc";

const COUNT: &str = concat!(
    "INSERT INTO stats_factures (jour, type_public, categorie, mode_depot, statut, nombre, \
    montant_ttc) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    count_conflict!()
);

/// Appends events to an invoice's history, in the transaction at hand (one per engine, so
/// a macro rather than a function).
macro_rules! record_history {
    ($tx:expr, $facture_id:expr, $events:expr, $now:expr) => {
        for e in $events {
            sqlx::query(INSERT_HISTORIQUE)
                .bind($facture_id)
                .bind(&e.statut)
                .bind($now)
                .bind(&e.commentaire)
                .bind(e.utilisateur_id)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

/// Adds `delta` invoices (and their amount) to a counter, in the transaction at hand.
macro_rules! count {
    ($tx:expr, $f:expr, $dims:expr, $statut:expr, $delta:expr, $amount:expr) => {
        sqlx::query(COUNT)
            .bind($f.date_depot)
            .bind(&$dims.type_public)
            .bind(&$dims.categorie)
            .bind(&$f.mode_depot)
            .bind($statut)
            .bind($delta)
            .bind($amount)
            .execute(&mut *$tx)
            .await?
    };
}

const CHANGE_STATUT: &str = "UPDATE factures SET statut = $3, date_statut = $4, \
    commentaire_statut = $5 WHERE id = $1 AND statut = $2";

const SELECT_HISTORIQUE: &str = "SELECT h.id, h.statut, h.date_passage, h.commentaire, \
    h.utilisateur_id, u.email, u.nom, u.prenom FROM factures_historique h \
    LEFT JOIN utilisateurs u ON u.id = h.utilisateur_id WHERE h.facture_id = $1 ORDER BY h.id";

impl Store {
    /// Records an invoice with the statuses it passed through on deposit, and counts it;
    /// answers once it is committed, with other deposits of the moment (see [`depots`]).
    pub async fn insert_facture(
        &self,
        facture: NewFacture,
        history: Vec<Evenement>,
        dims: DimensionsStats,
        pieces_jointes: Vec<Attachement>,
    ) -> Result<i64> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let depot = FactureADeposer { facture, history, dims, pieces_jointes };
        let job = depots::Job { depot, reply };
        let closed = || StoreError::Closed;
        self.depots.as_ref().ok_or_else(closed)?.send(job).await.map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }

    /// Moves an invoice from its status through `events` to the last one's, if it is still
    /// in the first: two concurrent moves cannot both succeed. The history and the counters
    /// follow, in the same transaction.
    pub async fn change_statut_facture(
        &self,
        f: &FactureRecord,
        events: &[Evenement],
        dims: &DimensionsStats,
        pieces_jointes: &[Attachement],
    ) -> Result<()> {
        let now = Utc::now();
        let Some(event) = events.last() else {
            return Ok(());
        };
        let counts = par_structure::upsert(
            self.engine(),
            FACTURES,
            deplacement(f, f.destinataire_id, &event.statut),
        );
        let links = attachement_rows(pieces_jointes.iter().map(|a| (f.id, a)), now);
        let links =
            (!links.is_empty()).then(|| Sql::values(self.engine(), INSERT_ATTACHEMENTS, links));
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let changed = sqlx::query(CHANGE_STATUT)
                .bind(f.id)
                .bind(&f.statut)
                .bind(&event.statut)
                .bind(now)
                .bind(&events[0].commentaire)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed != 1 {
                tx.rollback().await?;
                return Err(StoreError::Conflict(format!("invoice {} changed status meanwhile; it", f.id)));
            }
            record_history!(tx, f.id, events, now);
            if let Some(sql) = &links {
                bind_args!(sqlx::query(AssertSqlSafe(sql.text.as_str())), &sql.args)
                    .execute(&mut *tx)
                    .await?;
            }
            execute_insert!(tx, counts);
            for (statut, delta, amount) in [(&f.statut, -1_i64, -f.montant_ttc), (&event.statut, 1, f.montant_ttc)] {
                count!(tx, f, dims, statut, delta, amount);
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Re-routes a recycled invoice to another recipient or service: its new route, the
    /// statuses it passes through again, and the counters moved from its old dimensions to
    /// its new ones, in one transaction.
    pub async fn recycle_facture(
        &self,
        f: &FactureRecord,
        route: &NouvelleRoute<'_>,
        history: &[Evenement],
        (old, new): (&DimensionsStats, &DimensionsStats),
    ) -> Result<()> {
        const ROUTE: &str = "UPDATE factures SET destinataire_id = $3, service_id = $4, \
            numero_engagement = $5, statut = $6, date_statut = $7, commentaire_statut = $8 \
            WHERE id = $1 AND statut = $2";
        let now = Utc::now();
        let statut = history.last().map_or(f.statut.as_str(), |e| e.statut.as_str());
        let commentaire = history.first().and_then(|e| e.commentaire.clone());
        let counts = par_structure::upsert(
            self.engine(),
            FACTURES,
            deplacement(f, route.destinataire_id, statut),
        );
        let partenaires = crate::messages::partenaires_insert(
            self.engine(),
            [(f.fournisseur_id, route.destinataire_id)],
        );
        // The invoice leaves its old recipient's kind for the new one's, in its month.
        let moved = |dims: &DimensionsStats, delta: i64| {
            vec![
                Arg::Date(f.date_depot),
                Arg::Text(dims.type_public.clone()),
                Arg::Text(dims.categorie.clone()),
                Arg::Text(f.mode_depot.clone()),
                Arg::Text(String::new()),
                Arg::Int(delta),
                Arg::Int(delta * f.montant_ttc),
            ]
        };
        let monthly = monthly_insert(self.engine(), &[moved(old, -1), moved(new, 1)]);
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let changed = sqlx::query(ROUTE)
                .bind(f.id)
                .bind(&f.statut)
                .bind(route.destinataire_id)
                .bind(route.service_id)
                .bind(route.numero_engagement)
                .bind(statut)
                .bind(now)
                .bind(&commentaire)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed != 1 {
                tx.rollback().await?;
                return Err(StoreError::Conflict(format!("invoice {} changed status meanwhile; it", f.id)));
            }
            record_history!(tx, f.id, history, now);
            execute_insert!(tx, counts);
            execute_insert!(tx, partenaires);
            for (dims, statut, delta, amount) in [(old, f.statut.as_str(), -1_i64, -f.montant_ttc), (new, statut, 1, f.montant_ttc)] {
                count!(tx, f, dims, statut, delta, amount);
            }
            execute_insert!(tx, monthly);
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn find_facture(&self, id: i64) -> Result<Option<FactureRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM factures WHERE id = $1");
        Ok(on_pool!(self, pool => sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn historique_facture(&self, id: i64) -> Result<Vec<HistoriqueRecord>> {
        Ok(
            on_pool!(self, pool => sqlx::query_as(SELECT_HISTORIQUE).bind(id).fetch_all(pool).await)?,
        )
    }

    /// A page of invoices and the number of all that match.
    pub async fn search_factures(&self, s: &FactureSearch) -> Result<(Vec<FactureRecord>, u64)> {
        let mut filter = Sql::new(" WHERE 1 = 1");
        let engine = self.engine();
        filter
            .and("fournisseur_id", "=", s.fournisseur_id.map(Arg::Int))
            .and("destinataire_id", "=", s.destinataire_id.map(Arg::Int))
            .and("valideur_id", "=", s.valideur_id.map(Arg::Int))
            .and("numero", "=", s.numero.clone().map(Arg::Text))
            .and("type_facture", "=", s.type_facture.clone().map(Arg::Text))
            .and("numero_engagement", "=", s.numero_engagement.clone().map(Arg::Text))
            .and("flux_id", "=", s.flux_id.map(Arg::Int))
            .and("montant_ttc", ">=", s.montant_ttc_min.map(Arg::Int))
            .and("montant_ttc", "<=", s.montant_ttc_max.map(Arg::Int))
            .and_day(engine, "date_depot", ">=", s.date_depot_du)
            .and_day(engine, "date_depot", "<=", s.date_depot_au)
            .and_day(engine, "date_facture", ">=", s.date_facture_du)
            .and_day(engine, "date_facture", "<=", s.date_facture_au)
            .and_in("statut", s.statuts.iter().cloned().map(Arg::Text).collect());
        if let Some(services) = &s.service_ids {
            if services.is_empty() {
                filter.push(" AND 1 = 0");
            }
            filter.and_in("service_id", services.iter().copied().map(Arg::Int).collect());
        }
        let direction = if s.descending { "DESC" } else { "ASC" };
        let mut page = filter.clone();
        let limit = page.arg(Arg::Int(i64::from(s.limit)));
        let offset = page.arg(Arg::Int(i64::try_from(s.offset).unwrap_or(i64::MAX)));
        page.text = format!(
            "SELECT {COLUMNS} FROM factures{} ORDER BY {} {direction}, id {direction} LIMIT {limit} OFFSET {offset}",
            page.text, s.sort
        );
        let mut count = filter;
        count.text = format!("SELECT COUNT(*) FROM factures{}", count.text);
        if let Some(counted) = self.counted(s) {
            count = counted;
        }
        self.page_and_count(&page, &count).await
    }

    /// Adds to the statistics counters, for invoices loaded in bulk: rows of day, recipient
    /// kind, supplier category, channel, status, number and amount, one per counter.
    pub async fn add_to_counters(&self, rows: Vec<Vec<Arg>>) -> Result<()> {
        for chunk in rows.chunks(4_000) {
            let monthly = monthly_insert(self.engine(), chunk);
            let sql = counters_insert(self.engine(), chunk.to_vec());
            on_write_pool!(self, pool => {
                let mut tx = pool.begin().await?;
                bind_insert!(sqlx::query(AssertSqlSafe(sql.text.as_str())), sql)
                    .execute(&mut *tx)
                    .await?;
                execute_insert!(tx, monthly);
                tx.commit().await
            })?;
        }
        Ok(())
    }

    /// The total of a search that only names a structure's side (and statuses), read from the
    /// structures' counts rather than counted over its invoices.
    fn counted(&self, s: &FactureSearch) -> Option<Sql> {
        let only_side = s.numero.is_none()
            && s.type_facture.is_none()
            && s.numero_engagement.is_none()
            && s.montant_ttc_min.is_none()
            && s.montant_ttc_max.is_none()
            && s.date_depot_du.is_none()
            && s.date_depot_au.is_none()
            && s.date_facture_du.is_none()
            && s.date_facture_au.is_none()
            && s.service_ids.is_none()
            && s.valideur_id.is_none()
            && s.flux_id.is_none();
        let (structure, cote) = match (s.fournisseur_id, s.destinataire_id) {
            (Some(f), None) => (f, FOURNISSEUR),
            (None, Some(d)) => (d, DESTINATAIRE),
            _ => return None,
        };
        if !only_side {
            return None;
        }
        Some(FACTURES.total(structure, cote, &s.statuts))
    }

    /// Counts every structure's invoices again, after a bulk load.
    pub async fn recount_factures_par_structure(&self) -> Result<()> {
        self.recount(
            &FACTURES,
            &[("fournisseur_id", FOURNISSEUR), ("destinataire_id", DESTINATAIRE)],
        )
        .await
    }

    /// Marks an invoice as downloaded by its recipient.
    pub async fn mark_facture_telechargee(&self, id: i64) -> Result<()> {
        on_write_pool!(self, pool => sqlx::query("UPDATE factures SET telechargee = TRUE WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
