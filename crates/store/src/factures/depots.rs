//! Deposits committed in groups. Each deposit is acknowledged only once its transaction has
//! committed, but one transaction carries every deposit that arrived while the previous one
//! was committing: one multi-row `INSERT` per table and one counter update per dimension,
//! instead of eight statements and a commit per invoice. Under load the groups grow by
//! themselves; a lone deposit waits for nobody.

use std::collections::{BTreeMap, HashSet};

use chrono::{NaiveDate, Utc};
use tokio::sync::{mpsc, oneshot};

use super::{DimensionsStats, Evenement, NewFacture};
use crate::pieces_jointes::Attachement;
use crate::sql::Arg;
use crate::{Result, Store, StoreError, on_write_pool};

/// The largest group: 64 invoices of 31 columns stay far below both engines' parameter
/// limits, and a group's commit stays short.
const MAX_GROUP: usize = 64;

/// An invoice to record with the statuses it passed through on deposit.
pub(crate) struct FactureADeposer {
    pub facture: NewFacture,
    pub history: Vec<Evenement>,
    pub dims: DimensionsStats,
    pub pieces_jointes: Vec<Attachement>,
}

/// A deposit waiting for its group's commit.
pub(crate) struct Job {
    pub depot: FactureADeposer,
    pub reply: oneshot::Sender<Result<i64>>,
}

pub(crate) type Queue = mpsc::Sender<Job>;

/// Starts the task that commits the queued deposits in groups ([`crate::groupes`]).
///
/// One writer, on both engines: every deposit adds to the same statistics counters, so two
/// writers would only queue on the counters' row locks, each paying for its own commit.
pub(crate) fn start(store: &Store) -> Queue {
    crate::groupes::start(store, MAX_GROUP, 1, |store, jobs| async move {
        store.commit_group(jobs).await;
    })
}

/// What makes an invoice a duplicate: its supplier, year and number.
pub(crate) type Key = (i64, i64, String);

pub(crate) fn key(f: &NewFacture) -> Key {
    (f.fournisseur_id, f.annee, f.numero.clone())
}

fn duplicate(f: &NewFacture) -> StoreError {
    StoreError::Conflict(format!("invoice {} of {} from this supplier", f.numero, f.annee))
}

impl Store {
    async fn commit_group(&self, jobs: Vec<Job>) {
        // The same number twice in one group: the first goes in, the second is refused
        // exactly as if it had come after.
        let mut seen = HashSet::new();
        let (jobs, twins): (Vec<Job>, Vec<Job>) =
            jobs.into_iter().partition(|j| seen.insert(key(&j.depot.facture)));
        for twin in twins {
            let _ = twin.reply.send(Err(duplicate(&twin.depot.facture)));
        }
        match self.insert_group(&jobs).await {
            Ok(ids) => {
                for (job, id) in jobs.into_iter().zip(ids) {
                    let _ = job.reply.send(id.ok_or_else(|| duplicate(&job.depot.facture)));
                }
            }
            // A group that fails as a whole is tried one deposit at a time, so that each
            // gets its own answer and one bad deposit fails alone.
            Err(_) if jobs.len() > 1 => {
                for job in jobs {
                    let result = self.insert_group(std::slice::from_ref(&job)).await;
                    let answer = result.map(|ids| ids.into_iter().next().flatten());
                    let _ = job.reply.send(
                        answer.and_then(|id| id.ok_or_else(|| duplicate(&job.depot.facture))),
                    );
                }
            }
            Err(e) => {
                if let Some(job) = jobs.into_iter().next() {
                    let _ = job.reply.send(Err(e));
                }
            }
        }
    }

    /// Inserts a group of invoices, their histories and their counters in one transaction;
    /// for each, its id, or `None` when its number was already used.
    async fn insert_group(&self, jobs: &[Job]) -> Result<Vec<Option<i64>>> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let depots: Vec<&FactureADeposer> = jobs.iter().map(|j| &j.depot).collect();
        let now = Utc::now();
        on_write_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let ids = insert_factures!(self, tx, &depots, now);
            compter_factures!(self, tx, &depots, &ids);
            tx.commit().await?;
            Ok(ids)
        })
    }
}

/// Inserts invoices (`&[&FactureADeposer]`), their histories and attachments in the
/// transaction at hand; for each, its id, or `None` when its number was already used. A
/// macro, as the transaction's type is each engine's own. The invoices' keys must be
/// distinct. Their counters are [`compter_factures`]'s, in the same transaction.
macro_rules! insert_factures {
    ($store:expr, $tx:expr, $depots:expr, $now:expr) => {{
        let depots: &[&$crate::factures::FactureADeposer] = $depots;
        let now: chrono::DateTime<chrono::Utc> = $now;
        if depots.is_empty() {
            Vec::new()
        } else {
            let insert = $crate::sql::Insert::new(
                $store.engine(),
                "factures",
                $crate::factures::depots::COLONNES,
                depots.iter().map(|j| $crate::factures::depots::facture_row(j, now)).collect(),
                " ON CONFLICT (fournisseur_id, annee, numero) DO NOTHING \
             RETURNING id, fournisseur_id, annee, numero",
            );
            let inserted: Vec<(i64, i64, i64, String)> = $crate::sql::bind_insert!(
                sqlx::query_as(sqlx::AssertSqlSafe(insert.text.as_str())),
                insert
            )
            .fetch_all(&mut *$tx)
            .await?;
            // `RETURNING` does not promise the rows' order: match them by key.
            let ids: std::collections::HashMap<$crate::factures::depots::Key, i64> =
                inserted.into_iter().map(|(id, fo, an, nu)| ((fo, an, nu), id)).collect();
            let ids: Vec<Option<i64>> = depots
                .iter()
                .map(|j| ids.get(&$crate::factures::depots::key(&j.facture)).copied())
                .collect();

            let history = $crate::factures::depots::history_rows(depots, &ids, now);
            if !history.is_empty() {
                let columns = [
                    ("facture_id", "int8"),
                    ("statut", "text"),
                    ("date_passage", "timestamptz"),
                    ("commentaire", "text"),
                    ("utilisateur_id", "int8"),
                ];
                let sql = $crate::sql::Insert::new(
                    $store.engine(),
                    "factures_historique",
                    &columns,
                    history,
                    "",
                );
                $crate::sql::bind_insert!(sqlx::query(sqlx::AssertSqlSafe(sql.text.as_str())), sql)
                    .execute(&mut *$tx)
                    .await?;
            }
            let links = $crate::pieces_jointes::attachement_rows(
                depots
                    .iter()
                    .zip(&ids)
                    .filter_map(|(j, id)| id.map(|id| (id, j)))
                    .flat_map(|(id, j)| j.pieces_jointes.iter().map(move |a| (id, a))),
                now,
            );
            if !links.is_empty() {
                let sql = $crate::sql::Sql::values(
                    $store.engine(),
                    $crate::pieces_jointes::INSERT_ATTACHEMENTS,
                    links,
                );
                $crate::sql::bind_args!(
                    sqlx::query(sqlx::AssertSqlSafe(sql.text.as_str())),
                    &sql.args
                )
                .execute(&mut *$tx)
                .await?;
            }
            ids
        }
    }};
}
pub(crate) use insert_factures;
/// Counts inserted invoices (`&[&FactureADeposer]` and their ids from [`insert_factures`])
/// in the structures' counts, the partners of "Mes messages" and the statistics counters.
/// Every transaction that deposits invoices updates these same few rows: a transaction
/// that writes more should count last, so that it holds their locks (PostgreSQL) for as
/// short a time as it can.
macro_rules! compter_factures {
    ($store:expr, $tx:expr, $depots:expr, $ids:expr) => {{
        let depots: &[&$crate::factures::FactureADeposer] = $depots;
        let ids: &[Option<i64>] = $ids;
        if !depots.is_empty() {
            let counts = $crate::par_structure::upsert(
                $store.engine(),
                $crate::factures::FACTURES,
                depots.iter().zip(ids).filter(|(_, id)| id.is_some()).flat_map(|(j, _)| {
                    let statut = $crate::factures::depots::statut_final(j).to_owned();
                    [
                        (
                            j.facture.fournisseur_id,
                            $crate::factures::FOURNISSEUR,
                            statut.clone(),
                            1,
                        ),
                        (j.facture.destinataire_id, $crate::factures::DESTINATAIRE, statut, 1),
                    ]
                }),
            );
            $crate::factures::execute_insert!($tx, counts);
            // The pairs that may now write to each other ("Mes messages").
            let partenaires = $crate::messages::partenaires_insert(
                $store.engine(),
                depots
                    .iter()
                    .zip(ids)
                    .filter(|(_, id)| id.is_some())
                    .map(|(j, _)| (j.facture.fournisseur_id, j.facture.destinataire_id)),
            );
            $crate::factures::execute_insert!($tx, partenaires);
            let counters = $crate::factures::depots::counter_rows(depots, ids);
            let monthly = $crate::factures::monthly_insert($store.engine(), &counters);
            $crate::factures::execute_insert!($tx, monthly);
            if !counters.is_empty() {
                let sql = $crate::factures::counters_insert($store.engine(), counters);
                $crate::sql::bind_insert!(sqlx::query(sqlx::AssertSqlSafe(sql.text.as_str())), sql)
                    .execute(&mut *$tx)
                    .await?;
            }
        }
    }};
}
pub(crate) use compter_factures;

/// The columns of `factures` a deposit writes, with their PostgreSQL types, in the order of
/// [`facture_row`].
pub(crate) const COLONNES: &[(&str, &str)] = &[
    ("numero", "text"),
    ("annee", "int8"),
    ("fournisseur_id", "int8"),
    ("destinataire_id", "int8"),
    ("service_id", "int8"),
    ("type_facture", "text"),
    ("cadre", "text"),
    ("type_tva", "text"),
    ("mode_depot", "text"),
    ("devise", "text"),
    ("date_facture", "date"),
    ("date_depot", "date"),
    ("numero_engagement", "text"),
    ("numero_marche", "text"),
    ("numero_facture_origine", "text"),
    ("mode_paiement", "text"),
    ("motif_exoneration_tva", "text"),
    ("montant_ht", "int8"),
    ("montant_tva", "int8"),
    ("montant_ttc", "int8"),
    ("remise_globale_ttc", "int8"),
    ("montant_a_payer", "int8"),
    ("contenu", "text"),
    ("commentaire", "text"),
    ("statut", "text"),
    ("date_statut", "timestamptz"),
    ("cree_par", "int8"),
    ("created_at", "timestamptz"),
    ("valideur_id", "int8"),
    ("flux_id", "int8"),
    ("rang_flux", "int8"),
];

/// An invoice's row in `factures`.
pub(crate) fn facture_row(j: &FactureADeposer, now: chrono::DateTime<Utc>) -> Vec<Arg> {
    let f = &j.facture;
    vec![
        Arg::Text(f.numero.clone()),
        Arg::Int(f.annee),
        Arg::Int(f.fournisseur_id),
        Arg::Int(f.destinataire_id),
        f.service_id.into(),
        Arg::Text(f.type_facture.clone()),
        Arg::Text(f.cadre.clone()),
        Arg::Text(f.type_tva.clone()),
        Arg::Text(f.mode_depot.clone()),
        Arg::Text(f.devise.clone()),
        Arg::Date(f.date_facture),
        Arg::Date(f.date_depot),
        f.numero_engagement.clone().into(),
        f.numero_marche.clone().into(),
        f.numero_facture_origine.clone().into(),
        f.mode_paiement.clone().into(),
        f.motif_exoneration_tva.clone().into(),
        Arg::Int(f.montant_ht),
        Arg::Int(f.montant_tva),
        Arg::Int(f.montant_ttc),
        Arg::Int(f.remise_globale_ttc),
        Arg::Int(f.montant_a_payer),
        Arg::Text(f.contenu.clone()),
        f.commentaire.clone().into(),
        Arg::Text(statut_final(j).to_owned()),
        Arg::Time(now),
        Arg::Int(f.cree_par),
        Arg::Time(now),
        f.valideur_id.into(),
        f.flux.map(|(flux, _)| flux).into(),
        f.flux.map(|(_, rang)| rang).into(),
    ]
}

/// The status an invoice is in after its deposit: the last it passed through.
pub(crate) fn statut_final(job: &FactureADeposer) -> &str {
    job.history.last().map_or("DEPOSEE", |e| e.statut.as_str())
}

pub(crate) fn history_rows(
    jobs: &[&FactureADeposer],
    ids: &[Option<i64>],
    now: chrono::DateTime<Utc>,
) -> Vec<Vec<Arg>> {
    jobs.iter()
        .zip(ids)
        .filter_map(|(job, id)| id.map(|id| (job, id)))
        .flat_map(|(job, id)| {
            job.history.iter().map(move |e| {
                vec![
                    Arg::Int(id),
                    Arg::Text(e.statut.clone()),
                    Arg::Time(now),
                    e.commentaire.clone().into(),
                    e.utilisateur_id.into(),
                ]
            })
        })
        .collect()
}

/// One row per counter the group touches: an upsert may not touch a row twice.
pub(crate) fn counter_rows(jobs: &[&FactureADeposer], ids: &[Option<i64>]) -> Vec<Vec<Arg>> {
    type Dimension<'a> = (NaiveDate, &'a str, &'a str, &'a str, &'a str);
    let mut counters: BTreeMap<Dimension, (i64, i64)> = BTreeMap::new();
    for (job, _) in jobs.iter().zip(ids).filter(|(_, id)| id.is_some()) {
        let f = &job.facture;
        let dimension = (
            f.date_depot,
            job.dims.type_public.as_str(),
            job.dims.categorie.as_str(),
            f.mode_depot.as_str(),
            statut_final(job),
        );
        let counter = counters.entry(dimension).or_default();
        counter.0 += 1;
        counter.1 += f.montant_ttc;
    }
    counters
        .into_iter()
        .map(|((jour, type_public, categorie, mode, statut), (nombre, montant))| {
            vec![
                Arg::Date(jour),
                Arg::Text(type_public.to_owned()),
                Arg::Text(categorie.to_owned()),
                Arg::Text(mode.to_owned()),
                Arg::Text(statut.to_owned()),
                Arg::Int(nombre),
                Arg::Int(montant),
            ]
        })
        .collect()
}
